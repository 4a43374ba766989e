// Loading scenarios and the skill catalogue from YAML, with every problem as a positioned
// diagnostic. A scenario is returned only when it has no errors (warnings are allowed).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rapport/analysis.hpp"
#include "rapport/diagnostics.hpp"
#include "rapport/scenario.hpp"

namespace rapport {

// The catalogue in assets/skills.yaml: format 1 skill tags, and for format 2 the behaviour codes,
// the novice errors and the first-session essentials.
struct SkillCatalogue {
    std::vector<Skill> skills;
    std::vector<Code> codes;
    std::vector<ErrorDef> errors;
    std::vector<Essential> essentials;
    std::string path;
};

struct CatalogueLoad {
    SkillCatalogue catalogue;
    Diagnostics diagnostics;
};

struct ScenarioLoad {
    std::shared_ptr<const Scenario> scenario;  // null when diagnostics has errors
    Diagnostics diagnostics;
    // The exploration the checks made (null when they did not explore), for the feedback to reuse:
    // complete, or stopped at a bound (then its outlooks come from bounded searches).
    std::shared_ptr<const Analysis> analysis;
};

struct LoadOptions {
    // Exploring the play states finds dead ends and endings that can never be reached; beyond this
    // many states the check stops and says so.
    std::size_t exploration_budget = 2'000'000;
    std::chrono::milliseconds exploration_time{0};  // also stop after this long; 0: no limit
    std::size_t exploration_memory = 0;             // and beyond this many bytes; 0: no limit
    bool explore = true;
    // Asked when the scenario has loaded without errors, before exploring: true skips the
    // exploration (the front end found a valid analysis cache for this version, made after a load
    // without errors).
    std::function<bool(const Scenario&)> explored_before;
    std::size_t max_bytes = 256u << 20;  // larger files are refused unread (RP005)
};

// The skill groups a catalogue or scenario may use.
[[nodiscard]] const std::vector<std::string>& skill_groups();

[[nodiscard]] CatalogueLoad load_skill_catalogue(const std::string& path);
[[nodiscard]] CatalogueLoad parse_skill_catalogue(std::string_view bytes, const std::string& path);

[[nodiscard]] ScenarioLoad load_scenario(const std::string& path, const SkillCatalogue& catalogue,
                                         const LoadOptions& options = {});
// `path` is only used in diagnostics and recorded in the scenario.
[[nodiscard]] ScenarioLoad parse_scenario(std::string_view bytes, const std::string& path,
                                          const SkillCatalogue& catalogue,
                                          const LoadOptions& options = {});

// Reads a whole file; on failure adds RP001 and returns nullopt. Refuses folders, devices and pipes
// (RP001) and files over `max_bytes` (RP005) before reading. Exposed for the other loaders.
[[nodiscard]] std::optional<std::string> read_file(const std::string& path,
                                                   Diagnostics& diagnostics,
                                                   std::size_t max_bytes = 256u << 20);

}  // namespace rapport
