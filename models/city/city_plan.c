/* The emergency plan: triggers that watch a metric and fire actions after a
 * decision delay; and the volunteer drivers of taxi stands.
 *
 * Every `check` the plan reads each trigger's metric m(t):
 *   queue_length      visitors waiting at the site: ticket queue + gate
 *   shown_wait        the wait shown at the ticket queue's entrance
 *                     ((waiting + 1) x mean service / windows up; infinite
 *                     with none up, e.g. during an outage)
 *   wait_p95          95th percentile (GSL) of the ticket-queue waits of the
 *                     visitors served in the last `window`
 *   complaints_per_hour, refunds_per_hour
 *                     events in the last `window`, per hour (city-wide, or
 *                     of one site when `site:` is given)
 *   taxi_wait         the wait shown at a taxi stand
 *   open_incidents    cases of the city's `response:` created and not closed
 * Logged values are in the unit the detail shows: counts, per hour, minutes
 * (an infinite shown wait, with no window up, logs as inf).
 * A trigger is armed at the start. While armed, m >= above continuously for
 * `hold` (from the first check that saw it) fires it: the firing is logged,
 * the trigger disarms, and its actions take effect `delay` later (logged
 * again, with what they changed). It re-arms at the first check that sees
 * m < reset_below (hysteresis; default: the threshold itself). A metric
 * without data (no waits in the window) counts as below.
 *
 * Actions: open_windows takes staff from the city's reserve_staff (never
 * more than the reserve, nor beyond the ticket queue's max_servers);
 * close_windows gives them back (a window closes once its visitor is
 * served); extend_hours moves the site's closing time later from then on;
 * cap_entry sets the daily reservation cap (sales already made stand);
 * refund refunds every ticket holder waiting at the site's gate, who
 * leaves; apology multiplies every complaint probability by
 * apology_factor from then on; call_volunteers raises a stand's volunteer
 * ceiling; sink_staff sends up to `count` free responders of a department's
 * home teams into the grid units with the most work waiting, arriving after
 * the sinking policy's mobilise delay (response_staff.c; logged with how
 * many were free to go); joint_command puts the response under its
 * `joint_command:` governance for every work order dispatched from then on
 * (cases already dispatched keep their course).
 *
 * Volunteers: every volunteers.check, a stand whose shown wait is at least
 * join_above gains one volunteer (up to its ceiling and the stand's
 * max_servers); one whose shown wait is below leave_below loses one.
 * Volunteers are the servers beyond the stand's regular drivers, so the
 * trips they drive are counted by server number.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "city_internal.h"

enum metric {
    M_QUEUE_LENGTH,
    M_SHOWN_WAIT,
    M_WAIT_P95,
    M_COMPLAINTS_PER_HOUR,
    M_REFUNDS_PER_HOUR,
    M_TAXI_WAIT,
    M_OPEN_INCIDENTS,
    M_N
};
static const char *const metric_names[M_N] = {"queue_length",        "shown_wait",
                                              "wait_p95",            "complaints_per_hour",
                                              "refunds_per_hour",    "taxi_wait",
                                              "open_incidents"};

int city_site_index(const struct city *c, const char *name)
{
    for (size_t i = 0; name && i < c->n_sites; i++)
        if (strcmp(c->sites[i].cfg->name, name) == 0)
            return (int)i;
    return -1;
}

int city_taxi_index(const struct city *c, const char *name)
{
    const struct city_taxi *t = c->cfg->taxis.items;
    for (size_t i = 0; name && i < c->n_taxis; i++)
        if (strcmp(t[i].name, name) == 0)
            return (int)i;
    return -1;
}

static double level_value(const struct city_level *l)
{
    return l->has_count ? l->count : l->has_wait ? l->wait_s : l->rate_per_s;
}

int city_plan_init(struct city *c)
{
    c->n_triggers = c->cfg->plan.n;
    c->triggers = calloc(c->n_triggers + 1, sizeof *c->triggers);
    if (!c->triggers)
        return UR_ENOMEM;
    const struct city_trigger *cfg = c->cfg->plan.items;
    for (size_t i = 0; i < c->n_triggers; i++) {
        struct city_trigger_state *t = &c->triggers[i];
        *t = (struct city_trigger_state){.cfg = &cfg[i], .armed = true, .above_since = NAN};
        t->metric = 0;
        while (t->metric < M_N && strcmp(metric_names[t->metric], cfg[i].watch.metric) != 0)
            t->metric++;
        UR_ASSERT(t->metric < M_N); /* the schema check knows the same names */
        t->site = city_site_index(c, cfg[i].watch.site);
        t->taxi = city_taxi_index(c, cfg[i].watch.taxi);
        t->above = level_value(&cfg[i].above);
        t->reset = cfg[i].has_reset ? level_value(&cfg[i].reset_below) : t->above;
    }
    struct ur_sim *sim = c->env->sim;
    c->h_check = ur_sim_handler(sim, "city.check", city_on_check, c);
    c->h_action = ur_sim_handler(sim, "city.action", city_on_action, c);
    if (c->n_triggers > 0 || c->cfg->has_trending)
        ur_sim_at(sim, c->cfg->check_s, c->h_check, 0);
    for (size_t i = 0; i < c->n_taxis; i++) {
        struct city_taxi_state *t = &c->taxis[i];
        if (!t->cfg->has_volunteers)
            continue;
        t->h_check = ur_sim_handler(sim, "city.taxi_check", city_on_taxi_check, t);
        ur_sim_at(sim, t->cfg->volunteers.check_s, t->h_check, 0);
    }
    return 0;
}

static double metric_value(struct city *c, const struct city_trigger_state *t, double now)
{
    struct city_site_state *s = t->site >= 0 ? &c->sites[t->site] : NULL;
    double window = t->cfg->watch.window_s;
    switch ((enum metric)t->metric) {
    case M_QUEUE_LENGTH:
        return (double)((s->ticket ? station_waiting(s->ticket) : 0) +
                        (s->venue ? station_waiting(s->venue) : 0));
    case M_SHOWN_WAIT:
        return s->ticket ? station_shown_wait(s->ticket) : 0;
    case M_WAIT_P95:
        return city_recent_quantile(&s->waits, now, window, 0.95);
    case M_COMPLAINTS_PER_HOUR:
        return (double)city_recent_count(s ? &s->complaints : &c->complaints, now, window) /
               window;
    case M_REFUNDS_PER_HOUR:
        return (double)city_recent_count(s ? &s->refunds : &c->refunds, now, window) / window;
    case M_TAXI_WAIT:
        return station_shown_wait(c->taxis[t->taxi].stand);
    case M_OPEN_INCIDENTS:
        return (double)resp_open_cases(c->response);
    case M_N:
        break;
    }
    return NAN;
}

/* A metric value in the unit planners read it in: counts as they are, rates
 * per hour, waits in minutes. */
static double readable(const struct city_trigger_state *t, double m, const char **unit)
{
    switch ((enum metric)t->metric) {
    case M_QUEUE_LENGTH:
    case M_OPEN_INCIDENTS:
        *unit = "";
        return m;
    case M_COMPLAINTS_PER_HOUR:
    case M_REFUNDS_PER_HOUR:
        *unit = "/h";
        return m * 3600;
    default:
        *unit = " min";
        return m / 60;
    }
}

/* "shown_wait 109.7 min >= 45.0 min": the metric against a threshold. */
static void describe(const struct city_trigger_state *t, double m, const char *op,
                     double level, char *buf, size_t size)
{
    const char *unit;
    double v = readable(t, m, &unit), l = readable(t, level, &unit);
    snprintf(buf, size, "%s %.1f%s %s %.1f%s", metric_names[t->metric], v, unit, op, l, unit);
}

static void plan_log(struct city *c, const struct city_trigger_state *t, const char *event,
                     const char *detail, double value)
{
    char source[96];
    snprintf(source, sizeof source, "plan.%s", t->cfg->name);
    int rc = ur_rec_log(c->env->rec, ur_sim_now(c->env->sim), source, event, detail, value);
    UR_ASSERT(rc == 0 && "out of memory logging the plan");
}

void city_on_check(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct city *c = model;
    double now = ur_sim_now(sim);
    ur_sim_after(sim, c->cfg->check_s, c->h_check, 0);
    city_trending_update(c, now);
    for (size_t i = 0; i < c->n_triggers; i++) {
        struct city_trigger_state *t = &c->triggers[i];
        double m = metric_value(c, t, now);
        bool high = m >= t->above; /* NaN: false */
        if (!t->armed) {
            if (!(m >= t->reset)) {
                char detail[160];
                const char *unit;
                t->armed = true;
                describe(t, isnan(m) ? 0 : m, "<", t->reset, detail, sizeof detail);
                plan_log(c, t, "re-armed", detail, readable(t, isnan(m) ? 0 : m, &unit));
            }
            continue;
        }
        if (!high) {
            t->above_since = NAN;
            continue;
        }
        if (isnan(t->above_since))
            t->above_since = now;
        if (now - t->above_since < t->cfg->hold_s)
            continue;
        char detail[160];
        const char *unit;
        describe(t, m, ">=", t->above, detail, sizeof detail);
        plan_log(c, t, "fired", detail, readable(t, m, &unit));
        t->armed = false;
        t->above_since = NAN;
        t->fired++;
        ur_sim_after(sim, t->cfg->delay_s, c->h_action, i);
    }
}

static void open_windows(struct city *c, const struct city_trigger_state *t,
                         const struct city_action *a, int sign)
{
    struct city_site_state *s = &c->sites[city_site_index(c, a->site)];
    char detail[160];
    if (!s->ticket) {
        plan_log(c, t, a->kind, "no ticket queue here: nothing to do", 0);
        return;
    }
    uint32_t open = station_open(s->ticket), max = station_max_servers(s->ticket), target;
    if (sign > 0) {
        long room = (long)(max - open), n = a->count;
        n = n < room ? n : room;
        n = n < c->reserve_staff ? n : c->reserve_staff;
        target = open + (uint32_t)n;
    } else
        target = open > (uint32_t)a->count ? open - (uint32_t)a->count : 0;
    uint32_t now_open = station_set_open(s->ticket, target);
    c->reserve_staff -= (long)now_open - (long)open;
    snprintf(detail, sizeof detail, "%s windows %u -> %u (reserve staff left %ld)", s->cfg->name,
             open, now_open, c->reserve_staff);
    plan_log(c, t, a->kind, detail, now_open);
}

void city_on_action(struct ur_sim *sim, void *model, uint64_t trigger)
{
    (void)sim;
    struct city *c = model;
    const struct city_trigger_state *t = &c->triggers[trigger];
    const struct city_action *a = t->cfg->actions.items;
    char detail[160];
    for (size_t k = 0; k < t->cfg->actions.n; k++) {
        const char *kind = a[k].kind;
        int si = city_site_index(c, a[k].site);
        struct city_site_state *s = si >= 0 ? &c->sites[si] : NULL;
        if (strcmp(kind, "open_windows") == 0 || strcmp(kind, "close_windows") == 0) {
            open_windows(c, t, &a[k], kind[0] == 'o' ? 1 : -1);
        } else if (strcmp(kind, "extend_hours") == 0) {
            s->extra_hours_s += a[k].by_s;
            snprintf(detail, sizeof detail, "%s closes %.1f h later", s->cfg->name,
                     s->extra_hours_s / 3600);
            plan_log(c, t, kind, detail, s->extra_hours_s);
        } else if (strcmp(kind, "cap_entry") == 0) {
            long before = s->cap;
            s->cap = a[k].count;
            snprintf(detail, sizeof detail, "%s daily cap %ld -> %ld (sold today %ld)",
                     s->cfg->name, before, s->cap, s->sold_today);
            plan_log(c, t, kind, detail, (double)s->cap);
        } else if (strcmp(kind, "refund") == 0) {
            uint64_t n = s->venue ? station_dismiss_waiting(s->venue) : 0;
            snprintf(detail, sizeof detail,
                     "%s: %llu waiting at the gate sent away, refunded where they paid",
                     s->cfg->name, (unsigned long long)n);
            plan_log(c, t, kind, detail, (double)n);
        } else if (strcmp(kind, "apology") == 0) {
            c->apologised = true;
            snprintf(detail, sizeof detail, "complaint chances x %g from now on",
                     c->cfg->complaints.apology_factor);
            plan_log(c, t, kind, detail, c->cfg->complaints.apology_factor);
        } else if (strcmp(kind, "call_volunteers") == 0) {
            struct city_taxi_state *x = &c->taxis[city_taxi_index(c, a[k].taxi)];
            x->volunteers_max += a[k].count;
            snprintf(detail, sizeof detail, "%s: up to %ld volunteers", x->cfg->name,
                     x->volunteers_max);
            plan_log(c, t, kind, detail, (double)x->volunteers_max);
        } else if (strcmp(kind, "sink_staff") == 0) {
            int d = resp_department_index(c->response, a[k].department);
            long moved = resp_sink(c->response, (size_t)d, a[k].count);
            snprintf(detail, sizeof detail, "%s: %ld of %ld asked for sent into grids",
                     a[k].department, moved, a[k].count);
            plan_log(c, t, kind, detail, (double)moved);
        } else if (strcmp(kind, "joint_command") == 0) {
            bool now = resp_joint_command(c->response);
            snprintf(detail, sizeof detail, "%s", now ? "response under joint command (its "
                                                        "governance for new work orders)"
                                                      : "response already under joint command");
            plan_log(c, t, kind, detail, now ? 1.0 : 0.0);
        }
    }
}

void city_on_taxi_check(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct city_taxi_state *t = model;
    const struct city_volunteers *v = &t->cfg->volunteers;
    ur_sim_after(sim, v->check_s, t->h_check, 0);
    double shown = station_shown_wait(t->stand);
    uint32_t open = station_open(t->stand);
    long volunteers = (long)open - (long)t->base;
    if (shown >= v->join_above_s && volunteers < t->volunteers_max &&
        open < station_max_servers(t->stand))
        station_set_open(t->stand, open + 1);
    else if (shown < v->leave_below_s && volunteers > 0)
        station_set_open(t->stand, open - 1);
}
