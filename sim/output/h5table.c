/* The event log of the results file: <group>/plan_log, an HDF5 table.
 *
 * Written with the high-level Table API (H5TB, hdf5_hl), so the dataset
 * carries the table conventions (CLASS "TABLE", VERSION, TITLE,
 * FIELD_<i>_NAME) that HDFView and PyTables recognise, and is read back with
 * H5TBread_table, h5py (`f["plan_log"][()]` is a structured array) or
 * pandas. Rows are compound records of fixed size (248 bytes):
 *
 *   replication  int64
 *   time         float64, seconds since the start of the replication
 *   source       UTF-8 string, UR_LOG_SOURCE_SIZE bytes, NUL-terminated
 *   event        UTF-8 string, UR_LOG_EVENT_SIZE bytes
 *   detail       UTF-8 string, UR_LOG_DETAIL_SIZE bytes
 *   value        float64, NaN when the event has none
 *
 * The dataset is chunked (128 records, 31 KiB, like the series' 32 KiB
 * chunks) and deflated (H5TB's level 6: NUL-padded text shrinks well), with
 * an unlimited row dimension that each append extends.
 *
 * Order: threads finish replications in any order, but the file must not
 * depend on that. So each call files its replication's rows in a list sorted
 * by replication, then appends from the head of the list every replication
 * that is next in line. With the runner's threads taking replications in
 * order, the list holds about one replication per thread.
 *
 * The root's table is made by ur_out_open, so it exists (empty) even when no
 * model logs; a variant's group gets its own on its first ur_out_log.
 *
 * Models' numeric tables (ur_rec_table: one row per case, say) go the same
 * way to <group>/tables/<path>: column `replication` (int64), then the
 * model's columns, all float64, with the table's units and description.
 */
#include <hdf5_hl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "h5out.h"

#define LOG_NAME "plan_log"
#define CHUNK_RECORDS 128
#define COMPRESS 1 /* H5TB's deflate, level 6 */

static const char TITLE[] = "ursim event log (plan triggers and actions); time in seconds";
static const char UNITS[] = "time: s; replication: 1; value: as the event says (NaN: none)";
static const char DESCRIPTION[] =
    "events logged by the models, one row each: replication, time (s since the start "
    "of the replication), source (the model instance), event, detail (free text), "
    "value; in replication order, each replication's rows in the order logged";

struct record {
    int64_t replication;
    double time;
    char source[UR_LOG_SOURCE_SIZE];
    char event[UR_LOG_EVENT_SIZE];
    char detail[UR_LOG_DETAIL_SIZE];
    double value;
};

#define N_FIELDS 6
#define FIELD(m) offsetof(struct record, m)
#define SIZE(m) sizeof(((struct record *)0)->m)

static const char *field_names[N_FIELDS] = {"replication", "time",   "source",
                                            "event",       "detail", "value"};
static const size_t field_offsets[N_FIELDS] = {FIELD(replication), FIELD(time),   FIELD(source),
                                               FIELD(event),       FIELD(detail), FIELD(value)};
static const size_t field_sizes[N_FIELDS] = {SIZE(replication), SIZE(time),   SIZE(source),
                                             SIZE(event),       SIZE(detail), SIZE(value)};

/* "/<group>/plan_log"; out_dset_path makes "/<group>/plan_log/" of an empty
 * path, so drop the final slash. NULL when out of memory. */
static char *table_path(const char *group)
{
    char *path = out_dset_path(group, LOG_NAME, "");
    if (path)
        path[strlen(path) - 1] = '\0';
    return path;
}

static struct out_log *find_log(const struct ur_out *out, const char *table)
{
    for (size_t i = 0; i < out->n_logs; i++)
        if (strcmp(out->logs[i].table, table) == 0)
            return &out->logs[i];
    return NULL;
}

hid_t out_string_type(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, size) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0 ||
                   H5Tset_strpad(t, H5T_STR_NULLTERM) < 0)) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

hid_t out_table_group(struct ur_out *out, const char *table)
{
    const char *slash = strrchr(table, '/');
    if (slash == table)
        return H5Gopen2(out->file, "/", H5P_DEFAULT);
    size_t len = (size_t)(slash - table);
    char *name = malloc(len + 1);
    if (!name)
        return -1;
    memcpy(name, table, len);
    name[len] = '\0';
    /* H5Lexists fails (and reports) when a parent is missing: ask about each
     * prefix in turn, from the root, and stop at the first that is not. */
    htri_t exists = 1;
    for (size_t i = 1; exists > 0 && i <= len; i++)
        if (i == len || name[i] == '/') {
            name[i] = '\0';
            exists = H5Lexists(out->file, name, H5P_DEFAULT);
            if (i < len)
                name[i] = '/';
        }
    hid_t g = exists > 0 ? H5Gopen2(out->file, name, H5P_DEFAULT)
                         : H5Gcreate2(out->file, name, out->lcpl, H5P_DEFAULT, H5P_DEFAULT);
    free(name);
    return g;
}

/* Makes the empty table; 0 or -1 with the HDF5 error stack set. */
static int make_table(struct ur_out *out, const char *table)
{
    hid_t types[N_FIELDS] = {H5T_STD_I64LE,
                             H5T_IEEE_F64LE,
                             out_string_type(SIZE(source)),
                             out_string_type(SIZE(event)),
                             out_string_type(SIZE(detail)),
                             H5T_IEEE_F64LE};
    hid_t g = types[2] < 0 || types[3] < 0 || types[4] < 0 ? -1 : out_table_group(out, table);
    int rc = -1;
    if (g >= 0 &&
        H5TBmake_table(TITLE, g, LOG_NAME, N_FIELDS, 0, sizeof(struct record), field_names,
                       field_offsets, types, CHUNK_RECORDS, NULL, COMPRESS, NULL) >= 0 &&
        out_attr_meta(g, LOG_NAME, UNITS, DESCRIPTION) >= 0)
        rc = 0;
    if (g >= 0 && H5Gclose(g) < 0)
        rc = -1;
    for (int i = 2; i <= 4; i++)
        if (types[i] >= 0)
            H5Tclose(types[i]);
    return rc;
}

/* The state of `table`, made with the table on first use; NULL on error. */
/* A numeric table: replication, then info's columns; 0 or -1 (HDF5 error
 * stack set, or out of memory). *layout gets the offsets then the sizes. */
static int make_numeric_table(struct ur_out *out, const char *table,
                              const struct ur_table_info *info, size_t **layout)
{
    size_t n = info->n_cols + 1;
    const char **names = malloc(n * sizeof *names);
    hid_t *types = malloc(n * sizeof *types);
    size_t *lay = malloc(2 * n * sizeof *lay);
    int rc = -1;
    if (names && types && lay) {
        for (size_t i = 0; i < n; i++) {
            names[i] = i ? info->columns[i - 1] : "replication";
            types[i] = i ? H5T_IEEE_F64LE : H5T_STD_I64LE;
            lay[i] = 8 * i;     /* offsets */
            lay[n + i] = 8;     /* sizes */
        }
        const char *slash = strrchr(table, '/');
        hid_t g = out_table_group(out, table);
        if (g >= 0 &&
            H5TBmake_table(info->description, g, slash + 1, (hsize_t)n, 0, 8 * n, names, lay,
                           types, CHUNK_RECORDS, NULL, COMPRESS, NULL) >= 0 &&
            out_attr_meta(g, slash + 1, info->units, info->description) >= 0)
            rc = 0;
        if (g >= 0 && H5Gclose(g) < 0)
            rc = -1;
    }
    free(names);
    free(types);
    if (rc == 0)
        *layout = lay;
    else
        free(lay);
    return rc;
}

/* The state of `table`, made with the table on first use (the event log,
 * or numeric when info is given); NULL on error. */
static struct out_log *get_log(struct ur_out *out, const char *table,
                               const struct ur_table_info *info)
{
    struct out_log *log = find_log(out, table);
    if (log)
        return log;
    char *copy = malloc(strlen(table) + 1);
    struct out_log *logs = copy ? realloc(out->logs, (out->n_logs + 1) * sizeof *logs) : NULL;
    if (!logs) {
        free(copy);
        out_fail_errno(out, UR_ENOMEM, "creating %s", table);
        return NULL;
    }
    out->logs = logs;
    size_t *layout = NULL;
    if (info ? make_numeric_table(out, table, info, &layout) < 0 : make_table(out, table) < 0) {
        free(copy);
        out_fail_hdf5(out, "creating %s", table);
        return NULL;
    }
    log = &logs[out->n_logs++];
    if (info)
        *log = (struct out_log){.table = strcpy(copy, table), .rec_size = 8 * (info->n_cols + 1),
                                .n_fields = info->n_cols + 1, .offsets = layout,
                                .sizes = layout + info->n_cols + 1, .owned = layout};
    else
        *log = (struct out_log){.table = strcpy(copy, table), .rec_size = sizeof(struct record),
                                .n_fields = N_FIELDS, .offsets = field_offsets,
                                .sizes = field_sizes};
    return log;
}

int out_log_add_made(struct ur_out *out, const char *table)
{
    char *copy = malloc(strlen(table) + 1);
    struct out_log *logs = copy ? realloc(out->logs, (out->n_logs + 1) * sizeof *logs) : NULL;
    if (!logs) {
        free(copy);
        return out_fail_errno(out, UR_ENOMEM, "keeping %s", table);
    }
    out->logs = logs;
    logs[out->n_logs++] = (struct out_log){.table = strcpy(copy, table)};
    return 0;
}

int out_log_create(struct ur_out *out, const char *group)
{
    char *table = table_path(group);
    if (!table)
        return out_fail_errno(out, UR_ENOMEM, "naming the event log");
    get_log(out, table, NULL);
    free(table);
    return out->err;
}

static int append(struct ur_out *out, const struct out_log *log, const struct out_log_held *h)
{
    if (h->n > 0 && H5TBappend_records(out->file, log->table, h->n, log->rec_size,
                                       log->offsets, log->sizes, h->records) < 0)
        return out_fail_hdf5(out, "appending %zu rows of replication %zu to %s", h->n, h->rep,
                             log->table);
    return 0;
}

/* Appends and forgets held[0 .. k). */
static int append_head(struct ur_out *out, struct out_log *log, size_t k)
{
    int rc = 0;
    for (size_t i = 0; i < k; i++) {
        if (!rc)
            rc = append(out, log, &log->held[i]);
        free(log->held[i].records);
    }
    log->n_held -= k;
    if (k > 0 && log->n_held > 0)
        memmove(log->held, log->held + k, log->n_held * sizeof *log->held);
    return rc;
}

/* Files h in the list sorted by replication (searching from the end: the
 * newest replication usually goes last); takes h.records. */
static int hold(struct ur_out *out, struct out_log *log, struct out_log_held h)
{
    if (log->n_held == log->cap_held) {
        size_t cap = log->cap_held ? 2 * log->cap_held : 16;
        struct out_log_held *held = realloc(log->held, cap * sizeof *held);
        if (!held) {
            free(h.records);
            return out_fail_errno(out, UR_ENOMEM, "holding the rows of replication %zu", h.rep);
        }
        log->held = held;
        log->cap_held = cap;
    }
    size_t i = log->n_held;
    while (i > 0 && log->held[i - 1].rep > h.rep)
        i--;
    UR_ASSERT((i == 0 || log->held[i - 1].rep != h.rep) && "replication logged twice");
    memmove(log->held + i + 1, log->held + i, (log->n_held - i) * sizeof *log->held);
    log->held[i] = h;
    log->n_held++;
    return 0;
}

/* The file records of one replication's rows; NULL when out of memory. */
static struct record *to_records(size_t rep, const struct ur_log_row *rows, size_t n)
{
    struct record *r = malloc((n ? n : 1) * sizeof *r);
    for (size_t i = 0; r && i < n; i++) {
        const struct ur_log_row *row = &rows[i];
        /* Terminated in place, as ur_rec_log makes them: a row built otherwise
         * and full to the last byte would lose a byte, perhaps mid-character. */
        UR_ASSERT(memchr(row->source, '\0', sizeof row->source) &&
                  memchr(row->event, '\0', sizeof row->event) &&
                  memchr(row->detail, '\0', sizeof row->detail));
        r[i] = (struct record){.replication = (int64_t)rep, .time = row->t_s, .value = row->value};
        memcpy(r[i].source, row->source, sizeof r[i].source);
        memcpy(r[i].event, row->event, sizeof r[i].event);
        memcpy(r[i].detail, row->detail, sizeof r[i].detail);
    }
    return r;
}

/* Files one replication's records (taken) and appends every replication
 * now next in line. */
static void file_rows(struct ur_out *out, struct out_log *log, size_t rep, void *records,
                      size_t n)
{
    UR_ASSERT(rep >= log->next && "replication logged twice");
    struct out_log_held h = {rep, n, records};
    if (!h.records)
        out_fail_errno(out, UR_ENOMEM, "copying the rows of replication %zu", rep);
    else if (hold(out, log, h) == 0) {
        size_t k = 0;
        while (k < log->n_held && log->held[k].rep == log->next + k)
            k++;
        log->next += k;
        append_head(out, log, k);
    }
}

int ur_out_log(struct ur_out *out, const char *group, size_t rep, const struct ur_log_row *rows,
               size_t n)
{
    int rc = out_begin(out);
    char *table = rc ? NULL : table_path(group);
    if (!rc && !table)
        rc = out_fail_errno(out, UR_ENOMEM, "naming the event log");
    struct out_log *log = rc ? NULL : get_log(out, table, NULL);
    if (log)
        file_rows(out, log, rep, to_records(rep, rows, n), n);
    free(table);
    rc = out->err;
    out_unlock();
    return rc;
}

/* A numeric table's file records: replication, then the row's values. */
static void *to_numeric_records(size_t rep, const struct ur_table_info *t)
{
    size_t w = t->n_cols + 1;
    double *r = malloc((t->n_rows ? t->n_rows : 1) * w * sizeof *r);
    for (size_t i = 0; r && i < t->n_rows; i++) {
        int64_t k = (int64_t)rep;
        memcpy(&r[i * w], &k, sizeof k);
        memcpy(&r[i * w + 1], t->rows + i * t->n_cols, t->n_cols * sizeof *r);
    }
    return r;
}

int ur_out_table(struct ur_out *out, const char *group, size_t rep,
                 const struct ur_table_info *t)
{
    int rc = out_begin(out);
    char *table = rc ? NULL : out_dset_path(group, "tables", t->path);
    if (!rc && !table)
        rc = out_fail_errno(out, UR_ENOMEM, "naming table %s", t->path);
    struct out_log *log = rc ? NULL : get_log(out, table, t);
    if (log)
        file_rows(out, log, rep, to_numeric_records(rep, t), t->n_rows);
    free(table);
    rc = out->err;
    out_unlock();
    return rc;
}

int out_log_drain(struct ur_out *out)
{
    for (size_t i = 0; i < out->n_logs && !out->err; i++)
        append_head(out, &out->logs[i], out->logs[i].n_held);
    return out->err;
}

void out_log_free(struct ur_out *out)
{
    for (size_t i = 0; i < out->n_logs; i++) {
        struct out_log *log = &out->logs[i];
        for (size_t j = 0; j < log->n_held; j++)
            free(log->held[j].records);
        free(log->held);
        free(log->table);
        free(log->owned);
    }
    free(out->logs);
    out->logs = NULL;
    out->n_logs = 0;
}
