/* The board: what the models of a city show its emergency plan, and what
 * they let the plan do. A model declares, once and statically, its metrics
 * (a name, a unit, what it is read at) and its actions (a name, the
 * arguments they need, the checks only the model can make); when it is
 * created it pins itself to the board. The plan (models/plan/) reads
 * metrics and fires actions through the board alone: it knows no model,
 * and a model knows no plan.
 *
 *     static const struct board_metric metrics[] = {
 *         {.name = "open_incidents", .unit = BOARD_COUNT, .scope = BOARD_CITY,
 *          .value = open_incidents},
 *     };
 *     const struct board_decl resp_board = {.name = "response", .metrics = metrics, ...};
 *     ...
 *     board_add(board, &resp_board, r);
 */
#ifndef URSIM_MODELS_BOARD_H
#define URSIM_MODELS_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include <ursim/schema.h>

/* How a metric is measured; a trigger's threshold is written in it. */
enum board_unit { BOARD_COUNT, BOARD_WAIT, BOARD_RATE };

/* What a metric is read at, or what an action names. */
enum board_scope {
    BOARD_CITY,         /* the whole city */
    BOARD_SITE,         /* one site (`site:`) */
    BOARD_TAXI,         /* one taxi stand (`taxi:`) */
    BOARD_CITY_OR_SITE, /* the city, or one site when `site:` is given */
};

/* An action as the plan's file gives it: `do:` and its arguments. */
struct board_args {
    const char *kind; /* `do:` */
    const char *site, *taxi, *department;
    bool has_count, has_by;
    long count;  /* windows, visitors, volunteers or responders */
    double by_s; /* a duration (extend_hours) */
};

enum {
    BOARD_NEEDS_SITE = 1u << 0,
    BOARD_NEEDS_TAXI = 1u << 1,
    BOARD_NEEDS_COUNT = 1u << 2,
    BOARD_NEEDS_BY = 1u << 3,
};

struct board_metric {
    const char *name;
    enum board_unit unit;
    enum board_scope scope;
    /* The value now, at `object` (from the provider's find; -1: the city),
     * over the trigger's rolling window where the metric has one; NaN when
     * there is nothing to measure. */
    double (*value)(void *model, long object, double now_s, double window_s);
};

struct board_action {
    const char *name;
    unsigned needs; /* BOARD_NEEDS_*: checked by the plan */
    /* Checks only the model can make, at key `base` (the action's mapping);
     * cfg is the model's configuration, NULL when the city has none of it.
     * NULL: nothing more to check. */
    void (*check)(const void *cfg, const struct board_args *a, struct ur_check *ck,
                  const char *base);
    /* Carries it out; writes what it changed into detail and returns the
     * value the plan log shows. */
    double (*run)(void *model, const struct board_args *a, char *detail, size_t size);
};

struct board_decl {
    const char *name;
    const struct board_metric *metrics;
    size_t n_metrics;
    const struct board_action *actions;
    size_t n_actions;
    /* Said of a metric when the city has none of this model: "`response:`
     * in the city (who handles incidents)". */
    const char *absent;
    /* Load time: reports at `key` a missing or unknown object name. */
    void (*need)(const void *cfg, enum board_scope scope, struct ur_check *ck, const char *key,
                 const char *name);
    /* Run time: the object named `name` (-1: none, or the city). */
    long (*find)(void *model, enum board_scope scope, const char *name);
    /* How late (s) and how noisily (a coefficient of variation) the city's
     * command sees metrics now, by its organisation; NULL: this model does
     * not say. The plan takes the first model on the board that does. */
    void (*sensing)(void *model, double *delay_s, double *noise);
};

/* Load time: a model's declaration with its configuration (NULL: absent). */
struct board_view {
    const struct board_decl *decl;
    const void *cfg;
};

/* Run time: the models pinned to the board. */
#define BOARD_MAX 8
struct board {
    struct board_entry {
        const struct board_decl *decl;
        void *model;
    } entry[BOARD_MAX];
    size_t n;
};

void board_add(struct board *b, const struct board_decl *decl, void *model);
/* The metric or action named `name` among the declarations, NULL if none;
 * *at (may be NULL) is set to the index of the declaration holding it. */
const struct board_metric *board_find_metric(const struct board_decl *const *decls, size_t n,
                                             const char *name, size_t *at);
const struct board_action *board_find_action(const struct board_decl *const *decls, size_t n,
                                             const char *name, size_t *at);
/* "a, b, c": every metric (or action) name, in declaration order. */
void board_metric_names(const struct board_decl *const *decls, size_t n, char *buf, size_t size);
void board_action_names(const struct board_decl *const *decls, size_t n, char *buf, size_t size);

#endif
