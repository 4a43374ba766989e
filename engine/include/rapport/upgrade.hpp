// `rapport upgrade`: rewrites a format 1 scenario's text as format 2, keeping its comments and
// layout, and checks that the result loads and plays exactly as the original did.
#pragma once

#include <string>
#include <string_view>

#include "rapport/diagnostics.hpp"
#include "rapport/loader.hpp"

namespace rapport {

struct UpgradeResult {
    bool upgraded = false;         // true: `text` holds the format 2 file
    bool already_format2 = false;  // the input says `format: 2`: nothing to do, nothing checked
    std::string text;              // the upgraded file; empty unless `upgraded`
    Diagnostics diagnostics;       // why it was refused: the input's own, RP601 or RP602
    // Upgraded: the format 2 checks a format 1 file never had (clueing, red flags, essentials)
    // on the new text, as warnings for the author to act on; they do not stop the upgrade.
    Diagnostics advice;
};

// Upgrades the format 1 scenario `bytes` (read from `path`, used in diagnostics). Refuses, with the
// input's diagnostics, when loading it gives any error or warning; refuses with RP601 when a key
// to rewrite is written in a way the text rewrite cannot follow (an alias, a tag, a value on
// another line) and RP602 when the rewritten text would not load or play the same.
[[nodiscard]] UpgradeResult upgrade_scenario(std::string_view bytes, const std::string& path,
                                             const SkillCatalogue& catalogue);

}  // namespace rapport
