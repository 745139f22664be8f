/* Minimal test macros: each prints both values on failure and counts it;
 * a test's main returns ur_check_summary(). */
#ifndef URSIM_TESTS_CHECK_H
#define URSIM_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int ur_check_failures, ur_check_count;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        ur_check_count++;                                                                          \
        if (!(cond)) {                                                                             \
            ur_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long ur_a_ = (long long)(a), ur_b_ = (long long)(b);                                  \
        ur_check_count++;                                                                          \
        if (ur_a_ != ur_b_) {                                                                      \
            ur_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s): %lld != %lld\n", __FILE__, __LINE__, #a, #b, \
                    ur_a_, ur_b_);                                                                 \
        }                                                                                          \
    } while (0)

/* |a - b| <= tol; the tolerance must say where it comes from at the call site. */
#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double ur_a_ = (double)(a), ur_b_ = (double)(b), ur_t_ = (double)(tol);                    \
        ur_check_count++;                                                                          \
        if (!(fabs(ur_a_ - ur_b_) <= ur_t_)) {                                                     \
            ur_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_NEAR(%s, %s, %s): %.9g vs %.9g (diff %.3g > %.3g)\n",     \
                    __FILE__, __LINE__, #a, #b, #tol, ur_a_, ur_b_, fabs(ur_a_ - ur_b_), ur_t_);   \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *ur_a_ = (a), *ur_b_ = (b);                                                     \
        ur_check_count++;                                                                          \
        if (!ur_a_ || !ur_b_ || strcmp(ur_a_, ur_b_) != 0) {                                       \
            ur_check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_STR(%s, %s): \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, \
                    #b, ur_a_ ? ur_a_ : "(null)", ur_b_ ? ur_b_ : "(null)");                       \
        }                                                                                          \
    } while (0)

static inline int ur_check_summary(const char *name)
{
    fprintf(stderr, "%s: %d checks, %d failed\n", name, ur_check_count, ur_check_failures);
    return ur_check_failures ? 1 : 0;
}

#endif
