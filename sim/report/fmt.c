/* Formatting for people (fmt.h). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

double rp_parse_start(const char *start)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (!start || sscanf(start, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return -1;
    if (start[n] == 'T' || start[n] == ' ') {
        int n2 = 0;
        if (sscanf(start + n + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n2) != 3)
            return -1;
        n += 1 + n2;
    }
    if (start[n] != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
        return -1;
    return (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

void rp_fmt_time(char *buf, size_t size, double t_s, const char *start)
{
    double base = rp_parse_start(start);
    if (!isfinite(t_s)) {
        snprintf(buf, size, "-");
        return;
    }
    long long total = llround((base >= 0 ? base : 0) + t_s);
    long long day = (total >= 0 ? total : total - 86399) / 86400, sec = total - day * 86400;
    if (base >= 0) {
        long y, m, d;
        civil_from_days((long)day, &y, &m, &d);
        snprintf(buf, size, "%04ld-%02ld-%02ld %02lld:%02lld", y, m, d, sec / 3600, sec / 60 % 60);
    } else {
        snprintf(buf, size, "day %lld %02lld:%02lld", day + 1, sec / 3600, sec / 60 % 60);
    }
}
