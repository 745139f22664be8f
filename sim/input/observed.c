/* `observed:`: the figures the sources report, each checked after a run
 * against the KPI it names (<ursim/observed.h>).
 *
 *     observed:
 *       - kpi: stations/windows/wait_all_mean      # a path below summary/
 *         value: 2.1min                            # written as the KPI's units are
 *         within: 0.2min                           # so the range is [1.9min, 2.3min]
 *         source: "hall survey, 12 March"          # required: where it comes from
 *       - kpi: sites/giant-slide/venue/wait_served_p95
 *         between: [5h, 6h]
 *         variant: as-it-happened                  # default: the root or first variant
 *         source: "..."
 *
 * The list is split off the top level before anything is bound (it is the
 * file's, not a variant's: `set:` cannot reach it) and bound once through the
 * schema below, so unknown keys get a did-you-mean. Values are quantities of
 * any kind (a plain number, a duration or a rate, whichever is written),
 * because which kind is right depends on the KPI's units, known only once the
 * models have been built: ur_observed_check then checks path and kind. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <ursim/observed.h>
#include <ursim/scenario.h>

#include "input.h"

static const char *kind_words(enum ur_type kind)
{
    return kind == UR_T_DURATION ? "a duration" : kind == UR_T_RATE ? "a rate" : "a plain number";
}

static const char *kind_example(enum ur_type kind)
{
    return kind == UR_T_DURATION ? "5.5h or 90min" : kind == UR_T_RATE ? "120/h" : "0.95 or 40000";
}

static void check_value(const struct ur_observed *o, struct ur_check *ck)
{
    if (o->between_given) {
        ur_check_error(ck, "between",
                       "give the figure as value: (with within:) or as "
                       "between: [lo, hi], not both");
        return;
    }
    if (!o->within_given)
        return;
    if (o->within.kind != o->value.kind)
        ur_check_error(ck, "within", "within '%s' must be %s like value '%s', such as %s",
                       o->within.text, kind_words(o->value.kind), o->value.text,
                       kind_example(o->value.kind));
    else if (o->within.v < 0)
        ur_check_error(ck, "within", "within must be 0 or more, got '%s'", o->within.text);
}

static void check_between(const struct ur_observed *o, struct ur_check *ck)
{
    const struct ur_quantity *b = o->between.v;
    if (o->between.n != 2) {
        ur_check_error(ck, "between",
                       "between takes two values [lo, hi] such as [5h, 6h], "
                       "got %zu",
                       o->between.n);
    } else if (b[0].kind != b[1].kind) {
        ur_check_error(ck, "between.1", "'%s' must be %s like '%s'", b[1].text,
                       kind_words(b[0].kind), b[0].text);
    } else if (b[0].v > b[1].v) {
        ur_check_error(ck, "between", "between [%s, %s]: lo is above hi; write [%s, %s]", b[0].text,
                       b[1].text, b[1].text, b[0].text);
    }
}

static void observed_check(const void *obj, struct ur_check *ck)
{
    const struct ur_observed *o = obj;
    if (o->value_given)
        check_value(o, ck);
    else if (o->within_given)
        ur_check_error(ck, "within",
                       "within goes with value: (value: 5.5h, within: 0.5h); "
                       "for a range write between: [5h, 6h]");
    else if (o->between_given)
        check_between(o, ck);
    else
        ur_check_error(ck, NULL,
                       "an observed figure needs value: (with within:) or "
                       "between: [lo, hi]");
}

#define OBS(m) offsetof(struct ur_observed, m)
static const struct ur_field observed_fields[] = {
    {.key = "kpi",
     .type = UR_T_STRING,
     .offset = OBS(kpi),
     .flags = UR_F_REQUIRED,
     .doc = "the KPI's path below `summary/` in the results, as `ursim validate --kpis` lists "
            "them (e.g. `stations/windows/wait_all_mean`)"},
    {.key = "value",
     .type = UR_T_QUANTITY,
     .offset = OBS(value),
     .given = UR_GIVEN(struct ur_observed, value_given),
     .doc = "the observed figure, written as the KPI's units are: a duration for s, min or h "
            "(`5.5h`), a rate for .../h (`120/h`), else a plain number (`0.97`, `40000`)"},
    {.key = "within",
     .type = UR_T_QUANTITY,
     .offset = OBS(within),
     .given = UR_GIVEN(struct ur_observed, within_given),
     .doc = "with `value`: the tolerance, same kind, so the observed range is value +- within "
            "(absent: the value alone)"},
    {.key = "between",
     .type = UR_T_QUANTITY_LIST,
     .offset = OBS(between),
     .given = UR_GIVEN(struct ur_observed, between_given),
     .doc = "instead of `value`: the observed range `[lo, hi]`, lo <= hi"},
    {.key = "source",
     .type = UR_T_STRING,
     .offset = OBS(source),
     .flags = UR_F_REQUIRED,
     .doc = "where the figure comes from (article, date, page); stored with the table"},
    {.key = "variant",
     .type = UR_T_STRING,
     .offset = OBS(variant),
     .doc = "the variant whose run the figure describes (default: the first, the baseline; "
            "the file itself when it has no variants)"},
    {.key = "note",
     .type = UR_T_STRING,
     .offset = OBS(note),
     .doc = "free text shown with the figure (e.g. a known disagreement and its reason)"},
    {.key = "assert",
     .type = UR_T_BOOL,
     .offset = OBS(assert_agree),
     .def = "false",
     .doc = "the `calibration_agree` test fails when this figure disagrees (use for figures the "
            "scenario is calibrated to reproduce)"},
};

const struct ur_schema in_observed_schema =
    UR_SCHEMA("observed figure", struct ur_observed, observed_fields, observed_check,
              "A figure the sources report, compared after the run with the KPI's mean over "
              "the replications: it agrees when the 95% Student-t interval of the mean "
              "overlaps the observed range (with one replication, when the mean lies in it). "
              "`ursim run` prints the calibration table and writes it to `/calibration`.");

static const struct ur_field observed_list = {.key = "observed",
                                              .type = UR_T_LIST,
                                              .offset = offsetof(struct ur_scenario, observed),
                                              .sub = &in_observed_schema,
                                              .doc = "observed figures"};

const struct in_node *in_split_observed(struct in_ctx *ctx, const struct in_node *root,
                                        const struct in_node **observed)
{
    *observed = in_map_get(root, "observed");
    return *observed ? in_map_without(ctx, root, "observed") : root;
}

/* The figure's variant, by name; false after reporting. */
static bool find_group(struct in_ctx *ctx, const struct in_node *item, struct ur_observed *o,
                       const struct ur_scenario *s)
{
    const struct in_node *at = in_map_get(item, "variant");
    if (!o->variant)
        return true;
    if (s->n_variants == 0) {
        in_error(ctx, at->at,
                 "variant '%s': this file has no variants; leave out variant:", o->variant);
        return false;
    }
    for (size_t g = 0; g < s->n_variants; g++)
        if (strcmp(s->variant_names[g], o->variant) == 0)
            return o->group = g, true;
    char list[512];
    const char *near = in_suggest(o->variant, s->variant_names, s->n_variants);
    in_join(list, sizeof list, s->variant_names, s->n_variants, " and ");
    if (near)
        in_error(ctx, at->at, "no variant '%s'; did you mean '%s'?", o->variant, near);
    else
        in_error(ctx, at->at, "no variant '%s'; the variants are %s", o->variant, list);
    return false;
}

/* The range in SI units and the figure as written. */
static void settle(struct in_ctx *ctx, const struct in_node *item, struct ur_observed *o)
{
    char shown[256];
    if (o->value_given) {
        double w = o->within_given ? o->within.v : 0;
        o->lo_si = o->value.v - w;
        o->hi_si = o->value.v + w;
        o->kind = o->value.kind;
        o->value_at = o->value.at;
        snprintf(shown, sizeof shown, "%s%s%s", o->value.text, o->within_given ? " ± " : "",
                 o->within_given ? o->within.text : "");
    } else {
        o->lo_si = o->between.v[0].v;
        o->hi_si = o->between.v[1].v;
        o->kind = o->between.v[0].kind;
        o->value_at = in_map_get(item, "between")->at;
        snprintf(shown, sizeof shown, "%s to %s", o->between.v[0].text, o->between.v[1].text);
    }
    o->kpi_at = in_map_get(item, "kpi")->at;
    char *copy = in_alloc(ctx, strlen(shown) + 1);
    o->shown = copy ? strcpy(copy, shown) : "";
}

void in_bind_observed(struct in_ctx *ctx, const struct in_node *observed, struct ur_scenario *s)
{
    size_t errors = in_errors(ctx);
    in_bind_value(ctx, &observed_list, observed, s);
    if (in_errors(ctx) > errors || ctx->err)
        return;
    struct ur_observed *items = s->observed.items;
    for (size_t i = 0; i < s->observed.n && !ctx->err; i++)
        if (find_group(ctx, observed->kids[i], &items[i], s))
            settle(ctx, observed->kids[i], &items[i]);
}

void ur_observed_units(const char *units, enum ur_type *kind, double *per_si)
{
    static const struct {
        const char *name;
        double s;
    } times[] = {{"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}};
    const char *slash = units ? strrchr(units, '/') : NULL;
    *kind = UR_T_REAL;
    *per_si = 1;
    for (size_t i = 0; units && i < sizeof times / sizeof times[0]; i++) {
        if (strcmp(units, times[i].name) == 0)
            *kind = UR_T_DURATION, *per_si = 1 / times[i].s;
        else if (slash && strcmp(slash + 1, times[i].name) == 0)
            *kind = UR_T_RATE, *per_si = times[i].s;
    }
}

static const struct ur_kpi_name *find_kpi(const char *path, const struct ur_kpi_name *kpis,
                                          size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kpis[i].path, path) == 0)
            return &kpis[i];
    return NULL;
}

/* 0, UR_EINPUT (reported) or UR_ENOMEM. */
static int check_units(struct ur_scenario *s, struct ur_observed *o, const struct ur_kpi_name *k,
                       struct ur_diag *diag)
{
    enum ur_type kind;
    double per_si;
    ur_observed_units(k->units, &kind, &per_si);
    if (kind != o->kind) {
        ur_diag_error(
            diag, o->value_at, "%s is in '%s', so the figure must be %s such as %s; got '%s' (%s)",
            o->kpi, k->units, kind_words(kind), kind_example(kind), o->shown, kind_words(o->kind));
        return UR_EINPUT;
    }
    o->units = ur_arena_strdup(s->arena, k->units); /* k's are the caller's */
    o->lo = o->lo_si * per_si;
    o->hi = o->hi_si * per_si;
    return o->units ? 0 : UR_ENOMEM;
}

/* The path is none of kpis: an error naming the nearest. */
static void report_unknown(const struct ur_scenario *s, const struct ur_observed *o,
                           const struct ur_kpi_name *kpis, size_t n_kpis, struct ur_diag *diag)
{
    char hint[800], whose[300] = "";
    in_suggest_path(hint, sizeof hint, o->kpi, kpis, n_kpis);
    if (s->n_variants)
        snprintf(whose, sizeof whose, " by variant '%s'", s->variant_names[o->group]);
    ur_diag_error(diag, o->kpi_at, "no KPI '%s' is published%s%s", o->kpi, whose, hint);
}

int ur_observed_check(struct ur_scenario *s, size_t group, const struct ur_kpi_name *kpis,
                      size_t n_kpis, struct ur_diag *diag)
{
    int rc = 0;
    struct ur_observed *items = s->observed.items;
    for (size_t i = 0; i < s->observed.n && rc != UR_ENOMEM; i++) {
        struct ur_observed *o = &items[i];
        if (o->group != group)
            continue;
        const struct ur_kpi_name *k = find_kpi(o->kpi, kpis, n_kpis);
        int r = UR_EINPUT;
        if (k)
            r = check_units(s, o, k, diag);
        else
            report_unknown(s, o, kpis, n_kpis, diag);
        rc = r ? r : rc;
    }
    return rc;
}
