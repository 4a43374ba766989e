// Small text helpers shared by the engine: UTF-8 checking, edit distance, stable hashing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::detail {

// Length of the valid UTF-8 sequence starting at byte `i` (1 for ASCII), with its code point in
// `cp`; 0 if the bytes there are not UTF-8 (overlong forms and surrogates included).
[[nodiscard]] std::size_t utf8_sequence_at(std::string_view bytes, std::size_t i,
                                           std::uint32_t& cp);

// Byte offset of the first byte that is not part of valid UTF-8, if any.
[[nodiscard]] std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

// 1-based line and byte column of a byte offset.
struct LineColumn {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};
[[nodiscard]] LineColumn line_column_at(std::string_view bytes, std::size_t offset);

[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);

// FNV-1a, 64 bit: stable across builds and machines (std::hash is not).
[[nodiscard]] std::uint64_t fnv1a64(std::string_view bytes);

// SplitMix64: the next value of the stream whose state is `x`. Used for every shuffle, because the
// standard distributions differ between library implementations.
inline std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
[[nodiscard]] std::string hex64(std::uint64_t value);

}  // namespace rapport::detail
