/* A small table written whole (ur_out_columns): the calibration table, and
 * any other table whose rows are all known at once. An HDF5 table (H5TB, as
 * plan_log), so h5py gives a structured array and pandas a frame. Its
 * records are packed: each text column is as wide as its longest cell plus
 * the terminating NUL, so a long source citation is stored whole. */
#include <hdf5_hl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "h5out.h"

#define CHUNK_RECORDS 64
#define COMPRESS 1

struct layout {
    size_t *offset, *size;
    hid_t *type;
    const char **name;
    size_t record;
};

static const char *cell(const struct ur_out_column *c, size_t r)
{
    return c->text[r] ? c->text[r] : "";
}

static void layout_free(struct layout *l, size_t n_cols)
{
    for (size_t c = 0; l->type && c < n_cols; c++)
        if (l->type[c] > 0) /* 0: not made (calloc), -1: failed */
            H5Tclose(l->type[c]);
    free(l->offset), free(l->size), free(l->type), free(l->name);
}

/* Offsets, sizes and file types of the columns: 0, UR_ENOMEM or UR_EHDF5.
 * The types are copies, closed by layout_free. */
static int layout_make(struct layout *l, size_t n_rows, const struct ur_out_column *cols,
                       size_t n_cols)
{
    *l = (struct layout){.offset = calloc(n_cols + 1, sizeof *l->offset),
                         .size = calloc(n_cols + 1, sizeof *l->size),
                         .type = calloc(n_cols + 1, sizeof *l->type),
                         .name = calloc(n_cols + 1, sizeof *l->name)};
    if (!l->offset || !l->size || !l->type || !l->name)
        return UR_ENOMEM;
    int rc = 0;
    for (size_t c = 0; c < n_cols; c++) {
        const struct ur_out_column *col = &cols[c];
        size_t width = 2;
        for (size_t r = 0; col->text && r < n_rows; r++)
            if (strlen(cell(col, r)) + 1 > width)
                width = strlen(cell(col, r)) + 1;
        l->name[c] = col->name;
        l->offset[c] = l->record;
        l->size[c] = col->text ? width : 8;
        l->type[c] = col->text  ? out_string_type(width)
                     : col->num ? H5Tcopy(H5T_IEEE_F64LE)
                                : H5Tcopy(H5T_STD_I64LE);
        if (l->type[c] < 0)
            rc = UR_EHDF5;
        l->record += l->size[c];
    }
    return rc;
}

static void *records(const struct layout *l, size_t n_rows, const struct ur_out_column *cols,
                     size_t n_cols)
{
    char *buf = calloc(n_rows ? n_rows : 1, l->record ? l->record : 1);
    for (size_t r = 0; buf && r < n_rows; r++)
        for (size_t c = 0; c < n_cols; c++) {
            char *at = buf + r * l->record + l->offset[c];
            if (cols[c].text) {
                memcpy(at, cell(&cols[c], r), strlen(cell(&cols[c], r)));
            } else if (cols[c].num) {
                memcpy(at, &cols[c].num[r], 8);
            } else {
                int64_t v = (int64_t)cols[c].count[r];
                memcpy(at, &v, 8);
            }
        }
    return buf;
}

static int make(struct ur_out *out, const char *path, const char *units, const char *description,
                size_t n_rows, const struct ur_out_column *cols, size_t n_cols)
{
    struct layout l;
    int rc = layout_make(&l, n_rows, cols, n_cols);
    void *buf = rc ? NULL : records(&l, n_rows, cols, n_cols);
    if (!buf) {
        layout_free(&l, n_cols);
        return rc == UR_EHDF5 ? out_fail_hdf5(out, "making %s", path)
                              : out_fail_errno(out, UR_ENOMEM, "making %s", path);
    }
    const char *name = strrchr(path, '/') + 1;
    hid_t g = out_table_group(out, path);
    if (g < 0 ||
        H5TBmake_table(description, g, name, (hsize_t)n_cols, (hsize_t)n_rows, l.record, l.name,
                       l.offset, l.type, CHUNK_RECORDS, NULL, COMPRESS, buf) < 0 ||
        out_attr_meta(g, name, units, description) < 0)
        out_fail_hdf5(out, "writing %s", path);
    if (g >= 0 && H5Gclose(g) < 0)
        out_fail_hdf5(out, "writing %s", path);
    free(buf);
    layout_free(&l, n_cols);
    return out->err ? out->err : out_log_add_made(out, path);
}

int ur_out_columns(struct ur_out *out, const char *path, const char *units, const char *description,
                   size_t n_rows, const struct ur_out_column *cols, size_t n_cols)
{
    int rc = out_begin(out);
    UR_ASSERT(path[0] == '/' && "an absolute path");
    if (!rc)
        rc = make(out, path, units, description, n_rows, cols, n_cols);
    out_unlock();
    return rc;
}
