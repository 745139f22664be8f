/* `include:`: a scenario built on other files (a shared city, a governance
 * preset), overriding what it needs.
 *
 *     include: harbin-opening-day.yaml        # or a list, applied in order
 *     scenario: {name: harbin-opening-day-plan}
 *     city:
 *       reserve_staff: 24
 *       plan: [...]
 *
 * Paths are relative to the including file. The including file's keys win:
 * mappings merge key by key, at any depth; anything else (a list, a number)
 * replaces what the included file had, and so does a distribution (a
 * mapping with `dist:`): {dist: deterministic, value: 0s} over
 * {dist: lognormal, mean: 4h, cv: 0.8} is that deterministic distribution,
 * not a mixture of both forms' parameters. Included files may include others,
 * at most MAX_DEPTH deep (which also stops a file including itself). Errors
 * in an included file point into that file. The text of every included file
 * is appended to the scenario's stored text, so the results file keeps all
 * the input the run saw.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/scenario.h>

#include "input.h"

#define MAX_DEPTH 8

/* `b` over `a`: mappings merge key by key; anything else, b wins, and a
 * distribution is one value. */
static const struct in_node *merge(struct in_ctx *ctx, const struct in_node *a,
                                   const struct in_node *b)
{
    if (a->kind != IN_MAP || b->kind != IN_MAP || in_map_get(b, "dist"))
        return b;
    struct in_node *m = in_alloc(ctx, sizeof *m);
    struct in_node **kids = in_alloc(ctx, (2 * (a->n + b->n) + 1) * sizeof *kids);
    if (!m || !kids)
        return b;
    *m = *b;
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        const struct in_node *key = a->kids[2 * i], *over = NULL;
        for (size_t j = 0; j < b->n && !over && key->kind == IN_SCALAR; j++)
            if (in_key_is(b->kids[2 * j], key->text))
                over = b->kids[2 * j + 1];
        kids[2 * n] = (struct in_node *)key;
        kids[2 * n + 1] = (struct in_node *)(over ? merge(ctx, a->kids[2 * i + 1], over)
                                                  : a->kids[2 * i + 1]);
        n++;
    }
    for (size_t j = 0; j < b->n; j++)
        if (b->kids[2 * j]->kind != IN_SCALAR || !in_map_get(a, b->kids[2 * j]->text)) {
            kids[2 * n] = b->kids[2 * j];
            kids[2 * n + 1] = b->kids[2 * j + 1];
            n++;
        }
    m->kids = kids;
    m->n = n;
    return m;
}

/* `name` relative to the directory of `from`, in the arena. */
static const char *relative_to(struct in_ctx *ctx, const char *from, const char *name)
{
    const char *slash = strrchr(from, '/');
    size_t dir = name[0] == '/' || !slash ? 0 : (size_t)(slash - from) + 1;
    char *full = in_alloc(ctx, dir + strlen(name) + 1);
    if (full) {
        memcpy(full, from, dir);
        strcpy(full + dir, name);
    }
    return full;
}

static const struct in_node *resolve(struct in_ctx *ctx, const struct in_node *root,
                                     const char *path, int depth, struct ur_scenario *s);

/* Reads, parses and resolves one included file; NULL after reporting. */
static const struct in_node *load_one(struct in_ctx *ctx, const struct in_node *name,
                                      const char *from, int depth, struct ur_scenario *s)
{
    char buf[64];
    if (name->kind != IN_SCALAR || !*name->text) {
        in_error(ctx, name->at, "include takes a file name or a list of them, got %s",
                 in_describe(name, buf, sizeof buf));
        return NULL;
    }
    if (depth >= MAX_DEPTH) {
        in_error(ctx, name->at, "includes nest more than %d deep: does '%s' include itself?",
                 MAX_DEPTH, name->text);
        return NULL;
    }
    const char *full = relative_to(ctx, from, name->text);
    size_t len = 0;
    int err = 0;
    const char *why = NULL;
    char *text = full ? in_read_file(full, &len, &err, &why) : NULL;
    if (!text) {
        in_error(ctx, name->at, "cannot read included file '%s': %s%s", full ? full : name->text,
                 why ? "it " : "",
                 why ? why : err == UR_ENOMEM || !full ? "out of memory" : strerror(errno));
        return NULL;
    }
    /* Keep the text (nodes point into it) and record it with the scenario's. */
    size_t old = strlen(s->yaml_text);
    char *joined = in_alloc(ctx, old + len + strlen(full) + 64);
    char *kept = in_alloc(ctx, len + 1);
    if (!joined || !kept) {
        free(text);
        return NULL;
    }
    memcpy(kept, text, len);
    kept[len] = 0;
    int head = sprintf(joined, "%s\n# ---- included: %s ----\n", s->yaml_text, full);
    memcpy(joined + head, text, len);
    joined[head + len] = 0;
    s->yaml_text = joined;
    free(text);
    const char *outer = ctx->file;
    ctx->file = full;
    const struct in_node *inc = in_parse_yaml(ctx, kept, len);
    ctx->file = outer;
    if (!inc)
        return NULL;
    if (inc->kind != IN_MAP) {
        in_error(ctx, inc->at, "an included file must be a mapping of scenario keys, got %s",
                 in_describe(inc, buf, sizeof buf));
        return NULL;
    }
    return resolve(ctx, inc, full, depth + 1, s);
}

static const struct in_node *resolve(struct in_ctx *ctx, const struct in_node *root,
                                     const char *path, int depth, struct ur_scenario *s)
{
    const struct in_node *names = in_map_get(root, "include");
    if (!names)
        return root;
    const struct in_node *rest = in_map_without(ctx, root, "include");
    size_t n = names->kind == IN_SEQ ? names->n : 1;
    const struct in_node *base = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct in_node *inc =
            load_one(ctx, names->kind == IN_SEQ ? names->kids[i] : names, path, depth, s);
        if (!inc)
            return NULL;
        base = base ? merge(ctx, base, inc) : inc;
    }
    return base ? merge(ctx, base, rest) : rest;
}

const struct in_node *in_resolve_includes(struct in_ctx *ctx, const struct in_node *root,
                                          struct ur_scenario *s)
{
    return resolve(ctx, root, s->path, 0, s);
}

const struct in_node *in_variant_include(struct in_ctx *ctx, const struct in_node *base,
                                         const struct in_node *names, struct ur_scenario *s)
{
    size_t n = names->kind == IN_SEQ ? names->n : 1;
    const struct in_node *tree = base;
    for (size_t i = 0; i < n && tree; i++) {
        const struct in_node *inc =
            load_one(ctx, names->kind == IN_SEQ ? names->kids[i] : names, s->path, 0, s);
        if (!inc)
            return NULL;
        static const char *const barred[][2] = {
            {"scenario", "every variant runs the same replications, seed and horizon"},
            {"variants", "every variant runs the same replications, seed and horizon"},
            {"observed", "observed figures are the scenario file's; give each its `variant:`"}};
        for (size_t k = 0; k < sizeof barred / sizeof barred[0]; k++) {
            const struct in_node *key = in_map_key(inc, barred[k][0]);
            if (key) {
                in_error(ctx, key->at, "a variant's included file may not hold `%s:` (%s)",
                         barred[k][0], barred[k][1]);
                return NULL;
            }
        }
        tree = merge(ctx, tree, inc);
    }
    return tree;
}
