/* CSV cells and files renamed when complete (csv.h). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ursim/diag.h>

#include "csv.h"

void rp_csv_text(FILE *f, const char *s, char sep)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    if (sep)
        fputc(sep, f);
}

void rp_csv_num(FILE *f, double x, char sep)
{
    if (!isnan(x))
        fprintf(f, "%.17g", x);
    if (sep)
        fputc(sep, f);
}

static char *path_of(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + 1 + strlen(name) + strlen(suffix) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

FILE *rp_csv_open(struct rp_csv_files *files, const char *dir, const char *name)
{
    char **tmp = realloc(files->tmp, (files->n + 1) * sizeof *tmp);
    if (tmp)
        files->tmp = tmp;
    char **final = tmp ? realloc(files->final, (files->n + 1) * sizeof *final) : NULL;
    if (final)
        files->final = final;
    if (!tmp || !final)
        return errno = ENOMEM, NULL;
    files->tmp[files->n] = path_of(dir, name, ".tmp");
    files->final[files->n] = path_of(dir, name, "");
    if (!files->tmp[files->n] || !files->final[files->n]) {
        free(files->tmp[files->n]), free(files->final[files->n]);
        return errno = ENOMEM, NULL;
    }
    FILE *f = fopen(files->tmp[files->n], "w");
    files->n++;
    return f;
}

int rp_csv_close(struct rp_csv_files *files, FILE *f)
{
    (void)files;
    bool bad = ferror(f) != 0;
    return fclose(f) != 0 || bad ? UR_EIO : 0;
}

int rp_csv_commit(struct rp_csv_files *files, int rc, FILE *err)
{
    int saved = errno;
    for (size_t i = 0; rc == 0 && i < files->n; i++)
        if (rename(files->tmp[i], files->final[i]) < 0)
            rc = UR_EIO, saved = errno;
        else
            files->n_done++;
    if (rc == 0)
        return 0;
    fprintf(err, "ursim: writing %s: %s; no CSV written\n",
            files->n ? files->final[files->n - 1] : "CSV", strerror(saved ? saved : EIO));
    for (size_t i = 0; i < files->n; i++) {
        unlink(files->tmp[i]);
        if (i < files->n_done)
            unlink(files->final[i]); /* renamed before the failure: all or none */
    }
    files->n_done = 0;
    return UR_EIO;
}

void rp_csv_files_fini(struct rp_csv_files *files)
{
    for (size_t i = 0; i < files->n; i++)
        free(files->tmp[i]), free(files->final[i]);
    free(files->tmp), free(files->final);
    *files = (struct rp_csv_files){0};
}
