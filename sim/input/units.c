/* Scalars -> numbers with units, integers and booleans.
 *
 * Numbers: [+-]digits[.digits][e[+-]digits]; '_' may separate digits
 * (3_047_900, as YAML 1.1 allows). Digits are decimal even with a leading
 * zero (a planner's "010" means ten, not YAML 1.1's octal eight). .nan, .inf
 * and hex are refused, so are numbers that overflow a double (or a long, for
 * integers); plain-number fields take no unit.
 * Durations need a unit (ms s min h d w), rates a '/unit' (36/min); a space
 * between number and unit is allowed. A bare number for either is an error
 * that shows the possible fixes: the planner's "90" is ambiguous.
 * A quantity of any kind (UR_T_QUANTITY) is whichever the text is: a rate
 * with '/unit', a duration with a unit, else a plain number. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"

#define MAX_NUMBER_CHARS 100

struct unit {
    const char *name;
    double s;
};
static const struct unit units[] = {
    {"w", 7 * 86400.0}, {"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}, {"s", 1.0}, {"ms", 1e-3},
};
#define N_UNITS (sizeof units / sizeof units[0])

enum scan { SCAN_OK, SCAN_NONE, SCAN_NONFINITE, SCAN_TOO_LONG };

struct number {
    char digits[MAX_NUMBER_CHARS + 1]; /* without '_', for strtod/strtoll */
    size_t end;                        /* bytes of the text used */
    bool integral;                     /* no '.' and no exponent */
};

bool in_is_null(const struct in_node *n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    if (n->kind != IN_SCALAR || !n->plain)
        return false;
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (strcmp(n->text, nulls[i]) == 0)
            return true;
    return false;
}

static bool is_nonfinite(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s == '.')
        s++;
    return strcasecmp(s, "nan") == 0 || strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0;
}

/* Digits with single '_' between them; appends them to num->digits. */
static size_t scan_digits(const char *s, struct number *num, size_t *out)
{
    size_t i = 0;
    while (isdigit((unsigned char)s[i]) ||
           (s[i] == '_' && i > 0 && isdigit((unsigned char)s[i + 1]))) {
        if (s[i] != '_' && *out < MAX_NUMBER_CHARS)
            num->digits[(*out)++] = s[i];
        else if (s[i] != '_')
            *out = MAX_NUMBER_CHARS + 1;
        i++;
    }
    return i;
}

static enum scan scan_number(const char *s, struct number *num)
{
    size_t i = 0, out = 0, mantissa = 0;
    if (is_nonfinite(s))
        return SCAN_NONFINITE;
    if (s[i] == '+' || s[i] == '-')
        num->digits[out++] = s[i++];
    mantissa += scan_digits(s + i, num, &out);
    i += mantissa;
    num->integral = true;
    if (s[i] == '.' && out <= MAX_NUMBER_CHARS) {
        num->digits[out++] = s[i++];
        size_t frac = scan_digits(s + i, num, &out);
        i += frac;
        mantissa += frac;
        num->integral = false;
    }
    if (mantissa == 0)
        return SCAN_NONE;
    if ((s[i] == 'e' || s[i] == 'E') && out < MAX_NUMBER_CHARS) {
        size_t j = i + 1, mark = out;
        num->digits[out++] = 'e';
        if (s[j] == '+' || s[j] == '-')
            num->digits[out++] = s[j++];
        size_t exp = scan_digits(s + j, num, &out);
        if (exp > 0) {
            i = j + exp;
            num->integral = false;
        } else {
            out = mark; /* "5e" is 5 followed by junk, not an exponent */
        }
    }
    if (out > MAX_NUMBER_CHARS)
        return SCAN_TOO_LONG;
    num->digits[out] = '\0';
    num->end = i;
    return SCAN_OK;
}

static const char *kind_name(const struct in_node *n)
{
    return n->kind == IN_MAP ? "a mapping" : "a list";
}

/* A number at the start of a scalar, or false after reporting why not. */
static bool read_number(struct in_ctx *ctx, const struct in_node *n, const char *key,
                        const char *what, struct number *num)
{
    if (n->kind != IN_SCALAR) {
        in_error(ctx, n->at, "%s must be %s, got %s", key, what, kind_name(n));
        return false;
    }
    if (in_is_null(n)) {
        in_error(ctx, n->at, "%s has no value; it must be %s", key, what);
        return false;
    }
    switch (scan_number(n->text, num)) {
    case SCAN_OK:
        return true;
    case SCAN_NONFINITE:
        in_error(ctx, n->at, "%s must be a finite number, got %s", key, n->text);
        return false;
    case SCAN_TOO_LONG:
        in_error(ctx, n->at, "%s: the number '%.20s...' has too many digits", key, n->text);
        return false;
    default:
        in_error(ctx, n->at, "%s must be %s, got '%s'", key, what, n->text);
        return false;
    }
}

static bool to_double(struct in_ctx *ctx, const struct in_node *n, const char *key,
                      const struct number *num, double *out)
{
    errno = 0;
    *out = strtod(num->digits, NULL);
    if (errno == ERANGE && fabs(*out) > 1.0) {
        in_error(ctx, n->at, "%s: the number %s is too large", key, n->text);
        return false;
    }
    return true;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

static const struct unit *find_unit(const char *name)
{
    for (size_t i = 0; i < N_UNITS; i++)
        if (strcmp(units[i].name, name) == 0)
            return &units[i];
    return NULL;
}

static bool duration_unit(struct in_ctx *ctx, const struct in_node *n, const char *key,
                          const char *suffix, double *scale)
{
    const char *t = n->text;
    if (*suffix == '\0') {
        in_error(ctx, n->at, "%s '%s' needs a unit: %ss, %smin, %sh or %sd", key, t, t, t, t, t);
        return false;
    }
    if (*suffix == '/') {
        in_error(ctx, n->at, "%s is a duration, not a rate: write e.g. 90s or 8h, got '%s'", key,
                 t);
        return false;
    }
    const struct unit *u = find_unit(suffix);
    if (!u) {
        in_error(ctx, n->at, "%s has an unknown unit '%s' in '%s'; use ms, s, min, h, d or w", key,
                 suffix, t);
        return false;
    }
    *scale = u->s;
    return true;
}

static bool rate_unit(struct in_ctx *ctx, const struct in_node *n, const char *key,
                      const struct number *num, const char *suffix, double *per)
{
    const char *t = n->text;
    if (*suffix == '\0') {
        in_error(ctx, n->at, "%s '%s' needs a unit: %s/s, %s/min, %s/h or %s/d", key, t, t, t, t,
                 t);
        return false;
    }
    if (*suffix != '/' && find_unit(suffix)) {
        in_error(ctx, n->at, "%s '%s' needs a '/' before its unit: write %.*s/%s", key, t,
                 (int)num->end, t, suffix);
        return false;
    }
    if (*suffix != '/') {
        in_error(ctx, n->at, "%s must be a rate such as 36/min or 1200/h, got '%s'", key, t);
        return false;
    }
    const char *name = skip_spaces(suffix + 1);
    const struct unit *u = find_unit(name);
    if (!u) {
        in_error(ctx, n->at, "%s has an unknown time unit '/%s' in '%s'; use /s, /min, /h or /d",
                 key, name, t);
        return false;
    }
    *per = u->s;
    return true;
}

static const char *type_what(enum ur_type type)
{
    switch (type) {
    case UR_T_INT:
        return "an integer";
    case UR_T_DURATION:
        return "a duration such as 90s, 15min, 8h or 3d";
    case UR_T_RATE:
        return "a rate such as 36/min or 1200/h";
    default:
        return "a number";
    }
}

bool in_read_quantity(struct in_ctx *ctx, const struct in_node *n, const char *key,
                      enum ur_type type, double *out)
{
    struct number num;
    double v, scale = 1.0;
    if (!read_number(ctx, n, key, type_what(type), &num) || !to_double(ctx, n, key, &num, &v))
        return false;
    const char *suffix = skip_spaces(n->text + num.end);
    if (type == UR_T_DURATION && !duration_unit(ctx, n, key, suffix, &scale))
        return false;
    if (type == UR_T_RATE) {
        if (!rate_unit(ctx, n, key, &num, suffix, &scale))
            return false;
        scale = 1.0 / scale;
    }
    if (type == UR_T_REAL && *suffix) {
        in_error(ctx, n->at, "%s must be a plain number without unit, got '%s'", key, n->text);
        return false;
    }
    *out = v * scale;
    if (!isfinite(*out)) {
        in_error(ctx, n->at, "%s: %s is too large", key, n->text);
        return false;
    }
    return true;
}

bool in_read_any_quantity(struct in_ctx *ctx, const struct in_node *n, const char *key,
                          struct ur_quantity *out)
{
    struct number num;
    if (!read_number(ctx, n, key, "a number, a duration such as 5.5h or a rate such as 36/min",
                     &num))
        return false;
    const char *suffix = skip_spaces(n->text + num.end);
    enum ur_type kind = !*suffix ? UR_T_REAL : *suffix == '/' ? UR_T_RATE : UR_T_DURATION;
    if (kind == UR_T_DURATION && !find_unit(suffix)) {
        in_error(ctx, n->at,
                 "%s has an unknown unit '%s' in '%s'; write a plain number (a count, a share), "
                 "a duration (ms, s, min, h, d or w: 5.5h) or a rate (36/min)",
                 key, suffix, n->text);
        return false;
    }
    *out = (struct ur_quantity){.kind = kind, .text = n->text, .at = n->at};
    return in_read_quantity(ctx, n, key, kind, &out->v);
}

bool in_read_int(struct in_ctx *ctx, const struct in_node *n, const char *key, long *out)
{
    struct number num;
    if (!read_number(ctx, n, key, "an integer", &num))
        return false;
    if (!num.integral || n->text[num.end] != '\0') {
        in_error(ctx, n->at, "%s must be an integer, got %s", key, n->text);
        return false;
    }
    errno = 0;
    long long v = strtoll(num.digits, NULL, 10);
    if (errno == ERANGE || v > LONG_MAX || v < LONG_MIN) {
        in_error(ctx, n->at, "%s: the integer %s is too large", key, n->text);
        return false;
    }
    *out = (long)v;
    return true;
}

bool in_read_bool(struct in_ctx *ctx, const struct in_node *n, const char *key, bool *out)
{
    if (n->kind == IN_SCALAR && !in_is_null(n)) {
        if (strcasecmp(n->text, "true") == 0 || strcasecmp(n->text, "false") == 0) {
            *out = strcasecmp(n->text, "true") == 0;
            return true;
        }
        in_error(ctx, n->at, "%s must be true or false, got '%s'", key, n->text);
        return false;
    }
    in_error(ctx, n->at, "%s must be true or false, got %s", key,
             n->kind == IN_SCALAR ? "nothing" : kind_name(n));
    return false;
}
