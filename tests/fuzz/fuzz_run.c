/* fuzz_run: a valid scenario with fuzzed numbers -> load, validate and run
 * one replication of each variant, within FUZZ_RUN_EVENTS events.
 *
 * The input is a scenario in the form of fuzz_load (fuzz_files.h); the seeds
 * are the shipped scenarios. Half the mutations are libFuzzer's own, half
 * replace one number of the text by another (a boundary, a huge or tiny
 * value, the number scaled), so that most inputs stay valid and reach the
 * models. The event budget bounds the work a valid input may ask for, so
 * that a value which slips through validation shows up as what it costs
 * outside the engine's events: a timeout (-timeout=2) or a memory blow-up
 * (-rss_limit_mb=1024). Beyond the sanitizers it checks that a valid
 * scenario runs (ur_run returns 0) and publishes no infinite KPI. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_files.h"
#include "runner.h"
#include <ursim/model.h>
#include <ursim/rng.h>
#include <ursim/scenario.h>

#define FUZZ_RUN_EVENTS 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_one(const struct ur_scenario *sc, uint64_t budget)
{
    struct ur_run_opts opts = {
        .replications = 1, .seed = sc->run.seed, .threads = 1, .group = "", .max_events = budget};
    struct ur_results res;
    int rc = ur_run(sc, &opts, NULL, &res);
    if (rc != 0) {
        fprintf(stderr, "fuzz_run: a valid scenario failed to run: %s\n", ur_strerror(rc));
        abort();
    }
    for (size_t k = 0; k < res.n_kpis; k++)
        if (isinf(res.kpis[k].per_rep[0])) {
            fprintf(stderr, "fuzz_run: %s is %g\n", res.kpis[k].meta.path, res.kpis[k].per_rep[0]);
            abort();
        }
    ur_results_fini(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int gsl_handler;
    if (!gsl_handler++)
        ur_rng_install_gsl_handler();
    const char *path = fuzz_files_write(data, size);
    struct ur_diag *diag = ur_diag_new();
    int err = 0;
    struct ur_scenario *sc = ur_scenario_load(path, ur_models, ur_n_models, diag, &err);
    if (sc && !sc->n_variants)
        run_one(sc, FUZZ_RUN_EVENTS);
    for (size_t v = 0; sc && v < sc->n_variants; v++)
        run_one(sc->variants[v], FUZZ_RUN_EVENTS / sc->n_variants);
    ur_scenario_free(sc);
    ur_diag_free(diag);
    fuzz_files_clear();
    return 0;
}

#ifdef URSIM_LIBFUZZER
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed);

static const char *const interesting[] = {
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "1e-9",
    "1e-300",
    "100000",
    "1000000",
    "4294967296",
    "9223372036854775807",
    "1e9",
    "1e12",
    "1e15",
    "1e300",
    "36500",
    "0.999999",
};

static bool numeric(uint8_t c)
{
    return (c >= '0' && c <= '9') || c == '.';
}

/* Replaces the k-th run of digits (with its '.') by another number. */
static size_t mutate_number(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
    size_t runs = 0;
    for (size_t i = 0; i < size; i++)
        runs += numeric(data[i]) && (i == 0 || !numeric(data[i - 1]));
    if (runs == 0)
        return 0;
    size_t k = seed % runs, start = 0, len = 0;
    for (size_t i = 0, r = 0; i < size; i++)
        if (numeric(data[i]) && (i == 0 || !numeric(data[i - 1])) && r++ == k) {
            start = i;
            while (start + len < size && numeric(data[start + len]))
                len++;
            break;
        }
    char by[64];
    unsigned pick = (seed >> 8) % (sizeof interesting / sizeof *interesting + 3);
    if (pick < sizeof interesting / sizeof *interesting)
        snprintf(by, sizeof by, "%s", interesting[pick]);
    else
        snprintf(by, sizeof by, "%.*s%s", (int)(len < 20 ? len : 20), (const char *)data + start,
                 pick % 3 == 0   ? "000"
                 : pick % 3 == 1 ? "0000000"
                                 : "e6");
    size_t n = strlen(by);
    if (size - len + n > max_size)
        return 0;
    memmove(data + start + n, data + start + len, size - start - len);
    memcpy(data + start, by, n);
    return size - len + n;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
    size_t n = seed & 1 ? mutate_number(data, size, max_size, seed >> 1) : 0;
    return n ? n : LLVMFuzzerMutate(data, size, max_size);
}
#endif
