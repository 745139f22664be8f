/* ursim: load -> for each (variant, replication) {build, run, finish} -> write.
 *
 * Exit status: 0 ok; 1 the run failed (I/O, HDF5, memory); 2 bad input or
 * usage (nothing written); 130 interrupted (nothing written). Results go to
 * OUT.h5.tmp and are renamed to OUT.h5 only when complete. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calibration.h"
#include "cli.h"
#include "compare.h"
#include "report/report.h"
#include "runner.h"
#include "shard.h"
#include <ursim/model.h>
#include <ursim/rng.h>

enum { EXIT_RUN = 1, EXIT_INPUT = 2, EXIT_INTERRUPTED = 130 };

static volatile sig_atomic_t interrupted;
static char *tmp_path; /* OUT.tmp while it may exist, for on_out_of_memory */

static void on_out_of_memory(void)
{
    if (tmp_path)
        unlink(tmp_path);
}

/* Set before the run, while memory can still be had. */
static void remove_on_out_of_memory(const char *out)
{
    tmp_path = malloc(strlen(out) + sizeof ".tmp");
    if (tmp_path)
        sprintf(tmp_path, "%s.tmp", out);
    ur_on_out_of_memory(on_out_of_memory);
}

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void catch_signals(void)
{
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESETHAND};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* Loads and validates; prints diagnostics. NULL on failure, *status set. */
static struct ur_scenario *load(const char *path, int *status)
{
    struct ur_diag *diag = ur_diag_new();
    int err = 0;
    struct ur_scenario *sc =
        diag ? ur_scenario_load(path, ur_models, ur_n_models, diag, &err) : NULL;
    if (sc && sc->observed.n > 0 && (err = ur_calibration_check(sc, diag)) != 0) {
        ur_scenario_free(sc); /* a figure names a KPI no run publishes, or in other units */
        sc = NULL;
    }
    if (!sc) {
        if (diag && ur_diag_errors(diag) > 0) {
            ur_diag_print(diag, stderr);
            *status = EXIT_INPUT;
        } else {
            fprintf(stderr, "ursim: %s: %s\n", path, ur_strerror(diag ? err : UR_ENOMEM));
            *status = err == UR_EIO ? EXIT_INPUT : EXIT_RUN;
        }
    }
    ur_diag_free(diag);
    return sc;
}

static long default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

static int write_time(struct ur_out *out, const char *group, const struct ur_run_config *run)
{
    size_t n = ur_run_n_samples(run);
    double *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return UR_ENOMEM;
    ur_run_sample_times(run, t);
    int rc = ur_out_time(out, group, t, n);
    free(t);
    return rc;
}

static void print_header(const struct ur_scenario *sc, const struct ur_run_opts *o,
                         const struct ur_results *res, double wall_s)
{
    printf("%s: %ld replications, horizon %g h, seed %ld, %d threads: %.2f s, "
           "%.3g events/s\n\n",
           sc->run.name, o->replications, sc->run.horizon_s / 3600.0, o->seed, o->threads,
           wall_s, wall_s > 0 ? (double)res->events / wall_s : 0.0);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs and writes; returns the exit status. */
static int run(const struct ur_cli *cli, struct ur_scenario *sc, int argc, char **argv)
{
    struct ur_run_opts opts = {
        .replications = cli->replications ? cli->replications : sc->run.replications,
        .seed = cli->seed >= 0 ? cli->seed : sc->run.seed,
        .threads = (int)(cli->threads ? cli->threads : default_threads()),
        .progress = !cli->quiet && isatty(STDERR_FILENO),
        .interrupted = &interrupted,
    };
    char *cmd = ur_cli_command_line(argc, argv);
    struct ur_out_meta meta = {URSIM_VERSION, sc->run.name, sc->yaml_text, cmd ? cmd : "",
                               opts.seed, opts.replications, sc->run.start, &interrupted};
    if (cli->shard_n) {
        int status = ur_shard_run(sc, &opts, &meta, cli);
        free(cmd);
        return status;
    }
    struct ur_out *out = NULL;
    int rc = ur_out_open(&out, cli->out, cli->force, &meta);
    free(cmd);
    if (rc < 0) {
        fprintf(stderr, "ursim: %s: %s%s%s\n", cli->out, ur_strerror(rc),
                rc == UR_EEXIST ? "; use --force to overwrite it" : ": ",
                rc == UR_EEXIST ? "" : (out ? ur_out_error(out) : ""));
        ur_out_abort(out);
        return rc == UR_EEXIST ? EXIT_INPUT : EXIT_RUN;
    }
    remove_on_out_of_memory(cli->out); /* ur_out_open made OUT.tmp: ours to remove */
    /* Without `variants:` one run at the root of the file; with them, one
     * run per variant under variants/<name>/, then the comparison. */
    size_t nv = sc->n_variants ? sc->n_variants : 1;
    struct ur_results *res = calloc(nv, sizeof *res);
    if (!res)
        rc = UR_ENOMEM;
    double t0 = wall_now();
    for (size_t v = 0; v < nv && rc == 0; v++) {
        const struct ur_scenario *vs = sc->n_variants ? sc->variants[v] : sc;
        char group[300] = "";
        if (sc->n_variants)
            snprintf(group, sizeof group, "variants/%s", sc->variant_names[v]);
        opts.group = group;
        rc = write_time(out, group, &vs->run);
        if (rc == 0)
            rc = ur_run(vs, &opts, out, &res[v]);
        if (rc == 0)
            rc = ur_results_write(&res[v], out, group);
    }
    double wall_s = wall_now() - t0;
    if (rc == 0 && sc->n_variants > 1)
        rc = ur_compare_write(res, sc->variant_names, nv, out);
    if (rc == 0 && sc->observed.n > 0)
        rc = ur_calibration_write(sc, res, nv, out);
    if (rc == 0)
        rc = ur_out_commit(out); /* frees out on success; UR_EINTR once interrupted */
    if (rc != 0) {
        fprintf(stderr, "ursim: %s%s%s; no results written\n", ur_strerror(rc),
                rc == UR_EHDF5 || rc == UR_EIO ? ": " : "",
                rc == UR_EHDF5 || rc == UR_EIO ? ur_out_error(out) : "");
        ur_out_abort(out);
    }
    free(tmp_path);
    tmp_path = NULL;
    if (rc == 0 && !cli->quiet) {
        for (size_t v = 1; v < nv; v++)
            res[0].events += res[v].events;
        print_header(sc, &opts, &res[0], wall_s);
        if (!cli->all) {
            ur_summary(cli->out, false, stdout, stderr); /* read back from the file */
            if (nv > 1)
                ur_compare_warn(res, sc->variant_names, nv, 6, stdout);
        } else if (nv == 1) {
            ur_results_print(&res[0], stdout);
        } else {
            ur_compare_print(res, sc->variant_names, nv, stdout);
            for (size_t v = 0; v < nv; v++) {
                char where[300];
                snprintf(where, sizeof where, "variant %s, /variants/%s/plan_log",
                         sc->variant_names[v], sc->variant_names[v]);
                ur_results_print_log(&res[v], where, stdout);
            }
            printf("\neach variant's results: /variants/<name>/ in the file\n");
        }
        printf("\nresults: %s\n", cli->out);
    }
    for (size_t v = 0; res && v < nv; v++)
        ur_results_fini(&res[v]);
    free(res);
    return rc == 0 ? 0 : rc == UR_EINTR ? EXIT_INTERRUPTED : rc == UR_EINPUT ? EXIT_INPUT : EXIT_RUN;
}

static int dispatch(const struct ur_cli *cli, int argc, char **argv)
{
    switch (cli->cmd) {
    case UR_CMD_HELP:
        ur_cli_help(stdout);
        return 0;
    case UR_CMD_VERSION:
        printf("ursim %s\n", URSIM_VERSION);
        return 0;
    case UR_CMD_SCHEMA:
        ur_schema_markdown(stdout, ur_models, ur_n_models);
        return 0;
    case UR_CMD_SUMMARY:
        return ur_summary(cli->scenario, cli->all, stdout, stderr);
    case UR_CMD_REPORT:
        return ur_report(cli->scenario, cli->out, stderr);
    case UR_CMD_EXPORT:
        return ur_export_csv(cli->scenario, cli->csv, stderr);
    default:
        break;
    }
    catch_signals();
    if (cli->cmd == UR_CMD_MERGE) {
        char *cmd = ur_cli_command_line(argc, argv);
        int status = ur_merge(cli, cmd ? cmd : "", &interrupted);
        free(cmd);
        return status;
    }
    ur_rng_install_gsl_handler();
    int status = 0;
    struct ur_scenario *sc = load(cli->scenario, &status);
    if (!sc)
        return status;
    if (cli->cmd == UR_CMD_VALIDATE) {
        printf("%s: ok\n", cli->scenario);
        int rc = cli->kpis ? ur_calibration_list_kpis(sc, stdout) : 0;
        if (rc < 0)
            fprintf(stderr, "ursim: listing the KPIs: %s\n", ur_strerror(rc));
        status = rc < 0 ? EXIT_RUN : 0;
    } else
        status = run(cli, sc, argc, argv);
    ur_scenario_free(sc);
    return status;
}

int main(int argc, char **argv)
{
    struct ur_cli cli;
    int status = ur_cli_parse(argc, argv, &cli, stderr) < 0 ? EXIT_INPUT : dispatch(&cli, argc, argv);
    ur_cli_fini(&cli);
    return status;
}
