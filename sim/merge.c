/* ursim merge PART.h5... -o OUT.h5 (shard.h).
 *
 * Everything is checked before OUT.h5.tmp is created: each file is a part
 * (shard_count), all parts come from one run (same ursim version, scenario
 * text, seed, replications, shard count and number of units), each shard
 * I/N is given exactly once, and each part indexes exactly its shard's
 * units, each once. Then the records are delivered in unit order, as
 * `ursim run --threads 1` delivers its units, and the file is committed.
 * Every part stays open until the end (records of consecutive units sit in
 * different parts): mind `ulimit -n` for many thousands of shards.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "gather.h"
#include "report/report.h"
#include "shard.h"
#include <ursim/diag.h>
#include <ursim/resfile.h>

enum { EXIT_RUN = 1, EXIT_INPUT = 2 };

struct part {
    const char *path;
    struct ur_resfile *f;
    char *version, *name, *yaml, *start;
    double seed, reps, index, count, units;
};

/* Where each unit's record is. */
struct where {
    size_t part; /* SIZE_MAX: not found yet */
    uint64_t offset, size;
};

struct merge {
    struct part *parts;
    size_t n_parts, n_units;
    struct where *where;
    struct ur_units units;
};

static int fail(const char *fmt, ...) UR_PRINTF(1, 2);
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ursim merge: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("; nothing written\n", stderr);
    va_end(ap);
    return EXIT_INPUT;
}

static int open_part(struct part *p)
{
    char msg[512];
    int rc = ur_resfile_open(&p->f, p->path, msg, sizeof msg);
    if (rc < 0) {
        fail("%s", msg);
        return rc == UR_ENOMEM ? EXIT_RUN : EXIT_INPUT;
    }
    p->version = ur_resfile_attr_text(p->f, "/", "ursim_version");
    p->name = ur_resfile_attr_text(p->f, "/", "scenario_name");
    p->yaml = ur_resfile_attr_text(p->f, "/", "scenario_yaml");
    p->start = ur_resfile_attr_text(p->f, "/", "start");
    bool ok = ur_resfile_attr_num(p->f, "/", "seed", &p->seed) &&
              ur_resfile_attr_num(p->f, "/", "replications", &p->reps) &&
              ur_resfile_attr_num(p->f, "/", "units", &p->units) && p->version && p->yaml;
    if (!ur_resfile_attr_num(p->f, "/", "shard_count", &p->count) ||
        !ur_resfile_attr_num(p->f, "/", "shard_index", &p->index))
        return fail("%s: not a part of a sharded run (no shard_count: parts come from 'ursim run "
                    "--shard I/N')", p->path);
    if (!(p->count >= 1 && p->index >= 0 && p->index < p->count && p->units >= 0))
        ok = false;
    return ok ? 0 : fail("%s: a damaged part (root attributes missing)", p->path);
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every part against the first: one run. */
static int check_same_run(const struct merge *m)
{
    const struct part *a = &m->parts[0];
    for (size_t i = 1; i < m->n_parts; i++) {
        const struct part *b = &m->parts[i];
        const char *what = !same_text(a->version, b->version) ? "ursim version"
                           : !same_text(a->yaml, b->yaml)       ? "scenario text"
                           : a->seed != b->seed                 ? "seed"
                           : a->reps != b->reps                 ? "number of replications"
                           : a->count != b->count               ? "number of shards"
                           : a->units != b->units               ? "number of units"
                                                                : NULL;
        if (what)
            return fail("%s and %s are parts of different runs: their %s differs", a->path,
                        b->path, what);
    }
    return 0;
}

/* Each shard 0..N-1 exactly once. */
static int check_shards(const struct merge *m)
{
    size_t n = (size_t)m->parts[0].count;
    for (size_t s = 0; s < n; s++) {
        const char *first = NULL;
        for (size_t i = 0; i < m->n_parts; i++) {
            if (m->parts[i].index != (double)s)
                continue;
            if (first)
                return fail("shard %zu/%zu given twice: %s and %s", s, n, first, m->parts[i].path);
            first = m->parts[i].path;
        }
        if (!first)
            return fail("shard %zu/%zu missing (%zu parts given; run it with --shard %zu/%zu)", s,
                        n, m->n_parts, s, n);
    }
    return 0;
}

/* The part's index: each row a unit of its shard, not seen before. */
static int locate(struct merge *m, size_t k)
{
    const struct part *p = &m->parts[k];
    struct ur_array ix;
    if (ur_resfile_read(p->f, "/shard/index", &ix) < 0 || (ix.rank == 2 && ix.dims[1] != 3) ||
        (ix.rank != 2 && ix.dims[0] != 0)) {
        ur_array_free(&ix);
        return fail("%s: a damaged part (no /shard/index)", p->path);
    }
    int rc = 0;
    for (size_t r = 0; r < ix.dims[0] && rc == 0; r++) {
        double u = ix.v[3 * r];
        if (!(u >= 0 && u < (double)m->n_units) ||
            !ur_shard_has((size_t)p->index, (size_t)p->count, (size_t)u))
            rc = fail("%s: holds unit %.0f, which is not of its shard", p->path, u);
        else if (m->where[(size_t)u].part != SIZE_MAX)
            rc = fail("%s: unit %.0f given twice", p->path, u);
        else
            m->where[(size_t)u] = (struct where){k, (uint64_t)ix.v[3 * r + 1],
                                                 (uint64_t)ix.v[3 * r + 2]};
    }
    ur_array_free(&ix);
    return rc;
}

/* The run's units, from the first part, and where each unit's record is. */
static int check_units(struct merge *m)
{
    void *bytes;
    size_t n;
    int rc = ur_resfile_bytes(m->parts[0].f, "/shard/units", &bytes, &n);
    if (rc == 0)
        rc = ur_units_decode(&m->units, bytes, n);
    free(bytes);
    m->n_units = (size_t)m->parts[0].units;
    if (rc < 0 || ur_units_count(&m->units) != m->n_units)
        return fail("%s: a damaged part (/shard/units)", m->parts[0].path);
    if (!(m->where = malloc((m->n_units + 1) * sizeof *m->where)))
        return EXIT_RUN;
    for (size_t u = 0; u < m->n_units; u++)
        m->where[u].part = SIZE_MAX;
    for (size_t k = 0; k < m->n_parts; k++)
        if ((rc = locate(m, k)) != 0)
            return rc;
    for (size_t u = 0; u < m->n_units; u++) {
        if (m->where[u].part != SIZE_MAX)
            continue;
        for (size_t k = 0; k < m->n_parts; k++)
            if (ur_shard_has((size_t)m->parts[k].index, (size_t)m->parts[k].count, u))
                return fail("%s: unit %zu missing from its part", m->parts[k].path, u);
    }
    return 0;
}

static int check(struct merge *m, const struct ur_cli *cli)
{
    m->n_parts = (size_t)cli->n_inputs;
    if (!(m->parts = calloc(m->n_parts, sizeof *m->parts)))
        return EXIT_RUN;
    int rc = 0;
    for (size_t k = 0; k < m->n_parts && rc == 0; k++) {
        m->parts[k].path = cli->inputs[k];
        rc = open_part(&m->parts[k]);
    }
    if (rc == 0)
        rc = check_same_run(m);
    if (rc == 0)
        rc = check_shards(m);
    return rc == 0 ? check_units(m) : rc;
}

/* Every unit's record, in unit order. */
static int deliver_all(struct merge *m, struct ur_gather *g, volatile sig_atomic_t *interrupted,
                       size_t *bad_unit)
{
    int rc = 0;
    for (size_t u = 0; u < m->n_units && rc == 0; u++) {
        if (interrupted && *interrupted)
            return UR_EINTR;
        const struct where *w = &m->where[u];
        void *bytes = malloc(w->size ? w->size : 1);
        rc = bytes ? ur_resfile_bytes_at(m->parts[w->part].f, "/shard/records", w->offset,
                                         w->size, bytes)
                   : UR_ENOMEM;
        if (rc == 0)
            rc = ur_gather_record(g, u, bytes, w->size);
        free(bytes);
        *bad_unit = u;
    }
    return rc;
}

static int write_merged(struct merge *m, const struct ur_cli *cli, const char *command_line,
                        volatile sig_atomic_t *interrupted, struct ur_gather *g)
{
    const struct part *p = &m->parts[0];
    struct ur_out_meta meta = {p->version, p->name ? p->name : "", p->yaml, command_line,
                               (long)p->seed, (long)p->reps, p->start};
    size_t bad = 0;
    int rc = ur_gather_open(g, &m->units, cli->out, cli->force, &meta);
    if (rc == 0)
        rc = deliver_all(m, g, interrupted, &bad);
    if (rc == 0)
        rc = ur_gather_commit(g);
    if (rc == UR_EINPUT)
        return fail("%s: the record of unit %zu is damaged", m->parts[m->where[bad].part].path,
                    bad);
    if (rc < 0) {
        fprintf(stderr, "ursim merge: %s: %s%s%s; nothing written\n", cli->out, ur_strerror(rc),
                *ur_gather_error(g) ? ": " : "", ur_gather_error(g));
        return rc == UR_EEXIST ? EXIT_INPUT : rc == UR_EINTR ? 130 : EXIT_RUN;
    }
    return 0;
}

static void print(const struct merge *m, const struct ur_cli *cli, const struct ur_gather *g)
{
    printf("%s: merged %zu parts, %zu units\n\n", cli->out, m->n_parts, m->n_units);
    ur_summary(cli->out, false, stdout, stderr);
    if (m->units.n_variants > 1)
        ur_compare_warn(g->res, (const char *const *)m->units.names, m->units.n_variants, 6,
                        stdout);
    printf("\nresults: %s\n", cli->out);
}

static void merge_fini(struct merge *m)
{
    for (size_t k = 0; m->parts && k < m->n_parts; k++) {
        struct part *p = &m->parts[k];
        if (p->f)
            ur_resfile_close(p->f);
        free(p->version), free(p->name), free(p->yaml), free(p->start);
    }
    free(m->parts), free(m->where);
    ur_units_fini(&m->units);
}

int ur_merge(const struct ur_cli *cli, const char *command_line,
             volatile sig_atomic_t *interrupted)
{
    struct merge m = {0};
    struct ur_gather g = {0};
    int status = check(&m, cli);
    if (status == 0)
        status = write_merged(&m, cli, command_line, interrupted, &g);
    if (status == 0 && !cli->quiet)
        print(&m, cli, &g);
    if (g.units)
        ur_gather_fini(&g);
    merge_fini(&m);
    return status;
}
