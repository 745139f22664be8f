/* The terminal summary of a results file (report.h): at most about 30
 * lines by default, in the order a planner asks: what happened (worst
 * queue, the plan's actions), the outcome KPIs with their 95% intervals, the
 * worst queue on each queue KPI, how the variants differ (paired, on common
 * random numbers), the observed figures against the run (calib.c), and the
 * plan log's first rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>

#include "calib.h"
#include "fmt.h"
#include "headline.h"
#include "report.h"
#include "summary.h"

#define MAX_OUTCOME 12
#define MAX_OUTCOME_VARIANTS 8
#define MAX_FAMILIES 4
#define LOG_SHOWN 5

static void title(const struct rp_view *v, FILE *f)
{
    char h[32] = "?";
    if (isfinite(v->horizon_s))
        snprintf(h, sizeof h, "%g h", v->horizon_s / 3600.0);
    fprintf(f, "%s: %lld replications, horizon %s, seed %lld", v->scenario ? v->scenario : "?",
            v->replications, h, v->seed);
    if (v->variants)
        fprintf(f, ", %zu variants", v->n_groups);
    fprintf(f, "\n");
}

static size_t rows_of(const struct ur_table *log, long rep)
{
    int c = ur_table_col(log, "replication");
    size_t n = 0;
    for (size_t r = 0; c >= 0 && r < log->n_rows; r++)
        n += log->num[c][r] == (double)rep;
    return n;
}

const char *rp_cell_text(const struct ur_table *t, const char *col, size_t r)
{
    int c = ur_table_col(t, col);
    return c >= 0 && t->is_text[c] ? t->text[c][r] : "";
}

double rp_cell_num(const struct ur_table *t, const char *col, size_t r)
{
    int c = ur_table_col(t, col);
    return c >= 0 && !t->is_text[c] ? t->num[c][r] : NAN;
}

void rp_log_row(const struct rp_view *v, const struct ur_table *log, size_t r, FILE *f)
{
    char when[40];
    rp_fmt_time(when, sizeof when, rp_cell_num(log, "time", r), v->start);
    fprintf(f, "%s  %s %s", when, rp_cell_text(log, "source", r),
            rp_cell_text(log, "event", r));
    if (*rp_cell_text(log, "detail", r))
        fprintf(f, ": %s", rp_cell_text(log, "detail", r));
    fprintf(f, "\n");
}

static void headline_plan(const struct rp_view *v, const struct rp_group *g, FILE *f)
{
    const char *label = v->variants ? g->name : "";
    if (g->log.n_rows == 0) {
        fprintf(f, "  plan%s%-*s no plan event in any replication\n", *label ? " " : "", 9,
                label);
        return;
    }
    size_t first = 0;
    while (first < g->log.n_rows && rp_cell_num(&g->log, "replication", first) != 0)
        first++;
    fprintf(f, "  plan%s%-*s %.1f events per replication", *label ? " " : "", 9, label,
            (double)g->log.n_rows / (double)(v->replications ? v->replications : 1));
    if (first < g->log.n_rows) {
        fprintf(f, "; first: ");
        rp_log_row(v, &g->log, first, f);
    } else {
        fprintf(f, "\n");
    }
}

static void headline(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    struct rp_queue q;
    fprintf(f, "\nHeadline%s%s%s\n", v->variants ? " (" : "", v->variants ? g->name : "",
            v->variants ? ", the baseline)" : "");
    if (rp_worst_queue(v, g, &q)) {
        char when[40], peak[32];
        rp_fmt_time(when, sizeof when, q.t_s, v->start);
        rp_fmt_num(peak, sizeof peak, q.peak);
        size_t len = strlen(q.series) - strlen("/queue_length");
        fprintf(f, "  worst queue   %.*s: %s %s waiting at %s (mean of replications; %zu queues)\n",
                (int)len, q.series, peak, q.units, when, q.n_queues);
    }
    for (size_t i = 0; i < v->n_groups && i < 3; i++)
        headline_plan(v, &v->groups[i], f);
}

static void kpi_line(const struct rp_kpi *k, const char *name, FILE *f)
{
    char buf[160];
    rp_fmt_ci_units(buf, sizeof buf, k->ci, k->units);
    fprintf(f, "  %-34s %s\n", name, buf);
}

static void outcome(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    const struct rp_kpi *k[MAX_OUTCOME + 1];
    bool fallback;
    size_t max = v->variants ? MAX_OUTCOME_VARIANTS : MAX_OUTCOME;
    size_t n = rp_outcome_kpis(g, k, max + 1, &fallback);
    if (n == 0)
        return;
    fprintf(f, "\nKPIs%s%s, mean [95%% CI] over %lld replications%s\n", v->variants ? " of " : "",
            v->variants ? g->name : "", v->replications,
            fallback ? " (no headline KPIs marked: each model's top-level KPIs)" : "");
    for (size_t i = 0; i < n && i < max; i++)
        kpi_line(k[i], k[i]->path, f);
    if (n > max)
        fprintf(f, "  ... more with --all\n");
}

static void families(const struct rp_view *v, FILE *f)
{
    struct rp_family fam[MAX_FAMILIES];
    size_t n = rp_families(&v->groups[0], 2, fam, MAX_FAMILIES);
    if (n == 0)
        return;
    fprintf(f, "\nWorst of each, mean [95%% CI] over %lld replications\n", v->replications);
    for (size_t i = 0; i < n; i++) {
        char name[300], buf[160];
        const char *p = fam[i].worst->path;
        size_t len = strlen(p) - strlen(fam[i].name);
        snprintf(name, sizeof name, "%s %.*s", fam[i].name, (int)(len ? len - 1 : 0), p);
        rp_fmt_ci_units(buf, sizeof buf, fam[i].worst->ci, fam[i].worst->units);
        fprintf(f, "  %-50s %s (of %zu)\n", name, buf, fam[i].members);
    }
}

static void diff_text(char *buf, size_t size, const char *variant, struct ur_ci d,
                      const char *units)
{
    char num[128];
    rp_fmt_ci_units(num, sizeof num, d, units);
    snprintf(buf, size, "%s %s%s", variant, d.mean > 0 ? "+" : "", num);
}

/* One line per KPI: the best variant by the paired difference when the KPI
 * says which way is better, else each variant's difference (or the largest
 * when there are many). */
static void compare_line(const struct rp_view *v, const struct rp_kpi *k, FILE *f)
{
    size_t best = 0, shown = 0;
    struct ur_ci best_d = {0}, d;
    char line[400] = "", part[200];
    for (size_t i = 1; i < v->n_groups; i++) {
        if (!rp_view_diff(v, k->path, v->groups[i].name, &d))
            continue;
        double score = k->better ? -d.mean * k->better : -fabs(d.mean);
        if (!best || score < (k->better ? -best_d.mean * k->better : -fabs(best_d.mean)))
            best = i, best_d = d;
        if (!k->better && v->n_groups <= 3) {
            diff_text(part, sizeof part, v->groups[i].name, d, k->units);
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", shown++ ? "; " : "",
                     part);
        }
    }
    if (!best)
        return;
    if (k->better || v->n_groups > 3) {
        diff_text(part, sizeof part, v->groups[best].name, best_d, k->units);
        bool gain = k->better && best_d.mean * k->better > 0;
        snprintf(line, sizeof line, "%s %s", k->better ? (gain ? "best:" : "none better; closest:")
                                                       : "largest change:", part);
    }
    fprintf(f, "  %-34s %s\n", k->path, line);
}

static void comparison(const struct rp_view *v, FILE *f)
{
    if (!v->variants || v->n_groups < 2)
        return;
    const struct rp_kpi *k[MAX_OUTCOME_VARIANTS];
    bool fallback;
    size_t n = rp_outcome_kpis(&v->groups[0], k, MAX_OUTCOME_VARIANTS, &fallback);
    fprintf(f, "\nComparison: difference from '%s' on common random numbers, "
               "mean [95%% CI] over %lld paired replications\n",
            v->groups[0].name, v->replications);
    for (size_t i = 0; i < n; i++)
        compare_line(v, k[i], f);
}

static void plan_log(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    size_t n0 = rows_of(&g->log, 0), shown = 0;
    if (n0 == 0)
        return;
    fprintf(f, "\nPlan log%s%s, replication 0 (%zu rows; all in %splan_log)\n",
            v->variants ? " of " : "", v->variants ? g->name : "", n0, g->prefix);
    for (size_t r = 0; r < g->log.n_rows && shown < LOG_SHOWN; r++)
        if (rp_cell_num(&g->log, "replication", r) == 0) {
            fprintf(f, "  ");
            rp_log_row(v, &g->log, r, f);
            shown++;
        }
    if (n0 > shown)
        fprintf(f, "  ... %zu more (--all)\n", n0 - shown);
}

void rp_summary_short(const struct rp_view *v, FILE *f)
{
    headline(v, f);
    outcome(v, f);
    families(v, f);
    comparison(v, f);
    rp_calibration_text(v, f);
    plan_log(v, f);
}

int ur_summary(const char *h5_path, bool all, FILE *out, FILE *err)
{
    struct rp_view v;
    int status = rp_view_open_for_command(&v, h5_path, err);
    if (status)
        return status;
    title(&v, out);
    if (all) {
        rp_summary_all(&v, out);
    } else {
        rp_summary_short(&v, out);
        fprintf(out, "\nevery KPI: ursim summary %s --all; charts: ursim report %s\n", h5_path,
                h5_path);
    }
    rp_view_close(&v);
    return ferror(out) ? 1 : 0;
}
