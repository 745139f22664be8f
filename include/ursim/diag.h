/* Three kinds of error, three mechanisms.
 *  - Bad input: diagnostics at a file:line:column, collected, printed GNU style.
 *  - Environment (I/O, HDF5, memory): negative UR_E* codes, ur_strerror().
 *  - Bugs: UR_ASSERT, on in release builds; reports file:line, the simulated
 *    time and the handler that was running.
 */
#ifndef URSIM_DIAG_H
#define URSIM_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum {
    UR_OK = 0,
    UR_ENOMEM = -1,  /* out of memory */
    UR_EIO = -2,     /* file system error (errno is kept in the message) */
    UR_EHDF5 = -3,   /* the HDF5 library reported an error */
    UR_EEXIST = -4,  /* output exists and --force was not given */
    UR_EINPUT = -5,  /* bad input: diagnostics were printed */
    UR_EINTR = -6,   /* interrupted by a signal */
    UR_EUSAGE = -7,  /* bad command line */
};
const char *ur_strerror(int code);

/* A place in an input file; line and col are 1-based (libyaml's are 0-based). */
struct ur_loc {
    const char *file;
    unsigned line, col;
};

/* A collection of diagnostics. Messages are printed in the order reported. */
struct ur_diag;
struct ur_diag *ur_diag_new(void);
void ur_diag_free(struct ur_diag *d);
#if defined(__GNUC__)
#define UR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define UR_PRINTF(f, a)
#endif
void ur_diag_error(struct ur_diag *d, struct ur_loc at, const char *fmt, ...) UR_PRINTF(3, 4);
void ur_diag_verror(struct ur_diag *d, struct ur_loc at, const char *fmt, va_list ap);
size_t ur_diag_errors(const struct ur_diag *d);
/* Prints "file:line:col: error: message" lines. */
void ur_diag_print(const struct ur_diag *d, FILE *out);
/* The i-th message, without the location prefix (for tests). */
const char *ur_diag_message(const struct ur_diag *d, size_t i, struct ur_loc *at);

/* Bugs. Stays on with NDEBUG. */
_Noreturn void ur_panic(const char *file, int line, const char *what);
#define UR_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ur_panic(__FILE__, __LINE__, #cond);                                                   \
    } while (0)

/* Memory ran out where no error code can be returned (a pool growing inside
 * a handler). That is the environment, not a bug: prints "ursim: out of
 * memory WHAT", runs the cleanup given to ur_on_out_of_memory (main removes
 * the results' temporary file) and ends the process with status 1, without
 * the exit handlers (other threads may be inside HDF5). */
_Noreturn void ur_out_of_memory(const char *what);
void ur_on_out_of_memory(void (*cleanup)(void));
#define UR_ASSERT_MEMORY(cond, what)                                                               \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ur_out_of_memory(what);                                                                \
    } while (0)

#endif
