/* Space: the grid hierarchy of a district (district -> streets ->
 * communities -> unit grids, plus extended grids: large plants, parks,
 * campuses) and travel by how far apart two places are in it.
 *
 * The configuration is the city's `grids:` mapping, generated from counts or
 * listed by name. space_build turns it into dense numbers: unit grids
 * 0..U-1, then extended grids (listed grids in list order); every grid's
 * community and every community's street. Generated grids spread evenly
 * (unit grid i in community floor(i C / U), extended grid e in
 * floor(e C / E), community k in street floor(k S / C)); listed grids number
 * their streets and communities in order of appearance.
 */
#ifndef URSIM_MODELS_SPACE_H
#define URSIM_MODELS_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ursim/rng.h>
#include <ursim/schema.h>

/* Levels of the hierarchy, lowest first. */
enum space_level { SPACE_GRID, SPACE_COMMUNITY, SPACE_STREET, SPACE_DISTRICT, SPACE_LEVELS };

/* Travel time by how far apart two places are in the hierarchy. */
struct space_travel {
    struct ur_dist same_grid, same_community, same_street, other_street;
};

/* One grid when grids are listed by name. */
struct space_grid_item {
    const char *name, *community, *street;
    bool extended; /* a large plant, park or campus rather than a unit grid */
};

struct space_config {
    long streets, communities, unit_grids, extended;
    struct ur_list list; /* of struct space_grid_item; instead of the counts */
    struct space_travel travel;
};

extern const struct ur_schema space_schema;        /* `grids:` */
extern const struct ur_schema space_travel_schema; /* a `travel:` by distance */

struct space {
    size_t n_grids, n_unit, n_extended, n_communities, n_streets;
    uint32_t *community;      /* of each grid */
    uint32_t *street;         /* of each community */
    uint32_t *n_in_community; /* grids in each community */
    bool *extended;           /* of each grid */
    const char **grid_names;  /* listed grids: each grid's name; NULL when generated */
    const char **street_names; /* listed grids: each street's name; NULL when generated */
};

/* 0, or UR_ENOMEM. */
int space_build(const struct space_config *g, struct space *s);
void space_free(struct space *s);
/* Grids of a kind: "unit", "extended" or "all". */
size_t space_grids_of_kind(const struct space *s, const char *kind);
/* The number of grid `name` (u<i> / x<i> when generated, a listed grid's
 * name), or -1 when there is none. */
long space_grid_index(const struct space_config *g, const char *name);

/* Names for results, written into buf: grid g's (u<i> / x<i> when
 * generated, as space_grid_index reads them; a listed grid's name) and
 * street k's (s<k> when generated; a listed street's name). */
void space_grid_name(const struct space *s, size_t g, char *buf, size_t size);
void space_street_name(const struct space *s, size_t k, char *buf, size_t size);

/* How far grid g is from a unit at `level` (a grid, community or street
 * number; the district is everywhere): 0 same grid, 1 same community,
 * 2 same street, 3 other street. */
int space_distance(const struct space *s, int level, uint32_t unit, uint32_t g);
/* The travel distribution for such a distance. */
static inline const struct ur_dist *space_travel_at(const struct space_travel *t, int d)
{
    return d == 0 ? &t->same_grid : d == 1 ? &t->same_community : d == 2 ? &t->same_street
                                                                          : &t->other_street;
}

/* A window shaped like a surge (start, ramp up, hold for duration, ramp
 * down): its weight at t_s is 0 outside, 1 while it holds, linear on the
 * ramps; the factor there is 1 + (factor - 1) x weight. A shock uses it
 * for travel times (space_window_factor at the trip's start) and staff. */
struct ur_arrivals_surge;
double space_window_weight(const struct ur_arrivals_surge *w, double t_s);
double space_window_factor(const struct ur_arrivals_surge *w, double factor, double t_s);

/* Load time: the counts or the list (at key "grids"), and a grid name at
 * `key` (NULL name: nothing to check). */
void space_check(const struct space_config *g, struct ur_check *ck);
void space_need_grid(const struct space_config *g, struct ur_check *ck, const char *key,
                     const char *name);

#endif
