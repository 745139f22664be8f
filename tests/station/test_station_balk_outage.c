/* Balking on what an arrival sees, and whole-system outages.
 *
 * Balking with probability p once the queue reaches N (or once the shown
 * wait (w + 1) E[S] / c reaches D = N E[S] / c, the same states) makes the
 * M/M/c queue a birth-death chain with arrival rate lambda below c + N in
 * the system and lambda (1 - p) from there on; the test solves that chain
 * itself (truncated where the tail is below 1e-15) and, by PASTA, the share
 * of arrivals who balk is p * P(N_sys >= c + N).
 *
 * Daily shifts open and close servers at set times of day (exact check).
 * Outages take every server down at once. Random ones alternate up periods
 * (time_between_outages) and outages (time_to_restore), so by the
 * alternating-renewal theorem servers_up_mean = c * MTBO / (MTBO + MTTR);
 * scheduled ones are exact: 1 - (time covered by outages) / horizon.
 * Tolerances: the 99.9% t-interval of the replications (expect.h).
 */
#include <math.h>
#include <stdlib.h>

#include "station/expect.h"

#define SEED 20240101

struct chain {
    double balk_share, queue_length_mean;
};

static struct chain balking_chain(double lambda, double mu, long c, long n_balk, double p)
{
    enum { N_MAX = 400 };
    static double pi[N_MAX + 1];
    double total = 0;
    pi[0] = 1;
    for (long n = 1; n <= N_MAX; n++) {
        double birth = (n - 1 >= c + n_balk) ? lambda * (1 - p) : lambda;
        double death = (double)(n < c ? n : c) * mu;
        pi[n] = pi[n - 1] * birth / death;
    }
    for (long n = 0; n <= N_MAX; n++)
        total += pi[n];
    struct chain r = {0};
    for (long n = 0; n <= N_MAX; n++) {
        double q = pi[n] / total;
        if (n >= c + n_balk)
            r.balk_share += p * q;
        if (n > c)
            r.queue_length_mean += (double)(n - c) * q;
    }
    UR_ASSERT(pi[N_MAX] / total < 1e-15);
    return r;
}

static void balking(bool by_shown_wait)
{
    const double lambda = 3.3, mu = 1.0, p = 0.6;
    const long c = 3, n_balk = 4;
    struct station_config cfg = harness_mmc("balk", lambda, 1.0 / mu, c);
    cfg.q.has_balk = true;
    cfg.q.balk.probability = p;
    if (by_shown_wait) {
        cfg.q.balk.has_shown_wait = true;
        cfg.q.balk.shown_wait_s = (double)(n_balk + 1) * (1.0 / mu) / (double)c;
    } else {
        cfg.q.balk.has_queue_length = true;
        cfg.q.balk.queue_length = n_balk;
    }
    struct harness_plan plan = {.warmup_s = 500, .horizon_s = 40500, .seed = SEED, .reps = 10};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    struct chain t = balking_chain(lambda, mu, c, n_balk, p);
    double share[10];
    const double *balked = harness_kpi(&r, "balked"), *arrived = harness_kpi(&r, "arrived");
    for (size_t i = 0; i < r.reps; i++)
        share[i] = balked[i] / arrived[i];
    fprintf(stderr, "M/M/3 balking with p %g from %ld waiting (%s):\n", p, n_balk,
            by_shown_wait ? "shown wait" : "queue length");
    expect_values("balked share", share, r.reps, t.balk_share, 0);
    expect_kpi(&r, "queue_length_mean", t.queue_length_mean, 0);
    harness_result_free(&r);
}

static void random_outages(void)
{
    const double mtbo = 200, mttr = 50;
    struct station_config cfg = harness_mmc("out", 1.5, 1.0, 4);
    cfg.q.has_outages = true;
    cfg.q.outages.has_random = true;
    harness_exponential(&cfg.q.outages.time_between_outages, mtbo);
    harness_exponential(&cfg.q.outages.time_to_restore, mttr);
    struct harness_plan plan = {.horizon_s = 200000, .seed = SEED, .reps = 10};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    fprintf(stderr, "M/M/4 with random outages, MTBO %g s, MTTR %g s:\n", mtbo, mttr);
    expect_kpi(&r, "servers_up_mean", 4 * mtbo / (mtbo + mttr), 0);
    expect_kpi(&r, "servers_open_mean", 4, 0);
    const double *a = harness_kpi(&r, "arrived"), *s = harness_kpi(&r, "served"),
                 *end = harness_kpi(&r, "in_system_end");
    for (size_t i = 0; i < r.reps; i++)
        CHECK_EQ(a[i], s[i] + end[i]); /* no patience, no capacity: nobody leaves unserved */
    harness_result_free(&r);
}

static void scheduled_outages(void)
{
    /* [1000, 1500] and [1200, 2000] overlap: down from 1000 to 2000. */
    struct station_outage at[] = {{1000, 500}, {1200, 800}};
    struct station_config cfg = harness_mmc("sched", 0.5, 1.0, 2);
    cfg.q.has_outages = true;
    cfg.q.outages.at = (struct ur_list){.items = at, .n = 2};
    struct harness_plan plan = {.horizon_s = 10000, .seed = SEED, .reps = 3};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    const double *up = harness_kpi(&r, "servers_up_mean");
    for (size_t i = 0; i < r.reps; i++)
        CHECK_NEAR(up[i], 2 * (1 - 1000.0 / 10000), 1e-12);
    harness_result_free(&r);
}

/* Daily shifts: 2 servers until the first shift, then 6 from 08:00 and 1
 * from 20:00 each day. With (almost) no visitors nobody holds a server at a
 * change, so the time-average of open servers over two days is exact:
 * (2 x 8 + 6 x 12 + 1 x 4 + 1 x 8 + 6 x 12 + 1 x 4) / 48. */
static void shifts(void)
{
    struct station_shift sh[] = {{8 * 3600.0, 6}, {20 * 3600.0, 1}};
    struct station_config cfg = harness_mmc("shifts", 1e-9, 60.0, 2);
    cfg.q.max_servers = 6;
    cfg.q.shifts = (struct ur_list){.items = sh, .n = 2};
    struct harness_plan plan = {.horizon_s = 2 * 86400.0, .seed = SEED, .reps = 2};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    const double *open = harness_kpi(&r, "servers_open_mean");
    for (size_t i = 0; i < r.reps; i++)
        CHECK_NEAR(open[i], (2 * 8 + 6 * 12 + 1 * 4 + 1 * 8 + 6 * 12 + 1 * 4) / 48.0, 1e-12);
    harness_result_free(&r);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    balking(false);
    balking(true);
    random_outages();
    scheduled_outages();
    shifts();
    return ur_check_summary("test_station_balk_outage");
}
