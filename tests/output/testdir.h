/* Paths inside a test's temporary directory. */
#ifndef URSIM_TESTS_OUTPUT_TESTDIR_H
#define URSIM_TESTS_OUTPUT_TESTDIR_H

#include <stdio.h>

/* dir/name in one of four rotating buffers: enough for the paths one check
 * uses at once. */
static inline const char *test_path(const char *dir, const char *name)
{
    static char paths[4][256];
    static unsigned next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

#endif
