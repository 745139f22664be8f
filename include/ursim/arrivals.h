/* Arrival processes: non-homogeneous Poisson with a daily profile, per-day
 * multipliers, surge episodes and group sizes, as planners describe a
 * festival peak (see sim/rng/arrivals.c for the method).
 *
 *     arrivals:
 *       total: 3047900                 # or rate: 36/min
 *       profile: {hourly: [24 weights]} # or points: [{at: 10h, weight: 1.5}, ...]
 *       days: [0.95, 1.1, 0.95]
 *       surges: [{start: 43h, ramp: 1h, duration: 4h, multiplier: 1.6}]
 *       group_size: {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, 2, 1]}
 *
 * rate(t) = base * profile(t mod 24h) * days[floor(t / 24h) mod n] * prod_j surge_j(t)
 * with the profile normalised to a mean of 1 over the day. `rate:` gives the
 * base; `total:` the expected number of visitors over the horizon, i.e.
 * base * E[group size] * integral of the rest = total.
 */
#ifndef URSIM_ARRIVALS_H
#define URSIM_ARRIVALS_H

#include <stdbool.h>

#include "rng.h"
#include "schema.h"

struct ur_arrivals_point {
    double at_s, weight;
};

struct ur_arrivals_profile {
    struct ur_reals hourly; /* 24 weights, constant within each hour */
    struct ur_list points;  /* of struct ur_arrivals_point, linear in between, periodic */
};

/* The factor rises linearly from 1 at start to `multiplier` at start + ramp,
 * stays for `duration`, and falls back to 1 over another `ramp`. */
struct ur_arrivals_surge {
    double start_s, ramp_s, duration_s, multiplier;
};

struct ur_arrivals_config {
    bool has_rate, has_total, has_profile, has_group;
    double rate_per_s;
    double total;
    struct ur_arrivals_profile profile;
    struct ur_reals days;
    struct ur_list surges; /* of struct ur_arrivals_surge */
    struct ur_dist group_size; /* empirical or deterministic, whole numbers >= 1 */
};

extern const struct ur_schema ur_arrivals_schema;

struct ur_arrivals;

/* Builds the process for a run of horizon_s seconds. NULL when out of memory
 * (*why NULL) or when `total` cannot be met (*why a static message). */
struct ur_arrivals *ur_arrivals_new(const struct ur_arrivals_config *c, double horizon_s,
                                    const char **why);
void ur_arrivals_free(struct ur_arrivals *a);
/* Arrival events per second at t (groups count once). */
double ur_arrivals_rate(const struct ur_arrivals *a, double t_s);
/* Expected arrival events in [t0, t1] (the integral of the rate; exact up to
 * rounding). */
double ur_arrivals_expected(const struct ur_arrivals *a, double t0_s, double t1_s);
double ur_arrivals_mean_group(const struct ur_arrivals *a);
/* The first arrival event after t_s, or INFINITY if none before the horizon.
 * Draws only from r. A constant rate draws exactly one exponential,
 * t + ur_ran_exponential(r, 1 / rate), as a plain Poisson source does. */
double ur_arrivals_next(const struct ur_arrivals *a, gsl_rng *r, double t_s);
/* Visitors in one arrival event: 1 without group_size (and no draw). */
long ur_arrivals_group(const struct ur_arrivals *a, gsl_rng *r);

#endif
