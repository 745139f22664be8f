/* The station's YAML keys through the real loader: values, units, defaults
 * and `given` flags land in struct station_config; the cross-field check
 * rejects what would break a run, at the right line:column; and every key
 * appears, documented, in the generated reference. Plus the wait-quantile
 * histogram on its own against exact sample quantiles. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/scenario.h>

#include "check.h"
#include "station/station_internal.h"

#define HEAD "scenario: {name: t, horizon: 1d}\nstations:\n"

static struct ur_scenario *parse(const char *yaml, struct ur_diag *d)
{
    int err = 0;
    return ur_scenario_parse("t.yaml", yaml, strlen(yaml), ur_models, ur_n_models, d, &err);
}

static void binds_values_and_defaults(void)
{
    const char *yaml = HEAD "  - name: windows\n"
                            "    arrivals: {rate: 36/min}\n"
                            "    servers: 40\n"
                            "    service: {dist: exponential, mean: 1min}\n"
                            "    patience: {dist: exponential, mean: 5min}\n"
                            "    capacity: 200\n"
                            "    breakdowns:\n"
                            "      time_between_failures: {dist: exponential, mean: 8h}\n"
                            "      time_to_repair: {dist: lognormal, mean: 20min, cv: 0.5}\n"
                            "  - name: desk\n"
                            "    arrivals: {rate: 2/min}\n"
                            "    service: {dist: uniform, min: 10s, max: 40s}\n";
    struct ur_diag *d = ur_diag_new();
    struct ur_scenario *s = parse(yaml, d);
    ur_diag_print(d, stderr);
    CHECK(s != NULL);
    const struct ur_list *list = s ? ur_scenario_models(s, &station_ops) : NULL;
    CHECK(list && list->n == 2);
    if (list && list->n == 2) {
        const struct station_config *w = list->items, *desk = w + 1;
        CHECK_STR(w->name, "windows");
        CHECK_NEAR(w->arrivals.rate_per_s, 0.6, 1e-12);
        CHECK_EQ(w->q.servers, 40);
        CHECK_NEAR(w->q.service.mean, 60, 1e-9);
        CHECK_EQ(w->q.patience.kind, UR_DIST_EXPONENTIAL);
        CHECK(w->q.has_capacity && w->q.capacity == 200 && w->q.has_breakdowns);
        CHECK_NEAR(w->q.breakdowns.time_between_failures.mean, 8 * 3600, 1e-6);
        CHECK_NEAR(w->q.breakdowns.time_to_repair.mean, 1200, 1e-6);
        CHECK_EQ(desk->q.servers, 1); /* default */
        CHECK_EQ(desk->q.patience.kind, UR_DIST_NONE);
        CHECK(!desk->q.has_capacity && !desk->q.has_breakdowns);
    }
    ur_scenario_free(s);
    ur_diag_free(d);
}

/* yaml must fail with an error at line:col whose message contains `text`. */
static void rejects(const char *yaml, unsigned line, unsigned col, const char *text)
{
    struct ur_diag *d = ur_diag_new();
    struct ur_scenario *s = parse(yaml, d);
    bool found = false;
    for (size_t i = 0; i < ur_diag_errors(d); i++) {
        struct ur_loc at;
        const char *msg = ur_diag_message(d, i, &at);
        found |= at.line == line && at.col == col && strstr(msg, text) != NULL;
    }
    CHECK(s == NULL && found);
    if (!found) {
        fprintf(stderr, "  wanted %u:%u: ...%s..., got:\n", line, col, text);
        ur_diag_print(d, stderr);
    }
    ur_scenario_free(s);
    ur_diag_free(d);
}

#define STATION(extra)                                                                             \
    HEAD "  - name: w\n    arrivals: {rate: 1/min}\n    service: {dist: exponential, mean: "       \
         "1min}\n" extra

static void rejects_bad_stations(void)
{
    rejects(STATION("    breakdowns:\n"
                    "      time_between_failures: {dist: deterministic, value: 0s}\n"
                    "      time_to_repair: {dist: exponential, mean: 1h}\n"),
            7, 30, "time_between_failures must have a mean greater than 0s");
    rejects(HEAD "  - name: a/b\n    arrivals: {rate: 1/min}\n"
                 "    service: {dist: exponential, mean: 1min}\n",
            3, 11, "must not contain '/'");
    rejects(STATION("    capacity: -1\n"), 6, 15, "capacity must be an integer from 0");
    rejects(STATION("    breakdowns: {time_between_failures: {dist: exponential, mean: 8h}}\n"), 6,
            17, "missing required key 'time_to_repair'");
    rejects(HEAD "  - name: w\n    arrivals: {rate: 0/min}\n"
                 "    service: {dist: exponential, mean: 1min}\n",
            4, 22, "rate must be a rate greater than 0/s");
    rejects(HEAD "  - name: w\n    service: {dist: exponential, mean: 1min}\n", 3, 5,
            "missing required key 'arrivals'");
}

static void documents_every_key(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ur_schema_markdown(f, ur_models, ur_n_models);
    fclose(f);
    const char *keys[] = {"arrivals",      "rate",     "servers",    "service",
                          "patience",      "capacity", "breakdowns", "time_between_failures",
                          "time_to_repair"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK(strstr(text, keys[i]) != NULL);
    CHECK(strstr(text, "preemptive") || strstr(text, "resumes"));
    free(text);
}

/* 30% zeros and 70% exponential(60 s): the histogram's quantiles are within
 * its 1% bin width of the exact sample quantiles, and exactly 0 inside the atom. */
static void quantile_histogram(void)
{
    enum { N = 100000 };
    static double x[N];
    struct station_quantile q;
    CHECK_EQ(station_quantile_init(&q), 0);
    CHECK(isnan(station_quantile_get(&q, 0.95)));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < N; i++) {
        x[i] = gsl_rng_uniform(r) < 0.3 ? 0.0 : gsl_ran_exponential(r, 60.0);
        station_quantile_add(&q, x[i]);
    }
    gsl_sort(x, 1, N);
    const double ps[] = {0.5, 0.9, 0.95, 0.99, 0.999};
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
        double exact = gsl_stats_quantile_from_sorted_data(x, 1, N, ps[k]);
        CHECK_NEAR(station_quantile_get(&q, ps[k]), exact, 0.01 * exact);
    }
    CHECK_EQ(station_quantile_get(&q, 0.25), 0);
    station_quantile_reset(&q);
    station_quantile_add(&q, 5e-4); /* below the first geometric bin */
    CHECK(station_quantile_get(&q, 0.5) > 0 && station_quantile_get(&q, 0.5) < 1e-3);
    gsl_rng_free(r);
    station_quantile_fini(&q);
}

int main(void)
{
    binds_values_and_defaults();
    rejects_bad_stations();
    documents_every_key();
    quantile_histogram();
    return ur_check_summary("test_station_schema");
}
