/* The city's measures worked out by hand: the online heat for three
 * complaints at known times, and the resilience figures of a Q(t) with two
 * dips (and of one dip interrupted by an interval without passages). */
#include <math.h>

#include "check.h"
#include "city/city_internal.h"

/* tau = 1 h, threshold = 2/h x 1 h = 2; complaints at 0, 600 and 1200 s. */
static void setup_heat(struct city *c, struct city_config *cfg, double hold_s)
{
    *cfg = (struct city_config){.has_trending = true,
                                .trending = {.above_per_s = 2.0 / 3600, .hold_s = hold_s,
                                             .tau_s = 3600, .apology = 0.5}};
    *c = (struct city){.cfg = cfg};
    city_heat_init(c);
    city_heat_complaint(c, 0);
    city_heat_complaint(c, 600);
    city_heat_complaint(c, 1200);
}

static void test_heat(void)
{
    struct city c;
    struct city_config cfg;
    setup_heat(&c, &cfg, 0);
    /* H(1200) = 1 + e^(-1/6) + e^(-1/3) = 2.563013 >= 2: trending from 1200 s
     * until H = 2, at 1200 + 3600 ln(2.563013 / 2) = 2092.93 s. */
    double h1200 = 1 + exp(-1.0 / 6) + exp(-1.0 / 3);
    CHECK_NEAR(h1200, 2.563013, 1e-6);                /* the hand figure */
    CHECK_NEAR(c.heat.peak, h1200, 1e-12);
    CHECK(city_trending_at(&c, 2000));
    CHECK(!city_trending_at(&c, 2100));
    double down = 1200 + 3600 * log(h1200 / 2);
    CHECK_NEAR(down, 2092.93, 0.01);
    /* at 7200 s: H = h1200 e^(-5/3); the integral is tau times the sum of
     * (1 - e^(-(7200 - t_i)/tau)) = 3600 x 2.515910 = 9057.28 s */
    CHECK_NEAR(city_heat_at(&c, 7200), h1200 * exp(-6000.0 / 3600), 1e-12);
    CHECK_NEAR(c.heat.area, 9057.28, 0.01);
    CHECK_NEAR(c.heat.trending_s, down - 1200, 1e-9);

    /* a 10-minute hold: trending from 1800 s to the same fall */
    setup_heat(&c, &cfg, 600);
    CHECK(!city_trending_at(&c, 1700));
    CHECK(city_trending_at(&c, 1900));
    city_heat_at(&c, 7200);
    CHECK_NEAR(c.heat.trending_s, down - 1800, 1e-9);

    /* an apology at 1500 s halves H (to 1.17 < 2): trending stops there */
    setup_heat(&c, &cfg, 0);
    city_heat_apology(&c, 1500);
    CHECK_NEAR(c.heat.h, 0.5 * h1200 * exp(-300.0 / 3600), 1e-12);
    CHECK(!city_trending_at(&c, 1501));
    city_heat_at(&c, 7200);
    CHECK_NEAR(c.heat.trending_s, 300, 1e-9);

    /* nothing counts before the warm-up's end at 1000 s: the peak is H then */
    setup_heat(&c, &cfg, 0);
    struct city w = {.cfg = &cfg};
    city_heat_init(&w);
    city_heat_complaint(&w, 0);
    city_heat_complaint(&w, 600);
    city_heat_warmup_end(&w, 1000);
    CHECK_NEAR(w.heat.peak, (1 + exp(-1.0 / 6)) * exp(-400.0 / 3600), 1e-12);
    CHECK_NEAR(w.heat.area, 0, 0);
}

/* Hourly Q = 1, 0.5, 1, 0.8, 1, 1 against a 0.9 target: two dips. */
static void test_two_dips(void)
{
    struct city_stats st = {.episode_start_s = NAN, .first_below_s = NAN};
    const double q[] = {1, 0.5, 1, 0.8, 1, 1};
    for (int k = 0; k < 6; k++)
        city_resilience_add(&st, q[k], 0.9, 3600.0 * (k + 1), 3600);
    CHECK_NEAR(st.loss_h, 0.4 + 0.1, 1e-12);  /* (0.9 - 0.5) x 1 h + (0.9 - 0.8) x 1 h */
    CHECK_NEAR(st.below_h, 2, 0);
    CHECK_EQ(st.episodes, 2);
    CHECK_NEAR(st.worst_episode_h, 1, 0);
    CHECK_NEAR(city_time_to_recover_h(&st), 3, 0); /* first drop at 1 h, back at 4 h */
}

/* Q = 1, 0.5, (no passage), 0.5, 1: one dip; the skipped hour neither ends
 * it nor counts as below target. */
static void test_dip_across_a_skipped_interval(void)
{
    struct city_stats st = {.episode_start_s = NAN, .first_below_s = NAN};
    city_resilience_add(&st, 1, 0.9, 3600, 3600);
    city_resilience_add(&st, 0.5, 0.9, 7200, 3600);
    /* 7200..10800: no passage, not added */
    city_resilience_add(&st, 0.5, 0.9, 14400, 3600);
    city_resilience_add(&st, 1, 0.9, 18000, 3600);
    CHECK_NEAR(st.loss_h, 0.8, 1e-12);
    CHECK_NEAR(st.below_h, 2, 0);
    CHECK_EQ(st.episodes, 1);
    CHECK_NEAR(st.worst_episode_h, 3, 0);
    CHECK_NEAR(city_time_to_recover_h(&st), 3, 0);
}

int main(void)
{
    test_heat();
    test_two_dips();
    test_dip_across_a_skipped_interval();
    return ur_check_summary("test_city_measures");
}
