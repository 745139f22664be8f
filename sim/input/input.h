/* Private to sim/input: the node tree libyaml's events are turned into, and
 * the pieces of the loader that work on it.
 *
 *   nodes.c      libyaml events -> in_node tree (marks, aliases, guards)
 *   units.c      scalars -> numbers, durations, rates, ints, bools
 *   ranges.c     bounds and range checks; values back to text for messages
 *   suggest.c    did-you-mean and key lists for messages
 *   bind.c       a mapping + struct ur_schema -> a filled C struct
 *   fields.c     one field's value (scalars, lists, ranges, defaults)
 *   dist_yaml.c  {dist: lognormal, mean: 20min, cv: 0.5} -> struct ur_dist
 *   run_schema.c the `scenario:` mapping
 *   reference.c  the Markdown reference of every key
 *   observed.c   `observed:`, the figures a run is compared with
 *   load.c       files and the top level
 */
#ifndef URSIM_INPUT_INPUT_H
#define URSIM_INPUT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <ursim/arena.h>
#include <ursim/diag.h>
#include <ursim/rng.h>
#include <ursim/schema.h>

/* Guards against hostile or runaway files. */
#define IN_MAX_NODES 100000 /* after alias expansion (billion-laughs guard) */
#define IN_MAX_DEPTH 64     /* nesting of mappings and lists */
#define IN_MAX_ERRORS 50    /* further errors are dropped after a note */

enum in_kind { IN_SCALAR, IN_MAP, IN_SEQ };

struct in_node {
    enum in_kind kind;
    struct ur_loc at;      /* 1-based */
    const char *text;      /* scalar: NUL-terminated, arena */
    size_t len;            /* scalar: bytes in text (may hold NULs) */
    bool plain;            /* scalar: unquoted, so `~` or nothing means null */
    struct in_node **kids; /* seq: n items; map: n pairs as key, value, key, ... */
    size_t n;
    size_t expanded; /* nodes counted with every alias expanded */
};

struct in_ctx {
    struct ur_arena *arena;
    struct ur_diag *diag;
    const char *file;
    size_t errors_base; /* errors already in diag when loading began */
    int err;            /* UR_ENOMEM once an allocation failed */
    bool muted;         /* IN_MAX_ERRORS reached */
};

/* ctx: reporting and allocation helpers (bind.c). */
void in_error(struct in_ctx *ctx, struct ur_loc at, const char *fmt, ...) UR_PRINTF(3, 4);
size_t in_errors(const struct in_ctx *ctx);
void *in_alloc(struct in_ctx *ctx, size_t size);
/* "a mapping", "a list", "'text'", "nothing" */
const char *in_describe(const struct in_node *n, char *buf, size_t size);

struct ur_scenario;

#define IN_MAX_FILE_BYTES (16u << 20) /* a scenario is a page or two of YAML */

/* load.c: the whole file in a malloc'd buffer, or NULL with *err: UR_EIO
 * (errno kept), UR_ENOMEM, or UR_EINPUT when the path holds no regular file
 * or one larger than IN_MAX_FILE_BYTES, *why then saying so ("is a FIFO (a
 * named pipe)", "is larger than 16 MiB"; NULL otherwise). Nothing is read
 * from a FIFO or a device, so neither blocks nor runs on. */
char *in_read_file(const char *path, size_t *len, int *err, const char **why);

/* include.c: root with its `include:` files merged under it (s->yaml_text
 * grows by their text), or NULL after reporting. */
const struct in_node *in_resolve_includes(struct in_ctx *ctx, const struct in_node *root,
                                          struct ur_scenario *s);

/* A variant's `include:` (a file name or a list): base with each file
 * merged over it in order (the file wins), or NULL after reporting. The
 * files may not hold `scenario:` or `variants:`. */
const struct in_node *in_variant_include(struct in_ctx *ctx, const struct in_node *base,
                                         const struct in_node *names, struct ur_scenario *s);

/* variants.c: splits `variants:` off the root (returned in *variants, NULL
 * when absent) and returns the root without it. */
/* The file's top-level `set:` (dotted paths, as a variant's) applied after
 * its includes; NULL after reporting. */
const struct in_node *in_apply_top_set(struct in_ctx *ctx, const struct in_node *root);
const struct in_node *in_split_variants(struct in_ctx *ctx, const struct in_node *root,
                                        const struct in_node **variants);
/* Binds each variant: the base tree with its `set:` applied, through bind.
 * Fills s->n_variants, s->variant_names, s->variants. */
typedef void in_bind_top_fn(struct in_ctx *ctx, const struct in_node *root,
                            struct ur_scenario *s);
void in_bind_variants(struct in_ctx *ctx, const struct in_node *base,
                      const struct in_node *variants, struct ur_scenario *s,
                      in_bind_top_fn *bind);

/* observed.c: splits `observed:` off the root (returned in *observed, NULL
 * when absent) and returns the root without it; binds it into
 * s->observed once the variants are bound (their names are checked). */
const struct in_node *in_split_observed(struct in_ctx *ctx, const struct in_node *root,
                                        const struct in_node **observed);
void in_bind_observed(struct in_ctx *ctx, const struct in_node *observed, struct ur_scenario *s);
extern const struct ur_schema in_observed_schema;

/* nodes.c: the tree of `text`, or NULL after reporting why. */
struct in_node *in_parse_yaml(struct in_ctx *ctx, const char *text, size_t len);
/* The value of `key` in mapping m, or NULL (first occurrence). */
const struct in_node *in_map_get(const struct in_node *m, const char *key);
/* The key node of `key` in mapping m (for its location), or NULL. */
const struct in_node *in_map_key(const struct in_node *m, const char *key);
bool in_key_is(const struct in_node *key, const char *name);
/* A copy of mapping m without `key` (the pairs are shared, not copied). */
const struct in_node *in_map_without(struct in_ctx *ctx, const struct in_node *m,
                                     const char *key);

/* units.c */
bool in_is_null(const struct in_node *n);
bool in_read_int(struct in_ctx *ctx, const struct in_node *n, const char *key, long *out);
bool in_read_bool(struct in_ctx *ctx, const struct in_node *n, const char *key, bool *out);
/* type: UR_T_REAL, UR_T_DURATION or UR_T_RATE; out in SI units. */
bool in_read_quantity(struct in_ctx *ctx, const struct in_node *n, const char *key,
                      enum ur_type type, double *out);
/* UR_T_QUANTITY: a number, duration or rate, whichever n is written as. */
bool in_read_any_quantity(struct in_ctx *ctx, const struct in_node *n, const char *key,
                          struct ur_quantity *out);

/* ranges.c */
/* Values as a planner writes them: "1.5h", "36/min", "40", "1e+06". */
void in_format(char *buf, size_t size, enum ur_type type, double v);
/* The bounds a field is checked against (the type's sane ones when unset). */
void in_bounds(const struct ur_field *f, double *lo, double *hi);
/* "from 1 to 100000", "greater than 0s and at most 36500d" */
void in_range_text(char *buf, size_t size, const struct ur_field *f);
/* "an integer from 1 to 100000", "a duration greater than 0s and at most 36500d" */
void in_describe_range(char *buf, size_t size, const struct ur_field *f);
bool in_check_range(struct in_ctx *ctx, const struct in_node *n, const struct ur_field *f,
                    double v);

/* suggest.c */
/* The candidate nearest to `word` by edit distance, or NULL when none is close. */
const char *in_suggest(const char *word, const char *const *cands, size_t n);
/* suggest_path.c: for a KPI path that is none of kpis, "; did you mean
 * 'x'?" into buf (each '/'-part replaced by the nearest at its level, or
 * the nearest by edit distance below the longest known prefix), else what
 * there is below that prefix ("; under 'city/sites/' there are a/, b/"). */
struct ur_kpi_name;
void in_suggest_path(char *buf, size_t size, const char *path, const struct ur_kpi_name *kpis,
                     size_t n);
/* "a, b, c or d" into buf. */
void in_join(char *buf, size_t size, const char *const *words, size_t n, const char *last_sep);

/* fields.c */
void in_bind_value(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                   void *obj);
/* Binds f->def as if it had been written; a bad default is a bug (panics). */
void in_bind_default(struct in_ctx *ctx, const struct ur_field *f, void *obj);
/* An example value to show in "missing key" messages. */
void in_example(char *buf, size_t size, const struct ur_field *f);

/* bind.c: fills obj (schema->size bytes, zeroed by the caller); `what` names
 * the mapping in messages ("station", "top level"). */
/* A checker whose keys are looked up from `node`, for cross-checks made
 * outside a schema's own check. */
struct ur_check in_checker(struct in_ctx *ctx, const struct in_node *node);
void in_bind_map(struct in_ctx *ctx, const struct in_node *m, const struct ur_schema *schema,
                 void *obj, const char *what);

/* dist_yaml.c */
void in_bind_dist(struct in_ctx *ctx, const struct in_node *m, const struct ur_field *f,
                  struct ur_dist *out);
/* For the reference: the forms and their parameters. */
void in_dist_markdown(FILE *out);

#endif
