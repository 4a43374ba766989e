// Shared by the unit tests: the source tree, the skill catalogue, and loading YAML from a string.
#pragma once

#include <string>
#include <string_view>

#include "rapport/analysis.hpp"
#include "rapport/loader.hpp"
#include "rapport/session.hpp"

namespace rapport::test {

[[nodiscard]] std::string source_dir();
[[nodiscard]] std::string read_text(const std::string& path);
[[nodiscard]] const SkillCatalogue& catalogue();
[[nodiscard]] ScenarioLoad load_text(std::string_view yaml, const LoadOptions& options = {});
[[nodiscard]] std::shared_ptr<const Scenario> load_ok(std::string_view yaml);

// A minimal valid scenario: header, client, and the given state/nodes/endings YAML appended.
[[nodiscard]] std::string scenario_with(std::string_view body);

// The analysis the reports of big scenarios get: the whole graph stopped at once, every outlook
// from an exact search (with time enough to finish: no test depends on the clock). Much cheaper
// than the whole graph of a scenario like Marek's; what needs the whole graph (best paths, the
// best with and without an essential) is not available from it.
[[nodiscard]] Analysis searched_analysis(std::shared_ptr<const Scenario> scenario);

}  // namespace rapport::test
