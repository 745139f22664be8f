/* Station: a generic multi-server queue, e.g. a hall of ticket windows.
 *
 * What it models. Visitors arrive as a Poisson process, wait in one FIFO
 * queue and are served by any free server that is up. Optional: patience
 * (a waiting visitor reneges when it runs out before service starts), a
 * finite waiting room (an arrival that finds `capacity` visitors waiting and
 * no free server balks), and per-server breakdowns that are time-based (a
 * server fails whether busy or idle: up for time_between_failures, down for
 * time_to_repair). A failure during service preempts the visitor, who keeps
 * the server and resumes the remaining service after the repair
 * (preemptive-resume, same server).
 *
 * Randomness (common random numbers). Visitor k's service time and patience
 * are drawn at its arrival from "station.<name>.service" and
 * "station.<name>.patience", whether it is served, reneges or balks, so
 * visitor k gets the same draws in every variant. Interarrival times come
 * from "station.<name>.arrivals"; server i's up and down times from
 * "station.<name>.server.<i>.failures" / ".repairs" (i from 0), so adding
 * servers does not shift the others' draws.
 *
 * Events (one handler each, per station): arrival, renege (cancelled when
 * service starts), service end (cancelled by a failure, rescheduled with the
 * remaining time by the repair), failure, repair.
 *
 * KPIs (stations/<name>/...; counts over the window [end of warm-up, end];
 * see station_stats.c): arrived, served (completions), reneged, balked,
 * in_system_start, in_system_end, wait_served_mean, wait_served_p95 (from a
 * histogram with 1% bins: GSL's P^2 proved biased on correlated waits, see
 * station_quantile.c), wait_all_mean, waited_share, queue_length_mean,
 * in_system_mean, utilization (servers up and serving / servers),
 * servers_up_mean, abandonment_share, throughput_per_h. Conservation holds
 * exactly: in_system_start + arrived = served + reneged + balked + in_system_end.
 * Time series: queue_length, busy_servers, servers_up, arrived, served,
 * reneged, balked, wait_served_mean.
 *
 * Reference formulas the tests (tests/station/) check it against: Erlang C
 * for M/M/c (P(wait) = C(c, a), Wq = C / (c mu - lambda), P(W > t) =
 * C e^{-(c mu - lambda) t}); Erlang A for M/M/c+M from its birth-death chain
 * (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007); M/M/c/K
 * blocking; Little's law; availability MTBF / (MTBF + MTTR); and M/M/1 with
 * exponential time-based breakdowns from its CTMC on (n, up/down).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station_internal.h"

/* All stations of a scenario. */
struct station_model {
    size_t n;
    struct station *st[];
};

static void register_handlers(struct station *st)
{
    struct ur_sim *sim = st->env->sim;
    st->h_arrival = ur_sim_handler(sim, "station.arrival", station_on_arrival, st);
    st->h_renege = ur_sim_handler(sim, "station.renege", station_on_renege, st);
    st->h_service_end = ur_sim_handler(sim, "station.service_end", station_on_service_end, st);
    st->h_failure = ur_sim_handler(sim, "station.failure", station_on_failure, st);
    st->h_repair = ur_sim_handler(sim, "station.repair", station_on_repair, st);
    st->h_outage = ur_sim_handler(sim, "station.outage", station_on_outage, st);
    st->h_restore = ur_sim_handler(sim, "station.restore", station_on_restore, st);
    st->h_shift = ur_sim_handler(sim, "station.shift", station_on_shift, st);
}

/* Servers 0 .. servers-1 start open, up and idle (server 0 is the first
 * taken); the rest, up to max_servers, start closed. */
static int servers_init(struct station *st)
{
    uint32_t n = st->n_servers, open = (uint32_t)st->cfg->servers;
    st->servers = calloc(n, sizeof *st->servers);
    st->idle = calloc(n, sizeof *st->idle);
    if (!st->servers || !st->idle)
        return UR_ENOMEM;
    for (uint32_t s = 0; s < n; s++)
        st->servers[s] = (struct station_server){.visitor = STATION_NIL,
                                                 .idle_pos = STATION_NIL,
                                                 .down = s < open ? 0 : DOWN_CLOSED};
    for (uint32_t i = 0; i < open; i++) {
        uint32_t s = open - 1 - i;
        st->servers[s].idle_pos = i;
        st->idle[i] = s;
    }
    st->n_idle = open;
    st->n_open = open;
    st->level[STATION_UP] = open;
    st->level[STATION_OPEN] = open;
    return 0;
}

int station_new(struct ur_env *env, const struct station_spec *spec, struct station **out)
{
    *out = NULL;
    struct station *st = calloc(1, sizeof *st);
    if (!st)
        return UR_ENOMEM;
    const struct station_queue_config *q = spec->q;
    *st = (struct station){.cfg = q,
                           .env = env,
                           .on_exit = spec->on_exit,
                           .ctx = spec->ctx,
                           .service_factor = spec->service_factor,
                           .n_servers = (uint32_t)(q->max_servers > q->servers ? q->max_servers
                                                                               : q->servers),
                           .free_head = STATION_NIL,
                           .queue_head = STATION_NIL,
                           .queue_tail = STATION_NIL};
    st->stream_prefix = strdup(spec->stream_prefix);
    st->result_prefix = strdup(spec->result_prefix);
    int rc = st->stream_prefix && st->result_prefix ? servers_init(st) : UR_ENOMEM;
    if (rc == 0)
        rc = station_stats_init(st);
    if (rc == 0)
        rc = ur_rec_on_sample(env->rec, station_stats_sample, st);
    if (rc < 0) {
        station_free(st);
        return rc;
    }
    st->service = station_stream(st, "service");
    st->patience = q->patience.kind != UR_DIST_NONE ? station_stream(st, "patience") : NULL;
    st->balk = q->has_balk ? station_stream(st, "balk") : NULL;
    register_handlers(st);
    station_breakdowns_start(st);
    *out = st;
    return 0;
}

void station_free(struct station *st)
{
    if (!st)
        return;
    station_queue_fini(st);
    station_stats_fini(st);
    ur_arrivals_free(st->arrivals_proc);
    free(st->servers);
    free(st->idle);
    free(st->stream_prefix);
    free(st->result_prefix);
    free(st);
}

void station_warmup_end(struct station *st, double t_s)
{
    station_stats_warmup_end(st, t_s);
}

int station_publish(struct station *st, double t_s)
{
    return station_stats_publish(st, t_s);
}

/* A standalone station: streams "station.<name>.<source>", results
 * "stations/<name>/<kpi>", and its own Poisson arrivals. */
static int station_build(struct ur_env *env, const struct station_config *cfg,
                         struct station **out)
{
    char streams[256], results[256];
    snprintf(streams, sizeof streams, "station.%s", cfg->name);
    snprintf(results, sizeof results, "stations/%s", cfg->name);
    struct station_spec spec = {.stream_prefix = streams, .result_prefix = results, .q = &cfg->q};
    int rc = station_new(env, &spec, out);
    if (rc < 0)
        return rc;
    struct station *st = *out;
    const char *why = NULL;
    st->arrivals_proc = ur_arrivals_new(&cfg->arrivals, env->horizon_s, &why);
    if (!st->arrivals_proc) {
        if (!why)
            return UR_ENOMEM;
        fprintf(stderr, "%s: error: station '%s': %s\n",
                env->scenario ? env->scenario->path : "scenario", cfg->name, why);
        return UR_EINPUT;
    }
    st->arrivals = station_stream(st, "arrivals");
    double first = ur_arrivals_next(st->arrivals_proc, st->arrivals, 0.0);
    if (isfinite(first))
        ur_sim_at(env->sim, first, st->h_arrival, 0);
    return 0;
}

static void station_destroy(void *state)
{
    struct station_model *m = state;
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        station_free(m->st[i]);
    free(m);
}

static int station_create(struct ur_env *env, const struct ur_list *config, void **state)
{
    *state = NULL;
    struct station_model *m = calloc(1, sizeof *m + config->n * sizeof m->st[0]);
    if (!m)
        return UR_ENOMEM;
    const struct station_config *cfgs = config->items;
    for (size_t i = 0; i < config->n; i++) {
        int rc = station_build(env, &cfgs[i], &m->st[i]);
        m->n = i + 1;
        if (rc < 0) {
            station_destroy(m);
            return rc;
        }
    }
    *state = m;
    return 0;
}

static void station_model_warmup_end(void *state, double t_s)
{
    struct station_model *m = state;
    for (size_t i = 0; i < m->n; i++)
        station_warmup_end(m->st[i], t_s);
}

static int station_finish(void *state, double t_s)
{
    struct station_model *m = state;
    for (size_t i = 0; i < m->n; i++) {
        int rc = station_publish(m->st[i], t_s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

const struct ur_model_ops station_ops = {
    .name = "station",
    .yaml_key = "stations",
    .schema = &station_schema,
    .check_run = station_check_run,
    .doc = "multi-server queues (M/G/c with patience, a finite waiting room, balking, "
           "breakdowns and outages)",
    .create = station_create,
    .warmup_end = station_model_warmup_end,
    .finish = station_finish,
    .destroy = station_destroy,
};
