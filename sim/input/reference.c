/* The Markdown reference of every scenario key (`ursim schema`), generated
 * from the same schema tables the loader binds with, so the documentation
 * cannot drift from what the loader accepts. Order: file layout, units,
 * distributions, the run settings, then each model with its nested mappings
 * and lists, depth first. */
#include <stdio.h>

#include <ursim/model.h>
#include <ursim/scenario.h>

#include "input.h"

#define MAX_DEPTH 8 /* schemas nest a few levels; a cycle would be a bug */

static const char *type_text(const struct ur_field *f, char *buf, size_t size)
{
    switch (f->type) {
    case UR_T_STRING:
        return "text";
    case UR_T_BOOL:
        return "true/false";
    case UR_T_INT:
        return "integer";
    case UR_T_REAL:
        return "number";
    case UR_T_DURATION:
        return "duration";
    case UR_T_RATE:
        return "rate (per time)";
    case UR_T_DIST:
        return (f->flags & UR_F_UNITLESS) ? "distribution (plain numbers)"
                                          : "distribution (durations)";
    case UR_T_STRUCT:
    case UR_T_ONE:
        snprintf(buf, size, "mapping (%s)", f->sub->name);
        return buf;
    case UR_T_LIST:
        snprintf(buf, size, "list of %s", f->sub->name);
        return buf;
    case UR_T_REAL_LIST:
        return "list of numbers";
    case UR_T_QUANTITY:
        return "number, duration or rate";
    case UR_T_QUANTITY_LIST:
        return "list of numbers, durations or rates";
    }
    return "?";
}

static const char *range_text(const struct ur_field *f, char *buf, size_t size)
{
    switch (f->type) {
    case UR_T_INT:
    case UR_T_REAL:
    case UR_T_DURATION:
    case UR_T_RATE:
    case UR_T_REAL_LIST:
        in_range_text(buf, size, f);
        return buf;
    default:
        return "";
    }
}

static void write_schema(FILE *out, const char *title, const struct ur_schema *s, int depth,
                         const char *intro);

static void write_table(FILE *out, const struct ur_schema *s)
{
    fprintf(out, "| key | type | default | range | required | description |\n");
    fprintf(out, "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct ur_field *f = &s->fields[i];
        char type[96], range[128];
        fprintf(out, "| `%s` | %s | %s%s%s | %s | %s | %s%s |\n", f->key,
                type_text(f, type, sizeof type), f->def ? "`" : "", f->def ? f->def : "",
                f->def ? "`" : "", range_text(f, range, sizeof range),
                (f->flags & UR_F_REQUIRED) ? "yes" : "no", f->doc ? f->doc : "",
                (f->flags & UR_F_KEY) ? " (unique in its list)" : "");
    }
    fprintf(out, "\n");
}

/* intro: a line written before the schema's own doc (NULL: none). */
static void write_schema(FILE *out, const char *title, const struct ur_schema *s, int depth,
                         const char *intro)
{
    UR_ASSERT(depth < MAX_DEPTH);
    fprintf(out, "%.*s `%s`\n\n", depth + 2, "##########", title);
    if (intro)
        fprintf(out, "%s\n\n", intro);
    if (s->doc)
        fprintf(out, "%s\n\n", s->doc);
    write_table(out, s);
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct ur_field *f = &s->fields[i];
        if ((f->type == UR_T_STRUCT || f->type == UR_T_LIST || f->type == UR_T_ONE) && f->sub) {
            char sub_title[160];
            snprintf(sub_title, sizeof sub_title, "%s.%s", title, f->key);
            write_schema(out, sub_title, f->sub, depth + 1, f->doc);
        }
    }
}

static void write_units(FILE *out)
{
    fprintf(out, "## Units\n\n"
                 "- **duration**: a number and a unit: `ms`, `s`, `min`, `h`, `d`, `w` "
                 "(`45s`, `90min`, `1.5h`, `3d`). A bare number is an error: `90` could mean "
                 "seconds or minutes.\n"
                 "- **rate**: a number per unit of time: `36/min`, `1200/h`, `0.5/s`, `100/d`.\n"
                 "- **integer**: digits only (`40`, not `40.0`); `_` may group digits "
                 "(`3_047_900`).\n"
                 "- **number**: a plain decimal number (`0.5`, `1e-3`); `.nan` and `.inf` are "
                 "refused.\n"
                 "- A range \"from A to B\" includes both ends. Where none is given, durations "
                 "run from 0s to 100 years, rates from 0/s to 1e6/s, integers within +-1e9 and "
                 "numbers within +-1e12.\n\n");
}

static void write_dists(FILE *out)
{
    fprintf(out, "## Distributions\n\n"
                 "A distribution is a mapping naming its form with `dist:` plus that form's "
                 "parameters. Parameters are durations, except `cv`, `shape` and `weights`, "
                 "which are plain numbers, and except in distributions typed *plain numbers*, "
                 "where all are.\n\n");
    in_dist_markdown(out);
    fprintf(out, "\n");
}

void ur_schema_markdown(FILE *out, const struct ur_model_ops *const *models, size_t n_models)
{
    fprintf(out, "# Scenario file reference\n\n"
                 "Generated by `ursim schema` from the loader's own tables; do not edit by "
                 "hand.\n\n"
                 "A scenario file is one YAML mapping: `scenario:` (the run settings) and, for "
                 "each kind of model, a list of instances (or one mapping) under the model's "
                 "key. Unknown keys "
                 "are errors.\n\n");
    write_units(out);
    write_dists(out);
    write_schema(out, "scenario", &ur_run_schema, 0, NULL);
    for (size_t i = 0; i < n_models; i++) {
        char intro[256];
        snprintf(intro, sizeof intro,
                 models[i]->single ? "One %s mapping. %s" : "A list of %s items. %s",
                 models[i]->name, models[i]->doc ? models[i]->doc : "");
        write_schema(out, models[i]->yaml_key, models[i]->schema, 0, intro);
    }
    fprintf(out,
            "## `include`\n\n"
            "Optional: a file name, or a list of them, relative to the including file "
            "(sim/input/include.c). Their keys come first and the including file's keys "
            "win: mappings merge key by key at any depth, anything else (a list, a number) "
            "replaces. Included files may include others (8 deep at most). Their text is "
            "stored with the scenario's in the results.\n\n"
            "```yaml\ninclude: harbin-opening-day.yaml\nscenario: {name: with-a-plan}\n"
            "city:\n  reserve_staff: 24\n  plan: [...]\n```\n\n"
            "## `set`\n\n"
            "Optional: paths (as a variant's `set:`, below) applied to the file after its "
            "`include:` and before its variants, to change one item of a list an included "
            "file holds without restating the list.\n\n"
            "```yaml\ninclude: harbin-2024-new-year.yaml\nset: {city.sites.2.grid: x0}\n"
            "```\n\n");
    fprintf(out,
            "## `variants`\n\n"
            "Optional: a list of named overrides, each run on the same random numbers "
            "(sim/input/variants.c). `set:` maps a path (dots into mappings, numbers into "
            "lists) to the value that replaces what is there, or adds the key; a variant "
            "without `set:` is the file as written. Paths may not touch `scenario:`. The "
            "first variant is the baseline: results go under `/variants/<name>/` and "
            "`/comparison/<kpi>/<variant>` holds the paired differences from the baseline, "
            "one per replication, with mean and 95%% interval as attributes.\n\n"
            "| key | type | required | description |\n|---|---|---|---|\n"
            "| `name` | text | yes | unique; no '/' |\n"
            "| `set` | mapping of path to value | no | e.g. `{city.plan: [], "
            "stations.0.servers: 42}` |\n\n"
            "```yaml\nvariants:\n  - name: with-plan\n  - name: no-plan\n"
            "    set: {city.plan: [], city.reserve_staff: 0}\n```\n\n");
    write_schema(out, "observed", &in_observed_schema, 0,
                 "Optional: a list of the figures the sources report (sim/input/observed.c). "
                 "The file's, not a variant's: `set:` cannot change them, and a variant's "
                 "included file may not hold them. `ursim validate` checks each path and unit "
                 "against the KPIs the models publish; `ursim validate --kpis` lists those.");
    fprintf(out, "```yaml\nobserved:\n  - kpi: stations/windows/wait_all_mean\n"
                 "    value: 2.1min\n    within: 0.2min\n"
                 "    source: \"hall survey, 12 March 2024\"\n"
                 "  - kpi: sites/giant-slide/venue/wait_served_p95\n    between: [5h, 6h]\n"
                 "    source: \"opening day 18 Dec 2023: waits of 5-6 h at about -20 C\"\n```\n\n"
                 "The calibration table (`/calibration`, one row per figure): kpi, variant, "
                 "observed (as written), units (the KPI's), lo and hi (the observed range in "
                 "those units), mean, ci95_lo, ci95_hi and n (the simulated mean over the "
                 "replications with its 95%% Student-t interval), agree (1 or 0), verdict "
                 "(agree, disagree, or no value when no replication gave one), assert, source "
                 "and note.\n");
}
