/* The report's sections (html.c puts them together). */
#ifndef URSIM_REPORT_HTML_H
#define URSIM_REPORT_HTML_H

#include <stdio.h>

#include "view.h"

void rp_html_kpi_row(FILE *f, const struct rp_kpi *k, const char *name);
/* Paired differences per variant: a table and a chart per headline KPI. */
void rp_html_comparison(const struct rp_view *v, FILE *f);
/* Time series: mean and 10-90% band over replications, every variant. */
void rp_html_series(const struct rp_view *v, FILE *f);
/* The plan's timeline (replication 0) and its rows. */
void rp_html_plan(const struct rp_view *v, FILE *f);
/* KPIs broken down by a dimension (<kpi>_by_<dim>/<part>), as bars. */
void rp_html_breakdowns(const struct rp_view *v, FILE *f);
/* Every table and vector under `group`, when it exists. */
void rp_html_tables(const struct rp_view *v, const char *group, const char *title, FILE *f);

#endif
