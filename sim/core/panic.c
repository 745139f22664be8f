/* Bugs end the program loudly: file:line, the failed condition, and where the
 * simulation was (time, handler), as Cimba does. Stays on in release builds:
 * a wrong result is worse than a crash with a report. Running out of memory
 * is no bug: it ends the program with a message and status 1. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core.h"
#include <ursim/diag.h>

_Noreturn void ur_panic(const char *file, int line, const char *what)
{
    const struct ur_sim *sim = ur_sim_running();
    fprintf(stderr, "ursim: internal error at %s:%d: %s\n", file, line, what);
    if (sim) {
        const char *h = ur_sim_current_handler(sim);
        fprintf(stderr, "ursim:   simulated time %.6f s, handler %s\n", ur_sim_now(sim),
                h ? h : "(none)");
    }
    fprintf(stderr, "ursim:   this is a bug; please report it with the scenario file\n");
    fflush(stderr);
    abort();
}

static void (*oom_cleanup)(void);

void ur_on_out_of_memory(void (*cleanup)(void))
{
    oom_cleanup = cleanup;
}

_Noreturn void ur_out_of_memory(const char *what)
{
    fprintf(stderr, "ursim: out of memory %s; no results written\n", what);
    fflush(stderr);
    if (oom_cleanup)
        oom_cleanup();
    _exit(1);
}
