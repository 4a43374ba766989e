// Whole-scenario checks run after loading: structure (unreachable nodes and endings, unused
// variables) and an exact, bounded exploration of play states (dead ends, conditions that never
// hold).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>

#include "rapport/analysis.hpp"
#include "rapport/diagnostics.hpp"
#include "rapport/scenario.hpp"

namespace rapport::detail {

struct CheckInput {
    const std::set<int>& used_vars;  // variables read by an expression or changed by an effect
    bool explore = true;             // false when earlier errors make the graph unreliable
    std::size_t budget = 0;          // most play states to explore
    std::chrono::milliseconds time_budget{0};  // 0: no limit
    std::size_t memory_budget = 0;             // bytes; 0: no limit
    // The scenario being checked, owned (the analysis keeps it); and where the one exploration is
    // handed back so that feedback reuses it (null: not wanted).
    std::shared_ptr<const Scenario> owner;
    std::shared_ptr<const Analysis>* analysis = nullptr;
    // Asked once the scenario is complete (turn cap set): true skips the exploration (a valid
    // analysis cache says this version was explored, without errors, before).
    std::function<bool(const Scenario&)> explored_before;
};

void check_scenario(Scenario& scenario, const CheckInput& input, Diagnostics& diagnostics);

}  // namespace rapport::detail
