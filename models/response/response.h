/* Response: incidents in the grids of a city, how they are discovered
 * (12345 hotline, patrols), and how a governance model routes them to the
 * departments and the staff sunk into grids. The configuration is the
 * city's `response:` mapping; response.c runs it, response_staff.c holds
 * the responders (pools, shifts, preemption, sinking), response_schema.c
 * declares its keys, response_board.c what it shows the plan and lets it do.
 *
 * It knows the grids (models/space/) and nothing of the visitors: other
 * models raise incidents through resp_complaint, resp_taxi_wait and
 * resp_venue_fill, and the expected visitors per grid come in resp_setup.
 */
#ifndef URSIM_MODELS_RESPONSE_H
#define URSIM_MODELS_RESPONSE_H

#include <stdbool.h>
#include <stdint.h>

#include <ursim/arrivals.h>
#include <ursim/rng.h>
#include <ursim/schema.h>

#include <ursim/model.h>

#include "../common/board.h"
#include "../space/space.h"
#include "../station/station.h"

#define RESP_MAX_NEEDS 4    /* departments one incident type may need */
#define RESP_MAX_SEVERITY 3 /* 1 routine, 2 urgent, 3 emergency */


struct resp_shift {
    double start_s; /* time of day */
    double share;   /* of the department's responders on duty from then on */
};

/* A station of an emergency department: where some of its responders are
 * based. */
struct resp_station {
    const char *grid;
    long responders; /* 0: an even share of the department's (all stations or none give it) */
};

struct resp_department {
    const char *name;
    long responders;          /* all of them, sunk staff included */
    bool has_home;
    const char *home;         /* "street": a team per street; "district": one team */
    struct ur_list stations;  /* of struct resp_station; non-empty: an emergency service */
    struct ur_list shifts;    /* of struct resp_shift; empty: everybody always on duty */
    const char *shift_change; /* "finish" work in hand, or "handover" after a delay */
    struct ur_dist handover;  /* the delay of a handover */
    bool patrols;             /* its staff sunk into grids patrol them */
    const char *trip_back;    /* `return:` "base" (the trip back is busy time) or "stay" */
    bool has_travel;
    struct space_travel travel; /* its own (ambulances with sirens); absent: the response's */
};

struct resp_need {
    const char *department;
    struct ur_dist work; /* time on site */
};

/* An open case's severity rises after a random age (a dispute left
 * unresolved turns into a conflict). */
struct resp_escalation {
    struct ur_dist after; /* age at which it escalates, from the incident */
    long severity;        /* its severity from then on */
};

struct resp_type {
    const char *name;
    long severity;          /* 1 routine, 2 urgent, 3 emergency */
    struct ur_list needs;   /* `departments:`, of struct resp_need, in order */
    bool has_together;
    bool together;          /* the departments act at once (else one after another) */
    const char *channel;    /* an emergency channel's name (NULL: the hotline and governance) */
    bool has_escalates;
    struct resp_escalation escalates;
    bool has_deadline;
    double deadline_s;      /* from registration */
    bool same_day;          /* resolved before midnight of the day it was registered */
    double reported;        /* share residents report to the hotline; the rest patrols find */
    double unsolved;        /* share that cannot be resolved as the resident asks */
};

struct resp_source {
    const char *type;
    const char *grids; /* "unit", "extended" or "all": the rate is per grid of that kind */
    struct ur_arrivals_config arrivals;
};

struct resp_crowding {
    const char *type;
    double above;       /* share of a venue's capacity (gate queue included) ... */
    double reset_below; /* ... reached again after falling below this share */
    long min_capacity;  /* venues smaller than this are left out */
};

struct resp_taxi_wait {
    const char *type;
    double above_s; /* a visitor who waited at least this long ... */
    double p;       /* ... complains to the hotline with this probability */
};

/* Incidents other models raise. */
struct resp_raised {
    const char *complaint; /* type opened by every visitor complaint, at its site's grid */
    const char *grid;      /* where visitors' incidents happen when their site has no grid */
    bool has_crowding;
    struct resp_crowding crowding;
    bool has_taxi_wait;
    struct resp_taxi_wait taxi_wait;
    double merge_within_s; /* a request like an open one (type, grid) this recent merges */
};

struct resp_backlog {
    const char *type;
    long count;
    double age_s; /* registered this long before the start (waiting for dispatch) */
};

struct resp_hotline {
    struct station_queue_config desk; /* call takers: servers, call length, hang-ups, shifts */
    struct ur_dist report_delay;      /* from the incident to the resident's call */
    double redial;                    /* a caller who hung up calls again with this probability */
    struct ur_dist redial_after;
    double answer_target_s;           /* standard: calls answered within this wait */
    bool has_other_calls;
    struct ur_arrivals_config other_calls; /* consultations: they take call takers' time only */
};

/* An emergency channel (110 / 119 / 120): its own call takers and dispatch
 * desk, sending the nearest free unit of stations-based departments; no
 * hotline, no governance (the same under every preset). */
struct resp_channel {
    const char *name;
    struct station_queue_config desk; /* call takers */
    struct ur_dist report_delay;      /* from the incident to the call */
    struct ur_dist dispatch;          /* answered call to units sent */
    double redial;                    /* a caller who hung up calls again (else patrols) */
    struct ur_dist redial_after;
    double answer_target_s;
};

struct resp_patrol {
    long per_community; /* patrol officers of each community */
    long per_grid;      /* grid workers of each unit grid */
    double cycle_s;     /* one patroller passes every grid of its community in this time */
};

struct resp_satisfaction {
    double on_time, late; /* probability the call back finds the resident satisfied: solved */
    double unsolved;      /* ... closed without the outcome the resident asked for */
};

struct resp_targets {
    double response_s; /* first response, 90th percentile (NFPA 1710 style) */
    double dispatch_s; /* work order out after registration */
    double on_site_s;  /* every department needed on site (Beijing: 30min) */
    double share;      /* performance target: share of cases on time (resilience) */
};

struct resp_handles {
    long grid, community, street; /* highest severity each level handles itself */
};

/* How late and how noisily the city's command sees what the plan watches. */
struct resp_sensing {
    double delay_s; /* a metric is seen this long after the fact */
    double noise;   /* coefficient of variation of a multiplicative error (0: exact) */
};

struct resp_governance {
    const char *name;
    const char *route;  /* "home", "local_first" or "nearest" */
    const char *order;  /* "by_type", "sequential" or "parallel" */
    const char *entry;  /* local_first: "grid", "community" or "street" */
    const char *teams;  /* "own" (each department's `home:`) or "district" (one team each) */
    struct ur_dist dispatch; /* registration to work order out */
    double misroute;         /* the first department told is the wrong one */
    struct ur_dist transfer; /* ... which passes it on after this */
    struct ur_dist handoff;  /* every later department told, one after another */
    struct ur_dist escalate; /* local_first: each hop up the hierarchy */
    struct resp_handles handles;
    double overflow;         /* local_first: waiting tasks per responder on duty that pass
                                new cases up (0: never) */
    long preempt_from;       /* severity that preempts lower ones (0: never) */
    long parallel_from;      /* severity from which departments act at once (0: `order`) */
    struct resp_sensing sensing; /* the plan's view, unless a trigger sets its own */
};

struct resp_sink_count {
    const char *department;
    long count;
    double share; /* of the time each sunk responder is available (part-time) */
};

/* A shock: a surge on every background source that may also slow travel
 * and keep staff away over its window. */
struct resp_shock {
    struct ur_arrivals_surge surge; /* the incident rates' multiplier and window */
    double travel;                  /* factor on responders' travel times, ramped as the rate */
    double taxi;                    /* factor on the city's taxi trips, ramped as the rate */
    double staff;                   /* share of staff available at full strength */
};

struct resp_surge {
    long above;             /* queued tasks in a unit that call for reinforcement */
    struct ur_dist mobilise;
    double check_s;
};

struct resp_sinking {
    const char *policy;    /* none, static, demand, surge */
    const char *level;     /* "community" or "grid" */
    struct ur_list staff;  /* of struct resp_sink_count: per unit (static) or in all */
    double visitor_weight; /* demand: incidents one expected visitor is worth */
    bool has_surge;
    struct resp_surge surge;
};

struct resp_config {
    struct ur_list departments; /* of struct resp_department */
    struct ur_list types;       /* of struct resp_type */
    struct ur_list sources;     /* of struct resp_source */
    struct ur_list shocks;      /* of struct resp_shock: on every source, travel, staff */
    struct resp_raised raised;
    struct ur_list backlog;     /* of struct resp_backlog */
    bool has_hotline;
    struct resp_hotline hotline;
    struct ur_list channels; /* of struct resp_channel */
    struct resp_patrol patrol;
    struct resp_satisfaction satisfaction;
    struct resp_targets targets;
    struct resp_governance governance;
    bool has_joint_command;
    struct resp_governance joint_command; /* after the plan's joint_command action */
    struct resp_sinking sinking;
    bool has_travel;
    struct space_travel travel; /* responders; absent: the grids' travel */
    bool case_log; /* a row per case in the results (tables/response/cases) */
};

extern const struct ur_schema resp_schema;


/* Where the city's visitors are expected: first stops at sites in a grid,
 * for sinking by demand. */
struct resp_visitor_load {
    uint32_t grid;
    double visitors;
};

/* What the response needs from the rest of the city when it is built. */
struct resp_setup {
    const struct space *grids;
    const struct space_config *grid_config;  /* the names (stations' grids) */
    const struct space_travel *grid_travel; /* responders', unless response.travel */
    long raised_grid;                       /* raised.grid's number, -1: none */
    size_t n_sites;                         /* venues that may report crowding */
    const struct resp_visitor_load *visitors;
    size_t n_visitors;
};

struct resp;
int resp_new(struct ur_env *env, const struct resp_config *cfg, const struct resp_setup *setup,
             struct resp **out);
void resp_free(struct resp *r);
/* A visitor complained at a site in `grid` (-1: none): a call to the hotline. */
void resp_complaint(struct resp *r, long grid);
/* A visitor left a taxi stand after wait_s; its last site was in `grid`. */
void resp_taxi_wait(struct resp *r, long grid, double wait_s);
/* A venue of this capacity is filled to `fill` (in the system / capacity). */
void resp_venue_fill(struct resp *r, size_t site, long capacity, long grid, double fill);
void resp_warmup_end(struct resp *r, double t_s);
int resp_publish(struct resp *r, double t_s);

/* open_incidents; sink_staff, joint_command (response_board.c). */
extern const struct board_decl resp_board;

/* Load time: keys under "response."; grids NULL when the city has none. */
void resp_check(const struct resp_config *r, const struct space_config *grids,
                struct ur_check *ck);
struct ur_run_config;
/* Checks that need the horizon: the sources' arrivals. */
void resp_check_run(const struct resp_config *r, const struct ur_run_config *run,
                    struct ur_check *ck);

#endif
