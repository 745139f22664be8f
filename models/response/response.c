/* Response: the closed loop of a case
 *
 *   occurs in a grid (a background source per grid kind, a visitor's
 *   complaint or long taxi wait, a crowded venue, or the starting backlog)
 *   -> discovered: a resident calls the hotline (a station: call takers,
 *      shifts, hang-ups; a caller who hung up redials or leaves it to the
 *      patrols) or a patrol finds it, after a uniform delay in
 *      [0, cycle x grids of the community / patrollers there]
 *   -> registered (the answered call, or the patroller on the spot)
 *   -> dispatched after the governance's `dispatch` delay (work order out);
 *      with probability `misroute` it first goes to a department it does
 *      not need, which passes it on after `transfer`
 *   -> handled: each department it needs does its task, all at once
 *      (order parallel; by_type: the type's `together`; and always from
 *      severity `parallel_from`) or one after another with a `handoff`
 *      delay between them;
 *      a task goes to a pool of responders (response_staff.c) chosen by the
 *      route: the department's own team, the staff sunk into the grid and
 *      then up the hierarchy hop by hop (`escalate` each, charged only
 *      when leaving a level where the department has staff), or the nearest
 *      free responder of one department-wide pool
 *   -> closed when every task is done; the call back finds the resident
 *      satisfied with probability on_time or late (against the deadline),
 *      or unsolved for a case its type could not solve (types[].unsolved).
 *
 * Emergency channels (110 / 119 / 120): a type with `channel:` calls its
 * channel's desk instead of the hotline; the answered call registers the
 * case and the channel's own `dispatch` sends every department at once to
 * a stations-based department's single pool (the nearest free unit): no
 * misroute, no hop, no barrier, no preemption, draws from the channel's
 * own streams: the same under every governance.
 * Escalation: a type with `escalates:` draws, last, the age at which a case
 * still open rises to the given severity; its queued tasks move to the
 * more urgent queue; work in hand goes on.
 *
 * Times: first response = first responder on site - registration; resolution
 * = closing - registration; discovery = registration - occurrence.
 *
 * Common random numbers: "response.source.<i>" draws the background
 * incidents and their grids; "response.cases" draws, when a case is created,
 * everything about it that no governance choice changes: whether it is
 * reported, the report delay, the patrol uniform, every department's work,
 * and the uniforms from which travel, dispatch, transfer and satisfaction
 * are read by inversion (ur_dist_quantile). Two variants that differ only in
 * governance see the same incidents with the same work. "response.redial"
 * decides redials; "response.route" the handoff and escalation delays;
 * "response.staff" handovers and mobilisation; the hotline's own streams
 * are under "response.hotline", its other calls' arrivals
 * "response.other_calls".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "response_internal.h"

/* ---- cases ---- */

static const struct resp_type *type_at(const struct resp *r, size_t k)
{
    return (const struct resp_type *)r->cfg->types.items + k;
}

static uint32_t case_alloc(struct resp *r)
{
    if (r->free_case == RESP_NIL) {
        uint32_t old = r->cap_cases, cap = old ? 2 * old : 256;
        UR_ASSERT(old < RESP_NIL / (2 * RESP_MAX_NEEDS) && "too many open cases");
        struct resp_case *c = realloc(r->cases, (size_t)cap * sizeof *c);
        UR_ASSERT_MEMORY(c != NULL, "growing the cases");
        for (uint32_t i = old; i < cap; i++) {
            c[i].next_free = i + 1 < cap ? i + 1 : RESP_NIL;
            c[i].n_tasks = 0; /* free */
        }
        r->cases = c;
        r->free_case = old;
        r->cap_cases = cap;
    }
    uint32_t i = r->free_case;
    r->free_case = r->cases[i].next_free;
    return i;
}

/* The stream a case draws from: its channel's, else response.cases. */
static gsl_rng *case_rng(const struct resp *r, const struct resp_case *c)
{
    return c->channel >= 0 ? r->channels[c->channel].rng : r->r_case;
}

/* A new case of type k in grid g at time t_s: everything no governance
 * changes is drawn now (see the header). */
static uint32_t case_new(struct resp *r, size_t k, uint32_t g, double t_s,
                         enum resp_origin origin)
{
    const struct resp_type *ty = type_at(r, k);
    uint32_t ci = case_alloc(r);
    struct resp_case *c = &r->cases[ci];
    *c = (struct resp_case){.type = (uint16_t)k, .n_tasks = (uint8_t)ty->needs.n,
                            .severity = (uint8_t)ty->severity, .channel = r->type_channel[k],
                            .origin = (uint8_t)origin,
                            .grid = g, .t_occur = t_s, .t_reg = NAN, .t_disp = NAN,
                            .t_first = NAN, .t_all = NAN, .top_level = SPACE_LEVELS};
    gsl_rng *rc = case_rng(r, c);
    c->reported = gsl_rng_uniform(rc) < ty->reported;
    c->u_dispatch = gsl_rng_uniform(rc);
    c->u_transfer = gsl_rng_uniform(rc);
    c->u_misroute = gsl_rng_uniform(rc); /* compared at dispatch, with the governance then */
    c->u_sat = gsl_rng_uniform(rc);
    const struct resp_need *need = ty->needs.items;
    for (size_t j = 0; j < c->n_tasks; j++) {
        struct resp_task *t = &c->task[j];
        *t = (struct resp_task){.phase = T_IDLE,
                                .dept = (uint16_t)resp_department_index(r, need[j].department),
                                .pool = RESP_NIL, .responder = RESP_NIL, .next = RESP_NIL};
        t->work_s = ur_dist_draw(&need[j].work, rc);
        t->u_travel = gsl_rng_uniform(rc);
    }
    if (ty->has_escalates) { /* drawn last: types without it draw as before */
        double at = t_s + ur_dist_draw(&ty->escalates.after, rc);
        c->esc_ev = ur_sim_at(r->env->sim, fmax(at, ur_sim_now(r->env->sim)), r->h_escalate, ci);
    }
    if (ty->unsolved > 0) /* likewise */
        c->unsolved = gsl_rng_uniform(rc) < ty->unsolved;
    c->next_free = RESP_NIL;
    r->open++;
    r->st.created[k]++;
    r->st.by_grid[g].created++;
    r->st.by_origin[origin].created++;
    return ci;
}

static void register_case(struct resp *r, uint32_t ci, double t_s)
{
    struct resp_case *c = &r->cases[ci];
    c->registered = 1;
    c->t_reg = t_s;
    double now = ur_sim_now(r->env->sim);
    if (now >= r->window_start_s) {
        r->st.registered++;
        if (t_s >= c->t_occur) {
            r->st.discovery_sum += t_s - c->t_occur;
            r->st.discovery_n++;
        }
    }
    const struct ur_dist *how =
        c->channel >= 0 ? &r->channels[c->channel].cfg->dispatch : &r->gov->dispatch;
    ur_sim_after(r->env->sim, ur_dist_quantile(how, c->u_dispatch), r->h_dispatch, ci);
}

/* Patrol discovery: uniform in [0, cycle x grids / patrollers] of the
 * case's community; +inf when nobody patrols there. */
static double patrol_delay(const struct resp *r, uint32_t g, double u)
{
    uint32_t k = r->grids.community[g];
    if (r->patrollers[k] <= 0)
        return INFINITY;
    return u * r->cfg->patrol.cycle_s * (double)r->grids.n_in_community[k] /
           (double)r->patrollers[k];
}

/* Left to the patrols, read at uniform u: found later, or never. */
static void leave_to_patrol(struct resp *r, uint32_t ci, double u)
{
    double d = patrol_delay(r, r->cases[ci].grid, u);
    if (isfinite(d))
        ur_sim_after(r->env->sim, d, r->h_found, ci);
    else if (ur_sim_now(r->env->sim) >= r->window_start_s)
        r->st.undiscovered++;
}

/* Discovery of a new case: a call (to its channel, or the hotline), or a
 * patrol. */
static void discover(struct resp *r, uint32_t ci)
{
    struct resp_case *c = &r->cases[ci];
    double u = gsl_rng_uniform(case_rng(r, c)); /* drawn either way: same stream use */
    if (c->reported && c->channel >= 0) {
        double d = ur_dist_quantile(&r->channels[c->channel].cfg->report_delay, u);
        ur_sim_after(r->env->sim, d, r->h_channel_call, ci);
        return;
    }
    if (c->reported) {
        double d = ur_dist_quantile(&r->cfg->hotline.report_delay, u);
        ur_sim_after(r->env->sim, d, r->h_call, ci);
        return;
    }
    leave_to_patrol(r, ci, u);
}

static void on_channel_call(struct ur_sim *sim, void *model, uint64_t ci)
{
    (void)sim;
    struct resp *r = model;
    struct resp_case *c = &r->cases[ci];
    c->calls++;
    station_enter(r->channels[c->channel].desk, ci, 1.0);
}

/* A call to an emergency channel ended: answered (registered), or the
 * caller hung up and calls again, or leaves it to the patrols. */
static void on_channel_exit(void *ctx, uint64_t ci, enum station_exit how, double wait_s,
                            long server)
{
    (void)server;
    struct resp_channel_state *ch = ctx;
    struct resp *r = ch->r;
    double now = ur_sim_now(r->env->sim);
    bool counted = now >= r->window_start_s;
    ch->calls += counted;
    if (how == STATION_EXIT_SERVED) {
        ch->answered_ok += counted && wait_s <= ch->cfg->answer_target_s;
        register_case(r, (uint32_t)ci, now);
        return;
    }
    ch->hangups += counted;
    if (gsl_rng_uniform(ch->rng) < ch->cfg->redial) {
        ur_sim_after(r->env->sim, ur_dist_draw(&ch->cfg->redial_after, ch->rng),
                     r->h_channel_call, ci);
        return;
    }
    ch->lost += counted;
    leave_to_patrol(r, (uint32_t)ci, gsl_rng_uniform(ch->rng));
}

static void on_call(struct ur_sim *sim, void *model, uint64_t ci)
{
    (void)sim;
    struct resp *r = model;
    r->cases[ci].calls++;
    station_enter(r->hotline, ci, 1.0);
}

static void on_found(struct ur_sim *sim, void *model, uint64_t ci)
{
    struct resp *r = model;
    register_case(r, (uint32_t)ci, ur_sim_now(sim));
}

/* The token of a call that opens no case. */
#define OTHER_CALL UINT64_MAX

static void schedule_other_call(struct resp *r)
{
    double t = ur_arrivals_next(r->other_calls, r->r_other, ur_sim_now(r->env->sim));
    if (isfinite(t) && t <= r->env->horizon_s)
        ur_sim_at(r->env->sim, t, r->h_other, 0);
}

static void on_other_call(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)sim;
    (void)arg;
    struct resp *r = model;
    station_enter(r->hotline, OTHER_CALL, 1.0);
    schedule_other_call(r);
}

static void on_hotline_exit(void *ctx, uint64_t ci, enum station_exit how, double wait_s,
                            long server)
{
    (void)server;
    struct resp *r = ctx;
    double now = ur_sim_now(r->env->sim);
    bool counted = now >= r->window_start_s;
    r->st.calls += counted;
    if (ci == OTHER_CALL) { /* a question: it counts in the standard, and that is all */
        bool served = how == STATION_EXIT_SERVED;
        r->st.answered_ok += counted && served && wait_s <= r->cfg->hotline.answer_target_s;
        r->st.hangups += counted && !served;
        return;
    }
    if (how == STATION_EXIT_SERVED) {
        r->st.answered += counted;
        r->st.answered_ok += counted && wait_s <= r->cfg->hotline.answer_target_s;
        register_case(r, (uint32_t)ci, now);
        return;
    }
    r->st.hangups += counted;
    const struct resp_hotline *h = &r->cfg->hotline;
    if (gsl_rng_uniform(r->r_redial) < h->redial) {
        ur_sim_after(r->env->sim, ur_dist_draw(&h->redial_after, r->r_redial), r->h_call, ci);
        return;
    }
    r->st.lost += counted;
    leave_to_patrol(r, (uint32_t)ci, gsl_rng_uniform(r->r_redial));
}

/* ---- dispatch and the tasks ---- */

static bool together(const struct resp *r, const struct resp_case *c)
{
    const struct resp_type *ty = type_at(r, c->type);
    long from = r->gov->parallel_from;
    if (c->channel >= 0 || (from > 0 && c->severity >= from))
        return true;
    return r->parallel || (!r->sequential && ty->together);
}

static void release_task(struct resp *r, uint32_t id)
{
    struct resp_case *c = &r->cases[id / RESP_MAX_NEEDS];
    struct resp_task *t = resp_task_of(r, id);
    unsigned hops = 0;
    t->pool = resp_route(r, id, &hops);
    c->released++;
    if (hops == 0) {
        resp_pool_join(r, id);
        return;
    }
    double delay = 0;
    for (unsigned k = 0; k < hops; k++)
        delay += ur_dist_draw(&r->gov->escalate, r->r_route);
    if (ur_sim_now(r->env->sim) >= r->window_start_s)
        r->st.escalations += hops;
    c->hops = (uint8_t)(c->hops + hops);
    t->phase = T_DELAY;
    t->ev = ur_sim_after(r->env->sim, delay, r->h_release, id);
}

/* The work order reaches the departments. */
static void start_tasks(struct resp *r, uint32_t ci)
{
    struct resp_case *c = &r->cases[ci];
    c->together = together(r, c);
    size_t n = c->together ? c->n_tasks : 1;
    for (size_t k = 0; k < n; k++)
        release_task(r, ci * RESP_MAX_NEEDS + (uint32_t)k);
}

static void on_dispatch(struct ur_sim *sim, void *model, uint64_t ci)
{
    struct resp *r = model;
    struct resp_case *c = &r->cases[ci];
    double now = ur_sim_now(sim);
    c->t_disp = now;
    if (now >= r->window_start_s) {
        r->st.dispatched++;
        r->st.dispatch_ok += now - fmax(c->t_reg, 0.0) <= r->cfg->targets.dispatch_s;
    }
    c->misrouted = c->channel < 0 && c->u_misroute < r->gov->misroute;
    if (c->misrouted) {
        c->handoffs++;
        if (now >= r->window_start_s) {
            r->st.misroutes++;
            r->st.handoffs++;
        }
        double d = ur_dist_quantile(&r->gov->transfer, c->u_transfer);
        ur_sim_after(sim, d, r->h_start, ci);
        return;
    }
    start_tasks(r, (uint32_t)ci);
}

static void on_start(struct ur_sim *sim, void *model, uint64_t ci)
{
    (void)sim;
    start_tasks(model, (uint32_t)ci);
}

void resp_task_on_site(struct resp *r, uint32_t id)
{
    struct resp_case *c = &r->cases[id / RESP_MAX_NEEDS];
    double now = ur_sim_now(r->env->sim);
    if (isnan(c->t_first))
        c->t_first = now;
    const struct resp_task *t = resp_task_of(r, id);
    if (now >= r->window_start_s && t->pool != RESP_NIL) {
        r->pools[t->pool].on_site_s += now - c->t_reg;
        r->pools[t->pool].on_site_n++;
    }
    if (++c->on_site == c->n_tasks)
        c->t_all = now;
}

static void grow_push(double **v, size_t *n, size_t *cap, double x)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 1024;
        double *p = realloc(*v, nc * sizeof *p);
        UR_ASSERT_MEMORY(p != NULL, "keeping response times");
        *v = p;
        *cap = nc;
    }
    (*v)[(*n)++] = x;
}

/* Whether a case closed at t_s met its type's deadline. */
static bool on_time(const struct resp_type *ty, double t_reg, double t_s)
{
    if (ty->same_day)
        return floor(t_s / 86400.0) <= floor(t_reg / 86400.0);
    return !ty->has_deadline || t_s - t_reg <= ty->deadline_s;
}

/* Whether the call back finds the resident satisfied: by whether the case
 * was solved and, if so, on time. */
static bool satisfied(const struct resp *r, const struct resp_case *c, bool ok)
{
    const struct resp_satisfaction *s = &r->cfg->satisfaction;
    return c->u_sat < (c->unsolved ? s->unsolved : ok ? s->on_time : s->late);
}

/* The case log's columns (response.case_log). */
static const char *const case_columns[] = {
    "type", "severity", "grid", "community", "street", "reported", "calls",
    "occurred", "registered", "dispatched", "first_on_site", "all_on_site", "closed",
    "level", "on_time", "satisfied", "misrouted", "escalations", "handoffs", "solved"};
#define N_CASE_COLUMNS (sizeof case_columns / sizeof case_columns[0])

static int register_case_table(struct resp *r)
{
    r->case_table = -1;
    if (!r->cfg->case_log)
        return 0;
    char doc[2048];
    size_t used = (size_t)snprintf(doc, sizeof doc,
        "one row per case closed during the run, then one per case open at the end "
        "(closed, on_time, satisfied NaN); times in s since the start (NaN: not yet; "
        "registered < 0 for a backlog's age); level: highest level that took part "
        "(0 grid, 1 community, 2 street, 3 district; NaN: nobody yet); reported: 1 by "
        "a call, 0 by a patrol or on site; type:");
    for (size_t k = 0; k < r->n_types && used < sizeof doc; k++)
        used += (size_t)snprintf(doc + used, sizeof doc - used, "%s %zu %s", k ? "," : "", k,
                                 type_at(r, k)->name);
    int id = ur_rec_table(r->env->rec, "response/cases", N_CASE_COLUMNS, case_columns,
                          "times: s; grid, community, street: numbers of the grid table; "
                          "type: index", doc);
    if (id < 0)
        return id;
    r->case_table = id;
    return 0;
}

/* The case's row; `closed` NaN while open. */
static void log_case(struct resp *r, const struct resp_case *c, double closed)
{
    if (r->case_table < 0)
        return;
    const struct resp_type *ty = type_at(r, c->type);
    uint32_t comm = r->grids.community[c->grid];
    bool known = !isnan(closed);
    bool ok = known && on_time(ty, c->t_reg, closed);
    double row[N_CASE_COLUMNS] = {
        (double)c->type, (double)c->severity, (double)c->grid, (double)comm,
        (double)r->grids.street[comm], (double)c->reported, (double)c->calls, c->t_occur,
        c->t_reg, c->t_disp, c->t_first, c->t_all, closed,
        c->top_level < SPACE_LEVELS ? (double)c->top_level : NAN, known ? (double)ok : NAN,
        known ? (double)satisfied(r, c, ok) : NAN,
        !isnan(c->t_disp) ? (double)c->misrouted : NAN, (double)c->hops, (double)c->handoffs,
        known ? (double)!c->unsolved : NAN};
    if (ur_rec_row(r->env->rec, r->case_table, row) < 0)
        ur_out_of_memory("logging a case");
}

static void close_case(struct resp *r, uint32_t ci)
{
    struct resp_case *c = &r->cases[ci];
    const struct resp_type *ty = type_at(r, c->type);
    double now = ur_sim_now(r->env->sim);
    r->st.resolved[c->type]++;
    r->st.by_grid[c->grid].resolved++;
    r->st.by_origin[c->origin].resolved++;
    r->st.resolved_level[c->top_level]++;
    r->open--;
    r->closed_iv++;
    r->closed_ok_iv += on_time(ty, c->t_reg, now);
    if (now >= r->window_start_s) {
        struct resp_case_stats *st = &r->st;
        bool ok = on_time(ty, c->t_reg, now);
        st->closed++;
        st->within_deadline += ok;
        struct resp_type_window *w = &st->by_type[c->type];
        w->closed++;
        w->on_time += ok;
        w->response_s += c->t_first - c->t_reg;
        w->resolution_s += now - c->t_reg;
        struct resp_grid_counts *counts[] = {&st->by_grid[c->grid], &st->by_origin[c->origin]};
        for (size_t i = 0; i < 2; i++) {
            counts[i]->on_time += ok;
            counts[i]->closed++;
            counts[i]->response_s += c->t_first - c->t_reg;
            counts[i]->resolution_s += now - c->t_reg;
        }
        st->same_day += floor(now / 86400.0) <= floor(c->t_reg / 86400.0);
        st->satisfied += satisfied(r, c, ok);
        st->solved += !c->unsolved;
        w->solved += !c->unsolved;
        grow_push(&st->response, &st->n_response, &st->cap_response, c->t_first - c->t_reg);
        grow_push(&st->resolution, &st->n_resolution, &st->cap_resolution, now - c->t_reg);
        if (c->n_tasks > 1) {
            st->multi++;
            st->multi_on_site_ok += c->t_all - c->t_reg <= r->cfg->targets.on_site_s;
        }
    }
    log_case(r, c, now);
    if (c->esc_ev)
        ur_sim_cancel(r->env->sim, c->esc_ev);
    c->n_tasks = 0; /* free */
    c->next_free = r->free_case;
    r->free_case = ci;
}

void resp_task_done(struct resp *r, uint32_t id)
{
    uint32_t ci = id / RESP_MAX_NEEDS;
    struct resp_case *c = &r->cases[ci];
    if (++c->done == c->n_tasks) {
        close_case(r, ci);
        return;
    }
    if (c->together || c->released >= c->n_tasks)
        return;
    /* one after another: the next department is told after the handoff */
    uint32_t next = ci * RESP_MAX_NEEDS + c->released;
    c->handoffs++;
    if (ur_sim_now(r->env->sim) >= r->window_start_s)
        r->st.handoffs++;
    struct resp_task *t = resp_task_of(r, next);
    t->phase = T_DELAY;
    t->pool = RESP_NIL; /* routed when told */
    double d = ur_dist_draw(&r->gov->handoff, r->r_route);
    t->ev = ur_sim_after(r->env->sim, d, r->h_release, next);
}

/* A case still open at the age its type escalates: its severity rises. */
static void on_escalate(struct ur_sim *sim, void *model, uint64_t ci)
{
    struct resp *r = model;
    struct resp_case *c = &r->cases[ci];
    c->esc_ev = 0;
    int old = c->severity;
    c->severity = (uint8_t)type_at(r, c->type)->escalates.severity;
    c->escalated = 1;
    if (ur_sim_now(sim) >= r->window_start_s) {
        r->st.escalated++;
        r->st.by_type[c->type].escalated++;
    }
    for (uint32_t k = 0; k < c->n_tasks; k++)
        if (c->task[k].phase == T_QUEUED)
            resp_requeue(r, (uint32_t)ci * RESP_MAX_NEEDS + k, old);
}

/* A task whose delay ended: told now (routed), or at its pool after hops
 * up the hierarchy or a handover. */
static void on_release(struct ur_sim *sim, void *model, uint64_t id)
{
    (void)sim;
    struct resp *r = model;
    if (resp_task_of(r, (uint32_t)id)->pool == RESP_NIL)
        release_task(r, (uint32_t)id);
    else
        resp_pool_join(r, (uint32_t)id);
}

/* ---- sources ---- */

static void schedule_source(struct resp *r, size_t i)
{
    if (!r->arrivals[i]) /* no grid of its kind */
        return;
    double t = ur_arrivals_next(r->arrivals[i], r->r_source[i], ur_sim_now(r->env->sim));
    if (isfinite(t) && t <= r->env->horizon_s)
        ur_sim_at(r->env->sim, t, r->h_source, i);
}

static void on_source(struct ur_sim *sim, void *model, uint64_t i)
{
    struct resp *r = model;
    const struct resp_source *s = (const struct resp_source *)r->cfg->sources.items + i;
    uint32_t g = r->source_grids[i][gsl_rng_uniform_int(r->r_source[i],
                                                        (unsigned long)r->n_source_grids[i])];
    size_t k = (size_t)resp_type_index(r, s->type);
    discover(r, case_new(r, k, g, ur_sim_now(sim), ORIGIN_BACKGROUND));
    schedule_source(r, i);
}

/* The grid of a site; else raised.grid; else one drawn uniformly. */
static uint32_t grid_or_any(struct resp *r, long grid)
{
    if (grid >= 0)
        return (uint32_t)grid;
    if (r->setup.raised_grid >= 0)
        return (uint32_t)r->setup.raised_grid;
    return (uint32_t)gsl_rng_uniform_int(r->r_case, (unsigned long)r->grids.n_grids);
}

/* A visitor's request of raised kind `kind` (0 complaint, 1 taxi) and type
 * k in grid g: merged into the open case of the same type and grid raised
 * within merge_within (the caller still takes a call taker's time), or a
 * new case that the caller reports. */
static void raise_request(struct resp *r, int kind, size_t k, uint32_t g)
{
    double now = ur_sim_now(r->env->sim);
    uint32_t *last = r->last_raised ? &r->last_raised[(size_t)kind * r->grids.n_grids + g]
                                    : NULL;
    if (last && *last != RESP_NIL) {
        const struct resp_case *c = &r->cases[*last];
        if (c->n_tasks && c->type == k && c->grid == g &&
            now - c->t_occur <= r->cfg->raised.merge_within_s) {
            r->st.merged += now >= r->window_start_s;
            if (r->hotline)
                station_enter(r->hotline, OTHER_CALL, 1.0);
            return;
        }
    }
    uint32_t ci = case_new(r, k, g, now, ORIGIN_VISITORS);
    r->cases[ci].reported = 1; /* the complainer calls */
    if (last)
        *last = ci;
    discover(r, ci);
}

void resp_complaint(struct resp *r, long grid)
{
    if (r->raised_complaint < 0)
        return;
    raise_request(r, 0, (size_t)r->raised_complaint, grid_or_any(r, grid));
}

void resp_taxi_wait(struct resp *r, long grid, double wait_s)
{
    if (r->raised_taxi < 0 || wait_s < r->cfg->raised.taxi_wait.above_s)
        return;
    if (gsl_rng_uniform(r->r_case) >= r->cfg->raised.taxi_wait.p)
        return;
    raise_request(r, 1, (size_t)r->raised_taxi, grid_or_any(r, grid));
}

void resp_venue_fill(struct resp *r, size_t site, long capacity, long grid, double fill)
{
    const struct resp_crowding *k = &r->cfg->raised.crowding;
    if (r->raised_crowding < 0 || capacity < k->min_capacity)
        return;
    if (fill < k->reset_below)
        r->crowded[site] = false;
    if (fill >= k->above && !r->crowded[site]) {
        /* staff on site see it: registered at once */
        uint32_t ci = case_new(r, (size_t)r->raised_crowding, grid_or_any(r, grid),
                               ur_sim_now(r->env->sim), ORIGIN_VISITORS);
        r->cases[ci].reported = 0;
        register_case(r, ci, ur_sim_now(r->env->sim));
        r->crowded[site] = true;
    }
}

/* ---- lookups ---- */

int resp_department_index(const struct resp *r, const char *name)
{
    const struct resp_department *d = r->cfg->departments.items;
    for (size_t i = 0; i < r->n_depts; i++)
        if (strcmp(d[i].name, name) == 0)
            return (int)i;
    return -1;
}

int resp_type_index(const struct resp *r, const char *name)
{
    for (size_t i = 0; name && i < r->n_types; i++)
        if (strcmp(type_at(r, i)->name, name) == 0)
            return (int)i;
    return -1;
}

uint64_t resp_open_cases(const struct resp *r)
{
    return r->open;
}

/* ---- build ---- */

static int build_sources(struct resp *r)
{
    const struct resp_config *cfg = r->cfg;
    size_t n = r->n_sources;
    r->arrivals = calloc(n + 1, sizeof *r->arrivals);
    r->source_cfg = calloc(n + 1, sizeof *r->source_cfg);
    r->source_grids = calloc(n + 1, sizeof *r->source_grids);
    r->n_source_grids = calloc(n + 1, sizeof *r->n_source_grids);
    r->r_source = calloc(n + 1, sizeof *r->r_source);
    if (!r->arrivals || !r->source_cfg || !r->source_grids || !r->n_source_grids || !r->r_source)
        return UR_ENOMEM;
    const struct resp_source *s = cfg->sources.items;
    for (size_t i = 0; i < n; i++) {
        /* the shocks multiply every source: its own surges, then the shocks */
        struct ur_arrivals_config *a = &r->source_cfg[i];
        *a = s[i].arrivals;
        size_t ns = s[i].arrivals.surges.n + cfg->shocks.n;
        struct ur_arrivals_surge *sv = calloc(ns ? ns : 1, sizeof *sv);
        if (!sv)
            return UR_ENOMEM;
        if (s[i].arrivals.surges.n) /* items may be NULL when empty */
            memcpy(sv, s[i].arrivals.surges.items, s[i].arrivals.surges.n * sizeof *sv);
        const struct resp_shock *sh = cfg->shocks.items;
        for (size_t k = 0; k < cfg->shocks.n; k++)
            sv[s[i].arrivals.surges.n + k] = sh[k].surge;
        a->surges = (struct ur_list){.items = sv, .n = ns};
        /* the rate (or total) is per grid: the source covers them all */
        size_t ng = space_grids_of_kind(&r->grids, s[i].grids);
        if (ng == 0)
            continue; /* the city has no grid of its kind: no incidents */
        a->rate_per_s *= (double)ng;
        a->total *= (double)ng;
        const char *why = NULL;
        r->arrivals[i] = ur_arrivals_new(a, r->env->horizon_s, &why);
        if (!r->arrivals[i])
            return why ? UR_EINPUT : UR_ENOMEM;
        r->source_grids[i] = malloc((ng ? ng : 1) * sizeof **r->source_grids);
        if (!r->source_grids[i])
            return UR_ENOMEM;
        for (size_t g = 0; g < r->grids.n_grids; g++)
            if (strcmp(s[i].grids, "all") == 0 ||
                r->grids.extended[g] == (strcmp(s[i].grids, "extended") == 0))
                r->source_grids[i][r->n_source_grids[i]++] = (uint32_t)g;
        char name[64];
        snprintf(name, sizeof name, "response.source.%zu", i);
        r->r_source[i] = ur_rng_stream(r->env->rng, name);
    }
    return 0;
}

static int build_patrols(struct resp *r)
{
    size_t C = r->grids.n_communities;
    r->patrollers = calloc(C ? C : 1, sizeof *r->patrollers);
    if (!r->patrollers)
        return UR_ENOMEM;
    for (size_t k = 0; k < C; k++)
        r->patrollers[k] = r->cfg->patrol.per_community;
    for (size_t g = 0; g < r->grids.n_grids; g++)
        if (!r->grids.extended[g])
            r->patrollers[r->grids.community[g]] += r->cfg->patrol.per_grid;
    return 0;
}

static void seed_backlog(struct resp *r)
{
    const struct resp_backlog *b = r->cfg->backlog.items;
    for (size_t i = 0; i < r->cfg->backlog.n; i++) {
        size_t k = (size_t)resp_type_index(r, b[i].type);
        for (long j = 0; j < b[i].count; j++) {
            uint32_t g = (uint32_t)gsl_rng_uniform_int(r->r_case, (unsigned long)r->grids.n_grids);
            double t0 = 0.0 - b[i].age_s; /* +0, not -0, without an age */
            uint32_t ci = case_new(r, k, g, t0, ORIGIN_BACKLOG);
            register_case(r, ci, t0);
        }
    }
}

static int register_series(struct resp *r);

/* The emergency channels: a desk each (streams "response.channel.<name>"
 * for its cases and redials, "response.channel.<name>.desk.*" for the
 * call takers), the types that go by them, and a stream of its own for
 * each stations-based department's handovers: nothing they draw is shared
 * with what the governance changes. */
static int build_channels(struct resp *r)
{
    const struct resp_config *cfg = r->cfg;
    r->n_channels = cfg->channels.n;
    r->channels = calloc(r->n_channels + 1, sizeof *r->channels);
    r->type_channel = malloc((r->n_types + 1) * sizeof *r->type_channel);
    r->r_dept = calloc(r->n_depts + 1, sizeof *r->r_dept);
    if (!r->channels || !r->type_channel || !r->r_dept)
        return UR_ENOMEM;
    const struct resp_channel *ch = cfg->channels.items;
    for (size_t i = 0; i < r->n_channels; i++) {
        struct resp_channel_state *st = &r->channels[i];
        *st = (struct resp_channel_state){.cfg = &ch[i], .r = r};
        char streams[160], results[160];
        snprintf(streams, sizeof streams, "response.channel.%s", ch[i].name);
        st->rng = ur_rng_stream(r->env->rng, streams);
        snprintf(streams, sizeof streams, "response.channel.%s.desk", ch[i].name);
        snprintf(results, sizeof results, "response/channels/%s/desk", ch[i].name);
        struct station_spec spec = {.stream_prefix = streams, .result_prefix = results,
                                    .q = &ch[i].desk, .on_exit = on_channel_exit, .ctx = st};
        int rc = station_new(r->env, &spec, &st->desk);
        if (rc)
            return rc;
    }
    for (size_t k = 0; k < r->n_types; k++) {
        const char *name = type_at(r, k)->channel;
        r->type_channel[k] = -1;
        for (size_t i = 0; name && i < r->n_channels; i++)
            if (strcmp(ch[i].name, name) == 0)
                r->type_channel[k] = (int16_t)i;
    }
    const struct resp_department *d = cfg->departments.items;
    for (size_t k = 0; k < r->n_depts; k++)
        if (d[k].stations.n) {
            char name[160];
            snprintf(name, sizeof name, "response.department.%s", d[k].name);
            r->r_dept[k] = ur_rng_stream(r->env->rng, name);
        }
    return 0;
}

static void set_governance(struct resp *r, const struct resp_governance *gv)
{
    r->gov = gv;
    r->sequential = strcmp(gv->order, "sequential") == 0;
    r->parallel = strcmp(gv->order, "parallel") == 0;
}

bool resp_joint_command(struct resp *r)
{
    if (!r->cfg->has_joint_command || r->gov == &r->cfg->joint_command)
        return false;
    set_governance(r, &r->cfg->joint_command);
    return true;
}

int resp_new(struct ur_env *env, const struct resp_config *cfg, const struct resp_setup *setup,
             struct resp **out)
{
    *out = NULL;
    struct resp *r = calloc(1, sizeof *r);
    if (!r)
        return UR_ENOMEM;
    r->cfg = cfg;
    r->env = env;
    r->setup = *setup;
    r->grids = *setup->grids;
    r->n_types = cfg->types.n;
    r->n_depts = cfg->departments.n;
    r->n_sources = cfg->sources.n;
    r->free_case = RESP_NIL;
    r->travel = cfg->has_travel ? &cfg->travel : setup->grid_travel;
    const struct resp_governance *gv = &cfg->governance;
    set_governance(r, gv);
    r->local_first = strcmp(gv->route, "local_first") == 0;
    r->nearest = strcmp(gv->route, "nearest") == 0;
    r->entry = strcmp(gv->entry, "grid") == 0        ? SPACE_GRID
               : strcmp(gv->entry, "community") == 0 ? SPACE_COMMUNITY
                                                     : SPACE_STREET;
    r->raised_complaint = resp_type_index(r, cfg->raised.complaint);
    r->raised_crowding = cfg->raised.has_crowding ? resp_type_index(r, cfg->raised.crowding.type)
                                                  : -1;
    r->raised_taxi = cfg->raised.has_taxi_wait ? resp_type_index(r, cfg->raised.taxi_wait.type)
                                               : -1;
    r->st.created = calloc(r->n_types, sizeof *r->st.created);
    r->st.resolved = calloc(r->n_types, sizeof *r->st.resolved);
    r->st.by_type = calloc(r->n_types, sizeof *r->st.by_type);
    r->crowded = calloc(setup->n_sites + 1, sizeof *r->crowded);
    bool merging = cfg->raised.merge_within_s > 0;
    size_t n_last = 2 * r->grids.n_grids;
    if (merging)
        r->last_raised = malloc((n_last ? n_last : 1) * sizeof *r->last_raised);
    for (size_t i = 0; r->last_raised && i < n_last; i++)
        r->last_raised[i] = RESP_NIL;
    r->st.by_grid = calloc(r->grids.n_grids ? r->grids.n_grids : 1, sizeof *r->st.by_grid);
    int rc = r->st.created && r->st.resolved && r->st.by_type && r->crowded && r->st.by_grid &&
                     (!merging || r->last_raised)
                 ? 0
                 : UR_ENOMEM;
    if (rc == 0) {
        struct ur_sim *sim = env->sim;
        r->h_source = ur_sim_handler(sim, "response.incident", on_source, r);
        r->h_call = ur_sim_handler(sim, "response.call", on_call, r);
        r->h_found = ur_sim_handler(sim, "response.found", on_found, r);
        r->h_dispatch = ur_sim_handler(sim, "response.dispatch", on_dispatch, r);
        r->h_start = ur_sim_handler(sim, "response.transferred", on_start, r);
        r->h_release = ur_sim_handler(sim, "response.release", on_release, r);
        r->h_arrive = ur_sim_handler(sim, "response.on_site", resp_on_arrive, r);
        r->h_done = ur_sim_handler(sim, "response.done", resp_on_done, r);
        r->h_shift = ur_sim_handler(sim, "response.shift", resp_on_shift, r);
        r->h_surge = ur_sim_handler(sim, "response.surge_check", resp_on_surge, r);
        r->h_joined = ur_sim_handler(sim, "response.mobilised", resp_on_joined, r);
        r->h_back = ur_sim_handler(sim, "response.back_at_base", resp_on_back, r);
        r->h_shock = ur_sim_handler(sim, "response.shock_staff", resp_on_shock, r);
        r->h_escalate = ur_sim_handler(sim, "response.escalate", on_escalate, r);
        r->h_channel_call = ur_sim_handler(sim, "response.channel_call", on_channel_call, r);
        r->r_case = ur_rng_stream(env->rng, "response.cases");
        r->r_redial = ur_rng_stream(env->rng, "response.redial");
        r->r_route = ur_rng_stream(env->rng, "response.route");
        r->r_staff = ur_rng_stream(env->rng, "response.staff");
        rc = build_sources(r);
    }
    if (rc == 0)
        rc = build_channels(r);
    if (rc == 0 && cfg->has_hotline) {
        struct station_spec spec = {.stream_prefix = "response.hotline",
                                    .result_prefix = "response/hotline",
                                    .q = &cfg->hotline.desk,
                                    .on_exit = on_hotline_exit,
                                    .ctx = r};
        rc = station_new(env, &spec, &r->hotline);
    }
    if (rc == 0 && cfg->has_hotline && cfg->hotline.has_other_calls) {
        const char *why = NULL;
        r->other_calls = ur_arrivals_new(&cfg->hotline.other_calls, env->horizon_s, &why);
        r->r_other = ur_rng_stream(env->rng, "response.other_calls");
        r->h_other = ur_sim_handler(env->sim, "response.other_call", on_other_call, r);
        rc = r->other_calls ? 0 : why ? UR_EINPUT : UR_ENOMEM;
    }
    if (rc == 0)
        rc = build_patrols(r);
    if (rc == 0)
        rc = resp_staff_init(r);
    r->setup.visitors = NULL; /* read by resp_staff_init only: the caller's */
    r->setup.n_visitors = 0;
    if (rc == 0)
        rc = register_series(r);
    if (rc == 0)
        rc = register_case_table(r);
    if (rc) {
        resp_free(r);
        return rc;
    }
    for (size_t i = 0; i < r->n_sources; i++)
        schedule_source(r, i);
    if (r->other_calls)
        schedule_other_call(r);
    seed_backlog(r);
    *out = r;
    return 0;
}

void resp_free(struct resp *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->arrivals && i < r->n_sources; i++) {
        ur_arrivals_free(r->arrivals[i]);
        free(r->source_cfg[i].surges.items);
        free(r->source_grids[i]);
    }
    free(r->arrivals);
    free(r->source_cfg);
    free(r->source_grids);
    free(r->n_source_grids);
    free(r->r_source);
    station_free(r->hotline);
    for (size_t i = 0; r->channels && i < r->n_channels; i++)
        station_free(r->channels[i].desk);
    free(r->channels);
    free(r->type_channel);
    free(r->r_dept);
    ur_arrivals_free(r->other_calls);
    resp_staff_free(r);
    free(r->patrollers);
    free(r->crowded);
    free(r->last_raised);
    free(r->cases);
    free(r->st.created);
    free(r->st.resolved);
    free(r->st.by_type);
    free(r->st.by_grid);
    free(r->st.response);
    free(r->st.resolution);
    free(r);
}

/* ---- results ---- */

/* P(t): of the cases the city knows of in the interval ending at t_s (those
 * closed in it, and those registered and still open at t_s), the share on
 * time (closed within their deadline, or open with their deadline not yet
 * passed); 1 when there are none. */
static double performance(struct resp *r, double t_s)
{
    uint64_t n = r->closed_iv, ok = r->closed_ok_iv;
    for (uint32_t i = 0; i < r->cap_cases; i++) {
        const struct resp_case *c = &r->cases[i];
        if (!c->n_tasks || !c->registered) /* free, or nobody knows of it yet */
            continue;
        n++;
        ok += on_time(type_at(r, c->type), c->t_reg, t_s);
    }
    r->closed_iv = r->closed_ok_iv = 0;
    return n ? (double)ok / (double)n : 1.0;
}

static void resp_sample(void *model, double t_s, double dt_s, struct ur_rec *rec)
{
    struct resp *r = model;
    double p = performance(r, t_s), target = r->cfg->targets.share;
    ur_rec_put(rec, r->series_open, (double)r->open);
    ur_rec_put(rec, r->series_queued, (double)resp_queued(r));
    ur_rec_put(rec, r->series_perf, p);
    if (t_s <= r->window_start_s)
        return;
    r->loss_h += fmax(0.0, target - p) * dt_s / 3600.0;
    if (p < target && isnan(r->episode_start_s)) {
        r->episode_start_s = t_s - dt_s;
        r->episodes++;
    } else if (p >= target && !isnan(r->episode_start_s)) {
        r->worst_episode_h = fmax(r->worst_episode_h, (t_s - dt_s - r->episode_start_s) / 3600);
        r->episode_start_s = NAN;
    }
}

static int register_series(struct resp *r)
{
    r->series_open = ur_rec_series(r->env->rec, "response/open_cases", "cases",
                                   "cases created and not yet closed (the backlog), at the sample time");
    r->series_queued = ur_rec_series(r->env->rec, "response/tasks_waiting", "tasks",
                                     "department tasks waiting for a responder, at the sample time");
    r->series_perf = ur_rec_series(r->env->rec, "response/performance", "1",
                                   "P(t): cases closed in the interval or open at its end that "
                                   "are on time / all of them (1: none)");
    r->episode_start_s = NAN;
    if (r->series_open < 0 || r->series_queued < 0 || r->series_perf < 0)
        return UR_ENOMEM;
    return ur_rec_on_sample(r->env->rec, resp_sample, r);
}

void resp_warmup_end(struct resp *r, double t_s)
{
    struct resp_case_stats *st = &r->st;
    st->closed = st->within_deadline = st->same_day = st->satisfied = 0;
    st->escalations = st->handoffs = st->misroutes = st->preemptions = st->handovers = 0;
    st->dispatched = st->dispatch_ok = st->multi = st->multi_on_site_ok = 0;
    st->calls = st->answered = st->answered_ok = st->hangups = st->lost = 0;
    st->undiscovered = st->registered = st->merged = st->escalated = st->solved = 0;
    for (size_t i = 0; i < r->n_channels; i++) {
        struct resp_channel_state *ch = &r->channels[i];
        ch->calls = ch->answered_ok = ch->hangups = ch->lost = 0;
        station_warmup_end(ch->desk, t_s);
    }
    st->n_response = st->n_resolution = 0;
    memset(st->by_type, 0, r->n_types * sizeof *st->by_type);
    resp_parts_warmup_end(r);
    resp_pools_warmup_end(r);
    st->discovery_sum = 0;
    st->discovery_n = 0;
    r->window_start_s = t_s;
    r->loss_h = r->worst_episode_h = 0;
    r->episodes = 0;
    r->episode_start_s = NAN;
    if (r->hotline)
        station_warmup_end(r->hotline, t_s);
    resp_staff_warmup_end(r, t_s);
}

static int kpi(struct resp *r, const char *path, const char *units, const char *doc, double v)
{
    return ur_rec_kpi(r->env->rec, path, units, doc, v);
}

static double share(uint64_t k, uint64_t n)
{
    return n ? (double)k / (double)n : NAN;
}

/* Mean and a quantile of v (sorted in place), NaN when empty. */
static double quantile(double *v, size_t n, double p)
{
    return n ? gsl_stats_quantile_from_sorted_data(v, 1, n, p) : NAN;
}

static const char *const level_names[SPACE_LEVELS] = {"grid", "community", "street", "district"};

/* KPIs under <base>/<name>/<leaf>, in the order given. */
struct kpi_row {
    const char *leaf, *units, *doc;
    double v;
};

static int put_rows(struct resp *r, const char *base, const char *name,
                    const struct kpi_row *rows, size_t n)
{
    char path[300];
    int rc = 0;
    for (size_t j = 0; rc == 0 && j < n; j++) {
        snprintf(path, sizeof path, "%s/%s/%s", base, name, rows[j].leaf);
        rc = kpi(r, path, rows[j].units, rows[j].doc, rows[j].v);
    }
    return rc;
}

static int publish_channel(struct resp *r, struct resp_channel_state *ch, double t_s)
{
    const struct kpi_row rows[] = {
        {"calls", "calls", "calls that ended (answered or hung up), window", (double)ch->calls},
        {"answered_within_target", "1", "calls answered within answer_target / calls that ended",
         share(ch->answered_ok, ch->calls)},
        {"hangups", "calls", "callers who hung up, window", (double)ch->hangups},
        {"lost", "calls", "callers who hung up and did not call again (left to the patrols)",
         (double)ch->lost},
    };
    int rc = put_rows(r, "response/channels", ch->cfg->name, rows, sizeof rows / sizeof rows[0]);
    return rc == 0 ? station_publish(ch->desk, t_s) : rc;
}

int resp_publish(struct resp *r, double t_s)
{
    struct resp_case_stats *st = &r->st;
    const struct resp_config *cfg = r->cfg;
    gsl_sort(st->response, 1, st->n_response);
    gsl_sort(st->resolution, 1, st->n_resolution);
    double resp_p90 = quantile(st->response, st->n_response, 0.9);
    size_t within_resp = 0;
    for (size_t i = 0; i < st->n_response; i++)
        within_resp += st->response[i] <= cfg->targets.response_s;
    /* open cases past their deadline already count as missed */
    uint64_t overdue = 0, open_by_level[SPACE_LEVELS + 1] = {0};
    for (uint32_t i = 0; i < r->cap_cases; i++) {
        const struct resp_case *c = &r->cases[i];
        if (!c->n_tasks) /* free */
            continue;
        open_by_level[c->top_level]++;
        log_case(r, c, NAN);
        if (c->registered && !on_time(type_at(r, c->type), c->t_reg, t_s))
            overdue++;
    }
    uint64_t created = 0, resolved = 0;
    for (size_t k = 0; k < r->n_types; k++) {
        created += st->created[k];
        resolved += st->resolved[k];
    }
    const struct {
        const char *path, *units, *doc;
        double v;
    } rows[] = {
        {"response/created", "cases", "cases created, whole run (backlog included)",
         (double)created},
        {"response/resolved", "cases", "cases closed, whole run", (double)resolved},
        {"response/open_end", "cases", "cases still open at the end", (double)r->open},
        {"response/undiscovered", "cases",
         "unreported cases in a community nobody patrols (never found), window",
         (double)st->undiscovered},
        {"response/discovery_mean", "min", "occurrence to registration, mean",
         st->discovery_n ? st->discovery_sum / (double)st->discovery_n / 60 : NAN},
        {"response/first_response_mean", "min", "registration to first responder on site",
         st->n_response ? gsl_stats_mean(st->response, 1, st->n_response) / 60 : NAN},
        {"response/first_response_p90", "min", "90th percentile of the first response",
         resp_p90 / 60},
        {"response/resolution_mean", "h", "registration to closing, mean",
         st->n_resolution ? gsl_stats_mean(st->resolution, 1, st->n_resolution) / 3600 : NAN},
        {"response/resolution_p90", "h", "90th percentile of the resolution time",
         quantile(st->resolution, st->n_resolution, 0.9) / 3600},
        {"response/within_deadline", "1",
         "closed within the type's deadline / (closed + open past it)",
         share(st->within_deadline, st->closed + overdue)},
        {"response/escalations", "hops", "hops up the hierarchy (local_first)",
         (double)st->escalations},
        {"response/handoffs", "handoffs", "cases passed from one department to another",
         (double)st->handoffs},
        {"response/misroutes", "cases", "cases first sent to a department they do not need",
         (double)st->misroutes},
        {"response/preemptions", "tasks", "tasks interrupted by a more severe case",
         (double)st->preemptions},
        {"response/handovers", "tasks", "tasks handed over at a shift change",
         (double)st->handovers},
        {"response/satisfied", "1", "call backs that found the resident satisfied / closed",
         share(st->satisfied, st->closed)},
        {"response/standard/answered_within_target", "1",
         "hotline calls answered within answer_target / calls that ended",
         share(st->answered_ok, st->calls)},
        {"response/standard/response_within_target", "1",
         "first responses within targets.response / closed", share(within_resp, st->n_response)},
        {"response/standard/response_p90_vs_target", "1",
         "90th-percentile first response / targets.response (<= 1 meets it)",
         resp_p90 / cfg->targets.response_s},
        {"response/standard/dispatch_within_target", "1",
         "work orders out within targets.dispatch of registration / dispatched",
         share(st->dispatch_ok, st->dispatched)},
        {"response/standard/resolved_same_day", "1", "closed the day they were registered / closed",
         share(st->same_day, st->closed)},
        {"response/standard/all_on_site_within_target", "1",
         "multi-department cases with every department on site within targets.on_site",
         share(st->multi_on_site_ok, st->multi)},
        {"response/resilience_loss", "h",
         "area between targets.share and P(t) where P falls short, sampled", r->loss_h},
        {"response/shock_episodes", "episodes", "episodes with P(t) below targets.share",
         (double)r->episodes},
        {"response/worst_recovery", "h",
         "longest episode with P(t) below targets.share (one still open counts to the end)",
         fmax(r->worst_episode_h,
              isnan(r->episode_start_s) ? 0.0 : (t_s - r->episode_start_s) / 3600)},
        {"response/hotline_hangups", "calls", "callers who hung up", (double)st->hangups},
        {"response/hotline_lost", "calls", "callers who hung up and did not call again",
         (double)st->lost},
        {"response/merged", "requests",
         "visitors' requests merged into an open case like them (raised.merge_within)",
         (double)st->merged},
        {"response/solved", "1",
         "closed with the outcome the resident asked for / closed, window (types[].unsolved)",
         share(st->solved, st->closed)},
        {"response/escalated", "cases",
         "cases still open at the age their type escalates (types[].escalates): their "
         "severity rose, window", (double)st->escalated},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof rows / sizeof rows[0]; i++)
        rc = kpi(r, rows[i].path, rows[i].units, rows[i].doc, rows[i].v);
    if (rc == 0)
        rc = resp_publish_parts(r, st->closed + overdue);
    char path[300];
    for (size_t k = 0; rc == 0 && k < r->n_types; k++) {
        const struct resp_type_window *w = &st->by_type[k];
        double n = (double)w->closed;
        const struct kpi_row per[] = {
            {"created", "cases", "created, whole run", (double)st->created[k]},
            {"resolved", "cases", "closed, whole run", (double)st->resolved[k]},
            {"open", "cases", "open at the end", (double)(st->created[k] - st->resolved[k])},
            {"first_response_mean", "min",
             "registration to first responder on site, closed in the window",
             n ? w->response_s / n / 60 : NAN},
            {"resolution_mean", "h", "registration to closing, closed in the window",
             n ? w->resolution_s / n / 3600 : NAN},
            {"within_deadline", "1", "closed within the deadline / closed, in the window",
             share(w->on_time, w->closed)},
            {"escalated", "cases", "cases whose severity rose (types[].escalates), window",
             (double)w->escalated},
            {"solved", "1", "closed with the outcome asked for / closed, window",
             share(w->solved, w->closed)},
        };
        rc = put_rows(r, "response/types", type_at(r, k)->name, per, sizeof per / sizeof per[0]);
    }
    for (size_t o = 0; rc == 0 && o < ORIGIN_N; o++) {
        const struct resp_grid_counts *g = &st->by_origin[o];
        double n = (double)g->closed;
        const struct kpi_row per[] = {
            {"created", "cases", "created, whole run", (double)g->created},
            {"resolved", "cases", "closed, whole run", (double)g->resolved},
            {"first_response_mean", "min",
             "registration to first responder on site, closed in the window",
             n ? g->response_s / n / 60 : NAN},
            {"resolution_mean", "h", "registration to closing, closed in the window",
             n ? g->resolution_s / n / 3600 : NAN},
            {"within_deadline", "1", "closed within the deadline / closed, in the window",
             share(g->on_time, g->closed)},
        };
        rc = put_rows(r, "response/origins", resp_origin_names[o], per,
                      sizeof per / sizeof per[0]);
    }
    for (size_t l = 0; rc == 0 && l <= SPACE_LEVELS; l++) {
        const char *name = l < SPACE_LEVELS ? level_names[l] : "unassigned";
        if (l < SPACE_LEVELS) {
            snprintf(path, sizeof path, "response/levels/%s/resolved", name);
            rc = kpi(r, path, "cases", "closed, by the highest level that took part",
                     (double)st->resolved_level[l]);
        }
        snprintf(path, sizeof path, "response/levels/%s/open", name);
        if (rc == 0)
            rc = kpi(r, path, "cases",
                     "open at the end, by the highest level that took part so far",
                     (double)open_by_level[l]);
    }
    resp_staff_close(r, t_s);
    const struct resp_department *d = cfg->departments.items;
    for (size_t k = 0; rc == 0 && k < r->n_depts; k++)
        for (size_t l = 0; rc == 0 && l < SPACE_LEVELS; l++) {
            double duty = st->duty_s[k * SPACE_LEVELS + l];
            if (duty <= 0 && !st->based[k * SPACE_LEVELS + l]) /* nobody there, ever */
                continue;
            snprintf(path, sizeof path, "response/utilization/%s/%s", d[k].name, level_names[l]);
            rc = kpi(r, path, "1", "busy time (travel and work) / time on duty (NaN: none)",
                     duty > 0 ? st->busy_s[k * SPACE_LEVELS + l] / duty : NAN);
        }
    if (rc == 0)
        rc = resp_publish_pools(r, t_s);
    if (rc == 0 && r->hotline)
        rc = station_publish(r->hotline, t_s);
    for (size_t i = 0; rc == 0 && i < r->n_channels; i++)
        rc = publish_channel(r, &r->channels[i], t_s);
    return rc;
}
