/* The runner: builds, runs and finishes one unit of work per replication, on
 * a pool of threads that take units in order from an atomic counter.
 *
 * A unit owns its engine, its bank of named random streams (seeded from
 * (seed, replication, name)) and its recorder, whose blocks go straight to
 * the results file; nothing is shared but the file (which serialises its own
 * writes) and the KPI table (a mutex, touched once per unit). So a given
 * replication produces the same numbers on any thread, in any order.
 *
 * Each unit hands its whole event log to the file when it ends (even an empty
 * one: the file appends a replication's rows only after every earlier
 * replication's, so it must hear of each), and its row count to the results.
 *
 * The runner's own events: one sample every sample_interval (before anything
 * else due at that time, since it is scheduled first) and the end of warm-up.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner.h"
#include <ursim/diag.h>
#include <ursim/model.h>

#define SAMPLE_BLOCK 1024

struct pool {
    const struct ur_scenario *sc;
    const struct ur_run_opts *opts;
    struct ur_out *out;
    struct ur_results *res;
    size_t n_units;
    atomic_size_t next, done, samples;
    atomic_int err;
    pthread_mutex_t lock; /* res->kpis */
};

struct unit {
    struct pool *pool;
    size_t rep;
    struct ur_env env;
    void *state[UR_MAX_MODELS];
    uint16_t h_sample, h_warmup;
    int err;
};

size_t ur_run_n_samples(const struct ur_run_config *run)
{
    double k = run->horizon_s / run->sample_interval_s;
    double r = nearbyint(k);
    return (size_t)(fabs(k - r) <= 1e-9 * r ? r : ceil(k));
}

static double sample_time(const struct ur_run_config *run, size_t k)
{
    return fmin((double)(k + 1) * run->sample_interval_s, run->horizon_s);
}

static int sink_write(void *ctx, const struct ur_series_info *s, size_t first, size_t n,
                      const double *values)
{
    struct unit *u = ctx;
    struct pool *p = u->pool;
    if (!p->out)
        return 0;
    return ur_out_series(p->out, p->opts->group ? p->opts->group : "", s, p->res->n_reps, p->res->n_samples, u->rep, first, n,
                         values);
}

static void fail(struct unit *u, int err)
{
    if (!u->err)
        u->err = err;
    ur_sim_stop(u->env.sim);
}

static void on_sample(struct ur_sim *sim, void *model, uint64_t k)
{
    struct unit *u = model;
    const struct ur_run_config *run = &u->env.scenario->run;
    double t = ur_sim_now(sim), prev = k ? sample_time(run, k - 1) : 0.0;
    int rc = ur_rec_sample(u->env.rec, t, t - prev);
    atomic_fetch_add(&u->pool->samples, 1);
    if (rc < 0)
        fail(u, rc);
    else if (u->pool->opts->interrupted && *u->pool->opts->interrupted)
        fail(u, UR_EINTR);
    else if (k + 1 < u->pool->res->n_samples)
        ur_sim_at(sim, sample_time(run, k + 1), u->h_sample, k + 1);
}

static void on_warmup_end(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct unit *u = model;
    const struct ur_scenario *sc = u->env.scenario;
    for (size_t i = 0; i < sc->n_models; i++)
        if (u->state[i] && sc->models[i]->warmup_end)
            sc->models[i]->warmup_end(u->state[i], ur_sim_now(sim));
}

static int unit_create(struct unit *u)
{
    const struct ur_scenario *sc = u->env.scenario;
    for (size_t i = 0; i < sc->n_models; i++) {
        if (sc->model_config[i].n == 0)
            continue;
        int rc = sc->models[i]->create(&u->env, &sc->model_config[i], &u->state[i]);
        if (rc < 0)
            return rc;
    }
    u->h_sample = ur_sim_handler(u->env.sim, "runner.sample", on_sample, u);
    u->h_warmup = ur_sim_handler(u->env.sim, "runner.warmup_end", on_warmup_end, u);
    ur_sim_at(u->env.sim, sample_time(&sc->run, 0), u->h_sample, 0);
    if (sc->run.warmup_s > 0)
        ur_sim_at(u->env.sim, sc->run.warmup_s, u->h_warmup, 0);
    return 0;
}

/* Adds this unit's KPIs to the table: row order is the models' publishing
 * order, which every unit shares. Then the KPIs' parts (ur_rec_kpi_part). */
static int unit_collect(struct unit *u)
{
    struct ur_results *res = u->pool->res;
    struct ur_rec *rec = u->env.rec;
    int rc = 0;
    pthread_mutex_lock(&u->pool->lock);
    for (size_t i = 0; i < ur_rec_n_kpis(rec) && rc == 0; i++) {
        const struct ur_kpi *k = ur_rec_kpi_at(rec, i);
        size_t j = 0;
        while (j < res->n_kpis && strcmp(res->kpis[j].meta.path, k->path) != 0)
            j++;
        if (j == res->n_kpis)
            rc = ur_results_add_row(res, k);
        if (rc == 0)
            res->kpis[j].per_rep[u->rep] = k->value;
    }
    if (rc == 0)
        rc = ur_results_add_parts(res, u->rep, rec);
    res->events += ur_sim_events_fired(u->env.sim);
    pthread_mutex_unlock(&u->pool->lock);
    return rc;
}

/* The unit's event log: to the file, which orders it by replication; its
 * count (and replication 0's first rows) to the results for the printout.
 * Each unit writes only its own slot, read after the threads are joined. */
static int unit_log(struct unit *u)
{
    struct pool *p = u->pool;
    struct ur_results *res = p->res;
    size_t n = ur_rec_n_logs(u->env.rec);
    const struct ur_log_row *rows = ur_rec_log_at(u->env.rec, 0);
    res->log_rows[u->rep] = n;
    if (u->rep == 0 && n > 0) {
        size_t keep = n < UR_RESULTS_LOG_SHOWN ? n : UR_RESULTS_LOG_SHOWN;
        res->log_first = malloc(keep * sizeof *res->log_first);
        if (!res->log_first)
            return UR_ENOMEM;
        memcpy(res->log_first, rows, keep * sizeof *rows);
        res->n_log_first = keep;
    }
    return p->out ? ur_out_log(p->out, p->opts->group ? p->opts->group : "", u->rep, rows, n) : 0;
}

/* The models' numeric tables, each to the file (every replication, rows or
 * not, so that the file can order them). */
static int unit_tables(struct unit *u)
{
    struct pool *p = u->pool;
    int rc = 0;
    for (size_t i = 0; p->out && rc == 0 && i < ur_rec_n_tables(u->env.rec); i++)
        rc = ur_out_table(p->out, p->opts->group ? p->opts->group : "", u->rep,
                          ur_rec_table_at(u->env.rec, i));
    return rc;
}

static int unit_finish(struct unit *u)
{
    const struct ur_scenario *sc = u->env.scenario;
    double end = ur_sim_now(u->env.sim);
    for (size_t i = 0; i < sc->n_models; i++) {
        if (!u->state[i])
            continue;
        int rc = sc->models[i]->finish(u->state[i], end);
        if (rc < 0)
            return rc;
    }
    int rc = ur_rec_kpi(u->env.rec, "run/events", "events", "events fired by the engine",
                        (double)ur_sim_events_fired(u->env.sim));
    if (rc == 0)
        rc = ur_rec_kpi(u->env.rec, "run/end_time", "s",
                        "simulated time at which the run ended (horizon, or the "
                        "stop_after_arrivals-th arrival)",
                        end);
    return rc < 0 ? rc : ur_rec_flush(u->env.rec);
}

static void unit_destroy(struct unit *u)
{
    const struct ur_scenario *sc = u->env.scenario;
    for (size_t i = 0; i < sc->n_models; i++)
        if (u->state[i])
            sc->models[i]->destroy(u->state[i]);
    ur_rec_free(u->env.rec);
    ur_rng_bank_free(u->env.rng);
    ur_sim_free(u->env.sim);
}

static int run_unit(struct pool *p, size_t rep)
{
    const struct ur_scenario *sc = p->sc;
    struct unit u = {.pool = p, .rep = rep};
    struct ur_sink sink = {.ctx = &u, .write = sink_write};
    u.env = (struct ur_env){
        .sim = ur_sim_new(),
        .rng = ur_rng_bank_new((uint64_t)p->opts->seed, rep),
        .rec = ur_rec_new(&sink, SAMPLE_BLOCK),
        .scenario = sc,
        .replication = rep,
        .warmup_s = sc->run.warmup_s,
        .horizon_s = sc->run.horizon_s,
        .stop_after_arrivals = (uint64_t)sc->run.stop_after_arrivals,
    };
    int rc = u.env.sim && u.env.rng && u.env.rec ? unit_create(&u) : UR_ENOMEM;
    if (rc == 0) {
        if (!p->opts->dry)
            ur_sim_run(u.env.sim, sc->run.horizon_s);
        rc = u.err ? u.err : unit_finish(&u);
    }
    if (rc == 0)
        rc = unit_collect(&u);
    if (rc == 0)
        rc = unit_log(&u);
    if (rc == 0)
        rc = unit_tables(&u);
    unit_destroy(&u);
    return rc;
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n_units || atomic_load(&p->err))
            break;
        int rc = run_unit(p, i);
        int none = 0;
        if (rc < 0)
            atomic_compare_exchange_strong(&p->err, &none, rc);
        atomic_fetch_add(&p->done, 1);
    }
    return NULL;
}

static void show_progress(struct pool *p, bool last)
{
    size_t total = p->n_units * p->res->n_samples;
    double pct = total ? 100.0 * (double)atomic_load(&p->samples) / (double)total : 100.0;
    fprintf(stderr, "\rursim: %5.1f%%  replications %zu/%zu done%s", last ? 100.0 : pct,
            atomic_load(&p->done), p->n_units, last ? "\n" : "");
    fflush(stderr);
}

/* Waits for the workers, redrawing the progress line every 0.2 s. */
static void wait_workers(struct pool *p, pthread_t *tid, int n)
{
    if (p->opts->progress) {
        struct timespec tick = {0, 200 * 1000 * 1000};
        while (atomic_load(&p->done) < p->n_units && !atomic_load(&p->err) &&
               !(p->opts->interrupted && *p->opts->interrupted)) {
            show_progress(p, false);
            nanosleep(&tick, NULL);
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    if (p->opts->progress)
        show_progress(p, !atomic_load(&p->err));
}

int ur_run(const struct ur_scenario *sc, const struct ur_run_opts *opts, struct ur_out *out,
           struct ur_results *res)
{
    *res = (struct ur_results){.n_reps = (size_t)opts->replications,
                               .n_samples = ur_run_n_samples(&sc->run)};
    res->log_rows = calloc(res->n_reps ? res->n_reps : 1, sizeof *res->log_rows);
    if (!res->log_rows)
        return UR_ENOMEM;
    struct pool p = {.sc = sc, .opts = opts, .out = out, .res = res, .n_units = res->n_reps};
    pthread_mutex_init(&p.lock, NULL);
    int n = opts->threads < 1 ? 1 : opts->threads;
    if ((size_t)n > p.n_units)
        n = (int)p.n_units;
    pthread_t *tid = calloc((size_t)n, sizeof *tid);
    int started = 0;
    while (tid && started < n && pthread_create(&tid[started], NULL, worker, &p) == 0)
        started++;
    if (started == 0)
        worker(&p); /* no threads to be had: run here */
    wait_workers(&p, tid, started);
    free(tid);
    pthread_mutex_destroy(&p.lock);
    ur_results_sort_parts(res);
    int err = atomic_load(&p.err);
    if (!err && opts->interrupted && *opts->interrupted)
        err = UR_EINTR;
    return err;
}
