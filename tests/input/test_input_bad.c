/* The loader on bad input: one case per class of mistake, each checking the
 * exact line:column and a piece of the message. Columns are found from a
 * marker in the YAML line (the first occurrence of `mark`), so each case reads
 * as "the error points at this text". */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "yaml_marks.h"
#include "widget.h"

#define HEAD "scenario: {name: t, horizon: 1d}\nwidgets:\n  - name: a\n    rate: 1/h\n"

static struct ur_diag *parse_bad(const char *yaml, size_t len, int src_line)
{
    struct ur_diag *d = ur_diag_new();
    int err = 0;
    struct ur_scenario *s = ur_scenario_parse("t.yaml", yaml, len, widget_models, 1, d, &err);
    CHECK(s == NULL);
    CHECK_EQ(err, UR_EINPUT);
    if (s || ur_diag_errors(d) == 0)
        fprintf(stderr, "  (case at line %d was accepted)\n", src_line);
    ur_scenario_free(s);
    return d;
}

static bool has(const struct ur_diag *d, unsigned line, unsigned col, const char *text)
{
    for (size_t i = 0; i < ur_diag_errors(d); i++) {
        struct ur_loc at;
        const char *msg = ur_diag_message(d, i, &at);
        if (at.line == line && at.col == col && strstr(msg, text) && strcmp(at.file, "t.yaml") == 0)
            return true;
    }
    return false;
}

static void expect_at(const char *yaml, unsigned line, unsigned col, const char *text, int src)
{
    struct ur_diag *d = parse_bad(yaml, strlen(yaml), src);
    bool found = col > 0 && has(d, line, col, text);
    CHECK(found);
    if (!found) {
        fprintf(stderr, "  case at line %d wanted %u:%u: ...%s..., got:\n", src, line, col, text);
        ur_diag_print(d, stderr);
    }
    ur_diag_free(d);
}

/* The error is at the first occurrence of `mark` on `line`. */
#define EXPECT(yaml, line, mark, text)                                                             \
    expect_at(yaml, line, col_of(yaml, line, mark), text, __LINE__)
#define EXPECT_COL(yaml, line, col, text) expect_at(yaml, line, col, text, __LINE__)

static void test_keys(void)
{
    EXPECT(HEAD "    servrs: 3\n", 5, "servrs",
           "unknown key 'servrs' in widget; did you mean 'servers'?");
    EXPECT(HEAD "    zzz: 3\n", 5, "zzz", "valid keys are name, open, servers");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidget:\n  - name: a\n", 2, "widget",
           "unknown top-level key 'widget'; did you mean 'widgets'?");
    EXPECT("scenario: {name: t, horizon: 1d, horzon: 2d}\n", 1, "horzon",
           "did you mean 'horizon'?");
    EXPECT(HEAD "    inner: {cont: 3}\n", 5, "cont",
           "unknown key 'cont' in inner; did you mean 'count'?");
    EXPECT("widgets: []\n", 1, "widgets", "missing required key 'scenario'");
    EXPECT("scenario: {horizon: 1d}\n", 1, "{", "missing required key 'name' in scenario");
    EXPECT(HEAD "  - name: b\n    servers: 2\n", 5, "name",
           "missing required key 'rate' in widget");
    EXPECT(HEAD "    rate: 2/h\n", 5, "rate", "duplicate key 'rate' (first at 4:5)");
    EXPECT(HEAD "  - {name: a, rate: 1/h}\n", 5, "a,", "duplicate widget name 'a' (first at 3:11)");
    EXPECT(HEAD "    lanes: [{name: x}, {name: y}, {name: x}]\n", 5, "x}]",
           "duplicate lane name 'x' (first at 5:20)");
    EXPECT(HEAD "    <<: {servers: 3}\n", 5, "<<", "merge keys ('<<') are not supported");
    EXPECT("scenario: {name: t, horizon: 1d}\n? [a, b]\n: 1\n", 2, "[", "keys must be plain names");
}

static void test_numbers(void)
{
    EXPECT(HEAD "    delay: 90\n", 5, "90", "delay '90' needs a unit: 90s, 90min, 90h or 90d");
    EXPECT(HEAD "    delay: 5 minutes\n", 5, "5", "unknown unit 'minutes'");
    EXPECT(HEAD "    delay: 3/h\n", 5, "3", "a duration, not a rate");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - {name: a, rate: 36/minute}\n", 3, "36",
           "unknown time unit '/minute'");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - {name: a, rate: 36min}\n", 3, "36",
           "rate '36min' needs a '/' before its unit: write 36/min");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - {name: a, rate: 36 people}\n", 3, "36",
           "rate must be a rate such as 36/min or 1200/h, got '36 people'");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - {name: a, rate: 36}\n", 3, "36",
           "'36' needs a unit: 36/s, 36/min, 36/h or 36/d");
    EXPECT(HEAD "    servers: 0\n", 5, "0", "servers must be an integer from 1 to 100000, got 0");
    EXPECT(HEAD "    servers: 40.5\n", 5, "40", "servers must be an integer, got 40.5");
    EXPECT(HEAD "    servers: 0x10\n", 5, "0x", "servers must be an integer, got 0x10");
    EXPECT(HEAD "    servers: 99999999999999999999\n", 5, "99", "is too large");
    EXPECT(HEAD "    weight: .nan\n", 5, ".nan", "weight must be a finite number, got .nan");
    EXPECT(HEAD "    delay: .inf\n", 5, ".inf", "delay must be a finite number, got .inf");
    EXPECT(HEAD "    weight: -.INF\n", 5, "-", "finite number");
    EXPECT(HEAD "    delay: 1e300s\n", 5, "1e300s",
           "delay must be a duration greater than 0s and at most 36500d, got 1e300s");
    EXPECT(HEAD "    weight: 1e999\n", 5, "1e999", "the number 1e999 is too large");
    EXPECT(HEAD "    delay: 1e305w\n", 5, "1e305w", "1e305w is too large");
    EXPECT(HEAD "    weight: 3s\n", 5, "3s", "weight must be a plain number without unit");
    EXPECT(HEAD "    weight: lots\n", 5, "lots", "weight must be a number, got 'lots'");
    EXPECT_COL(HEAD "    weight:\n", 5, 12, "weight has no value"); /* just after the ':' */
    EXPECT(HEAD "    probs: [0.5, 1.5]\n", 5, "1.5", "probs must be a number from 0 to 1, got 1.5");
    EXPECT(HEAD "    inner: {count: 51}\n", 5, "51", "count must be an integer from 0 to 50");
    EXPECT(HEAD "    open: yes\n", 5, "yes", "open must be true or false, got 'yes'");
    EXPECT("scenario: {name: '', horizon: 1d}\n", 1, "''", "name must be non-empty text");
    EXPECT("scenario: {name: t, horizon: 0s}\n", 1, "0s", "greater than 0s");
    EXPECT("scenario: {name: t, horizon: 1d, replications: 0}\n", 1, "0}",
           "replications must be an integer from 1 to 100000, got 0");
}

static void test_dists(void)
{
    EXPECT(HEAD "    service: {dist: exponential, mean: -1min}\n", 5, "-1min",
           "mean must be a duration greater than 0s");
    EXPECT(HEAD "    service: {dist: exponential, mean: 0s}\n", 5, "0s", "greater than 0s");
    EXPECT(HEAD "    service: {dist: expo, mean: 1min}\n", 5, "expo",
           "unknown distribution 'expo'; did you mean 'exponential'?");
    EXPECT(HEAD "    service: {dist: poisson, mean: 1min}\n", 5, "poisson",
           "use exponential, lognormal, gamma, weibull, uniform, deterministic or empirical");
    EXPECT(HEAD "    service: {dist: lognormal, mean: 1min}\n", 5, "{",
           "lognormal needs cv, e.g. {dist: lognormal, mean: 20min, cv: 0.5}");
    EXPECT(HEAD "    service: {dist: lognormal, mean: 1min, cv: 0.5, sd: 3}\n", 5, "sd",
           "lognormal has no parameter 'sd'; it takes mean and cv");
    EXPECT(HEAD "    service: {dist: lognormal, maen: 1min, cv: 0.5}\n", 5, "maen",
           "did you mean 'mean'?");
    EXPECT(HEAD "    service: {dist: lognormal, mean: 1min, cv: 0}\n", 5, "0}",
           "cv must be a number greater than 0");
    EXPECT(HEAD "    service: {dist: weibull, shape: 1.5, scale: 8}\n", 5, "8}",
           "scale '8' needs a unit");
    EXPECT(HEAD "    service: 5min\n", 5, "5min", "service must be a distribution such as");
    EXPECT(HEAD "    service: {mean: 5min}\n", 5, "{", "service needs 'dist:'");
    EXPECT(HEAD "    service: {dist: exponential, dist: gamma, mean: 1min}\n", 5, "dist: gamma",
           "duplicate key 'dist'");
    EXPECT(HEAD "    group_size: {dist: empirical, values: [1, 2], weights: [1]}\n", 5, "[1]",
           "weights has 1 entries but values has 2");
    EXPECT(HEAD "    group_size: {dist: empirical, values: []}\n", 5, "[]", "non-empty list");
    EXPECT(HEAD "    group_size: {dist: empirical, values: [1, 2], weights: [1, -1]}\n", 5, "-1",
           "weights must be a number from 0");
    EXPECT(HEAD "    group_size: {dist: exponential, mean: 2min}\n", 5, "2min",
           "mean must be a plain number without unit");
}

static void test_structure(void)
{
    EXPECT_COL("", 1, 1, "file is empty");
    EXPECT_COL("# just a comment\n   # and another\n", 1, 1, "file has only comments");
    EXPECT_COL("- a\n- b\n", 1, 1, "the top level must be a mapping, got a list");
    EXPECT_COL("just text\n", 1, 1, "the top level must be a mapping, got 'just text'");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  name: a\n", 3, "name",
           "widgets must be a list of widget mappings (lines starting with '- '), got a mapping");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - a\n", 3, "a",
           "each item of widgets must be a mapping of widget keys, got 'a'");
    EXPECT("scenario: [t, 1d]\n", 1, "[", "scenario must be a mapping of keys");
    EXPECT(HEAD "    inner: 5\n", 5, "5", "inner must be a mapping of keys");
    EXPECT(HEAD "    probs: 0.5\n", 5, "0.5", "probs must be a list of numbers");
    EXPECT("scenario: {name: t, horizon: 1d}\nwidgets:\n  - {name: [a], rate: 1/h}\n", 3, "[",
           "name must be non-empty text, got a list");
    EXPECT("scenario: {name: t, horizon: 1d}\n---\nwidgets: []\n", 2, "---",
           "a scenario file holds one YAML document; a second one starts here");
    EXPECT(HEAD "    weight: !!float 3\n", 5, "!!float",
           "tags such as '!!float' are not supported");
    EXPECT(HEAD "    weight: !metres 3\n", 5, "!metres", "tags such as '!metres'");
}

static void test_yaml_syntax(void)
{
    EXPECT_COL("scenario:\n\tname: t\n", 2, 1, "tabs for indentation");
    /* libyaml notices the missing '}' at the next ':' and names where the mapping began */
    EXPECT("scenario: {name: t, horizon: 1d\nwidgets: []\n", 2, ":",
           "not valid YAML: did not find expected ',' or '}' (while parsing a flow mapping "
           "started at 1:11)");
    EXPECT_COL("scenario: {name: t, horizon: 1d}\nwidgets: [\n", 3, 1,
               "not valid YAML: did not find expected node content");
    EXPECT("scenario: {name: t, horizon: 1d}\n  bad: indent\n", 2, "bad", "not valid YAML");
    static const char bad_utf8[] = "scenario: {name: \"t\xff\", horizon: 1d}\n";
    struct ur_diag *d = parse_bad(bad_utf8, strlen(bad_utf8), __LINE__);
    CHECK(has(d, 1, 20, "not valid YAML: invalid leading UTF-8 octet"));
    ur_diag_free(d);
    static const char nul[] = "scenario: {name: t\0, horizon: 1d}\n";
    d = parse_bad(nul, sizeof nul - 1, __LINE__);
    CHECK(has(d, 1, 19, "not valid YAML"));
    ur_diag_free(d);
}

static void test_aliases(void)
{
    EXPECT("scenario: &x {name: t, horizon: 1d, z: *x}\n", 1, "*x",
           "alias '*x' refers to a node that contains it (recursive alias)");
    EXPECT("scenario: {name: *nope, horizon: 1d}\n", 1, "*nope",
           "undefined alias '*nope'; define it first with '&nope'");
    /* Nodes counted with aliases expanded: root 1; l1: key + list of ten = 12 (13 so far,
     * and l1's list is 11); l2: key + list + 10 * 11 = 112 (125; list 111); l3: 1112
     * (1237; list 1111); l4: 11112 (12349; list 11111); l5: key + list = 12351, then each
     * alias adds 11111: 12351 + 8 * 11111 = 101239 > 100000 at the 8th alias of l5. */
    static const char laughs[] = "l1: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                 "l2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                 "l3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                 "l4: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                 "l5: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                 "l6: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    EXPECT_COL(laughs, 5, 9 + 7 * 4,
               "alias expands to more than 100000 nodes (billion-laughs guard)");
    char deep[200] = "scenario: ";
    for (int i = 0; i < 70; i++)
        strcat(deep, "[");
    EXPECT_COL(deep, 1, 10 + 64,
               /* the 64th '[' under the root mapping */ "nesting deeper than 64 levels");
}

static void test_checks(void)
{
    EXPECT("scenario: {name: t, horizon: 1d, warmup: 2d}\n", 1, "2d}",
           "warmup (2d) must be shorter than horizon (1d)");
    EXPECT("scenario: {name: t, horizon: 1d, warmup: 1d}\n", 1, "1d}", "must be shorter");
    EXPECT("scenario: {name: t, horizon: 1h, sample_interval: 2h}\n", 1, "2h",
           "sample_interval (2h) must not be longer than horizon (1h)");
    EXPECT("scenario: {name: t, horizon: 30d, sample_interval: 100ms}\n", 1, "100ms",
           "at most 1e7 are allowed: use a sample_interval of at least 259.2ms");
    EXPECT(HEAD "    weight: 3\n", 5, "3", "weight (3) must not exceed servers (1)");
    EXPECT(HEAD "    inner: {count: 5}\n", 5, "5", "inner.count (5) must not exceed servers (1)");
}

/* Several mistakes in one pass; a check does not run on a mapping with errors;
 * a flood stops after IN_MAX_ERRORS with a note. */
static void test_collection(void)
{
    const char *yaml = "scenario: {name: t, horizon: 1d, warmup: 2d, seed: -1}\n"
                       "widgets:\n"
                       "  - {name: a, rate: 1/h, servers: 0, weight: 3}\n"
                       "  - {name: b, rate: 3, delay: 1}\n";
    struct ur_diag *d = parse_bad(yaml, strlen(yaml), __LINE__);
    CHECK_EQ(ur_diag_errors(d), 4); /* seed, servers, rate, delay: no check messages */
    CHECK(has(d, 1, col_of(yaml, 1, "-1"), "seed must be an integer from 0 to"));
    CHECK(has(d, 3, col_of(yaml, 3, "0,"), "servers must be"));
    CHECK(has(d, 4, col_of(yaml, 4, "3,"), "needs a unit"));
    CHECK(has(d, 4, col_of(yaml, 4, "1}"), "needs a unit"));
    ur_diag_free(d);

    char flood[4000] = "scenario: {name: t, horizon: 1d}\n";
    for (int i = 0; i < 60; i++)
        sprintf(flood + strlen(flood), "k%d: 1\n", i);
    d = parse_bad(flood, strlen(flood), __LINE__);
    CHECK_EQ(ur_diag_errors(d), 51);
    CHECK(strstr(ur_diag_message(d, 50, NULL), "too many errors") != NULL);
    ur_diag_free(d);
}

int main(void)
{
    test_keys();
    test_numbers();
    test_dists();
    test_structure();
    test_yaml_syntax();
    test_aliases();
    test_checks();
    test_collection();
    return ur_check_summary("test_input_bad");
}
