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
#include <stdio.h>
#include <string.h>

#include "station.h"

#define NAME_MAX_CHARS 100

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

static const struct ur_field outage_fields[] = {
    {.key = "start",
     .type = UR_T_DURATION,
     .offset = offsetof(struct station_outage, start_s),
     .flags = UR_F_REQUIRED,
     .doc = "when the system goes down, from the start of the run (e.g. 11h)"},
    {.key = "duration",
     .type = UR_T_DURATION,
     .offset = offsetof(struct station_outage, duration_s),
     .flags = UR_F_REQUIRED,
     .doc = "how long it stays down"},
};
static const struct ur_schema outage_schema =
    UR_SCHEMA("outage", struct station_outage, outage_fields, NULL, "one scheduled outage");

static const struct ur_field outages_fields[] = {
    {.key = "at",
     .type = UR_T_LIST,
     .offset = offsetof(struct station_outages, at),
     .sub = &outage_schema,
     .doc = "scheduled outages, e.g. [{start: 11h, duration: 90min}]"},
    {.key = "time_between_outages",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_outages, time_between_outages),
     .given = UR_GIVEN(struct station_outages, has_random),
     .doc = "random outages: time from one restoration to the next outage"},
    {.key = "time_to_restore",
     .type = UR_T_DIST,
     .offset = offsetof(struct station_outages, time_to_restore),
     .doc = "random outages: how long each lasts (required with time_between_outages)"},
};
static const struct ur_schema outages_schema =
    UR_SCHEMA("outages", struct station_outages, outages_fields, NULL,
              "whole-system outages: every server down at once (ticketing or payment down); "
              "visitors in service wait and resume");

static const struct ur_field shift_fields[] = {
    {.key = "start", .type = UR_T_DURATION, .offset = offsetof(struct station_shift, start_s),
     .flags = UR_F_REQUIRED, .max = 86400, .doc = "time of day the shift begins, e.g. 8h"},
    {.key = "servers", .type = UR_T_INT, .offset = offsetof(struct station_shift, servers),
     .flags = UR_F_REQUIRED, .min = 0, .max = 100000, .doc = "servers open during it"},
};
static const struct ur_schema shift_schema =
    UR_SCHEMA("shift", struct station_shift, shift_fields, NULL, "one shift change");

static const struct ur_field balk_fields[] = {
    {.key = "queue_length",
     .type = UR_T_INT,
     .offset = offsetof(struct station_balk, queue_length),
     .given = UR_GIVEN(struct station_balk, has_queue_length),
     .min = 0,
     .max = 1e9,
     .doc = "visitors waiting at or above which an arrival may turn away"},
    {.key = "shown_wait",
     .type = UR_T_DURATION,
     .offset = offsetof(struct station_balk, shown_wait_s),
     .given = UR_GIVEN(struct station_balk, has_shown_wait),
     .doc = "wait shown at the entrance ((waiting + 1) x mean service / servers up) at or "
            "above which an arrival may turn away"},
    {.key = "probability",
     .type = UR_T_REAL,
     .offset = offsetof(struct station_balk, probability),
     .min = 0,
     .max = 1,
     .def = "1",
     .doc = "chance that such an arrival turns away"},
};
static const struct ur_schema balk_schema =
    UR_SCHEMA("balk", struct station_balk, balk_fields, NULL,
              "balking on what an arrival sees: give queue_length or shown_wait (or both: "
              "either one puts it off)");

/* The queue's keys, declared once and placed at `base` within the struct
 * being filled: flat in a `stations:` item, alone in a site's `ticket:`. */
#define QUEUE_FIELDS(base)                                                                         \
    {.key = "servers",                                                                             \
     .type = UR_T_INT,                                                                             \
     .offset = (base) + offsetof(struct station_queue_config, servers),                           \
     .min = 1,                                                                                     \
     .max = 100000,                                                                                \
     .def = "1",                                                                                   \
     .doc = "identical servers (windows, gates, counters) open at the start"},                    \
        {.key = "max_servers",                                                                     \
         .type = UR_T_INT,                                                                         \
         .offset = (base) + offsetof(struct station_queue_config, max_servers),                   \
         .min = 0,                                                                                 \
         .max = 100000,                                                                            \
         .def = "0",                                                                               \
         .doc = "servers that exist, of which a plan may open more than `servers` (0: as many "   \
                "as servers)"},                                                                    \
        {.key = "service",                                                                         \
         .type = UR_T_DIST,                                                                        \
         .offset = (base) + offsetof(struct station_queue_config, service),                       \
         .flags = UR_F_REQUIRED,                                                                   \
         .doc = "service time of one visitor"},                                                    \
        {.key = "patience",                                                                        \
         .type = UR_T_DIST,                                                                        \
         .offset = (base) + offsetof(struct station_queue_config, patience),                      \
         .doc = "how long a visitor waits before giving up (reneging); absent: waits forever"},   \
        {.key = "capacity",                                                                        \
         .type = UR_T_INT,                                                                         \
         .offset = (base) + offsetof(struct station_queue_config, capacity),                      \
         .given = (base) + UR_GIVEN(struct station_queue_config, has_capacity),                   \
         .min = 0,                                                                                 \
         .max = 1e9,                                                                               \
         .doc = "waiting places, not counting visitors in service; an arrival finding them "      \
                "full balks; absent: unlimited"},                                                  \
        {.key = "balk",                                                                            \
         .type = UR_T_STRUCT,                                                                      \
         .offset = (base) + offsetof(struct station_queue_config, balk),                          \
         .given = (base) + UR_GIVEN(struct station_queue_config, has_balk),                       \
         .sub = &balk_schema,                                                                      \
         .doc = "arrivals put off by a long queue or a long shown wait; absent: none"},           \
        {.key = "breakdowns",                                                                      \
         .type = UR_T_STRUCT,                                                                      \
         .offset = (base) + offsetof(struct station_queue_config, breakdowns),                    \
         .given = (base) + UR_GIVEN(struct station_queue_config, has_breakdowns),                 \
         .sub = &breakdowns_schema,                                                                \
         .doc = "per-server failures and repairs; absent: servers never fail"},                   \
        {.key = "shifts",                                                                          \
         .type = UR_T_LIST,                                                                        \
         .offset = (base) + offsetof(struct station_queue_config, shifts),                        \
         .sub = &shift_schema,                                                                     \
         .doc = "daily staffing: from each start (time of day), that many servers are open "      \
                "(at most max_servers); `servers` holds until the first shift of the run"},       \
    {                                                                                              \
        .key = "outages", .type = UR_T_STRUCT,                                                     \
        .offset = (base) + offsetof(struct station_queue_config, outages),                        \
        .given = (base) + UR_GIVEN(struct station_queue_config, has_outages),                     \
        .sub = &outages_schema, .doc = "whole-system outages; absent: none"                       \
    }

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
     .sub = &ur_arrivals_schema,
     .doc = "arrival process: {rate: 36/min} (Poisson), or with a profile, days, surges, a "
            "total and group sizes"},
    QUEUE_FIELDS(offsetof(struct station_config, q)),
};

static const struct ur_field queue_fields[] = {QUEUE_FIELDS(0)};

/* What only the queue knows: up times that cannot all be zero (a server
 * failing again at the instant it is repaired would stall the clock), and
 * outage settings that come in pairs. `prefix` names the keys ("ticket." in
 * a site, "" in a station). */
static void queue_check(const struct station_queue_config *q, struct ur_check *ck,
                        const char *prefix)
{
    char key[128];
    if (q->max_servers != 0 && q->max_servers < q->servers) {
        snprintf(key, sizeof key, "%smax_servers", prefix);
        ur_check_error(ck, key, "max_servers (%ld) must be at least servers (%ld), or 0",
                       q->max_servers, q->servers);
    }
    if (q->has_breakdowns && !(q->breakdowns.time_between_failures.mean > 0)) {
        snprintf(key, sizeof key, "%sbreakdowns.time_between_failures", prefix);
        ur_check_error(ck, key, "time_between_failures must have a mean greater than 0s");
    }
    if (q->has_outages) {
        const struct station_outages *o = &q->outages;
        bool restore = o->time_to_restore.kind != UR_DIST_NONE;
        if (o->has_random && !restore) {
            snprintf(key, sizeof key, "%soutages", prefix);
            ur_check_error(ck, key, "time_between_outages needs time_to_restore, e.g. "
                                    "`time_to_restore: {dist: lognormal, mean: 45min, cv: 0.5}`");
        } else if (restore && !o->has_random) {
            snprintf(key, sizeof key, "%soutages.time_to_restore", prefix);
            ur_check_error(ck, key, "time_to_restore needs time_between_outages");
        } else if (o->has_random && !(o->time_between_outages.mean > 0)) {
            snprintf(key, sizeof key, "%soutages.time_between_outages", prefix);
            ur_check_error(ck, key, "time_between_outages must have a mean greater than 0s");
        }
    }
    const struct station_shift *sh = q->shifts.items;
    long most = q->max_servers > q->servers ? q->max_servers : q->servers;
    for (size_t k = 0; k < q->shifts.n; k++) {
        snprintf(key, sizeof key, "%sshifts.%zu", prefix, k);
        if (k > 0 && !(sh[k].start_s > sh[k - 1].start_s))
            ur_check_error(ck, key, "shifts must be in increasing time of day");
        else if (sh[k].servers > most)
            ur_check_error(ck, key, "%ld servers, but only %ld exist: raise max_servers",
                           sh[k].servers, most);
    }
    if (q->has_balk && !q->balk.has_queue_length && !q->balk.has_shown_wait) {
        snprintf(key, sizeof key, "%sbalk", prefix);
        ur_check_error(ck, key, "balk needs queue_length or shown_wait, e.g. "
                                "`balk: {shown_wait: 2h, probability: 0.5}`");
    }
}

static void station_queue_check(const void *obj, struct ur_check *ck)
{
    queue_check(obj, ck, "");
}

/* `total:` needs the horizon: the shape must not be zero all run long. */
void station_check_run(const struct ur_list *config, const struct ur_run_config *run,
                       struct ur_check *ck)
{
    const struct station_config *c = config->items;
    for (size_t i = 0; i < config->n; i++) {
        const char *why = NULL;
        struct ur_arrivals *a = ur_arrivals_new(&c[i].arrivals, run->horizon_s, &why);
        ur_arrivals_free(a);
        if (!a && why) {
            char key[64];
            snprintf(key, sizeof key, "%zu.arrivals%s", i, c[i].arrivals.has_total ? ".total" : "");
            ur_check_error(ck, key, "%s", why);
        }
    }
}

const struct ur_schema station_queue_schema =
    UR_SCHEMA("queue", struct station_queue_config, queue_fields, station_queue_check,
              "a multi-server FIFO queue: servers, service, patience, waiting room, balking, "
              "breakdowns and outages");

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
    queue_check(&c->q, ck, "");
}

const struct ur_schema station_schema =
    UR_SCHEMA("station", struct station_config, station_fields, station_check,
              "a multi-server queue: Poisson arrivals, FIFO, optional patience, waiting room "
              "and breakdowns");
