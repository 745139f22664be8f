/* The emergency plan: triggers that watch a metric on the board
 * (models/common/board.h) and fire actions there after a decision delay.
 * It knows no model: what it can watch and do is what the models of the
 * city pinned to the board.
 *
 * The keys (`plan:` in the city) are declared here; the city's schema runs
 * plan_check with the board's declarations and the models' configurations.
 */
#ifndef URSIM_MODELS_PLAN_H
#define URSIM_MODELS_PLAN_H

#include <stdbool.h>

#include <ursim/model.h>

#include "../common/board.h"

/* What a trigger watches. */
struct plan_watch {
    const char *metric;
    const char *site;   /* a site for site metrics */
    const char *taxi;   /* a taxi stand for taxi metrics */
    double window_s;    /* rolling window of the metrics that have one */
    bool has_delay, has_noise;
    double delay_s;     /* seen this long after the fact (absent: the governance's sensing) */
    double noise;       /* cv of a multiplicative lognormal error (absent: likewise) */
    double forecast_s;  /* > 0: compare the value projected this far ahead */
    double trend_s;     /* ... from the linear trend of what was seen over this span */
};

/* A threshold in the metric's own unit: a count, a duration (waits) or a
 * rate (per hour); exactly one form is given. */
struct plan_level {
    bool has_count, has_wait, has_rate;
    double count, wait_s, rate_per_s;
};

struct plan_trigger {
    const char *name;
    struct plan_watch watch;
    struct plan_level above; /* fires when the metric stays >= above ... */
    double hold_s;           /* ... for this long */
    bool has_reset;
    struct plan_level reset_below; /* re-arms once it falls below (default: above) */
    double delay_s;          /* decision delay before the actions take effect */
    struct ur_list actions;  /* of struct board_args */
};

extern const struct ur_schema plan_trigger_schema;

/* Load time: triggers (a list of struct plan_trigger at key "plan") against
 * the models' declarations. */
void plan_check(const struct ur_list *plan, const struct board_view *views, size_t n_views,
                struct ur_check *ck);
/* The longest rolling window any trigger uses (0: none). */
double plan_max_window(const struct ur_list *plan);

struct plan;
/* Resolves every trigger on the board and schedules the checks, every
 * check_s, when there is a trigger. 0 or UR_ENOMEM. */
int plan_new(struct ur_env *env, const struct ur_list *triggers, double check_s,
             const struct board *board, struct plan **out);
void plan_free(struct plan *p);

#endif
