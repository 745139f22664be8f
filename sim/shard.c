/* ursim run --shard I/N (shard.h): the shard's units of each variant run on
 * the thread pool as usual, but each hands its record (unit_record.h) to
 * the part instead of writing to a results file. A shard with no units
 * (N larger than the run) is a valid, empty part. */
#include <stdio.h>
#include <stdlib.h>

#include "shard.h"
#include "units.h"
#include <ursim/diag.h>

struct part {
    struct ur_out *out;
    const size_t *index_of; /* this variant's replication -> unit index */
};

static int to_part(void *ctx, size_t rep, const void *bytes, size_t n)
{
    const struct part *p = ctx;
    return ur_out_record(p->out, p->index_of[rep], bytes, n);
}

/* The shard's replications of variant v into reps (and their indices). */
static size_t shard_reps(const struct ur_units *u, const struct ur_cli *cli, size_t v,
                         size_t *reps, size_t *index_of)
{
    size_t k = 0;
    for (size_t i = 0; i < ur_units_count(u); i++) {
        struct ur_unit unit = ur_units_at(u, i);
        if (unit.variant == v && ur_shard_has((size_t)cli->shard_i, (size_t)cli->shard_n, i)) {
            reps[k++] = unit.rep;
            index_of[unit.rep] = i;
        }
    }
    return k;
}

static int run_variants(const struct ur_scenario *sc, const struct ur_units *u,
                        const struct ur_run_opts *base, const struct ur_cli *cli,
                        struct ur_out *out, size_t *n_run)
{
    size_t *reps = malloc(2 * u->n_reps * sizeof *reps);
    int rc = reps ? 0 : UR_ENOMEM;
    struct part part = {out, reps ? reps + u->n_reps : NULL};
    for (size_t v = 0; v < u->n_variants && rc == 0; v++) {
        struct ur_run_opts opts = *base;
        opts.n_only = shard_reps(u, cli, v, reps, reps + u->n_reps);
        opts.only = reps, opts.emit = to_part, opts.emit_ctx = &part;
        opts.progress = base->progress && opts.n_only > 0;
        struct ur_results res;
        rc = ur_run(ur_units_scenario(sc, v), &opts, NULL, &res);
        ur_results_fini(&res);
        *n_run += opts.n_only;
    }
    free(reps);
    return rc;
}

static int write_part(const struct ur_scenario *sc, const struct ur_units *u,
                      const struct ur_run_opts *opts, const struct ur_out_meta *meta,
                      const struct ur_cli *cli, struct ur_out **out, size_t *n_run)
{
    struct ur_buf b = {0};
    ur_units_encode(u, &b);
    int rc = b.err ? b.err : ur_out_open(out, cli->out, cli->force, meta);
    if (rc == 0)
        rc = ur_out_shard(*out, cli->shard_i, cli->shard_n, (long)ur_units_count(u), b.p, b.n);
    ur_buf_fini(&b);
    if (rc == 0)
        rc = run_variants(sc, u, opts, cli, *out, n_run);
    if (rc == 0)
        rc = ur_out_commit(*out);
    if (rc == 0)
        *out = NULL;
    return rc;
}

int ur_shard_run(const struct ur_scenario *sc, const struct ur_run_opts *opts,
                 const struct ur_out_meta *meta, const struct ur_cli *cli)
{
    struct ur_units u;
    struct ur_out *out = NULL;
    size_t n_run = 0;
    int rc = ur_units_init(&u, sc, (size_t)opts->replications);
    if (rc == 0)
        rc = write_part(sc, &u, opts, meta, cli, &out, &n_run);
    if (rc != 0) {
        fprintf(stderr, "ursim: %s: %s%s%s; no part written\n", cli->out, ur_strerror(rc),
                out && *ur_out_error(out) ? ": " : "", ur_out_error(out));
        ur_out_abort(out);
    } else if (!cli->quiet) {
        printf("shard %ld/%ld: %zu of %zu units -> %s\n", cli->shard_i, cli->shard_n, n_run,
               ur_units_count(&u), cli->out);
    }
    ur_units_fini(&u);
    return rc == 0 ? 0 : rc == UR_EINTR ? 130 : rc == UR_EEXIST ? 2 : 1;
}
