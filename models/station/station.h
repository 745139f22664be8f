/* Station: a generic multi-server queue (see station.c for the model).
 *
 * Two uses. As a model of its own (`stations:` in a scenario): Poisson
 * arrivals feed it and its results go under stations/<name>/. As a component
 * of another model (a site's ticket hall): that model creates it with
 * station_new, sends visitors in with station_enter and hears of each one's
 * exit through a callback; a plan may open and close servers and a site may
 * cut the whole system (an outage).
 */
#ifndef URSIM_MODELS_STATION_H
#define URSIM_MODELS_STATION_H

#include <stdbool.h>

#include <ursim/arrivals.h>
#include <ursim/model.h>

/* breakdowns: per server, up for time_between_failures, then down for time_to_repair. */
struct station_breakdowns {
    struct ur_dist time_between_failures;
    struct ur_dist time_to_repair;
};

/* One scheduled whole-system outage. */
struct station_outage {
    double start_s, duration_s;
};

/* outages: every server down at once (ticketing or payment system down). */
struct station_outages {
    struct ur_list at; /* of struct station_outage */
    bool has_random;   /* time_between_outages given */
    struct ur_dist time_between_outages;
    struct ur_dist time_to_restore;
};

/* balk: an arrival who sees the queue (or the wait shown at the entrance)
 * at or above a threshold leaves at once with a probability. */
struct station_balk {
    bool has_queue_length, has_shown_wait;
    long queue_length;
    double shown_wait_s;
    double probability;
};

/* One change of the daily staffing: from `start` (time of day) on, `servers`
 * are open. */
struct station_shift {
    double start_s;
    long servers;
};

/* The queue itself: what a `stations:` item and a site's `ticket:` share. */
struct station_queue_config {
    long servers;     /* open at the start */
    long max_servers; /* windows that exist (a plan may open up to these); 0: servers */
    struct ur_dist service;
    struct ur_dist patience; /* kind UR_DIST_NONE: visitors never renege */
    bool has_capacity;
    long capacity; /* waiting places (not counting those in service) */
    bool has_breakdowns;
    struct station_breakdowns breakdowns;
    bool has_outages;
    struct station_outages outages;
    bool has_balk;
    struct station_balk balk;
    struct ur_list shifts; /* of struct station_shift, by time of day; n = 0: none */
};

/* One item of the scenario's `stations:` list. */
struct station_config {
    const char *name;
    struct ur_arrivals_config arrivals; /* {rate: 36/min}, or a profile, surges, ... */
    struct station_queue_config q;
};

extern const struct ur_schema station_schema;       /* a `stations:` item */
extern const struct ur_schema station_queue_schema; /* the queue keys alone */
extern const struct ur_model_ops station_ops;
void station_check_run(const struct ur_list *config, const struct ur_run_config *run,
                       struct ur_check *ck);

/* ---- the station as a component ---- */

struct station;

enum station_exit {
    STATION_EXIT_SERVED,  /* service completed */
    STATION_EXIT_RENEGED, /* gave up waiting */
    STATION_EXIT_BALKED,  /* never joined: full waiting room, or the queue put it off */
};

/* Called after the station has updated its state; wait_s is the time spent
 * in the queue (0 for a balk); server is the one that served (SERVED only,
 * else -1). */
typedef void station_exit_fn(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                             long server);

struct station_spec {
    const char *stream_prefix; /* random streams "<prefix>.service", ... */
    const char *result_prefix; /* results "<prefix>/queue_length", ... */
    const struct station_queue_config *q;
    station_exit_fn *on_exit; /* may be NULL */
    void *ctx;
    /* Factor on a visitor's service time, read when its service starts (a
     * taxi's trip in a snowstorm); NULL: 1. Also scales the shown wait. */
    double (*service_factor)(void *ctx, double t_s);
};

/* Builds a station: registers its handlers, series and sample callback and
 * schedules its breakdowns and outages. 0 or UR_E*. */
int station_new(struct ur_env *env, const struct station_spec *spec, struct station **out);
void station_free(struct station *st);
/* A visitor arrives now; `token` comes back through on_exit. Its patience is
 * the drawn patience times patience_scale (1: as configured). */
void station_enter(struct station *st, uint64_t token, double patience_scale);
/* Sends every waiting visitor away now, as if its patience ran out (each
 * counts as reneged and is reported through on_exit). Returns how many. */
uint64_t station_dismiss_waiting(struct station *st);
/* Visitors waiting now. */
uint64_t station_waiting(const struct station *st);
/* Visitors waiting or held by a server now. */
uint64_t station_in_system(const struct station *st);
/* Servers open (staffed), whether up or failed. */
uint32_t station_open(const struct station *st);
uint32_t station_max_servers(const struct station *st);
/* Opens or closes servers so that `n` (clipped to [0, max_servers]) are open;
 * a server closed while serving finishes its visitor first. Returns the new
 * number open. */
uint32_t station_set_open(struct station *st, uint32_t n);
/* The wait a visitor arriving now would be shown: (waiting + 1) x mean
 * service / servers up; infinite with no server up. */
double station_shown_wait(const struct station *st);
void station_warmup_end(struct station *st, double t_s);
int station_publish(struct station *st, double t_s);

#endif
