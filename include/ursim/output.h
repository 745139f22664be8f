/* The results file (HDF5). The only header that stands for <hdf5.h>.
 *
 * Layout (group "" is the root; variants later use "variants/<name>"):
 *   /                      attributes: ursim_version, scenario_name, scenario_yaml,
 *                          seed, replications, created_utc, command_line
 *                          and start when the scenario gives scenario.start
 *   <g>/timeseries/time    (n_samples) seconds, end of each sample interval: a
 *                          dimension scale "time" (units "seconds since
 *                          <start>" or "s", CF); every dataset's axes are
 *                          named by dimension scales (H5DS, see h5dims.c):
 *                          replication in <g>/timeseries/, <g>/summary/ and
 *                          /comparison/, time, and <table>_row for tables;
 *                          every dataset has CF's long_name
 *   <g>/timeseries/<path>  (replication, n_samples) float64, chunked, deflate,
 *                          NaN where not sampled; attributes units, description
 *   <g>/summary/<path>     (replication) float64; attributes units, description,
 *                          mean, sd, ci95_lo, ci95_hi, n; a headline KPI (see
 *                          ur_rec_headline) also headline_rank (int) and
 *                          better ("higher", "lower" or "neither")
 *   /comparison/<path>/<variant>  paired differences from the first variant
 *   /comparison/<path>/by_<dimension>/<variant>/   where that difference comes
 *                          from, for a KPI whose model publishes its parts
 *                          (ur_rec_kpi_part; dimension "type", "street",
 *                          "grid", "site"): datasets
 *                            part     (part) UTF-8 strings, the parts' names
 *                            diff     (part, replication) float64: the part's
 *                                     paired difference; in each replication
 *                                     the parts sum to <variant>'s value (up
 *                                     to rounding); attribute dimension
 *                            mean, sd, ci95_lo, ci95_hi  (part) over the
 *                                     replications (95% Student-t)
 *                            share    (part) the part's mean / the KPI's mean
 *                                     difference (NaN when that is 0); shares
 *                                     sum to 1, and one may exceed 1 when
 *                                     parts pull both ways
 *                          each with units, description and baseline.
 *   /comparison/<path>/by_<dimension>/<best>/over_<runner-up>/  the same for
 *                          the lead of a KPI that has a direction
 *                          (ur_rec_headline): the best variant by mean minus
 *                          the runner-up (when that is not the baseline);
 *                          datasets as above, attribute `against` (the
 *                          runner-up) on each, `share` of the lead (when
 *                          the best is the baseline, its group holds only
 *                          this). A
 *                          variant may not be named by_<anything> (the
 *                          loader refuses it), so the two never meet.
 *   /calibration           (row) HDF5 table of the observed figures against the
 *                          simulated means (ur_out_columns; the columns are
 *                          in sim/calibration.c and scenarios/README.md)
 *   <g>/plan_log           (row) HDF5 table (H5TB: attributes CLASS "TABLE",
 *                          TITLE, FIELD_<i>_NAME) of compound rows
 *                            replication int64, time float64 (s),
 *                            source, event, detail fixed-length UTF-8 strings of
 *                            UR_LOG_SOURCE_SIZE, _EVENT_SIZE, _DETAIL_SIZE bytes,
 *                            value float64 (NaN when none)
 *                          in replication order, each replication's rows in
 *                          logging order; attributes units, description. The
 *                          root's exists from ur_out_open on, empty if nothing
 *                          is logged.
 * A part of a sharded run (ursim run --shard I/N) has the root attributes,
 * plus shard_index, shard_count and units (the run's number of units), and
 * instead of the groups above the records of its own units (sim/unit_record.h),
 * which ursim merge turns into the file a single run writes:
 *   /shard/units           (byte) the run's units, encoded (sim/units.h)
 *   /shard/records         (byte) the records one after another, deflated
 *   /shard/index           (record, 3) uint64: unit index, offset, size
 *                          in /shard/records, in the order units finished
 * Written to PATH.tmp and renamed to PATH by ur_out_commit, so a failed or
 * interrupted run never leaves a partial PATH. Every call is thread-safe.
 */
#ifndef URSIM_OUTPUT_H
#define URSIM_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct ur_out_meta {
    const char *version, *scenario_name, *scenario_yaml, *command_line;
    long seed, replications;
    const char *start; /* scenario.start ("2023-12-30T00:00:00") or NULL: time's origin */
    /* Set by a signal handler, or NULL: once set, ur_out_commit publishes
     * nothing (UR_EINTR), checked after the file is complete and synced,
     * just before the rename. */
    volatile sig_atomic_t *interrupted;
};

struct ur_out;
/* Creates PATH.tmp. UR_EEXIST when PATH exists and !force; UR_EIO, UR_EHDF5. */
int ur_out_open(struct ur_out **out, const char *path, bool force, const struct ur_out_meta *meta);
/* Sample times of group g. */
int ur_out_time(struct ur_out *out, const char *group, const double *t_s, size_t n_samples);
/* Samples [first, first + n) of replication `rep` of a series; the dataset,
 * shaped (n_reps, n_samples), is created on first use. */
int ur_out_series(struct ur_out *out, const char *group, const struct ur_series_info *s,
                  size_t n_reps, size_t n_samples, size_t rep, size_t first, size_t n,
                  const double *values);
/* One KPI, one value per replication, with its aggregates as attributes. */
int ur_out_summary(struct ur_out *out, const char *group, const struct ur_kpi *k,
                   const double *per_rep, size_t n_reps);
/* The log rows of replication `rep` for <group>/plan_log (created, empty, on
 * the group's first call; n may be 0). Call once per replication and group,
 * from any thread and in any order: rows are appended in replication order.
 * A replication's rows are copied and held until every earlier one has been
 * given (so give every replication, even one without rows); any still held
 * at commit (an earlier replication never came) are appended then, in
 * replication order. Giving a replication twice is a bug (UR_ASSERT). */
int ur_out_log(struct ur_out *out, const char *group, size_t rep, const struct ur_log_row *rows,
               size_t n);
/* One replication's rows of a model's numeric table (ur_rec_table) at
 * <group>/tables/<t->path>, made on the first call: column `replication`,
 * then the table's columns (float64). Same ordering rules as ur_out_log:
 * give every replication once, even without rows. */
int ur_out_table(struct ur_out *out, const char *group, size_t rep,
                 const struct ur_table_info *t);
/* Paired differences of one KPI between a variant and the baseline (the
 * first variant), one per replication, at /comparison/<kpi path>/<variant>,
 * with the same aggregate attributes as a summary (mean, sd, ci95_lo,
 * ci95_hi, n) and `baseline`. */
int ur_out_comparison(struct ur_out *out, const struct ur_kpi *k, const char *variant,
                      const char *baseline, const double *diff, size_t n_reps);
/* The paired differences of one KPI's parts along one dimension, for one
 * variant against the baseline, at /comparison/<kpi>/by_<dimension>/<variant>/,
 * or against a lead's runner-up at .../<variant>/over_<against>/ (the layout
 * above). Arrays are the caller's. */
struct ur_out_parts {
    const struct ur_kpi *kpi; /* path, units, description */
    const char *dimension, *variant, *baseline;
    const char *against;      /* a lead's runner-up: split of variant - against; NULL: baseline */
    size_t n_parts, n_reps;
    const char *const *names; /* n_parts */
    const double *diff;       /* n_parts x n_reps, part after part */
    const double *mean, *sd, *ci95_lo, *ci95_hi, *share; /* n_parts each */
};
int ur_out_parts(struct ur_out *out, const struct ur_out_parts *p);
/* A small table written whole: an HDF5 table (H5TB, like plan_log) at
 * `path` ("/calibration") of n_rows rows, each column either text (UTF-8,
 * fixed-length, as long as its longest cell: nothing is cut) or numbers
 * (float64) or integers (int64); with units and description, and a
 * "<path>_row" dimension made at commit. Arrays are the caller's. */
struct ur_out_column {
    const char *name;
    const char *const *text; /* n_rows strings (NULL reads ""), or NULL */
    const double *num;       /* n_rows values, or NULL */
    const long long *count;  /* n_rows integers, or NULL: exactly one of the three is set */
};
int ur_out_columns(struct ur_out *out, const char *path, const char *units,
                   const char *description, size_t n_rows, const struct ur_out_column *cols,
                   size_t n_cols);
/* Makes the file a shard's part (layout above): its attributes and the
 * run's units (n bytes), before any ur_out_record. */
int ur_out_shard(struct ur_out *out, long index, long count, long n_units, const void *units,
                 size_t n);
/* Appends the record of unit `unit` (n bytes) to a part. */
int ur_out_record(struct ur_out *out, uint64_t unit, const void *bytes, size_t n);
/* Closes the file and renames PATH.tmp to PATH (replacing it with --force);
 * on any error, or when interrupted, removes PATH.tmp and leaves PATH as it was. */
int ur_out_commit(struct ur_out *out);
/* Closes the file and removes PATH.tmp. */
void ur_out_abort(struct ur_out *out);
/* Details of the last error (HDF5 or errno text), for the user. */
const char *ur_out_error(const struct ur_out *out);

#endif
