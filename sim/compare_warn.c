/* Warnings about where a difference comes from (compare.h): a difference
 * is concentrated when it is clear (its 95% interval excludes 0) and one
 * part, along some dimension with at least two parts (a city of one grid
 * says nothing by grid), carries more than half of it. One line per KPI
 * and pair of variants, naming the largest part of each such dimension and
 * its share: the leads first (the best variant against the runner-up, what a
 * planner reads as "which is better, and why"), then each variant against
 * the baseline, in the order of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "compare.h"

#define CONCENTRATED 0.5

struct warn_ctx {
    const char *const *names;
    FILE *f;
    size_t max_lines, shown, more;
    const char *kpi; /* the line being gathered: this KPI and pair */
    struct ur_pair pair;
    struct ur_ci total;
    char parts[512];
    size_t used;
};

static void print_line(const struct warn_ctx *w)
{
    const char *v = w->names[w->pair.v], *a = w->names[w->pair.against];
    struct ur_ci d = w->total;
    if (w->pair.lead)
        fprintf(w->f, "warning: %s: %s leads %s by %+.3g [%.3g, %.3g]: %s "
                      "(/comparison/%s/by_*/%s/over_%s/)\n",
                w->kpi, v, a, d.mean, d.lo, d.hi, w->parts, w->kpi, v, a);
    else
        fprintf(w->f, "warning: %s %s - %s = %+.3g [%.3g, %.3g]: %s (/comparison/%s/by_*/)\n",
                w->kpi, v, a, d.mean, d.lo, d.hi, w->parts, w->kpi);
}

static void warn_flush(struct warn_ctx *w)
{
    if (w->used == 0)
        return;
    if (w->max_lines && w->shown >= w->max_lines)
        w->more++;
    else
        print_line(w), w->shown++;
    w->used = 0;
    w->parts[0] = '\0';
}

static bool clear(struct ur_ci d)
{
    return d.n >= 2 && (d.lo > 0 || d.hi < 0);
}

static bool same_line(const struct warn_ctx *w, const struct ur_pair *pair, const char *kpi)
{
    return w->kpi && w->pair.v == pair->v && w->pair.against == pair->against &&
           w->pair.lead == pair->lead && strcmp(w->kpi, kpi) == 0;
}

static int warn_split(void *ctx, const struct ur_pair *pair, const struct ur_split *s)
{
    struct warn_ctx *w = ctx;
    if (!same_line(w, pair, s->kpi)) {
        warn_flush(w);
        w->kpi = s->kpi, w->pair = *pair, w->total = s->total;
    }
    double share;
    size_t i = ur_compare_largest_share(s->mean, s->n_parts, s->total.mean, &share);
    if (s->n_parts < 2 || !clear(s->total) || i == s->n_parts || !(share > CONCENTRATED) ||
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
