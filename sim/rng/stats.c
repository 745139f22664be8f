/* Across-replication summaries: mean, sample standard deviation and the
 * two-sided 95% Student-t interval
 *     mean +- t_{0.975, n-1} * sd / sqrt(n)
 * (replications are independent, identically distributed runs; the
 * t interval assumes their KPI is roughly normal, which the averaging inside
 * each run usually makes true). NaN marks a replication where the KPI is
 * undefined (no visitor served) and is left out, so n counts the rest.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include <ursim/diag.h>
#include <ursim/stats.h>

struct ur_ci ur_ci95(const double *x, size_t n)
{
    struct ur_ci ci = {.mean = NAN, .sd = NAN, .half = NAN, .lo = NAN, .hi = NAN};
    double *kept = malloc((n ? n : 1) * sizeof *kept);
    UR_ASSERT_MEMORY(kept != NULL, "summarising replications");
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            kept[ci.n++] = x[i];
    if (ci.n >= 1)
        ci.mean = gsl_stats_mean(kept, 1, ci.n);
    if (ci.n >= 2) {
        ci.sd = gsl_stats_sd_m(kept, 1, ci.n, ci.mean);
        ci.half = gsl_cdf_tdist_Pinv(0.975, (double)(ci.n - 1)) * ci.sd / sqrt((double)ci.n);
        ci.lo = ci.mean - ci.half;
        ci.hi = ci.mean + ci.half;
    }
    free(kept);
    return ci;
}

struct ur_spread ur_spread(const double *x, size_t n, double p_lo, double p_hi)
{
    struct ur_spread s = {.mean = NAN, .lo = NAN, .hi = NAN};
    double *kept = malloc((n ? n : 1) * sizeof *kept);
    UR_ASSERT_MEMORY(kept != NULL, "summarising replications");
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            kept[s.n++] = x[i];
    if (s.n >= 1) {
        gsl_sort(kept, 1, s.n);
        s.mean = gsl_stats_mean(kept, 1, s.n);
        s.lo = gsl_stats_quantile_from_sorted_data(kept, 1, s.n, p_lo);
        s.hi = gsl_stats_quantile_from_sorted_data(kept, 1, s.n, p_hi);
    }
    free(kept);
    return s;
}
