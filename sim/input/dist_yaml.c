/* Distributions as planners write them: a mapping naming the form and its
 * parameters, e.g. {dist: lognormal, mean: 20min, cv: 0.5}.
 *
 * Parameters are durations unless the field is UR_F_UNITLESS (then plain
 * numbers); cv and weibull's shape are always plain numbers, empirical
 * weights too. Each parameter is read and range-checked at its own location
 * (means, cvs, shapes and scales must be > 0); whatever ur_dist_set still
 * refuses is reported at the mapping. An empirical table is owned by the
 * scenario's arena (ur_dist_fini runs when the arena is freed). */
#include <string.h>

#include "input.h"

#define N_PARAMS 2

struct dist_form {
    const char *name;
    enum ur_dist_kind kind;
    const char *param[N_PARAMS]; /* NULL: unused */
    bool unitless[N_PARAMS];     /* a plain number whatever the field says */
    bool positive[N_PARAMS];     /* must be > 0 */
    const char *example;
    const char *doc;
};

static const struct dist_form forms[] = {
    {"exponential",
     UR_DIST_EXPONENTIAL,
     {"mean", NULL},
     {false},
     {true},
     "{dist: exponential, mean: 5min}",
     "memoryless; the usual model of independent arrivals"},
    {"lognormal",
     UR_DIST_LOGNORMAL,
     {"mean", "cv"},
     {false, true},
     {true, true},
     "{dist: lognormal, mean: 20min, cv: 0.5}",
     "skewed, long right tail; cv = sd / mean"},
    {"gamma",
     UR_DIST_GAMMA,
     {"mean", "cv"},
     {false, true},
     {true, true},
     "{dist: gamma, mean: 4min, cv: 0.7}",
     "cv < 1 is more regular than exponential"},
    {"weibull",
     UR_DIST_WEIBULL,
     {"shape", "scale"},
     {true, false},
     {true, true},
     "{dist: weibull, shape: 1.5, scale: 8h}",
     "shape > 1: wear-out; shape < 1: infant failures"},
    {"uniform",
     UR_DIST_UNIFORM,
     {"min", "max"},
     {false, false},
     {false, false},
     "{dist: uniform, min: 1min, max: 3min}",
     "every value in [min, max] equally likely"},
    {"deterministic",
     UR_DIST_DETERMINISTIC,
     {"value", NULL},
     {false},
     {false},
     "{dist: deterministic, value: 90s}",
     "always the same value"},
    {"empirical",
     UR_DIST_EMPIRICAL,
     {"values", "weights"},
     {false, true},
     {false, false},
     "{dist: empirical, values: [1min, 2min, 5min], weights: [5, 3, 1]}",
     "observed values; weights are optional (default: equal)"},
};
#define N_FORMS (sizeof forms / sizeof forms[0])

/* The pieces of one dist mapping. */
struct dist_args {
    const struct in_node *map;
    const struct ur_field *field;
    const struct dist_form *form;
    const struct in_node *param[N_PARAMS];
};

static const struct dist_form *find_form(struct in_ctx *ctx, const struct in_node *name)
{
    const char *names[N_FORMS];
    char list[256], buf[64];
    for (size_t i = 0; i < N_FORMS; i++) {
        names[i] = forms[i].name;
        if (in_key_is(name, forms[i].name))
            return &forms[i];
    }
    in_join(list, sizeof list, names, N_FORMS, " or ");
    const char *near = name->kind == IN_SCALAR ? in_suggest(name->text, names, N_FORMS) : NULL;
    if (near)
        in_error(ctx, name->at, "unknown distribution '%s'; did you mean '%s'?", name->text, near);
    else
        in_error(ctx, name->at, "unknown distribution %s; use %s",
                 in_describe(name, buf, sizeof buf), list);
    return NULL;
}

static void report_unknown_param(struct in_ctx *ctx, const struct dist_form *form,
                                 const struct in_node *key, size_t n_params)
{
    char buf[64], takes[64];
    const char *near = key->kind == IN_SCALAR ? in_suggest(key->text, form->param, n_params) : NULL;
    in_join(takes, sizeof takes, form->param, n_params, " and ");
    if (near)
        in_error(ctx, key->at, "%s has no parameter %s; did you mean '%s'?", form->name,
                 in_describe(key, buf, sizeof buf), near);
    else
        in_error(ctx, key->at, "%s has no parameter %s; it takes %s, e.g. %s", form->name,
                 in_describe(key, buf, sizeof buf), takes, form->example);
}

/* Fills an empty slot with `node`; a filled one means the key repeats. */
static bool take_param(struct in_ctx *ctx, const struct in_node **slot, const struct in_node *key,
                       const struct in_node *node)
{
    if (*slot) {
        in_error(ctx, key->at, "duplicate key '%s' (first at %u:%u)", key->text, (*slot)->at.line,
                 (*slot)->at.col);
        return false;
    }
    *slot = node;
    return true;
}

/* Matches the mapping's keys to the form's parameters; reports the rest. */
static bool params_of_form(struct in_ctx *ctx, struct dist_args *a)
{
    const struct dist_form *form = a->form;
    size_t n_params = form->param[1] ? 2 : 1;
    const struct in_node *dist_key = NULL;
    bool ok = true;
    for (size_t i = 0; i < a->map->n; i++) {
        const struct in_node *key = a->map->kids[2 * i], *value = a->map->kids[2 * i + 1];
        size_t p = 0;
        while (p < n_params && !in_key_is(key, form->param[p]))
            p++;
        if (in_key_is(key, "dist"))
            ok = take_param(ctx, &dist_key, key, key) && ok;
        else if (p == n_params)
            report_unknown_param(ctx, form, key, n_params), ok = false;
        else
            ok = take_param(ctx, &a->param[p], key, value) && ok;
    }
    for (size_t p = 0; p < n_params; p++) {
        bool optional = form->kind == UR_DIST_EMPIRICAL && p == 1;
        if (!a->param[p] && !optional) {
            in_error(ctx, a->map->at, "%s needs %s, e.g. %s", form->name, form->param[p],
                     form->example);
            ok = false;
        }
    }
    return ok;
}

/* The field used to read and range-check parameter p. */
static struct ur_field param_field(const struct dist_args *a, size_t p)
{
    bool unitless = a->form->unitless[p] || (a->field->flags & UR_F_UNITLESS);
    struct ur_field f = {.key = a->form->param[p], .type = unitless ? UR_T_REAL : UR_T_DURATION};
    if (a->form->positive[p]) {
        f.flags = UR_F_MIN_OPEN;
        f.max = unitless ? 1e12 : 100 * 365 * 86400.0;
    } else if (a->form->kind == UR_DIST_EMPIRICAL && p == 1) {
        f.max = 1e12; /* weights: >= 0 */
    }
    return f;
}

static bool read_param(struct in_ctx *ctx, const struct in_node *n, const struct ur_field *f,
                       double *out)
{
    return in_read_quantity(ctx, n, f->key, f->type, out) && in_check_range(ctx, n, f, *out);
}

static bool read_seq(struct in_ctx *ctx, const struct in_node *seq, const struct ur_field *f,
                     double **out)
{
    char buf[64];
    if (seq->kind != IN_SEQ || seq->n == 0) {
        in_error(ctx, seq->at, "%s must be a non-empty list such as [1min, 2min], got %s", f->key,
                 seq->kind == IN_SEQ ? "[]" : in_describe(seq, buf, sizeof buf));
        return false;
    }
    double *v = in_alloc(ctx, seq->n * sizeof *v);
    bool ok = v != NULL;
    for (size_t i = 0; ok && i < seq->n; i++)
        ok = read_param(ctx, seq->kids[i], f, &v[i]);
    *out = v;
    return ok;
}

static void dist_fini(void *d)
{
    ur_dist_fini(d);
}

static void bind_empirical(struct in_ctx *ctx, const struct dist_args *a, struct ur_dist *out)
{
    struct ur_field fv = param_field(a, 0), fw = param_field(a, 1);
    double *values, *weights = NULL;
    if (!read_seq(ctx, a->param[0], &fv, &values))
        return;
    size_t n = a->param[0]->n;
    if (a->param[1] && !read_seq(ctx, a->param[1], &fw, &weights))
        return;
    if (a->param[1] && a->param[1]->n != n) {
        in_error(ctx, a->param[1]->at,
                 "weights has %zu entries but values has %zu; give one weight per value",
                 a->param[1]->n, n);
        return;
    }
    if (!weights && (weights = in_alloc(ctx, n * sizeof *weights)))
        for (size_t i = 0; i < n; i++)
            weights[i] = 1.0;
    if (!weights)
        return;
    const char *why = ur_dist_set_empirical(out, values, weights, n);
    if (why)
        in_error(ctx, a->map->at, "%s: %s", a->field->key, why);
    else if (ur_arena_defer(ctx->arena, dist_fini, out) != UR_OK) {
        ur_dist_fini(out);
        ctx->err = UR_ENOMEM;
    }
}

static void bind_parametric(struct in_ctx *ctx, const struct dist_args *a, struct ur_dist *out)
{
    double p[N_PARAMS] = {0, 0};
    bool ok = true;
    for (size_t i = 0; i < N_PARAMS && a->form->param[i]; i++) {
        struct ur_field f = param_field(a, i);
        ok = read_param(ctx, a->param[i], &f, &p[i]) && ok;
    }
    if (!ok)
        return;
    const char *why = ur_dist_set(out, a->form->kind, p[0], p[1]);
    if (why)
        in_error(ctx, a->map->at, "%s: %s", a->field->key, why);
}

void in_bind_dist(struct in_ctx *ctx, const struct in_node *m, const struct ur_field *f,
                  struct ur_dist *out)
{
    char buf[64];
    const char *example = (f->flags & UR_F_UNITLESS) ? "{dist: exponential, mean: 2}"
                                                     : "{dist: exponential, mean: 5min}";
    if (m->kind != IN_MAP) {
        in_error(ctx, m->at, "%s must be a distribution such as %s, got %s", f->key, example,
                 in_describe(m, buf, sizeof buf));
        return;
    }
    struct dist_args a = {.map = m, .field = f};
    const struct in_node *name = in_map_get(m, "dist");
    if (!name) {
        in_error(ctx, m->at, "%s needs 'dist:' naming its form, e.g. %s", f->key, example);
        return;
    }
    a.form = find_form(ctx, name);
    if (!a.form || !params_of_form(ctx, &a))
        return;
    if (a.form->kind == UR_DIST_EMPIRICAL)
        bind_empirical(ctx, &a, out);
    else
        bind_parametric(ctx, &a, out);
}

void in_dist_markdown(FILE *out)
{
    fprintf(out, "| dist | parameters | example | notes |\n|---|---|---|---|\n");
    for (size_t i = 0; i < N_FORMS; i++) {
        const struct dist_form *d = &forms[i];
        fprintf(out, "| `%s` | `%s`%s%s%s | `%s` | %s |\n", d->name, d->param[0],
                d->param[1] ? ", `" : "", d->param[1] ? d->param[1] : "", d->param[1] ? "`" : "",
                d->example, d->doc);
    }
}
