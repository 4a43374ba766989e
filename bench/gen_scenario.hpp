// Generates large, valid scenarios for benchmarks: many nodes, author variables, conditions,
// variants, cycles and once-only responses. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>

namespace rapport::bench {

struct GenOptions {
    int nodes = 5000;
    int vars = 3;  // author-defined variables besides trust, rapport and dependence
    std::uint64_t seed = 1;
};

[[nodiscard]] std::string generate_scenario(const GenOptions& options);

}  // namespace rapport::bench
