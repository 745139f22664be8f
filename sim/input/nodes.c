/* libyaml events -> a tree of in_node, each carrying its file:line:column.
 *
 * We build the tree ourselves from parser events (rather than with
 * yaml_parser_load) to keep every node's mark and to guard the tree:
 *  - one document per file; explicit tags are refused (nothing needs them);
 *  - an alias shares its anchor's node, and the nodes counted with every
 *    alias expanded may not exceed IN_MAX_NODES: a "billion laughs" file
 *    stops at the alias that crosses the line;
 *  - an alias to an anchor still being defined (recursion) and an undefined
 *    alias are errors; nesting deeper than IN_MAX_DEPTH is refused.
 * libyaml marks are 0-based; ours are 1-based. Parser errors are reported with
 * libyaml's own problem text at its mark, plus a hint for tabs. */
#include <stdarg.h>
#include <string.h>
#include <yaml.h>

#include "input.h"

struct anchor {
    struct anchor *next; /* newest first: a redefined anchor shadows the old */
    const char *name;
    struct in_node *node;
};

struct frame {
    struct in_node *node;
    const char *anchor; /* registered when the collection ends */
    size_t cap;
};

struct builder {
    struct in_ctx *ctx;
    struct frame stack[IN_MAX_DEPTH];
    size_t depth;
    struct anchor *anchors;
    struct in_node *root;
    size_t total; /* nodes so far, aliases expanded */
    int documents;
    bool stop;
};

static struct ur_loc loc_of(const struct builder *b, yaml_mark_t m)
{
    return (struct ur_loc){b->ctx->file, (unsigned)m.line + 1, (unsigned)m.column + 1};
}

static void fatal(struct builder *b, yaml_mark_t m, const char *fmt, ...) UR_PRINTF(3, 4);
static void fatal(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!b->ctx->muted)
        ur_diag_verror(b->ctx->diag, loc_of(b, m), fmt, ap);
    va_end(ap);
    b->stop = true;
}

/* Counts nodes as if every alias were expanded; false (and stops) past the limit. */
static bool count(struct builder *b, size_t nodes, yaml_mark_t m, bool alias)
{
    b->total += nodes;
    if (b->total <= IN_MAX_NODES)
        return true;
    if (alias)
        fatal(b, m, "alias expands to more than %d nodes (billion-laughs guard)", IN_MAX_NODES);
    else
        fatal(b, m, "file has more than %d nodes", IN_MAX_NODES);
    return false;
}

static bool add_child(struct builder *b, struct in_node *child)
{
    if (b->depth == 0) {
        b->root = child;
        return true;
    }
    struct frame *f = &b->stack[b->depth - 1];
    struct in_node *parent = f->node;
    if (parent->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        struct in_node **kids = in_alloc(b->ctx, cap * sizeof *kids);
        if (!kids)
            return false;
        if (parent->n)
            memcpy(kids, parent->kids, parent->n * sizeof *kids);
        parent->kids = kids;
        f->cap = cap;
    }
    parent->kids[parent->n++] = child;
    parent->expanded += child->expanded;
    return true;
}

static void add_anchor(struct builder *b, const char *name, struct in_node *node)
{
    struct anchor *a = in_alloc(b->ctx, sizeof *a);
    if (!a)
        return;
    a->name = name;
    a->node = node;
    a->next = b->anchors;
    b->anchors = a;
}

static const char *copy_anchor(struct builder *b, const yaml_char_t *anchor)
{
    return anchor ? ur_arena_strdup(b->ctx->arena, (const char *)anchor) : NULL;
}

static struct in_node *new_node(struct builder *b, enum in_kind kind, const yaml_event_t *e,
                                const yaml_char_t *tag)
{
    static const char core[] = "tag:yaml.org,2002:"; /* what libyaml makes of "!!" */
    if (tag) {
        const char *t = (const char *)tag;
        bool is_core = strncmp(t, core, sizeof core - 1) == 0;
        in_error(b->ctx, loc_of(b, e->start_mark),
                 "tags such as '%s%s' are not supported; remove the tag", is_core ? "!!" : "",
                 is_core ? t + sizeof core - 1 : t);
    }
    if (!count(b, 1, e->start_mark, false))
        return NULL;
    struct in_node *n = in_alloc(b->ctx, sizeof *n);
    if (n) {
        n->kind = kind;
        n->at = loc_of(b, e->start_mark);
        n->expanded = 1;
    }
    return n;
}

static void on_scalar(struct builder *b, const yaml_event_t *e)
{
    struct in_node *n = new_node(b, IN_SCALAR, e, e->data.scalar.tag);
    if (!n)
        return;
    n->len = e->data.scalar.length;
    n->text = ur_arena_strndup(b->ctx->arena, (const char *)e->data.scalar.value, n->len);
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    /* Everything after the NUL would be lost to the C strings that read it
     * ("5\0junk" read as 5, a name cut short). */
    if (memchr(e->data.scalar.value, '\0', n->len))
        in_error(b->ctx, n->at, "a NUL byte ('\\0') is not allowed in a key or value; remove it");
    if (!n->text || !add_child(b, n))
        return;
    if (e->data.scalar.anchor)
        add_anchor(b, copy_anchor(b, e->data.scalar.anchor), n);
}

static void on_start(struct builder *b, const yaml_event_t *e, enum in_kind kind)
{
    bool map = kind == IN_MAP;
    const yaml_char_t *tag = map ? e->data.mapping_start.tag : e->data.sequence_start.tag;
    const yaml_char_t *anchor = map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    if (b->depth == IN_MAX_DEPTH) {
        fatal(b, e->start_mark, "nesting deeper than %d levels", IN_MAX_DEPTH);
        return;
    }
    struct in_node *n = new_node(b, kind, e, tag);
    if (!n)
        return;
    b->stack[b->depth++] = (struct frame){n, copy_anchor(b, anchor), 0};
}

static void on_end(struct builder *b)
{
    struct frame f = b->stack[--b->depth];
    if (f.node->kind == IN_MAP)
        f.node->n /= 2; /* kids hold key, value pairs */
    if (add_child(b, f.node) && f.anchor)
        add_anchor(b, f.anchor, f.node);
}

static void on_alias(struct builder *b, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    for (size_t i = 0; i < b->depth; i++)
        if (b->stack[i].anchor && strcmp(b->stack[i].anchor, name) == 0) {
            fatal(b, e->start_mark,
                  "alias '*%s' refers to a node that contains it (recursive alias)", name);
            return;
        }
    const struct anchor *a = b->anchors;
    while (a && strcmp(a->name, name) != 0)
        a = a->next;
    if (!a) {
        fatal(b, e->start_mark, "undefined alias '*%s'; define it first with '&%s'", name, name);
        return;
    }
    if (count(b, a->node->expanded, e->start_mark, true))
        add_child(b, a->node);
}

static void on_event(struct builder *b, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->documents++ > 0)
            fatal(b, e->start_mark,
                  "a scenario file holds one YAML document; a second one "
                  "starts here");
        break;
    case YAML_SCALAR_EVENT:
        on_scalar(b, e);
        break;
    case YAML_SEQUENCE_START_EVENT:
        on_start(b, e, IN_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        on_start(b, e, IN_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        on_end(b);
        break;
    case YAML_ALIAS_EVENT:
        on_alias(b, e);
        break;
    default:
        break;
    }
}

/* The byte at a 0-based line and column (columns count characters). */
static char byte_at(const char *text, size_t len, size_t line, size_t col)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    for (size_t c = 0; i < len && text[i] != '\n'; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue; /* UTF-8 continuation byte */
        if (c++ == col)
            return text[i];
    }
    return '\0';
}

/* A reader error (bad encoding) has only a byte offset: turn it into a mark. */
static yaml_mark_t offset_mark(const char *text, size_t len, size_t offset)
{
    yaml_mark_t m = {0};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            m.line++;
            m.column = 0;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

static void parser_error(struct builder *b, const yaml_parser_t *p, const char *text, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) {
        b->ctx->err = UR_ENOMEM;
        return;
    }
    yaml_mark_t m = p->problem_mark;
    if (p->error == YAML_READER_ERROR)
        m = offset_mark(text, len, p->problem_offset);
    const char *hint = byte_at(text, len, m.line, m.column) == '\t'
                           ? "; YAML does not allow tabs for indentation, use spaces"
                           : "";
    const char *problem = p->problem ? p->problem : "invalid YAML";
    struct ur_loc at = loc_of(b, m);
    yaml_mark_t c = p->context_mark;
    if (p->context && (c.line != m.line || c.column != m.column))
        in_error(b->ctx, at, "not valid YAML: %s (%s started at %u:%u)%s", problem, p->context,
                 (unsigned)c.line + 1, (unsigned)c.column + 1, hint);
    else
        in_error(b->ctx, at, "not valid YAML: %s%s", problem, hint);
    b->stop = true;
}

struct in_node *in_parse_yaml(struct in_ctx *ctx, const char *text, size_t len)
{
    struct builder b = {.ctx = ctx};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        ctx->err = UR_ENOMEM;
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool done = false;
    while (!done && !b.stop && !ctx->err) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            parser_error(&b, &parser, text, len);
            break;
        }
        on_event(&b, &e);
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&parser);
    return done && !ctx->err ? b.root : NULL;
}

bool in_key_is(const struct in_node *key, const char *name)
{
    return key->kind == IN_SCALAR && key->len == strlen(name) &&
           memcmp(key->text, name, key->len) == 0;
}

const struct in_node *in_map_without(struct in_ctx *ctx, const struct in_node *m,
                                     const char *key)
{
    struct in_node *copy = in_alloc(ctx, sizeof *copy);
    struct in_node **kids = in_alloc(ctx, (2 * m->n + 1) * sizeof *kids);
    if (!copy || !kids)
        return m;
    *copy = *m;
    copy->kids = kids;
    copy->n = 0;
    for (size_t i = 0; i < m->n; i++)
        if (!in_key_is(m->kids[2 * i], key)) {
            kids[2 * copy->n] = m->kids[2 * i];
            kids[2 * copy->n + 1] = m->kids[2 * i + 1];
            copy->n++;
        }
    return copy;
}

const struct in_node *in_map_key(const struct in_node *m, const char *key)
{
    if (!m || m->kind != IN_MAP)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (in_key_is(m->kids[2 * i], key))
            return m->kids[2 * i];
    return NULL;
}

const struct in_node *in_map_get(const struct in_node *m, const char *key)
{
    if (!m || m->kind != IN_MAP)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (in_key_is(m->kids[2 * i], key))
            return m->kids[2 * i + 1];
    return NULL;
}
