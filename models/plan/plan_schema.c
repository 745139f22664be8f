/* The keys of `plan:`, and the check of every trigger against what the
 * models on the board declare: the metric and its unit, the object it is
 * read at, each action and its arguments. Errors point at the line of the
 * wrong name or value. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "plan.h"

#define F(T, m) offsetof(T, m)

static const struct ur_field watch_fields[] = {
    {.key = "metric", .type = UR_T_STRING, .offset = F(struct plan_watch, metric),
     .flags = UR_F_REQUIRED,
     .doc = "queue_length, shown_wait, wait_p95 (site); complaints_per_hour, "
            "refunds_per_hour (city or site); taxi_wait (taxi); open_incidents (city)"},
    {.key = "site", .type = UR_T_STRING, .offset = F(struct plan_watch, site),
     .doc = "the site watched"},
    {.key = "taxi", .type = UR_T_STRING, .offset = F(struct plan_watch, taxi),
     .doc = "the taxi stand watched (taxi_wait)"},
    {.key = "window", .type = UR_T_DURATION, .offset = F(struct plan_watch, window_s),
     .flags = UR_F_MIN_OPEN, .def = "1h",
     .doc = "rolling window of wait_p95 and of the per-hour rates"},
    {.key = "delay", .type = UR_T_DURATION, .offset = F(struct plan_watch, delay_s),
     .given = UR_GIVEN(struct plan_watch, has_delay), .max = 7 * 86400,
     .doc = "the metric is seen this long after the fact; absent: the response governance's "
            "sensing.delay (0 without a response)"},
    {.key = "noise", .type = UR_T_REAL, .offset = F(struct plan_watch, noise),
     .given = UR_GIVEN(struct plan_watch, has_noise), .min = 0, .max = 2,
     .doc = "coefficient of variation of a multiplicative lognormal error (mean 1) on what is "
            "seen; absent: the governance's sensing.noise (0 without a response)"},
    {.key = "forecast", .type = UR_T_DURATION, .offset = F(struct plan_watch, forecast_s),
     .max = 7 * 86400, .def = "0s",
     .doc = "early warning: fire on the value projected this far ahead by the linear trend "
            "(least squares, GSL) of what was seen over `trend`; 0: on the value seen"},
    {.key = "trend", .type = UR_T_DURATION, .offset = F(struct plan_watch, trend_s),
     .flags = UR_F_MIN_OPEN, .max = 7 * 86400, .def = "30min",
     .doc = "span of past observations the forecast's trend is fitted over"},
};
static const struct ur_schema watch_schema =
    UR_SCHEMA("watch", struct plan_watch, watch_fields, NULL, "what a trigger looks at");

static const struct ur_field level_fields[] = {
    {.key = "count", .type = UR_T_REAL, .offset = F(struct plan_level, count),
     .given = UR_GIVEN(struct plan_level, has_count), .min = 0, .max = 1e12,
     .doc = "for queue_length (visitors) and open_incidents"},
    {.key = "wait", .type = UR_T_DURATION, .offset = F(struct plan_level, wait_s),
     .given = UR_GIVEN(struct plan_level, has_wait),
     .doc = "for shown_wait, wait_p95, taxi_wait"},
    {.key = "rate", .type = UR_T_RATE, .offset = F(struct plan_level, rate_per_s),
     .given = UR_GIVEN(struct plan_level, has_rate),
     .doc = "for complaints_per_hour, refunds_per_hour"},
};
static const struct ur_schema level_schema = UR_SCHEMA(
    "level", struct plan_level, level_fields, NULL,
    "a threshold in the metric's unit: {count: 3000}, {wait: 2h} or {rate: 200/h}");

static const struct ur_field action_fields[] = {
    {.key = "do", .type = UR_T_STRING, .offset = F(struct board_args, kind),
     .flags = UR_F_REQUIRED,
     .doc = "open_windows, close_windows (site, count), extend_hours (site, by), cap_entry "
            "(site, count), refund (site), apology, warm_shelter (site: new arrivals at its "
            "queues wait in the warm, so the cold no longer shortens their patience), "
            "call_volunteers (taxi, count), sink_staff "
            "(department, count: free responders of its home teams move into the grid "
            "units with the most work waiting), joint_command (the response takes its "
            "`joint_command:` governance)"},
    {.key = "site", .type = UR_T_STRING, .offset = F(struct board_args, site),
     .doc = "the site acted on"},
    {.key = "taxi", .type = UR_T_STRING, .offset = F(struct board_args, taxi),
     .doc = "the taxi stand acted on"},
    {.key = "department", .type = UR_T_STRING, .offset = F(struct board_args, department),
     .doc = "sink_staff: the department whose responders move"},
    {.key = "count", .type = UR_T_INT, .offset = F(struct board_args, count),
     .given = UR_GIVEN(struct board_args, has_count), .min = 0, .max = 1e9,
     .doc = "windows, visitors (cap), volunteers or responders"},
    {.key = "by", .type = UR_T_DURATION, .offset = F(struct board_args, by_s),
     .given = UR_GIVEN(struct board_args, has_by), .doc = "extend_hours: how much later"},
};
static const struct ur_schema action_schema =
    UR_SCHEMA("action", struct board_args, action_fields, NULL, "what a trigger does");

static const struct ur_field trigger_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct plan_trigger, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name, as in /plan_log"},
    {.key = "watch", .type = UR_T_STRUCT, .offset = F(struct plan_trigger, watch),
     .flags = UR_F_REQUIRED, .sub = &watch_schema, .doc = "the metric"},
    {.key = "above", .type = UR_T_STRUCT, .offset = F(struct plan_trigger, above),
     .flags = UR_F_REQUIRED, .sub = &level_schema,
     .doc = "threshold, e.g. {count: 3000} or {wait: 2h}"},
    {.key = "hold", .type = UR_T_DURATION, .offset = F(struct plan_trigger, hold_s),
     .def = "0s", .doc = "the metric must stay at or above the threshold this long"},
    {.key = "reset_below", .type = UR_T_STRUCT, .offset = F(struct plan_trigger, reset_below),
     .given = UR_GIVEN(struct plan_trigger, has_reset), .sub = &level_schema,
     .doc = "the trigger re-arms once the metric falls below this (hysteresis); absent: the "
            "threshold itself"},
    {.key = "delay", .type = UR_T_DURATION, .offset = F(struct plan_trigger, delay_s),
     .def = "0s", .doc = "decision delay: the actions take effect this long after firing"},
    {.key = "actions", .type = UR_T_LIST, .offset = F(struct plan_trigger, actions),
     .flags = UR_F_REQUIRED, .sub = &action_schema, .doc = "what happens"},
};
const struct ur_schema plan_trigger_schema =
    UR_SCHEMA("trigger", struct plan_trigger, trigger_fields, NULL,
              "one trigger of the emergency plan");

/* ---- checks ---- */

struct views {
    const struct board_view *v;
    size_t n;
    const struct board_decl *decl[BOARD_MAX];
};

static void check_level(const struct plan_level *l, enum board_unit unit, struct ur_check *ck,
                        const char *key, const char *metric)
{
    int given = l->has_count + l->has_wait + l->has_rate;
    bool ok = given == 1 && ((unit == BOARD_COUNT && l->has_count) ||
                             (unit == BOARD_WAIT && l->has_wait) ||
                             (unit == BOARD_RATE && l->has_rate));
    static const char *const as[] = {"a count", "a wait", "a rate"};
    static const char *const write[] = {"{count: 3000}", "{wait: 2h}", "{rate: 200/h}"};
    if (!ok)
        ur_check_error(ck, key, "%s is measured as %s: write %s", metric, as[unit], write[unit]);
}

static void check_watch(const struct views *vs, const struct plan_trigger *t, size_t i,
                        struct ur_check *ck)
{
    char key[160], names[512];
    size_t at = 0;
    const struct board_metric *m = board_find_metric(vs->decl, vs->n, t->watch.metric, &at);
    if (!m) {
        snprintf(key, sizeof key, "plan.%zu.watch.metric", i);
        board_metric_names(vs->decl, vs->n, names, sizeof names);
        ur_check_error(ck, key, "unknown metric '%s'; the metrics are %s", t->watch.metric,
                       names);
        return;
    }
    const struct board_view *v = &vs->v[at];
    snprintf(key, sizeof key, "plan.%zu.watch", i);
    if (!v->cfg)
        ur_check_error(ck, key, "%s needs %s", m->name, v->decl->absent);
    else if (m->scope == BOARD_SITE || m->scope == BOARD_TAXI)
        v->decl->need(v->cfg, m->scope, ck, key,
                      m->scope == BOARD_SITE ? t->watch.site : t->watch.taxi);
    else if (m->scope == BOARD_CITY_OR_SITE && t->watch.site)
        v->decl->need(v->cfg, BOARD_SITE, ck, key, t->watch.site);
    snprintf(key, sizeof key, "plan.%zu.above", i);
    check_level(&t->above, m->unit, ck, key, m->name);
    if (t->has_reset) {
        snprintf(key, sizeof key, "plan.%zu.reset_below", i);
        check_level(&t->reset_below, m->unit, ck, key, m->name);
    }
}

static void check_action(const struct views *vs, const struct board_args *a, struct ur_check *ck,
                         const char *base)
{
    char key[200], names[512];
    size_t at = 0;
    const struct board_action *act = board_find_action(vs->decl, vs->n, a->kind, &at);
    if (!act) {
        snprintf(key, sizeof key, "%s.do", base);
        board_action_names(vs->decl, vs->n, names, sizeof names);
        ur_check_error(ck, key, "unknown action '%s'; the actions are %s", a->kind, names);
        return;
    }
    const struct board_view *v = &vs->v[at];
    if (v->cfg && (act->needs & BOARD_NEEDS_SITE)) {
        snprintf(key, sizeof key, "%s%s", base, a->site ? ".site" : "");
        v->decl->need(v->cfg, BOARD_SITE, ck, key, a->site);
    }
    if (v->cfg && (act->needs & BOARD_NEEDS_TAXI)) {
        snprintf(key, sizeof key, "%s%s", base, a->taxi ? ".taxi" : "");
        v->decl->need(v->cfg, BOARD_TAXI, ck, key, a->taxi);
    }
    if (act->check)
        act->check(v->cfg, a, ck, base);
    else if (!v->cfg)
        ur_check_error(ck, base, "%s needs %s", a->kind, v->decl->absent);
    if ((act->needs & BOARD_NEEDS_COUNT) && !a->has_count)
        ur_check_error(ck, base, "%s needs `count:`", a->kind);
    if ((act->needs & BOARD_NEEDS_BY) && !a->has_by)
        ur_check_error(ck, base, "%s needs `by:`, e.g. `by: 2h`", a->kind);
}

void plan_check(const struct ur_list *plan, const struct board_view *views, size_t n_views,
                struct ur_check *ck)
{
    struct views vs = {.v = views, .n = n_views < BOARD_MAX ? n_views : BOARD_MAX};
    for (size_t k = 0; k < vs.n; k++)
        vs.decl[k] = views[k].decl;
    const struct plan_trigger *t = plan->items;
    char key[160];
    for (size_t i = 0; i < plan->n; i++) {
        check_watch(&vs, &t[i], i, ck);
        const struct board_args *a = t[i].actions.items;
        for (size_t j = 0; j < t[i].actions.n; j++) {
            snprintf(key, sizeof key, "plan.%zu.actions.%zu", i, j);
            check_action(&vs, &a[j], ck, key);
        }
    }
}

double plan_max_window(const struct ur_list *plan)
{
    double w = 0;
    const struct plan_trigger *t = plan->items;
    for (size_t i = 0; i < plan->n; i++)
        w = fmax(w, t[i].watch.window_s);
    return w;
}
