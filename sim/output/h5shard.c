/* A part of a sharded run (ursim run --shard I/N; layout in <ursim/output.h>):
 * the run's units and the records of the part's own units, as bytes.
 *
 * Records are appended to one extendible byte dataset, /shard/records
 * (chunks of 64 KiB, deflate 4: time series compress as they do in a
 * results file), and indexed by /shard/index, one (unit, offset, size) row
 * of uint64 per record, in the order the units finished. A merge reads the
 * index, then each record by its offset.
 */
#include <stdlib.h>

#include <ursim/resfile.h>

#include "h5out.h"

#define RECORD_CHUNK 65536

static hid_t extendible(struct ur_out *out, const char *path, hid_t type, int rank,
                        const hsize_t *chunk)
{
    hsize_t dims[2] = {0, 3}, max[2] = {H5S_UNLIMITED, 3};
    hid_t space = H5Screate_simple(rank, dims, max);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = -1;
    if (space >= 0 && dcpl >= 0 && H5Pset_chunk(dcpl, rank, chunk) >= 0 &&
        H5Pset_deflate(dcpl, 4) >= 0)
        d = H5Dcreate2(out->file, path, type, space, out->lcpl, dcpl, H5P_DEFAULT);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (space >= 0)
        H5Sclose(space);
    return d;
}

static int write_bytes(struct ur_out *out, const char *path, const void *bytes, size_t n)
{
    hsize_t dims[1] = {n};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t d = space < 0 ? -1
                        : H5Dcreate2(out->file, path, H5T_STD_U8LE, space, out->lcpl,
                                     H5P_DEFAULT, H5P_DEFAULT);
    int rc = d < 0 || (n && H5Dwrite(d, H5T_NATIVE_UCHAR, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                      bytes) < 0)
                 ? out_fail_hdf5(out, "writing %s", path)
                 : 0;
    if (d >= 0)
        H5Dclose(d);
    if (space >= 0)
        H5Sclose(space);
    return rc;
}

int ur_out_shard(struct ur_out *out, long index, long count, long n_units, const void *units,
                 size_t n)
{
    int rc = out_begin(out);
    if (!rc && (out_attr_int64(out->file, ".", "shard_index", index) < 0 ||
                out_attr_int64(out->file, ".", "shard_count", count) < 0 ||
                out_attr_int64(out->file, ".", "units", n_units) < 0))
        rc = out_fail_hdf5(out, "writing the shard's attributes");
    if (!rc)
        rc = write_bytes(out, "/shard/units", units, n);
    hsize_t byte_chunk[1] = {RECORD_CHUNK}, row_chunk[2] = {256, 3};
    if (!rc) {
        out->shard_records = extendible(out, "/shard/records", H5T_STD_U8LE, 1, byte_chunk);
        out->shard_index = extendible(out, "/shard/index", H5T_STD_U64LE, 2, row_chunk);
        if (out->shard_records < 0 || out->shard_index < 0)
            rc = out_fail_hdf5(out, "creating the shard's records");
    }
    out_unlock();
    return rc;
}

/* Writes n elements of mem_type at `start` of the extendible dataset d,
 * growing it to `size` first. */
static int append(hid_t d, hid_t mem_type, int rank, const hsize_t *start, const hsize_t *count,
                  const hsize_t *size, const void *buf)
{
    if (H5Dset_extent(d, size) < 0)
        return -1;
    hid_t file = H5Dget_space(d);
    hid_t mem = H5Screate_simple(rank, count, NULL);
    herr_t rc = file < 0 || mem < 0 ? -1
                : H5Sselect_hyperslab(file, H5S_SELECT_SET, start, NULL, count, NULL) < 0
                    ? -1
                    : H5Dwrite(d, mem_type, mem, file, H5P_DEFAULT, buf);
    if (mem >= 0)
        H5Sclose(mem);
    if (file >= 0)
        H5Sclose(file);
    return rc < 0 ? -1 : 0;
}

int ur_out_record(struct ur_out *out, uint64_t unit, const void *bytes, size_t n)
{
    int rc = out_begin(out);
    if (!rc && out->shard_records < 0)
        rc = out_fail_errno(out, UR_EHDF5, "internal error: a record before ur_out_shard");
    uint64_t row[3] = {unit, out->shard_bytes, n};
    hsize_t start[1] = {out->shard_bytes}, count[1] = {n}, size[1] = {out->shard_bytes + n};
    if (!rc && n && append(out->shard_records, H5T_NATIVE_UCHAR, 1, start, count, size, bytes) < 0)
        rc = out_fail_hdf5(out, "writing the record of unit %llu", (unsigned long long)unit);
    hsize_t rstart[2] = {out->n_shard_records, 0}, rcount[2] = {1, 3},
            rsize[2] = {out->n_shard_records + 1, 3};
    if (!rc && append(out->shard_index, H5T_NATIVE_UINT64, 2, rstart, rcount, rsize, row) < 0)
        rc = out_fail_hdf5(out, "indexing the record of unit %llu", (unsigned long long)unit);
    if (!rc)
        out->shard_bytes += n, out->n_shard_records++;
    out_unlock();
    return rc;
}

void out_shard_close(struct ur_out *out)
{
    if (out->shard_records >= 0)
        H5Dclose(out->shard_records);
    if (out->shard_index >= 0)
        H5Dclose(out->shard_index);
    out->shard_records = out->shard_index = H5I_INVALID_HID;
}

/* n bytes from `offset` of the 1-D byte dataset at `path`. */
static int read_bytes_locked(hid_t file, const char *path, uint64_t offset, size_t n, void *buf)
{
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hsize_t dims[1] = {0}, start[1] = {offset}, count[1] = {n};
    int rc = UR_EINPUT;
    if (space >= 0 && H5Sget_simple_extent_ndims(space) == 1 &&
        H5Sget_simple_extent_dims(space, dims, NULL) >= 0 && offset <= dims[0] &&
        n <= dims[0] - offset) {
        hid_t mem = H5Screate_simple(1, count, NULL);
        if (n == 0 ||
            (mem >= 0 && H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL) >= 0 &&
             H5Dread(d, H5T_NATIVE_UCHAR, mem, space, H5P_DEFAULT, buf) >= 0))
            rc = 0;
        if (mem >= 0)
            H5Sclose(mem);
    }
    if (space >= 0)
        H5Sclose(space);
    if (d >= 0)
        H5Dclose(d);
    return rc;
}

int ur_resfile_bytes_at(struct ur_resfile *f, const char *path, uint64_t offset, size_t n,
                        void *buf)
{
    out_lock();
    int rc = read_bytes_locked(out_resfile_hid(f), path, offset, n, buf);
    out_unlock();
    return rc;
}

int ur_resfile_bytes(struct ur_resfile *f, const char *path, void **bytes, size_t *n)
{
    *bytes = NULL, *n = 0;
    out_lock();
    hid_t d = H5Dopen2(out_resfile_hid(f), path, H5P_DEFAULT);
    hid_t space = d < 0 ? -1 : H5Dget_space(d);
    hssize_t size = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    if (space >= 0)
        H5Sclose(space);
    if (d >= 0)
        H5Dclose(d);
    out_unlock();
    if (size < 0)
        return UR_EINPUT;
    if (!(*bytes = malloc(size ? (size_t)size : 1)))
        return UR_ENOMEM;
    int rc = ur_resfile_bytes_at(f, path, 0, (size_t)size, *bytes);
    if (rc < 0)
        free(*bytes), *bytes = NULL;
    else
        *n = (size_t)size;
    return rc;
}
