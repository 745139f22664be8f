/* Recorders: buffer each replication's samples in blocks and hand them to a
 * sink; keep its KPIs and its event log until the runner collects them.
 *
 * The buffer holds `block` samples of every series, one contiguous run per
 * series, so a flush is one sink write per series. Memory is
 * block x series, whatever the horizon.
 *
 * Log rows are fixed-size (240 bytes), their text already cut to the widths
 * of the file's columns, in one array that doubles as it fills: the runner
 * hands it to the output as is. Memory grows with the rows, which is why
 * models log events (a plan firing), not traffic. Numeric tables (a row per
 * case) are arrays of doubles that double as they fill, handed over the
 * same way.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>
#include <ursim/record.h>

struct sampler {
    ur_sample_fn *fn;
    void *model;
};

struct ur_rec {
    struct ur_sink sink;
    size_t block;
    struct ur_series_info *series;
    size_t n_series;
    struct sampler *samplers;
    size_t n_samplers;
    double *buf;          /* n_series runs of `block` samples */
    size_t first, filled; /* index of the first buffered sample; samples buffered */
    struct ur_kpi *kpis;
    size_t n_kpis;
    struct ur_kpi_part *parts;
    size_t n_parts, cap_parts;
    struct ur_log_row *logs;
    size_t n_logs, cap_logs;
    struct ur_table_info *tables;
    size_t n_tables;
    size_t *cap_rows; /* per table, rows allocated */
};

struct ur_rec *ur_rec_new(const struct ur_sink *sink, size_t block)
{
    struct ur_rec *rec = calloc(1, sizeof *rec);
    if (!rec)
        return NULL;
    if (sink)
        rec->sink = *sink;
    rec->block = block ? block : 1;
    return rec;
}

static void free_strings(const char *a, const char *b, const char *c)
{
    free((char *)a);
    free((char *)b);
    free((char *)c);
}

void ur_rec_free(struct ur_rec *rec)
{
    if (!rec)
        return;
    for (size_t i = 0; i < rec->n_series; i++)
        free_strings(rec->series[i].path, rec->series[i].units, rec->series[i].description);
    for (size_t i = 0; i < rec->n_kpis; i++)
        free_strings(rec->kpis[i].path, rec->kpis[i].units, rec->kpis[i].description);
    free(rec->series);
    free(rec->samplers);
    free(rec->buf);
    free(rec->kpis);
    for (size_t i = 0; i < rec->n_parts; i++)
        free_strings(rec->parts[i].kpi, rec->parts[i].dimension, rec->parts[i].part);
    free(rec->parts);
    free(rec->logs);
    for (size_t i = 0; i < rec->n_tables; i++) {
        struct ur_table_info *t = &rec->tables[i];
        free_strings(t->path, t->units, t->description);
        for (size_t c = 0; t->columns && c < t->n_cols; c++)
            free(t->columns[c]);
        free(t->columns);
        free((double *)t->rows);
    }
    free(rec->tables);
    free(rec->cap_rows);
    free(rec);
}

static char *dup(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

/* Grows *p (n items of `elem` bytes) by one item; returns the new item or NULL. */
static void *append(void **p, size_t *n, size_t elem)
{
    void *q = realloc(*p, (*n + 1) * elem);
    if (!q)
        return NULL;
    *p = q;
    return (char *)q + (*n)++ * elem;
}

/* Room for one more of n items of `elem` bytes in *p, doubling *cap (from
 * `first`) when full: the arrays that grow with the run (log rows, parts).
 * 0 or UR_ENOMEM. */
static int make_room(void **p, size_t n, size_t *cap, size_t elem, size_t first)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : first;
    void *q = realloc(*p, c * elem);
    if (!q)
        return UR_ENOMEM;
    *p = q;
    *cap = c;
    return 0;
}

/* Fills three copied strings; on failure frees what was copied. */
static int copy3(const char *a, const char *b, const char *c, const char **out)
{
    out[0] = dup(a), out[1] = dup(b), out[2] = dup(c);
    if (out[0] && out[1] && out[2])
        return 0;
    free_strings(out[0], out[1], out[2]);
    return UR_ENOMEM;
}

int ur_rec_series(struct ur_rec *rec, const char *path, const char *units,
                  const char *description)
{
    UR_ASSERT(rec->buf == NULL && "series registered after the first sample");
    const char *s[3];
    if (copy3(path, units, description, s) < 0)
        return UR_ENOMEM;
    struct ur_series_info *info = append((void **)&rec->series, &rec->n_series, sizeof *info);
    if (!info) {
        free_strings(s[0], s[1], s[2]);
        return UR_ENOMEM;
    }
    *info = (struct ur_series_info){s[0], s[1], s[2]};
    return (int)(rec->n_series - 1);
}

int ur_rec_on_sample(struct ur_rec *rec, ur_sample_fn *fn, void *model)
{
    struct sampler *sp = append((void **)&rec->samplers, &rec->n_samplers, sizeof *sp);
    if (!sp)
        return UR_ENOMEM;
    *sp = (struct sampler){fn, model};
    return 0;
}

void ur_rec_put(struct ur_rec *rec, int series, double value)
{
    UR_ASSERT(series >= 0 && (size_t)series < rec->n_series && rec->buf);
    rec->buf[(size_t)series * rec->block + rec->filled] = value;
}

int ur_rec_kpi(struct ur_rec *rec, const char *path, const char *units, const char *description,
               double value)
{
    const char *s[3];
    if (copy3(path, units, description, s) < 0)
        return UR_ENOMEM;
    struct ur_kpi *k = append((void **)&rec->kpis, &rec->n_kpis, sizeof *k);
    if (!k) {
        free_strings(s[0], s[1], s[2]);
        return UR_ENOMEM;
    }
    *k = (struct ur_kpi){s[0], s[1], s[2], value, 0, UR_BETTER_NONE};
    return 0;
}

void ur_rec_headline(struct ur_rec *rec, const char *path, int rank, enum ur_better better)
{
    UR_ASSERT(rank >= 1);
    size_t i = rec->n_kpis;
    while (i > 0 && strcmp(rec->kpis[i - 1].path, path) != 0)
        i--;
    UR_ASSERT(i > 0); /* published first, with ur_rec_kpi */
    rec->kpis[i - 1].headline_rank = rank;
    rec->kpis[i - 1].better = better;
}

static bool has_kpi(const struct ur_rec *rec, const char *path)
{
    for (size_t i = rec->n_kpis; i > 0; i--) /* parts follow their KPI: look back */
        if (strcmp(rec->kpis[i - 1].path, path) == 0)
            return true;
    return false;
}

int ur_rec_kpi_part(struct ur_rec *rec, const char *kpi, const char *dimension, const char *part,
                    double value)
{
    UR_ASSERT(has_kpi(rec, kpi) && "a part published before its KPI");
    if (make_room((void **)&rec->parts, rec->n_parts, &rec->cap_parts, sizeof *rec->parts, 64) < 0)
        return UR_ENOMEM;
    const char *s[3];
    if (copy3(kpi, dimension, part, s) < 0)
        return UR_ENOMEM;
    rec->parts[rec->n_parts++] = (struct ur_kpi_part){s[0], s[1], s[2], value};
    return 0;
}

int ur_rec_table(struct ur_rec *rec, const char *path, size_t n_cols, const char *const *columns,
                 const char *units, const char *description)
{
    UR_ASSERT(n_cols >= 1 && n_cols <= UR_TABLE_MAX_COLS);
    const char *s[3];
    if (copy3(path, units, description, s) < 0)
        return UR_ENOMEM;
    char **cols = calloc(n_cols, sizeof *cols);
    bool ok = cols != NULL;
    for (size_t c = 0; ok && c < n_cols; c++)
        ok = (cols[c] = dup(columns[c])) != NULL;
    size_t n = rec->n_tables, *cap = ok ? realloc(rec->cap_rows, (n + 1) * sizeof *cap) : NULL;
    if (cap)
        rec->cap_rows = cap;
    struct ur_table_info *t = cap ? append((void **)&rec->tables, &rec->n_tables, sizeof *t) : NULL;
    if (!t) {
        free_strings(s[0], s[1], s[2]);
        for (size_t c = 0; cols && c < n_cols; c++)
            free(cols[c]);
        free(cols);
        return UR_ENOMEM;
    }
    *t = (struct ur_table_info){.path = s[0], .units = s[1], .description = s[2],
                                .n_cols = n_cols, .columns = cols};
    rec->cap_rows[n] = 0;
    return (int)n;
}

int ur_rec_row(struct ur_rec *rec, int table, const double *values)
{
    UR_ASSERT(table >= 0 && (size_t)table < rec->n_tables);
    struct ur_table_info *t = &rec->tables[table];
    size_t *cap = &rec->cap_rows[table];
    if (t->n_rows == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *rows = realloc((double *)t->rows, nc * t->n_cols * sizeof *rows);
        if (!rows)
            return UR_ENOMEM;
        t->rows = rows;
        *cap = nc;
    }
    memcpy((double *)t->rows + t->n_rows++ * t->n_cols, values, t->n_cols * sizeof *values);
    return 0;
}

size_t ur_rec_n_tables(const struct ur_rec *rec)
{
    return rec->n_tables;
}

const struct ur_table_info *ur_rec_table_at(const struct ur_rec *rec, size_t i)
{
    return i < rec->n_tables ? &rec->tables[i] : NULL;
}

/* Length of the longest prefix of s that fits in a field of `size` bytes
 * (NUL included) and does not end inside a UTF-8 character: if the first byte
 * left out is a continuation byte (10xxxxxx), back up to its lead byte. */
static size_t utf8_fit(const char *s, size_t size)
{
    size_t n = strnlen(s, size);
    if (n < size)
        return n;
    n = size - 1;
    for (int back = 0; back < 3 && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; back++)
        n--;
    return n;
}

static void put_field(char *dst, size_t size, const char *src)
{
    src = src ? src : "";
    size_t n = utf8_fit(src, size);
    memcpy(dst, src, n);
    memset(dst + n, 0, size - n); /* no stale bytes in the file's padding */
}

int ur_rec_log(struct ur_rec *rec, double t_s, const char *source, const char *event,
               const char *detail, double value)
{
    if (make_room((void **)&rec->logs, rec->n_logs, &rec->cap_logs, sizeof *rec->logs, 16) < 0)
        return UR_ENOMEM;
    struct ur_log_row *row = &rec->logs[rec->n_logs++];
    row->t_s = t_s;
    put_field(row->source, sizeof row->source, source);
    put_field(row->event, sizeof row->event, event);
    put_field(row->detail, sizeof row->detail, detail);
    row->value = value;
    return 0;
}

int ur_rec_flush(struct ur_rec *rec)
{
    if (rec->filled == 0)
        return 0;
    for (size_t i = 0; rec->sink.write && i < rec->n_series; i++) {
        int rc = rec->sink.write(rec->sink.ctx, &rec->series[i], rec->first, rec->filled,
                                 rec->buf + i * rec->block);
        if (rc < 0)
            return rc;
    }
    rec->first += rec->filled;
    rec->filled = 0;
    return 0;
}

int ur_rec_sample(struct ur_rec *rec, double t_s, double dt_s)
{
    if (!rec->buf) {
        rec->buf = malloc((rec->n_series ? rec->n_series : 1) * rec->block * sizeof *rec->buf);
        if (!rec->buf)
            return UR_ENOMEM;
    }
    for (size_t i = 0; i < rec->n_series; i++)
        rec->buf[i * rec->block + rec->filled] = NAN;
    for (size_t i = 0; i < rec->n_samplers; i++)
        rec->samplers[i].fn(rec->samplers[i].model, t_s, dt_s, rec);
    return ++rec->filled == rec->block ? ur_rec_flush(rec) : 0;
}

size_t ur_rec_n_series(const struct ur_rec *rec)
{
    return rec->n_series;
}

const struct ur_series_info *ur_rec_series_at(const struct ur_rec *rec, size_t i)
{
    return i < rec->n_series ? &rec->series[i] : NULL;
}

size_t ur_rec_n_samples(const struct ur_rec *rec)
{
    return rec->first + rec->filled;
}

size_t ur_rec_n_kpis(const struct ur_rec *rec)
{
    return rec->n_kpis;
}

const struct ur_kpi *ur_rec_kpi_at(const struct ur_rec *rec, size_t i)
{
    return i < rec->n_kpis ? &rec->kpis[i] : NULL;
}

size_t ur_rec_n_parts(const struct ur_rec *rec)
{
    return rec->n_parts;
}

const struct ur_kpi_part *ur_rec_part_at(const struct ur_rec *rec, size_t i)
{
    return i < rec->n_parts ? &rec->parts[i] : NULL;
}

size_t ur_rec_n_logs(const struct ur_rec *rec)
{
    return rec->n_logs;
}

const struct ur_log_row *ur_rec_log_at(const struct ur_rec *rec, size_t i)
{
    return i < rec->n_logs ? &rec->logs[i] : NULL;
}
