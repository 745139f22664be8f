/* Values back to text for messages and the reference, and the ranges fields
 * are checked against. A value is shown in the largest unit that keeps it
 * round (5400 s -> "1.5h", 259.2 ms stays "259.2ms"), as a planner would
 * write it. Fields whose min and max are both 0 get their type's sane bounds;
 * a field with only min > 0 gets the type's upper bound. */
#include <math.h>
#include <stdio.h>

#include "input.h"

#define YEAR_S (365.0 * 86400.0)

struct shown_unit {
    const char *name;
    double s;
};
/* Largest first; weeks are left out: "14d" reads better than "2w". */
static const struct shown_unit units[] = {
    {"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}, {"s", 1.0}, {"ms", 1e-3},
};
#define N_UNITS (sizeof units / sizeof units[0])
#define SECONDS (&units[3])

/* x is "round" when written with at most two decimals. */
static bool is_round(double x)
{
    double c = x * 100.0;
    return fabs(c - nearbyint(c)) <= 1e-9 * fabs(c);
}

static void format_duration(char *buf, size_t size, double s)
{
    const struct shown_unit *best = NULL;
    for (size_t i = 0; i < N_UNITS && !best; i++)
        if (fabs(s / units[i].s) >= 1.0 && is_round(s / units[i].s))
            best = &units[i];
    for (size_t i = 0; i < N_UNITS && !best; i++)
        if (fabs(s / units[i].s) >= 1.0)
            best = &units[i];
    if (!best)
        best = SECONDS; /* below 1ms, or 0 */
    snprintf(buf, size, "%.6g%s", s / best->s, best->name);
}

static void format_rate(char *buf, size_t size, double per_s)
{
    static const size_t order[] = {3, 2, 1, 0}; /* per s, min, h, d */
    for (size_t k = 0; k < 4; k++) {
        const struct shown_unit *u = &units[order[k]];
        double x = per_s * u->s;
        if (!isfinite(x))
            break; /* beyond 1.8e308 per day: shown per second (found by fuzz_units) */
        if (fabs(x) >= 1.0 && (is_round(x) || k == 3)) {
            snprintf(buf, size, "%.6g/%s", x, u->name);
            return;
        }
    }
    snprintf(buf, size, "%.6g/s", per_s);
}

void in_format(char *buf, size_t size, enum ur_type type, double v)
{
    if (type == UR_T_DURATION)
        format_duration(buf, size, v);
    else if (type == UR_T_RATE)
        format_rate(buf, size, v);
    else if (type == UR_T_INT)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.6g", v);
}

void in_bounds(const struct ur_field *f, double *lo, double *hi)
{
    double type_lo = 0, type_hi = 0;
    switch (f->type) {
    case UR_T_DURATION:
        type_hi = 100 * YEAR_S;
        break;
    case UR_T_RATE:
        type_hi = 1e6;
        break;
    case UR_T_INT:
        type_lo = -1e9, type_hi = 1e9;
        break;
    default:
        type_lo = -1e12, type_hi = 1e12;
        break;
    }
    *lo = f->min;
    *hi = f->max;
    if (f->min == 0 && f->max == 0) {
        *lo = type_lo;
        *hi = type_hi;
    } else if (f->max == 0 && f->min > 0) {
        *hi = type_hi; /* only a lower bound was given */
    }
}

void in_range_text(char *buf, size_t size, const struct ur_field *f)
{
    double lo, hi;
    char a[48], b[48];
    in_bounds(f, &lo, &hi);
    in_format(a, sizeof a, f->type, lo);
    in_format(b, sizeof b, f->type, hi);
    if (f->flags & UR_F_MIN_OPEN)
        snprintf(buf, size, "greater than %s and at most %s", a, b);
    else
        snprintf(buf, size, "from %s to %s", a, b);
}

void in_describe_range(char *buf, size_t size, const struct ur_field *f)
{
    char range[128];
    in_range_text(range, sizeof range, f);
    const char *what = f->type == UR_T_INT        ? "an integer"
                       : f->type == UR_T_DURATION ? "a duration"
                       : f->type == UR_T_RATE     ? "a rate"
                                                  : "a number";
    snprintf(buf, size, "%s %s", what, range);
}

bool in_check_range(struct in_ctx *ctx, const struct in_node *n, const struct ur_field *f, double v)
{
    double lo, hi;
    in_bounds(f, &lo, &hi);
    bool low = (f->flags & UR_F_MIN_OPEN) ? v <= lo : v < lo;
    if (!low && v <= hi)
        return true;
    char range[160];
    in_describe_range(range, sizeof range, f);
    in_error(ctx, n->at, "%s must be %s, got %s", f->key, range, n->text);
    return false;
}
