/* Attributes of the results file: strings, scalars, and the root metadata.
 *
 * Strings are scalar, variable-length, UTF-8 attributes: h5dump and h5ls show
 * them as text and h5py reads them as `str`. A variable-length string lives
 * in the file's global heap and the object header holds only a reference to
 * it, so the 64 KiB object-header message limit of HDF5 1.10 does not bound
 * it: the full scenario YAML goes into the root attribute `scenario_yaml`
 * whatever its size (tests write 200 KiB).
 *
 * Numbers are scalar (not 1-element arrays as H5LTset_attribute_* writes) so
 * that `ds.attrs["mean"]` is a number in h5py and in h5dump.
 */
#include <stdio.h>
#include <time.h>

#include "h5out.h"

/* Creates attribute `name` on `obj` (relative to loc) and writes one value. */
static int attr_write(hid_t loc, const char *obj, const char *name, hid_t file_type, hid_t mem_type,
                      const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    if (space < 0)
        return -1;
    hid_t attr =
        H5Acreate_by_name(loc, obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = attr < 0 ? -1 : H5Awrite(attr, mem_type, value);
    if (attr >= 0 && H5Aclose(attr) < 0)
        rc = -1;
    H5Sclose(space);
    return rc < 0 ? -1 : 0;
}

int out_attr_string(hid_t loc, const char *obj, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0)
        return -1;
    int rc = -1;
    if (H5Tset_size(type, H5T_VARIABLE) >= 0 && H5Tset_cset(type, H5T_CSET_UTF8) >= 0) {
        const char *text = value ? value : "";
        rc = attr_write(loc, obj, name, type, type, &text);
    }
    H5Tclose(type);
    return rc;
}

int out_attr_double(hid_t loc, const char *obj, const char *name, double value)
{
    return attr_write(loc, obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

int out_attr_int64(hid_t loc, const char *obj, const char *name, long long value)
{
    return attr_write(loc, obj, name, H5T_STD_I64LE, H5T_NATIVE_LLONG, &value);
}

int out_attr_meta(hid_t loc, const char *obj, const char *units, const char *description)
{
    if (out_attr_string(loc, obj, "units", units) < 0 ||
        out_attr_string(loc, obj, "long_name", description) < 0)
        return -1;
    return out_attr_string(loc, obj, "description", description);
}

/* Now as ISO 8601 UTC, e.g. 2026-11-22T18:30:00Z. */
static void utc_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
        !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, size, "unknown");
}

int out_write_root(struct ur_out *out, const struct ur_out_meta *meta)
{
    char created[32];
    utc_now(created, sizeof created);
    struct {
        const char *name, *value;
    } strings[] = {
        {"ursim_version", meta->version},       {"scenario_name", meta->scenario_name},
        {"scenario_yaml", meta->scenario_yaml}, {"created_utc", created},
        {"command_line", meta->command_line},
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (out_attr_string(out->file, ".", strings[i].name, strings[i].value) < 0)
            return out_fail_hdf5(out, "writing root attribute %s", strings[i].name);
    if (meta->start && out_attr_string(out->file, ".", "start", meta->start) < 0)
        return out_fail_hdf5(out, "writing root attribute start");
    if (out_attr_int64(out->file, ".", "seed", meta->seed) < 0)
        return out_fail_hdf5(out, "writing root attribute seed");
    if (out_attr_int64(out->file, ".", "replications", meta->replications) < 0)
        return out_fail_hdf5(out, "writing root attribute replications");
    return 0;
}
