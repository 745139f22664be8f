/* Bytes that carry results between processes and files: a growing buffer to
 * put numbers and strings into, and a reader that takes them out again,
 * checking every length against what is left (a part file or an MPI message
 * may be damaged or truncated). Integers and doubles are written as 8 bytes,
 * little-endian (a double by its IEEE bits), so a record reads back
 * bit for bit on any machine. */
#ifndef URSIM_CODEC_H
#define URSIM_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ur_buf {
    unsigned char *p;
    size_t n, cap;
    int err; /* UR_ENOMEM once a put failed: later puts do nothing */
};

void ur_buf_u64(struct ur_buf *b, uint64_t v);
void ur_buf_f64(struct ur_buf *b, double v);
void ur_buf_str(struct ur_buf *b, const char *s); /* NULL puts "" */
void ur_buf_bytes(struct ur_buf *b, const void *p, size_t n);
void ur_buf_fini(struct ur_buf *b);

struct ur_reader {
    const unsigned char *p;
    size_t n, at;
    bool bad; /* a get ran past the end: every later get returns 0 / "" */
};

uint64_t ur_get_u64(struct ur_reader *r);
double ur_get_f64(struct ur_reader *r);
/* A count of items of at least `min_size` bytes each that must still fit:
 * 0 (and bad) when it cannot, so a damaged count never drives a huge malloc. */
size_t ur_get_count(struct ur_reader *r, size_t min_size);
/* The string's bytes, NUL-terminated, inside the reader's buffer (valid as
 * long as it is); its length in *len when len is not NULL. */
const char *ur_get_str(struct ur_reader *r, size_t *len);

#endif
