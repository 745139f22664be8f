/* The arrival process (sim/rng/arrivals.c) against its definition.
 *
 * Reference. rate_ref below computes r(t) straight from the configuration:
 * the profile interpolated between its points (the last joined to the first
 * a day later), divided by its mean over the day (for points: the trapezoid
 * sum over the periodic segments, without the library's split at midnight),
 * the day multiplier and each surge's factor from its corners. Every knot of
 * the test configurations lies on a quarter hour, so r is a polynomial on
 * each quarter hour and GSL's adaptive Gauss-Kronrod (qag, 21 points) on
 * each one is an integral independent of the library's closed forms.
 *
 * Statistics, with z = 4.4 (two-sided 1e-5 per check) as tests/rng/test_dist.c:
 *   counts N in a window over R independent replications are Poisson(L),
 *   L = the integral of r over it: mean = variance = L, central 4th moment
 *   mu4 = L + 3 L^2. Sample mean: |mean - L| <= z sqrt(L / R). Sample
 *   variance s^2 (divisor R - 1): Var(s^2) = mu4 / R - sigma^4 (R - 3) /
 *   (R (R - 1)) exactly (Casella & Berger ex. 5.8), with sigma^2 = L:
 *   (L + 3 L^2) / R - L^2 (R - 3) / (R (R - 1)), about (L + 2 L^2) / R.
 *   Time rescaling: the increments of the integrated rate between
 *   successive arrivals are i.i.d. Exp(1) for a Poisson process of
 *   intensity r (Brown et al., Neural Computation 14, 2002): mean 1,
 *   variance 1 (mu4 = 9: Var(s^2) ~ 8 / N), P(tau <= 1) = 1 - 1/e
 *   (binomial).
 *   Visitors over the horizon with groups: compound Poisson, mean
 *   L E[G] = total, variance L E[G^2].
 */
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include <ursim/arrivals.h>

#define Z 4.4
#define D 86400.0
#define H 3600.0

/* ---- configurations (every knot on a quarter hour) ---- */

static double hourly[24] = {0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 1.0, 1.4, 1.6, 1.7,
                            1.7, 1.6,  1.5,  1.4,  1.5,  1.7,  1.9, 2.0, 1.8, 1.2, 0.6, 0.3};
static double days3[3] = {0.95, 1.1, 0.95};
static double days2[2] = {1.0, 1.3};
static struct ur_arrivals_point points[6] = {{2 * H, 0.05},    {7.5 * H, 0.3}, {10 * H, 1.5},
                                             {14.25 * H, 1.2}, {18 * H, 1.8},  {21 * H, 0.2}};
/* s1 ramps up and down; s2, a dip, overlaps its plateau; s3 jumps (ramp 0);
 * s4 is a triangle (duration 0). */
static struct ur_arrivals_surge surges_a[3] = {
    {34 * H, 1 * H, 3 * H, 2.5}, {35.5 * H, 0.5 * H, 1 * H, 0.5}, {60.25 * H, 0, 2 * H, 3}};
static struct ur_arrivals_surge surges_b[3] = {
    {34 * H, 1 * H, 3 * H, 2.5}, {35.5 * H, 0.5 * H, 1 * H, 0.5}, {20 * H, 2 * H, 0, 4}};

/* Hourly profile, three days, three surges. */
static struct ur_arrivals_config config_a(double rate_per_s)
{
    struct ur_arrivals_config c = {.rate_per_s = rate_per_s, .has_rate = true};
    c.has_profile = true;
    c.profile.has_hourly = true;
    c.profile.hourly = (struct ur_reals){hourly, 24};
    c.has_days = true;
    c.days = (struct ur_reals){days3, 3};
    c.surges = (struct ur_list){surges_a, 3};
    return c;
}

/* Points profile (first point after midnight), two days, three surges. */
static struct ur_arrivals_config config_b(double rate_per_s)
{
    struct ur_arrivals_config c = {.rate_per_s = rate_per_s, .has_rate = true};
    c.has_profile = true;
    c.profile.has_points = true;
    c.profile.points = (struct ur_list){points, 6};
    c.has_days = true;
    c.days = (struct ur_reals){days2, 2};
    c.surges = (struct ur_list){surges_b, 3};
    return c;
}

static struct ur_arrivals *build(const struct ur_arrivals_config *c, double horizon)
{
    const char *why = NULL;
    struct ur_arrivals *a = ur_arrivals_new(c, horizon, &why);
    CHECK(a != NULL);
    if (!a) {
        fprintf(stderr, "  ur_arrivals_new: %s\n", why ? why : "out of memory");
        exit(1);
    }
    return a;
}

/* ---- the reference rate ---- */

static double ref_profile_raw(const struct ur_arrivals_config *c, double x)
{
    if (!c->has_profile)
        return 1;
    if (c->profile.has_hourly)
        return c->profile.hourly.v[(size_t)(x / H)];
    const struct ur_arrivals_point *p = c->profile.points.items;
    size_t m = c->profile.points.n;
    for (size_t i = 0; i + 1 < m; i++)
        if (x >= p[i].at_s && x < p[i + 1].at_s)
            return p[i].weight +
                   (p[i + 1].weight - p[i].weight) * (x - p[i].at_s) / (p[i + 1].at_s - p[i].at_s);
    double from = p[m - 1].at_s, to = p[0].at_s + D; /* the wrap, in [from, to) */
    if (x < p[0].at_s)
        x += D;
    return p[m - 1].weight + (p[0].weight - p[m - 1].weight) * (x - from) / (to - from);
}

static double ref_profile_mean(const struct ur_arrivals_config *c)
{
    if (!c->has_profile)
        return 1;
    double sum = 0;
    if (c->profile.has_hourly) {
        for (size_t h = 0; h < 24; h++)
            sum += c->profile.hourly.v[h];
        return sum / 24;
    }
    const struct ur_arrivals_point *p = c->profile.points.items;
    size_t m = c->profile.points.n;
    for (size_t i = 0; i < m; i++) {
        double t0 = p[i].at_s, t1 = i + 1 < m ? p[i + 1].at_s : p[0].at_s + D;
        double w1 = i + 1 < m ? p[i + 1].weight : p[0].weight;
        sum += (p[i].weight + w1) / 2 * (t1 - t0);
    }
    return sum / D;
}

static double ref_surge(const struct ur_arrivals_surge *s, double t)
{
    double up = s->start_s + s->ramp_s, down = up + s->duration_s, end = down + s->ramp_s;
    if (t < s->start_s || t >= end)
        return 1;
    if (t < up)
        return 1 + (s->multiplier - 1) * (t - s->start_s) / s->ramp_s;
    if (t < down)
        return s->multiplier;
    return s->multiplier - (s->multiplier - 1) * (t - down) / s->ramp_s;
}

static double ref_rate(const struct ur_arrivals_config *c, double base, double horizon, double t)
{
    if (t < 0 || t >= horizon)
        return 0;
    double day = floor(t / D), r = base * ref_profile_raw(c, t - day * D) / ref_profile_mean(c);
    if (c->has_days)
        r *= c->days.v[(size_t)day % c->days.n];
    const struct ur_arrivals_surge *s = c->surges.items;
    for (size_t j = 0; j < c->surges.n; j++)
        r *= ref_surge(&s[j], t);
    return r;
}

struct ref_args {
    const struct ur_arrivals_config *c;
    double base, horizon;
};

static double ref_fn(double t, void *params)
{
    const struct ref_args *x = params;
    return ref_rate(x->c, x->base, x->horizon, t);
}

/* Integral of rate_ref over [t0, t1], quarter hour by quarter hour. */
static double ref_integral(const struct ref_args *x, double t0, double t1)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(100);
    gsl_function f = {.function = ref_fn, .params = (void *)x};
    double sum = 0;
    for (double a = t0; a < t1;) {
        double b = fmin((floor(a / 900) + 1) * 900, t1), part, err;
        gsl_integration_qag(&f, a, b, 0, 1e-13, 100, GSL_INTEG_GAUSS21, ws, &part, &err);
        sum += part;
        a = b;
    }
    gsl_integration_workspace_free(ws);
    return sum;
}

/* ---- deterministic checks ---- */

static void test_constant(void)
{
    struct ur_arrivals_config c = {.rate_per_s = 0.6, .has_rate = true};
    struct ur_arrivals *a = build(&c, 30 * D);
    CHECK(ur_arrivals_is_constant(a));
    CHECK(ur_arrivals_rate(a, 1234.5) == 0.6);
    CHECK(ur_arrivals_rate(a, 30 * D) == 0);
    CHECK_NEAR(ur_arrivals_expected(a, 100, 3700), 0.6 * 3600, 1e-9);
    CHECK(ur_arrivals_mean_group(a) == 1);

    /* The same draws, bit for bit, as t + ur_ran_exponential(r, 1 / rate). */
    struct ur_rng_bank *bank = ur_rng_bank_new(11, 0);
    gsl_rng *r = ur_rng_stream(bank, "tests.arrivals.constant");
    gsl_rng *twin = gsl_rng_clone(r);
    double t = 0, u = 0;
    long same = 0, n = 0;
    while (n < 200000) {
        t = ur_arrivals_next(a, r, t);
        u = u + ur_ran_exponential(twin, 1.0 / 0.6);
        same += t == u;
        n++;
        CHECK_EQ(ur_arrivals_group(a, r), 1); /* and no draw */
    }
    CHECK_EQ(same, n);
    CHECK(gsl_rng_get(r) == gsl_rng_get(twin));
    fprintf(stderr, "constant rate: %ld of %ld arrivals identical to t + Exp(1/rate)\n", same, n);
    ur_arrivals_free(a);

    /* `total` with no shape is constant too: total / horizon. */
    struct ur_arrivals_config ct = {.total = 5000, .has_total = true};
    a = build(&ct, 2 * D);
    CHECK(ur_arrivals_is_constant(a));
    CHECK_NEAR(ur_arrivals_rate(a, 10), 5000 / (2 * D), 1e-15);
    double x = ur_arrivals_next(a, r, 100), y = 100 + ur_ran_exponential(twin, 2 * D / 5000);
    CHECK_NEAR(x, y, 1e-9 * y);
    ur_arrivals_free(a);
    gsl_rng_free(twin);
    ur_rng_bank_free(bank);
}

/* r(t) against rate_ref at many times, and the surge corners by hand. */
static void test_rate(void)
{
    struct ur_arrivals_config cs[2] = {config_a(0.5), config_b(0.05)};
    double horizons[2] = {3 * D, 2 * D};
    struct ur_rng_bank *bank = ur_rng_bank_new(3, 0);
    gsl_rng *r = ur_rng_stream(bank, "tests.arrivals.times");
    for (int k = 0; k < 2; k++) {
        struct ur_arrivals *a = build(&cs[k], horizons[k]);
        CHECK(!ur_arrivals_is_constant(a));
        double worst = 0;
        for (int i = 0; i < 100000; i++) {
            double t = i < 96 * 3 ? fmod(i * 900.0, horizons[k]) : gsl_rng_uniform(r) * horizons[k];
            double want = ref_rate(&cs[k], cs[k].rate_per_s, horizons[k], t);
            double got = ur_arrivals_rate(a, t);
            worst = fmax(worst, fabs(got - want) / want);
        }
        fprintf(stderr, "config %c: rate vs its definition, worst relative difference %.2g\n",
                'A' + k, worst);
        CHECK(worst <= 1e-12);
        CHECK(ur_arrivals_rate(a, -1) == 0 && ur_arrivals_rate(a, horizons[k]) == 0);
        ur_arrivals_free(a);
    }

    /* Surges: at start the plain shape, at start + ramp multiplier x shape,
     * half way up the mean of the two, after the end the plain shape again. */
    struct ur_arrivals_config with = config_a(0.5), without = with;
    without.surges.n = 0;
    struct ur_arrivals *a = build(&with, 3 * D), *plain = build(&without, 3 * D);
    struct {
        double t, factor;
    } at[] = {{34 * H, 1},           {34.5 * H, 1.75}, {35 * H, 2.5},         {35.25 * H, 2.5},
              {38.5 * H, 1.75},      {39 * H, 1},      {35.75 * H, 1.875},    {36.5 * H, 1.25},
              {60.25 * H - 1e-3, 1}, {60.25 * H, 3},   {62.25 * H - 1e-3, 3}, {62.25 * H, 1}};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        double want = at[i].factor * ur_arrivals_rate(plain, at[i].t);
        CHECK_NEAR(ur_arrivals_rate(a, at[i].t), want, 1e-12 * want);
    }
    fprintf(stderr, "surge at 34h: rate %.6g (shape %.6g), 35h %.6g (x2.5), 39h %.6g\n",
            ur_arrivals_rate(a, 34 * H), ur_arrivals_rate(plain, 34 * H),
            ur_arrivals_rate(a, 35 * H), ur_arrivals_rate(a, 39 * H));
    CHECK(ur_arrivals_bytes(a) > ur_arrivals_bytes(plain));
    ur_arrivals_free(a);
    ur_arrivals_free(plain);
    ur_rng_bank_free(bank);
}

/* ur_arrivals_expected against quadrature of rate_ref. */
static void test_expected(void)
{
    struct ur_arrivals_config cs[2] = {config_a(0.5), config_b(0.05)};
    double horizons[2] = {3 * D, 2 * D};
    double windows[][2] = {{0, 1e9},           {34 * H, 35 * H},     {35.2 * H, 37.9 * H},
                           {10000.3, 10001.7}, {23.9 * H, 24.1 * H}, {1000, 150000},
                           {60 * H, 63 * H},   {-5, 17 * H},         {19.5 * H, 24 * H},
                           {47 * H, 48 * H},   {70 * H + 13, 72 * H}};
    for (int k = 0; k < 2; k++) {
        struct ur_arrivals *a = build(&cs[k], horizons[k]);
        struct ref_args x = {&cs[k], cs[k].rate_per_s, horizons[k]};
        double worst = 0;
        for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
            double t0 = fmax(windows[i][0], 0), t1 = fmin(windows[i][1], horizons[k]);
            double want = t1 > t0 ? ref_integral(&x, t0, t1) : 0;
            double got = ur_arrivals_expected(a, windows[i][0], windows[i][1]);
            CHECK_NEAR(got, want, 1e-9 * want);
            if (want > 0)
                worst = fmax(worst, fabs(got - want) / want);
        }
        fprintf(stderr,
                "config %c: expected over %zu windows vs quadrature, worst relative "
                "difference %.2g; whole run %.6g events\n",
                'A' + k, sizeof windows / sizeof windows[0], worst,
                ur_arrivals_expected(a, 0, horizons[k]));
        CHECK(ur_arrivals_expected(a, 5 * H, 5 * H) == 0);
        CHECK(ur_arrivals_expected(a, 6 * H, 5 * H) == 0);
        ur_arrivals_free(a);
    }
}

/* `total`: expected visitors over the horizon, with and without groups. */
static void test_total_exact(void)
{
    static const double values[4] = {1, 2, 3, 4}, weights[4] = {4, 3, 2, 1};
    for (int grouped = 0; grouped < 2; grouped++) {
        for (int k = 0; k < 2; k++) {
            struct ur_arrivals_config c = k ? config_b(0) : config_a(0);
            c.has_rate = false;
            c.has_total = true;
            c.total = 3047900;
            if (grouped) {
                CHECK(ur_dist_set_empirical(&c.group_size, values, weights, 4) == NULL);
                c.has_group = true;
            }
            double horizon = k ? 2 * D : 3 * D;
            struct ur_arrivals *a = build(&c, horizon);
            double visitors = ur_arrivals_expected(a, 0, horizon) * ur_arrivals_mean_group(a);
            fprintf(stderr,
                    "total 3047900, config %c%s: expected visitors %.10g (base %.6g/s, "
                    "E[group] %g)\n",
                    'A' + k, grouped ? " with groups" : "", visitors, ur_arrivals_base_rate(a),
                    ur_arrivals_mean_group(a));
            CHECK_NEAR(visitors, c.total, 1e-9 * c.total);
            CHECK_NEAR(ur_arrivals_mean_group(a), grouped ? 2.0 : 1.0, 1e-12);
            /* and against the independent integral of the shape */
            struct ref_args x = {&c, ur_arrivals_base_rate(a), horizon};
            CHECK_NEAR(ref_integral(&x, 0, horizon) * ur_arrivals_mean_group(a), c.total,
                       1e-9 * c.total);
            ur_arrivals_free(a);
            if (grouped)
                ur_dist_fini(&c.group_size);
        }
    }
}

/* Group sizes: exact means of max(1, round(draw)) and a sample of each. */
static void test_groups(void)
{
    struct ur_rng_bank *bank = ur_rng_bank_new(5, 0);
    gsl_rng *r = ur_rng_stream(bank, "tests.arrivals.groups");
    static const double values[3] = {1, 2.5, 4}, weights[3] = {1, 1, 2};
    struct {
        const char *what;
        double mean, mean_sq; /* of the rounded group, derived by hand */
    } want[3] = {
        /* uniform [1, 2.2): 1 on [1, 1.5), 2 on [1.5, 2.2) */
        {"uniform(1, 2.2)", (0.5 * 1 + 0.7 * 2) / 1.2, (0.5 * 1 + 0.7 * 4) / 1.2},
        {"deterministic(2.6)", 3, 9},
        /* lround(2.5) = 3 (half away from zero) */
        {"empirical{1, 2.5, 4}", (1 + 3 + 2 * 4) / 4.0, (1 + 9 + 2 * 16) / 4.0},
    };
    struct ur_dist g[3];
    CHECK(ur_dist_set(&g[0], UR_DIST_UNIFORM, 1, 2.2) == NULL);
    CHECK(ur_dist_set(&g[1], UR_DIST_DETERMINISTIC, 2.6, 0) == NULL);
    CHECK(ur_dist_set_empirical(&g[2], values, weights, 3) == NULL);
    for (int k = 0; k < 3; k++) {
        struct ur_arrivals_config c = {
            .rate_per_s = 1, .has_rate = true, .has_group = true, .group_size = g[k]};
        struct ur_arrivals *a = build(&c, D);
        CHECK_NEAR(ur_arrivals_mean_group(a), want[k].mean, 1e-12 * want[k].mean);
        const int n = 200000;
        double sum = 0;
        long smallest = 1000;
        for (int i = 0; i < n; i++) {
            long x = ur_arrivals_group(a, r);
            sum += (double)x;
            smallest = x < smallest ? x : smallest;
        }
        double var = want[k].mean_sq - want[k].mean * want[k].mean;
        fprintf(stderr, "group %-22s mean %.5f (exact %.5f, +- %.5f)\n", want[k].what, sum / n,
                want[k].mean, Z * sqrt(var / n));
        CHECK_NEAR(sum / n, want[k].mean, Z * sqrt(var / n) + 1e-12);
        CHECK(smallest >= 1);
        ur_arrivals_free(a);
    }
    ur_dist_fini(&g[2]);
    ur_rng_bank_free(bank);
}

/* Memory is fixed by the configuration: 3 days and 30 days alike. */
static void test_memory(void)
{
    struct ur_arrivals_config c = config_a(0.5);
    struct ur_arrivals *a3 = build(&c, 3 * D), *a30 = build(&c, 30 * D);
    fprintf(stderr, "memory: %zu bytes for 3 days, %zu for 30 days\n", ur_arrivals_bytes(a3),
            ur_arrivals_bytes(a30));
    CHECK_EQ(ur_arrivals_bytes(a3), ur_arrivals_bytes(a30));
    double day27 = ur_arrivals_expected(a3, 0, D) / days3[0] * days3[27 % 3]; /* no surge */
    CHECK_NEAR(ur_arrivals_expected(a30, 27 * D, 28 * D), day27, 1e-12 * day27);
    ur_arrivals_free(a3);
    ur_arrivals_free(a30);
}

static void test_impossible(void)
{
    static double zero_first[2] = {0, 1};
    const char *why = NULL;
    struct ur_arrivals_config c = {
        .total = 100, .has_total = true, .has_days = true, .days = {zero_first, 2}};
    CHECK(ur_arrivals_new(&c, D, &why) == NULL); /* only day 0, at multiplier 0 */
    CHECK(why && strstr(why, "zero over the whole horizon"));
    CHECK(ur_arrivals_new(&c, 0, &why) == NULL);
    CHECK(why && strstr(why, "horizon"));
    CHECK(ur_arrivals_new(&c, INFINITY, &why) == NULL);

    /* With a rate, day 0 is simply empty. */
    c = (struct ur_arrivals_config){
        .rate_per_s = 0.01, .has_rate = true, .has_days = true, .days = {zero_first, 2}};
    struct ur_arrivals *a = build(&c, 3 * D);
    CHECK(!ur_arrivals_is_constant(a));
    struct ur_rng_bank *bank = ur_rng_bank_new(9, 0);
    gsl_rng *r = ur_rng_stream(bank, "tests.arrivals.zero");
    int in_day0 = 0, in_day2 = 0;
    for (double t = 0; (t = ur_arrivals_next(a, r, t)) < INFINITY;) {
        in_day0 += t < D;
        in_day2 += t >= 2 * D;
    }
    CHECK_EQ(in_day0, 0);
    CHECK_EQ(in_day2, 0);
    ur_rng_bank_free(bank);
    ur_arrivals_free(a);
}

/* ---- counts over replications ---- */

struct window {
    const char *what;
    double t0, t1;
    double *n; /* count per replication */
};

static void check_poisson_counts(const struct window *w, double lambda, size_t reps)
{
    double mean = gsl_stats_mean(w->n, 1, reps), var = gsl_stats_variance_m(w->n, 1, reps, mean);
    double n = (double)reps;
    double tol_mean = Z * sqrt(lambda / n);
    double var_var = (lambda + 3 * lambda * lambda) / n -
                     lambda * lambda * (n - 3) / (n * (n - 1)); /* Var(s^2), exact */
    double tol_var = Z * sqrt(var_var);
    fprintf(stderr, "  %-22s L %9.3f  mean %9.3f +- %6.3f  var %9.3f +- %7.3f\n", w->what, lambda,
            mean, tol_mean, var, tol_var);
    CHECK_NEAR(mean, lambda, tol_mean);
    CHECK_NEAR(var, lambda, tol_var);
}

/* Arrivals of `reps` replications (streams ur_rng_bank_new(seed, rep)):
 * counts in each window against Poisson moments, and the time-rescaled gaps
 * of the first replications against Exp(1). */
static void check_counts(const char *label, const struct ur_arrivals_config *c, double horizon,
                         struct window *w, size_t nw, size_t reps)
{
    struct ur_arrivals *a = build(c, horizon);
    for (size_t k = 0; k < nw; k++)
        w[k].n = calloc(reps, sizeof(double));
    const size_t rescale_reps = 40;
    size_t n_tau = 0, cap = 1 << 19, events = 0, disorder = 0;
    double *tau = malloc(cap * sizeof *tau);
    struct timespec t_start, t_end;
    clock_gettime(CLOCK_MONOTONIC, &t_start);
    for (size_t rep = 0; rep < reps; rep++) {
        struct ur_rng_bank *bank = ur_rng_bank_new(20240601, rep);
        gsl_rng *r = ur_rng_stream(bank, "tests.arrivals");
        double prev = 0;
        for (double t = 0; (t = ur_arrivals_next(a, r, t)) < INFINITY;) {
            disorder += !(t >= prev && t < horizon);
            for (size_t k = 0; k < nw; k++)
                w[k].n[rep] += t >= w[k].t0 && t < w[k].t1;
            if (rep < rescale_reps && n_tau < cap)
                tau[n_tau++] = ur_arrivals_expected(a, prev, t);
            prev = t;
            events++;
        }
        ur_rng_bank_free(bank);
    }
    clock_gettime(CLOCK_MONOTONIC, &t_end);
    double secs =
        (double)(t_end.tv_sec - t_start.tv_sec) + 1e-9 * (double)(t_end.tv_nsec - t_start.tv_nsec);
    CHECK_EQ(disorder, 0); /* increasing, inside [0, horizon) */
    fprintf(stderr, "counts over %zu replications of %s (%.0f events each):\n", reps, label,
            (double)events / (double)reps);
    for (size_t k = 0; k < nw; k++)
        check_poisson_counts(&w[k], ur_arrivals_expected(a, w[k].t0, w[k].t1), reps);

    double mean = gsl_stats_mean(tau, 1, n_tau), var = gsl_stats_variance_m(tau, 1, n_tau, mean);
    size_t below = 0;
    for (size_t i = 0; i < n_tau; i++)
        below += tau[i] <= 1;
    double nt = (double)n_tau, p = 1 - exp(-1), p_hat = (double)below / nt;
    fprintf(stderr,
            "  time rescaling, %zu gaps: mean %.5f +- %.5f, var %.5f +- %.5f, "
            "P(<= 1) %.5f (%.5f +- %.5f)\n",
            n_tau, mean, Z * sqrt(1 / nt), var, Z * sqrt(8 / nt), p_hat, p,
            Z * sqrt(p * (1 - p) / nt));
    CHECK_NEAR(mean, 1, Z * sqrt(1 / nt));
    CHECK_NEAR(var, 1, Z * sqrt(8 / nt));
    CHECK_NEAR(p_hat, p, Z * sqrt(p * (1 - p) / nt));
    fprintf(stderr, "  %.0f ns per arrival (with the counting; sanitizers make it slower)\n",
            1e9 * secs / (double)events);
    for (size_t k = 0; k < nw; k++)
        free(w[k].n);
    free(tau);
    ur_arrivals_free(a);
}

static void test_counts(void)
{
    struct ur_arrivals_config b = config_b(3000 / D); /* about 3000 a day */
    struct window wb[] = {
        {"surge ramp 34h-35h", 34 * H, 35 * H, NULL},
        {"surge peak 37.5h-38h", 37.5 * H, 38 * H, NULL},
        {"dip 36h-37h", 36 * H, 37 * H, NULL},
        {"night 27h-28h", 27 * H, 28 * H, NULL},
        {"triangle 20h-24h", 20 * H, 24 * H, NULL},
        {"midnight 23.5h-24.5h", 23.5 * H, 24.5 * H, NULL},
        {"day 2 (24h-48h)", 24 * H, 48 * H, NULL},
    };
    check_counts("config B (points, 2 days)", &b, 2 * D, wb, sizeof wb / sizeof wb[0], 2000);

    struct ur_arrivals_config a = config_a(0.02);
    struct window wa[] = {
        {"surge ramp 34h-35h", 34 * H, 35 * H, NULL},
        {"surge peak 37.5h-38h", 37.5 * H, 38 * H, NULL},
        {"jump 60h-60.5h", 60 * H, 60.5 * H, NULL},
        {"night 3h-4h", 3 * H, 4 * H, NULL},
        {"day 3 (48h-72h)", 48 * H, 72 * H, NULL},
    };
    check_counts("config A (hourly, 3 days)", &a, 3 * D, wa, sizeof wa / sizeof wa[0], 1000);
}

/* Visitors over the horizon with `total` and groups: compound Poisson. */
static void test_total_simulated(void)
{
    static const double values[4] = {1, 2, 3, 4}, weights[4] = {4, 3, 2, 1};
    const size_t reps = 400;
    const double horizon = 3 * D;
    struct ur_arrivals_config c = config_a(0);
    c.has_rate = false;
    c.has_total = true;
    c.total = 20000;
    CHECK(ur_dist_set_empirical(&c.group_size, values, weights, 4) == NULL);
    c.has_group = true;
    struct ur_arrivals *a = build(&c, horizon);
    double *visitors = calloc(reps, sizeof *visitors);
    for (size_t rep = 0; rep < reps; rep++) {
        struct ur_rng_bank *bank = ur_rng_bank_new(77, rep);
        gsl_rng *r = ur_rng_stream(bank, "tests.arrivals.total");
        for (double t = 0; (t = ur_arrivals_next(a, r, t)) < INFINITY;)
            visitors[rep] += (double)ur_arrivals_group(a, r);
        ur_rng_bank_free(bank);
    }
    double lambda = ur_arrivals_expected(a, 0, horizon), e_g2 = 50.0 / 10; /* E[G^2] */
    double mean = gsl_stats_mean(visitors, 1, reps), sd = sqrt(lambda * e_g2);
    double tol = Z * sd / sqrt((double)reps);
    double var = gsl_stats_variance_m(visitors, 1, reps, mean);
    fprintf(stderr,
            "total 20000 with groups (E[G] = 2), %zu replications: visitors %.1f +- "
            "%.1f, sd %.1f (compound Poisson %.1f)\n",
            reps, mean, tol, sqrt(var), sd);
    CHECK_NEAR(mean, c.total, tol);
    ur_arrivals_free(a);
    free(visitors);
    ur_dist_fini(&c.group_size);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    test_constant();
    test_rate();
    test_expected();
    test_total_exact();
    test_groups();
    test_memory();
    test_impossible();
    test_counts();
    test_total_simulated();
    return ur_check_summary("test_arrivals");
}
