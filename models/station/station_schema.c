/* The YAML keys of one item of `stations:`, declared once for the loader
 * (types, units, ranges, defaults, did-you-mean) and for `ursim schema`.
 *
 *   - name: windows
 *     arrivals: {rate: 36/min}
 *     servers: 40
 *     service: {dist: exponential, mean: 1min}
 *     patience: {dist: exponential, mean: 5min}
 *     capacity: 200
 *     breakdowns:
 *       time_between_failures: {dist: exponential, mean: 8h}
 *       time_to_repair: {dist: lognormal, mean: 20min, cv: 0.5}
 *
 * The loader already keeps every duration >= 0 and means > 0; the check
 * below adds what only the station knows: a name usable in result paths and
 * stream names, and up times that cannot all be zero (a server failing again
 * at the instant it is repaired would stall the clock).
 */
#include <stddef.h>
#include <string.h>

#include "station.h"

#define NAME_MAX_CHARS 100

static const struct ur_field arrivals_fields[] = {
    {.key = "rate",
     .type = UR_T_RATE,
     .offset = offsetof(struct station_arrivals, rate_per_s),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN,
     .doc = "mean arrival rate of the Poisson process, e.g. 36/min"},
};
static const struct ur_schema arrivals_schema =
    UR_SCHEMA("arrivals", struct station_arrivals, arrivals_fields, NULL,
              "how visitors arrive: a Poisson process (independent, exponential gaps)");

static const struct ur_field breakdowns_fields[] = {
    {.key = "time_between_failures",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_breakdowns, time_between_failures),
     .flags = UR_F_REQUIRED,
     .doc = "up time of a server between repairs, counted whether busy or idle"},
    {.key = "time_to_repair",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_breakdowns, time_to_repair),
     .flags = UR_F_REQUIRED,
     .doc = "down time; a visitor in service waits and resumes the rest of its service"},
};
static const struct ur_schema breakdowns_schema =
    UR_SCHEMA("breakdowns", struct station_breakdowns, breakdowns_fields, NULL,
              "per-server failures: each server alternates up and down periods");

static const struct ur_field station_fields[] = {
    {.key = "name",
     .type = UR_T_STRING,
     .offset = offsetof(struct station_config, name),
     .flags = UR_F_REQUIRED | UR_F_KEY,
     .doc = "unique name; results go under stations/<name>/"},
    {.key = "arrivals",
     .type = UR_T_STRUCT,
     .offset = offsetof(struct station_config, arrivals),
     .flags = UR_F_REQUIRED,
     .sub = &arrivals_schema,
     .doc = "arrival process, e.g. {rate: 36/min}"},
    {.key = "servers",
     .type = UR_T_INT,
     .offset = offsetof(struct station_config, servers),
     .min = 1,
     .max = 100000,
     .def = "1",
     .doc = "identical servers (windows, gates, counters) working in parallel"},
    {.key = "service",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_config, service),
     .flags = UR_F_REQUIRED,
     .doc = "service time of one visitor"},
    {.key = "patience",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_config, patience),
     .doc = "how long a visitor waits before giving up (reneging); absent: waits forever"},
    {.key = "capacity",
     .type = UR_T_INT,
     .offset = offsetof(struct station_config, capacity),
     .given = UR_GIVEN(struct station_config, has_capacity),
     .min = 0,
     .max = 1e9,
     .doc = "waiting places, not counting visitors in service; an arrival finding them "
            "full balks; absent: unlimited"},
    {.key = "breakdowns",
     .type = UR_T_STRUCT,
     .offset = offsetof(struct station_config, breakdowns),
     .given = UR_GIVEN(struct station_config, has_breakdowns),
     .sub = &breakdowns_schema,
     .doc = "per-server failures and repairs; absent: servers never fail"},
};

static void station_check(const void *obj, struct ur_check *ck)
{
    const struct station_config *c = obj;
    size_t len = strlen(c->name);
    if (len == 0 || len > NAME_MAX_CHARS)
        ur_check_error(ck, "name", "name must have 1 to %d characters, got %zu", NAME_MAX_CHARS,
                       len);
    else if (strchr(c->name, '/'))
        ur_check_error(ck, "name", "name '%s' must not contain '/' (it is part of result paths)",
                       c->name);
    if (c->has_breakdowns && !(c->breakdowns.time_between_failures.mean > 0))
        ur_check_error(ck, "breakdowns.time_between_failures",
                       "time_between_failures must have a mean greater than 0s");
}

const struct ur_schema station_schema =
    UR_SCHEMA("station", struct station_config, station_fields, station_check,
              "a multi-server queue: Poisson arrivals, FIFO, optional patience, waiting room "
              "and breakdowns");
