/* Calendar times for `scenario.start`: ISO 8601 dates, UTC, proleptic
 * Gregorian, without time zones or leap seconds. */
#ifndef URSIM_CALENDAR_H
#define URSIM_CALENDAR_H

#include <stddef.h>

/* "2023-12-30" or "2023-12-30T08:00:00" (or with a space for the T):
 * seconds since 1970-01-01T00:00:00; -1 when malformed or out of range. */
double ur_calendar_parse(const char *text);
/* Seconds since 1970 as "2023-12-30 08:00" (to the minute). */
void ur_calendar_format(char *buf, size_t size, double epoch_s);

#endif
