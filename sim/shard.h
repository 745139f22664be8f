/* Sharded runs: `ursim run FILE --shard I/N -o PART.h5` runs the units whose
 * index mod N is I (units.h) and writes their records to a part; `ursim
 * merge PART.h5... -o OUT.h5` checks that the parts belong to one run and
 * hold every unit once, and writes the file that run would have written
 * (gather.h). What a Slurm job array or GNU parallel drives. Both return the
 * exit status (0, 1 environment, 2 bad input, 130 interrupted) and print
 * their own messages. */
#ifndef URSIM_SHARD_H
#define URSIM_SHARD_H

#include <signal.h>

#include "cli.h"
#include "runner.h"
#include <ursim/output.h>
#include <ursim/scenario.h>

int ur_shard_run(const struct ur_scenario *sc, const struct ur_run_opts *opts,
                 const struct ur_out_meta *meta, const struct ur_cli *cli);
/* `command_line`: for the merged file's root attribute; `interrupted`
 * (may be NULL) set by a signal handler stops it with nothing written. */
int ur_merge(const struct ur_cli *cli, const char *command_line,
             volatile sig_atomic_t *interrupted);

#endif
