/* Inline SVG charts (svg.h): a plot area with nice ticks, then paths in
 * user units. Colours are a fixed palette that reads in grey too. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "svg.h"

#define W 760.0
#define H 260.0
#define LEFT 70.0
#define RIGHT 20.0
#define TOP 14.0
#define BOTTOM 34.0

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                      "#8c564b", "#e377c2", "#17becf"};
#define N_COLOURS (sizeof palette / sizeof palette[0])

void rp_html_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

struct axis {
    double lo, hi, step;
};

/* A range with round ticks (1, 2, 5 x 10^k), about 5 of them. */
static struct axis nice(double lo, double hi)
{
    if (!(hi > lo)) {
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad, hi += pad;
    }
    double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), r = raw / mag;
    double step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
    return (struct axis){floor(lo / step) * step, ceil(hi / step) * step, step};
}

static double px(struct axis a, double v, double from, double to)
{
    return from + (v - a.lo) / (a.hi - a.lo) * (to - from);
}

static void range_of(const double *v, size_t n, double *lo, double *hi)
{
    for (size_t k = 0; v && k < n; k++)
        if (isfinite(v[k])) {
            *lo = fmin(*lo, v[k]);
            *hi = fmax(*hi, v[k]);
        }
}

static void y_ticks(FILE *f, struct axis y, const char *label)
{
    for (double t = y.lo; t <= y.hi + y.step * 1e-9; t += y.step) {
        double py = px(y, t, H - BOTTOM, TOP);
        char num[32];
        rp_fmt_num(num, sizeof num, fabs(t) < y.step * 1e-9 ? 0 : t);
        fprintf(f, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                   "<text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n",
                LEFT, W - RIGHT, py, py, LEFT - 6, py + 4, num);
    }
    fprintf(f, "<text x=\"12\" y=\"%g\" class=\"label\" transform=\"rotate(-90 12 %g)\" "
               "text-anchor=\"middle\">", (H - BOTTOM + TOP) / 2, (H - BOTTOM + TOP) / 2);
    rp_html_text(f, label);
    fputs("</text>\n", f);
}

static void time_ticks(FILE *f, struct axis x, const char *start)
{
    /* ticks at whole hours: the step rounded to 1, 2, 3, 6, 12 h or days */
    static const double hours[] = {1, 2, 3, 6, 12, 24, 48, 168, 720};
    double span_h = (x.hi - x.lo) / 3600, step_h = hours[0];
    for (size_t i = 0; i < sizeof hours / sizeof hours[0] && span_h / hours[i] > 8; i++)
        step_h = i + 1 < sizeof hours / sizeof hours[0] ? hours[i + 1] : hours[i];
    for (double t = ceil(x.lo / 3600 / step_h) * step_h * 3600; t <= x.hi; t += step_h * 3600) {
        char when[40];
        rp_fmt_time(when, sizeof when, t, start);
        fprintf(f, "<text x=\"%.1f\" y=\"%g\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
                px(x, t, LEFT, W - RIGHT), H - BOTTOM + 16,
                strchr(when, ' ') && step_h < 24 ? strchr(when, ' ') + 1 : when);
    }
}

/* A path through the finite points; a NaN breaks the line. */
static void polyline(FILE *f, struct axis x, struct axis y, const double *xs, const double *v,
                     size_t n, const char *colour)
{
    fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" d=\"", colour);
    bool pen = false;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(v[k])) {
            pen = false;
            continue;
        }
        fprintf(f, "%c%.1f %.1f ", pen ? 'L' : 'M', px(x, xs[k], LEFT, W - RIGHT),
                px(y, v[k], H - BOTTOM, TOP));
        pen = true;
    }
    fputs("\"/>\n", f);
}

/* The band as polygons over runs of finite points. */
static void band(FILE *f, struct axis x, struct axis y, const double *xs, const struct rp_line *l,
                 size_t n, const char *colour)
{
    for (size_t a = 0; a < n;) {
        while (a < n && !(isfinite(l->lo[a]) && isfinite(l->hi[a])))
            a++;
        size_t b = a;
        while (b < n && isfinite(l->lo[b]) && isfinite(l->hi[b]))
            b++;
        if (b > a) {
            fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" d=\"", colour);
            for (size_t k = a; k < b; k++)
                fprintf(f, "%c%.1f %.1f ", k == a ? 'M' : 'L', px(x, xs[k], LEFT, W - RIGHT),
                        px(y, l->hi[k], H - BOTTOM, TOP));
            for (size_t k = b; k-- > a;)
                fprintf(f, "L%.1f %.1f ", px(x, xs[k], LEFT, W - RIGHT),
                        px(y, l->lo[k], H - BOTTOM, TOP));
            fputs("Z\"/>\n", f);
        }
        a = b;
    }
}

static void legend(FILE *f, const struct rp_line *lines, size_t n_lines)
{
    for (size_t i = 0; n_lines > 1 && i < n_lines; i++) {
        double lx = LEFT + 10 + 150.0 * (double)i;
        fprintf(f, "<rect x=\"%.0f\" y=\"%g\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                   "<text x=\"%.0f\" y=\"%g\" class=\"tick\">", lx, TOP + 4,
                palette[i % N_COLOURS], lx + 16, TOP + 9);
        rp_html_text(f, lines[i].label);
        fputs("</text>\n", f);
    }
}

void rp_svg_band(FILE *f, const char *y_label, const double *x_s, size_t n,
                 const struct rp_line *lines, size_t n_lines, const double *mark_s,
                 size_t n_marks, const char *start)
{
    double ylo = INFINITY, yhi = -INFINITY, xlo = INFINITY, xhi = -INFINITY;
    range_of(x_s, n, &xlo, &xhi);
    for (size_t i = 0; i < n_lines; i++) {
        range_of(lines[i].mean, n, &ylo, &yhi);
        range_of(lines[i].lo, n, &ylo, &yhi);
        range_of(lines[i].hi, n, &ylo, &yhi);
    }
    if (!isfinite(ylo) || !isfinite(xlo))
        return;
    ylo = fmin(ylo, 0);
    struct axis x = {fmin(0, xlo), xhi, 1}, y = nice(ylo, yhi);
    if (!(x.hi > x.lo))
        x.hi = x.lo + 1;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\">\n",
            W, H);
    y_ticks(f, y, y_label);
    time_ticks(f, x, start);
    for (size_t m = 0; m < n_marks; m++)
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%g\" y2=\"%g\" class=\"mark\"/>\n",
                px(x, mark_s[m], LEFT, W - RIGHT), px(x, mark_s[m], LEFT, W - RIGHT), TOP,
                H - BOTTOM);
    for (size_t i = 0; i < n_lines; i++)
        if (lines[i].lo && lines[i].hi)
            band(f, x, y, x_s, &lines[i], n, palette[i % N_COLOURS]);
    for (size_t i = 0; i < n_lines; i++)
        polyline(f, x, y, x_s, lines[i].mean, n, palette[i % N_COLOURS]);
    legend(f, lines, n_lines);
    fputs("</svg>\n", f);
}

void rp_svg_bars(FILE *f, const char *x_label, const char *const *labels, const double *mean,
                 const double *lo, const double *hi, size_t n)
{
    double vlo = 0, vhi = -INFINITY;
    range_of(mean, n, &vlo, &vhi);
    range_of(lo, n, &vlo, &vhi);
    range_of(hi, n, &vlo, &vhi);
    if (!isfinite(vhi) || n == 0)
        return;
    const double label_w = 230, row = 22, h = TOP + row * (double)n + BOTTOM;
    struct axis x = nice(vlo, fmax(vhi, 0));
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\">\n",
            W, h);
    for (double t = x.lo; t <= x.hi + x.step * 1e-9; t += x.step) {
        double tx = px(x, t, label_w, W - RIGHT);
        char num[32];
        rp_fmt_num(num, sizeof num, fabs(t) < x.step * 1e-9 ? 0 : t);
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%g\" y2=\"%g\" class=\"grid\"/>"
                   "<text x=\"%.1f\" y=\"%g\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
                tx, tx, TOP, h - BOTTOM, tx, h - BOTTOM + 14, num);
    }
    double zero = px(x, 0, label_w, W - RIGHT);
    for (size_t i = 0; i < n; i++) {
        double y0 = TOP + row * (double)i, m = isfinite(mean[i]) ? mean[i] : 0;
        double a = px(x, fmin(0, m), label_w, W - RIGHT), b = px(x, fmax(0, m), label_w, W - RIGHT);
        fprintf(f, "<text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", label_w - 8,
                y0 + 15);
        rp_html_text(f, labels[i]);
        fprintf(f, "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n",
                a, y0 + 4, b - a, palette[0]);
        if (lo && hi && isfinite(lo[i]) && isfinite(hi[i]))
            fprintf(f, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
                       "stroke=\"#222\" stroke-width=\"1.2\"/>\n",
                    px(x, lo[i], label_w, W - RIGHT), y0 + 11, px(x, hi[i], label_w, W - RIGHT),
                    px(x, lo[i], label_w, W - RIGHT), y0 + 7, y0 + 15,
                    px(x, hi[i], label_w, W - RIGHT), y0 + 7, y0 + 15);
    }
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%g\" y2=\"%g\" stroke=\"#444\"/>\n", zero,
            zero, TOP, h - BOTTOM);
    fprintf(f, "<text x=\"%g\" y=\"%g\" class=\"label\" text-anchor=\"middle\">",
            (label_w + W - RIGHT) / 2, h - 4);
    rp_html_text(f, x_label);
    fputs("</text></svg>\n", f);
}

void rp_svg_timeline(FILE *f, const char *const *source, const char *const *text,
                     const double *t_s, size_t n, double horizon_s, const char *start)
{
    const char *rows[16];
    size_t n_rows = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = 0;
        while (r < n_rows && strcmp(rows[r], source[i]) != 0)
            r++;
        if (r == n_rows && n_rows < 16)
            rows[n_rows++] = source[i];
    }
    const double label_w = 200, row = 24, h = TOP + row * (double)n_rows + BOTTOM;
    struct axis x = {0, horizon_s > 0 ? horizon_s : 1, 1};
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\">\n",
            W, h);
    for (size_t r = 0; r < n_rows; r++) {
        double y0 = TOP + row * (double)r + 12;
        fprintf(f, "<text x=\"%g\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", label_w - 8,
                y0 + 4);
        rp_html_text(f, rows[r]);
        fprintf(f, "</text><line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n",
                label_w, W - RIGHT, y0, y0);
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = 0;
        while (r < n_rows && strcmp(rows[r], source[i]) != 0)
            r++;
        if (r == n_rows || !isfinite(t_s[i]))
            continue;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>",
                px(x, t_s[i], label_w, W - RIGHT), TOP + row * (double)r + 12,
                palette[r % N_COLOURS]);
        char when[40];
        rp_fmt_time(when, sizeof when, t_s[i], start);
        rp_html_text(f, when);
        fputs(" ", f);
        rp_html_text(f, text[i]);
        fputs("</title></circle>\n", f);
    }
    for (int k = 0; k <= 6; k++) {
        double t = x.hi * k / 6;
        char when[40];
        rp_fmt_time(when, sizeof when, t, start);
        char *space = strrchr(when, ' '); /* a day or less: the time; else the date */
        if (space && x.hi <= 86400 * 1.01)
            memmove(when, space + 1, strlen(space));
        else if (space && start)
            *space = '\0';
        fprintf(f, "<text x=\"%.1f\" y=\"%g\" class=\"tick\" text-anchor=\"middle\">%s</text>\n",
                px(x, t, label_w, W - RIGHT), h - BOTTOM + 16, when);
    }
    fputs("</svg>\n", f);
}
