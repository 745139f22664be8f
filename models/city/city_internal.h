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
    C_COMPLAINTS,
    C_N_COUNTS
};

struct city_site_state {
    const struct city_site *cfg;
    struct city *city;
    uint16_t index;
    struct station *ticket; /* NULL without a ticket queue */
    struct station *venue;
    /* reservations: slots of the current day */
    long day;
    long sold_today;
    long cap;          /* daily cap in force (plan's cap_entry may lower it), < 0: none */
    uint32_t *slot_sold;
    uint32_t n_slots;
    double extra_hours_s; /* extend_hours, from then on */
    /* a venue without capacity: visitors inside, its time integral, peak */
    gsl_rng *r_dwell;
    uint64_t inside, inside_max;
    double inside_area, t_inside;
    uint64_t count[C_N_COUNTS];
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
    uint16_t h_check;
};

struct city_source {
    const struct city_visitors *cfg;
    struct ur_arrivals *arrivals;
    gsl_rng *r_arrivals, *r_route, *r_travel;
    int16_t *row_of; /* routing row per site (+1 for start at index n_sites), -1: none */
};

struct city_stats {
    double window_start_s;
    uint64_t visitors, completed;
    uint64_t good, bad;           /* queue passages within / beyond the target, window */
    uint64_t good_iv, bad_iv;     /* ... in the current sample interval */
    uint64_t complaints_iv, refunds_iv;
    double loss_h;                /* integral of (target - Q)+ over the window, hours */
    double episode_start_s;       /* NaN when Q is at or above target */
    double episodes_h_sum, worst_episode_h;
    uint64_t episodes;
    double trending_s;            /* time trending in the window */
    double trend_since;           /* NaN when below the threshold */
    bool trending;
    double t_trend_last;
    int series_q, series_complaints, series_refunds, series_trending, series_in_city;
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

    uint16_t h_arrival, h_reach, h_slot, h_dwell;
    gsl_rng *r_complaints, *r_no_show;
    bool has_space;
    struct space space;    /* the grid table, with `grids:` */
    struct resp *response; /* NULL without `response:` */
    struct plan *plan;
    long reserve_staff;
    bool apologised;
    struct city_recent complaints, refunds; /* city-wide */
    struct city_stats stats;
};

/* city_flow.c */
double city_patience_scale(const struct city *c, double t_s);
void city_visit_next(struct city *c, uint32_t v); /* on to the next stop, or the end */
void city_on_arrival(struct ur_sim *sim, void *model, uint64_t source);
void city_on_reach(struct ur_sim *sim, void *model, uint64_t visitor);
void city_on_slot(struct ur_sim *sim, void *model, uint64_t visitor);
void city_on_dwell_end(struct ur_sim *sim, void *model, uint64_t visitor);
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
enum city_complaint { COMPLAIN_RENEGED, COMPLAIN_BALKED, COMPLAIN_REFUND };
void city_maybe_complain(struct city *c, struct city_site_state *s, enum city_complaint why);
/* A visitor who paid at site s gave up: refunded, may complain. */
void city_refund(struct city *c, struct city_site_state *s);
void city_count(struct city_site_state *s, enum city_count k);
/* One passage through a queue: within the target wait or not. */
void city_passage(struct city *c, bool good);
/* keep_s: the longest window anybody reads the recent events over. */
int city_stats_init(struct city *c, double keep_s);
void city_stats_warmup_end(struct city *c, double t_s);
void city_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec);
/* Advances the trending clock to t_s (called at every check). */
void city_trending_update(struct city *c, double t_s);
int city_stats_publish(struct city *c, double t_s);

/* city_taxis.c */
int city_taxis_init(struct city *c);
/* city_board.c */
int city_site_index(const struct city *c, const char *name);
int city_taxi_index(const struct city *c, const char *name);

#endif
