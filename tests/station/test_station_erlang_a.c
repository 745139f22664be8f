/* The station with exponential patience (M/M/c+M, "Erlang A") against its
 * birth-death chain (theory.c; Garnett, Mandelbaum & Reiman 2002, M&SOM
 * 4(3):208-227; Mandelbaum & Zeltyn 2007 for the waits of served and
 * abandoning visitors): abandonment probability, mean wait of served
 * visitors, mean time in queue of all, queue length, P(wait > 0) and
 * utilization = lambda (1 - P(ab)) / (c mu).
 *
 * Two regimes: the ticket hall (scenarios/ticket-hall.yaml: 40 windows,
 * 36/min, 1-min service, 5-min patience; quality-and-efficiency driven) and
 * an overloaded hall (rho = 1.2) that is stable only because visitors leave.
 * The chain is truncated 3000 places beyond c: the death rate grows by
 * theta per place, so the tail is far below 1e-300 (checked). Runs start
 * empty; the warm-up is many times the relaxation time (a few mean
 * patiences), so no bias allowance is added to the 99.9% intervals.
 */
#include "expect.h"
#include "theory.h"

#define SEED 7001

static void theory_is_consistent(const struct theory_queue *q, const struct theory_result *t)
{
    CHECK(t->p_tail < 1e-200);
    /* Abandonment rate = theta Lq = lambda P(ab) (rate conservation). */
    CHECK_NEAR(q->theta * t->queue_length_mean, q->lambda * t->p_abandon, 1e-10 * q->lambda);
    /* Little's law for the queue: Lq = lambda Wq_all. */
    CHECK_NEAR(t->queue_length_mean, q->lambda * t->wait_all_mean, 1e-10 * t->queue_length_mean);
}

static void erlang_a(const char *label, double lambda, double mu, double theta, long c,
                     const struct harness_plan *plan)
{
    struct station_config cfg = harness_mmc(label, lambda, 1.0 / mu, c);
    harness_exponential(&cfg.q.patience, 1.0 / theta);
    struct theory_queue q = {
        .lambda = lambda, .mu = mu, .theta = theta, .c = c, .n_max = (size_t)c + 3000};
    struct theory_result t = theory_queue_solve(&q);
    theory_is_consistent(&q, &t);
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, plan, &r), 0);
    fprintf(stderr, "%s: M/M/%ld+M, lambda %g, mu %g, theta %g (%zu reps x %g s):\n", label, c,
            lambda, mu, theta, plan->reps, plan->horizon_s - plan->warmup_s);
    expect_kpi(&r, "abandonment_share", t.p_abandon, 0);
    expect_kpi(&r, "wait_served_mean", t.wait_served_mean, 0);
    expect_kpi(&r, "wait_all_mean", t.wait_all_mean, 0);
    expect_kpi(&r, "queue_length_mean", t.queue_length_mean, 0);
    expect_kpi(&r, "in_system_mean", t.in_system_mean, 0);
    expect_kpi(&r, "waited_share", t.p_wait, 0);
    expect_kpi(&r, "utilization", lambda * (1 - t.p_abandon) / (mu * (double)c), 0);
    expect_kpi(&r, "balked", 0, 0);
    harness_result_free(&r);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    /* Ticket hall, in seconds: 36/min, 1 min, 5 min. */
    struct harness_plan hall = {
        .warmup_s = 7200, .horizon_s = 7200 + 12 * 86400.0, .seed = SEED, .reps = 10};
    erlang_a("hall", 0.6, 1.0 / 60, 1.0 / 300, 40, &hall);
    struct harness_plan over = {.warmup_s = 100, .horizon_s = 60100, .seed = SEED, .reps = 10};
    erlang_a("overloaded", 12.0, 1.0, 0.5, 10, &over);
    return ur_check_summary("test_station_erlang_a");
}
