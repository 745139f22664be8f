/* Numbers, intervals and times as a person reads them: two significant
 * digits of the interval's half-width decide the decimals, seconds become
 * minutes or hours when long, and a time of the run is a calendar time when
 * the scenario gives its start (scenario.start), else "day N hh:mm". */
#ifndef URSIM_REPORT_FMT_H
#define URSIM_REPORT_FMT_H

#include <stddef.h>

#include <ursim/stats.h>

/* A value in `units` rescaled for reading: s -> min or h when long. Sets
 * *scale (divide by it) and returns the units to show. */
const char *rp_units_for(const char *units, double magnitude, double *scale);
/* "1234 [1100, 1300]" (no units); "1234" when the interval is empty or
 * zero; "-" when there is no value. Values divided by `scale` first. */
void rp_fmt_ci(char *buf, size_t size, struct ur_ci ci, double scale);
/* The same with units: "45.8 [41.0, 50.6] min". */
void rp_fmt_ci_units(char *buf, size_t size, struct ur_ci ci, const char *units);
/* A number alone, to about 4 significant digits. */
void rp_fmt_num(char *buf, size_t size, double v);
/* Time t_s of the run: "2023-12-30 14:15" from start (scenario.start, may
 * be NULL) or "day 2 14:15". */
void rp_fmt_time(char *buf, size_t size, double t_s, const char *start);

#endif
