/* Private to sim/output: the state behind struct ur_out and the helpers the
 * files of this folder share. The only place besides them that sees <hdf5.h>.
 *
 * Locking: HDF5 1.10 as packaged by Debian is built without thread safety,
 * so every HDF5 call in the process must be serialised, not just the calls on
 * one file. out_lock()/out_unlock() take one process-wide mutex; every public
 * ur_out_* function holds it for its whole body, so the helpers below assume
 * it is held.
 */
#ifndef URSIM_SIM_OUTPUT_H5OUT_H
#define URSIM_SIM_OUTPUT_H5OUT_H

#include <signal.h>
#include <hdf5.h>
#include <stdbool.h>
#include <stddef.h>

#include <ursim/diag.h>
#include <ursim/output.h>

/* One open dataset, found again by its full path on each block write. */
struct out_dset {
    char *path; /* NULL: empty slot */
    hid_t id;
    hsize_t n_reps, n_samples;
};

struct out_cache {
    struct out_dset *slots;
    size_t n_used, n_slots; /* n_slots: 0 or a power of two */
};

/* A replication's log rows waiting for an earlier replication (h5table.c). */
struct out_log_held {
    size_t rep, n;
    void *records; /* n file records */
};

/* A table of one group: its event log, or a model's numeric table. */
struct out_log {
    char *table;               /* absolute path: "/plan_log", "/tables/response/cases" */
    size_t rec_size, n_fields; /* the file record's layout */
    const size_t *offsets, *sizes;
    size_t *owned;             /* numeric tables: offsets and sizes, malloc'd */
    size_t next;               /* replications [0, next) are in the table */
    struct out_log_held *held; /* sorted by rep, each > next */
    size_t n_held, cap_held;
};

struct ur_out {
    hid_t file;     /* H5I_INVALID_HID once closed */
    char *path;     /* PATH, what commit publishes */
    char *tmp_path; /* PATH.tmp, what we write */
    bool tmp_made;  /* we created tmp_path and must remove it on failure */
    bool force;
    hid_t lcpl; /* link creation: make intermediate groups */
    struct out_cache dsets;
    struct out_log *logs; /* one per group with a plan_log, one per numeric table */
    size_t n_logs;
    char *start;    /* scenario.start (ISO 8601) or NULL: the time axis's origin */
    hid_t shard_records, shard_index; /* a shard's part (h5shard.c), else -1 */
    hsize_t shard_bytes, n_shard_records;
    volatile sig_atomic_t *interrupted; /* ur_out_meta's */
    int err;        /* first error: sticky, so a damaged file is never committed */
    char msg[1024]; /* readable details of `err` */
};

void out_lock(void);
void out_unlock(void);
/* Takes the lock and returns the sticky error (0 if none): the prologue of
 * every call that writes. Unlock even when it returns an error. */
int out_begin(struct ur_out *out);

/* Error capture (h5error.c). Each returns the code it records; only the first
 * error of a struct ur_out is kept, since later ones are usually its echoes. */
int out_fail_hdf5(struct ur_out *out, const char *fmt, ...) UR_PRINTF(2, 3);
int out_fail_errno(struct ur_out *out, int code, const char *fmt, ...) UR_PRINTF(3, 4);

/* Attributes (h5attr.c), scalar. `obj` is a path relative to `loc` ("." for
 * loc itself). Return 0 or -1 with the HDF5 error stack set. */
int out_attr_string(hid_t loc, const char *obj, const char *name, const char *value);
int out_attr_double(hid_t loc, const char *obj, const char *name, double value);
int out_attr_int64(hid_t loc, const char *obj, const char *name, long long value);
/* Units and description, the pair every dataset carries. */
int out_attr_meta(hid_t loc, const char *obj, const char *units, const char *description);
/* The root attributes of the layout in <ursim/output.h>. */
int out_write_root(struct ur_out *out, const struct ur_out_meta *meta);

/* Open-dataset cache (h5cache.c). find returns NULL when absent. add copies
 * path and, when it returns 0, owns id (on UR_ENOMEM the caller still does).
 * close_all closes and forgets every entry; UR_EHDF5 if a close failed. */
struct out_dset *out_cache_find(const struct out_cache *c, const char *path);
int out_cache_add(struct out_cache *c, const char *path, hid_t id, hsize_t n_reps,
                  hsize_t n_samples);
int out_cache_close_all(struct out_cache *c);

/* Event log tables (h5table.c). create makes <group>/plan_log, empty (open
 * calls it for the root); drain appends every row still held, in replication
 * order (commit); free forgets the tables' state, and may be called twice. */
int out_log_create(struct ur_out *out, const char *group);
int out_log_drain(struct ur_out *out);
void out_log_free(struct ur_out *out);
/* Closes a part's record datasets, if any (h5shard.c). */
void out_shard_close(struct ur_out *out);

/* A fixed-length, NUL-terminated UTF-8 string type of `size` bytes; -1 on error. */
hid_t out_string_type(size_t size);
/* The group that holds table path `table` ("/a/b/t": /a/b), made with its
 * parents if need be; -1 on error. */
hid_t out_table_group(struct ur_out *out, const char *table);
/* Remembers a table made whole (h5columns.c) so that commit gives it its
 * "<table>_row" dimension like the others. 0 or the sticky error. */
int out_log_add_made(struct ur_out *out, const char *table);

/* "<group>/<kind>/<path>" as an absolute HDF5 path, malloc'd; NULL on ENOMEM.
 * Group "" (or "/") is the root. */
char *out_dset_path(const char *group, const char *kind, const char *path);

/* Dimension scales (h5dims.c). replication: makes <dir>/replication (0..n-1)
 * on first use and attaches it to axis 0 of d; time: attaches <dir>/time
 * (when it exists) to axis 1 (replication: to `axis`); time_scale makes the time vector a scale with
 * its CF attributes; tables: a "<table>_row" scale for every table (at
 * commit, when their lengths are final). 0 or the sticky error. */
int out_dims_replication(struct ur_out *out, hid_t d, const char *dir, hsize_t n_reps,
                         unsigned axis);
/* The parts of a paired difference (h5parts.c): the group's `part` names
 * become scale "part" on axis 0 of its datasets, replication on diff's axis 1. */
int out_dims_parts(struct ur_out *out, hid_t g, hsize_t n_reps);
int out_dims_time(struct ur_out *out, hid_t d, const char *dir);
int out_dims_time_scale(struct ur_out *out, hid_t time);
int out_dims_tables(struct ur_out *out);

/* The HDF5 file behind a results file opened for reading (h5read.c). */
struct ur_resfile;
hid_t out_resfile_hid(const struct ur_resfile *f);

#endif
