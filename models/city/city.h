/* City: visitors who arrive in surges, follow routes through sites (ticket
 * queue, timed reservations, venue), leave by taxi, complain and ask for
 * refunds (this folder); and the city it happens in, which this model puts
 * together: the grids (models/space/), the response to incidents
 * (models/response/) and the emergency plan (models/plan/), which watches
 * and acts through the board (models/common/board.h).
 *
 *   city.c          ops table: builds the parts, in order, and wires them
 *   city_flow.c     visitors: the pool, routes, sites, venues, taxi stands
 *   city_taxis.c    volunteer drivers
 *   city_board.c    what the visitors show the plan and let it do
 *   city_stats.c    complaints, refunds, trending, Q(t), resilience, KPIs
 *   city_recent.c   rolling windows of recent events
 *   city_schema.c   YAML keys, and the checks across the parts
 *
 * The whole city is one mapping, `city:`, so that its schema check sees
 * every name it cross-references (routes name sites, the plan names sites
 * and taxi stands) and can point at the exact line of a wrong one.
 */
#ifndef URSIM_MODELS_CITY_H
#define URSIM_MODELS_CITY_H

#include <stdbool.h>

#include <ursim/arrivals.h>
#include <ursim/model.h>

#include "../plan/plan.h"
#include "../response/response.h"
#include "../space/space.h"
#include "../station/station.h"

/* reservations: timed entry in slots with a quota, sold the same day. */
struct city_reservations {
    double slot_s;    /* slot length, e.g. 30min */
    long quota;       /* places per slot */
    bool has_daily_cap;
    long daily_cap;   /* sales stop for the day once this many are sold */
    double no_show;   /* probability a ticket holder does not come */
};

/* hours: the site admits visitors between open and close each day; those
 * still queuing (windows, gate) `grace` after closing are sent away. */
struct city_hours {
    double open_s, close_s; /* time of day, close > open */
    double grace_s;
};

struct city_venue {
    bool has_capacity;
    long capacity;            /* visitors inside at once; absent: unlimited */
    struct ur_dist dwell;     /* time inside */
    struct ur_dist gate_patience; /* how long a ticket holder waits at a full gate */
};

struct city_site {
    const char *name;
    const char *inside;       /* the site whose grounds it is in (a ride in a park), or NULL */
    const char *grid;         /* the grid it sits in (with `grids:`), or NULL */
    double price;             /* of a ticket (yuan); refunds are counted in it too */
    bool has_ticket;
    struct station_queue_config ticket;
    bool has_reservations;
    struct city_reservations reservations;
    bool has_hours;
    struct city_hours hours;  /* absent: the parent's (`inside:`), or always open */
    const char *at_closing;   /* those still at the gate at closing: send_away or refund */
    struct city_venue venue;
};

/* volunteers: residents who drive visitors when the taxi wait is long. */
struct city_volunteers {
    long max;                 /* drivers who may join (a plan may call more) */
    double join_above_s;      /* shown wait at or above which one more joins */
    double leave_below_s;     /* shown wait below which one leaves */
    double check_s;           /* how often the stand is looked at */
};

struct city_taxi {
    const char *name;
    struct station_queue_config stand; /* servers = drivers, service = trip time */
    bool has_volunteers;
    struct city_volunteers volunteers;
};

struct city_choice {
    const char *site; /* a site's name, or "exit" */
    double p;
};

/* How a stop ended, for the routing table. */
enum city_outcome {
    OUT_SERVED,      /* got in (and out again) */
    OUT_TURNED_AWAY, /* closed, sales suspended, sold out, balked, sent away at closing */
    OUT_GAVE_UP,     /* reneged at the windows or the gate */
    OUT_NO_SHOW,     /* bought a timed ticket and did not come */
    OUT_ANY,         /* a row without `outcome:` */
    OUT_N
};

/* One row of the routing table: from `from` ("start" or a site), after a
 * stop that ended in `outcome` (absent: any), go to each `to` with its
 * probability; the rest of the probability ends the visit. */
struct city_route {
    const char *from;
    const char *outcome; /* served, turned_away, gave_up, no_show; NULL: any */
    struct ur_list to;   /* of struct city_choice */
};
/* The outcome named `name` (NULL: OUT_ANY), OUT_N if none. */
enum city_outcome city_outcome_of(const char *name);

struct city_leave {
    const char *taxi; /* a taxi stand */
    double p;         /* share of visitors who end their visit there */
};

struct city_visitors {
    const char *name;
    struct ur_arrivals_config arrivals;
    struct ur_list routing; /* of struct city_route */
    struct ur_dist travel;  /* between two stops */
    long max_stops;
    bool has_leave;
    struct city_leave leave;
};

/* A point of the temperature series. */
struct city_temp_point {
    double at_s, celsius;
};

struct city_weather {
    struct ur_list temperature; /* of struct city_temp_point, times increasing */
    double reference_celsius;   /* patience as configured at this temperature */
    double patience_per_degree; /* relative change per degree above the reference */
};

/* Why a visitor complains. */
enum city_cause {
    CAUSE_GAVE_UP,         /* gave up in a queue */
    CAUSE_TURNED_AWAY,     /* turned away: closed, suspended, sold out, balked */
    CAUSE_REFUND_ASKED,    /* paid, gave up, and asked for the money back */
    CAUSE_REFUND_OFFERED,  /* sent away by the plan's refund, money back */
    CAUSE_CLOSED_WITH_QUEUE, /* still queuing when the site closed */
    CAUSE_N
};

struct city_complaints {
    double p[CAUSE_N];     /* probability a visitor complains, by cause */
    double apology_factor; /* every probability is multiplied by this after an apology */
    double hotline;        /* share of complaints that also call the hotline (`response:`) */
};

/* Online heat: H(t) = sum over complaints of exp(-(t - t_i) / tau). */
struct city_trending {
    double above_per_s; /* trending while H >= above x tau (the heat this steady rate keeps) */
    double hold_s;      /* ... for at least this long */
    double tau_s;       /* how long the internet remembers */
    double apology;     /* H is multiplied by this at an apology */
};

struct city_config {
    const char *name;
    double target_wait_s;  /* a visitor is served well within this wait */
    double target_share;   /* Q(t) target: the share served well */
    double check_s;        /* how often triggers look at their metric */
    long reserve_staff;    /* staff a plan can send to open windows */
    struct ur_list sites;    /* of struct city_site */
    struct ur_list taxis;    /* of struct city_taxi */
    struct ur_list visitors; /* of struct city_visitors */
    bool has_weather;
    struct city_weather weather;
    struct city_complaints complaints;
    bool has_trending;
    struct city_trending trending;
    bool has_grids;
    struct space_config grids;
    bool has_response;
    struct resp_config response; /* incidents, departments, governance */
    struct ur_list plan; /* of struct plan_trigger */
};

extern const struct ur_schema city_schema;
void city_check_run(const struct ur_list *config, const struct ur_run_config *run,
                    struct ur_check *ck);
/* sites and taxis; the windows, hours, caps, refunds, apology, volunteers */
extern const struct board_decl city_board;
extern const struct ur_model_ops city_ops;

#endif
