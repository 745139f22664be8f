/* Parts of the terminal summary shared by its short and long forms. */
#ifndef URSIM_REPORT_SUMMARY_H
#define URSIM_REPORT_SUMMARY_H

#include <stdio.h>

#include "view.h"

/* Cell (col, r) of a table: "" / NaN when the column is absent or of the
 * other kind. */
const char *rp_cell_text(const struct ur_table *t, const char *col, size_t r);
double rp_cell_num(const struct ur_table *t, const char *col, size_t r);
/* One plan-log row: "day 1 11:20  plan.windows-alarm fired: detail". */
void rp_log_row(const struct rp_view *v, const struct ur_table *log, size_t r, FILE *f);
/* The short form's body (headline, KPIs, worst of each, comparison, plan
 * log), without the title line. */
void rp_summary_short(const struct rp_view *v, FILE *f);
/* Everything: each group's KPIs, every paired difference, every plan-log
 * row of replication 0. */
void rp_summary_all(const struct rp_view *v, FILE *f);

#endif
