/* The YAML keys of an `arrivals:` mapping (include/ursim/arrivals.h) and
 * the checks only the whole mapping can make. */
#include <math.h>
#include <stddef.h>

#include <ursim/arrivals.h>

static const struct ur_field point_fields[] = {
    {.key = "at", .type = UR_T_DURATION, .offset = offsetof(struct ur_arrivals_point, at_s),
     .flags = UR_F_REQUIRED, .max = 86400, .doc = "time of day, from 0h to before 24h"},
    {.key = "weight", .type = UR_T_REAL, .offset = offsetof(struct ur_arrivals_point, weight),
     .flags = UR_F_REQUIRED, .min = 0, .max = 1e9, .doc = "relative rate at that time"},
};
static const struct ur_schema point_schema =
    UR_SCHEMA("point", struct ur_arrivals_point, point_fields, NULL, "one point of the profile");

static const struct ur_field profile_fields[] = {
    {.key = "hourly", .type = UR_T_REAL_LIST,
     .offset = offsetof(struct ur_arrivals_profile, hourly),
     .doc = "24 relative weights, one per hour from midnight, constant within the hour"},
    {.key = "points", .type = UR_T_LIST, .offset = offsetof(struct ur_arrivals_profile, points),
     .sub = &point_schema,
     .doc = "points in increasing time of day; linear in between, and from the last back to "
            "the first the next day"},
};
static const struct ur_schema profile_schema = UR_SCHEMA(
    "profile", struct ur_arrivals_profile, profile_fields, NULL,
    "the shape of a day, scaled so that its mean is 1: give `hourly` or `points`");

static const struct ur_field surge_fields[] = {
    {.key = "start", .type = UR_T_DURATION, .offset = offsetof(struct ur_arrivals_surge, start_s),
     .flags = UR_F_REQUIRED, .doc = "when the rise begins, from the start of the run"},
    {.key = "ramp", .type = UR_T_DURATION, .offset = offsetof(struct ur_arrivals_surge, ramp_s),
     .def = "0s", .doc = "time to rise to the multiplier (and to fall back)"},
    {.key = "duration", .type = UR_T_DURATION,
     .offset = offsetof(struct ur_arrivals_surge, duration_s), .flags = UR_F_REQUIRED,
     .doc = "time at the full multiplier"},
    {.key = "multiplier", .type = UR_T_REAL,
     .offset = offsetof(struct ur_arrivals_surge, multiplier),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN, .min = 0, .max = 1e6,
     .doc = "factor on the rate at the peak (below 1: a dip)"},
};
static const struct ur_schema surge_schema =
    UR_SCHEMA("surge", struct ur_arrivals_surge, surge_fields, NULL,
              "a surge episode; overlapping surges multiply");

static const struct ur_field arrivals_fields[] = {
    {.key = "rate", .type = UR_T_RATE, .offset = offsetof(struct ur_arrivals_config, rate_per_s),
     .given = UR_GIVEN(struct ur_arrivals_config, has_rate), .flags = UR_F_MIN_OPEN,
     .doc = "base rate of arrival events (the mean over a day with multiplier 1), e.g. 36/min"},
    {.key = "total", .type = UR_T_REAL, .offset = offsetof(struct ur_arrivals_config, total),
     .given = UR_GIVEN(struct ur_arrivals_config, has_total), .flags = UR_F_MIN_OPEN,
     .min = 0, .max = 1e12,
     .doc = "instead of rate: expected visitors over the horizon; the rate is scaled to it"},
    {.key = "profile", .type = UR_T_STRUCT,
     .offset = offsetof(struct ur_arrivals_config, profile),
     .given = UR_GIVEN(struct ur_arrivals_config, has_profile), .sub = &profile_schema,
     .doc = "24-hour shape; absent: flat"},
    {.key = "days", .type = UR_T_REAL_LIST, .offset = offsetof(struct ur_arrivals_config, days),
     .doc = "multiplier per day, repeating (7 values: a week); absent: 1"},
    {.key = "surges", .type = UR_T_LIST, .offset = offsetof(struct ur_arrivals_config, surges),
     .sub = &surge_schema, .doc = "surge episodes"},
    {.key = "group_size", .type = UR_T_DIST,
     .offset = offsetof(struct ur_arrivals_config, group_size),
     .given = UR_GIVEN(struct ur_arrivals_config, has_group), .flags = UR_F_UNITLESS,
     .doc = "visitors per arrival (families, coaches): empirical or deterministic, whole "
            "numbers >= 1; absent: 1"},
};

static bool whole_at_least_1(double x)
{
    return x >= 1 && x == floor(x);
}

static void check_weights(const double *w, size_t n, size_t stride, struct ur_check *ck,
                          const char *key, const char *what)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double x = *(const double *)((const char *)w + i * stride);
        if (!(x >= 0)) {
            ur_check_error(ck, key, "%s must be >= 0, got %g", what, x);
            return;
        }
        sum += x;
    }
    if (n > 0 && !(sum > 0))
        ur_check_error(ck, key, "%s must not all be zero", what);
}

static void arrivals_check(const void *obj, struct ur_check *ck)
{
    const struct ur_arrivals_config *c = obj;
    if (c->has_rate == c->has_total)
        ur_check_error(ck, NULL, "give exactly one of `rate:` (e.g. 36/min) and `total:` (the "
                                 "expected visitors over the horizon)");
    if (c->has_profile) {
        const struct ur_arrivals_profile *p = &c->profile;
        bool hourly = p->hourly.n > 0, points = p->points.n > 0;
        if (hourly == points)
            ur_check_error(ck, "profile", "give exactly one of `hourly:` (24 weights) and "
                                          "`points:` ([{at: 10h, weight: 1.5}, ...])");
        else if (hourly && p->hourly.n != 24)
            ur_check_error(ck, "profile.hourly", "hourly needs 24 weights, one per hour, got %zu",
                           p->hourly.n);
        else if (hourly)
            check_weights(p->hourly.v, 24, sizeof(double), ck, "profile.hourly",
                          "hourly weights");
        else {
            const struct ur_arrivals_point *pt = p->points.items;
            for (size_t i = 0; i < p->points.n; i++)
                if (pt[i].at_s >= 86400 || (i > 0 && !(pt[i].at_s > pt[i - 1].at_s))) {
                    ur_check_error(ck, "profile.points", "point %zu: times of day must increase "
                                                         "and stay below 24h", i);
                    break;
                }
            check_weights(&pt[0].weight, p->points.n, sizeof *pt, ck, "profile.points",
                          "weights");
        }
    }
    check_weights(c->days.v, c->days.n, sizeof(double), ck, "days", "day multipliers");
    if (c->has_group) {
        const struct ur_dist *g = &c->group_size;
        bool ok = g->kind == UR_DIST_DETERMINISTIC ? whole_at_least_1(g->p1)
                  : g->kind == UR_DIST_EMPIRICAL;
        for (size_t i = 0; ok && g->kind == UR_DIST_EMPIRICAL && i < g->n; i++)
            ok = whole_at_least_1(g->values[i]);
        if (!ok)
            ur_check_error(ck, "group_size",
                           "group_size must be empirical or deterministic with whole numbers "
                           ">= 1, e.g. {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, "
                           "2, 1]}");
    }
}

const struct ur_schema ur_arrivals_schema =
    UR_SCHEMA("arrivals", struct ur_arrivals_config, arrivals_fields, arrivals_check,
              "a Poisson arrival process: a base rate (or a total), shaped by a daily profile, "
              "day multipliers and surges, with optional group sizes");
