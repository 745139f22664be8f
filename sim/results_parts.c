/* The KPIs' parts over the replications (runner.h): the table the runner
 * fills from each unit's recorder, as it does the KPIs, and the comparison
 * reads (sim/compare_parts.c).
 *
 * A part is found by (kpi, dimension, part). Every replication of a
 * scenario usually publishes the same parts in the same order, so the row
 * after the last one found is tried first; a part not yet in the table is
 * looked for only among the rows that were there before this replication
 * came (its own cannot match: it publishes each part once), so the first
 * replication adds its parts without a search. Rows are kept in the order
 * they arrive (which depends on the threads) and sorted at the end by where
 * each was first published, which does not.
 */
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include <ursim/diag.h>

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

static bool same(const struct ur_part_row *row, const struct ur_kpi_part *p)
{
    return strcmp(row->part, p->part) == 0 && strcmp(row->dimension, p->dimension) == 0 &&
           strcmp(row->kpi, p->kpi) == 0;
}

static void row_free(struct ur_part_row *row)
{
    free(row->kpi), free(row->dimension), free(row->part), free(row->per_rep);
}

/* Room for `more` rows: a replication's parts, the most it can add. */
static int reserve(struct ur_results *res, size_t more)
{
    if (res->n_parts + more <= res->cap_parts)
        return 0;
    size_t cap = res->n_parts + more;
    struct ur_part_row *rows = realloc(res->parts, (cap ? cap : 1) * sizeof *rows);
    if (!rows)
        return UR_ENOMEM;
    res->parts = rows;
    res->cap_parts = cap;
    return 0;
}

static int add_row(struct ur_results *res, const struct ur_kpi_part *p, size_t rep, size_t i)
{
    struct ur_part_row row = {dup(p->kpi), dup(p->dimension), dup(p->part),
                              calloc(res->n_reps ? res->n_reps : 1, sizeof(double)), rep, i};
    if (!row.kpi || !row.dimension || !row.part || !row.per_rep) {
        row_free(&row);
        return UR_ENOMEM;
    }
    res->parts[res->n_parts++] = row;
    return 0;
}

/* The row of part p among the first `before` rows, trying `hint` first;
 * `before` when there is none. */
static size_t find(const struct ur_results *res, const struct ur_kpi_part *p, size_t hint,
                   size_t before)
{
    if (hint < before && same(&res->parts[hint], p))
        return hint;
    for (size_t j = 0; j < before; j++)
        if (same(&res->parts[j], p))
            return j;
    return before;
}

int ur_results_add_part_list(struct ur_results *res, size_t rep, const struct ur_kpi_part *parts,
                             size_t n)
{
    size_t before = res->n_parts, hint = 0;
    if (reserve(res, n) < 0)
        return UR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const struct ur_kpi_part *p = &parts[i];
        size_t j = find(res, p, hint, before);
        if (j == before) {
            j = res->n_parts;
            int rc = add_row(res, p, rep, i);
            if (rc < 0)
                return rc;
        } else if (rep < res->parts[j].rep0 ||
                   (rep == res->parts[j].rep0 && i < res->parts[j].index0)) {
            res->parts[j].rep0 = rep, res->parts[j].index0 = i;
        }
        res->parts[j].per_rep[rep] = p->value;
        hint = j + 1;
    }
    return 0;
}

int ur_results_add_parts(struct ur_results *res, size_t rep, const struct ur_rec *rec)
{
    return ur_results_add_part_list(res, rep, ur_rec_part_at(rec, 0), ur_rec_n_parts(rec));
}

static int by_first_publication(const void *a, const void *b)
{
    const struct ur_part_row *x = a, *y = b;
    if (x->rep0 != y->rep0)
        return x->rep0 < y->rep0 ? -1 : 1;
    return x->index0 < y->index0 ? -1 : x->index0 > y->index0;
}

void ur_results_sort_parts(struct ur_results *res)
{
    if (res->n_parts > 1)
        qsort(res->parts, res->n_parts, sizeof *res->parts, by_first_publication);
}

void ur_results_parts_fini(struct ur_results *res)
{
    for (size_t i = 0; i < res->n_parts; i++)
        row_free(&res->parts[i]);
    free(res->parts);
    res->parts = NULL;
    res->n_parts = res->cap_parts = 0;
}
