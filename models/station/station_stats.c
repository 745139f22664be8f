/* The station's statistics: event counters, time-integrated levels, waiting
 * times, the KPIs published at the end of a run and the time series.
 *
 * Levels (queue length, busy servers, servers up, visitors in the system)
 * are piecewise constant, so their integrals are exact: before any change,
 * area += level * (now - t_last). Two areas are kept per level: over the
 * measurement window (reset when the warm-up ends) and over the current
 * sample interval (reset at each sample).
 *
 * Waits: wait_served is the queueing delay of visitors whose service started
 * in the window (0 for those served at once); its mean is a plain sum over a
 * count (waits are non-negative, so the sum's relative rounding error stays
 * below n * 2^-53: 1e-10 for a million visitors) and its 95th percentile
 * comes from a histogram with 1%-wide geometric bins (station_quantile.c;
 * GSL's P^2 estimator proved biased on correlated waits), whose memory does
 * not grow with the number of visitors. wait_all adds the time in queue of
 * visitors who reneged, so that by Little's law
 * queue_length_mean ~ (arrived - balked) / T * wait_all_mean.
 *
 * A sample at time t describes (t - dt, t]; the runner's sample event fires
 * before the model's events due at the same instant, so an event at exactly
 * t counts in the next interval.
 */
#include <math.h>
#include <stdio.h>

#include "station_internal.h"

#define PATH_MAX_CHARS 512

struct series_def {
    const char *name, *units, *doc;
};

static const struct series_def series_defs[STATION_N_SERIES] = {
    [SERIES_QUEUE_LENGTH] = {"queue_length", "visitors",
                             "time-average number waiting over the interval"},
    [SERIES_BUSY_SERVERS] = {"busy_servers", "servers",
                             "time-average number of servers up and serving"},
    [SERIES_SERVERS_UP] = {"servers_up", "servers", "time-average number of servers up"},
    [SERIES_SERVERS_OPEN] = {"servers_open", "servers",
                             "time-average number of servers open (staffed), up or not"},
    [SERIES_ARRIVED] = {"arrived", "visitors", "arrivals in the interval (balking included)"},
    [SERIES_SERVED] = {"served", "visitors", "service completions in the interval"},
    [SERIES_RENEGED] = {"reneged", "visitors", "visitors who gave up waiting in the interval"},
    [SERIES_BALKED] = {"balked", "visitors", "arrivals turned away by a full waiting room"},
    [SERIES_WAIT_SERVED_MEAN] = {"wait_served_mean", "s",
                                 "mean wait of visitors whose service started in the interval "
                                 "(NaN if none)"},
};

static void path_of(const struct station *st, const char *what, char *buf)
{
    snprintf(buf, PATH_MAX_CHARS, "%s/%s", st->result_prefix, what);
}

int station_stats_init(struct station *st)
{
    struct station_stats *s = &st->stats;
    if (station_quantile_init(&s->wait_served_q) < 0)
        return UR_ENOMEM;
    for (int k = 0; k < STATION_N_SERIES; k++) {
        char path[PATH_MAX_CHARS];
        path_of(st, series_defs[k].name, path);
        s->series[k] = ur_rec_series(st->env->rec, path, series_defs[k].units, series_defs[k].doc);
        if (s->series[k] < 0)
            return s->series[k];
    }
    return 0;
}

void station_stats_fini(struct station *st)
{
    struct station_stats *s = &st->stats;
    station_quantile_fini(&s->wait_served_q);
    *s = (struct station_stats){0};
}

void station_stats_advance(struct station *st, double t_s)
{
    struct station_stats *s = &st->stats;
    double dt = t_s - s->t_last_s;
    for (int k = 0; k < STATION_N_LEVELS; k++) {
        double area = (double)st->level[k] * dt;
        s->area_window[k] += area;
        s->area_interval[k] += area;
    }
    s->t_last_s = t_s;
}

void station_stats_count(struct station *st, enum station_count kind)
{
    st->stats.window[kind]++;
    st->stats.interval[kind]++;
}

static inline void mean_add(struct station_mean *m, double x)
{
    m->n++;
    m->sum += x;
}

static double mean_of(const struct station_mean *m)
{
    return m->n ? m->sum / (double)m->n : NAN;
}

void station_stats_wait(struct station *st, double wait_s, bool served)
{
    struct station_stats *s = &st->stats;
    mean_add(&s->wait_all, wait_s);
    s->waited += wait_s > 0;
    if (!served)
        return;
    mean_add(&s->wait_served, wait_s);
    s->wait_served_max = wait_s > s->wait_served_max ? wait_s : s->wait_served_max;
    station_quantile_add(&s->wait_served_q, wait_s);
    mean_add(&s->interval_wait, wait_s);
}

void station_stats_warmup_end(struct station *st, double t_s)
{
    struct station_stats *s = &st->stats;
    station_stats_advance(st, t_s);
    for (int k = 0; k < STATION_N_LEVELS; k++)
        s->area_window[k] = 0;
    for (int k = 0; k < STATION_N_COUNTS; k++)
        s->window[k] = 0;
    s->wait_served = s->wait_all = (struct station_mean){0};
    s->wait_served_max = 0;
    station_quantile_reset(&s->wait_served_q);
    s->waited = 0;
    s->window_start_s = t_s;
    s->in_system_start = st->level[STATION_IN_SYSTEM];
}

void station_stats_sample(void *model, double t_s, double dt_s, struct ur_rec *rec)
{
    struct station *st = model;
    struct station_stats *s = &st->stats;
    station_stats_advance(st, t_s);
    double per_s = dt_s > 0 ? 1.0 / dt_s : NAN;
    ur_rec_put(rec, s->series[SERIES_QUEUE_LENGTH], s->area_interval[STATION_WAITING] * per_s);
    ur_rec_put(rec, s->series[SERIES_BUSY_SERVERS], s->area_interval[STATION_BUSY] * per_s);
    ur_rec_put(rec, s->series[SERIES_SERVERS_UP], s->area_interval[STATION_UP] * per_s);
    ur_rec_put(rec, s->series[SERIES_SERVERS_OPEN], s->area_interval[STATION_OPEN] * per_s);
    ur_rec_put(rec, s->series[SERIES_ARRIVED], (double)s->interval[STATION_ARRIVED]);
    ur_rec_put(rec, s->series[SERIES_SERVED], (double)s->interval[STATION_SERVED]);
    ur_rec_put(rec, s->series[SERIES_RENEGED], (double)s->interval[STATION_RENEGED]);
    ur_rec_put(rec, s->series[SERIES_BALKED], (double)s->interval[STATION_BALKED]);
    ur_rec_put(rec, s->series[SERIES_WAIT_SERVED_MEAN], mean_of(&s->interval_wait));
    for (int k = 0; k < STATION_N_LEVELS; k++)
        s->area_interval[k] = 0;
    for (int k = 0; k < STATION_N_COUNTS; k++)
        s->interval[k] = 0;
    s->interval_wait = (struct station_mean){0};
}

enum kpi {
    KPI_ARRIVED,
    KPI_SERVED,
    KPI_RENEGED,
    KPI_BALKED,
    KPI_IN_SYSTEM_START,
    KPI_IN_SYSTEM_END,
    KPI_WAIT_SERVED_MEAN,
    KPI_WAIT_SERVED_P50,
    KPI_WAIT_SERVED_P95,
    KPI_WAIT_SERVED_MAX,
    KPI_WAIT_ALL_MEAN,
    KPI_WAITED_SHARE,
    KPI_QUEUE_LENGTH_MEAN,
    KPI_IN_SYSTEM_MEAN,
    KPI_UTILIZATION,
    KPI_SERVERS_UP_MEAN,
    KPI_SERVERS_OPEN_MEAN,
    KPI_ABANDONMENT_SHARE,
    KPI_THROUGHPUT_PER_H,
    N_KPIS
};

/* Counts and averages are over the window [end of warm-up, end of run]. */
static const struct series_def kpi_defs[N_KPIS] = {
    [KPI_ARRIVED] = {"arrived", "visitors", "arrivals in the window, balking included"},
    [KPI_SERVED] = {"served", "visitors", "service completions in the window"},
    [KPI_RENEGED] = {"reneged", "visitors", "visitors who gave up waiting in the window"},
    [KPI_BALKED] = {"balked", "visitors", "arrivals turned away by a full waiting room"},
    [KPI_IN_SYSTEM_START] = {"in_system_start", "visitors",
                             "visitors waiting or held by a server when the window began"},
    [KPI_IN_SYSTEM_END] = {"in_system_end", "visitors",
                           "visitors waiting or held by a server at the end"},
    [KPI_WAIT_SERVED_MEAN] = {"wait_served_mean", "s",
                              "mean queueing delay of visitors whose service started in the "
                              "window (0 for those served at once)"},
    [KPI_WAIT_SERVED_P50] = {"wait_served_p50", "s",
                             "median of that delay (histogram with 1% bins)"},
    [KPI_WAIT_SERVED_P95] = {"wait_served_p95", "s",
                             "95th percentile of that delay (histogram with 1% bins)"},
    [KPI_WAIT_SERVED_MAX] = {"wait_served_max", "s", "longest such delay"},
    [KPI_WAIT_ALL_MEAN] = {"wait_all_mean", "s",
                           "mean time in queue of visitors who left the queue in the window by "
                           "starting service or reneging"},
    [KPI_WAITED_SHARE] = {"waited_share", "1",
                          "share of those visitors who had to wait (wait > 0)"},
    [KPI_QUEUE_LENGTH_MEAN] = {"queue_length_mean", "visitors", "time-average number waiting"},
    [KPI_IN_SYSTEM_MEAN] = {"in_system_mean", "visitors",
                            "time-average number waiting or held by a server"},
    [KPI_UTILIZATION] = {"utilization", "1",
                         "time-average busy servers / time-average open servers"},
    [KPI_SERVERS_UP_MEAN] = {"servers_up_mean", "servers", "time-average number of servers up"},
    [KPI_SERVERS_OPEN_MEAN] = {"servers_open_mean", "servers",
                               "time-average number of servers open (staffed), up or not"},
    [KPI_ABANDONMENT_SHARE] = {"abandonment_share", "1", "reneged / (served + reneged)"},
    [KPI_THROUGHPUT_PER_H] = {"throughput_per_h", "visitors/h", "service completions per hour"},
};

static double ratio(double num, double den)
{
    return den > 0 ? num / den : NAN;
}

/* The KPIs of the window [window_start_s, t_s] of length T. */
static void kpi_values(const struct station *st, double t_s, double *v)
{
    const struct station_stats *s = &st->stats;
    const double T = t_s - s->window_start_s;
    v[KPI_ARRIVED] = (double)s->window[STATION_ARRIVED];
    v[KPI_SERVED] = (double)s->window[STATION_SERVED];
    v[KPI_RENEGED] = (double)s->window[STATION_RENEGED];
    v[KPI_BALKED] = (double)s->window[STATION_BALKED];
    v[KPI_IN_SYSTEM_START] = (double)s->in_system_start;
    v[KPI_IN_SYSTEM_END] = (double)st->level[STATION_IN_SYSTEM];
    v[KPI_WAIT_SERVED_MEAN] = mean_of(&s->wait_served);
    v[KPI_WAIT_SERVED_P50] = station_quantile_get(&s->wait_served_q, 0.50);
    v[KPI_WAIT_SERVED_P95] = station_quantile_get(&s->wait_served_q, 0.95);
    v[KPI_WAIT_SERVED_MAX] = s->wait_served.n ? s->wait_served_max : NAN;
    v[KPI_WAIT_ALL_MEAN] = mean_of(&s->wait_all);
    v[KPI_WAITED_SHARE] = ratio((double)s->waited, (double)s->wait_all.n);
    v[KPI_QUEUE_LENGTH_MEAN] = ratio(s->area_window[STATION_WAITING], T);
    v[KPI_IN_SYSTEM_MEAN] = ratio(s->area_window[STATION_IN_SYSTEM], T);
    v[KPI_UTILIZATION] = ratio(s->area_window[STATION_BUSY], s->area_window[STATION_OPEN]);
    v[KPI_SERVERS_UP_MEAN] = ratio(s->area_window[STATION_UP], T);
    v[KPI_SERVERS_OPEN_MEAN] = ratio(s->area_window[STATION_OPEN], T);
    v[KPI_ABANDONMENT_SHARE] = ratio(v[KPI_RENEGED], v[KPI_SERVED] + v[KPI_RENEGED]);
    v[KPI_THROUGHPUT_PER_H] = ratio(v[KPI_SERVED] * 3600.0, T);
}

/* The station's headline KPIs (ur_rec_headline): a queue's outcome for the
 * visitor (how long the served waited, how many gave up) at rank 2, so a
 * model of a whole city can put its own outcome above every queue's. */
static const struct {
    enum kpi kpi;
    int rank;
    enum ur_better better;
} headlines[] = {
    {KPI_WAIT_SERVED_MEAN, 2, UR_BETTER_LOWER},
    {KPI_WAIT_SERVED_P95, 2, UR_BETTER_LOWER},
    {KPI_ABANDONMENT_SHARE, 2, UR_BETTER_LOWER},
    {KPI_UTILIZATION, 3, UR_BETTER_NONE},
};

static void mark_headlines(struct station *st)
{
    for (size_t i = 0; i < sizeof headlines / sizeof headlines[0]; i++) {
        char path[PATH_MAX_CHARS];
        path_of(st, kpi_defs[headlines[i].kpi].name, path);
        ur_rec_headline(st->env->rec, path, headlines[i].rank, headlines[i].better);
    }
}

int station_stats_publish(struct station *st, double t_s)
{
    double v[N_KPIS];
    station_stats_advance(st, t_s);
    kpi_values(st, t_s, v);
    for (int k = 0; k < N_KPIS; k++) {
        char path[PATH_MAX_CHARS];
        path_of(st, kpi_defs[k].name, path);
        int rc = ur_rec_kpi(st->env->rec, path, kpi_defs[k].units, kpi_defs[k].doc, v[k]);
        if (rc < 0)
            return rc;
    }
    mark_headlines(st);
    return 0;
}
