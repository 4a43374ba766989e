// Typed, positioned field reading (see fields.hpp).
#include "language/fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/text.hpp"

namespace rapport::detail {

ReadContext::ReadContext(std::string path, std::string_view bytes, Diagnostics& diagnostics)
    : m_path(std::move(path)), m_bytes(bytes), m_diagnostics(diagnostics) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < m_bytes.size(); ++i)
        if (m_bytes[i] == '\n') m_line_starts.push_back(i + 1);
}

std::string_view ReadContext::source_line(std::uint32_t line) const {
    if (line == 0 || line > m_line_starts.size()) return {};
    const std::size_t start = m_line_starts[line - 1];
    std::size_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : m_bytes.size();
    if (end > start && m_bytes[end - 1] == '\r') --end;
    return m_bytes.substr(start, end - start);
}

SourceLocation ReadContext::at_offset(const YNode& node, std::size_t offset) const {
    const SourceLocation start = at(node);
    // Find the scalar's first byte in the source.
    std::size_t pos = 0;
    for (std::uint32_t line = 1; pos < m_bytes.size() && line < node.line; ++pos)
        if (m_bytes[pos] == '\n') ++line;
    pos += node.column > 0 ? node.column - 1 : 0;
    if (pos >= m_bytes.size()) return start;
    const char quote_char = (m_bytes[pos] == '"' || m_bytes[pos] == '\'') ? m_bytes[pos] : '\0';
    if (m_bytes[pos] == '|' || m_bytes[pos] == '>')
        return start;  // block scalar: point at the indicator
    if (quote_char) ++pos;
    // Walk the source and the value together. Folding turns a line break and the next line's
    // indentation into one space; anything else we cannot follow (escapes, '' in single quotes)
    // falls back to the scalar's start rather than a wrong column.
    std::uint32_t line = start.line;
    std::uint32_t column = start.column + (quote_char ? 1 : 0);
    const std::string& value = node.value;
    for (std::size_t i = 0; i < offset && i < value.size(); ++i) {
        if (pos >= m_bytes.size()) return start;
        if (m_bytes[pos] == value[i] && m_bytes[pos] != '\\' && m_bytes[pos] != '\n') {
            ++pos;
            ++column;
        } else if (value[i] == ' ' && (m_bytes[pos] == '\n' || m_bytes[pos] == '\r')) {
            while (pos < m_bytes.size() && (m_bytes[pos] == '\n' || m_bytes[pos] == '\r'))
                ++pos;
            ++line;
            column = 1;
            while (pos < m_bytes.size() && (m_bytes[pos] == ' ' || m_bytes[pos] == '\t')) {
                ++pos;
                ++column;
            }
        } else {
            return start;
        }
    }
    // Trailing spaces before a fold are dropped by YAML; skip them so we land on the token.
    return {start.file, line, column};
}

std::string quote(std::string_view text) {
    std::string t(text.substr(0, 40));
    if (text.size() > 40) t += "...";
    for (char& c : t)
        if (c == '\n' || c == '\t') c = ' ';
    return "`" + t + "`";
}

std::optional<std::string> likely_key(std::string_view key,
                                      const std::vector<std::string>& allowed) {
    if (auto guess = closest_match(key, allowed)) return guess;
    // A longer or shorter form of an allowed key: `maximum` for `max`, `response` for `responses`.
    std::optional<std::string> best;
    for (const auto& a : allowed) {
        const std::string_view shorter = a.size() < key.size() ? std::string_view(a) : key;
        const std::string_view longer = a.size() < key.size() ? key : std::string_view(a);
        if (shorter.size() < 3 || longer.substr(0, shorter.size()) != shorter) continue;
        if (!best || a.size() > best->size()) best = a;
    }
    return best;
}

std::optional<std::string> scenario_key_home(std::string_view key) {
    struct Home {
        std::string_view key;
        std::string_view where;
    };
    // Keys found in one place only; `client`, `title`, `id` and `when` live in several.
    static constexpr Home homes[] = {
        {"say", "a response (an item under a node's `responses:`)"},
        {"skill", "a response (an item under a node's `responses:`)"},
        {"code", "a response (an item under a node's `responses:`)"},
        {"effects", "a response (an item under a node's `responses:`)"},
        {"rationale", "a response (an item under a node's `responses:`)"},
        {"once", "a response (an item under a node's `responses:`)"},
        {"next", "a response (an item under a node's `responses:`)"},
        {"meets", "a response (an item under a node's `responses:`)"},
        {"cites", "a response (an item under a node's `responses:`)"},
        {"red_flag", "a response (an item under a node's `responses:`)"},
        {"reply", "a response (an item under a node's `responses:`)"},
        {"to", "a branch of a response's `next:` (`- when: ...` then `to: ...`)"},
        {"responses", "a node (an item under `nodes:`)"},
        {"variants", "a node (an item under `nodes:`)"},
        {"opportunity", "a node (an item under `nodes:`)"},
        {"grade", "an ending (an item under `endings:`)"},
        {"outcome", "an ending (an item under `endings:`)"},
        {"requires", "an ending (an item under `endings:`)"},
        {"otherwise", "an ending (an item under `endings:`)"},
        {"initial", "a state variable (under `state:`)"},
        {"min", "a state variable (under `state:`)"},
        {"max", "a state variable (under `state:`)"},
        {"good", "a state variable (under `state:`)"},
        {"visible", "a state variable (under `state:`)"},
        {"age", "`client:` at the top of the file"},
        {"pronouns", "`client:` at the top of the file"},
        {"presenting_concern", "`client:` at the top of the file"},
        {"known_before", "`client:` at the top of the file"},
        {"instructor_notes", "`client:` at the top of the file"},
        {"nodes", "the top level of the file (not indented)"},
        {"endings", "the top level of the file (not indented)"},
        {"start", "the top level of the file (not indented)"},
        {"score", "the top level of the file (not indented)"},
        {"shuffle", "the top level of the file (not indented)"},
        {"state", "the top level of the file (not indented)"},
        {"objectives", "the top level of the file (not indented)"},
        {"difficulty", "the top level of the file (not indented)"},
        {"minutes", "the top level of the file (not indented)"},
        {"country", "`setting:` at the top of the file"},
        {"service", "`setting:` at the top of the file"},
        {"summary", "the top level of the file (not indented)"},
        {"facts", "the top level of the file (not indented)"},
        {"essentials", "the top level of the file (not indented)"},
    };
    for (const auto& h : homes)
        if (h.key == key) return std::string(h.where);
    return std::nullopt;
}

// RP111: a line inside the `|` or `>` block `node` (the value of `key` in a mapping that allows
// `allowed`) that looks like one of those keys: it was most likely meant as one, and silently
// became text.
void check_block_keys(const YNode& node, ReadContext& ctx, const std::string& what,
                      const std::vector<std::string>& allowed) {
    if (!node.is_scalar() || !node.quoted || node.line == 0 || node.column == 0) return;
    const std::string_view first = ctx.source_line(node.line);
    if (node.column > first.size()) return;
    const char indicator = first[node.column - 1];
    if (indicator != '|' && indicator != '>') return;
    // The block's lines: from the next line, as long as they are blank or indented at least as far
    // as its first line and more than the key that holds the block.
    std::size_t key_indent = first.find_first_not_of(' ');
    if (first.substr(key_indent, 2) == "- ")
        key_indent = first.find_first_not_of(' ', key_indent + 2);
    std::size_t block_indent = std::string_view::npos;
    for (std::uint32_t line = node.line + 1; line <= ctx.line_count(); ++line) {
        const std::string_view text = ctx.source_line(line);
        const std::size_t indent = text.find_first_not_of(' ');
        if (indent == std::string_view::npos) continue;  // a blank line: the block may go on
        if (indent <= key_indent) break;
        if (block_indent == std::string_view::npos) block_indent = indent;
        if (indent < block_indent) break;
        const auto key = key_on_line(text);
        if (key && std::find(allowed.begin(), allowed.end(), *key) != allowed.end())
            ctx.diagnostics().warning(
                "RP111", {ctx.path(), line, static_cast<std::uint32_t>(indent + 1)},
                "`" + *key + ":` is inside the text block of " + what + " (the `" +
                    std::string(1, indicator) + "` on line " + std::to_string(node.line) +
                    "), so it is read as text, not as a key; to make it a key, indent it as far "
                    "as the key that holds the block");
    }
}

Fields::Fields(const YNode& map, ReadContext& ctx, std::string what,
               const std::vector<std::string>& allowed, const std::vector<std::string>& required,
               KeyHome home)
    : m_map(map), m_what(std::move(what)) {
    std::vector<std::string> misspelt;  // required keys already reported as a misspelling
    for (const auto& entry : map.entries) {
        if (!entry.key.is_scalar()) {
            ctx.error(entry.key, "RP103",
                      "a key in " + m_what + " must be a plain name, not " +
                          std::string(kind_name(entry.key)));
            continue;
        }
        const std::string& key = entry.key.value;
        auto seen = std::find_if(m_found.begin(), m_found.end(),
                                 [&](const auto& f) { return f.first == key; });
        if (seen != m_found.end()) {
            auto& d = ctx.error(
                entry.key, "RP104",
                "duplicate key " + quote(key) + " in " + m_what + "; YAML keeps only one of them");
            const YNode* first = nullptr;
            for (const auto& e : map.entries)
                if (e.key.is_scalar() && e.key.value == key) {
                    first = &e.key;
                    break;
                }
            if (first)
                d.notes.push_back(
                    Diagnostic{Severity::Note, "", "first defined here", ctx.at(*first), {}});
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string msg = "unknown key " + quote(key) + " in " + m_what;
            const auto where = home ? home(key) : std::nullopt;
            if (where) {
                msg += "; `" + key + "` belongs in " + *where +
                       ": it is probably indented at the wrong level, so check how far it is "
                       "indented compared with the lines above it";
            } else if (auto guess = likely_key(key, allowed)) {
                msg += "; did you mean `" + *guess + "`?";
                const bool present = std::any_of(
                    map.entries.begin(), map.entries.end(),
                    [&](const YEntry& e) { return e.key.is_scalar() && e.key.value == *guess; });
                if (!present) misspelt.push_back(*guess);
            }
            ctx.error(entry.key, "RP101", msg);
            continue;
        }
        m_found.emplace_back(std::string_view(key), &entry.value);
        check_block_keys(entry.value, ctx, m_what + " `" + key + "`", allowed);
    }
    for (const auto& key : required) {
        if (!get(key) && std::find(misspelt.begin(), misspelt.end(), key) == misspelt.end())
            ctx.error(map, "RP102", m_what + " is missing the required key `" + key + "`");
    }
}

const YNode* Fields::get(std::string_view key) const {
    for (const auto& [k, v] : m_found)
        if (k == key) return v;
    return nullptr;
}

bool expect_map(const YNode& node, ReadContext& ctx, const std::string& what) {
    if (node.is_map()) return true;
    ctx.error(node, "RP103",
              what + " should be a mapping of keys, not " + std::string(kind_name(node)));
    return false;
}

bool expect_sequence(const YNode& node, ReadContext& ctx, const std::string& what) {
    if (node.is_sequence()) return true;
    ctx.error(
        node, "RP103",
        what + " should be a list (items starting with `- `), not " + std::string(kind_name(node)));
    return false;
}

namespace {

std::string_view rstrip(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

void check_text_layout(const YNode& node, ReadContext& ctx, const std::string& what) {
    if (!node.is_scalar() || node.line == 0) return;
    const std::string_view first = ctx.source_line(node.line);
    if (node.column == 0 || node.column > first.size()) return;
    const char indicator = first[node.column - 1];
    if (indicator == '"' || indicator == '\'') return;
    if (node.quoted) return;
    // Unquoted text: the first ` #` after its start on any of its lines begins a comment.
    const std::string& value = node.value;
    for (std::uint32_t line = node.line; line < node.line + 10000; ++line) {
        const std::string_view text = ctx.source_line(line);
        std::size_t from = line == node.line ? node.column - 1 : text.find_first_not_of(' ');
        if (from == std::string_view::npos || from >= text.size()) return;
        const std::string_view segment = text.substr(from);
        std::size_t hash = std::string_view::npos;
        for (std::size_t i = 1; i < segment.size(); ++i)
            if (segment[i] == '#' && (segment[i - 1] == ' ' || segment[i - 1] == '\t')) {
                hash = i;
                break;
            }
        const std::string_view before = rstrip(segment.substr(0, hash));
        if (hash != std::string_view::npos) {
            if (before.empty() || value.size() < before.size() ||
                value.compare(value.size() - before.size(), before.size(), before) != 0)
                return;
            const std::string_view rest = rstrip(segment.substr(hash));
            ctx.diagnostics().warning(
                "RP112", {ctx.path(), line, static_cast<std::uint32_t>(from + hash + 1)},
                "` #` starts a YAML comment, so " + what + " stops before it and " + quote(rest) +
                    " is dropped; put the whole text in double quotes to keep the `#` (or, for a "
                    "comment, put it on a line of its own)");
            return;
        }
        if (value.size() >= before.size() &&
            value.compare(value.size() - before.size(), before.size(), before) == 0)
            return;  // the text ended on this line, without a comment
    }
}

std::optional<std::string> read_text(const YNode* node, ReadContext& ctx, const std::string& what,
                                     bool allow_empty) {
    if (!node) return std::nullopt;
    if (node->is_null() ||
        (node->is_scalar() && node->value.find_first_not_of(" \t\n") == std::string::npos)) {
        if (allow_empty) return std::string();
        ctx.error(*node, "RP102", what + " is empty");
        return std::nullopt;
    }
    if (!node->is_scalar()) {
        ctx.error(*node, "RP103", what + " should be text, not " + std::string(kind_name(*node)));
        return std::nullopt;
    }
    if (node->value.find(' ') != std::string::npos) check_text_layout(*node, ctx, what);
    // Folded and literal blocks (`>`, `|`) end in a line break that is not part of the text.
    std::string text = node->value;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    return text;
}

std::optional<long long> read_integer(const YNode* node, ReadContext& ctx, const std::string& what,
                                      long long min, long long max) {
    if (!node) return std::nullopt;
    if (!node->is_scalar() || node->quoted) {
        ctx.error(*node, "RP103",
                  what + " should be a whole number, not " +
                      (node->is_scalar() ? "quoted text" : std::string(kind_name(*node))));
        return std::nullopt;
    }
    std::string_view s = node->value;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    long long value = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), value);
    if (res.ec == std::errc::result_out_of_range) {
        ctx.error(*node, "RP106",
                  what + " " + quote(node->value) + " is out of range (" + std::to_string(min) +
                      " to " + std::to_string(max) + ")");
        return std::nullopt;
    }
    if (res.ec != std::errc{} || res.ptr != s.data() + s.size() || s.empty()) {
        ctx.error(*node, "RP103", what + " should be a whole number, not " + quote(node->value));
        return std::nullopt;
    }
    if (value < min || value > max) {
        ctx.error(*node, "RP106",
                  what + " is " + std::to_string(value) + ", outside the range " +
                      std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> read_bool(const YNode* node, ReadContext& ctx, const std::string& what) {
    if (!node) return std::nullopt;
    if (node->is_scalar() && !node->quoted) {
        if (node->value == "true" || node->value == "True" || node->value == "TRUE") return true;
        if (node->value == "false" || node->value == "False" || node->value == "FALSE")
            return false;
    }
    ctx.error(*node, "RP103",
              what + " should be `true` or `false`, not " +
                  (node->is_scalar() ? quote(node->value) : std::string(kind_name(*node))));
    return std::nullopt;
}

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 128 || !std::isalpha(static_cast<unsigned char>(id[0])))
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
}

std::optional<std::string> read_id(const YNode* node, ReadContext& ctx, const std::string& what) {
    auto text = read_text(node, ctx, what);
    if (!text) return std::nullopt;
    if (!is_valid_id(*text)) {
        ctx.error(
            *node, "RP106",
            what + " " + quote(*text) +
                " is not a valid id: use letters, digits, `_` and `-`, starting with a letter");
        return std::nullopt;
    }
    return text;
}

std::optional<std::vector<std::string>> read_text_list(const YNode* node, ReadContext& ctx,
                                                       const std::string& what) {
    if (!node) return std::nullopt;
    if (!expect_sequence(*node, ctx, what)) return std::nullopt;
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < node->items.size(); ++i) {
        auto t = read_text(&node->items[i], ctx, what + " item " + std::to_string(i + 1));
        if (t)
            out.push_back(std::move(*t));
        else
            ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::string> read_choice(const YNode* node, ReadContext& ctx, const std::string& what,
                                       const std::vector<std::string>& choices) {
    auto text = read_text(node, ctx, what);
    if (!text) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
    std::string list;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (i) list += i + 1 == choices.size() ? " or " : ", ";
        list += "`" + choices[i] + "`";
    }
    std::string msg = what + " " + quote(*text) + " is not one of " + list;
    if (auto guess = closest_match(*text, choices)) msg += "; did you mean `" + *guess + "`?";
    ctx.error(*node, "RP106", msg);
    return std::nullopt;
}

}  // namespace rapport::detail
