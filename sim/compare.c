/* Comparing variants: for every KPI of the first variant (the baseline) and
 * every other variant that has it, the paired differences x_v,r - x_0,r
 * over replications r. All variants draw from the same streams (seeded by
 * seed, replication and source name), so a replication's variants share
 * their random numbers and the differences cancel most of the noise (common
 * random numbers); two identical variants differ by exactly zero. The mean
 * difference and its 95% Student-t interval (ur_ci95) go to the file
 * (ur_out_comparison) and to the terminal, beside each variant's mean; then
 * where each difference comes from (sim/compare_parts.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include <ursim/diag.h>
#include <ursim/stats.h>

const struct ur_kpi_row *ur_compare_find(const struct ur_results *res, const char *path)
{
    for (size_t i = 0; i < res->n_kpis; i++)
        if (strcmp(res->kpis[i].meta.path, path) == 0)
            return &res->kpis[i];
    return NULL;
}

static void differences(const struct ur_kpi_row *v, const struct ur_kpi_row *base, size_t n,
                        double *d)
{
    for (size_t r = 0; r < n; r++)
        d[r] = v->per_rep[r] - base->per_rep[r];
}

int ur_compare_write(const struct ur_results *res, const char *const *names, size_t n_variants,
                     struct ur_out *out)
{
    size_t n_reps = res[0].n_reps;
    double *d = malloc((n_reps ? n_reps : 1) * sizeof *d);
    if (!d)
        return UR_ENOMEM;
    int rc = 0;
    for (size_t k = 0; k < res[0].n_kpis && rc == 0; k++) {
        const struct ur_kpi_row *base = &res[0].kpis[k];
        for (size_t v = 1; v < n_variants && rc == 0; v++) {
            const struct ur_kpi_row *row = ur_compare_find(&res[v], base->meta.path);
            if (!row)
                continue;
            differences(row, base, n_reps, d);
            rc = ur_out_comparison(out, &base->meta, names[v], names[0], d, n_reps);
        }
    }
    free(d);
    return rc == 0 ? ur_compare_write_parts(res, names, n_variants, out) : rc;
}

static void cell(char *buf, size_t size, struct ur_ci c)
{
    if (c.n == 0)
        snprintf(buf, size, "-");
    else if (c.n < 2 || !(c.half > 0))
        snprintf(buf, size, "%.4g", c.mean);
    else
        snprintf(buf, size, "%.4g [%.4g, %.4g]", c.mean, c.lo, c.hi);
}

void ur_compare_print(const struct ur_results *res, const char *const *names, size_t n_variants,
                      FILE *f)
{
    size_t n_reps = res[0].n_reps;
    double *d = malloc((n_reps ? n_reps : 1) * sizeof *d);
    if (!d)
        return;
    fprintf(f, "comparison: mean [95%% CI] per variant; difference from '%s' on common random "
               "numbers (paired over %zu replications)\n", names[0], n_reps);
    const char *group = NULL; /* the previous KPI's path; its group is its first group_len bytes */
    size_t group_len = 0;
    for (size_t k = 0; k < res[0].n_kpis; k++) {
        const struct ur_kpi_row *base = &res[0].kpis[k];
        const char *path = base->meta.path, *slash = strrchr(path, '/');
        size_t glen = slash ? (size_t)(slash - path) : 0;
        if (!group || group_len != glen || strncmp(group, path, glen) != 0)
            fprintf(f, "%.*s\n", (int)glen, path);
        group = path;
        group_len = glen;
        char buf[96], dbuf[96];
        cell(buf, sizeof buf, ur_ci95(base->per_rep, n_reps));
        fprintf(f, "  %-26s %-14s %-34s\n", slash ? slash + 1 : path, names[0], buf);
        for (size_t v = 1; v < n_variants; v++) {
            const struct ur_kpi_row *row = ur_compare_find(&res[v], path);
            if (!row)
                continue;
            differences(row, base, n_reps, d);
            cell(buf, sizeof buf, ur_ci95(row->per_rep, n_reps));
            cell(dbuf, sizeof dbuf, ur_ci95(d, n_reps));
            fprintf(f, "  %-26s %-14s %-34s diff %s\n", "", names[v], buf, dbuf);
        }
    }
    free(d);
    ur_compare_warn(res, names, n_variants, 0, f);
}
