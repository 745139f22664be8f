/* The calibration table (/calibration, written by sim/calibration.c) as a
 * person reads it: in the terminal summary, a line per observed figure with
 * the simulated mean and 95% interval in readable units and the verdict;
 * in the report, a table with the sources. Nothing when the file has none. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "fmt.h"
#include "summary.h"
#include "svg.h"

#define SHOWN 10     /* rows in the short summary */
#define KPI_WIDTH 60 /* at most; narrower when the names are */

static const char TABLE[] = "/calibration";

struct row {
    const char *kpi, *variant, *observed, *units, *verdict, *source, *note;
    struct ur_ci ci;
};

static struct row row_at(const struct ur_table *t, size_t r)
{
    double lo = rp_cell_num(t, "ci95_lo", r), hi = rp_cell_num(t, "ci95_hi", r),
           n = rp_cell_num(t, "n", r);
    return (struct row){
        .kpi = rp_cell_text(t, "kpi", r),
        .variant = rp_cell_text(t, "variant", r),
        .observed = rp_cell_text(t, "observed", r),
        .units = rp_cell_text(t, "units", r),
        .verdict = rp_cell_text(t, "verdict", r),
        .source = rp_cell_text(t, "source", r),
        .note = rp_cell_text(t, "note", r),
        .ci = {.mean = rp_cell_num(t, "mean", r),
               .lo = lo,
               .hi = hi,
               .half = (hi - lo) / 2,
               .n = n > 0 ? (size_t)n : 0},
    };
}

/* The table, or false when the file has none. */
static bool read_table(const struct rp_view *v, struct ur_table *t)
{
    return ur_resfile_exists(v->file, TABLE) && ur_resfile_table(v->file, TABLE, t) == 0;
}

static size_t agreeing(const struct ur_table *t)
{
    size_t n = 0;
    for (size_t r = 0; r < t->n_rows; r++)
        n += rp_cell_num(t, "agree", r) == 1;
    return n;
}

/* Bytes beyond the characters of UTF-8 text ("±" is two bytes, one column). */
static int extra_bytes(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) == 0x80;
    return n;
}

void rp_calibration_text(const struct rp_view *v, FILE *f)
{
    struct ur_table t;
    if (!read_table(v, &t))
        return;
    fprintf(f,
            "\nCalibration: observed figures against the simulated mean [95%% CI] over %lld "
            "replications\n",
            v->replications);
    char names[SHOWN][300];
    int width = 0;
    for (size_t r = 0; r < t.n_rows && r < SHOWN; r++) {
        struct row w = row_at(&t, r);
        snprintf(names[r], sizeof names[r], "%s%s%s%s", w.kpi, *w.variant ? " (" : "", w.variant,
                 *w.variant ? ")" : "");
        int len = (int)strlen(names[r]);
        width = len > width ? (len < KPI_WIDTH ? len : KPI_WIDTH) : width;
    }
    for (size_t r = 0; r < t.n_rows && r < SHOWN; r++) {
        struct row w = row_at(&t, r);
        char sim[160];
        rp_fmt_ci_units(sim, sizeof sim, w.ci, w.units);
        fprintf(f, "  %-*s observed %-*s simulated %-26s %s\n", width, names[r],
                16 + extra_bytes(w.observed), w.observed, sim, w.verdict);
    }
    if (t.n_rows > SHOWN)
        fprintf(f, "  ... %zu more\n", t.n_rows - SHOWN);
    fprintf(f, "  %zu of %zu agree (the interval overlaps the observed range); sources in %s\n",
            agreeing(&t), t.n_rows, TABLE);
    ur_table_free(&t);
}

static void cell(FILE *f, const char *s, bool numeric)
{
    fputs(numeric ? "<td class=\"n\">" : "<td>", f);
    rp_html_text(f, s);
    fputs("</td>", f);
}

void rp_html_calibration(const struct rp_view *v, FILE *f)
{
    struct ur_table t;
    if (!read_table(v, &t))
        return;
    fprintf(f,
            "<h2>Calibration: observed against simulated</h2>\n<p class=\"meta\">Each "
            "figure the scenario's sources report, against the simulated mean and its 95%% "
            "Student-t interval over %lld replications. It agrees when the interval overlaps "
            "the observed range. %zu of %zu agree.</p>\n<table><tr><th>KPI</th>%s"
            "<th>observed</th><th>simulated mean [95%% CI]</th>"
            "<th>verdict</th><th>source</th><th>note</th></tr>\n",
            v->replications, agreeing(&t), t.n_rows, v->variants ? "<th>variant</th>" : "");
    for (size_t r = 0; r < t.n_rows; r++) {
        struct row w = row_at(&t, r);
        char sim[160];
        rp_fmt_ci_units(sim, sizeof sim, w.ci, w.units);
        fputs("<tr>", f);
        cell(f, w.kpi, false);
        if (v->variants)
            cell(f, w.variant, false);
        cell(f, w.observed, true);
        cell(f, sim, true);
        fprintf(f, "<td style=\"color:%s\"><b>",
                strcmp(w.verdict, "agree") == 0 ? "#2a7d2a" : "#c0392b");
        rp_html_text(f, w.verdict);
        fputs("</b></td>", f);
        cell(f, w.source, false);
        cell(f, w.note, false);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    ur_table_free(&t);
}
