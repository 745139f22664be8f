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
        UR_ASSERT(v != NULL && "out of memory growing the visitor pool");
        for (uint32_t i = old; i < cap; i++)
            v[i].next_free = i + 1 < cap ? i + 1 : CITY_NIL;
        c->visitors = v;
        c->free_head = old;
        c->pool_cap = cap;
    }
    uint32_t i = c->free_head;
    c->free_head = c->visitors[i].next_free;
    c->visitors[i] =
        (struct city_visitor){.left_s = NAN, .source = source, .site = -1, .paid_at = -1};
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

void city_visit_next(struct city *c, uint32_t v)
{
    struct city_visitor *vis = &c->visitors[v];
    const struct city_source *src = &c->sources[vis->source];
    /* The route uniform and a travel time are drawn at every stop (each
     * from its own stream), so a visitor's later draws do not depend on
     * what happened at this one. */
    double u = gsl_rng_uniform(src->r_route);
    int row = src->row_of[vis->site < 0 ? c->n_sites : (size_t)vis->site];
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
    double travel_s = ur_dist_draw(travel_dist(c, src, vis->site, next), src->r_travel);
    if (next < 0) {
        end_visit(c, v);
        return;
    }
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
        city_visit_next(c, v);
    }
}

/* ---- sites ---- */

/* When a visitor reaching the site at t_s can go in: t_s if it is open,
 * the opening time if it comes earlier the same day (it waits outside),
 * NaN if it has closed for the day. */
static double site_admits(const struct city_site_state *s, double t_s)
{
    if (!s->cfg->has_hours)
        return t_s;
    double day0 = floor(t_s / 86400.0) * 86400.0, tod = t_s - day0;
    if (tod >= s->cfg->hours.close_s + s->extra_hours_s)
        return NAN;
    return tod >= s->cfg->hours.open_s ? t_s : day0 + s->cfg->hours.open_s;
}

void city_inside_advance(struct city_site_state *s, double t_s)
{
    s->inside_area += (double)s->inside * (t_s - s->t_inside);
    s->t_inside = t_s;
}

static void enter_venue(struct city *c, struct city_site_state *s, uint32_t v)
{
    double now = ur_sim_now(c->env->sim);
    if (s->venue) {
        station_enter(s->venue, v, city_patience_scale(c, now));
        if (c->response)
            resp_venue_fill(c->response, s->index, s->cfg->venue.capacity, s->grid,
                            (double)station_in_system(s->venue) / (double)s->cfg->venue.capacity);
        return;
    }
    city_inside_advance(s, now);
    s->inside++;
    s->inside_max = s->inside > s->inside_max ? s->inside : s->inside_max;
    ur_sim_after(c->env->sim, ur_dist_draw(&s->cfg->venue.dwell, s->r_dwell), c->h_dwell, v);
}

void city_on_dwell_end(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct city *c = model;
    uint32_t v = (uint32_t)arg;
    struct city_site_state *s = &c->sites[c->visitors[v].site];
    city_inside_advance(s, ur_sim_now(sim));
    s->inside--;
    city_visit_next(c, v);
}

/* Starts a new sales day when the day changed. */
static void sales_day(struct city_site_state *s, double t_s)
{
    long day = (long)floor(t_s / 86400.0);
    if (day == s->day)
        return;
    s->day = day;
    s->sold_today = 0;
    memset(s->slot_sold, 0, s->n_slots * sizeof *s->slot_sold);
}

static bool sales_suspended(const struct city_site_state *s)
{
    if (!s->cfg->has_reservations || s->cap < 0)
        return false;
    /* Everyone at the windows may still buy: suspend once they would fill
     * the cap, so that sales never exceed it. */
    return s->sold_today + (long)station_in_system(s->ticket) >= s->cap;
}

void city_on_reach(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct city *c = model;
    uint32_t v = (uint32_t)arg;
    struct city_visitor *vis = &c->visitors[v];
    struct city_site_state *s = &c->sites[vis->site];
    double now = ur_sim_now(sim), admit = site_admits(s, now);
    if (!isnan(vis->left_s)) { /* the travel, not the wait for opening */
        s->travel_in_sum += now - vis->left_s;
        s->travel_in_n++;
        vis->left_s = NAN;
    }
    if (admit > now) { /* early: waits outside until it opens */
        ur_sim_at(sim, admit, c->h_reach, v);
        return;
    }
    city_count(s, C_ARRIVED);
    if (isnan(admit)) {
        city_count(s, C_CLOSED_AWAY);
        city_visit_next(c, v);
        return;
    }
    if (!s->ticket) {
        enter_venue(c, s, v);
        return;
    }
    if (s->cfg->has_reservations) {
        sales_day(s, now);
        if (sales_suspended(s)) {
            city_count(s, C_SUSPENDED);
            city_passage(c, false);
            city_maybe_complain(c, s, COMPLAIN_BALKED);
            city_visit_next(c, v);
            return;
        }
    }
    station_enter(s->ticket, v, city_patience_scale(c, now));
}

/* The start of the earliest slot today with a place left (and books it), or
 * NaN when none is left. Slots run from opening (or midnight) to closing. */
static double book_slot(struct city_site_state *s, double t_s)
{
    const struct city_reservations *r = &s->cfg->reservations;
    double day0 = (double)s->day * 86400.0;
    double open = s->cfg->has_hours ? s->cfg->hours.open_s : 0;
    double close = s->cfg->has_hours ? s->cfg->hours.close_s + s->extra_hours_s : 86400.0;
    long first = (long)floor((t_s - day0 - open) / r->slot_s);
    if (first < 0)
        first = 0;
    for (long k = first; k < (long)s->n_slots; k++) {
        double start = day0 + open + (double)k * r->slot_s;
        if (start - day0 >= close)
            break;
        if (s->slot_sold[k] < (uint32_t)r->quota) {
            s->slot_sold[k]++;
            return start;
        }
    }
    return NAN;
}

void city_on_ticket_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                           long server)
{
    (void)server;
    struct city_site_state *s = ctx;
    struct city *c = s->city;
    uint32_t v = (uint32_t)token;
    if (how != STATION_EXIT_SERVED) {
        city_passage(c, false);
        city_maybe_complain(c, s, how == STATION_EXIT_RENEGED ? COMPLAIN_RENEGED
                                                               : COMPLAIN_BALKED);
        city_visit_next(c, v);
        return;
    }
    city_passage(c, wait_s <= c->cfg->target_wait_s);
    double now = ur_sim_now(c->env->sim);
    city_recent_add(&s->waits, now, wait_s);
    if (!s->cfg->has_reservations) {
        city_count(s, C_PAID);
        c->visitors[v].paid_at = (int16_t)s->index;
        enter_venue(c, s, v);
        return;
    }
    sales_day(s, now);
    double slot = book_slot(s, now);
    double u = gsl_rng_uniform(c->r_no_show);
    if (isnan(slot)) {
        city_count(s, C_SOLD_OUT);
        city_maybe_complain(c, s, COMPLAIN_BALKED);
        city_visit_next(c, v);
        return;
    }
    s->sold_today++;
    city_count(s, C_PAID);
    c->visitors[v].paid_at = (int16_t)s->index;
    if (u < s->cfg->reservations.no_show) {
        city_count(s, C_NO_SHOW);
        city_visit_next(c, v);
        return;
    }
    ur_sim_at(c->env->sim, slot > now ? slot : now, c->h_slot, v);
}

void city_on_slot(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)sim;
    struct city *c = model;
    uint32_t v = (uint32_t)arg;
    enter_venue(c, &c->sites[c->visitors[v].site], v);
}

/* The gate is a queue passage like the windows: judged when the visitor
 * goes in (reported at the end of its dwell, with its gate wait) or gives
 * up. A visitor who gives up after paying during this visit is refunded
 * where it paid, once. */
void city_on_venue_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                          long server)
{
    (void)server;
    struct city_site_state *s = ctx;
    struct city *c = s->city;
    struct city_visitor *vis = &c->visitors[token];
    if (how == STATION_EXIT_SERVED) {
        city_passage(c, wait_s <= c->cfg->target_wait_s);
    } else {
        city_passage(c, false);
        if (vis->paid_at >= 0) {
            city_refund(c, &c->sites[vis->paid_at]);
            vis->paid_at = -1;
        } else
            city_maybe_complain(c, s, COMPLAIN_RENEGED);
    }
    city_visit_next(c, (uint32_t)token);
}

void city_on_taxi_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                         long server)
{
    struct city_taxi_state *t = ctx;
    struct city *c = t->city;
    city_passage(c, how == STATION_EXIT_SERVED && wait_s <= c->cfg->target_wait_s);
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

