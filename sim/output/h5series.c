/* The datasets of the results file: sample times, time series, summaries.
 *
 * A series is (replication, sample) float64, created on its first block and
 * then written one hyperslab per block. Chunks are one replication wide and
 * up to 4096 samples long (32 KiB), compressed with shuffle + deflate 4: the
 * unit a replication's thread fills, and small enough that HDF5's default
 * 1 MiB per-dataset chunk cache holds the partly written chunk of every
 * thread, so a chunk is compressed once, when it is evicted complete or at
 * close. The fill value is NaN, so what no replication wrote reads NaN (and
 * costs no space: unwritten chunks are never allocated).
 *
 * A summary is one value per replication, with its mean, sample sd and 95%
 * Student-t interval (ur_ci95, NaN skipped) as attributes, so a reader needs
 * no statistics library to quote a KPI.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <ursim/stats.h>

#include "h5out.h"

#define CHUNK_SAMPLES 4096
#define DEFLATE_LEVEL 4

static const char TIME_DESCRIPTION[] = "end of each sample interval";

/* Writes a contiguous 1-D float64 dataset and its units/description. */
static int write_vector(struct ur_out *out, const char *full, const double *v, size_t n,
                        const char *units, const char *description)
{
    hsize_t dims[1] = {n};
    hid_t space = H5Screate_simple(1, dims, NULL);
    if (space < 0)
        return out_fail_hdf5(out, "creating %s", full);
    hid_t d =
        H5Dcreate2(out->file, full, H5T_IEEE_F64LE, space, out->lcpl, H5P_DEFAULT, H5P_DEFAULT);
    int rc = 0;
    if (d < 0 || (n && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) ||
        out_attr_meta(d, ".", units, description) < 0)
        rc = out_fail_hdf5(out, "writing %s", full);
    if (d >= 0 && H5Dclose(d) < 0)
        rc = out_fail_hdf5(out, "closing %s", full);
    H5Sclose(space);
    return rc;
}

int ur_out_time(struct ur_out *out, const char *group, const double *t_s, size_t n_samples)
{
    int rc = out_begin(out);
    char *full = rc ? NULL : out_dset_path(group, "timeseries", "time");
    if (!rc && !full)
        rc = out_fail_errno(out, UR_ENOMEM, "naming the time dataset");
    if (!rc)
        rc = write_vector(out, full, t_s, n_samples, "s", TIME_DESCRIPTION);
    hid_t d = rc ? -1 : H5Dopen2(out->file, full, H5P_DEFAULT);
    if (!rc && (d < 0 || out_dims_time_scale(out, d) < 0))
        rc = out_fail_hdf5(out, "making %s a dimension", full);
    if (d >= 0)
        H5Dclose(d);
    free(full);
    out_unlock();
    return rc;
}

/* Chunked, shuffled, deflated, NaN-filled; NaN fill alone when empty
 * (a chunk may not be larger than a fixed-size dimension). */
static hid_t series_dcpl(hsize_t n_samples)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (dcpl < 0)
        return -1;
    double nan = NAN;
    hsize_t chunk[2] = {1, n_samples < CHUNK_SAMPLES ? n_samples : CHUNK_SAMPLES};
    if (H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan) < 0 ||
        (n_samples > 0 && (H5Pset_chunk(dcpl, 2, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
                           H5Pset_deflate(dcpl, DEFLATE_LEVEL) < 0))) {
        H5Pclose(dcpl);
        return -1;
    }
    return dcpl;
}

/* "/<group>/<kind>", malloc'd: where a kind's dimension scales live. */
static char *kind_dir(const char *group, const char *kind)
{
    char *dir = out_dset_path(group, kind, "");
    if (dir)
        dir[strlen(dir) - 1] = '\0';
    return dir;
}

/* Names the axes of d: replication (and time, for a series). */
static int name_axes(struct ur_out *out, hid_t d, const char *group, const char *kind,
                     hsize_t n_reps, bool time)
{
    char *dir = kind_dir(group, kind);
    if (!dir)
        return out_fail_errno(out, UR_ENOMEM, "naming the dimensions of %s", kind);
    if (out_dims_replication(out, d, dir, n_reps, 0) == 0 && time)
        out_dims_time(out, d, dir);
    free(dir);
    return out->err;
}

static struct out_dset *create_series(struct ur_out *out, const char *group, const char *full,
                                      const struct ur_series_info *s, hsize_t n_reps,
                                      hsize_t n_samples)
{
    hsize_t dims[2] = {n_reps, n_samples};
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dcpl = space < 0 ? -1 : series_dcpl(n_samples);
    hid_t d =
        dcpl < 0 ? -1
                 : H5Dcreate2(out->file, full, H5T_IEEE_F64LE, space, out->lcpl, dcpl, H5P_DEFAULT);
    if (d < 0 || out_attr_meta(d, ".", s->units, s->description) < 0)
        out_fail_hdf5(out, "creating %s", full);
    else
        name_axes(out, d, group, "timeseries", n_reps, true);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    if (!out->err && out_cache_add(&out->dsets, full, d, n_reps, n_samples) < 0)
        out_fail_errno(out, UR_ENOMEM, "remembering %s", full);
    if (!out->err)
        return out_cache_find(&out->dsets, full);
    if (d >= 0)
        H5Dclose(d);
    return NULL;
}

static int write_block(struct ur_out *out, const struct out_dset *d, hsize_t rep, hsize_t first,
                       hsize_t n, const double *values)
{
    hsize_t start[2] = {rep, first}, count[2] = {1, n};
    hid_t file_space = H5Dget_space(d->id);
    hid_t mem_space = H5Screate_simple(1, &n, NULL);
    if (file_space < 0 || mem_space < 0 ||
        H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
        H5Dwrite(d->id, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, values) < 0)
        out_fail_hdf5(out, "writing %s[%llu, %llu:%llu]", d->path, (unsigned long long)rep,
                      (unsigned long long)first, (unsigned long long)(first + n));
    if (mem_space >= 0)
        H5Sclose(mem_space);
    if (file_space >= 0)
        H5Sclose(file_space);
    return out->err;
}

int ur_out_series(struct ur_out *out, const char *group, const struct ur_series_info *s,
                  size_t n_reps, size_t n_samples, size_t rep, size_t first, size_t n,
                  const double *values)
{
    UR_ASSERT(rep < n_reps && first <= n_samples && n <= n_samples - first);
    int rc = out_begin(out);
    char *full = rc ? NULL : out_dset_path(group, "timeseries", s->path);
    if (!rc && !full)
        rc = out_fail_errno(out, UR_ENOMEM, "naming series %s", s->path);
    struct out_dset *d = rc ? NULL : out_cache_find(&out->dsets, full);
    if (!rc && !d)
        d = create_series(out, group, full, s, n_reps, n_samples);
    if (d) /* one series, one shape: a mismatch is a bug in the caller */
        UR_ASSERT(d->n_reps == n_reps && d->n_samples == n_samples);
    if (d && n > 0)
        write_block(out, d, rep, first, n, values);
    free(full);
    rc = out->err;
    out_unlock();
    return rc;
}

static int write_aggregates(hid_t file, const char *full, const double *per_rep, size_t n_reps)
{
    struct ur_ci ci = ur_ci95(per_rep, n_reps);
    if (out_attr_double(file, full, "mean", ci.mean) < 0 ||
        out_attr_double(file, full, "sd", ci.sd) < 0 ||
        out_attr_double(file, full, "ci95_lo", ci.lo) < 0 ||
        out_attr_double(file, full, "ci95_hi", ci.hi) < 0)
        return -1;
    return out_attr_int64(file, full, "n", (long long)ci.n);
}

/* name_axes for the dataset at `full`, opened for it. */
static int name_axes_of(struct ur_out *out, const char *full, const char *group, const char *kind,
                        size_t n_reps)
{
    hid_t d = H5Dopen2(out->file, full, H5P_DEFAULT);
    if (d < 0)
        return out_fail_hdf5(out, "opening %s", full);
    name_axes(out, d, group, kind, n_reps, false);
    H5Dclose(d);
    return out->err;
}

/* A headline KPI's rank and direction (ur_rec_headline); nothing for others. */
static int write_headline(hid_t file, const char *full, const struct ur_kpi *k)
{
    if (k->headline_rank <= 0)
        return 0;
    const char *better = k->better == UR_BETTER_HIGHER  ? "higher"
                         : k->better == UR_BETTER_LOWER ? "lower"
                                                        : "neither";
    if (out_attr_int64(file, full, "headline_rank", k->headline_rank) < 0)
        return -1;
    return out_attr_string(file, full, "better", better);
}

int ur_out_comparison(struct ur_out *out, const struct ur_kpi *k, const char *variant,
                      const char *baseline, const double *diff, size_t n_reps)
{
    int rc = out_begin(out);
    size_t len = strlen(k->path) + 1 + strlen(variant) + 1;
    char *path = rc ? NULL : malloc(len);
    char *full = path ? (snprintf(path, len, "%s/%s", k->path, variant),
                         out_dset_path("", "comparison", path))
                      : NULL;
    if (!rc && !full)
        rc = out_fail_errno(out, UR_ENOMEM, "naming comparison %s", k->path);
    if (!rc)
        rc = write_vector(out, full, diff, n_reps, k->units, k->description);
    if (!rc && (write_aggregates(out->file, full, diff, n_reps) < 0 ||
                write_headline(out->file, full, k) < 0 ||
                out_attr_string(out->file, full, "baseline", baseline) < 0))
        rc = out_fail_hdf5(out, "writing the aggregates of %s", full);
    if (!rc)
        rc = name_axes_of(out, full, "", "comparison", n_reps);
    free(path);
    free(full);
    out_unlock();
    return rc;
}

int ur_out_summary(struct ur_out *out, const char *group, const struct ur_kpi *k,
                   const double *per_rep, size_t n_reps)
{
    int rc = out_begin(out);
    char *full = rc ? NULL : out_dset_path(group, "summary", k->path);
    if (!rc && !full)
        rc = out_fail_errno(out, UR_ENOMEM, "naming summary %s", k->path);
    if (!rc)
        rc = write_vector(out, full, per_rep, n_reps, k->units, k->description);
    if (!rc && (write_aggregates(out->file, full, per_rep, n_reps) < 0 ||
                write_headline(out->file, full, k) < 0))
        rc = out_fail_hdf5(out, "writing the aggregates of %s", full);
    if (!rc)
        rc = name_axes_of(out, full, group, "summary", n_reps);
    free(full);
    out_unlock();
    return rc;
}
