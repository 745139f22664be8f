/* The units of a run (units.h): variant-major order, replications inside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "units.h"
#include <ursim/diag.h>

size_t ur_units_count(const struct ur_units *u)
{
    return u->n_variants * u->n_reps;
}

struct ur_unit ur_units_at(const struct ur_units *u, size_t index)
{
    return (struct ur_unit){.variant = index / u->n_reps, .rep = index % u->n_reps};
}

bool ur_shard_has(size_t i, size_t n, size_t index)
{
    return index % n == i;
}

void ur_units_group(const struct ur_units *u, size_t variant, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", u->has_variants ? "variants/" : "", u->names[variant]);
}

const struct ur_scenario *ur_units_scenario(const struct ur_scenario *sc, size_t variant)
{
    return sc->n_variants ? sc->variants[variant] : sc;
}

/* Room for n variants, names and times unset, and the arena. */
static int alloc_variants(struct ur_units *u, size_t n)
{
    u->n_variants = n;
    u->arena = ur_arena_new();
    u->names = calloc(n, sizeof *u->names);
    u->n_samples = calloc(n, sizeof *u->n_samples);
    u->times = calloc(n, sizeof *u->times);
    return u->names && u->n_samples && u->times && u->arena ? 0 : UR_ENOMEM;
}

/* A figure's strings into the arena. */
static int keep_figure(struct ur_units *u, struct ur_observed *o)
{
    const char **s[] = {&o->kpi, &o->shown, &o->units, &o->source, &o->note};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (!(*s[i] = ur_arena_strdup(u->arena, *s[i] ? *s[i] : "")))
            return UR_ENOMEM;
    return 0;
}

static int copy_figures(struct ur_units *u, const struct ur_list *observed)
{
    u->n_observed = observed->n;
    u->observed = ur_arena_alloc(u->arena, (observed->n + 1) * sizeof *u->observed);
    int rc = u->observed ? 0 : UR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < observed->n; i++) {
        const struct ur_observed *o = &((const struct ur_observed *)observed->items)[i];
        u->observed[i] = (struct ur_observed){.kpi = o->kpi, .shown = o->shown,
                                              .units = o->units, .source = o->source,
                                              .note = o->note, .lo = o->lo, .hi = o->hi,
                                              .group = o->group,
                                              .assert_agree = o->assert_agree};
        rc = keep_figure(u, &u->observed[i]);
    }
    return rc;
}

static int set_variant(struct ur_units *u, size_t v, const char *name, size_t n_samples)
{
    u->names[v] = strdup(name);
    u->n_samples[v] = n_samples;
    u->times[v] = malloc((n_samples ? n_samples : 1) * sizeof(double));
    return u->names[v] && u->times[v] ? 0 : UR_ENOMEM;
}

int ur_units_init(struct ur_units *u, const struct ur_scenario *sc, size_t n_reps)
{
    *u = (struct ur_units){.n_reps = n_reps, .has_variants = sc->n_variants > 0};
    int rc = alloc_variants(u, sc->n_variants ? sc->n_variants : 1);
    for (size_t v = 0; rc == 0 && v < u->n_variants; v++) {
        const struct ur_run_config *run = &ur_units_scenario(sc, v)->run;
        rc = set_variant(u, v, sc->n_variants ? sc->variant_names[v] : "", ur_run_n_samples(run));
        if (rc == 0)
            ur_run_sample_times(run, u->times[v]);
    }
    if (rc == 0)
        rc = copy_figures(u, &sc->observed);
    if (rc < 0)
        ur_units_fini(u);
    return rc;
}

void ur_units_fini(struct ur_units *u)
{
    for (size_t v = 0; v < u->n_variants; v++) {
        free(u->names ? u->names[v] : NULL);
        free(u->times ? u->times[v] : NULL);
    }
    free(u->names), free(u->n_samples), free(u->times);
    ur_arena_free(u->arena);
    *u = (struct ur_units){0};
}

void ur_units_encode(const struct ur_units *u, struct ur_buf *b)
{
    ur_buf_u64(b, u->n_variants);
    ur_buf_u64(b, u->n_reps);
    ur_buf_u64(b, u->has_variants);
    for (size_t v = 0; v < u->n_variants; v++) {
        ur_buf_str(b, u->names[v]);
        ur_buf_u64(b, u->n_samples[v]);
        for (size_t k = 0; k < u->n_samples[v]; k++)
            ur_buf_f64(b, u->times[v][k]);
    }
    ur_buf_u64(b, u->n_observed);
    for (size_t i = 0; i < u->n_observed; i++) {
        const struct ur_observed *o = &u->observed[i];
        ur_buf_str(b, o->kpi), ur_buf_str(b, o->shown), ur_buf_str(b, o->units);
        ur_buf_str(b, o->source), ur_buf_str(b, o->note);
        ur_buf_f64(b, o->lo), ur_buf_f64(b, o->hi);
        ur_buf_u64(b, o->group), ur_buf_u64(b, o->assert_agree);
    }
}

static int decode_figures(struct ur_units *u, struct ur_reader *r)
{
    u->n_observed = ur_get_count(r, 5 * 9 + 4 * 8);
    u->observed = ur_arena_alloc(u->arena, (u->n_observed + 1) * sizeof *u->observed);
    int rc = u->observed ? 0 : UR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < u->n_observed; i++) {
        struct ur_observed *o = &u->observed[i];
        o->kpi = ur_get_str(r, NULL), o->shown = ur_get_str(r, NULL);
        o->units = ur_get_str(r, NULL), o->source = ur_get_str(r, NULL);
        o->note = ur_get_str(r, NULL);
        o->lo = ur_get_f64(r), o->hi = ur_get_f64(r);
        o->group = ur_get_u64(r);
        o->assert_agree = ur_get_u64(r) != 0;
        rc = r->bad || o->group >= u->n_variants ? UR_EINPUT : keep_figure(u, o);
    }
    return rc;
}

int ur_units_decode(struct ur_units *u, const void *bytes, size_t n)
{
    struct ur_reader r = {bytes, n, 0, false};
    *u = (struct ur_units){0};
    size_t nv = ur_get_count(&r, 17);
    size_t reps = ur_get_u64(&r);
    bool has = ur_get_u64(&r) != 0;
    if (r.bad || nv == 0)
        return UR_EINPUT;
    int rc = alloc_variants(u, nv);
    u->n_reps = reps, u->has_variants = has;
    for (size_t v = 0; rc == 0 && v < nv; v++) {
        const char *name = ur_get_str(&r, NULL);
        size_t ns = ur_get_count(&r, 8);
        rc = r.bad ? UR_EINPUT : set_variant(u, v, name, ns);
        for (size_t k = 0; rc == 0 && k < ns; k++)
            u->times[v][k] = ur_get_f64(&r);
    }
    if (rc == 0)
        rc = decode_figures(u, &r);
    if (rc == 0 && (r.bad || r.at != r.n))
        rc = UR_EINPUT;
    if (rc < 0)
        ur_units_fini(u);
    return rc;
}
