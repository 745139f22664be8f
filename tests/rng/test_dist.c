/* Distributions: each one's sample against its exact moments, with a fixed
 * seed and tolerances from the central limit theorem at a two-sided 1e-5
 * level (z = 4.4):
 *   mean:      |mean_hat - mu| <= z * sqrt(sigma^2 / n)
 *   variance:  |s^2 - sigma^2| <= z * sqrt((mu4 - sigma^4) / n), the
 *              asymptotic variance of the sample variance (Casella & Berger,
 *              Statistical Inference, 2nd ed., ex. 5.8; mu4 = central 4th moment)
 *   one CDF point x0: |F_hat(x0) - F(x0)| <= z * sqrt(F (1 - F) / n) (binomial)
 * The exact moments are derived here from the planner's parameters
 * independently of sim/rng/dist.c: lognormal and Weibull from their raw
 * moments E[X^k], gamma from its excess kurtosis 6 / shape.
 */
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <stdlib.h>

#include "check.h"
#include <ursim/rng.h>

#define Z 4.4
#define N_DRAWS 200000

struct exact {
    double mean, var, mu4; /* mu4: central fourth moment */
    double x0, cdf_x0;     /* P(X <= x0) */
};

/* Central 4th moment from raw moments m1..m4. */
static double central4(const double m[5])
{
    return m[4] - 4 * m[1] * m[3] + 6 * m[1] * m[1] * m[2] - 3 * pow(m[1], 4);
}

static void check_sample(const char *what, enum ur_dist_kind kind, double p1, double p2,
                         struct exact ex, gsl_rng *r)
{
    struct ur_dist d;
    const char *why = ur_dist_set(&d, kind, p1, p2);
    CHECK(why == NULL);
    if (why)
        return;
    CHECK_NEAR(d.mean, ex.mean, 1e-12 * ex.mean);
    double sum = 0, sum_sq = 0, below = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double x = ur_dist_draw(&d, r);
        sum += x;
        sum_sq += x * x;
        below += x <= ex.x0;
    }
    double mean = sum / N_DRAWS, var = (sum_sq - N_DRAWS * mean * mean) / (N_DRAWS - 1);
    double p = below / N_DRAWS;
    fprintf(stderr, "%-28s mean %.5g (exact %.5g)  var %.5g (%.5g)  F(x0) %.4f (%.4f)\n", what,
            mean, ex.mean, var, ex.var, p, ex.cdf_x0);
    CHECK_NEAR(mean, ex.mean, Z * sqrt(ex.var / N_DRAWS));
    CHECK_NEAR(var, ex.var, Z * sqrt((ex.mu4 - ex.var * ex.var) / N_DRAWS));
    CHECK_NEAR(p, ex.cdf_x0, Z * sqrt(ex.cdf_x0 * (1 - ex.cdf_x0) / N_DRAWS));
}

static void test_exponential(gsl_rng *r)
{
    double m = 5;
    struct exact ex = {m, m * m, 9 * pow(m, 4), m, 1 - exp(-1)};
    check_sample("exponential(5)", UR_DIST_EXPONENTIAL, m, 0, ex, r);
}

/* ur_ran_exponential is gsl_ran_exponential with log(1 - u) in place of
 * log1p(-u). On identically seeded streams the two must consume the same
 * draws and agree to rounding: u is a multiple of 2^-32 (mt19937 gives 32
 * bits), so 1 - u is exact and log's error (< 1 ulp each for glibc's log and
 * log1p) is the only difference. 4 ulp of relative slack covers both
 * roundings plus the multiplication by the mean. */
static void test_exponential_matches_gsl(void)
{
    struct ur_rng_bank *bank = ur_rng_bank_new(7, 0);
    gsl_rng *a = ur_rng_stream(bank, "tests.exp");
    gsl_rng *b = gsl_rng_clone(a);
    double worst = 0;
    int bad = 0;
    for (int i = 0; i < 1000000; i++) {
        double x = ur_ran_exponential(a, 3.5), y = gsl_ran_exponential(b, 3.5);
        double rel = y > 0 ? fabs(x - y) / y : fabs(x - y);
        worst = fmax(worst, rel);
        bad += !(rel <= 4 * DBL_EPSILON);
    }
    fprintf(stderr, "exponential vs GSL: worst relative difference %.3g (%.2f ulp)\n", worst,
            worst / DBL_EPSILON);
    CHECK(bad == 0);
    CHECK(gsl_rng_get(a) == gsl_rng_get(b)); /* same number of draws consumed */
    gsl_rng_free(b);
    ur_rng_bank_free(bank);
}

static void test_lognormal(gsl_rng *r)
{
    double mean = 20, cv = 0.5, s2 = log(1 + cv * cv), zeta = log(mean) - s2 / 2;
    double raw[5];
    for (int k = 0; k <= 4; k++)
        raw[k] = exp(k * zeta + k * k * s2 / 2);
    struct exact ex = {mean, pow(mean * cv, 2), central4(raw), exp(zeta), 0.5}; /* median */
    check_sample("lognormal(20, 0.5)", UR_DIST_LOGNORMAL, mean, cv, ex, r);
}

static void test_gamma(gsl_rng *r, double mean, double cv)
{
    double shape = 1 / (cv * cv), scale = mean * cv * cv, var = pow(mean * cv, 2);
    struct exact ex = {mean, var, (3 + 6 / shape) * var * var, mean,
                       gsl_cdf_gamma_P(mean, shape, scale)};
    char what[64];
    snprintf(what, sizeof what, "gamma(%g, %g)", mean, cv);
    check_sample(what, UR_DIST_GAMMA, mean, cv, ex, r);
}

static void test_weibull(gsl_rng *r)
{
    double shape = 1.5, scale = 8, raw[5];
    for (int k = 0; k <= 4; k++)
        raw[k] = pow(scale, k) * gsl_sf_gamma(1 + k / shape);
    struct exact ex = {raw[1], raw[2] - raw[1] * raw[1], central4(raw), scale, 1 - exp(-1)};
    /* Gamma(5/3) = 0.9027452929509336 (tables), independent of gsl_sf_gamma. */
    CHECK_NEAR(raw[1], 8 * 0.9027452929509336, 1e-12);
    check_sample("weibull(1.5, 8)", UR_DIST_WEIBULL, shape, scale, ex, r);
}

static void test_uniform_and_deterministic(gsl_rng *r)
{
    double w = 2;
    struct exact ex = {2, w * w / 12, pow(w, 4) / 80, 1.5, 0.25};
    check_sample("uniform(1, 3)", UR_DIST_UNIFORM, 1, 3, ex, r);

    struct ur_dist point, flat;
    CHECK(ur_dist_set(&point, UR_DIST_DETERMINISTIC, 90, 0) == NULL);
    CHECK(ur_dist_set(&flat, UR_DIST_UNIFORM, -4, -4) == NULL); /* min == max is allowed */
    CHECK_NEAR(point.mean, 90, 0);
    CHECK_NEAR(flat.mean, -4, 0);
    size_t exact = 0;
    for (int i = 0; i < 1000; i++)
        exact += (ur_dist_draw(&point, r) == 90) + (ur_dist_draw(&flat, r) == -4);
    CHECK_EQ(exact, 2000);
}

/* Frequencies of an empirical table: count_i ~ Binomial(n, p_i). */
static void test_empirical(gsl_rng *r)
{
    static const double values[4] = {60, 120, 300, 900}, weights[4] = {5, 3, 1, 0};
    struct ur_dist d;
    CHECK(ur_dist_set_empirical(&d, values, weights, 4) == NULL);
    CHECK_NEAR(d.mean, 960.0 / 9, 1e-12);
    size_t count[4] = {0};
    for (int i = 0; i < N_DRAWS; i++) {
        double x = ur_dist_draw(&d, r);
        for (int k = 0; k < 4; k++)
            count[k] += x == values[k];
    }
    CHECK_EQ(count[0] + count[1] + count[2], N_DRAWS);
    CHECK_EQ(count[3], 0); /* weight 0: never */
    for (int k = 0; k < 3; k++) {
        double p = weights[k] / 9;
        CHECK_NEAR((double)count[k] / N_DRAWS, p, Z * sqrt(p * (1 - p) / N_DRAWS));
    }
    ur_dist_fini(&d);
    CHECK_EQ(d.kind, UR_DIST_NONE);
    CHECK(d.table == NULL);

    static const double one_value[1] = {42}, one_weight[1] = {0.5};
    CHECK(ur_dist_set_empirical(&d, one_value, one_weight, 1) == NULL);
    CHECK_NEAR(ur_dist_draw(&d, r), 42, 0);
    ur_dist_fini(&d);
}

/* Inversion: F(quantile(u)) = u for the continuous kinds, and the
 * empirical table's steps at its cumulative weights. */
static void test_quantile(void)
{
    static const struct {
        enum ur_dist_kind kind;
        double p1, p2;
    } cases[] = {{UR_DIST_EXPONENTIAL, 90, 0},  {UR_DIST_LOGNORMAL, 300, 0.6},
                 {UR_DIST_GAMMA, 4, 0.7},       {UR_DIST_GAMMA, 3, 2},
                 {UR_DIST_WEIBULL, 1.5, 600},   {UR_DIST_UNIFORM, 60, 180}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ur_dist d;
        CHECK(ur_dist_set(&d, cases[i].kind, cases[i].p1, cases[i].p2) == NULL);
        double prev = -1;
        for (double u = 0.01; u < 1; u += 0.049) {
            double x = ur_dist_quantile(&d, u), F;
            switch (d.kind) {
            case UR_DIST_EXPONENTIAL: F = gsl_cdf_exponential_P(x, d.a); break;
            case UR_DIST_LOGNORMAL: F = gsl_cdf_lognormal_P(x, d.a, d.b); break;
            case UR_DIST_GAMMA: F = gsl_cdf_gamma_P(x, d.a, d.b); break;
            case UR_DIST_WEIBULL: F = gsl_cdf_weibull_P(x, d.a, d.b); break;
            default: F = gsl_cdf_flat_P(x, d.a, d.b); break;
            }
            CHECK_NEAR(F, u, 1e-9);
            CHECK(x > prev); /* increasing */
            prev = x;
        }
        CHECK_NEAR(ur_dist_quantile(&d, 0), d.kind == UR_DIST_UNIFORM ? 60 : 0, 1e-12);
    }
    struct ur_dist d;
    CHECK(ur_dist_set(&d, UR_DIST_DETERMINISTIC, 42, 0) == NULL);
    CHECK_NEAR(ur_dist_quantile(&d, 0.7), 42, 0);
    static const double values[4] = {60, 120, 300, 900}, weights[4] = {5, 3, 0, 1};
    CHECK(ur_dist_set_empirical(&d, values, weights, 4) == NULL);
    CHECK_NEAR(ur_dist_quantile(&d, 0), 60, 0);
    CHECK_NEAR(ur_dist_quantile(&d, 5.0 / 9 - 1e-9), 60, 0);
    CHECK_NEAR(ur_dist_quantile(&d, 5.0 / 9 + 1e-9), 120, 0);
    CHECK_NEAR(ur_dist_quantile(&d, 8.0 / 9 + 1e-9), 900, 0); /* weight 0 skipped */
    CHECK_NEAR(ur_dist_quantile(&d, 1 - 1e-16), 900, 0);
    ur_dist_fini(&d);
}

static void test_bad_parameters(void)
{
    static const struct {
        enum ur_dist_kind kind;
        double p1, p2;
        const char *why;
    } bad[] = {
        {UR_DIST_EXPONENTIAL, 0, 0, "mean must be > 0"},
        {UR_DIST_EXPONENTIAL, -1, 0, "mean must be > 0"},
        {UR_DIST_EXPONENTIAL, NAN, 0, "mean must be > 0"},
        {UR_DIST_EXPONENTIAL, INFINITY, 0, "mean must be finite"},
        {UR_DIST_LOGNORMAL, 0, 0.5, "mean must be > 0"},
        {UR_DIST_LOGNORMAL, 20, 0, "cv must be > 0"},
        {UR_DIST_LOGNORMAL, 20, INFINITY, "mean and cv must be finite"},
        {UR_DIST_GAMMA, 4, -0.5, "cv must be > 0"},
        {UR_DIST_GAMMA, 4, 1e-200, "cv is out of range (its square must be a normal number)"},
        {UR_DIST_WEIBULL, 0, 8, "shape must be > 0"},
        {UR_DIST_WEIBULL, 1.5, -8, "scale must be > 0"},
        {UR_DIST_WEIBULL, 1e-3, 8, "shape is too small: the mean is not finite"},
        {UR_DIST_WEIBULL, 1e-9, 8, "shape is too small: the mean is not finite"},
        {UR_DIST_UNIFORM, 3, 1, "min must be <= max"},
        {UR_DIST_UNIFORM, NAN, 1, "min and max must be finite"},
        {UR_DIST_DETERMINISTIC, INFINITY, 0, "value must be finite"},
        {UR_DIST_EMPIRICAL, 1, 1, "empirical distributions are set with ur_dist_set_empirical"},
        {UR_DIST_NONE, 1, 1, "unknown distribution"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct ur_dist d;
        CHECK(ur_dist_set(&d, UR_DIST_EXPONENTIAL, 5, 0) == NULL);
        CHECK_STR(ur_dist_set(&d, bad[i].kind, bad[i].p1, bad[i].p2), bad[i].why);
        CHECK(d.kind == UR_DIST_EXPONENTIAL && d.mean == 5); /* left as it was */
    }
    static const double v[2] = {1, 2}, v_nan[2] = {1, NAN}, w_neg[2] = {1, -1}, w_zero[2] = {0, 0},
                        w[2] = {1, 1};
    struct ur_dist d;
    CHECK_STR(ur_dist_set_empirical(&d, v, w, 0),
              "an empirical distribution needs at least one value");
    CHECK_STR(ur_dist_set_empirical(&d, v, w_neg, 2), "weights must be finite and >= 0");
    CHECK_STR(ur_dist_set_empirical(&d, v, w_zero, 2), "weights must not all be zero");
    CHECK_STR(ur_dist_set_empirical(&d, v_nan, w, 2), "values must be finite");
}

static void test_names(void)
{
    CHECK_STR(ur_dist_name(UR_DIST_EXPONENTIAL), "exponential");
    CHECK_STR(ur_dist_name(UR_DIST_LOGNORMAL), "lognormal");
    CHECK_STR(ur_dist_name(UR_DIST_EMPIRICAL), "empirical");
    CHECK(ur_dist_name(UR_DIST_NONE) == NULL);
    CHECK(ur_dist_name((enum ur_dist_kind)99) == NULL);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    struct ur_rng_bank *bank = ur_rng_bank_new(20240601, 0);
    gsl_rng *r = ur_rng_stream(bank, "tests.dist");
    test_exponential(r);
    test_exponential_matches_gsl();
    test_lognormal(r);
    test_gamma(r, 4, 0.7);
    test_gamma(r, 3, 2); /* shape 1/4 < 1: GSL's other algorithm */
    test_weibull(r);
    test_uniform_and_deterministic(r);
    test_empirical(r);
    test_quantile();
    test_bad_parameters();
    test_names();
    ur_rng_bank_free(bank);
    return ur_check_summary("test_dist");
}
