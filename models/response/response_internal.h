/* Private to the response: one replication's incidents and responders.
 *
 *   response.c        cases: sources, discovery, hotline, dispatch, routing,
 *                     closing, KPIs
 *   response_staff.c  responders: pools and their queues, travel, work,
 *                     preemption, shifts, sinking and redeployment
 *   response_board.c  the plan's metric and actions
 *   response_parts.c  the KPIs' parts by type, street and grid
 *   response_pools.c  backlog, first response, utilisation per pool and street
 */
#ifndef URSIM_MODELS_RESPONSE_INTERNAL_H
#define URSIM_MODELS_RESPONSE_INTERNAL_H

#include <stdint.h>

#include <ursim/model.h>

#include "response.h"

#define RESP_NIL UINT32_MAX

/* Where a case came from: a background source, the visitors (complaints,
 * taxi waits, crowded venues), or the starting backlog. */
enum resp_origin { ORIGIN_BACKGROUND, ORIGIN_VISITORS, ORIGIN_BACKLOG, ORIGIN_N };

/* A task is one department's part of a case: id = case * RESP_MAX_NEEDS + k. */
enum task_phase { T_IDLE, T_DELAY, T_QUEUED, T_TRAVEL, T_WORK, T_DONE };

struct resp_task {
    uint8_t phase;
    bool arrived;       /* a responder reached the site once (a resumed task travels again) */
    uint16_t dept;
    uint32_t pool;      /* RESP_NIL before it is routed */
    uint32_t responder; /* RESP_NIL unless travelling or working */
    uint32_t next;      /* queue link */
    double work_s;      /* work left */
    double u_travel;    /* the travel time's uniform, fixed at creation */
    double started_s;   /* start of the current stretch of work */
    ur_event_id ev;     /* arrival or end of work */
};

struct resp_case {
    uint16_t type;
    uint8_t severity;  /* the type's, until it escalates */
    uint8_t escalated; /* its severity rose (types[].escalates) */
    uint8_t unsolved;  /* it cannot be resolved as asked (types[].unsolved) */
    uint8_t origin;    /* enum resp_origin */
    int16_t channel;   /* the emergency channel it goes by, -1: none */
    ur_event_id esc_ev; /* its escalation, pending (0: none) */
    uint8_t n_tasks, done, on_site, released;
    uint8_t reported, misrouted, registered, calls, top_level;
    uint8_t together; /* its departments were told at once (fixed at dispatch) */
    double u_misroute;
    uint32_t grid;
    uint32_t next_free; /* RESP_NIL while in use */
    double t_occur, t_reg, t_disp, t_first, t_all;
    uint8_t hops, handoffs; /* this case's escalations and hand-offs */
    double u_dispatch, u_transfer, u_sat; /* uniforms fixed at creation */
    struct resp_task task[RESP_MAX_NEEDS];
};

/* Responders who can take the same tasks, with their queue (a FIFO per
 * severity, the most severe served first). */
struct resp_pool {
    uint16_t dept;
    uint8_t level;   /* LVL_*, of the unit; SPACE_DISTRICT for a department-wide pool */
    bool nearest;    /* the nearest free member goes (route nearest) */
    uint32_t unit;
    uint32_t *member;
    uint32_t n_member, cap_member;
    uint32_t on_duty; /* members on duty (busy or free), those leaving included */
    uint32_t leaving; /* on duty until their task ends */
    uint32_t qhead[RESP_MAX_SEVERITY], qtail[RESP_MAX_SEVERITY];
    uint32_t queued;
    uint32_t incoming; /* responders on their way to join */
    /* the window, for the per-pool KPIs (response_pools.c): */
    double queue_area_s;  /* integral of `queued` over time */
    double queue_since_s; /* last change of `queued` */
    uint32_t queue_max;
    double busy_s, duty_s;        /* its members' */
    double on_site_s;             /* registration to its responder first on site, sum */
    uint64_t on_site_n;
};

struct resp_responder {
    uint32_t pool;   /* RESP_NIL while moving between units */
    uint32_t task;   /* RESP_NIL when free */
    uint8_t level;   /* where it is based */
    bool on_duty, leaving;
    bool returning;   /* on its way back to base after a case (return: base): busy */
    uint32_t at_grid; /* return stay: the grid of its last case (RESP_NIL: at its base) */
    uint32_t base_grid; /* an emergency station's grid (RESP_NIL: based at level/unit) */
    uint32_t unit;
    uint32_t move_to; /* the pool it is on its way to (RESP_NIL: none) */
    double busy_since, duty_since;
};

struct resp_case_stats {
    uint64_t *created, *resolved;       /* per type, whole run */
    struct resp_type_window {           /* per type, closed in the window */
        uint64_t closed, on_time;
        uint64_t escalated;              /* cases whose severity rose in the window */
        uint64_t solved;                 /* closed with the outcome asked for */
        double response_s, resolution_s; /* sums */
    } *by_type;
    uint64_t resolved_level[SPACE_LEVELS];     /* by the highest level that worked on it */
    /* the window (after warm-up): */
    uint64_t closed, within_deadline, same_day, satisfied, escalations, handoffs, misroutes;
    uint64_t preemptions, handovers, dispatched, dispatch_ok, multi, multi_on_site_ok;
    uint64_t calls, answered, answered_ok, hangups, lost, undiscovered, registered, merged;
    uint64_t escalated; /* cases whose severity rose in the window */
    uint64_t solved;    /* closed in the window with the outcome asked for */
    double *response, *resolution;      /* per closed case in the window */
    size_t n_response, n_resolution, cap_response, cap_resolution;
    double discovery_sum;
    uint64_t discovery_n;
    double *busy_s, *duty_s;            /* per department x level */
    bool *based; /* per department x level: responders based there at the start, so that
                    utilization/<dept>/<level> is published even before anyone is on duty */
    struct resp_grid_counts {           /* per grid, for the KPIs' parts (response_parts.c) */
        uint64_t created, resolved;     /* whole run */
        uint64_t on_time;               /* closed on time in the window */
        uint64_t closed;                /* closed in the window */
        double response_s, resolution_s; /* sums over the cases closed in the window */
    } *by_grid;
    struct resp_grid_counts by_origin[ORIGIN_N]; /* the same, per origin */
};

struct resp {
    const struct resp_config *cfg;
    const struct resp_governance *gov; /* the governance in force */
    struct ur_env *env;
    struct space grids; /* the city's grid table, shared: its arrays are not ours to free */
    struct resp_setup setup;
    const struct space_travel *travel;
    size_t n_types, n_depts, n_sources;
    struct ur_arrivals **arrivals;
    struct ur_arrivals_config *source_cfg; /* the sources with the shocks added */
    uint32_t **source_grids;               /* grids of each source's kind */
    size_t *n_source_grids;
    gsl_rng **r_source;
    gsl_rng *r_case, *r_redial, *r_route, *r_staff;
    struct station *hotline;
    size_t n_channels;
    struct resp_channel_state {       /* an emergency channel */
        const struct resp_channel *cfg;
        struct resp *r;
        struct station *desk;
        gsl_rng *rng;                 /* its cases' draws and redials */
        uint64_t calls, answered_ok, hangups, lost; /* the window */
    } *channels;
    int16_t *type_channel;            /* per type: its channel, -1: none */
    gsl_rng **r_dept;                 /* per department: a stations-based one's handovers, else NULL */
    struct ur_arrivals *other_calls; /* NULL: none */
    gsl_rng *r_other;
    uint16_t h_other;
    int raised_complaint, raised_crowding, raised_taxi; /* type indices, -1: none */
    uint32_t *last_raised; /* per (complaint 0 / taxi 1, grid): the case raised last (merging) */
    bool *crowded;                                      /* per site: above the threshold */

    struct resp_case *cases;
    uint32_t cap_cases, free_case;
    uint64_t open;       /* cases created and not closed */

    struct resp_pool *pools;
    size_t n_pools;
    uint32_t *home_pool; /* per department: first home pool (a street's, or the district's) */
    uint32_t *sunk_pool; /* per department: first of its sunk pools (RESP_NIL: none) */
    uint32_t *all_pool;  /* per department: route nearest's single pool */
    size_t n_units;      /* units at the sinking level */
    int32_t *grid_unit;  /* per grid: its unit at the sinking level (-1: none) */
    enum space_level sink_level;
    struct resp_responder *staff;
    size_t n_staff;
    double *share;       /* per department: share on duty now */
    double *sunk_share;  /* per department: part-time share of its sunk staff */
    long *patrollers;    /* per community: patrol officers, grid workers, patrolling sunk staff */

    bool sequential, parallel, local_first, nearest;
    enum space_level entry;
    double window_start_s;
    struct resp_case_stats st;
    int series_open, series_queued, series_perf;
    int case_table; /* -1: no case log */
    uint64_t closed_iv, closed_ok_iv; /* cases closed in the sample interval, on time */
    double loss_h;                    /* integral of (target - P)+ over the window, h */
    double episode_start_s, worst_episode_h; /* P below target: NaN when not */
    uint64_t episodes;
    uint16_t h_source, h_call, h_found, h_dispatch, h_start, h_release, h_arrive, h_done,
        h_shift, h_surge, h_joined, h_back, h_shock, h_escalate, h_channel_call;
};

/* response_parts.c: the parts of within_deadline (denominator deadline_n),
 * first_response_mean, resolution_mean, created and resolved by type, grid
 * and street; after those KPIs are published. 0 or UR_ENOMEM. */
int resp_publish_parts(struct resp *r, uint64_t deadline_n);
extern const char *const resp_origin_names[ORIGIN_N];
/* Forgets the window's part of the grids' counts (created, resolved stay). */
void resp_parts_warmup_end(struct resp *r);

/* response_pools.c: backlog, first response and utilisation per pool, per
 * street and the worst pool. */
void resp_pool_queued(struct resp *r, struct resp_pool *p, int delta);
void resp_pools_warmup_end(struct resp *r);
int resp_publish_pools(struct resp *r, double t_s);

/* response.c (cases) */
static inline bool resp_by_channel(const struct resp *r, uint32_t task)
{
    return r->cases[task / RESP_MAX_NEEDS].channel >= 0;
}
int resp_department_index(const struct resp *r, const char *name);
int resp_type_index(const struct resp *r, const char *name);
uint64_t resp_open_cases(const struct resp *r);
/* Switches to the response's joint_command governance; false if it has none
 * or is under it already. */
bool resp_joint_command(struct resp *r);
/* The responders' side tells the case when a task's responder is on site
 * and when its work is done. */
void resp_task_on_site(struct resp *r, uint32_t task);
void resp_task_done(struct resp *r, uint32_t task);
static inline struct resp_task *resp_task_of(struct resp *r, uint32_t task)
{
    return &r->cases[task / RESP_MAX_NEEDS].task[task % RESP_MAX_NEEDS];
}
static inline const struct resp_type *resp_type_of(const struct resp *r, uint32_t task)
{
    return (const struct resp_type *)r->cfg->types.items + r->cases[task / RESP_MAX_NEEDS].type;
}

/* response_schema.c: the plan's actions, checked at load time */
void resp_check_joint_action(const void *cfg, const struct board_args *a, struct ur_check *ck,
                             const char *base);
void resp_check_sink_action(const void *cfg, const struct board_args *a, struct ur_check *ck,
                            const char *base);

/* response_staff.c (responders) */
/* Department d works as a team per street: its `home:` is street and the
 * governance keeps its own teams (teams: own), not one district team. */
bool resp_street_teams(const struct resp *r, size_t d);
int resp_staff_init(struct resp *r);
void resp_staff_free(struct resp *r);
/* The pool a task goes to and how many levels it climbs to get there. */
uint32_t resp_route(struct resp *r, uint32_t task, unsigned *hops);
/* Queues the task at its pool (task->pool) and starts whoever is free. */
void resp_pool_join(struct resp *r, uint32_t task);
void resp_on_arrive(struct ur_sim *sim, void *model, uint64_t task);
void resp_on_done(struct ur_sim *sim, void *model, uint64_t task);
void resp_on_shift(struct ur_sim *sim, void *model, uint64_t arg);
void resp_on_surge(struct ur_sim *sim, void *model, uint64_t arg);
void resp_on_joined(struct ur_sim *sim, void *model, uint64_t responder);
void resp_on_back(struct ur_sim *sim, void *model, uint64_t responder);
void resp_on_shock(struct ur_sim *sim, void *model, uint64_t arg);
/* The case's severity rose: its queued tasks move to their pool's queue of
 * the new severity (at its tail); work in hand goes on. */
void resp_requeue(struct resp *r, uint32_t task, int old_severity);
/* Moves up to `count` free home responders of department d into the
 * busiest sunk units, after the mobilisation delay; returns how many. */
long resp_sink(struct resp *r, size_t d, long count);
void resp_staff_warmup_end(struct resp *r, double t_s);
void resp_staff_close(struct resp *r, double t_s); /* adds the intervals still open */
uint64_t resp_queued(const struct resp *r);

#endif
