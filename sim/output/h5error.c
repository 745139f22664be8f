/* Error capture for the results file: turns HDF5's error stack or errno into
 * one readable line kept in struct ur_out, for ur_out_error().
 *
 * HDF5's automatic printing is switched off in ur_out_open (a library should
 * not write to stderr, and its dump is a dozen lines of internals). Instead we
 * walk the stack from the API call down to where the error was detected and
 * keep the outermost and innermost descriptions: the first says what failed
 * ("unable to create file"), the last says why ("No such file or directory",
 * "name already exists"). The frames between are HDF5 internals.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "h5out.h"

struct walk {
    char first[256], last[256];
    unsigned frames;
};

static herr_t walk_frame(unsigned n, const H5E_error2_t *e, void *data)
{
    struct walk *w = data;
    const char *desc = e->desc && *e->desc ? e->desc : "(no description)";
    if (n == 0)
        snprintf(w->first, sizeof w->first, "%s", desc);
    snprintf(w->last, sizeof w->last, "%s", desc);
    w->frames = n + 1;
    return 0;
}

/* Writes "context: details" into out->msg, unless an error is already kept. */
static int keep(struct ur_out *out, int code, const char *details, const char *fmt, va_list ap)
{
    if (out->err)
        return out->err;
    out->err = code;
    int len = vsnprintf(out->msg, sizeof out->msg, fmt, ap);
    if (len >= 0 && (size_t)len < sizeof out->msg && *details)
        snprintf(out->msg + len, sizeof out->msg - (size_t)len, ": %s", details);
    return code;
}

int out_fail_hdf5(struct ur_out *out, const char *fmt, ...)
{
    struct walk w = {"", "", 0};
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_frame, &w);
    H5Eclear2(H5E_DEFAULT);
    char details[520];
    if (w.frames > 1 && strcmp(w.first, w.last) != 0)
        snprintf(details, sizeof details, "%s (%s)", w.first, w.last);
    else
        snprintf(details, sizeof details, "%s", w.frames ? w.first : "HDF5 error");
    va_list ap;
    va_start(ap, fmt);
    int code = keep(out, UR_EHDF5, details, fmt, ap);
    va_end(ap);
    return code;
}

int out_fail_errno(struct ur_out *out, int code, const char *fmt, ...)
{
    const char *details = errno ? strerror(errno) : "";
    va_list ap;
    va_start(ap, fmt);
    code = keep(out, code, details, fmt, ap);
    va_end(ap);
    return code;
}
