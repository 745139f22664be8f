/* The runner: a unit of work is one (variant, replication). Units are
 * independent (own engine, own random streams, own recorder), so the results
 * are the same whatever the number of threads, and later layers (variants,
 * sweeps, MPI ranks) add units without touching the engine. */
#ifndef URSIM_RUNNER_H
#define URSIM_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <ursim/output.h>
#include <ursim/scenario.h>

struct ur_run_opts {
    long replications; /* from the scenario unless overridden */
    long seed;
    int threads;       /* >= 1 */
    bool progress;     /* progress line on stderr */
    volatile sig_atomic_t *interrupted; /* set by a signal handler; may be NULL */
    const char *group; /* where in the file: "" (the root) or "variants/<name>" */
    bool dry;          /* build and finish each unit at t = 0 without running it: the
                          KPIs it would publish (for `ursim validate`), no file */
    const size_t *only; /* run only these n_only replications (NULL: every one) */
    size_t n_only;
    /* Set: a unit writes nothing; its record (unit_record.h) goes to emit,
     * from the worker's thread, and a negative return fails the run. */
    int (*emit)(void *ctx, size_t rep, const void *bytes, size_t n);
    void *emit_ctx;
    uint64_t max_events; /* per replication, then it ends early (0: no limit; the fuzzer's) */
};
struct ur_unit_target;

/* One KPI over the replications. */
struct ur_kpi_row {
    struct ur_kpi meta; /* value unused */
    double *per_rep;
};

/* One part of a KPI over the replications (ur_rec_kpi_part; sim/results_parts.c). */
struct ur_part_row {
    char *kpi, *dimension, *part;
    double *per_rep;     /* 0 where a replication did not publish it */
    size_t rep0, index0; /* where it was first published: (replication, position in it) */
};

/* Rows of replication 0's event log kept for the printout; the file has all. */
#define UR_RESULTS_LOG_SHOWN 30

struct ur_results {
    size_t n_reps, n_samples;
    struct ur_kpi_row *kpis;
    size_t n_kpis;
    uint64_t events;              /* over all units */
    size_t *log_rows;             /* event log rows of each replication */
    struct ur_log_row *log_first; /* replication 0's first rows, at most UR_RESULTS_LOG_SHOWN */
    size_t n_log_first;
    struct ur_part_row *parts; /* in canonical order once ur_run returns */
    size_t n_parts, cap_parts;
};

/* Runs every replication of the scenario, writing time series and event log
 * rows to `out` (may be NULL) as it goes, and KPIs and log counts into *res.
 * Returns 0, UR_EINTR or a UR_E* code. */
int ur_run(const struct ur_scenario *sc, const struct ur_run_opts *opts, struct ur_out *out,
           struct ur_results *res);
/* Runs replication `rep` alone, in this thread, delivering to `to` (or,
 * with opts->emit, recording; to->res gives the shape). 0 or a UR_E* code. */
int ur_run_unit(const struct ur_scenario *sc, const struct ur_run_opts *opts, size_t rep,
                const struct ur_unit_target *to);
/* An empty table for n_reps replications of n_samples samples (what ur_run
 * starts from). 0 or UR_ENOMEM. */
int ur_results_init(struct ur_results *res, size_t n_reps, size_t n_samples);
void ur_results_fini(struct ur_results *res);
/* Appends a row for KPI k (strings copied, values NaN). 0 or UR_ENOMEM. */
int ur_results_add_row(struct ur_results *res, const struct ur_kpi *k);
/* Writes every KPI under <group>/summary/. */
int ur_results_write(const struct ur_results *res, struct ur_out *out, const char *group);
/* Prints the KPI table: mean and 95% t-interval over the replications; then,
 * if any replication logged events, the rows per replication and the first
 * rows of replication 0. */
void ur_results_print(const struct ur_results *res, FILE *f);

/* Just the event-log part of that printout, naming the table `where` in
 * the file; nothing when no replication logged a row. */
void ur_results_print_log(const struct ur_results *res, const char *where, FILE *f);

/* Adds replication rep's KPI parts from its recorder (in the caller's lock,
 * like the KPIs). A replication publishes each part once. 0 or UR_ENOMEM. */
int ur_results_add_parts(struct ur_results *res, size_t rep, const struct ur_rec *rec);
/* The same from an array of n parts in publishing order (a unit's record). */
int ur_results_add_part_list(struct ur_results *res, size_t rep, const struct ur_kpi_part *parts,
                             size_t n);
/* Puts the part rows in canonical order, by where each was first published
 * (replication, then publishing order): the same for any thread count. */
void ur_results_sort_parts(struct ur_results *res);
void ur_results_parts_fini(struct ur_results *res);

/* Number of samples per replication: ceil(horizon / sample_interval). */
size_t ur_run_n_samples(const struct ur_run_config *run);
/* The sample times: the end of each interval, the last one at the horizon. */
void ur_run_sample_times(const struct ur_run_config *run, double *t_s);

#endif
