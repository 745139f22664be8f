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
 * By the alternating-renewal theorem the long-run fraction of time a server
 * is up is MTBF / (MTBF + MTTR), whatever the two distributions; the tests
 * check servers_up_mean against it.
 */
#include <stdio.h>

#include "station_internal.h"

static gsl_rng *server_stream(struct station *st, uint32_t s, const char *what)
{
    char name[256];
    snprintf(name, sizeof name, "station.%s.server.%u.%s", st->cfg->name, (unsigned)s, what);
    return ur_rng_stream(st->env->rng, name);
}

static void schedule_failure(struct station *st, uint32_t s)
{
    const struct station_breakdowns *b = &st->cfg->breakdowns;
    double up_s = ur_dist_draw(&b->time_between_failures, st->servers[s].failures);
    ur_sim_after(st->env->sim, up_s, st->h_failure, s);
}

void station_breakdowns_start(struct station *st)
{
    if (!st->cfg->has_breakdowns)
        return;
    for (uint32_t s = 0; s < (uint32_t)st->cfg->servers; s++) {
        st->servers[s].failures = server_stream(st, s, "failures");
        st->servers[s].repairs = server_stream(st, s, "repairs");
        schedule_failure(st, s);
    }
}

void station_on_failure(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t s = (uint32_t)arg;
    struct station_server *server = &st->servers[s];
    double now = ur_sim_now(sim);
    station_stats_advance(st, now);
    UR_ASSERT(server->up);
    server->up = false;
    st->level[STATION_UP]--;
    if (server->visitor != STATION_NIL) {
        double end_s = ur_sim_event_time(sim, server->done);
        bool cancelled = ur_sim_cancel(sim, server->done);
        UR_ASSERT(cancelled);
        st->visitors[server->visitor].service_left_s = end_s - now;
        server->done = 0;
        st->level[STATION_BUSY]--;
    } else {
        station_idle_remove(st, s);
    }
    double down_s = ur_dist_draw(&st->cfg->breakdowns.time_to_repair, server->repairs);
    ur_sim_after(sim, down_s, st->h_repair, s);
}

void station_on_repair(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t s = (uint32_t)arg;
    struct station_server *server = &st->servers[s];
    station_stats_advance(st, ur_sim_now(sim));
    server->up = true;
    st->level[STATION_UP]++;
    schedule_failure(st, s);
    if (server->visitor == STATION_NIL) {
        station_server_free(st, s);
        return;
    }
    double left_s = st->visitors[server->visitor].service_left_s;
    server->done = ur_sim_after(sim, left_s, st->h_service_end, s);
    st->level[STATION_BUSY]++;
}
