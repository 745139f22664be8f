/* The units of work of a run, and the one map from a unit's index to what
 * it runs.
 *
 * A run is n_variants x n_reps units (without `variants:`, one variant that
 * writes at the root of the file). Everything that splits a run goes by the
 * unit index alone: threads take replications in order, a shard
 * (--shard i/N) runs the indices with index mod N = i, ursim-mpi's ranks ask
 * rank 0 for the next index, and a merge or rank 0 puts each unit back by
 * its index. ur_units_at is the only place that says what an index stands
 * for, so a new layer of units (design points) changes this file only.
 *
 * The struct also holds what a merge or rank 0 needs to write the file
 * without the scenario: the variants' names and sample times, and the
 * observed figures of the calibration table. It travels with the parts
 * (ur_units_encode).
 */
#ifndef URSIM_UNITS_H
#define URSIM_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "codec.h"
#include <ursim/arena.h>
#include <ursim/observed.h>
#include <ursim/scenario.h>

struct ur_unit {
    size_t variant, rep;
};

struct ur_units {
    size_t n_variants, n_reps; /* n_variants >= 1 */
    bool has_variants;         /* false: the one variant is the scenario itself */
    char **names;              /* n_variants names ("" without variants) */
    size_t *n_samples;         /* per variant */
    double **times;            /* per variant: its n_samples sample times (s) */
    struct ur_observed *observed; /* the checked figures (the fields a calibration
                                     table reads), strings in `arena` */
    size_t n_observed;
    struct ur_arena *arena;
};

/* From a loaded scenario with n_reps replications. 0 or UR_ENOMEM. */
int ur_units_init(struct ur_units *u, const struct ur_scenario *sc, size_t n_reps);
void ur_units_fini(struct ur_units *u);
size_t ur_units_count(const struct ur_units *u);
/* What unit `index` (< ur_units_count) runs: index = variant * n_reps + rep. */
struct ur_unit ur_units_at(const struct ur_units *u, size_t index);
/* The variant's group in the file: "" or "variants/<name>". */
void ur_units_group(const struct ur_units *u, size_t variant, char *buf, size_t size);
/* The variant's scenario (the scenario itself without variants). */
const struct ur_scenario *ur_units_scenario(const struct ur_scenario *sc, size_t variant);

/* Whether unit `index` is in shard i of n (0 <= i < n): index mod n == i.
 * Round robin, so that each shard gets its share of every variant. */
bool ur_shard_has(size_t i, size_t n, size_t index);

void ur_units_encode(const struct ur_units *u, struct ur_buf *b);
/* 0, UR_ENOMEM, or UR_EINPUT when the bytes are not an encoded ur_units. */
int ur_units_decode(struct ur_units *u, const void *bytes, size_t n);

#endif
