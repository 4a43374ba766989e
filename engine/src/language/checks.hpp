// Whole-scenario checks run after loading: structure (unreachable nodes and endings, unused
// variables) and an exact, bounded exploration of play states (dead ends, conditions that never
// hold).
#pragma once

#include <cstddef>
#include <set>

#include "rapport/diagnostics.hpp"
#include "rapport/scenario.hpp"

namespace rapport::detail {

struct CheckInput {
    const std::set<int>& used_vars;  // variables read by an expression or changed by an effect
    bool explore = true;             // false when earlier errors make the graph unreliable
    std::size_t budget = 0;          // most play states to explore
};

void check_scenario(Scenario& scenario, const CheckInput& input, Diagnostics& diagnostics);

}  // namespace rapport::detail
