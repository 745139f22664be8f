/* The station's queue: arrivals, the FIFO of waiting visitors, reneging and
 * the start and end of service.
 *
 * Visitors live in a pool (an array grown by doubling, with a free list), so
 * handlers never allocate in steady state. Waiting visitors form a
 * doubly-linked FIFO by pool index: a renege removes a visitor from the
 * middle in O(1). Servers that are idle and up sit on a stack (st->idle)
 * with their position stored, so a failure can remove an idle server in O(1).
 *
 * Every handler first integrates the statistics up to now
 * (station_stats_advance) and only then changes the levels.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "station_internal.h"

/* Doubles the pool and chains the new slots onto the free list. */
static void pool_grow(struct station *st)
{
    uint32_t old = st->pool_cap, cap = old ? 2 * old : 64;
    UR_ASSERT(old < STATION_NIL / 2 && "too many visitors in one station");
    struct station_visitor *v = realloc(st->visitors, (size_t)cap * sizeof *v);
    UR_ASSERT_MEMORY(v != NULL, "growing the visitor pool");
    for (uint32_t i = old; i < cap; i++)
        v[i].next = i + 1 < cap ? i + 1 : st->free_head;
    st->visitors = v;
    st->free_head = old;
    st->pool_cap = cap;
}

static uint32_t visitor_new(struct station *st, uint64_t token, double arrived_s,
                            double service_s)
{
    if (st->free_head == STATION_NIL)
        pool_grow(st);
    uint32_t i = st->free_head;
    struct station_visitor *v = &st->visitors[i];
    st->free_head = v->next;
    *v = (struct station_visitor){.token = token,
                                  .arrived_s = arrived_s,
                                  .service_left_s = service_s,
                                  .prev = STATION_NIL,
                                  .next = STATION_NIL};
    return i;
}

static void visitor_free(struct station *st, uint32_t i)
{
    st->visitors[i].next = st->free_head;
    st->free_head = i;
}

static void queue_push(struct station *st, uint32_t i)
{
    struct station_visitor *v = &st->visitors[i];
    v->prev = st->queue_tail;
    v->next = STATION_NIL;
    if (st->queue_tail != STATION_NIL)
        st->visitors[st->queue_tail].next = i;
    else
        st->queue_head = i;
    st->queue_tail = i;
    st->level[STATION_WAITING]++;
}

static void queue_unlink(struct station *st, uint32_t i)
{
    struct station_visitor *v = &st->visitors[i];
    if (v->prev != STATION_NIL)
        st->visitors[v->prev].next = v->next;
    else
        st->queue_head = v->next;
    if (v->next != STATION_NIL)
        st->visitors[v->next].prev = v->prev;
    else
        st->queue_tail = v->prev;
    st->level[STATION_WAITING]--;
}

static void idle_push(struct station *st, uint32_t s)
{
    st->servers[s].idle_pos = st->n_idle;
    st->idle[st->n_idle++] = s;
}

static uint32_t idle_pop(struct station *st)
{
    uint32_t s = st->idle[--st->n_idle];
    st->servers[s].idle_pos = STATION_NIL;
    return s;
}

void station_idle_remove(struct station *st, uint32_t s)
{
    uint32_t pos = st->servers[s].idle_pos, last = st->idle[--st->n_idle];
    UR_ASSERT(pos != STATION_NIL && st->idle[pos] == s);
    st->idle[pos] = last;
    st->servers[last].idle_pos = pos;
    st->servers[s].idle_pos = STATION_NIL;
}

/* Visitor i (no longer waiting) starts service at server s, which is up. */
static void service_start(struct station *st, uint32_t s, uint32_t i)
{
    struct station_visitor *v = &st->visitors[i];
    struct ur_sim *sim = st->env->sim;
    if (v->renege)
        ur_sim_cancel(sim, v->renege);
    v->renege = 0;
    v->waited_s = ur_sim_now(sim) - v->arrived_s;
    station_stats_wait(st, v->waited_s, true);
    if (st->service_factor)
        v->service_left_s *= st->service_factor(st->ctx, ur_sim_now(sim));
    st->servers[s].visitor = i;
    st->servers[s].done = ur_sim_after(sim, v->service_left_s, st->h_service_end, s);
    st->level[STATION_BUSY]++;
}

void station_server_free(struct station *st, uint32_t s)
{
    uint32_t head = st->queue_head;
    if (head == STATION_NIL) {
        idle_push(st, s);
        return;
    }
    queue_unlink(st, head);
    service_start(st, s, head);
}

gsl_rng *station_stream(struct station *st, const char *what)
{
    char name[512];
    snprintf(name, sizeof name, "%s.%s", st->stream_prefix, what);
    return ur_rng_stream(st->env->rng, name);
}

static void leave(struct station *st, uint64_t token, enum station_exit how, double wait_s,
                  long server)
{
    if (st->on_exit)
        st->on_exit(st->ctx, token, how, wait_s, server);
}

/* Whether an arrival who would have to wait is put off by what it sees. */
static bool put_off(const struct station *st)
{
    const struct station_balk *b = &st->cfg->balk;
    if (b->has_queue_length && st->level[STATION_WAITING] >= (uint64_t)b->queue_length)
        return true;
    return b->has_shown_wait && station_shown_wait(st) >= b->shown_wait_s;
}

void station_enter(struct station *st, uint64_t token, double patience_scale)
{
    const struct station_queue_config *cfg = st->cfg;
    struct ur_sim *sim = st->env->sim;
    double now = ur_sim_now(sim);
    /* Drawn for every visitor, balking or not, to keep the streams in step.
     * An exponential patience is drawn as its uniform now and turned into a
     * time only if the visitor has to wait (most need none): the same
     * value, bit for bit, without the logarithm for the others. */
    double service_s = ur_dist_draw(&cfg->service, st->service);
    bool lazy = st->patience && cfg->patience.kind == UR_DIST_EXPONENTIAL;
    double patience_u = lazy ? gsl_rng_uniform(st->patience) : 0;
    double patience_s = !st->patience ? INFINITY
                        : lazy        ? NAN
                                      : patience_scale * ur_dist_draw(&cfg->patience, st->patience);
    double u_balk = st->balk ? gsl_rng_uniform(st->balk) : 1.0;
    station_stats_advance(st, now);
    station_stats_count(st, STATION_ARRIVED);
    if (st->n_idle == 0 &&
        ((cfg->has_capacity && st->level[STATION_WAITING] >= (uint64_t)cfg->capacity) ||
         (cfg->has_balk && u_balk < cfg->balk.probability && put_off(st)))) {
        station_stats_count(st, STATION_BALKED);
        leave(st, token, STATION_EXIT_BALKED, 0, -1);
        return;
    }
    uint32_t i = visitor_new(st, token, now, service_s);
    st->level[STATION_IN_SYSTEM]++;
    if (st->n_idle > 0) {
        service_start(st, idle_pop(st), i);
        return;
    }
    queue_push(st, i);
    if (lazy)
        patience_s = patience_scale * ur_exponential_of(patience_u, cfg->patience.a);
    if (isfinite(patience_s))
        st->visitors[i].renege = ur_sim_after(sim, patience_s, st->h_renege, i);
}

void station_on_arrival(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct station *st = model;
    double next = ur_arrivals_next(st->arrivals_proc, st->arrivals, ur_sim_now(sim));
    if (isfinite(next))
        ur_sim_at(sim, next, st->h_arrival, 0);
    for (long g = ur_arrivals_group(st->arrivals_proc, st->arrivals); g > 0; g--) {
        ur_env_arrival(st->env);
        station_enter(st, 0, 1.0);
    }
}

void station_on_renege(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t i = (uint32_t)arg;
    station_stats_advance(st, ur_sim_now(sim));
    queue_unlink(st, i);
    st->level[STATION_IN_SYSTEM]--;
    double wait_s = ur_sim_now(sim) - st->visitors[i].arrived_s;
    station_stats_wait(st, wait_s, false);
    station_stats_count(st, STATION_RENEGED);
    uint64_t token = st->visitors[i].token;
    visitor_free(st, i);
    leave(st, token, STATION_EXIT_RENEGED, wait_s, -1);
}

void station_on_service_end(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct station *st = model;
    uint32_t s = (uint32_t)arg;
    struct station_server *server = &st->servers[s];
    station_stats_advance(st, ur_sim_now(sim));
    const struct station_visitor *v = &st->visitors[server->visitor];
    uint64_t token = v->token;
    double waited_s = v->waited_s;
    visitor_free(st, server->visitor);
    server->visitor = STATION_NIL;
    server->done = 0;
    st->level[STATION_BUSY]--;
    st->level[STATION_IN_SYSTEM]--;
    station_stats_count(st, STATION_SERVED);
    if (server->closing) { /* up, free and not on the idle stack: close it */
        server->closing = false;
        server->down |= DOWN_CLOSED;
        st->level[STATION_UP]--;
        st->level[STATION_OPEN]--;
    } else
        station_server_free(st, s);
    leave(st, token, STATION_EXIT_SERVED, waited_s, (long)s);
}

uint64_t station_dismiss_waiting(struct station *st)
{
    uint64_t n = 0;
    while (st->queue_head != STATION_NIL) {
        uint32_t i = st->queue_head;
        if (st->visitors[i].renege)
            ur_sim_cancel(st->env->sim, st->visitors[i].renege);
        st->visitors[i].renege = 0;
        station_on_renege(st->env->sim, st, i);
        n++;
    }
    return n;
}

uint64_t station_waiting(const struct station *st)
{
    return st->level[STATION_WAITING];
}

uint64_t station_in_system(const struct station *st)
{
    return st->level[STATION_IN_SYSTEM];
}

double station_shown_wait(const struct station *st)
{
    uint64_t up = st->level[STATION_UP];
    double f = st->service_factor ? st->service_factor(st->ctx, ur_sim_now(st->env->sim)) : 1.0;
    return up ? (double)(st->level[STATION_WAITING] + 1) * st->cfg->service.mean * f / (double)up
              : INFINITY;
}

void station_queue_fini(struct station *st)
{
    free(st->visitors);
    st->visitors = NULL;
    st->pool_cap = 0;
}
