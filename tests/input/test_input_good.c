/* The loader on valid input: every type, unit, default, given flag, nested
 * struct, list, alias and distribution lands where the schema says, plus
 * loading from a file, the model lookup and the Markdown reference. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "widget.h"

static struct ur_scenario *parse_ok(const char *yaml)
{
    struct ur_diag *d = ur_diag_new();
    int err = 1;
    struct ur_scenario *s =
        ur_scenario_parse("t.yaml", yaml, strlen(yaml), widget_models, 1, d, &err);
    CHECK(s != NULL);
    CHECK_EQ(err, UR_OK);
    CHECK_EQ(ur_diag_errors(d), 0);
    ur_diag_print(d, stderr);
    ur_diag_free(d);
    return s;
}

static const char full[] =
    "scenario:\n"
    "  name: hall\n"
    "  horizon: 30d\n"
    "  warmup: 1d\n"
    "  replications: 3_000\n"
    "widgets:\n"
    "  - name: a\n"
    "    open: false\n"
    "    servers: 40\n"
    "    weight: 2.5e1\n"
    "    delay: 1.5h\n"
    "    rate: 36/min\n"
    "    service: {dist: lognormal, mean: 20min, cv: 0.5}\n"
    "    group_size: {dist: empirical, values: [1, 2, 4], weights: [3, 2, 1]}\n"
    "    inner: {count: 7}\n"
    "    lanes:\n"
    "      - {name: east, length: 45s}\n"
    "      - name: west\n"
    "    probs: [0.25, 0.75]\n"
    "  - name: b\n"
    "    rate: '0.5 / s'\n";

static void test_run_settings(const struct ur_scenario *s)
{
    CHECK_STR(s->run.name, "hall");
    CHECK_NEAR(s->run.horizon_s, 30 * 86400.0, 0);
    CHECK_NEAR(s->run.warmup_s, 86400.0, 0);
    CHECK_NEAR(s->run.sample_interval_s, 900.0, 0); /* default 15min */
    CHECK_EQ(s->run.replications, 3000);            /* underscores group digits */
    CHECK_EQ(s->run.seed, 1);
    CHECK_EQ(s->run.stop_after_arrivals, 0);
}

static void test_first_widget(const struct widget *a)
{
    CHECK_STR(a->name, "a");
    CHECK(!a->open);
    CHECK_EQ(a->servers, 40);
    CHECK_NEAR(a->weight, 25.0, 0);
    CHECK_NEAR(a->delay_s, 5400.0, 1e-9);
    CHECK_NEAR(a->rate_per_s, 0.6, 1e-12);
    CHECK(a->has_service);
    CHECK_EQ(a->service.kind, UR_DIST_LOGNORMAL);
    CHECK_NEAR(a->service.p1, 1200.0, 1e-9);
    CHECK_NEAR(a->service.p2, 0.5, 0);
    CHECK_EQ(a->group_size.kind, UR_DIST_EMPIRICAL);
    CHECK_EQ(a->group_size.n, 3);
    CHECK_NEAR(a->group_size.values[2], 4.0, 0); /* unitless: plain numbers */
    CHECK(a->has_inner);
    CHECK(a->inner.has_count);
    CHECK_EQ(a->inner.count, 7);
    CHECK_NEAR(a->inner.rate_per_s, 6.0 / 3600.0, 1e-15); /* default inside a given struct */
    CHECK_EQ(a->lanes.n, 2);
    const struct widget_lane *lanes = a->lanes.items;
    CHECK_STR(lanes[0].name, "east");
    CHECK_NEAR(lanes[0].length_s, 45.0, 0);
    CHECK_STR(lanes[1].name, "west");
    CHECK_NEAR(lanes[1].length_s, 30.0, 0); /* default */
    CHECK_EQ(a->probs.n, 2);
    CHECK_NEAR(a->probs.v[1], 0.75, 0);
}

static void test_second_widget(const struct widget *b)
{
    CHECK_STR(b->name, "b");
    CHECK(b->open);                    /* default true */
    CHECK_EQ(b->servers, 1);           /* default */
    CHECK_NEAR(b->weight, 0.5, 0);     /* default */
    CHECK_NEAR(b->delay_s, 600.0, 0);  /* default 10min */
    CHECK_NEAR(b->rate_per_s, 0.5, 0); /* quoted, with spaces */
    CHECK(!b->has_service);
    CHECK_EQ(b->service.kind, UR_DIST_NONE);
    CHECK_EQ(b->group_size.kind, UR_DIST_DETERMINISTIC); /* a default written as YAML */
    CHECK_NEAR(b->group_size.p1, 1.0, 0);
    CHECK(!b->has_inner);
    CHECK(!b->inner.has_count);
    CHECK_NEAR(b->inner.rate_per_s, 6.0 / 3600.0, 1e-15); /* defaults of an absent struct */
    CHECK_EQ(b->lanes.n, 0);
    CHECK_EQ(b->probs.n, 0);
}

static void test_full(void)
{
    struct ur_scenario *s = parse_ok(full);
    if (!s)
        return;
    test_run_settings(s);
    CHECK_STR(s->path, "t.yaml");
    CHECK_STR(s->yaml_text, full);
    CHECK(s->models == widget_models);
    CHECK_EQ(s->n_models, 1);
    const struct ur_list *list = ur_scenario_models(s, &widget_ops);
    CHECK(list == &s->model_config[0]);
    CHECK_EQ(list->n, 2);
    const struct widget *w = list->items;
    test_first_widget(&w[0]);
    test_second_widget(&w[1]);
    ur_scenario_free(s);
}

/* Anchors and aliases share values; units and number forms. */
static void test_aliases_and_units(void)
{
    struct ur_scenario *s = parse_ok("scenario: {name: t, horizon: 2w, seed: 4611686018427387904,"
                                     " stop_after_arrivals: 500, sample_interval: 250ms}\n"
                                     "widgets:\n"
                                     "  - name: a\n"
                                     "    rate: &r 1200/h\n"
                                     "    delay: 0.5d\n"
                                     "    service: &svc {dist: weibull, shape: 1.5, scale: 8h}\n"
                                     "  - name: b\n"
                                     "    rate: *r\n"
                                     "    delay: 100 s\n"
                                     "    service: *svc\n"
                                     "    weight: -3\n"
                                     "  - {name: c, rate: 100/d, servers: \"12\", delay: 1e3ms}\n");
    if (!s)
        return;
    CHECK_NEAR(s->run.horizon_s, 14 * 86400.0, 0);
    CHECK_EQ(s->run.seed, 4611686018427387904L);
    CHECK_EQ(s->run.stop_after_arrivals, 500);
    CHECK_NEAR(s->run.sample_interval_s, 0.25, 1e-15);
    const struct widget *w = ur_scenario_models(s, &widget_ops)->items;
    CHECK_NEAR(w[0].rate_per_s, 1.0 / 3, 1e-15);
    CHECK_NEAR(w[1].rate_per_s, w[0].rate_per_s, 0);
    CHECK_NEAR(w[0].delay_s, 43200.0, 0);
    CHECK_NEAR(w[1].delay_s, 100.0, 0);
    CHECK_EQ(w[1].service.kind, UR_DIST_WEIBULL);
    CHECK_NEAR(w[1].service.p1, 1.5, 0);
    CHECK_NEAR(w[1].service.p2, 8 * 3600.0, 0);
    CHECK_NEAR(w[1].weight, -3.0, 0);
    CHECK_NEAR(w[2].rate_per_s, 100.0 / 86400, 1e-18);
    CHECK_EQ(w[2].servers, 12);
    CHECK_NEAR(w[2].delay_s, 1.0, 1e-15);
    ur_scenario_free(s);
}

/* Every distribution form binds with its parameters in seconds. */
static void test_dist_forms(void)
{
    struct ur_scenario *s =
        parse_ok("scenario: {name: t, horizon: 1d}\n"
                 "widgets:\n"
                 "  - {name: a, rate: 1/h, service: {dist: exponential, mean: 1min}}\n"
                 "  - {name: b, rate: 1/h, service: {dist: gamma, mean: 2min, cv: 0.7}}\n"
                 "  - {name: c, rate: 1/h, service: {dist: uniform, min: 1min, max: 3min}}\n"
                 "  - {name: d, rate: 1/h, service: {dist: deterministic, value: 90s}}\n"
                 "  - {name: e, rate: 1/h, service: {dist: empirical, values: [1s, 1min]}}\n");
    if (!s)
        return;
    const struct widget *w = ur_scenario_models(s, &widget_ops)->items;
    CHECK_EQ(w[0].service.kind, UR_DIST_EXPONENTIAL);
    CHECK_NEAR(w[0].service.p1, 60.0, 0);
    CHECK_EQ(w[1].service.kind, UR_DIST_GAMMA);
    CHECK_NEAR(w[1].service.p2, 0.7, 0);
    CHECK_EQ(w[2].service.kind, UR_DIST_UNIFORM);
    CHECK_NEAR(w[2].service.p2, 180.0, 0);
    CHECK_EQ(w[3].service.kind, UR_DIST_DETERMINISTIC);
    CHECK_NEAR(w[3].service.p1, 90.0, 0);
    CHECK_EQ(w[4].service.kind, UR_DIST_EMPIRICAL);
    CHECK_EQ(w[4].service.n, 2);
    CHECK_NEAR(w[4].service.values[1], 60.0, 0); /* durations: seconds */
    ur_scenario_free(s);
}

static void test_no_models_and_no_list(void)
{
    struct ur_scenario *s = parse_ok("scenario: {name: t, horizon: 1d}\nwidgets: []\n");
    if (s) {
        CHECK_EQ(ur_scenario_models(s, &widget_ops)->n, 0);
        static const struct ur_model_ops other = {.name = "other"};
        CHECK_EQ(ur_scenario_models(s, &other)->n, 0);
    }
    ur_scenario_free(s);
    s = parse_ok("# comment\n---\nscenario: {name: t, horizon: 1d}\n...\n");
    if (s)
        CHECK_EQ(s->model_config[0].n, 0);
    ur_scenario_free(s);
}

static void test_load_file(void)
{
    char path[] = "/tmp/ursim-input-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(full, f);
    fclose(f);
    struct ur_diag *d = ur_diag_new();
    int err = 1;
    struct ur_scenario *s = ur_scenario_load(path, widget_models, 1, d, &err);
    CHECK(s != NULL);
    CHECK_EQ(err, UR_OK);
    if (s) {
        CHECK_STR(s->path, path);
        CHECK_STR(s->yaml_text, full);
        CHECK_EQ(ur_scenario_models(s, &widget_ops)->n, 2);
    }
    ur_scenario_free(s);
    unlink(path);
    /* unreadable: NULL, UR_EIO, errno kept, no diagnostic */
    s = ur_scenario_load("/nonexistent/dir/x.yaml", widget_models, 1, d, &err);
    CHECK(s == NULL);
    CHECK_EQ(err, UR_EIO);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(ur_diag_errors(d), 0);
    ur_diag_free(d);
}

static void test_markdown(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ur_schema_markdown(out, widget_models, 1);
    fclose(out);
    static const char *const wanted[] = {
        "## Units",
        "## Distributions",
        "| `lognormal` | `mean`, `cv` |",
        "## `scenario`",
        "| `horizon` | duration |  | greater than 0s and at most 36500d | yes |",
        "| `replications` | integer | `10` | from 1 to 100000 | no |",
        "## `widgets`",
        "A list of widget items. test widgets",
        "### `widgets.inner`",
        "### `widgets.lanes`",
        "| `rate` | rate (per time) |",
        "| `group_size` | distribution (plain numbers) |",
        "(unique in its list)",
        "`3_047_900`",
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        bool found = strstr(text, wanted[i]) != NULL;
        CHECK(found);
        if (!found)
            fprintf(stderr, "  markdown lacks: %s\n", wanted[i]);
    }
    free(text);
}

static void test_strerror(void)
{
    const int codes[] = {UR_OK,     UR_ENOMEM, UR_EIO,   UR_EHDF5,
                         UR_EEXIST, UR_EINPUT, UR_EINTR, UR_EUSAGE};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        CHECK(strcmp(ur_strerror(codes[i]), "unknown error") != 0);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(ur_strerror(codes[i]), ur_strerror(codes[j])) != 0);
    }
    CHECK_STR(ur_strerror(-99), "unknown error");
}

int main(void)
{
    test_full();
    test_aliases_and_units();
    test_dist_forms();
    test_no_models_and_no_list();
    test_load_file();
    test_markdown();
    test_strerror();
    return ur_check_summary("test_input_good");
}
