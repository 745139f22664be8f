/* A region allocator: everything a scenario owns lives in one arena and is
 * released at once. Cleanups run in reverse order of registration. */
#ifndef URSIM_ARENA_H
#define URSIM_ARENA_H

#include <stddef.h>

struct ur_arena;
struct ur_arena *ur_arena_new(void);
void ur_arena_free(struct ur_arena *a);
/* Zeroed, aligned for any type. NULL when out of memory. */
void *ur_arena_alloc(struct ur_arena *a, size_t size);
char *ur_arena_strdup(struct ur_arena *a, const char *s);
char *ur_arena_strndup(struct ur_arena *a, const char *s, size_t n);
/* Runs fn(p) when the arena is freed. Returns 0, or UR_ENOMEM. */
int ur_arena_defer(struct ur_arena *a, void (*fn)(void *), void *p);

#endif
