// The analysis cache: what an analysis has worked out for one scenario version (the outlooks at the
// states sessions visited, exact or bounds, and for a complete analysis its whole-session figures)
// kept in a folder the front end chooses, so that it is computed once per version and reused.
// A file is keyed by the scenario's content hash, checked in full before use (magic, version,
// hash, sizes against the scenario, every index in range, a checksum) and ignored when anything
// is wrong: a corrupt, truncated, foreign or hostile file is rebuilt, never trusted.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "rapport/analysis.hpp"

namespace rapport {

// Most entries and bytes a cache file may hold; larger files are refused unread.
inline constexpr std::size_t analysis_cache_max_entries = 200'000;
inline constexpr std::size_t analysis_cache_max_bytes = 32u << 20;

[[nodiscard]] std::string encode_analysis_cache(const Analysis& analysis);
// The summary in `bytes` when it is a valid cache for `scenario`; else nullopt and `why`.
[[nodiscard]] std::optional<Analysis::Summary> decode_analysis_cache(std::string_view bytes,
                                                                     const Scenario& scenario,
                                                                     std::string* why = nullptr);

// A cache folder: one file per scenario version, FOLDER/analysis-HASH.bin.
class AnalysisCache {
public:
    explicit AnalysisCache(std::filesystem::path folder) : m_folder(std::move(folder)) {}
    [[nodiscard]] std::filesystem::path file_for(const Scenario& scenario) const;
    // The cached summary for this version, when its file is there and valid.
    [[nodiscard]] std::optional<Analysis::Summary> read(const Scenario& scenario,
                                                        std::string* why = nullptr) const;
    // Writes (atomically) the cache of `analysis`; an error message on failure.
    [[nodiscard]] std::optional<std::string> write(const Analysis& analysis) const;

private:
    std::filesystem::path m_folder;
};

}  // namespace rapport
