/* Observed figures against the run: every scenario a validation case.
 *
 * Before anything runs, each figure's KPI path and units are checked against
 * what the models would publish. KPIs are published at the end of a run
 * (ur_rec_kpi in each model's finish), not declared, so the list comes from
 * a dry build: one replication of each group built and finished at t = 0
 * without running (ur_run with opts.dry), the same code that publishes
 * them in a real run, so the list cannot drift from it. Models publish every
 * KPI they know of from the start (NaN when there is nothing to measure);
 * the one exception is a response utilisation at a level where responders
 * arrive only during the run (sunk by a plan), which a figure cannot name.
 *
 * After the run, each figure gets one row of /calibration: the observed
 * range [lo, hi] (value +- within, or between) in the KPI's units, the
 * simulated mean over the replications with its 95% Student-t interval
 * (ur_ci95, GSL's t quantile), and whether they agree: the interval overlaps
 * the range. Overlap, not containment of the mean, because the mean is
 * itself uncertain: a figure disagrees only when the run rules it out at
 * the 95% level. With one replication there is no interval, and the mean
 * must lie in the range. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "compare.h"
#include <ursim/diag.h>

static const char TABLE[] = "/calibration";
static const char UNITS[] = "lo, hi, mean, ci95_lo, ci95_hi: the KPI's (column units); n: "
                            "replications; agree, assert: 1 or 0";
static const char DESCRIPTION[] =
    "observed figures (the scenario's `observed:`) against the simulated mean: kpi (below "
    "<group>/summary/), variant (empty: the file's run), observed (as written), units (the "
    "KPI's), lo and hi (the observed range in those units), mean with its 95% Student-t "
    "interval over the n replications, agree (the interval overlaps [lo, hi]; with one "
    "replication, the mean lies in it), verdict (agree, disagree, no value), assert (the "
    "calibration_agree test requires agreement), source, note";

static const struct ur_scenario *group_of(const struct ur_scenario *sc, size_t g)
{
    return sc->n_variants ? sc->variants[g] : sc;
}

/* The KPIs one group publishes, from a dry build (res: freed by the caller). */
static int dry_build(const struct ur_scenario *vs, struct ur_results *res)
{
    struct ur_run_opts opts = {
        .replications = 1, .seed = vs->run.seed, .threads = 1, .group = "", .dry = true};
    return ur_run(vs, &opts, NULL, res);
}

static bool group_used(const struct ur_scenario *sc, size_t g)
{
    const struct ur_observed *o = sc->observed.items;
    for (size_t i = 0; i < sc->observed.n; i++)
        if (o[i].group == g)
            return true;
    return false;
}

/* 0, UR_EINPUT (reported), or another UR_E* code. */
static int check_group(struct ur_scenario *sc, size_t g, struct ur_diag *diag)
{
    struct ur_results res;
    int rc = dry_build(group_of(sc, g), &res);
    struct ur_kpi_name *names = rc ? NULL : calloc(res.n_kpis + 1, sizeof *names);
    if (!rc && !names)
        rc = UR_ENOMEM;
    for (size_t k = 0; names && k < res.n_kpis; k++)
        names[k] = (struct ur_kpi_name){res.kpis[k].meta.path, res.kpis[k].meta.units};
    if (!rc)
        rc = ur_observed_check(sc, g, names, res.n_kpis, diag);
    free(names);
    ur_results_fini(&res);
    return rc;
}

int ur_calibration_check(struct ur_scenario *sc, struct ur_diag *diag)
{
    size_t n = sc->n_variants ? sc->n_variants : 1;
    int rc = 0;
    for (size_t g = 0; g < n && (rc == 0 || rc == UR_EINPUT); g++) {
        int r = group_used(sc, g) ? check_group(sc, g, diag) : 0;
        rc = r ? r : rc;
    }
    return rc;
}

int ur_calibration_list_kpis(const struct ur_scenario *sc, FILE *f)
{
    size_t n = sc->n_variants ? sc->n_variants : 1;
    int rc = 0;
    for (size_t g = 0; g < n && rc == 0; g++) {
        struct ur_results res;
        rc = dry_build(group_of(sc, g), &res);
        if (rc == 0)
            fprintf(f, "\nKPIs%s%s (%zu; in the results under %s%s%ssummary/):\n",
                    sc->n_variants ? " of variant " : "",
                    sc->n_variants ? sc->variant_names[g] : "", res.n_kpis,
                    sc->n_variants ? "/variants/" : "/", sc->n_variants ? sc->variant_names[g] : "",
                    sc->n_variants ? "/" : "");
        for (size_t k = 0; rc == 0 && k < res.n_kpis; k++)
            fprintf(f, "  %-50s %-12s %s\n", res.kpis[k].meta.path, res.kpis[k].meta.units,
                    res.kpis[k].meta.description);
        ur_results_fini(&res);
    }
    return rc;
}

int ur_calibration_agrees(struct ur_ci ci, double lo, double hi)
{
    if (ci.n == 0 || isnan(ci.mean))
        return -1;
    if (ci.n < 2 || isnan(ci.lo) || isnan(ci.hi))
        return ci.mean >= lo && ci.mean <= hi;
    return ci.lo <= hi && ci.hi >= lo;
}

/* The table's columns, one array per column. */
struct columns {
    const char **kpi, **variant, **observed, **units, **verdict, **source, **note;
    double *lo, *hi, *mean, *ci_lo, *ci_hi;
    long long *n, *agree, *assert_agree;
};

static bool columns_alloc(struct columns *c, size_t n)
{
    const char ***texts[] = {&c->kpi,     &c->variant, &c->observed, &c->units,
                             &c->verdict, &c->source,  &c->note};
    double **nums[] = {&c->lo, &c->hi, &c->mean, &c->ci_lo, &c->ci_hi};
    long long **counts[] = {&c->n, &c->agree, &c->assert_agree};
    bool ok = true;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ok = (*texts[i] = calloc(n + 1, sizeof(char *))) && ok;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        ok = (*nums[i] = calloc(n + 1, sizeof(double))) && ok;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        ok = (*counts[i] = calloc(n + 1, sizeof(long long))) && ok;
    return ok;
}

static void columns_free(struct columns *c)
{
    free(c->kpi), free(c->variant), free(c->observed), free(c->units), free(c->verdict);
    free(c->source), free(c->note);
    free(c->lo), free(c->hi), free(c->mean), free(c->ci_lo), free(c->ci_hi);
    free(c->n), free(c->agree), free(c->assert_agree);
}

static void fill_row(const struct ur_observed *o, const char *const *names,
                     const struct ur_results *res, size_t i, struct columns *c)
{
    static const char *const verdicts[] = {"no value", "disagree", "agree"};
    const struct ur_kpi_row *row = ur_compare_find(&res[o->group], o->kpi);
    /* A dry build found the path, but a model might publish it only in some runs. */
    struct ur_ci ci = row ? ur_ci95(row->per_rep, res[o->group].n_reps)
                          : (struct ur_ci){NAN, NAN, NAN, NAN, NAN, 0};
    int agree = ur_calibration_agrees(ci, o->lo, o->hi);
    c->kpi[i] = o->kpi;
    c->variant[i] = names ? names[o->group] : "";
    c->observed[i] = o->shown;
    c->units[i] = o->units;
    c->lo[i] = o->lo;
    c->hi[i] = o->hi;
    c->mean[i] = ci.mean;
    c->ci_lo[i] = ci.lo;
    c->ci_hi[i] = ci.hi;
    c->n[i] = (long long)ci.n;
    c->agree[i] = agree == 1;
    c->verdict[i] = verdicts[agree + 1];
    c->assert_agree[i] = o->assert_agree;
    c->source[i] = o->source;
    c->note[i] = o->note ? o->note : "";
}

int ur_calibration_write(const struct ur_scenario *sc, const struct ur_results *res,
                         size_t n_groups, struct ur_out *out)
{
    return ur_calibration_write_figures(sc->observed.items, sc->observed.n,
                                        sc->n_variants ? sc->variant_names : NULL, res,
                                        n_groups, out);
}

int ur_calibration_write_figures(const struct ur_observed *figures, size_t n,
                                 const char *const *names, const struct ur_results *res,
                                 size_t n_groups, struct ur_out *out)
{
    struct columns c = {0};
    int rc = columns_alloc(&c, n) ? 0 : UR_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        UR_ASSERT(figures[i].group < n_groups);
        fill_row(&figures[i], names, res, i, &c);
    }
    const struct ur_out_column cols[] = {
        {"kpi", c.kpi},
        {"variant", c.variant},
        {"observed", c.observed},
        {"units", c.units},
        {"lo", .num = c.lo},
        {"hi", .num = c.hi},
        {"mean", .num = c.mean},
        {"ci95_lo", .num = c.ci_lo},
        {"ci95_hi", .num = c.ci_hi},
        {"n", .count = c.n},
        {"agree", .count = c.agree},
        {"verdict", c.verdict},
        {"assert", .count = c.assert_agree},
        {"source", c.source},
        {"note", c.note},
    };
    if (rc == 0)
        rc = ur_out_columns(out, TABLE, UNITS, DESCRIPTION, n, cols, sizeof cols / sizeof cols[0]);
    columns_free(&c);
    return rc;
}
