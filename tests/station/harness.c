/* Runs replications of one station the way the runner does (engine, named
 * streams seeded by (seed, replication), a recorder, warm-up and sample
 * events), without YAML or HDF5, and gathers each KPI per replication. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/stats.h>

#include "harness.h"

struct rep {
    const struct harness_plan *plan;
    struct ur_sim *sim;
    struct ur_rec *rec;
    void *state;
    uint16_t h_sample;
};

static int discard(void *ctx, const struct ur_series_info *s, size_t first, size_t n,
                   const double *values)
{
    (void)ctx, (void)s, (void)first, (void)n, (void)values;
    return 0;
}

static void on_warmup(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct rep *r = model;
    station_ops.warmup_end(r->state, ur_sim_now(sim));
}

/* Sample k + 1 at (k + 1) * interval, as the runner does. */
static void on_sample(struct ur_sim *sim, void *model, uint64_t k)
{
    struct rep *r = model;
    double dt = r->plan->sample_interval_s;
    int rc = ur_rec_sample(r->rec, ur_sim_now(sim), dt);
    UR_ASSERT(rc == 0);
    if ((double)(k + 2) * dt <= r->plan->horizon_s * (1 + 1e-12))
        ur_sim_at(sim, (double)(k + 2) * dt, r->h_sample, k + 1);
}

static void schedule_runner_events(struct rep *r)
{
    const struct harness_plan *p = r->plan;
    if (p->sample_interval_s > 0) {
        r->h_sample = ur_sim_handler(r->sim, "harness.sample", on_sample, r);
        ur_sim_at(r->sim, p->sample_interval_s, r->h_sample, 0);
    }
    if (p->warmup_s > 0)
        ur_sim_at(r->sim, p->warmup_s, ur_sim_handler(r->sim, "harness.warmup", on_warmup, r), 0);
}

/* Adds replication `rep`'s KPIs to out (names are taken from the first). */
static int collect(struct harness_result *out, const struct ur_rec *rec, size_t rep)
{
    size_t n = ur_rec_n_kpis(rec);
    if (rep == 0) {
        out->n_kpis = n;
        out->name = calloc(n, sizeof *out->name);
        out->value = calloc(n * out->reps, sizeof *out->value);
        if (!out->name || !out->value)
            return UR_ENOMEM;
    }
    UR_ASSERT(n == out->n_kpis);
    for (size_t k = 0; k < n; k++) {
        const char *path = ur_rec_kpi_at(rec, k)->path, *slash = strrchr(path, '/');
        if (rep == 0 && !(out->name[k] = strdup(slash ? slash + 1 : path)))
            return UR_ENOMEM;
        out->value[k * out->reps + rep] = ur_rec_kpi_at(rec, k)->value;
    }
    return 0;
}

static int run_rep(const struct station_config *cfg, const struct harness_plan *plan, size_t rep,
                   struct harness_result *out)
{
    struct ur_sink none = {.write = discard};
    struct rep r = {.plan = plan, .sim = ur_sim_new()};
    r.rec = ur_rec_new(plan->sink ? plan->sink : &none, 64);
    struct ur_env env = {.sim = r.sim,
                         .rng = ur_rng_bank_new(plan->seed, rep),
                         .rec = r.rec,
                         .replication = rep,
                         .warmup_s = plan->warmup_s,
                         .horizon_s = plan->horizon_s,
                         .stop_after_arrivals = plan->stop_after_arrivals};
    struct ur_list list = {.items = (void *)cfg, .n = 1};
    int rc = r.sim && r.rec && env.rng ? station_ops.create(&env, &list, &r.state) : UR_ENOMEM;
    if (rc == 0) {
        schedule_runner_events(&r);
        ur_sim_run(r.sim, plan->horizon_s);
        rc = station_ops.finish(r.state, ur_sim_now(r.sim));
    }
    if (rc == 0)
        rc = ur_rec_flush(r.rec);
    if (rc == 0)
        rc = collect(out, r.rec, rep);
    station_ops.destroy(r.state);
    ur_rec_free(r.rec);
    ur_rng_bank_free(env.rng);
    ur_sim_free(r.sim);
    return rc;
}

int harness_run(const struct station_config *cfg, const struct harness_plan *plan,
                struct harness_result *out)
{
    *out = (struct harness_result){.reps = plan->reps};
    for (size_t rep = 0; rep < plan->reps; rep++) {
        int rc = run_rep(cfg, plan, rep, out);
        if (rc < 0) {
            harness_result_free(out);
            return rc;
        }
    }
    return 0;
}

const double *harness_kpi(const struct harness_result *r, const char *name)
{
    for (size_t k = 0; k < r->n_kpis; k++)
        if (strcmp(r->name[k], name) == 0)
            return &r->value[k * r->reps];
    fprintf(stderr, "harness: no KPI named '%s'\n", name);
    ur_panic(__FILE__, __LINE__, "KPI not published");
}

void harness_result_free(struct harness_result *r)
{
    for (size_t k = 0; r->name && k < r->n_kpis; k++)
        free(r->name[k]);
    free(r->name);
    free(r->value);
    *r = (struct harness_result){0};
}

struct harness_ci harness_ci999(const double *x, size_t n)
{
    struct ur_ci ci = ur_ci95(x, n);
    double t = ci.n >= 2 ? gsl_cdf_tdist_Pinv(0.9995, (double)(ci.n - 1)) : NAN;
    return (struct harness_ci){.mean = ci.mean, .half = t * ci.sd / sqrt((double)ci.n), .n = ci.n};
}

void harness_exponential(struct ur_dist *d, double mean_s)
{
    const char *why = ur_dist_set(d, UR_DIST_EXPONENTIAL, mean_s, 0);
    UR_ASSERT(why == NULL);
}

struct station_config harness_mmc(const char *name, double lambda_per_s, double service_mean_s,
                                  long c)
{
    struct station_config cfg = {
        .name = name, .arrivals = {.rate_per_s = lambda_per_s, .has_rate = true}, .q = {.servers = c}};
    harness_exponential(&cfg.q.service, service_mean_s);
    return cfg;
}
