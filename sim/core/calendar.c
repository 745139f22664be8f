/* Calendar times (calendar.h): days from a civil date and back by Howard
 * Hinnant's algorithms (exact over the proleptic Gregorian calendar), so no
 * time zone of the machine can shift a result. */
#include <math.h>
#include <stdio.h>

#include <ursim/calendar.h>

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

static int month_days(long y, long m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

double ur_calendar_parse(const char *text)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0, n2 = 0;
    if (!text || sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return -1;
    if (text[n] == 'T' || text[n] == ' ') {
        if (sscanf(text + n + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n2) != 3 || n2 != 8)
            return -1;
        n += 1 + n2;
    }
    if (text[n] != '\0' || y < 1000 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) ||
        h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
        return -1;
    return (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

void ur_calendar_format(char *buf, size_t size, double epoch_s)
{
    long long total = llround(epoch_s);
    long long day = (total >= 0 ? total : total - 86399) / 86400, sec = total - day * 86400;
    long y, m, d;
    civil_from_days((long)day, &y, &m, &d);
    snprintf(buf, size, "%04ld-%02ld-%02ld %02lld:%02lld", y, m, d, sec / 3600, sec / 60 % 60);
}
