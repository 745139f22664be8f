/* Reading a results file back (the layout of <ursim/output.h>), for the
 * summary, the report and the export, which never see <hdf5.h>.
 *
 * Readers take what they find: every call on something missing says so
 * (NULL, false, UR_EINPUT) instead of failing the whole read, so a reader
 * written today shows the groups other parts of ursim add later (variants,
 * comparison, experiment points, calibration tables) as soon as they exist.
 * Paths are absolute ("/summary/city/complaints"). Not thread-safe.
 */
#ifndef URSIM_RESFILE_H
#define URSIM_RESFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ur_resfile;

/* Opens PATH read-only. UR_EIO when it cannot be read, UR_EINPUT when it is
 * not an HDF5 file or not one ursim wrote (no root attribute ursim_version);
 * `msg` then says which, for the user. */
int ur_resfile_open(struct ur_resfile **f, const char *path, char *msg, size_t msg_size);
void ur_resfile_close(struct ur_resfile *f);

/* A list of malloc'd strings. */
struct ur_strs {
    char **v;
    size_t n;
};
void ur_strs_free(struct ur_strs *s);

/* Whether an object (group or dataset) exists at `path`. */
bool ur_resfile_exists(struct ur_resfile *f, const char *path);
/* The datasets below group `group`, recursively, as paths relative to it
 * ("city/complaints"), in name order; dimension scales (time, replication,
 * table rows) are left out. An absent group gives none.
 * 0 or UR_ENOMEM / UR_EINPUT (unreadable). */
int ur_resfile_datasets(struct ur_resfile *f, const char *group, struct ur_strs *out);
/* The immediate subgroups of `group` (names), in name order. */
int ur_resfile_groups(struct ur_resfile *f, const char *group, struct ur_strs *out);

/* A float64 dataset of rank 1 or 2: dims[1] = 1 for rank 1. */
struct ur_array {
    size_t rank, dims[2];
    double *v; /* dims[0] x dims[1], row after row */
};
/* Reads any numeric dataset of rank 1 or 2 as doubles. UR_EINPUT when it is
 * absent or of another kind. */
int ur_resfile_read(struct ur_resfile *f, const char *path, struct ur_array *a);
void ur_array_free(struct ur_array *a);

/* Attributes of the object at `path` ("/" for the root). A string comes back
 * malloc'd (NULL when absent or not a string); a number as a double (false
 * when absent or not a number). */
char *ur_resfile_attr_text(struct ur_resfile *f, const char *path, const char *name);
bool ur_resfile_attr_num(struct ur_resfile *f, const char *path, const char *name, double *v);

/* A table (a 1-D dataset of compound rows, as H5TB writes): each column
 * numeric (read as double) or text (fixed-length strings); columns of other
 * kinds are left out. */
struct ur_table {
    size_t n_rows, n_cols;
    char **names;
    bool *is_text;
    double **num; /* num[c]: n_rows values; NULL for a text column */
    char ***text; /* text[c][r]: NUL-terminated; NULL for a numeric column */
};
int ur_resfile_table(struct ur_resfile *f, const char *path, struct ur_table *t);
void ur_table_free(struct ur_table *t);
/* The index of column `name`, or -1. */
int ur_table_col(const struct ur_table *t, const char *name);

/* A 1-D byte dataset (a shard's part: <ursim/output.h>): all of it,
 * malloc'd, or n bytes from `offset` into buf. UR_EINPUT when absent, not
 * 1-D or too short; UR_ENOMEM. */
int ur_resfile_bytes(struct ur_resfile *f, const char *path, void **bytes, size_t *n);
int ur_resfile_bytes_at(struct ur_resfile *f, const char *path, uint64_t offset, size_t n,
                        void *buf);

#endif
