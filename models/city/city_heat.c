/* Online heat: H(t) = sum over complaints i of exp(-(t - t_i) / tau).
 *
 * Computed exactly, not sampled: between complaints H decays, so it only
 * rises at a complaint and falls below the threshold thr = above x tau at
 * t_last + tau ln(H(t_last) / thr). The city trends from hold after H
 * reached thr until it falls below it again. An apology multiplies H by
 * `apology` at once. A steady rate r of complaints keeps H near r tau: a
 * threshold written as a rate is the heat that rate keeps, so a burst
 * trends for about tau ln(burst / thr) after it, and a slow steady stream
 * only while it lasts (the memory a rolling count lacks).
 *
 * Figures over the window (after warm-up): the peak of H, its integral
 * (heat-hours: complaint-hours of attention) and the time trending.
 */
#include <math.h>

#include "city_internal.h"

static double tau_of(const struct city *c)
{
    return c->cfg->has_trending ? c->cfg->trending.tau_s : 3600.0;
}

static double threshold_of(const struct city *c)
{
    return c->cfg->has_trending ? c->cfg->trending.above_per_s * c->cfg->trending.tau_s
                                : INFINITY;
}

/* Brings H from t_last to t_s, with no complaint in between. */
static void heat_advance(struct city *c, double t_s)
{
    struct city_heat *h = &c->heat;
    double tau = tau_of(c), dt = t_s - h->t_last;
    if (dt <= 0)
        return;
    double from = fmax(h->t_last, h->window_start_s);
    if (t_s > from) /* the integral of H over [from, t_s] */
        h->area += h->h * tau * (exp(-(from - h->t_last) / tau) - exp(-dt / tau));
    if (!isnan(h->above_since)) {
        double thr = threshold_of(c), down = h->t_last + tau * log(h->h / thr);
        double start = fmax(fmax(h->t_last, h->above_since + c->cfg->trending.hold_s),
                            h->window_start_s);
        double end = fmin(t_s, down);
        if (end > start)
            h->trending_s += end - start;
        if (down <= t_s)
            h->above_since = NAN;
    }
    h->h *= exp(-dt / tau);
    h->t_last = t_s;
}

void city_heat_complaint(struct city *c, double t_s)
{
    struct city_heat *h = &c->heat;
    heat_advance(c, t_s);
    h->h += 1.0;
    if (t_s >= h->window_start_s)
        h->peak = fmax(h->peak, h->h);
    if (isnan(h->above_since) && h->h >= threshold_of(c))
        h->above_since = t_s;
}

void city_heat_apology(struct city *c, double t_s)
{
    struct city_heat *h = &c->heat;
    heat_advance(c, t_s);
    h->h *= c->cfg->has_trending ? c->cfg->trending.apology : 1.0;
    if (h->h < threshold_of(c))
        h->above_since = NAN;
}

double city_heat_at(struct city *c, double t_s)
{
    heat_advance(c, t_s);
    return c->heat.h;
}

bool city_trending_at(struct city *c, double t_s)
{
    heat_advance(c, t_s);
    const struct city_heat *h = &c->heat;
    return !isnan(h->above_since) && t_s - h->above_since >= c->cfg->trending.hold_s;
}

void city_heat_init(struct city *c)
{
    c->heat = (struct city_heat){.above_since = NAN};
}

void city_heat_warmup_end(struct city *c, double t_s)
{
    struct city_heat *h = &c->heat;
    heat_advance(c, t_s);
    h->window_start_s = t_s;
    h->area = h->trending_s = 0;
    h->peak = h->h;
}
