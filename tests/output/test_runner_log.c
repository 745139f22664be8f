/* The runner's side of the event log: a test model logs rows at random times
 * (its own stream, so they depend on the seed and the replication only), with
 * replication 0 the slowest to finish, so that with several threads every
 * later replication reaches the file before it. Checks that /plan_log is the
 * same, row for row, with 1 thread and with 4, in replication order; that the
 * results count the rows; the printout's plan-log section (30 rows of
 * replication 0, then "... 5 more"); and that a run that logs nothing prints
 * no such section and still has an empty /plan_log.
 */
#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ursim/diag.h>
#include <ursim/model.h>
#include <ursim/output.h>

#include "check.h"
#include "output/testdir.h"
#include "runner.h"

#define N_REPS 6
#define REP0_ROWS 35 /* > UR_RESULTS_LOG_SHOWN: the printout cuts it */

static char dir[] = "/tmp/ursim-test-runner-log-XXXXXX";

static size_t rows_for(size_t rep)
{
    return rep == 0 ? REP0_ROWS : rep % 3; /* 35, 1, 2, 0, 1, 2: 41 rows */
}

/* ---- a model that logs ---- */

struct logger_config {
    bool silent;
};

struct logger {
    struct ur_env *env;
    gsl_rng *r;
    uint16_t h_fire;
    size_t n_rows;
    int err;
};

static void on_fire(struct ur_sim *sim, void *model, uint64_t i)
{
    struct logger *m = model;
    char detail[48];
    snprintf(detail, sizeof detail, "windows %llu -> %llu", (unsigned long long)(40 + i),
             (unsigned long long)(41 + i));
    int rc = ur_rec_log(m->env->rec, ur_sim_now(sim), "plan.queue_alarm",
                        i == 0 ? "fired" : "open_windows", detail, (double)(41 + i));
    if (rc < 0 && !m->err)
        m->err = rc;
    if (i + 1 < m->n_rows)
        ur_sim_after(sim, ur_ran_exponential(m->r, 600.0), m->h_fire, i + 1);
}

static int logger_create(struct ur_env *env, const struct ur_list *config, void **state)
{
    const struct logger_config *c = config->items;
    struct logger *m = calloc(1, sizeof *m);
    if (!m)
        return UR_ENOMEM;
    *state = m;
    *m = (struct logger){.env = env,
                         .r = ur_rng_stream(env->rng, "logger.times"),
                         .n_rows = c->silent ? 0 : rows_for(env->replication)};
    if (!m->r)
        return UR_ENOMEM;
    m->h_fire = ur_sim_handler(env->sim, "logger.fire", on_fire, m);
    if (m->n_rows > 0)
        ur_sim_at(env->sim, ur_ran_exponential(m->r, 600.0), m->h_fire, 0);
    return 0;
}

/* Replication 0 ends last: 100 ms after its run. */
static int logger_finish(void *state, double t_s)
{
    (void)t_s;
    struct logger *m = state;
    if (m->env->replication == 0) {
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    return m->err;
}

static void logger_destroy(void *state)
{
    free(state);
}

static const struct ur_model_ops logger_ops = {
    .name = "logger",
    .yaml_key = "loggers",
    .create = logger_create,
    .finish = logger_finish,
    .destroy = logger_destroy,
};
static const struct ur_model_ops *const models[] = {&logger_ops};

/* ---- running it ---- */

struct run {
    struct ur_results res;
    char *printout;
};

static void run_to(const char *path, int threads, bool silent, struct run *run)
{
    struct logger_config cfg = {silent};
    struct ur_scenario sc = {
        .path = "logger.yaml",
        .yaml_text = "",
        .run = {.name = "logger",
                .horizon_s = 86400,
                .sample_interval_s = 3600,
                .replications = N_REPS,
                .seed = 5},
        .models = models,
        .n_models = 1,
    };
    sc.model_config[0] = (struct ur_list){&cfg, 1};
    struct ur_run_opts opts = {.replications = N_REPS, .seed = 5, .threads = threads};
    struct ur_out_meta meta = {"0.1.0-test", "logger", "", "test", 5, N_REPS};
    struct ur_out *out = NULL;
    CHECK_EQ(ur_out_open(&out, path, false, &meta), 0);
    CHECK_EQ(ur_run(&sc, &opts, out, &run->res), 0);
    CHECK_EQ(ur_results_write(&run->res, out, ""), 0);
    CHECK_EQ(ur_out_commit(out), 0);
    size_t size = 0;
    FILE *f = open_memstream(&run->printout, &size);
    CHECK(f != NULL);
    if (f) {
        ur_results_print(&run->res, f);
        fclose(f);
    }
}

static void run_free(struct run *run)
{
    ur_results_fini(&run->res);
    free(run->printout);
}

/* The table as raw records (calloc'd, so byte-comparable); NULL on error. */
struct row {
    long long replication;
    double time;
    char source[UR_LOG_SOURCE_SIZE], event[UR_LOG_EVENT_SIZE], detail[UR_LOG_DETAIL_SIZE];
    double value;
};

static struct row *read_log(const char *path, hsize_t *n)
{
    static const size_t offsets[6] = {
        offsetof(struct row, replication), offsetof(struct row, time),
        offsetof(struct row, source),      offsetof(struct row, event),
        offsetof(struct row, detail),      offsetof(struct row, value)};
    static const size_t sizes[6] = {8, 8, UR_LOG_SOURCE_SIZE, UR_LOG_EVENT_SIZE, UR_LOG_DETAIL_SIZE,
                                    8};
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hsize_t n_fields = 0;
    struct row *rows = NULL;
    *n = 0;
    if (file >= 0 && H5TBget_table_info(file, "/plan_log", &n_fields, n) >= 0 && n_fields == 6) {
        rows = calloc(*n ? *n : 1, sizeof *rows);
        if (*n && H5TBread_table(file, "/plan_log", sizeof *rows, offsets, sizes, rows) < 0) {
            free(rows);
            rows = NULL;
        }
    }
    if (file >= 0)
        H5Fclose(file);
    return rows;
}

static const char *join(const char *name)
{
    return test_path(dir, name);
}

/* Rows in replication order, each replication's in time order, as many as
 * it logged. */
static void check_order(const struct row *r, hsize_t n)
{
    size_t k = 0, bad = 0;
    for (size_t rep = 0; rep < N_REPS; rep++)
        for (size_t i = 0; i < rows_for(rep); i++, k++) {
            bad += k >= n || r[k].replication != (long long)rep;
            bad += k < n && i > 0 && !(r[k].time >= r[k - 1].time);
            bad += k < n && r[k].value != (double)(41 + i);
        }
    CHECK_EQ(k, n);
    CHECK_EQ(bad, 0);
}

/* The plan-log section: its head line, then replication 0's first 30 rows
 * with times as h:mm:ss, then "... 5 more". */
static void check_printout(const char *text)
{
    CHECK(strstr(text, "\nplan log (/plan_log): 41 rows; per replication mean 6.83, min 0, "
                       "max 35\nreplication 0, 35 rows:\n") != NULL);
    CHECK(strstr(text, "\n  ... 5 more\n") != NULL);
    size_t shown = 0, timed = 0;
    for (const char *p = strstr(text, "plan.queue_alarm"); p; p = strstr(p + 1, "plan.queue_alarm"))
        shown++;
    const char *line = strstr(text, "replication 0,");
    for (line = line ? strchr(line, '\n') : NULL; line && line[1]; line = strchr(line + 1, '\n')) {
        int h, m, s, used = 0;
        if (sscanf(line + 1, " %d:%2d:%2d%n", &h, &m, &s, &used) == 3 && used > 0 && m < 60 &&
            s < 60)
            timed++;
    }
    CHECK_EQ(shown, UR_RESULTS_LOG_SHOWN);
    CHECK_EQ(timed, UR_RESULTS_LOG_SHOWN);
}

static void test_threads_agree(void)
{
    struct run one = {0}, four = {0};
    run_to(join("one.h5"), 1, false, &one);
    run_to(join("four.h5"), 4, false, &four);
    hsize_t n1 = 0, n4 = 0;
    struct row *a = read_log(join("one.h5"), &n1), *b = read_log(join("four.h5"), &n4);
    CHECK(a && b);
    CHECK_EQ(n1, 41);
    CHECK_EQ(n4, n1);
    if (a && b && n1 == n4) {
        CHECK(memcmp(a, b, n1 * sizeof *a) == 0);
        check_order(a, n1);
    }
    for (size_t rep = 0; rep < N_REPS; rep++) {
        CHECK_EQ(one.res.log_rows[rep], rows_for(rep));
        CHECK_EQ(four.res.log_rows[rep], rows_for(rep));
    }
    CHECK_EQ(one.res.n_log_first, UR_RESULTS_LOG_SHOWN);
    CHECK(one.printout && four.printout && strcmp(one.printout, four.printout) == 0);
    if (one.printout)
        check_printout(one.printout);
    free(a), free(b);
    run_free(&one), run_free(&four);
    CHECK_EQ(unlink(join("one.h5")), 0);
    CHECK_EQ(unlink(join("four.h5")), 0);
}

static void test_silent(void)
{
    struct run run = {0};
    run_to(join("silent.h5"), 3, true, &run);
    hsize_t n = 99;
    struct row *r = read_log(join("silent.h5"), &n);
    CHECK(r != NULL);
    CHECK_EQ(n, 0);
    free(r);
    CHECK(run.printout && strstr(run.printout, "KPI") != NULL);
    CHECK(run.printout && strstr(run.printout, "plan log") == NULL);
    run_free(&run);
    CHECK_EQ(unlink(join("silent.h5")), 0);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_threads_agree();
    test_silent();
    CHECK_EQ(rmdir(dir), 0);
    return ur_check_summary("test_runner_log");
}
