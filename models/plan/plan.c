/* The emergency plan's triggers.
 *
 * Every `check` the plan reads each trigger's metric on the board and
 * keeps what it saw (times a lognormal error of mean 1 and the sensing's
 * coefficient of variation, drawn on the trigger's own stream). What the
 * trigger compares, m(t), is what was seen at the last check at least
 * `delay` before t (NaN before any: below), and with `forecast` the value
 * projected forecast after t by the least-squares line (GSL's
 * gsl_fit_linear) through what was seen over the `trend` before that
 * observation (with fewer than two finite points, the observation itself).
 * delay and noise come from the trigger's watch, else from the first model
 * on the board that says how the city senses (the response's governance in
 * force: a siloed city learns late, a unified centre in minutes), else 0.
 * What each trigger saw at the last check is the series plan/<name>/seen.
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
 * trigger). The log's source is "plan.<trigger name>". Random streams:
 * "plan.<trigger name>.noise".
 */
#include <gsl/gsl_fit.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* what was seen at each check, oldest first: [head, head + n) */
    double *seen_t, *seen_v;
    size_t head, n, cap;
    double last_seen;     /* m(t) at the last check, for the series */
    gsl_rng *r_noise;     /* NULL without noise */
    int series;
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

static void sensing_of(const struct plan *p, const struct trigger_state *t, double *delay,
                       double *noise);

/* "shown_wait 109.7 min >= 45.0 min": the metric against a threshold; with
 * "(seen 30 min late)" or "(forecast +60 min)" when it was. */
static void describe(const struct plan *p, const struct trigger_state *t, double m,
                     const char *op, double level, char *buf, size_t size)
{
    const char *unit;
    double v = readable(t->metric, m, &unit), l = readable(t->metric, level, &unit);
    double delay, noise;
    sensing_of(p, t, &delay, &noise);
    char how[64] = "";
    if (t->cfg->watch.forecast_s > 0)
        snprintf(how, sizeof how, " (forecast +%.0f min)", t->cfg->watch.forecast_s / 60);
    else if (delay > 0)
        snprintf(how, sizeof how, " (seen %.0f min late)", delay / 60);
    snprintf(buf, size, "%s%s %.1f%s %s %.1f%s", t->metric->name, how, v, unit, op, l, unit);
}

static void plan_log(struct plan *p, const struct trigger_state *t, const char *event,
                     const char *detail, double value)
{
    char source[96];
    snprintf(source, sizeof source, "plan.%s", t->cfg->name);
    int rc = ur_rec_log(p->env->rec, ur_sim_now(p->env->sim), source, event, detail, value);
    UR_ASSERT_MEMORY(rc == 0, "logging the plan");
}

/* The trigger's delay and noise: its own, else the board's sensing. */
static void sensing_of(const struct plan *p, const struct trigger_state *t, double *delay,
                       double *noise)
{
    double d = 0, e = 0;
    for (size_t k = 0; k < p->board.n; k++)
        if (p->board.entry[k].decl->sensing) {
            p->board.entry[k].decl->sensing(p->board.entry[k].model, &d, &e);
            break;
        }
    const struct plan_watch *w = &t->cfg->watch;
    *delay = w->has_delay ? w->delay_s : d;
    *noise = w->has_noise ? w->noise : e;
}

/* Keeps what was seen now; drops what no delay and trend still need. */
static void remember(struct trigger_state *t, double now, double v, double keep_s)
{
    while (t->n > 1 && t->seen_t[t->head + 1] <= now - keep_s) {
        t->head++;
        t->n--;
    }
    if (t->head + t->n == t->cap) {
        if (t->head > 0) {
            memmove(t->seen_t, t->seen_t + t->head, t->n * sizeof *t->seen_t);
            memmove(t->seen_v, t->seen_v + t->head, t->n * sizeof *t->seen_v);
            t->head = 0;
        } else {
            size_t cap = t->cap ? 2 * t->cap : 64;
            double *a = realloc(t->seen_t, cap * sizeof *a);
            UR_ASSERT_MEMORY(a, "keeping what the plan saw");
            t->seen_t = a;
            double *b = realloc(t->seen_v, cap * sizeof *b);
            UR_ASSERT_MEMORY(b, "keeping what the plan saw");
            t->seen_v = b;
            t->cap = cap;
        }
    }
    t->seen_t[t->head + t->n] = now;
    t->seen_v[t->head + t->n] = v;
    t->n++;
}

/* Index of the last observation at or before t_s, or SIZE_MAX. */
static size_t seen_at(const struct trigger_state *t, double t_s)
{
    size_t k = t->head + t->n;
    while (k > t->head && t->seen_t[k - 1] > t_s)
        k--;
    return k > t->head ? k - 1 : SIZE_MAX;
}

/* The value the trend through [seen_t[k] - trend, seen_t[k]] gives at at_s. */
static double projected(const struct trigger_state *t, size_t k, double at_s)
{
    double *x = malloc((k - t->head + 1) * 2 * sizeof *x), *y = x + (k - t->head + 1);
    UR_ASSERT_MEMORY(x, "fitting a trend");
    size_t n = 0;
    for (size_t j = k + 1; j-- > t->head;) {
        if (t->seen_t[j] < t->seen_t[k] - t->cfg->watch.trend_s)
            break;
        if (isfinite(t->seen_v[j])) {
            x[n] = t->seen_t[j] - t->seen_t[k];
            y[n++] = t->seen_v[j];
        }
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    bool fit = n >= 2 && isfinite(t->seen_v[k]) &&
               gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) == 0;
    free(x);
    return fit ? c0 + c1 * (at_s - t->seen_t[k]) : t->seen_v[k];
}

/* m(t): what the trigger compares now (see the header). */
static double metric_now(struct plan *p, struct trigger_state *t, double now)
{
    double delay, noise;
    sensing_of(p, t, &delay, &noise);
    double v = t->metric->value(t->at->model, t->object, now, t->cfg->watch.window_s);
    if (t->r_noise) { /* drawn at every check, whatever the noise now: stream aligned */
        double sigma = sqrt(log1p(noise * noise));
        double e = gsl_ran_lognormal(t->r_noise, -0.5 * sigma * sigma, sigma);
        v *= noise > 0 ? e : 1.0;
    }
    const struct plan_watch *w = &t->cfg->watch;
    remember(t, now, v, delay + w->trend_s + p->check_s);
    size_t k = seen_at(t, now - delay);
    if (k == SIZE_MAX)
        return NAN;
    return w->forecast_s > 0 ? projected(t, k, now + w->forecast_s) : t->seen_v[k];
}

static void put_seen(void *model, double t_s, double dt_s, struct ur_rec *rec)
{
    (void)t_s, (void)dt_s;
    struct plan *p = model;
    for (size_t i = 0; i < p->n; i++)
        ur_rec_put(rec, p->t[i].series, p->t[i].last_seen);
}

static void look(struct plan *p, size_t i, double now)
{
    struct trigger_state *t = &p->t[i];
    double m = metric_now(p, t, now);
    t->last_seen = m;
    char detail[160];
    const char *unit;
    if (!t->armed) {
        if (!(m >= t->reset)) {
            t->armed = true;
            describe(p, t, isnan(m) ? 0 : m, "<", t->reset, detail, sizeof detail);
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
    describe(p, t, m, ">=", t->above, detail, sizeof detail);
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

static bool has_sensing(const struct board *b)
{
    for (size_t k = 0; k < b->n; k++)
        if (b->entry[k].decl->sensing)
            return true;
    return false;
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
    t->last_seen = NAN;
    char name[160];
    snprintf(name, sizeof name, "plan/%s/seen", cfg->name);
    t->series = ur_rec_series(p->env->rec, name, "metric",
                              "what the trigger compared at its last check (after delay, noise "
                              "and forecast), in the metric's own unit (s, per s, count)");
    if (t->series < 0)
        return t->series;
    bool may_be_noisy = cfg->watch.has_noise ? cfg->watch.noise > 0 : has_sensing(&p->board);
    if (may_be_noisy) {
        snprintf(name, sizeof name, "plan.%s.noise", cfg->name);
        t->r_noise = ur_rng_stream(p->env->rng, name);
    }
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
        free(p->t[i].seen_t);
        free(p->t[i].seen_v);
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
        rc = ur_rec_on_sample(env->rec, put_seen, p);
    if (rc) {
        plan_free(p);
        return rc;
    }
    if (p->n > 0)
        ur_sim_at(env->sim, check_s, p->h_check, 0);
    *out = p;
    return 0;
}
