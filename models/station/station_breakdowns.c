/* Per-server breakdowns, time-based: each server alternates up periods
 * (time_between_failures) and down periods (time_to_repair) whether it is
 * busy or idle, as a ticket machine or a window's terminal fails on the
 * clock, not per sale. Server i draws from its own streams,
 * "station.<name>.server.<i>.failures" and ".repairs", so a variant with more
 * servers leaves the first servers' histories unchanged.
 *
 * Preemptive resume on the same server: a failure during service cancels the
 * service end and keeps the remaining service time; the visitor stays with
 * the (down) server and resumes when it is repaired. While down, the server
 * holds its visitor (counted in_system) but is not busy.
 *
 * A server is up when nothing holds it down: its own failure (DOWN_FAILED),
 * a whole-system outage (DOWN_OUTAGE: every server at once, the ticketing or
 * payment system being out, scheduled at given times or random with its own
 * stream "<prefix>.outages") or being closed (DOWN_CLOSED: not staffed; a
 * plan opens and closes servers). Taking a busy server down preempts its
 * visitor as a failure does; a server closed while serving first finishes.
 * A failed server's clock runs on while it is out or closed. Daily
 * `shifts` open and close servers at set times of day the same way (a
 * closing server finishes its visitor first), as a plan's actions do; a
 * plan's change holds until the next shift change.
 *
 * By the alternating-renewal theorem the long-run fraction of time a server
 * is up is MTBF / (MTBF + MTTR), whatever the two distributions; the tests
 * check servers_up_mean against it.
 */
#include <math.h>
#include <stdio.h>

#include "station_internal.h"

static gsl_rng *server_stream(struct station *st, uint32_t s, const char *what)
{
    char name[64];
    snprintf(name, sizeof name, "server.%u.%s", (unsigned)s, what);
    return station_stream(st, name);
}

static void schedule_failure(struct station *st, uint32_t s)
{
    const struct station_breakdowns *b = &st->cfg->breakdowns;
    double up_s = ur_dist_draw(&b->time_between_failures, st->servers[s].failures);
    ur_sim_after(st->env->sim, up_s, st->h_failure, s);
}

/* Outage events carry arg 1 for a random outage (whose end schedules the
 * next one) and 2 + k for the k-th scheduled one. */
static void schedule_random_outage(struct station *st)
{
    double gap_s = ur_dist_draw(&st->cfg->outages.time_between_outages, st->outages);
    ur_sim_after(st->env->sim, gap_s, st->h_outage, 1);
}

void station_breakdowns_start(struct station *st)
{
    const struct station_queue_config *cfg = st->cfg;
    if (cfg->has_breakdowns)
        for (uint32_t s = 0; s < st->n_servers; s++) {
            st->servers[s].failures = server_stream(st, s, "failures");
            st->servers[s].repairs = server_stream(st, s, "repairs");
            schedule_failure(st, s);
        }
    const struct station_shift *sh = cfg->shifts.items;
    for (size_t k = 0; k < cfg->shifts.n; k++)
        ur_sim_at(st->env->sim, sh[k].start_s, st->h_shift, k);
    if (!cfg->has_outages)
        return;
    const struct station_outage *at = cfg->outages.at.items;
    for (size_t k = 0; k < cfg->outages.at.n; k++)
        ur_sim_at(st->env->sim, at[k].start_s, st->h_outage, 2 + k);
    if (cfg->outages.has_random) {
        st->outages = station_stream(st, "outages");
        schedule_random_outage(st);
    }
}

void station_server_down(struct station *st, uint32_t s, unsigned reason)
{
    struct station_server *server = &st->servers[s];
    bool was_up = server->down == 0;
    if (reason == DOWN_CLOSED && !(server->down & DOWN_CLOSED))
        st->level[STATION_OPEN]--;
    server->down |= (uint8_t)reason;
    if (!was_up)
        return;
    st->level[STATION_UP]--;
    if (server->visitor != STATION_NIL) {
        struct ur_sim *sim = st->env->sim;
        double end_s = ur_sim_event_time(sim, server->done);
        bool cancelled = ur_sim_cancel(sim, server->done);
        UR_ASSERT(cancelled);
        st->visitors[server->visitor].service_left_s = end_s - ur_sim_now(sim);
        server->done = 0;
        st->level[STATION_BUSY]--;
    } else {
        station_idle_remove(st, s);
    }
}

void station_server_up(struct station *st, uint32_t s, unsigned reason)
{
    struct station_server *server = &st->servers[s];
    if (reason == DOWN_CLOSED && (server->down & DOWN_CLOSED))
        st->level[STATION_OPEN]++;
    server->down &= (uint8_t)~reason;
    if (server->down != 0)
        return;
    st->level[STATION_UP]++;
    if (server->visitor == STATION_NIL) {
        station_server_free(st, s);
        return;
    }
    double left_s = st->visitors[server->visitor].service_left_s;
    server->done = ur_sim_after(st->env->sim, left_s, st->h_service_end, s);
    st->level[STATION_BUSY]++;
}

void station_on_failure(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t s = (uint32_t)arg;
    station_stats_advance(st, ur_sim_now(sim));
    UR_ASSERT(!(st->servers[s].down & DOWN_FAILED));
    station_server_down(st, s, DOWN_FAILED);
    double down_s = ur_dist_draw(&st->cfg->breakdowns.time_to_repair, st->servers[s].repairs);
    ur_sim_after(sim, down_s, st->h_repair, s);
}

void station_on_repair(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t s = (uint32_t)arg;
    station_stats_advance(st, ur_sim_now(sim));
    schedule_failure(st, s);
    station_server_up(st, s, DOWN_FAILED);
}

void station_on_outage(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    station_stats_advance(st, ur_sim_now(sim));
    double restore_s;
    if (arg == 1)
        restore_s = ur_dist_draw(&st->cfg->outages.time_to_restore, st->outages);
    else
        restore_s = ((const struct station_outage *)st->cfg->outages.at.items)[arg - 2].duration_s;
    if (st->outage_depth++ == 0)
        for (uint32_t s = 0; s < st->n_servers; s++)
            station_server_down(st, s, DOWN_OUTAGE);
    ur_sim_after(sim, restore_s, st->h_restore, arg);
}

void station_on_restore(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    station_stats_advance(st, ur_sim_now(sim));
    UR_ASSERT(st->outage_depth > 0);
    if (--st->outage_depth == 0)
        for (uint32_t s = 0; s < st->n_servers; s++)
            station_server_up(st, s, DOWN_OUTAGE);
    if (arg == 1)
        schedule_random_outage(st);
}

void station_on_shift(struct ur_sim *sim, void *model, uint64_t k)
{
    struct station *st = model;
    const struct station_shift *sh = st->cfg->shifts.items;
    station_set_open(st, (uint32_t)sh[k].servers);
    ur_sim_after(sim, 86400.0, st->h_shift, k);
}

uint32_t station_open(const struct station *st)
{
    return st->n_open;
}

uint32_t station_max_servers(const struct station *st)
{
    return st->n_servers;
}

/* Opens the lowest-numbered closed servers, closes the highest-numbered open
 * ones; a server still closing is simply kept open when reopened. */
uint32_t station_set_open(struct station *st, uint32_t n)
{
    if (n > st->n_servers)
        n = st->n_servers;
    station_stats_advance(st, ur_sim_now(st->env->sim));
    for (uint32_t s = 0; s < st->n_servers && st->n_open < n; s++) {
        struct station_server *server = &st->servers[s];
        if (server->closing) {
            server->closing = false;
            st->n_open++;
        } else if (server->down & DOWN_CLOSED) {
            st->n_open++;
            station_server_up(st, s, DOWN_CLOSED);
        }
    }
    for (uint32_t s = st->n_servers; s-- > 0 && st->n_open > n;) {
        struct station_server *server = &st->servers[s];
        if ((server->down & DOWN_CLOSED) || server->closing)
            continue;
        st->n_open--;
        if (server->visitor != STATION_NIL)
            server->closing = true; /* finishes (or, if down, resumes) its visitor first */
        else
            station_server_down(st, s, DOWN_CLOSED);
    }
    return st->n_open;
}
