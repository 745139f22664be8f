/* The `arrivals:` schema through the loader: the short form and the full
 * form load and build; each broken rule is reported at its key (line and
 * column found from a marker in the YAML, as in tests/input/test_input_bad.c)
 * with a message saying what is wrong. ur_arrivals_config_error applies the
 * same rules to configurations built by hand, and ur_arrivals_new refuses
 * them with the same text. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "yaml_marks.h"
#include <ursim/arrivals.h>
#include <ursim/model.h>
#include <ursim/scenario.h>

/* A model with a list of sources, each holding an `arrivals:` mapping. */
struct source {
    const char *name;
    struct ur_arrivals_config arrivals;
};

static const struct ur_field source_fields[] = {
    {.key = "name",
     .type = UR_T_STRING,
     .offset = offsetof(struct source, name),
     .flags = UR_F_REQUIRED | UR_F_KEY,
     .doc = "name"},
    {.key = "arrivals",
     .type = UR_T_STRUCT,
     .offset = offsetof(struct source, arrivals),
     .flags = UR_F_REQUIRED,
     .sub = &ur_arrivals_schema,
     .doc = "arrivals"},
};
static const struct ur_schema source_schema =
    UR_SCHEMA("source", struct source, source_fields, NULL, "a test source");
static const struct ur_model_ops source_ops = {
    .name = "source", .yaml_key = "sources", .schema = &source_schema, .doc = "test sources"};
static const struct ur_model_ops *const models[] = {&source_ops};

#define HEAD "scenario: {name: t, horizon: 3d}\nsources:\n  - name: a\n"

static struct ur_scenario *parse(const char *yaml, struct ur_diag *d)
{
    int err = 0;
    return ur_scenario_parse("t.yaml", yaml, strlen(yaml), models, 1, d, &err);
}

static const struct source *first_source(const struct ur_scenario *s)
{
    return ur_scenario_models(s, &source_ops)->items;
}

static void test_short_form(void)
{
    struct ur_diag *d = ur_diag_new();
    struct ur_scenario *s = parse(HEAD "    arrivals: {rate: 36/min}\n", d);
    CHECK(s != NULL);
    if (!s) {
        ur_diag_print(d, stderr);
        ur_diag_free(d);
        return;
    }
    const struct ur_arrivals_config *c = &first_source(s)->arrivals;
    CHECK(c->has_rate && !c->has_total && !c->has_profile && !c->has_days);
    CHECK(!c->has_group && c->surges.n == 0);
    CHECK_NEAR(c->rate_per_s, 0.6, 1e-15);
    CHECK(ur_arrivals_config_error(c) == NULL);
    const char *why = NULL;
    struct ur_arrivals *a = ur_arrivals_new(c, 3 * 86400.0, &why);
    CHECK(a && ur_arrivals_is_constant(a) && ur_arrivals_rate(a, 5) == c->rate_per_s);
    ur_arrivals_free(a);
    ur_scenario_free(s);
    ur_diag_free(d);
}

static void test_full_form(void)
{
    static const char *yaml =
        HEAD "    arrivals:\n"
             "      total: 3047900\n"
             "      profile:\n"
             "        points: [{at: 0h, weight: 0.1}, {at: 10h, weight: 1.5}, {at: 21h, weight: "
             "0.2}]\n"
             "      days: [1.0, 1.3, 0.9]\n"
             "      surges:\n"
             "        - {start: 34h, ramp: 1h, duration: 3h, multiplier: 2.5}\n"
             "        - {start: 50h, duration: 30min, multiplier: 0.5}\n"
             "      group_size: {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, 2, 1]}\n"
             "  - name: b\n"
             "    arrivals:\n"
             "      rate: 1200/h\n"
             "      profile: {hourly: [0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, "
             "1, 1, 0, 0, 0]}\n";
    struct ur_diag *d = ur_diag_new();
    struct ur_scenario *s = parse(yaml, d);
    CHECK(s != NULL);
    if (!s) {
        ur_diag_print(d, stderr);
        ur_diag_free(d);
        return;
    }
    const struct source *src = first_source(s);
    const struct ur_arrivals_config *c = &src[0].arrivals;
    CHECK(c->has_total && !c->has_rate && c->total == 3047900);
    CHECK(c->has_profile && c->profile.has_points && !c->profile.has_hourly);
    CHECK_EQ(c->profile.points.n, 3);
    CHECK_EQ(c->days.n, 3);
    CHECK_EQ(c->surges.n, 2);
    const struct ur_arrivals_surge *u = c->surges.items;
    CHECK(u[0].start_s == 34 * 3600.0 && u[0].ramp_s == 3600 && u[0].duration_s == 3 * 3600.0);
    CHECK(u[1].ramp_s == 0 && u[1].multiplier == 0.5); /* ramp defaults to 0s */
    CHECK(c->has_group && c->group_size.kind == UR_DIST_EMPIRICAL);
    const char *why = NULL;
    struct ur_arrivals *a = ur_arrivals_new(c, 3 * 86400.0, &why);
    CHECK(a != NULL && !ur_arrivals_is_constant(a));
    if (a) {
        CHECK_NEAR(ur_arrivals_mean_group(a), 2, 1e-12);
        CHECK_NEAR(ur_arrivals_expected(a, 0, 3 * 86400.0) * 2, 3047900, 1e-9 * 3047900);
    }
    ur_arrivals_free(a);

    const struct ur_arrivals_config *h = &src[1].arrivals;
    CHECK(h->has_rate && h->profile.has_hourly && h->profile.hourly.n == 24);
    a = ur_arrivals_new(h, 86400.0, &why);
    CHECK(a != NULL);
    if (a) { /* hourly weights sum to 37: 3 / (37 / 24) of the base at 10:30 */
        CHECK_NEAR(ur_arrivals_rate(a, 10.5 * 3600), 1200.0 / 3600 * 3 * 24 / 37, 1e-12);
        CHECK(ur_arrivals_rate(a, 3 * 3600) == 0);
    }
    ur_arrivals_free(a);
    ur_scenario_free(s);
    ur_diag_free(d);
}

/* ---- bad input ---- */

static void expect_at(const char *yaml, unsigned line, const char *mark, const char *text, int src)
{
    unsigned col = col_of(yaml, line, mark);
    struct ur_diag *d = ur_diag_new();
    struct ur_scenario *s = parse(yaml, d);
    CHECK(s == NULL);
    bool found = false;
    for (size_t i = 0; i < ur_diag_errors(d); i++) {
        struct ur_loc at;
        const char *msg = ur_diag_message(d, i, &at);
        found = found || (at.line == line && at.col == col && col > 0 && strstr(msg, text));
    }
    CHECK(found);
    if (!found) {
        fprintf(stderr, "  case at line %d wanted %u:%u: ...%s..., got:\n", src, line, col, text);
        ur_diag_print(d, stderr);
    } else if (getenv("URSIM_TEST_VERBOSE")) {
        ur_diag_print(d, stderr);
    }
    ur_scenario_free(s);
    ur_diag_free(d);
}

#define EXPECT(yaml, line, mark, text) expect_at(yaml, line, mark, text, __LINE__)
#define ARR HEAD "    arrivals: "

static void test_bad(void)
{
    EXPECT(ARR "{rate: 36/min, total: 1000}\n", 4, "{",
           "give exactly one of rate (e.g. 36/min) and total");
    EXPECT(ARR "{days: [1, 2]}\n", 4, "{", "give exactly one of rate");
    EXPECT(ARR "{rates: 36/min}\n", 4, "rates", "did you mean 'rate'?");
    EXPECT(ARR "{total: -5}\n", 4, "-5", "total must be a number greater than 0");
    EXPECT(ARR "{rate: 1/h, profile: {hourly: [1, 2], points: [{at: 1h, weight: 1}]}}\n", 4,
           "{hourly", "profile: give exactly one of hourly (24 values) and points");
    EXPECT(ARR "{rate: 1/h, profile: {}}\n", 4, "{}", "give exactly one of hourly");
    EXPECT(ARR "{rate: 1/h, profile: {hourly: [1, 2, 3]}}\n", 4, "[1",
           "profile.hourly must have 24 values, one per hour from 0h; got 3");
    EXPECT(ARR "{rate: 1/h, profile: {hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
               "1, 1, 1, 1, 1, -2, 1, 1]}}\n",
           4, "-2", "hourly must be a number from 0 to");
    EXPECT(ARR "{rate: 1/h, profile: {hourly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
               "0, 0, 0, 0, 0, 0, 0, 0]}}\n",
           4, "[0", "profile.hourly values must not all be zero");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 10h, weight: 1}, {at: 9h, weight: 2}]}}\n", 4,
           "9h",
           "profile.points must be in increasing time of day: point 2 is at 9h, not after "
           "point 1 at 10h");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 10h, weight: 1}, {at: 10h, weight: 2}]}}\n", 4,
           "10h, weight: 2", "must be in increasing time of day");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 0h, weight: 1}, {at: 24h, weight: 2}]}}\n", 4,
           "24h", "at must be a time of day from 0h to before 24h");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 0h, weight: 1}, {at: 30h, weight: 2}]}}\n", 4,
           "30h", "at must be a duration from 0s to 1d, got 30h");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 1h, weight: 0}, {at: 2h, weight: 0}]}}\n", 4,
           "[{", "profile.points weights must not all be zero");
    EXPECT(ARR "{rate: 1/h, profile: {points: [{at: 1h, weight: -1}]}}\n", 4, "-1",
           "weight must be a number from 0");
    EXPECT(ARR "{rate: 1/h, profile: {points: []}}\n", 4, "[]",
           "profile.points needs at least one point");
    EXPECT(ARR "{rate: 1/h, days: [1, -0.5]}\n", 4, "-0.5", "days must be a number from 0");
    EXPECT(ARR "{rate: 1/h, days: [0, 0]}\n", 4, "[0", "days multipliers must not all be zero");
    EXPECT(ARR "{rate: 1/h, days: []}\n", 4, "[]", "days needs at least one multiplier");
    EXPECT(ARR "{rate: 1/h, surges: [{start: 1h, duration: 1h, multiplier: 0}]}\n", 4, "0}",
           "multiplier must be a number greater than 0");
    EXPECT(ARR "{rate: 1/h, surges: [{start: 1h, duration: 1h, multiplier: 2}, {start: 5h, "
               "duration: 0s, multiplier: 2}]}\n",
           4, "{start: 5h", "a surge must last: give ramp or duration greater than 0s");
    EXPECT(ARR "{rate: 1/h, surges: [{start: 1h, multiplier: 2}]}\n", 4, "{start",
           "missing required key 'duration'");
    EXPECT(ARR "{rate: 1/h, group_size: {dist: lognormal, mean: 2, cv: 0.5}}\n", 4, "{dist",
           "group_size must be empirical, deterministic or uniform");
    EXPECT(ARR "{rate: 1/h, group_size: {dist: empirical, values: [0, 1, 2]}}\n", 4, "{dist",
           "group_size values must be >= 1");
    EXPECT(ARR "{rate: 1/h, group_size: {dist: uniform, min: 0.2, max: 3}}\n", 4, "{dist",
           "the smallest is 0.2");
}

/* The same rules on configurations built by hand. */
static void test_by_hand(void)
{
    static double flat[24], few[3] = {1, 1, 1}, zeros[2] = {0, 0};
    for (int i = 0; i < 24; i++)
        flat[i] = 1;
    static struct ur_arrivals_point pts[2] = {{3600, 1}, {3600, 2}};
    static struct ur_arrivals_surge dip[1] = {{3600, 0, 0, 0.5}};
    const struct ur_arrivals_config ok = {.rate_per_s = 1, .has_rate = true};
    CHECK(ur_arrivals_config_error(&ok) == NULL);
    struct {
        struct ur_arrivals_config c;
        const char *why;
    } bad[] = {
        {{.rate_per_s = 1}, "arrivals: give exactly one of rate"},
        {{.rate_per_s = 0, .has_rate = true}, "rate must be a rate greater than 0/s"},
        {{.total = NAN, .has_total = true}, "total must be a number of visitors greater than 0"},
        {{.rate_per_s = 1, .has_rate = true, .has_profile = true},
         "profile: give exactly one of hourly"},
        {{.rate_per_s = 1,
          .has_rate = true,
          .has_profile = true,
          .profile = {.hourly = {few, 3}, .has_hourly = true}},
         "profile.hourly must have 24 values, one per hour from 0h"},
        {{.rate_per_s = 1,
          .has_rate = true,
          .has_profile = true,
          .profile = {.points = {pts, 2}, .has_points = true}},
         "profile.points must be in increasing time of day"},
        {{.rate_per_s = 1, .has_rate = true, .has_days = true, .days = {zeros, 2}},
         "days multipliers must not all be zero"},
        {{.rate_per_s = 1, .has_rate = true, .surges = {dip, 1}},
         "surges: a surge must last: give ramp or duration greater than 0s"},
        {{.rate_per_s = 1, .has_rate = true, .has_group = true},
         "group_size must be empirical, deterministic or uniform (a group is a whole number of "
         "visitors), e.g. {dist: empirical, values: [1, 2, 3, 4], weights: [4, 3, 2, 1]}"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *got = ur_arrivals_config_error(&bad[i].c);
        CHECK(got && strncmp(got, bad[i].why, strlen(bad[i].why)) == 0);
        if (!got || strncmp(got, bad[i].why, strlen(bad[i].why)) != 0)
            fprintf(stderr, "  case %zu: got \"%s\"\n", i, got ? got : "(null)");
        const char *why = NULL;
        CHECK(ur_arrivals_new(&bad[i].c, 86400, &why) == NULL);
        CHECK(why == got); /* the same static text */
    }
    struct ur_arrivals_config hourly = ok;
    hourly.has_profile = true;
    hourly.profile = (struct ur_arrivals_profile){.hourly = {flat, 24}, .has_hourly = true};
    CHECK(ur_arrivals_config_error(&hourly) == NULL);
}

int main(void)
{
    ur_rng_install_gsl_handler();
    test_short_form();
    test_full_form();
    test_bad();
    test_by_hand();
    return ur_check_summary("test_arrivals_schema");
}
