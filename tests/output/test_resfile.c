/* Reading a results file back (<ursim/resfile.h>): a file written through
 * <ursim/output.h> with a headline KPI, a series and a plan log is read with
 * the reader API, which must return what was written; files that are not
 * results files are refused with UR_EIO / UR_EINPUT and a message. Also the
 * recorder's headline marks (ur_rec_headline). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ursim/diag.h>
#include <ursim/output.h>
#include <ursim/record.h>
#include <ursim/resfile.h>

#include "check.h"
#include "output/testdir.h"

static char dir[] = "/tmp/ursim-test-resfile-XXXXXX";

static void write_file(const char *path)
{
    struct ur_out_meta meta = {"0.0.0", "résumé", "scenario: {}", "ursim run", 5, 3};
    struct ur_out *out = NULL;
    CHECK_EQ(ur_out_open(&out, path, true, &meta), 0);
    double t[4] = {900, 1800, 2700, 3600}, v[4];
    CHECK_EQ(ur_out_time(out, "", t, 4), 0);
    struct ur_series_info s = {"stations/hall/queue_length", "visitors", "waiting"};
    for (size_t rep = 0; rep < 3; rep++) {
        for (size_t k = 0; k < 4; k++)
            v[k] = (double)(rep * 10 + k);
        CHECK_EQ(ur_out_series(out, "", &s, 3, 4, rep, 0, 4, v), 0);
        struct ur_log_row row = {.t_s = 100.0 * (double)rep, .value = NAN};
        strcpy(row.source, "plan.alarm");
        strcpy(row.event, "fired");
        strcpy(row.detail, "queue 12 ≥ 10");
        CHECK_EQ(ur_out_log(out, "", rep, &row, rep == 1 ? 0 : 1), 0);
    }
    struct ur_kpi k = {"stations/hall/wait_served_p95", "s", "p95 wait", 0, 2, UR_BETTER_LOWER};
    double per_rep[3] = {10, 20, 30};
    CHECK_EQ(ur_out_summary(out, "", &k, per_rep, 3), 0);
    struct ur_kpi plain = {"stations/hall/arrived", "visitors", "arrivals", 0, 0, 0};
    CHECK_EQ(ur_out_summary(out, "", &plain, per_rep, 3), 0);
    CHECK_EQ(ur_out_commit(out), 0);
}

static void test_roundtrip(void)
{
    const char *path = test_path(dir, "r.h5");
    write_file(path);
    char msg[256];
    struct ur_resfile *f = NULL;
    CHECK_EQ(ur_resfile_open(&f, path, msg, sizeof msg), 0);
    if (!f)
        return;
    char *name = ur_resfile_attr_text(f, "/", "scenario_name");
    CHECK(name && strcmp(name, "résumé") == 0);
    free(name);
    double x = 0;
    CHECK(ur_resfile_attr_num(f, "/", "replications", &x) && x == 3);
    CHECK(!ur_resfile_attr_num(f, "/", "nothing", &x));
    struct ur_strs d;
    CHECK_EQ(ur_resfile_datasets(f, "/summary", &d), 0);
    CHECK_EQ(d.n, 2);
    if (d.n == 2) /* name order */
        CHECK(strcmp(d.v[0], "stations/hall/arrived") == 0 &&
              strcmp(d.v[1], "stations/hall/wait_served_p95") == 0);
    ur_strs_free(&d);
    CHECK_EQ(ur_resfile_datasets(f, "/variants", &d), 0); /* absent: none */
    CHECK_EQ(d.n, 0);
    const char *p95 = "/summary/stations/hall/wait_served_p95";
    CHECK(ur_resfile_attr_num(f, p95, "headline_rank", &x) && x == 2);
    char *better = ur_resfile_attr_text(f, p95, "better");
    CHECK(better && strcmp(better, "lower") == 0);
    free(better);
    CHECK(!ur_resfile_attr_num(f, "/summary/stations/hall/arrived", "headline_rank", &x));
    struct ur_array a;
    CHECK_EQ(ur_resfile_read(f, "/timeseries/stations/hall/queue_length", &a), 0);
    CHECK(a.rank == 2 && a.dims[0] == 3 && a.dims[1] == 4 && a.v[2 * 4 + 3] == 23);
    ur_array_free(&a);
    CHECK_EQ(ur_resfile_read(f, "/summary/nope", &a), UR_EINPUT);
    struct ur_table t;
    CHECK_EQ(ur_resfile_table(f, "/plan_log", &t), 0);
    CHECK_EQ(t.n_rows, 2); /* replication 1 logged nothing */
    int rep = ur_table_col(&t, "replication"), detail = ur_table_col(&t, "detail");
    CHECK(rep >= 0 && detail >= 0 && t.is_text[detail] && !t.is_text[rep]);
    if (rep >= 0 && detail >= 0 && t.n_rows == 2) {
        CHECK(t.num[rep][0] == 0 && t.num[rep][1] == 2);
        CHECK(strcmp(t.text[detail][1], "queue 12 ≥ 10") == 0);
    }
    ur_table_free(&t);
    ur_resfile_close(f);
}

static void test_not_results(void)
{
    char msg[256];
    struct ur_resfile *f = NULL;
    CHECK_EQ(ur_resfile_open(&f, test_path(dir, "none.h5"), msg, sizeof msg), UR_EIO);
    CHECK(f == NULL && strstr(msg, "none.h5"));
    FILE *text = fopen(test_path(dir, "t.h5"), "w");
    fputs("hello\n", text);
    fclose(text);
    CHECK_EQ(ur_resfile_open(&f, test_path(dir, "t.h5"), msg, sizeof msg), UR_EINPUT);
    CHECK(strstr(msg, "not an HDF5 file") != NULL);
}

static void test_headline_marks(void)
{
    struct ur_rec *rec = ur_rec_new(NULL, 4);
    CHECK_EQ(ur_rec_kpi(rec, "a/x", "1", "x", 1.0), 0);
    CHECK_EQ(ur_rec_kpi(rec, "a/y", "1", "y", 2.0), 0);
    ur_rec_headline(rec, "a/y", 1, UR_BETTER_HIGHER);
    CHECK_EQ(ur_rec_kpi_at(rec, 0)->headline_rank, 0);
    CHECK_EQ(ur_rec_kpi_at(rec, 1)->headline_rank, 1);
    CHECK_EQ(ur_rec_kpi_at(rec, 1)->better, UR_BETTER_HIGHER);
    ur_rec_free(rec);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_roundtrip();
    test_not_results();
    test_headline_marks();
    unlink(test_path(dir, "r.h5"));
    unlink(test_path(dir, "t.h5"));
    rmdir(dir);
    return ur_check_summary("test_resfile");
}
