/* Where the response saturates: per pool of responders (a department's
 * street or district team, or its staff sunk into one unit), per street,
 * and the worst pool, over the window (after warm-up). A department's
 * average hides a saturated team; these do not.
 *
 *   backlog_mean  time-average of the tasks waiting in the pool's queue
 *                 (integral of the queue length / window length)
 *   backlog_max   most tasks waiting at once
 *   first_response_mean  registration to the pool's responder first on
 *                 site, mean over its tasks (min)
 *   utilization   busy time (travel both ways and work) / time on duty
 *
 * KPIs: response/teams/<department>/<street name | district>/<kpi> for the
 * home teams; response/streets/<street>/<kpi> (backlog over the pools of
 * the street, its teams and the units in it, summed; max of that sum is
 * not kept, so backlog_max there is the largest pool's; first response
 * over the cases closed in its grids; utilisation of the street's pools
 * together); response/pools_max/<kpi>: the largest value over every pool
 * (sunk units and route nearest's one pool per department included).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "response_internal.h"

void resp_pool_queued(struct resp *r, struct resp_pool *p, int delta)
{
    double now = ur_sim_now(r->env->sim);
    double from = fmax(p->queue_since_s, r->window_start_s);
    if (now > from)
        p->queue_area_s += (double)p->queued * (now - from);
    p->queue_since_s = now;
    p->queued = (uint32_t)((int64_t)p->queued + delta);
    if (p->queued > p->queue_max && now >= r->window_start_s)
        p->queue_max = p->queued;
}

void resp_pools_warmup_end(struct resp *r)
{
    for (size_t i = 0; i < r->n_pools; i++) {
        struct resp_pool *p = &r->pools[i];
        p->queue_area_s = p->busy_s = p->duty_s = p->on_site_s = 0;
        p->on_site_n = 0;
        p->queue_max = p->queued;
    }
}

/* One pool's (or a street's) figures. */
struct pool_kpis {
    double backlog_mean, backlog_max, first_response_min, utilization;
};

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

static struct pool_kpis pool_kpis(const struct resp_pool *p, double window_s)
{
    return (struct pool_kpis){
        .backlog_mean = ratio(p->queue_area_s, window_s),
        .backlog_max = (double)p->queue_max,
        .first_response_min = ratio(p->on_site_s, (double)p->on_site_n) / 60,
        .utilization = ratio(p->busy_s, p->duty_s),
    };
}

static int put(struct resp *r, const char *base, const struct pool_kpis *k, const char *what)
{
    const struct {
        const char *leaf, *units, *doc;
        double v;
    } rows[] = {
        {"backlog_mean", "tasks", "tasks waiting for a responder, time-average", k->backlog_mean},
        {"backlog_max", "tasks", "most tasks waiting at once", k->backlog_max},
        {"first_response_mean", "min", "registration to a responder on site, mean",
         k->first_response_min},
        {"utilization", "1", "busy time (travel both ways and work) / time on duty",
         k->utilization},
    };
    char path[300], doc[300];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", base, rows[i].leaf);
        snprintf(doc, sizeof doc, "%s, %s", rows[i].doc, what);
        rc = ur_rec_kpi(r->env->rec, path, rows[i].units, doc, rows[i].v);
    }
    return rc;
}

/* The street a pool serves; -1 for a department-wide one. */
static long street_of(const struct resp *r, const struct resp_pool *p)
{
    switch (p->level) {
    case SPACE_GRID:
        return (long)r->grids.street[r->grids.community[p->unit]];
    case SPACE_COMMUNITY:
        return (long)r->grids.street[p->unit];
    case SPACE_STREET:
        return (long)p->unit;
    default:
        return -1;
    }
}

static double fmax_nan(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : fmax(a, b);
}

static void worst_of(struct pool_kpis *w, const struct pool_kpis *k)
{
    w->backlog_mean = fmax_nan(w->backlog_mean, k->backlog_mean);
    w->backlog_max = fmax_nan(w->backlog_max, k->backlog_max);
    w->first_response_min = fmax_nan(w->first_response_min, k->first_response_min);
    w->utilization = fmax_nan(w->utilization, k->utilization);
}

static int publish_teams(struct resp *r, double window_s, struct pool_kpis *worst)
{
    const struct resp_department *dep = r->cfg->departments.items;
    char base[300], name[128];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->n_pools; i++) {
        const struct resp_pool *p = &r->pools[i];
        struct pool_kpis k = pool_kpis(p, window_s);
        worst_of(worst, &k);
        if (p->level != SPACE_STREET && p->level != SPACE_DISTRICT)
            continue;
        if (p->level == SPACE_STREET)
            space_street_name(&r->grids, p->unit, name, sizeof name);
        snprintf(base, sizeof base, "response/teams/%s/%s", dep[p->dept].name,
                 p->level == SPACE_STREET ? name : "district");
        rc = put(r, base, &k, "this home team");
    }
    return rc;
}

static int publish_streets(struct resp *r, double window_s)
{
    size_t S = r->grids.n_streets;
    struct resp_pool *sum = calloc(S ? S : 1, sizeof *sum);
    if (!sum)
        return UR_ENOMEM;
    for (size_t i = 0; i < r->n_pools; i++) {
        const struct resp_pool *p = &r->pools[i];
        long s = street_of(r, p);
        if (s < 0)
            continue;
        sum[s].queue_area_s += p->queue_area_s;
        sum[s].queue_max = p->queue_max > sum[s].queue_max ? p->queue_max : sum[s].queue_max;
        sum[s].busy_s += p->busy_s;
        sum[s].duty_s += p->duty_s;
    }
    for (size_t g = 0; g < r->grids.n_grids; g++) {
        const struct resp_grid_counts *c = &r->st.by_grid[g];
        size_t s = r->grids.street[r->grids.community[g]];
        sum[s].on_site_s += c->response_s;
        sum[s].on_site_n += c->closed;
    }
    char base[300], name[128];
    int rc = 0;
    for (size_t s = 0; rc == 0 && s < S; s++) {
        struct pool_kpis k = pool_kpis(&sum[s], window_s);
        space_street_name(&r->grids, s, name, sizeof name);
        snprintf(base, sizeof base, "response/streets/%s", name);
        rc = put(r, base, &k, "this street's pools (backlog_max: its largest pool's; first "
                              "response: its cases')");
    }
    free(sum);
    return rc;
}

int resp_publish_pools(struct resp *r, double t_s)
{
    for (size_t i = 0; i < r->n_pools; i++)
        resp_pool_queued(r, &r->pools[i], 0); /* the area up to t_s */
    double window_s = t_s - r->window_start_s;
    struct pool_kpis worst = {NAN, NAN, NAN, NAN};
    int rc = publish_teams(r, window_s, &worst);
    if (rc == 0)
        rc = put(r, "response/pools_max", &worst, "the largest over every pool");
    if (rc == 0)
        rc = publish_streets(r, window_s);
    return rc;
}
