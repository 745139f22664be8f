/* Non-homogeneous Poisson arrivals: a base rate shaped by a daily profile,
 * per-day multipliers and surges, with optional group sizes.
 *
 *     arrivals:
 *       rate: 36/min                    # or total: 3047900 (visitors over the run)
 *       profile: {hourly: [24 numbers]} # or points: [{at: 10h, weight: 1.5}, ...]
 *       days: [1.0, 1.3, 0.9]           # day k uses days[k mod n]
 *       surges: [{start: 34h, ramp: 1h, duration: 3h, multiplier: 2.5}]
 *       group_size: {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, 2, 1]}
 *
 * Arrival EVENTS come at rate, for t in [0, horizon),
 *     r(t) = base * P(t mod 24h) * days[floor(t / 24h) mod n] * prod_j S_j(t)
 * and are 0 outside it. P is the profile divided by its mean over 24 h (so
 * its mean is 1; absent: 1); S_j is surge j's factor (1 outside the surge,
 * linear ramps up to and down from its multiplier). With `rate:` the base is
 * that rate: `arrivals: {rate: 36/min}` alone is a homogeneous Poisson
 * process. With `total:` the base is chosen so that the expected number of
 * VISITORS over [0, horizon), integral of r times the mean group size, is
 * the total. Each event brings a group of round(draw) >= 1 visitors.
 *
 * The built process is read-only: one struct ur_arrivals may be shared by
 * threads, each drawing from its own gsl_rng. Its memory depends on the
 * configuration (profile pieces, days, surges), not on the horizon.
 * sim/rng/arrivals.c explains the method.
 */
#ifndef URSIM_ARRIVALS_H
#define URSIM_ARRIVALS_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>

#include "rng.h"
#include "schema.h"

#define UR_ARRIVALS_DAY_S 86400.0 /* the profile's period */

/* profile.points: one item. */
struct ur_arrivals_point {
    double at_s;   /* time of day, in [0, 24h) */
    double weight; /* >= 0 */
};

/* surges: one item. The factor rises linearly from 1 at start_s to
 * multiplier at start_s + ramp_s, stays for duration_s, and falls back to 1
 * over another ramp_s. */
struct ur_arrivals_surge {
    double start_s, ramp_s, duration_s;
    double multiplier; /* > 0; < 1 is a dip */
};

struct ur_arrivals_profile {
    struct ur_reals hourly; /* 24 values >= 0, piecewise constant per hour */
    bool has_hourly;
    struct ur_list points; /* of struct ur_arrivals_point: piecewise linear, periodic */
    bool has_points;
};

/* Filled by the loader from ur_arrivals_schema, or by hand (then check it
 * with ur_arrivals_config_error). The has_ flags say which keys were given
 * (the loader sets them). By hand, rate, total and group_size need their
 * flag; hourly, points and days also count as given when they hold values
 * (see the ur_arrivals_given_ functions below). */
struct ur_arrivals_config {
    double rate_per_s; /* base rate, events per second */
    bool has_rate;
    double total; /* expected visitors over the horizon */
    bool has_total;
    struct ur_arrivals_profile profile;
    bool has_profile;
    struct ur_reals days; /* per-day multipliers >= 0, cycled */
    bool has_days;
    struct ur_list surges;     /* of struct ur_arrivals_surge; n = 0: none */
    struct ur_dist group_size; /* unitless; kind UR_DIST_NONE: groups of 1 */
    bool has_group;
};

/* Whether hourly, points and days were given: the loader's flag, or values. */
static inline bool ur_arrivals_given_hourly(const struct ur_arrivals_config *c)
{
    return c->profile.has_hourly || c->profile.hourly.n > 0;
}
static inline bool ur_arrivals_given_points(const struct ur_arrivals_config *c)
{
    return c->profile.has_points || c->profile.points.n > 0;
}
static inline bool ur_arrivals_given_days(const struct ur_arrivals_config *c)
{
    return c->has_days || c->days.n > 0;
}

/* The `arrivals:` mapping, for the .sub of a UR_T_STRUCT field. Its check
 * reports every rule broken (exactly one of rate/total, exactly one of
 * hourly/points, ...) at the offending key. */
extern const struct ur_schema ur_arrivals_schema;
/* One `surges:` item, for models that apply shocks of the same shape. */
extern const struct ur_schema ur_arrivals_surge_schema;

/* The first rule c breaks, as a static message naming the key ("profile.hourly
 * must have 24 values, one per hour from 0h"), or NULL when c is valid. The
 * schema's check applies the same rules, with the offending values in its
 * messages. */
const char *ur_arrivals_config_error(const struct ur_arrivals_config *c);

struct ur_arrivals;

/* Builds the process for a run of horizon_s seconds (finite, > 0). Returns
 * NULL on failure: *why is then a static message (never to be freed) when
 * the input is impossible (a rule of ur_arrivals_config_error broken, a bad
 * horizon, or a `total` whose shape is 0 over the whole horizon), or NULL
 * when out of memory. An empirical group_size's values and table must
 * outlive the process (the scenario's arena holds them); nothing else of c
 * is kept. */
struct ur_arrivals *ur_arrivals_new(const struct ur_arrivals_config *c, double horizon_s,
                                    const char **why);
void ur_arrivals_free(struct ur_arrivals *a);

/* Arrival EVENTS per second at t_s (0 outside [0, horizon)). */
double ur_arrivals_rate(const struct ur_arrivals *a, double t_s);
/* Expected EVENTS in [t0_s, t1_s] (clipped to [0, horizon)): the integral of
 * the rate, computed exactly up to rounding. 0 when t1_s <= t0_s. */
double ur_arrivals_expected(const struct ur_arrivals *a, double t0_s, double t1_s);
/* The base rate (events per second) after calibration to `total`. */
double ur_arrivals_base_rate(const struct ur_arrivals *a);
/* Mean visitors per event, E[max(1, round(draw))]; 1 without group_size. */
double ur_arrivals_mean_group(const struct ur_arrivals *a);
/* True when the rate is one constant over [0, horizon) (no profile, days or
 * surges, or ones that cancel out); then ur_arrivals_next is one draw. */
bool ur_arrivals_is_constant(const struct ur_arrivals *a);
/* Bytes the process holds: fixed by the configuration, not the horizon. */
size_t ur_arrivals_bytes(const struct ur_arrivals *a);

/* The first arrival after t_s, or INFINITY if none comes before the
 * horizon. Draws only from r. Constant rate: exactly
 *     t_s + ur_ran_exponential(r, 1.0 / rate)
 * (equal to t_s only when that draw is 0, with probability 2^-32). */
double ur_arrivals_next(const struct ur_arrivals *a, gsl_rng *r, double t_s);
/* Visitors in one arrival event: max(1, round(draw from group_size)); 1
 * without group_size, and then r is not drawn from. */
long ur_arrivals_group(const struct ur_arrivals *a, gsl_rng *r);

#endif
