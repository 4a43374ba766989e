// Typed, positioned field reading (see fields.hpp).
#include "language/fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/text.hpp"

namespace rapport::detail {

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

Fields::Fields(const YNode& map, ReadContext& ctx, std::string what,
               const std::vector<std::string>& allowed, const std::vector<std::string>& required)
    : m_map(map), m_what(std::move(what)) {
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
            if (auto guess = closest_match(key, allowed)) msg += "; did you mean `" + *guess + "`?";
            ctx.error(entry.key, "RP101", msg);
            continue;
        }
        m_found.emplace_back(std::string_view(key), &entry.value);
    }
    for (const auto& key : required) {
        if (!get(key))
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
