/* The emergency plan's triggers.
 *
 * Every `check` the plan reads each trigger's metric m(t) on the board.
 * Logged values are in the unit the detail shows: counts, per hour,
 * minutes (an infinite wait logs as inf).
 * A trigger is armed at the start. While armed, m >= above continuously for
 * `hold` (from the first check that saw it) fires it: the firing is logged,
 * the trigger disarms, and its actions take effect `delay` later (each
 * logged, with what it changed, as the model that carried it out says). It
 * re-arms at the first check that sees m < reset_below (hysteresis;
 * default: the threshold itself). A metric without data (NaN) counts as
 * below.
 *
 * Events: "plan.check" every check, "plan.action" per firing (arg: the
 * trigger). The log's source is "plan.<trigger name>".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plan.h"

struct trigger_state {
    const struct plan_trigger *cfg;
    const struct board_entry *at; /* the model whose metric it watches */
    const struct board_metric *metric;
    long object;
    const struct board_entry **action_at; /* per action */
    const struct board_action **action;
    double above, reset;
    bool armed;
    double above_since; /* NaN while below */
};

struct plan {
    struct ur_env *env;
    struct board board;
    double check_s;
    size_t n;
    struct trigger_state *t;
    uint16_t h_check, h_action;
};

static double level_value(const struct plan_level *l)
{
    return l->has_count ? l->count : l->has_wait ? l->wait_s : l->rate_per_s;
}

/* A metric value in the unit planners read it in: counts as they are, rates
 * per hour, waits in minutes. */
static double readable(const struct board_metric *m, double v, const char **unit)
{
    switch (m->unit) {
    case BOARD_COUNT:
        *unit = "";
        return v;
    case BOARD_RATE:
        *unit = "/h";
        return v * 3600;
    default:
        *unit = " min";
        return v / 60;
    }
}

/* "shown_wait 109.7 min >= 45.0 min": the metric against a threshold. */
static void describe(const struct trigger_state *t, double m, const char *op, double level,
                     char *buf, size_t size)
{
    const char *unit;
    double v = readable(t->metric, m, &unit), l = readable(t->metric, level, &unit);
    snprintf(buf, size, "%s %.1f%s %s %.1f%s", t->metric->name, v, unit, op, l, unit);
}

static void plan_log(struct plan *p, const struct trigger_state *t, const char *event,
                     const char *detail, double value)
{
    char source[96];
    snprintf(source, sizeof source, "plan.%s", t->cfg->name);
    int rc = ur_rec_log(p->env->rec, ur_sim_now(p->env->sim), source, event, detail, value);
    UR_ASSERT(rc == 0 && "out of memory logging the plan");
}

static double metric_now(const struct trigger_state *t, double now)
{
    return t->metric->value(t->at->model, t->object, now, t->cfg->watch.window_s);
}

static void look(struct plan *p, size_t i, double now)
{
    struct trigger_state *t = &p->t[i];
    double m = metric_now(t, now);
    char detail[160];
    const char *unit;
    if (!t->armed) {
        if (!(m >= t->reset)) {
            t->armed = true;
            describe(t, isnan(m) ? 0 : m, "<", t->reset, detail, sizeof detail);
            plan_log(p, t, "re-armed", detail, readable(t->metric, isnan(m) ? 0 : m, &unit));
        }
        return;
    }
    if (!(m >= t->above)) { /* NaN: below */
        t->above_since = NAN;
        return;
    }
    if (isnan(t->above_since))
        t->above_since = now;
    if (now - t->above_since < t->cfg->hold_s)
        return;
    describe(t, m, ">=", t->above, detail, sizeof detail);
    plan_log(p, t, "fired", detail, readable(t->metric, m, &unit));
    t->armed = false;
    t->above_since = NAN;
    ur_sim_after(p->env->sim, t->cfg->delay_s, p->h_action, i);
}

static void on_check(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct plan *p = model;
    double now = ur_sim_now(sim);
    ur_sim_after(sim, p->check_s, p->h_check, 0);
    for (size_t i = 0; i < p->n; i++)
        look(p, i, now);
}

static void on_action(struct ur_sim *sim, void *model, uint64_t trigger)
{
    (void)sim;
    struct plan *p = model;
    const struct trigger_state *t = &p->t[trigger];
    const struct board_args *a = t->cfg->actions.items;
    for (size_t k = 0; k < t->cfg->actions.n; k++) {
        char detail[160] = "";
        double v = t->action[k]->run(t->action_at[k]->model, &a[k], detail, sizeof detail);
        plan_log(p, t, a[k].kind, detail, v);
    }
}

/* The board entry holding metric or action `name` (the schema check found it). */
static const struct board_entry *entry_of(const struct board *b, const char *name, bool metric,
                                          const void **what)
{
    for (size_t k = 0; k < b->n; k++) {
        const struct board_decl *d = b->entry[k].decl;
        const void *w = metric ? (const void *)board_find_metric(&d, 1, name, NULL)
                               : (const void *)board_find_action(&d, 1, name, NULL);
        if (w) {
            *what = w;
            return &b->entry[k];
        }
    }
    UR_ASSERT(!"a trigger names what no model on the board has");
    return NULL;
}

static int resolve(struct plan *p, struct trigger_state *t, const struct plan_trigger *cfg)
{
    const void *what = NULL;
    *t = (struct trigger_state){.cfg = cfg, .armed = true, .above_since = NAN};
    t->at = entry_of(&p->board, cfg->watch.metric, true, &what);
    t->metric = what;
    const char *object = t->metric->scope == BOARD_TAXI ? cfg->watch.taxi : cfg->watch.site;
    t->object = object ? t->at->decl->find(t->at->model, t->metric->scope, object) : -1;
    t->above = level_value(&cfg->above);
    t->reset = cfg->has_reset ? level_value(&cfg->reset_below) : t->above;
    size_t n = cfg->actions.n;
    t->action_at = calloc(n + 1, sizeof *t->action_at);
    t->action = calloc(n + 1, sizeof *t->action);
    if (!t->action_at || !t->action)
        return UR_ENOMEM;
    const struct board_args *a = cfg->actions.items;
    for (size_t k = 0; k < n; k++) {
        t->action_at[k] = entry_of(&p->board, a[k].kind, false, &what);
        t->action[k] = what;
    }
    return 0;
}

void plan_free(struct plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->t && i < p->n; i++) {
        free(p->t[i].action_at);
        free(p->t[i].action);
    }
    free(p->t);
    free(p);
}

int plan_new(struct ur_env *env, const struct ur_list *triggers, double check_s,
             const struct board *board, struct plan **out)
{
    *out = NULL;
    struct plan *p = calloc(1, sizeof *p);
    if (!p)
        return UR_ENOMEM;
    *p = (struct plan){.env = env, .board = *board, .check_s = check_s, .n = triggers->n};
    p->t = calloc(p->n + 1, sizeof *p->t);
    int rc = p->t ? 0 : UR_ENOMEM;
    const struct plan_trigger *cfg = triggers->items;
    for (size_t i = 0; rc == 0 && i < p->n; i++)
        rc = resolve(p, &p->t[i], &cfg[i]);
    if (rc) {
        plan_free(p);
        return rc;
    }
    p->h_check = ur_sim_handler(env->sim, "city.check", on_check, p);
    p->h_action = ur_sim_handler(env->sim, "city.action", on_action, p);
    if (p->n > 0)
        ur_sim_at(env->sim, check_s, p->h_check, 0);
    *out = p;
    return 0;
}
