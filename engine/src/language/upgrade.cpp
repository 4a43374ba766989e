// Format 1 -> format 2 as a text rewrite guided by the positioned YAML tree: every edit replaces a
// byte range the tree points at, so comments, layout and quoting elsewhere stay byte for byte.
#include "rapport/upgrade.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "language/fields.hpp"
#include "language/yaml_tree.hpp"

namespace rapport {

using detail::quote;
using detail::YEntry;
using detail::YNode;

namespace {

const YEntry* find_entry(const YNode& map, std::string_view key) {
    if (!map.is_map()) return nullptr;
    for (const auto& e : map.entries)
        if (e.key.is_scalar() && e.key.value == key) return &e;
    return nullptr;
}

std::string flow_list(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        out += (i ? ", " : "") + ids[i];
    return out + "]";
}

struct Edit {
    std::size_t begin = 0;
    std::size_t end = 0;  // begin == end: an insertion
    std::string text;
};

// Byte ranges of the file by the tree's 1-based line and column, and the edits to apply.
class Rewriter {
public:
    Rewriter(std::string_view bytes, const std::string& path, Diagnostics& diagnostics)
        : m_bytes(bytes), m_path(path), m_d(diagnostics) {
        m_line_starts.push_back(0);
        for (std::size_t i = 0; i < bytes.size(); ++i)
            if (bytes[i] == '\n') m_line_starts.push_back(i + 1);
    }

    [[nodiscard]] bool ok() const { return m_ok; }

    // RP601: the text is valid but written in a way this rewrite does not follow.
    void refuse(const YNode& at, const std::string& message) {
        m_d.error("RP601", {m_path, at.line, at.column}, message);
        m_ok = false;
    }

    [[nodiscard]] std::size_t offset(std::uint32_t line, std::uint32_t column) const {
        if (line == 0 || line > m_line_starts.size()) return m_bytes.size();
        return std::min(m_bytes.size(), m_line_starts[line - 1] + (column ? column - 1 : 0));
    }
    [[nodiscard]] std::size_t line_start(std::uint32_t line) const {
        return line > m_line_starts.size() ? m_bytes.size() : m_line_starts[line - 1];
    }
    [[nodiscard]] std::size_t line_end(std::size_t at) const {  // the '\n' ending the line, or EOF
        const auto nl = m_bytes.find('\n', at);
        return nl == std::string_view::npos ? m_bytes.size() : nl;
    }
    [[nodiscard]] std::uint32_t line_count() const {
        return static_cast<std::uint32_t>(m_line_starts.size());
    }
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const {
        const std::size_t b = line_start(line);
        return m_bytes.substr(b, line_end(b) - b);
    }
    [[nodiscard]] char at(std::size_t i) const { return i < m_bytes.size() ? m_bytes[i] : '\0'; }

    // The bytes a one-line scalar occupies: plain text equal to its value, or a quoted string.
    std::optional<std::pair<std::size_t, std::size_t>> scalar_extent(const YNode& n,
                                                                     const std::string& what) {
        const std::size_t b = offset(n.line, n.column);
        if (!n.is_scalar() || !n.tag.empty() || b >= m_bytes.size()) {
            refuse(n, what +
                          " is not a plain value here (a tag or an alias?); write it out as "
                          "plain text and run `rapport upgrade` again");
            return std::nullopt;
        }
        const char q = m_bytes[b];
        if (q == '"' || q == '\'') {
            for (std::size_t i = b + 1; i < m_bytes.size() && m_bytes[i] != '\n'; ++i) {
                if (q == '"' && m_bytes[i] == '\\') {
                    ++i;
                } else if (m_bytes[i] == q) {
                    if (q == '\'' && at(i + 1) == '\'') {
                        ++i;
                        continue;
                    }
                    return std::pair{b, i + 1};
                }
            }
        } else if (m_bytes.substr(b, n.value.size()) == n.value) {
            return std::pair{b, b + n.value.size()};
        }
        const char* how = q == '*'   ? " is an alias (`*name`)"
                          : q == '&' ? " has an anchor (`&name`)"
                          : q == '!' ? " has a tag"
                                     : " spans lines";
        refuse(n, what + how +
                      ", which the upgrade cannot rewrite in place; write it out as "
                      "plain text on one line and run `rapport upgrade` again");
        return std::nullopt;
    }

    // A flow mapping's key follows `{` or `,`; a block mapping's follows a line start or `- `.
    [[nodiscard]] bool in_flow(std::size_t key_begin) const {
        std::size_t i = key_begin;
        while (i > 0 && (m_bytes[i - 1] == ' ' || m_bytes[i - 1] == '\t'))
            --i;
        return i > 0 && (m_bytes[i - 1] == '{' || m_bytes[i - 1] == ',');
    }

    // `key: value` with both on one line, the colon between them and nothing else.
    bool same_line_pair(const YEntry& e, std::pair<std::size_t, std::size_t> key,
                        std::pair<std::size_t, std::size_t> value, const std::string& what) {
        const std::string_view between = m_bytes.substr(key.second, value.first - key.second);
        const auto colon = between.find(':');
        if (value.first < key.second || colon == std::string_view::npos ||
            between.find_first_not_of(" \t:") != std::string_view::npos ||
            std::count(between.begin(), between.end(), ':') != 1) {
            refuse(e.key, what + " has its value on another line; write `" + e.key.value +
                              ": VALUE` on one line and run `rapport upgrade` again");
            return false;
        }
        return true;
    }

    void replace(std::size_t b, std::size_t e, std::string text) {
        m_edits.push_back(Edit{b, e, std::move(text)});
    }
    void insert(std::size_t at, std::string text) {
        m_edits.push_back(Edit{at, at, std::move(text)});
    }

    // Applies the edits; overlapping edits are a bug here, reported as RP602.
    std::optional<std::string> apply() {
        std::stable_sort(m_edits.begin(), m_edits.end(),
                         [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
        std::string out;
        out.reserve(m_bytes.size() + 64 * m_edits.size());
        std::size_t pos = 0;
        for (const auto& e : m_edits) {
            if (e.begin < pos) {
                m_d.error("RP602", {m_path, 0, 0},
                          "internal error: two edits of the upgrade overlap; nothing was written "
                          "(please report this with the file)");
                return std::nullopt;
            }
            out.append(m_bytes.substr(pos, e.begin - pos));
            out += e.text;
            pos = e.end;
        }
        out.append(m_bytes.substr(pos));
        return out;
    }

private:
    std::string_view m_bytes;
    const std::string& m_path;
    Diagnostics& m_d;
    std::vector<std::size_t> m_line_starts;
    std::vector<Edit> m_edits;
    bool m_ok = true;
};

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}
bool comment_at_or_left_of(std::string_view line, std::size_t column) {
    const auto first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && line[first] == '#' && first + 1 <= column;
}

// `format: 1` -> `format: 2`, or a `format: 2` line before the first top-level key.
void upgrade_format(Rewriter& w, const YNode& root) {
    if (const YEntry* f = find_entry(root, "format")) {
        if (auto v = w.scalar_extent(f->value, "`format`")) w.replace(v->first, v->second, "2");
        return;
    }
    const YNode& first = root.entries.front().key;
    w.insert(w.line_start(first.line), std::string(first.column - 1, ' ') + "format: 2\n");
}

// `skill: X` -> `code: C` (+ `errors: [...]` on the next line, or after it inside `{...}`).
void upgrade_skill(Rewriter& w, const YEntry& e, const Scenario& s, const Response& r,
                   const std::string& what) {
    auto key = w.scalar_extent(e.key, what + " `skill` key");
    auto value = w.scalar_extent(e.value, what + " `skill`");
    if (!key || !value || !w.same_line_pair(e, *key, *value, what + " `skill`")) return;
    w.replace(key->first, key->second, "code");
    w.replace(value->first, value->second, s.codes[static_cast<std::size_t>(r.code)].id);
    if (r.errors.empty()) return;
    std::vector<std::string> ids;
    for (int i : r.errors)
        ids.push_back(s.errors[static_cast<std::size_t>(i)].id);
    if (w.in_flow(key->first))
        w.insert(value->second, ", errors: " + flow_list(ids));
    else
        w.insert(w.line_end(value->second),
                 "\n" + std::string(e.key.column - 1, ' ') + "errors: " + flow_list(ids));
}

// `answer_with:` skill ids -> their codes, each code once (later repeats removed).
void upgrade_answer_with(Rewriter& w, const YNode& list, const Opportunity& op, const Scenario& s,
                         const std::string& what) {
    if (!list.is_sequence() || list.items.size() != op.answer_codes.size()) {
        w.refuse(list, what + " does not match what the loader read (please report this)");
        return;
    }
    const bool flow = w.at(w.offset(list.line, list.column)) == '[';
    std::vector<int> seen;
    std::optional<std::pair<std::size_t, std::size_t>> previous;
    for (std::size_t j = 0; j < list.items.size(); ++j) {
        const YNode& item = list.items[j];
        auto ext = w.scalar_extent(item, what + " item");
        if (!ext) return;
        const int code = op.answer_codes[j];
        if (std::find(seen.begin(), seen.end(), code) == seen.end()) {
            seen.push_back(code);
            w.replace(ext->first, ext->second, s.codes[static_cast<std::size_t>(code)].id);
        } else if (flow) {
            w.replace(previous->second, ext->second, "");  // `, item`
        } else {
            const std::string_view line = w.line_text(item.line);
            const auto first = line.find_first_not_of(" \t");
            if (first == std::string_view::npos || line[first] != '-' ||
                w.line_start(item.line) + line.find_first_not_of(" \t-", first) != ext->first) {
                w.refuse(item, what +
                                   " item shares its line with other text; put each item on "
                                   "a line of its own");
                return;
            }
            w.replace(w.line_start(item.line), w.line_start(item.line + 1), "");
        }
        previous = ext;
    }
}

// Removes the top-level `skills:` block: from its key line to its last line of content, keeping
// comments above it and comments before the next top-level key.
void remove_skills(Rewriter& w, const YNode& root, std::size_t index) {
    const YNode& key = root.entries[index].key;
    const std::uint32_t next =
        index + 1 < root.entries.size() ? root.entries[index + 1].key.line : w.line_count() + 1;
    std::uint32_t last = next - 1;
    while (last > key.line &&
           (blank(w.line_text(last)) || comment_at_or_left_of(w.line_text(last), key.column)))
        --last;
    std::size_t end = w.line_start(last + 1);
    if (last + 1 < next && blank(w.line_text(last + 1)) &&
        (key.line == 1 || blank(w.line_text(key.line - 1))))
        end = w.line_start(last + 2);  // no double blank line where the block was
    w.replace(w.line_start(key.line), end, "");
}

std::string expr_text(const std::optional<Expr>& e) {
    return e ? e->text() : std::string("-");
}

// Whether `b` (format 2) plays exactly as `a` (format 1): same states, choices and outcomes.
// Returns what differs first, or nothing.
std::optional<std::string> play_difference(const Scenario& a, const Scenario& b) {
    if (b.format != 2) return "the result is not format 2";
    if (a.vars.size() != b.vars.size()) return "the state variables differ";
    for (std::size_t v = 0; v < a.vars.size(); ++v)
        if (a.vars[v].id != b.vars[v].id || a.vars[v].min != b.vars[v].min ||
            a.vars[v].max != b.vars[v].max || a.vars[v].initial != b.vars[v].initial)
            return "state variable " + quote(a.vars[v].id) + " differs";
    if (a.start != b.start || a.score.text() != b.score.text() || a.shuffle != b.shuffle)
        return "`start`, `score` or `shuffle` differs";
    if (a.client.instructor_notes != b.client.instructor_notes)
        return "the client's instructor notes differ";
    if (a.endings.size() != b.endings.size()) return "the endings differ";
    for (std::size_t i = 0; i < a.endings.size(); ++i)
        if (a.endings[i].id != b.endings[i].id || a.endings[i].outcome != b.endings[i].outcome ||
            !b.endings[i].requires_met.empty())
            return "ending " + quote(a.endings[i].id) + " differs";
    if (a.nodes.size() != b.nodes.size()) return "the nodes differ";
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        const Node& na = a.nodes[i];
        const Node& nb = b.nodes[i];
        const std::string where = "node " + quote(na.id);
        if (na.id != nb.id || na.client != nb.client || na.cue != nb.cue ||
            na.variants.size() != nb.variants.size() || na.responses.size() != nb.responses.size())
            return where + " differs";
        for (std::size_t v = 0; v < na.variants.size(); ++v)
            if (na.variants[v].when.text() != nb.variants[v].when.text() ||
                na.variants[v].client != nb.variants[v].client)
                return "a variant of " + where + " differs";
        if (na.opportunity.has_value() != nb.opportunity.has_value())
            return "the opportunity of " + where + " differs";
        if (na.opportunity) {
            auto codes = [](const Opportunity& o) {
                std::vector<int> c = o.answer_codes;
                std::sort(c.begin(), c.end());
                c.erase(std::unique(c.begin(), c.end()), c.end());
                return c;
            };
            if (codes(*na.opportunity) != codes(*nb.opportunity) ||
                na.opportunity->kind != nb.opportunity->kind ||
                na.opportunity->within != nb.opportunity->within)
                return "the opportunity of " + where + " differs";
        }
        for (std::size_t k = 0; k < na.responses.size(); ++k) {
            const Response& ra = na.responses[k];
            const Response& rb = nb.responses[k];
            const std::string rwhat = "response " + quote(ra.id) + " of " + where;
            if (ra.id != rb.id || ra.say != rb.say || ra.rationale != rb.rationale ||
                expr_text(ra.when) != expr_text(rb.when) ||
                (ra.once_slot >= 0) != (rb.once_slot >= 0))
                return rwhat + " differs";
            if (a.codes[static_cast<std::size_t>(ra.code)].id !=
                    b.codes[static_cast<std::size_t>(rb.code)].id ||
                ra.errors != rb.errors || !rb.meets.empty())
                return rwhat + " has another code or other errors";
            if (ra.effects.size() != rb.effects.size() || ra.next.size() != rb.next.size())
                return "the effects or `next` of " + rwhat + " differ";
            for (std::size_t x = 0; x < ra.effects.size(); ++x)
                if (ra.effects[x].var != rb.effects[x].var ||
                    ra.effects[x].delta != rb.effects[x].delta)
                    return "the effects of " + rwhat + " differ";
            for (std::size_t x = 0; x < ra.next.size(); ++x)
                if (ra.next[x].target.kind != rb.next[x].target.kind ||
                    ra.next[x].target.index != rb.next[x].target.index ||
                    expr_text(ra.next[x].when) != expr_text(rb.next[x].when))
                    return "the `next` of " + rwhat + " differs";
        }
    }
    return std::nullopt;
}

}  // namespace

UpgradeResult upgrade_scenario(std::string_view bytes, const std::string& path,
                               const SkillCatalogue& catalogue) {
    UpgradeResult out;
    {
        // A file that says `format: 2` has nothing to upgrade, whatever else it holds.
        Diagnostics ignored;
        const auto doc = detail::parse_yaml(bytes, path, ignored);
        if (doc.ok)
            if (const YEntry* f = find_entry(doc.root, "format"))
                if (f->value.is_scalar() && f->value.value == "2") {
                    out.already_format2 = true;
                    return out;
                }
    }
    const ScenarioLoad original = parse_scenario(bytes, path, catalogue);
    if (!original.diagnostics.empty() || !original.scenario) {
        out.diagnostics = original.diagnostics;
        return out;
    }
    const Scenario& s = *original.scenario;
    const auto doc = detail::parse_yaml(bytes, path, out.diagnostics);
    const YNode& root = doc.root;

    Rewriter w(bytes, path, out.diagnostics);
    if (w.at(w.offset(root.line, root.column)) == '{') {
        w.refuse(root,
                 "the scenario is one flow mapping (`{...}`); the upgrade rewrites "
                 "block-style files only");
        return out;
    }
    upgrade_format(w, root);

    if (const YEntry* client = find_entry(root, "client"))
        if (const YEntry* bg = find_entry(client->value, "background"))
            if (auto k = w.scalar_extent(bg->key, "client `background` key"))
                w.replace(k->first, k->second, "instructor_notes");

    for (std::size_t i = 0; i < root.entries.size(); ++i)
        if (root.entries[i].key.is_scalar() && root.entries[i].key.value == "skills")
            remove_skills(w, root, i);

    const YEntry* nodes = find_entry(root, "nodes");
    if (!nodes || nodes->value.items.size() != s.nodes.size()) {
        w.refuse(nodes ? nodes->value : root,
                 "the nodes do not match what the loader read (please report this)");
        return out;
    }
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        const YNode& node = nodes->value.items[i];
        const std::string what = "node " + quote(s.nodes[i].id);
        const YEntry* responses = find_entry(node, "responses");
        if (!responses || responses->value.items.size() != s.nodes[i].responses.size()) {
            w.refuse(node, "the responses of " + what +
                               " do not match what the loader read (please report this)");
            return out;
        }
        for (std::size_t k = 0; k < responses->value.items.size(); ++k)
            if (const YEntry* sk = find_entry(responses->value.items[k], "skill"))
                upgrade_skill(w, *sk, s, s.nodes[i].responses[k],
                              "response " + std::to_string(k + 1) + " of " + what);
        if (const YEntry* op = find_entry(node, "opportunity"))
            if (const YEntry* aw = find_entry(op->value, "answer_with");
                aw && s.nodes[i].opportunity)
                upgrade_answer_with(w, aw->value, *s.nodes[i].opportunity, s,
                                    what + " `opportunity` `answer_with`");
    }
    if (!w.ok()) return out;
    auto text = w.apply();
    if (!text) return out;

    // The rewrite must load as format 2 without an error, and play exactly as the original. The
    // format 2 checks may warn about what a format 1 file could not say (clueing, essentials):
    // those are advice, returned with the text.
    const ScenarioLoad upgraded = parse_scenario(*text, path, catalogue);
    if (upgraded.diagnostics.has_errors() || !upgraded.scenario) {
        auto& d = out.diagnostics.error(
            "RP602", {path, 0, 0},
            "internal error: the upgraded text does not load cleanly as format 2; nothing was "
            "written (please report this with the file)");
        for (const auto& x : upgraded.diagnostics.all())
            d.notes.push_back(Diagnostic{Severity::Note,
                                         "",
                                         "line " + std::to_string(x.location.line) + ":" +
                                             std::to_string(x.location.column) +
                                             " of the upgraded text: " + x.message + " [" + x.code +
                                             "]",
                                         {path, 0, 0},
                                         {}});
        return out;
    }
    if (auto diff = play_difference(s, *upgraded.scenario)) {
        out.diagnostics.error("RP602", {path, 0, 0},
                              "internal error: the upgraded scenario would not play the same (" +
                                  *diff +
                                  "); nothing was written (please report this with the "
                                  "file)");
        return out;
    }
    out.upgraded = true;
    out.text = std::move(*text);
    out.advice = upgraded.diagnostics;
    return out;
}

}  // namespace rapport
