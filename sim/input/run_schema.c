/* The `scenario:` mapping: what to call the run, how long to simulate, how
 * often to sample and how many replications to run. The check keeps the
 * time axis sane: a warm-up must leave something to measure, and the number
 * of time-series samples per replication is bounded (memory grows with it). */
#include <stddef.h>

#include <ursim/calendar.h>
#include <ursim/scenario.h>

#include "input.h"

#define MAX_SAMPLES 1e7
#define SEED_MAX 4611686018427387904.0 /* 2^62 */

static const struct ur_field run_fields[] = {
    {.key = "name",
     .type = UR_T_STRING,
     .offset = offsetof(struct ur_run_config, name),
     .flags = UR_F_REQUIRED,
     .doc = "name of the scenario, written to the results"},
    {.key = "horizon",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_run_config, horizon_s),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN,
     .doc = "simulated time of each replication"},
    {.key = "warmup",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_run_config, warmup_s),
     .def = "0s",
     .doc = "initial period left out of the KPIs (must be shorter than horizon)"},
    {.key = "sample_interval",
     .type = UR_T_DURATION,
     .offset = offsetof(struct ur_run_config, sample_interval_s),
     .flags = UR_F_MIN_OPEN,
     .def = "15min",
     .doc = "time between two points of the time series"},
    {.key = "replications",
     .type = UR_T_INT,
     .offset = offsetof(struct ur_run_config, replications),
     .min = 1,
     .max = 100000,
     .def = "10",
     .doc = "independent runs, each with its own random streams"},
    {.key = "seed",
     .type = UR_T_INT,
     .offset = offsetof(struct ur_run_config, seed),
     .min = 0,
     .max = SEED_MAX,
     .def = "1",
     .doc = "base seed; the same seed gives the same results"},
    {.key = "stop_after_arrivals",
     .type = UR_T_INT,
     .offset = offsetof(struct ur_run_config, stop_after_arrivals),
     .min = 0,
     .max = 1e15,
     .def = "0",
     .doc = "end a replication after this many arrivals (0: no limit)"},
    {.key = "start",
     .type = UR_T_STRING,
     .offset = offsetof(struct ur_run_config, start),
     .doc = "calendar date and time of t = 0, UTC (`2023-12-30` or `2023-12-30T08:00:00`); "
            "the results' time axis is then \"seconds since\" it, and the summary and "
            "report show dates"},
};

static void run_check(const void *obj, struct ur_check *ck)
{
    const struct ur_run_config *run = obj;
    char warmup[48], horizon[48], interval[48];
    in_format(warmup, sizeof warmup, UR_T_DURATION, run->warmup_s);
    in_format(horizon, sizeof horizon, UR_T_DURATION, run->horizon_s);
    in_format(interval, sizeof interval, UR_T_DURATION, run->sample_interval_s);
    if (run->warmup_s >= run->horizon_s)
        ur_check_error(ck, "warmup", "warmup (%s) must be shorter than horizon (%s)", warmup,
                       horizon);
    if (run->start && ur_calendar_parse(run->start) < 0)
        ur_check_error(ck, "start",
                       "start '%s' is not a calendar date: write YYYY-MM-DD or "
                       "YYYY-MM-DDThh:mm:ss (UTC), e.g. 2023-12-30T08:00:00",
                       run->start);
    if (run->sample_interval_s > run->horizon_s) {
        ur_check_error(ck, "sample_interval",
                       "sample_interval (%s) must not be longer than horizon (%s)", interval,
                       horizon);
    } else if (run->horizon_s / run->sample_interval_s > MAX_SAMPLES) {
        char least[48];
        in_format(least, sizeof least, UR_T_DURATION, run->horizon_s / MAX_SAMPLES);
        ur_check_error(ck, "sample_interval",
                       "sample_interval (%s) gives %.3g samples over horizon (%s); at most 1e7 "
                       "are allowed: use a sample_interval of at least %s",
                       interval, run->horizon_s / run->sample_interval_s, horizon, least);
    }
}

const struct ur_schema ur_run_schema = UR_SCHEMA("scenario", struct ur_run_config, run_fields,
                                                 run_check, "run settings shared by all models");
