/* Non-homogeneous Poisson arrivals (include/ursim/arrivals.h):
 *     r(t) = base * P(t mod D) * W(floor(t / D) mod n) * prod_j S_j(t),  D = 24 h,
 * for t in [0, horizon), 0 elsewhere.
 *
 * Pieces. Between breakpoints every factor is linear in t and >= 0:
 *   P, the profile divided by its mean over the day, is linear on each piece
 *     of a 24-hour template: 24 constant hours (merged where equal), or the
 *     segments between profile points, the one across midnight joining the
 *     last point to the first a day later (split at 0h);
 *   W is constant within a day;
 *   S_j is 1, rising, flat at its multiplier, or falling between surge j's
 *     corners start, start + ramp, + duration, + ramp.
 * All surges' corners, sorted, cut time into surge intervals; on each, the
 * product of the surges active there is stored as its factors' linear forms
 * (value at the interval's start, slope). So memory is the template (one
 * day), the n day multipliers and the surge intervals: it does not grow with
 * the horizon.
 *
 * Drawing: Ogata's thinning (Y. Ogata, "On Lewis' simulation method for
 * point processes", IEEE Trans. Inf. Theory 27, 1981). From time s, on
 * [s, e] within one piece, one day and one surge interval, each factor is
 * linear, so its largest value is at s or at e, and the product of those
 * maxima, M, bounds r on [s, e]. A unit exponential E is spent at rate M:
 * if E < M (e - s) the candidate is x = s + E / M, otherwise E - M (e - s)
 * is carried to the next stretch (inversion of the piecewise-constant
 * majorant's cumulative rate, one draw for many empty stretches). A
 * candidate is kept with probability r(x) / M (one uniform); if rejected,
 * the search restarts at x with a fresh E. The kept points form a Poisson
 * process of intensity exactly r: the majorant is a Poisson process of rate
 * M(t) >= r(t) given the past, and thinning it independently with
 * probability r / M leaves intensity r (Lewis & Shedler 1979); M may depend
 * on the history (here: on where the search stands) without changing that.
 * Where r is constant on the stretch (constant profile piece, no ramping
 * surge) M = r and candidates are kept without the uniform. Where r varies,
 * stretches are cut to at most CUT_S so M stays within a few percent of r
 * and few candidates are rejected. A constant process (no profile, days or
 * surges) skips all this: one exponential, t + ur_ran_exponential(r, 1/rate),
 * the draw a plain Poisson source makes.
 * Each call finds its piece and surge interval by binary search (a few
 * comparisons: the tables are per day and per surge); the struct holds no
 * cursor, so it is shared read-only by threads.
 *
 * Integral (ur_arrivals_expected, and `total:`), exact up to rounding:
 *   without surges, with C(x) = integral of P over [0, x] (a sum of whole
 *   pieces plus the quadratic p0 u + slope u^2 / 2 of the last one) and
 *   day multipliers summed by whole cycles plus a prefix,
 *     int_t0^t1 P W = W(d0) (C(D) - C(x0)) + C(D) sum_{d0<d<d1} W(d) + W(d1) C(x1)
 *   (W(d0) (C(x1) - C(x0)) within one day);
 *   surges add int P W (prod_j S_j - 1) over the surge intervals, cut at
 *   pieces and days: there the integrand is a polynomial of degree
 *   1 + (surges active at once), which n-point Gauss-Legendre quadrature
 *   (GSL's glfixed) integrates exactly when 2n - 1 >= that degree.
 * With `total`, base = total / (E[group] * integral of r / base over
 * [0, horizon)).
 *
 * Groups: max(1, round(draw)) with round half away from zero (lround). Its
 * exact mean: deterministic v -> round(v); empirical -> sum p_i round(v_i)
 * (p_i from gsl_ran_discrete_pdf); uniform [a, b) -> (R(b) - R(a)) / (b - a)
 * with R(y) = int_0^y round(x) dx = k (k - 1) / 2 + k (y - k + 1/2),
 * k = floor(y + 1/2) (rounds of 1, ..., k - 1 over whole unit cells, then k
 * from k - 1/2 to y).
 */
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/arrivals.h>
#include <ursim/diag.h>

#define DAY UR_ARRIVALS_DAY_S
/* Longest stretch one thinning bound covers where the rate varies. With a
 * factor changing by a fraction f per hour, the bound is at most about
 * 1 + f / 4 times the rate, so a few percent of candidates are rejected. */
#define CUT_S 900.0

struct ur_arrivals {
    double horizon_s;
    double base;       /* events per second before the shape */
    double mean_group; /* E[visitors per event] */
    bool constant;     /* r is one value over [0, horizon) */
    double rate;       /* constant: that value */
    double mean_gap;   /* constant: 1 / rate */
    /* the day template: pieces [tb[k], tb[k + 1]), P = p0[k] + slope[k] (x - tb[k]) */
    size_t n_pieces;
    double *tb, *p0, *slope;
    double *cum; /* integral of P over [0, tb[k]]; cum[n_pieces] is about D */
    /* day multipliers, cycled; wcum[i] = w[0] + ... + w[i - 1] */
    size_t n_days;
    double *w, *wcum;
    /* surges: sorted distinct corners; interval i = [corner[i], corner[i + 1])
     * holds factors f_v0[j] + f_slope[j] (t - corner[i]) for j in
     * [f_first[i], f_first[i + 1]) */
    size_t n_corners;
    double *corner;
    size_t *f_first; /* n_corners entries */
    double *f_v0, *f_slope;
    bool *flat;                        /* per interval: every factor constant */
    gsl_integration_glfixed_table *gl; /* NULL without surges */
    size_t gl_points;
    bool has_group;
    struct ur_dist group;
    size_t bytes;
};

/* Where time t stands. */
struct pos {
    long day; /* floor(t / D) */
    size_t k; /* template piece */
    size_t c; /* corners <= t: in surge interval c - 1 when 0 < c < n_corners */
};

/* ---- lookup ---- */

static struct pos locate(const struct ur_arrivals *a, double t)
{
    double d = floor(t * (1 / DAY)); /* may be off by one after rounding: */
    if (t - d * DAY < 0)
        d -= 1;
    else if (t - d * DAY >= DAY)
        d += 1;
    double x = t - d * DAY;
    struct pos p = {.day = (long)d};
    size_t lo = 0, hi = a->n_pieces - 1; /* last piece starting at or before x */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (a->tb[mid] <= x)
            lo = mid;
        else
            hi = mid - 1;
    }
    p.k = lo;
    lo = 0, hi = a->n_corners; /* corners <= t */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->corner[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    p.c = lo;
    return p;
}

static double piece_start(const struct ur_arrivals *a, const struct pos *p)
{
    return (double)p->day * DAY + a->tb[p->k];
}

static double piece_end(const struct ur_arrivals *a, const struct pos *p)
{
    return (double)p->day * DAY + a->tb[p->k + 1];
}

static void next_piece(const struct ur_arrivals *a, struct pos *p)
{
    if (++p->k == a->n_pieces) {
        p->k = 0;
        p->day++;
    }
}

static double next_corner(const struct ur_arrivals *a, const struct pos *p)
{
    return p->c < a->n_corners ? a->corner[p->c] : INFINITY;
}

static bool in_surge(const struct ur_arrivals *a, const struct pos *p)
{
    return p->c > 0 && p->c < a->n_corners;
}

static double day_mult(const struct ur_arrivals *a, long day)
{
    return a->n_days == 1 ? a->w[0] : a->w[(size_t)(day % (long)a->n_days)];
}

/* ---- the factors at t, within p's piece and surge interval ---- */

static double profile_at(const struct ur_arrivals *a, const struct pos *p, double t)
{
    double v = a->p0[p->k] + a->slope[p->k] * (t - piece_start(a, p));
    return v > 0 ? v : 0; /* rounding at a zero end */
}

/* prod_j S_j(t) over surge interval i. */
static double surge_at(const struct ur_arrivals *a, size_t i, double t)
{
    double s = 1, u = t - a->corner[i];
    for (size_t j = a->f_first[i]; j < a->f_first[i + 1]; j++)
        s *= fmax(a->f_v0[j] + a->f_slope[j] * u, 0);
    return s;
}

/* r(t) / base. */
static double shape_at(const struct ur_arrivals *a, const struct pos *p, double t)
{
    double r = profile_at(a, p, t) * day_mult(a, p->day);
    return in_surge(a, p) ? r * surge_at(a, p->c - 1, t) : r;
}

/* An upper bound of r on [s, e] within p's piece and surge interval: r
 * itself where every factor is constant there. */
static double bound(const struct ur_arrivals *a, const struct pos *p, bool flat, double s, double e)
{
    if (flat)
        return a->base * shape_at(a, p, s);
    double m = a->base * day_mult(a, p->day) * fmax(profile_at(a, p, s), profile_at(a, p, e));
    if (in_surge(a, p)) {
        size_t i = p->c - 1;
        double us = s - a->corner[i], ue = e - a->corner[i];
        for (size_t j = a->f_first[i]; j < a->f_first[i + 1]; j++)
            m *= fmax(fmax(a->f_v0[j] + a->f_slope[j] * us, a->f_v0[j] + a->f_slope[j] * ue), 0);
    }
    return m;
}

static bool stretch_flat(const struct ur_arrivals *a, const struct pos *p)
{
    return a->slope[p->k] == 0 && (!in_surge(a, p) || a->flat[p->c - 1]);
}

double ur_arrivals_rate(const struct ur_arrivals *a, double t_s)
{
    if (!(t_s >= 0 && t_s < a->horizon_s))
        return 0;
    if (a->constant)
        return a->rate;
    struct pos p = locate(a, t_s);
    return a->base * shape_at(a, &p, t_s);
}

/* ---- drawing ---- */

double ur_arrivals_next(const struct ur_arrivals *a, gsl_rng *r, double t_s)
{
    if (a->constant) {
        double x = t_s + ur_ran_exponential(r, a->mean_gap);
        return x < a->horizon_s ? x : INFINITY;
    }
    UR_ASSERT(!isnan(t_s));
    double s = t_s > 0 ? t_s : 0;
    if (!(s < a->horizon_s))
        return INFINITY;
    struct pos p = locate(a, s);
    double left = ur_ran_exponential(r, 1.0); /* of the unit exponential, still to spend */
    for (;;) {
        double pe = piece_end(a, &p), ce = next_corner(a, &p);
        double end = fmin(fmin(pe, ce), a->horizon_s);
        bool flat = stretch_flat(a, &p);
        double e = flat ? end : fmin(end, s + CUT_S);
        double m = bound(a, &p, flat, s, e), spend = m * (e - s);
        if (left < spend) {
            double x = fmin(s + left / m, e);
            if (!(x < a->horizon_s))
                return INFINITY;
            if (flat || gsl_rng_uniform(r) * m < a->base * shape_at(a, &p, x))
                return x;
            s = x; /* rejected: restart here */
            left = ur_ran_exponential(r, 1.0);
            continue;
        }
        left -= spend;
        s = e;
        if (!(s < a->horizon_s))
            return INFINITY;
        if (s >= pe)
            next_piece(a, &p);
        while (p.c < a->n_corners && a->corner[p.c] <= s)
            p.c++;
    }
}

static long group_round(double x)
{
    long g = lround(x);
    return g < 1 ? 1 : g;
}

long ur_arrivals_group(const struct ur_arrivals *a, gsl_rng *r)
{
    return a->has_group ? group_round(ur_dist_draw(&a->group, r)) : 1;
}

/* ---- the integral ---- */

/* Integral of P over [0, x] of day-time x in piece k. */
static double profile_cum(const struct ur_arrivals *a, size_t k, double u)
{
    return a->cum[k] + a->p0[k] * u + 0.5 * a->slope[k] * u * u;
}

/* Sum of W over days [0, day). */
static double days_cum(const struct ur_arrivals *a, long day)
{
    long n = (long)a->n_days;
    return (double)(day / n) * a->wcum[n] + a->wcum[day % n];
}

/* Integral of P W over [t0, t1], 0 <= t0 < t1: no surges. */
static double periodic_integral(const struct ur_arrivals *a, double t0, double t1)
{
    struct pos p0 = locate(a, t0), p1 = locate(a, t1);
    double c0 = profile_cum(a, p0.k, t0 - piece_start(a, &p0));
    double c1 = profile_cum(a, p1.k, t1 - piece_start(a, &p1));
    double w0 = day_mult(a, p0.day);
    if (p0.day == p1.day)
        return w0 * (c1 - c0);
    double whole = a->cum[a->n_pieces];
    return w0 * (whole - c0) + whole * (days_cum(a, p1.day) - days_cum(a, p0.day + 1)) +
           day_mult(a, p1.day) * c1;
}

struct extra_args {
    const struct ur_arrivals *a;
    struct pos p;
    size_t i; /* surge interval */
};

/* P W (prod S - 1) at t: what surges add. */
static double surge_extra_at(double t, void *params)
{
    const struct extra_args *x = params;
    return profile_at(x->a, &x->p, t) * day_mult(x->a, x->p.day) * (surge_at(x->a, x->i, t) - 1.0);
}

/* Integral of P W (prod S - 1) over [t0, t1]. */
static double surge_integral(const struct ur_arrivals *a, double t0, double t1)
{
    if (a->n_corners < 2)
        return 0;
    size_t i = locate(a, t0).c;
    i = i > 0 ? i - 1 : 0;
    double sum = 0;
    for (; i + 1 < a->n_corners && a->corner[i] < t1; i++) {
        if (a->f_first[i] == a->f_first[i + 1])
            continue; /* no surge active */
        double u0 = fmax(t0, a->corner[i]), u1 = fmin(t1, a->corner[i + 1]);
        if (!(u1 > u0))
            continue;
        struct extra_args x = {.a = a, .p = locate(a, u0), .i = i};
        gsl_function f = {.function = surge_extra_at, .params = &x};
        while (u0 < u1) {
            double pe = piece_end(a, &x.p), b = fmin(pe, u1);
            if (b > u0)
                sum += gsl_integration_glfixed(&f, u0, b, a->gl);
            u0 = b;
            if (u0 >= pe)
                next_piece(a, &x.p);
        }
    }
    return sum;
}

double ur_arrivals_expected(const struct ur_arrivals *a, double t0_s, double t1_s)
{
    double t0 = fmax(t0_s, 0), t1 = fmin(t1_s, a->horizon_s);
    if (!(t1 > t0))
        return 0;
    if (a->constant)
        return a->rate * (t1 - t0);
    return a->base * (periodic_integral(a, t0, t1) + surge_integral(a, t0, t1));
}

double ur_arrivals_base_rate(const struct ur_arrivals *a)
{
    return a->base;
}

double ur_arrivals_mean_group(const struct ur_arrivals *a)
{
    return a->mean_group;
}

bool ur_arrivals_is_constant(const struct ur_arrivals *a)
{
    return a->constant;
}

size_t ur_arrivals_bytes(const struct ur_arrivals *a)
{
    return a->bytes;
}

/* ---- building ---- */

static void *take(struct ur_arrivals *a, size_t n, size_t size)
{
    a->bytes += n * size;
    return calloc(n ? n : 1, size);
}

static bool add_piece(struct ur_arrivals *a, double from, double to, double v_from, double v_to)
{
    size_t k = a->n_pieces;
    if (!(to > from))
        return true;
    double slope = v_from == v_to ? 0 : (v_to - v_from) / (to - from);
    if (k > 0 && slope == 0 && a->slope[k - 1] == 0 && a->p0[k - 1] == v_from) {
        a->tb[k] = to; /* the same constant as the previous piece: extend it */
        return true;
    }
    a->tb[k] = from;
    a->tb[k + 1] = to;
    a->p0[k] = v_from;
    a->slope[k] = slope;
    a->n_pieces = k + 1;
    return true;
}

/* The day template, normalised so that the integral over the day is D. */
static int build_profile(struct ur_arrivals *a, const struct ur_arrivals_config *c)
{
    const struct ur_arrivals_profile *pr = &c->profile;
    bool hourly = ur_arrivals_given_hourly(c), points = ur_arrivals_given_points(c);
    size_t most = hourly ? 24 : points ? pr->points.n + 1 : 1;
    a->tb = take(a, most + 1, sizeof *a->tb);
    a->p0 = take(a, most, sizeof *a->p0);
    a->slope = take(a, most, sizeof *a->slope);
    a->cum = take(a, most + 1, sizeof *a->cum);
    if (!a->tb || !a->p0 || !a->slope || !a->cum)
        return UR_ENOMEM;
    if (hourly) {
        for (size_t h = 0; h < 24; h++)
            add_piece(a, 3600.0 * (double)h, 3600.0 * (double)(h + 1), pr->hourly.v[h],
                      pr->hourly.v[h]);
    } else if (points) {
        /* Knots a_0 < ... < a_{m-1} in [0, D); the segment from a_{m-1} to
         * a_0 + D crosses midnight with value v_mid there. */
        const struct ur_arrivals_point *q = pr->points.items;
        size_t m = pr->points.n;
        double span = q[0].at_s + DAY - q[m - 1].at_s;
        double v_mid =
            q[m - 1].weight + (q[0].weight - q[m - 1].weight) * (DAY - q[m - 1].at_s) / span;
        if (m == 1)
            v_mid = q[0].weight;
        add_piece(a, 0, q[0].at_s, v_mid, q[0].weight);
        for (size_t i = 0; i + 1 < m; i++)
            add_piece(a, q[i].at_s, q[i + 1].at_s, q[i].weight, q[i + 1].weight);
        add_piece(a, q[m - 1].at_s, DAY, q[m - 1].weight, v_mid);
    } else {
        add_piece(a, 0, DAY, 1, 1);
        a->cum[1] = DAY;
        return 0; /* already normalised: P = 1 exactly */
    }
    double area = 0;
    for (size_t k = 0; k < a->n_pieces; k++) {
        double len = a->tb[k + 1] - a->tb[k];
        area += a->p0[k] * len + 0.5 * a->slope[k] * len * len;
    }
    double scale = DAY / area; /* area > 0: weights >= 0, not all zero */
    for (size_t k = 0; k < a->n_pieces; k++) {
        double len = a->tb[k + 1] - a->tb[k];
        a->p0[k] *= scale;
        a->slope[k] *= scale;
        a->cum[k + 1] = a->cum[k] + a->p0[k] * len + 0.5 * a->slope[k] * len * len;
    }
    return 0;
}

static int build_days(struct ur_arrivals *a, const struct ur_arrivals_config *c)
{
    bool given = ur_arrivals_given_days(c);
    a->n_days = given ? c->days.n : 1;
    a->w = take(a, a->n_days, sizeof *a->w);
    a->wcum = take(a, a->n_days + 1, sizeof *a->wcum);
    if (!a->w || !a->wcum)
        return UR_ENOMEM;
    for (size_t i = 0; i < a->n_days; i++) {
        a->w[i] = given ? c->days.v[i] : 1.0;
        a->wcum[i + 1] = a->wcum[i] + a->w[i];
    }
    return 0;
}

static int cmp_double(const void *x, const void *y)
{
    double u = *(const double *)x, v = *(const double *)y;
    return (u > v) - (u < v);
}

/* Surge j's factor on the interval [from, to) of the corner list, as its
 * value at `from` and its slope; false when it is 1 there. */
static bool surge_form(const struct ur_arrivals_surge *s, double from, double to, double *v0,
                       double *slope)
{
    double c0 = s->start_s, c1 = c0 + s->ramp_s, c2 = c1 + s->duration_s, c3 = c2 + s->ramp_s;
    double mid = from + (to - from) / 2, m = s->multiplier;
    if (mid < c0 || mid >= c3)
        return false;
    if (mid < c1) { /* rising */
        *slope = (m - 1) / s->ramp_s;
        *v0 = 1 + (m - 1) * (from - c0) / s->ramp_s;
    } else if (mid < c2) {
        *slope = 0;
        *v0 = m;
    } else { /* falling */
        *slope = (1 - m) / s->ramp_s;
        *v0 = m + (1 - m) * (from - c2) / s->ramp_s;
    }
    return !(*v0 == 1 && *slope == 0);
}

static int build_surges(struct ur_arrivals *a, const struct ur_arrivals_config *c)
{
    const struct ur_arrivals_surge *s = c->surges.items;
    size_t n = c->surges.n, nc = 0;
    if (n == 0)
        return 0;
    a->corner = take(a, 4 * n, sizeof *a->corner);
    if (!a->corner)
        return UR_ENOMEM;
    for (size_t j = 0; j < n; j++) {
        double c0 = s[j].start_s, c1 = c0 + s[j].ramp_s, c2 = c1 + s[j].duration_s;
        double cc[4] = {c0, c1, c2, c2 + s[j].ramp_s};
        for (size_t k = 0; k < 4; k++)
            a->corner[nc++] = cc[k];
    }
    qsort(a->corner, nc, sizeof *a->corner, cmp_double);
    size_t distinct = 0;
    for (size_t k = 0; k < nc; k++)
        if (distinct == 0 || a->corner[k] != a->corner[distinct - 1])
            a->corner[distinct++] = a->corner[k];
    a->n_corners = distinct;
    size_t intervals = distinct - 1, active = 0, most = 0;
    for (size_t i = 0; i < intervals; i++) /* count the factors first */
        for (size_t j = 0; j < n; j++) {
            double v0, slope;
            active += surge_form(&s[j], a->corner[i], a->corner[i + 1], &v0, &slope);
        }
    a->f_first = take(a, distinct, sizeof *a->f_first);
    a->flat = take(a, intervals, sizeof *a->flat);
    a->f_v0 = take(a, active, sizeof *a->f_v0);
    a->f_slope = take(a, active, sizeof *a->f_slope);
    if (!a->f_first || !a->flat || !a->f_v0 || !a->f_slope)
        return UR_ENOMEM;
    active = 0;
    for (size_t i = 0; i < intervals; i++) {
        size_t here = 0;
        a->f_first[i] = active;
        a->flat[i] = true;
        for (size_t j = 0; j < n; j++) {
            double v0, slope;
            if (!surge_form(&s[j], a->corner[i], a->corner[i + 1], &v0, &slope))
                continue;
            a->f_v0[active] = v0;
            a->f_slope[active] = slope;
            a->flat[i] = a->flat[i] && slope == 0;
            active++, here++;
        }
        most = here > most ? here : most;
    }
    a->f_first[intervals] = active;
    if (active == 0) { /* every multiplier is 1: no surge at all */
        a->n_corners = 0;
        return 0;
    }
    /* P W (prod S - 1): degree 1 + most; n points are exact to degree 2n - 1. */
    a->gl_points = (3 + most) / 2;
    a->gl = gsl_integration_glfixed_table_alloc(a->gl_points);
    a->bytes += 2 * a->gl_points * sizeof(double);
    return a->gl ? 0 : UR_ENOMEM;
}

/* E[max(1, round(X))]; see the header comment. */
static double round_integral(double y)
{
    double k = floor(y + 0.5);
    return k * (k - 1) / 2 + k * (y - k + 0.5);
}

static double group_mean(const struct ur_dist *g)
{
    switch (g->kind) {
    case UR_DIST_DETERMINISTIC:
        return (double)group_round(g->a);
    case UR_DIST_UNIFORM:
        if (g->a == g->b)
            return (double)group_round(g->a);
        return (round_integral(g->b) - round_integral(g->a)) / (g->b - g->a);
    case UR_DIST_EMPIRICAL: {
        double mean = 0;
        for (size_t i = 0; i < g->n; i++)
            mean += gsl_ran_discrete_pdf(i, g->table) * (double)group_round(g->values[i]);
        return mean;
    }
    default:
        return NAN; /* refused by ur_arrivals_config_error */
    }
}

static bool is_constant(const struct ur_arrivals *a)
{
    for (size_t i = 1; i < a->n_days; i++)
        if (a->w[i] != a->w[0])
            return false;
    return a->n_pieces == 1 && a->slope[0] == 0 && a->n_corners == 0;
}

struct ur_arrivals *ur_arrivals_new(const struct ur_arrivals_config *c, double horizon_s,
                                    const char **why)
{
    *why = ur_arrivals_config_error(c);
    if (*why)
        return NULL;
    if (!(horizon_s > 0) || !isfinite(horizon_s)) {
        *why = "the horizon must be a finite duration greater than 0s";
        return NULL;
    }
    struct ur_arrivals *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->bytes = sizeof *a;
    a->horizon_s = horizon_s;
    a->has_group = c->has_group;
    if (a->has_group)
        a->group = c->group_size; /* shares the empirical table, read-only */
    a->mean_group = a->has_group ? group_mean(&a->group) : 1.0;
    if (build_profile(a, c) < 0 || build_days(a, c) < 0 || build_surges(a, c) < 0) {
        ur_arrivals_free(a);
        return NULL;
    }
    a->constant = is_constant(a);
    double shape_rate = a->p0[0] * a->w[0]; /* r / base where constant */
    if (c->has_rate) {
        a->base = c->rate_per_s;
    } else {
        a->base = 1.0;
        double shape = a->constant ? shape_rate * horizon_s : ur_arrivals_expected(a, 0, horizon_s);
        if (!(shape > 0)) {
            *why = "total cannot be met: the rate's shape (profile, days, surges) is zero over "
                   "the whole horizon";
            ur_arrivals_free(a);
            return NULL;
        }
        a->base = c->total / (a->mean_group * shape);
    }
    if (a->constant) {
        a->rate = a->base * shape_rate; /* `rate:` alone: base * 1 * 1, the rate itself */
        a->mean_gap = 1.0 / a->rate;
        if (!(a->rate > 0)) { /* days all zero is refused above; this is an underflow */
            *why = "the arrival rate is zero";
            ur_arrivals_free(a);
            return NULL;
        }
    }
    return a;
}

void ur_arrivals_free(struct ur_arrivals *a)
{
    if (!a)
        return;
    free(a->tb);
    free(a->p0);
    free(a->slope);
    free(a->cum);
    free(a->w);
    free(a->wcum);
    free(a->corner);
    free(a->f_first);
    free(a->flat);
    free(a->f_v0);
    free(a->f_slope);
    if (a->gl)
        gsl_integration_glfixed_table_free(a->gl);
    free(a);
}
