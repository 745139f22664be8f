/* fuzz_units: bytes -> the quantity and unit parser (sim/input/units.c).
 *
 * The first byte picks what is read (a plain number, a duration, a rate, an
 * integer or a boolean; its top bit: a plain or a quoted scalar), the rest
 * is the scalar's text up to a NUL byte (nodes.c refuses scalars holding
 * one, so the parser never sees them).
 * Checked: every call either succeeds with no diagnostic or fails with
 * exactly one; a value read is finite; and the text messages show it as
 * (in_format, in ranges.c) reads back as the same value to the 6 digits it
 * shows. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, double v, const struct ur_diag *diag)
{
    fprintf(stderr, "fuzz_units: %s: '%s' -> %.17g\n", what, text, v);
    ur_diag_print(diag, stderr);
    abort();
}

static bool read_as(struct in_ctx *ctx, const struct in_node *n, enum ur_type type, double *v)
{
    long i = 0;
    bool b = false, ok;
    if (type == UR_T_INT)
        ok = in_read_int(ctx, n, "value", &i), *v = (double)i;
    else if (type == UR_T_BOOL)
        ok = in_read_bool(ctx, n, "value", &b), *v = b;
    else
        ok = in_read_quantity(ctx, n, "value", type, v);
    return ok;
}

/* What the messages show of v reads back as v. */
static void check_shown(struct in_ctx *ctx, enum ur_type type, double v)
{
    char shown[64];
    in_format(shown, sizeof shown, type, v);
    struct in_node n = {.kind = IN_SCALAR,
                        .at = {"shown", 1, 1},
                        .text = shown,
                        .len = strlen(shown),
                        .plain = true};
    double back = NAN;
    if (!read_as(ctx, &n, type, &back) || !(fabs(back - v) <= 5e-6 * fabs(v) + 4 * DBL_TRUE_MIN))
        fail("shown in messages as something else", shown, v, ctx->diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum ur_type types[] = {UR_T_REAL, UR_T_DURATION, UR_T_RATE, UR_T_INT, UR_T_BOOL};
    if (size < 1)
        return 0;
    enum ur_type type = types[(data[0] & 0x7f) % (sizeof types / sizeof *types)];
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    size_t len = strlen(text);
    struct in_ctx ctx = {.arena = ur_arena_new(), .diag = ur_diag_new(), .file = "fuzz"};
    struct in_node n = {.kind = IN_SCALAR,
                        .at = {"fuzz", 1, 1},
                        .text = text,
                        .len = len,
                        .plain = !(data[0] & 0x80)};
    double v = NAN;
    bool ok = read_as(&ctx, &n, type, &v);
    size_t errors = ur_diag_errors(ctx.diag);
    if (ok != (errors == 0) || errors > 1)
        fail(ok ? "read, yet an error was reported" : "refused with not exactly one error", text, v,
             ctx.diag);
    if (ok && !isfinite(v))
        fail("read as a value that is not finite", text, v, ctx.diag);
    if (ok && type != UR_T_BOOL && !(type == UR_T_INT && fabs(v) > 0x1p53))
        check_shown(&ctx, type, v); /* an integer beyond 2^53 is not a double's */
    ur_diag_free(ctx.diag);
    ur_arena_free(ctx.arena);
    free(text);
    return 0;
}
