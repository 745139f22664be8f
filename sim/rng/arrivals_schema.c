/* The YAML keys of an `arrivals:` mapping (include/ursim/arrivals.h) and
 * the rules only the whole mapping can check.
 *
 *     arrivals:
 *       rate: 36/min                      # or total: 3047900
 *       profile: {hourly: [24 numbers]}   # or points: [{at: 10h, weight: 1.5}, ...]
 *       days: [1.0, 1.3, 0.9]
 *       surges: [{start: 34h, ramp: 1h, duration: 3h, multiplier: 2.5}]
 *       group_size: {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, 2, 1]}
 *
 * The loader already checks each number on its own (rates > 0, durations
 * >= 0, weights and day multipliers >= 0, multipliers > 0). The rules below
 * are applied twice from one table of code: by the schema's check, which
 * reports every broken rule at its key with the values involved, and by
 * ur_arrivals_config_error, which returns the first rule's static text (for
 * configurations built by hand, and for ur_arrivals_new). So the per-number
 * rules are repeated here too: a hand-built config never met the loader.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <ursim/arrivals.h>

/* ---- the rules ---- */

/* Where broken rules go: every one to the check (ck), or the first one's
 * static text to `first` (ck NULL). */
struct report {
    struct ur_check *ck;
    const char *first;
};

/* Rule `rule` is broken at `key` (a dotted path from the arrivals mapping;
 * list items by index). The check's message is the rule followed by the
 * details (printf format, may be ""). */
static void broken(struct report *rep, const char *key, const char *rule, const char *fmt, ...)
    UR_PRINTF(4, 5);
static void broken(struct report *rep, const char *key, const char *rule, const char *fmt, ...)
{
    if (!rep->ck) {
        if (!rep->first)
            rep->first = rule;
        return;
    }
    char details[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(details, sizeof details, fmt, ap);
    va_end(ap);
    ur_check_error(rep->ck, key, "%s%s", rule, details);
}

static void check_nonneg_list(struct report *rep, const struct ur_reals *x, const char *key,
                              const char *rule_neg, const char *rule_zero)
{
    double sum = 0;
    char at[96];
    for (size_t i = 0; i < x->n; i++) {
        if (!(x->v[i] >= 0) || !isfinite(x->v[i])) {
            snprintf(at, sizeof at, "%s.%zu", key, i);
            broken(rep, at, rule_neg, ", got %g (value %zu)", x->v[i], i + 1);
        }
        sum += x->v[i];
    }
    if (x->n > 0 && !(sum > 0))
        broken(rep, key, rule_zero, "%s", "");
}

static void check_hourly(struct report *rep, const struct ur_reals *h)
{
    if (h->n != 24) {
        broken(rep, "profile.hourly", "profile.hourly must have 24 values, one per hour from 0h",
               "; got %zu", h->n);
        return;
    }
    check_nonneg_list(rep, h, "profile.hourly", "profile.hourly values must be >= 0",
                      "profile.hourly values must not all be zero (the profile is a shape; "
                      "scale it with rate or total)");
}

static void check_points(struct report *rep, const struct ur_list *pts)
{
    const struct ur_arrivals_point *p = pts->items;
    char at[96];
    double sum = 0;
    if (pts->n == 0) {
        broken(rep, "profile.points",
               "profile.points needs at least one point, e.g. [{at: 10h, weight: 1.5}]", "%s", "");
        return;
    }
    for (size_t i = 0; i < pts->n; i++) {
        snprintf(at, sizeof at, "profile.points.%zu.at", i);
        if (!(p[i].at_s >= 0 && p[i].at_s < UR_ARRIVALS_DAY_S))
            broken(rep, at,
                   "profile.points: at must be a time of day from 0h to before 24h (the "
                   "profile repeats every day: midnight is 0h)",
                   "; got %gh (point %zu)", p[i].at_s / 3600, i + 1);
        else if (i > 0 && !(p[i].at_s > p[i - 1].at_s))
            broken(rep, at, "profile.points must be in increasing time of day",
                   ": point %zu is at %gh, not after point %zu at %gh", i + 1, p[i].at_s / 3600, i,
                   p[i - 1].at_s / 3600);
        snprintf(at, sizeof at, "profile.points.%zu.weight", i);
        if (!(p[i].weight >= 0) || !isfinite(p[i].weight))
            broken(rep, at, "profile.points: weight must be >= 0", ", got %g (point %zu)",
                   p[i].weight, i + 1);
        sum += p[i].weight;
    }
    if (!(sum > 0))
        broken(rep, "profile.points",
               "profile.points weights must not all be zero (the profile is a shape; scale it "
               "with rate or total)",
               "%s", "");
}

static void check_surges(struct report *rep, const struct ur_list *surges)
{
    const struct ur_arrivals_surge *s = surges->items;
    char at[96];
    for (size_t i = 0; i < surges->n; i++) {
        const struct ur_arrivals_surge *u = &s[i];
        bool times_ok = true;
        static const struct {
            const char *key;
            size_t offset;
        } times[] = {{"start", offsetof(struct ur_arrivals_surge, start_s)},
                     {"ramp", offsetof(struct ur_arrivals_surge, ramp_s)},
                     {"duration", offsetof(struct ur_arrivals_surge, duration_s)}};
        for (size_t k = 0; k < 3; k++) {
            double v = *(const double *)((const char *)u + times[k].offset);
            if (!(v >= 0) || !isfinite(v)) {
                snprintf(at, sizeof at, "surges.%zu.%s", i, times[k].key);
                broken(rep, at, "surges: start, ramp and duration must be finite and >= 0s",
                       "; %s is %gs (surge %zu)", times[k].key, v, i + 1);
                times_ok = false;
            }
        }
        if (times_ok && !(u->ramp_s + u->duration_s > 0)) {
            snprintf(at, sizeof at, "surges.%zu", i);
            broken(rep, at, "surges: a surge must last: give ramp or duration greater than 0s",
                   " (surge %zu)", i + 1);
        }
        if (!(u->multiplier > 0) || !isfinite(u->multiplier)) {
            snprintf(at, sizeof at, "surges.%zu.multiplier", i);
            broken(rep, at, "surges: multiplier must be a number greater than 0 (below 1 is a dip)",
                   ", got %g (surge %zu)", u->multiplier, i + 1);
        }
    }
}

static void check_group(struct report *rep, const struct ur_dist *g)
{
    double lowest = INFINITY;
    switch (g->kind) {
    case UR_DIST_DETERMINISTIC:
        lowest = g->p1;
        break;
    case UR_DIST_UNIFORM:
        lowest = g->p1;
        break;
    case UR_DIST_EMPIRICAL:
        for (size_t i = 0; i < g->n; i++)
            lowest = fmin(lowest, g->values[i]);
        break;
    default:
        broken(rep, "group_size",
               "group_size must be empirical, deterministic or uniform (a group is a whole "
               "number of visitors), e.g. {dist: empirical, values: [1, 2, 3, 4], weights: "
               "[4, 3, 2, 1]}",
               "; got %s", ur_dist_name(g->kind) ? ur_dist_name(g->kind) : "none");
        return;
    }
    if (!(lowest >= 1))
        broken(rep, "group_size",
               "group_size values must be >= 1 (each arrival brings at "
               "least one visitor)",
               "; the smallest is %g", lowest);
}

static void check_config(const struct ur_arrivals_config *c, struct report *rep)
{
    if (c->has_rate == c->has_total)
        broken(rep, NULL,
               "arrivals: give exactly one of rate (e.g. 36/min) and total (the expected "
               "visitors over the horizon)",
               "%s", c->has_rate ? "; both were given" : "");
    if (c->has_rate && !(c->rate_per_s > 0 && isfinite(c->rate_per_s)))
        broken(rep, "rate", "rate must be a rate greater than 0/s", ", got %g/s", c->rate_per_s);
    if (c->has_total && !(c->total > 0 && isfinite(c->total)))
        broken(rep, "total", "total must be a number of visitors greater than 0", ", got %g",
               c->total);
    const struct ur_arrivals_profile *p = &c->profile;
    bool hourly = ur_arrivals_given_hourly(c), points = ur_arrivals_given_points(c);
    if (c->has_profile || hourly || points) {
        if (hourly == points)
            broken(rep, "profile",
                   "profile: give exactly one of hourly (24 values) and points ([{at: 10h, "
                   "weight: 1.5}, ...])",
                   "%s", hourly ? "; both were given" : "");
        else if (hourly)
            check_hourly(rep, &p->hourly);
        else
            check_points(rep, &p->points);
    }
    if (ur_arrivals_given_days(c)) {
        if (c->days.n == 0)
            broken(rep, "days", "days needs at least one multiplier, e.g. [1.0, 1.3, 0.9]", "%s",
                   "");
        check_nonneg_list(rep, &c->days, "days", "days multipliers must be >= 0",
                          "days multipliers must not all be zero");
    }
    check_surges(rep, &c->surges);
    if (c->has_group)
        check_group(rep, &c->group_size);
}

const char *ur_arrivals_config_error(const struct ur_arrivals_config *c)
{
    struct report rep = {.ck = NULL, .first = NULL};
    check_config(c, &rep);
    return rep.first;
}

static void arrivals_check(const void *obj, struct ur_check *ck)
{
    struct report rep = {.ck = ck, .first = NULL};
    check_config(obj, &rep);
}

/* ---- the keys ---- */

static const struct ur_field point_fields[] = {
    {.key = "at",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_arrivals_point, at_s),
     .flags = UR_F_REQUIRED,
     .max = UR_ARRIVALS_DAY_S, /* and below it: the check */
     .doc = "time of day, from 0h to before 24h"},
    {.key = "weight",
     .type = UR_T_REAL,
     .offset = offsetof(struct ur_arrivals_point, weight),
     .flags = UR_F_REQUIRED,
     .min = 0,
     .max = 1e12,
     .doc = "relative rate at that time of day"},
};
static const struct ur_schema point_schema =
    UR_SCHEMA("point", struct ur_arrivals_point, point_fields, NULL, "one point of the profile");

static const struct ur_field profile_fields[] = {
    {.key = "hourly",
     .type = UR_T_REAL_LIST,
     .offset = offsetof(struct ur_arrivals_profile, hourly),
     .given = UR_GIVEN(struct ur_arrivals_profile, has_hourly),
     .min = 0,
     .max = 1e12,
     .doc = "24 relative rates, one per hour from 0h, constant within the hour"},
    {.key = "points",
     .type = UR_T_LIST,
     .offset = offsetof(struct ur_arrivals_profile, points),
     .given = UR_GIVEN(struct ur_arrivals_profile, has_points),
     .sub = &point_schema,
     .doc = "relative rates at increasing times of day, linear in between and from the last "
            "point to the first one a day later"},
};
static const struct ur_schema profile_schema =
    UR_SCHEMA("profile", struct ur_arrivals_profile, profile_fields, NULL,
              "the shape of a day, divided by its mean over 24h (so the mean is 1): give "
              "hourly or points");

static const struct ur_field surge_fields[] = {
    {.key = "start",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_arrivals_surge, start_s),
     .flags = UR_F_REQUIRED,
     .doc = "when the rise begins, from the start of the run (e.g. 34h)"},
    {.key = "ramp",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_arrivals_surge, ramp_s),
     .def = "0s",
     .doc = "time to rise linearly from 1 to the multiplier, and to fall back"},
    {.key = "duration",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_arrivals_surge, duration_s),
     .flags = UR_F_REQUIRED,
     .doc = "time at the full multiplier, between the two ramps"},
    {.key = "multiplier",
     .type = UR_T_REAL,
     .offset = offsetof(struct ur_arrivals_surge, multiplier),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN,
     .min = 0,
     .max = 1e6,
     .doc = "factor on the rate at the peak (below 1: a dip)"},
};
const struct ur_schema ur_arrivals_surge_schema =
    UR_SCHEMA("surge", struct ur_arrivals_surge, surge_fields, NULL,
              "a surge: the rate is multiplied by a factor that ramps up, holds and ramps down; "
              "overlapping surges multiply");

static const struct ur_field arrivals_fields[] = {
    {.key = "rate",
     .type = UR_T_RATE,
     .offset = offsetof(struct ur_arrivals_config, rate_per_s),
     .given = UR_GIVEN(struct ur_arrivals_config, has_rate),
     .flags = UR_F_MIN_OPEN,
     .doc = "base rate of arrival events, e.g. 36/min; alone: a Poisson process at that rate"},
    {.key = "total",
     .type = UR_T_REAL,
     .offset = offsetof(struct ur_arrivals_config, total),
     .given = UR_GIVEN(struct ur_arrivals_config, has_total),
     .flags = UR_F_MIN_OPEN,
     .min = 0,
     .max = 1e12,
     .doc = "instead of rate: expected visitors over the horizon (events x mean group size); "
            "the base rate is scaled to it"},
    {.key = "profile",
     .type = UR_T_STRUCT,
     .offset = offsetof(struct ur_arrivals_config, profile),
     .given = UR_GIVEN(struct ur_arrivals_config, has_profile),
     .sub = &profile_schema,
     .doc = "24-hour shape, repeated every day; absent: flat"},
    {.key = "days",
     .type = UR_T_REAL_LIST,
     .offset = offsetof(struct ur_arrivals_config, days),
     .given = UR_GIVEN(struct ur_arrivals_config, has_days),
     .min = 0,
     .max = 1e6,
     .doc = "multiplier per day; day k uses value k mod n (7 values: a week); absent: 1"},
    {.key = "surges",
     .type = UR_T_LIST,
     .offset = offsetof(struct ur_arrivals_config, surges),
     .sub = &ur_arrivals_surge_schema,
     .doc = "surges and dips at given times; absent: none"},
    {.key = "group_size",
     .type = UR_T_DIST,
     .offset = offsetof(struct ur_arrivals_config, group_size),
     .given = UR_GIVEN(struct ur_arrivals_config, has_group),
     .flags = UR_F_UNITLESS,
     .doc = "visitors per arrival event, rounded, >= 1: empirical, deterministic or uniform; "
            "absent: 1"},
};

const struct ur_schema ur_arrivals_schema =
    UR_SCHEMA("arrivals", struct ur_arrivals_config, arrivals_fields, arrivals_check,
              "a Poisson arrival process: a base rate (or a total), shaped by a daily profile, "
              "day multipliers and surges, with optional group sizes");
