/* Names in error messages, and arrival processes checked against the horizon. */
#include <stdio.h>
#include <string.h>

#include "common.h"

void model_names_of(const struct ur_list *l, size_t stride, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < l->n && used + 1 < size; i++) {
        const char *name = *(const char *const *)((const char *)l->items + i * stride);
        int n = snprintf(buf + used, size - used, "%s'%s'", i ? ", " : "", name);
        used += n > 0 ? (size_t)n : 0;
    }
}

long model_index_of(const struct ur_list *l, size_t stride, const char *name)
{
    for (size_t i = 0; name && i < l->n; i++)
        if (strcmp(*(const char *const *)((const char *)l->items + i * stride), name) == 0)
            return (long)i;
    return -1;
}

void model_check_arrivals(const struct ur_arrivals_config *a, double horizon_s,
                          struct ur_check *ck, const char *key)
{
    const char *why = NULL;
    struct ur_arrivals *built = ur_arrivals_new(a, horizon_s, &why);
    ur_arrivals_free(built);
    if (!built && why) {
        char at[160];
        snprintf(at, sizeof at, "%s%s", key, a->has_total ? ".total" : "");
        ur_check_error(ck, at, "%s", why);
    }
}
