/* What the visitors show the emergency plan (models/plan/), and what they
 * let it do, through the board (models/common/board.h).
 *
 * Metrics:
 *   queue_length      visitors waiting at the site: ticket queue + gate
 *   shown_wait        the wait shown at the ticket queue's entrance
 *                     ((waiting + 1) x mean service / windows up; infinite
 *                     with none up, e.g. during an outage)
 *   wait_p95          95th percentile (GSL) of the ticket-queue waits of the
 *                     visitors served in the last `window`
 *   complaints_per_hour, refunds_per_hour
 *                     events in the last `window`, per hour (city-wide, or
 *                     of one site when `site:` is given)
 *   taxi_wait         the wait shown at a taxi stand
 *
 * Actions: open_windows takes staff from the city's reserve_staff (never
 * more than the reserve, nor beyond the ticket queue's max_servers);
 * close_windows gives them back (a window closes once its visitor is
 * served); extend_hours moves the site's closing time later from then on;
 * cap_entry sets the daily reservation cap (sales already made stand);
 * refund refunds every ticket holder waiting at the site's gate, who
 * leaves (an offered refund: its own complaint chance, refund_offered);
 * apology multiplies every complaint probability by apology_factor from
 * then on, and the online heat by trending.apology at once;
 * warm_shelter gives the site's queues a warm place to wait: the cold no
 * longer shortens the patience of visitors who join them from then on
 * (those already waiting keep the patience they came with);
 * call_volunteers raises a stand's volunteer ceiling.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/common.h"
#include "city_internal.h"

int city_site_index(const struct city *c, const char *name)
{
    for (size_t i = 0; name && i < c->n_sites; i++)
        if (strcmp(c->sites[i].cfg->name, name) == 0)
            return (int)i;
    return -1;
}

int city_taxi_index(const struct city *c, const char *name)
{
    const struct city_taxi *t = c->cfg->taxis.items;
    for (size_t i = 0; name && i < c->n_taxis; i++)
        if (strcmp(t[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- metrics ---- */

static double queue_length(void *model, long site, double now, double window)
{
    (void)now, (void)window;
    const struct city_site_state *s = &((struct city *)model)->sites[site];
    return (double)((s->ticket ? station_waiting(s->ticket) : 0) +
                    (s->venue ? station_waiting(s->venue) : 0));
}

static double shown_wait(void *model, long site, double now, double window)
{
    (void)now, (void)window;
    const struct city_site_state *s = &((struct city *)model)->sites[site];
    return s->ticket ? station_shown_wait(s->ticket) : 0;
}

static double wait_p95(void *model, long site, double now, double window)
{
    return city_recent_quantile(&((struct city *)model)->sites[site].waits, now, window, 0.95);
}

static double complaints_per_hour(void *model, long site, double now, double window)
{
    struct city *c = model;
    struct city_recent *r = site >= 0 ? &c->sites[site].complaints : &c->complaints;
    return (double)city_recent_count(r, now, window) / window;
}

static double refunds_per_hour(void *model, long site, double now, double window)
{
    struct city *c = model;
    struct city_recent *r = site >= 0 ? &c->sites[site].refunds : &c->refunds;
    return (double)city_recent_count(r, now, window) / window;
}

static double taxi_wait(void *model, long taxi, double now, double window)
{
    (void)now, (void)window;
    return station_shown_wait(((struct city *)model)->taxis[taxi].stand);
}

/* ---- actions ---- */

static struct city_site_state *site_of(struct city *c, const struct board_args *a)
{
    return &c->sites[city_site_index(c, a->site)];
}

static double windows(struct city *c, const struct board_args *a, int sign, char *detail,
                      size_t size)
{
    struct city_site_state *s = site_of(c, a);
    if (!s->ticket) {
        snprintf(detail, size, "no ticket queue here: nothing to do");
        return 0;
    }
    uint32_t open = station_open(s->ticket), max = station_max_servers(s->ticket), target;
    if (sign > 0) {
        long room = (long)(max - open), n = a->count;
        n = n < room ? n : room;
        n = n < c->reserve_staff ? n : c->reserve_staff;
        target = open + (uint32_t)n;
    } else
        target = open > (uint32_t)a->count ? open - (uint32_t)a->count : 0;
    uint32_t now_open = station_set_open(s->ticket, target);
    c->reserve_staff -= (long)now_open - (long)open;
    snprintf(detail, size, "%s windows %u -> %u (reserve staff left %ld)", s->cfg->name, open,
             now_open, c->reserve_staff);
    return now_open;
}

static double open_windows(void *model, const struct board_args *a, char *detail, size_t size)
{
    return windows(model, a, 1, detail, size);
}

static double close_windows(void *model, const struct board_args *a, char *detail, size_t size)
{
    return windows(model, a, -1, detail, size);
}

static double extend_hours(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct city_site_state *s = site_of(model, a);
    struct city_site_state *h = s->hours_of ? s->hours_of : s; /* inside a park: the park's */
    h->extra_hours_s += a->by_s;
    snprintf(detail, size, "%s closes %.1f h later", h->cfg->name, h->extra_hours_s / 3600);
    return h->extra_hours_s;
}

static double cap_entry(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct city_site_state *s = site_of(model, a);
    long before = s->cap;
    s->cap = a->count;
    snprintf(detail, size, "%s daily cap %ld -> %ld (sold today %ld)", s->cfg->name, before,
             s->cap, s->sold_today);
    return (double)s->cap;
}

static double refund(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct city_site_state *s = site_of(model, a);
    s->dismissing = DISMISS_REFUND;
    uint64_t n = s->venue ? station_dismiss_waiting(s->venue) : 0;
    s->dismissing = DISMISS_NONE;
    snprintf(detail, size, "%s: %llu waiting at the gate sent away, refunded where they paid",
             s->cfg->name, (unsigned long long)n);
    return (double)n;
}

static double apology(void *model, const struct board_args *a, char *detail, size_t size)
{
    (void)a;
    struct city *c = model;
    c->apologised = true;
    city_heat_apology(c, ur_sim_now(c->env->sim));
    snprintf(detail, size, "complaint chances x %g from now on", c->cfg->complaints.apology_factor);
    return c->cfg->complaints.apology_factor;
}

static double warm_shelter(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct city *c = model;
    struct city_site_state *s = site_of(c, a);
    double k = city_patience_scale(c, ur_sim_now(c->env->sim));
    s->sheltered = true;
    snprintf(detail, size, "%s: new arrivals wait in the warm (patience x %.2f -> x %.2f now)",
             s->cfg->name, k, k < 1.0 ? 1.0 : k);
    return k < 1.0 ? 1.0 / k : 1.0;
}

static double call_volunteers(void *model, const struct board_args *a, char *detail, size_t size)
{
    struct city *c = model;
    struct city_taxi_state *x = &c->taxis[city_taxi_index(c, a->taxi)];
    x->volunteers_max += a->count;
    snprintf(detail, size, "%s: up to %ld volunteers", x->cfg->name, x->volunteers_max);
    return (double)x->volunteers_max;
}

/* ---- checks and names ---- */

static const struct city_site *find_site(const struct city_config *c, const char *name)
{
    long i = model_index_of(&c->sites, sizeof(struct city_site), name);
    return i >= 0 ? (const struct city_site *)c->sites.items + i : NULL;
}

/* The key of an action's `site:` (reported only once it names a site). */
static const char *site_key(char *key, size_t size, const char *base)
{
    snprintf(key, size, "%s.site", base);
    return key;
}

static void need_windows(const void *cfg, const struct board_args *a, struct ur_check *ck,
                         const char *base)
{
    const struct city_site *s = find_site(cfg, a->site);
    char key[200];
    if (s && !s->has_ticket)
        ur_check_error(ck, site_key(key, sizeof key, base),
                       "%s needs a site with `ticket:` windows; '%s' has none", a->kind,
                       s->name);
}

static void need_reservations(const void *cfg, const struct board_args *a, struct ur_check *ck,
                              const char *base)
{
    const struct city_site *s = find_site(cfg, a->site);
    char key[200];
    if (s && !s->has_reservations)
        ur_check_error(ck, site_key(key, sizeof key, base),
                       "cap_entry caps timed reservations; '%s' has no `reservations:`",
                       s->name);
}

static void need_weather(const void *cfg, const struct board_args *a, struct ur_check *ck,
                         const char *base)
{
    (void)a;
    if (!((const struct city_config *)cfg)->has_weather)
        ur_check_error(ck, base, "warm_shelter keeps the cold off the visitors' patience; the "
                                 "city has no `weather:` (patience_per_degree), so it would do "
                                 "nothing");
}

static void need(const void *cfg, enum board_scope scope, struct ur_check *ck, const char *key,
                 const char *name)
{
    const struct city_config *c = cfg;
    bool site = scope != BOARD_TAXI;
    const struct ur_list *l = site ? &c->sites : &c->taxis;
    size_t stride = site ? sizeof(struct city_site) : sizeof(struct city_taxi);
    char known[512];
    if (!name) {
        ur_check_error(ck, key, "this needs `%s:`", site ? "site" : "taxi");
    } else if (model_index_of(l, stride, name) < 0) {
        model_names_of(l, stride, known, sizeof known);
        if (site)
            ur_check_error(ck, key, "no site named '%s'; the sites are %s", name, known);
        else
            ur_check_error(ck, key, "no taxi stand named '%s'; the stands are %s", name,
                           l->n ? known : "(none: add `taxis:`)");
    }
}

static long find(void *model, enum board_scope scope, const char *name)
{
    struct city *c = model;
    return scope == BOARD_TAXI ? city_taxi_index(c, name) : city_site_index(c, name);
}

static const struct board_metric metrics[] = {
    {.name = "queue_length", .unit = BOARD_COUNT, .scope = BOARD_SITE, .value = queue_length},
    {.name = "shown_wait", .unit = BOARD_WAIT, .scope = BOARD_SITE, .value = shown_wait},
    {.name = "wait_p95", .unit = BOARD_WAIT, .scope = BOARD_SITE, .value = wait_p95},
    {.name = "complaints_per_hour", .unit = BOARD_RATE, .scope = BOARD_CITY_OR_SITE,
     .value = complaints_per_hour},
    {.name = "refunds_per_hour", .unit = BOARD_RATE, .scope = BOARD_CITY_OR_SITE,
     .value = refunds_per_hour},
    {.name = "taxi_wait", .unit = BOARD_WAIT, .scope = BOARD_TAXI, .value = taxi_wait},
};

static const struct board_action actions[] = {
    {.name = "open_windows", .needs = BOARD_NEEDS_SITE | BOARD_NEEDS_COUNT,
     .check = need_windows, .run = open_windows},
    {.name = "close_windows", .needs = BOARD_NEEDS_SITE | BOARD_NEEDS_COUNT,
     .check = need_windows, .run = close_windows},
    {.name = "extend_hours", .needs = BOARD_NEEDS_SITE | BOARD_NEEDS_BY, .run = extend_hours},
    {.name = "cap_entry", .needs = BOARD_NEEDS_SITE | BOARD_NEEDS_COUNT,
     .check = need_reservations, .run = cap_entry},
    {.name = "refund", .needs = BOARD_NEEDS_SITE, .run = refund},
    {.name = "apology", .run = apology},
    {.name = "warm_shelter", .needs = BOARD_NEEDS_SITE, .check = need_weather,
     .run = warm_shelter},
    {.name = "call_volunteers", .needs = BOARD_NEEDS_TAXI | BOARD_NEEDS_COUNT,
     .run = call_volunteers},
};

const struct board_decl city_board = {
    .name = "city",
    .metrics = metrics,
    .n_metrics = sizeof metrics / sizeof metrics[0],
    .actions = actions,
    .n_actions = sizeof actions / sizeof actions[0],
    .absent = "`sites:` in the city",
    .need = need,
    .find = find,
};
