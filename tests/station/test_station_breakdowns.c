/* Breakdowns against theory.
 *  - Availability: by the alternating-renewal theorem (e.g. Ross, Stochastic
 *    Processes, sec. 3.4) each server is up a long-run share
 *    MTBF / (MTBF + MTTR) of the time, whatever the distributions; so
 *    servers_up_mean = c MTBF / (MTBF + MTTR). Checked with exponential /
 *    lognormal and gamma / deterministic up and down times.
 *  - M/M/1 with time-based exponential breakdowns and preemptive resume:
 *    mean number in system from the CTMC on (n, up/down) (theory.c), truncated
 *    at n = 400 where the probability left is below 1e-12 (checked). Every
 *    arrival is eventually served, so utilization = lambda / mu.
 *  - Preemptive resume conserves work: with a deterministic service of D
 *    seconds, the time servers spend serving in the window equals D x
 *    completions up to the partial services at the window's two ends (at
 *    most c x D each), exactly, however many services were interrupted.
 *    (Exponential service cannot tell resume from repeat; this can.)
 * Runs start with every server up and no visitor; the warm-up spans 20 or
 * more up/down cycles, after which the initial state's effect on the
 * availability decays like the cycle-length distribution's renewal function
 * (geometrically for these), so no bias allowance is added.
 */
#include "expect.h"
#include "theory.h"

#define SEED 4242

static void availability(const char *label, const struct ur_dist *up, const struct ur_dist *down)
{
    struct station_config cfg = harness_mmc(label, 2.0, 1.0, 10);
    cfg.q.has_breakdowns = true;
    cfg.q.breakdowns.time_between_failures = *up;
    cfg.q.breakdowns.time_to_repair = *down;
    struct harness_plan plan = {
        .warmup_s = 2500, .horizon_s = 2500 + 2e5, .seed = SEED, .reps = 10};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    double a = up->mean / (up->mean + down->mean);
    fprintf(stderr, "%s: 10 servers, MTBF %g s, MTTR %g s:\n", label, up->mean, down->mean);
    expect_kpi(&r, "servers_up_mean", 10 * a, 0);
    expect_kpi(&r, "utilization", 2.0 / 10, 0);
    harness_result_free(&r);
}

static void mm1_breakdowns(void)
{
    const double lambda = 0.5, mu = 1.0, alpha = 1.0 / 50, beta = 1.0 / 10;
    struct station_config cfg = harness_mmc("mm1b", lambda, 1.0 / mu, 1);
    cfg.q.has_breakdowns = true;
    harness_exponential(&cfg.q.breakdowns.time_between_failures, 1.0 / alpha);
    harness_exponential(&cfg.q.breakdowns.time_to_repair, 1.0 / beta);
    struct theory_breakdown_result t = theory_mm1_breakdowns(lambda, mu, alpha, beta, 400);
    CHECK(t.p_tail < 1e-12);
    CHECK_NEAR(t.p_up, beta / (alpha + beta), 1e-12);
    struct harness_plan plan = {
        .warmup_s = 1200, .horizon_s = 1200 + 6e5, .seed = SEED, .reps = 20};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    fprintf(stderr, "M/M/1, lambda %g, mu %g, failures %g/s, repairs %g/s (preemptive resume):\n",
            lambda, mu, alpha, beta);
    expect_kpi(&r, "in_system_mean", t.in_system_mean, 0);
    expect_kpi(&r, "servers_up_mean", t.p_up, 0);
    expect_kpi(&r, "utilization", lambda / mu, 0);
    harness_result_free(&r);
}

static void resume_conserves_work(void)
{
    const double service_s = 30;
    struct station_config cfg = harness_mmc("resume", 1.0 / 40, service_s, 2);
    UR_ASSERT(!ur_dist_set(&cfg.q.service, UR_DIST_DETERMINISTIC, service_s, 0));
    cfg.q.has_breakdowns = true;
    harness_exponential(&cfg.q.breakdowns.time_between_failures, 120);
    harness_exponential(&cfg.q.breakdowns.time_to_repair, 30);
    struct harness_plan plan = {.warmup_s = 600, .horizon_s = 600 + 1e5, .seed = SEED, .reps = 4};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    const double *u = harness_kpi(&r, "utilization"), *served = harness_kpi(&r, "served");
    for (size_t i = 0; i < plan.reps; i++) {
        double serving_s = u[i] * 2 * 1e5;
        CHECK_NEAR(serving_s, service_s * served[i], 2 * 2 * service_s);
    }
    fprintf(stderr, "resume: serving %.0f s for %.0f completions of %g s\n", u[0] * 2e5, served[0],
            service_s);
    harness_result_free(&r);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    struct ur_dist up, down;
    harness_exponential(&up, 100);
    UR_ASSERT(!ur_dist_set(&down, UR_DIST_LOGNORMAL, 25, 0.5));
    availability("exponential/lognormal", &up, &down);
    UR_ASSERT(!ur_dist_set(&up, UR_DIST_GAMMA, 100, 0.3));
    UR_ASSERT(!ur_dist_set(&down, UR_DIST_DETERMINISTIC, 25, 0));
    availability("gamma/deterministic", &up, &down);
    mm1_breakdowns();
    resume_conserves_work();
    return ur_check_summary("test_station_breakdowns");
}
