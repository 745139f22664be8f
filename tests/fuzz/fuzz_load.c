/* fuzz_load: bytes -> a scenario and the files it includes (fuzz_files.h)
 * -> load and validate, as `ursim validate` does.
 *
 * Beyond the sanitizers' findings it checks the loader's contract
 * (sim/input/load.c): a scenario comes back exactly when no error was
 * reported, and a refusal always says why, naming a file. (A bug that
 * panics aborts, which libFuzzer reports as a crash.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_files.h"
#include <ursim/diag.h>
#include <ursim/model.h>
#include <ursim/scenario.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const struct ur_diag *diag)
{
    fprintf(stderr, "fuzz_load: %s\n", what);
    ur_diag_print(diag, stderr);
    abort();
}

static void check_messages(const struct ur_diag *diag)
{
    for (size_t i = 0; i < ur_diag_errors(diag); i++) {
        struct ur_loc at;
        const char *msg = ur_diag_message(diag, i, &at);
        if (!msg || !*msg)
            fail("a message that says nothing", diag);
        if (!at.file || !*at.file)
            fail("a message that names no file", diag);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_files_write(data, size);
    struct ur_diag *diag = ur_diag_new();
    int err = 0;
    struct ur_scenario *sc = ur_scenario_load(path, ur_models, ur_n_models, diag, &err);
    if (sc && (ur_diag_errors(diag) > 0 || err != UR_OK))
        fail("a scenario came back with errors", diag);
    if (!sc && ur_diag_errors(diag) == 0)
        fail(ur_strerror(err), diag); /* the file is there: only bad input may refuse it */
    check_messages(diag);
    FILE *devnull = fopen("/dev/null", "w");
    ur_diag_print(diag, devnull);
    fclose(devnull);
    ur_scenario_free(sc);
    ur_diag_free(diag);
    fuzz_files_clear();
    return 0;
}
