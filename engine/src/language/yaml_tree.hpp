// A light, positioned YAML document tree built from yaml-cpp's event API. Internal to the loader:
// it keeps every key's position and duplicates (yaml-cpp's own Node drops both) and guards input
// size, nesting and alias expansion so that no input can exhaust time or memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rapport/diagnostics.hpp"

namespace rapport::detail {

struct YEntry;

struct YNode {
    enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
    Kind kind = Kind::Null;
    bool quoted = false;     // scalar written in quotes or as a block: never a number or boolean
    std::uint32_t line = 0;  // 1-based
    std::uint32_t column = 0;
    std::string value;            // scalar text
    std::string tag;              // an explicit YAML tag such as `!foo` (rare; empty otherwise)
    std::vector<YNode> items;     // sequence items
    std::vector<YEntry> entries;  // mapping entries in file order (duplicates kept)

    [[nodiscard]] bool is_scalar() const { return kind == Kind::Scalar; }
    [[nodiscard]] bool is_map() const { return kind == Kind::Map; }
    [[nodiscard]] bool is_sequence() const { return kind == Kind::Sequence; }
    [[nodiscard]] bool is_null() const { return kind == Kind::Null; }
};

struct YEntry {
    YNode key;
    YNode value;
};

struct ParseLimits {
    std::size_t max_bytes = 256u << 20;      // larger files are refused unread
    std::size_t max_alias_nodes = 1u << 20;  // nodes copied by alias expansion, in all
};

struct YDocument {
    YNode root;
    bool ok = false;  // false: diagnostics say why; root is Null
};

// Checks the bytes (not text, invalid UTF-8, size) and parses them. Positions are 1-based.
[[nodiscard]] YDocument parse_yaml(std::string_view bytes, const std::string& path,
                                   Diagnostics& diagnostics, const ParseLimits& limits = {});

[[nodiscard]] std::string_view kind_name(const YNode& node);

// The key of a line that looks like a YAML key line (`  key:` or `  - key: ...`), or nothing.
[[nodiscard]] std::optional<std::string> key_on_line(std::string_view line);

// The plain explanation and the usual causes of one of the YAML reader's messages (RP006), or
// nothing for a message it does not know. Every message the reader can give is covered.
[[nodiscard]] std::optional<std::pair<std::string, std::string>> explain_yaml_message(
    std::string_view msg);

}  // namespace rapport::detail
