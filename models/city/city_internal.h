/* Private to models/city: the state of one city in one replication (the
 * files are listed in city.h). */
#ifndef URSIM_MODELS_CITY_INTERNAL_H
#define URSIM_MODELS_CITY_INTERNAL_H

#include <stdint.h>

#include "city.h"

#define CITY_NIL UINT32_MAX

/* Times of recent events (complaints, refunds) or (time, wait) pairs, kept
 * for the longest window anybody asks about; older ones are dropped. */
struct city_recent {
    double *t, *x;
    size_t head, n, cap; /* live entries are [head, head + n) */
    double keep_s;
};

struct city_visitor {
    double left_s;  /* when it set off for its next stop; NaN once there */
    uint32_t next_free;
    uint16_t source;
    int16_t site;   /* where it is or is heading; -1 before the first stop */
    uint8_t stops;
    int16_t paid_at; /* site whose ticket it holds and may ask back (-1: none) */
    int16_t within;  /* the site whose grounds it got into and is still on (-1: none) */
    uint8_t leaving; /* at a taxi stand, the visit over */
};

enum city_count {
    C_ARRIVED,      /* reached the site */
    C_CLOSED_AWAY,  /* came when it was closed */
    C_SUSPENDED,    /* sales suspended for the day (daily cap) */
    C_SOLD_OUT,     /* reached the window with no slot left today */
    C_PAID,         /* bought a ticket */
    C_NO_SHOW,      /* ticket holders who did not come */
    C_REFUNDS,      /* paid visitors who gave up and were refunded */
    C_REFUNDS_OFFERED, /* ... of them, refunded by the plan's refund */
    C_CLOSED_QUEUE, /* still queuing `grace` after closing: sent away */
    C_COMPLAINTS,
    C_N_COUNTS
};

/* Queue passages at one site or stand in the window: within the target wait or not. */
struct city_passages {
    uint64_t good, bad;
};

/* Why a site is sending its queues away (the stations report it as a renege). */
enum city_dismiss { DISMISS_NONE, DISMISS_CLOSING, DISMISS_REFUND };

struct city_site_state {
    const struct city_site *cfg;
    struct city *city;
    uint16_t index;
    int16_t parent;        /* the site it is inside (-1: none) */
    struct city_site_state *hours_of; /* whose hours apply: itself, a parent, or NULL */
    uint8_t dismissing;    /* enum city_dismiss, while sending queues away */
    struct station *ticket; /* NULL without a ticket queue */
    struct station *venue;
    /* reservations: slots of the current day */
    long day;
    long sold_today;
    long cap;          /* daily cap in force (plan's cap_entry may lower it), < 0: none */
    uint32_t *slot_sold;
    uint32_t n_slots;
    double extra_hours_s; /* extend_hours, from then on */
    bool sheltered;       /* warm_shelter: the cold no longer shortens patience here */
    long suspended_day;   /* the last day sales were suspended (-1: never) */
    double suspended_tod_sum; /* their times of day (s), days in the window */
    uint32_t suspended_days;
    /* a venue without capacity: visitors inside, its time integral, peak */
    gsl_rng *r_dwell;
    uint64_t inside, inside_max;
    double inside_area, t_inside;
    uint64_t count[C_N_COUNTS];
    uint64_t complaints_by[CAUSE_N];
    struct city_passages passages; /* windows and gate */
    double refund_amount;
    long grid;                    /* the grid it sits in (-1: none) */
    double travel_in_sum;         /* travel times of visitors reaching it, window */
    uint64_t travel_in_n;
    struct city_recent refunds, complaints, waits;
};

struct city_taxi_state {
    const struct city_taxi *cfg;
    struct city *city;
    struct station *stand;
    uint32_t base;        /* regular drivers */
    long volunteers_max;  /* raised by call_volunteers */
    uint64_t volunteer_trips, trips;
    struct city_passages passages;
    uint16_t h_check;
};

struct city_source {
    const struct city_visitors *cfg;
    struct ur_arrivals *arrivals;
    gsl_rng *r_arrivals, *r_route, *r_travel;
    /* routing row per (site, outcome): row_of[site * OUT_N + outcome], start at
     * site index n_sites; -1: none */
    int16_t *row_of;
};

/* The online heat (city_heat.c). */
struct city_heat {
    double h, t_last;    /* H just after the last change, and when */
    double above_since;  /* when H last reached the threshold; NaN while below */
    double window_start_s;
    double peak, area;   /* over the window: max H, integral of H dt (s) */
    double trending_s;   /* time trending in the window */
};

struct city_stats {
    double window_start_s;
    uint64_t visitors, completed;
    uint64_t good, bad;           /* queue passages within / beyond the target, window */
    uint64_t good_iv, bad_iv;     /* ... in the current sample interval */
    uint64_t complaints_iv, refunds_iv;
    uint64_t complaints_peak_15min; /* most complaints in any 15 minutes of the window */
    double loss_h;                /* integral of (target - Q)+ over the window, hours */
    double below_h;               /* time with Q defined and below target, hours */
    double first_below_s;         /* start of the first interval below target (NaN: none) */
    double last_below_end_s;      /* end of the latest interval below target */
    double episode_start_s;       /* NaN when no episode is open */
    double worst_episode_h;
    uint64_t episodes;
    int series_q, series_complaints, series_refunds, series_trending, series_in_city,
        series_heat;
};

struct city {
    const struct city_config *cfg;
    struct ur_env *env;
    size_t n_sites, n_taxis, n_sources;
    struct city_site_state *sites;
    struct city_taxi_state *taxis;
    struct city_source *sources;

    struct city_visitor *visitors;
    uint32_t pool_cap, free_head;
    uint64_t in_city;

    uint16_t h_arrival, h_reach, h_slot, h_dwell, h_close;
    gsl_rng *r_complaints, *r_no_show;
    bool has_space;
    struct space space;    /* the grid table, with `grids:` */
    struct resp *response; /* NULL without `response:` */
    struct plan *plan;
    long reserve_staff;
    bool apologised;
    struct city_recent complaints, refunds; /* city-wide */
    struct city_stats stats;
    struct city_heat heat;
    gsl_rng *r_hotline; /* which complaints also call the hotline */
};

/* city_flow.c */
double city_patience_scale(const struct city *c, double t_s);
/* The patience scale of a visitor joining site s's queues at t_s: the
 * weather's, but at least 1 once the site has a warm shelter. */
double city_site_patience(const struct city *c, const struct city_site_state *s, double t_s);
/* On to the next stop after one that ended so (OUT_ANY at the start), or the end. */
void city_visit_next(struct city *c, uint32_t v, enum city_outcome how);
void city_on_arrival(struct ur_sim *sim, void *model, uint64_t source);
void city_on_reach(struct ur_sim *sim, void *model, uint64_t visitor);
void city_on_slot(struct ur_sim *sim, void *model, uint64_t visitor);
void city_on_dwell_end(struct ur_sim *sim, void *model, uint64_t visitor);
/* Sends away whoever still queues `grace` after closing (arg: day << 16 | site). */
void city_on_close(struct ur_sim *sim, void *model, uint64_t arg);
/* Schedules site s's clearing for day `day` (nothing without hours or queues). */
void city_schedule_close(struct city *c, struct city_site_state *s, long day);
/* Opening hours of the site, or of the one whose hours it keeps. */
double city_site_admits(const struct city_site_state *s, double t_s);
station_exit_fn city_on_ticket_exit, city_on_venue_exit, city_on_taxi_exit;
void city_inside_advance(struct city_site_state *s, double t_s);

/* city_recent.c */
int city_recent_init(struct city_recent *r, double keep_s, bool with_values);
void city_recent_fini(struct city_recent *r);
void city_recent_add(struct city_recent *r, double t_s, double x);
/* Entries in (t_s - window_s, t_s]. */
size_t city_recent_count(struct city_recent *r, double t_s, double window_s);
/* The p-quantile of the values in the window (GSL), NaN if none. */
double city_recent_quantile(struct city_recent *r, double t_s, double window_s, double p);

/* city_stats.c */
void city_maybe_complain(struct city *c, struct city_site_state *s, enum city_cause why);
/* A visitor who paid at site s is refunded (it asked, or the city offered)
 * and may complain, at site `where`, where it gave up or was sent away. */
void city_refund(struct city *c, struct city_site_state *s, struct city_site_state *where,
                 enum city_cause why);
void city_count(struct city_site_state *s, enum city_count k);
/* One passage through a queue: within the target wait or not. */
void city_passage(struct city *c, struct city_passages *at, bool good);
/* keep_s: the longest window anybody reads the recent events over. */
int city_stats_init(struct city *c, double keep_s);
void city_stats_warmup_end(struct city *c, double t_s);
void city_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec);
int city_stats_publish(struct city *c, double t_s);
/* One interval [t_s - counted, t_s] of the window with share q defined:
 * the loss, the time below target and the episodes. */
void city_resilience_add(struct city_stats *st, double q, double target, double t_s,
                         double counted);
/* Ends the open episode at the end of its last interval below target. */
void city_episode_close(struct city_stats *st);
/* From the first drop below target to the final recovery, hours (0: none). */
double city_time_to_recover_h(const struct city_stats *st);

/* city_heat.c */
void city_heat_init(struct city *c);
void city_heat_warmup_end(struct city *c, double t_s);
void city_heat_complaint(struct city *c, double t_s);
void city_heat_apology(struct city *c, double t_s);
double city_heat_at(struct city *c, double t_s);
bool city_trending_at(struct city *c, double t_s);

/* city_taxis.c */
int city_taxis_init(struct city *c);
/* city_board.c */
int city_site_index(const struct city *c, const char *name);
int city_taxi_index(const struct city *c, const char *name);

#endif
