/* Observed figures (`observed:` in a scenario file): what the sources
 * report, each with its source and a tolerance, checked against the KPI a
 * run publishes. The loader binds them (sim/input/observed.c); `ursim
 * validate` and `ursim run` check every path and unit against the KPIs a dry
 * build of the models publishes (sim/calibration.c); after a run each gets a
 * row of the calibration table (/calibration).
 *
 *     observed:
 *       - kpi: sites/giant-slide/venue/wait_served_p95
 *         between: [5h, 6h]
 *         source: "opening day 18 Dec 2023: waits of 5-6 h at about -20 C"
 *       - kpi: stations/windows/wait_all_mean
 *         value: 2.1min
 *         within: 0.2min
 *         variant: with-plan
 *         source: "..."
 */
#ifndef URSIM_OBSERVED_H
#define URSIM_OBSERVED_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "schema.h"

struct ur_observed {
    /* bound from the file */
    const char *kpi;     /* below <group>/summary/: "stations/windows/wait_all_mean" */
    const char *variant; /* NULL: the root run, or the first variant (the baseline) */
    const char *source, *note;
    struct ur_quantity value, within;
    struct ur_quantities between;
    bool value_given, within_given, between_given;
    bool assert_agree; /* `assert: true`: the calibration_agree test requires agreement */
    /* set by the loader */
    double lo_si, hi_si; /* the observed range, in SI units (s, 1/s) for a duration or rate */
    enum ur_type kind;   /* UR_T_REAL, UR_T_DURATION or UR_T_RATE: how it was written */
    const char *shown;   /* the figure as written: "5.5h ± 0.5h", "5h to 6h" */
    size_t group;        /* the variant's index (0 without variants) */
    struct ur_loc kpi_at, value_at;
    /* set by ur_observed_check */
    const char *units; /* the KPI's */
    double lo, hi;     /* the observed range in the KPI's units */
};

/* A KPI a run of one group publishes: its path below summary/ and units. */
struct ur_kpi_name {
    const char *path, *units;
};

struct ur_scenario;

/* Checks the figures of group `group` (a variant's index; 0 without
 * variants) against the KPIs that group publishes: the path must be one of
 * them (else an error at `kpi:` naming the nearest), and the figure must be
 * written as the KPI's units are (a duration for s, min or h; a rate for
 * <what>/h; a plain number otherwise; else an error at the value). Then sets
 * units, lo and hi. Returns 0, UR_EINPUT with the errors in diag, or
 * UR_ENOMEM. */
int ur_observed_check(struct ur_scenario *s, size_t group, const struct ur_kpi_name *kpis,
                      size_t n_kpis, struct ur_diag *diag);

/* How a KPI's units are written in a scenario file: *kind as above, and
 * *per_si the KPI's units per SI unit (1/3600 for "h", 3600 for "visitors/h",
 * 1 for plain numbers). */
void ur_observed_units(const char *units, enum ur_type *kind, double *per_si);

#endif
