// `rapport code`: codes therapist utterances, one per line of standard input, with the engine's
// utterance coder (rapport/coding.hpp), as text (the code) or JSON (code, confidence, cues).
// With --context each line is client<TAB>utterance: the utterance is coded knowing the client line
// it answers.
#include <iostream>
#include <nlohmann/json.hpp>
#include <streambuf>
#include <string>

#include "cli_common.hpp"
#include "rapport/coding.hpp"

namespace rapport::cli {

namespace {

// Reads one line into `line`, keeping at most `cap` bytes of it (the rest of a longer line is
// read and dropped, so a huge line costs no memory); "\r\n" counts as one line end. Returns false
// at the end of input when nothing was read.
bool read_line(std::streambuf& in, std::string& line, std::size_t cap) {
    line.clear();
    bool any = false;
    for (;;) {
        const auto c = in.sbumpc();
        if (c == std::char_traits<char>::eof()) return any;
        any = true;
        if (c == '\n') break;
        if (line.size() < cap) line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool is_blank(const std::string& line) {
    return line.find_first_not_of(" \t\r\f\v") == std::string::npos;
}

}  // namespace

int cmd_code(Args& args) {
    bool json = false, context = false;
    while (!args.done()) {
        if (!args.is_flag())
            throw UsageError{"code: reads utterances from standard input, not arguments ('" +
                             args.take() + "'; see rapport code --help)"};
        const std::string f = args.flag();
        if (f == "--format") {
            json = parse_text_or_json(args.value());
        } else if (f == "--context") {
            context = true;
            args.skip();
        } else {
            throw UsageError{"code: unknown option " + f + " (see rapport code --help)"};
        }
    }
    std::streambuf& in = *std::cin.rdbuf();
    std::string line;
    // One byte more than the coder reads, so that it can say the line was cut (with --context,
    // room for a client line of as many bytes before the tab).
    const std::size_t cap = context ? 2 * coding_max_bytes + 2 : coding_max_bytes + 1;
    while (read_line(in, line, cap)) {
        // --context: client<TAB>utterance; a line without a tab is an utterance with no context.
        std::string_view utterance = line, client;
        if (context) {
            if (const auto tab = line.find('\t'); tab != std::string::npos) {
                client = std::string_view(line).substr(0, tab);
                utterance = std::string_view(line).substr(tab + 1);
            }
        }
        if (is_blank(std::string(utterance))) {
            // One output line per input line: a blank line gives an empty result.
            std::cout << (json ? R"({"code":null,"confidence":0,"cues":[]})" : "") << '\n';
        } else {
            const CodedUtterance coded = code_utterance(utterance, client);
            if (json) {
                nlohmann::json out{
                    {"code", coded.code}, {"confidence", coded.confidence}, {"cues", coded.cues}};
                std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << '\n';
            } else {
                std::cout << coded.code << '\n';
            }
        }
        // Answer each line as it comes when the input is interactive.
        if (in.in_avail() <= 0) std::cout.flush();
    }
    std::cout.flush();
    return exit_ok;
}

}  // namespace rapport::cli
