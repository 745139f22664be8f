/* Bookkeeping that must hold exactly or by Little's law, on a station with
 * everything switched on (lognormal service, patience, a waiting room,
 * breakdowns with gamma repairs, warm-up):
 *  - conservation, per replication and exactly:
 *        in_system_start + arrived = served + reneged + balked + in_system_end;
 *  - Little's law for the queue, Lq = lambda_joined * Wq_all, with
 *    lambda_joined = (arrived - balked) / T: per replication the two sides
 *    differ only by boundary terms (visitors present at the window's start
 *    and end) whose expectations cancel in steady state, so the mean
 *    difference must lie within its 99.9% t-interval of 0;
 *  - the time series add up to the KPIs (counts exactly, time-averages to
 *    rounding), and an identical run gives identical numbers;
 *  - common random numbers: a variant with one more server sees exactly the
 *    same arrivals;
 *  - stop_after_arrivals ends the run at exactly that arrival.
 */
#include <string.h>

#include "expect.h"

#define SEED 99
#define REPS 40

static struct station_config busy_hall(void)
{
    struct station_config cfg = harness_mmc("hall", 14.0 / 60, 50.0, 12);
    UR_ASSERT(!ur_dist_set(&cfg.q.service, UR_DIST_LOGNORMAL, 50.0, 0.8));
    harness_exponential(&cfg.q.patience, 240.0);
    cfg.q.has_capacity = true;
    cfg.q.capacity = 15;
    cfg.q.has_breakdowns = true;
    harness_exponential(&cfg.q.breakdowns.time_between_failures, 2 * 3600.0);
    UR_ASSERT(!ur_dist_set(&cfg.q.breakdowns.time_to_repair, UR_DIST_GAMMA, 900.0, 0.5));
    return cfg;
}

static void conservation_and_little(void)
{
    struct station_config cfg = busy_hall();
    struct harness_plan plan = {
        .warmup_s = 3600, .horizon_s = 3600 + 86400, .seed = SEED, .reps = REPS};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    const double *start = harness_kpi(&r, "in_system_start"),
                 *end = harness_kpi(&r, "in_system_end");
    const double *arrived = harness_kpi(&r, "arrived"), *served = harness_kpi(&r, "served");
    const double *reneged = harness_kpi(&r, "reneged"), *balked = harness_kpi(&r, "balked");
    const double *lq = harness_kpi(&r, "queue_length_mean"), *wq = harness_kpi(&r, "wait_all_mean");
    double little[REPS], T = plan.horizon_s - plan.warmup_s;
    for (size_t i = 0; i < REPS; i++) {
        CHECK_EQ(start[i] + arrived[i], served[i] + reneged[i] + balked[i] + end[i]);
        little[i] = lq[i] - (arrived[i] - balked[i]) / T * wq[i];
    }
    fprintf(stderr, "all features on, %d reps x %g s:\n", REPS, T);
    double mean_reneged = harness_ci999(reneged, REPS).mean;
    double mean_balked = harness_ci999(balked, REPS).mean;
    fprintf(stderr, "  per replication: arrived %.0f, reneged %.0f, balked %.0f\n",
            harness_ci999(arrived, REPS).mean, mean_reneged, mean_balked);
    CHECK(mean_reneged > 100 && mean_balked > 100); /* every path is exercised */
    expect_values("Lq - lambda_j Wq_all", little, REPS, 0, 0);
    harness_result_free(&r);
}

static void deterministic_and_common_random_numbers(void)
{
    struct station_config cfg = busy_hall(), more = busy_hall();
    more.q.servers = 13;
    struct harness_plan plan = {
        .warmup_s = 3600, .horizon_s = 3600 + 6 * 3600, .seed = SEED, .reps = 5};
    struct harness_result a, b, c;
    CHECK_EQ(harness_run(&cfg, &plan, &a), 0);
    CHECK_EQ(harness_run(&cfg, &plan, &b), 0);
    CHECK_EQ(harness_run(&more, &plan, &c), 0);
    CHECK_EQ(a.n_kpis, b.n_kpis);
    CHECK(memcmp(a.value, b.value, a.n_kpis * a.reps * sizeof *a.value) == 0);
    const double *arr_a = harness_kpi(&a, "arrived"), *arr_c = harness_kpi(&c, "arrived");
    for (size_t i = 0; i < plan.reps; i++)
        CHECK_EQ(arr_a[i], arr_c[i]);
    CHECK(memcmp(harness_kpi(&a, "served"), harness_kpi(&c, "served"), 5 * sizeof(double)) != 0);
    harness_result_free(&a);
    harness_result_free(&b);
    harness_result_free(&c);
}

/* Sums each series over the samples inside the window. */
static const char *const series_names[] = {
    "queue_length", "busy_servers", "servers_up", "servers_open",    "arrived",
    "served",       "reneged",      "balked",     "wait_served_mean"};
#define N_SERIES (sizeof series_names / sizeof series_names[0])

struct capture {
    size_t first_in_window;
    double sum[N_SERIES];
};

static size_t series_index(const char *name)
{
    size_t k = 0;
    while (k < N_SERIES && strcmp(series_names[k], name) != 0)
        k++;
    return k;
}

static int capture_write(void *ctx, const struct ur_series_info *s, size_t first, size_t n,
                         const double *values)
{
    struct capture *c = ctx;
    size_t k = series_index(strrchr(s->path, '/') + 1);
    UR_ASSERT(k < N_SERIES);
    for (size_t i = 0; i < n; i++)
        if (first + i >= c->first_in_window)
            c->sum[k] += values[i];
    return 0;
}

static double captured(const struct capture *c, const char *name)
{
    return c->sum[series_index(name)];
}

static void series_add_up(uint64_t seed)
{
    struct station_config cfg = busy_hall();
    const double dt = 600, warmup = 3600, horizon = 3600 + 12 * 3600;
    struct capture cap = {.first_in_window = (size_t)(warmup / dt)};
    struct ur_sink sink = {.ctx = &cap, .write = capture_write};
    struct harness_plan plan = {.warmup_s = warmup,
                                .horizon_s = horizon,
                                .seed = seed,
                                .reps = 1,
                                .sample_interval_s = dt,
                                .sink = &sink};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    double n_window = (horizon - warmup) / dt;
    const char *counts[] = {"arrived", "served", "reneged", "balked"};
    for (size_t k = 0; k < 4; k++)
        CHECK_EQ(captured(&cap, counts[k]), harness_kpi(&r, counts[k])[0]);
    double lq = harness_kpi(&r, "queue_length_mean")[0];
    double up = harness_kpi(&r, "servers_up_mean")[0], u = harness_kpi(&r, "utilization")[0];
    CHECK_NEAR(captured(&cap, "queue_length") / n_window, lq, 1e-9 * lq);
    CHECK_NEAR(captured(&cap, "servers_up") / n_window, up, 1e-9 * up);
    CHECK_NEAR(captured(&cap, "busy_servers") / n_window / 12, u, 1e-9 * u);
    harness_result_free(&r);
}

static void stops_after_arrivals(void)
{
    struct station_config cfg = busy_hall();
    struct harness_plan plan = {
        .horizon_s = 86400, .seed = SEED, .reps = 3, .stop_after_arrivals = 1000};
    struct harness_result r;
    CHECK_EQ(harness_run(&cfg, &plan, &r), 0);
    const double *arrived = harness_kpi(&r, "arrived"), *end = harness_kpi(&r, "in_system_end");
    const double *served = harness_kpi(&r, "served"), *reneged = harness_kpi(&r, "reneged");
    for (size_t i = 0; i < plan.reps; i++) {
        CHECK_EQ(arrived[i], 1000);
        CHECK_EQ(arrived[i], served[i] + reneged[i] + harness_kpi(&r, "balked")[i] + end[i]);
    }
    harness_result_free(&r);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    conservation_and_little();
    deterministic_and_common_random_numbers();
    for (uint64_t seed = 1; seed <= 3; seed++)
        series_add_up(seed);
    stops_after_arrivals();
    return ur_check_summary("test_station_conservation");
}
