/* Putting a results file together from units' records (gather.h). */
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "compare.h"
#include "gather.h"
#include <ursim/diag.h>

int ur_gather_open(struct ur_gather *g, const struct ur_units *units, const char *path, bool force,
                   const struct ur_out_meta *meta)
{
    size_t nv = units->n_variants;
    *g = (struct ur_gather){.units = units};
    pthread_mutex_init(&g->lock, NULL);
    g->res = calloc(nv, sizeof *g->res);
    g->groups = calloc(nv, sizeof *g->groups);
    g->seen = calloc(ur_units_count(units) + 1, 1);
    if (!g->res || !g->groups || !g->seen)
        return UR_ENOMEM;
    int rc = ur_out_open(&g->out, path, force, meta);
    for (size_t v = 0; rc == 0 && v < nv; v++) {
        ur_units_group(units, v, g->groups[v], sizeof g->groups[v]);
        rc = ur_results_init(&g->res[v], units->n_reps, units->n_samples[v]);
        if (rc == 0)
            rc = ur_out_time(g->out, g->groups[v], units->times[v], units->n_samples[v]);
    }
    return rc;
}

int ur_gather_direct(struct ur_gather *g, size_t index, struct ur_unit_target *to)
{
    if (index >= ur_units_count(g->units))
        return UR_EINPUT;
    pthread_mutex_lock(&g->lock);
    bool again = g->seen[index];
    g->seen[index] = 1;
    g->n_seen += !again;
    pthread_mutex_unlock(&g->lock);
    size_t v = ur_units_at(g->units, index).variant;
    *to = (struct ur_unit_target){g->out, g->groups[v], &g->res[v], &g->lock};
    return again ? UR_EINPUT : 0;
}

int ur_gather_record(struct ur_gather *g, size_t index, const void *bytes, size_t n)
{
    struct ur_unit_record rec;
    int rc = ur_unit_record_decode(&rec, bytes, n);
    if (rc < 0)
        return rc;
    struct ur_unit_target to;
    if (rec.r.rep != ur_units_at(g->units, index).rep)
        rc = UR_EINPUT;
    if (rc == 0)
        rc = ur_gather_direct(g, index, &to);
    if (rc == 0)
        rc = ur_unit_record_deliver(&to, &rec);
    ur_unit_record_fini(&rec);
    return rc;
}

int ur_gather_commit(struct ur_gather *g)
{
    const struct ur_units *u = g->units;
    if (g->n_seen != ur_units_count(u))
        return UR_EINPUT;
    int rc = 0;
    for (size_t v = 0; v < u->n_variants && rc == 0; v++) {
        ur_results_sort_parts(&g->res[v]);
        rc = ur_results_write(&g->res[v], g->out, g->groups[v]);
    }
    if (rc == 0 && u->has_variants && u->n_variants > 1)
        rc = ur_compare_write(g->res, (const char *const *)u->names, u->n_variants, g->out);
    if (rc == 0 && u->n_observed > 0)
        rc = ur_calibration_write_figures(u->observed, u->n_observed,
                                          u->has_variants ? (const char *const *)u->names : NULL,
                                          g->res, u->n_variants, g->out);
    if (rc == 0)
        rc = ur_out_commit(g->out);
    if (rc == 0)
        g->out = NULL;
    return rc;
}

void ur_gather_fini(struct ur_gather *g)
{
    ur_out_abort(g->out);
    for (size_t v = 0; g->res && v < g->units->n_variants; v++)
        ur_results_fini(&g->res[v]);
    free(g->res), free(g->groups), free(g->seen);
    pthread_mutex_destroy(&g->lock);
    *g = (struct ur_gather){0};
}

const char *ur_gather_error(const struct ur_gather *g)
{
    return ur_out_error(g->out);
}
