/* What the summary, the report and the export read from a results file: a
 * view of its groups (the root, or each variant, then experiment points as
 * they come), their KPIs with intervals and headline marks, their plan logs,
 * and the paired comparison. Built from whatever the file holds (resfile.h),
 * so a group another part of ursim adds shows up once it exists. */
#ifndef URSIM_REPORT_VIEW_H
#define URSIM_REPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <ursim/resfile.h>
#include <ursim/stats.h>

struct rp_kpi {
    char *path; /* below summary/: "city/complaints" */
    char *units, *description;
    int rank;   /* headline_rank, 0 when none */
    int better; /* +1 higher is better, -1 lower, 0 neither or unknown */
    double *per_rep;
    size_t n_reps;
    struct ur_ci ci;
};

struct rp_group {
    char *name;   /* "" for the root, else the variant's (or point's) name */
    char *prefix; /* "/" or "/variants/<name>/": where its summary/ etc. live */
    struct rp_kpi *kpis;
    size_t n_kpis;
    struct ur_table log; /* its plan_log; n_rows 0 when absent */
};

struct rp_view {
    struct ur_resfile *file;
    char *path, *scenario, *created, *start; /* start: scenario.start or NULL */
    long long seed, replications;
    double horizon_s; /* last sample time, NaN when unknown */
    struct rp_group *groups; /* the baseline first */
    size_t n_groups;
    bool variants; /* groups are /variants/<name> */
};

/* Opens and reads PATH. UR_EIO / UR_EINPUT with `msg` set for the user. */
int rp_view_open(struct rp_view *v, const char *path, char *msg, size_t msg_size);
/* rp_view_open for a command: prints why it failed to err; returns 0, or
 * the exit status (1 out of memory, 2 a missing or unreadable file). */
int rp_view_open_for_command(struct rp_view *v, const char *path, FILE *err);
void rp_view_close(struct rp_view *v);

const struct rp_kpi *rp_group_kpi(const struct rp_group *g, const char *path);
/* The paired difference of KPI `path` of variant `variant` from the baseline
 * (/comparison/<path>/<variant>): false when the file has none. */
bool rp_view_diff(const struct rp_view *v, const char *path, const char *variant,
                  struct ur_ci *ci);

#endif
