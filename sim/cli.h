/* Command-line parsing for the ursim executable. */
#ifndef URSIM_CLI_H
#define URSIM_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum ur_cmd {
    UR_CMD_RUN,
    UR_CMD_VALIDATE,
    UR_CMD_SCHEMA,
    UR_CMD_HELP,
    UR_CMD_VERSION,
    UR_CMD_SUMMARY, /* these three read a results file: `scenario` holds its path */
    UR_CMD_REPORT,
    UR_CMD_EXPORT,
    UR_CMD_MERGE, /* `inputs` holds the part files */
};

struct ur_cli {
    enum ur_cmd cmd;
    const char *scenario, *out;
    const char *csv;   /* export: --csv DIR */
    long replications; /* 0: as in the scenario */
    long seed;         /* -1: as in the scenario */
    long threads;      /* 0: one per core */
    bool force, quiet;
    bool all;  /* run, summary: every KPI instead of the short summary */
    bool kpis; /* validate: list the KPIs a run publishes */
    long shard_i, shard_n; /* run --shard I/N: shard_n 0 when not sharded */
    const char **inputs;   /* merge: the parts (malloc'd: ur_cli_fini) */
    int n_inputs;
};

/* Fills *cli from argv. On a usage error prints why to `err` and returns
 * UR_EUSAGE. */
int ur_cli_parse(int argc, char **argv, struct ur_cli *cli, FILE *err);
void ur_cli_help(FILE *out);
void ur_cli_fini(struct ur_cli *cli);
/* The command line as one string, for the results file (malloc'd; NULL
 * when out of memory). */
char *ur_cli_command_line(int argc, char **argv);

#endif
