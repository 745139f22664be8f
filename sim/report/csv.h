/* CSV cells (RFC 4180) and a set of files written to .tmp and renamed
 * together when all are complete. */
#ifndef URSIM_REPORT_CSV_H
#define URSIM_REPORT_CSV_H

#include <stddef.h>
#include <stdio.h>

/* A text cell, quoted when it holds a comma, quote or line break; then
 * `sep` (0: none). */
void rp_csv_text(FILE *f, const char *s, char sep);
/* A number that reads back exactly (%.17g); NaN is an empty cell. */
void rp_csv_num(FILE *f, double x, char sep);

struct rp_csv_files {
    char **tmp, **final;
    size_t n, n_done;
};
/* Opens DIR/NAME.tmp for writing; NULL (errno set) on failure. */
FILE *rp_csv_open(struct rp_csv_files *files, const char *dir, const char *name);
/* Closes it: 0 or UR_EIO when a write failed. */
int rp_csv_close(struct rp_csv_files *files, FILE *f);
/* rc == 0: renames every .tmp to its name; else (or when a rename fails)
 * removes every .tmp. Reports a failure on err; returns 0 or UR_EIO. */
int rp_csv_commit(struct rp_csv_files *files, int rc, FILE *err);
void rp_csv_files_fini(struct rp_csv_files *files);

#endif
