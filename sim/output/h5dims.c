/* Named dimensions (HDF5 dimension scales, H5DS), so that netCDF readers
 * (xarray through h5netcdf or netCDF4, ncdump) see `replication` and `time`
 * instead of phony_dim_N.
 *
 *   <g>/timeseries/time         the sample times: scale "time" (made by
 *                               ur_out_time), CF units "seconds since
 *                               <scenario.start>" or "s", standard_name time
 *   <g>/timeseries/replication  0..n-1: scale "replication", on axis 0 of
 *                               every series (axis 1: time)
 *   <g>/summary/replication     the same for every KPI
 *   /comparison/replication     the same for every paired difference
 *   .../by_<dim>/<variant>/part the parts' names (grid, type, site): scale
 *                               "part" on axis 0 of diff, mean, sd, ...;
 *                               diff's axis 1 is /comparison/replication
 *   <table>_row                 0..n-1 for each table (plan_log,
 *                               tables/...), made at commit when its length
 *                               is known
 * A scale lives in the group of the datasets it labels or above, where
 * netCDF looks for it, and carries CF's long_name and units. The scales are
 * made on first use, under the lock like every call of this folder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>

#include "h5out.h"

/* Writes the 1-D int64 coordinate 0..n-1 at `full` and makes it scale `name`. */
static int make_index(struct ur_out *out, const char *full, const char *name, hsize_t n,
                      const char *long_name)
{
    int64_t *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return out_fail_errno(out, UR_ENOMEM, "making %s", full);
    for (hsize_t i = 0; i < n; i++)
        v[i] = (int64_t)i;
    hid_t space = H5Screate_simple(1, &n, NULL);
    hid_t d = space < 0 ? -1
                        : H5Dcreate2(out->file, full, H5T_STD_I64LE, space, out->lcpl,
                                     H5P_DEFAULT, H5P_DEFAULT);
    if (d < 0 || (n && H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) ||
        H5DSset_scale(d, name) < 0 || out_attr_string(d, ".", "units", "1") < 0 ||
        out_attr_string(d, ".", "long_name", long_name) < 0)
        out_fail_hdf5(out, "making the dimension %s", full);
    if (d >= 0)
        H5Dclose(d);
    if (space >= 0)
        H5Sclose(space);
    free(v);
    return out->err;
}

/* "<dir>/<name>", malloc'd. */
static char *child(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

/* Attaches scale `scale_path` to axis `axis` of `d`; a scale that does not
 * exist (no ur_out_time before a series, as in some tests) is skipped. */
static int attach(struct ur_out *out, hid_t d, const char *scale_path, unsigned axis)
{
    if (H5Lexists(out->file, scale_path, H5P_DEFAULT) <= 0)
        return 0;
    hid_t s = H5Dopen2(out->file, scale_path, H5P_DEFAULT);
    if (s < 0 || H5DSattach_scale(d, s, axis) < 0)
        out_fail_hdf5(out, "attaching the dimension %s", scale_path);
    if (s >= 0)
        H5Dclose(s);
    return out->err;
}

int out_dims_replication(struct ur_out *out, hid_t d, const char *dir, hsize_t n_reps,
                         unsigned axis)
{
    char *full = child(dir, "replication");
    if (!full)
        return out_fail_errno(out, UR_ENOMEM, "naming the replication dimension");
    int exists = H5Lexists(out->file, full, H5P_DEFAULT);
    if (exists <= 0)
        make_index(out, full, "replication", n_reps,
                   "replication (independent run on its own random streams)");
    if (!out->err)
        attach(out, d, full, axis);
    free(full);
    return out->err;
}

int out_dims_time(struct ur_out *out, hid_t d, const char *dir)
{
    char *full = child(dir, "time");
    if (!full)
        return out_fail_errno(out, UR_ENOMEM, "naming the time dimension");
    attach(out, d, full, 1);
    free(full);
    return out->err;
}

int out_dims_time_scale(struct ur_out *out, hid_t time)
{
    char units[96] = "s";
    if (out->start && out->start[0]) {
        /* CF: "seconds since 2023-12-30 00:00:00", space between date and time */
        snprintf(units, sizeof units, "seconds since %s", out->start);
        char *t = strchr(units + sizeof "seconds since", 'T');
        if (t)
            *t = ' ';
    }
    if (H5DSset_scale(time, "time") < 0 || out_attr_string(time, ".", "standard_name", "time") < 0 ||
        out_attr_string(time, ".", "axis", "T") < 0 ||
        (out->start && out->start[0] && out_attr_string(time, ".", "calendar", "standard") < 0))
        return out_fail_hdf5(out, "making the time dimension");
    if (H5Adelete(time, "units") < 0 || out_attr_string(time, ".", "units", units) < 0)
        return out_fail_hdf5(out, "writing the units of time");
    return 0;
}

int out_dims_parts(struct ur_out *out, hid_t g, hsize_t n_reps)
{
    static const char *const sets[] = {"diff", "mean", "sd", "ci95_lo", "ci95_hi", "share"};
    hid_t part = H5Dopen2(g, "part", H5P_DEFAULT);
    if (part < 0 || H5DSset_scale(part, "part") < 0)
        out_fail_hdf5(out, "making the part dimension");
    for (size_t i = 0; !out->err && i < sizeof sets / sizeof sets[0]; i++) {
        hid_t d = H5Dopen2(g, sets[i], H5P_DEFAULT);
        if (d < 0 || H5DSattach_scale(d, part, 0) < 0)
            out_fail_hdf5(out, "attaching the part dimension to %s", sets[i]);
        else if (i == 0)
            out_dims_replication(out, d, "/comparison", n_reps, 1);
        if (d >= 0)
            H5Dclose(d);
    }
    if (part >= 0)
        H5Dclose(part);
    return out->err;
}

/* H5DS refuses scales on "reserved" datasets, those whose CLASS is TABLE
 * (H5DS_is_reserved), though nothing in a table's conventions forbids a
 * DIMENSION_LIST. So CLASS steps aside for the attach and comes back: the
 * table stays an H5TB table, and netCDF readers see its row dimension. The
 * table is complete by then (commit), so no H5TB call sees the gap. */
static int attach_table(struct ur_out *out, hid_t d, const char *scale_path)
{
    if (H5Arename(d, "CLASS", "CLASS_during_attach") < 0)
        return out_fail_hdf5(out, "attaching the dimension %s", scale_path);
    attach(out, d, scale_path, 0);
    if (H5Arename(d, "CLASS_during_attach", "CLASS") < 0)
        out_fail_hdf5(out, "attaching the dimension %s", scale_path);
    return out->err;
}

/* The table's rows as a dimension "<name>_row" beside it. */
static int table_rows(struct ur_out *out, const char *table)
{
    hid_t d = H5Dopen2(out->file, table, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hsize_t n = 0;
    if (space < 0 || H5Sget_simple_extent_dims(space, &n, NULL) < 0)
        out_fail_hdf5(out, "reading the length of %s", table);
    char *row = out->err ? NULL : malloc(strlen(table) + sizeof "_row");
    if (!out->err && !row)
        out_fail_errno(out, UR_ENOMEM, "naming the rows of %s", table);
    if (row) {
        sprintf(row, "%s_row", table);
        if (make_index(out, row, strrchr(row, '/') + 1, n, "row of the table") == 0)
            attach_table(out, d, row);
    }
    free(row);
    if (space >= 0)
        H5Sclose(space);
    if (d >= 0)
        H5Dclose(d);
    return out->err;
}

int out_dims_tables(struct ur_out *out)
{
    for (size_t i = 0; i < out->n_logs && !out->err; i++)
        table_rows(out, out->logs[i].table);
    return out->err;
}
