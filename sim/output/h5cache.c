/* Naming and finding the datasets of the results file.
 *
 * A run writes each series in blocks of ~1024 samples per replication, so the
 * same dataset is written thousands of times. Reopening it each time (a B-tree
 * walk per path component plus a fresh chunk cache) would cost more than the
 * write, so open datasets are kept in a small open-addressing hash table
 * keyed by their absolute path, and closed together at commit or abort.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "h5out.h"

char *out_dset_path(const char *group, const char *kind, const char *path)
{
    while (*group == '/')
        group++;
    size_t g = strlen(group);
    while (g > 0 && group[g - 1] == '/')
        g--;
    size_t size = 1 + g + 1 + strlen(kind) + 1 + strlen(path) + 1;
    char *full = malloc(size);
    if (!full)
        return NULL;
    char *p = full;
    *p++ = '/';
    memcpy(p, group, g);
    p += g;
    if (g)
        *p++ = '/';
    strcpy(p, kind);
    p += strlen(kind);
    *p++ = '/';
    strcpy(p, path);
    return full;
}

/* FNV-1a: short keys, no adversary; good enough and tiny. */
static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding `path`, or the empty slot where it would go. */
static struct out_dset *probe(const struct out_cache *c, const char *path)
{
    size_t mask = c->n_slots - 1;
    for (size_t i = hash(path) & mask;; i = (i + 1) & mask)
        if (!c->slots[i].path || strcmp(c->slots[i].path, path) == 0)
            return &c->slots[i];
}

struct out_dset *out_cache_find(const struct out_cache *c, const char *path)
{
    if (c->n_slots == 0)
        return NULL;
    struct out_dset *d = probe(c, path);
    return d->path ? d : NULL;
}

/* Keeps the load factor at or below 1/2 so probes stay short and end. */
static int grow(struct out_cache *c)
{
    size_t n = c->n_slots ? 2 * c->n_slots : 64;
    struct out_dset *slots = calloc(n, sizeof *slots);
    if (!slots)
        return UR_ENOMEM;
    struct out_cache bigger = {slots, c->n_used, n};
    for (size_t i = 0; i < c->n_slots; i++)
        if (c->slots[i].path)
            *probe(&bigger, c->slots[i].path) = c->slots[i];
    free(c->slots);
    *c = bigger;
    return 0;
}

int out_cache_add(struct out_cache *c, const char *path, hid_t id, hsize_t n_reps,
                  hsize_t n_samples)
{
    if (2 * (c->n_used + 1) > c->n_slots && grow(c) < 0)
        return UR_ENOMEM;
    char *copy = malloc(strlen(path) + 1);
    if (!copy)
        return UR_ENOMEM;
    strcpy(copy, path);
    *probe(c, path) = (struct out_dset){copy, id, n_reps, n_samples};
    c->n_used++;
    return 0;
}

int out_cache_close_all(struct out_cache *c)
{
    int rc = 0;
    for (size_t i = 0; i < c->n_slots; i++) {
        if (!c->slots[i].path)
            continue;
        if (H5Dclose(c->slots[i].id) < 0)
            rc = UR_EHDF5;
        free(c->slots[i].path);
    }
    free(c->slots);
    *c = (struct out_cache){NULL, 0, 0};
    return rc;
}
