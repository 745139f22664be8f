/* The KPI table of a run: one row per KPI, one value per replication; its
 * aggregates (mean, 95% t-interval from GSL through ur_ci95), its printout
 * and its place in the results file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include <ursim/diag.h>
#include <ursim/stats.h>

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

int ur_results_add_row(struct ur_results *res, const struct ur_kpi *k)
{
    struct ur_kpi_row *rows = realloc(res->kpis, (res->n_kpis + 1) * sizeof *rows);
    if (!rows)
        return UR_ENOMEM;
    res->kpis = rows;
    struct ur_kpi_row *r = &rows[res->n_kpis];
    *r = (struct ur_kpi_row){
        .meta = {dup(k->path), dup(k->units), dup(k->description), NAN},
        .per_rep = malloc((res->n_reps ? res->n_reps : 1) * sizeof(double)),
    };
    if (!r->meta.path || !r->meta.units || !r->meta.description || !r->per_rep) {
        free((char *)r->meta.path), free((char *)r->meta.units);
        free((char *)r->meta.description), free(r->per_rep);
        return UR_ENOMEM;
    }
    for (size_t i = 0; i < res->n_reps; i++)
        r->per_rep[i] = NAN;
    res->n_kpis++;
    return 0;
}

void ur_results_fini(struct ur_results *res)
{
    for (size_t i = 0; i < res->n_kpis; i++) {
        free((char *)res->kpis[i].meta.path);
        free((char *)res->kpis[i].meta.units);
        free((char *)res->kpis[i].meta.description);
        free(res->kpis[i].per_rep);
    }
    free(res->kpis);
    *res = (struct ur_results){0};
}

int ur_results_write(const struct ur_results *res, struct ur_out *out, const char *group)
{
    for (size_t i = 0; i < res->n_kpis; i++) {
        int rc = ur_out_summary(out, group, &res->kpis[i].meta, res->kpis[i].per_rep, res->n_reps);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Decimals that show the half-width to two significant digits; -1 when the
 * interval is empty or mere rounding noise (time averages of a constant). */
static int decimals(double half, double mean)
{
    if (!(half > 1e-9 * fabs(mean)) || !isfinite(half))
        return -1;
    int d = 1 - (int)floor(log10(half));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

static void print_row(FILE *f, const char *name, const struct ur_kpi_row *row, size_t n)
{
    struct ur_ci ci = ur_ci95(row->per_rep, n);
    int d = decimals(ci.half, ci.mean);
    char mean[32], lo[32], hi[32];
    if (d < 0) {
        snprintf(mean, sizeof mean, "%.6g", ci.mean);
        snprintf(lo, sizeof lo, "-");
        snprintf(hi, sizeof hi, "-");
    } else {
        snprintf(mean, sizeof mean, "%.*f", d, ci.mean);
        snprintf(lo, sizeof lo, "%.*f", d, ci.lo);
        snprintf(hi, sizeof hi, "%.*f", d, ci.hi);
    }
    fprintf(f, "  %-24s %14s   [%s, %s]  %s\n", name, mean, lo, hi, row->meta.units);
}

void ur_results_print(const struct ur_results *res, FILE *f)
{
    fprintf(f, "%-26s %14s   %s\n", "KPI", "mean", "95% CI over replications");
    const char *group = NULL;
    size_t group_len = 0;
    for (size_t i = 0; i < res->n_kpis; i++) {
        const char *path = res->kpis[i].meta.path;
        const char *slash = strrchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : 0;
        if (!group || len != group_len || strncmp(group, path, len) != 0) {
            fprintf(f, "%.*s\n", (int)len, path);
            group = path, group_len = len;
        }
        print_row(f, slash ? slash + 1 : path, &res->kpis[i], res->n_reps);
    }
}
