/* Queueing theory the station tests compare against, computed here from
 * first principles (no simulation): Erlang B and C, the birth-death chain of
 * M/M/c+M/K (Erlang A with an optional waiting room) with the waits of
 * arriving visitors, and the CTMC of M/M/1 with time-based breakdowns. */
#ifndef URSIM_TESTS_STATION_THEORY_H
#define URSIM_TESTS_STATION_THEORY_H

#include <stddef.h>

/* Erlang B: blocking in M/M/c/c with offered load a = lambda / mu. */
double theory_erlang_b(long c, double a);
/* Erlang C: probability of waiting in M/M/c (a < c). */
double theory_erlang_c(long c, double a);

/* M/M/c+M/K: Poisson(lambda) arrivals, c servers of rate mu, exponential
 * patience of rate theta (0: none), at most n_max visitors in the system
 * (the real limit c + capacity, or a truncation far in the tail). */
struct theory_queue {
    double lambda, mu, theta;
    long c;
    size_t n_max;
};

/* Long-run values, "joined" meaning arrivals that were not blocked. */
struct theory_result {
    double p_block;           /* P(N = n_max) seen by arrivals (PASTA) */
    double p_tail;            /* p[n_max]: truncation check when n_max is not real */
    double p_wait;            /* P(wait > 0 | joined) */
    double p_abandon;         /* P(renege | joined) */
    double queue_length_mean; /* E[(N - c)+] */
    double in_system_mean;    /* E[N] */
    double wait_served_mean;  /* E[W | joined and served] */
    double wait_all_mean;     /* E[time in queue | joined] */
};
struct theory_result theory_queue_solve(const struct theory_queue *q);

/* M/M/1 with time-based breakdowns (failure rate alpha while up, whether
 * busy or idle; repair rate beta) and preemptive resume: the CTMC on
 * (n, up/down), truncated at n_max, solved with LU. */
struct theory_breakdown_result {
    double in_system_mean;
    double p_up;
    double p_tail; /* probability of level n_max (truncation check) */
};
struct theory_breakdown_result theory_mm1_breakdowns(double lambda, double mu, double alpha,
                                                     double beta, size_t n_max);

#endif
