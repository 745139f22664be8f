/* Variants side by side: paired differences from the first (sim/compare.c). */
#ifndef URSIM_SIM_COMPARE_H
#define URSIM_SIM_COMPARE_H

#include <stdio.h>

#include "runner.h"
#include <ursim/stats.h>

/* Writes /comparison/<kpi>/<variant> for every variant after the first.
 * res[v] holds variant v's KPIs; all have the same replications. */
int ur_compare_write(const struct ur_results *res, const char *const *names, size_t n_variants,
                     struct ur_out *out);
/* Prints each KPI: every variant's mean and interval, and its difference
 * from the first with its interval. */
void ur_compare_print(const struct ur_results *res, const char *const *names, size_t n_variants,
                      FILE *f);

/* The KPI row of `path` in res, or NULL. */
const struct ur_kpi_row *ur_compare_find(const struct ur_results *res, const char *path);

/* ---- where a difference comes from (sim/compare_parts.c) ---- */

/* One KPI's paired difference b - a split along one dimension of its parts
 * (ur_rec_kpi_part). Per part: its difference per replication (NaN where the
 * KPI's is), their mean, sd and 95% Student-t interval, and its share of the
 * KPI's mean difference (NaN when that is 0 or NaN). The parts of a
 * replication sum to the KPI's difference there. */
struct ur_split {
    const char *kpi, *dimension; /* the strings are the results' */
    size_t n_parts, n_reps;
    const char **names;          /* the baseline's parts in their order, then b's own */
    double *diff;                /* n_parts x n_reps, part after part */
    double *mean, *sd, *lo, *hi, *share; /* n_parts each */
    struct ur_ci total;          /* the KPI's difference */
    double *stats;               /* owns mean .. share */
};
/* Builds the split of KPI `kpi` along `dim` between a (the baseline) and b,
 * which have the same replications. 0 or UR_ENOMEM; free with ur_split_free. */
int ur_split_build(const struct ur_results *a, const struct ur_results *b, const char *kpi,
                   const char *dim, struct ur_split *s);
void ur_split_free(struct ur_split *s);
/* The largest part of a difference: the index of the part whose mean
 * difference part_mean[i] is the largest share of total_mean (the KPI's mean
 * difference), and that share in *share; n (and NaN) when total_mean is 0 or
 * NaN or there are no parts. For readers of the file too (the report, the
 * summary): pass /comparison/<kpi>/by_<dim>/<variant>/mean and the mean of
 * /comparison/<kpi>/<variant>. */
size_t ur_compare_largest_share(const double *part_mean, size_t n, double total_mean,
                                double *share);
/* A pair of variants: the split is of v - against. Either against is the
 * baseline (0), or it is a lead: for a KPI whose model says which way is
 * better (ur_rec_headline), v is the best variant by mean and `against` the
 * runner-up (not the baseline: that split is v's against the baseline). */
struct ur_pair {
    size_t v, against;
    bool lead;
};
/* Calls fn on the split along each dimension of every KPI with parts: first
 * the leads (in the baseline's order), then for every variant v >= 1 against
 * the baseline (the baseline's KPIs and dimensions, then v's own); stops at
 * the first nonzero return and returns it. The split is freed after the call. */
typedef int ur_split_fn(void *ctx, const struct ur_pair *pair, const struct ur_split *s);
int ur_split_each(const struct ur_results *res, size_t n_variants, ur_split_fn *fn, void *ctx);
/* Writes /comparison/<kpi>/by_<dimension>/<variant>/ for every split against
 * the baseline, and .../<best>/over_<runner-up>/ for every lead. */
int ur_compare_write_parts(const struct ur_results *res, const char *const *names,
                           size_t n_variants, struct ur_out *out);
/* Prints one line per KPI and pair (leads first, sim/compare_warn.c) whose
 * difference is clear (its 95% interval excludes 0) and comes for more than
 * half from one part along some dimension, naming each such part and its
 * share; at most max_lines lines (0: no limit), then one saying how many
 * more. */
void ur_compare_warn(const struct ur_results *res, const char *const *names, size_t n_variants,
                     size_t max_lines, FILE *f);

#endif
