// What the trainee sees before a session: the referral and the intake note, never the author's
// instructor notes (which would give the plot away). In exam mode the objectives are generic; the
// scenario's own appear in the debrief.
#pragma once

#include <string>
#include <vector>

#include "rapport/scenario.hpp"

namespace rapport {

struct Briefing {
    std::string title;
    std::string summary;
    std::string client_name;
    int client_age = 0;
    std::string pronouns;
    std::string presenting_concern;
    std::string referral;
    std::string setting;      // setting_label(): "US (Ohio), community mental health clinic"
    std::string intake_note;  // the scenario's `known_before`
    std::vector<std::string> content_notes;
    std::vector<std::string> objectives;
    bool generic_objectives = false;  // exam mode: the scenario's own are held back until the end
};

// The objectives every first session is judged against, shown in exam mode.
[[nodiscard]] const std::vector<std::string>& generic_objectives();

[[nodiscard]] Briefing briefing_for(const Scenario& scenario, bool exam);

}  // namespace rapport
