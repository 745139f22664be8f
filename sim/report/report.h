/* What a person reads of a results file: the terminal summary (`ursim
 * summary`, and the end of `ursim run`) and the tidy CSV export (`ursim
 * export`). All read the file through
 * <ursim/resfile.h>. Each returns an exit status: 0 ok, 1 failed writing
 * (I/O, memory), 2 the results file is unreadable or not ursim's (a message
 * on `err` says which). */
#ifndef URSIM_REPORT_REPORT_H
#define URSIM_REPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

/* About 30 lines: headline, the KPIs that matter with 95% intervals, the
 * worst of each family of queue KPIs, the comparison, the plan log. `all`:
 * every KPI, every difference, every plan-log row of replication 0. */
int ur_summary(const char *h5_path, bool all, FILE *out, FILE *err);
/* One self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched) at html_path (NULL: the .h5 path with .html), via .tmp + rename. */
int ur_report(const char *h5_path, const char *html_path, FILE *err);
/* Tidy CSV files in directory `dir` (created if missing; see export.c). */
int ur_export_csv(const char *h5_path, const char *dir, FILE *err);

#endif
