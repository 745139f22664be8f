/* Diagnostics for bad input, collected so a planner sees every mistake of a
 * file in one run, and the text of the UR_E* environment error codes.
 * ur_check_error lives here, not in sim/input, because models call it from
 * their schema checks and models link only core and rng.
 * Each diagnostic owns copies of its message and file name: the loader's
 * arena (where node locations point) is gone by the time they are printed. */
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>
#include <ursim/schema.h>

struct entry {
    struct ur_loc at; /* at.file is owned */
    char *message;    /* owned; NULL when it could not be stored */
};

struct ur_diag {
    struct entry *entries;
    size_t n, cap;
};

/* Shown for a diagnostic whose text could not be stored (out of memory). */
static const char lost_message[] = "(out of memory while reporting an error)";

const char *ur_strerror(int code)
{
    switch (code) {
    case UR_OK:
        return "success";
    case UR_ENOMEM:
        return "out of memory";
    case UR_EIO:
        return "file system error";
    case UR_EHDF5:
        return "the HDF5 library reported an error";
    case UR_EEXIST:
        return "output exists (use --force to overwrite)";
    case UR_EINPUT:
        return "bad input";
    case UR_EINTR:
        return "interrupted by a signal";
    case UR_EUSAGE:
        return "bad command line";
    default:
        return "unknown error";
    }
}

struct ur_diag *ur_diag_new(void)
{
    return calloc(1, sizeof(struct ur_diag));
}

void ur_diag_free(struct ur_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->entries[i].at.file);
        free(d->entries[i].message);
    }
    free(d->entries);
    free(d);
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static char *format_message(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

/* When the entry table cannot grow the diagnostic is lost; the count of
 * errors still must not read zero, so the last entry is overwritten. */
void ur_diag_verror(struct ur_diag *d, struct ur_loc at, const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        struct entry *e = realloc(d->entries, cap * sizeof *e);
        if (e) {
            d->entries = e;
            d->cap = cap;
        } else if (d->n > 0) {
            d->n--;
            free((char *)d->entries[d->n].at.file);
            free(d->entries[d->n].message);
        } else {
            return; /* nothing can be stored; callers see the NULL result */
        }
    }
    struct entry *e = &d->entries[d->n++];
    e->at = at;
    e->at.file = at.file ? copy_string(at.file) : NULL;
    e->message = format_message(fmt, ap);
}

void ur_diag_error(struct ur_diag *d, struct ur_loc at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ur_diag_verror(d, at, fmt, ap);
    va_end(ap);
}

size_t ur_diag_errors(const struct ur_diag *d)
{
    return d->n;
}

void ur_diag_print(const struct ur_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct entry *e = &d->entries[i];
        const char *msg = e->message ? e->message : lost_message;
        if (e->at.file && e->at.line)
            fprintf(out, "%s:%u:%u: error: %s\n", e->at.file, e->at.line, e->at.col, msg);
        else if (e->at.file)
            fprintf(out, "%s: error: %s\n", e->at.file, msg);
        else
            fprintf(out, "ursim: error: %s\n", msg);
    }
}

const char *ur_diag_message(const struct ur_diag *d, size_t i, struct ur_loc *at)
{
    if (i >= d->n)
        return NULL;
    if (at)
        *at = d->entries[i].at;
    return d->entries[i].message ? d->entries[i].message : lost_message;
}

void ur_check_error(struct ur_check *ck, const char *key, const char *fmt, ...)
{
    struct ur_loc at = ck->locate ? ck->locate(ck, key) : (struct ur_loc){0};
    va_list ap;
    va_start(ap, fmt);
    ur_diag_verror(ck->diag, at, fmt, ap);
    va_end(ap);
}
