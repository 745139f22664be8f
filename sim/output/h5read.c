/* Reading a results file back: open (checking that ursim wrote it), list
 * groups and datasets, read numeric datasets and attributes (resfile.h).
 *
 * HDF5's automatic error printing is off: a reader asks about objects that
 * may not exist, and says so itself. Every HDF5 call takes the process-wide
 * lock of this folder, since the library is not thread-safe.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5_hl.h>
#include <ursim/resfile.h>

#include "h5out.h"

/* H5DSis_scale on a dataset named relative to loc: true when it is one. */
static bool is_scale_by_name(hid_t loc, const char *name)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    bool yes = d >= 0 && H5DSis_scale(d) > 0;
    if (d >= 0)
        H5Dclose(d);
    return yes;
}

struct ur_resfile {
    hid_t file;
};

hid_t out_resfile_hid(const struct ur_resfile *f)
{
    return f->file;
}

static int open_locked(struct ur_resfile *f, const char *path, char *msg, size_t size)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(msg, size, "%s: %s", path, strerror(errno));
        return UR_EIO;
    }
    fclose(probe);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (H5Fis_hdf5(path) <= 0) {
        snprintf(msg, size, "%s: not an HDF5 file (expected a results file of 'ursim run')", path);
        return UR_EINPUT;
    }
    f->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f->file < 0) {
        snprintf(msg, size, "%s: HDF5 could not open it (damaged or truncated?)", path);
        return UR_EINPUT;
    }
    if (H5Aexists(f->file, "ursim_version") <= 0) {
        snprintf(msg, size, "%s: an HDF5 file, but not one 'ursim run' wrote (no ursim_version)",
                 path);
        return UR_EINPUT;
    }
    return 0;
}

int ur_resfile_open(struct ur_resfile **fp, const char *path, char *msg, size_t msg_size)
{
    struct ur_resfile *f = *fp = calloc(1, sizeof *f);
    if (!f) {
        snprintf(msg, msg_size, "out of memory");
        return UR_ENOMEM;
    }
    f->file = H5I_INVALID_HID;
    out_lock();
    int rc = open_locked(f, path, msg, msg_size);
    out_unlock();
    if (rc < 0) {
        ur_resfile_close(f);
        *fp = NULL;
    }
    return rc;
}

void ur_resfile_close(struct ur_resfile *f)
{
    if (!f)
        return;
    out_lock();
    if (f->file >= 0)
        H5Fclose(f->file);
    out_unlock();
    free(f);
}

void ur_strs_free(struct ur_strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (struct ur_strs){0};
}

static int strs_add(struct ur_strs *s, const char *text)
{
    char **v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return UR_ENOMEM;
    s->v = v;
    size_t len = strlen(text) + 1;
    if (!(v[s->n] = malloc(len)))
        return UR_ENOMEM;
    memcpy(v[s->n++], text, len);
    return 0;
}

/* An object at `path`, checked link by link so that a missing parent is no
 * error. */
static bool exists_locked(hid_t file, const char *path)
{
    if (strcmp(path, "/") == 0)
        return true;
    char buf[1024];
    size_t len = strlen(path);
    if (len >= sizeof buf || path[0] != '/')
        return false;
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (H5Lexists(file, buf, H5P_DEFAULT) <= 0 ||
            H5Oexists_by_name(file, buf, H5P_DEFAULT) <= 0)
            return false;
        if (c == '\0')
            return true;
        *p = c;
    }
}

bool ur_resfile_exists(struct ur_resfile *f, const char *path)
{
    out_lock();
    bool yes = exists_locked(f->file, path);
    out_unlock();
    return yes;
}

struct visit {
    struct ur_strs *out;
    H5O_type_t want;
    int err;
};

static herr_t on_object(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    (void)obj;
    struct visit *v = data;
    if (info->type != v->want || strcmp(name, ".") == 0)
        return 0;
    if (v->want == H5O_TYPE_DATASET && is_scale_by_name(obj, name))
        return 0; /* a dimension's coordinates (time, replication), not data */
    if (strs_add(v->out, name) < 0) {
        v->err = UR_ENOMEM;
        return -1;
    }
    return 0;
}

int ur_resfile_datasets(struct ur_resfile *f, const char *group, struct ur_strs *out)
{
    *out = (struct ur_strs){0};
    struct visit v = {out, H5O_TYPE_DATASET, 0};
    out_lock();
    if (exists_locked(f->file, group) &&
        H5Ovisit_by_name(f->file, group, H5_INDEX_NAME, H5_ITER_INC, on_object, &v,
                         H5P_DEFAULT) < 0 &&
        !v.err)
        v.err = UR_EINPUT;
    out_unlock();
    return v.err;
}

static herr_t on_link(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    struct visit *v = data;
    H5O_info_t oi;
    if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_GROUP)
        return 0;
    if (strs_add(v->out, name) < 0) {
        v->err = UR_ENOMEM;
        return -1;
    }
    return 0;
}

int ur_resfile_groups(struct ur_resfile *f, const char *group, struct ur_strs *out)
{
    *out = (struct ur_strs){0};
    struct visit v = {out, H5O_TYPE_GROUP, 0};
    out_lock();
    if (exists_locked(f->file, group) &&
        H5Literate_by_name(f->file, group, H5_INDEX_NAME, H5_ITER_INC, NULL, on_link, &v,
                           H5P_DEFAULT) < 0 &&
        !v.err)
        v.err = UR_EINPUT;
    out_unlock();
    return v.err;
}

static int read_locked(hid_t file, const char *path, struct ur_array *a)
{
    if (!exists_locked(file, path))
        return UR_EINPUT;
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hid_t type = d < 0 ? -1 : H5Dget_type(d);
    H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    hsize_t dims[2] = {1, 1};
    int rc = UR_EINPUT;
    if ((cls == H5T_FLOAT || cls == H5T_INTEGER) && (rank == 1 || rank == 2) &&
        H5Sget_simple_extent_dims(space, dims, NULL) >= 0) {
        size_t n = (size_t)dims[0] * (size_t)dims[1];
        *a = (struct ur_array){(size_t)rank, {(size_t)dims[0], (size_t)dims[1]}, NULL};
        a->v = malloc((n ? n : 1) * sizeof *a->v);
        rc = !a->v ? UR_ENOMEM
             : n && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a->v) < 0
                 ? UR_EINPUT
                 : 0;
    }
    if (type >= 0)
        H5Tclose(type);
    if (space >= 0)
        H5Sclose(space);
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

int ur_resfile_read(struct ur_resfile *f, const char *path, struct ur_array *a)
{
    *a = (struct ur_array){0};
    out_lock();
    int rc = read_locked(f->file, path, a);
    out_unlock();
    if (rc < 0)
        ur_array_free(a);
    return rc;
}

void ur_array_free(struct ur_array *a)
{
    free(a->v);
    *a = (struct ur_array){0};
}

/* The attribute, open, or -1 when there is none. */
static hid_t attr_open(hid_t file, const char *path, const char *name)
{
    if (!exists_locked(file, path) || H5Aexists_by_name(file, path, name, H5P_DEFAULT) <= 0)
        return -1;
    return H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
}

static char *attr_text_locked(hid_t attr)
{
    hid_t type = H5Aget_type(attr);
    char *s = NULL;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING) {
        hid_t mem = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mem, H5Tget_cset(type)); /* HDF5 converts no ASCII <-> UTF-8 */
        if (H5Tis_variable_str(type) > 0) {
            char *v = NULL;
            H5Tset_size(mem, H5T_VARIABLE);
            if (H5Aread(attr, mem, &v) >= 0 && v) {
                size_t len = strlen(v) + 1;
                if ((s = malloc(len)))
                    memcpy(s, v, len);
                H5free_memory(v);
            }
        } else {
            size_t len = H5Tget_size(type);
            H5Tset_size(mem, len + 1);
            if ((s = calloc(1, len + 1)) && H5Aread(attr, mem, s) < 0)
                free(s), s = NULL;
        }
        H5Tclose(mem);
    }
    if (type >= 0)
        H5Tclose(type);
    return s;
}

char *ur_resfile_attr_text(struct ur_resfile *f, const char *path, const char *name)
{
    out_lock();
    hid_t attr = attr_open(f->file, path, name);
    char *s = attr < 0 ? NULL : attr_text_locked(attr);
    if (attr >= 0)
        H5Aclose(attr);
    out_unlock();
    return s;
}

bool ur_resfile_attr_num(struct ur_resfile *f, const char *path, const char *name, double *v)
{
    out_lock();
    hid_t attr = attr_open(f->file, path, name);
    hid_t type = attr < 0 ? -1 : H5Aget_type(attr);
    hid_t space = attr < 0 ? -1 : H5Aget_space(attr);
    H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    bool ok = (cls == H5T_FLOAT || cls == H5T_INTEGER) && H5Sget_simple_extent_npoints(space) == 1 &&
              H5Aread(attr, H5T_NATIVE_DOUBLE, v) >= 0;
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (attr >= 0)
        H5Aclose(attr);
    out_unlock();
    return ok;
}
