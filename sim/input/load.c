/* Scenario files -> a typed, validated struct ur_scenario.
 *
 * What a caller can rely on when ur_scenario_load/parse return non-NULL:
 *  - the file was one YAML document whose top level is a mapping holding
 *    `scenario:` (bound into s->run with ur_run_schema) and, per model of the
 *    registry, at most one list under ops->yaml_key (s->model_config[i]);
 *  - every key was known, given once, of the right kind, type and unit, and
 *    within its range; absent keys hold their defaults (or zero), and `given`
 *    flags say which were written; UR_F_KEY strings are unique in their list;
 *    each schema's check passed; distributions are ready to draw from;
 *  - all memory (nodes, strings, lists, empirical tables, the file text)
 *    lives in s->arena and is released by ur_scenario_free;
 *  - `variants:`, if present, gave s->variants: each the whole file with
 *    its overrides, bound and checked like the base (variants.c);
 *  - `observed:`, if present, gave s->observed, each figure's variant found
 *    (observed.c); its KPI paths are checked later, against a dry build of
 *    the models (ur_observed_check).
 * Otherwise NULL: with diagnostics in `diag` and *err = UR_EINPUT for bad
 * input (every error found in one pass, up to IN_MAX_ERRORS), or with no new
 * diagnostic and *err = UR_ENOMEM / UR_EIO (errno kept from the failing call)
 * when memory or the file system failed. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ursim/model.h>
#include <ursim/scenario.h>

#include "input.h"

#define MAX_FILE_BYTES IN_MAX_FILE_BYTES

static const char expected_top[] =
    "expected a mapping such as 'scenario: {name: hall, horizon: 30d}' followed by model "
    "lists such as 'stations:'";

static bool only_whitespace(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return false;
    return true;
}

static void report_no_document(struct in_ctx *ctx, const char *text, size_t len)
{
    struct ur_loc at = {ctx->file, 1, 1};
    if (only_whitespace(text, len))
        in_error(ctx, at, "file is empty; %s", expected_top);
    else
        in_error(ctx, at, "file has only comments; %s", expected_top);
}

/* What a path holds when it is no file to read a scenario from (a FIFO
 * would block until someone writes to it, /dev/zero never ends), or NULL. */
static const char too_large[] = "is larger than 16 MiB";

static const char *unfit(const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return (uintmax_t)st->st_size > MAX_FILE_BYTES ? too_large : NULL;
    return S_ISDIR(st->st_mode)    ? "is a directory"
           : S_ISFIFO(st->st_mode) ? "is a FIFO (a named pipe)"
           : S_ISCHR(st->st_mode)  ? "is a character device"
           : S_ISBLK(st->st_mode)  ? "is a block device"
           : S_ISSOCK(st->st_mode) ? "is a socket"
                                   : "is not a regular file";
}

/* Opened without blocking (a FIFO's open waits for a writer otherwise),
 * then checked before a byte is read. */
static FILE *open_regular(const char *path, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || (*why = unfit(&st)) != NULL ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}

char *in_read_file(const char *path, size_t *len, int *err, const char **why)
{
    *why = NULL;
    FILE *f = open_regular(path, why);
    char *text = NULL;
    size_t cap = 0, n = 0;
    *err = *why ? UR_EINPUT : UR_EIO;
    while (f && !ferror(f) && !feof(f) && n <= MAX_FILE_BYTES) {
        if (n == cap) {
            char *bigger = realloc(text, cap = cap ? 2 * cap : 4096);
            if (!bigger) {
                *err = UR_ENOMEM;
                break;
            }
            text = bigger;
        }
        n += fread(text + n, 1, cap - n, f);
    }
    bool ok = f && !ferror(f) && feof(f);
    int saved = errno;
    if (f)
        fclose(f);
    errno = saved;
    if (!ok && n <= MAX_FILE_BYTES) {
        free(text);
        return NULL;
    }
    if (n > MAX_FILE_BYTES) { /* it grew while being read */
        free(text);
        *why = too_large;
        *err = UR_EINPUT;
        return NULL;
    }
    *len = n;
    if (!text && !(text = calloc(1, 1))) /* an empty file */
        *err = UR_ENOMEM;
    return text;
}

/* The top level as a schema: `scenario` plus one list per model. */
static void bind_top(struct in_ctx *ctx, const struct in_node *root, struct ur_scenario *s)
{
    char buf[64];
    if (root->kind != IN_MAP) {
        in_error(ctx, root->at, "the top level must be a mapping, got %s; %s",
                 in_describe(root, buf, sizeof buf), expected_top);
        return;
    }
    struct ur_field *fields = in_alloc(ctx, (s->n_models + 1) * sizeof *fields);
    if (!fields)
        return;
    fields[0] = (struct ur_field){.key = "scenario",
                                  .type = UR_T_STRUCT,
                                  .offset = offsetof(struct ur_scenario, run),
                                  .flags = UR_F_REQUIRED,
                                  .sub = &ur_run_schema,
                                  .doc = "the run settings"};
    for (size_t i = 0; i < s->n_models; i++)
        fields[i + 1] = (struct ur_field){.key = s->models[i]->yaml_key,
                                          .type = s->models[i]->single ? UR_T_ONE : UR_T_LIST,
                                          .sub = s->models[i]->schema,
                                          .offset = offsetof(struct ur_scenario, model_config) +
                                                    i * sizeof(struct ur_list),
                                          .doc = s->models[i]->doc};
    struct ur_schema top = {
        .name = "scenario file", .size = sizeof *s, .fields = fields, .n_fields = s->n_models + 1};
    size_t errors = in_errors(ctx);
    in_bind_map(ctx, root, &top, s, NULL);
    for (size_t i = 0; i < s->n_models && in_errors(ctx) == errors && !ctx->err; i++)
        if (s->models[i]->check_run && s->model_config[i].n > 0) {
            struct ur_check ck = in_checker(ctx, in_map_get(root, s->models[i]->yaml_key));
            s->models[i]->check_run(&s->model_config[i], &s->run, &ck);
        }
}

static struct ur_scenario *fail(struct ur_scenario *s, const struct in_ctx *ctx, int *err)
{
    ur_scenario_free(s);
    if (err)
        *err = ctx->err ? ctx->err : UR_EINPUT;
    return NULL;
}

struct ur_scenario *ur_scenario_parse(const char *name, const char *text, size_t len,
                                      const struct ur_model_ops *const *models, size_t n_models,
                                      struct ur_diag *diag, int *err)
{
    UR_ASSERT(n_models <= UR_MAX_MODELS);
    struct in_ctx ctx = {.diag = diag, .errors_base = ur_diag_errors(diag), .err = UR_ENOMEM};
    if (err)
        *err = UR_OK;
    struct ur_arena *arena = ur_arena_new();
    struct ur_scenario *s = arena ? ur_arena_alloc(arena, sizeof *s) : NULL;
    if (!s) {
        ur_arena_free(arena);
        return fail(NULL, &ctx, err);
    }
    s->arena = ctx.arena = arena;
    s->models = models;
    s->n_models = n_models;
    s->path = ctx.file = ur_arena_strdup(arena, name);
    s->yaml_text = ur_arena_strndup(arena, text, len);
    if (!s->path || !s->yaml_text)
        return fail(s, &ctx, err);
    ctx.err = UR_OK;
    const struct in_node *root = in_parse_yaml(&ctx, s->yaml_text, len), *variants = NULL;
    const struct in_node *observed = NULL;
    if (root && root->kind == IN_MAP)
        root = in_resolve_includes(&ctx, root, s);
    if (root && root->kind == IN_MAP)
        root = in_apply_top_set(&ctx, root);
    if (root && root->kind == IN_MAP)
        root = in_split_observed(&ctx, root, &observed);
    if (root && root->kind == IN_MAP)
        root = in_split_variants(&ctx, root, &variants);
    if (!root) {
        if (!ctx.err && in_errors(&ctx) == 0)
            report_no_document(&ctx, text, len);
    } else {
        bind_top(&ctx, root, s);
        if (variants && !ctx.err && in_errors(&ctx) == 0)
            in_bind_variants(&ctx, root, variants, s, bind_top);
        if (observed && !ctx.err && in_errors(&ctx) == 0)
            in_bind_observed(&ctx, observed, s);
    }
    if (ctx.err || in_errors(&ctx) > 0)
        return fail(s, &ctx, err);
    return s;
}

struct ur_scenario *ur_scenario_load(const char *path, const struct ur_model_ops *const *models,
                                     size_t n_models, struct ur_diag *diag, int *err)
{
    size_t len = 0;
    int read_err;
    const char *why;
    char *text = in_read_file(path, &len, &read_err, &why);
    if (!text) {
        if (why)
            ur_diag_error(diag, (struct ur_loc){path, 0, 0},
                          "the scenario %s; give a YAML file (a scenario is a few pages)", why);
        if (err)
            *err = read_err;
        return NULL;
    }
    struct ur_scenario *s = ur_scenario_parse(path, text, len, models, n_models, diag, err);
    free(text);
    return s;
}

void ur_scenario_free(struct ur_scenario *s)
{
    if (s)
        ur_arena_free(s->arena); /* s itself lives in the arena */
}

const struct ur_list *ur_scenario_models(const struct ur_scenario *s,
                                         const struct ur_model_ops *ops)
{
    static const struct ur_list none = {NULL, 0};
    for (size_t i = 0; i < s->n_models; i++)
        if (s->models[i] == ops)
            return &s->model_config[i];
    return &none;
}
