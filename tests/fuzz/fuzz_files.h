/* Fuzz inputs as files (tests/fuzz/README.md): a scenario, then the files
 * it may include, each after a line "#@file NAME":
 *
 *     include: base.yaml
 *     scenario: {name: top}
 *     #@file base.yaml
 *     scenario: {name: base, horizon: 1d}
 *
 * NAME is one or two path components of [A-Za-z0-9_.-], not starting with
 * '.' (so never ".."), at most 64 characters each, other than main.yaml; any
 * other line, a bad marker too, is text of the file it is in (a YAML comment).
 * At most FUZZ_MAX_FILES files besides the scenario. The same rule is in
 * replay.py, which feeds these inputs to the ursim binary. */
#ifndef URSIM_FUZZ_FILES_H
#define URSIM_FUZZ_FILES_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_MAX_FILES 8

/* Writes the input's files into this process's scratch directory (made on
 * the first call, removed at exit); returns the scenario's path. */
const char *fuzz_files_write(const uint8_t *data, size_t size);
/* Removes what fuzz_files_write wrote. */
void fuzz_files_clear(void);

#endif
