/* A scenario: the run settings plus one list of instances per model kind,
 * all in one arena. Built by sim/input (the only code that sees libyaml). */
#ifndef URSIM_SCENARIO_H
#define URSIM_SCENARIO_H

#include <stdbool.h>

#include "diag.h"
#include "schema.h"

struct ur_model_ops;

/* scenario: {name, horizon, warmup, sample_interval, replications, seed, stop_after_arrivals,
 *            start} */
struct ur_run_config {
    const char *name;
    double horizon_s;
    double warmup_s;          /* KPIs exclude [0, warmup) */
    double sample_interval_s; /* time-series resolution */
    long replications;
    long seed;
    long stop_after_arrivals; /* 0: no limit */
    const char *start;        /* calendar time of t = 0 (ISO 8601) or NULL */
};
extern const struct ur_schema ur_run_schema;

#define UR_MAX_MODELS 32

struct ur_scenario {
    const char *path;      /* as given on the command line */
    const char *yaml_text; /* the file's full text */
    struct ur_run_config run;
    const struct ur_model_ops *const *models; /* the registry it was loaded with */
    size_t n_models;
    struct ur_list model_config[UR_MAX_MODELS]; /* per registry entry; n = 0 when absent */
    struct ur_arena *arena;
    /* `variants:` (see sim/input/variants.c): each a whole scenario, the file
     * with that variant's `set:` overrides applied; n_variants = 0 when the
     * file has none. Variants share the base's arena. */
    size_t n_variants;
    const char **variant_names;
    struct ur_scenario **variants;
    /* `observed:` (see <ursim/observed.h>): struct ur_observed items of the
     * file, n = 0 when it has none; only the file's root holds them. */
    struct ur_list observed;
};

/* Loads and validates `path` against the run schema and each model's schema
 * (top-level key ops->yaml_key, a sequence of ops->schema). On bad input,
 * returns NULL with errors in `diag` (nothing printed). NULL with no errors in
 * `diag` means out of memory or unreadable file: *err holds the UR_E* code. */
struct ur_scenario *ur_scenario_load(const char *path, const struct ur_model_ops *const *models,
                                     size_t n_models, struct ur_diag *diag, int *err);
/* Same, from text in memory; `name` is used in diagnostics. */
struct ur_scenario *ur_scenario_parse(const char *name, const char *text, size_t len,
                                      const struct ur_model_ops *const *models, size_t n_models,
                                      struct ur_diag *diag, int *err);
void ur_scenario_free(struct ur_scenario *s);

/* The instances of a model kind (n = 0 when the scenario has none). */
const struct ur_list *ur_scenario_models(const struct ur_scenario *s,
                                         const struct ur_model_ops *ops);

/* Writes the Markdown reference of every key (run schema + models). */
void ur_schema_markdown(FILE *out, const struct ur_model_ops *const *models, size_t n_models);

#endif
