// Shared by the unit tests: the source tree, the skill catalogue, and loading YAML from a string.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace rapport::test
