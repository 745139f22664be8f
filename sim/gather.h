/* A run's results file put together from its units' records, which arrive
 * in any order: ursim merge (from the parts of a sharded run) and
 * ursim-mpi's rank 0 (from the other ranks). Each record is delivered as its
 * unit would have delivered itself (unit_record.h); once every unit is in,
 * the KPI tables, summaries and comparison are written as ursim run writes
 * them, so the file is the one a single run writes.
 */
#ifndef URSIM_GATHER_H
#define URSIM_GATHER_H

#include <pthread.h>
#include <stdbool.h>

#include "unit_record.h"
#include "units.h"
#include <ursim/output.h>

struct ur_gather {
    const struct ur_units *units;
    struct ur_out *out;
    struct ur_results *res; /* per variant */
    char (*groups)[300];    /* per variant: "" or "variants/<name>" */
    unsigned char *seen;    /* per unit: delivered */
    size_t n_seen;
    pthread_mutex_t lock;   /* the KPI tables, when threads deliver too */
};

/* Opens PATH.tmp (ur_out_open) and writes each variant's sample times.
 * On failure g->out may still hold the error (ur_gather_error); call
 * ur_gather_fini either way. */
int ur_gather_open(struct ur_gather *g, const struct ur_units *units, const char *path, bool force,
                   const struct ur_out_meta *meta);
/* Delivers the record of unit `index`. UR_EINPUT when the bytes are not a
 * record of that unit, or the unit came already; UR_E* from the file. */
int ur_gather_record(struct ur_gather *g, size_t index, const void *bytes, size_t n);
/* Where unit `index` delivers directly (a thread of the writing process),
 * having been counted as seen: UR_EINPUT when it came already. */
int ur_gather_direct(struct ur_gather *g, size_t index, struct ur_unit_target *to);
/* Every unit in: writes summaries and the comparison and commits (which
 * frees g->out). UR_EINPUT when a unit is missing. */
int ur_gather_commit(struct ur_gather *g);
/* Frees what is left; removes PATH.tmp when not committed. */
void ur_gather_fini(struct ur_gather *g);
const char *ur_gather_error(const struct ur_gather *g);

#endif
