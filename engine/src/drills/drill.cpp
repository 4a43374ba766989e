// Drill banks: the YAML reader and its checks, and items made from scenarios (see drill.hpp).
#include "rapport/drill.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "base/text.hpp"
#include "language/fields.hpp"
#include "language/yaml_tree.hpp"
#include "rapport/loader.hpp"
#include "rapport/play_state.hpp"

namespace rapport {

using detail::Fields;
using detail::quote;
using detail::ReadContext;
using detail::YNode;

bool DrillItem::multiple() const {
    return std::count_if(options.begin(), options.end(),
                         [](const DrillOption& o) { return o.correct; }) > 1;
}

const DrillTopic* DrillBank::find_topic(std::string_view id) const {
    for (const auto& t : topics)
        if (t.id == id) return &t;
    return nullptr;
}

namespace {

Diagnostic note_at(const ReadContext& ctx, const YNode& node, std::string text) {
    return Diagnostic{Severity::Note, "", std::move(text), ctx.at(node), {}};
}

void read_topics(const YNode& list, ReadContext& ctx, DrillBank& bank,
                 std::unordered_map<std::string, const YNode*>& where) {
    if (!detail::expect_sequence(list, ctx, "`topics`")) return;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        const YNode& n = list.items[i];
        const std::string what = "topic " + std::to_string(i + 1);
        if (!detail::expect_map(n, ctx, what)) continue;
        Fields f(n, ctx, what, {"id", "label"}, {"id", "label"});
        auto id = detail::read_id(f.get("id"), ctx, "`id` of " + what);
        auto label = detail::read_text(f.get("label"), ctx, "`label` of " + what);
        if (!id) continue;
        if (auto it = where.find(*id); it != where.end()) {
            ctx.error(*f.get("id"), "RP105", "duplicate topic id " + quote(*id))
                .notes.push_back(note_at(ctx, *it->second, "first defined here"));
            continue;
        }
        where[*id] = f.get("id");
        bank.topics.push_back({*id, label.value_or(*id)});
    }
}

// `text_at` gets the node of each option's text, in option order (for the clueing checks).
std::optional<DrillItem> read_item(const YNode& n, std::size_t index, ReadContext& ctx,
                                   const DrillBank& bank, std::unordered_set<std::string>& used,
                                   std::vector<const YNode*>& text_at) {
    std::string what = "item " + std::to_string(index + 1);
    if (!detail::expect_map(n, ctx, what)) return std::nullopt;
    Fields f(n, ctx, what, {"id", "stem", "topics", "difficulty", "options", "reference"},
             {"id", "stem", "topics", "difficulty", "options", "reference"});
    DrillItem item;
    item.bank_id = bank.id;
    item.location = ctx.at(n);
    bool ok = true;
    if (auto id = detail::read_id(f.get("id"), ctx, "`id` of " + what)) {
        item.id = *id;
        what = "item " + quote(item.id);
    } else {
        ok = false;
    }
    if (auto s = detail::read_text(f.get("stem"), ctx, "`stem` of " + what))
        item.stem = *s;
    else
        ok = false;
    if (auto r = detail::read_text(f.get("reference"), ctx, "`reference` of " + what))
        item.reference = *r;
    else
        ok = false;
    if (auto d = detail::read_choice(f.get("difficulty"), ctx, "`difficulty` of " + what,
                                     {"beginner", "intermediate", "advanced"}))
        item.difficulty = *d == "beginner"       ? Difficulty::Beginner
                          : *d == "intermediate" ? Difficulty::Intermediate
                                                 : Difficulty::Advanced;
    else
        ok = false;
    if (const YNode* t = f.get("topics")) {
        std::vector<std::string> ids;
        for (const auto& b : bank.topics)
            ids.push_back(b.id);
        if (auto list = detail::read_text_list(t, ctx, "`topics` of " + what)) {
            if (list->empty()) {
                ctx.error(*t, "RP106",
                          "`topics` of " + what + " is empty; name at least one topic");
                ok = false;
            }
            for (std::size_t k = 0; k < list->size(); ++k) {
                const std::string& id = (*list)[k];
                const YNode& at = t->is_sequence() && k < t->items.size() ? t->items[k] : *t;
                if (!bank.find_topic(id)) {
                    std::string msg = "unknown topic " + quote(id) + " in " + what;
                    if (auto m = detail::closest_match(id, ids))
                        msg += "; did you mean " + quote(*m) + "?";
                    else
                        msg += "; declare it under `topics:`";
                    ctx.error(at, "RP504", msg);
                    ok = false;
                    continue;
                }
                used.insert(id);
                item.topics.push_back(id);
            }
        } else {
            ok = false;
        }
    }
    if (const YNode* opts = f.get("options")) {
        if (!detail::expect_sequence(*opts, ctx, "`options` of " + what)) return std::nullopt;
        std::unordered_map<std::string, const YNode*> texts;
        for (std::size_t k = 0; k < opts->items.size(); ++k) {
            const YNode& o = opts->items[k];
            const std::string owhat = "option " + std::to_string(k + 1) + " of " + what;
            if (!detail::expect_map(o, ctx, owhat)) {
                ok = false;
                continue;
            }
            Fields of(o, ctx, owhat, {"text", "correct", "rationale"}, {"text"});
            DrillOption opt;
            text_at.push_back(of.get("text"));
            if (auto t = detail::read_text(of.get("text"), ctx, "`text` of " + owhat)) {
                opt.text = *t;
                if (auto it = texts.find(opt.text); it != texts.end()) {
                    ctx.error(*of.get("text"), "RP505", "two options of " + what + " say the same")
                        .notes.push_back(note_at(ctx, *it->second, "the same text here"));
                    ok = false;
                } else {
                    texts[opt.text] = of.get("text");
                }
            } else {
                ok = false;
            }
            if (const YNode* c = of.get("correct"))
                opt.correct = detail::read_bool(c, ctx, "`correct` of " + owhat).value_or(false);
            if (const YNode* r = of.get("rationale")) {
                if (auto t = detail::read_text(r, ctx, "`rationale` of " + owhat))
                    opt.rationale = *t;
                else
                    ok = false;
            } else if (std::none_of(o.entries.begin(), o.entries.end(), [](const auto& e) {
                           // A misspelt `rationale` is already reported (RP101).
                           return e.key.value != "rationale" &&
                                  detail::edit_distance(e.key.value, "rationale") <= 2;
                       })) {
                ctx.error(o, "RP501",
                          owhat +
                              " has no `rationale`: say why it is right or wrong, so a "
                              "student who picks it learns something");
                ok = false;
            }
            item.options.push_back(std::move(opt));
        }
        const std::size_t count = item.options.size();
        if (count < min_drill_options || count > max_drill_options) {
            ctx.error(*opts, "RP503",
                      what + " has " + std::to_string(count) + " option" + (count == 1 ? "" : "s") +
                          "; an item needs " + std::to_string(min_drill_options) + " to " +
                          std::to_string(max_drill_options));
            ok = false;
        } else if (std::none_of(item.options.begin(), item.options.end(),
                                [](const DrillOption& o) { return o.correct; })) {
            ctx.error(*opts, "RP502",
                      what + " has no correct option; mark the right one with `correct: true`");
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return item;
}

// ---------------------------------------------------------------------------------------------
// Clueing checks (RP507-RP510): cues by which a test-wise student finds the key without knowing
// the content (Haladyna, Downing & Rodriguez, 2002). Warnings, since a sound bank can trip one by
// chance; they run once the bank has no errors. `text_at[i][k]` is the text node of option k of
// bank.items[i].

std::size_t utf8_length(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_at(std::string_view text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (lower(text[at + i]) != word[i]) return false;
    return true;
}

// Byte offsets of `word` (lower case) as a whole word in `text`, any case; idioms in which `all`
// is not absolute are skipped.
std::vector<std::size_t> find_word(std::string_view text, std::string_view word) {
    std::vector<std::size_t> out;
    for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
        if (!equals_at(text, at, word)) continue;
        const std::size_t end = at + word.size();
        if ((at > 0 && is_ascii_letter(text[at - 1])) ||
            (end < text.size() && is_ascii_letter(text[end])))
            continue;
        if (word == "all" &&
            (equals_at(text, end, " right") || (at >= 3 && equals_at(text, at - 3, "at ")) ||
             (at >= 6 && equals_at(text, at - 6, "after "))))
            continue;
        out.push_back(at);
    }
    return out;
}

std::size_t correct_count(const DrillItem& item) {
    return static_cast<std::size_t>(std::count_if(item.options.begin(), item.options.end(),
                                                  [](const DrillOption& o) { return o.correct; }));
}

void check_longest_correct(const DrillBank& bank, const YNode& items_node,
                           const std::vector<std::vector<const YNode*>>& text_at,
                           ReadContext& ctx) {
    std::size_t single = 0;
    std::vector<Diagnostic> notes;
    for (std::size_t i = 0; i < bank.items.size(); ++i) {
        const DrillItem& item = bank.items[i];
        if (correct_count(item) != 1) continue;
        ++single;
        std::size_t key = 0, key_length = 0, longest_other = 0;
        for (std::size_t k = 0; k < item.options.size(); ++k) {
            const std::size_t n = utf8_length(item.options[k].text);
            if (item.options[k].correct) {
                key = k;
                key_length = n;
            } else {
                longest_other = std::max(longest_other, n);
            }
        }
        if (key_length < longest_other) continue;
        const YNode* at = key < text_at[i].size() ? text_at[i][key] : nullptr;
        notes.push_back(note_at(
            ctx, at ? *at : items_node,
            "the correct option of item " + quote(item.id) + " is " +
                (key_length == longest_other ? "as long as the longest (" : "the longest (") +
                std::to_string(key_length) + " characters; the longest " + "distractor has " +
                std::to_string(longest_other) + ")"));
    }
    if (single < drill_longest_min_items ||
        notes.size() * 100 <= single * static_cast<std::size_t>(drill_longest_correct_percent))
        return;
    const std::size_t percent = (notes.size() * 100 + single / 2) / single;
    ctx.warning(items_node, "RP507",
                "the correct option is the longest in " + std::to_string(notes.size()) + " of " +
                    std::to_string(single) + " single-answer items (" + std::to_string(percent) +
                    "%, more than " + std::to_string(drill_longest_correct_percent) +
                    "%): a test-wise student can pick it by its length; shorten those correct "
                    "options or lengthen a distractor in each")
        .notes = std::move(notes);
}

void check_absolute_words(const DrillBank& bank,
                          const std::vector<std::vector<const YNode*>>& text_at, ReadContext& ctx) {
    for (const std::string_view word : drill_absolute_words) {
        bool in_correct = false;
        std::vector<SourceLocation> in_distractors;
        std::vector<std::string> where;
        for (std::size_t i = 0; i < bank.items.size() && !in_correct; ++i) {
            const DrillItem& item = bank.items[i];
            for (std::size_t k = 0; k < item.options.size(); ++k) {
                const auto found = find_word(item.options[k].text, word);
                if (found.empty()) continue;
                if (item.options[k].correct) {
                    in_correct = true;
                    break;
                }
                const YNode* at = k < text_at[i].size() ? text_at[i][k] : nullptr;
                in_distractors.push_back(at ? ctx.at_offset(*at, found.front()) : item.location);
                where.push_back("option " + std::to_string(k + 1) + " of item " + quote(item.id));
            }
        }
        if (in_correct || in_distractors.empty()) continue;
        const std::string w = quote(std::string(word));
        const std::size_t n = in_distractors.size();
        Diagnostic& d = ctx.diagnostics().warning(
            "RP508", in_distractors.front(),
            "the absolute word " + w + " is in " +
                (n == 1 ? std::string("a distractor (") + where.front() + ")"
                        : std::to_string(n) + " distractors (the first: " + where.front() + ")") +
                " and in no correct option: a test-wise student learns to rule out options that "
                "say " +
                w + "; rephrase the distractor" + (n == 1 ? "" : "s") +
                ", or use the word where a correct option truly calls for it");
        for (std::size_t j = 1; j < n; ++j)
            d.notes.push_back(
                Diagnostic{Severity::Note, "", w + " in " + where[j], in_distractors[j], {}});
    }
}

void check_correct_counts(const DrillBank& bank, ReadContext& ctx) {
    std::vector<const DrillItem*> multi;
    for (const auto& item : bank.items)
        if (correct_count(item) > 1) multi.push_back(&item);
    if (multi.size() < 2) return;
    const std::size_t k = correct_count(*multi.front());
    if (std::any_of(multi.begin(), multi.end(),
                    [&](const DrillItem* m) { return correct_count(*m) != k; }))
        return;
    Diagnostic& d = ctx.diagnostics().warning(
        "RP509", multi.front()->location,
        "every choose-all-that-apply item (" + std::to_string(multi.size()) + " of them, the " +
            "first " + quote(multi.front()->id) + ") has exactly " + std::to_string(k) +
            " correct options: a test-wise student learns to choose " + std::to_string(k) +
            " without knowing which; vary the number of correct options from item to item");
    for (std::size_t j = 1; j < multi.size(); ++j)
        d.notes.push_back(Diagnostic{Severity::Note,
                                     "",
                                     "item " + quote(multi[j]->id) + ": " + std::to_string(k) +
                                         " of " + std::to_string(multi[j]->options.size()) +
                                         " options correct",
                                     multi[j]->location,
                                     {}});
}

void check_reasons(const DrillBank& bank, const std::vector<std::vector<const YNode*>>& text_at,
                   ReadContext& ctx) {
    std::size_t keys = 0, keys_with = 0, distractors = 0;
    std::vector<SourceLocation> at;
    std::vector<std::string> where;
    for (std::size_t i = 0; i < bank.items.size(); ++i) {
        const DrillItem& item = bank.items[i];
        if (correct_count(item) != 1) continue;
        for (std::size_t k = 0; k < item.options.size(); ++k) {
            std::optional<std::size_t> found;
            for (const std::string_view w : drill_reason_words) {
                const auto f = find_word(item.options[k].text, w);
                if (!f.empty() && (!found || f.front() < *found)) found = f.front();
            }
            if (item.options[k].correct) {
                ++keys;
                if (found) ++keys_with;
                continue;
            }
            ++distractors;
            if (!found) continue;
            const YNode* node = k < text_at[i].size() ? text_at[i][k] : nullptr;
            at.push_back(node ? ctx.at_offset(*node, *found) : item.location);
            where.push_back("option " + std::to_string(k + 1) + " of item " + quote(item.id));
        }
    }
    const std::size_t n = at.size();
    if (n < drill_reason_min_distractors || keys == 0 ||
        n * 100 < distractors * static_cast<std::size_t>(drill_reason_min_percent) ||
        keys_with * distractors * 2 >= n * keys)  // keys' share at least half the distractors'
        return;
    const auto pct = [](std::size_t a, std::size_t b) {
        return std::to_string((a * 100 + b / 2) / b);
    };
    Diagnostic& d = ctx.diagnostics().warning(
        "RP510", at.front(),
        std::to_string(n) + " of the " + std::to_string(distractors) +
            " distractors of single-answer items give a reason (\"because\", \"since\", \"so "
            "that\": " +
            pct(n, distractors) + "%), against " + std::to_string(keys_with) + " of " +
            std::to_string(keys) + " correct options (" + pct(keys_with, keys) +
            "%): a test-wise student learns that the option arguing for itself is wrong; let "
            "the distractors state their move plainly, or give the correct options their reasons "
            "too (the first: " +
            where.front() + ")");
    for (std::size_t j = 1; j < n && j < 20; ++j)
        d.notes.push_back(Diagnostic{Severity::Note, "", "a reason in " + where[j], at[j], {}});
}

void check_clueing(const DrillBank& bank, const YNode& items_node,
                   const std::vector<std::vector<const YNode*>>& text_at, ReadContext& ctx) {
    check_longest_correct(bank, items_node, text_at, ctx);
    check_absolute_words(bank, text_at, ctx);
    check_correct_counts(bank, ctx);
    check_reasons(bank, text_at, ctx);
}

}  // namespace

bool looks_like_drill_bank(std::string_view bytes) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::size_t end = bytes.find('\n', pos);
        if (end == std::string_view::npos) end = bytes.size();
        const std::string_view line = bytes.substr(pos, end - pos);
        if (line.starts_with("kind:") && line.find("drill-bank") != std::string_view::npos)
            return true;
        pos = end + 1;
    }
    return false;
}

DrillBankLoad parse_drill_bank(std::string_view bytes, const std::string& path) {
    DrillBankLoad out;
    auto doc = detail::parse_yaml(bytes, path, out.diagnostics);
    if (!doc.ok) return out;
    ReadContext ctx(path, bytes, out.diagnostics);
    if (!detail::expect_map(doc.root, ctx, "a drill bank")) return out;
    Fields f(doc.root, ctx, "the drill bank",
             {"format", "kind", "id", "title", "version", "summary", "topics", "items"},
             {"format", "kind", "id", "title", "version", "topics", "items"});
    auto bank = std::make_shared<DrillBank>();
    bank->path = path;
    bank->content_hash = detail::hex64(detail::fnv1a64(bytes));
    if (const YNode* fmt = f.get("format")) {
        auto v = detail::read_integer(fmt, ctx, "`format`", 0, 1'000'000);
        if (v && *v != 1)
            ctx.error(*fmt, "RP107",
                      "drill bank format " + std::to_string(*v) +
                          " is not supported; this "
                          "version of Rapport reads format 1");
    }
    (void)detail::read_choice(f.get("kind"), ctx, "`kind`", {"drill-bank"});
    if (auto id = detail::read_id(f.get("id"), ctx, "`id`")) bank->id = *id;
    if (auto t = detail::read_text(f.get("title"), ctx, "`title`")) bank->title = *t;
    if (auto v = detail::read_text(f.get("version"), ctx, "`version`")) bank->version = *v;
    if (auto s = detail::read_text(f.get("summary"), ctx, "`summary`")) bank->summary = *s;
    std::unordered_map<std::string, const YNode*> topic_at;
    if (const YNode* t = f.get("topics")) read_topics(*t, ctx, *bank, topic_at);
    std::unordered_set<std::string> used;
    std::vector<std::vector<const YNode*>> option_text_at;  // per item of bank->items
    const YNode* items_node = f.get("items");
    if (const YNode* items = items_node) {
        if (detail::expect_sequence(*items, ctx, "`items`")) {
            std::unordered_map<std::string, const YNode*> ids;
            for (std::size_t i = 0; i < items->items.size(); ++i) {
                const YNode& n = items->items[i];
                const YNode* id_node = nullptr;
                if (n.is_map())
                    for (const auto& e : n.entries)
                        if (e.key.value == "id") id_node = &e.value;
                std::vector<const YNode*> text_at;
                auto item = read_item(n, i, ctx, *bank, used, text_at);
                if (!item) continue;
                if (auto it = ids.find(item->id); it != ids.end()) {
                    ctx.error(id_node ? *id_node : n, "RP105",
                              "duplicate item id " + quote(item->id))
                        .notes.push_back(note_at(ctx, *it->second, "first defined here"));
                    continue;
                }
                ids[item->id] = id_node ? id_node : &n;
                bank->items.push_back(std::move(*item));
                option_text_at.push_back(std::move(text_at));
            }
            if (items->items.empty())
                ctx.error(*items, "RP106", "`items` is empty; a bank needs at least one item");
        }
    }
    // Only once the items read cleanly: an item with errors may be what used the topic.
    if (!out.diagnostics.has_errors())
        for (const auto& t : bank->topics)
            if (!used.count(t.id))
                ctx.warning(*topic_at[t.id], "RP506",
                            "topic " + quote(t.id) + " is declared but no item uses it");
    if (!out.diagnostics.has_errors() && items_node)
        check_clueing(*bank, *items_node, option_text_at, ctx);
    if (!out.diagnostics.has_errors()) out.bank = std::move(bank);
    return out;
}

const std::string& shown_topic(const DrillItem& item, const std::string& drill_topic) {
    if (!drill_topic.empty() &&
        std::find(item.topics.begin(), item.topics.end(), drill_topic) != item.topics.end())
        return drill_topic;
    static const std::string none;
    return item.topics.empty() ? none : item.topics.front();
}

DrillBankLoad load_drill_bank(const std::string& path) {
    DrillBankLoad out;
    const auto bytes = read_file(path, out.diagnostics);
    if (!bytes) return out;
    return parse_drill_bank(*bytes, path);
}

std::vector<DrillItem> drill_items_from_scenario(const Scenario& s, const Analysis& analysis,
                                                 int margin) {
    std::vector<DrillItem> out;
    // Each node in the state its shortest path from the start first reaches it: replay
    // breadth-first over play states, remembering the first state seen per node.
    std::vector<std::optional<PlayState>> first(s.nodes.size());
    std::vector<const Response*> via(s.nodes.size(), nullptr);  // the response that led there
    std::vector<PlayState> frontier{initial_state(s)};
    first[static_cast<std::size_t>(s.start)] = frontier.front();
    std::size_t found = 1;
    for (int depth = 0; depth < 64 && !frontier.empty() && found < s.nodes.size(); ++depth) {
        std::vector<PlayState> next;
        for (const PlayState& st : frontier)
            for (int r : offered_responses(s, st)) {
                PlayState after = st;
                apply_response(s, after, r);
                if (after.ended()) continue;
                auto& slot = first[static_cast<std::size_t>(after.node)];
                if (slot) continue;
                slot = after;
                via[static_cast<std::size_t>(after.node)] =
                    &s.nodes[static_cast<std::size_t>(st.node)]
                         .responses[static_cast<std::size_t>(r)];
                ++found;
                next.push_back(std::move(after));
            }
        frontier = std::move(next);
    }
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        if (!first[n]) continue;
        const PlayState& st = *first[n];
        const auto outlook = analysis.outlook(st);
        // Only exact figures make an item (a bound cannot say which response is best).
        if (!outlook || !outlook->exact || outlook->choices.size() < 2) continue;
        // The best choice must beat every other by `margin`.
        std::vector<std::pair<int, int>> scored;  // best achievable, response
        for (const auto& c : outlook->choices)
            scored.emplace_back(c.best.value_or(-1'000'000), c.response);
        std::sort(scored.rbegin(), scored.rend());
        if (scored[0].first - scored[1].first < margin) continue;
        const Node& node = s.nodes[n];
        // At least three options, and every wrong one wrong in itself (an error, a red flag, or a
        // cost to the client): otherwise "clearly best" comes from what the scenario does later,
        // not from this turn, and the item cannot say why the others are worse.
        if (outlook->choices.size() < 3 || !node.drill_item) continue;
        // Not from a moment an unsafe response made (a red flag just before): the one line of
        // context cannot show all that the repair has to answer.
        if (via[n] && !via[n]->red_flag.empty()) continue;
        const auto faulty = [&](const Response& r) {
            if (!r.errors.empty() || !r.red_flag.empty()) return true;
            return std::any_of(r.effects.begin(), r.effects.end(), [](const Effect& e) {
                return ((e.var == var_trust || e.var == var_rapport) && e.delta < 0) ||
                       (e.var == var_dependence && e.delta > 0);
            });
        };
        if (!std::all_of(outlook->choices.begin(), outlook->choices.end(), [&](const auto& c) {
                return c.response == scored[0].second ||
                       faulty(node.responses[static_cast<std::size_t>(c.response)]);
            }))
            continue;
        DrillItem item;
        item.id = node.id;
        item.bank_id = "scenario:" + s.id;
        const int v = active_variant(s, st);
        item.stem = node.client;
        item.cue = node.cue;
        if (v >= 0) {
            const Variant& var = node.variants[static_cast<std::size_t>(v)];
            if (var.client) item.stem = *var.client;
            if (var.cue) item.cue = *var.cue;
        }
        if (via[n]) item.context = via[n]->say;
        item.topics = {"scenario:" + s.id};
        item.difficulty = s.difficulty;
        for (const auto& c : outlook->choices) {
            const Response& r = node.responses[static_cast<std::size_t>(c.response)];
            item.options.push_back({r.say, c.response == scored[0].second, r.rationale});
        }
        item.reference = s.title + " (scenario " + s.id + " " + s.version + "), node " + node.id;
        item.location = node.location;
        // A node that repeats another's line and options (a copy on another route) asks the
        // same question twice: the first is kept.
        const auto same = [&](const DrillItem& o) {
            if (o.stem != item.stem || o.options.size() != item.options.size()) return false;
            for (std::size_t k = 0; k < o.options.size(); ++k)
                if (o.options[k].text != item.options[k].text) return false;
            return true;
        };
        if (std::any_of(out.begin(), out.end(), same)) continue;
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace rapport
