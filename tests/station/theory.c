/* Reference values for the station tests.
 *
 * Erlang B by its stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)),
 * and Erlang C from it, C = c B / (c - a (1 - B)) (e.g. Kleinrock 1975, ch. 3;
 * Gross & Harris, Fundamentals of Queueing Theory, sec. 2.3).
 *
 * M/M/c+M/K as a birth-death chain (Garnett, Mandelbaum & Reiman 2002,
 * "Designing a call center with impatient customers", M&SOM 4(3); Mandelbaum
 * & Zeltyn 2007 for the waits): birth rate lambda for n < K, death rate
 * min(n, c) mu + max(n - c, 0) theta, p[n] proportional to the product of
 * birth / death rates. Waits of an arrival that finds k = n - c >= 0 visitors
 * waiting ahead: while j are ahead it moves up at rate c mu + j theta and
 * gives up at rate theta, and the time to the first of these is independent
 * of which happens. The products telescope:
 *     P(served | k)        = c mu / (c mu + (k + 1) theta)
 *     E[W 1{served} | k]   = P(served | k) * sum_{i=0..k} 1 / (c mu + (i + 1) theta)
 *     E[W | k]             = (k + 1) / (c mu + (k + 1) theta)
 * and PASTA averages them over p[n] for n < K (theta = 0 gives Erlang C).
 *
 * M/M/1 with breakdowns: the CTMC on (n, up/down) with rates lambda (n -> n+1,
 * n < n_max), mu (n -> n-1 while up), alpha (up -> down), beta (down -> up);
 * exponential service makes preemptive resume memoryless. pi Q = 0 with one
 * equation replaced by sum(pi) = 1, solved by LU (GSL).
 */
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>

#include <ursim/diag.h>

#include "theory.h"

double theory_erlang_b(long c, double a)
{
    double b = 1.0;
    for (long k = 1; k <= c; k++)
        b = a * b / ((double)k + a * b);
    return b;
}

double theory_erlang_c(long c, double a)
{
    double b = theory_erlang_b(c, a);
    return (double)c * b / ((double)c - a * (1.0 - b));
}

static double death_rate(const struct theory_queue *q, size_t n)
{
    double busy = (double)n < (double)q->c ? (double)n : (double)q->c;
    return busy * q->mu + ((double)n - busy) * q->theta;
}

/* p[0..n_max], normalised. */
static double *stationary(const struct theory_queue *q)
{
    double *p = malloc((q->n_max + 1) * sizeof *p);
    UR_ASSERT(p != NULL);
    double total = p[0] = 1.0;
    for (size_t n = 1; n <= q->n_max; n++)
        total += p[n] = p[n - 1] * q->lambda / death_rate(q, n);
    for (size_t n = 0; n <= q->n_max; n++)
        p[n] /= total;
    return p;
}

struct theory_result theory_queue_solve(const struct theory_queue *q)
{
    double *p = stationary(q);
    const double cmu = (double)q->c * q->mu;
    double served = 0, wait_served = 0, wait_all = 0, waited = 0, harmonic = 0;
    struct theory_result r = {.p_block = p[q->n_max], .p_tail = p[q->n_max]};
    for (size_t n = 0; n <= q->n_max; n++) {
        double ahead = (double)n - (double)q->c; /* k, when >= 0 */
        r.in_system_mean += (double)n * p[n];
        r.queue_length_mean += ahead > 0 ? ahead * p[n] : 0;
        if (n == q->n_max)
            break; /* blocked: never joins */
        if (ahead < 0) {
            served += p[n];
            continue;
        }
        double leave = cmu + (ahead + 1) * q->theta, p_served = cmu / leave;
        harmonic += 1.0 / leave;
        served += p[n] * p_served;
        wait_served += p[n] * p_served * harmonic;
        wait_all += p[n] * (ahead + 1) / leave;
        waited += p[n];
    }
    double joined = 1.0 - p[q->n_max];
    r.p_wait = waited / joined;
    r.p_abandon = 1.0 - served / joined;
    r.wait_served_mean = wait_served / served;
    r.wait_all_mean = wait_all / joined;
    free(p);
    return r;
}

/* Adds the transition u -> v at `rate` to A = Q^T. */
static void rate(gsl_matrix *A, size_t u, size_t v, double r)
{
    *gsl_matrix_ptr(A, v, u) += r;
    *gsl_matrix_ptr(A, u, u) -= r;
}

static gsl_matrix *breakdown_generator(double lambda, double mu, double alpha, double beta,
                                       size_t n_max)
{
    size_t m = 2 * (n_max + 1); /* state 2n: n present, server up; 2n + 1: down */
    gsl_matrix *A = gsl_matrix_calloc(m, m);
    UR_ASSERT(A != NULL);
    for (size_t n = 0; n <= n_max; n++) {
        rate(A, 2 * n, 2 * n + 1, alpha);
        rate(A, 2 * n + 1, 2 * n, beta);
        if (n < n_max) {
            rate(A, 2 * n, 2 * n + 2, lambda);
            rate(A, 2 * n + 1, 2 * n + 3, lambda);
        }
        if (n > 0)
            rate(A, 2 * n, 2 * n - 2, mu);
    }
    for (size_t j = 0; j < m; j++) /* last balance equation -> sum(pi) = 1 */
        gsl_matrix_set(A, m - 1, j, 1.0);
    return A;
}

struct theory_breakdown_result theory_mm1_breakdowns(double lambda, double mu, double alpha,
                                                     double beta, size_t n_max)
{
    gsl_matrix *A = breakdown_generator(lambda, mu, alpha, beta, n_max);
    size_t m = A->size1;
    gsl_vector *b = gsl_vector_calloc(m), *pi = gsl_vector_alloc(m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    UR_ASSERT(b && pi && perm);
    gsl_vector_set(b, m - 1, 1.0);
    int sign;
    gsl_linalg_LU_decomp(A, perm, &sign);
    gsl_linalg_LU_solve(A, perm, b, pi);
    struct theory_breakdown_result r = {0};
    for (size_t n = 0; n <= n_max; n++) {
        double up = gsl_vector_get(pi, 2 * n), down = gsl_vector_get(pi, 2 * n + 1);
        r.in_system_mean += (double)n * (up + down);
        r.p_up += up;
    }
    r.p_tail = gsl_vector_get(pi, m - 2) + gsl_vector_get(pi, m - 1);
    gsl_permutation_free(perm);
    gsl_vector_free(pi);
    gsl_vector_free(b);
    gsl_matrix_free(A);
    return r;
}
