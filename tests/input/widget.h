/* A test model whose schema uses every field type, flag and feature of the
 * loader: string key, bool, int, real, duration, rate, dist, unitless dist,
 * nested struct, list of structs, real list, given flags, defaults and a
 * cross-field check. Shared by the input tests. */
#ifndef URSIM_TESTS_INPUT_WIDGET_H
#define URSIM_TESTS_INPUT_WIDGET_H

#include <stddef.h>

#include <ursim/model.h>
#include <ursim/scenario.h>

struct widget_lane {
    const char *name;
    double length_s;
};

struct widget_inner {
    double rate_per_s;
    long count;
    bool has_count;
};

struct widget {
    const char *name;
    bool open;
    long servers;
    double weight;
    double delay_s;
    double rate_per_s;
    struct ur_dist service;
    bool has_service;
    struct ur_dist group_size; /* unitless */
    struct widget_inner inner;
    bool has_inner;
    struct ur_list lanes; /* of struct widget_lane */
    struct ur_reals probs;
};

static void widget_check(const void *obj, struct ur_check *ck)
{
    const struct widget *w = obj;
    if (w->weight > (double)w->servers)
        ur_check_error(ck, "weight", "weight (%g) must not exceed servers (%ld)", w->weight,
                       w->servers);
    if (w->inner.count > w->servers)
        ur_check_error(ck, "inner.count", "inner.count (%ld) must not exceed servers (%ld)",
                       w->inner.count, w->servers);
}

static const struct ur_field widget_lane_fields[] = {
    {.key = "name",
     .type = UR_T_STRING,
     .offset = offsetof(struct widget_lane, name),
     .flags = UR_F_REQUIRED | UR_F_KEY,
     .doc = "lane name"},
    {.key = "length",
     .type = UR_T_DURATION,
     .offset = offsetof(struct widget_lane, length_s),
     .def = "30s",
     .doc = "walking time"},
};
static const struct ur_schema widget_lane_schema =
    UR_SCHEMA("lane", struct widget_lane, widget_lane_fields, NULL, "a lane");

static const struct ur_field widget_inner_fields[] = {
    {.key = "rate",
     .type = UR_T_RATE,
     .offset = offsetof(struct widget_inner, rate_per_s),
     .def = "6/h",
     .doc = "inner rate"},
    {.key = "count",
     .type = UR_T_INT,
     .offset = offsetof(struct widget_inner, count),
     .given = UR_GIVEN(struct widget_inner, has_count),
     .min = 0,
     .max = 50,
     .doc = "count"},
};
static const struct ur_schema widget_inner_schema =
    UR_SCHEMA("inner", struct widget_inner, widget_inner_fields, NULL, "nested settings");

static const struct ur_field widget_fields[] = {
    {.key = "name",
     .type = UR_T_STRING,
     .offset = offsetof(struct widget, name),
     .flags = UR_F_REQUIRED | UR_F_KEY,
     .doc = "unique name of the widget"},
    {.key = "open",
     .type = UR_T_BOOL,
     .offset = offsetof(struct widget, open),
     .def = "true",
     .doc = "accepts visitors"},
    {.key = "servers",
     .type = UR_T_INT,
     .offset = offsetof(struct widget, servers),
     .min = 1,
     .max = 100000,
     .def = "1",
     .doc = "identical servers"},
    {.key = "weight",
     .type = UR_T_REAL,
     .offset = offsetof(struct widget, weight),
     .def = "0.5",
     .doc = "a plain number"},
    {.key = "delay",
     .type = UR_T_DURATION,
     .offset = offsetof(struct widget, delay_s),
     .flags = UR_F_MIN_OPEN,
     .def = "10min",
     .doc = "a duration > 0"},
    {.key = "rate",
     .type = UR_T_RATE,
     .offset = offsetof(struct widget, rate_per_s),
     .flags = UR_F_REQUIRED,
     .doc = "arrivals per time"},
    {.key = "service",
     .type = UR_T_DIST,
     .offset = offsetof(struct widget, service),
     .given = UR_GIVEN(struct widget, has_service),
     .doc = "service time"},
    {.key = "group_size",
     .type = UR_T_DIST,
     .offset = offsetof(struct widget, group_size),
     .flags = UR_F_UNITLESS,
     .def = "{dist: deterministic, value: 1}",
     .doc = "visitors per group"},
    {.key = "inner",
     .type = UR_T_STRUCT,
     .offset = offsetof(struct widget, inner),
     .given = UR_GIVEN(struct widget, has_inner),
     .sub = &widget_inner_schema,
     .doc = "nested"},
    {.key = "lanes",
     .type = UR_T_LIST,
     .offset = offsetof(struct widget, lanes),
     .sub = &widget_lane_schema,
     .doc = "lanes"},
    {.key = "probs",
     .type = UR_T_REAL_LIST,
     .offset = offsetof(struct widget, probs),
     .min = 0,
     .max = 1,
     .doc = "probabilities"},
};
static const struct ur_schema widget_schema =
    UR_SCHEMA("widget", struct widget, widget_fields, widget_check, "a test model");

static const struct ur_model_ops widget_ops = {
    .name = "widget", .yaml_key = "widgets", .schema = &widget_schema, .doc = "test widgets"};
static const struct ur_model_ops *const widget_models[] = {&widget_ops};

#endif
