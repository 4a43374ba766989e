// Spaced repetition with FSRS-6 (the Free Spaced Repetition Scheduler, open-spaced-repetition),
// from its published formulas and default parameters. Each drill item has a memory state:
// difficulty D (1-10), stability S (days until the chance of recall falls to 90%), and the time of
// its last review; the next review is due when the predicted recall R falls to the desired
// retention. Pure functions, no clock: callers pass times in days.
#pragma once

#include <array>
#include <optional>

namespace rapport {

enum class Rating : int { Again = 1, Hard = 2, Good = 3, Easy = 4 };

struct FsrsParameters {
    // FSRS-6 defaults (w0..w20), as published with the reference scheduler (py-fsrs 6,
    // fsrs-rs): trained on the open Anki review dataset.
    std::array<double, 21> w{0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
                             0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
                             1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
    double desired_retention = 0.9;   // allowed 0.70-0.97
    double maximum_interval = 36500;  // days
};

inline constexpr double min_retention = 0.70;
inline constexpr double max_retention = 0.97;

struct MemoryState {
    double difficulty = 0;  // 1..10
    double stability = 0;   // days
};

class Fsrs {
public:
    explicit Fsrs(FsrsParameters p = {});
    [[nodiscard]] const FsrsParameters& parameters() const { return m_p; }

    // R(t, S) = (1 + FACTOR * t / S) ^ DECAY, DECAY = -w20, FACTOR = 0.9 ^ (1 / DECAY) - 1.
    [[nodiscard]] double retrievability(double elapsed_days, double stability) const;
    // Days until R falls to the desired retention: S / FACTOR * (r ^ (1 / DECAY) - 1), before
    // rounding.
    [[nodiscard]] double interval_days(double stability) const;
    // The scheduled interval in whole days: rounded, at least 1, at most maximum_interval.
    [[nodiscard]] int next_interval(double stability) const;

    [[nodiscard]] double initial_stability(Rating g) const;   // S0(G) = w[G-1]
    [[nodiscard]] double initial_difficulty(Rating g) const;  // D0(G) = w4 - e^(w5 (G-1)) + 1
    [[nodiscard]] double next_difficulty(double d, Rating g) const;
    [[nodiscard]] double recall_stability(double d, double s, double r, Rating g) const;
    [[nodiscard]] double forget_stability(double d, double s, double r) const;
    [[nodiscard]] double short_term_stability(double s, Rating g) const;

    // The memory state after a review `elapsed_days` after the previous one (nullopt: the first
    // review). Reviews less than a day apart use the short-term (same-day) formula.
    [[nodiscard]] MemoryState review(const std::optional<MemoryState>& before, double elapsed_days,
                                     Rating g) const;

private:
    FsrsParameters m_p;
    double m_decay, m_factor;
};

}  // namespace rapport
