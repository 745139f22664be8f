/* Private to models/station: the state of one station and the functions its
 * files share.
 *
 *   station.c             ops table, create/destroy, streams and handlers
 *   station_schema.c      YAML keys (schema, docs, ranges, cross-field check)
 *   station_queue.c       arrivals, FIFO queue, reneging, service start/end
 *   station_breakdowns.c  per-server failures and repairs (preemptive resume),
 *                         whole-system outages, opening and closing servers
 *   station_stats.c       counters, time-integrated levels, KPIs, time series
 *   station_quantile.c    bounded-memory quantiles of waits (log-bucketed histogram)
 */
#ifndef URSIM_MODELS_STATION_INTERNAL_H
#define URSIM_MODELS_STATION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "station.h"

#define STATION_NIL UINT32_MAX

/* A visitor from arrival until it leaves (service end or reneging). Slots
 * live in a pool; free slots are chained through `next`. */
struct station_visitor {
    uint64_t token; /* the client's name for it (0 for a standalone station) */
    double arrived_s;
    double waited_s;       /* time in queue, set when service starts */
    double service_left_s; /* drawn at arrival; after a preemption, what remains */
    ur_event_id renege;    /* pending renege while waiting, else 0 */
    uint32_t prev, next;   /* FIFO links while waiting */
};

/* Why a server is not up (a bit set each): it failed, the whole system is
 * out, or it is closed (not staffed). Up means none of them. */
enum {
    DOWN_FAILED = 1u << 0,
    DOWN_OUTAGE = 1u << 1,
    DOWN_CLOSED = 1u << 2,
};

struct station_server {
    uint32_t visitor;  /* the visitor it holds (serving or preempted), or STATION_NIL */
    uint32_t idle_pos; /* position in station.idle while idle and up, else STATION_NIL */
    uint8_t down;      /* DOWN_* bits; 0: up */
    bool closing;      /* close once its visitor is done */
    ur_event_id done;  /* pending service end while serving and up, else 0 */
    gsl_rng *failures; /* "station.<name>.server.<i>.failures"; NULL without breakdowns */
    gsl_rng *repairs;  /* "station.<name>.server.<i>.repairs" */
};

/* Events counted in the window (since the warm-up ended) and in the current
 * sample interval. "served" counts service completions, so that
 * in_system_start + arrived = served + reneged + balked + in_system_end. */
enum station_count {
    STATION_ARRIVED, /* every arrival, balking or not */
    STATION_SERVED,  /* service completions */
    STATION_RENEGED, /* left the queue when patience ran out */
    STATION_BALKED,  /* found the waiting room full; never entered */
    STATION_N_COUNTS
};

/* The piecewise-constant levels whose time-averages are reported. */
enum station_level {
    STATION_WAITING,   /* visitors in the queue */
    STATION_BUSY,      /* servers up and serving (a preempted visitor does not count) */
    STATION_UP,        /* servers up */
    STATION_OPEN,      /* servers open (staffed), up or not */
    STATION_IN_SYSTEM, /* waiting + held by a server */
    STATION_N_LEVELS
};

enum station_series {
    SERIES_QUEUE_LENGTH,
    SERIES_BUSY_SERVERS,
    SERIES_SERVERS_UP,
    SERIES_SERVERS_OPEN,
    SERIES_ARRIVED,
    SERIES_SERVED,
    SERIES_RENEGED,
    SERIES_BALKED,
    SERIES_WAIT_SERVED_MEAN,
    STATION_N_SERIES
};

/* Waits in geometric bins (see station_quantile.c); memory is fixed. */
struct station_quantile {
    uint64_t n, zero;
    uint64_t *bins;
};

/* Count and sum of waits: all their means need. (gsl_rstat would also keep
 * variance, skewness and a P^2 median on every add: a fifth of the run time
 * of an Erlang-A station, for figures nobody reads.) */
struct station_mean {
    uint64_t n;
    double sum;
};

struct station_stats {
    double t_last_s;                        /* levels are integrated up to here */
    double window_start_s;                  /* 0, or the end of the warm-up */
    double area_window[STATION_N_LEVELS];   /* integral of level dt over the window */
    double area_interval[STATION_N_LEVELS]; /* ... over the current sample interval */
    uint64_t in_system_start;               /* visitors present when the window began */
    uint64_t window[STATION_N_COUNTS], interval[STATION_N_COUNTS];
    struct station_mean wait_served;       /* queueing delay at service start, s */
    struct station_quantile wait_served_q; /* its distribution, for the median and 95th percentile */
    double wait_served_max;
    struct station_mean wait_all;          /* time in queue at service start or reneging */
    uint64_t waited;                       /* ... of which with a wait > 0 */
    struct station_mean interval_wait;     /* wait_served within the sample interval */
    int series[STATION_N_SERIES];
};

struct station {
    const struct station_queue_config *cfg;
    struct ur_arrivals *arrivals_proc; /* standalone station only, else NULL */
    char *stream_prefix, *result_prefix;
    station_exit_fn *on_exit;
    void *ctx;
    double (*service_factor)(void *ctx, double t_s); /* NULL: 1 */
    struct ur_env *env;
    gsl_rng *arrivals, *service, *patience, *balk, *outages;
    uint16_t h_arrival, h_renege, h_service_end, h_failure, h_repair, h_outage, h_restore;
    uint16_t h_shift;
    uint32_t n_servers; /* max_servers: all that exist */
    uint32_t n_open;    /* open, or open and closing */
    uint32_t outage_depth; /* outages in progress (scheduled ones may overlap random ones) */

    struct station_visitor *visitors; /* the pool */
    uint32_t pool_cap, free_head;
    uint32_t queue_head, queue_tail; /* FIFO of waiting visitors */

    struct station_server *servers;
    uint32_t *idle; /* stack of servers that are idle and up */
    uint32_t n_idle;

    uint64_t level[STATION_N_LEVELS]; /* current values of the levels */
    struct station_stats stats;
};

/* station_queue.c */
gsl_rng *station_stream(struct station *st, const char *what);
void station_on_arrival(struct ur_sim *sim, void *model, uint64_t arg);
void station_on_renege(struct ur_sim *sim, void *model, uint64_t visitor);
void station_on_service_end(struct ur_sim *sim, void *model, uint64_t server);
/* A server became free (idle and up): give it the queue's head or make it idle. */
void station_server_free(struct station *st, uint32_t server);
void station_idle_remove(struct station *st, uint32_t server);
void station_queue_fini(struct station *st);

/* station_breakdowns.c */
void station_on_failure(struct ur_sim *sim, void *model, uint64_t server);
void station_on_repair(struct ur_sim *sim, void *model, uint64_t server);
void station_on_outage(struct ur_sim *sim, void *model, uint64_t arg);
void station_on_restore(struct ur_sim *sim, void *model, uint64_t arg);
/* Shift k of the day starts: open its number of servers; the next day's
 * same shift is scheduled. */
void station_on_shift(struct ur_sim *sim, void *model, uint64_t k);
/* Draws every server's first time to failure; schedules the outages. */
void station_breakdowns_start(struct station *st);
/* Sets or clears a DOWN_* reason on server s, taking it down or bringing it
 * up when its state changes. Call after station_stats_advance. */
void station_server_down(struct station *st, uint32_t s, unsigned reason);
void station_server_up(struct station *st, uint32_t s, unsigned reason);

/* station_quantile.c */
int station_quantile_init(struct station_quantile *q);
void station_quantile_fini(struct station_quantile *q);
void station_quantile_reset(struct station_quantile *q);
void station_quantile_add(struct station_quantile *q, double x_s);
/* The p-quantile (0 < p < 1) of what was added, NaN when empty. */
double station_quantile_get(const struct station_quantile *q, double p);

/* station_stats.c */
int station_stats_init(struct station *st);
void station_stats_fini(struct station *st);
/* Integrates the levels up to t_s; call before changing st->level. */
void station_stats_advance(struct station *st, double t_s);
void station_stats_count(struct station *st, enum station_count kind);
void station_stats_wait(struct station *st, double wait_s, bool served);
void station_stats_warmup_end(struct station *st, double t_s);
void station_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec);
int station_stats_publish(struct station *st, double t_s);

#endif
