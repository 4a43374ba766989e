// FSRS-6 against values worked by hand from the published formulas and default parameters
// (w0..w20 in fsrs.hpp). Each step is written out so it can be checked with a calculator.
#include <doctest/doctest.h>

#include <cmath>

#include "rapport/drill_session.hpp"
#include "rapport/fsrs.hpp"

using namespace rapport;
using doctest::Approx;

TEST_CASE("FSRS-6: forgetting curve and interval") {
    const Fsrs f;
    // DECAY = -w20 = -0.1542; FACTOR = 0.9^(1/DECAY) - 1 = 0.9^(-6.48508) - 1
    //       = e^(6.48508 * 0.1053605) - 1 = e^0.683265 - 1 = 0.980346.
    // R(t = S) = (1 + FACTOR)^DECAY = 1.980346^-0.1542 = 0.9: stability is the 90% point.
    CHECK(f.retrievability(10, 10) == Approx(0.9).epsilon(1e-9));
    CHECK(f.retrievability(0, 10) == Approx(1.0));
    // R(2, 2.3065) = (1 + 0.980346 * 2 / 2.3065)^-0.1542 = 1.850071^-0.1542 = 0.909493.
    CHECK(f.retrievability(2, 2.3065) == Approx(0.909493).epsilon(1e-5));
    // At retention 0.9 the interval is S itself: S / FACTOR * (0.9^(1/DECAY) - 1) = S.
    CHECK(f.interval_days(2.3065) == Approx(2.3065));
    CHECK(f.next_interval(2.3065) == 2);
    // At 0.8: 0.8^(-6.48508) = e^(6.48508 * 0.223144) = e^1.447105 = 4.250836;
    // I = 2.3065 / 0.980346 * 3.250836 = 7.648261 -> 8 days.
    FsrsParameters p;
    p.desired_retention = 0.8;
    const Fsrs loose(p);
    CHECK(loose.interval_days(2.3065) == Approx(7.648261).epsilon(1e-5));
    CHECK(loose.next_interval(2.3065) == 8);
    // At 0.95 (asks more often): 0.95^(-6.48508) = 1.394654; I(10) = 10 / 0.980346 * 0.394654
    // = 4.025587 -> 4 days.
    p.desired_retention = 0.95;
    CHECK(Fsrs(p).interval_days(10) == Approx(4.025587).epsilon(1e-5));
    // Retention is kept within 0.70-0.97.
    p.desired_retention = 0.5;
    CHECK(Fsrs(p).parameters().desired_retention == Approx(0.70));
}

TEST_CASE("FSRS-6: first review") {
    const Fsrs f;
    // S0(G) = w[G-1].
    CHECK(f.initial_stability(Rating::Again) == Approx(0.212));
    CHECK(f.initial_stability(Rating::Good) == Approx(2.3065));
    CHECK(f.initial_stability(Rating::Easy) == Approx(8.2956));
    // D0(G) = w4 - e^(w5 (G - 1)) + 1, clamped to 1..10.
    // Again: 6.4133 - e^0 + 1 = 6.4133.
    CHECK(f.initial_difficulty(Rating::Again) == Approx(6.4133));
    // Good: 6.4133 - e^(0.8334 * 2) + 1 = 6.4133 - e^1.6668 + 1 = 6.4133 - 5.295196 + 1 = 2.118104.
    CHECK(f.initial_difficulty(Rating::Good) == Approx(2.118104).epsilon(1e-5));
    // Easy: 6.4133 - e^2.5002 + 1 = -4.771631 -> clamped to 1.
    CHECK(f.initial_difficulty(Rating::Easy) == Approx(1.0));
}

TEST_CASE("FSRS-6: a sequence of reviews") {
    const Fsrs f;
    // 1. New item answered right (Good): D = 2.118104, S = 2.3065, next in 2 days.
    MemoryState m = f.review(std::nullopt, 0, Rating::Good);
    CHECK(m.difficulty == Approx(2.118104).epsilon(1e-5));
    CHECK(m.stability == Approx(2.3065));

    // 2. Right again (Good) after 2 days. R = 0.909493 (above).
    //    S'r = S (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1))
    //        = 2.3065 (1 + e^1.8722 * 8.881896 * 2.3065^-0.1666 * (e^(0.796 * 0.090507) - 1))
    //        = 2.3065 (1 + 6.502319 * 8.881896 * 0.869812 * 0.074692) = 2.3065 * 4.753668
    //        = 10.964332 -> next in 11 days.
    //    D' = w7 D0(Easy, unclamped) + (1 - w7)(D + 0 * ...) = 0.001 * -4.771631 + 0.999 * 2.118104
    //       = 2.111214.
    m = f.review(m, 2, Rating::Good);
    CHECK(m.stability == Approx(10.964332).epsilon(1e-5));
    CHECK(m.difficulty == Approx(2.111214).epsilon(1e-5));
    CHECK(f.next_interval(m.stability) == 11);

    // 3. Wrong (Again) after 6 days. R = (1 + 0.980346 * 6 / 10.964332)^-0.1542 = 0.935918.
    //    S'f = w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R))
    //        = 1.4835 * 2.111214^-0.0614 * (11.964332^0.2629 - 1) * e^(1.6483 * 0.064082)
    //        = 1.4835 * 0.955159 * 0.919965 * 1.111329 = 1.449372,
    //    below the cap S / e^(w17 w18) = 10.964332 / 1.050717 = 10.435.
    //    D' (Again, delta = -w6 (1 - 3) = 6.0388, damped by (10 - D) / 9 = 0.876532):
    //       2.111214 + 5.293260 = 7.404474; mean reversion: 0.001 * -4.771631 + 0.999 * 7.404474
    //       = 7.392238.
    m = f.review(m, 6, Rating::Again);
    CHECK(m.stability == Approx(1.449372).epsilon(1e-5));
    CHECK(m.difficulty == Approx(7.392238).epsilon(1e-5));
    CHECK(f.next_interval(m.stability) == 1);

    // 4. Right (Good) after 1 day: R = 0.923424; S'r = 3.458279 -> 3 days; D' = 7.380074.
    m = f.review(m, 1, Rating::Good);
    CHECK(m.stability == Approx(3.458279).epsilon(1e-5));
    CHECK(m.difficulty == Approx(7.380074).epsilon(1e-5));
    CHECK(f.next_interval(m.stability) == 3);
}

TEST_CASE("FSRS-6: easy bonus and same-day reviews") {
    const Fsrs f;
    // Easy first (S = 8.2956, D = 1), then Easy after 8 days: R = 0.902; with the easy bonus
    // w16 = 1.8729, S'r = 65.624226 -> 66 days.
    MemoryState m = f.review(std::nullopt, 0, Rating::Easy);
    m = f.review(m, 8, Rating::Easy);
    CHECK(m.stability == Approx(65.624226).epsilon(1e-5));
    CHECK(f.next_interval(m.stability) == 66);
    // Same day (under a day): S' = S e^(w17 (G - 3 + w18)) S^-w19.
    // Again from S = 2.3065: 2.3065 * e^(0.5425 * -1.9088) * 2.3065^-0.0658 = 0.775084.
    CHECK(f.short_term_stability(2.3065, Rating::Again) == Approx(0.775084).epsilon(1e-5));
    // Good never lowers stability on the same day.
    CHECK(f.short_term_stability(2.3065, Rating::Good) >= 2.3065);
}

TEST_CASE("grading and scheduling answers") {
    DrillItem item;
    item.stem = "One two three four";  // 4 words
    item.options = {{"yes", true, "r"}, {"no", false, "r"}};
    // Fast: 4 s + 0.25 s per word (6 words) = 5.5 s.
    CHECK(fast_answer_seconds(item) == Approx(5.5));
    CHECK(rating_for(item, false, 1) == Rating::Again);
    CHECK(rating_for(item, true, 5) == Rating::Easy);
    CHECK(rating_for(item, true, 30) == Rating::Good);

    const Fsrs f;
    const double day = 20000;
    ItemSchedule s = schedule_after(f, std::nullopt, Rating::Good, day);
    CHECK(s.reps == 1);
    CHECK(s.lapses == 0);
    CHECK(s.due == Approx(day + 2));
    s = schedule_after(f, s, Rating::Again, day + 2);
    CHECK(s.lapses == 1);
    CHECK(s.due == Approx(day + 2 + f.next_interval(s.memory.stability)));
}
