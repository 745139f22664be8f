/* Formatting for people (fmt.h). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ursim/calendar.h>

#include "fmt.h"

const char *rp_units_for(const char *units, double magnitude, double *scale)
{
    *scale = 1;
    if (!units || strcmp(units, "s") != 0 || !isfinite(magnitude))
        return units ? units : "";
    double m = fabs(magnitude);
    if (m >= 2 * 3600.0)
        return *scale = 3600, "h";
    if (m >= 120)
        return *scale = 60, "min";
    return "s";
}

/* Decimals that show the half-width to two significant digits; -1 when
 * there is no interval to speak of. */
static int decimals(double half, double mean)
{
    if (!(half > 1e-9 * fabs(mean)) || !isfinite(half))
        return -1;
    int d = 1 - (int)floor(log10(half));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

void rp_fmt_num(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else if (fabs(v) >= 1e4 && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.4g", v);
}

void rp_fmt_ci(char *buf, size_t size, struct ur_ci ci, double scale)
{
    double mean = ci.mean / scale, half = ci.half / scale;
    int d = decimals(half, mean);
    if (ci.n == 0 || isnan(mean))
        snprintf(buf, size, "-");
    else if (d < 0)
        rp_fmt_num(buf, size, mean);
    else
        snprintf(buf, size, "%.*f [%.*f, %.*f]", d, mean, d, ci.lo / scale, d, ci.hi / scale);
}

void rp_fmt_ci_units(char *buf, size_t size, struct ur_ci ci, const char *units)
{
    double scale;
    const char *shown = rp_units_for(units, ci.mean, &scale);
    char num[96];
    rp_fmt_ci(num, sizeof num, ci, scale);
    bool unitless = !shown[0] || strcmp(shown, "1") == 0;
    snprintf(buf, size, "%s%s%s", num, unitless ? "" : " ", unitless ? "" : shown);
}

void rp_fmt_time(char *buf, size_t size, double t_s, const char *start)
{
    double base = start ? ur_calendar_parse(start) : -1;
    if (!isfinite(t_s)) {
        snprintf(buf, size, "-");
        return;
    }
    if (base >= 0) {
        ur_calendar_format(buf, size, base + t_s);
        return;
    }
    long long total = llround(t_s);
    long long day = (total >= 0 ? total : total - 86399) / 86400, sec = total - day * 86400;
    snprintf(buf, size, "day %lld %02lld:%02lld", day + 1, sec / 3600, sec / 60 % 60);
}
