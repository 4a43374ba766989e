// `rapport upgrade FILE [-o OUT | --in-place]`: rewrites a format 1 scenario as format 2, keeping
// its comments and layout; writes nothing when the file has any diagnostic.
#include <filesystem>
#include <iostream>

#include "cli_common.hpp"
#include "rapport/upgrade.hpp"

namespace rapport::cli {

int cmd_upgrade(Args& args) {
    namespace fs = std::filesystem;
    std::string file, out_path;
    bool in_place = false;
    while (!args.done()) {
        if (!args.is_flag()) {
            if (!file.empty())
                throw UsageError{"upgrade takes one file, not '" + file + "' and '" + args.take() +
                                 "' (see rapport upgrade --help)"};
            file = args.take();
            continue;
        }
        const std::string f = args.flag();
        if (f == "-o" || f == "--output") {
            out_path = args.value();
            if (out_path.empty()) throw UsageError{f + " needs a file name"};
        } else if (f == "--in-place") {
            args.skip();
            in_place = true;
        } else {
            throw UsageError{"upgrade: unknown option " + f + " (see rapport upgrade --help)"};
        }
    }
    if (file.empty())
        throw UsageError{"upgrade needs a scenario file (see rapport upgrade --help)"};
    std::error_code ec;
    if (!out_path.empty()) {
        const bool same = fs::equivalent(out_path, file, ec);
        if (same && !in_place)
            throw UsageError{"refusing to write to " + out_path +
                             ": it is the input file; use --in-place to rewrite it"};
        if (!same && in_place)
            throw UsageError{"--in-place rewrites " + file + " itself; it cannot also write to " +
                             out_path};
        if (!same && fs::exists(out_path, ec))
            throw UsageError{"refusing to overwrite " + out_path +
                             ": it exists (remove it first, or use --in-place to rewrite " + file +
                             ")"};
    }
    if (in_place) out_path = file;

    Diagnostics read_problems;
    const auto bytes = read_file(file, read_problems);
    if (!bytes) {
        std::cerr << format_diagnostics(read_problems);
        return exit_problems;
    }
    const auto catalogue = load_catalogue();
    if (!catalogue) return exit_problems;
    const UpgradeResult result = upgrade_scenario(*bytes, file, *catalogue);
    if (result.already_format2) {
        std::cerr << "rapport: " << file << " is already format 2; nothing to upgrade\n";
        return exit_ok;
    }
    if (!result.upgraded) {
        std::cerr << format_diagnostics(result.diagnostics);
        if (result.diagnostics.empty()) std::cerr << "rapport: " << file << ": cannot upgrade\n";
        std::cerr << "rapport: " << file << " was not upgraded; nothing was written\n";
        return exit_problems;
    }
    if (!result.advice.empty())
        std::cerr
            << "rapport: the upgraded file loads as format 2; its checks advise (line numbers "
               "are of the upgraded text):\n"
            << format_diagnostics(result.advice);
    if (out_path.empty()) {
        std::cout << result.text;
        return exit_ok;
    }
    if (auto err = write_file(out_path, result.text)) {
        std::cerr << "rapport: " << *err << "\n";
        return exit_problems;
    }
    return exit_ok;
}

}  // namespace rapport::cli
