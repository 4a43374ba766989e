// FSRS-6 (see fsrs.hpp). Formulas as published by open-spaced-repetition (the FSRS wiki's "The
// Algorithm", py-fsrs 6's scheduler): forgetting curve, interval, initial and next difficulty
// with linear damping and mean reversion, recall and forget stability, same-day stability.
#include "rapport/fsrs.hpp"

#include <algorithm>
#include <cmath>

namespace rapport {

namespace {
constexpr double min_stability = 0.001;
}

Fsrs::Fsrs(FsrsParameters p) : m_p(p) {
    m_p.desired_retention = std::clamp(m_p.desired_retention, min_retention, max_retention);
    m_decay = -m_p.w[20];
    m_factor = std::pow(0.9, 1.0 / m_decay) - 1.0;
}

double Fsrs::retrievability(double elapsed_days, double stability) const {
    return std::pow(1.0 + m_factor * std::max(0.0, elapsed_days) / stability, m_decay);
}

double Fsrs::interval_days(double stability) const {
    return stability / m_factor * (std::pow(m_p.desired_retention, 1.0 / m_decay) - 1.0);
}

int Fsrs::next_interval(double stability) const {
    const double days = std::clamp(std::round(interval_days(stability)), 1.0, m_p.maximum_interval);
    return static_cast<int>(days);
}

double Fsrs::initial_stability(Rating g) const {
    return std::max(m_p.w[static_cast<std::size_t>(static_cast<int>(g) - 1)], min_stability);
}

double Fsrs::initial_difficulty(Rating g) const {
    const double d = m_p.w[4] - std::exp(m_p.w[5] * (static_cast<int>(g) - 1)) + 1.0;
    return std::clamp(d, 1.0, 10.0);
}

double Fsrs::next_difficulty(double d, Rating g) const {
    const double delta = -m_p.w[6] * (static_cast<int>(g) - 3);
    const double damped = d + delta * (10.0 - d) / 9.0;  // linear damping
    // Mean reversion towards D0(Easy), unclamped as in the reference.
    const double d0_easy = m_p.w[4] - std::exp(m_p.w[5] * 3.0) + 1.0;
    const double next = m_p.w[7] * d0_easy + (1.0 - m_p.w[7]) * damped;
    return std::clamp(next, 1.0, 10.0);
}

double Fsrs::recall_stability(double d, double s, double r, Rating g) const {
    const double hard = g == Rating::Hard ? m_p.w[15] : 1.0;
    const double easy = g == Rating::Easy ? m_p.w[16] : 1.0;
    return s * (1.0 + std::exp(m_p.w[8]) * (11.0 - d) * std::pow(s, -m_p.w[9]) *
                          (std::exp(m_p.w[10] * (1.0 - r)) - 1.0) * hard * easy);
}

double Fsrs::forget_stability(double d, double s, double r) const {
    const double long_term = m_p.w[11] * std::pow(d, -m_p.w[12]) *
                             (std::pow(s + 1.0, m_p.w[13]) - 1.0) * std::exp(m_p.w[14] * (1.0 - r));
    const double short_term = s / std::exp(m_p.w[17] * m_p.w[18]);
    return std::max(min_stability, std::min(long_term, short_term));
}

double Fsrs::short_term_stability(double s, Rating g) const {
    const int gi = static_cast<int>(g);
    double increase = std::exp(m_p.w[17] * (gi - 3 + m_p.w[18])) * std::pow(s, -m_p.w[19]);
    if (gi >= 3) increase = std::max(increase, 1.0);  // a success never lowers stability
    return std::max(min_stability, s * increase);
}

MemoryState Fsrs::review(const std::optional<MemoryState>& before, double elapsed_days,
                         Rating g) const {
    if (!before) return {initial_difficulty(g), initial_stability(g)};
    MemoryState out;
    if (elapsed_days < 1.0) {
        out.stability = short_term_stability(before->stability, g);
    } else {
        const double r = retrievability(elapsed_days, before->stability);
        out.stability = g == Rating::Again
                            ? forget_stability(before->difficulty, before->stability, r)
                            : recall_stability(before->difficulty, before->stability, r, g);
    }
    out.difficulty = next_difficulty(before->difficulty, g);
    return out;
}

}  // namespace rapport
