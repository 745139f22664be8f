/* Region allocator. A scenario is built once, read by every replication and
 * thrown away at the end, so one arena per scenario replaces a free() per
 * string, list and distribution table. Memory comes in chunks of CHUNK_SIZE
 * (larger requests get a chunk of their own); cleanups registered with
 * ur_arena_defer run in reverse order before the chunks are released, which
 * is how owned third-party objects (GSL tables) are tied to the arena. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/arena.h>
#include <ursim/diag.h>

#define CHUNK_SIZE (64u * 1024u)
#define ALIGN (alignof(max_align_t))

struct chunk {
    struct chunk *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;
    void (*fn)(void *);
    void *p;
};

struct ur_arena {
    struct chunk *chunks;     /* newest first; only the head has room */
    struct cleanup *cleanups; /* newest first: reverse order of registration */
};

struct ur_arena *ur_arena_new(void)
{
    return calloc(1, sizeof(struct ur_arena));
}

void ur_arena_free(struct ur_arena *a)
{
    if (!a)
        return;
    for (struct cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->p);
    struct chunk *next;
    for (struct chunk *c = a->chunks; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

/* A new chunk with at least `need` bytes. A big request gets its own chunk,
 * put behind the head so the head's free space is not wasted. */
static struct chunk *chunk_add(struct ur_arena *a, size_t need)
{
    size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    if (size > SIZE_MAX - sizeof(struct chunk))
        return NULL;
    struct chunk *c = malloc(sizeof(struct chunk) + size);
    if (!c)
        return NULL;
    c->used = 0;
    c->size = size;
    if (need > CHUNK_SIZE && a->chunks) {
        c->next = a->chunks->next;
        a->chunks->next = c;
    } else {
        c->next = a->chunks;
        a->chunks = c;
    }
    return c;
}

void *ur_arena_alloc(struct ur_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size_t rounded = (size + ALIGN - 1) / ALIGN * ALIGN;
    struct chunk *c = a->chunks;
    if (!c || c->size - c->used < rounded) {
        c = chunk_add(a, rounded);
        if (!c)
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += rounded;
    memset(p, 0, size);
    return p;
}

char *ur_arena_strndup(struct ur_arena *a, const char *s, size_t n)
{
    char *p = ur_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *ur_arena_strdup(struct ur_arena *a, const char *s)
{
    return ur_arena_strndup(a, s, strlen(s));
}

int ur_arena_defer(struct ur_arena *a, void (*fn)(void *), void *p)
{
    struct cleanup *c = ur_arena_alloc(a, sizeof *c);
    if (!c)
        return UR_ENOMEM;
    c->fn = fn;
    c->p = p;
    c->next = a->cleanups;
    a->cleanups = c;
    return UR_OK;
}
