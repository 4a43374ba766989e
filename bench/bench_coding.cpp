// The utterance coder against labelled utterances (tests/data/coding/*.tsv): a confusion matrix,
// accuracy on the main behaviour (question / reflection / other), open vs closed among questions
// and simple vs complex among reflections, each lenient (the second label counts) and strict.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "rapport/coding.hpp"

namespace {

struct Labelled {
    std::string code, second, text;
    std::string client;  // the client line it answers ('# client:' before it), or empty
    int line = 0;
};

bool is_code(const std::string& c) {
    return std::find(rapport::coder_codes.begin(), rapport::coder_codes.end(), c) !=
           rapport::coder_codes.end();
}

// Reads code<TAB>second_or_-<TAB>utterance lines; a '# client: ...' comment gives the client line
// the next utterance answers; other '#' lines and blank lines are skipped.
std::vector<Labelled> read_set(const std::string& path, bool& ok) {
    std::vector<Labelled> out;
    std::ifstream in(path);
    if (!in) {
        std::cerr << path << ": cannot be read\n";
        ok = false;
        return out;
    }
    std::string line, client;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.starts_with("# client:")) {
            client = line.substr(9);
            if (!client.empty() && client.front() == ' ') client.erase(0, 1);
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        const auto t1 = line.find('\t');
        const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string::npos) {
            std::cerr << path << ":" << n << ":1: error: expected code<TAB>second<TAB>text\n";
            ok = false;
            continue;
        }
        Labelled l{line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1),
                   client, n};
        client.clear();
        if (!is_code(l.code) || (l.second != "-" && !is_code(l.second))) {
            std::cerr << path << ":" << n << ":1: error: unknown code\n";
            ok = false;
            continue;
        }
        out.push_back(std::move(l));
    }
    return out;
}

struct Ratio {
    int right = 0, total = 0;
    void add(bool ok) {
        right += ok ? 1 : 0;
        ++total;
    }
    [[nodiscard]] std::string text() const {
        char buf[64];
        if (total == 0) return "n/a";
        std::snprintf(buf, sizeof buf, "%5.1f%% (%d/%d)", 100.0 * right / total, right, total);
        return buf;
    }
};

std::string_view abbrev(std::string_view code) {
    static const std::map<std::string_view, std::string_view> names{
        {"open_question", "OQ"},
        {"closed_question", "CQ"},
        {"simple_reflection", "SR"},
        {"complex_reflection", "CR"},
        {"affirmation", "AF"},
        {"giving_information", "GI"},
        {"persuading", "PE"},
        {"persuading_with_permission", "PP"},
        {"emphasizing_autonomy", "EA"},
        {"seeking_collaboration", "SC"},
        {"confronting", "CO"},
        {"structuring", "ST"},
        {"other", "OT"}};
    return names.at(code);
}

// `with_context`: each utterance is coded with the client line it answers (when it has one).
void report(const std::string& path, const std::vector<Labelled>& set, bool show_errors,
            bool with_context, std::map<std::string, Ratio>& rules) {
    using rapport::main_behaviour;
    std::map<std::pair<std::string, std::string>, int> confusion;
    Ratio exact_l, exact_s, main_l, main_s, oc_l, oc_s, sc_l, sc_s;
    std::vector<std::string> errors;
    for (const auto& l : set) {
        const auto coded = with_context ? rapport::code_utterance(l.text, l.client)
                                        : rapport::code_utterance(l.text);
        const std::string& got = coded.code;
        confusion[{l.code, got}]++;
        const bool has_second = l.second != "-";
        exact_s.add(got == l.code);
        exact_l.add(got == l.code || (has_second && got == l.second));
        const auto g = main_behaviour(got);
        main_s.add(g == main_behaviour(l.code));
        main_l.add(g == main_behaviour(l.code) || (has_second && g == main_behaviour(l.second)));
        // Open vs closed: utterances labelled a question (first label) that were coded a question.
        if (main_behaviour(l.code) == "question" && g == "question") {
            oc_s.add(got == l.code);
            oc_l.add(got == l.code || (has_second && got == l.second));
        }
        if (main_behaviour(l.code) == "reflection" && g == "reflection") {
            sc_s.add(got == l.code);
            sc_l.add(got == l.code || (has_second && got == l.second));
        }
        rules[coded.rule].add(got == l.code || (has_second && got == l.second));
        if (show_errors && !(got == l.code || (has_second && got == l.second)))
            errors.push_back(
                path + ":" + std::to_string(l.line) + ": " + l.code +
                (has_second ? "/" + l.second : "") + " coded " + got + " [" +
                (coded.cues.empty() ? "" : coded.cues.front()) + "]  " + l.text +
                (with_context && !l.client.empty() ? "  (client: " + l.client + ")" : ""));
    }
    const bool any_client =
        std::any_of(set.begin(), set.end(), [](const Labelled& l) { return !l.client.empty(); });
    std::cout << "== " << path << ": " << set.size() << " utterances"
              << (!any_client    ? ""
                  : with_context ? ", each coded with the client line it answers"
                                 : ", coded WITHOUT the client lines")
              << "\n\n";
    std::cout << "Confusion matrix (rows: first label, columns: coded)\n      ";
    for (const auto c : rapport::coder_codes)
        std::cout << "  " << abbrev(c) << " ";
    std::cout << "\n";
    for (const auto row : rapport::coder_codes) {
        std::printf("  %s  ", std::string(abbrev(row)).c_str());
        for (const auto col : rapport::coder_codes) {
            const auto it = confusion.find({std::string(row), std::string(col)});
            std::printf("%4d ", it == confusion.end() ? 0 : it->second);
        }
        std::printf("\n");
    }
    std::cout << "  (OQ open question, CQ closed question, SR simple reflection, CR complex\n"
                 "   reflection, AF affirmation, GI giving information, PE persuading, PP with\n"
                 "   permission, EA autonomy, SC collaboration, CO confronting, ST structuring,\n"
                 "   OT other)\n\n";
    std::printf("%-44s %-20s %s\n", "", "lenient", "strict");
    std::printf("%-44s %-20s %s\n", "all 13 codes", exact_l.text().c_str(), exact_s.text().c_str());
    std::printf("%-44s %-20s %s\n", "main behaviour (question/reflection/other)",
                main_l.text().c_str(), main_s.text().c_str());
    std::printf("%-44s %-20s %s\n", "open vs closed, among questions", oc_l.text().c_str(),
                oc_s.text().c_str());
    std::printf("%-44s %-20s %s\n", "simple vs complex, among reflections", sc_l.text().c_str(),
                sc_s.text().c_str());
    auto verdict = [](const Ratio& r) {
        return r.total && r.right * 10 >= r.total * 9 ? "met" : "NOT met";
    };
    std::cout << "issue 12 targets (strict, first label): main behaviour >= 90%: "
              << verdict(main_s) << "; open vs closed >= 90%: " << verdict(oc_s) << "\n\n";
    for (const auto& e : errors)
        std::cout << e << "\n";
    if (!errors.empty()) std::cout << "\n";
}

// Cohen's kappa of two label lists (same length): agreement beyond what chance would give.
double kappa(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::map<std::string, int> ca, cb;
    int same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ++ca[a[i]];
        ++cb[b[i]];
        same += a[i] == b[i] ? 1 : 0;
    }
    const double n = static_cast<double>(a.size());
    double expected = 0;
    for (const auto& [k, v] : ca)
        expected += v * (cb.contains(k) ? cb[k] : 0) / n / n;
    return expected >= 1 ? 1.0 : (same / n - expected) / (1 - expected);
}

// How far two coders of the same utterances agree (first labels): all codes, main behaviour, and
// open vs closed / simple vs complex where both coded a question / a reflection.
void agreement(const std::string& name_a, const std::vector<Labelled>& a, const std::string& name_b,
               const std::vector<Labelled>& b) {
    if (a.size() != b.size()) {
        std::cout << "== agreement: " << name_a << " and " << name_b
                  << " do not hold the same utterances\n\n";
        return;
    }
    using rapport::main_behaviour;
    std::vector<std::string> all_a, all_b, main_a, main_b, oc_a, oc_b, sc_a, sc_b;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].text != b[i].text) {
            std::cout << "== agreement: line " << a[i].line << " of " << name_a
                      << " is not the same utterance in " << name_b << "\n\n";
            return;
        }
        all_a.push_back(a[i].code);
        all_b.push_back(b[i].code);
        main_a.emplace_back(main_behaviour(a[i].code));
        main_b.emplace_back(main_behaviour(b[i].code));
        if (main_a.back() == main_b.back() && main_a.back() == "question") {
            oc_a.push_back(a[i].code);
            oc_b.push_back(b[i].code);
        }
        if (main_a.back() == main_b.back() && main_a.back() == "reflection") {
            sc_a.push_back(a[i].code);
            sc_b.push_back(b[i].code);
        }
    }
    auto line = [](const char* what, const std::vector<std::string>& x,
                   const std::vector<std::string>& y) {
        int same = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            same += x[i] == y[i] ? 1 : 0;
        Ratio r{same, static_cast<int>(x.size())};
        std::printf("  %-44s %-20s kappa %.2f\n", what, r.text().c_str(),
                    x.empty() ? 0.0 : kappa(x, y));
    };
    std::cout << "== agreement between the coders of " << name_a << " and " << name_b
              << " (first labels)\n";
    line("all 13 codes", all_a, all_b);
    line("main behaviour", main_a, main_b);
    line("open vs closed, both coded a question", oc_a, oc_b);
    line("simple vs complex, both coded a reflection", sc_a, sc_b);
    std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    bool show_errors = false, show_rules = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--errors")
            show_errors = true;
        else if (a == "--rules")
            show_rules = true;
        else if (a == "--help" || a == "-h") {
            std::cout << "usage: bench_coding [--errors] [--rules] [FILE.tsv...]\n"
                         "default: tests/data/coding/dev.tsv, eval.tsv, heldout-a.tsv,\n"
                         "heldout-b.tsv (now development sets) and heldout2.tsv (held out), and\n"
                         "the agreement of heldout-a/b's two coders\n";
            return 0;
        } else if (a.starts_with("--")) {
            std::cerr << "bench_coding: unknown option " << a << "\n";
            return 2;
        } else
            files.push_back(a);
    }
    if (files.empty()) {
        files.push_back(std::string(RAPPORT_SOURCE_DIR) + "/tests/data/coding/dev.tsv");
        files.push_back(std::string(RAPPORT_SOURCE_DIR) + "/tests/data/coding/eval.tsv");
        files.push_back(std::string(RAPPORT_SOURCE_DIR) + "/tests/data/coding/heldout-a.tsv");
        files.push_back(std::string(RAPPORT_SOURCE_DIR) + "/tests/data/coding/heldout-b.tsv");
        files.push_back(std::string(RAPPORT_SOURCE_DIR) + "/tests/data/coding/heldout2.tsv");
    }
    std::map<std::string, std::vector<Labelled>> sets;
    bool ok = true;
    for (const auto& f : files) {
        std::map<std::string, Ratio> rules;
        const auto set = read_set(f, ok);
        const std::string name = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
        // A set with client lines is coded twice: with them (what say it first does) and
        // without (the coder alone); the rules' precision is counted with them.
        if (std::any_of(set.begin(), set.end(),
                        [](const Labelled& l) { return !l.client.empty(); })) {
            std::map<std::string, Ratio> ignored;
            report(name, set, show_errors, false, ignored);
        }
        report(name, set, show_errors, true, rules);
        sets[name] = set;
        if (show_rules) {
            std::cout << "Rules: how often the code each rule gave was right (lenient)\n";
            for (const auto& [rule, r] : rules)
                std::printf("  %-48s %s\n", rule.c_str(), r.text().c_str());
            std::cout << "\n";
        }
    }
    if (sets.contains("heldout-a.tsv") && sets.contains("heldout-b.tsv"))
        agreement("heldout-a.tsv", sets["heldout-a.tsv"], "heldout-b.tsv", sets["heldout-b.tsv"]);
    return ok ? 0 : 1;
}
