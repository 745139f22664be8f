/* Observed figures against the run (sim/calibration.c): the checks of
 * `ursim validate`, the KPI list of `validate --kpis`, and the calibration
 * table a run writes to /calibration. */
#ifndef URSIM_SIM_CALIBRATION_H
#define URSIM_SIM_CALIBRATION_H

#include <stdio.h>

#include "runner.h"
#include <ursim/observed.h>
#include <ursim/stats.h>

/* Checks every observed figure's path and units against the KPIs a dry
 * build of its group publishes (ur_observed_check). 0; UR_EINPUT with the
 * errors in diag; or UR_ENOMEM (or another UR_E* of a model's create). */
int ur_calibration_check(struct ur_scenario *sc, struct ur_diag *diag);
/* Prints, per group (the file or each variant), every KPI path a run
 * publishes with its units and description. 0 or a UR_E* code. */
int ur_calibration_list_kpis(const struct ur_scenario *sc, FILE *f);

/* Whether the mean's 95% interval `ci` overlaps the observed range [lo, hi]
 * (with one value, whether the mean lies in it): 1 agree, 0 disagree, -1 no
 * value (no replication gave one). */
int ur_calibration_agrees(struct ur_ci ci, double lo, double hi);
/* Writes /calibration, a row per observed figure, from res[g], the results
 * of group g (n_groups of them: 1 without variants). 0 or a UR_E* code. */
int ur_calibration_write(const struct ur_scenario *sc, const struct ur_results *res,
                         size_t n_groups, struct ur_out *out);
/* The same from n checked figures (kpi, group, shown, units, lo, hi,
 * assert_agree, source, note are read) and the groups' variant names (NULL
 * without variants): what a merge has, from the parts (units.h). */
int ur_calibration_write_figures(const struct ur_observed *figures, size_t n,
                                 const char *const *names, const struct ur_results *res,
                                 size_t n_groups, struct ur_out *out);

#endif
