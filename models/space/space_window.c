/* Windows shaped like a surge (ramp up, hold, ramp down), for what a shock
 * does besides multiplying incident rates: slower travel (responders', and
 * any other model's trips that read it) and fewer staff (space.h). */
#include <ursim/arrivals.h>

#include "space.h"

double space_window_weight(const struct ur_arrivals_surge *w, double t_s)
{
    double up = w->start_s + w->ramp_s, down = up + w->duration_s, end = down + w->ramp_s;
    if (t_s < w->start_s || t_s >= end)
        return 0.0;
    if (t_s < up)
        return (t_s - w->start_s) / w->ramp_s;
    if (t_s < down)
        return 1.0;
    return (end - t_s) / w->ramp_s;
}

double space_window_factor(const struct ur_arrivals_surge *w, double factor, double t_s)
{
    return 1.0 + (factor - 1.0) * space_window_weight(w, t_s);
}
