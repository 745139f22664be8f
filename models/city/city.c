/* The city's ops table: builds its parts for one replication, in an order
 * that fixes the engine's tie-breaking (sites, taxi stands, statistics,
 * visitor sources, the response, the plan, the volunteers' checks), wires
 * them, and hands the
 * warm-up and the end of the run to each.
 *
 * The grid table (models/space/) is built once per replication and shared
 * by the visitors (travel between sites) and the response. The response
 * hears of the visitors only through resp_complaint, resp_taxi_wait and
 * resp_venue_fill, and of where they are expected through resp_setup; the
 * plan sees both through the board.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/common.h"
#include "city_internal.h"

/* ---- building ---- */

struct city_model {
    struct city city;
    struct station_queue_config *venue_q; /* per site, for capacity venues */
};

static int build_site(struct city_model *m, size_t i)
{
    struct city *c = &m->city;
    struct city_site_state *s = &c->sites[i];
    const struct city_site *cfg = &((const struct city_site *)c->cfg->sites.items)[i];
    *s = (struct city_site_state){.cfg = cfg, .city = c, .index = (uint16_t)i, .day = -1,
                                  .suspended_day = -1,
                                  .cap = cfg->has_reservations && cfg->reservations.has_daily_cap
                                             ? cfg->reservations.daily_cap
                                             : -1};
    s->grid = c->has_space && cfg->grid ? space_grid_index(&c->cfg->grids, cfg->grid) : -1;
    s->parent = (int16_t)model_index_of(&c->cfg->sites, sizeof *cfg, cfg->inside);
    char streams[256], results[256];
    int rc = 0;
    if (cfg->has_ticket) {
        snprintf(streams, sizeof streams, "site.%s.ticket", cfg->name);
        snprintf(results, sizeof results, "sites/%s", cfg->name);
        struct station_spec spec = {.stream_prefix = streams, .result_prefix = results,
                                    .q = &cfg->ticket, .on_exit = city_on_ticket_exit, .ctx = s};
        rc = station_new(c->env, &spec, &s->ticket);
    }
    /* A venue with a capacity is a station: its servers are the places, its
     * service the dwell, its queue the gate. Without one, a visitor goes in
     * at once and a dwell timer lets it out (city_on_dwell_end). */
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
                                    .on_exit = city_on_venue_exit, .ctx = s};
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

/* Whose hours each site keeps (its own, else the nearest site around it
 * that has some), and the first day's clearing of its queues. */
static void place_hours(struct city *c)
{
    for (size_t i = 0; i < c->n_sites; i++) {
        struct city_site_state *s = &c->sites[i];
        int k = (int)i;
        while (k >= 0 && !c->sites[k].cfg->has_hours)
            k = c->sites[k].parent; /* no cycles: the schema check */
        s->hours_of = k >= 0 ? &c->sites[k] : NULL;
        city_schedule_close(c, s, 0);
    }
}

/* The shocks' factor on taxi trips now (response.shocks[].taxi). */
static double taxi_factor(void *ctx, double t_s)
{
    const struct city_taxi_state *t = ctx;
    const struct city_config *cfg = t->city->cfg;
    if (!cfg->has_response)
        return 1.0;
    const struct resp_shock *k = cfg->response.shocks.items;
    double f = 1.0;
    for (size_t i = 0; i < cfg->response.shocks.n; i++)
        f *= space_window_factor(&k[i].surge, k[i].taxi, t_s);
    return f;
}

static bool taxis_slowed(const struct city_config *cfg)
{
    const struct resp_shock *k = cfg->response.shocks.items;
    for (size_t i = 0; cfg->has_response && i < cfg->response.shocks.n; i++)
        if (k[i].taxi != 1.0)
            return true;
    return false;
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
                                .q = &cfg->stand, .on_exit = city_on_taxi_exit, .ctx = t,
                                .service_factor = taxis_slowed(c->cfg) ? taxi_factor : NULL};
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
    size_t n_rows = (c->n_sites + 1) * OUT_N;
    src->row_of = malloc(n_rows * sizeof *src->row_of);
    if (!src->row_of)
        return UR_ENOMEM;
    for (size_t k = 0; k < n_rows; k++)
        src->row_of[k] = -1;
    const struct city_route *r = cfg->routing.items;
    for (size_t j = 0; j < cfg->routing.n; j++) {
        int site = strcmp(r[j].from, "start") == 0 ? (int)c->n_sites : city_site_index(c, r[j].from);
        UR_ASSERT(site >= 0); /* the schema check resolved every name */
        src->row_of[(size_t)site * OUT_N + city_outcome_of(r[j].outcome)] = (int16_t)j;
    }
    double first = ur_arrivals_next(src->arrivals, src->r_arrivals, 0.0);
    if (isfinite(first))
        ur_sim_at(c->env->sim, first, c->h_arrival, i);
    return 0;
}

/* Where the visitors are expected first: every source's expected visitors
 * times the probability of each first stop in a grid. */
static struct resp_visitor_load *visitor_loads(const struct city *c, size_t *n)
{
    size_t cap = 0;
    for (size_t v = 0; v < c->n_sources; v++) {
        const struct city_route *row = c->sources[v].cfg->routing.items;
        for (size_t k = 0; k < c->sources[v].cfg->routing.n; k++)
            cap += row[k].to.n;
    }
    struct resp_visitor_load *load = malloc((cap ? cap : 1) * sizeof *load);
    *n = 0;
    for (size_t v = 0; load && v < c->n_sources; v++) {
        const struct city_source *s = &c->sources[v];
        double visitors = ur_arrivals_expected(s->arrivals, 0, c->env->horizon_s) *
                          ur_arrivals_mean_group(s->arrivals);
        const struct city_route *row = s->cfg->routing.items;
        for (size_t k = 0; k < s->cfg->routing.n; k++) {
            if (strcmp(row[k].from, "start") != 0)
                continue;
            const struct city_choice *ch = row[k].to.items;
            for (size_t j = 0; j < row[k].to.n; j++) {
                int site = city_site_index(c, ch[j].site);
                if (site >= 0 && c->sites[site].grid >= 0)
                    load[(*n)++] = (struct resp_visitor_load){
                        .grid = (uint32_t)c->sites[site].grid, .visitors = visitors * ch[j].p};
            }
        }
    }
    return load;
}

static int build_response(struct city *c)
{
    const struct city_config *cfg = c->cfg;
    struct resp_setup setup = {
        .grids = &c->space,
        .grid_config = &cfg->grids,
        .grid_travel = &cfg->grids.travel,
        .raised_grid = cfg->response.raised.grid
                           ? space_grid_index(&cfg->grids, cfg->response.raised.grid)
                           : -1,
        .n_sites = c->n_sites,
    };
    struct resp_visitor_load *load = visitor_loads(c, &setup.n_visitors);
    if (!load)
        return UR_ENOMEM;
    setup.visitors = load;
    int rc = resp_new(c->env, &cfg->response, &setup, &c->response);
    free(load);
    return rc;
}

/* The board: the visitors, and the response when there is one. */
static int build_plan(struct city *c)
{
    struct board board = {0};
    board_add(&board, &city_board, c);
    if (c->response)
        board_add(&board, &resp_board, c->response);
    return plan_new(c->env, &c->cfg->plan, c->cfg->check_s, &board, &c->plan);
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
    plan_free(c->plan);
    resp_free(c->response);
    if (c->has_space)
        space_free(&c->space);
    city_recent_fini(&c->complaints);
    city_recent_fini(&c->refunds);
    free(c->sites);
    free(c->taxis);
    free(c->sources);
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
    if (rc == 0 && c->cfg->has_grids) {
        rc = space_build(&c->cfg->grids, &c->space);
        c->has_space = rc == 0;
    }
    if (rc == 0) {
        c->h_arrival = ur_sim_handler(env->sim, "city.arrival", city_on_arrival, c);
        c->h_reach = ur_sim_handler(env->sim, "city.reach", city_on_reach, c);
        c->h_slot = ur_sim_handler(env->sim, "city.slot", city_on_slot, c);
        c->h_dwell = ur_sim_handler(env->sim, "city.dwell_end", city_on_dwell_end, c);
        c->h_close = ur_sim_handler(env->sim, "city.close", city_on_close, c);
        c->r_complaints = ur_rng_stream(env->rng, "city.complaints");
        c->r_no_show = ur_rng_stream(env->rng, "city.no_show");
        c->r_hotline = ur_rng_stream(env->rng, "city.complaints.hotline");
    }
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++)
        rc = build_site(m, i);
    if (rc == 0)
        place_hours(c);
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++)
        rc = build_taxi(c, i);
    if (rc == 0)
        rc = city_stats_init(c, plan_max_window(&c->cfg->plan));
    for (size_t i = 0; rc == 0 && i < c->n_sources; i++)
        rc = build_source(c, i);
    if (rc == 0 && c->cfg->has_response)
        rc = build_response(c); /* after the sources: sinking by demand reads them */
    if (rc == 0)
        rc = build_plan(c);
    if (rc == 0)
        rc = city_taxis_init(c); /* after the plan: its first check goes first */
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
        city_inside_advance(s, t_s);
        s->inside_area = 0;
        s->inside_max = s->inside;
    }
    for (size_t i = 0; i < c->n_taxis; i++)
        station_warmup_end(c->taxis[i].stand, t_s);
    if (c->response)
        resp_warmup_end(c->response, t_s);
    city_stats_warmup_end(c, t_s);
}

/* What a reader of a city's run should see first (ur_rec_headline): the
 * visitors' outcome, the time trending and the resilience measures at
 * rank 1, above every queue's (rank 2); the response's timeliness when
 * there is one; detail at rank 3. Refunds have no better side: one the city
 * offers may be the right call. The city ranks its parts' KPIs: it is where they meet. */
static const struct {
    const char *path;
    int rank;
    enum ur_better better;
    bool response;
} headlines[] = {
    {"city/served_well_share", 1, UR_BETTER_HIGHER, false},
    {"city/complaints", 1, UR_BETTER_LOWER, false},
    {"city/refunds", 1, UR_BETTER_NONE, false}, /* asked and offered */
    {"city/resilience_loss", 1, UR_BETTER_LOWER, false},
    {"city/time_below_target", 1, UR_BETTER_LOWER, false},
    {"city/hours_trending", 1, UR_BETTER_LOWER, false},
    {"city/heat_peak", 3, UR_BETTER_LOWER, false},
    {"city/time_to_recover", 3, UR_BETTER_LOWER, false},
    {"city/complaints_by_cause/gave_up", 3, UR_BETTER_LOWER, false},
    {"city/complaints_by_cause/turned_away", 3, UR_BETTER_LOWER, false},
    {"city/complaints_by_cause/refund_asked", 3, UR_BETTER_LOWER, false},
    {"city/complaints_by_cause/refund_offered", 3, UR_BETTER_LOWER, false},
    {"city/complaints_by_cause/closed_with_queue", 3, UR_BETTER_LOWER, false},
    {"city/visitors", 3, UR_BETTER_NONE, false},
    {"response/within_deadline", 1, UR_BETTER_HIGHER, true},
    {"response/first_response_mean", 1, UR_BETTER_LOWER, true},
    {"response/resolution_mean", 3, UR_BETTER_LOWER, true},
    {"response/open_end", 3, UR_BETTER_LOWER, true},
    {"response/satisfied", 3, UR_BETTER_HIGHER, true},
};

static void mark_headlines(const struct city *c)
{
    for (size_t i = 0; i < sizeof headlines / sizeof headlines[0]; i++)
        if (!headlines[i].response || c->response)
            ur_rec_headline(c->env->rec, headlines[i].path, headlines[i].rank,
                            headlines[i].better);
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
        city_inside_advance(&c->sites[i], t_s);
    }
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++)
        rc = station_publish(c->taxis[i].stand, t_s);
    if (rc == 0 && c->response)
        rc = resp_publish(c->response, t_s);
    if (rc == 0)
        rc = city_stats_publish(c, t_s);
    if (rc == 0)
        mark_headlines(c);
    return rc;
}

const struct ur_model_ops city_ops = {
    .name = "city",
    .yaml_key = "city",
    .single = true,
    .schema = &city_schema,
    .check_run = city_check_run,
    .doc = "visitors, sites, taxis, the grids, the response and the emergency plan",
    .create = city_create,
    .warmup_end = city_warmup_end,
    .finish = city_finish,
    .destroy = city_destroy,
};
