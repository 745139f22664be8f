/* One field's value: the node is checked for the kind the field's type wants
 * (scalar, mapping, list), read with its unit, range-checked and stored at
 * the field's offset. Lists of mappings also check that UR_F_KEY strings are
 * unique among their items. Defaults are YAML text bound by the same code, so
 * a default can never mean something a planner's value would not. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

static void *at_offset(void *obj, const struct ur_field *f)
{
    return (char *)obj + f->offset;
}

static void bind_string(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                        const char **out)
{
    char buf[64];
    if (v->kind != IN_SCALAR || in_is_null(v) || v->len == 0)
        in_error(ctx, v->at, "%s must be non-empty text, got %s", f->key,
                 in_describe(v, buf, sizeof buf));
    else
        *out = v->text; /* the node lives in the scenario's arena */
}

static void bind_number(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                        void *out)
{
    if (f->type == UR_T_INT) {
        long n;
        if (in_read_int(ctx, v, f->key, &n) && in_check_range(ctx, v, f, (double)n))
            *(long *)out = n;
    } else {
        double x;
        if (in_read_quantity(ctx, v, f->key, f->type, &x) && in_check_range(ctx, v, f, x))
            *(double *)out = x;
    }
}

static void bind_reals(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                       struct ur_reals *out)
{
    char buf[64];
    if (v->kind != IN_SEQ) {
        in_error(ctx, v->at, "%s must be a list of numbers such as [1, 2.5], got %s", f->key,
                 in_describe(v, buf, sizeof buf));
        return;
    }
    double *x = in_alloc(ctx, (v->n + 1) * sizeof *x);
    if (!x)
        return;
    for (size_t i = 0; i < v->n; i++) {
        const struct in_node *item = v->kids[i];
        if (in_read_quantity(ctx, item, f->key, UR_T_REAL, &x[i]))
            in_check_range(ctx, item, f, x[i]);
    }
    out->v = x;
    out->n = v->n;
}

/* A quantity of any kind, range-checked against its kind's sane bounds. */
static bool read_quantity(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                          struct ur_quantity *out)
{
    struct ur_quantity q;
    if (!in_read_any_quantity(ctx, v, f->key, &q))
        return false;
    struct ur_field as_written = *f;
    as_written.type = q.kind;
    if (!in_check_range(ctx, v, &as_written, q.v))
        return false;
    *out = q;
    return true;
}

static void bind_quantities(struct in_ctx *ctx, const struct ur_field *f,
                            const struct in_node *v, struct ur_quantities *out)
{
    char buf[64];
    if (v->kind != IN_SEQ) {
        in_error(ctx, v->at, "%s must be a list such as [2h, 3h] or [0.9, 1], got %s", f->key,
                 in_describe(v, buf, sizeof buf));
        return;
    }
    struct ur_quantity *q = in_alloc(ctx, (v->n + 1) * sizeof *q);
    if (!q)
        return;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++)
        ok = read_quantity(ctx, f, v->kids[i], &q[i]) && ok;
    if (ok) {
        out->v = q;
        out->n = v->n;
    }
}

struct keyed {
    const char *name;
    size_t item;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->item > y->item) - (x->item < y->item);
}

/* Reports, in document order, each item whose `key` repeats an earlier one. */
static void check_unique(struct in_ctx *ctx, const struct ur_field *list,
                         const struct ur_field *key, const struct in_node *seq, const char *items)
{
    size_t n = 0, *first = in_alloc(ctx, seq->n * sizeof *first + 1);
    struct keyed *k = in_alloc(ctx, seq->n * sizeof *k + 1);
    if (!first || !k)
        return;
    for (size_t i = 0; i < seq->n; i++) {
        const char *name = *(const char *const *)(items + i * list->sub->size + key->offset);
        first[i] = SIZE_MAX;
        if (name)
            k[n++] = (struct keyed){name, i};
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(k[i].name, k[i - 1].name) == 0)
            first[k[i].item] =
                first[k[i - 1].item] == SIZE_MAX ? k[i - 1].item : first[k[i - 1].item];
    for (size_t i = 0; i < seq->n; i++) {
        if (first[i] == SIZE_MAX)
            continue;
        const struct in_node *here = in_map_get(seq->kids[i], key->key);
        const struct in_node *there = in_map_get(seq->kids[first[i]], key->key);
        if (!here || !there)
            continue; /* a name from a default: nothing to point at */
        in_error(ctx, here->at, "duplicate %s %s '%s' (first at %u:%u)", list->sub->name, key->key,
                 here->text, there->at.line, there->at.col);
    }
}

static void bind_list(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                      struct ur_list *out)
{
    char buf[64];
    const struct ur_schema *sub = f->sub;
    if (v->kind != IN_SEQ) {
        in_error(ctx, v->at, "%s must be a list of %s mappings (lines starting with '- '), got %s",
                 f->key, sub->name, in_describe(v, buf, sizeof buf));
        return;
    }
    char *items = in_alloc(ctx, v->n * sub->size + 1);
    if (!items)
        return;
    for (size_t i = 0; i < v->n && !ctx->err; i++) {
        const struct in_node *item = v->kids[i];
        if (item->kind == IN_MAP)
            in_bind_map(ctx, item, sub, items + i * sub->size, sub->name);
        else
            in_error(ctx, item->at, "each item of %s must be a mapping of %s keys, got %s", f->key,
                     sub->name, in_describe(item, buf, sizeof buf));
    }
    for (size_t i = 0; i < sub->n_fields && !ctx->err; i++)
        if ((sub->fields[i].flags & UR_F_KEY) && sub->fields[i].type == UR_T_STRING)
            check_unique(ctx, f, &sub->fields[i], v, items);
    out->items = items;
    out->n = v->n;
}

static void bind_one(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                     struct ur_list *out)
{
    char buf[64];
    if (v->kind != IN_MAP) {
        in_error(ctx, v->at, "%s must be a mapping of %s keys ({key: value, ...}), got %s", f->key,
                 f->sub->name, in_describe(v, buf, sizeof buf));
        return;
    }
    void *item = in_alloc(ctx, f->sub->size);
    if (!item)
        return;
    in_bind_map(ctx, v, f->sub, item, f->key);
    out->items = item;
    out->n = 1;
}

static void bind_struct(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v,
                        void *out)
{
    char buf[64];
    if (v->kind == IN_MAP)
        in_bind_map(ctx, v, f->sub, out, f->key);
    else
        in_error(ctx, v->at, "%s must be a mapping of keys ({key: value, ...}), got %s", f->key,
                 in_describe(v, buf, sizeof buf));
}

void in_bind_value(struct in_ctx *ctx, const struct ur_field *f, const struct in_node *v, void *obj)
{
    void *out = at_offset(obj, f);
    switch (f->type) {
    case UR_T_STRING:
        bind_string(ctx, f, v, out);
        break;
    case UR_T_BOOL:
        in_read_bool(ctx, v, f->key, out);
        break;
    case UR_T_INT:
    case UR_T_REAL:
    case UR_T_DURATION:
    case UR_T_RATE:
        bind_number(ctx, f, v, out);
        break;
    case UR_T_DIST:
        in_bind_dist(ctx, v, f, out);
        break;
    case UR_T_STRUCT:
        bind_struct(ctx, f, v, out);
        break;
    case UR_T_LIST:
        bind_list(ctx, f, v, out);
        break;
    case UR_T_ONE:
        bind_one(ctx, f, v, out);
        break;
    case UR_T_REAL_LIST:
        bind_reals(ctx, f, v, out);
        break;
    case UR_T_QUANTITY:
        read_quantity(ctx, f, v, out);
        break;
    case UR_T_QUANTITY_LIST:
        bind_quantities(ctx, f, v, out);
        break;
    }
}

void in_bind_default(struct in_ctx *ctx, const struct ur_field *f, void *obj)
{
    struct ur_diag *diag = ur_diag_new();
    if (!diag) {
        ctx->err = UR_ENOMEM;
        return;
    }
    struct in_ctx sub = {.arena = ctx->arena, .diag = diag, .file = "(default)"};
    const struct in_node *node = in_parse_yaml(&sub, f->def, strlen(f->def));
    if (node)
        in_bind_value(&sub, f, node, obj);
    bool bad = !node || ur_diag_errors(diag) > 0;
    const char *why = ur_diag_errors(diag) ? ur_diag_message(diag, 0, NULL) : "not YAML";
    char msg[300];
    snprintf(msg, sizeof msg, "schema bug: default '%s' of key '%s' is invalid: %s", f->def, f->key,
             why);
    ur_diag_free(diag);
    if (sub.err)
        ctx->err = sub.err;
    else if (bad)
        ur_panic(__FILE__, __LINE__, msg);
}

static void example_struct(char *buf, size_t size, const struct ur_schema *sub)
{
    size_t used = (size_t)snprintf(buf, size, "{");
    for (size_t i = 0; i < sub->n_fields && used < size; i++) {
        const struct ur_field *f = &sub->fields[i];
        if (!(f->flags & UR_F_REQUIRED))
            continue;
        char value[128];
        in_example(value, sizeof value, f);
        used += (size_t)snprintf(buf + used, size - used, "%s%s: %s", used > 1 ? ", " : "", f->key,
                                 value);
    }
    if (used < size)
        snprintf(buf + used, size - used, used > 1 ? "}" : "...}");
}

void in_example(char *buf, size_t size, const struct ur_field *f)
{
    double lo, hi;
    in_bounds(f, &lo, &hi);
    switch (f->type) {
    case UR_T_STRING:
        snprintf(buf, size, "some-%s", f->key);
        break;
    case UR_T_BOOL:
        snprintf(buf, size, "true");
        break;
    case UR_T_INT:
        snprintf(buf, size, "%ld", lo > 0 ? (long)lo : 1L);
        break;
    case UR_T_REAL:
        snprintf(buf, size, "%g", lo > 0 ? lo : 1.0);
        break;
    case UR_T_DURATION:
        snprintf(buf, size, "1h");
        break;
    case UR_T_RATE:
        snprintf(buf, size, "10/h");
        break;
    case UR_T_DIST:
        snprintf(buf, size,
                 (f->flags & UR_F_UNITLESS) ? "{dist: exponential, mean: 2}"
                                            : "{dist: exponential, mean: 5min}");
        break;
    case UR_T_STRUCT:
    case UR_T_ONE:
        example_struct(buf, size, f->sub);
        break;
    case UR_T_LIST:
        snprintf(buf, size, "[]");
        break;
    case UR_T_REAL_LIST:
        snprintf(buf, size, "[1, 2]");
        break;
    case UR_T_QUANTITY:
        snprintf(buf, size, "5.5h");
        break;
    case UR_T_QUANTITY_LIST:
        snprintf(buf, size, "[2h, 3h]");
        break;
    }
}
