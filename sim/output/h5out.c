/* The results file's life: open PATH.tmp, commit by rename, or abort.
 *
 * Atomicity: everything is written to PATH.tmp; commit closes the HDF5 file,
 * fsyncs it, and rename()s it over PATH (atomic on POSIX file systems), then
 * fsyncs the directory so the rename itself survives a crash. A failed or
 * interrupted run therefore leaves either the old PATH or none, never a
 * partial one. The first error is sticky: later writes fail fast and commit
 * refuses, so a file missing a block is never published.
 *
 * Ownership: a successful ur_out_commit frees `out`. After any failure (of
 * open, a write, or commit) `out` stays valid so that ur_out_error can be
 * read, and is released with ur_out_abort, which also removes PATH.tmp.
 * ur_out_abort(NULL) does nothing.
 *
 * PATH.tmp left by a crashed run is replaced. We only remove a PATH.tmp we
 * created ourselves, and HDF5's file lock makes H5Fcreate fail rather than
 * truncate a PATH.tmp that another live run is writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "h5out.h"

/* Process-wide, not per file: the library itself is what is not thread-safe. */
static pthread_mutex_t hdf5_lock = PTHREAD_MUTEX_INITIALIZER;

void out_lock(void)
{
    UR_ASSERT(pthread_mutex_lock(&hdf5_lock) == 0);
}

void out_unlock(void)
{
    UR_ASSERT(pthread_mutex_unlock(&hdf5_lock) == 0);
}

int out_begin(struct ur_out *out)
{
    out_lock();
    return out->err;
}

static struct ur_out *out_new(const char *path, bool force)
{
    struct ur_out *out = calloc(1, sizeof *out);
    size_t len = strlen(path);
    char *both = malloc(2 * len + sizeof ".tmp" + 1);
    if (!out || !both) {
        free(out);
        free(both);
        return NULL;
    }
    out->path = strcpy(both, path);
    out->tmp_path = both + len + 1;
    strcpy(out->tmp_path, path);
    strcpy(out->tmp_path + len, ".tmp");
    out->file = out->lcpl = H5I_INVALID_HID;
    out->shard_records = out->shard_index = H5I_INVALID_HID;
    out->force = force;
    return out;
}

/* PATH may be replaced only with force, and never if it is a directory. */
static int check_target(struct ur_out *out)
{
    struct stat st;
    if (stat(out->path, &st) < 0)
        return errno == ENOENT ? 0 : out_fail_errno(out, UR_EIO, "%s", out->path);
    errno = S_ISDIR(st.st_mode) ? EISDIR : EEXIST;
    if (S_ISDIR(st.st_mode))
        return out_fail_errno(out, UR_EIO, "%s", out->path);
    return out->force ? 0 : out_fail_errno(out, UR_EEXIST, "%s", out->path);
}

/* Creating PATH.tmp ourselves first turns a bad directory into a plain errno
 * message; O_EXCL tells whether it is ours to remove if HDF5 then fails. */
static int create_file(struct ur_out *out)
{
    int fd = open(out->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno != EEXIST)
        return out_fail_errno(out, UR_EIO, "creating %s", out->tmp_path);
    out->tmp_made = fd >= 0;
    if (fd >= 0 && close(fd) < 0)
        return out_fail_errno(out, UR_EIO, "creating %s", out->tmp_path);
    /* No library shutdown at exit: a file whose closing failed (a full disk)
     * stays in HDF5 1.10's tables, and the shutdown crashes closing it again
     * (found by tests/cli/test_environment.py). Every file of ours is closed
     * by then, so the shutdown has nothing to do. Refused, harmlessly, once
     * the library is initialised. */
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    /* STRONG: closing the file closes anything left open, so it is complete.
     * The 1.8 object format (which netCDF-4 writes too) moves attributes to
     * dense storage as they grow: a dimension scale's REFERENCE_LIST names
     * every dataset attached to it, past the 64 KiB of the 1.6 format for a
     * few thousand KPIs. */
    if (fapl >= 0 && H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0 &&
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_LATEST) >= 0)
        out->file = H5Fcreate(out->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (out->file < 0)
        return out_fail_hdf5(out, "creating %s", out->tmp_path);
    out->tmp_made = true;
    out->lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (out->lcpl < 0 || H5Pset_create_intermediate_group(out->lcpl, 1) < 0)
        return out_fail_hdf5(out, "creating %s", out->tmp_path);
    return 0;
}

int ur_out_open(struct ur_out **outp, const char *path, bool force, const struct ur_out_meta *meta)
{
    struct ur_out *out = *outp = out_new(path, force);
    if (!out)
        return UR_ENOMEM;
    if (meta->start && !(out->start = strdup(meta->start)))
        return UR_ENOMEM;
    out->interrupted = meta->interrupted;
    out_lock();
    int rc = check_target(out);
    if (!rc)
        rc = create_file(out);
    if (!rc)
        rc = out_write_root(out, meta);
    if (!rc)
        rc = out_log_create(out, ""); /* /plan_log exists even if nothing is logged */
    out_unlock();
    return rc;
}

/* Closes every HDF5 object; an object still open is a bug in this folder. */
static int close_file(struct ur_out *out)
{
    int rc = 0;
    if (out_cache_close_all(&out->dsets) < 0)
        rc = out_fail_hdf5(out, "closing datasets of %s", out->tmp_path);
    out_log_free(out);
    out_shard_close(out);
    if (out->lcpl >= 0)
        H5Pclose(out->lcpl);
    out->lcpl = H5I_INVALID_HID;
    if (out->file < 0)
        return rc;
    unsigned kinds = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR;
    ssize_t left = H5Fget_obj_count(out->file, kinds | H5F_OBJ_LOCAL);
    errno = 0;
    if (left != 0)
        rc = out_fail_errno(out, UR_EHDF5, "internal error: %zd HDF5 objects left open in %s", left,
                            out->tmp_path);
    if (H5Fclose(out->file) < 0)
        rc = out_fail_hdf5(out, "closing %s", out->tmp_path);
    out->file = H5I_INVALID_HID;
    return rc;
}

static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Makes the rename durable. Best effort: some file systems refuse to fsync a
 * directory, and the results are complete either way. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        sync_path(".");
        return;
    }
    size_t len = slash == path ? 1 : (size_t)(slash - path); /* "/x" lives in "/" */
    char *dir = malloc(len + 1);
    if (!dir)
        return;
    memcpy(dir, path, len);
    dir[len] = '\0';
    sync_path(dir);
    free(dir);
}

static int publish(struct ur_out *out)
{
    if (sync_path(out->tmp_path) < 0)
        return out_fail_errno(out, UR_EIO, "syncing %s", out->tmp_path);
    if (out->interrupted && *out->interrupted)
        return UR_EINTR; /* the last moment a signal can stop the publishing */
    if (!out->force && access(out->path, F_OK) == 0) { /* appeared during the run */
        errno = EEXIST;
        return out_fail_errno(out, UR_EEXIST, "%s", out->path);
    }
    if (rename(out->tmp_path, out->path) < 0)
        return out_fail_errno(out, UR_EIO, "renaming %s to %s", out->tmp_path, out->path);
    out->tmp_made = false;
    sync_parent(out->path);
    return 0;
}

int ur_out_commit(struct ur_out *out)
{
    int rc = out_begin(out);
    if (!rc)
        rc = out_log_drain(out); /* rows of a replication whose predecessor never came */
    if (!rc)
        rc = out_dims_tables(out);
    int closed = close_file(out);
    if (!rc)
        rc = closed;
    if (!rc)
        rc = publish(out);
    if (rc && out->tmp_made && unlink(out->tmp_path) == 0)
        out->tmp_made = false;
    out_unlock();
    if (rc)
        return rc;
    free(out->path);
    free(out->start);
    free(out);
    return 0;
}

void ur_out_abort(struct ur_out *out)
{
    if (!out)
        return;
    out_lock();
    close_file(out);
    if (out->tmp_made)
        unlink(out->tmp_path);
    out_unlock();
    free(out->path);
    free(out->start);
    free(out);
}

const char *ur_out_error(const struct ur_out *out)
{
    return out && out->err ? out->msg : "";
}
