/* The report's sections with charts (html.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/stats.h>

#include "fmt.h"
#include "headline.h"
#include "html.h"
#include "svg.h"

#define MAX_CHARTS 10
#define MAX_LINES 8

void rp_html_comparison(const struct rp_view *v, FILE *f)
{
    if (!v->variants || v->n_groups < 2)
        return;
    const struct rp_kpi *k[32];
    bool fallback;
    size_t n = rp_outcome_kpis(&v->groups[0], k, 32, &fallback);
    fprintf(f, "<h2>Variants</h2>\n<p class=\"meta\">Paired difference from <b>");
    rp_html_text(f, v->groups[0].name);
    fprintf(f, "</b> on common random numbers: mean [95%% CI] over %lld replications.</p>\n"
               "<table><tr><th>KPI</th>", v->replications);
    for (size_t g = 1; g < v->n_groups; g++) {
        fputs("<th>", f);
        rp_html_text(f, v->groups[g].name);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<tr><td>", f);
        rp_html_text(f, k[i]->path);
        fputs("</td>", f);
        for (size_t g = 1; g < v->n_groups; g++) {
            struct ur_ci d;
            char buf[160] = "-";
            if (rp_view_diff(v, k[i]->path, v->groups[g].name, &d))
                rp_fmt_ci_units(buf, sizeof buf, d, k[i]->units);
            fputs("<td class=\"n\">", f);
            rp_html_text(f, buf);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    for (size_t i = 0; i < n && i < MAX_CHARTS; i++) {
        const char *labels[64];
        double mean[64], lo[64], hi[64], scale;
        const char *units = rp_units_for(k[i]->units, k[i]->ci.mean, &scale);
        size_t m = 0;
        for (size_t g = 1; g < v->n_groups && m < 64; g++) {
            struct ur_ci d;
            if (!rp_view_diff(v, k[i]->path, v->groups[g].name, &d))
                continue;
            labels[m] = v->groups[g].name;
            mean[m] = d.mean / scale, lo[m] = d.lo / scale, hi[m] = d.hi / scale;
            m++;
        }
        char label[300];
        snprintf(label, sizeof label, "%s: difference from %s (%s)", k[i]->path,
                 v->groups[0].name, units);
        rp_svg_bars(f, label, labels, mean, lo, hi, m);
    }
}

/* Mean and 10-90% band over replications of one series of one group; false
 * when it is absent. Arrays of n_time, caller's. */
static bool band_of(const struct rp_view *v, const struct rp_group *g, const char *rel,
                    size_t n_time, double *mean, double *lo, double *hi, char *units, size_t usize)
{
    char path[1024];
    snprintf(path, sizeof path, "%stimeseries/%s", g->prefix, rel);
    struct ur_array a;
    if (ur_resfile_read(v->file, path, &a) < 0)
        return false;
    double *col = malloc((a.dims[0] ? a.dims[0] : 1) * sizeof *col);
    for (size_t k = 0; k < n_time; k++) {
        mean[k] = lo[k] = hi[k] = NAN;
        for (size_t r = 0; col && a.rank == 2 && k < a.dims[1] && r < a.dims[0]; r++)
            col[r] = a.v[r * a.dims[1] + k];
        if (col && a.rank == 2 && k < a.dims[1]) {
            struct ur_spread s = ur_spread(col, a.dims[0], 0.1, 0.9);
            mean[k] = s.mean, lo[k] = s.lo, hi[k] = s.hi;
        }
    }
    char *u = ur_resfile_attr_text(v->file, path, "units");
    snprintf(units, usize, "%s", u ? u : "");
    free(u);
    free(col);
    ur_array_free(&a);
    return true;
}

/* The plan's action times in replication 0 of the baseline: chart markers. */
static size_t plan_marks(const struct rp_group *g, double *t, size_t max)
{
    int rep = ur_table_col(&g->log, "replication"), time = ur_table_col(&g->log, "time");
    int event = ur_table_col(&g->log, "event");
    size_t n = 0;
    for (size_t r = 0; rep >= 0 && time >= 0 && event >= 0 && r < g->log.n_rows && n < max; r++)
        if (g->log.num[rep][r] == 0 && g->log.is_text[event] &&
            strcmp(g->log.text[event][r], "fired") != 0 &&
            strcmp(g->log.text[event][r], "re-armed") != 0)
            t[n++] = g->log.num[time][r];
    return n;
}

static void chart(const struct rp_view *v, const char *rel, const struct ur_array *time, FILE *f)
{
    size_t n = time->dims[0], nl = 0;
    double *buf = malloc((n ? n : 1) * 3 * MAX_LINES * sizeof *buf);
    struct rp_line lines[MAX_LINES];
    char units[64] = "";
    for (size_t g = 0; buf && g < v->n_groups && nl < MAX_LINES; g++) {
        double *m = buf + 3 * n * nl, *lo = m + n, *hi = lo + n;
        if (band_of(v, &v->groups[g], rel, n, m, lo, hi, units, sizeof units))
            lines[nl++] = (struct rp_line){v->groups[g].name, m, lo, hi};
    }
    if (nl > 0) {
        double marks[64];
        size_t nm = plan_marks(&v->groups[0], marks, 64);
        char *desc = NULL, path[1024];
        snprintf(path, sizeof path, "%stimeseries/%s", v->groups[0].prefix, rel);
        desc = ur_resfile_attr_text(v->file, path, "description");
        fputs("<h3>", f);
        rp_html_text(f, rel);
        fputs("</h3><p class=\"meta\">", f);
        rp_html_text(f, desc);
        fputs("; line: mean over replications, band: 10-90% of them", f);
        fputs(nm ? "; dashed: the plan's actions (replication 0)</p>\n" : "</p>\n", f);
        free(desc);
        rp_svg_band(f, units, time->v, n, lines, nl, marks, nm, v->start);
    }
    free(buf);
}

static bool top_level(const char *rel)
{
    const char *slash = strchr(rel, '/');
    return slash && !strchr(slash + 1, '/') && strncmp(rel, "plan/", 5) != 0;
}

void rp_html_series(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    char tpath[600], dir[600];
    snprintf(tpath, sizeof tpath, "%stimeseries/time", g->prefix);
    snprintf(dir, sizeof dir, "%stimeseries", g->prefix);
    struct ur_array time;
    if (ur_resfile_read(v->file, tpath, &time) < 0)
        return;
    fputs("<h2>Over time</h2>\n", f);
    struct rp_queue q;
    if (rp_worst_queue(v, g, &q))
        chart(v, q.series, &time, f);
    struct ur_strs names;
    size_t shown = 0;
    if (ur_resfile_datasets(v->file, dir, &names) == 0)
        for (size_t i = 0; i < names.n && shown < MAX_CHARTS; i++)
            if (top_level(names.v[i])) {
                chart(v, names.v[i], &time, f);
                shown++;
            }
    ur_strs_free(&names);
    ur_array_free(&time);
}

/* The plan's timeline: the baseline's, or the first variant's with a plan
 * event when the baseline has none (a "no plan" baseline). */
void rp_html_plan(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    for (size_t i = 0; g->log.n_rows == 0 && i < v->n_groups; i++)
        g = &v->groups[i];
    const struct ur_table *t = &g->log;
    int rep = ur_table_col(t, "replication"), time = ur_table_col(t, "time");
    int src = ur_table_col(t, "source"), ev = ur_table_col(t, "event");
    int det = ur_table_col(t, "detail");
    if (rep < 0 || time < 0 || src < 0 || ev < 0 || det < 0 || !t->is_text[src])
        return;
    size_t n = 0;
    const char **sources = malloc((t->n_rows ? t->n_rows : 1) * sizeof *sources);
    char **texts = malloc((t->n_rows ? t->n_rows : 1) * sizeof *texts);
    double *ts = malloc((t->n_rows ? t->n_rows : 1) * sizeof *ts);
    for (size_t r = 0; sources && texts && ts && r < t->n_rows; r++) {
        if (t->num[rep][r] != 0)
            continue;
        size_t len = strlen(t->text[ev][r]) + strlen(t->text[det][r]) + 3;
        if (!(texts[n] = malloc(len)))
            break;
        snprintf(texts[n], len, "%s: %s", t->text[ev][r], t->text[det][r]);
        sources[n] = t->text[src][r], ts[n] = t->num[time][r];
        n++;
    }
    if (n > 0) {
        fputs("<h2>The plan</h2>\n<p class=\"meta\">Replication 0's plan log", f);
        if (v->variants) {
            fputs(", variant ", f);
            rp_html_text(f, g->name);
        }
        fputs(" (hover a dot for its text).</p>\n", f);
        rp_svg_timeline(f, sources, (const char *const *)texts, ts, n, v->horizon_s, v->start);
        fputs("<details><summary>The rows</summary><table>\n", f);
        for (size_t i = 0; i < n; i++) {
            char when[40];
            rp_fmt_time(when, sizeof when, ts[i], v->start);
            fprintf(f, "<tr><td>%s</td><td>", when);
            rp_html_text(f, sources[i]);
            fputs("</td><td>", f);
            rp_html_text(f, texts[i]);
            fputs("</td></tr>\n", f);
        }
        fputs("</table></details>\n", f);
    }
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(sources), free(texts), free(ts);
}

/* "city/complaints_by_cause" of "city/complaints_by_cause/gave_up". */
static size_t breakdown_prefix(const char *path)
{
    const char *leaf = rp_leaf(path);
    size_t len = (size_t)(leaf - path);
    if (len < 2)
        return 0;
    const char *dir = path;
    for (const char *p = path; p < leaf - 1; p++)
        if (*p == '/')
            dir = p + 1;
    size_t dlen = (size_t)(leaf - 1 - dir);
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)dlen, dir);
    return strstr(name, "_by_") ? len - 1 : 0;
}

static void one_breakdown(const struct rp_group *g, size_t first, size_t plen, FILE *f)
{
    const char *labels[64];
    double mean[64], lo[64], hi[64];
    size_t n = 0;
    const char *path = g->kpis[first].path;
    for (size_t i = first; i < g->n_kpis && n < 64; i++) {
        const struct rp_kpi *k = &g->kpis[i];
        if (strncmp(k->path, path, plen) != 0 || k->path[plen] != '/' ||
            strchr(k->path + plen + 1, '/'))
            continue;
        labels[n] = rp_leaf(k->path);
        mean[n] = k->ci.mean, lo[n] = k->ci.lo, hi[n] = k->ci.hi;
        n++;
    }
    fprintf(f, "<h3>%.*s</h3>\n", (int)plen, path);
    char label[300];
    snprintf(label, sizeof label, "mean over replications, 95%% CI (%s)", g->kpis[first].units);
    rp_svg_bars(f, label, labels, mean, lo, hi, n);
}

void rp_html_breakdowns(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    size_t last_len = 0;
    const char *last = NULL;
    bool header = false;
    for (size_t i = 0; i < g->n_kpis; i++) {
        size_t plen = breakdown_prefix(g->kpis[i].path);
        if (!plen || (last && plen == last_len && strncmp(last, g->kpis[i].path, plen) == 0))
            continue;
        if (!header)
            fputs("<h2>Broken down</h2>\n", f), header = true;
        last = g->kpis[i].path, last_len = plen;
        one_breakdown(g, i, plen, f);
    }
}

static void html_table(const struct ur_table *t, FILE *f)
{
    fputs("<table><tr>", f);
    for (size_t c = 0; c < t->n_cols; c++) {
        fputs("<th>", f);
        rp_html_text(f, t->names[c]);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (size_t r = 0; r < t->n_rows && r < 200; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->n_cols; c++) {
            char num[32];
            if (!t->is_text[c])
                rp_fmt_num(num, sizeof num, t->num[c][r]);
            fputs(t->is_text[c] ? "<td>" : "<td class=\"n\">", f);
            rp_html_text(f, t->is_text[c] ? t->text[c][r] : num);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

void rp_html_tables(const struct rp_view *v, const char *group, const char *title, FILE *f)
{
    struct ur_strs names;
    if (!ur_resfile_exists(v->file, group) || ur_resfile_datasets(v->file, group, &names) < 0)
        return;
    fputs("<h2>", f);
    rp_html_text(f, title);
    fputs("</h2>\n", f);
    for (size_t i = 0; i < names.n && i < 40; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", group, names.v[i]);
        struct ur_table t;
        struct ur_array a;
        fputs("<h3>", f);
        rp_html_text(f, names.v[i]);
        fputs("</h3>\n", f);
        if (ur_resfile_table(v->file, path, &t) == 0) {
            html_table(&t, f);
            ur_table_free(&t);
        } else if (ur_resfile_read(v->file, path, &a) == 0) {
            struct ur_ci ci = ur_ci95(a.v, a.dims[0] * a.dims[1]);
            char buf[160];
            char *u = ur_resfile_attr_text(v->file, path, "units");
            rp_fmt_ci_units(buf, sizeof buf, ci, u);
            fputs("<p>", f);
            rp_html_text(f, buf);
            fputs("</p>\n", f);
            free(u);
            ur_array_free(&a);
        }
    }
    ur_strs_free(&names);
}
