// Coverage: what a set of sessions (played plans, saved sessions) reached, read from each
// session's transcript through the public Session API (see rapport/testing.hpp).
#include <cassert>

#include "rapport/testing.hpp"

namespace rapport {

Coverage::Coverage(std::shared_ptr<const Scenario> scenario) : m_scenario(std::move(scenario)) {
    const Scenario& s = *m_scenario;
    m_nodes.assign(s.nodes.size(), 0);
    m_endings.assign(s.endings.size(), 0);
    for (const auto& n : s.nodes) {
        m_lines.emplace_back(n.variants.size() + 1, 0);
        m_responses.emplace_back(n.responses.size(), 0);
    }
}

void Coverage::add(const Session& session) {
    assert(&session.scenario() == m_scenario.get() &&
           "Coverage::add: the session plays another scenario");
    const Scenario& s = *m_scenario;
    // Each item counts once per session, however often the session reached it.
    std::vector<std::uint8_t> nodes(s.nodes.size(), 0), endings(s.endings.size(), 0);
    std::vector<std::vector<std::uint8_t>> lines, responses;
    for (const auto& n : s.nodes) {
        lines.emplace_back(n.variants.size() + 1, 0);
        responses.emplace_back(n.responses.size(), 0);
    }
    for (const Turn& t : session.transcript()) {
        const auto n = static_cast<std::size_t>(t.node);
        nodes[n] = 1;
        lines[n][static_cast<std::size_t>(t.variant + 1)] = 1;
        responses[n][static_cast<std::size_t>(t.response)] = 1;
    }
    if (session.finished()) {
        endings[static_cast<std::size_t>(session.state().ending)] = 1;
    } else {
        const auto n = static_cast<std::size_t>(session.state().node);
        nodes[n] = 1;
        lines[n][static_cast<std::size_t>(session.line().variant + 1)] = 1;
    }
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        m_nodes[n] += nodes[n];
        for (std::size_t v = 0; v < lines[n].size(); ++v)
            m_lines[n][v] += lines[n][v];
        for (std::size_t r = 0; r < responses[n].size(); ++r)
            m_responses[n][r] += responses[n][r];
    }
    for (std::size_t e = 0; e < endings.size(); ++e)
        m_endings[e] += endings[e];
    ++m_sessions;
}

std::uint32_t Coverage::node(int n) const {
    return m_nodes.at(static_cast<std::size_t>(n));
}

std::uint32_t Coverage::line(int n, int variant) const {
    return m_lines.at(static_cast<std::size_t>(n)).at(static_cast<std::size_t>(variant + 1));
}

std::uint32_t Coverage::response(int n, int r) const {
    return m_responses.at(static_cast<std::size_t>(n)).at(static_cast<std::size_t>(r));
}

std::uint32_t Coverage::ending(int e) const {
    return m_endings.at(static_cast<std::size_t>(e));
}

namespace {
Coverage::Count count(const std::vector<std::uint32_t>& v) {
    Coverage::Count c;
    for (auto x : v) {
        ++c.total;
        c.reached += x > 0;
    }
    return c;
}
Coverage::Count count(const std::vector<std::vector<std::uint32_t>>& vv) {
    Coverage::Count c;
    for (const auto& v : vv) {
        const auto one = count(v);
        c.total += one.total;
        c.reached += one.reached;
    }
    return c;
}
}  // namespace

Coverage::Count Coverage::nodes() const {
    return count(m_nodes);
}
Coverage::Count Coverage::lines() const {
    return count(m_lines);
}
Coverage::Count Coverage::responses() const {
    return count(m_responses);
}
Coverage::Count Coverage::endings() const {
    return count(m_endings);
}

}  // namespace rapport
