/* Where a difference comes from: the paired difference of a KPI between a
 * variant and the baseline, split along each dimension its model publishes
 * parts for (ur_rec_kpi_part: incident type, street, grid, site).
 *
 * Along a dimension the parts of a replication sum to its KPI, so the parts'
 * paired differences d_p,r = x_v,p,r - x_0,p,r sum to the KPI's difference
 * d_r, and their means to its mean: the share of part p is mean(d_p) /
 * mean(d). A part one variant has and the other lacks counts 0 there; in a
 * replication whose KPI difference is NaN (no cases, say) every part's is
 * NaN too, so means are taken over the same replications. Intervals are 95%
 * Student-t (ur_ci95, GSL).
 *
 * A difference is concentrated when it is clear (its interval excludes 0)
 * and one part carries more than half of it; the printout warns about those,
 * one line per KPI and variant.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include <ursim/diag.h>

#define CONCENTRATED 0.5

static bool same_group(const struct ur_part_row *p, const char *kpi, const char *dim)
{
    return strcmp(p->kpi, kpi) == 0 && strcmp(p->dimension, dim) == 0;
}

/* The row of (kpi, dim, part) in res, trying *hint first; NULL when absent. */
static const struct ur_part_row *find_part(const struct ur_results *res, const char *kpi,
                                           const char *dim, const char *part, size_t *hint)
{
    size_t n = res->n_parts;
    for (size_t k = 0; k < n; k++) {
        size_t j = (*hint + k) % n;
        const struct ur_part_row *p = &res->parts[j];
        if (strcmp(p->part, part) == 0 && same_group(p, kpi, dim)) {
            *hint = j + 1;
            return p;
        }
    }
    return NULL;
}

void ur_split_free(struct ur_split *s)
{
    free(s->names);
    free(s->diff);
    free(s->stats);
    *s = (struct ur_split){0};
}

static int split_alloc(struct ur_split *s, size_t cap)
{
    size_t c = cap ? cap : 1;
    s->names = malloc(c * sizeof *s->names);
    s->diff = malloc(c * (s->n_reps ? s->n_reps : 1) * sizeof *s->diff);
    s->stats = malloc(5 * c * sizeof *s->stats);
    if (!s->names || !s->diff || !s->stats)
        return UR_ENOMEM;
    s->mean = s->stats, s->sd = s->stats + c, s->lo = s->stats + 2 * c;
    s->hi = s->stats + 3 * c, s->share = s->stats + 4 * c;
    return 0;
}

/* Appends the part with rows pa (baseline) and pb (variant), either may be NULL. */
static void add_part(struct ur_split *s, const char *name, const struct ur_part_row *pa,
                     const struct ur_part_row *pb, const double *total)
{
    double *d = s->diff + s->n_parts * s->n_reps;
    for (size_t r = 0; r < s->n_reps; r++)
        d[r] = isnan(total[r]) ? NAN : (pb ? pb->per_rep[r] : 0) - (pa ? pa->per_rep[r] : 0);
    struct ur_ci ci = ur_ci95(d, s->n_reps);
    size_t i = s->n_parts++;
    s->names[i] = name;
    s->mean[i] = ci.mean, s->sd[i] = ci.sd, s->lo[i] = ci.lo, s->hi[i] = ci.hi;
    s->share[i] = s->total.mean != 0 ? ci.mean / s->total.mean : NAN;
}

static size_t count_group(const struct ur_results *res, const char *kpi, const char *dim)
{
    size_t n = 0;
    for (size_t i = 0; i < res->n_parts; i++)
        n += same_group(&res->parts[i], kpi, dim);
    return n;
}

int ur_split_build(const struct ur_results *a, const struct ur_results *b, const char *kpi,
                   const char *dim, struct ur_split *s)
{
    *s = (struct ur_split){.kpi = kpi, .dimension = dim, .n_reps = a->n_reps};
    const struct ur_kpi_row *ka = ur_compare_find(a, kpi), *kb = ur_compare_find(b, kpi);
    double *total = malloc((s->n_reps ? s->n_reps : 1) * sizeof *total);
    int rc = total && split_alloc(s, count_group(a, kpi, dim) + count_group(b, kpi, dim)) == 0
                 ? 0
                 : UR_ENOMEM;
    for (size_t r = 0; rc == 0 && r < s->n_reps; r++)
        total[r] = ka && kb ? kb->per_rep[r] - ka->per_rep[r] : NAN;
    if (rc == 0)
        s->total = ur_ci95(total, s->n_reps);
    size_t hint = 0;
    for (size_t i = 0; rc == 0 && i < a->n_parts; i++) {
        const struct ur_part_row *p = &a->parts[i];
        if (same_group(p, kpi, dim))
            add_part(s, p->part, p, find_part(b, kpi, dim, p->part, &hint), total);
    }
    for (size_t i = 0; rc == 0 && i < b->n_parts; i++) {
        const struct ur_part_row *p = &b->parts[i];
        if (same_group(p, kpi, dim) && !find_part(a, kpi, dim, p->part, &hint))
            add_part(s, p->part, NULL, p, total);
    }
    free(total);
    if (rc)
        ur_split_free(s);
    return rc;
}

size_t ur_compare_largest_share(const double *part_mean, size_t n, double total_mean,
                                double *share)
{
    size_t best = n;
    *share = NAN;
    for (size_t i = 0; total_mean != 0 && isfinite(total_mean) && i < n; i++) {
        double s = part_mean[i] / total_mean;
        if (isfinite(s) && (best == n || s > *share))
            best = i, *share = s;
    }
    return best;
}

/* Whether row i of res is the first of its (kpi, dimension) there. */
static bool first_of_group(const struct ur_results *res, size_t i)
{
    const struct ur_part_row *p = &res->parts[i];
    if (i > 0 && same_group(&res->parts[i - 1], p->kpi, p->dimension))
        return false;
    for (size_t j = 0; j < i; j++)
        if (same_group(&res->parts[j], p->kpi, p->dimension))
            return false;
    return true;
}

/* Whether (kpi, dim) has parts in res. */
static bool has_group(const struct ur_results *res, const char *kpi, const char *dim)
{
    for (size_t i = 0; i < res->n_parts; i++)
        if (same_group(&res->parts[i], kpi, dim))
            return true;
    return false;
}

int ur_split_each(const struct ur_results *res, size_t n_variants, ur_split_fn *fn, void *ctx)
{
    int rc = 0;
    for (size_t v = 1; v < n_variants && rc == 0; v++)
        for (size_t w = 0; w < 2 && rc == 0; w++) { /* the baseline's groups, then v's own */
            const struct ur_results *src = &res[w ? v : 0];
            for (size_t i = 0; i < src->n_parts && rc == 0; i++) {
                const struct ur_part_row *p = &src->parts[i];
                if (!first_of_group(src, i) || (w && has_group(&res[0], p->kpi, p->dimension)))
                    continue;
                struct ur_split s;
                rc = ur_split_build(&res[0], &res[v], p->kpi, p->dimension, &s);
                if (rc == 0)
                    rc = fn(ctx, v, &s);
                ur_split_free(&s);
            }
        }
    return rc;
}

struct write_ctx {
    const struct ur_results *res;
    const char *const *names;
    struct ur_out *out;
};

static int write_split(void *ctx, size_t v, const struct ur_split *s)
{
    const struct write_ctx *w = ctx;
    const struct ur_kpi_row *k = ur_compare_find(&w->res[0], s->kpi);
    if (!k)
        k = ur_compare_find(&w->res[v], s->kpi);
    if (!k || s->n_parts == 0 || s->n_reps == 0)
        return 0;
    struct ur_out_parts p = {
        .kpi = &k->meta, .dimension = s->dimension, .variant = w->names[v],
        .baseline = w->names[0], .n_parts = s->n_parts, .n_reps = s->n_reps,
        .names = s->names, .diff = s->diff, .mean = s->mean, .sd = s->sd,
        .ci95_lo = s->lo, .ci95_hi = s->hi, .share = s->share,
    };
    return ur_out_parts(w->out, &p);
}

int ur_compare_write_parts(const struct ur_results *res, const char *const *names,
                           size_t n_variants, struct ur_out *out)
{
    struct write_ctx w = {res, names, out};
    return ur_split_each(res, n_variants, write_split, &w);
}

/* The warnings: one line per (KPI, variant), gathering its dimensions. */
struct warn_ctx {
    const char *const *names;
    FILE *f;
    size_t max_lines, shown, more;
    const char *kpi; /* the line being gathered */
    size_t v;
    struct ur_ci total;
    char parts[512];
    size_t used;
};

static void warn_flush(struct warn_ctx *w)
{
    if (w->used == 0)
        return;
    if (w->max_lines && w->shown >= w->max_lines) {
        w->more++;
    } else {
        fprintf(w->f, "warning: %s %s - %s = %+.3g [%.3g, %.3g]: %s (/comparison/%s/by_*/)\n",
                w->kpi, w->names[w->v], w->names[0], w->total.mean, w->total.lo, w->total.hi,
                w->parts, w->kpi);
        w->shown++;
    }
    w->used = 0;
    w->parts[0] = '\0';
}

static bool clear(struct ur_ci d)
{
    return d.n >= 2 && (d.lo > 0 || d.hi < 0);
}

static int warn_split(void *ctx, size_t v, const struct ur_split *s)
{
    struct warn_ctx *w = ctx;
    if (!w->kpi || w->v != v || strcmp(w->kpi, s->kpi) != 0) {
        warn_flush(w);
        w->kpi = s->kpi, w->v = v, w->total = s->total;
    }
    double share;
    size_t i = ur_compare_largest_share(s->mean, s->n_parts, s->total.mean, &share);
    if (!clear(s->total) || i == s->n_parts || !(share > CONCENTRATED) ||
        w->used >= sizeof w->parts)
        return 0;
    int n = snprintf(w->parts + w->used, sizeof w->parts - w->used, "%s%.0f%% from %s %s",
                     w->used ? ", " : "", 100 * share, s->dimension, s->names[i]);
    w->used = n < 0 ? sizeof w->parts : w->used + (size_t)n;
    return 0;
}

void ur_compare_warn(const struct ur_results *res, const char *const *names, size_t n_variants,
                     size_t max_lines, FILE *f)
{
    struct warn_ctx w = {.names = names, .f = f, .max_lines = max_lines};
    if (ur_split_each(res, n_variants, warn_split, &w) != 0)
        return; /* out of memory: no warnings rather than wrong ones */
    warn_flush(&w);
    if (w.more)
        fprintf(f, "warning: %zu more differences come mostly from one part (ursim run --all "
                   "shows them; /comparison/<kpi>/by_*/ in the file)\n", w.more);
}
