/* The city's statistics: complaints (by cause), refunds, the performance
 * Q(t) and the resilience measures, the KPIs and time series (the online
 * heat is in city_heat.c).
 *
 * Q(t): per sample interval, the share of queue passages (ticket queue,
 * venue gate, taxi stand) that were served within target_wait, a visitor
 * who gave up, was turned away or was sent away at closing counting as not
 * served. An interval without passages has no Q (NaN in the series): it is
 * skipped by every measure, not counted as 1. Outside opening hours there
 * are no passages but those the closing sends away and the taxi stands',
 * which count.
 * The primary measures: the resilience loss (the "resilience triangle"),
 * the area between the target share and Q(t) where Q falls short,
 * sum of (target - Q_k)+ dt_k, in hours; and the time below target, the
 * total length of the intervals with Q below it. time_to_recover runs from
 * the start of the first interval below target to the end of the last one
 * (the final recovery; the end of the run if it never recovered), so
 * splitting one dip in two does not change it. An episode is a run of
 * intervals below target, skipped intervals not ending it; worst_recovery
 * is the longest (from its first drop to the end of its last interval
 * below target).
 * complaints_peak_15min: the most complaints in any 15 minutes, looked at
 * every complaint (exact).
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

void city_passage(struct city *c, struct city_passages *at, bool good)
{
    at->good += good;
    at->bad += !good;
    if (good) {
        c->stats.good++;
        c->stats.good_iv++;
    } else {
        c->stats.bad++;
        c->stats.bad_iv++;
    }
}

void city_maybe_complain(struct city *c, struct city_site_state *s, enum city_cause why)
{
    const struct city_complaints *k = &c->cfg->complaints;
    double p = k->p[why];
    if (c->apologised)
        p *= k->apology_factor;
    double u = gsl_rng_uniform(c->r_complaints); /* drawn whatever p is: streams stay aligned */
    if (!(u < p))
        return;
    double now = ur_sim_now(c->env->sim);
    city_count(s, C_COMPLAINTS);
    s->complaints_by[why]++;
    c->stats.complaints_iv++;
    city_recent_add(&c->complaints, now, 1);
    city_recent_add(&s->complaints, now, 1);
    city_heat_complaint(c, now);
    if (now >= c->stats.window_start_s) {
        uint64_t burst = city_recent_count(&c->complaints, now, 900.0);
        if (burst > c->stats.complaints_peak_15min)
            c->stats.complaints_peak_15min = burst;
    }
    /* a share of those who complain online also call the hotline (its own
     * stream, so that the complaints themselves do not shift) */
    bool calls = k->hotline >= 1 || gsl_rng_uniform(c->r_hotline) < k->hotline;
    if (c->response && calls)
        resp_complaint(c->response, s->grid);
}

void city_refund(struct city *c, struct city_site_state *s, struct city_site_state *where,
                 enum city_cause why)
{
    double now = ur_sim_now(c->env->sim);
    city_count(s, C_REFUNDS);
    if (why == CAUSE_REFUND_OFFERED)
        city_count(s, C_REFUNDS_OFFERED);
    s->refund_amount += s->cfg->price;
    c->stats.refunds_iv++;
    city_recent_add(&c->refunds, now, 1);
    city_recent_add(&s->refunds, now, 1);
    city_maybe_complain(c, where, why);
}

/* ---- series and KPIs ---- */

int city_stats_init(struct city *c, double keep_s)
{
    struct city_stats *st = &c->stats;
    *st = (struct city_stats){.episode_start_s = NAN, .first_below_s = NAN};
    city_heat_init(c);
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
         "Q(t): share of queue passages in the interval served within the target wait "
         "(NaN: no passage, undefined)"},
        {&st->series_complaints, "city/complaints", "complaints", "complaints in the interval"},
        {&st->series_refunds, "city/refunds", "visitors", "refunds in the interval"},
        {&st->series_trending, "city/trending", "1",
         "1 if the city was trending at the end of the interval, else 0"},
        {&st->series_heat, "city/heat", "complaints",
         "online heat H(t) at the sample: sum of exp(-(t - t_i) / tau) over complaints"},
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
    city_heat_warmup_end(c, t_s);
    st->window_start_s = t_s;
    st->visitors = st->completed = st->good = st->bad = 0;
    st->loss_h = st->below_h = st->worst_episode_h = 0;
    st->episodes = st->complaints_peak_15min = 0;
    st->first_below_s = NAN;
    if (!isnan(st->episode_start_s)) { /* one open now starts again at the window */
        st->episode_start_s = t_s;
        st->episodes = 1;
    }
    for (size_t i = 0; i < c->n_sites; i++) {
        memset(c->sites[i].count, 0, sizeof c->sites[i].count);
        memset(c->sites[i].complaints_by, 0, sizeof c->sites[i].complaints_by);
        c->sites[i].refund_amount = 0;
        c->sites[i].passages = (struct city_passages){0};
        c->sites[i].travel_in_sum = 0;
        c->sites[i].travel_in_n = 0;
    }
    for (size_t i = 0; i < c->n_taxis; i++) {
        c->taxis[i].trips = c->taxis[i].volunteer_trips = 0;
        c->taxis[i].passages = (struct city_passages){0};
    }
}

double city_time_to_recover_h(const struct city_stats *st)
{
    return isnan(st->first_below_s) ? 0.0 : (st->last_below_end_s - st->first_below_s) / 3600;
}

void city_episode_close(struct city_stats *st)
{
    double h = (st->last_below_end_s - st->episode_start_s) / 3600.0;
    st->worst_episode_h = fmax(st->worst_episode_h, h);
    st->episode_start_s = NAN;
}

void city_resilience_add(struct city_stats *st, double q, double target, double t_s,
                         double counted)
{
    st->loss_h += fmax(0, target - q) * counted / 3600.0;
    if (q >= target) {
        if (!isnan(st->episode_start_s))
            city_episode_close(st);
        return;
    }
    st->below_h += counted / 3600.0;
    if (isnan(st->first_below_s))
        st->first_below_s = t_s - counted;
    if (isnan(st->episode_start_s)) {
        st->episode_start_s = t_s - counted;
        st->episodes++;
    }
    st->last_below_end_s = t_s;
}

void city_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec)
{
    struct city *c = model;
    struct city_stats *st = &c->stats;
    uint64_t n = st->good_iv + st->bad_iv;
    double q = n ? (double)st->good_iv / (double)n : NAN; /* no passage: undefined, skipped */
    if (n && t_s > st->window_start_s)
        city_resilience_add(st, q, c->cfg->target_share, t_s,
                            fmin(dt_s, t_s - st->window_start_s));
    ur_rec_put(rec, st->series_q, q);
    ur_rec_put(rec, st->series_complaints, (double)st->complaints_iv);
    ur_rec_put(rec, st->series_refunds, (double)st->refunds_iv);
    ur_rec_put(rec, st->series_trending, city_trending_at(c, t_s) ? 1.0 : 0.0);
    ur_rec_put(rec, st->series_heat, city_heat_at(c, t_s));
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
        {C_REFUNDS, "refunds", "visitors",
         "paid visitors refunded: those who gave up and asked, and those the plan refunded"},
        {C_REFUNDS_OFFERED, "refunds_offered", "visitors", "refunds the plan offered"},
        {C_CLOSED_QUEUE, "closed_with_queue", "visitors",
         "still queuing (windows, gate) `grace` after closing: sent away"},
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
    if (rc == 0 && s->cfg->has_reservations) {
        snprintf(path, sizeof path, "sites/%s/sales_suspended_at", s->cfg->name);
        rc = kpi(c, path, "h",
                 "time of day sales were suspended (those sold and those at the windows fill "
                 "the daily cap), mean over the days it happened; NaN: never",
                 s->suspended_days ? s->suspended_tod_sum / s->suspended_days / 3600 : NAN);
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

static const char *const cause_names[CAUSE_N] = {
    "gave_up", "turned_away", "refund_asked", "refund_offered", "closed_with_queue"};

/* complaints_by_cause/<cause>: the city's complaints split by why. */
static int cause_kpis(struct city *c)
{
    int rc = 0;
    for (int k = 0; rc == 0 && k < CAUSE_N; k++) {
        uint64_t n = 0;
        for (size_t i = 0; i < c->n_sites; i++)
            n += c->sites[i].complaints_by[k];
        char path[96];
        snprintf(path, sizeof path, "city/complaints_by_cause/%s", cause_names[k]);
        rc = kpi(c, path, "complaints", "complaints, all sites, of this cause", (double)n);
    }
    return rc;
}

/* The online heat and the resilience measures. */
static int heat_and_resilience_kpis(struct city *c, double t_s)
{
    struct city_stats *st = &c->stats;
    city_heat_at(c, t_s);
    const struct {
        const char *path, *units, *doc;
        double v;
    } rows[] = {
        {"city/hours_trending", "h", "time the city was trending (heat at or above its threshold "
         "for `hold`)", c->heat.trending_s / 3600.0},
        {"city/heat_peak", "complaints", "highest online heat H(t)", c->heat.peak},
        {"city/heat_hours", "complaint-h", "integral of H(t) over the window", c->heat.area / 3600},
        {"city/complaints_peak_15min", "complaints", "most complaints in any 15 minutes",
         (double)st->complaints_peak_15min},
        {"city/resilience_loss", "h",
         "area between the target share and Q(t) where Q falls short (intervals with "
         "passages only)", st->loss_h},
        {"city/time_below_target", "h", "time with Q(t) below target", st->below_h},
        {"city/time_to_recover", "h",
         "from the first drop below target to the final recovery (0: none)",
         city_time_to_recover_h(st)},
        {"city/worst_recovery", "h", "longest episode with Q(t) below target",
         st->worst_episode_h},
        {"city/shock_episodes", "episodes", "episodes with Q(t) below target",
         (double)st->episodes},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof rows / sizeof rows[0]; i++)
        rc = kpi(c, rows[i].path, rows[i].units, rows[i].doc, rows[i].v);
    return rc;
}

static int city_parts(struct city *c);

int city_stats_publish(struct city *c, double t_s)
{
    struct city_stats *st = &c->stats;
    if (!isnan(st->episode_start_s))
        city_episode_close(st);
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
        rc = cause_kpis(c);
    if (rc == 0)
        rc = kpi(c, "city/served_well_share", "1",
                 "queue passages served within the target wait / all passages",
                 passages ? (double)st->good / (double)passages : NAN);
    if (rc == 0)
        rc = heat_and_resilience_kpis(c, t_s);
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++)
        rc = site_kpis(c, &c->sites[i], T);
    for (size_t i = 0; rc == 0 && i < c->n_taxis; i++) {
        const struct city_taxi_state *t = &c->taxis[i];
        char path[300];
        snprintf(path, sizeof path, "taxis/%s/volunteer_trips", t->cfg->name);
        rc = kpi(c, path, "trips", "trips driven by volunteers", (double)t->volunteer_trips);
    }
    return rc == 0 ? city_parts(c) : rc;
}

/* The totals' parts (ur_rec_kpi_part): complaints, refunds and their
 * amount by site, complaints by cause, and the served-well share by queue
 * (site or taxi stand: its passages served well / all passages), so that a
 * difference between variants says where it comes from. */
static int city_parts(struct city *c)
{
    struct ur_rec *rec = c->env->rec;
    uint64_t all = c->stats.good + c->stats.bad;
    int rc = 0;
    for (int k = 0; rc == 0 && k < CAUSE_N; k++) {
        uint64_t n = 0;
        for (size_t i = 0; i < c->n_sites; i++)
            n += c->sites[i].complaints_by[k];
        rc = ur_rec_kpi_part(rec, "city/complaints", "cause", cause_names[k], (double)n);
    }
    for (size_t i = 0; rc == 0 && all && i < c->n_taxis; i++) {
        char name[160];
        snprintf(name, sizeof name, "taxi:%s", c->taxis[i].cfg->name);
        rc = ur_rec_kpi_part(rec, "city/served_well_share", "queue", name,
                             (double)c->taxis[i].passages.good / (double)all);
    }
    for (size_t i = 0; rc == 0 && i < c->n_sites; i++) {
        const struct city_site_state *s = &c->sites[i];
        rc = ur_rec_kpi_part(c->env->rec, "city/complaints", "site", s->cfg->name,
                             (double)s->count[C_COMPLAINTS]);
        if (rc == 0)
            rc = ur_rec_kpi_part(c->env->rec, "city/refunds", "site", s->cfg->name,
                                 (double)s->count[C_REFUNDS]);
        if (rc == 0)
            rc = ur_rec_kpi_part(c->env->rec, "city/refund_amount", "site", s->cfg->name,
                                 s->refund_amount);
        if (rc == 0 && all)
            rc = ur_rec_kpi_part(rec, "city/served_well_share", "queue", s->cfg->name,
                                 (double)s->passages.good / (double)all);
    }
    return rc;
}
