/* Bytes in and out (codec.h). A string is its length (8 bytes), its bytes
 * and a NUL, so that a reader can hand out pointers into the buffer. */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include <ursim/diag.h>

static unsigned char *room(struct ur_buf *b, size_t n)
{
    if (b->err)
        return NULL;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->err = UR_ENOMEM;
            return NULL;
        }
        b->p = p, b->cap = cap;
    }
    unsigned char *at = b->p + b->n;
    b->n += n;
    return at;
}

void ur_buf_u64(struct ur_buf *b, uint64_t v)
{
    unsigned char *p = room(b, 8);
    for (int i = 0; p && i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void ur_buf_f64(struct ur_buf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    ur_buf_u64(b, bits);
}

void ur_buf_bytes(struct ur_buf *b, const void *src, size_t n)
{
    unsigned char *p = room(b, n);
    if (p && n)
        memcpy(p, src, n);
}

void ur_buf_str(struct ur_buf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    ur_buf_u64(b, n);
    ur_buf_bytes(b, s ? s : "", n);
    ur_buf_bytes(b, "", 1);
}

void ur_buf_fini(struct ur_buf *b)
{
    free(b->p);
    *b = (struct ur_buf){0};
}

static const unsigned char *take(struct ur_reader *r, size_t n)
{
    if (r->bad || n > r->n - r->at) {
        r->bad = true;
        return NULL;
    }
    const unsigned char *p = r->p + r->at;
    r->at += n;
    return p;
}

uint64_t ur_get_u64(struct ur_reader *r)
{
    const unsigned char *p = take(r, 8);
    uint64_t v = 0;
    for (int i = 0; p && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

double ur_get_f64(struct ur_reader *r)
{
    uint64_t bits = ur_get_u64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

size_t ur_get_count(struct ur_reader *r, size_t min_size)
{
    uint64_t n = ur_get_u64(r);
    if (r->bad || (min_size && n > (r->n - r->at) / min_size)) {
        r->bad = true;
        return 0;
    }
    return (size_t)n;
}

const char *ur_get_str(struct ur_reader *r, size_t *len)
{
    size_t n = ur_get_count(r, 1);
    const unsigned char *p = r->bad || n == SIZE_MAX ? NULL : take(r, n + 1);
    if (!p || p[n] != '\0') {
        r->bad = true;
        n = 0;
        p = (const unsigned char *)"";
    }
    if (len)
        *len = n;
    return (const char *)p;
}
