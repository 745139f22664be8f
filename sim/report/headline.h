/* Which KPIs a reader sees first, decided by what the models declared
 * (ur_rec_headline, stored as headline_rank/better) rather than by a list of
 * paths:
 *   - the outcome: every KPI of rank 1; when no model marked one, each
 *     model's top-level KPIs (paths of two parts, "city/complaints"), run/
 *     left out;
 *   - the units: KPIs of rank 2 by family (same last name, as
 *     wait_served_p95 of every queue), each family shown by its worst
 *     member (highest when lower is better, lowest when higher is better);
 *   - the worst queue: the highest mean over replications of any series
 *     named queue_length, and when.
 */
#ifndef URSIM_REPORT_HEADLINE_H
#define URSIM_REPORT_HEADLINE_H

#include "view.h"

/* The outcome KPIs of g, at most max, in path order; *fallback tells
 * whether they were picked by the top-level rule. Returns how many. */
size_t rp_outcome_kpis(const struct rp_group *g, const struct rp_kpi **out, size_t max,
                       bool *fallback);

struct rp_family {
    const char *name;          /* the shared last name: "wait_served_p95" */
    const struct rp_kpi *worst;
    size_t members;
};
/* The families of KPIs of rank `rank`, in order of first appearance. */
size_t rp_families(const struct rp_group *g, int rank, struct rp_family *out, size_t max);
/* The last part of a path. */
const char *rp_leaf(const char *path);
/* Is a worse than b for a KPI whose better direction is `better`? */
bool rp_worse(double a, double b, int better);

struct rp_queue {
    char series[512]; /* below timeseries/: "sites/ice-snow-world/queue_length" */
    char units[64];
    double peak, t_s; /* mean over replications at its highest, and when */
    size_t n_queues;  /* series looked at */
};
/* False when the group has no queue_length series (or it is all NaN). */
bool rp_worst_queue(const struct rp_view *v, const struct rp_group *g, struct rp_queue *q);

#endif
