/* Rolling windows of recent events (complaints, refunds) or (time, value)
 * pairs (waits): kept for the longest window anybody asks about, older ones
 * dropped as new ones come; counts and quantiles over a window. */
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "city_internal.h"

int city_recent_init(struct city_recent *r, double keep_s, bool with_values)
{
    *r = (struct city_recent){.keep_s = keep_s, .cap = 64};
    r->t = malloc(r->cap * sizeof *r->t);
    r->x = with_values ? malloc(r->cap * sizeof *r->x) : NULL;
    return r->t && (!with_values || r->x) ? 0 : UR_ENOMEM;
}

void city_recent_fini(struct city_recent *r)
{
    free(r->t);
    free(r->x);
    *r = (struct city_recent){0};
}

static void recent_drop_old(struct city_recent *r, double t_s)
{
    while (r->n > 0 && r->t[r->head] <= t_s - r->keep_s) {
        r->head++;
        r->n--;
    }
}

void city_recent_add(struct city_recent *r, double t_s, double x)
{
    if (!r->t)
        return;
    recent_drop_old(r, t_s);
    if (r->head + r->n == r->cap) {
        if (r->head > r->cap / 2) { /* slide down: amortised O(1) */
            memmove(r->t, r->t + r->head, r->n * sizeof *r->t);
            if (r->x)
                memmove(r->x, r->x + r->head, r->n * sizeof *r->x);
            r->head = 0;
        } else {
            size_t cap = 2 * r->cap;
            double *t = realloc(r->t, cap * sizeof *t);
            UR_ASSERT_MEMORY(t, "keeping recent events");
            r->t = t;
            if (r->x) {
                double *xs = realloc(r->x, cap * sizeof *xs);
                UR_ASSERT_MEMORY(xs, "keeping recent events");
                r->x = xs;
            }
            r->cap = cap;
        }
    }
    r->t[r->head + r->n] = t_s;
    if (r->x)
        r->x[r->head + r->n] = x;
    r->n++;
}

/* Index of the first live entry with t > t_s - window_s (times are sorted). */
static size_t recent_first(const struct city_recent *r, double t_s, double window_s)
{
    size_t lo = r->head, hi = r->head + r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->t[mid] <= t_s - window_s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t city_recent_count(struct city_recent *r, double t_s, double window_s)
{
    if (!r->t)
        return 0;
    recent_drop_old(r, t_s);
    return r->head + r->n - recent_first(r, t_s, window_s);
}

double city_recent_quantile(struct city_recent *r, double t_s, double window_s, double p)
{
    if (!r->t)
        return NAN;
    recent_drop_old(r, t_s);
    size_t first = recent_first(r, t_s, window_s), n = r->head + r->n - first;
    if (n == 0)
        return NAN;
    double *copy = malloc(n * sizeof *copy);
    UR_ASSERT_MEMORY(copy, "for a quantile");
    memcpy(copy, r->x + first, n * sizeof *copy);
    gsl_sort(copy, 1, n);
    double q = gsl_stats_quantile_from_sorted_data(copy, 1, n, p);
    free(copy);
    return q;
}
