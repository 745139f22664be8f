/* Where the response's KPIs come from: their additive parts by incident
 * type, street, grid and origin (background, visitors, backlog;
 * ur_rec_kpi_part), which the comparison of variants
 * uses to split each paired difference (/comparison/<kpi>/by_<dimension>/).
 *
 * Only what sums is split. With N the KPI's own denominator:
 *   within_deadline      ok / N: part = ok_p / N (N counts the open cases past
 *                        their deadline, whose part of the numerator is 0)
 *   first_response_mean  sum / n over the cases closed in the window: part =
 *   resolution_mean      the part's sum / n, i.e. its mean weighted by its
 *                        share of the cases (n_p / n x mean_p), so a part
 *                        grows with its cases as well as with its times
 *   created, resolved    the part's count (whole run)
 * Percentiles and the other shares (satisfied, the standards) do not sum
 * over parts and are not split. A KPI that is NaN (no cases) gets no parts.
 * Streets are the sums of their grids.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "response_internal.h"

/* One split KPI: its path, and a part's value from a grid's or a type's counts. */
struct split {
    const char *path;
    double scale; /* 1 / the KPI's denominator, with its unit */
    double (*grid)(const struct resp_grid_counts *g);
    double (*type)(const struct resp *r, size_t k);
};

static double g_on_time(const struct resp_grid_counts *g) { return (double)g->on_time; }
static double g_response(const struct resp_grid_counts *g) { return g->response_s; }
static double g_resolution(const struct resp_grid_counts *g) { return g->resolution_s; }
static double g_created(const struct resp_grid_counts *g) { return (double)g->created; }
static double g_resolved(const struct resp_grid_counts *g) { return (double)g->resolved; }

static double t_on_time(const struct resp *r, size_t k) { return (double)r->st.by_type[k].on_time; }
static double t_response(const struct resp *r, size_t k) { return r->st.by_type[k].response_s; }
static double t_resolution(const struct resp *r, size_t k) { return r->st.by_type[k].resolution_s; }
static double t_created(const struct resp *r, size_t k) { return (double)r->st.created[k]; }
static double t_resolved(const struct resp *r, size_t k) { return (double)r->st.resolved[k]; }

static int by_type(struct resp *r, const struct split *s)
{
    const struct resp_type *types = r->cfg->types.items;
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < r->n_types; k++)
        rc = ur_rec_kpi_part(r->env->rec, s->path, "type", types[k].name,
                             s->type(r, k) * s->scale);
    return rc;
}

/* Grids, then their streets (sums in a scratch array of n_streets). */
static int by_place(struct resp *r, const struct split *s, double *street)
{
    const struct space *sp = &r->grids;
    char name[128];
    int rc = 0;
    for (size_t k = 0; k < sp->n_streets; k++)
        street[k] = 0;
    for (size_t g = 0; rc == 0 && g < sp->n_grids; g++) {
        double v = s->grid(&r->st.by_grid[g]);
        street[sp->street[sp->community[g]]] += v;
        space_grid_name(sp, g, name, sizeof name);
        rc = ur_rec_kpi_part(r->env->rec, s->path, "grid", name, v * s->scale);
    }
    for (size_t k = 0; rc == 0 && k < sp->n_streets; k++) {
        space_street_name(sp, k, name, sizeof name);
        rc = ur_rec_kpi_part(r->env->rec, s->path, "street", name, street[k] * s->scale);
    }
    return rc;
}

const char *const resp_origin_names[ORIGIN_N] = {"background", "visitors", "backlog"};

/* Background cases, the visitors' and the backlog: those the run has (a
 * city without visitors' cases says nothing by origin). */
static int by_origin(struct resp *r, const struct split *s)
{
    int rc = 0;
    for (size_t o = 0; rc == 0 && o < ORIGIN_N; o++)
        if (r->st.by_origin[o].created)
                rc = ur_rec_kpi_part(r->env->rec, s->path, "origin", resp_origin_names[o],
                                 s->grid(&r->st.by_origin[o]) * s->scale);
    return rc;
}

/* The window's counts start again (created and resolved are the run's). */
static void forget_window(struct resp_grid_counts *c)
{
    c->on_time = c->closed = 0;
    c->response_s = c->resolution_s = 0;
}

void resp_parts_warmup_end(struct resp *r)
{
    for (size_t g = 0; g < r->grids.n_grids; g++)
        forget_window(&r->st.by_grid[g]);
    for (size_t o = 0; o < ORIGIN_N; o++)
        forget_window(&r->st.by_origin[o]);
}

int resp_publish_parts(struct resp *r, uint64_t deadline_n)
{
    const struct resp_case_stats *st = &r->st;
    double n_resp = (double)st->n_response, n_res = (double)st->n_resolution;
    const struct split splits[] = {
        {"response/within_deadline", deadline_n ? 1.0 / (double)deadline_n : NAN, g_on_time,
         t_on_time},
        {"response/first_response_mean", n_resp ? 1.0 / (n_resp * 60) : NAN, g_response,
         t_response},
        {"response/resolution_mean", n_res ? 1.0 / (n_res * 3600) : NAN, g_resolution,
         t_resolution},
        {"response/created", 1, g_created, t_created},
        {"response/resolved", 1, g_resolved, t_resolved},
    };
    double *street = malloc((r->grids.n_streets ? r->grids.n_streets : 1) * sizeof *street);
    int rc = street ? 0 : UR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < sizeof splits / sizeof splits[0]; i++) {
        if (isnan(splits[i].scale))
            continue; /* the KPI is NaN */
        rc = by_type(r, &splits[i]);
        if (rc == 0)
            rc = by_place(r, &splits[i], street);
        if (rc == 0)
            rc = by_origin(r, &splits[i]);
    }
    free(street);
    return rc;
}
