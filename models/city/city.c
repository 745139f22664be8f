/* City: visitors move through sites, queue, pay, wait at gates, ask for
 * refunds, complain, and leave by taxi; an emergency plan watches them.
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
 *      the shown wait is long (city_plan.c).
 * Every queue passage (ticket queue, gate, taxi stand) counts towards Q(t):
 * good when served within target_wait, bad when later or when the visitor
 * gave up or was turned away (city_stats.c).
 *
 * With `response:` (response.c), every complaint is a call to the hotline
 * that opens a case in the site's grid; long taxi waits and crowded venues
 * raise cases too, and a plan can watch the open cases.
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
    const struct city_site_state *a = &c->sites[from], *b = &c->sites[to];
    return city_travel_at(&c->cfg->grids.travel, a->grid == b->grid               ? 0
                                                 : a->community == b->community ? 1
                                                 : a->street == b->street       ? 2
                                                                                : 3);
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

static void on_arrival(struct ur_sim *sim, void *model, uint64_t source)
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

static void inside_advance(struct city_site_state *s, double t_s)
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
    inside_advance(s, now);
    s->inside++;
    s->inside_max = s->inside > s->inside_max ? s->inside : s->inside_max;
    ur_sim_after(c->env->sim, ur_dist_draw(&s->cfg->venue.dwell, s->r_dwell), c->h_dwell, v);
}

static void on_dwell_end(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct city *c = model;
    uint32_t v = (uint32_t)arg;
    struct city_site_state *s = &c->sites[c->visitors[v].site];
    inside_advance(s, ur_sim_now(sim));
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

static void on_reach(struct ur_sim *sim, void *model, uint64_t arg)
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

static void on_ticket_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
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

static void on_slot(struct ur_sim *sim, void *model, uint64_t arg)
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
static void on_venue_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
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

static void on_taxi_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
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

/* ---- building ---- */

struct city_model {
    struct city city;
    struct station_queue_config *venue_q; /* per site, for capacity venues */
};

/* Where a site sits: grid, community and street numbers. Generated grids
 * spread evenly: unit grid i is in community floor(i C / U), extended grid e
 * in floor(e C / E), community k in street floor(k S / C). Listed grids:
 * the first grid with the same street (and community) stands for it. */
static void place_site(const struct city *c, struct city_site_state *s)
{
    s->grid = s->community = s->street = -1;
    const struct city_grids *g = &c->cfg->grids;
    if (!c->cfg->has_grids || !s->cfg->grid)
        return;
    const char *name = s->cfg->grid;
    if (g->list.n == 0) {
        long i = strtol(name + 1, NULL, 10);
        bool unit = name[0] == 'u';
        s->grid = unit ? i : g->unit_grids + i;
        s->community = unit ? i * g->communities / g->unit_grids : i * g->communities / g->extended;
        s->street = s->community * g->streets / g->communities;
        return;
    }
    const struct city_grid_item *it = g->list.items;
    for (size_t k = 0; k < g->list.n && s->grid < 0; k++)
        if (strcmp(it[k].name, name) == 0)
            s->grid = (long)k;
    UR_ASSERT(s->grid >= 0); /* the schema check resolved it */
    const struct city_grid_item *me = &it[s->grid];
    for (size_t k = 0; k <= (size_t)s->grid; k++) {
        bool street = strcmp(it[k].street, me->street) == 0;
        if (street && s->street < 0)
            s->street = (long)k;
        if (street && strcmp(it[k].community, me->community) == 0 && s->community < 0)
            s->community = (long)k;
    }
}

static int build_site(struct city_model *m, size_t i)
{
    struct city *c = &m->city;
    struct city_site_state *s = &c->sites[i];
    const struct city_site *cfg = &((const struct city_site *)c->cfg->sites.items)[i];
    *s = (struct city_site_state){.cfg = cfg, .city = c, .index = (uint16_t)i, .day = -1,
                                  .cap = cfg->has_reservations && cfg->reservations.has_daily_cap
                                             ? cfg->reservations.daily_cap
                                             : -1};
    place_site(c, s);
    char streams[256], results[256];
    int rc = 0;
    if (cfg->has_ticket) {
        snprintf(streams, sizeof streams, "site.%s.ticket", cfg->name);
        snprintf(results, sizeof results, "sites/%s", cfg->name);
        struct station_spec spec = {.stream_prefix = streams, .result_prefix = results,
                                    .q = &cfg->ticket, .on_exit = on_ticket_exit, .ctx = s};
        rc = station_new(c->env, &spec, &s->ticket);
    }
    /* A venue with a capacity is a station: its servers are the places, its
     * service the dwell, its queue the gate. Without one, a visitor goes in
     * at once and a dwell timer lets it out (on_dwell_end). */
    struct station_queue_config *q = &m->venue_q[i];
    *q = (struct station_queue_config){.servers = cfg->venue.capacity,
                                       .service = cfg->venue.dwell,
                                       .patience = cfg->venue.gate_patience};
    if (rc == 0 && !cfg->venue.has_capacity) {
        snprintf(streams, sizeof streams, "site.%s.venue.service", cfg->name);
        s->r_dwell = ur_rng_stream(c->env->rng, streams);
    } else if (rc == 0) {
        snprintf(streams, sizeof streams, "site.%s.venue", cfg->name);
        snprintf(results, sizeof results, "sites/%s/venue", cfg->name);
        struct station_spec spec = {.stream_prefix = streams, .result_prefix = results, .q = q,
                                    .on_exit = on_venue_exit, .ctx = s};
        rc = station_new(c->env, &spec, &s->venue);
    }
    if (rc == 0 && cfg->has_reservations) {
        /* Slots of one sales day; two days' worth leaves room for opening
         * hours a plan extends past midnight. */
        s->n_slots = (uint32_t)ceil(86400.0 * 2 / cfg->reservations.slot_s);
        s->slot_sold = calloc(s->n_slots, sizeof *s->slot_sold);
        if (!s->slot_sold)
            rc = UR_ENOMEM;
    }
    return rc;
}

static int build_taxi(struct city *c, size_t i)
{
    struct city_taxi_state *t = &c->taxis[i];
    const struct city_taxi *cfg = &((const struct city_taxi *)c->cfg->taxis.items)[i];
    *t = (struct city_taxi_state){.cfg = cfg, .city = c, .base = (uint32_t)cfg->stand.servers,
                                  .volunteers_max = cfg->has_volunteers ? cfg->volunteers.max : 0};
    char streams[256], results[256];
    snprintf(streams, sizeof streams, "taxi.%s", cfg->name);
    snprintf(results, sizeof results, "taxis/%s", cfg->name);
    struct station_spec spec = {.stream_prefix = streams, .result_prefix = results,
                                .q = &cfg->stand, .on_exit = on_taxi_exit, .ctx = t};
    return station_new(c->env, &spec, &t->stand);
}

static gsl_rng *source_stream(struct city *c, const char *source, const char *what)
{
    char name[256];
    snprintf(name, sizeof name, "visitors.%s.%s", source, what);
    return ur_rng_stream(c->env->rng, name);
}

static int build_source(struct city *c, size_t i)
{
    struct city_source *src = &c->sources[i];
    const struct city_visitors *cfg = &((const struct city_visitors *)c->cfg->visitors.items)[i];
    src->cfg = cfg;
    const char *why = NULL;
    src->arrivals = ur_arrivals_new(&cfg->arrivals, c->env->horizon_s, &why);
    if (!src->arrivals) {
        if (!why)
            return UR_ENOMEM;
        fprintf(stderr, "%s: error: visitors '%s': %s\n",
                c->env->scenario ? c->env->scenario->path : "scenario", cfg->name, why);
        return UR_EINPUT;
    }
    src->r_arrivals = source_stream(c, cfg->name, "arrivals");
    src->r_route = source_stream(c, cfg->name, "route");
    src->r_travel = source_stream(c, cfg->name, "travel");
    src->row_of = malloc((c->n_sites + 1) * sizeof *src->row_of);
    if (!src->row_of)
        return UR_ENOMEM;
    for (size_t k = 0; k <= c->n_sites; k++)
        src->row_of[k] = -1;
    const struct city_route *r = cfg->routing.items;
    for (size_t j = 0; j < cfg->routing.n; j++) {
        int site = strcmp(r[j].from, "start") == 0 ? (int)c->n_sites : city_site_index(c, r[j].from);
        UR_ASSERT(site >= 0); /* the schema check resolved every name */
        src->row_of[site] = (int16_t)j;
    }
    double first = ur_arrivals_next(src->arrivals, src->r_arrivals, 0.0);
    if (isfinite(first))
        ur_sim_at(c->env->sim, first, c->h_arrival, i);
    return 0;
}

static void city_destroy(void *state)
{
    struct city_model *m = state;
    if (!m)
        return;
    struct city *c = &m->city;
    for (size_t i = 0; c->sites && i < c->n_sites; i++) {
        station_free(c->sites[i].ticket);
        station_free(c->sites[i].venue);
        free(c->sites[i].slot_sold);
        city_recent_fini(&c->sites[i].refunds);
        city_recent_fini(&c->sites[i].complaints);
        city_recent_fini(&c->sites[i].waits);
    }
    for (size_t i = 0; c->taxis && i < c->n_taxis; i++)
        station_free(c->taxis[i].stand);
    for (size_t i = 0; c->sources && i < c->n_sources; i++) {
        ur_arrivals_free(c->sources[i].arrivals);
        free(c->sources[i].row_of);
    }
    resp_free(c->response);
    city_recent_fini(&c->complaints);
    city_recent_fini(&c->refunds);
    free(c->sites);
    free(c->taxis);
    free(c->sources);
    free(c->triggers);
    free(c->visitors);
    free(m->venue_q);
    free(m);
}

static int city_create(struct ur_env *env, const struct ur_list *config, void **state)
{
    *state = NULL;
    struct city_model *m = calloc(1, sizeof *m);
    if (!m)
        return UR_ENOMEM;
    struct city *c = &m->city;
    c->cfg = config->items;
    c->env = env;
    c->free_head = CITY_NIL;
    c->n_sites = c->cfg->sites.n;
    c->n_taxis = c->cfg->taxis.n;
    c->n_sources = c->cfg->visitors.n;
    c->reserve_staff = c->cfg->reserve_staff;
    c->sites = calloc(c->n_sites, sizeof *c->sites);
    c->taxis = calloc(c->n_taxis + 1, sizeof *c->taxis);
    c->sources = calloc(c->n_sources, sizeof *c->sources);
    m->venue_q = calloc(c->n_sites, sizeof *m->venue_q);
    int rc = c->sites && c->taxis && c->sources && m->venue_q ? 0 : UR_ENOMEM;
    if (rc == 0) {
        c->h_arrival = ur_sim_handler(env->sim, "city.arrival", on_arrival, c);
        c->h_reach = ur_sim_handler(env->sim, "city.reach", on_reach, c);
        c->h_slot = ur_sim_handler(env->sim, "city.slot", on_slot, c);
        c->h_dwell = ur_sim_handler(env->sim, "city.dwell_end", on_dwell_end, c);
        c->r_complaints = ur_rng_stream(env->rng, "city.complaints");
        c->r_no_show = ur_rng_stream(env->rng, "city.no_show");
    }
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++)
        rc = build_site(m, i);
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++)
        rc = build_taxi(c, i);
    if (rc == 0)
        rc = city_stats_init(c);
    for (size_t i = 0; rc == 0 && i < c->n_sources; i++)
        rc = build_source(c, i);
    if (rc == 0)
        rc = city_plan_init(c);
    if (rc == 0 && c->cfg->has_response)
        rc = resp_new(c, &c->response); /* after the sources: sinking by demand reads them */
    if (rc < 0) {
        city_destroy(m);
        return rc;
    }
    *state = m;
    return 0;
}

static void city_warmup_end(void *state, double t_s)
{
    struct city *c = &((struct city_model *)state)->city;
    for (size_t i = 0; i < c->n_sites; i++) {
        struct city_site_state *s = &c->sites[i];
        if (s->ticket)
            station_warmup_end(s->ticket, t_s);
        if (s->venue)
            station_warmup_end(s->venue, t_s);
        inside_advance(s, t_s);
        s->inside_area = 0;
        s->inside_max = s->inside;
    }
    for (size_t i = 0; i < c->n_taxis; i++)
        station_warmup_end(c->taxis[i].stand, t_s);
    if (c->response)
        resp_warmup_end(c->response, t_s);
    city_stats_warmup_end(c, t_s);
}

static int city_finish(void *state, double t_s)
{
    struct city *c = &((struct city_model *)state)->city;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++) {
        if (c->sites[i].ticket)
            rc = station_publish(c->sites[i].ticket, t_s);
        if (rc == 0 && c->sites[i].venue)
            rc = station_publish(c->sites[i].venue, t_s);
        inside_advance(&c->sites[i], t_s);
    }
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++)
        rc = station_publish(c->taxis[i].stand, t_s);
    if (rc == 0 && c->response)
        rc = resp_publish(c->response, t_s);
    return rc == 0 ? city_stats_publish(c, t_s) : rc;
}

const struct ur_model_ops city_ops = {
    .name = "city",
    .yaml_key = "city",
    .single = true,
    .schema = &city_schema,
    .check_run = city_check_run,
    .doc = "visitors, sites, taxis and the emergency plan (the Harbin scenarios)",
    .create = city_create,
    .warmup_end = city_warmup_end,
    .finish = city_finish,
    .destroy = city_destroy,
};
