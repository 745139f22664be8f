/* The KPI table of a run: one row per KPI, one value per replication; its
 * aggregates (mean, 95% t-interval from GSL through ur_ci95), its printout
 * and its place in the results file. The printout ends with a glance at the
 * event log (the rows are in the file's /plan_log, written by the runner):
 * rows per replication, and replication 0's first rows. */
#include <math.h>
#include <stdint.h>
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
        .meta = {dup(k->path), dup(k->units), dup(k->description), NAN, k->headline_rank,
                 k->better},
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
    free(res->log_rows);
    free(res->log_first);
    ur_results_parts_fini(res);
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

/* Characters, not bytes, of UTF-8 text: what a terminal pads by (wide
 * characters aside). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void put_padded(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = text_width(s); w < width; w++)
        fputc(' ', f);
}

/* Simulated time as h:mm:ss (hours unbounded), rounded to the second. */
static void format_time(char *buf, size_t size, double t_s)
{
    if (!(fabs(t_s) < 1e12)) {
        snprintf(buf, size, "%g s", t_s);
        return;
    }
    long long s = llround(fabs(t_s));
    snprintf(buf, size, "%s%lld:%02lld:%02lld", t_s < 0 ? "-" : "", s / 3600, s / 60 % 60, s % 60);
}

static void format_value(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.6g", v);
}

static void print_log_rows(const struct ur_results *res, FILE *f)
{
    size_t w_time = 4, w_source = 6, w_event = 5, w_value = 5;
    char buf[64];
    for (size_t i = 0; i < res->n_log_first; i++) {
        const struct ur_log_row *r = &res->log_first[i];
        format_time(buf, sizeof buf, r->t_s);
        w_time = strlen(buf) > w_time ? strlen(buf) : w_time;
        format_value(buf, sizeof buf, r->value);
        w_value = strlen(buf) > w_value ? strlen(buf) : w_value;
        w_source = text_width(r->source) > w_source ? text_width(r->source) : w_source;
        w_event = text_width(r->event) > w_event ? text_width(r->event) : w_event;
    }
    fprintf(f, "  %*s  ", (int)w_time, "time");
    put_padded(f, "source", w_source + 2);
    put_padded(f, "event", w_event);
    fprintf(f, "  %*s  detail\n", (int)w_value, "value");
    for (size_t i = 0; i < res->n_log_first; i++) {
        const struct ur_log_row *r = &res->log_first[i];
        format_time(buf, sizeof buf, r->t_s);
        fprintf(f, "  %*s  ", (int)w_time, buf);
        put_padded(f, r->source, w_source + 2);
        put_padded(f, r->event, w_event);
        format_value(buf, sizeof buf, r->value);
        fprintf(f, "  %*s  %s\n", (int)w_value, buf, r->detail);
    }
    if (res->log_rows[0] > res->n_log_first)
        fprintf(f, "  ... %zu more\n", res->log_rows[0] - res->n_log_first);
}

/* Nothing at all when no replication logged a row. */
void ur_results_print_log(const struct ur_results *res, const char *where, FILE *f)
{
    size_t total = 0, lo = SIZE_MAX, hi = 0;
    for (size_t i = 0; res->log_rows && i < res->n_reps; i++) {
        size_t n = res->log_rows[i];
        total += n;
        lo = n < lo ? n : lo;
        hi = n > hi ? n : hi;
    }
    if (total == 0)
        return;
    fprintf(f, "\nplan log (%s): %zu rows; per replication mean %.2f, min %zu, max %zu\n", where,
            total, (double)total / (double)res->n_reps, lo, hi);
    if (res->log_rows[0] == 0) {
        fprintf(f, "replication 0: no rows\n");
        return;
    }
    fprintf(f, "replication 0, %zu row%s:\n", res->log_rows[0], res->log_rows[0] == 1 ? "" : "s");
    print_log_rows(res, f);
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
    ur_results_print_log(res, "/plan_log", f);
}
