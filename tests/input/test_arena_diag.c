/* The arena (alignment, zeroing, big blocks, cleanups in reverse order) and
 * the diagnostics collection (order, copies, GNU-style printing). */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ursim/arena.h>
#include <ursim/diag.h>
#include <ursim/schema.h>

#include "check.h"

static int order[4], n_order;

static void record(void *p)
{
    order[n_order++] = *(int *)p;
}

static void test_arena(void)
{
    struct ur_arena *a = ur_arena_new();
    CHECK(a != NULL);
    for (size_t size = 1; size < 300; size += 37) {
        unsigned char *p = ur_arena_alloc(a, size);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % alignof(max_align_t), 0);
        size_t zeros = 0;
        for (size_t i = 0; i < size; i++)
            zeros += p[i] == 0;
        CHECK_EQ(zeros, size);
        memset(p, 0xAB, size); /* ASan flags any overlap with the next block */
    }
    char *small = ur_arena_alloc(a, 10);
    char *big = ur_arena_alloc(a, 1u << 20); /* larger than a chunk */
    char *after = ur_arena_alloc(a, 10);     /* still served from the current chunk */
    CHECK(big != NULL && small != NULL && after != NULL);
    CHECK_EQ(after - small, (ptrdiff_t)alignof(max_align_t) *
                                ((10 + alignof(max_align_t) - 1) / alignof(max_align_t)));
    big[(1u << 20) - 1] = 1;
    CHECK_STR(ur_arena_strdup(a, "windows"), "windows");
    CHECK_STR(ur_arena_strndup(a, "windows", 3), "win");
    static int ids[] = {1, 2, 3};
    for (int i = 0; i < 3; i++)
        CHECK_EQ(ur_arena_defer(a, record, &ids[i]), UR_OK);
    ur_arena_free(a);
    CHECK_EQ(n_order, 3);
    CHECK_EQ(order[0], 3); /* reverse order of registration */
    CHECK_EQ(order[2], 1);
    ur_arena_free(NULL);
}

static void test_diag(void)
{
    struct ur_diag *d = ur_diag_new();
    CHECK_EQ(ur_diag_errors(d), 0);
    CHECK(ur_diag_message(d, 0, NULL) == NULL);
    char file[] = "hall.yaml";
    ur_diag_error(d, (struct ur_loc){file, 3, 31}, "warmup (%s) must be shorter than horizon (%s)",
                  "2d", "1d");
    file[0] = 'X'; /* the diagnostic kept its own copy */
    ur_diag_error(d, (struct ur_loc){"b.yaml", 0, 0}, "cannot read");
    ur_diag_error(d, (struct ur_loc){NULL, 0, 0}, "no file");
    CHECK_EQ(ur_diag_errors(d), 3);
    struct ur_loc at;
    CHECK_STR(ur_diag_message(d, 0, &at), "warmup (2d) must be shorter than horizon (1d)");
    CHECK_STR(at.file, "hall.yaml");
    CHECK_EQ(at.line, 3);
    CHECK_EQ(at.col, 31);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    ur_diag_print(d, out);
    fclose(out);
    CHECK_STR(text, "hall.yaml:3:31: error: warmup (2d) must be shorter than horizon (1d)\n"
                    "b.yaml: error: cannot read\n"
                    "ursim: error: no file\n");
    free(text);
    for (int i = 0; i < 100; i++) /* growth */
        ur_diag_error(d, (struct ur_loc){"c.yaml", (unsigned)i + 1, 1}, "e%d", i);
    CHECK_EQ(ur_diag_errors(d), 103);
    CHECK_STR(ur_diag_message(d, 102, &at), "e99");
    CHECK_EQ(at.line, 100);
    ur_diag_free(d);
    ur_diag_free(NULL);
}

/* ur_check_error reports at whatever the loader's locator says. */
static struct ur_loc fake_locate(const struct ur_check *ck, const char *key)
{
    (void)ck;
    return (struct ur_loc){"s.yaml", key ? 7 : 2, key ? 9 : 3};
}

static void test_check_error(void)
{
    struct ur_diag *d = ur_diag_new();
    struct ur_check ck = {.diag = d, .locate = fake_locate};
    ur_check_error(&ck, "capacity", "capacity (%d) must not exceed %d", 5, 4);
    ur_check_error(&ck, NULL, "the mapping");
    struct ur_loc at;
    CHECK_STR(ur_diag_message(d, 0, &at), "capacity (5) must not exceed 4");
    CHECK_EQ(at.line, 7);
    CHECK_EQ(at.col, 9);
    CHECK_STR(ur_diag_message(d, 1, &at), "the mapping");
    CHECK_EQ(at.line, 2);
    ur_diag_free(d);
}

int main(void)
{
    test_arena();
    test_diag();
    test_check_error();
    return ur_check_summary("test_arena_diag");
}
