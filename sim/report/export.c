/* `ursim export OUT.h5 --csv DIR`: the results file as tidy CSV, one
 * observation per row, that pandas (read_csv with no arguments) or R read
 * as they are:
 *   kpis.csv        variant, point, replication, kpi, value, units
 *   kpi_means.csv   variant, point, kpi, mean, ci95_lo, ci95_hi, n, units,
 *                   headline_rank, better
 *   comparison.csv  variant, baseline, replication, kpi, difference, units
 *   timeseries.csv  variant, replication, time_s, series, value, units
 *   plan_log.csv    variant, replication, time_s, source, event, detail, value
 *   table_<path>.csv  a model's table (tables/<path>), variant first
 *   calibration.csv   the observed figures against the run (/calibration),
 *                   when the scenario lists them
 * `variant` is empty for a run without variants, `point` until sweeps
 * write experiment points; an empty cell is a missing value (NaN). Each
 * file is written to NAME.tmp and renamed when complete; on failure the
 * .tmp files are removed and nothing is left half-written.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ursim/diag.h>

#include "csv.h"
#include "report.h"
#include "view.h"

static void kpis(const struct rp_view *v, FILE *f)
{
    fputs("variant,point,replication,kpi,value,units\n", f);
    for (size_t g = 0; g < v->n_groups; g++)
        for (size_t k = 0; k < v->groups[g].n_kpis; k++) {
            const struct rp_kpi *kp = &v->groups[g].kpis[k];
            for (size_t r = 0; r < kp->n_reps; r++) {
                rp_csv_text(f, v->groups[g].name, ',');
                fprintf(f, ",%zu,", r);
                rp_csv_text(f, kp->path, ',');
                rp_csv_num(f, kp->per_rep[r], ',');
                rp_csv_text(f, kp->units, '\n');
            }
        }
}

static void kpi_means(const struct rp_view *v, FILE *f)
{
    fputs("variant,point,kpi,mean,ci95_lo,ci95_hi,n,units,headline_rank,better\n", f);
    for (size_t g = 0; g < v->n_groups; g++)
        for (size_t k = 0; k < v->groups[g].n_kpis; k++) {
            const struct rp_kpi *kp = &v->groups[g].kpis[k];
            rp_csv_text(f, v->groups[g].name, ',');
            fputc(',', f);
            rp_csv_text(f, kp->path, ',');
            rp_csv_num(f, kp->ci.mean, ',');
            rp_csv_num(f, kp->ci.lo, ',');
            rp_csv_num(f, kp->ci.hi, ',');
            fprintf(f, "%zu,", kp->ci.n);
            rp_csv_text(f, kp->units, ',');
            fprintf(f, "%d,%s\n", kp->rank,
                    kp->better > 0 ? "higher" : kp->better < 0 ? "lower" : "");
        }
}

static void comparison(const struct rp_view *v, FILE *f)
{
    fputs("variant,baseline,replication,kpi,difference,units\n", f);
    const struct rp_group *base = &v->groups[0];
    for (size_t k = 0; v->variants && k < base->n_kpis; k++)
        for (size_t g = 1; g < v->n_groups; g++) {
            char path[1024];
            snprintf(path, sizeof path, "/comparison/%s/%s", base->kpis[k].path,
                     v->groups[g].name);
            struct ur_array a;
            if (ur_resfile_read(v->file, path, &a) < 0)
                continue;
            for (size_t r = 0; r < a.dims[0]; r++) {
                rp_csv_text(f, v->groups[g].name, ',');
                rp_csv_text(f, base->name, ',');
                fprintf(f, "%zu,", r);
                rp_csv_text(f, base->kpis[k].path, ',');
                rp_csv_num(f, a.v[r], ',');
                rp_csv_text(f, base->kpis[k].units, '\n');
            }
            ur_array_free(&a);
        }
}

static void series_rows(const struct rp_view *v, const struct rp_group *g, const char *rel,
                        const struct ur_array *time, FILE *f)
{
    char path[1024];
    snprintf(path, sizeof path, "%stimeseries/%s", g->prefix, rel);
    struct ur_array a;
    if (ur_resfile_read(v->file, path, &a) < 0 || a.rank != 2) {
        ur_array_free(&a);
        return;
    }
    char *units = ur_resfile_attr_text(v->file, path, "units");
    for (size_t r = 0; r < a.dims[0]; r++)
        for (size_t k = 0; k < a.dims[1] && k < time->dims[0]; k++) {
            rp_csv_text(f, g->name, ',');
            fprintf(f, "%zu,", r);
            rp_csv_num(f, time->v[k], ',');
            rp_csv_text(f, rel, ',');
            rp_csv_num(f, a.v[r * a.dims[1] + k], ',');
            rp_csv_text(f, units ? units : "", '\n');
        }
    free(units);
    ur_array_free(&a);
}

static void timeseries(const struct rp_view *v, FILE *f)
{
    fputs("variant,replication,time_s,series,value,units\n", f);
    for (size_t g = 0; g < v->n_groups; g++) {
        const struct rp_group *gr = &v->groups[g];
        char dir[600], tpath[600];
        snprintf(dir, sizeof dir, "%stimeseries", gr->prefix);
        snprintf(tpath, sizeof tpath, "%stimeseries/time", gr->prefix);
        struct ur_array time;
        struct ur_strs names;
        if (ur_resfile_read(v->file, tpath, &time) < 0)
            continue;
        if (ur_resfile_datasets(v->file, dir, &names) == 0)
            for (size_t i = 0; i < names.n; i++)
                series_rows(v, gr, names.v[i], &time, f);
        ur_strs_free(&names);
        ur_array_free(&time);
    }
}

/* A table's rows, variant first (none when NULL), then its columns as they are. */
static void table_rows(const char *variant, const struct ur_table *t, bool header, FILE *f)
{
    if (header) {
        fputs(variant ? "variant" : "", f);
        for (size_t c = 0; c < t->n_cols; c++) {
            if (variant || c > 0)
                fputc(',', f);
            rp_csv_text(f, strcmp(t->names[c], "time") == 0 ? "time_s" : t->names[c], 0);
        }
        fputc('\n', f);
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        if (variant)
            rp_csv_text(f, variant, 0);
        for (size_t c = 0; c < t->n_cols; c++) {
            if (variant || c > 0)
                fputc(',', f);
            if (t->is_text[c])
                rp_csv_text(f, t->text[c][r], 0);
            else
                rp_csv_num(f, t->num[c][r], 0);
        }
        fputc('\n', f);
    }
}

static void plan_log(const struct rp_view *v, FILE *f)
{
    bool header = false;
    for (size_t g = 0; g < v->n_groups; g++) {
        if (v->groups[g].log.n_cols == 0)
            continue; /* no plan_log in this group */
        table_rows(v->groups[g].name, &v->groups[g].log, !header, f);
        header = true;
    }
    if (!header)
        fputs("variant,replication,time_s,source,event,detail,value\n", f);
}

/* /calibration as it is (it has its own variant column). */
static void calibration(const struct rp_view *v, FILE *f)
{
    struct ur_table t;
    if (ur_resfile_table(v->file, "/calibration", &t) == 0)
        table_rows(NULL, &t, true, f);
    ur_table_free(&t);
}

/* Writes DIR/name through DIR/name.tmp; the .tmp is left for commit. */
static int write_one(const char *dir, const char *name, void (*fill)(const struct rp_view *, FILE *),
                     const struct rp_view *v, struct rp_csv_files *files)
{
    FILE *f = rp_csv_open(files, dir, name);
    if (!f)
        return UR_EIO;
    fill(v, f);
    return rp_csv_close(files, f);
}

/* One file per model table (tables/<path> in any group), rows of every
 * group together. */
static int write_tables(const struct rp_view *v, const char *dir, struct rp_csv_files *files)
{
    char where[600];
    snprintf(where, sizeof where, "%stables", v->groups[0].prefix);
    struct ur_strs names;
    int rc = ur_resfile_datasets(v->file, where, &names);
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        char file[600];
        snprintf(file, sizeof file, "table_%s.csv", names.v[i]);
        for (char *p = file; *p; p++)
            *p = *p == '/' ? '_' : *p;
        FILE *f = rp_csv_open(files, dir, file);
        if (!f) {
            rc = UR_EIO;
            break;
        }
        for (size_t g = 0; g < v->n_groups; g++) {
            char path[1200];
            snprintf(path, sizeof path, "%stables/%s", v->groups[g].prefix, names.v[i]);
            struct ur_table t;
            if (ur_resfile_table(v->file, path, &t) == 0)
                table_rows(v->groups[g].name, &t, g == 0, f);
            ur_table_free(&t);
        }
        rc = rp_csv_close(files, f);
    }
    ur_strs_free(&names);
    return rc;
}

int ur_export_csv(const char *h5_path, const char *dir, FILE *err)
{
    struct rp_view v;
    int status = rp_view_open_for_command(&v, h5_path, err);
    if (status)
        return status;
    int rc = 0;
    struct rp_csv_files files = {0};
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        fprintf(err, "ursim: %s: %s\n", dir, strerror(errno));
        rp_view_close(&v);
        return 1;
    }
    static const struct {
        const char *name;
        void (*fill)(const struct rp_view *, FILE *);
    } parts[] = {{"kpis.csv", kpis},         {"kpi_means.csv", kpi_means},
                 {"comparison.csv", comparison}, {"timeseries.csv", timeseries},
                 {"plan_log.csv", plan_log}};
    for (size_t i = 0; rc == 0 && i < sizeof parts / sizeof parts[0]; i++)
        rc = write_one(dir, parts[i].name, parts[i].fill, &v, &files);
    if (rc == 0 && ur_resfile_exists(v.file, "/calibration"))
        rc = write_one(dir, "calibration.csv", calibration, &v, &files);
    if (rc == 0)
        rc = write_tables(&v, dir, &files);
    rc = rp_csv_commit(&files, rc, err);
    rp_view_close(&v);
    if (rc == 0)
        printf("%s: %zu CSV files\n", dir, files.n_done);
    rp_csv_files_fini(&files);
    return rc == 0 ? 0 : 1;
}
