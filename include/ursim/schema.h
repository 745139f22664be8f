/* How a model declares its YAML keys, once, for the loader (types, units,
 * ranges, defaults, documentation and did-you-mean) and for the generated
 * reference (`ursim schema`). Models fill C structs; they never see libyaml.
 *
 *     static const struct ur_field station_fields[] = {
 *         {.key = "name", .type = UR_T_STRING, .offset = offsetof(struct station_config, name),
 *          .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name of the station"},
 *         {.key = "servers", .type = UR_T_INT, .offset = offsetof(struct station_config, servers),
 *          .min = 1, .max = 100000, .def = "1", .doc = "identical servers"},
 *         ...
 *     };
 *     const struct ur_schema station_schema = UR_SCHEMA(struct station_config, station_fields,
 *                                                       station_check, "a multi-server queue");
 */
#ifndef URSIM_SCHEMA_H
#define URSIM_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum ur_type {
    UR_T_STRING,    /* const char * (arena) */
    UR_T_BOOL,      /* bool: true/false */
    UR_T_INT,       /* long; integers only ("40", not "40.0") */
    UR_T_REAL,      /* double; a plain number without unit */
    UR_T_DURATION,  /* double, seconds; needs a unit: 45s 90min 8h 3d (also ms, w) */
    UR_T_RATE,      /* double, per second; 36/min 1200/h 0.5/s 100/d */
    UR_T_DIST,      /* struct ur_dist; parameters are durations unless UR_F_UNITLESS */
    UR_T_STRUCT,    /* nested mapping, stored inline; schema in .sub */
    UR_T_LIST,      /* sequence of mappings: struct ur_list of .sub->size items */
    UR_T_REAL_LIST, /* sequence of numbers: struct ur_reals */
    UR_T_ONE,       /* one mapping of .sub, stored as a struct ur_list of 1 item (0: absent) */
    UR_T_QUANTITY,  /* struct ur_quantity: a number, duration or rate, whichever is written;
                       for values whose kind is known only later (an observed KPI's) */
    UR_T_QUANTITY_LIST, /* sequence of those: struct ur_quantities */
};

enum {
    UR_F_REQUIRED = 1u << 0,  /* error when absent */
    UR_F_KEY = 1u << 1,       /* string unique among the items of its list */
    UR_F_UNITLESS = 1u << 2,  /* UR_T_DIST: parameters are plain numbers */
    UR_F_MIN_OPEN = 1u << 3,  /* value must be > min (default >= min) */
};

struct ur_list {
    void *items; /* n items of the sub-schema's size */
    size_t n;
};
struct ur_reals {
    double *v;
    size_t n;
};

/* A value of UR_T_QUANTITY: SI units (seconds, per second) for a duration
 * or a rate, the number itself otherwise. */
struct ur_quantity {
    double v;
    enum ur_type kind; /* UR_T_REAL, UR_T_DURATION or UR_T_RATE, as written */
    const char *text;  /* as written ("5.5h"), for messages and tables */
    struct ur_loc at;
};
struct ur_quantities {
    struct ur_quantity *v;
    size_t n;
};

struct ur_schema;

struct ur_field {
    const char *key;
    enum ur_type type;
    size_t offset;    /* offsetof() of the member in the struct being filled */
    size_t given;     /* UR_GIVEN(struct, bool member): set true when the key is present */
    unsigned flags;
    double min, max;  /* range in SI units (seconds, per second); both 0: the type's sane bounds */
    const char *def;  /* default, written as in YAML ("1", "10min"); NULL: none */
    const struct ur_schema *sub; /* UR_T_STRUCT, UR_T_LIST */
    const char *doc;  /* one line for the reference */
};
#define UR_GIVEN(st, member) (offsetof(st, member) + 1)

/* Cross-field checks run after every field was filled. Report with
 * ur_check_error, naming the key whose value is wrong (NULL: the mapping). */
struct ur_check {
    struct ur_diag *diag;
    struct ur_loc (*locate)(const struct ur_check *ck, const char *key);
    const void *node; /* private to the loader */
};
typedef void ur_check_fn(const void *obj, struct ur_check *ck);
void ur_check_error(struct ur_check *ck, const char *key, const char *fmt, ...) UR_PRINTF(3, 4);

struct ur_schema {
    const char *name; /* for the reference: "station" */
    size_t size;      /* sizeof the struct being filled */
    const struct ur_field *fields;
    size_t n_fields;
    ur_check_fn *check; /* may be NULL */
    const char *doc;
};
#define UR_SCHEMA(name_, type, fields_, check_, doc_)                                              \
    {.name = (name_), .size = sizeof(type), .fields = (fields_),                                   \
     .n_fields = sizeof(fields_) / sizeof((fields_)[0]), .check = (check_), .doc = (doc_)}

#endif
