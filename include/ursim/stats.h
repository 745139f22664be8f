/* Across-replication statistics (GSL). */
#ifndef URSIM_STATS_H
#define URSIM_STATS_H

#include <stddef.h>

/* Mean, sample standard deviation and the two-sided 95% Student-t interval of
 * n values; NaN values are skipped (n counts the rest). With n < 2 the
 * interval is NaN. */
struct ur_ci {
    double mean, sd, half, lo, hi;
    size_t n;
};
struct ur_ci ur_ci95(const double *x, size_t n);

/* The spread of n values across replications: their mean and the p_lo and
 * p_hi quantiles (GSL's, interpolated between order statistics); NaN
 * values skipped, all NaN when none is left. */
struct ur_spread {
    double mean, lo, hi;
    size_t n;
};
struct ur_spread ur_spread(const double *x, size_t n, double p_lo, double p_hi);

#endif
