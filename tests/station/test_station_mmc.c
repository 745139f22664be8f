/* The station without patience or breakdowns against exact results:
 *  - M/M/c (Erlang C): P(wait) = C(c, a), Wq = C / (c mu - lambda),
 *    Lq = lambda Wq, L = Lq + a, utilization a / c, and the 95th percentile
 *    of the wait from P(W > t) = C e^{-(c mu - lambda) t}
 *    (Kleinrock 1975, vol. 1, sec. 3.5; Gross & Harris sec. 2.3);
 *  - M/M/c/c (Erlang B): the share of arrivals that balk is B(c, a);
 *  - M/M/c/K: blocking p_K and the mean queue from the birth-death chain.
 * The chain solver (theory.c) is first checked against the closed forms.
 *
 * Runs start empty; a warm-up of several relaxation times (for M/M/c at
 * rho = 0.85, 1 / (c mu (1 - sqrt(rho))^2) ~ 40 s; we use 500 s) removes the
 * initial bias, so allowances are 0 except for the histogram quantile (below).
 */
#include <math.h>

#include "expect.h"
#include "theory.h"

#define SEED 20240611

static void theory_matches_closed_forms(void)
{
    /* Erlang C: a = 3.4, c = 4 by the chain, truncated where rho^n ~ 1e-300. */
    struct theory_queue q = {.lambda = 3.4, .mu = 1.0, .c = 4, .n_max = 5000};
    struct theory_result r = theory_queue_solve(&q);
    double C = theory_erlang_c(4, 3.4);
    CHECK_NEAR(r.p_wait, C, 1e-12);
    CHECK_NEAR(r.wait_all_mean, C / (4.0 - 3.4), 1e-12);
    CHECK_NEAR(r.queue_length_mean, 3.4 * C / (4.0 - 3.4), 1e-11);
    /* Erlang B: M/M/5/5 at a = 4: 0.19907 (standard tables). */
    struct theory_queue b = {.lambda = 4.0, .mu = 1.0, .c = 5, .n_max = 5};
    CHECK_NEAR(theory_queue_solve(&b).p_block, theory_erlang_b(5, 4.0), 1e-14);
    CHECK_NEAR(theory_erlang_b(5, 4.0), 0.19907, 5e-6);
}

/* Per-replication share of arrivals that balked. */
static void balked_share(const struct harness_result *r, double *share)
{
    const double *balked = harness_kpi(r, "balked"), *arrived = harness_kpi(r, "arrived");
    for (size_t i = 0; i < r->reps; i++)
        share[i] = balked[i] / arrived[i];
}

static void erlang_c(void)
{
    const double lambda = 3.4, mu = 1.0;
    const long c = 4;
    struct station_config cfg = harness_mmc("mmc", lambda, 1.0 / mu, c);
    struct harness_plan plan = {.warmup_s = 500, .horizon_s = 100500, .seed = SEED, .reps = 20};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    double C = theory_erlang_c(c, lambda / mu), gap = c * mu - lambda;
    double wq = C / gap, t95 = C > 0.05 ? log(C / 0.05) / gap : 0;
    fprintf(stderr, "M/M/%ld, lambda %g, mu %g (%zu reps x %g s):\n", c, lambda, mu, plan.reps,
            plan.horizon_s - plan.warmup_s);
    expect_kpi(&r, "waited_share", C, 0);
    expect_kpi(&r, "wait_served_mean", wq, 0);
    expect_kpi(&r, "wait_all_mean", wq, 0);
    expect_kpi(&r, "queue_length_mean", lambda * wq, 0);
    expect_kpi(&r, "in_system_mean", lambda * wq + lambda / mu, 0);
    expect_kpi(&r, "utilization", lambda / mu / (double)c, 0);
    expect_kpi(&r, "throughput_per_h", lambda * 3600, 0);
    expect_kpi(&r, "reneged", 0, 0);
    /* The model's p95 comes from a histogram with geometric bins 1% wide,
     * interpolated linearly inside the bin (station_quantile.c): the estimate
     * is within 1% of the replication's sample quantile, so 1% of t95 is
     * allowed on top of the interval (which covers the sampling error). */
    expect_kpi(&r, "wait_served_p95", t95, 0.01 * t95);
    harness_result_free(&r);
}

static void erlang_b(void)
{
    const double lambda = 4.0, mu = 1.0;
    struct station_config cfg = harness_mmc("loss", lambda, 1.0 / mu, 5);
    cfg.q.has_capacity = true;
    cfg.q.capacity = 0;
    struct harness_plan plan = {.warmup_s = 100, .horizon_s = 50100, .seed = SEED, .reps = 10};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    double B = theory_erlang_b(5, lambda / mu), share[10];
    fprintf(stderr, "M/M/5/5, lambda %g, mu %g:\n", lambda, mu);
    balked_share(&r, share);
    expect_values("balked share", share, r.reps, B, 0);
    expect_kpi(&r, "utilization", lambda / mu * (1 - B) / 5, 0);
    expect_kpi(&r, "queue_length_mean", 0, 0);
    harness_result_free(&r);
}

static void mmck(void)
{
    const double lambda = 3.0, mu = 1.0;
    struct station_config cfg = harness_mmc("mmck", lambda, 1.0 / mu, 3);
    cfg.q.has_capacity = true;
    cfg.q.capacity = 5; /* K = 8 in the system */
    struct harness_plan plan = {.warmup_s = 200, .horizon_s = 50200, .seed = SEED, .reps = 10};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    struct theory_queue q = {.lambda = lambda, .mu = mu, .c = 3, .n_max = 8};
    struct theory_result t = theory_queue_solve(&q);
    double share[10];
    fprintf(stderr, "M/M/3/8, lambda %g, mu %g:\n", lambda, mu);
    balked_share(&r, share);
    expect_values("balked share", share, r.reps, t.p_block, 0);
    expect_kpi(&r, "queue_length_mean", t.queue_length_mean, 0);
    expect_kpi(&r, "in_system_mean", t.in_system_mean, 0);
    expect_kpi(&r, "wait_served_mean", t.wait_served_mean, 0);
    harness_result_free(&r);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    theory_matches_closed_forms();
    erlang_c();
    erlang_b();
    mmck();
    return ur_check_summary("test_station_mmc");
}
