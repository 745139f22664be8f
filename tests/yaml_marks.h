/* For tests that check where an error points: the column of a marker in a
 * line of YAML, so each case reads as "the error points at this text". */
#ifndef URSIM_TESTS_YAML_MARKS_H
#define URSIM_TESTS_YAML_MARKS_H

#include <string.h>

/* 1-based column of `mark` on 1-based `line` of `yaml`; 0 when absent. */
static inline unsigned col_of(const char *yaml, unsigned line, const char *mark)
{
    const char *p = yaml;
    for (unsigned l = 1; l < line && p; l++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
    if (!p)
        return 0;
    size_t len = strcspn(p, "\n");
    const char *hit = strstr(p, mark);
    return hit && (size_t)(hit - p) < len ? (unsigned)(hit - p) + 1 : 0;
}

#endif
