/* How a model plugs in: a table of operations with designated initializers
 * (as ROSS's model types or SQLite's io_methods), and the environment it runs in.
 *
 *     const struct ur_model_ops station_ops = {
 *         .name = "station", .yaml_key = "stations", .schema = &station_schema,
 *         .create = station_create, .warmup_end = station_warmup_end,
 *         .finish = station_finish, .destroy = station_destroy,
 *     };
 *
 * The registry (models/registry.c) is the one list of models.
 */
#ifndef URSIM_MODEL_H
#define URSIM_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"

/* What a model sees of one (variant, replication). */
struct ur_env {
    struct ur_sim *sim;
    struct ur_rng_bank *rng;
    struct ur_rec *rec;
    const struct ur_scenario *scenario;
    uint64_t replication;
    double warmup_s, horizon_s;
    uint64_t arrivals;            /* counted through ur_env_arrival */
    uint64_t stop_after_arrivals; /* 0: no limit */
};

/* Models call this for every external arrival; the run stops after the
 * scenario's stop_after_arrivals-th. */
static inline void ur_env_arrival(struct ur_env *env)
{
    if (++env->arrivals == env->stop_after_arrivals)
        ur_sim_stop(env->sim);
}

struct ur_model_ops {
    const char *name;                 /* "station" */
    const char *yaml_key;             /* "stations": a sequence of `schema` */
    bool single;                      /* the key holds one mapping, not a sequence */
    const struct ur_schema *schema;
    const char *doc;
    /* Checks that need the run settings (e.g. the horizon), after every key
     * was bound; may be NULL. Keys are relative to the model's value
     * ("visitors.0.arrivals.total", or "0.arrivals.total" in a list). */
    void (*check_run)(const struct ur_list *config, const struct ur_run_config *run,
                      struct ur_check *ck);
    /* Builds state for every configured instance, registers handlers, series
     * and the sample callback, and schedules the first events. 0 or UR_E*. */
    int (*create)(struct ur_env *env, const struct ur_list *config, void **state);
    /* The warm-up ends at t_s: forget statistics gathered so far. */
    void (*warmup_end)(void *state, double t_s);
    /* The run ends at t_s: publish KPIs through ur_rec_kpi(env->rec, ...). */
    int (*finish)(void *state, double t_s);
    void (*destroy)(void *state);
};

extern const struct ur_model_ops *const ur_models[];
extern const size_t ur_n_models;

#endif
