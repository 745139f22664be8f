/* Did-you-mean for KPI paths ("city/sites/giant-slide/wait_served_p95"),
 * which are longer than the words in_suggest compares and made of parts:
 * first each part is matched at its own level (a typo in one part, or in
 * several, is fixed where it is), then the rest of the path after the
 * longest prefix it shares with a KPI is compared whole; failing both, the
 * message lists the names one level below that prefix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/observed.h>

#include "input.h"

#define MAX_PARTS 256 /* distinct names at one level */
#define PART_CHARS 128
#define MAX_LISTED 8

struct parts {
    char name[MAX_PARTS][PART_CHARS];
    const char *word[MAX_PARTS];
    size_t n;
    bool more; /* some left out */
};

/* The distinct parts ("giant-slide", "complaints") right below the first
 * `used` bytes of `prefix` among the KPI paths that start with them. */
static void parts_below(struct parts *p, const char *prefix, size_t used,
                        const struct ur_kpi_name *kpis, size_t n)
{
    p->n = 0;
    p->more = false;
    for (size_t i = 0; i < n; i++) {
        const char *rest = kpis[i].path + used;
        if (strncmp(kpis[i].path, prefix, used) != 0 || !*rest)
            continue;
        char part[PART_CHARS];
        snprintf(part, sizeof part, "%.*s", (int)strcspn(rest, "/"), rest);
        bool seen = false;
        for (size_t j = 0; j < p->n && !seen; j++)
            seen = strcmp(p->name[j], part) == 0;
        if (!seen && p->n == MAX_PARTS)
            p->more = true;
        else if (!seen)
            p->word[p->n] = strcpy(p->name[p->n], part), p->n++;
    }
}

static bool is_kpi(const char *path, const struct ur_kpi_name *kpis, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kpis[i].path, path) == 0)
            return true;
    return false;
}

/* The path with each part that names nothing at its level replaced by the
 * nearest that does, into out; false when a part has none near, or the
 * result is no KPI. */
static bool fix_parts(char *out, size_t size, const char *path, const struct ur_kpi_name *kpis,
                      size_t n, struct parts *p)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *at = path; *at;) {
        char part[PART_CHARS];
        size_t len = strcspn(at, "/");
        snprintf(part, sizeof part, "%.*s", (int)len, at);
        parts_below(p, out, used, kpis, n);
        const char *best = NULL;
        for (size_t j = 0; j < p->n && !best; j++)
            if (strcmp(p->word[j], part) == 0)
                best = p->word[j];
        if (!best)
            best = in_suggest(part, p->word, p->n);
        at += len + (at[len] == '/');
        int w = best ? snprintf(out + used, size - used, "%s%s", best, *at ? "/" : "") : -1;
        if (w < 0 || (size_t)w >= size - used)
            return false;
        used += (size_t)w;
    }
    return is_kpi(out, kpis, n);
}

/* The bytes of path through the last '/' that some KPI path shares. */
static size_t known_prefix(const char *path, const struct ur_kpi_name *kpis, size_t n)
{
    size_t pre = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; path[j] && path[j] == kpis[i].path[j]; j++)
            if (path[j] == '/' && j + 1 > pre)
                pre = j + 1;
    return pre;
}

/* The nearest KPI path by edit distance among those below prefix `pre`. */
static const char *near_rest(const char *path, size_t pre, const struct ur_kpi_name *kpis, size_t n)
{
    const char *rest[MAX_PARTS];
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAX_PARTS; i++)
        if (strncmp(kpis[i].path, path, pre) == 0)
            rest[k++] = kpis[i].path + pre;
    return in_suggest(path + pre, rest, k);
}

/* "; under 'city/sites/' there are a, b, ..." for the parts in p. */
static void list_below(char *buf, size_t size, const char *path, size_t pre, const struct parts *p)
{
    char list[600];
    bool more = p->more || p->n > MAX_LISTED;
    in_join(list, sizeof list, p->word, p->n < MAX_LISTED ? p->n : MAX_LISTED,
            more ? ", " : " and ");
    if (pre)
        snprintf(buf, size, "; under '%.*s' there are %s%s (ursim validate --kpis lists them)",
                 (int)pre, path, list, more ? ", ..." : "");
    else
        snprintf(buf, size, "; the KPIs here are under %s%s (ursim validate --kpis lists them)",
                 list, more ? ", ..." : "");
}

void in_suggest_path(char *buf, size_t size, const char *path, const struct ur_kpi_name *kpis,
                     size_t n)
{
    struct parts *p = malloc(sizeof *p); /* 33 KiB: off the stack */
    char fixed[512];
    buf[0] = '\0';
    if (!p)
        return; /* no hint rather than no message */
    size_t pre = known_prefix(path, kpis, n);
    const char *near = NULL;
    if (fix_parts(fixed, sizeof fixed, path, kpis, n, p)) {
        snprintf(buf, size, "; did you mean '%s'?", fixed);
    } else if ((near = near_rest(path, pre, kpis, n)) != NULL) {
        snprintf(buf, size, "; did you mean '%.*s%s'?", (int)pre, path, near);
    } else {
        parts_below(p, path, pre, kpis, n);
        list_below(buf, size, path, pre, p);
    }
    free(p);
}
