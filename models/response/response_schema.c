/* The keys of the city's `response:`: departments, incident types and their
 * sources, the hotline and patrols, the governance model and the sinking
 * policy; and the checks of the names they use, against the grids too
 * (resp_check, run by the city's schema, which has them).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../common/common.h"
#include "response_internal.h"

#define F(T, m) offsetof(T, m)

static const struct ur_field shift_fields[] = {
    {.key = "start", .type = UR_T_DURATION, .offset = F(struct resp_shift, start_s),
     .flags = UR_F_REQUIRED, .max = 86399, .doc = "time of day it starts, e.g. 8h"},
    {.key = "share", .type = UR_T_REAL, .offset = F(struct resp_shift, share),
     .flags = UR_F_REQUIRED, .min = 0, .max = 1,
     .doc = "share of each team on duty (rounded to whole responders)"},
};
static const struct ur_schema shift_schema =
    UR_SCHEMA("shift", struct resp_shift, shift_fields, NULL, "a daily shift");

static const struct ur_field station_fields[] = {
    {.key = "grid", .type = UR_T_STRING, .offset = F(struct resp_station, grid),
     .flags = UR_F_REQUIRED, .doc = "the grid it stands in (a grid name, as `sites:` use)"},
    {.key = "responders", .type = UR_T_INT, .offset = F(struct resp_station, responders),
     .min = 1, .max = 1e6,
     .doc = "responders based there; absent (at every station): the department's spread "
            "evenly, the first stations one more"},
};
static const struct ur_schema base_station_schema =
    UR_SCHEMA("station", struct resp_station, station_fields, NULL,
              "an emergency station (ambulance, fire, police post)");

static const struct ur_field department_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct resp_department, name),
     .flags = UR_F_REQUIRED | UR_F_KEY,
     .doc = "e.g. urban_management, police, traffic_police, health"},
    {.key = "responders", .type = UR_T_INT, .offset = F(struct resp_department, responders),
     .flags = UR_F_REQUIRED, .min = 0, .max = 1e6,
     .doc = "people who go out to incidents, staff sunk into grids included"},
    {.key = "home", .type = UR_T_STRING, .offset = F(struct resp_department, home),
     .given = UR_GIVEN(struct resp_department, has_home), .def = "street",
     .doc = "street: a team per street (responders spread evenly); district: one team"},
    {.key = "stations", .type = UR_T_LIST, .offset = F(struct resp_department, stations),
     .sub = &base_station_schema,
     .doc = "an emergency service based at stations (instead of `home:`): one pool, the "
            "nearest free unit goes, whatever the governance; it serves only the types of "
            "an emergency `channel:`, and is never sunk"},
    {.key = "shifts", .type = UR_T_LIST, .offset = F(struct resp_department, shifts),
     .sub = &shift_schema, .doc = "daily shifts, by start time; absent: all on duty always"},
    {.key = "shift_change", .type = UR_T_STRING,
     .offset = F(struct resp_department, shift_change), .def = "finish",
     .doc = "a responder going off duty: finish the work in hand, or handover (it waits "
            "`handover` and goes back to the queue with the work left)"},
    {.key = "handover", .type = UR_T_DIST, .offset = F(struct resp_department, handover),
     .def = "{dist: deterministic, value: 0s}", .doc = "delay of a handover"},
    {.key = "patrols", .type = UR_T_BOOL, .offset = F(struct resp_department, patrols),
     .def = "false", .doc = "its staff sunk into grids also patrol them"},
    {.key = "return", .type = UR_T_STRING, .offset = F(struct resp_department, trip_back),
     .def = "base",
     .doc = "after a case: base (the responder travels back, as long as it came, and is "
            "busy until back) or stay (free where the case was; its next trip starts there)"},
    {.key = "travel", .type = UR_T_STRUCT, .offset = F(struct resp_department, travel),
     .given = UR_GIVEN(struct resp_department, has_travel), .sub = &space_travel_schema,
     .doc = "its responders' travel by distance (ambulances, fire engines); absent: the "
            "response's `travel` (or the grids')"},
};
static const struct ur_schema department_schema = UR_SCHEMA(
    "department", struct resp_department, department_fields, NULL, "a department's responders");

static const struct ur_field need_fields[] = {
    {.key = "department", .type = UR_T_STRING, .offset = F(struct resp_need, department),
     .flags = UR_F_REQUIRED, .doc = "a department"},
    {.key = "work", .type = UR_T_DIST, .offset = F(struct resp_need, work),
     .flags = UR_F_REQUIRED, .doc = "its time on site"},
};
static const struct ur_schema need_schema =
    UR_SCHEMA("need", struct resp_need, need_fields, NULL, "a department an incident needs");

static const struct ur_field escalation_fields[] = {
    {.key = "after", .type = UR_T_DIST, .offset = F(struct resp_escalation, after),
     .flags = UR_F_REQUIRED,
     .doc = "the age (from the incident) at which a case still open escalates"},
    {.key = "severity", .type = UR_T_INT, .offset = F(struct resp_escalation, severity),
     .flags = UR_F_REQUIRED, .min = 2, .max = RESP_MAX_SEVERITY,
     .doc = "its severity from then on (above the type's)"},
};
static const struct ur_schema escalation_schema =
    UR_SCHEMA("escalates", struct resp_escalation, escalation_fields, NULL,
              "an open case's severity rises with its age: a dispute left unresolved turns "
              "into a conflict");

static const struct ur_field type_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct resp_type, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "e.g. crowd_safety, refund_complaint, dispute"},
    {.key = "severity", .type = UR_T_INT, .offset = F(struct resp_type, severity), .min = 1,
     .max = RESP_MAX_SEVERITY, .def = "1", .doc = "1 routine, 2 urgent, 3 emergency"},
    {.key = "departments", .type = UR_T_LIST, .offset = F(struct resp_type, needs),
     .flags = UR_F_REQUIRED, .sub = &need_schema,
     .doc = "the departments it needs (1 to 4), in the order they act when not together"},
    {.key = "together", .type = UR_T_BOOL, .offset = F(struct resp_type, together),
     .given = UR_GIVEN(struct resp_type, has_together), .def = "false",
     .doc = "they act at the same time (else one after another); always under a `channel`"},
    {.key = "channel", .type = UR_T_STRING, .offset = F(struct resp_type, channel),
     .doc = "an emergency channel (`channels:`, e.g. \"120\"): callers call it, not the "
            "hotline; its desk dispatches the stations-based departments the type needs, "
            "all at once, without misroutes, escalation or preemption: the same under every "
            "governance"},
    {.key = "escalates", .type = UR_T_STRUCT, .offset = F(struct resp_type, escalates),
     .given = UR_GIVEN(struct resp_type, has_escalates), .sub = &escalation_schema,
     .doc = "its severity rises if it is still open at a random age (counted in "
            "response/escalated)"},
    {.key = "deadline", .type = UR_T_DURATION, .offset = F(struct resp_type, deadline_s),
     .given = UR_GIVEN(struct resp_type, has_deadline), .flags = UR_F_MIN_OPEN,
     .doc = "to be resolved within this time of registration"},
    {.key = "same_day", .type = UR_T_BOOL, .offset = F(struct resp_type, same_day),
     .def = "false", .doc = "to be resolved the day it was registered (\"not left overnight\")"},
    {.key = "reported", .type = UR_T_REAL, .offset = F(struct resp_type, reported), .min = 0,
     .max = 1, .def = "1",
     .doc = "share residents report to the hotline; patrols find the rest"},
    {.key = "unsolved", .type = UR_T_REAL, .offset = F(struct resp_type, unsolved), .min = 0,
     .max = 1, .def = "0",
     .doc = "share that cannot be resolved as the resident asks (beyond the departments' "
            "power, or the law): closed after the work all the same, counted in "
            "response/solved and satisfied at satisfaction.unsolved"},
};
static const struct ur_schema type_schema =
    UR_SCHEMA("type", struct resp_type, type_fields, NULL, "an incident type");

static const struct ur_field source_fields[] = {
    {.key = "type", .type = UR_T_STRING, .offset = F(struct resp_source, type),
     .flags = UR_F_REQUIRED, .doc = "the incident type"},
    {.key = "grids", .type = UR_T_STRING, .offset = F(struct resp_source, grids), .def = "all",
     .doc = "unit, extended or all: the rate is per grid of that kind, the grid uniform"},
    {.key = "arrivals", .type = UR_T_STRUCT, .offset = F(struct resp_source, arrivals),
     .flags = UR_F_REQUIRED, .sub = &ur_arrivals_schema,
     .doc = "rate per grid with its daily profile, days and surges"},
};
static const struct ur_schema source_schema = UR_SCHEMA(
    "source", struct resp_source, source_fields, NULL, "background incidents of one type");

static const struct ur_field crowding_fields[] = {
    {.key = "type", .type = UR_T_STRING, .offset = F(struct resp_crowding, type),
     .flags = UR_F_REQUIRED, .doc = "incident type"},
    {.key = "above", .type = UR_T_REAL, .offset = F(struct resp_crowding, above),
     .flags = UR_F_MIN_OPEN, .min = 0, .max = 1, .def = "1",
     .doc = "share of a venue's capacity, those waiting at its gate included: one incident "
            "each time it is reached"},
    {.key = "reset_below", .type = UR_T_REAL, .offset = F(struct resp_crowding, reset_below),
     .min = 0, .max = 1, .def = "0.8",
     .doc = "... after the venue has emptied below this share"},
    {.key = "min_capacity", .type = UR_T_INT, .offset = F(struct resp_crowding, min_capacity),
     .min = 1, .max = 1e9, .def = "1000",
     .doc = "venues with a smaller capacity (a ride, a lane) are left out"},
};
static const struct ur_schema crowding_schema =
    UR_SCHEMA("crowding", struct resp_crowding, crowding_fields, NULL,
              "crowd-safety incidents found by staff on site when a venue fills up");

static const struct ur_field taxi_wait_fields[] = {
    {.key = "type", .type = UR_T_STRING, .offset = F(struct resp_taxi_wait, type),
     .flags = UR_F_REQUIRED, .doc = "incident type"},
    {.key = "above", .type = UR_T_DURATION, .offset = F(struct resp_taxi_wait, above_s),
     .flags = UR_F_REQUIRED, .doc = "a wait at a taxi stand at least this long ..."},
    {.key = "p", .type = UR_T_REAL, .offset = F(struct resp_taxi_wait, p), .min = 0, .max = 1,
     .def = "1", .doc = "... makes the visitor call the hotline with this probability"},
};
static const struct ur_schema taxi_wait_schema =
    UR_SCHEMA("taxi_wait", struct resp_taxi_wait, taxi_wait_fields, NULL,
              "transport complaints from long taxi waits");

static const struct ur_field raised_fields[] = {
    {.key = "complaint", .type = UR_T_STRING, .offset = F(struct resp_raised, complaint),
     .doc = "every visitor complaint (refunds, queues) calls the hotline with this type"},
    {.key = "grid", .type = UR_T_STRING, .offset = F(struct resp_raised, grid),
     .doc = "the grid of visitors' incidents at sites that sit in no grid; absent: a grid "
            "drawn uniformly"},
    {.key = "crowding", .type = UR_T_STRUCT, .offset = F(struct resp_raised, crowding),
     .given = UR_GIVEN(struct resp_raised, has_crowding), .sub = &crowding_schema,
     .doc = "venue over capacity"},
    {.key = "taxi_wait", .type = UR_T_STRUCT, .offset = F(struct resp_raised, taxi_wait),
     .given = UR_GIVEN(struct resp_raised, has_taxi_wait), .sub = &taxi_wait_schema,
     .doc = "long taxi waits"},
    {.key = "merge_within", .type = UR_T_DURATION, .offset = F(struct resp_raised, merge_within_s),
     .max = 30 * 86400, .def = "0s",
     .doc = "a visitor's complaint or taxi complaint of the same type, in the same grid, "
            "within this long after an open case was raised merges into it (the call still "
            "takes a call taker's time, as 12345 merges duplicate requests; "
            "response/merged counts them); 0s: never"},
};
static const struct ur_schema raised_schema =
    UR_SCHEMA("raised", struct resp_raised, raised_fields, NULL,
              "incidents the visitors raise; they happen at the site's (or stand's) grid");

static const struct ur_field backlog_fields[] = {
    {.key = "type", .type = UR_T_STRING, .offset = F(struct resp_backlog, type),
     .flags = UR_F_REQUIRED, .doc = "incident type"},
    {.key = "count", .type = UR_T_INT, .offset = F(struct resp_backlog, count),
     .flags = UR_F_REQUIRED, .min = 0, .max = 1e6, .doc = "open cases at the start"},
    {.key = "age", .type = UR_T_DURATION, .offset = F(struct resp_backlog, age_s), .def = "0s",
     .doc = "registered this long before the start; all wait for dispatch at time 0 (a "
            "positive age registers them the day before: never resolved the same day)"},
};
static const struct ur_schema backlog_schema =
    UR_SCHEMA("backlog", struct resp_backlog, backlog_fields, NULL,
              "open cases at the start, in grids drawn uniformly");

static const struct ur_field hotline_fields[] = {
    {.key = "desk", .type = UR_T_STRUCT, .offset = F(struct resp_hotline, desk),
     .flags = UR_F_REQUIRED, .sub = &station_queue_schema,
     .doc = "call takers: servers, call length (service), hang-ups (patience), shifts"},
    {.key = "report_delay", .type = UR_T_DIST, .offset = F(struct resp_hotline, report_delay),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "from the incident to the resident's call"},
    {.key = "redial", .type = UR_T_REAL, .offset = F(struct resp_hotline, redial), .min = 0,
     .max = 1, .def = "0.5",
     .doc = "a caller who hung up calls again with this probability (else a patrol must find "
            "it)"},
    {.key = "redial_after", .type = UR_T_DIST, .offset = F(struct resp_hotline, redial_after),
     .def = "{dist: exponential, mean: 10min}", .doc = "time before calling again"},
    {.key = "answer_target", .type = UR_T_DURATION,
     .offset = F(struct resp_hotline, answer_target_s), .def = "15s",
     .doc = "standard: a call is answered within this wait"},
    {.key = "other_calls", .type = UR_T_STRUCT, .offset = F(struct resp_hotline, other_calls),
     .given = UR_GIVEN(struct resp_hotline, has_other_calls), .sub = &ur_arrivals_schema,
     .doc = "calls that open no case (questions, consultations: most of 12345's volume); "
            "they take call takers' time and count in the answer standard"},
};
static const struct ur_schema hotline_schema =
    UR_SCHEMA("hotline", struct resp_hotline, hotline_fields, NULL,
              "the 12345 hotline: the answered call registers the case");

static const struct ur_field channel_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct resp_channel, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "e.g. \"110\", \"119\", \"120\""},
    {.key = "desk", .type = UR_T_STRUCT, .offset = F(struct resp_channel, desk),
     .flags = UR_F_REQUIRED, .sub = &station_queue_schema,
     .doc = "call takers: servers, call length (service), hang-ups (patience), shifts"},
    {.key = "report_delay", .type = UR_T_DIST, .offset = F(struct resp_channel, report_delay),
     .def = "{dist: deterministic, value: 0s}", .doc = "from the incident to the call"},
    {.key = "dispatch", .type = UR_T_DIST, .offset = F(struct resp_channel, dispatch),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "answered call to units sent (the dispatcher's decision)"},
    {.key = "redial", .type = UR_T_REAL, .offset = F(struct resp_channel, redial), .min = 0,
     .max = 1, .def = "1",
     .doc = "a caller who hung up calls again with this probability (else a patrol must find "
            "it)"},
    {.key = "redial_after", .type = UR_T_DIST, .offset = F(struct resp_channel, redial_after),
     .def = "{dist: deterministic, value: 30s}", .doc = "time before calling again"},
    {.key = "answer_target", .type = UR_T_DURATION,
     .offset = F(struct resp_channel, answer_target_s), .def = "10s",
     .doc = "standard: a call is answered within this wait"},
};
static const struct ur_schema channel_schema = UR_SCHEMA(
    "channel", struct resp_channel, channel_fields, NULL,
    "an emergency number (110 police, 119 fire, 120 ambulance): its own desk and dispatch");

static const struct ur_field patrol_fields[] = {
    {.key = "per_community", .type = UR_T_INT, .offset = F(struct resp_patrol, per_community),
     .min = 0, .max = 1e4, .def = "0", .doc = "patrol officers of each community"},
    {.key = "per_grid", .type = UR_T_INT, .offset = F(struct resp_patrol, per_grid), .min = 0,
     .max = 1e4, .def = "0", .doc = "grid workers of each unit grid (they patrol)"},
    {.key = "cycle", .type = UR_T_DURATION, .offset = F(struct resp_patrol, cycle_s),
     .flags = UR_F_MIN_OPEN, .def = "8h",
     .doc = "one patroller passes every grid of its community once in this time"},
};
static const struct ur_schema patrol_schema = UR_SCHEMA(
    "patrol", struct resp_patrol, patrol_fields, NULL,
    "patrols find unreported incidents: uniform delay in [0, cycle x grids of the community / "
    "patrollers there]; none there: never found");

static const struct ur_field satisfaction_fields[] = {
    {.key = "on_time", .type = UR_T_REAL, .offset = F(struct resp_satisfaction, on_time),
     .min = 0, .max = 1, .def = "0.9", .doc = "resolved within its deadline (or none)"},
    {.key = "late", .type = UR_T_REAL, .offset = F(struct resp_satisfaction, late), .min = 0,
     .max = 1, .def = "0.5", .doc = "resolved after its deadline"},
    {.key = "unsolved", .type = UR_T_REAL, .offset = F(struct resp_satisfaction, unsolved),
     .min = 0, .max = 1, .def = "0.2",
     .doc = "closed without the outcome asked for (types[].unsolved), on time or not"},
};
static const struct ur_schema satisfaction_schema =
    UR_SCHEMA("satisfaction", struct resp_satisfaction, satisfaction_fields, NULL,
              "the call back after closing: probability the resident is satisfied, by "
              "timeliness and outcome (response/satisfied is then an output)");

static const struct ur_field targets_fields[] = {
    {.key = "response", .type = UR_T_DURATION, .offset = F(struct resp_targets, response_s),
     .flags = UR_F_MIN_OPEN, .def = "30min",
     .doc = "first response (registration to first responder on site), compared at p90"},
    {.key = "dispatch", .type = UR_T_DURATION, .offset = F(struct resp_targets, dispatch_s),
     .flags = UR_F_MIN_OPEN, .def = "5min", .doc = "work order out after registration"},
    {.key = "on_site", .type = UR_T_DURATION, .offset = F(struct resp_targets, on_site_s),
     .flags = UR_F_MIN_OPEN, .def = "30min",
     .doc = "every department needed on site after registration (Beijing's whistle)"},
    {.key = "share", .type = UR_T_REAL, .offset = F(struct resp_targets, share), .min = 0,
     .max = 1, .def = "0.9",
     .doc = "performance target: the share of cases on time, P(t) (see response/performance); "
            "P below it is the response's resilience loss"},
};
static const struct ur_schema targets_schema = UR_SCHEMA(
    "targets", struct resp_targets, targets_fields, NULL, "standards reported as shares");

static const struct ur_field handles_fields[] = {
    {.key = "grid", .type = UR_T_INT, .offset = F(struct resp_handles, grid), .min = 0,
     .max = RESP_MAX_SEVERITY, .def = "1", .doc = "highest severity a grid handles itself"},
    {.key = "community", .type = UR_T_INT, .offset = F(struct resp_handles, community),
     .min = 0, .max = RESP_MAX_SEVERITY, .def = "2", .doc = "... a community"},
    {.key = "street", .type = UR_T_INT, .offset = F(struct resp_handles, street), .min = 0,
     .max = RESP_MAX_SEVERITY, .def = "2", .doc = "... a street (the district takes the rest)"},
};
static const struct ur_schema handles_schema =
    UR_SCHEMA("handles", struct resp_handles, handles_fields, NULL,
              "local_first: what each level handles before it calls the level above");

static const struct ur_field sensing_fields[] = {
    {.key = "delay", .type = UR_T_DURATION, .offset = F(struct resp_sensing, delay_s),
     .max = 7 * 86400, .def = "0s",
     .doc = "the plan sees every metric this long after the fact (a siloed city learns "
            "late, a unified centre in minutes)"},
    {.key = "noise", .type = UR_T_REAL, .offset = F(struct resp_sensing, noise), .min = 0,
     .max = 2, .def = "0",
     .doc = "coefficient of variation of a multiplicative lognormal error on what it sees"},
};
static const struct ur_schema sensing_schema =
    UR_SCHEMA("sensing", struct resp_sensing, sensing_fields, NULL,
              "what the city's command knows, and when: the default view of every trigger");

static const struct ur_field governance_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct resp_governance, name),
     .def = "siloed", .doc = "for the results"},
    {.key = "route", .type = UR_T_STRING, .offset = F(struct resp_governance, route),
     .def = "home",
     .doc = "home: each department's own team for the street (or district); local_first: the "
            "staff sunk into the incident's grid or community, else up the hierarchy hop by "
            "hop; nearest: one pool per department, the nearest free responder goes"},
    {.key = "order", .type = UR_T_STRING, .offset = F(struct resp_governance, order),
     .def = "by_type",
     .doc = "by_type (the type's `together`), sequential (always one after another) or "
            "parallel (all told at once)"},
    {.key = "entry", .type = UR_T_STRING, .offset = F(struct resp_governance, entry),
     .def = "community", .doc = "local_first: the level that takes the case first"},
    {.key = "teams", .type = UR_T_STRING, .offset = F(struct resp_governance, teams),
     .def = "own",
     .doc = "own: each department works as its `home:` says (street teams or one district "
            "team); district: every department answers as one district team, sent to the "
            "street that calls (\"the street whistles, departments report\": the bureaus "
            "come, rather than pre-split street teams)"},
    {.key = "dispatch", .type = UR_T_DIST, .offset = F(struct resp_governance, dispatch),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "registration to work order out (first department told)"},
    {.key = "misroute", .type = UR_T_REAL, .offset = F(struct resp_governance, misroute),
     .min = 0, .max = 1, .def = "0",
     .doc = "probability the case first goes to a department it does not need"},
    {.key = "transfer", .type = UR_T_DIST, .offset = F(struct resp_governance, transfer),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "time a wrongly told department takes to pass the case on"},
    {.key = "handoff", .type = UR_T_DIST, .offset = F(struct resp_governance, handoff),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "one after another: delay before the next department is told (the information "
            "barrier)"},
    {.key = "escalate", .type = UR_T_DIST, .offset = F(struct resp_governance, escalate),
     .def = "{dist: deterministic, value: 0s}",
     .doc = "local_first: delay of each hop up (grid -> community -> street -> district); "
            "a hop leaves a level where the department has staff (on duty or not); levels "
            "without any are skipped at no cost"},
    {.key = "handles", .type = UR_T_STRUCT, .offset = F(struct resp_governance, handles),
     .sub = &handles_schema, .doc = "local_first: severities each level keeps"},
    {.key = "overflow", .type = UR_T_REAL, .offset = F(struct resp_governance, overflow),
     .min = 0, .max = 1e6, .def = "0",
     .doc = "local_first: a level whose waiting tasks reach this many per responder on duty "
            "passes new cases up (the grid calls the community when it cannot cope); 0: never"},
    {.key = "parallel_from", .type = UR_T_INT,
     .offset = F(struct resp_governance, parallel_from), .min = 0, .max = RESP_MAX_SEVERITY,
     .def = "0",
     .doc = "cases of this severity or more have their departments act at once whatever "
            "`order` says (Beijing's joint-enforcement and emergency whistles); 0: `order` "
            "alone"},
    {.key = "preempt_from", .type = UR_T_INT, .offset = F(struct resp_governance, preempt_from),
     .min = 0, .max = RESP_MAX_SEVERITY, .def = "0",
     .doc = "cases of this severity or more take a responder from a less severe case, "
            "whose work resumes later (0: never)"},
    {.key = "sensing", .type = UR_T_STRUCT, .offset = F(struct resp_governance, sensing),
     .sub = &sensing_schema,
     .doc = "how late and how noisily the plan sees its metrics under this governance "
            "(a trigger's watch.delay / watch.noise override it)"},
};
static const struct ur_schema governance_schema =
    UR_SCHEMA("governance", struct resp_governance, governance_fields, NULL,
              "how a case travels: who is told, who goes, in which order, at what cost "
              "(presets in scenarios/governance/)");

static const struct ur_field sink_count_fields[] = {
    {.key = "department", .type = UR_T_STRING, .offset = F(struct resp_sink_count, department),
     .flags = UR_F_REQUIRED, .doc = "a department"},
    {.key = "count", .type = UR_T_INT, .offset = F(struct resp_sink_count, count),
     .flags = UR_F_REQUIRED, .min = 0, .max = 1e6,
     .doc = "static: per unit; demand and surge: in all"},
    {.key = "share", .type = UR_T_REAL, .offset = F(struct resp_sink_count, share),
     .flags = UR_F_MIN_OPEN, .min = 0, .max = 1, .def = "1",
     .doc = "part-time: share of the time a sunk responder is available (a unit's on-duty "
            "count is share x shift share x members, rounded)"},
};
static const struct ur_schema sink_count_schema = UR_SCHEMA(
    "staff", struct resp_sink_count, sink_count_fields, NULL, "responders a department sinks");

static const struct ur_field surge_fields[] = {
    {.key = "above", .type = UR_T_INT, .offset = F(struct resp_surge, above), .min = 1,
     .max = 1e6, .def = "3", .doc = "cases waiting in a unit that call for one more responder"},
    {.key = "mobilise", .type = UR_T_DIST, .offset = F(struct resp_surge, mobilise),
     .def = "{dist: deterministic, value: 30min}", .doc = "time to move one responder"},
    {.key = "check", .type = UR_T_DURATION, .offset = F(struct resp_surge, check_s),
     .flags = UR_F_MIN_OPEN, .def = "10min", .doc = "how often units are compared"},
};
static const struct ur_schema surge_schema = UR_SCHEMA(
    "surge", struct resp_surge, surge_fields, NULL,
    "policy surge: a free sunk responder moves from the quietest unit to the busiest");

static const struct ur_field sinking_fields[] = {
    {.key = "policy", .type = UR_T_STRING, .offset = F(struct resp_sinking, policy),
     .def = "none",
     .doc = "none (all stay at their department), static (`staff` per unit), demand (`staff` "
            "in all, in proportion to expected incidents and visitors) or surge (as demand, "
            "then redeployed)"},
    {.key = "level", .type = UR_T_STRING, .offset = F(struct resp_sinking, level),
     .def = "community", .doc = "units staff sink into: community or grid (unit grids)"},
    {.key = "staff", .type = UR_T_LIST, .offset = F(struct resp_sinking, staff),
     .sub = &sink_count_schema, .doc = "responders taken from each department"},
    {.key = "visitor_weight", .type = UR_T_REAL, .offset = F(struct resp_sinking, visitor_weight),
     .min = 0, .max = 1e6, .def = "0",
     .doc = "demand: incidents one expected visitor at a site counts for"},
    {.key = "surge", .type = UR_T_STRUCT, .offset = F(struct resp_sinking, surge),
     .given = UR_GIVEN(struct resp_sinking, has_surge), .sub = &surge_schema,
     .doc = "policy surge: when and how staff move"},
};
static const struct ur_schema sinking_schema =
    UR_SCHEMA("sinking", struct resp_sinking, sinking_fields, NULL,
              "staff sunk into grids: taken from their departments, they respond in their unit");

static const struct ur_field shock_fields[] = {
    {.key = "start", .type = UR_T_DURATION, .offset = F(struct resp_shock, surge.start_s),
     .flags = UR_F_REQUIRED, .doc = "when it begins, from the start of the run (e.g. 34h)"},
    {.key = "ramp", .type = UR_T_DURATION, .offset = F(struct resp_shock, surge.ramp_s),
     .def = "0s", .doc = "time to rise linearly to full strength, and to fall back"},
    {.key = "duration", .type = UR_T_DURATION, .offset = F(struct resp_shock, surge.duration_s),
     .flags = UR_F_REQUIRED, .doc = "time at full strength, between the two ramps"},
    {.key = "multiplier", .type = UR_T_REAL, .offset = F(struct resp_shock, surge.multiplier),
     .flags = UR_F_MIN_OPEN, .min = 0, .max = 1e6, .def = "1",
     .doc = "factor on every background source's rate at full strength"},
    {.key = "travel", .type = UR_T_REAL, .offset = F(struct resp_shock, travel),
     .flags = UR_F_MIN_OPEN, .min = 0, .max = 1e3, .def = "1",
     .doc = "factor on responders' travel times (a trip takes the factor at its start; "
            "ramped like the rate; overlapping shocks multiply)"},
    {.key = "taxi", .type = UR_T_REAL, .offset = F(struct resp_shock, taxi),
     .flags = UR_F_MIN_OPEN, .min = 0, .max = 1e3, .def = "1",
     .doc = "factor on the city's taxi trips (each stand's service time, read when the trip "
            "starts, and the wait the stand shows), ramped like the rate"},
    {.key = "staff", .type = UR_T_REAL, .offset = F(struct resp_shock, staff), .min = 0,
     .max = 1, .def = "1",
     .doc = "share of every team available while the shock holds at full strength (ramps "
            "excluded; on top of shifts and part-time shares)"},
};
static const struct ur_schema shock_schema = UR_SCHEMA(
    "shock", struct resp_shock, shock_fields, NULL,
    "a shock (a snowstorm): more incidents, slower travel and taxis, fewer staff over one "
    "window");

static const struct ur_field resp_fields[] = {
    {.key = "departments", .type = UR_T_LIST, .offset = F(struct resp_config, departments),
     .flags = UR_F_REQUIRED, .sub = &department_schema, .doc = "who responds"},
    {.key = "types", .type = UR_T_LIST, .offset = F(struct resp_config, types),
     .flags = UR_F_REQUIRED, .sub = &type_schema, .doc = "incident types"},
    {.key = "sources", .type = UR_T_LIST, .offset = F(struct resp_config, sources),
     .sub = &source_schema, .doc = "background incidents per grid"},
    {.key = "shocks", .type = UR_T_LIST, .offset = F(struct resp_config, shocks),
     .sub = &shock_schema,
     .doc = "shocks on the whole response: a surge on every background source, and slower "
            "travel and fewer staff over its window"},
    {.key = "raised", .type = UR_T_STRUCT, .offset = F(struct resp_config, raised),
     .sub = &raised_schema, .doc = "incidents the visitors raise"},
    {.key = "backlog", .type = UR_T_LIST, .offset = F(struct resp_config, backlog),
     .sub = &backlog_schema, .doc = "open cases at the start"},
    {.key = "hotline", .type = UR_T_STRUCT, .offset = F(struct resp_config, hotline),
     .given = UR_GIVEN(struct resp_config, has_hotline), .sub = &hotline_schema,
     .doc = "the 12345 hotline; needed when residents report"},
    {.key = "channels", .type = UR_T_LIST, .offset = F(struct resp_config, channels),
     .sub = &channel_schema,
     .doc = "emergency numbers; the types that go by one bypass the hotline and the "
            "governance"},
    {.key = "patrol", .type = UR_T_STRUCT, .offset = F(struct resp_config, patrol),
     .sub = &patrol_schema, .doc = "who patrols the grids"},
    {.key = "satisfaction", .type = UR_T_STRUCT, .offset = F(struct resp_config, satisfaction),
     .sub = &satisfaction_schema, .doc = "the call back"},
    {.key = "targets", .type = UR_T_STRUCT, .offset = F(struct resp_config, targets),
     .sub = &targets_schema, .doc = "standards"},
    {.key = "governance", .type = UR_T_STRUCT, .offset = F(struct resp_config, governance),
     .sub = &governance_schema, .doc = "the governance model"},
    {.key = "joint_command", .type = UR_T_STRUCT, .offset = F(struct resp_config, joint_command),
     .given = UR_GIVEN(struct resp_config, has_joint_command), .sub = &governance_schema,
     .doc = "the governance from the moment a plan's `joint_command` action takes effect "
            "(work orders dispatched from then on); its route and entry must be the "
            "governance's"},
    {.key = "sinking", .type = UR_T_STRUCT, .offset = F(struct resp_config, sinking),
     .sub = &sinking_schema, .doc = "the sinking policy"},
    {.key = "case_log", .type = UR_T_BOOL, .offset = F(struct resp_config, case_log),
     .def = "false",
     .doc = "write a row per case (its type, place, every time of its loop, level, "
            "outcome) to the results' tables/response/cases"},
    {.key = "travel", .type = UR_T_STRUCT, .offset = F(struct resp_config, travel),
     .given = UR_GIVEN(struct resp_config, has_travel), .sub = &space_travel_schema,
     .doc = "responders' travel by distance; absent: the grids' `travel`"},
};
const struct ur_schema resp_schema =
    UR_SCHEMA("response", struct resp_config, resp_fields, NULL,
              "incidents in the grids, their discovery, and the departments and sunk staff "
              "that resolve them under a governance model");

/* ---- cross-references ---- */

static bool one_of(const char *v, const char *const *options, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v, options[i]) == 0)
            return true;
    return false;
}
#define ONE_OF(v, ...)                                                                             \
    one_of((v), (const char *const[]){__VA_ARGS__},                                                \
           sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* A department name at `key`, or an error listing the departments. */
static long need_department(const struct resp_config *r, struct ur_check *ck, const char *key,
                            const char *name)
{
    long d = model_index_of(&r->departments, sizeof(struct resp_department), name);
    if (d < 0) {
        char known[512];
        model_names_of(&r->departments, sizeof(struct resp_department), known, sizeof known);
        ur_check_error(ck, key, "no department named '%s'; the departments are %s", name, known);
    }
    return d;
}

static long need_type(const struct resp_config *r, struct ur_check *ck, const char *key,
                      const char *name)
{
    long t = model_index_of(&r->types, sizeof(struct resp_type), name);
    if (t < 0) {
        char known[512];
        model_names_of(&r->types, sizeof(struct resp_type), known, sizeof known);
        ur_check_error(ck, key, "no incident type named '%s'; the types are %s", name, known);
    }
    return t;
}

/* An emergency service's stations: in grids of the city, all or none with
 * a count (which then add up to the department's). */
static void check_stations(const struct resp_department *d, size_t i,
                           const struct space_config *grids, struct ur_check *ck)
{
    char key[160];
    const struct resp_station *st = d->stations.items;
    if (d->has_home) {
        snprintf(key, sizeof key, "response.departments.%zu.home", i);
        ur_check_error(ck, key, "'%s' is based at `stations:` and has no home team; remove "
                                "`home:` (or the stations)", d->name);
    }
    if (d->patrols) {
        snprintf(key, sizeof key, "response.departments.%zu.patrols", i);
        ur_check_error(ck, key, "an emergency service at stations does not patrol grids; "
                                "remove `patrols: true`");
    }
    long given = 0, sum = 0;
    for (size_t k = 0; k < d->stations.n; k++) {
        snprintf(key, sizeof key, "response.departments.%zu.stations.%zu.grid", i, k);
        space_need_grid(grids, ck, key, st[k].grid);
        given += st[k].responders > 0;
        sum += st[k].responders;
    }
    snprintf(key, sizeof key, "response.departments.%zu.responders", i);
    if (given > 0 && given < (long)d->stations.n)
        ur_check_error(ck, key, "give `responders:` at every station of '%s' or at none (then "
                                "they share the department's evenly)", d->name);
    else if (given > 0 && sum != d->responders)
        ur_check_error(ck, key, "the stations of '%s' hold %ld responders; set responders: %ld",
                       d->name, sum, sum);
    else if (given == 0 && d->responders < (long)d->stations.n)
        ur_check_error(ck, key, "%ld responders for %zu stations: give at least one per station",
                       d->responders, d->stations.n);
}

static void check_departments(const struct resp_config *r, const struct space_config *grids,
                              struct ur_check *ck)
{
    const struct resp_department *d = r->departments.items;
    char key[160];
    for (size_t i = 0; i < r->departments.n; i++) {
        if (d[i].stations.n)
            check_stations(&d[i], i, grids, ck);
        snprintf(key, sizeof key, "response.departments.%zu.home", i);
        if (!ONE_OF(d[i].home, "street", "district"))
            ur_check_error(ck, key, "home must be street or district, not '%s'", d[i].home);
        snprintf(key, sizeof key, "response.departments.%zu.return", i);
        if (!ONE_OF(d[i].trip_back, "base", "stay"))
            ur_check_error(ck, key, "return must be base or stay, not '%s'", d[i].trip_back);
        snprintf(key, sizeof key, "response.departments.%zu.shift_change", i);
        if (!ONE_OF(d[i].shift_change, "finish", "handover"))
            ur_check_error(ck, key, "shift_change must be finish or handover, not '%s'",
                           d[i].shift_change);
        const struct resp_shift *s = d[i].shifts.items;
        for (size_t k = 1; k < d[i].shifts.n; k++)
            if (s[k].start_s <= s[k - 1].start_s) {
                snprintf(key, sizeof key, "response.departments.%zu.shifts.%zu.start", i, k);
                ur_check_error(ck, key, "shifts must be listed by increasing start time");
            }
    }
}

/* A type of an emergency channel needs stations-based departments only;
 * other types none of them. */
static void check_type_channel(const struct resp_config *r, const struct resp_type *t, size_t i,
                               struct ur_check *ck)
{
    char key[160];
    if (t->channel) {
        snprintf(key, sizeof key, "response.types.%zu.channel", i);
        if (model_index_of(&r->channels, sizeof(struct resp_channel), t->channel) < 0) {
            char known[512];
            model_names_of(&r->channels, sizeof(struct resp_channel), known, sizeof known);
            ur_check_error(ck, key, "no channel named '%s'; the channels are %s", t->channel,
                           known);
        }
        if (t->has_together && !t->together) {
            snprintf(key, sizeof key, "response.types.%zu.together", i);
            ur_check_error(ck, key, "an emergency channel sends every department at once; "
                                    "remove `together: false` (or the channel)");
        }
    }
    const struct resp_need *n = t->needs.items;
    for (size_t k = 0; k < t->needs.n && k < RESP_MAX_NEEDS; k++) {
        long d = model_index_of(&r->departments, sizeof(struct resp_department), n[k].department);
        if (d < 0)
            continue; /* reported by check_types */
        bool stations = ((const struct resp_department *)r->departments.items)[d].stations.n > 0;
        snprintf(key, sizeof key, "response.types.%zu.departments.%zu.department", i, k);
        if (t->channel && !stations)
            ur_check_error(ck, key, "'%s' goes by channel %s, whose units come from stations; "
                                    "give department '%s' `stations:` (or use one that has them)",
                           t->name, t->channel, n[k].department);
        else if (!t->channel && stations)
            ur_check_error(ck, key, "'%s' is an emergency service at stations and answers only "
                                    "the types of a channel; give '%s' `channel:` or use another "
                                    "department", n[k].department, t->name);
    }
}

static void check_types(const struct resp_config *r, struct ur_check *ck)
{
    const struct resp_type *t = r->types.items;
    const struct resp_department *dep = r->departments.items;
    char key[160];
    for (size_t i = 0; i < r->types.n; i++) {
        snprintf(key, sizeof key, "response.types.%zu.departments", i);
        if (t[i].needs.n < 1 || t[i].needs.n > RESP_MAX_NEEDS)
            ur_check_error(ck, key, "a type needs 1 to %d departments, not %zu", RESP_MAX_NEEDS,
                           t[i].needs.n);
        const struct resp_need *n = t[i].needs.items;
        for (size_t k = 0; k < t[i].needs.n && k < RESP_MAX_NEEDS; k++) {
            snprintf(key, sizeof key, "response.types.%zu.departments.%zu.department", i, k);
            long d = need_department(r, ck, key, n[k].department);
            if (d >= 0 && dep[d].responders == 0)
                ur_check_error(ck, key, "department '%s' has no responders, but type '%s' needs "
                                        "it; give the department `responders:` above 0",
                               n[k].department, t[i].name);
            for (size_t j = 0; d >= 0 && j < k; j++)
                if (strcmp(n[j].department, n[k].department) == 0)
                    ur_check_error(ck, key, "department '%s' is listed twice", n[k].department);
        }
        if (t[i].has_deadline && t[i].same_day) {
            snprintf(key, sizeof key, "response.types.%zu.same_day", i);
            ur_check_error(ck, key, "give `deadline:` or `same_day: true`, not both");
        }
        check_type_channel(r, &t[i], i, ck);
        if (t[i].has_escalates && t[i].escalates.severity <= t[i].severity) {
            snprintf(key, sizeof key, "response.types.%zu.escalates.severity", i);
            ur_check_error(ck, key, "'%s' is of severity %ld already; it escalates to a higher "
                                    "one (up to %d)", t[i].name, t[i].severity,
                           RESP_MAX_SEVERITY);
        }
        if (t[i].reported > 0 && !r->has_hotline && !t[i].channel) {
            snprintf(key, sizeof key, "response.types.%zu.reported", i);
            ur_check_error(ck, key, "residents report %g of '%s' to the hotline, but the "
                                    "response has no `hotline:` (or set `reported: 0`)",
                           t[i].reported, t[i].name);
        }
    }
}

/* A type visitors report to the hotline: one that goes by no channel. */
static void need_channel_free(const struct resp_config *r, struct ur_check *ck, const char *key,
                              const char *name)
{
    long t = need_type(r, ck, key, name);
    const struct resp_type *ty = r->types.items;
    if (t >= 0 && ty[t].channel)
        ur_check_error(ck, key, "visitors report '%s' to the hotline, but it goes by channel %s; "
                                "give a type without `channel:`", name, ty[t].channel);
}

static void check_sources(const struct resp_config *r, const struct space_config *grids,
                          struct ur_check *ck)
{
    const struct resp_source *s = r->sources.items;
    char key[160];
    for (size_t i = 0; i < r->sources.n; i++) {
        snprintf(key, sizeof key, "response.sources.%zu.type", i);
        need_type(r, ck, key, s[i].type);
        snprintf(key, sizeof key, "response.sources.%zu.grids", i);
        if (!ONE_OF(s[i].grids, "unit", "extended", "all"))
            ur_check_error(ck, key, "grids must be unit, extended or all, not '%s'", s[i].grids);
        /* a kind the city does not have: no incidents from it */
    }
    const struct resp_raised *rz = &r->raised;
    if (rz->complaint) {
        need_channel_free(r, ck, "response.raised.complaint", rz->complaint);
        if (!r->has_hotline)
            ur_check_error(ck, "response.raised.complaint",
                           "complaints call the hotline: add `hotline:` to the response");
    }
    if (rz->has_crowding) {
        need_type(r, ck, "response.raised.crowding.type", rz->crowding.type);
        if (rz->crowding.reset_below > rz->crowding.above)
            ur_check_error(ck, "response.raised.crowding.reset_below",
                           "reset_below (%g) must not exceed above (%g)",
                           rz->crowding.reset_below, rz->crowding.above);
    }
    space_need_grid(grids, ck, "response.raised.grid", rz->grid);
    if (rz->has_taxi_wait) {
        need_channel_free(r, ck, "response.raised.taxi_wait.type", rz->taxi_wait.type);
        if (!r->has_hotline)
            ur_check_error(ck, "response.raised.taxi_wait",
                           "taxi complaints call the hotline: add `hotline:` to the response");
    }
    const struct resp_backlog *b = r->backlog.items;
    for (size_t i = 0; i < r->backlog.n; i++) {
        snprintf(key, sizeof key, "response.backlog.%zu.type", i);
        need_type(r, ck, key, b[i].type);
    }
}

static void check_governance(const struct resp_governance *g, const char *base,
                             struct ur_check *ck)
{
    char key[96];
    snprintf(key, sizeof key, "response.%s.route", base);
    if (!ONE_OF(g->route, "home", "local_first", "nearest"))
        ur_check_error(ck, key, "route must be home, local_first or nearest, not '%s'",
                       g->route);
    snprintf(key, sizeof key, "response.%s.order", base);
    if (!ONE_OF(g->order, "by_type", "sequential", "parallel"))
        ur_check_error(ck, key, "order must be by_type, sequential or parallel, not '%s'",
                       g->order);
    snprintf(key, sizeof key, "response.%s.entry", base);
    if (!ONE_OF(g->entry, "grid", "community", "street"))
        ur_check_error(ck, key, "entry must be grid, community or street, not '%s'", g->entry);
    snprintf(key, sizeof key, "response.%s.teams", base);
    if (!ONE_OF(g->teams, "own", "district"))
        ur_check_error(ck, key, "teams must be own or district, not '%s'", g->teams);
}

/* Joint command changes how cases travel, not where the staff are. */
static void check_joint_command(const struct resp_config *r, struct ur_check *ck)
{
    const struct resp_governance *g = &r->governance, *j = &r->joint_command;
    check_governance(j, "joint_command", ck);
    if (strcmp(j->route, g->route) != 0)
        ur_check_error(ck, "response.joint_command.route",
                       "joint command keeps the route (the staff stay where they are): "
                       "give route: %s, as the governance has", g->route);
    if (strcmp(j->teams, g->teams) != 0)
        ur_check_error(ck, "response.joint_command.teams",
                       "joint command keeps the teams (the staff stay where they are): "
                       "give teams: %s, as the governance has", g->teams);
    if (strcmp(j->entry, g->entry) != 0)
        ur_check_error(ck, "response.joint_command.entry",
                       "joint command keeps the entry level: give entry: %s, as the "
                       "governance has", g->entry);
}

static void check_sinking(const struct resp_config *r, const struct space *g,
                          struct ur_check *ck)
{
    const struct resp_sinking *s = &r->sinking;
    const struct resp_department *dep = r->departments.items;
    if (!ONE_OF(s->policy, "none", "static", "demand", "surge")) {
        ur_check_error(ck, "response.sinking.policy",
                       "policy must be none, static, demand or surge, not '%s'", s->policy);
        return;
    }
    if (!ONE_OF(s->level, "community", "grid")) {
        ur_check_error(ck, "response.sinking.level", "level must be community or grid, not '%s'",
                       s->level);
        return;
    }
    bool none = strcmp(s->policy, "none") == 0;
    if (none && s->staff.n)
        ur_check_error(ck, "response.sinking.staff",
                       "policy none sinks nobody; give policy static, demand or surge");
    if (!none && !s->staff.n)
        ur_check_error(ck, "response.sinking", "policy %s needs `staff:` (department, count)",
                       s->policy);
    if (!none && strcmp(r->governance.route, "home") == 0)
        ur_check_error(ck, "response.sinking.policy",
                       "staff sunk into grids answer only under route local_first or nearest; "
                       "route home sends every case to the department's own team");
    size_t units = strcmp(s->level, "grid") == 0 ? g->n_unit : g->n_communities;
    bool per_unit = strcmp(s->policy, "static") == 0;
    const struct resp_sink_count *k = s->staff.items;
    char key[160];
    for (size_t i = 0; i < s->staff.n; i++) {
        snprintf(key, sizeof key, "response.sinking.staff.%zu.department", i);
        long d = need_department(r, ck, key, k[i].department);
        if (d < 0)
            continue;
        for (size_t j = 0; j < i; j++)
            if (strcmp(k[j].department, k[i].department) == 0)
                ur_check_error(ck, key, "department '%s' is listed twice", k[i].department);
        if (dep[d].stations.n)
            ur_check_error(ck, key, "'%s' works from its stations and is never sunk into grids; "
                                    "remove it from `staff:`", k[i].department);
        double want = (double)k[i].count * (per_unit ? (double)units : 1.0);
        snprintf(key, sizeof key, "response.sinking.staff.%zu.count", i);
        if (want > (double)dep[d].responders)
            ur_check_error(ck, key, "%s sinks %.0f of %s's %ld responders (%ld x %zu %s units); "
                                    "lower the count or raise `responders`",
                           per_unit ? "static" : s->policy, want, k[i].department,
                           dep[d].responders, k[i].count, per_unit ? units : (size_t)1,
                           s->level);
    }
}

void resp_check(const struct resp_config *r, const struct space_config *grids,
                struct ur_check *ck)
{
    if (!grids) {
        ur_check_error(ck, "response", "incidents happen in grids: add `grids:` to the city");
        return;
    }
    struct space g;
    if (space_build(grids, &g) != 0) {
        ur_check_error(ck, "response", "out of memory building the grid table");
        return;
    }
    check_departments(r, grids, ck);
    check_types(r, ck);
    check_sources(r, grids, ck);
    check_governance(&r->governance, "governance", ck);
    if (r->has_joint_command)
        check_joint_command(r, ck);
    check_sinking(r, &g, ck);
    space_free(&g);
}

void resp_check_joint_action(const void *cfg, const struct board_args *a, struct ur_check *ck,
                             const char *base)
{
    (void)a;
    const struct resp_config *r = cfg;
    if (!r || !r->has_joint_command)
        ur_check_error(ck, base, "joint_command switches the response to its "
                                 "`response.joint_command:` governance; the city has none");
}

void resp_check_sink_action(const void *cfg, const struct board_args *a, struct ur_check *ck,
                            const char *base)
{
    const struct resp_config *r = cfg;
    char key[200];
    if (!r) {
        ur_check_error(ck, base, "sink_staff moves responders: add `response:` to the city");
        return;
    }
    if (strcmp(r->governance.route, "local_first") != 0)
        ur_check_error(ck, base, "sink_staff needs governance route local_first (staff sunk "
                                 "into grids answer there first); the route is %s",
                       r->governance.route);
    if (!a->department) {
        char known[512];
        model_names_of(&r->departments, sizeof(struct resp_department), known, sizeof known);
        ur_check_error(ck, base, "sink_staff needs `department:`, the department whose "
                                 "responders move: %s", known);
        return;
    }
    snprintf(key, sizeof key, "%s.department", base);
    long d = need_department(r, ck, key, a->department);
    if (d >= 0 && ((const struct resp_department *)r->departments.items)[d].stations.n)
        ur_check_error(ck, key, "'%s' works from its stations and is never sunk into grids; "
                                "give a department with a home team", a->department);
}

void resp_check_run(const struct resp_config *r, const struct ur_run_config *run,
                    struct ur_check *ck)
{
    const struct resp_hotline *h = &r->hotline;
    if (r->has_hotline && h->has_other_calls)
        model_check_arrivals(&h->other_calls, run->horizon_s, ck, "response.hotline.other_calls");
    const struct resp_source *s = r->sources.items;
    char key[96];
    for (size_t i = 0; i < r->sources.n; i++) {
        snprintf(key, sizeof key, "response.sources.%zu.arrivals", i);
        model_check_arrivals(&s[i].arrivals, run->horizon_s, ck, key);
    }
}
