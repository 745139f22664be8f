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
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "station_internal.h"

/* All stations of a scenario; each handler's model pointer is &st[i]. */
struct station_model {
    size_t n;
    struct station st[];
};

static gsl_rng *stream(struct station *st, const char *what)
{
    char name[256];
    snprintf(name, sizeof name, "station.%s.%s", st->cfg->name, what);
    return ur_rng_stream(st->env->rng, name);
}

static void register_handlers(struct station *st)
{
    struct ur_sim *sim = st->env->sim;
    st->h_arrival = ur_sim_handler(sim, "station.arrival", station_on_arrival, st);
    st->h_renege = ur_sim_handler(sim, "station.renege", station_on_renege, st);
    st->h_service_end = ur_sim_handler(sim, "station.service_end", station_on_service_end, st);
    st->h_failure = ur_sim_handler(sim, "station.failure", station_on_failure, st);
    st->h_repair = ur_sim_handler(sim, "station.repair", station_on_repair, st);
}

/* Every server starts up and idle; server 0 is the first to be taken. */
static int servers_init(struct station *st)
{
    uint32_t n = (uint32_t)st->cfg->servers;
    st->servers = calloc(n, sizeof *st->servers);
    st->idle = calloc(n, sizeof *st->idle);
    if (!st->servers || !st->idle)
        return UR_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = n - 1 - i;
        st->servers[s] = (struct station_server){.visitor = STATION_NIL, .idle_pos = i, .up = true};
        st->idle[i] = s;
    }
    st->n_idle = n;
    st->level[STATION_UP] = n;
    return 0;
}

static int station_build(struct station *st, struct ur_env *env, const struct station_config *cfg)
{
    *st = (struct station){.cfg = cfg,
                           .env = env,
                           .free_head = STATION_NIL,
                           .queue_head = STATION_NIL,
                           .queue_tail = STATION_NIL};
    st->arrivals = stream(st, "arrivals");
    st->service = stream(st, "service");
    st->patience = cfg->patience.kind != UR_DIST_NONE ? stream(st, "patience") : NULL;
    register_handlers(st);
    int rc = servers_init(st);
    if (rc == 0)
        rc = station_stats_init(st);
    if (rc == 0)
        rc = ur_rec_on_sample(env->rec, station_stats_sample, st);
    if (rc < 0)
        return rc;
    station_breakdowns_start(st);
    ur_sim_after(env->sim, gsl_ran_exponential(st->arrivals, 1.0 / cfg->arrivals.rate_per_s),
                 st->h_arrival, 0);
    return 0;
}

static void station_fini(struct station *st)
{
    station_queue_fini(st);
    station_stats_fini(st);
    free(st->servers);
    free(st->idle);
}

static void station_destroy(void *state)
{
    struct station_model *m = state;
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        station_fini(&m->st[i]);
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
        m->n = i + 1; /* station_fini copes with a half-built station */
        int rc = station_build(&m->st[i], env, &cfgs[i]);
        if (rc < 0) {
            station_destroy(m);
            return rc;
        }
    }
    *state = m;
    return 0;
}

static void station_warmup_end(void *state, double t_s)
{
    struct station_model *m = state;
    for (size_t i = 0; i < m->n; i++)
        station_stats_warmup_end(&m->st[i], t_s);
}

static int station_finish(void *state, double t_s)
{
    struct station_model *m = state;
    for (size_t i = 0; i < m->n; i++) {
        int rc = station_stats_publish(&m->st[i], t_s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

const struct ur_model_ops station_ops = {
    .name = "station",
    .yaml_key = "stations",
    .schema = &station_schema,
    .doc = "multi-server queues (M/G/c with patience, a finite waiting room and breakdowns)",
    .create = station_create,
    .warmup_end = station_warmup_end,
    .finish = station_finish,
    .destroy = station_destroy,
};
