/* Non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979) over a
 * piecewise majorant, computed as the run goes.
 *
 * The rate is base * P(t mod D) * day(t) * prod_j S_j(t), D = 24 h. Between
 * two consecutive breakpoints (the profile's knots, hour boundaries for an
 * hourly profile, day boundaries, each surge's four corners, the horizon)
 * every factor is linear and non-negative, so on a segment [t, b) the
 * product of each factor's larger end value bounds the rate from above:
 * M = base * max(P(t), P(b)) * day * prod_j max(S_j(t), S_j(b)).
 * From t, a candidate comes at t + Exp(M) (ur_ran_exponential); past b, the
 * search restarts at b with the next segment's bound (the exponential is
 * memoryless, so this is the same Poisson process of rate M piecewise); a
 * candidate x is kept with probability rate(x) / M. That yields exactly a
 * Poisson process of intensity rate(t). Where the rate is constant over the
 * segment (an hourly profile, no surge ramping) M = rate and every
 * candidate is kept without drawing the acceptance uniform.
 *
 * Nothing is tabulated per day: the breakpoints come from the 24-hour
 * profile (periodic), the day multipliers (cyclic) and the few surges, so
 * memory depends on the configuration, not on the horizon.
 *
 * The integral of the rate (ur_arrivals_expected, and `total:` calibration)
 * is summed over the same segments with Gauss-Legendre quadrature (GSL's
 * glfixed): on a segment the rate is a polynomial of degree at most
 * 1 + (number of surges), and n points integrate degree 2n - 1 exactly; we
 * take n = 2 + surges.
 */
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/arrivals.h>
#include <ursim/diag.h>

#define DAY_S 86400.0

/* A piece of the 24-hour profile: linear from va at a to vb at b. */
struct piece {
    double a, b, va, vb;
};

struct ur_arrivals {
    double horizon_s, base, mean_group;
    bool constant;
    size_t n_pieces, n_days, n_surges;
    struct piece *pieces; /* cover [0, D) */
    double *days;
    struct ur_arrivals_surge *surges;
    const struct ur_dist *group; /* NULL: one visitor per arrival */
    gsl_integration_glfixed_table *gl;
};

/* ---- the factors ---- */

static size_t piece_at(const struct ur_arrivals *a, double tod)
{
    size_t lo = 0, hi = a->n_pieces - 1;
    while (lo < hi) { /* last piece with a <= tod */
        size_t mid = (lo + hi + 1) / 2;
        if (a->pieces[mid].a <= tod)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

static double piece_value(const struct piece *p, double tod)
{
    return p->va == p->vb ? p->va : p->va + (p->vb - p->va) * (tod - p->a) / (p->b - p->a);
}

static double day_factor(const struct ur_arrivals *a, double t)
{
    if (a->n_days == 0)
        return 1.0;
    long day = (long)floor(t / DAY_S);
    return a->days[(size_t)(day % (long)a->n_days)];
}

static double surge_factor(const struct ur_arrivals_surge *s, double t)
{
    double c0 = s->start_s, c1 = c0 + s->ramp_s, c2 = c1 + s->duration_s, c3 = c2 + s->ramp_s;
    if (t < c0 || t >= c3)
        return 1.0;
    if (t < c1)
        return 1.0 + (s->multiplier - 1.0) * (t - c0) / s->ramp_s;
    if (t < c2)
        return s->multiplier;
    return s->multiplier + (1.0 - s->multiplier) * (t - c2) / s->ramp_s;
}

/* Whether surge s is ramping at t (its factor is not constant there). */
static bool surge_ramping(const struct ur_arrivals_surge *s, double t)
{
    double c0 = s->start_s, c1 = c0 + s->ramp_s, c2 = c1 + s->duration_s, c3 = c2 + s->ramp_s;
    return (t >= c0 && t < c1) || (t >= c2 && t < c3);
}

static double shape_at(const struct ur_arrivals *a, double t)
{
    double day0 = floor(t / DAY_S) * DAY_S, tod = t - day0;
    double r = piece_value(&a->pieces[piece_at(a, tod)], tod) * day_factor(a, t);
    for (size_t j = 0; j < a->n_surges; j++)
        r *= surge_factor(&a->surges[j], t);
    return r;
}

double ur_arrivals_rate(const struct ur_arrivals *a, double t_s)
{
    if (!(t_s >= 0 && t_s < a->horizon_s))
        return 0;
    return a->base * shape_at(a, t_s);
}

/* ---- segments ---- */

struct segment {
    double b;     /* end (exclusive) */
    double bound; /* of the shape on [t, b) */
    bool constant;
};

static struct segment segment_from(const struct ur_arrivals *a, double t)
{
    double day0 = floor(t / DAY_S) * DAY_S, tod = t - day0;
    const struct piece *p = &a->pieces[piece_at(a, tod)];
    double b = fmin(day0 + p->b, a->horizon_s);
    for (size_t j = 0; j < a->n_surges; j++) {
        const struct ur_arrivals_surge *s = &a->surges[j];
        double c[4] = {s->start_s, s->start_s + s->ramp_s, s->start_s + s->ramp_s + s->duration_s,
                       s->start_s + 2 * s->ramp_s + s->duration_s};
        for (int k = 0; k < 4; k++)
            if (c[k] > t && c[k] < b)
                b = c[k];
    }
    if (!(b > t)) /* rounding at a knot: step over it */
        b = nextafter(t, INFINITY);
    struct segment seg = {.b = b, .constant = p->va == p->vb};
    double bound = fmax(piece_value(p, tod), piece_value(p, b - day0)) * day_factor(a, t);
    for (size_t j = 0; j < a->n_surges; j++) {
        const struct ur_arrivals_surge *s = &a->surges[j];
        bound *= fmax(surge_factor(s, t), surge_factor(s, b));
        seg.constant = seg.constant && !surge_ramping(s, t);
    }
    seg.bound = bound;
    return seg;
}

double ur_arrivals_next(const struct ur_arrivals *a, gsl_rng *r, double t_s)
{
    if (a->constant) {
        double x = t_s + ur_ran_exponential(r, 1.0 / a->base);
        return x < a->horizon_s ? x : INFINITY;
    }
    double t = t_s < 0 ? 0 : t_s;
    while (t < a->horizon_s) {
        struct segment seg = segment_from(a, t);
        double m = a->base * seg.bound;
        if (!(m > 0)) {
            t = seg.b;
            continue;
        }
        double x = t + ur_ran_exponential(r, 1.0 / m);
        if (x >= seg.b) {
            t = seg.b;
            continue;
        }
        if (seg.constant || gsl_rng_uniform(r) * m < ur_arrivals_rate(a, x))
            return x;
        t = x;
    }
    return INFINITY;
}

static double shape_fn(double t, void *params)
{
    return shape_at(params, t);
}

static double shape_integral(const struct ur_arrivals *a, double t0, double t1)
{
    t0 = fmax(t0, 0);
    t1 = fmin(t1, a->horizon_s);
    double sum = 0;
    gsl_function f = {.function = shape_fn, .params = (void *)a};
    for (double t = t0; t < t1;) {
        double b = fmin(segment_from(a, t).b, t1);
        sum += gsl_integration_glfixed(&f, t, b, a->gl);
        t = b;
    }
    return sum;
}

double ur_arrivals_expected(const struct ur_arrivals *a, double t0_s, double t1_s)
{
    return a->base * shape_integral(a, t0_s, t1_s);
}

double ur_arrivals_mean_group(const struct ur_arrivals *a)
{
    return a->mean_group;
}

long ur_arrivals_group(const struct ur_arrivals *a, gsl_rng *r)
{
    return a->group ? lround(ur_dist_draw(a->group, r)) : 1;
}

/* ---- building ---- */

/* The profile as pieces over [0, D), normalised to a mean of 1. */
static int build_profile(struct ur_arrivals *a, const struct ur_arrivals_config *c)
{
    const struct ur_arrivals_profile *p = &c->profile;
    size_t n = !c->has_profile ? 1 : p->hourly.n ? p->hourly.n : p->points.n + 1;
    a->pieces = calloc(n, sizeof *a->pieces);
    if (!a->pieces)
        return UR_ENOMEM;
    a->n_pieces = n;
    double area = 0;
    if (!c->has_profile) {
        a->pieces[0] = (struct piece){0, DAY_S, 1, 1};
    } else if (p->hourly.n) {
        double hour = DAY_S / (double)n;
        for (size_t i = 0; i < n; i++)
            a->pieces[i] = (struct piece){i * hour, (i + 1) * hour, p->hourly.v[i], p->hourly.v[i]};
    } else {
        /* Points k_0 < ... < k_{m-1} in [0, D), linear in between and from
         * the last to the first one a day later: the piece before k_0 is
         * the tail of that wrap. */
        const struct ur_arrivals_point *pt = p->points.items;
        size_t m = p->points.n;
        double span = pt[0].at_s + DAY_S - pt[m - 1].at_s;
        double w0 = pt[m - 1].weight +
                    (pt[0].weight - pt[m - 1].weight) * (DAY_S - pt[m - 1].at_s) / span;
        a->pieces[0] = (struct piece){0, pt[0].at_s, w0, pt[0].weight};
        for (size_t i = 0; i + 1 < m; i++)
            a->pieces[i + 1] =
                (struct piece){pt[i].at_s, pt[i + 1].at_s, pt[i].weight, pt[i + 1].weight};
        a->pieces[m] = (struct piece){pt[m - 1].at_s, DAY_S, pt[m - 1].weight, w0};
        if (pt[0].at_s == 0) { /* no wrap piece needed */
            memmove(a->pieces, a->pieces + 1, m * sizeof *a->pieces);
            a->n_pieces = m;
        }
    }
    for (size_t i = 0; i < a->n_pieces; i++)
        area += (a->pieces[i].va + a->pieces[i].vb) / 2 * (a->pieces[i].b - a->pieces[i].a);
    for (size_t i = 0; i < a->n_pieces; i++) {
        a->pieces[i].va *= DAY_S / area;
        a->pieces[i].vb *= DAY_S / area;
    }
    return 0;
}

struct ur_arrivals *ur_arrivals_new(const struct ur_arrivals_config *c, double horizon_s,
                                    const char **why)
{
    *why = NULL;
    struct ur_arrivals *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->horizon_s = horizon_s;
    a->n_days = c->days.n;
    a->n_surges = c->surges.n;
    a->days = a->n_days ? malloc(a->n_days * sizeof *a->days) : NULL;
    a->surges = a->n_surges ? malloc(a->n_surges * sizeof *a->surges) : NULL;
    a->gl = gsl_integration_glfixed_table_alloc(2 + a->n_surges);
    if ((a->n_days && !a->days) || (a->n_surges && !a->surges) || !a->gl ||
        build_profile(a, c) < 0) {
        ur_arrivals_free(a);
        return NULL;
    }
    if (a->n_days)
        memcpy(a->days, c->days.v, a->n_days * sizeof *a->days);
    if (a->n_surges)
        memcpy(a->surges, c->surges.items, a->n_surges * sizeof *a->surges);
    a->group = c->has_group ? &c->group_size : NULL;
    a->mean_group = c->has_group ? c->group_size.mean : 1.0;
    a->constant = !c->has_profile && !a->n_days && !a->n_surges;
    if (c->has_rate) {
        a->base = c->rate_per_s;
    } else {
        a->base = 1.0;
        double shape = shape_integral(a, 0, horizon_s);
        if (!(shape > 0)) {
            *why = "total cannot be met: the arrival rate is zero over the whole horizon "
                   "(check profile, days and surges)";
            ur_arrivals_free(a);
            return NULL;
        }
        a->base = c->total / (a->mean_group * shape);
    }
    return a;
}

void ur_arrivals_free(struct ur_arrivals *a)
{
    if (!a)
        return;
    free(a->pieces);
    free(a->days);
    free(a->surges);
    if (a->gl)
        gsl_integration_glfixed_table_free(a->gl);
    free(a);
}
