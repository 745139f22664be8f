/* The keys of `grids:` and of a travel-by-distance mapping, and the checks
 * of grid counts, lists and names. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "space.h"

#define F(T, m) offsetof(T, m)

static const struct ur_field grid_item_fields[] = {
    {.key = "name", .type = UR_T_STRING, .offset = F(struct space_grid_item, name),
     .flags = UR_F_REQUIRED | UR_F_KEY, .doc = "unique name"},
    {.key = "community", .type = UR_T_STRING, .offset = F(struct space_grid_item, community),
     .flags = UR_F_REQUIRED, .doc = "its community"},
    {.key = "street", .type = UR_T_STRING, .offset = F(struct space_grid_item, street),
     .flags = UR_F_REQUIRED, .doc = "its street"},
    {.key = "extended", .type = UR_T_BOOL, .offset = F(struct space_grid_item, extended),
     .def = "false", .doc = "an extended grid (large plant, park, campus)"},
};
static const struct ur_schema grid_item_schema =
    UR_SCHEMA("grid", struct space_grid_item, grid_item_fields, NULL, "one listed grid");

static const struct ur_field travel_fields[] = {
    {.key = "same_grid", .type = UR_T_DIST, .offset = F(struct space_travel, same_grid),
     .flags = UR_F_REQUIRED, .doc = "between two places of one grid"},
    {.key = "same_community", .type = UR_T_DIST,
     .offset = F(struct space_travel, same_community), .flags = UR_F_REQUIRED,
     .doc = "between grids of one community"},
    {.key = "same_street", .type = UR_T_DIST, .offset = F(struct space_travel, same_street),
     .flags = UR_F_REQUIRED, .doc = "between communities of one street"},
    {.key = "other_street", .type = UR_T_DIST, .offset = F(struct space_travel, other_street),
     .flags = UR_F_REQUIRED, .doc = "between streets"},
};
const struct ur_schema space_travel_schema =
    UR_SCHEMA("travel", struct space_travel, travel_fields, NULL,
              "travel time by distance in the hierarchy");

static const struct ur_field grids_fields[] = {
    {.key = "streets", .type = UR_T_INT, .offset = F(struct space_config, streets), .min = 0,
     .max = 1e5, .def = "0", .doc = "streets of the district (generated form)"},
    {.key = "communities", .type = UR_T_INT, .offset = F(struct space_config, communities),
     .min = 0, .max = 1e6, .def = "0", .doc = "community grids, spread evenly over the streets"},
    {.key = "unit_grids", .type = UR_T_INT, .offset = F(struct space_config, unit_grids),
     .min = 0, .max = 1e7, .def = "0",
     .doc = "unit grids u0, u1, ..., spread evenly over the communities"},
    {.key = "extended", .type = UR_T_INT, .offset = F(struct space_config, extended), .min = 0,
     .max = 1e6, .def = "0",
     .doc = "extended grids x0, x1, ... (plants, parks, campuses), spread over the communities"},
    {.key = "list", .type = UR_T_LIST, .offset = F(struct space_config, list),
     .sub = &grid_item_schema, .doc = "instead of the counts: grids by name"},
    {.key = "travel", .type = UR_T_STRUCT, .offset = F(struct space_config, travel),
     .flags = UR_F_REQUIRED, .sub = &space_travel_schema,
     .doc = "visitors' travel between sites by their distance in the hierarchy"},
};
const struct ur_schema space_schema = UR_SCHEMA(
    "grids", struct space_config, grids_fields, NULL,
    "the grid hierarchy (Qingdao Shibei: 135 community, 1,064 unit and 124 extended grids)");

void space_check(const struct space_config *g, struct ur_check *ck)
{
    bool counts = g->streets || g->communities || g->unit_grids || g->extended;
    if (counts == (g->list.n > 0))
        ur_check_error(ck, "grids", "give the counts (streets, communities, unit_grids, "
                                    "extended) or a `list:` of grids, not both or neither");
    else if (counts && !(g->streets >= 1 && g->communities >= g->streets &&
                         g->unit_grids + g->extended >= 1))
        ur_check_error(ck, "grids", "need at least one street, at least as many "
                                    "communities as streets, and at least one grid");
}

void space_need_grid(const struct space_config *g, struct ur_check *ck, const char *key,
                     const char *name)
{
    if (!name || space_grid_index(g, name) >= 0)
        return;
    if (g->list.n) {
        ur_check_error(ck, key, "no grid named '%s' in `grids.list`", name);
        return;
    }
    char known[96] = "";
    if (g->unit_grids)
        snprintf(known, sizeof known, "u0..u%ld", g->unit_grids - 1);
    if (g->extended)
        snprintf(known + strlen(known), sizeof known - strlen(known), "%sx0..x%ld",
                 g->unit_grids ? " and " : "", g->extended - 1);
    ur_check_error(ck, key, "no grid named '%s'; the generated grids are %s", name, known);
}
