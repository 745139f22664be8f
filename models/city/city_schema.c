/* The keys of `city:`, declared once for the loader and for `ursim schema`,
 * and the check that every name a route or a trigger uses exists (reported
 * at the line of the wrong name, with the near miss).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/common.h"
#include "city_internal.h"

#define F(T, m) offsetof(T, m)

static const struct ur_field reservations_fields[] = {
    {.key = "slot", .type = UR_T_DURATION, .offset = F(struct city_reservations, slot_s),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN, .doc = "length of an entry slot, e.g. 30min"},
    {.key = "quota", .type = UR_T_INT, .offset = F(struct city_reservations, quota),
     .flags = UR_F_REQUIRED, .min = 1, .max = 1e9, .doc = "places per slot"},
    {.key = "daily_cap", .type = UR_T_INT, .offset = F(struct city_reservations, daily_cap),
     .given = UR_GIVEN(struct city_reservations, has_daily_cap), .min = 0, .max = 1e9,
     .doc = "sales are suspended for the day once this many are sold; absent: no cap"},
    {.key = "no_show", .type = UR_T_REAL, .offset = F(struct city_reservations, no_show),
     .min = 0, .max = 1, .def = "0", .doc = "probability that a ticket holder does not come"},
};
static const struct ur_schema reservations_schema =
    UR_SCHEMA("reservations", struct city_reservations, reservations_fields, NULL,
              "timed entry: a ticket bought at the window is for the earliest slot of the day "
              "with a place left; the holder comes at its start");

static const struct ur_field hours_fields[] = {
    {.key = "open", .type = UR_T_DURATION, .offset = F(struct city_hours, open_s),
     .flags = UR_F_REQUIRED, .max = 86400, .doc = "time of day the site opens, e.g. 11h"},
    {.key = "close", .type = UR_T_DURATION, .offset = F(struct city_hours, close_s),
     .flags = UR_F_REQUIRED, .max = 86400, .doc = "time of day it stops admitting, e.g. 21h"},
    {.key = "grace", .type = UR_T_DURATION, .offset = F(struct city_hours, grace_s),
     .max = 86400, .def = "0s",
     .doc = "those still queuing (windows, gate) this long after closing are sent away "
            "(counted as closed_with_queue)"},
};
static const struct ur_schema hours_schema = UR_SCHEMA(
    "hours", struct city_hours, hours_fields, NULL,
    "daily opening hours; visitors who come when it is closed go on with their route "
    "(outcome turned_away)");

static const struct ur_field venue_fields[] = {
    {.key = "capacity", .type = UR_T_INT, .offset = F(struct city_venue, capacity),
     .given = UR_GIVEN(struct city_venue, has_capacity), .min = 1, .max = 1e6,
     .doc = "visitors inside at once; ticket holders wait at the gate when full; absent: "
            "unlimited"},
    {.key = "dwell", .type = UR_T_DIST, .offset = F(struct city_venue, dwell),
     .flags = UR_F_REQUIRED, .doc = "time a visitor spends inside"},
    {.key = "gate_patience", .type = UR_T_DIST, .offset = F(struct city_venue, gate_patience),
     .doc = "how long a ticket holder waits at a full gate before giving up and asking for a "
            "refund; absent: waits"},
};
static const struct ur_schema venue_schema = UR_SCHEMA(
    "venue", struct city_venue, venue_fields, NULL, "the place itself, behind its gate");

static const struct ur_field site_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct city_site, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name; results under sites/<name>/"},
    {.key = "inside", .type = UR_T_STRING, .offset = F(struct city_site, inside),
     .doc = "the site whose grounds it is in (a ride in a park): only visitors who got into "
            "that one come here, and it keeps that one's hours unless it has its own"},
    {.key = "grid", .type = UR_T_STRING, .offset = F(struct city_site, grid),
     .doc = "the grid it sits in (needs `grids:`): u<i> / x<i> for generated unit and "
            "extended grids (from 0), or a listed grid's name"},
    {.key = "price", .type = UR_T_REAL, .offset = F(struct city_site, price), .min = 0,
     .max = 1e6, .def = "0", .doc = "ticket price (yuan); refunds are also counted in it"},
    {.key = "ticket", .type = UR_T_STRUCT, .offset = F(struct city_site, ticket),
     .given = UR_GIVEN(struct city_site, has_ticket), .sub = &station_queue_schema,
     .doc = "the ticket queue (a station without arrivals); absent: free entry"},
    {.key = "reservations", .type = UR_T_STRUCT, .offset = F(struct city_site, reservations),
     .given = UR_GIVEN(struct city_site, has_reservations), .sub = &reservations_schema,
     .doc = "timed-entry slots sold at the ticket queue; absent: enter at once"},
    {.key = "hours", .type = UR_T_STRUCT, .offset = F(struct city_site, hours),
     .given = UR_GIVEN(struct city_site, has_hours), .sub = &hours_schema,
     .doc = "daily opening hours; absent: those of the site it is inside, else always open"},
    {.key = "at_closing", .type = UR_T_STRING, .offset = F(struct city_site, at_closing),
     .def = "send_away",
     .doc = "what becomes of ticket holders still queuing at the gate when the grace after "
            "closing ends: send_away (closed_with_queue: its complaint chance) or refund (also "
            "counted closed_with_queue, but offered a refund where they paid: the "
            "refund_offered complaint chance)"},
    {.key = "venue", .type = UR_T_STRUCT, .offset = F(struct city_site, venue),
     .flags = UR_F_REQUIRED, .sub = &venue_schema, .doc = "capacity and time inside"},
};
static const struct ur_schema site_schema =
    UR_SCHEMA("site", struct city_site, site_fields, NULL,
              "a place visitors go: ticket queue, then reservations, then the venue");

static const struct ur_field volunteers_fields[] = {
    {.key = "max", .type = UR_T_INT, .offset = F(struct city_volunteers, max), .min = 0,
     .max = 1e6, .def = "0", .doc = "residents ready to drive (a plan may call more)"},
    {.key = "join_above", .type = UR_T_DURATION,
     .offset = F(struct city_volunteers, join_above_s), .flags = UR_F_REQUIRED,
     .doc = "shown taxi wait at or above which one more volunteer joins at each check"},
    {.key = "leave_below", .type = UR_T_DURATION,
     .offset = F(struct city_volunteers, leave_below_s), .flags = UR_F_REQUIRED,
     .doc = "shown wait below which one volunteer leaves at each check"},
    {.key = "check", .type = UR_T_DURATION, .offset = F(struct city_volunteers, check_s),
     .flags = UR_F_MIN_OPEN, .def = "1min", .doc = "how often the stand is looked at"},
};
static const struct ur_schema volunteers_schema =
    UR_SCHEMA("volunteers", struct city_volunteers, volunteers_fields, NULL,
              "residents who drive visitors for free when taxis run short (Harbin)");

static const struct ur_field taxi_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct city_taxi, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name; results under taxis/<name>/"},
    {.key = "stand", .type = UR_T_STRUCT, .offset = F(struct city_taxi, stand),
     .flags = UR_F_REQUIRED, .sub = &station_queue_schema,
     .doc = "the stand as a queue: servers are drivers, service is a trip there and back"},
    {.key = "volunteers", .type = UR_T_STRUCT, .offset = F(struct city_taxi, volunteers),
     .given = UR_GIVEN(struct city_taxi, has_volunteers), .sub = &volunteers_schema,
     .doc = "volunteer drivers (they need stand.max_servers room); absent: none"},
};
static const struct ur_schema taxi_schema =
    UR_SCHEMA("taxi", struct city_taxi, taxi_fields, NULL, "a taxi stand");

static const struct ur_field choice_fields[] = {
    {.key = "site", .type = UR_T_STRING, .offset = F(struct city_choice, site),
     .flags = UR_F_REQUIRED, .doc = "the next site"},
    {.key = "p", .type = UR_T_REAL, .offset = F(struct city_choice, p), .flags = UR_F_REQUIRED,
     .min = 0, .max = 1, .doc = "probability of going there"},
};
static const struct ur_schema choice_schema =
    UR_SCHEMA("choice", struct city_choice, choice_fields, NULL, "one way on");

static const struct ur_field route_fields[] = {
    {.key = "from", .type = UR_T_STRING, .offset = F(struct city_route, from),
     .flags = UR_F_REQUIRED, .doc = "`start` (arrival in the city) or a site"},
    {.key = "outcome", .type = UR_T_STRING, .offset = F(struct city_route, outcome),
     .doc = "the row applies after a stop that ended so: served, turned_away (closed, sales "
            "suspended, sold out, balked, sent away at closing), gave_up, no_show; absent: "
            "any outcome without a row of its own"},
    {.key = "to", .type = UR_T_LIST, .offset = F(struct city_route, to), .sub = &choice_schema,
     .doc = "where visitors go next; probabilities sum to at most 1, the rest end the visit"},
};
static const struct ur_schema route_schema =
    UR_SCHEMA("route", struct city_route, route_fields, NULL,
              "one row of the routing table; a visitor who did not get into a site never goes "
              "on to the sites inside it (those choices end the visit)");

static const struct ur_field leave_fields[] = {
    {.key = "taxi", .type = UR_T_STRING, .offset = F(struct city_leave, taxi),
     .flags = UR_F_REQUIRED, .doc = "the taxi stand"},
    {.key = "p", .type = UR_T_REAL, .offset = F(struct city_leave, p), .flags = UR_F_REQUIRED,
     .min = 0, .max = 1, .doc = "share of visitors who take a taxi at the end"},
};
static const struct ur_schema leave_schema =
    UR_SCHEMA("leave", struct city_leave, leave_fields, NULL, "how visitors leave");

static const struct ur_field visitors_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct city_visitors, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name of the source"},
    {.key = "arrivals", .type = UR_T_STRUCT, .offset = F(struct city_visitors, arrivals),
     .flags = UR_F_REQUIRED, .sub = &ur_arrivals_schema,
     .doc = "the arrival process (rate or total, profile, days, surges, groups)"},
    {.key = "routing", .type = UR_T_LIST, .offset = F(struct city_visitors, routing),
     .flags = UR_F_REQUIRED, .sub = &route_schema,
     .doc = "Markov routing table; a row `from: start` is required"},
    {.key = "travel", .type = UR_T_DIST, .offset = F(struct city_visitors, travel),
     .flags = UR_F_REQUIRED, .doc = "travel time to each stop"},
    {.key = "max_stops", .type = UR_T_INT, .offset = F(struct city_visitors, max_stops),
     .min = 1, .max = 100, .def = "10", .doc = "the visit ends after this many stops"},
    {.key = "leave", .type = UR_T_STRUCT, .offset = F(struct city_visitors, leave),
     .given = UR_GIVEN(struct city_visitors, has_leave), .sub = &leave_schema,
     .doc = "a share of visitors leaves by a taxi stand; absent: none"},
};
static const struct ur_schema visitors_schema =
    UR_SCHEMA("visitors", struct city_visitors, visitors_fields, NULL, "a source of visitors");

static const struct ur_field temp_fields[] = {
    {.key = "at", .type = UR_T_DURATION, .offset = F(struct city_temp_point, at_s),
     .flags = UR_F_REQUIRED, .doc = "time from the start of the run"},
    {.key = "celsius", .type = UR_T_REAL, .offset = F(struct city_temp_point, celsius),
     .flags = UR_F_REQUIRED, .min = -80, .max = 60, .doc = "air temperature"},
};
static const struct ur_schema temp_schema =
    UR_SCHEMA("temperature", struct city_temp_point, temp_fields, NULL, "one reading");

static const struct ur_field weather_fields[] = {
    {.key = "temperature", .type = UR_T_LIST, .offset = F(struct city_weather, temperature),
     .flags = UR_F_REQUIRED, .sub = &temp_schema,
     .doc = "readings, linear in between, held before the first and after the last"},
    {.key = "reference_celsius", .type = UR_T_REAL,
     .offset = F(struct city_weather, reference_celsius), .min = -80, .max = 60, .def = "0",
     .doc = "temperature at which patience is as configured"},
    {.key = "patience_per_degree", .type = UR_T_REAL,
     .offset = F(struct city_weather, patience_per_degree), .min = 0, .max = 1, .def = "0",
     .doc = "relative change of patience per degree above the reference (0.02: 20% less "
            "patience 10 degrees colder); never below 5% of the configured patience"},
};
static const struct ur_schema weather_schema =
    UR_SCHEMA("weather", struct city_weather, weather_fields, NULL,
              "temperature, which scales every queue's patience");

static const struct ur_field complaints_fields[] = {
    {.key = "reneged", .type = UR_T_REAL,
     .offset = F(struct city_complaints, p[CAUSE_GAVE_UP]), .min = 0, .max = 1, .def = "0",
     .doc = "chance a visitor who gave up in a queue complains"},
    {.key = "balked", .type = UR_T_REAL,
     .offset = F(struct city_complaints, p[CAUSE_TURNED_AWAY]), .min = 0, .max = 1, .def = "0",
     .doc = "chance a visitor turned away (closed, suspended, sold out, balked) complains"},
    {.key = "refund", .type = UR_T_REAL,
     .offset = F(struct city_complaints, p[CAUSE_REFUND_ASKED]), .min = 0, .max = 1, .def = "0",
     .doc = "chance a visitor who paid, gave up and asked for the money back complains"},
    {.key = "refund_offered", .type = UR_T_REAL,
     .offset = F(struct city_complaints, p[CAUSE_REFUND_OFFERED]), .min = 0, .max = 1,
     .def = "0",
     .doc = "chance a visitor the city refunds of its own accord (the plan's refund) "
            "complains; a refund offered with an apology won Harbin praise (seeds/000)"},
    {.key = "closed_with_queue", .type = UR_T_REAL,
     .offset = F(struct city_complaints, p[CAUSE_CLOSED_WITH_QUEUE]), .min = 0, .max = 1,
     .def = "0", .doc = "chance a visitor still queuing when the site closed complains"},
    {.key = "apology_factor", .type = UR_T_REAL,
     .offset = F(struct city_complaints, apology_factor), .min = 0, .max = 1, .def = "1",
     .doc = "every chance is multiplied by this after a plan's apology"},
    {.key = "hotline", .type = UR_T_REAL, .offset = F(struct city_complaints, hotline),
     .min = 0, .max = 1, .def = "1",
     .doc = "share of complaints that also call the 12345 hotline (with `response:`); the "
            "rest stay online"},
};
static const struct ur_schema complaints_schema = UR_SCHEMA(
    "complaints", struct city_complaints, complaints_fields, NULL, "who complains, online");

static const struct ur_field trending_fields[] = {
    {.key = "above", .type = UR_T_RATE, .offset = F(struct city_trending, above_per_s),
     .flags = UR_F_REQUIRED | UR_F_MIN_OPEN,
     .doc = "the city trends while its heat is at least the heat this steady rate of "
            "complaints keeps (above x tau)"},
    {.key = "hold", .type = UR_T_DURATION, .offset = F(struct city_trending, hold_s),
     .def = "0s", .doc = "for at least this long"},
    {.key = "tau", .type = UR_T_DURATION, .offset = F(struct city_trending, tau_s),
     .flags = UR_F_MIN_OPEN, .def = "1h",
     .doc = "memory of the heat: each complaint adds 1, which decays as exp(-t / tau)"},
    {.key = "apology", .type = UR_T_REAL, .offset = F(struct city_trending, apology),
     .min = 0, .max = 1, .def = "1", .doc = "the heat is multiplied by this at an apology"},
};
static const struct ur_schema trending_schema =
    UR_SCHEMA("trending", struct city_trending, trending_fields, NULL,
              "when complaints make the city a trending topic: heat H(t), the sum over "
              "complaints of exp(-(t - t_i) / tau)");

static const struct ur_field city_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct city_config, name),
     .flags = UR_F_REQUIRED, .doc = "the city"},
    {.key = "target_wait", .type = UR_T_DURATION, .offset = F(struct city_config, target_wait_s),
     .def = "30min", .doc = "a visitor is served well if served within this wait at each queue"},
    {.key = "target_share", .type = UR_T_REAL, .offset = F(struct city_config, target_share),
     .min = 0, .max = 1, .def = "0.9",
     .doc = "the performance target: share of visitors served well (Q(t) below it is a loss)"},
    {.key = "check", .type = UR_T_DURATION, .offset = F(struct city_config, check_s),
     .flags = UR_F_MIN_OPEN, .def = "1min", .doc = "how often the plan's triggers look"},
    {.key = "reserve_staff", .type = UR_T_INT, .offset = F(struct city_config, reserve_staff),
     .min = 0, .max = 1e6, .def = "0", .doc = "staff the plan may send to open windows"},
    {.key = "sites", .type = UR_T_LIST, .offset = F(struct city_config, sites),
     .flags = UR_F_REQUIRED, .sub = &site_schema, .doc = "the places visitors go"},
    {.key = "taxis", .type = UR_T_LIST, .offset = F(struct city_config, taxis),
     .sub = &taxi_schema, .doc = "taxi stands"},
    {.key = "visitors", .type = UR_T_LIST, .offset = F(struct city_config, visitors),
     .flags = UR_F_REQUIRED, .sub = &visitors_schema, .doc = "visitor sources"},
    {.key = "grids", .type = UR_T_STRUCT, .offset = F(struct city_config, grids),
     .given = UR_GIVEN(struct city_config, has_grids), .sub = &space_schema,
     .doc = "the grid hierarchy sites sit in; absent: travel is the sources' `travel`"},
    {.key = "weather", .type = UR_T_STRUCT, .offset = F(struct city_config, weather),
     .given = UR_GIVEN(struct city_config, has_weather), .sub = &weather_schema,
     .doc = "temperature and its effect on patience; absent: none"},
    {.key = "complaints", .type = UR_T_STRUCT, .offset = F(struct city_config, complaints),
     .sub = &complaints_schema, .doc = "who complains"},
    {.key = "trending", .type = UR_T_STRUCT, .offset = F(struct city_config, trending),
     .given = UR_GIVEN(struct city_config, has_trending), .sub = &trending_schema,
     .doc = "when the city trends online; absent: never"},
    {.key = "response", .type = UR_T_STRUCT, .offset = F(struct city_config, response),
     .given = UR_GIVEN(struct city_config, has_response), .sub = &resp_schema,
     .doc = "incidents in the grids and the departments that resolve them (needs `grids:`); "
            "absent: complaints are only counted"},
    {.key = "plan", .type = UR_T_LIST, .offset = F(struct city_config, plan),
     .sub = &plan_trigger_schema, .doc = "the emergency plan: triggers and their actions"},
};

/* ---- cross-references ---- */

static void need_site(const struct city_config *c, struct ur_check *ck, const char *key,
                      const char *name)
{
    city_board.need(c, BOARD_SITE, ck, key, name);
}

static void need_taxi(const struct city_config *c, struct ur_check *ck, const char *key,
                      const char *name)
{
    city_board.need(c, BOARD_TAXI, ck, key, name);
}

static void check_visitors(const struct city_config *c, struct ur_check *ck)
{
    const struct city_visitors *v = c->visitors.items;
    char key[160];
    for (size_t i = 0; i < c->visitors.n; i++) {
        const struct city_route *r = v[i].routing.items;
        bool start = false;
        for (size_t j = 0; j < v[i].routing.n; j++) {
            snprintf(key, sizeof key, "visitors.%zu.routing.%zu.from", i, j);
            enum city_outcome out = city_outcome_of(r[j].outcome);
            for (size_t k = 0; k < j; k++)
                if (strcmp(r[k].from, r[j].from) == 0 && city_outcome_of(r[k].outcome) == out)
                    ur_check_error(ck, key, "a second row from '%s'%s%s (the first is row %zu); "
                                            "merge them", r[j].from,
                                   r[j].outcome ? " after " : "",
                                   r[j].outcome ? r[j].outcome : "", k);
            if (strcmp(r[j].from, "start") == 0)
                start = true;
            else
                need_site(c, ck, key, r[j].from);
            snprintf(key, sizeof key, "visitors.%zu.routing.%zu.outcome", i, j);
            if (out == OUT_N)
                ur_check_error(ck, key, "unknown outcome '%s'; the outcomes are served, "
                                        "turned_away, gave_up, no_show", r[j].outcome);
            else if (r[j].outcome && strcmp(r[j].from, "start") == 0)
                ur_check_error(ck, key, "the start row has no outcome: visitors have not been "
                                        "anywhere yet; remove `outcome:`");
            const struct city_choice *to = r[j].to.items;
            double sum = 0;
            for (size_t k = 0; k < r[j].to.n; k++) {
                snprintf(key, sizeof key, "visitors.%zu.routing.%zu.to.%zu.site", i, j, k);
                need_site(c, ck, key, to[k].site);
                sum += to[k].p;
            }
            if (sum > 1 + 1e-9) {
                snprintf(key, sizeof key, "visitors.%zu.routing.%zu.to", i, j);
                ur_check_error(ck, key, "probabilities sum to %g; they must sum to at most 1 "
                                        "(the rest ends the visit)", sum);
            }
        }
        if (!start) {
            snprintf(key, sizeof key, "visitors.%zu.routing", i);
            ur_check_error(ck, key, "the routing table needs a row `- from: start` saying where "
                                    "visitors go first");
        }
        if (v[i].has_leave) {
            snprintf(key, sizeof key, "visitors.%zu.leave.taxi", i);
            need_taxi(c, ck, key, v[i].leave.taxi);
        }
    }
}

/* The plan against what the visitors and the response show it. */
static void check_plan(const struct city_config *c, struct ur_check *ck)
{
    const struct board_view views[] = {{&city_board, c},
                                       {&resp_board, c->has_response ? &c->response : NULL}};
    plan_check(&c->plan, views, sizeof views / sizeof views[0], ck);
}

/* `inside:` names another site, and following it never comes back. */
static void check_inside(const struct city_config *c, size_t i, struct ur_check *ck)
{
    const struct city_site *s = c->sites.items;
    char key[160];
    snprintf(key, sizeof key, "sites.%zu.inside", i);
    need_site(c, ck, key, s[i].inside);
    long p = model_index_of(&c->sites, sizeof *s, s[i].inside);
    for (size_t hops = 0; p >= 0 && hops <= c->sites.n; hops++) {
        if ((size_t)p == i) {
            ur_check_error(ck, key, "'%s' would be inside itself; a site sits inside a larger "
                                    "one (a ride inside its park)", s[i].name);
            return;
        }
        p = model_index_of(&c->sites, sizeof *s, s[p].inside);
    }
}

static void check_sites(const struct city_config *c, struct ur_check *ck)
{
    const struct city_site *s = c->sites.items;
    char key[160];
    for (size_t i = 0; i < c->sites.n; i++) {
        if (strchr(s[i].name, '/') || strcmp(s[i].name, "start") == 0 || !*s[i].name) {
            snprintf(key, sizeof key, "sites.%zu.name", i);
            ur_check_error(ck, key, "a site's name must be non-empty, not 'start' and "
                                    "without '/'");
        }
        if (s[i].has_hours && !(s[i].hours.close_s > s[i].hours.open_s)) {
            snprintf(key, sizeof key, "sites.%zu.hours.close", i);
            ur_check_error(ck, key, "close must be later than open");
        }
        if (s[i].inside)
            check_inside(c, i, ck);
        if (strcmp(s[i].at_closing, "send_away") != 0 && strcmp(s[i].at_closing, "refund") != 0) {
            snprintf(key, sizeof key, "sites.%zu.at_closing", i);
            ur_check_error(ck, key, "at_closing must be send_away or refund, not '%s'",
                           s[i].at_closing);
        }
        if (s[i].has_reservations && !s[i].has_ticket) {
            snprintf(key, sizeof key, "sites.%zu.reservations", i);
            ur_check_error(ck, key, "reservations are sold at a ticket queue: add `ticket:`");
        }
    }
    const struct city_taxi *t = c->taxis.items;
    for (size_t i = 0; i < c->taxis.n; i++)
        if (t[i].has_volunteers &&
            !(t[i].volunteers.leave_below_s <= t[i].volunteers.join_above_s)) {
            snprintf(key, sizeof key, "taxis.%zu.volunteers.leave_below", i);
            ur_check_error(ck, key, "leave_below must not exceed join_above");
        }
    if (c->has_weather) {
        const struct city_temp_point *p = c->weather.temperature.items;
        for (size_t i = 1; i < c->weather.temperature.n; i++)
            if (!(p[i].at_s > p[i - 1].at_s)) {
                snprintf(key, sizeof key, "weather.temperature.%zu.at", i);
                ur_check_error(ck, key, "readings must be in increasing time order");
            }
        if (c->weather.temperature.n == 0)
            ur_check_error(ck, "weather.temperature", "give at least one reading");
    }
}

/* Sites, sources and routing rows are indexed by 16-bit numbers in the
 * visitor records; these limits are far above any city's. */
#define CITY_MAX_ITEMS 1000

static bool within_limits(const struct city_config *c, struct ur_check *ck)
{
    const struct {
        const char *key;
        size_t n;
    } lists[] = {{"sites", c->sites.n}, {"taxis", c->taxis.n}, {"visitors", c->visitors.n},
                 {"plan", c->plan.n}};
    bool ok = true;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (lists[i].n > CITY_MAX_ITEMS) {
            ur_check_error(ck, lists[i].key, "at most %d items, got %zu", CITY_MAX_ITEMS,
                           lists[i].n);
            ok = false;
        }
    const struct city_visitors *v = c->visitors.items;
    for (size_t i = 0; ok && i < c->visitors.n; i++)
        if (v[i].routing.n > CITY_MAX_ITEMS) {
            char key[64];
            snprintf(key, sizeof key, "visitors.%zu.routing", i);
            ur_check_error(ck, key, "at most %d rows, got %zu", CITY_MAX_ITEMS, v[i].routing.n);
            ok = false;
        }
    return ok;
}

static void check_grids(const struct city_config *c, struct ur_check *ck)
{
    if (c->has_grids)
        space_check(&c->grids, ck);
    const struct city_site *s = c->sites.items;
    char key[96];
    for (size_t i = 0; i < c->sites.n; i++) {
        if (!s[i].grid)
            continue;
        snprintf(key, sizeof key, "sites.%zu.grid", i);
        if (!c->has_grids)
            ur_check_error(ck, key, "a site's grid needs `grids:` in the city");
        else
            space_need_grid(&c->grids, ck, key, s[i].grid);
    }
}

static void city_check(const void *obj, struct ur_check *ck)
{
    const struct city_config *c = obj;
    if (!within_limits(c, ck))
        return;
    check_sites(c, ck);
    check_grids(c, ck);
    check_visitors(c, ck);
    check_plan(c, ck);
    if (c->has_response)
        resp_check(&c->response, c->has_grids ? &c->grids : NULL, ck);
}

/* `total:` needs the horizon: the shape must not be zero all run long. */
void city_check_run(const struct ur_list *config, const struct ur_run_config *run,
                    struct ur_check *ck)
{
    const struct city_config *c = config->items;
    const struct city_visitors *v = c->visitors.items;
    char key[96];
    for (size_t i = 0; i < c->visitors.n; i++) {
        snprintf(key, sizeof key, "visitors.%zu.arrivals", i);
        model_check_arrivals(&v[i].arrivals, run->horizon_s, ck, key);
    }
    if (c->has_response)
        resp_check_run(&c->response, run, ck);
}

const struct ur_schema city_schema =
    UR_SCHEMA("city", struct city_config, city_fields, city_check,
              "sites with ticket queues, reservations and venues; visitor sources with surges "
              "and routes; taxis and volunteers; weather, complaints and the emergency plan");
