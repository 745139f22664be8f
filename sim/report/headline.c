/* The KPIs that matter and the worst queue (headline.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headline.h"

const char *rp_leaf(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

bool rp_worse(double a, double b, int better)
{
    if (isnan(b))
        return !isnan(a);
    return better > 0 ? a < b : a > b;
}

static bool top_level(const char *path)
{
    const char *slash = strchr(path, '/');
    return slash && !strchr(slash + 1, '/') && strncmp(path, "run/", 4) != 0;
}

size_t rp_outcome_kpis(const struct rp_group *g, const struct rp_kpi **out, size_t max,
                       bool *fallback)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_kpis && n < max; i++)
        if (g->kpis[i].rank == 1)
            out[n++] = &g->kpis[i];
    *fallback = n == 0;
    for (size_t i = 0; *fallback && i < g->n_kpis && n < max; i++)
        if (top_level(g->kpis[i].path))
            out[n++] = &g->kpis[i];
    return n;
}

size_t rp_families(const struct rp_group *g, int rank, struct rp_family *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_kpis; i++) {
        const struct rp_kpi *k = &g->kpis[i];
        if (k->rank != rank)
            continue;
        const char *leaf = rp_leaf(k->path);
        size_t f = 0;
        while (f < n && strcmp(out[f].name, leaf) != 0)
            f++;
        if (f == n) {
            if (n == max)
                continue;
            out[n++] = (struct rp_family){leaf, k, 0};
        }
        out[f].members++;
        if (rp_worse(k->ci.mean, out[f].worst->ci.mean, k->better))
            out[f].worst = k;
    }
    return n;
}

/* Looks at one queue_length series: its mean over replications at each
 * sample, against the worst so far. */
static void look_at(const struct rp_view *v, const char *prefix, const char *rel,
                    const struct ur_array *time, struct rp_queue *q)
{
    char full[1024];
    snprintf(full, sizeof full, "%stimeseries/%s", prefix, rel);
    struct ur_array a;
    if (ur_resfile_read(v->file, full, &a) < 0)
        return;
    q->n_queues++;
    double *col = malloc((a.dims[0] ? a.dims[0] : 1) * sizeof *col);
    for (size_t k = 0; col && a.rank == 2 && k < a.dims[1] && k < time->dims[0]; k++) {
        for (size_t r = 0; r < a.dims[0]; r++)
            col[r] = a.v[r * a.dims[1] + k];
        struct ur_spread s = ur_spread(col, a.dims[0], 0.5, 0.5);
        if (s.n > 0 && (isnan(q->peak) || s.mean > q->peak)) {
            q->peak = s.mean;
            q->t_s = time->v[k];
            snprintf(q->series, sizeof q->series, "%s", rel);
            char *u = ur_resfile_attr_text(v->file, full, "units");
            snprintf(q->units, sizeof q->units, "%s", u ? u : "");
            free(u);
        }
    }
    free(col);
    ur_array_free(&a);
}

bool rp_worst_queue(const struct rp_view *v, const struct rp_group *g, struct rp_queue *q)
{
    *q = (struct rp_queue){.peak = NAN, .t_s = NAN};
    char dir[600], tpath[600];
    snprintf(dir, sizeof dir, "%stimeseries/", g->prefix);
    snprintf(tpath, sizeof tpath, "%stimeseries/time", g->prefix);
    struct ur_strs names;
    struct ur_array time;
    if (ur_resfile_read(v->file, tpath, &time) < 0)
        return false;
    if (ur_resfile_datasets(v->file, dir, &names) == 0)
        for (size_t i = 0; i < names.n; i++)
            if (strcmp(rp_leaf(names.v[i]), "queue_length") == 0)
                look_at(v, g->prefix, names.v[i], &time, q);
    ur_strs_free(&names);
    ur_array_free(&time);
    return !isnan(q->peak);
}
