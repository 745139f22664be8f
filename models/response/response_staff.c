/* Response: the responders.
 *
 * Every responder belongs to one pool: its department's team for a street
 * (or the district's one team), or, when sunk into grids, the department's
 * pool of one unit (a community or a unit grid). Route nearest puts each
 * department's responders, wherever they are based, in one pool. A pool
 * serves its queue most severe first, first come first served within a
 * severity; a free member goes (under route nearest, the nearest free one:
 * the smallest hierarchy distance, then the lowest number), travels
 * (`travel` by the distance from its base, read at the task's fixed
 * uniform) and works. A case of severity >= preempt_from that finds nobody
 * free takes the responder of the least severe case in hand (latest started
 * first); that task goes back to the front of its queue with the work left
 * and travels again when resumed.
 *
 * Routing (route local_first) looks at the pools when the task is told
 * (a hop is a pass from a level where the department has staff, on duty or
 * not, to the level above; a level without any is skipped, free)
 * after any handoff: a pool counts while someone is on duty there or on
 * the way (a task may then wait for a responder still travelling to join),
 * and, with governance `overflow`, while its queue is shorter than overflow
 * x those answering; a task already queued stays in its pool.
 *
 * Shifts set the share of every pool on duty (rounded to whole responders);
 * tasks queued where everyone has gone off duty wait for the next shift.
 * Going off duty: free members first; then, by the department's
 * shift_change, busy ones finish their task first, or hand it over: it goes
 * back to the queue with its work left after the handover delay.
 *
 * Sinking: static puts `count` of a department in every unit; demand and
 * surge spread `count` over the units in proportion to expected incidents
 * (the sources' integrated rates) plus visitor_weight x expected first-stop
 * visitors at the sites there, by largest remainders; the rest stay in the
 * home teams, spread evenly over the streets. Under surge, every `check` a
 * free member of the unit with the most free members (and nothing queued;
 * the quiet unit may be left with nobody) moves to the unit with the most
 * tasks waiting
 * (at least `above`, counting those already on their way), arriving after
 * `mobilise`. A plan's sink_staff moves free home-team members (from the
 * team with the most free) the same way, one by one, each to the unit with
 * the most waiting, or, when nothing waits, to the unit with the fewest
 * members.
 * Sunk staff of a department that `patrols` patrol their community.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "response_internal.h"

static const struct resp_department *dept_at(const struct resp *r, size_t d)
{
    return (const struct resp_department *)r->cfg->departments.items + d;
}

bool resp_street_teams(const struct resp *r, size_t d)
{
    return strcmp(dept_at(r, d)->home, "street") == 0 &&
           strcmp(r->cfg->governance.teams, "district") != 0;
}

static double now_of(const struct resp *r)
{
    return ur_sim_now(r->env->sim);
}

/* The case's severity now (it may have escalated). */
static int severity_of(const struct resp *r, uint32_t id)
{
    return (int)r->cases[id / RESP_MAX_NEEDS].severity;
}

/* ---- accounting: busy and on-duty time per department and level ---- */

/* Busy (else on-duty) time of responder s since `since`, to its
 * department x level and its pool. */
static void add_time(struct resp *r, bool busy, const struct resp_responder *s, double since)
{
    struct resp_pool *p = &r->pools[s->pool];
    double from = fmax(since, r->window_start_s), t = now_of(r);
    if (t <= from)
        return;
    double *acc = busy ? r->st.busy_s : r->st.duty_s;
    acc[(size_t)p->dept * SPACE_LEVELS + s->level] += t - from;
    *(busy ? &p->busy_s : &p->duty_s) += t - from;
}

static void go_on_duty(struct resp *r, uint32_t i)
{
    struct resp_responder *s = &r->staff[i];
    s->on_duty = true;
    s->duty_since = now_of(r);
    r->pools[s->pool].on_duty++;
}

static void go_off_duty(struct resp *r, uint32_t i)
{
    struct resp_responder *s = &r->staff[i];
    add_time(r, false, s, s->duty_since);
    s->on_duty = false;
    r->pools[s->pool].on_duty--;
    if (s->leaving) {
        s->leaving = false;
        r->pools[s->pool].leaving--;
    }
}

/* On duty, no task, not on the way back: it can go. */
static bool is_free(const struct resp_responder *s)
{
    return s->on_duty && s->task == RESP_NIL && !s->returning;
}

/* ---- distance and travel ---- */

static int distance(const struct resp *r, int level, uint32_t unit, uint32_t g)
{
    return space_distance(&r->grids, level, unit, g);
}

/* How far responder s's base (its station's grid, or its unit) is from g. */
static int base_distance(const struct resp *r, const struct resp_responder *s, uint32_t g)
{
    if (s->base_grid != RESP_NIL)
        return distance(r, SPACE_GRID, s->base_grid, g);
    return distance(r, s->level, s->unit, g);
}

/* How far responder s is from grid g: from its last case's grid (return
 * stay), else from its base. */
static int distance_of(const struct resp *r, const struct resp_responder *s, uint32_t g)
{
    if (s->at_grid != RESP_NIL)
        return distance(r, SPACE_GRID, s->at_grid, g);
    return base_distance(r, s, g);
}

/* The shocks' factor on travel times now (1 outside their windows). */
static double travel_factor(const struct resp *r)
{
    const struct resp_shock *k = r->cfg->shocks.items;
    double f = 1.0;
    for (size_t i = 0; i < r->cfg->shocks.n; i++)
        f *= space_window_factor(&k[i].surge, k[i].travel, now_of(r));
    return f;
}

/* Department d's trip over distance dist read at uniform u (its own
 * `travel:`, else the response's), slowed by the shocks. */
static double trip(const struct resp *r, size_t d, int dist, double u)
{
    const struct resp_department *dep = dept_at(r, d);
    const struct space_travel *tr = dep->has_travel ? &dep->travel : r->travel;
    return ur_dist_quantile(space_travel_at(tr, dist), u) * travel_factor(r);
}

/* ---- queues ---- */

static void queue_push(struct resp *r, struct resp_pool *p, uint32_t id, bool front)
{
    int s = severity_of(r, id) - 1;
    struct resp_task *t = resp_task_of(r, id);
    t->phase = T_QUEUED;
    if (front) {
        t->next = p->qhead[s];
        p->qhead[s] = id;
        if (p->qtail[s] == RESP_NIL)
            p->qtail[s] = id;
    } else {
        t->next = RESP_NIL;
        if (p->qtail[s] == RESP_NIL)
            p->qhead[s] = id;
        else
            resp_task_of(r, p->qtail[s])->next = id;
        p->qtail[s] = id;
    }
    resp_pool_queued(r, p, +1);
}

static uint32_t queue_peek(const struct resp_pool *p)
{
    for (int s = RESP_MAX_SEVERITY - 1; s >= 0; s--)
        if (p->qhead[s] != RESP_NIL)
            return p->qhead[s];
    return RESP_NIL;
}

static void queue_pop(struct resp *r, struct resp_pool *p, uint32_t id)
{
    int s = severity_of(r, id) - 1;
    UR_ASSERT(p->qhead[s] == id);
    p->qhead[s] = resp_task_of(r, id)->next;
    if (p->qhead[s] == RESP_NIL)
        p->qtail[s] = RESP_NIL;
    resp_pool_queued(r, p, -1);
}

void resp_requeue(struct resp *r, uint32_t id, int old_severity)
{
    struct resp_task *t = resp_task_of(r, id);
    struct resp_pool *p = &r->pools[t->pool];
    int s = old_severity - 1;
    uint32_t prev = RESP_NIL;
    for (uint32_t k = p->qhead[s]; k != id; k = resp_task_of(r, k)->next) {
        UR_ASSERT(k != RESP_NIL && "a queued task is in its pool's queue");
        prev = k;
    }
    if (prev == RESP_NIL)
        p->qhead[s] = t->next;
    else
        resp_task_of(r, prev)->next = t->next;
    if (p->qtail[s] == id)
        p->qtail[s] = prev;
    resp_pool_queued(r, p, -1);
    queue_push(r, p, id, false); /* at the tail of its new severity */
}

/* ---- assignment ---- */

static uint32_t pick_free(const struct resp *r, const struct resp_pool *p, uint32_t g)
{
    uint32_t best = RESP_NIL;
    int best_d = 4;
    for (uint32_t k = 0; k < p->n_member; k++) {
        uint32_t i = p->member[k];
        const struct resp_responder *s = &r->staff[i];
        if (!is_free(s))
            continue;
        if (!p->nearest)
            return i;
        int d = distance_of(r, s, g);
        if (d < best_d || (d == best_d && i < best)) {
            best = i;
            best_d = d;
        }
    }
    return best;
}

static void assign(struct resp *r, uint32_t i, uint32_t id)
{
    struct resp_responder *s = &r->staff[i];
    struct resp_task *t = resp_task_of(r, id);
    struct resp_case *c = &r->cases[id / RESP_MAX_NEEDS];
    s->task = id;
    s->busy_since = now_of(r);
    t->responder = i;
    t->phase = T_TRAVEL;
    if (c->top_level == SPACE_LEVELS || s->level > c->top_level)
        c->top_level = s->level;
    t->ev = ur_sim_after(r->env->sim,
                         trip(r, t->dept, distance_of(r, s, c->grid), t->u_travel),
                         r->h_arrive, id);
}

static void pool_serve(struct resp *r, struct resp_pool *p)
{
    for (uint32_t id; (id = queue_peek(p)) != RESP_NIL;) {
        uint32_t i = pick_free(r, p, r->cases[id / RESP_MAX_NEEDS].grid);
        if (i == RESP_NIL)
            return;
        queue_pop(r, p, id);
        assign(r, i, id);
    }
}

/* Stops responder i's task: the work done so far is kept; the responder is
 * free (still on duty). Returns the task. */
static uint32_t interrupt(struct resp *r, uint32_t i)
{
    struct resp_responder *s = &r->staff[i];
    uint32_t id = s->task;
    struct resp_task *t = resp_task_of(r, id);
    ur_sim_cancel(r->env->sim, t->ev);
    if (t->phase == T_WORK)
        t->work_s = fmax(0.0, t->work_s - (now_of(r) - t->started_s));
    add_time(r, true, s, s->busy_since);
    s->task = RESP_NIL;
    t->responder = RESP_NIL;
    return id;
}

/* The busy on-duty member of p with the least severe task (latest started
 * among equals), if its severity is below `below`; RESP_NIL otherwise. */
static uint32_t least_urgent(const struct resp *r, const struct resp_pool *p, int below,
                             bool leaving_too)
{
    uint32_t best = RESP_NIL;
    int best_s = below;
    double best_t = -INFINITY;
    for (uint32_t k = 0; k < p->n_member; k++) {
        uint32_t i = p->member[k];
        const struct resp_responder *s = &r->staff[i];
        if (!s->on_duty || s->task == RESP_NIL || (s->leaving && !leaving_too))
            continue;
        int sev = severity_of(r, s->task);
        if (sev < best_s || (sev == best_s && best != RESP_NIL && s->busy_since > best_t)) {
            best = i;
            best_s = sev;
            best_t = s->busy_since;
        }
    }
    return best;
}

void resp_pool_join(struct resp *r, uint32_t id)
{
    struct resp_task *t = resp_task_of(r, id);
    struct resp_pool *p = &r->pools[t->pool];
    queue_push(r, p, id, false);
    long from = resp_by_channel(r, id) ? 0 : r->gov->preempt_from; /* a channel never preempts */
    int sev = severity_of(r, id);
    if (from > 0 && sev >= from &&
        pick_free(r, p, r->cases[id / RESP_MAX_NEEDS].grid) == RESP_NIL) {
        uint32_t i = least_urgent(r, p, sev, true);
        if (i != RESP_NIL) {
            queue_push(r, p, interrupt(r, i), true);
            if (now_of(r) >= r->window_start_s)
                r->st.preemptions++;
        }
    }
    pool_serve(r, p);
}

void resp_on_arrive(struct ur_sim *sim, void *model, uint64_t id)
{
    struct resp *r = model;
    struct resp_task *t = resp_task_of(r, (uint32_t)id);
    t->phase = T_WORK;
    t->started_s = ur_sim_now(sim);
    t->ev = ur_sim_after(sim, t->work_s, r->h_done, id);
    if (!t->arrived) {
        t->arrived = true;
        resp_task_on_site(r, (uint32_t)id);
    }
}

void resp_on_done(struct ur_sim *sim, void *model, uint64_t id)
{
    (void)sim;
    struct resp *r = model;
    struct resp_task *t = resp_task_of(r, (uint32_t)id);
    uint32_t i = t->responder;
    struct resp_responder *s = &r->staff[i];
    struct resp_pool *p = &r->pools[s->pool];
    uint32_t g = r->cases[id / RESP_MAX_NEEDS].grid;
    t->phase = T_DONE;
    t->work_s = 0;
    t->responder = RESP_NIL;
    s->task = RESP_NIL;
    /* return base: back as long as the trip out from base took, busy */
    double back = strcmp(dept_at(r, p->dept)->trip_back, "base") == 0
                      ? trip(r, p->dept, base_distance(r, s, g), t->u_travel)
                      : 0.0;
    if (strcmp(dept_at(r, p->dept)->trip_back, "stay") == 0)
        s->at_grid = g;
    s->returning = true; /* not free while the case closes */
    resp_task_done(r, (uint32_t)id);
    if (back > 0) {
        ur_sim_after(sim, back, r->h_back, i);
        return;
    }
    resp_on_back(sim, r, i);
}

/* Responder i is free again: back at base, or at once (return stay). */
void resp_on_back(struct ur_sim *sim, void *model, uint64_t i)
{
    (void)sim;
    struct resp *r = model;
    struct resp_responder *s = &r->staff[i];
    s->returning = false;
    add_time(r, true, s, s->busy_since);
    if (s->leaving)
        go_off_duty(r, (uint32_t)i);
    pool_serve(r, &r->pools[s->pool]);
}

/* ---- shifts ---- */

/* The share of every team the shocks holding at full strength leave. */
static double shock_staff(const struct resp *r)
{
    const struct resp_shock *k = r->cfg->shocks.items;
    double f = 1.0;
    for (size_t i = 0; i < r->cfg->shocks.n; i++)
        f *= space_window_weight(&k[i].surge, now_of(r)) >= 1.0 ? k[i].staff : 1.0;
    return f;
}

/* Members on duty: the shift's share, the part-time share of sunk staff
 * (their own pools; not under route nearest, where all share one pool),
 * and the shocks' share, of the members, rounded. */
static uint32_t target_of(const struct resp *r, const struct resp_pool *p)
{
    bool sunk = r->sunk_pool[p->dept] != RESP_NIL && p->level == r->sink_level;
    double part = sunk ? r->sunk_share[p->dept] : 1.0;
    return (uint32_t)lround(r->share[p->dept] * part * shock_staff(r) * (double)p->n_member);
}

static void apply_target(struct resp *r, struct resp_pool *p)
{
    uint32_t target = target_of(r, p);
    const struct resp_department *d = dept_at(r, p->dept);
    /* back on duty: first those still finishing, then those off */
    for (uint32_t k = 0; k < p->n_member && p->on_duty - p->leaving < target; k++) {
        struct resp_responder *s = &r->staff[p->member[k]];
        if (s->leaving) {
            s->leaving = false;
            p->leaving--;
        }
    }
    for (uint32_t k = 0; k < p->n_member && p->on_duty - p->leaving < target; k++)
        if (!r->staff[p->member[k]].on_duty)
            go_on_duty(r, p->member[k]);
    /* off duty: the free first */
    for (uint32_t k = 0; k < p->n_member && p->on_duty - p->leaving > target; k++) {
        uint32_t i = p->member[k];
        if (is_free(&r->staff[i]))
            go_off_duty(r, i);
    }
    /* then those on their way back: off duty once back */
    for (uint32_t k = 0; k < p->n_member && p->on_duty - p->leaving > target; k++) {
        struct resp_responder *s = &r->staff[p->member[k]];
        if (s->on_duty && s->returning && !s->leaving) {
            s->leaving = true;
            p->leaving++;
        }
    }
    bool handover = strcmp(d->shift_change, "handover") == 0;
    while (p->on_duty - p->leaving > target) {
        uint32_t i = least_urgent(r, p, RESP_MAX_SEVERITY + 1, false);
        UR_ASSERT(i != RESP_NIL);
        if (!handover) {
            r->staff[i].leaving = true;
            p->leaving++;
            continue;
        }
        uint32_t id = interrupt(r, i);
        go_off_duty(r, i);
        struct resp_task *t = resp_task_of(r, id);
        t->phase = T_DELAY;
        gsl_rng *rng = r->r_dept[p->dept] ? r->r_dept[p->dept] : r->r_staff;
        t->ev = ur_sim_after(r->env->sim, ur_dist_draw(&d->handover, rng), r->h_release, id);
        if (now_of(r) >= r->window_start_s)
            r->st.handovers++;
    }
    pool_serve(r, p);
}

static void apply_all(struct resp *r, size_t d)
{
    for (size_t p = 0; p < r->n_pools; p++)
        if (r->pools[p].dept == d)
            apply_target(r, &r->pools[p]);
}

/* A shock reaches (or leaves) full strength: every team's share changes. */
void resp_on_shock(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)sim;
    (void)arg;
    struct resp *r = model;
    for (size_t d = 0; d < r->n_depts; d++)
        apply_all(r, d);
}

/* The share on duty at time of day tod: the last shift started by then
 * (before the first, the day's last). */
static double share_at(const struct resp_department *d, double tod)
{
    const struct resp_shift *s = d->shifts.items;
    if (!d->shifts.n)
        return 1.0;
    double share = s[d->shifts.n - 1].share;
    for (size_t k = 0; k < d->shifts.n && s[k].start_s <= tod; k++)
        share = s[k].share;
    return share;
}

void resp_on_shift(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct resp *r = model;
    size_t d = (size_t)(arg >> 16), k = (size_t)(arg & 0xffff);
    const struct resp_shift *s = dept_at(r, d)->shifts.items;
    r->share[d] = s[k].share;
    apply_all(r, d);
    ur_sim_after(sim, 86400.0, r->h_shift, arg);
}

/* ---- moving between units ---- */

static void member_add(struct resp *r, struct resp_pool *p, uint32_t i)
{
    if (p->n_member == p->cap_member) {
        uint32_t cap = p->cap_member ? 2 * p->cap_member : 4;
        uint32_t *m = realloc(p->member, cap * sizeof *m);
        UR_ASSERT_MEMORY(m != NULL, "adding a responder to a pool");
        p->member = m;
        p->cap_member = cap;
    }
    p->member[p->n_member++] = i;
    struct resp_responder *s = &r->staff[i];
    s->at_grid = RESP_NIL; /* at its (new) base */
    s->pool = (uint32_t)(p - r->pools);
    s->level = p->level;
    s->unit = p->unit;
}

static void member_remove(struct resp_pool *p, uint32_t i)
{
    for (uint32_t k = 0; k < p->n_member; k++)
        if (p->member[k] == i) {
            memmove(p->member + k, p->member + k + 1, (p->n_member - k - 1) * sizeof *p->member);
            p->n_member--;
            return;
        }
    UR_ASSERT(!"responder not in its pool");
}

/* Sunk staff of a department that patrols count as patrollers of their
 * community (the pool gives the department, the responder its base). */
static void patrol_count(struct resp *r, uint32_t i, long delta)
{
    const struct resp_responder *s = &r->staff[i];
    const struct resp_pool *p = &r->pools[s->pool];
    if (!dept_at(r, p->dept)->patrols || (s->level != SPACE_GRID && s->level != SPACE_COMMUNITY))
        return;
    uint32_t comm = s->level == SPACE_GRID ? r->grids.community[s->unit] : s->unit;
    r->patrollers[comm] += delta;
}

/* Responder i (free) leaves its pool for s->move_to. */
static void start_move(struct resp *r, uint32_t i)
{
    struct resp_responder *s = &r->staff[i];
    struct resp_pool *from = &r->pools[s->pool];
    if (s->on_duty)
        go_off_duty(r, i);
    patrol_count(r, i, -1);
    member_remove(from, i);
    apply_target(r, from); /* the rest cover its share */
    s->pool = RESP_NIL;
    double d = ur_dist_draw(&r->cfg->sinking.surge.mobilise, r->r_staff);
    ur_sim_after(r->env->sim, d, r->h_joined, i);
}

void resp_on_joined(struct ur_sim *sim, void *model, uint64_t i)
{
    (void)sim;
    struct resp *r = model;
    struct resp_responder *s = &r->staff[i];
    struct resp_pool *p = &r->pools[s->move_to];
    s->move_to = RESP_NIL;
    p->incoming--;
    member_add(r, p, (uint32_t)i);
    patrol_count(r, (uint32_t)i, +1);
    apply_target(r, p);
}

static uint32_t free_members(const struct resp *r, const struct resp_pool *p)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < p->n_member; k++)
        n += is_free(&r->staff[p->member[k]]);
    return n;
}

/* Department d's sunk pool with the most tasks waiting net of those on
 * their way (lowest unit among equals); RESP_NIL if none waits. */
static uint32_t busiest_unit(const struct resp *r, size_t d, long above)
{
    uint32_t best = RESP_NIL;
    long best_q = above - 1;
    for (size_t u = 0; u < r->n_units; u++) {
        const struct resp_pool *p = &r->pools[r->sunk_pool[d] + u];
        long q = (long)p->queued - (long)p->incoming;
        if (q > best_q) {
            best = r->sunk_pool[d] + (uint32_t)u;
            best_q = q;
        }
    }
    return best;
}

/* Department d's sunk pool with the fewest members, those on their way
 * included (lowest unit among equals): where to send staff when nothing
 * waits anywhere. */
static uint32_t thinnest_unit(const struct resp *r, size_t d)
{
    uint32_t best = r->sunk_pool[d];
    for (size_t u = 1; u < r->n_units; u++) {
        const struct resp_pool *p = &r->pools[r->sunk_pool[d] + u], *b = &r->pools[best];
        if (p->n_member + p->incoming < b->n_member + b->incoming)
            best = r->sunk_pool[d] + (uint32_t)u;
    }
    return best;
}

/* Sends free member of pool `from` with the lowest number to `to`. */
static void send_one(struct resp *r, struct resp_pool *from, uint32_t to)
{
    uint32_t pick = RESP_NIL;
    for (uint32_t k = 0; k < from->n_member; k++) {
        uint32_t i = from->member[k];
        if (is_free(&r->staff[i]) && i < pick)
            pick = i;
    }
    UR_ASSERT(pick != RESP_NIL);
    r->staff[pick].move_to = to;
    r->pools[to].incoming++;
    start_move(r, pick);
}

void resp_on_surge(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct resp *r = model;
    const struct resp_sinking *k = &r->cfg->sinking;
    for (size_t d = 0; d < r->n_depts; d++) {
        if (r->sunk_pool[d] == RESP_NIL)
            continue;
        uint32_t to = busiest_unit(r, d, k->surge.above);
        if (to == RESP_NIL)
            continue;
        struct resp_pool *from = NULL;
        uint32_t most = 0;
        for (size_t u = 0; u < r->n_units; u++) {
            struct resp_pool *p = &r->pools[r->sunk_pool[d] + u];
            uint32_t f = free_members(r, p);
            if (p->queued == 0 && f > most) {
                from = p;
                most = f;
            }
        }
        if (from)
            send_one(r, from, to);
    }
    ur_sim_after(sim, k->surge.check_s, r->h_surge, 0);
}

long resp_sink(struct resp *r, size_t d, long count)
{
    if (r->sunk_pool[d] == RESP_NIL)
        return 0;
    long moved = 0;
    size_t n_home = resp_street_teams(r, d) ? r->grids.n_streets : 1;
    while (moved < count) {
        struct resp_pool *from = NULL;
        uint32_t most = 0;
        for (size_t h = 0; h < n_home; h++) {
            struct resp_pool *p = &r->pools[r->home_pool[d] + h];
            uint32_t f = free_members(r, p);
            if (f > most) {
                from = p;
                most = f;
            }
        }
        if (!from)
            break;
        uint32_t to = busiest_unit(r, d, 1);
        send_one(r, from, to != RESP_NIL ? to : thinnest_unit(r, d));
        moved++;
    }
    return moved;
}

/* ---- build ---- */

static uint32_t add_pool(struct resp *r, size_t d, int level, uint32_t unit, bool nearest)
{
    struct resp_pool *p = &r->pools[r->n_pools];
    *p = (struct resp_pool){.dept = (uint16_t)d, .level = (uint8_t)level, .unit = unit,
                            .nearest = nearest};
    for (int s = 0; s < RESP_MAX_SEVERITY; s++)
        p->qhead[s] = p->qtail[s] = RESP_NIL;
    return (uint32_t)r->n_pools++;
}

/* Expected incidents (and visitor-weighted first stops) in each unit. */
static int unit_weights(struct resp *r, double *w)
{
    for (size_t i = 0; i < r->n_sources; i++) {
        if (!r->arrivals[i])
            continue;
        double per_grid = ur_arrivals_expected(r->arrivals[i], 0, r->env->horizon_s) /
                          (double)r->n_source_grids[i];
        for (size_t k = 0; k < r->n_source_grids[i]; k++) {
            int32_t u = r->grid_unit[r->source_grids[i][k]];
            if (u >= 0)
                w[u] += per_grid;
        }
    }
    double vw = r->cfg->sinking.visitor_weight;
    const struct resp_visitor_load *v = r->setup.visitors;
    for (size_t k = 0; vw > 0 && k < r->setup.n_visitors; k++) {
        int32_t u = r->grid_unit[v[k].grid];
        if (u >= 0)
            w[u] += vw * v[k].visitors;
    }
    return 0;
}

/* Largest remainders: n over the units in proportion to w (evenly if all 0). */
static void apportion(const double *w, size_t n_units, long n, long *out)
{
    double total = 0;
    for (size_t u = 0; u < n_units; u++)
        total += w[u];
    long given = 0;
    for (size_t u = 0; u < n_units; u++) {
        double q = total > 0 ? (double)n * w[u] / total : (double)n / (double)n_units;
        out[u] = (long)floor(q);
        given += out[u];
    }
    while (given < n) {
        size_t best = 0;
        double best_r = -1;
        for (size_t u = 0; u < n_units; u++) {
            double q = total > 0 ? (double)n * w[u] / total : (double)n / (double)n_units;
            double rem = q - (double)out[u];
            if (rem > best_r + 1e-12) {
                best = u;
                best_r = rem;
            }
        }
        out[best]++;
        given++;
    }
}

/* Department d's sunk count and part-time share (0 and 1: not listed). */
static long sunk_of(const struct resp *r, size_t d, double *share)
{
    const struct resp_sink_count *k = r->cfg->sinking.staff.items;
    *share = 1.0;
    for (size_t i = 0; i < r->cfg->sinking.staff.n; i++)
        if (strcmp(k[i].department, dept_at(r, d)->name) == 0) {
            *share = k[i].share;
            return k[i].count;
        }
    return 0;
}

/* The shocks' staff shares change when each one reaches and leaves full
 * strength. */
static void schedule_shocks(struct resp *r)
{
    const struct resp_shock *k = r->cfg->shocks.items;
    for (size_t i = 0; i < r->cfg->shocks.n; i++) {
        if (k[i].staff >= 1.0)
            continue;
        double up = k[i].surge.start_s + k[i].surge.ramp_s;
        ur_sim_at(r->env->sim, up, r->h_shock, 0);
        ur_sim_at(r->env->sim, up + k[i].surge.duration_s, r->h_shock, 0);
    }
}

static void add_members(struct resp *r, uint32_t pool, long n, int level, uint32_t unit,
                        uint32_t *next)
{
    for (long j = 0; j < n; j++) {
        uint32_t i = (*next)++;
        r->staff[i] = (struct resp_responder){.task = RESP_NIL, .move_to = RESP_NIL,
                                              .at_grid = RESP_NIL, .base_grid = RESP_NIL};
        member_add(r, &r->pools[pool], i);
        r->staff[i].level = (uint8_t)level; /* its base, also in a department-wide pool */
        r->st.based[(size_t)r->pools[pool].dept * SPACE_LEVELS + (size_t)level] = true;
        r->staff[i].unit = unit;
        patrol_count(r, i, +1);
    }
}

/* An emergency service: one pool whose members are based at the stations
 * (district level, for the accounting), the nearest free one going. */
static void build_stations(struct resp *r, size_t d, uint32_t *next)
{
    const struct resp_department *dep = dept_at(r, d);
    const struct resp_station *st = dep->stations.items;
    size_t n = dep->stations.n;
    r->share[d] = share_at(dep, 0.0);
    r->sunk_pool[d] = RESP_NIL;
    r->all_pool[d] = r->home_pool[d] = add_pool(r, d, SPACE_DISTRICT, 0, true);
    for (size_t k = 0; k < n; k++) {
        long count = st[k].responders > 0
                         ? st[k].responders
                         : dep->responders / (long)n + ((long)k < dep->responders % (long)n);
        uint32_t first = *next;
        add_members(r, r->all_pool[d], count, SPACE_DISTRICT, 0, next);
        uint32_t g = (uint32_t)space_grid_index(r->setup.grid_config, st[k].grid);
        for (uint32_t i = first; i < *next; i++)
            r->staff[i].base_grid = g;
    }
    apply_target(r, &r->pools[r->all_pool[d]]);
    const struct resp_shift *sh = dep->shifts.items;
    for (size_t k = 0; k < dep->shifts.n; k++)
        ur_sim_at(r->env->sim, sh[k].start_s > 0 ? sh[k].start_s : 86400.0, r->h_shift,
                  (uint64_t)d << 16 | k);
}

/* Department d's pools and responders: sunk per unit, the rest at home. */
static void build_department(struct resp *r, size_t d, const long *per_unit,
                             const uint32_t *unit_id, uint32_t *next)
{
    const struct resp_department *dep = dept_at(r, d);
    if (dep->stations.n) {
        build_stations(r, d, next);
        return;
    }
    bool street = resp_street_teams(r, d), sinking = per_unit != NULL;
    size_t n_home = street ? r->grids.n_streets : 1;
    int home_level = street ? SPACE_STREET : SPACE_DISTRICT;
    long sunk = 0;
    for (size_t u = 0; sinking && u < r->n_units; u++)
        sunk += per_unit[u];
    r->share[d] = share_at(dep, 0.0);
    r->sunk_pool[d] = r->all_pool[d] = RESP_NIL;
    size_t first = r->n_pools;
    if (r->nearest) {
        r->all_pool[d] = r->home_pool[d] = add_pool(r, d, SPACE_DISTRICT, 0, true);
    } else {
        r->home_pool[d] = (uint32_t)r->n_pools;
        for (size_t h = 0; h < n_home; h++)
            add_pool(r, d, home_level, (uint32_t)h, false);
        if (sinking) {
            r->sunk_pool[d] = (uint32_t)r->n_pools;
            for (size_t u = 0; u < r->n_units; u++)
                add_pool(r, d, r->sink_level, unit_id[u], false);
        }
    }
    long home = dep->responders - sunk; /* evenly, the first streets one more */
    for (size_t h = 0; h < n_home; h++) {
        long n = home / (long)n_home + ((long)h < home % (long)n_home);
        add_members(r, r->nearest ? r->all_pool[d] : r->home_pool[d] + (uint32_t)h, n,
                    home_level, (uint32_t)h, next);
    }
    for (size_t u = 0; sinking && u < r->n_units; u++)
        add_members(r, r->nearest ? r->all_pool[d] : r->sunk_pool[d] + (uint32_t)u, per_unit[u],
                    r->sink_level, unit_id[u], next);
    for (size_t p = first; p < r->n_pools; p++)
        apply_target(r, &r->pools[p]);
    const struct resp_shift *sh = dep->shifts.items;
    for (size_t k = 0; k < dep->shifts.n; k++)
        ur_sim_at(r->env->sim, sh[k].start_s > 0 ? sh[k].start_s : 86400.0, r->h_shift,
                  (uint64_t)d << 16 | k);
}

int resp_staff_init(struct resp *r)
{
    const struct resp_sinking *sk = &r->cfg->sinking;
    bool grid_level = strcmp(sk->level, "grid") == 0;
    bool sinking = strcmp(sk->policy, "none") != 0 || r->local_first;
    size_t G = r->grids.n_grids;
    r->sink_level = grid_level ? SPACE_GRID : SPACE_COMMUNITY;
    r->n_units = grid_level ? r->grids.n_unit : r->grids.n_communities;
    r->grid_unit = malloc((G ? G : 1) * sizeof *r->grid_unit);
    r->home_pool = calloc(r->n_depts, sizeof *r->home_pool);
    r->sunk_pool = calloc(r->n_depts, sizeof *r->sunk_pool);
    r->all_pool = calloc(r->n_depts, sizeof *r->all_pool);
    r->share = calloc(r->n_depts, sizeof *r->share);
    r->sunk_share = calloc(r->n_depts, sizeof *r->sunk_share);
    r->st.busy_s = calloc(r->n_depts * SPACE_LEVELS, sizeof *r->st.busy_s);
    r->st.duty_s = calloc(r->n_depts * SPACE_LEVELS, sizeof *r->st.duty_s);
    r->st.based = calloc(r->n_depts * SPACE_LEVELS, sizeof *r->st.based);
    double *w = calloc(r->n_units + 1, sizeof *w);
    long *per_unit = calloc(r->n_units + 1, sizeof *per_unit);
    uint32_t *unit_id = calloc(r->n_units + 1, sizeof *unit_id);
    for (size_t d = 0; d < r->n_depts; d++)
        r->n_staff += (size_t)dept_at(r, d)->responders;
    r->staff = calloc(r->n_staff + 1, sizeof *r->staff);
    size_t max_pools = r->n_depts * (r->grids.n_streets + 2 + (sinking ? r->n_units : 0));
    r->pools = calloc(max_pools + 1, sizeof *r->pools);
    int rc = r->grid_unit && r->home_pool && r->sunk_pool && r->all_pool && r->share &&
                     r->sunk_share &&
                     r->st.busy_s && r->st.duty_s && r->st.based && w && per_unit && unit_id &&
                     r->staff && r->pools
                 ? 0
                 : UR_ENOMEM;
    if (rc == 0) {
        for (size_t g = 0, u = 0; g < G; g++) {
            if (grid_level && !r->grids.extended[g])
                unit_id[u] = (uint32_t)g;
            r->grid_unit[g] = grid_level ? (r->grids.extended[g] ? -1 : (int32_t)u++)
                                         : (int32_t)r->grids.community[g];
        }
        for (size_t u = 0; !grid_level && u < r->n_units; u++)
            unit_id[u] = (uint32_t)u;
        unit_weights(r, w);
    }
    uint32_t next = 0;
    for (size_t d = 0; rc == 0 && d < r->n_depts; d++) {
        if (sinking) {
            long n = sunk_of(r, d, &r->sunk_share[d]);
            if (strcmp(sk->policy, "static") == 0)
                for (size_t u = 0; u < r->n_units; u++)
                    per_unit[u] = n;
            else
                apportion(w, r->n_units, n, per_unit);
        }
        build_department(r, d, sinking ? per_unit : NULL, unit_id, &next);
    }
    if (rc == 0 && strcmp(sk->policy, "surge") == 0)
        ur_sim_at(r->env->sim, sk->surge.check_s, r->h_surge, 0);
    if (rc == 0)
        schedule_shocks(r);
    free(w);
    free(per_unit);
    free(unit_id);
    return rc;
}

void resp_staff_free(struct resp *r)
{
    for (size_t p = 0; r->pools && p < r->n_pools; p++)
        free(r->pools[p].member);
    free(r->pools);
    free(r->staff);
    free(r->grid_unit);
    free(r->home_pool);
    free(r->sunk_pool);
    free(r->all_pool);
    free(r->share);
    free(r->sunk_share);
    free(r->st.busy_s);
    free(r->st.duty_s);
    free(r->st.based);
}

/* ---- routing ---- */

/* The pool of department d at `level` for grid g, RESP_NIL if none. */
static uint32_t pool_at(const struct resp *r, size_t d, int level, uint32_t g)
{
    uint32_t comm = r->grids.community[g];
    bool street = resp_street_teams(r, d);
    switch (level) {
    case SPACE_GRID:
    case SPACE_COMMUNITY:
        if (r->sunk_pool[d] == RESP_NIL || level != (int)r->sink_level || r->grid_unit[g] < 0)
            return RESP_NIL;
        return r->sunk_pool[d] + (uint32_t)r->grid_unit[g];
    case SPACE_STREET:
        return street ? r->home_pool[d] + r->grids.street[comm] : RESP_NIL;
    default:
        return street ? RESP_NIL : r->home_pool[d];
    }
}

/* Someone of the pool is on duty (or on the way): it can answer. */
static bool staffed(const struct resp *r, uint32_t p)
{
    return p != RESP_NIL && r->pools[p].on_duty - r->pools[p].leaving + r->pools[p].incoming > 0;
}

/* A staffed pool whose queue is below the governance's overflow limit. */
static bool can_cope(const struct resp *r, uint32_t p)
{
    if (!staffed(r, p))
        return false;
    const struct resp_pool *q = &r->pools[p];
    double limit = r->gov->overflow;
    double answering = (double)(q->on_duty - q->leaving + q->incoming);
    return limit <= 0 || (double)q->queued < limit * answering;
}

/* The department has someone at this pool at all (on duty or not, or on
 * the way): a level without anybody is skipped, no hop. */
static bool manned(const struct resp *r, uint32_t p)
{
    return p != RESP_NIL && r->pools[p].n_member + r->pools[p].incoming > 0;
}

/* Hops from the entry level up to (not including) level `to`: one per
 * level in between where the department has staff. */
static unsigned hops_below(const struct resp *r, size_t d, uint32_t g, int to)
{
    unsigned n = 0;
    for (int l = (int)r->entry; l < to; l++)
        n += manned(r, pool_at(r, d, l, g));
    return n;
}

/* Nobody on duty (or able to cope) at the level that should take it: up
 * to the top and back down: the home team if someone there is on duty,
 * else the case's own unit, else the first pool of the department with
 * someone on duty, else the home team's queue (it waits for the next
 * shift). */
static uint32_t route_fallback(const struct resp *r, size_t d, uint32_t g, uint32_t home)
{
    if (staffed(r, home))
        return home;
    uint32_t own = pool_at(r, d, (int)r->sink_level, g);
    if (staffed(r, own))
        return own;
    for (size_t p = 0; p < r->n_pools; p++)
        if (r->pools[p].dept == d && staffed(r, (uint32_t)p))
            return (uint32_t)p;
    if (home != RESP_NIL && r->pools[home].n_member > 0)
        return home;
    for (size_t p = 0; p < r->n_pools; p++)
        if (r->pools[p].dept == d && r->pools[p].n_member > 0)
            return (uint32_t)p;
    return home != RESP_NIL ? home : r->home_pool[d];
}

uint32_t resp_route(struct resp *r, uint32_t id, unsigned *hops)
{
    const struct resp_task *t = resp_task_of(r, id);
    size_t d = t->dept;
    uint32_t g = r->cases[id / RESP_MAX_NEEDS].grid;
    *hops = 0;
    if (r->nearest || dept_at(r, d)->stations.n)
        return r->all_pool[d];
    bool street = resp_street_teams(r, d);
    uint32_t home = pool_at(r, d, street ? SPACE_STREET : SPACE_DISTRICT, g);
    if (!r->local_first)
        return home;
    /* local_first: from the entry level up, the first level with a
     * responder of the department on duty (or on the way) that handles
     * this severity and whose queue is below the overflow limit; the
     * district takes all. A hop is charged for each level passed that has
     * staff of the department (on duty or not); levels without any are
     * skipped for free. */
    const struct resp_handles *h = &r->gov->handles;
    const long handles[SPACE_LEVELS] = {h->grid, h->community, h->street, RESP_MAX_SEVERITY};
    long sev = severity_of(r, id);
    for (int l = (int)r->entry; l < SPACE_LEVELS; l++) {
        uint32_t p = pool_at(r, d, l, g);
        if (sev <= handles[l] && (l == SPACE_DISTRICT ? staffed(r, p) : can_cope(r, p))) {
            *hops = hops_below(r, d, g, l);
            return p;
        }
    }
    *hops = hops_below(r, d, g, SPACE_DISTRICT);
    return route_fallback(r, d, g, home);
}

/* ---- results ---- */

void resp_staff_warmup_end(struct resp *r, double t_s)
{
    (void)t_s; /* intervals are clipped at r->window_start_s */
    memset(r->st.busy_s, 0, r->n_depts * SPACE_LEVELS * sizeof *r->st.busy_s);
    memset(r->st.duty_s, 0, r->n_depts * SPACE_LEVELS * sizeof *r->st.duty_s);
}

void resp_staff_close(struct resp *r, double t_s)
{
    (void)t_s;
    for (size_t i = 0; i < r->n_staff; i++) {
        struct resp_responder *s = &r->staff[i];
        if (s->pool == RESP_NIL)
            continue;
        if (s->task != RESP_NIL || s->returning) {
            add_time(r, true, s, s->busy_since);
            s->busy_since = now_of(r);
        }
        if (s->on_duty) {
            add_time(r, false, s, s->duty_since);
            s->duty_since = now_of(r);
        }
    }
}

uint64_t resp_queued(const struct resp *r)
{
    uint64_t n = 0;
    for (size_t p = 0; p < r->n_pools; p++)
        n += r->pools[p].queued;
    return n;
}
