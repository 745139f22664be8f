/* The results file: writes through <ursim/output.h>, reads back with the plain
 * HDF5 C API (as any other reader would), and checks the layout, values,
 * NaN fill, attributes, compression, and the atomic open/commit/abort rules.
 * Files go to a fresh mkdtemp directory under /tmp, removed at the end.
 */
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ursim/diag.h>
#include <ursim/output.h>

#include "check.h"
#include "output/testdir.h"
#include "h5read.h"

#define N_REPS 4
#define N_SAMPLES 10000 /* > 4096: three chunks per replication */
#define BLOCK 1024
#define YAML_BYTES (200 * 1024) /* beyond the 64 KiB object-header limit */

static char dir[] = "/tmp/ursim-test-output-XXXXXX";

static const struct ur_series_info queue = {"stations/windows/queue_length", "1",
                                            "visitors waiting"};
static const struct ur_series_info served = {"stations/windows/served", "1/s", "service rate"};

static double queue_value(size_t rep, size_t k)
{
    return (double)rep * 1e5 + (double)k + 0.25;
}

/* Replication 3 stops halfway, as an interrupted replication would. */
static size_t samples_written(size_t rep)
{
    return rep == 3 ? N_SAMPLES / 2 : N_SAMPLES;
}

struct writer {
    struct ur_out *out;
    size_t rep;
    int rc;
};

/* One replication's thread: blocks of both series, interleaved, as the
 * runner's recorder flushes them. */
static void *write_rep(void *arg)
{
    struct writer *w = arg;
    double q[BLOCK], s[BLOCK];
    size_t end = samples_written(w->rep);
    for (size_t first = 0; first < end && !w->rc; first += BLOCK) {
        size_t n = end - first < BLOCK ? end - first : BLOCK;
        for (size_t i = 0; i < n; i++) {
            q[i] = queue_value(w->rep, first + i);
            s[i] = -q[i];
        }
        w->rc = ur_out_series(w->out, "", &queue, N_REPS, N_SAMPLES, w->rep, first, n, q);
        if (!w->rc)
            w->rc = ur_out_series(w->out, "", &served, N_REPS, N_SAMPLES, w->rep, first, n, s);
    }
    return NULL;
}

static char *big_yaml(void)
{
    char *yaml = malloc(YAML_BYTES + 1);
    const char line[] = "# café queue — line of scenario text\n";
    for (size_t i = 0; i < YAML_BYTES; i++)
        yaml[i] = line[i % (sizeof line - 1)];
    yaml[YAML_BYTES] = '\0';
    return yaml;
}

static const char *join(const char *name)
{
    return test_path(dir, name);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool tmp_exists(const char *path)
{
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    return exists(tmp);
}

static struct ur_out_meta meta_with(const char *yaml, long replications)
{
    return (struct ur_out_meta){.version = "0.1.0-test",
                                .scenario_name = "hall",
                                .scenario_yaml = yaml,
                                .command_line = "ursim run hall.yaml -o r.h5",
                                .seed = 42,
                                .replications = replications};
}

/* ---- writing ---- */

static void write_summaries(struct ur_out *out)
{
    const double waits[N_REPS] = {1, 2, 3, NAN};
    const struct ur_kpi wait = {"stations/windows/wait_served_mean", "s", "mean wait", 0};
    CHECK_EQ(ur_out_summary(out, "", &wait, waits, N_REPS), 0);
    const double one[1] = {7.5};
    const struct ur_kpi late = {"refunds", "EUR", "refunds paid", 0};
    CHECK_EQ(ur_out_summary(out, "variants/late", &late, one, 1), 0);
}

static void write_results(const char *path, const char *yaml)
{
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with(yaml, N_REPS);
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    CHECK(tmp_exists(path) && !exists(path));
    static double t_s[N_SAMPLES];
    for (size_t k = 0; k < N_SAMPLES; k++)
        t_s[k] = 60.0 * (double)(k + 1);
    CHECK_EQ(ur_out_time(out, "", t_s, N_SAMPLES), 0);
    CHECK_EQ(ur_out_time(out, "variants/late", t_s, 3), 0);
    pthread_t threads[N_REPS];
    struct writer writers[N_REPS];
    for (size_t r = 0; r < N_REPS; r++) {
        writers[r] = (struct writer){out, r, 0};
        CHECK_EQ(pthread_create(&threads[r], NULL, write_rep, &writers[r]), 0);
    }
    for (size_t r = 0; r < N_REPS; r++) {
        pthread_join(threads[r], NULL);
        CHECK_EQ(writers[r].rc, 0);
    }
    write_summaries(out);
    CHECK_EQ(ur_out_commit(out), 0);
    CHECK(exists(path) && !tmp_exists(path));
}

/* ---- reading back ---- */

static void check_root(hid_t file, const char *yaml)
{
    char *text = rd_string_attr(file, "/", "scenario_yaml");
    CHECK(text && strcmp(text, yaml) == 0);
    free(text);
    const char *names[] = {"ursim_version", "scenario_name", "command_line"};
    const char *values[] = {"0.1.0-test", "hall", "ursim run hall.yaml -o r.h5"};
    for (size_t i = 0; i < 3; i++) {
        text = rd_string_attr(file, "/", names[i]);
        CHECK_STR(text, values[i]);
        free(text);
    }
    text = rd_string_attr(file, "/", "created_utc"); /* 2026-11-22T18:30:00Z */
    CHECK(text && strlen(text) == 20 && text[4] == '-' && text[10] == 'T' && text[19] == 'Z');
    free(text);
    long long seed = 0, reps = 0;
    CHECK(rd_int64_attr(file, "/", "seed", &seed) &&
          rd_int64_attr(file, "/", "replications", &reps));
    CHECK_EQ(seed, 42);
    CHECK_EQ(reps, N_REPS);
}

static void check_units(hid_t file, const char *path, const char *units, const char *description)
{
    char *u = rd_string_attr(file, path, "units"), *d = rd_string_attr(file, path, "description");
    CHECK_STR(u, units);
    CHECK_STR(d, description);
    free(u);
    free(d);
}

static void check_time(hid_t file)
{
    int rank;
    hsize_t dims[2];
    double *t = rd_doubles(file, "/timeseries/time", &rank, dims);
    CHECK(t != NULL);
    CHECK_EQ(rank, 1);
    CHECK_EQ(dims[0], N_SAMPLES);
    CHECK(t && t[0] == 60.0 && t[N_SAMPLES - 1] == 60.0 * N_SAMPLES);
    free(t);
    check_units(file, "/timeseries/time", "s", "end of each sample interval");
    t = rd_doubles(file, "/variants/late/timeseries/time", &rank, dims);
    CHECK(t && rank == 1 && dims[0] == 3 && t[2] == 180.0);
    free(t);
}

/* Every value written reads back exactly; every other one is NaN. */
static size_t count_mismatches(const double *v, double sign)
{
    size_t bad = 0;
    for (size_t r = 0; r < N_REPS; r++)
        for (size_t k = 0; k < N_SAMPLES; k++) {
            double x = v[r * N_SAMPLES + k];
            bool ok = k < samples_written(r) ? x == sign * queue_value(r, k) : isnan(x);
            bad += !ok;
        }
    return bad;
}

static void check_series(hid_t file, const struct ur_series_info *s, double sign)
{
    char path[128];
    snprintf(path, sizeof path, "/timeseries/%s", s->path);
    int rank;
    hsize_t dims[2];
    double *v = rd_doubles(file, path, &rank, dims);
    CHECK(v != NULL);
    CHECK_EQ(rank, 2);
    CHECK(dims[0] == N_REPS && dims[1] == N_SAMPLES);
    if (v && rank == 2 && dims[0] == N_REPS && dims[1] == N_SAMPLES)
        CHECK_EQ(count_mismatches(v, sign), 0);
    free(v);
    check_units(file, path, s->units, s->description);
    struct rd_layout l;
    CHECK(rd_layout(file, path, &l));
    CHECK(l.chunked && l.chunk_rank == 2 && l.chunk[0] == 1 && l.chunk[1] == 4096);
    CHECK(l.shuffle && l.deflate);
    CHECK_EQ(l.deflate_level, 4);
    CHECK(isnan(l.fill));
}

static void check_summary(hid_t file)
{
    const char *path = "/summary/stations/windows/wait_served_mean";
    int rank;
    hsize_t dims[2];
    double *v = rd_doubles(file, path, &rank, dims);
    CHECK(v && rank == 1 && dims[0] == N_REPS && v[0] == 1 && v[2] == 3 && isnan(v[3]));
    free(v);
    check_units(file, path, "s", "mean wait");
    /* Values 1, 2, 3 (NaN skipped): mean 2, sd 1, half-width t(0.975; 2)/sqrt(3).
     * With 2 degrees of freedom the t quantile has the closed form
     * t_p = (2p - 1) / sqrt(2 p (1 - p)) (Student's t-distribution, special
     * cases; e.g. Wikipedia); tolerance 1e-9 covers GSL's inverse-cdf rounding. */
    double p = 0.975, half = (2 * p - 1) / sqrt(2 * p * (1 - p)) / sqrt(3.0);
    double mean = 0, sd = 0, lo = 0, hi = 0;
    long long n = 0;
    CHECK(rd_double_attr(file, path, "mean", &mean) && rd_double_attr(file, path, "sd", &sd));
    CHECK(rd_double_attr(file, path, "ci95_lo", &lo) && rd_double_attr(file, path, "ci95_hi", &hi));
    CHECK(rd_int64_attr(file, path, "n", &n));
    CHECK_NEAR(mean, 2.0, 1e-12);
    CHECK_NEAR(sd, 1.0, 1e-12);
    CHECK_NEAR(lo, 2.0 - half, 1e-9);
    CHECK_NEAR(hi, 2.0 + half, 1e-9);
    CHECK_EQ(n, 3);
    /* One replication: no interval (NaN), but mean and n. */
    const char *late = "/variants/late/summary/refunds";
    CHECK(rd_double_attr(file, late, "mean", &mean) && rd_double_attr(file, late, "ci95_lo", &lo));
    CHECK_NEAR(mean, 7.5, 0);
    CHECK(isnan(lo));
    check_units(file, late, "EUR", "refunds paid");
}

static void test_roundtrip(void)
{
    char *yaml = big_yaml();
    const char *path = join("results.h5");
    write_results(path, yaml);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(file >= 0);
    if (file >= 0) {
        check_root(file, yaml);
        check_time(file);
        check_series(file, &queue, 1.0);
        check_series(file, &served, -1.0);
        check_summary(file);
        CHECK_EQ(H5Fget_obj_count(file, H5F_OBJ_ALL), 1); /* the readers closed all */
        H5Fclose(file);
    }
    free(yaml);
}

/* ---- the atomic file rules ---- */

static long long replications_of(const char *path)
{
    long long reps = -1;
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file >= 0) {
        rd_int64_attr(file, "/", "replications", &reps);
        H5Fclose(file);
    }
    return reps;
}

static void test_exists_and_force(void)
{
    const char *path = join("results.h5"); /* left by test_roundtrip */
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with("run: {}\n", 7);
    CHECK_EQ(ur_out_open(&out, path, false, &meta), UR_EEXIST);
    CHECK(strstr(ur_out_error(out), "results.h5") != NULL);
    CHECK(!tmp_exists(path));
    ur_out_abort(out);
    CHECK_EQ(replications_of(path), N_REPS); /* untouched */
    CHECK_EQ(ur_out_open(&out, path, true, &meta), 0);
    CHECK_EQ(replications_of(path), N_REPS); /* still the old one until commit */
    CHECK_EQ(ur_out_commit(out), 0);
    CHECK_EQ(replications_of(path), 7);
    CHECK(!tmp_exists(path));
}

static void test_abort(void)
{
    const char *path = join("aborted.h5");
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with("", 1);
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    const double v[3] = {1, 2, 3};
    CHECK_EQ(ur_out_series(out, "", &queue, 1, 3, 0, 0, 3, v), 0);
    ur_out_abort(out);
    CHECK(!exists(path) && !tmp_exists(path));
    ur_out_abort(NULL);
}

static void test_missing_directory(void)
{
    const char *path = join("no/such/dir/results.h5");
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with("", 1);
    int rc = ur_out_open(&out, path, false, &meta);
    CHECK_EQ(rc, UR_EIO);
    CHECK(out && strstr(ur_out_error(out), "No such file or directory") != NULL);
    fprintf(stderr, "  (expected) %s\n", ur_out_error(out));
    ur_out_abort(out);
    CHECK(!exists(path) && !tmp_exists(path) && !exists(join("no")));
}

/* A failed write poisons the file: later calls fail, commit publishes nothing. */
static void test_sticky_error(void)
{
    const char *path = join("broken.h5");
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with("", 2);
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    const double v[2] = {1, 2};
    const struct ur_kpi k = {"wait", "s", "mean wait", 0};
    CHECK_EQ(ur_out_summary(out, "", &k, v, 2), 0);
    CHECK_EQ(ur_out_summary(out, "", &k, v, 2), UR_EHDF5); /* exists already */
    const char *msg = ur_out_error(out);
    CHECK(strstr(msg, "/summary/wait") != NULL);
    fprintf(stderr, "  (expected) %s\n", msg);
    CHECK_EQ(ur_out_series(out, "", &queue, 2, 2, 0, 0, 2, v), UR_EHDF5);
    CHECK_EQ(ur_out_commit(out), UR_EHDF5);
    CHECK(!exists(path) && !tmp_exists(path));
    ur_out_abort(out);
}

/* PATH.tmp left by a crashed run is replaced, and root "/" is root "". */
static void test_stale_tmp(void)
{
    const char *path = join("stale.h5"), *tmp = join("stale.h5.tmp");
    FILE *f = fopen(tmp, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("half a file from a crash\n", f);
        fclose(f);
    }
    struct ur_out *out = NULL;
    struct ur_out_meta meta = meta_with("", 3);
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    const double t[2] = {1, 2};
    CHECK_EQ(ur_out_time(out, "/", t, 2), 0);
    CHECK_EQ(ur_out_commit(out), 0);
    CHECK_EQ(replications_of(path), 3);
    CHECK(!exists(tmp));
}

static void remove_all(void)
{
    const char *names[] = {"results.h5", "stale.h5"};
    for (size_t i = 0; i < 2; i++)
        if (exists(join(names[i])))
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
    test_roundtrip();
    test_exists_and_force();
    test_abort();
    test_missing_directory();
    test_sticky_error();
    test_stale_tmp();
    remove_all();
    return ur_check_summary("test_output");
}
