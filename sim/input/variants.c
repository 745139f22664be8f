/* `variants:`: named overrides of the scenario, run on common random numbers.
 *
 *     variants:
 *       - name: with-plan                       # no `set`: the file as written
 *       - name: no-plan
 *         set: {city.plan: []}
 *       - name: more-windows
 *         set:
 *           city.sites.0.ticket.servers: 140    # list items by index
 *           city.reserve_staff: 0
 *       - name: grid
 *         include: governance/grid.yaml         # a preset merged over the file
 *         set: {city.response.hotline.desk.servers: 40}
 *
 * A variant's `include:` (a file or a list, relative to the scenario) is
 * merged over the scenario as the top-level `include:` is merged under it:
 * mappings key by key, the included file winning; then `set:` applies.
 * Each path names a key of the file, dots going into mappings and numbers
 * into lists; the value replaces what is there (a whole mapping or list if
 * the path stops at one), or adds the key to its mapping when absent. Each
 * variant is then bound and checked exactly as the file is, so a bad value
 * is reported at its own line in `set:`. Paths may not touch `scenario:`
 * (every variant runs the same replications, seed and horizon, which is
 * what makes paired differences meaningful) nor `variants:` itself.
 *
 * A top-level `set:` applies the same way to the file itself, after its
 * `include:` and before the variants: it changes one item of a list an
 * included file holds (city.sites.2.grid) without restating the list.
 *
 * The base tree is never changed: a variant copies the mappings and lists
 * along each path it sets (copy on write) and shares everything else.
 */
#include <stdlib.h>
#include <string.h>

#include <ursim/scenario.h>

#include "input.h"

#define MAX_VARIANTS 64

const struct in_node *in_split_variants(struct in_ctx *ctx, const struct in_node *root,
                                        const struct in_node **variants)
{
    *variants = in_map_get(root, "variants");
    return *variants ? in_map_without(ctx, root, "variants") : root;
}

static struct in_node *copy_node(struct in_ctx *ctx, const struct in_node *n, size_t extra)
{
    struct in_node *c = in_alloc(ctx, sizeof *c);
    size_t slots = (n->kind == IN_MAP ? 2 * n->n : n->n) + extra;
    struct in_node **kids = in_alloc(ctx, (slots + 1) * sizeof *kids);
    if (!c || !kids)
        return NULL;
    *c = *n;
    memcpy(kids, n->kids, (n->kind == IN_MAP ? 2 * n->n : n->n) * sizeof *kids);
    c->kids = kids;
    return c;
}

/* A scalar key node holding `name`, placed where the override was written. */
static struct in_node *key_node(struct in_ctx *ctx, const char *name, size_t len,
                                struct ur_loc at)
{
    struct in_node *k = in_alloc(ctx, sizeof *k);
    char *text = in_alloc(ctx, len + 1);
    if (!k || !text)
        return NULL;
    memcpy(text, name, len);
    text[len] = 0;
    *k = (struct in_node){.kind = IN_SCALAR, .at = at, .text = text, .len = len, .plain = true};
    return k;
}

/* The tree `n` with the value at `path` (dotted, relative to n) set to v;
 * NULL after reporting at `where` why the path does not fit. */
static const struct in_node *set_path(struct in_ctx *ctx, const struct in_node *n,
                                      const char *path, const char *full,
                                      const struct in_node *v, const struct in_node *where)
{
    if (!*path)
        return v;
    size_t len = strcspn(path, ".");
    const char *rest = path[len] ? path + len + 1 : path + len;
    char part[128];
    if (len == 0 || len >= sizeof part) {
        in_error(ctx, where->at, "'%s' is not a path like city.sites.0.ticket.servers", full);
        return NULL;
    }
    memcpy(part, path, len);
    part[len] = 0;
    if (n->kind == IN_SEQ) {
        char *end;
        unsigned long idx = strtoul(part, &end, 10);
        if (*end || idx >= n->n) {
            in_error(ctx, where->at, "in '%s': '%s' must be an item number from 0 to %zu here",
                     full, part, n->n ? n->n - 1 : 0);
            return NULL;
        }
        const struct in_node *kid = set_path(ctx, n->kids[idx], rest, full, v, where);
        struct in_node *c = kid ? copy_node(ctx, n, 0) : NULL;
        if (c)
            c->kids[idx] = (struct in_node *)kid;
        return c;
    }
    if (n->kind != IN_MAP) {
        in_error(ctx, where->at, "in '%s': cannot go into '%s', which holds a single value",
                 full, part);
        return NULL;
    }
    for (size_t i = 0; i < n->n; i++)
        if (in_key_is(n->kids[2 * i], part)) {
            const struct in_node *kid = set_path(ctx, n->kids[2 * i + 1], rest, full, v, where);
            struct in_node *c = kid ? copy_node(ctx, n, 0) : NULL;
            if (c)
                c->kids[2 * i + 1] = (struct in_node *)kid;
            return c;
        }
    if (*rest) {
        in_error(ctx, where->at, "in '%s': there is no '%s' to go into; set the whole mapping "
                                 "instead", full, part);
        return NULL;
    }
    struct in_node *c = copy_node(ctx, n, 2), *k = key_node(ctx, part, len, where->at);
    if (!c || !k)
        return NULL;
    c->kids[2 * n->n] = k;
    c->kids[2 * n->n + 1] = (struct in_node *)v;
    c->n = n->n + 1;
    return c;
}

/* One variant's tree (or the file's, for its top-level `set:`), or NULL
 * after reporting. */
static const struct in_node *apply_set(struct in_ctx *ctx, const struct in_node *base,
                                       const struct in_node *set, bool top)
{
    char buf[64];
    if (!set || in_is_null(set))
        return base;
    if (set->kind != IN_MAP) {
        in_error(ctx, set->at, "set must be a mapping of paths to values, e.g. "
                               "{city.reserve_staff: 0}, got %s", in_describe(set, buf, 64));
        return NULL;
    }
    const struct in_node *tree = base;
    for (size_t i = 0; i < set->n && tree; i++) {
        const struct in_node *key = set->kids[2 * i];
        if (key->kind != IN_SCALAR) {
            in_error(ctx, key->at, "paths must be plain text like city.sites.0.ticket.servers");
            return NULL;
        }
        if (!top && strncmp(key->text, "observed", 8) == 0 &&
            (!key->text[8] || key->text[8] == '.')) {
            in_error(ctx, key->at, "variants may not change `observed:` (the figures are the "
                                   "file's; give one its `variant:` to compare it with a "
                                   "variant's run)");
            return NULL;
        }
        if (!top && strncmp(key->text, "scenario", 8) == 0 &&
            (!key->text[8] || key->text[8] == '.')) {
            in_error(ctx, key->at, "variants may not change `scenario:` (all run the same "
                                   "replications, seed and horizon, so that they pair up)");
            return NULL;
        }
        tree = set_path(ctx, tree, key->text, key->text, set->kids[2 * i + 1], key);
    }
    return tree;
}

const struct in_node *in_apply_top_set(struct in_ctx *ctx, const struct in_node *root)
{
    const struct in_node *set = in_map_get(root, "set");
    if (!set)
        return root;
    const struct in_node *rest = in_map_without(ctx, root, "set");
    return rest ? apply_set(ctx, rest, set, true) : NULL;
}

void in_bind_variants(struct in_ctx *ctx, const struct in_node *base,
                      const struct in_node *variants, struct ur_scenario *s,
                      in_bind_top_fn *bind)
{
    char buf[64];
    if (variants->kind != IN_SEQ || variants->n == 0 || variants->n > MAX_VARIANTS) {
        in_error(ctx, variants->at, "variants must be a list of 1 to %d items such as "
                                    "`- {name: no-plan, set: {city.plan: []}}`, got %s",
                 MAX_VARIANTS, in_describe(variants, buf, sizeof buf));
        return;
    }
    size_t n = variants->n;
    s->variant_names = in_alloc(ctx, n * sizeof *s->variant_names);
    s->variants = in_alloc(ctx, n * sizeof *s->variants);
    if (!s->variant_names || !s->variants)
        return;
    for (size_t i = 0; i < n && !ctx->err; i++) {
        const struct in_node *item = variants->kids[i];
        const struct in_node *name = in_map_get(item, "name"), *set = in_map_get(item, "set");
        const struct in_node *inc = in_map_get(item, "include");
        if (item->kind != IN_MAP || !name || name->kind != IN_SCALAR || !*name->text ||
            strchr(name->text, '/') || item->n != 1u + (set != NULL) + (inc != NULL)) {
            in_error(ctx, item->at, "each variant is {name: <text without '/'>, include: "
                                    "<file>, set: {path: value, ...}} (include and set may be "
                                    "left out), got %s",
                     in_describe(item, buf, sizeof buf));
            continue;
        }
        if (strncmp(name->text, "by_", 3) == 0) /* /comparison/<kpi>/by_<dimension> */
            in_error(ctx, name->at, "a variant's name may not begin with 'by_' (the results "
                                    "file keeps /comparison/<kpi>/by_type and the like for "
                                    "where a difference comes from), got '%s'", name->text);
        for (size_t j = 0; j < i; j++)
            if (s->variant_names[j] && strcmp(s->variant_names[j], name->text) == 0)
                in_error(ctx, name->at, "a second variant named '%s'", name->text);
        s->variant_names[i] = name->text;
        const struct in_node *tree = inc ? in_variant_include(ctx, base, inc, s) : base;
        tree = tree ? apply_set(ctx, tree, set, false) : NULL;
        struct ur_scenario *v = tree ? in_alloc(ctx, sizeof *v) : NULL;
        if (!v)
            continue;
        *v = (struct ur_scenario){.path = s->path, .yaml_text = s->yaml_text, .models = s->models,
                                  .n_models = s->n_models, .arena = s->arena};
        bind(ctx, tree, v);
        s->variants[i] = v;
    }
    s->n_variants = n;
}
