/* LD_PRELOAD shim for test_environment.py: a signal at a chosen point of the
 * final write, deterministically. URSIM_SIGNAL_AT names the call (fsync:
 * the results file being made durable, just before the rename; H5Fclose:
 * the file being closed), URSIM_SIGNAL the signal (INT or TERM). At the
 * first such call the process signals itself, then the call goes on. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fsync(int fd);
int H5Fclose(int64_t file);

static void maybe_signal(const char *here)
{
    static int done;
    const char *at = getenv("URSIM_SIGNAL_AT"), *sig = getenv("URSIM_SIGNAL");
    if (done || !at || strcmp(at, here) != 0)
        return;
    done = 1;
    raise(sig && strcmp(sig, "TERM") == 0 ? SIGTERM : SIGINT);
}

int fsync(int fd)
{
    maybe_signal("fsync");
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}

int H5Fclose(int64_t file)
{
    maybe_signal("H5Fclose");
    int (*real)(int64_t) = (int (*)(int64_t))dlsym(RTLD_NEXT, "H5Fclose");
    return real(file);
}
