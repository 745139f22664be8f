/* City: visitors move through sites, queue, pay, wait at gates, ask for
 * refunds, complain, and leave by taxi.
 *
 * A visitor (pool slot, its index the token the stations hand back):
 *   arrives from a source (non-homogeneous Poisson, include/ursim/arrivals.h;
 *   a group of g visitors arrives at one instant, each then on its own)
 *   -> routing row `start` picks the first site (or ends the visit)
 *   -> travels (the source's travel distribution) and reaches the site:
 *        before opening time              -> waits outside until it opens
 *        closed for the day (hours)       -> on to the next stop
 *        sales suspended (daily cap)      -> turned away, may complain, next
 *        ticket queue (a station):        served -> pays; reneged or balked
 *                                         -> may complain, next
 *        reservations: the earliest slot of the day with a place left; none
 *          -> sold out, may complain, next; a no-show skips the site; the
 *          others come back at the slot's start
 *        venue: with a capacity, a station whose servers are the places and
 *          whose service is the dwell: a full venue makes visitors wait at
 *          the gate, where one whose gate_patience runs out gives up; if it
 *          paid for a ticket during this visit (here, or at the park it is
 *          inside: a ride's gate), it is refunded that ticket's price, once,
 *          and may complain; without a capacity, everybody goes in at once
 *   -> routing row of that site picks the next stop (probabilities; the
 *      rest, or max_stops, ends the visit)
 *   -> at the end, a share leaves by a taxi stand (a station: drivers are
 *      servers, the trip is the service); volunteers join the stand while
 *      the shown wait is long (city_taxis.c).
 * Every queue passage (ticket queue, gate, taxi stand) counts towards Q(t):
 * good when served within target_wait, bad when later or when the visitor
 * gave up or was turned away (city_stats.c).
 *
 * With `response:` (models/response/), every complaint is a call to the
 * hotline that opens a case in the site's grid; long taxi waits and crowded
 * venues raise cases too.
 *
 * Patience everywhere is scaled by the weather: 1 + k (T(t) - T_ref), at
 * least 0.05, with T(t) linear between readings.
 *
 * Random streams (common random numbers): "visitors.<source>.arrivals",
 * ".route", ".travel"; per site the ticket queue's own streams under
 * "site.<name>.ticket", the venue's under "site.<name>.venue"; taxi stands
 * under "taxi.<name>"; "city.complaints" and "city.no_show". A visitor draws
 * its route uniform and travel time at every stop, whatever happens there.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "city_internal.h"

/* ---- the visitor pool ---- */

static uint32_t visitor_new(struct city *c, uint16_t source)
{
    if (c->free_head == CITY_NIL) {
        uint32_t old = c->pool_cap, cap = old ? 2 * old : 1024;
        UR_ASSERT(old < CITY_NIL / 2 && "too many visitors in the city at once");
        struct city_visitor *v = realloc(c->visitors, (size_t)cap * sizeof *v);
        UR_ASSERT_MEMORY(v != NULL, "growing the visitor pool");
        for (uint32_t i = old; i < cap; i++)
            v[i].next_free = i + 1 < cap ? i + 1 : CITY_NIL;
        c->visitors = v;
        c->free_head = old;
        c->pool_cap = cap;
    }
    uint32_t i = c->free_head;
    c->free_head = c->visitors[i].next_free;
    c->visitors[i] =
        (struct city_visitor){.left_s = NAN, .source = source, .site = -1, .paid_at = -1,
                              .within = -1};
    c->in_city++;
    return i;
}

static void visitor_free(struct city *c, uint32_t i)
{
    c->visitors[i].next_free = c->free_head;
    c->free_head = i;
    c->in_city--;
    c->stats.completed++;
}

/* ---- weather ---- */

double city_patience_scale(const struct city *c, double t_s)
{
    if (!c->cfg->has_weather)
        return 1.0;
    const struct city_weather *w = &c->cfg->weather;
    const struct city_temp_point *p = w->temperature.items;
    size_t n = w->temperature.n, k = 0;
    double temp;
    if (t_s <= p[0].at_s)
        temp = p[0].celsius;
    else if (t_s >= p[n - 1].at_s)
        temp = p[n - 1].celsius;
    else {
        size_t hi = n - 1; /* p[k].at_s < t_s <= p[hi].at_s: bisect */
        while (hi - k > 1) {
            size_t mid = k + (hi - k) / 2;
            if (p[mid].at_s < t_s)
                k = mid;
            else
                hi = mid;
        }
        double f = (t_s - p[k].at_s) / (p[k + 1].at_s - p[k].at_s);
        temp = p[k].celsius + f * (p[k + 1].celsius - p[k].celsius);
    }
    double scale = 1.0 + w->patience_per_degree * (temp - w->reference_celsius);
    return scale > 0.05 ? scale : 0.05;
}

double city_site_patience(const struct city *c, const struct city_site_state *s, double t_s)
{
    double k = city_patience_scale(c, t_s);
    return s->sheltered && k < 1.0 ? 1.0 : k;
}

/* ---- routes ---- */

static void end_visit(struct city *c, uint32_t v)
{
    const struct city_source *src = &c->sources[c->visitors[v].source];
    double u = gsl_rng_uniform(src->r_route);
    if (src->cfg->has_leave && u < src->cfg->leave.p) {
        int t = city_taxi_index(c, src->cfg->leave.taxi);
        c->visitors[v].leaving = 1;
        station_enter(c->taxis[t].stand, v, 1.0);
        return;
    }
    visitor_free(c, v);
}

/* The travel time distribution from site `from` (-1: arriving in the city)
 * to site `to` (-1: none): by their distance in the grid hierarchy when
 * both sit in grids, else the source's own. */
static const struct ur_dist *travel_dist(const struct city *c, const struct city_source *src,
                                         int from, int to)
{
    if (from < 0 || to < 0 || c->sites[from].grid < 0 || c->sites[to].grid < 0)
        return &src->cfg->travel;
    int d = space_distance(&c->space, SPACE_GRID, (uint32_t)c->sites[from].grid,
                           (uint32_t)c->sites[to].grid);
    return space_travel_at(&c->cfg->grids.travel, d);
}

enum city_outcome city_outcome_of(const char *name)
{
    static const char *const names[] = {"served", "turned_away", "gave_up", "no_show"};
    if (!name)
        return OUT_ANY;
    for (int k = 0; k < OUT_ANY; k++)
        if (strcmp(names[k], name) == 0)
            return (enum city_outcome)k;
    return OUT_N;
}

/* The routing row after a stop at `site` (-1: the start) that ended so. */
static int row_after(const struct city *c, const struct city_source *src, int site,
                     enum city_outcome how)
{
    size_t base = (site < 0 ? c->n_sites : (size_t)site) * OUT_N;
    int row = src->row_of[base + how];
    return row >= 0 ? row : src->row_of[base + OUT_ANY];
}

/* Whether a visitor may go on to site `next`: a site inside another only
 * for those who got into that one (and are still on its grounds). */
static bool may_enter(const struct city *c, const struct city_visitor *vis, int next)
{
    int parent = c->sites[next].parent;
    for (int w = vis->within; parent >= 0 && w >= 0; w = c->sites[w].parent)
        if (w == parent)
            return true;
    return parent < 0;
}

void city_visit_next(struct city *c, uint32_t v, enum city_outcome how)
{
    struct city_visitor *vis = &c->visitors[v];
    const struct city_source *src = &c->sources[vis->source];
    /* The route uniform and a travel time are drawn at every stop (each
     * from its own stream), so a visitor's later draws do not depend on
     * what happened at this one. */
    double u = gsl_rng_uniform(src->r_route);
    if (how == OUT_SERVED && vis->site >= 0)
        vis->within = vis->site;
    int row = row_after(c, src, vis->site, how);
    int next = -1;
    if (row >= 0 && vis->stops < src->cfg->max_stops) {
        const struct city_route *r = &((const struct city_route *)src->cfg->routing.items)[row];
        const struct city_choice *to = r->to.items;
        double acc = 0;
        for (size_t k = 0; k < r->to.n && next < 0; k++) {
            acc += to[k].p;
            if (u < acc)
                next = city_site_index(c, to[k].site);
        }
    }
    if (next >= 0 && !may_enter(c, vis, next))
        next = -1; /* not in: what lies inside is out of reach */
    double travel_s = ur_dist_draw(travel_dist(c, src, vis->site, next), src->r_travel);
    if (next < 0) {
        end_visit(c, v);
        return;
    }
    vis->within = c->sites[next].parent; /* left the grounds of anything not around it */
    vis->site = (int16_t)next;
    vis->stops++;
    vis->left_s = ur_sim_now(c->env->sim);
    ur_sim_after(c->env->sim, travel_s, c->h_reach, v);
}

void city_on_arrival(struct ur_sim *sim, void *model, uint64_t source)
{
    struct city *c = model;
    struct city_source *src = &c->sources[source];
    double now = ur_sim_now(sim);
    double next = ur_arrivals_next(src->arrivals, src->r_arrivals, now);
    if (isfinite(next))
        ur_sim_at(sim, next, c->h_arrival, source);
    long g = ur_arrivals_group(src->arrivals, src->r_arrivals);
    for (long k = 0; k < g; k++) {
        uint32_t v = visitor_new(c, (uint16_t)source);
        c->stats.visitors++;
        ur_env_arrival(c->env);
        city_visit_next(c, v, OUT_ANY);
    }
}

void city_on_taxi_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                         long server)
{
    struct city_taxi_state *t = ctx;
    struct city *c = t->city;
    city_passage(c, &t->passages, how == STATION_EXIT_SERVED && wait_s <= c->cfg->target_wait_s);
    if (how == STATION_EXIT_SERVED) {
        t->trips++;
        t->volunteer_trips += server >= (long)t->base;
    }
    if (c->response) {
        int site = c->visitors[token].site;
        resp_taxi_wait(c->response, site >= 0 ? c->sites[site].grid : -1, wait_s);
    }
    visitor_free(c, (uint32_t)token);
}

