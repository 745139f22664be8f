/* A small test harness for the station model: runs R independent
 * replications of one station_config directly on the engine (no YAML, no
 * HDF5) and returns each KPI per replication, plus the confidence-interval
 * helpers the statistical tests share. */
#ifndef URSIM_TESTS_STATION_HARNESS_H
#define URSIM_TESTS_STATION_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "station/station.h" /* models/ is on the include path */

struct harness_plan {
    double warmup_s, horizon_s;
    uint64_t seed;
    size_t reps;
    double sample_interval_s;     /* 0: no time series samples */
    const struct ur_sink *sink;   /* receives the samples; NULL: discarded */
    uint64_t stop_after_arrivals; /* 0: run to the horizon */
};

/* KPIs per replication: value[k * reps + r] is KPI `name[k]` of replication r. */
struct harness_result {
    size_t reps, n_kpis;
    char **name; /* without the "stations/<name>/" prefix */
    double *value;
};

/* Runs the plan; returns 0 or a UR_E* code. Free with harness_result_free. */
int harness_run(const struct station_config *cfg, const struct harness_plan *plan,
                struct harness_result *out);
/* The reps values of one KPI; panics when the model did not publish it. */
const double *harness_kpi(const struct harness_result *r, const char *name);
void harness_result_free(struct harness_result *r);

/* Mean of n replications (NaN skipped) and the half-width of its two-sided
 * 99.9% Student-t interval, t_{0.9995, n-1} * sd / sqrt(n). */
struct harness_ci {
    double mean, half;
    size_t n;
};
struct harness_ci harness_ci999(const double *x, size_t n);

/* A station with Poisson arrivals (per s), exponential service (mean s) and
 * c servers; other fields zero (no patience, no capacity, no breakdowns). */
struct station_config harness_mmc(const char *name, double lambda_per_s, double service_mean_s,
                                  long c);
/* Sets d to an exponential distribution with the given mean (s); panics on error. */
void harness_exponential(struct ur_dist *d, double mean_s);

#endif
