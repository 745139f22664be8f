/* The event log: rows logged through the recorder (ur_rec_log) and written
 * with ur_out_log, read back with the HDF5 Table API (H5TBread_table, as any
 * reader of /plan_log would). Checks the columns and their types, replication
 * order whatever order (and thread) the replications are given in, values
 * (NaN included), truncation of over-long text on a UTF-8 character boundary,
 * an empty table when nothing is logged, a variant's table, and rows held for
 * a replication that never came. Models' numeric tables (ur_rec_table,
 * ur_out_table) the same way: columns, replication order, a variant's group.
 * Files go to a fresh mkdtemp directory.
 */
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ursim/diag.h>
#include <ursim/output.h>
#include <ursim/record.h>

#include "check.h"
#include "output/testdir.h"
#include "h5read.h"

static char dir[] = "/tmp/ursim-test-plan-log-XXXXXX";

/* What a reader declares to read the table: its own struct, its own offsets. */
struct rd_row {
    long long replication;
    double time;
    char source[UR_LOG_SOURCE_SIZE];
    char event[UR_LOG_EVENT_SIZE];
    char detail[UR_LOG_DETAIL_SIZE];
    double value;
};
static const size_t rd_offsets[6] = {
    offsetof(struct rd_row, replication), offsetof(struct rd_row, time),
    offsetof(struct rd_row, source),      offsetof(struct rd_row, event),
    offsetof(struct rd_row, detail),      offsetof(struct rd_row, value)};
static const size_t rd_sizes[6] = {8, 8, UR_LOG_SOURCE_SIZE, UR_LOG_EVENT_SIZE, UR_LOG_DETAIL_SIZE,
                                   8};

static const char *join(const char *name)
{
    return test_path(dir, name);
}

static struct ur_out *open_out(const char *path)
{
    struct ur_out *out = NULL;
    struct ur_out_meta meta = {"0.1.0-test", "hall", "", "test", 1, 4};
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    return out;
}

/* All rows of a table (NULL if unreadable), their number in *n. */
static struct rd_row *read_table(hid_t file, const char *table, hsize_t *n)
{
    hsize_t n_fields = 0;
    *n = 0;
    if (H5TBget_table_info(file, table, &n_fields, n) < 0 || n_fields != 6)
        return NULL;
    struct rd_row *rows = calloc(*n ? *n : 1, sizeof *rows);
    if (*n && H5TBread_table(file, table, sizeof *rows, rd_offsets, rd_sizes, rows) < 0) {
        free(rows);
        return NULL;
    }
    return rows;
}

/* All rows of a file's /plan_log (NULL if unreadable), their number in *n. */
static struct rd_row *read_log(const char *path, hsize_t *n)
{
    *n = 0;
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(file >= 0);
    if (file < 0)
        return NULL;
    struct rd_row *rows = read_table(file, "/plan_log", n);
    H5Fclose(file);
    return rows;
}

/* ---- order and values ---- */

#define N_REPS 4
static const size_t rows_of[N_REPS] = {3, 1, 2, 0}; /* replication 3 logs nothing */

static double row_time(size_t rep, size_t i)
{
    return 3600.0 * (double)rep + 60.0 * (double)i + 0.5;
}

static double row_value(size_t rep, size_t i)
{
    return rep == 0 && i == 1 ? NAN : 100.0 * (double)rep + (double)i;
}

/* Over-long text: "xx" then 100 two-byte "é" (202 bytes) as the detail, whose
 * 128-byte field keeps 127 bytes: byte 127 is the second byte of an "é", so
 * the cut falls before it, at 126 = "xx" + 62 "é". "plan." then 30 three-byte
 * "€" as the source: 63 bytes fit, byte 63 is inside a "€", so 62 = "plan." +
 * 19 "€". "abcd" then ten four-byte emoji as the event: 31 fit, bytes 29-31
 * are continuation bytes of the emoji at 28, so 28 = "abcd" + 6 emoji. */
static char *repeat(const char *head, const char *unit, size_t times)
{
    size_t h = strlen(head), u = strlen(unit);
    char *s = malloc(h + u * times + 1);
    strcpy(s, head);
    for (size_t i = 0; i < times; i++)
        memcpy(s + h + u * i, unit, u);
    s[h + u * times] = '\0';
    return s;
}

static void log_rows(struct ur_rec *rec, size_t rep)
{
    for (size_t i = 0; i < rows_of[rep]; i++) {
        char detail[64];
        snprintf(detail, sizeof detail, "windows %zu -> %zu", 40 + i, 60 + i);
        int rc;
        if (rep == 2 && i == 1) {
            char *source = repeat("plan.", "\u20ac", 30), *event = repeat("abcd", "\U0001F600", 10);
            char *long_detail = repeat("xx", "\u00e9", 100);
            rc = ur_rec_log(rec, row_time(rep, i), source, event, long_detail, row_value(rep, i));
            free(source), free(event), free(long_detail);
        } else if (rep == 1) {
            rc = ur_rec_log(rec, row_time(rep, i), "plan.queue_alarm", "fired", NULL,
                            row_value(rep, i));
        } else {
            rc = ur_rec_log(rec, row_time(rep, i), "plan.queue_alarm",
                            i % 2 ? "open_windows" : "fired", detail, row_value(rep, i));
        }
        CHECK_EQ(rc, 0);
    }
    CHECK_EQ(ur_rec_n_logs(rec), rows_of[rep]);
}

/* Replications given out of order, as threads finish them: 2 and 3 wait for
 * 0; 0 goes in alone; 1 releases 1, 2 and 3. */
static void write_out_of_order(const char *path)
{
    struct ur_out *out = open_out(path);
    const size_t order[N_REPS] = {2, 3, 0, 1};
    for (size_t k = 0; k < N_REPS; k++) {
        size_t rep = order[k];
        struct ur_rec *rec = ur_rec_new(NULL, 1);
        CHECK(rec != NULL);
        log_rows(rec, rep);
        CHECK_EQ(ur_out_log(out, "", rep, ur_rec_log_at(rec, 0), ur_rec_n_logs(rec)), 0);
        ur_rec_free(rec); /* the file copied what it holds */
    }
    CHECK_EQ(ur_out_commit(out), 0);
}

static void check_expected_row(const struct rd_row *r, size_t rep, size_t i)
{
    CHECK_EQ(r->replication, rep);
    CHECK(r->time == row_time(rep, i));
    double v = row_value(rep, i);
    CHECK(isnan(v) ? isnan(r->value) : r->value == v);
    if (rep == 2 && i == 1) {
        char *source = repeat("plan.", "\u20ac", 19), *event = repeat("abcd", "\U0001F600", 6);
        char *detail = repeat("xx", "\u00e9", 62);
        CHECK_EQ(strlen(source), 62);
        CHECK_EQ(strlen(event), 28);
        CHECK_EQ(strlen(detail), 126);
        CHECK_STR(r->source, source);
        CHECK_STR(r->event, event);
        CHECK_STR(r->detail, detail);
        free(source), free(event), free(detail);
        return;
    }
    CHECK_STR(r->source, "plan.queue_alarm");
    if (rep == 1) {
        CHECK_STR(r->event, "fired");
        CHECK_STR(r->detail, "");
        return;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "windows %zu -> %zu", 40 + i, 60 + i);
    CHECK_STR(r->event, i % 2 ? "open_windows" : "fired");
    CHECK_STR(r->detail, detail);
}

/* Column names, types and sizes as the file declares them. */
static void check_columns(hid_t file)
{
    char *names[6];
    char storage[6][32];
    for (int i = 0; i < 6; i++)
        names[i] = storage[i];
    size_t sizes[6], offsets[6], type_size = 0;
    CHECK(H5TBget_field_info(file, "/plan_log", names, sizes, offsets, &type_size) >= 0);
    const char *want[6] = {"replication", "time", "source", "event", "detail", "value"};
    const size_t want_sizes[6] = {8, 8, 64, 32, 128, 8};
    for (int i = 0; i < 6; i++) {
        CHECK_STR(names[i], want[i]);
        CHECK_EQ(sizes[i], want_sizes[i]);
    }
    CHECK_EQ(type_size, 248);
    hid_t d = H5Dopen2(file, "/plan_log", H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : -1;
    hid_t source = t >= 0 ? H5Tget_member_type(t, 2) : -1;
    hid_t time = t >= 0 ? H5Tget_member_type(t, 1) : -1;
    CHECK(source >= 0 && H5Tget_class(source) == H5T_STRING &&
          H5Tget_cset(source) == H5T_CSET_UTF8);
    CHECK(time >= 0 && H5Tequal(time, H5T_IEEE_F64LE) > 0);
    char title[256] = "";
    CHECK(d >= 0 && H5TBAget_title(d, title) >= 0);
    CHECK(strstr(title, "seconds") != NULL);
    if (time >= 0)
        H5Tclose(time);
    if (source >= 0)
        H5Tclose(source);
    if (t >= 0)
        H5Tclose(t);
    if (d >= 0)
        H5Dclose(d);
    char *units = rd_string_attr(file, "/plan_log", "units");
    CHECK(units && strstr(units, "time: s") != NULL);
    free(units);
}

static void test_order_values_truncation(void)
{
    const char *path = join("log.h5");
    write_out_of_order(path);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(file >= 0);
    if (file < 0)
        return;
    hsize_t n = 0;
    struct rd_row *rows = read_table(file, "/plan_log", &n);
    CHECK(rows != NULL);
    CHECK_EQ(n, 3 + 1 + 2 + 0);
    size_t k = 0;
    for (size_t rep = 0; rows && rep < N_REPS; rep++)
        for (size_t i = 0; i < rows_of[rep] && k < n; i++)
            check_expected_row(&rows[k++], rep, i);
    free(rows);
    check_columns(file);
    CHECK_EQ(H5Fget_obj_count(file, H5F_OBJ_ALL), 1);
    H5Fclose(file);
}

/* ---- nothing logged; a variant; a replication that never came ---- */

static void test_empty_and_variant(void)
{
    const char *path = join("empty.h5");
    struct ur_out *out = open_out(path);
    CHECK_EQ(ur_out_log(out, "variants/late", 0, NULL, 0), 0); /* makes its table */
    CHECK_EQ(ur_out_commit(out), 0);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(file >= 0);
    if (file < 0)
        return;
    const char *tables[] = {"/plan_log", "/variants/late/plan_log"};
    for (size_t t = 0; t < 2; t++) {
        hsize_t n = 99;
        struct rd_row *rows = read_table(file, tables[t], &n);
        CHECK(rows != NULL);
        CHECK_EQ(n, 0);
        free(rows);
    }
    check_columns(file);
    H5Fclose(file);
}

/* Replication 0 never comes (its unit failed, say): replications 1 and 2
 * are held, and commit appends them in replication order all the same. */
static void test_held_until_commit(void)
{
    const char *path = join("gap.h5");
    struct ur_out *out = open_out(path);
    struct ur_log_row rows[2] = {{.t_s = 7, .source = "b", .event = "e", .value = 2},
                                 {.t_s = 5, .source = "a", .event = "e", .value = 1}};
    CHECK_EQ(ur_out_log(out, "", 2, &rows[0], 1), 0);
    CHECK_EQ(ur_out_log(out, "", 1, &rows[1], 1), 0);
    CHECK_EQ(ur_out_commit(out), 0);
    hsize_t n = 0;
    struct rd_row *r = read_log(path, &n);
    CHECK(r && n == 2);
    if (r && n == 2) {
        CHECK(r[0].replication == 1 && r[0].time == 5 && strcmp(r[0].source, "a") == 0);
        CHECK(r[1].replication == 2 && r[1].time == 7 && strcmp(r[1].source, "b") == 0);
    }
    free(r);
}

/* A numeric table: replication first, then the model's columns (float64),
 * rows in replication order whatever order they are given in, NaN kept,
 * under <group>/tables/<path>, with the table's units and description. */
static void test_numeric_table(void)
{
    const char *path = join("table.h5");
    struct ur_out *out = open_out(path);
    static const char *const cols[3] = {"type", "opened", "closed"};
    for (size_t k = 0; k < 3; k++) {
        size_t rep = (k + 1) % 3; /* 1, 2, 0 */
        struct ur_rec *rec = ur_rec_new(NULL, 1);
        CHECK_EQ(ur_rec_table(rec, "response/cases", 3, cols, "s", "one row per case"), 0);
        for (size_t i = 0; i < rep; i++) { /* replication r has r rows */
            double row[3] = {(double)i, 10.0 * (double)rep, i ? NAN : 1.5};
            CHECK_EQ(ur_rec_row(rec, 0, row), 0);
        }
        CHECK_EQ(ur_out_table(out, "variants/v", rep, ur_rec_table_at(rec, 0)), 0);
        ur_rec_free(rec);
    }
    CHECK_EQ(ur_out_commit(out), 0);
    struct rd_num {
        long long replication;
        double type, opened, closed;
    } r[8];
    static const size_t off[4] = {0, 8, 16, 24}, sz[4] = {8, 8, 8, 8};
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hsize_t nf = 0, nr = 0;
    CHECK(f >= 0);
    CHECK(H5TBget_table_info(f, "/variants/v/tables/response/cases", &nf, &nr) >= 0);
    CHECK(nf == 4 && nr == 3);
    char name[4][32];
    char *names[4] = {name[0], name[1], name[2], name[3]};
    CHECK(H5TBget_field_info(f, "/variants/v/tables/response/cases", names, NULL, NULL, NULL) >=
          0);
    CHECK(strcmp(name[0], "replication") == 0 && strcmp(name[3], "closed") == 0);
    CHECK(nr == 3 && H5TBread_table(f, "/variants/v/tables/response/cases", sizeof r[0], off, sz,
                                    r) >= 0);
    if (nr == 3) {
        CHECK(r[0].replication == 1 && r[0].opened == 10 && r[0].closed == 1.5);
        CHECK(r[1].replication == 2 && r[1].type == 0 && r[1].closed == 1.5);
        CHECK(r[2].replication == 2 && r[2].type == 1 && isnan(r[2].closed));
    }
    if (f >= 0)
        H5Fclose(f);
}

/* ---- many threads, as the runner's ---- */

#define T_REPS 200
#define T_THREADS 8

struct pool {
    struct ur_out *out;
    atomic_size_t next;
    atomic_int err;
};

static size_t t_rows(size_t rep)
{
    return rep % 5; /* 0..4 rows; every fifth replication logs nothing */
}

/* Takes replications in order, like the runner, and pauses 0-300 us
 * (pseudo-random by replication) before handing one over, so replications
 * reach the file out of order. */
static void *t_worker(void *arg)
{
    struct pool *p = arg;
    for (size_t rep; (rep = atomic_fetch_add(&p->next, 1)) < T_REPS;) {
        struct ur_rec *rec = ur_rec_new(NULL, 1);
        char detail[32];
        for (size_t i = 0; rec && i < t_rows(rep); i++) {
            snprintf(detail, sizeof detail, "rep %zu row %zu", rep, i);
            ur_rec_log(rec, (double)i, "plan.t", "fired", detail, (double)(rep * 10 + i));
        }
        struct timespec pause = {0, (long)((rep * 7919) % 300) * 1000};
        nanosleep(&pause, NULL);
        int rc = rec ? ur_out_log(p->out, "", rep, ur_rec_log_at(rec, 0), ur_rec_n_logs(rec))
                     : UR_ENOMEM;
        if (rc)
            atomic_store(&p->err, rc);
        ur_rec_free(rec);
    }
    return NULL;
}

static void test_threads(void)
{
    const char *path = join("threads.h5");
    struct pool p = {.out = open_out(path)};
    pthread_t tid[T_THREADS];
    for (int i = 0; i < T_THREADS; i++)
        CHECK_EQ(pthread_create(&tid[i], NULL, t_worker, &p), 0);
    for (int i = 0; i < T_THREADS; i++)
        pthread_join(tid[i], NULL);
    CHECK_EQ(atomic_load(&p.err), 0);
    CHECK_EQ(ur_out_commit(p.out), 0);
    hsize_t n = 0;
    struct rd_row *r = read_log(path, &n);
    size_t want = 0;
    for (size_t rep = 0; rep < T_REPS; rep++)
        want += t_rows(rep);
    CHECK(r != NULL);
    CHECK_EQ(n, want); /* 400 */
    size_t k = 0, bad = 0;
    for (size_t rep = 0; r && rep < T_REPS; rep++)
        for (size_t i = 0; i < t_rows(rep) && k < n; i++, k++) {
            char detail[32];
            snprintf(detail, sizeof detail, "rep %zu row %zu", rep, i);
            bad += r[k].replication != (long long)rep || r[k].time != (double)i ||
                   r[k].value != (double)(rep * 10 + i) || strcmp(r[k].detail, detail) != 0;
        }
    CHECK_EQ(bad, 0);
    free(r);
}

static void remove_all(void)
{
    const char *names[] = {"log.h5", "empty.h5", "gap.h5", "table.h5", "threads.h5"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_EQ(unlink(join(names[i])), 0);
    CHECK_EQ(rmdir(dir), 0); /* fails if anything else was left behind */
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    test_order_values_truncation();
    test_empty_and_variant();
    test_held_until_commit();
    test_numeric_table();
    test_threads();
    remove_all();
    return ur_check_summary("test_plan_log");
}
