/* The calibration table of a results file, for people (calib.c). */
#ifndef URSIM_REPORT_CALIB_H
#define URSIM_REPORT_CALIB_H

#include <stdio.h>

#include "view.h"

/* A line per observed figure (at most 10) and how many agree; nothing
 * when the file has no /calibration. */
void rp_calibration_text(const struct rp_view *v, FILE *f);
/* The report's section: every figure with its source. */
void rp_html_calibration(const struct rp_view *v, FILE *f);

#endif
