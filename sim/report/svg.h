/* Charts as inline SVG, drawn in C: no script, no font or file from the
 * network; text is escaped, numbers are finite or left out. */
#ifndef URSIM_REPORT_SVG_H
#define URSIM_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* One line of a band chart: mean[k] with lo[k]..hi[k] shaded (NaN: gap). */
struct rp_line {
    const char *label;
    const double *mean, *lo, *hi;
};
/* A time chart of n points at x_s[k] (seconds of the run), one or more
 * lines, `marks` vertical markers at mark_s[] (the plan's actions), axis
 * labels as dates when `start` is given. */
void rp_svg_band(FILE *f, const char *y_label, const double *x_s, size_t n,
                 const struct rp_line *lines, size_t n_lines, const double *mark_s,
                 size_t n_marks, const char *start);
/* Horizontal bars with 95% intervals: one per label, around zero when
 * values take both signs. */
void rp_svg_bars(FILE *f, const char *x_label, const char *const *labels, const double *mean,
                 const double *lo, const double *hi, size_t n);
/* The plan's timeline: one row per source, a dot per event at t_s, the
 * event's text as a tooltip. */
void rp_svg_timeline(FILE *f, const char *const *source, const char *const *text,
                     const double *t_s, size_t n, double horizon_s, const char *start);
/* HTML/XML-escaped text. */
void rp_html_text(FILE *f, const char *s);

#endif
