/* Distributions in the terms planners use (a mean and a coefficient of
 * variation, a shape and a scale), translated once into GSL's parameters so a
 * draw is a single GSL call.
 *
 * Translations (p1, p2 as given -> a, b passed to GSL), exact means:
 *   exponential(mean)    ur_ran_exponential(r, mean): gsl_ran_exponential's
 *                        inversion with log(1 - u) for log1p(-u) (see rng.h)
 *   lognormal(mean, cv)  sigma^2 = ln(1 + cv^2), zeta = ln(mean) - sigma^2 / 2,
 *                        gsl_ran_lognormal(r, zeta, sigma); then E = mean and
 *                        sd = mean * cv (Johnson, Kotz & Balakrishnan, ch. 14)
 *   gamma(mean, cv)      shape k = 1 / cv^2, scale theta = mean * cv^2,
 *                        gsl_ran_gamma(r, k, theta); E = k theta, sd = cv E
 *   weibull(shape, scale) gsl_ran_weibull(r, scale, shape) (GSL's a is the
 *                        scale, b the exponent); E = scale * Gamma(1 + 1/shape)
 *   uniform(min, max)    gsl_ran_flat(r, min, max); E = (min + max) / 2
 *   deterministic(value) value
 *   empirical            gsl_ran_discrete over the weights; E = sum w v / sum w
 * Parameters are validated here, not at draw time: a GSL error while drawing
 * would be a bug and panics (gsl_error.c).
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include <ursim/diag.h>
#include <ursim/rng.h>

static const char *const names[] = {
    [UR_DIST_EXPONENTIAL] = "exponential",
    [UR_DIST_LOGNORMAL] = "lognormal",
    [UR_DIST_GAMMA] = "gamma",
    [UR_DIST_WEIBULL] = "weibull",
    [UR_DIST_UNIFORM] = "uniform",
    [UR_DIST_DETERMINISTIC] = "deterministic",
    [UR_DIST_EMPIRICAL] = "empirical",
};

const char *ur_dist_name(enum ur_dist_kind kind)
{
    if ((unsigned)kind >= sizeof names / sizeof names[0])
        return NULL;
    return names[kind];
}

/* Checks a (mean, cv) pair, shared by lognormal and gamma. */
static const char *check_mean_cv(double mean, double cv)
{
    if (!(mean > 0))
        return "mean must be > 0";
    if (!(cv > 0))
        return "cv must be > 0";
    if (!isfinite(mean) || !isfinite(cv))
        return "mean and cv must be finite";
    if (!(cv * cv > 0) || !isfinite(1 / (cv * cv)) || !isfinite(mean * cv * cv))
        return "cv is out of range (its square must be a normal number)";
    return NULL;
}

static const char *set_weibull(struct ur_dist *d, double shape, double scale)
{
    if (!(shape > 0))
        return "shape must be > 0";
    if (!(scale > 0))
        return "scale must be > 0";
    if (!isfinite(shape) || !isfinite(scale))
        return "shape and scale must be finite";
    /* lngamma, not gamma: Gamma(1 + 1/shape) overflows for shape < ~0.006,
     * and that is reported as a message rather than a GSL overflow error. */
    if (1 / shape > 1e6)
        return "shape is too small: the mean is not finite";
    d->a = scale;
    d->b = shape;
    d->mean = scale * exp(gsl_sf_lngamma(1 + 1 / shape));
    if (!isfinite(d->mean))
        return "shape is too small: the mean is not finite";
    return NULL;
}

static const char *set_two(struct ur_dist *d, double p1, double p2)
{
    const char *why = NULL;
    switch (d->kind) {
    case UR_DIST_LOGNORMAL:
        if (!(why = check_mean_cv(p1, p2))) {
            double sigma2 = log1p(p2 * p2);
            d->a = log(p1) - sigma2 / 2;
            d->b = sqrt(sigma2);
            d->mean = p1;
        }
        return why;
    case UR_DIST_GAMMA:
        if (!(why = check_mean_cv(p1, p2))) {
            d->a = 1 / (p2 * p2);
            d->b = p1 * p2 * p2;
            d->mean = p1;
        }
        return why;
    case UR_DIST_WEIBULL:
        return set_weibull(d, p1, p2);
    case UR_DIST_UNIFORM:
        if (!isfinite(p1) || !isfinite(p2))
            return "min and max must be finite";
        if (!(p1 <= p2))
            return "min must be <= max";
        d->a = p1;
        d->b = p2;
        d->mean = p1 / 2 + p2 / 2; /* no overflow near DBL_MAX */
        return NULL;
    default:
        return "unknown distribution";
    }
}

static const char *set_one(struct ur_dist *d, double p1)
{
    if (d->kind == UR_DIST_EXPONENTIAL && !(p1 > 0))
        return "mean must be > 0";
    if (d->kind == UR_DIST_EXPONENTIAL && !isfinite(p1))
        return "mean must be finite";
    if (d->kind == UR_DIST_DETERMINISTIC && !isfinite(p1))
        return "value must be finite";
    d->a = p1;
    d->mean = p1;
    return NULL;
}

const char *ur_dist_set(struct ur_dist *d, enum ur_dist_kind kind, double p1, double p2)
{
    struct ur_dist out = {.kind = kind, .p1 = p1, .p2 = p2};
    const char *why;
    if (kind == UR_DIST_EXPONENTIAL || kind == UR_DIST_DETERMINISTIC)
        why = set_one(&out, p1);
    else if (kind == UR_DIST_EMPIRICAL)
        why = "empirical distributions are set with ur_dist_set_empirical";
    else
        why = set_two(&out, p1, p2);
    if (!why)
        *d = out; /* on error d is left as it was */
    return why;
}

/* Checks the table and returns its weighted mean through *mean. */
static const char *check_empirical(const double *values, const double *weights, size_t n,
                                   double *mean)
{
    if (n < 1)
        return "an empirical distribution needs at least one value";
    double total = 0, weighted = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return "values must be finite";
        if (!(weights[i] >= 0) || !isfinite(weights[i]))
            return "weights must be finite and >= 0";
        total += weights[i];
        weighted += weights[i] * values[i];
    }
    if (!(total > 0))
        return "weights must not all be zero";
    if (!isfinite(total) || !isfinite(weighted))
        return "weights or values are too large: their weighted sum overflows";
    *mean = weighted / total;
    return NULL;
}

const char *ur_dist_set_empirical(struct ur_dist *d, const double *values, const double *weights,
                                  size_t n)
{
    double mean = 0;
    const char *why = check_empirical(values, weights, n, &mean);
    if (why)
        return why;
    gsl_ran_discrete_t *table = gsl_ran_discrete_preproc(n, weights);
    if (!table)
        return "out of memory building the empirical table";
    *d = (struct ur_dist){
        .kind = UR_DIST_EMPIRICAL, .values = values, .n = n, .table = table, .mean = mean};
    return NULL;
}

void ur_dist_fini(struct ur_dist *d)
{
    if (d->kind == UR_DIST_EMPIRICAL && d->table)
        gsl_ran_discrete_free(d->table);
    *d = (struct ur_dist){.kind = UR_DIST_NONE};
}

double ur_ran_exponential(gsl_rng *r, double mean)
{
    return ur_exponential_of(gsl_rng_uniform(r), mean);
}

double ur_dist_draw(const struct ur_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case UR_DIST_EXPONENTIAL:
        return ur_ran_exponential(r, d->a);
    case UR_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a, d->b);
    case UR_DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case UR_DIST_WEIBULL:
        return gsl_ran_weibull(r, d->a, d->b);
    case UR_DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case UR_DIST_DETERMINISTIC:
        return d->a;
    case UR_DIST_EMPIRICAL:
        return d->values[gsl_ran_discrete(r, d->table)];
    case UR_DIST_NONE:
    default:
        ur_panic(__FILE__, __LINE__, "drawing from a distribution that was never set");
    }
}

double ur_dist_quantile(const struct ur_dist *d, double u)
{
    UR_ASSERT(u >= 0 && u < 1);
    switch (d->kind) {
    case UR_DIST_EXPONENTIAL:
        return ur_exponential_of(u, d->a);
    case UR_DIST_LOGNORMAL:
        return u > 0 ? gsl_cdf_lognormal_Pinv(u, d->a, d->b) : 0.0;
    case UR_DIST_GAMMA:
        return u > 0 ? gsl_cdf_gamma_Pinv(u, d->a, d->b) : 0.0;
    case UR_DIST_WEIBULL:
        return u > 0 ? gsl_cdf_weibull_Pinv(u, d->a, d->b) : 0.0;
    case UR_DIST_UNIFORM:
        return gsl_cdf_flat_Pinv(u, d->a, d->b);
    case UR_DIST_DETERMINISTIC:
        return d->a;
    case UR_DIST_EMPIRICAL: {
        /* The values in the order given; the first whose cumulative
         * probability exceeds u (GSL keeps the normalised weights). */
        const gsl_ran_discrete_t *t = d->table;
        double cum = 0;
        size_t last = 0;
        for (size_t k = 0; k < d->n; k++) {
            double p = gsl_ran_discrete_pdf(k, t);
            if (p > 0)
                last = k;
            cum += p;
            if (u < cum && p > 0)
                return d->values[k];
        }
        return d->values[last]; /* rounding: u just below 1 */
    }
    case UR_DIST_NONE:
    default:
        ur_panic(__FILE__, __LINE__, "inverting a distribution that was never set");
    }
}
