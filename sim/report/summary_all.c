/* `ursim summary --all`: every KPI of every group with its 95% interval
 * (grouped by the part of the path before the last name), every paired
 * difference, the calibration table, and replication 0's whole plan log. */
#include <string.h>

#include "calib.h"
#include "fmt.h"
#include "headline.h"
#include "summary.h"

static void kpi_table(const struct rp_group *g, long long reps, FILE *f)
{
    fprintf(f, "\nKPIs%s%s: mean [95%% CI] over %lld replications (%ssummary/)\n",
            *g->name ? " of " : "", g->name, reps, g->prefix);
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < g->n_kpis; i++) {
        const struct rp_kpi *k = &g->kpis[i];
        size_t len = strlen(k->path) - strlen(rp_leaf(k->path));
        if (!prev || len != prev_len || strncmp(prev, k->path, len) != 0)
            fprintf(f, "%.*s\n", (int)(len ? len - 1 : 0), k->path);
        prev = k->path, prev_len = len;
        char buf[160];
        rp_fmt_ci_units(buf, sizeof buf, k->ci, k->units);
        fprintf(f, "  %-28s %s%s\n", rp_leaf(k->path), buf, k->rank ? "  *" : "");
    }
}

static void differences(const struct rp_view *v, FILE *f)
{
    const struct rp_group *base = &v->groups[0];
    fprintf(f, "\nComparison: difference from '%s' on common random numbers, mean [95%% CI] "
               "over %lld paired replications (/comparison/)\n",
            base->name, v->replications);
    for (size_t k = 0; k < base->n_kpis; k++)
        for (size_t i = 1; i < v->n_groups; i++) {
            struct ur_ci d;
            if (!rp_view_diff(v, base->kpis[k].path, v->groups[i].name, &d))
                continue;
            char buf[160];
            rp_fmt_ci_units(buf, sizeof buf, d, base->kpis[k].units);
            fprintf(f, "  %-44s %-16s %s\n", i == 1 ? base->kpis[k].path : "",
                    v->groups[i].name, buf);
        }
}

static void whole_log(const struct rp_view *v, const struct rp_group *g, FILE *f)
{
    int c = ur_table_col(&g->log, "replication");
    if (c < 0 || g->log.n_rows == 0)
        return;
    fprintf(f, "\nPlan log%s%s, replication 0 (%splan_log has every replication's)\n",
            *g->name ? " of " : "", g->name, g->prefix);
    for (size_t r = 0; r < g->log.n_rows; r++)
        if (g->log.num[c][r] == 0) {
            fprintf(f, "  ");
            rp_log_row(v, &g->log, r, f);
        }
}

void rp_summary_all(const struct rp_view *v, FILE *f)
{
    for (size_t i = 0; i < v->n_groups; i++)
        kpi_table(&v->groups[i], v->replications, f);
    fprintf(f, "(* headline KPI)\n");
    if (v->variants && v->n_groups > 1)
        differences(v, f);
    rp_calibration_text(v, f);
    for (size_t i = 0; i < v->n_groups; i++)
        whole_log(v, &v->groups[i], f);
}
