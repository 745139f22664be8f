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
 * replication's, so it must hear of each), and its row count to the results
 * (ur_unit_deliver). A unit that runs for another process (opts->emit: a
 * shard, an MPI rank) writes nothing: its blocks and results go into one
 * record (unit_record.h) that the writing process delivers the same way.
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
#include "unit_record.h"
#include <ursim/diag.h>
#include <ursim/model.h>

#define SAMPLE_BLOCK 1024

struct pool {
    const struct ur_scenario *sc;
    const struct ur_run_opts *opts;
    struct ur_unit_target to; /* out, group, res and the lock of res->kpis */
    struct ur_results *res;
    size_t n_units;
    atomic_size_t next, done, samples;
    atomic_int err;
    pthread_mutex_t lock;
};

struct unit {
    struct pool *pool;
    size_t rep;
    struct ur_env env;
    void *state[UR_MAX_MODELS];
    uint16_t h_sample, h_warmup;
    struct ur_buf blocks; /* opts->emit: the series blocks, for the record */
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
    if (p->opts->emit) {
        ur_unit_record_block(&u->blocks, s, first, n, values);
        return u->blocks.err;
    }
    if (!p->to.out)
        return 0;
    return ur_out_series(p->to.out, p->to.group, s, p->res->n_reps, p->res->n_samples, u->rep,
                         first, n, values);
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

/* What the finished unit hands on: views into its recorder. */
static struct ur_unit_result unit_result(const struct unit *u)
{
    const struct ur_rec *rec = u->env.rec;
    return (struct ur_unit_result){
        .rep = u->rep,
        .events = ur_sim_events_fired(u->env.sim),
        .kpis = ur_rec_kpi_at(rec, 0),
        .n_kpis = ur_rec_n_kpis(rec),
        .parts = ur_rec_part_at(rec, 0),
        .n_parts = ur_rec_n_parts(rec),
        .logs = ur_rec_log_at(rec, 0),
        .n_logs = ur_rec_n_logs(rec),
        .tables = ur_rec_table_at(rec, 0),
        .n_tables = ur_rec_n_tables(rec),
    };
}

/* To the file and the KPI table, or (opts->emit) as one record: the
 * results, then the blocks the sink kept. */
static int unit_hand_on(struct unit *u)
{
    struct pool *p = u->pool;
    struct ur_unit_result r = unit_result(u);
    if (!p->opts->emit)
        return ur_unit_deliver(&p->to, &r);
    struct ur_buf b = {0};
    ur_unit_record_result(&b, &r);
    ur_buf_bytes(&b, u->blocks.p, u->blocks.n);
    int rc = b.err ? b.err : p->opts->emit(p->opts->emit_ctx, u->rep, b.p, b.n);
    ur_buf_fini(&b);
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
    ur_buf_fini(&u->blocks);
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
        ur_sim_budget(u.env.sim, p->opts->max_events);
        if (!p->opts->dry)
            ur_sim_run(u.env.sim, sc->run.horizon_s);
        rc = u.err ? u.err : unit_finish(&u);
    }
    if (rc == 0)
        rc = unit_hand_on(&u);
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
        int rc = run_unit(p, p->opts->only ? p->opts->only[i] : i);
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

int ur_results_init(struct ur_results *res, size_t n_reps, size_t n_samples)
{
    *res = (struct ur_results){.n_reps = n_reps, .n_samples = n_samples};
    res->log_rows = calloc(n_reps ? n_reps : 1, sizeof *res->log_rows);
    return res->log_rows ? 0 : UR_ENOMEM;
}

void ur_run_sample_times(const struct ur_run_config *run, double *t_s)
{
    for (size_t k = 0, n = ur_run_n_samples(run); k < n; k++)
        t_s[k] = sample_time(run, k);
}

int ur_run_unit(const struct ur_scenario *sc, const struct ur_run_opts *opts, size_t rep,
                const struct ur_unit_target *to)
{
    struct pool p = {.sc = sc, .opts = opts, .to = *to, .res = to->res, .n_units = 1};
    if (!p.to.group)
        p.to.group = "";
    return run_unit(&p, rep);
}

int ur_run(const struct ur_scenario *sc, const struct ur_run_opts *opts, struct ur_out *out,
           struct ur_results *res)
{
    if (ur_results_init(res, (size_t)opts->replications, ur_run_n_samples(&sc->run)) < 0)
        return UR_ENOMEM;
    struct pool p = {.sc = sc, .opts = opts, .res = res,
                     .n_units = opts->only ? opts->n_only : res->n_reps};
    pthread_mutex_init(&p.lock, NULL);
    p.to = (struct ur_unit_target){out, opts->group ? opts->group : "", res, &p.lock};
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
