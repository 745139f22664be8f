/* What one finished unit of work hands on, and its record: the same thing as
 * bytes, for a unit that runs in another process (a shard's part file, an
 * MPI rank's message) than the one that writes the results file.
 *
 * A record holds everything the runner would have written for the unit:
 * its time-series blocks exactly as the recorder handed them to the sink,
 * its KPIs (with their headline marks), its KPIs' parts in publishing order,
 * its event log and its numeric tables, and its count of events. Delivered
 * (ur_unit_deliver, with ur_out_series for each block), it leaves the file
 * and the KPI table as the unit itself would have: so a merged or gathered
 * file is the one a single run writes.
 */
#ifndef URSIM_UNIT_RECORD_H
#define URSIM_UNIT_RECORD_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "runner.h"
#include <ursim/arena.h>
#include <ursim/output.h>
#include <ursim/record.h>

/* A finished unit's results: views into its recorder, or into a decoded record. */
struct ur_unit_result {
    size_t rep;
    uint64_t events;
    const struct ur_kpi *kpis;
    size_t n_kpis;
    const struct ur_kpi_part *parts;
    size_t n_parts;
    const struct ur_log_row *logs;
    size_t n_logs;
    const struct ur_table_info *tables;
    size_t n_tables;
};

/* Where a unit's results go: <group> of the file (NULL: nowhere) and the
 * variant's KPI table, whose lock (may be NULL) is held while it changes. */
struct ur_unit_target {
    struct ur_out *out;
    const char *group;
    struct ur_results *res;
    pthread_mutex_t *lock;
};

/* Adds r's KPIs, parts and log counts to the KPI table, and its log and
 * tables to the file (every unit, rows or not: the file orders them by
 * replication). 0 or a UR_E* code. */
int ur_unit_deliver(const struct ur_unit_target *to, const struct ur_unit_result *r);

/* Encoding. A record is the result, then its series blocks, which the
 * runner appends as the sink receives them (ur_unit_record_block). */
void ur_unit_record_result(struct ur_buf *b, const struct ur_unit_result *r);
void ur_unit_record_block(struct ur_buf *b, const struct ur_series_info *s, size_t first,
                          size_t n, const double *values);

/* A decoded record; everything lives in `arena`. */
struct ur_series_block {
    struct ur_series_info s;
    size_t first, n;
    const double *values;
};
struct ur_unit_record {
    struct ur_unit_result r;
    struct ur_series_block *blocks;
    size_t n_blocks;
    struct ur_arena *arena;
};
/* Decodes bytes (the result followed by its blocks). 0, UR_ENOMEM, or
 * UR_EINPUT when they are not a whole record. */
int ur_unit_record_decode(struct ur_unit_record *rec, const void *bytes, size_t n);
void ur_unit_record_fini(struct ur_unit_record *rec);
/* Delivers a decoded record: its blocks to the file's series, with n_reps
 * and n_samples from to->res, then ur_unit_deliver. */
int ur_unit_record_deliver(const struct ur_unit_target *to, const struct ur_unit_record *rec);

#endif
