/* Station: a generic multi-server queue (see station.c for the model). */
#ifndef URSIM_MODELS_STATION_H
#define URSIM_MODELS_STATION_H

#include <stdbool.h>

#include <ursim/model.h>

/* arrivals: {rate: 36/min} — Poisson; later issues generalise this mapping. */
struct station_arrivals {
    double rate_per_s;
};

/* breakdowns: per server, up for time_between_failures, then down for time_to_repair. */
struct station_breakdowns {
    struct ur_dist time_between_failures;
    struct ur_dist time_to_repair;
};

/* One item of the scenario's `stations:` list. */
struct station_config {
    const char *name;
    struct station_arrivals arrivals;
    long servers;
    struct ur_dist service;
    struct ur_dist patience; /* kind UR_DIST_NONE: visitors never renege */
    bool has_capacity;
    long capacity;           /* waiting places (not counting those in service) */
    bool has_breakdowns;
    struct station_breakdowns breakdowns;
};

extern const struct ur_schema station_schema;
extern const struct ur_model_ops station_ops;

#endif
