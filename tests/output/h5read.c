/* Test-side readers of the results file; see h5read.h. */
#include <stdlib.h>
#include <string.h>

#include "h5read.h"

/* Opens attribute `name` of `obj` and checks it is scalar. */
static hid_t open_scalar_attr(hid_t file, const char *obj, const char *name)
{
    hid_t attr = H5Aopen_by_name(file, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0)
        return -1;
    hid_t space = H5Aget_space(attr);
    bool scalar = space >= 0 && H5Sget_simple_extent_type(space) == H5S_SCALAR;
    if (space >= 0)
        H5Sclose(space);
    if (!scalar) {
        H5Aclose(attr);
        return -1;
    }
    return attr;
}

static bool is_utf8_vlen(hid_t attr)
{
    hid_t type = H5Aget_type(attr);
    bool ok = type >= 0 && H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0 &&
              H5Tget_cset(type) == H5T_CSET_UTF8;
    if (type >= 0)
        H5Tclose(type);
    return ok;
}

char *rd_string_attr(hid_t file, const char *obj, const char *name)
{
    hid_t attr = open_scalar_attr(file, obj, name);
    if (attr < 0)
        return NULL;
    char *copy = NULL, *text = NULL;
    hid_t mem = H5Tcopy(H5T_C_S1);
    if (is_utf8_vlen(attr) && H5Tset_size(mem, H5T_VARIABLE) >= 0 &&
        H5Tset_cset(mem, H5T_CSET_UTF8) >= 0 && H5Aread(attr, mem, &text) >= 0 && text) {
        copy = malloc(strlen(text) + 1);
        strcpy(copy, text);
        H5free_memory(text);
    }
    H5Tclose(mem);
    H5Aclose(attr);
    return copy;
}

static bool read_scalar(hid_t file, const char *obj, const char *name, hid_t mem, H5T_class_t cls,
                        void *value)
{
    hid_t attr = open_scalar_attr(file, obj, name);
    if (attr < 0)
        return false;
    hid_t type = H5Aget_type(attr);
    bool ok = type >= 0 && H5Tget_class(type) == cls && H5Tget_size(type) == 8 &&
              H5Aread(attr, mem, value) >= 0;
    if (type >= 0)
        H5Tclose(type);
    H5Aclose(attr);
    return ok;
}

bool rd_double_attr(hid_t file, const char *obj, const char *name, double *value)
{
    return read_scalar(file, obj, name, H5T_NATIVE_DOUBLE, H5T_FLOAT, value);
}

bool rd_int64_attr(hid_t file, const char *obj, const char *name, long long *value)
{
    return read_scalar(file, obj, name, H5T_NATIVE_LLONG, H5T_INTEGER, value);
}

double *rd_doubles(hid_t file, const char *path, int *rank, hsize_t dims[2])
{
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t space = H5Dget_space(d);
    *rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    double *v = NULL;
    if (*rank >= 1 && *rank <= 2) {
        H5Sget_simple_extent_dims(space, dims, NULL);
        size_t n = (size_t)dims[0] * (*rank == 2 ? (size_t)dims[1] : 1);
        v = malloc((n ? n : 1) * sizeof *v);
        if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
            free(v);
            v = NULL;
        }
    }
    if (space >= 0)
        H5Sclose(space);
    H5Dclose(d);
    return v;
}

static void read_filters(hid_t dcpl, struct rd_layout *l)
{
    int n = H5Pget_nfilters(dcpl);
    for (int i = 0; i < n; i++) {
        unsigned flags, values[4] = {0};
        size_t n_values = 4;
        H5Z_filter_t f =
            H5Pget_filter2(dcpl, (unsigned)i, &flags, &n_values, values, 0, NULL, NULL);
        if (f == H5Z_FILTER_SHUFFLE)
            l->shuffle = true;
        if (f == H5Z_FILTER_DEFLATE) {
            l->deflate = true;
            l->deflate_level = n_values ? values[0] : 0;
        }
    }
}

bool rd_layout(hid_t file, const char *path, struct rd_layout *l)
{
    memset(l, 0, sizeof *l);
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    if (d < 0)
        return false;
    hid_t dcpl = H5Dget_create_plist(d);
    bool ok = dcpl >= 0 && H5Pget_fill_value(dcpl, H5T_NATIVE_DOUBLE, &l->fill) >= 0;
    if (ok && H5Pget_layout(dcpl) == H5D_CHUNKED) {
        l->chunked = true;
        l->chunk_rank = H5Pget_chunk(dcpl, 2, l->chunk);
        read_filters(dcpl, l);
    }
    if (dcpl >= 0)
        H5Pclose(dcpl);
    H5Dclose(d);
    return ok;
}
