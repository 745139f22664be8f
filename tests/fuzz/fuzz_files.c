/* Splitting an input into a scenario and its included files, written to a
 * scratch directory of its own (fuzz_files.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_files.h"

#define MARKER "#@file "
#define MAX_NAME 64

static char scratch[256];
static char written[FUZZ_MAX_FILES + 1][sizeof scratch + 2 * MAX_NAME + 2];
static char subdirs[FUZZ_MAX_FILES][sizeof scratch + MAX_NAME + 1];
static size_t n_written, n_subdirs;

static void remove_scratch(void)
{
    fuzz_files_clear();
    rmdir(scratch);
}

static void make_scratch(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/ursim-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

/* Length of one path component at s (up to end), 0 if it is not one. */
static size_t component(const char *s, const char *end)
{
    size_t n = 0;
    while (s + n < end && name_char(s[n]))
        n++;
    return n > 0 && n <= MAX_NAME && s[0] != '.' ? n : 0;
}

/* A marker line's name (from s to the line's end), or 0. */
static size_t marker_name(const char *s, const char *end)
{
    size_t a = component(s, end);
    if (a == 0)
        return 0;
    if (s + a < end && s[a] == '/') {
        size_t b = component(s + a + 1, end);
        if (b == 0)
            return 0;
        a += 1 + b;
    }
    if (s + a < end && s[a] != '\n')
        return 0;
    if (a == strlen("main.yaml") && memcmp(s, "main.yaml", a) == 0)
        return 0;
    return a;
}

/* False when it cannot be written (its name is taken by a directory, or
 * its directory by a file): the scenario then finds no such file. */
static bool write_file(const char *name, size_t name_len, const char *text, size_t len)
{
    char *path = written[n_written];
    snprintf(path, sizeof written[0], "%s/%.*s", scratch, (int)name_len, name);
    const char *slash = memchr(name, '/', name_len);
    if (slash) {
        snprintf(subdirs[n_subdirs], sizeof subdirs[0], "%s/%.*s", scratch, (int)(slash - name),
                 name);
        if (mkdir(subdirs[n_subdirs], 0700) == 0)
            n_subdirs++;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    n_written++;
    if (fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return true;
}

/* The start of the next marker line from p, or end. */
static const char *next_marker(const char *p, const char *end, size_t *name_len)
{
    for (const char *line = p; line < end;) {
        size_t m = strlen(MARKER);
        if ((size_t)(end - line) > m && memcmp(line, MARKER, m) == 0 &&
            (*name_len = marker_name(line + m, end)) > 0)
            return line;
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        line = nl ? nl + 1 : end;
    }
    return end;
}

const char *fuzz_files_write(const uint8_t *data, size_t size)
{
    if (!scratch[0])
        make_scratch();
    fuzz_files_clear();
    const char *p = (const char *)data, *end = p + size;
    size_t name_len = 0;
    const char *mark = next_marker(p, end, &name_len);
    if (!write_file("main.yaml", strlen("main.yaml"), p, (size_t)(mark - p))) {
        perror(scratch);
        abort();
    }
    for (size_t files = 0; mark < end; files++) {
        const char *name = mark + strlen(MARKER), *text = name + name_len;
        text += text < end; /* the newline */
        size_t len = name_len;
        mark = files + 1 < FUZZ_MAX_FILES ? next_marker(text, end, &name_len) : end;
        write_file(name, len, text, (size_t)(mark - text));
    }
    return written[0];
}

void fuzz_files_clear(void)
{
    for (size_t i = 0; i < n_written; i++)
        unlink(written[i]);
    for (size_t i = n_subdirs; i-- > 0;)
        rmdir(subdirs[i]);
    n_written = n_subdirs = 0;
}
