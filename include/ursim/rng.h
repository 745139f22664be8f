/* Named random streams and the distributions planners think in.
 *
 * Every stochastic source draws from its own stream, found by name:
 *     gsl_rng *r = ur_rng_stream(bank, "station.windows.service");
 * A stream's seed is a hash of (base seed, replication, name) (see
 * sim/rng/bank.c for the exact definition), so results are identical whatever
 * the thread count, and changing one source never shifts another's draws:
 * variants compared on the same seed use common random numbers.
 */
#ifndef URSIM_RNG_H
#define URSIM_RNG_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

struct ur_rng_bank; /* the streams of one replication */

/* NULL when out of memory. */
struct ur_rng_bank *ur_rng_bank_new(uint64_t base_seed, uint64_t replication);
void ur_rng_bank_free(struct ur_rng_bank *bank);
/* The stream called `name`, created on first use; the same pointer afterwards.
 * Never NULL (panics when out of memory). Not thread-safe: a bank belongs to
 * one replication and so to one thread. */
gsl_rng *ur_rng_stream(struct ur_rng_bank *bank, const char *name);
/* The 64-bit seed of a stream: the documented hash. */
uint64_t ur_rng_seed(uint64_t base_seed, uint64_t replication, const char *name);

/* Installs a GSL error handler that panics with GSL's reason (file:line,
 * simulated time, handler) instead of GSL's bare abort(). Call once. */
void ur_rng_install_gsl_handler(void);

enum ur_dist_kind {
    UR_DIST_NONE = 0,      /* not given */
    UR_DIST_EXPONENTIAL,   /* mean */
    UR_DIST_LOGNORMAL,     /* mean, cv */
    UR_DIST_GAMMA,         /* mean, cv */
    UR_DIST_WEIBULL,       /* shape, scale */
    UR_DIST_UNIFORM,       /* min, max */
    UR_DIST_DETERMINISTIC, /* value */
    UR_DIST_EMPIRICAL,     /* values, weights */
};

/* A distribution ready to draw from. Build it with ur_dist_set or
 * ur_dist_set_empirical; draws are read-only on the struct, so one dist may be
 * shared by threads, each with its own gsl_rng. */
struct ur_dist {
    enum ur_dist_kind kind;
    double p1, p2;       /* as the planner gave them (mean/cv, shape/scale, ...) */
    double a, b;         /* the GSL parameters derived from p1, p2 */
    double mean;         /* exact mean of the distribution */
    const double *values; /* empirical: the support, n values */
    size_t n;
    void *table;         /* empirical: gsl_ran_discrete_t, owned */
};

/* Sets a parametric distribution from the planner's parameters (see the enum
 * for their meaning; times in seconds). Returns NULL, or a static message
 * saying what is wrong ("cv must be > 0"). */
const char *ur_dist_set(struct ur_dist *d, enum ur_dist_kind kind, double p1, double p2);
/* Empirical: value i with probability weights[i] / sum(weights). `values` must
 * outlive d. Returns NULL or a static message. Release with ur_dist_fini. */
const char *ur_dist_set_empirical(struct ur_dist *d, const double *values, const double *weights,
                                  size_t n);
void ur_dist_fini(struct ur_dist *d);
double ur_dist_draw(const struct ur_dist *d, gsl_rng *r);
/* The u-quantile (0 <= u < 1) by inversion (GSL's gsl_cdf_*_Pinv): a draw
 * made from a uniform taken earlier, so that a model can fix the uniform when
 * an event is created and choose the distribution later (common random
 * numbers across variants that differ in the distribution). Empirical: the
 * first value, in the order given, whose cumulative probability exceeds u. */
double ur_dist_quantile(const struct ur_dist *d, double u);
/* An exponential draw with the given mean: GSL's inversion
 * (gsl_ran_exponential: -mean * log1p(-u), u = gsl_rng_uniform(r)) computed
 * as -mean * log(1 - u). For the 32-bit generators ursim uses (mt19937), u is
 * k / 2^32, so 1 - u is exact and both forms agree to the last bit or two
 * (tests/rng/test_dist.c checks it), but glibc's log is about three times
 * faster than its log1p: exponential draws were a quarter of an Erlang-A
 * station's run time. */
double ur_ran_exponential(gsl_rng *r, double mean);
/* The same draw split in two: u = gsl_rng_uniform(r) now, the exponential
 * later (and only if needed): ur_exponential_of(u, mean) equals what
 * ur_ran_exponential would have returned for that u, bit for bit. */
static inline double ur_exponential_of(double u, double mean)
{
    return -mean * log(1.0 - u);
}
/* Name as written in YAML ("lognormal"), or NULL. */
const char *ur_dist_name(enum ur_dist_kind kind);

#endif
