/* Sites: the visitor's stop, from reaching a site to leaving it
 * (city_flow.c has the route around it).
 *
 * Hours: a site without its own `hours:` keeps those of the site it is
 * inside, if any (hours_of). A visitor who comes before opening waits
 * outside; one who comes after closing is turned away. `grace` after
 * closing (plus any extension the plan made), whoever still queues at the
 * windows or the gate is sent away: counted as closed_with_queue, a bad
 * queue passage, a complaint with its own chance, and the outcome
 * turned_away; no refund unless the plan offers one, or the site's
 * `at_closing: refund` offers one to the ticket holders at its gate. Those
 * already inside stay for their dwell.
 *
 * Refunds: a ticket holder who gives up at a gate is refunded where it paid
 * (it asked: cause refund_asked); one the plan's refund sends away is
 * refunded too, as an offer (refund_offered), which has its own complaint
 * chance.
 *
 * Event: "city.close" per site and day (arg: day << 16 | site).
 */
#include <math.h>
#include <string.h>

#include "city_internal.h"

/* When a visitor reaching the site at t_s can go in: t_s if it is open,
 * the opening time if it comes earlier the same day (it waits outside),
 * NaN if it has closed for the day. */
double city_site_admits(const struct city_site_state *s, double t_s)
{
    const struct city_site_state *h = s->hours_of;
    if (!h)
        return t_s;
    double day0 = floor(t_s / 86400.0) * 86400.0, tod = t_s - day0;
    if (tod >= h->cfg->hours.close_s + h->extra_hours_s)
        return NAN;
    return tod >= h->cfg->hours.open_s ? t_s : day0 + h->cfg->hours.open_s;
}

/* When day `day`'s queues are sent away. */
static double clearing_at(const struct city_site_state *s, long day)
{
    const struct city_site_state *h = s->hours_of;
    return (double)day * 86400.0 + h->cfg->hours.close_s + h->extra_hours_s +
           h->cfg->hours.grace_s;
}

void city_schedule_close(struct city *c, struct city_site_state *s, long day)
{
    if (!s->hours_of || (!s->ticket && !s->venue))
        return;
    uint64_t arg = (uint64_t)day << 16 | s->index;
    ur_sim_at(c->env->sim, fmax(clearing_at(s, day), ur_sim_now(c->env->sim)), c->h_close, arg);
}

void city_on_close(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct city *c = model;
    struct city_site_state *s = &c->sites[arg & 0xffff];
    long day = (long)(arg >> 16);
    if (clearing_at(s, day) > ur_sim_now(sim)) { /* the plan extended the hours */
        city_schedule_close(c, s, day);
        return;
    }
    s->dismissing = DISMISS_CLOSING;
    if (s->ticket)
        station_dismiss_waiting(s->ticket);
    if (s->venue)
        station_dismiss_waiting(s->venue);
    s->dismissing = DISMISS_NONE;
    city_schedule_close(c, s, day + 1);
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
        station_enter(s->venue, v, city_site_patience(c, s, now));
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
    city_visit_next(c, v, OUT_SERVED);
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
    double now = ur_sim_now(sim), admit = city_site_admits(s, now);
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
        city_visit_next(c, v, OUT_TURNED_AWAY);
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
            city_passage(c, &s->passages, false);
            city_maybe_complain(c, s, CAUSE_TURNED_AWAY);
            city_visit_next(c, v, OUT_TURNED_AWAY);
            return;
        }
    }
    station_enter(s->ticket, v, city_site_patience(c, s, now));
    if (sales_suspended(s) && s->suspended_day != s->day) { /* this one filled the cap */
        s->suspended_day = s->day;
        if (now >= c->stats.window_start_s) {
            s->suspended_tod_sum += now - (double)s->day * 86400.0;
            s->suspended_days++;
        }
    }
}

/* The start of the earliest slot today with a place left (and books it), or
 * NaN when none is left. Slots run from opening (or midnight) to closing. */
static double book_slot(struct city_site_state *s, double t_s)
{
    const struct city_reservations *r = &s->cfg->reservations;
    const struct city_site_state *h = s->hours_of;
    double day0 = (double)s->day * 86400.0;
    double open = h ? h->cfg->hours.open_s : 0;
    double close = h ? h->cfg->hours.close_s + h->extra_hours_s : 86400.0;
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
        city_passage(c, &s->passages, false);
        if (s->dismissing == DISMISS_CLOSING) {
            city_count(s, C_CLOSED_QUEUE);
            city_maybe_complain(c, s, CAUSE_CLOSED_WITH_QUEUE);
            city_visit_next(c, v, OUT_TURNED_AWAY);
            return;
        }
        bool gave_up = how == STATION_EXIT_RENEGED;
        city_maybe_complain(c, s, gave_up ? CAUSE_GAVE_UP : CAUSE_TURNED_AWAY);
        city_visit_next(c, v, gave_up ? OUT_GAVE_UP : OUT_TURNED_AWAY);
        return;
    }
    city_passage(c, &s->passages, wait_s <= c->cfg->target_wait_s);
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
        city_maybe_complain(c, s, CAUSE_TURNED_AWAY);
        city_visit_next(c, v, OUT_TURNED_AWAY);
        return;
    }
    s->sold_today++;
    city_count(s, C_PAID);
    c->visitors[v].paid_at = (int16_t)s->index;
    if (u < s->cfg->reservations.no_show) {
        city_count(s, C_NO_SHOW);
        city_visit_next(c, v, OUT_NO_SHOW);
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
 * where it paid, once; so is one the plan's refund sends away. */
void city_on_venue_exit(void *ctx, uint64_t token, enum station_exit how, double wait_s,
                        long server)
{
    (void)server;
    struct city_site_state *s = ctx;
    struct city *c = s->city;
    struct city_visitor *vis = &c->visitors[token];
    if (how == STATION_EXIT_SERVED) {
        city_passage(c, &s->passages, wait_s <= c->cfg->target_wait_s);
        city_visit_next(c, (uint32_t)token, OUT_SERVED);
        return;
    }
    city_passage(c, &s->passages, false);
    enum city_outcome out = OUT_GAVE_UP;
    bool refund_at_closing = s->dismissing == DISMISS_CLOSING && vis->paid_at >= 0 &&
                             strcmp(s->cfg->at_closing, "refund") == 0;
    if (refund_at_closing) { /* at_closing: refund: an offer, not a grievance */
        city_count(s, C_CLOSED_QUEUE);
        city_refund(c, &c->sites[vis->paid_at], s, CAUSE_REFUND_OFFERED);
        vis->paid_at = -1;
        out = OUT_TURNED_AWAY;
    } else if (s->dismissing == DISMISS_CLOSING) {
        city_count(s, C_CLOSED_QUEUE);
        city_maybe_complain(c, s, CAUSE_CLOSED_WITH_QUEUE);
        out = OUT_TURNED_AWAY;
    } else if (vis->paid_at >= 0) {
        bool offered = s->dismissing == DISMISS_REFUND;
        city_refund(c, &c->sites[vis->paid_at], s,
                    offered ? CAUSE_REFUND_OFFERED : CAUSE_REFUND_ASKED);
        vis->paid_at = -1;
        out = offered ? OUT_TURNED_AWAY : OUT_GAVE_UP;
    } else if (s->dismissing == DISMISS_REFUND) {
        city_maybe_complain(c, s, CAUSE_TURNED_AWAY); /* sent away with nothing to refund */
        out = OUT_TURNED_AWAY;
    } else
        city_maybe_complain(c, s, CAUSE_GAVE_UP);
    city_visit_next(c, (uint32_t)token, out);
}
