// The trainee's briefing (see briefing.hpp).
#include "rapport/briefing.hpp"

namespace rapport {

const std::vector<std::string>& generic_objectives() {
    static const std::vector<std::string> objectives{
        "Open the session so that the client knows what happens here, who you are and who hears "
        "what they say.",
        "Listen more than you ask: reflect feeling and meaning.",
        "Notice cues of risk and respond to them directly and safely.",
        "Leave decisions with the client, and agree with them what the sessions are for.",
        "Close the session well: time, how it went, where to turn before next time.",
    };
    return objectives;
}

Briefing briefing_for(const Scenario& s, bool exam) {
    Briefing b;
    b.title = s.title;
    b.summary = s.summary;
    b.client_name = s.client.name;
    b.client_age = s.client.age;
    b.pronouns = s.client.pronouns;
    b.presenting_concern = s.client.presenting_concern;
    b.referral = s.client.referral;
    b.setting = setting_label(s.setting);
    b.intake_note = s.client.known_before;
    b.content_notes = s.content_notes;
    b.generic_objectives = exam;
    b.objectives = exam ? generic_objectives() : s.objectives;
    return b;
}

}  // namespace rapport
