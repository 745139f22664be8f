/* `ursim report OUT.h5 [-o REPORT.html]`: one self-contained page, CSS and
 * SVG inline, no script, nothing fetched. Sections appear when the file has
 * what they show: the headline (the terminal summary), the KPIs with 95%
 * intervals, the paired differences per variant, time series as the mean
 * and the 10-90% band over replications (the worst queue and each model's
 * top-level series), the plan's timeline, KPIs broken down by a cause or
 * other dimension (<kpi>_by_<dim>/<part>), the /calibration table (calib.c)
 * and any /experiment/design tables. Written to PATH.tmp and renamed. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ursim/diag.h>

#include "calib.h"
#include "fmt.h"
#include "headline.h"
#include "html.h"
#include "report.h"
#include "summary.h"
#include "svg.h"

static const char CSS[] =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
    "color:#222}h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid "
    "#ccc}pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:13px}table{border-"
    "collapse:collapse;margin:.5em 0}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-"
    "align:left}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}svg{width:100%;height:"
    "auto;max-width:900px}.grid{stroke:#e4e4e4}.tick{font-size:11px;fill:#555}.label{font-size:"
    "12px;fill:#333}.mark{stroke:#d62728;stroke-dasharray:3 3}.meta{color:#666}";

static void headline(const struct rp_view *v, FILE *f)
{
    fputs("<h2>Headline</h2>\n<pre>", f);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        rp_summary_short(v, mem);
        fclose(mem);
        rp_html_text(f, text && text[0] == '\n' ? text + 1 : text);
    }
    free(text);
    fputs("</pre>\n", f);
}

void rp_html_kpi_row(FILE *f, const struct rp_kpi *k, const char *name)
{
    char buf[160];
    double scale;
    const char *units = rp_units_for(k->units, k->ci.mean, &scale);
    rp_fmt_ci(buf, sizeof buf, k->ci, scale);
    fputs("<tr><td>", f);
    rp_html_text(f, name);
    fputs("</td><td class=\"n\">", f);
    rp_html_text(f, buf);
    fputs("</td><td>", f);
    rp_html_text(f, units);
    fputs("</td><td>", f);
    rp_html_text(f, k->description);
    fputs("</td></tr>\n", f);
}

static void kpis(const struct rp_view *v, FILE *f)
{
    const struct rp_group *g = &v->groups[0];
    const struct rp_kpi *k[64];
    bool fallback;
    size_t n = rp_outcome_kpis(g, k, 64, &fallback);
    struct rp_family fam[16];
    size_t nf = rp_families(g, 2, fam, 16);
    fprintf(f, "<h2>KPIs</h2>\n<p class=\"meta\">Mean over %lld replications and its 95%% "
               "Student-t interval%s%s%s.</p>\n<table><tr><th>KPI</th><th>mean [95%% CI]</th>"
               "<th>units</th><th>what</th></tr>\n",
            v->replications, v->variants ? "; variant " : "", v->variants ? g->name : "",
            fallback ? "; no model marked headline KPIs, so each model's top-level KPIs" : "");
    for (size_t i = 0; i < n; i++)
        rp_html_kpi_row(f, k[i], k[i]->path);
    for (size_t i = 0; i < nf; i++) {
        char name[600];
        snprintf(name, sizeof name, "worst %s: %s (of %zu)", fam[i].name, fam[i].worst->path,
                 fam[i].members);
        rp_html_kpi_row(f, fam[i].worst, name);
    }
    fputs("</table>\n", f);
    for (size_t gi = 0; gi < v->n_groups; gi++) {
        const struct rp_group *gr = &v->groups[gi];
        fprintf(f, "<details><summary>Every KPI%s%s (%zu)</summary><table>\n",
                v->variants ? " of " : "", gr->name, gr->n_kpis);
        for (size_t i = 0; i < gr->n_kpis; i++)
            rp_html_kpi_row(f, &gr->kpis[i], gr->kpis[i].path);
        fputs("</table></details>\n", f);
    }
}

static int write_page(const struct rp_view *v, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    rp_html_text(f, v->scenario);
    fprintf(f, " - ursim report</title>\n<style>%s</style></head><body>\n<h1>", CSS);
    rp_html_text(f, v->scenario);
    fprintf(f, "</h1>\n<p class=\"meta\">%lld replications, seed %lld", v->replications, v->seed);
    if (v->start) {
        fputs(", starting ", f);
        rp_html_text(f, v->start);
    }
    fputs("; results ", f);
    rp_html_text(f, v->path);
    fputs(", written ", f);
    rp_html_text(f, v->created);
    fputs("</p>\n", f);
    headline(v, f);
    kpis(v, f);
    rp_html_comparison(v, f);
    rp_html_series(v, f);
    rp_html_plan(v, f);
    rp_html_breakdowns(v, f);
    rp_html_calibration(v, f);
    rp_html_tables(v, "/experiment", "Experiment", f);
    fputs("<p class=\"meta\">Made by <code>ursim report</code> from the results file; every "
          "figure is also in the file (see README: Reading the results).</p>\n</body></html>\n",
          f);
    return ferror(f) ? UR_EIO : 0;
}

static char *default_path(const char *h5)
{
    size_t n = strlen(h5);
    char *p = malloc(n + sizeof ".html");
    if (!p)
        return NULL;
    memcpy(p, h5, n + 1);
    if (n > 3 && strcmp(p + n - 3, ".h5") == 0)
        p[n - 3] = '\0';
    strcat(p, ".html");
    return p;
}

int ur_report(const char *h5_path, const char *html_path, FILE *err)
{
    struct rp_view v;
    int status = rp_view_open_for_command(&v, h5_path, err);
    if (status)
        return status;
    char *path = html_path ? NULL : default_path(h5_path);
    const char *out = html_path ? html_path : path;
    char *tmp = out ? malloc(strlen(out) + sizeof ".tmp") : NULL;
    FILE *f = NULL;
    if (tmp) {
        sprintf(tmp, "%s.tmp", out);
        f = fopen(tmp, "w");
    }
    int rc = f ? write_page(&v, f) : UR_EIO;
    int saved = errno;
    if (f && fclose(f) != 0 && rc == 0)
        rc = UR_EIO, saved = errno;
    if (rc == 0 && rename(tmp, out) < 0)
        rc = UR_EIO, saved = errno;
    if (rc != 0) {
        fprintf(err, "ursim: writing %s: %s; no report written\n", out ? out : "the report",
                strerror(saved ? saved : ENOMEM));
        if (tmp)
            unlink(tmp);
    } else {
        printf("report: %s\n", out);
    }
    free(tmp);
    free(path);
    rp_view_close(&v);
    return rc == 0 ? 0 : 1;
}
