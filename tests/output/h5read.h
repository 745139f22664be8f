/* Reading a results file back with the plain HDF5 C API, for the tests:
 * nothing here uses sim/output, so the tests check the file, not the writer's
 * own idea of it. Each returns false/NULL on any HDF5 error. */
#ifndef URSIM_TESTS_OUTPUT_H5READ_H
#define URSIM_TESTS_OUTPUT_H5READ_H

#include <hdf5.h>
#include <stdbool.h>
#include <stddef.h>

/* A scalar, variable-length UTF-8 string attribute of `obj` (relative to
 * file, "/" for the root), as a malloc'd copy; NULL if absent or otherwise
 * typed. */
char *rd_string_attr(hid_t file, const char *obj, const char *name);
bool rd_double_attr(hid_t file, const char *obj, const char *name, double *value);
bool rd_int64_attr(hid_t file, const char *obj, const char *name, long long *value);

/* All values of a float64 dataset (any rank) and its shape; malloc'd. */
double *rd_doubles(hid_t file, const char *path, int *rank, hsize_t dims[2]);

struct rd_layout {
    bool chunked, shuffle, deflate;
    int chunk_rank;
    hsize_t chunk[2];
    unsigned deflate_level;
    double fill;
};
bool rd_layout(hid_t file, const char *path, struct rd_layout *layout);

#endif
