// Starting part-way through a scenario (see rapport/branch.hpp): one definition shared by the
// window's "Try a branch" and `rapport play --from --set`.
#include "rapport/branch.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>

#include "base/text.hpp"

namespace rapport {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// "did you mean 'x'? " for a near miss, then the valid names (at most `shown` of them).
std::string valid_names(std::string_view word, const std::vector<std::string>& names,
                        const char* what) {
    std::string out;
    if (auto near = detail::closest_match(word, names)) out += "; did you mean '" + *near + "'?";
    constexpr std::size_t shown = 12;
    out += names.size() == 1 ? " (the only " : " (the ";
    out += what;
    out += names.size() == 1 ? " is " : "s are ";
    for (std::size_t i = 0; i < names.size() && i < shown; ++i)
        out += (i ? ", " : "") + names[i];
    if (names.size() > shown) out += ", and " + std::to_string(names.size() - shown) + " more";
    out += ")";
    return out;
}

std::string range_text(const StateVar& v) {
    return v.id + " goes from " + std::to_string(v.min) + " to " + std::to_string(v.max);
}

}  // namespace

PlayState branch_state(const Scenario& s, int node, const std::vector<int>& values) {
    assert(node >= 0 && node < static_cast<int>(s.nodes.size()) && "branch_state: no such node");
    PlayState state;
    state.values.reserve(s.vars.size());
    for (std::size_t i = 0; i < s.vars.size(); ++i) {
        const StateVar& v = s.vars[i];
        state.values.push_back(i < values.size() ? std::clamp(values[i], v.min, v.max) : v.initial);
    }
    state.visited.assign(static_cast<std::size_t>(s.visit_slots), 0);
    state.used.assign(static_cast<std::size_t>(s.once_slots), 0);
    state.flags.assign(static_cast<std::size_t>(s.flag_count()), 0);
    // Arriving with the chosen values: the variant shown is the one they select.
    enter_node(s, state, node);
    return state;
}

std::variant<PlayState, std::string> branch_state(const Scenario& s, std::string_view node,
                                                  std::string_view set) {
    if (s.nodes.empty()) return std::string("the scenario has no nodes");
    int at = s.start;
    node = trimmed(node);
    if (!node.empty()) {
        const auto it = std::find_if(s.nodes.begin(), s.nodes.end(),
                                     [&](const Node& n) { return n.id == node; });
        if (it == s.nodes.end()) {
            std::vector<std::string> ids;
            for (const auto& n : s.nodes)
                ids.push_back(n.id);
            return "no node '" + std::string(node) + "' in this scenario" +
                   valid_names(node, ids, "node");
        }
        at = static_cast<int>(it - s.nodes.begin());
    }
    std::vector<int> values;
    for (const auto& v : s.vars)
        values.push_back(v.initial);
    std::vector<bool> given(s.vars.size(), false);
    std::vector<std::string> var_ids;
    for (const auto& v : s.vars)
        var_ids.push_back(v.id);
    if (!trimmed(set).empty()) {
        std::size_t pos = 0;
        while (pos <= set.size()) {
            const std::size_t comma = std::min(set.find(',', pos), set.size());
            const std::string_view item = trimmed(set.substr(pos, comma - pos));
            pos = comma + 1;
            if (item.empty())
                return std::string(
                    "an empty item in the list of values; write var=value,var=value (no "
                    "extra commas)");
            const std::size_t eq = item.find('=');
            const std::string_view name = trimmed(item.substr(0, eq));
            if (eq == std::string_view::npos || name.empty())
                return "'" + std::string(item) + "' is not var=value (write it like " +
                       (s.vars.empty()
                            ? std::string("trust=40")
                            : s.vars.front().id + "=" + std::to_string(s.vars.front().initial)) +
                       ")";
            const auto it = std::find(var_ids.begin(), var_ids.end(), name);
            if (it == var_ids.end()) {
                if (var_ids.empty())
                    return "no state variable '" + std::string(name) + "': this scenario has none";
                return "no state variable '" + std::string(name) + "' in this scenario" +
                       valid_names(name, var_ids, "variable");
            }
            const auto index = static_cast<std::size_t>(it - var_ids.begin());
            const StateVar& v = s.vars[index];
            if (given[index]) return v.id + " is set twice";
            const std::string_view text = trimmed(item.substr(eq + 1));
            long long value = 0;
            const char* first = text.data();
            const char* last = text.data() + text.size();
            if (!text.empty() && *first == '+' && text.size() > 1 && text[1] != '-') ++first;
            const auto [end, ec] = std::from_chars(first, last, value);
            if (text.empty() || first == last || ec == std::errc::invalid_argument || end != last)
                return v.id + "=" + std::string(text) + ": the value must be a whole number (" +
                       range_text(v) + ")";
            if (ec == std::errc::result_out_of_range || value < v.min || value > v.max)
                return v.id + "=" + std::string(text) + " is out of range: " + range_text(v);
            values[index] = static_cast<int>(value);
            given[index] = true;
        }
    }
    return branch_state(s, at, values);
}

}  // namespace rapport
