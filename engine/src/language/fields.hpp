// Reading typed, positioned fields out of the YAML tree, with a diagnostic for every problem.
// Shared by the scenario, catalogue and (later) drill loaders.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "language/yaml_tree.hpp"
#include "rapport/diagnostics.hpp"

namespace rapport::detail {

class ReadContext {
public:
    ReadContext(std::string path, std::string_view bytes, Diagnostics& diagnostics);

    [[nodiscard]] SourceLocation at(const YNode& node) const {
        return {m_path, node.line, node.column};
    }
    [[nodiscard]] SourceLocation file() const { return {m_path, 0, 0}; }
    // Position of byte `offset` inside scalar `node` (quotes skipped) for expression errors.
    [[nodiscard]] SourceLocation at_offset(const YNode& node, std::size_t offset) const;
    [[nodiscard]] const std::string& path() const { return m_path; }
    Diagnostics& diagnostics() { return m_diagnostics; }
    // The text of 1-based `line` of the source, without its line break (empty past the end).
    [[nodiscard]] std::string_view source_line(std::uint32_t line) const;
    [[nodiscard]] std::uint32_t line_count() const {
        return static_cast<std::uint32_t>(m_line_starts.size());
    }

    Diagnostic& error(const YNode& node, std::string code, std::string message) {
        return m_diagnostics.error(std::move(code), at(node), std::move(message));
    }
    Diagnostic& warning(const YNode& node, std::string code, std::string message) {
        return m_diagnostics.warning(std::move(code), at(node), std::move(message));
    }

private:
    std::string m_path;
    std::string_view m_bytes;
    Diagnostics& m_diagnostics;
    std::vector<std::size_t> m_line_starts;  // offset of each line's first byte
};

// Where a key that is unknown in one mapping belongs instead (e.g. `next` -> "a response ..."),
// or nothing. Lets an unknown key name the likely cause: a key indented at the wrong level.
using KeyHome = std::optional<std::string> (*)(std::string_view key);

// Where each scenario key belongs, for KeyHome.
[[nodiscard]] std::optional<std::string> scenario_key_home(std::string_view key);

// The allowed key a misspelt `key` most likely meant: a near spelling, or one that is a prefix of
// the other (`maximum` -> `max`, `opportunities` -> `opportunity`).
[[nodiscard]] std::optional<std::string> likely_key(std::string_view key,
                                                    const std::vector<std::string>& allowed);

// A mapping's entries checked against the keys it may have. Reports duplicate keys (RP104),
// unknown keys with a suggestion (RP101), non-scalar keys (RP103) and missing required keys
// (RP102), and lines inside a text block that look like one of `allowed` (RP111). A misspelt
// required key is reported once, as the misspelling (RP101), not also as
// missing. `home`, when given, names where an unknown key belongs instead.
class Fields {
public:
    Fields(const YNode& map, ReadContext& ctx, std::string what,
           const std::vector<std::string>& allowed, const std::vector<std::string>& required,
           KeyHome home = nullptr);

    [[nodiscard]] const YNode* get(std::string_view key) const;
    [[nodiscard]] const YNode& map() const { return m_map; }
    [[nodiscard]] const std::string& what() const { return m_what; }

private:
    const YNode& m_map;
    std::string m_what;
    std::vector<std::pair<std::string_view, const YNode*>> m_found;
};

// Is `node` a mapping? If not, RP103 naming what was expected.
bool expect_map(const YNode& node, ReadContext& ctx, const std::string& what);
bool expect_sequence(const YNode& node, ReadContext& ctx, const std::string& what);

// ` #` in unquoted text, which YAML reads as a comment that cuts the text short (RP112, a
// warning; the text is kept as read). read_text runs it on every value of more than one word.
// (A key line inside a `|` or `>` block, RP111, is checked by Fields, which knows the keys.)
void check_text_layout(const YNode& node, ReadContext& ctx, const std::string& what);

// Typed values. Each returns nullopt (after a diagnostic) when the value is unusable; `node` may be
// null for an absent optional key, which returns nullopt silently.
std::optional<std::string> read_text(const YNode* node, ReadContext& ctx, const std::string& what,
                                     bool allow_empty = false);
std::optional<long long> read_integer(const YNode* node, ReadContext& ctx, const std::string& what,
                                      long long min, long long max);
std::optional<bool> read_bool(const YNode* node, ReadContext& ctx, const std::string& what);
// An id: letters, digits, '_' and '-', starting with a letter (RP106 otherwise).
std::optional<std::string> read_id(const YNode* node, ReadContext& ctx, const std::string& what);
std::optional<std::vector<std::string>> read_text_list(const YNode* node, ReadContext& ctx,
                                                       const std::string& what);
// One of `choices` (RP106 with a suggestion otherwise).
std::optional<std::string> read_choice(const YNode* node, ReadContext& ctx, const std::string& what,
                                       const std::vector<std::string>& choices);

[[nodiscard]] bool is_valid_id(std::string_view id);
[[nodiscard]] std::string quote(std::string_view text);  // `text`, shortened if long

}  // namespace rapport::detail
