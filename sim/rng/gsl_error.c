/* GSL reports errors (a domain error in a special function, a bad parameter
 * to a distribution) through a handler whose default calls abort() with a
 * bare message. In ursim any such error is a bug - parameters are validated
 * when the scenario is loaded - so we route it to ur_panic, which also says
 * at what simulated time and in which handler it happened. */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include <ursim/diag.h>
#include <ursim/rng.h>

static void gsl_to_panic(const char *reason, const char *file, int line, int gsl_errno)
{
    char what[512];
    snprintf(what, sizeof what, "GSL error %d (%s): %s", gsl_errno, gsl_strerror(gsl_errno),
             reason ? reason : "(no reason given)");
    ur_panic(file ? file : "(GSL)", line, what);
}

void ur_rng_install_gsl_handler(void)
{
    gsl_set_error_handler(gsl_to_panic);
}
