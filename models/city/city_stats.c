/* The city's statistics: complaints, refunds, the trending indicator, the
 * performance Q(t) and the resilience measures, the KPIs and time series.
 *
 * Q(t): per sample interval, the share of queue passages (ticket queue,
 * venue gate, taxi stand) that were served within target_wait, a visitor
 * who gave up or was turned away counting as not served; an interval
 * without passages counts as Q = 1 (nobody was let down).
 * Resilience loss (the "resilience triangle"): the area between the target
 * share and Q(t) where Q falls short, sum of (target - Q_k)+ dt_k, in hours.
 * A shock episode is a maximal run of intervals with Q below target; its
 * time to recover is its length. time_to_recover is the mean over the
 * window's episodes (0 without any: nothing to recover from), and
 * worst_recovery the longest; an episode still open at the end counts up to
 * the end.
 * Trending: complaints over the last hour, per hour, at or above
 * trending.above for at least trending.hold; looked at every `check`
 * (so hours_trending has that resolution).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "city_internal.h"

/* ---- events ---- */

void city_count(struct city_site_state *s, enum city_count k)
{
    s->count[k]++;
}

void city_passage(struct city *c, bool good)
{
    if (good) {
        c->stats.good++;
        c->stats.good_iv++;
    } else {
        c->stats.bad++;
        c->stats.bad_iv++;
    }
}

void city_maybe_complain(struct city *c, struct city_site_state *s, enum city_complaint why)
{
    const struct city_complaints *k = &c->cfg->complaints;
    double p = why == COMPLAIN_RENEGED ? k->reneged : why == COMPLAIN_BALKED ? k->balked : k->refund;
    if (c->apologised)
        p *= k->apology_factor;
    double u = gsl_rng_uniform(c->r_complaints); /* drawn whatever p is: streams stay aligned */
    if (!(u < p))
        return;
    double now = ur_sim_now(c->env->sim);
    city_count(s, C_COMPLAINTS);
    c->stats.complaints_iv++;
    city_recent_add(&c->complaints, now, 1);
    city_recent_add(&s->complaints, now, 1);
    if (c->response)
        resp_complaint(c->response, s->grid);
}

void city_refund(struct city *c, struct city_site_state *s)
{
    double now = ur_sim_now(c->env->sim);
    city_count(s, C_REFUNDS);
    s->refund_amount += s->cfg->price;
    c->stats.refunds_iv++;
    city_recent_add(&c->refunds, now, 1);
    city_recent_add(&s->refunds, now, 1);
    city_maybe_complain(c, s, COMPLAIN_REFUND);
}

/* ---- trending ---- */

void city_trending_update(struct city *c, double t_s)
{
    struct city_stats *st = &c->stats;
    if (st->trending)
        st->trending_s += t_s - st->t_trend_last;
    st->t_trend_last = t_s;
    if (!c->cfg->has_trending)
        return;
    const struct city_trending *tr = &c->cfg->trending;
    double per_s = (double)city_recent_count(&c->complaints, t_s, 3600.0) / 3600.0;
    if (per_s >= tr->above_per_s) {
        if (isnan(st->trend_since))
            st->trend_since = t_s;
        st->trending = t_s - st->trend_since >= tr->hold_s;
    } else {
        st->trend_since = NAN;
        st->trending = false;
    }
}

/* ---- series and KPIs ---- */

int city_stats_init(struct city *c, double keep_s)
{
    struct city_stats *st = &c->stats;
    *st = (struct city_stats){.episode_start_s = NAN, .trend_since = NAN};
    /* Keep complaints and refunds for the longest window a trigger uses (and
     * the trending hour); waits likewise, per site. */
    double keep = fmax(3600, keep_s) + 1;
    int rc = city_recent_init(&c->complaints, keep, false);
    if (rc == 0)
        rc = city_recent_init(&c->refunds, keep, false);
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++) {
        struct city_site_state *s = &c->sites[i];
        rc = city_recent_init(&s->complaints, keep, false);
        if (rc == 0)
            rc = city_recent_init(&s->refunds, keep, false);
        if (rc == 0)
            rc = city_recent_init(&s->waits, keep, true);
    }
    struct {
        int *id;
        const char *path, *units, *doc;
    } series[] = {
        {&st->series_q, "city/performance", "1",
         "Q(t): share of queue passages in the interval served within the target wait"},
        {&st->series_complaints, "city/complaints", "complaints", "complaints in the interval"},
        {&st->series_refunds, "city/refunds", "visitors", "refunds in the interval"},
        {&st->series_trending, "city/trending", "1",
         "1 if the city was trending at the end of the interval, else 0"},
        {&st->series_in_city, "city/in_city", "visitors", "visitors in the city at the sample"},
    };
    for (size_t k = 0; rc == 0 && k < sizeof series / sizeof series[0]; k++) {
        *series[k].id = ur_rec_series(c->env->rec, series[k].path, series[k].units, series[k].doc);
        rc = *series[k].id < 0 ? *series[k].id : 0;
    }
    if (rc == 0)
        rc = ur_rec_on_sample(c->env->rec, city_stats_sample, c);
    return rc;
}

void city_stats_warmup_end(struct city *c, double t_s)
{
    struct city_stats *st = &c->stats;
    city_trending_update(c, t_s);
    st->window_start_s = t_s;
    st->visitors = st->completed = st->good = st->bad = 0;
    st->loss_h = st->episodes_h_sum = st->worst_episode_h = st->trending_s = 0;
    st->episodes = 0;
    if (!isnan(st->episode_start_s))
        st->episode_start_s = t_s;
    for (size_t i = 0; i < c->n_sites; i++) {
        memset(c->sites[i].count, 0, sizeof c->sites[i].count);
        c->sites[i].refund_amount = 0;
        c->sites[i].travel_in_sum = 0;
        c->sites[i].travel_in_n = 0;
    }
    for (size_t i = 0; i < c->n_taxis; i++)
        c->taxis[i].trips = c->taxis[i].volunteer_trips = 0;
}

static void episode_end(struct city_stats *st, double t_s)
{
    double h = (t_s - st->episode_start_s) / 3600.0;
    st->episodes++;
    st->episodes_h_sum += h;
    st->worst_episode_h = fmax(st->worst_episode_h, h);
    st->episode_start_s = NAN;
}

void city_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec)
{
    struct city *c = model;
    struct city_stats *st = &c->stats;
    uint64_t n = st->good_iv + st->bad_iv;
    double q = n ? (double)st->good_iv / (double)n : 1.0;
    double target = c->cfg->target_share;
    if (t_s > st->window_start_s) {
        double counted = fmin(dt_s, t_s - st->window_start_s);
        st->loss_h += fmax(0, target - q) * counted / 3600.0;
        if (q < target && isnan(st->episode_start_s))
            st->episode_start_s = t_s - counted;
        else if (q >= target && !isnan(st->episode_start_s))
            episode_end(st, t_s - dt_s);
    }
    city_trending_update(c, t_s);
    ur_rec_put(rec, st->series_q, q);
    ur_rec_put(rec, st->series_complaints, (double)st->complaints_iv);
    ur_rec_put(rec, st->series_refunds, (double)st->refunds_iv);
    ur_rec_put(rec, st->series_trending, st->trending ? 1.0 : 0.0);
    ur_rec_put(rec, st->series_in_city, (double)c->in_city);
    st->good_iv = st->bad_iv = st->complaints_iv = st->refunds_iv = 0;
}

static int kpi(struct city *c, const char *path, const char *units, const char *doc, double v)
{
    return ur_rec_kpi(c->env->rec, path, units, doc, v);
}

static int site_kpis(struct city *c, const struct city_site_state *s, double T)
{
    static const struct {
        enum city_count k;
        const char *name, *units, *doc;
    } counts[] = {
        {C_ARRIVED, "visits", "visitors", "visitors who reached the site"},
        {C_CLOSED_AWAY, "closed_away", "visitors", "came while it was closed"},
        {C_SUSPENDED, "sales_suspended", "visitors", "turned away: daily cap reached"},
        {C_SOLD_OUT, "sold_out", "visitors", "reached the window with no slot left today"},
        {C_PAID, "paid", "visitors", "tickets sold"},
        {C_NO_SHOW, "no_shows", "visitors", "ticket holders who did not come"},
        {C_REFUNDS, "refunds", "visitors", "paid visitors who gave up and were refunded"},
        {C_COMPLAINTS, "complaints", "complaints", "complaints about this site"},
    };
    char path[300];
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < sizeof counts / sizeof counts[0]; k++) {
        snprintf(path, sizeof path, "sites/%s/%s", s->cfg->name, counts[k].name);
        rc = kpi(c, path, counts[k].units, counts[k].doc, (double)s->count[counts[k].k]);
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "sites/%s/refund_amount", s->cfg->name);
        rc = kpi(c, path, "yuan", "refunds times the ticket price", s->refund_amount);
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "sites/%s/travel_in_mean", s->cfg->name);
        rc = kpi(c, path, "s", "mean travel time of the visitors who reached it",
                 s->travel_in_n ? s->travel_in_sum / (double)s->travel_in_n : NAN);
    }
    if (rc == 0 && !s->venue) {
        snprintf(path, sizeof path, "sites/%s/occupancy_mean", s->cfg->name);
        rc = kpi(c, path, "visitors", "time-average number inside (no capacity limit)",
                 T > 0 ? s->inside_area / T : NAN);
        if (rc == 0) {
            snprintf(path, sizeof path, "sites/%s/occupancy_max", s->cfg->name);
            rc = kpi(c, path, "visitors", "most visitors inside at once", (double)s->inside_max);
        }
    }
    return rc;
}

int city_stats_publish(struct city *c, double t_s)
{
    struct city_stats *st = &c->stats;
    city_trending_update(c, t_s);
    if (!isnan(st->episode_start_s))
        episode_end(st, t_s);
    double T = t_s - st->window_start_s;
    uint64_t refunds = 0, complaints = 0;
    double amount = 0;
    for (size_t i = 0; i < c->n_sites; i++) {
        refunds += c->sites[i].count[C_REFUNDS];
        complaints += c->sites[i].count[C_COMPLAINTS];
        amount += c->sites[i].refund_amount;
    }
    uint64_t passages = st->good + st->bad;
    int rc = kpi(c, "city/visitors", "visitors", "visitors who arrived in the window",
                 (double)st->visitors);
    if (rc == 0)
        rc = kpi(c, "city/visits_completed", "visitors", "visitors whose visit ended",
                 (double)st->completed);
    if (rc == 0)
        rc = kpi(c, "city/in_city_end", "visitors", "visitors still in the city at the end",
                 (double)c->in_city);
    if (rc == 0)
        rc = kpi(c, "city/refunds", "visitors", "refunds, all sites", (double)refunds);
    if (rc == 0)
        rc = kpi(c, "city/refund_amount", "yuan", "refunds times ticket prices", amount);
    if (rc == 0)
        rc = kpi(c, "city/complaints", "complaints", "complaints, all sites", (double)complaints);
    if (rc == 0)
        rc = kpi(c, "city/hours_trending", "h", "time the city was trending",
                 st->trending_s / 3600.0);
    if (rc == 0)
        rc = kpi(c, "city/served_well_share", "1",
                 "queue passages served within the target wait / all passages",
                 passages ? (double)st->good / (double)passages : NAN);
    if (rc == 0)
        rc = kpi(c, "city/resilience_loss", "h",
                 "area between the target share and Q(t) where Q falls short", st->loss_h);
    if (rc == 0)
        rc = kpi(c, "city/time_to_recover", "h",
                 "mean length of the episodes with Q(t) below target (0: none)",
                 st->episodes ? st->episodes_h_sum / (double)st->episodes : 0.0);
    if (rc == 0)
        rc = kpi(c, "city/worst_recovery", "h", "longest episode with Q(t) below target",
                 st->worst_episode_h);
    if (rc == 0)
        rc = kpi(c, "city/shock_episodes", "episodes", "episodes with Q(t) below target",
                 (double)st->episodes);
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++)
        rc = site_kpis(c, &c->sites[i], T);
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++) {
        const struct city_taxi_state *t = &c->taxis[i];
        char path[300];
        snprintf(path, sizeof path, "taxis/%s/volunteer_trips", t->cfg->name);
        rc = kpi(c, path, "trips", "trips driven by volunteers", (double)t->volunteer_trips);
    }
    return rc;
}
