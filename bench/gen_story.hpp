// One generated branching story written twice, as a Rapport scenario and as ink, for the inkjs
// comparison (bench_ink): the same nodes, the same choices in the same order, the same effects on
// the same variables (clamped to 0..100 in both), one conditional choice per node, the same
// endings. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>

namespace rapport::bench {

struct StoryOptions {
    int nodes = 5000;
    std::uint64_t seed = 7;
};

struct Story {
    std::string rapport_yaml;
    std::string ink;
};

[[nodiscard]] Story generate_story(const StoryOptions& options);

}  // namespace rapport::bench
