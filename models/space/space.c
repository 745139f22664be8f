/* The grid table: dense numbers for grids, communities and streets, and
 * distances between them (space.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>

#include "space.h"

static uint32_t dense_id(const char **names, const char **names2, size_t *n, const char *a,
                         const char *b)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(names[i], a) == 0 && (!b || strcmp(names2[i], b) == 0))
            return (uint32_t)i;
    names[*n] = a;
    if (names2)
        names2[*n] = b;
    return (uint32_t)(*n)++;
}

static void build_listed(const struct space_config *g, struct space *t, const char **sn,
                         const char **cn, const char **cs)
{
    const struct space_grid_item *it = g->list.items;
    for (size_t i = 0; i < t->n_grids; i++) {
        uint32_t s = dense_id(sn, NULL, &t->n_streets, it[i].street, NULL);
        size_t before = t->n_communities;
        uint32_t k = dense_id(cn, cs, &t->n_communities, it[i].community, it[i].street);
        if (t->n_communities > before)
            t->street[k] = s;
        t->community[i] = k;
        t->extended[i] = it[i].extended;
        t->n_extended += it[i].extended;
    }
    t->n_unit = t->n_grids - t->n_extended;
}

static void build_generated(const struct space_config *g, struct space *t)
{
    size_t U = (size_t)g->unit_grids, E = (size_t)g->extended, C = (size_t)g->communities;
    t->n_unit = U;
    t->n_extended = E;
    t->n_communities = C;
    t->n_streets = (size_t)g->streets;
    for (size_t i = 0; i < U; i++)
        t->community[i] = (uint32_t)(i * C / U);
    for (size_t e = 0; e < E; e++) {
        t->community[U + e] = (uint32_t)(e * C / E);
        t->extended[U + e] = true;
    }
    for (size_t k = 0; k < C; k++)
        t->street[k] = (uint32_t)(k * t->n_streets / C);
}

/* Keeps the listed names (the strings are the scenario's) for results. */
static int keep_names(const struct space_config *g, struct space *t, const char ***sn)
{
    const struct space_grid_item *it = g->list.items;
    t->grid_names = calloc(t->n_grids ? t->n_grids : 1, sizeof *t->grid_names);
    if (!t->grid_names)
        return UR_ENOMEM;
    for (size_t i = 0; i < t->n_grids; i++)
        t->grid_names[i] = it[i].name;
    t->street_names = *sn;
    *sn = NULL;
    return 0;
}

int space_build(const struct space_config *g, struct space *t)
{
    memset(t, 0, sizeof *t);
    bool listed = g->list.n > 0;
    size_t n = listed ? g->list.n : (size_t)(g->unit_grids + g->extended);
    size_t n_comm = listed ? n : (size_t)g->communities;
    t->n_grids = n;
    t->community = calloc(n ? n : 1, sizeof *t->community);
    t->extended = calloc(n ? n : 1, sizeof *t->extended);
    t->street = calloc(n_comm ? n_comm : 1, sizeof *t->street);
    t->n_in_community = calloc(n_comm ? n_comm : 1, sizeof *t->n_in_community);
    const char **sn = calloc(n ? n : 1, sizeof *sn), **cn = calloc(n ? n : 1, sizeof *cn),
               **cs = calloc(n ? n : 1, sizeof *cs);
    int rc = t->community && t->extended && t->street && t->n_in_community && sn && cn && cs
                 ? 0
                 : UR_ENOMEM;
    if (rc == 0 && listed) {
        build_listed(g, t, sn, cn, cs);
        rc = keep_names(g, t, &sn);
    }
    else if (rc == 0)
        build_generated(g, t);
    for (size_t i = 0; rc == 0 && i < n; i++)
        t->n_in_community[t->community[i]]++;
    free(sn);
    free(cn);
    free(cs);
    if (rc)
        space_free(t);
    return rc;
}

void space_free(struct space *t)
{
    free(t->community);
    free(t->street);
    free(t->n_in_community);
    free(t->extended);
    free(t->grid_names);
    free(t->street_names);
    memset(t, 0, sizeof *t);
}

void space_grid_name(const struct space *t, size_t g, char *buf, size_t size)
{
    if (t->grid_names)
        snprintf(buf, size, "%s", t->grid_names[g]);
    else if (g < t->n_unit)
        snprintf(buf, size, "u%zu", g);
    else
        snprintf(buf, size, "x%zu", g - t->n_unit);
}

void space_street_name(const struct space *t, size_t k, char *buf, size_t size)
{
    if (t->street_names)
        snprintf(buf, size, "%s", t->street_names[k]);
    else
        snprintf(buf, size, "s%zu", k);
}

size_t space_grids_of_kind(const struct space *t, const char *kind)
{
    return strcmp(kind, "unit") == 0       ? t->n_unit
           : strcmp(kind, "extended") == 0 ? t->n_extended
                                           : t->n_grids;
}

long space_grid_index(const struct space_config *g, const char *name)
{
    if (g->list.n) {
        const struct space_grid_item *it = g->list.items;
        for (size_t i = 0; i < g->list.n; i++)
            if (strcmp(it[i].name, name) == 0)
                return (long)i;
        return -1;
    }
    char *end;
    long i = (name[0] == 'u' || name[0] == 'x') && name[1] >= '0' && name[1] <= '9'
                 ? strtol(name + 1, &end, 10)
                 : -1;
    if (i < 0 || *end || i >= (name[0] == 'u' ? g->unit_grids : g->extended))
        return -1;
    return name[0] == 'u' ? i : g->unit_grids + i;
}

int space_distance(const struct space *t, int level, uint32_t unit, uint32_t g)
{
    uint32_t comm = t->community[g], street = t->street[comm];
    switch (level) {
    case SPACE_GRID:
        return unit == g                                 ? 0
               : t->community[unit] == comm              ? 1
               : t->street[t->community[unit]] == street ? 2
                                                         : 3;
    case SPACE_COMMUNITY:
        return unit == comm ? 1 : t->street[unit] == street ? 2 : 3;
    case SPACE_STREET:
        return unit == street ? 2 : 3;
    default:
        return 3;
    }
}
