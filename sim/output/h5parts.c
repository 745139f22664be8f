/* The decomposition of a paired difference (output.h, ur_out_parts): one
 * group per (KPI, dimension, variant) under /comparison, holding the names
 * of the parts, their differences per replication and their aggregates as
 * plain datasets (not attributes, which an object header of HDF5 1.10 caps
 * at 64 KiB: a district of 1,188 grids would not fit).
 *
 * Every dataset carries `baseline`, as the comparison's own datasets do, so
 * a reader that takes the baseline from any dataset under /comparison finds
 * it here too; a lead's (<best>/over_<runner-up>/) also `against`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5out.h"

/* Creates <group>/<name>, 1-D of n (or 2-D n x m when m > 0), writes it and
 * its attributes. Returns 0 or -1 with the HDF5 error stack set. */
static int write_set(hid_t group, const char *name, hid_t file_type, hid_t mem_type,
                     const void *v, hsize_t n, hsize_t m, const char *units, const char *doc,
                     const struct ur_out_parts *p)
{
    hsize_t dims[2] = {n, m};
    hid_t space = H5Screate_simple(m ? 2 : 1, dims, NULL);
    if (space < 0)
        return -1;
    hid_t d = H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc = d < 0 ? -1 : 0;
    if (rc == 0 && n && H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0)
        rc = -1;
    if (rc == 0 && (out_attr_meta(d, ".", units, doc) < 0 ||
                    out_attr_string(d, ".", "baseline", p->baseline) < 0 ||
                    (p->against && out_attr_string(d, ".", "against", p->against) < 0)))
        rc = -1;
    if (d >= 0 && H5Dclose(d) < 0)
        rc = -1;
    H5Sclose(space);
    return rc;
}

static int write_names(hid_t group, const struct ur_out_parts *p)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    int rc = type < 0 || H5Tset_size(type, H5T_VARIABLE) < 0 ||
                     H5Tset_cset(type, H5T_CSET_UTF8) < 0
                 ? -1
                 : write_set(group, "part", type, type, p->names, p->n_parts, 0, "",
                             "the parts, in the order of the other datasets' first dimension",
                             p);
    if (type >= 0)
        H5Tclose(type);
    return rc;
}

static int write_numbers(hid_t group, const struct ur_out_parts *p)
{
    const char *u = p->kpi->units;
    const struct {
        const char *name, *units, *doc;
        const double *v;
    } sets[] = {
        {"mean", u, "mean over replications of the part's paired difference", p->mean},
        {"sd", u, "sample standard deviation of the part's paired difference", p->sd},
        {"ci95_lo", u, "95% Student-t interval of the mean, lower end", p->ci95_lo},
        {"ci95_hi", u, "95% Student-t interval of the mean, upper end", p->ci95_hi},
        {"share", "1", "the part's mean difference / the KPI's mean difference", p->share},
    };
    char doc[512];
    snprintf(doc, sizeof doc, "paired difference (%s - %s) of each part of %s by %s, per "
             "replication; the parts of a replication sum to its difference", p->variant,
             p->against ? p->against : p->baseline, p->kpi->path, p->dimension);
    if (write_set(group, "diff", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, p->diff, p->n_parts,
                  p->n_reps, u, doc, p) < 0 ||
        out_attr_string(group, "diff", "dimension", p->dimension) < 0)
        return -1;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (write_set(group, sets[i].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, sets[i].v,
                      p->n_parts, 0, sets[i].units, sets[i].doc, p) < 0)
            return -1;
    return 0;
}

/* The group at `full`, made (with its parents) unless a lead made it first:
 * <best>/over_<runner-up>/ may come before <best>'s own split. */
static hid_t open_group(struct ur_out *out, const char *full)
{
    htri_t exists = H5Lexists(out->file, full, H5P_DEFAULT);
    if (exists > 0)
        return H5Gopen2(out->file, full, H5P_DEFAULT);
    return H5Gcreate2(out->file, full, out->lcpl, H5P_DEFAULT, H5P_DEFAULT);
}

int ur_out_parts(struct ur_out *out, const struct ur_out_parts *p)
{
    int rc = out_begin(out);
    const char *against = p->against ? p->against : "";
    size_t len = strlen(p->kpi->path) + strlen(p->dimension) + strlen(p->variant) +
                 strlen(against) + 12;
    char *path = rc ? NULL : malloc(len);
    char *full = path ? (snprintf(path, len, "%s/by_%s/%s%s%s", p->kpi->path, p->dimension,
                                  p->variant, p->against ? "/over_" : "", against),
                         out_dset_path("", "comparison", path))
                      : NULL;
    if (!rc && !full)
        rc = out_fail_errno(out, UR_ENOMEM, "naming the parts of %s", p->kpi->path);
    hid_t g = rc ? H5I_INVALID_HID : open_group(out, full);
    if (!rc && (g < 0 || write_names(g, p) < 0 || write_numbers(g, p) < 0))
        rc = out_fail_hdf5(out, "writing %s", full);
    if (!rc)
        rc = out_dims_parts(out, g, p->n_reps); /* named axes: part, replication */
    if (g >= 0 && H5Gclose(g) < 0 && !rc)
        rc = out_fail_hdf5(out, "closing %s", full);
    free(path);
    free(full);
    out_unlock();
    return rc;
}
