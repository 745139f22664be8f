/* A main for the fuzz targets without libFuzzer: runs each file named, or
 * each file in each directory named, through LLVMFuzzerTestOneInput once,
 * so that the ordinary test build replays the kept corpus and the
 * regressions under its sanitizers. Prints how many it ran. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        exit(1);
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)n);
    free(data);
    return 1;
}

static size_t replay(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(1);
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path);
    DIR *d = opendir(path);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue; /* ., .., .gitkeep */
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        n += replay_file(full);
    }
    if (d)
        closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    for (int i = 1; i < argc; i++)
        n += replay(argv[i]);
    printf("%s: %zu inputs replayed, none failed\n", argv[0], n);
    return 0;
}
