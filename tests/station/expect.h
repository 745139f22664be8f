/* The statistical check the station tests share: the mean over replications
 * of a KPI must lie within the half-width of its 99.9% Student-t interval
 * (t_{0.9995, R-1} sd / sqrt(R); replications are independent) of the
 * theoretical value, plus a stated allowance for a known bias (warm-up,
 * finite horizon, an estimator's own error) given at the call site. Seeds
 * are fixed, so a pass is reproducible; the numbers are printed either way. */
#ifndef URSIM_TESTS_STATION_EXPECT_H
#define URSIM_TESTS_STATION_EXPECT_H

#include "check.h"
#include "harness.h"

static inline void expect_values(const char *what, const double *x, size_t reps, double theory,
                                 double allowance)
{
    struct harness_ci ci = harness_ci999(x, reps);
    fprintf(stderr, "  %-22s sim %-11.6g +- %-9.3g theory %-11.6g allowance %.3g\n", what, ci.mean,
            ci.half, theory, allowance);
    CHECK_NEAR(ci.mean, theory, ci.half + allowance);
}

static inline void expect_kpi(const struct harness_result *r, const char *kpi, double theory,
                              double allowance)
{
    expect_values(kpi, harness_kpi(r, kpi), r->reps, theory, allowance);
}

#endif
