/* Reading a results file into a view (view.h): root metadata, then each
 * group's KPIs and plan log. Variants come baseline first (the `baseline`
 * attribute of the comparison), the others in name order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>

#include "view.h"

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

static int read_kpi(struct ur_resfile *f, const char *dir, const char *rel, struct rp_kpi *k)
{
    char *full = join(dir, rel);
    struct ur_array a;
    int rc = full ? ur_resfile_read(f, full, &a) : UR_ENOMEM;
    if (rc == 0 && a.rank != 1)
        rc = UR_EINPUT, ur_array_free(&a);
    if (rc == 0) {
        double rank = 0, better = 0;
        char *b = ur_resfile_attr_text(f, full, "better");
        ur_resfile_attr_num(f, full, "headline_rank", &rank);
        better = b && strcmp(b, "higher") == 0 ? 1 : b && strcmp(b, "lower") == 0 ? -1 : 0;
        free(b);
        *k = (struct rp_kpi){.path = join(rel, ""),
                             .units = ur_resfile_attr_text(f, full, "units"),
                             .description = ur_resfile_attr_text(f, full, "description"),
                             .rank = (int)rank,
                             .better = (int)better,
                             .per_rep = a.v,
                             .n_reps = a.dims[0],
                             .ci = ur_ci95(a.v, a.dims[0])};
        if (!k->units)
            k->units = join("", "");
        if (!k->description)
            k->description = join("", "");
        if (!k->path || !k->units || !k->description)
            rc = UR_ENOMEM;
    }
    free(full);
    return rc;
}

static void free_kpi(struct rp_kpi *k)
{
    free(k->path), free(k->units), free(k->description), free(k->per_rep);
}

static int read_group(struct ur_resfile *f, struct rp_group *g)
{
    char *dir = join(g->prefix, "summary/");
    struct ur_strs names = {0};
    int rc = dir ? ur_resfile_datasets(f, dir, &names) : UR_ENOMEM;
    g->kpis = calloc(names.n ? names.n : 1, sizeof *g->kpis);
    if (!g->kpis)
        rc = UR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        int r = read_kpi(f, dir, names.v[i], &g->kpis[g->n_kpis]);
        if (r == 0)
            g->n_kpis++;
        else if (r == UR_ENOMEM)
            rc = r; /* a dataset of another shape is not a KPI: skipped */
    }
    ur_strs_free(&names);
    free(dir);
    char *log = join(g->prefix, "plan_log");
    if (rc == 0 && !log)
        rc = UR_ENOMEM;
    if (rc == 0 && ur_resfile_exists(f, log) && ur_resfile_table(f, log, &g->log) == UR_ENOMEM)
        rc = UR_ENOMEM;
    free(log);
    return rc;
}

/* Any `baseline` attribute under /comparison: every one names the same. */
static char *find_baseline(struct ur_resfile *f)
{
    struct ur_strs d = {0};
    char *base = NULL;
    if (ur_resfile_datasets(f, "/comparison", &d) == 0 && d.n > 0) {
        char *full = join("/comparison/", d.v[0]);
        base = full ? ur_resfile_attr_text(f, full, "baseline") : NULL;
        free(full);
    }
    ur_strs_free(&d);
    return base;
}

static int add_group(struct rp_view *v, const char *name, const char *prefix)
{
    struct rp_group *g = &v->groups[v->n_groups];
    *g = (struct rp_group){.name = join(name, ""), .prefix = join(prefix, "")};
    if (!g->name || !g->prefix) {
        free(g->name), free(g->prefix);
        return UR_ENOMEM;
    }
    v->n_groups++;
    return read_group(v->file, g);
}

static int add_variant(struct rp_view *v, const char *name)
{
    char *prefix = malloc(strlen(name) + sizeof "/variants//");
    if (!prefix)
        return UR_ENOMEM;
    sprintf(prefix, "/variants/%s/", name);
    int rc = add_group(v, name, prefix);
    free(prefix);
    return rc;
}

static int read_groups(struct rp_view *v)
{
    struct ur_strs names = {0};
    int rc = ur_resfile_groups(v->file, "/variants", &names);
    v->variants = rc == 0 && names.n > 0;
    v->groups = calloc(names.n ? names.n : 1, sizeof *v->groups);
    if (!v->groups)
        rc = UR_ENOMEM;
    if (rc == 0 && !v->variants)
        rc = add_group(v, "", "/");
    char *base = v->variants ? find_baseline(v->file) : NULL;
    for (size_t i = 0; rc == 0 && base && i < names.n; i++)
        if (strcmp(names.v[i], base) == 0)
            rc = add_variant(v, names.v[i]);
    for (size_t i = 0; rc == 0 && i < names.n; i++)
        if (!base || strcmp(names.v[i], base) != 0)
            rc = add_variant(v, names.v[i]);
    free(base);
    ur_strs_free(&names);
    return rc;
}

static void read_root(struct rp_view *v)
{
    double x = 0;
    v->scenario = ur_resfile_attr_text(v->file, "/", "scenario_name");
    v->created = ur_resfile_attr_text(v->file, "/", "created_utc");
    v->start = ur_resfile_attr_text(v->file, "/", "start");
    v->seed = ur_resfile_attr_num(v->file, "/", "seed", &x) ? (long long)x : -1;
    v->replications = ur_resfile_attr_num(v->file, "/", "replications", &x) ? (long long)x : 0;
    v->horizon_s = NAN;
    struct ur_array t;
    const char *prefix = v->n_groups ? v->groups[0].prefix : "/";
    char *path = join(prefix, "timeseries/time");
    if (path && ur_resfile_read(v->file, path, &t) == 0) {
        if (t.dims[0] > 0)
            v->horizon_s = t.v[t.dims[0] - 1];
        ur_array_free(&t);
    }
    free(path);
}

int rp_view_open(struct rp_view *v, const char *path, char *msg, size_t msg_size)
{
    *v = (struct rp_view){0};
    int rc = ur_resfile_open(&v->file, path, msg, msg_size);
    if (rc < 0)
        return rc;
    v->path = join(path, "");
    rc = v->path ? read_groups(v) : UR_ENOMEM;
    if (rc == 0)
        read_root(v);
    if (rc < 0) {
        snprintf(msg, msg_size, "%s: %s", path, ur_strerror(rc));
        rp_view_close(v);
    }
    return rc;
}

void rp_view_close(struct rp_view *v)
{
    for (size_t i = 0; i < v->n_groups; i++) {
        struct rp_group *g = &v->groups[i];
        for (size_t k = 0; k < g->n_kpis; k++)
            free_kpi(&g->kpis[k]);
        free(g->kpis), free(g->name), free(g->prefix);
        ur_table_free(&g->log);
    }
    free(v->groups), free(v->path), free(v->scenario), free(v->created), free(v->start);
    ur_resfile_close(v->file);
    *v = (struct rp_view){0};
}

const struct rp_kpi *rp_group_kpi(const struct rp_group *g, const char *path)
{
    for (size_t i = 0; i < g->n_kpis; i++)
        if (strcmp(g->kpis[i].path, path) == 0)
            return &g->kpis[i];
    return NULL;
}

bool rp_view_diff(const struct rp_view *v, const char *path, const char *variant, struct ur_ci *ci)
{
    char full[1024];
    if (snprintf(full, sizeof full, "/comparison/%s/%s", path, variant) >= (int)sizeof full)
        return false;
    struct ur_array a;
    if (ur_resfile_read(v->file, full, &a) < 0)
        return false;
    *ci = ur_ci95(a.v, a.dims[0]);
    ur_array_free(&a);
    return true;
}

int rp_view_open_for_command(struct rp_view *v, const char *path, FILE *err)
{
    char msg[1200];
    int rc = rp_view_open(v, path, msg, sizeof msg);
    if (rc < 0)
        fprintf(err, "ursim: %s\n", msg);
    return rc == 0 ? 0 : rc == UR_ENOMEM ? 1 : 2;
}
