/* Variants side by side: paired differences from the first (sim/compare.c). */
#ifndef URSIM_SIM_COMPARE_H
#define URSIM_SIM_COMPARE_H

#include <stdio.h>

#include "runner.h"

/* Writes /comparison/<kpi>/<variant> for every variant after the first.
 * res[v] holds variant v's KPIs; all have the same replications. */
int ur_compare_write(const struct ur_results *res, const char *const *names, size_t n_variants,
                     struct ur_out *out);
/* Prints each KPI: every variant's mean and interval, and its difference
 * from the first with its interval. */
void ur_compare_print(const struct ur_results *res, const char *const *names, size_t n_variants,
                      FILE *f);

#endif
