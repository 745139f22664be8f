/* Reading a table back (resfile.h): a 1-D dataset of compound rows, such as
 * the plan log or a model's numeric table written with H5TB. Each member is
 * read on its own through a one-member memory type of the same name, which
 * HDF5 converts by name: numbers (any integer or float) to double, fixed-
 * length strings to NUL-terminated text. */
#include <stdlib.h>
#include <string.h>

#include <ursim/resfile.h>

#include "h5out.h"

void ur_table_free(struct ur_table *t)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        free(t->names ? t->names[c] : NULL);
        free(t->num ? t->num[c] : NULL);
        if (t->text && t->text[c]) {
            free(t->text[c][0]); /* one block for the column's strings */
            free(t->text[c]);
        }
    }
    free(t->names);
    free(t->is_text);
    free(t->num);
    free(t->text);
    *t = (struct ur_table){0};
}

int ur_table_col(const struct ur_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->names[c], name) == 0)
            return (int)c;
    return -1;
}

static int read_number(hid_t d, const char *name, size_t n, double **out)
{
    hid_t mem = H5Tcreate(H5T_COMPOUND, sizeof(double));
    *out = malloc((n ? n : 1) * sizeof **out);
    int rc = mem < 0 || !*out ? UR_ENOMEM : 0;
    if (!rc && (H5Tinsert(mem, name, 0, H5T_NATIVE_DOUBLE) < 0 ||
                (n && H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) < 0)))
        rc = UR_EINPUT;
    if (mem >= 0)
        H5Tclose(mem);
    return rc;
}

static int read_text(hid_t d, const char *name, hid_t file_type, size_t n, char ***out)
{
    size_t width = H5Tget_size(file_type);
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, width + 1);
    H5Tset_cset(str, H5Tget_cset(file_type)); /* HDF5 converts no ASCII <-> UTF-8 */
    hid_t mem = H5Tcreate(H5T_COMPOUND, width + 1);
    char *block = calloc(n ? n : 1, width + 1);
    *out = calloc(n ? n : 1, sizeof **out);
    int rc = mem < 0 || str < 0 || !block || !*out ? UR_ENOMEM : 0;
    if (!rc && (H5Tinsert(mem, name, 0, str) < 0 ||
                (n && H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, block) < 0)))
        rc = UR_EINPUT;
    for (size_t r = 0; *out && r < n; r++)
        (*out)[r] = block + r * (width + 1);
    if (*out)
        (*out)[0] = block; /* owned by the column, freed through [0] */
    else
        free(block);
    if (mem >= 0)
        H5Tclose(mem);
    if (str >= 0)
        H5Tclose(str);
    return rc;
}

static int add_column(struct ur_table *t, hid_t d, hid_t type, unsigned i)
{
    hid_t mt = H5Tget_member_type(type, i);
    H5T_class_t cls = mt < 0 ? H5T_NO_CLASS : H5Tget_class(mt);
    bool text = cls == H5T_STRING && H5Tis_variable_str(mt) == 0;
    int rc = 0;
    if (text || cls == H5T_INTEGER || cls == H5T_FLOAT) {
        char *name = H5Tget_member_name(type, i);
        size_t c = t->n_cols, len = name ? strlen(name) + 1 : 1;
        t->names[c] = malloc(len);
        rc = t->names[c] ? 0 : UR_ENOMEM;
        if (!rc) {
            memcpy(t->names[c], name ? name : "", len);
            t->n_cols++;
            t->is_text[c] = text;
            rc = text ? read_text(d, t->names[c], mt, t->n_rows, &t->text[c])
                      : read_number(d, t->names[c], t->n_rows, &t->num[c]);
        }
        if (name)
            H5free_memory(name);
    }
    if (mt >= 0)
        H5Tclose(mt);
    return rc;
}

static int table_locked(hid_t d, struct ur_table *t)
{
    hid_t type = H5Dget_type(d), space = H5Dget_space(d);
    hsize_t n = 0;
    int rc = UR_EINPUT;
    if (type >= 0 && space >= 0 && H5Tget_class(type) == H5T_COMPOUND &&
        H5Sget_simple_extent_ndims(space) == 1 && H5Sget_simple_extent_dims(space, &n, NULL) >= 0) {
        int members = H5Tget_nmembers(type);
        size_t m = members > 0 ? (size_t)members : 1;
        t->n_rows = (size_t)n;
        t->names = calloc(m, sizeof *t->names);
        t->is_text = calloc(m, sizeof *t->is_text);
        t->num = calloc(m, sizeof *t->num);
        t->text = calloc(m, sizeof *t->text);
        rc = t->names && t->is_text && t->num && t->text ? 0 : UR_ENOMEM;
        for (int i = 0; rc == 0 && i < members; i++)
            rc = add_column(t, d, type, (unsigned)i);
    }
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    return rc;
}

int ur_resfile_table(struct ur_resfile *f, const char *path, struct ur_table *t)
{
    *t = (struct ur_table){0};
    if (!ur_resfile_exists(f, path))
        return UR_EINPUT;
    out_lock();
    hid_t d = H5Dopen2(out_resfile_hid(f), path, H5P_DEFAULT);
    int rc = d < 0 ? UR_EINPUT : table_locked(d, t);
    if (d >= 0)
        H5Dclose(d);
    out_unlock();
    if (rc < 0)
        ur_table_free(t);
    return rc;
}
