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
 * Splits are of each variant against the baseline, and of each lead: for a
 * KPI whose model says which way is better, the best variant by mean against
 * the runner-up (unless the runner-up is the baseline). The warnings about
 * them are in compare_warn.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include <ursim/diag.h>

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

/* Whether row i of res is the first of its KPI there (a model may publish
 * a KPI's dimensions apart: complaints by cause, then by site). */
static bool first_of_kpi(const struct ur_results *res, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(res->parts[j].kpi, res->parts[i].kpi) == 0)
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

/* The lead of KPI row k: for a KPI whose model says which way is better
 * (ur_rec_headline), the best variant by mean and the runner-up. False when
 * it has no direction, fewer than two variants have a mean, or the two
 * best are level (no lead). */
static bool lead_of(const struct ur_results *res, size_t n_variants, const struct ur_kpi *k,
                    struct ur_pair *pair)
{
    if (k->better == UR_BETTER_NONE)
        return false;
    size_t best = n_variants, second = n_variants;
    double m_best = NAN, m_second = NAN, sign = k->better == UR_BETTER_HIGHER ? 1 : -1;
    for (size_t v = 0; v < n_variants; v++) {
        const struct ur_kpi_row *row = ur_compare_find(&res[v], k->path);
        double m = row ? sign * ur_ci95(row->per_rep, res[v].n_reps).mean : NAN;
        if (isnan(m))
            continue;
        if (best == n_variants || m > m_best) {
            second = best, m_second = m_best;
            best = v, m_best = m;
        } else if (second == n_variants || m > m_second) {
            second = v, m_second = m;
        }
    }
    *pair = (struct ur_pair){.v = best, .against = second, .lead = true};
    return second < n_variants && m_best > m_second;
}

/* fn on the split of every (kpi, dimension) of src (the baseline's groups,
 * or with `own` only those the baseline lacks) for one pair. */
static int each_group(const struct ur_results *res, const struct ur_results *src, bool own,
                      const struct ur_pair *pair, ur_split_fn *fn, void *ctx)
{
    int rc = 0;
    for (size_t i = 0; i < src->n_parts && rc == 0; i++) {
        const struct ur_part_row *p = &src->parts[i];
        if (!first_of_group(src, i) || (own && has_group(&res[0], p->kpi, p->dimension)))
            continue;
        struct ur_split s;
        rc = ur_split_build(&res[pair->against], &res[pair->v], p->kpi, p->dimension, &s);
        if (rc == 0)
            rc = fn(ctx, pair, &s);
        ur_split_free(&s);
    }
    return rc;
}

/* The leads of the baseline's KPIs with parts, each split along its dimensions. */
static int each_lead(const struct ur_results *res, size_t n_variants, ur_split_fn *fn, void *ctx)
{
    int rc = 0;
    for (size_t i = 0; i < res[0].n_parts && rc == 0; i++) {
        const struct ur_part_row *p = &res[0].parts[i];
        const struct ur_kpi_row *k = ur_compare_find(&res[0], p->kpi);
        struct ur_pair pair;
        if (!first_of_kpi(&res[0], i) || !k ||
            !lead_of(res, n_variants, &k->meta, &pair) || pair.against == 0)
            continue; /* against the baseline: the baseline's split already */
        for (size_t j = i; j < res[0].n_parts && rc == 0; j++) /* this KPI's dimensions */
            if (strcmp(res[0].parts[j].kpi, p->kpi) == 0 && first_of_group(&res[0], j)) {
                struct ur_split s;
                rc = ur_split_build(&res[pair.against], &res[pair.v], p->kpi,
                                    res[0].parts[j].dimension, &s);
                if (rc == 0)
                    rc = fn(ctx, &pair, &s);
                ur_split_free(&s);
            }
    }
    return rc;
}

int ur_split_each(const struct ur_results *res, size_t n_variants, ur_split_fn *fn, void *ctx)
{
    int rc = each_lead(res, n_variants, fn, ctx);
    for (size_t v = 1; v < n_variants && rc == 0; v++) {
        struct ur_pair pair = {.v = v, .against = 0};
        rc = each_group(res, &res[0], false, &pair, fn, ctx);
        if (rc == 0)
            rc = each_group(res, &res[v], true, &pair, fn, ctx);
    }
    return rc;
}

struct write_ctx {
    const struct ur_results *res;
    const char *const *names;
    struct ur_out *out;
};

static int write_split(void *ctx, const struct ur_pair *pair, const struct ur_split *s)
{
    const struct write_ctx *w = ctx;
    const struct ur_kpi_row *k = ur_compare_find(&w->res[0], s->kpi);
    if (!k)
        k = ur_compare_find(&w->res[pair->v], s->kpi);
    if (!k || s->n_parts == 0 || s->n_reps == 0)
        return 0;
    struct ur_out_parts p = {
        .kpi = &k->meta, .dimension = s->dimension, .variant = w->names[pair->v],
        .baseline = w->names[0], .against = pair->lead ? w->names[pair->against] : NULL,
        .n_parts = s->n_parts, .n_reps = s->n_reps, .names = s->names, .diff = s->diff,
        .mean = s->mean, .sd = s->sd, .ci95_lo = s->lo, .ci95_hi = s->hi, .share = s->share,
    };
    return ur_out_parts(w->out, &p);
}

int ur_compare_write_parts(const struct ur_results *res, const char *const *names,
                           size_t n_variants, struct ur_out *out)
{
    struct write_ctx w = {res, names, out};
    return ur_split_each(res, n_variants, write_split, &w);
}
