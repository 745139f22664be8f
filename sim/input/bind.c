/* The schema binder: one YAML mapping + a struct ur_schema -> a filled C struct.
 *
 * For each key of the mapping: find its field (unknown keys get a
 * did-you-mean, or the list of valid keys), refuse a second occurrence, set
 * the field's `given` flag and bind the value (fields.c). Then for each
 * absent field: report it when required, else bind its default. Last, when
 * the mapping bound without error, run the schema's cross-field check with a
 * locator that finds a key's value (dotted paths reach nested mappings).
 * Errors are collected and binding goes on, so one run shows them all. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

void in_error(struct in_ctx *ctx, struct ur_loc at, const char *fmt, ...)
{
    if (ctx->muted)
        return;
    if (in_errors(ctx) >= IN_MAX_ERRORS) {
        ur_diag_error(ctx->diag, at, "too many errors; stopping after %d", IN_MAX_ERRORS);
        ctx->muted = true;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    ur_diag_verror(ctx->diag, at, fmt, ap);
    va_end(ap);
}

size_t in_errors(const struct in_ctx *ctx)
{
    return ur_diag_errors(ctx->diag) - ctx->errors_base;
}

void *in_alloc(struct in_ctx *ctx, size_t size)
{
    void *p = ur_arena_alloc(ctx->arena, size);
    if (!p)
        ctx->err = UR_ENOMEM;
    return p;
}

const char *in_describe(const struct in_node *n, char *buf, size_t size)
{
    if (n->kind == IN_MAP)
        return "a mapping";
    if (n->kind == IN_SEQ)
        return "a list";
    if (in_is_null(n))
        return "nothing";
    snprintf(buf, size, "'%.40s%s'", n->text, n->len > 40 ? "..." : "");
    return buf;
}

static struct ur_loc locate(const struct ur_check *ck, const char *key)
{
    const struct in_node *cur = ck->node;
    while (key && *key) {
        char part[64];
        size_t len = strcspn(key, ".");
        snprintf(part, sizeof part, "%.*s", (int)len, key);
        char *end;
        unsigned long idx = strtoul(part, &end, 10);
        const struct in_node *next =
            cur->kind == IN_SEQ && *part && !*end ? (idx < cur->n ? cur->kids[idx] : NULL)
                                                  : in_map_get(cur, part);
        if (!next)
            break;
        cur = next;
        key += len + (key[len] == '.');
    }
    return cur->at;
}

static const struct ur_field *find_field(const struct ur_schema *s, const struct in_node *key)
{
    for (size_t i = 0; i < s->n_fields; i++)
        if (in_key_is(key, s->fields[i].key))
            return &s->fields[i];
    return NULL;
}

static void report_unknown(struct in_ctx *ctx, const struct in_node *key, const struct ur_schema *s,
                           const char *what)
{
    const char *keys[64];
    size_t n = s->n_fields < 64 ? s->n_fields : 64;
    for (size_t i = 0; i < n; i++)
        keys[i] = s->fields[i].key;
    char where[96], list[512];
    if (what)
        snprintf(where, sizeof where, "unknown key '%s' in %s", key->text, what);
    else
        snprintf(where, sizeof where, "unknown top-level key '%s'", key->text);
    const char *near = in_suggest(key->text, keys, n);
    in_join(list, sizeof list, keys, n, " and ");
    if (strcmp(key->text, "<<") == 0)
        in_error(ctx, key->at, "merge keys ('<<') are not supported; write the keys out");
    else if (near)
        in_error(ctx, key->at, "%s; did you mean '%s'?", where, near);
    else
        in_error(ctx, key->at, "%s; valid keys are %s", where, list);
}

static void report_missing(struct in_ctx *ctx, const struct in_node *m, const struct ur_field *f,
                           const char *what)
{
    char example[256];
    in_example(example, sizeof example, f);
    in_error(ctx, m->at, "missing required key '%s'%s%s%s%s%s; add e.g. `%s: %s`", f->key,
             what ? " in " : "", what ? what : "", f->doc ? " (" : "", f->doc ? f->doc : "",
             f->doc ? ")" : "", f->key, example);
}

/* An absent optional field: its default, or its sub-fields' defaults. */
static void bind_absent(struct in_ctx *ctx, const struct ur_field *f, void *obj)
{
    if (f->def) {
        in_bind_default(ctx, f, obj);
    } else if (f->type == UR_T_STRUCT && f->sub) {
        char *inner = (char *)obj + f->offset;
        for (size_t i = 0; i < f->sub->n_fields; i++)
            if (!(f->sub->fields[i].flags & UR_F_REQUIRED))
                bind_absent(ctx, &f->sub->fields[i], inner);
    }
}

static void set_given(const struct ur_field *f, void *obj)
{
    if (f->given)
        *(bool *)((char *)obj + f->given - 1) = true;
}

/* Binds every key present; seen[i] is the key node of field i. */
static void bind_present(struct in_ctx *ctx, const struct in_node *m, const struct ur_schema *s,
                         void *obj, const char *what, const struct in_node **seen)
{
    for (size_t i = 0; i < m->n && !ctx->err; i++) {
        const struct in_node *key = m->kids[2 * i], *value = m->kids[2 * i + 1];
        char buf[64];
        if (key->kind != IN_SCALAR) {
            in_error(ctx, key->at, "keys must be plain names, got %s", in_describe(key, buf, 64));
            continue;
        }
        const struct ur_field *f = find_field(s, key);
        if (!f) {
            report_unknown(ctx, key, s, what);
            continue;
        }
        size_t idx = (size_t)(f - s->fields);
        if (seen[idx]) {
            in_error(ctx, key->at, "duplicate key '%s' (first at %u:%u)", f->key,
                     seen[idx]->at.line, seen[idx]->at.col);
            continue;
        }
        seen[idx] = key;
        set_given(f, obj);
        in_bind_value(ctx, f, value, obj);
    }
}

struct ur_check in_checker(struct in_ctx *ctx, const struct in_node *node)
{
    return (struct ur_check){.diag = ctx->diag, .locate = locate, .node = node};
}

void in_bind_map(struct in_ctx *ctx, const struct in_node *m, const struct ur_schema *s, void *obj,
                 const char *what)
{
    const struct in_node **seen = in_alloc(ctx, (s->n_fields + 1) * sizeof *seen);
    if (!seen)
        return;
    size_t errors = in_errors(ctx);
    bind_present(ctx, m, s, obj, what, seen);
    for (size_t i = 0; i < s->n_fields && !ctx->err; i++) {
        if (seen[i])
            continue;
        if (s->fields[i].flags & UR_F_REQUIRED)
            report_missing(ctx, m, &s->fields[i], what);
        else
            bind_absent(ctx, &s->fields[i], obj);
    }
    if (s->check && in_errors(ctx) == errors && !ctx->err && !ctx->muted) {
        struct ur_check ck = {.diag = ctx->diag, .locate = locate, .node = m};
        s->check(obj, &ck);
    }
}
