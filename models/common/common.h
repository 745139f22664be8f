/* Small pieces the domain models share: names for error messages and the
 * check that an arrival process can be built for the horizon. */
#ifndef URSIM_MODELS_COMMON_H
#define URSIM_MODELS_COMMON_H

#include <stddef.h>

#include <ursim/arrivals.h>
#include <ursim/schema.h>

/* "'a', 'b', 'c'": the names of a list whose items start with their name. */
void model_names_of(const struct ur_list *l, size_t stride, char *buf, size_t size);
/* Index of the item named `name` in such a list, -1 if none. */
long model_index_of(const struct ur_list *l, size_t stride, const char *name);
/* Reports at `key` (its `.total` when given) why arrivals `a` cannot be
 * built for the horizon (a `total` whose shape is 0 all run long). */
void model_check_arrivals(const struct ur_arrivals_config *a, double horizon_s,
                          struct ur_check *ck, const char *key);

#endif
