/* A unit's record: encoding and decoding (unit_record.h). The layout, every
 * number 8 bytes little-endian and every string length-prefixed (codec.h):
 *   rep, events
 *   KPIs:   count, then path, units, description, value, headline_rank, better
 *   parts:  count, then kpi, dimension, part, value
 *   log:    count, then t_s, source, event, detail, value
 *   tables: count, then path, units, description, n_cols, column names,
 *           n_rows, n_rows x n_cols values
 *   series blocks to the end: path, units, description, first, n, n values
 * Only the writer and the reader of one ursim version meet (a merge checks
 * ursim_version), so the layout carries no version of its own. */
#include <stdlib.h>
#include <string.h>

#include "unit_record.h"
#include <ursim/diag.h>

void ur_unit_record_result(struct ur_buf *b, const struct ur_unit_result *r)
{
    ur_buf_u64(b, r->rep);
    ur_buf_u64(b, r->events);
    ur_buf_u64(b, r->n_kpis);
    for (size_t i = 0; i < r->n_kpis; i++) {
        const struct ur_kpi *k = &r->kpis[i];
        ur_buf_str(b, k->path), ur_buf_str(b, k->units), ur_buf_str(b, k->description);
        ur_buf_f64(b, k->value);
        ur_buf_u64(b, (uint64_t)(int64_t)k->headline_rank);
        ur_buf_u64(b, (uint64_t)(int64_t)k->better);
    }
    ur_buf_u64(b, r->n_parts);
    for (size_t i = 0; i < r->n_parts; i++) {
        const struct ur_kpi_part *p = &r->parts[i];
        ur_buf_str(b, p->kpi), ur_buf_str(b, p->dimension), ur_buf_str(b, p->part);
        ur_buf_f64(b, p->value);
    }
    ur_buf_u64(b, r->n_logs);
    for (size_t i = 0; i < r->n_logs; i++) {
        const struct ur_log_row *l = &r->logs[i];
        ur_buf_f64(b, l->t_s);
        ur_buf_str(b, l->source), ur_buf_str(b, l->event), ur_buf_str(b, l->detail);
        ur_buf_f64(b, l->value);
    }
    ur_buf_u64(b, r->n_tables);
    for (size_t i = 0; i < r->n_tables; i++) {
        const struct ur_table_info *t = &r->tables[i];
        ur_buf_str(b, t->path), ur_buf_str(b, t->units), ur_buf_str(b, t->description);
        ur_buf_u64(b, t->n_cols);
        for (size_t c = 0; c < t->n_cols; c++)
            ur_buf_str(b, t->columns[c]);
        ur_buf_u64(b, t->n_rows);
        for (size_t k = 0; k < t->n_rows * t->n_cols; k++)
            ur_buf_f64(b, t->rows[k]);
    }
}

void ur_unit_record_block(struct ur_buf *b, const struct ur_series_info *s, size_t first,
                          size_t n, const double *values)
{
    ur_buf_str(b, s->path), ur_buf_str(b, s->units), ur_buf_str(b, s->description);
    ur_buf_u64(b, first);
    ur_buf_u64(b, n);
    for (size_t k = 0; k < n; k++)
        ur_buf_f64(b, values[k]);
}

/* Decoding: a reader, and the arena everything is copied into. */
struct dec {
    struct ur_reader r;
    struct ur_arena *a;
    int err;
};

static const char *str(struct dec *d)
{
    size_t n;
    const char *s = ur_get_str(&d->r, &n);
    char *copy = ur_arena_strndup(d->a, s, n);
    if (!copy)
        d->err = UR_ENOMEM;
    return copy ? copy : "";
}

/* Copies a string into a fixed field of `size` bytes; too long is damage. */
static void field(struct dec *d, char *dst, size_t size)
{
    size_t n;
    const char *s = ur_get_str(&d->r, &n);
    if (n >= size)
        d->r.bad = true;
    else
        memcpy(dst, s, n + 1);
}

/* Room for n items of `size` bytes (each at least `min_bytes` in the record). */
static void *items(struct dec *d, size_t *n, size_t size, size_t min_bytes)
{
    *n = ur_get_count(&d->r, min_bytes);
    void *p = d->r.bad || d->err ? NULL : ur_arena_alloc(d->a, (*n ? *n : 1) * size);
    if (!p && !d->r.bad)
        d->err = UR_ENOMEM;
    if (!p)
        *n = 0;
    return p;
}

static double *values(struct dec *d, size_t n)
{
    double *v = n && !d->r.bad && !d->err ? ur_arena_alloc(d->a, n * sizeof *v) : NULL;
    if (n && !v && !d->r.bad && !d->err)
        d->err = UR_ENOMEM;
    for (size_t k = 0; v && k < n; k++)
        v[k] = ur_get_f64(&d->r);
    return v;
}

static void decode_kpis(struct dec *d, struct ur_unit_result *r)
{
    struct ur_kpi *k = items(d, &r->n_kpis, sizeof *k, 5 * 8 + 3 * 9);
    for (size_t i = 0; i < r->n_kpis; i++) {
        k[i].path = str(d), k[i].units = str(d), k[i].description = str(d);
        k[i].value = ur_get_f64(&d->r);
        k[i].headline_rank = (int)(int64_t)ur_get_u64(&d->r);
        k[i].better = (enum ur_better)(int64_t)ur_get_u64(&d->r);
    }
    r->kpis = k;
}

static void decode_parts(struct dec *d, struct ur_unit_result *r)
{
    struct ur_kpi_part *p = items(d, &r->n_parts, sizeof *p, 8 + 3 * 9);
    for (size_t i = 0; i < r->n_parts; i++) {
        p[i].kpi = str(d), p[i].dimension = str(d), p[i].part = str(d);
        p[i].value = ur_get_f64(&d->r);
    }
    r->parts = p;
}

static void decode_logs(struct dec *d, struct ur_unit_result *r)
{
    struct ur_log_row *l = items(d, &r->n_logs, sizeof *l, 2 * 8 + 3 * 9);
    for (size_t i = 0; i < r->n_logs; i++) {
        l[i].t_s = ur_get_f64(&d->r);
        field(d, l[i].source, sizeof l[i].source);
        field(d, l[i].event, sizeof l[i].event);
        field(d, l[i].detail, sizeof l[i].detail);
        l[i].value = ur_get_f64(&d->r);
    }
    r->logs = l;
}

static void decode_tables(struct dec *d, struct ur_unit_result *r)
{
    struct ur_table_info *t = items(d, &r->n_tables, sizeof *t, 2 * 8 + 3 * 9);
    for (size_t i = 0; i < r->n_tables; i++) {
        t[i].path = str(d), t[i].units = str(d), t[i].description = str(d);
        t[i].columns = items(d, &t[i].n_cols, sizeof *t[i].columns, 9);
        for (size_t c = 0; c < t[i].n_cols; c++)
            t[i].columns[c] = (char *)str(d);
        t[i].n_rows = ur_get_count(&d->r, 8 * (t[i].n_cols ? t[i].n_cols : 1));
        t[i].rows = values(d, t[i].n_rows * t[i].n_cols);
    }
    r->tables = t;
}

static int decode_blocks(struct dec *d, struct ur_unit_record *rec)
{
    size_t cap = 0;
    while (!d->r.bad && !d->err && d->r.at < d->r.n) {
        if (rec->n_blocks == cap) {
            cap = cap ? 2 * cap : 64;
            struct ur_series_block *b = realloc(rec->blocks, cap * sizeof *b);
            if (!b)
                return UR_ENOMEM;
            rec->blocks = b;
        }
        struct ur_series_block *b = &rec->blocks[rec->n_blocks++];
        b->s.path = str(d), b->s.units = str(d), b->s.description = str(d);
        b->first = ur_get_u64(&d->r);
        b->n = ur_get_count(&d->r, 8);
        b->values = values(d, b->n);
    }
    return d->err;
}

int ur_unit_record_decode(struct ur_unit_record *rec, const void *bytes, size_t n)
{
    *rec = (struct ur_unit_record){.arena = ur_arena_new()};
    struct dec d = {.r = {bytes, n, 0, false}, .a = rec->arena};
    if (!d.a)
        return UR_ENOMEM;
    rec->r.rep = ur_get_u64(&d.r);
    rec->r.events = ur_get_u64(&d.r);
    decode_kpis(&d, &rec->r);
    decode_parts(&d, &rec->r);
    decode_logs(&d, &rec->r);
    decode_tables(&d, &rec->r);
    int rc = d.err ? d.err : decode_blocks(&d, rec);
    if (rc == 0 && d.r.bad)
        rc = UR_EINPUT;
    if (rc < 0)
        ur_unit_record_fini(rec);
    return rc;
}

void ur_unit_record_fini(struct ur_unit_record *rec)
{
    free(rec->blocks);
    ur_arena_free(rec->arena);
    *rec = (struct ur_unit_record){0};
}

int ur_unit_record_deliver(const struct ur_unit_target *to, const struct ur_unit_record *rec)
{
    const struct ur_results *res = to->res;
    int rc = 0;
    for (size_t i = 0; to->out && rc == 0 && i < rec->n_blocks; i++) {
        const struct ur_series_block *b = &rec->blocks[i];
        if (rec->r.rep >= res->n_reps || b->first + b->n > res->n_samples)
            return UR_EINPUT;
        rc = ur_out_series(to->out, to->group, &b->s, res->n_reps, res->n_samples, rec->r.rep,
                           b->first, b->n, b->values);
    }
    return rc < 0 ? rc : ur_unit_deliver(to, &rec->r);
}
