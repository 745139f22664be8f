/* What the response shows the emergency plan and lets it do.
 *
 *   open_incidents   cases created and not closed (a count, city-wide)
 *   sink_staff       sends up to `count` free responders of a department's
 *                    home teams into the grid units with the most work
 *                    waiting, arriving after the sinking policy's mobilise
 *                    delay (response_staff.c; logged with how many were
 *                    free to go)
 *   joint_command    puts the response under its `joint_command:`
 *                    governance for every work order dispatched from then
 *                    on (cases already dispatched keep their course)
 * And the sensing of the governance in force: how late and how noisily the
 * plan sees its metrics (governance.sensing), the default of every trigger.
 */
#include <stdio.h>

#include "response_internal.h"

static double open_incidents(void *model, long object, double now_s, double window_s)
{
    (void)object, (void)now_s, (void)window_s;
    return (double)resp_open_cases(model);
}

static double sink_staff(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct resp *r = model;
    int d = resp_department_index(r, a->department);
    long moved = resp_sink(r, (size_t)d, a->count);
    snprintf(detail, size, "%s: %ld of %ld asked for sent into grids", a->department, moved,
             a->count);
    return (double)moved;
}

static double joint_command(void *model, const struct board_args *a, char *detail, size_t size)
{
    (void)a;
    bool now = resp_joint_command(model);
    snprintf(detail, size, "%s",
             now ? "response under joint command (its governance for new work orders)"
                 : "response already under joint command");
    return now ? 1.0 : 0.0;
}

/* Under the governance in force: joint command may see sooner. */
static void sensing(void *model, double *delay_s, double *noise)
{
    const struct resp *r = model;
    *delay_s = r->gov->sensing.delay_s;
    *noise = r->gov->sensing.noise;
}

static const struct board_metric metrics[] = {
    {.name = "open_incidents", .unit = BOARD_COUNT, .scope = BOARD_CITY,
     .value = open_incidents},
};

static const struct board_action actions[] = {
    {.name = "sink_staff", .needs = BOARD_NEEDS_COUNT, .check = resp_check_sink_action,
     .run = sink_staff},
    {.name = "joint_command", .check = resp_check_joint_action, .run = joint_command},
};

static long find(void *model, enum board_scope scope, const char *name)
{
    (void)model, (void)scope, (void)name;
    return -1; /* the response's metric is city-wide */
}

static void need(const void *cfg, enum board_scope scope, struct ur_check *ck, const char *key,
                 const char *name)
{
    (void)cfg, (void)scope, (void)ck, (void)key, (void)name; /* names no objects */
}

const struct board_decl resp_board = {
    .name = "response",
    .metrics = metrics,
    .n_metrics = sizeof metrics / sizeof metrics[0],
    .actions = actions,
    .n_actions = sizeof actions / sizeof actions[0],
    .absent = "`response:` in the city (who handles incidents)",
    .need = need,
    .find = find,
    .sensing = sensing,
};
