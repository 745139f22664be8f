/* Command-line parsing: subcommand, then options in any order, as
 * `--name value` or `--name=value`. Strict: every number is checked whole. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include <ursim/diag.h>

void ur_cli_help(FILE *out)
{
    fputs("usage: ursim run SCENARIO.yaml -o OUT.h5 [options]\n"
          "       ursim validate SCENARIO.yaml [--kpis]  check; --kpis: list the KPIs a\n"
          "                          run publishes (the paths `observed:` figures name)\n"
          "       ursim schema          print the scenario reference (Markdown)\n"
          "       ursim summary OUT.h5 [--all]           reprint a run's summary\n"
          "       ursim report OUT.h5 [-o REPORT.html]   one-page HTML report with charts\n"
          "       ursim export OUT.h5 --csv DIR          tidy CSV files for pandas, R\n"
          "       ursim merge PART.h5... -o OUT.h5       join the parts of a sharded run\n"

          "       ursim --help | --version\n"
          "\n"
          "run options:\n"
          "  -o, --output OUT.h5     results file (written to OUT.h5.tmp, then renamed)\n"
          "  --replications N        override scenario.replications (1..100000)\n"
          "  --seed S                override scenario.seed (0..2^62)\n"
          "  -j, --threads N         worker threads (default: one per core); results\n"
          "                          are identical for any N\n"
          "  --force                 overwrite OUT.h5 if it exists\n"
          "  --quiet                 no progress line and no summary\n"
          "  --all                   print every KPI, not the short summary\n"
          "  --shard I/N             run only shard I (0..N-1) of N: the units (variant,\n"
          "                          replication) whose index mod N is I, into a part\n"
          "                          file for 'ursim merge'; the merged file is the one\n"
          "                          a single run writes\n"
          "\n"
          "exit status: 0 ok, 1 run failed (I/O, memory), 2 bad input or usage,\n"
          "130 interrupted. The scenario keys are documented in scenarios/README.md.\n",
          out);
}

static int usage(FILE *err, const char *fmt, const char *arg)
{
    fputs("ursim: ", err);
    fprintf(err, fmt, arg);
    fputs("; see 'ursim --help'\n", err);
    return UR_EUSAGE;
}

static bool parse_long(const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi)
        return false;
    *v = x;
    return true;
}

/* If argv[*i] is option `name` (long form, or `alias`), sets *val to its
 * argument (from "=value" or the next word) and returns 1; -1 when the
 * argument is missing; 0 when it is another option. */
static int take(int argc, char **argv, int *i, const char *name, const char *alias,
                const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (strcmp(a, name) != 0 && !(alias && strcmp(a, alias) == 0))
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

struct num_opt {
    const char *name, *alias;
    long lo, hi;
    size_t offset;
};

/* --shard I/N: 0 <= I < N <= 1000000. */
static bool parse_shard(const char *s, struct ur_cli *cli)
{
    const char *slash = strchr(s, '/');
    char i[32];
    if (!slash || (size_t)(slash - s) >= sizeof i)
        return false;
    memcpy(i, s, (size_t)(slash - s));
    i[slash - s] = '\0';
    return parse_long(slash + 1, 1, 1000000, &cli->shard_n) &&
           parse_long(i, 0, cli->shard_n - 1, &cli->shard_i);
}

static const struct num_opt num_opts[] = {
    {"--replications", NULL, 1, 100000, offsetof(struct ur_cli, replications)},
    {"--seed", NULL, 0, 1L << 62, offsetof(struct ur_cli, seed)},
    {"--threads", "-j", 1, 1024, offsetof(struct ur_cli, threads)},
};

/* Parses one option at argv[*i]; 0 or UR_EUSAGE. */
static int parse_option(int argc, char **argv, int *i, struct ur_cli *cli, FILE *err)
{
    const char *a = argv[*i], *val = NULL;
    if (strcmp(a, "--force") == 0)
        return cli->force = true, 0;
    if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
        return cli->quiet = true, 0;
    if (strcmp(a, "--all") == 0)
        return cli->all = true, 0;
    if (strcmp(a, "--kpis") == 0)
        return cli->kpis = true, 0;
    int r = take(argc, argv, i, "--output", "-o", &val);
    if (r == 1)
        return cli->out = val, 0;
    if (r < 0)
        return usage(err, "%s needs a file name", a);
    if ((r = take(argc, argv, i, "--csv", NULL, &val)) != 0)
        return r < 0 ? usage(err, "%s needs a directory", a) : (cli->csv = val, 0);
    if ((r = take(argc, argv, i, "--shard", NULL, &val)) != 0) {
        if (r > 0 && parse_shard(val, cli))
            return 0;
        cli->shard_n = 0;
        return usage(err, r < 0 ? "%s needs I/N" : "bad value '%s' for --shard (I/N, 0 <= I < N)",
                     r < 0 ? a : val);
    }
    for (size_t k = 0; k < sizeof num_opts / sizeof num_opts[0]; k++) {
        const struct num_opt *o = &num_opts[k];
        r = take(argc, argv, i, o->name, o->alias, &val);
        if (r < 0)
            return usage(err, "%s needs a number", a);
        if (r == 1) {
            long *dst = (long *)((char *)cli + o->offset);
            if (!parse_long(val, o->lo, o->hi, dst))
                return usage(err, "bad value '%s' for the option", val);
            return 0;
        }
    }
    return usage(err, "unknown option '%s'", a);
}

static int parse_command(const char *word, struct ur_cli *cli, FILE *err)
{
    static const struct {
        const char *name;
        enum ur_cmd cmd;
    } cmds[] = {{"run", UR_CMD_RUN},         {"validate", UR_CMD_VALIDATE},
                {"schema", UR_CMD_SCHEMA},   {"--help", UR_CMD_HELP},
                {"-h", UR_CMD_HELP},         {"help", UR_CMD_HELP},
                {"--version", UR_CMD_VERSION}, {"summary", UR_CMD_SUMMARY},
                {"export", UR_CMD_EXPORT},   {"report", UR_CMD_REPORT},
                {"merge", UR_CMD_MERGE}};
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
        if (strcmp(word, cmds[k].name) == 0)
            return cli->cmd = cmds[k].cmd, 0;
    return usage(err, "unknown command '%s' (commands: run, validate, schema, summary, report, export, merge)", word);
}

/* The commands that read a results file. */
static int check_reader(const struct ur_cli *cli, FILE *err)
{
    bool reader = cli->cmd == UR_CMD_SUMMARY || cli->cmd == UR_CMD_REPORT ||
                  cli->cmd == UR_CMD_EXPORT;
    if (reader && !cli->scenario)
        return usage(err, "%s", "missing the results file OUT.h5");
    if (cli->cmd == UR_CMD_EXPORT && !cli->csv)
        return usage(err, "%s", "missing --csv DIR");
    if (cli->shard_n && cli->cmd != UR_CMD_RUN)
        return usage(err, "%s", "--shard goes with 'run'");
    if (cli->cmd == UR_CMD_MERGE && (cli->n_inputs == 0 || !cli->out))
        return usage(err, "%s", cli->out ? "missing the parts PART.h5..." : "missing -o OUT.h5");
    return 0;
}

char *ur_cli_command_line(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 3;
    char *s = malloc(n), *p = s;
    for (int i = 0; s && i < argc; i++) {
        bool quote = strpbrk(argv[i], " \t'\"") != NULL;
        p += sprintf(p, i ? (quote ? " '%s'" : " %s") : (quote ? "'%s'" : "%s"), argv[i]);
    }
    return s;
}

void ur_cli_fini(struct ur_cli *cli)
{
    free(cli->inputs);
    cli->inputs = NULL;
}

int ur_cli_parse(int argc, char **argv, struct ur_cli *cli, FILE *err)
{
    *cli = (struct ur_cli){.seed = -1};
    if (argc < 2)
        return usage(err, "%s", "missing command");
    if (parse_command(argv[1], cli, err) < 0)
        return UR_EUSAGE;
    if (cli->cmd == UR_CMD_MERGE && !(cli->inputs = calloc((size_t)argc, sizeof *cli->inputs)))
        return usage(err, "%s", "out of memory");
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1] != '\0') {
            if (parse_option(argc, argv, &i, cli, err) < 0)
                return UR_EUSAGE;
        } else if (cli->cmd == UR_CMD_MERGE) {
            cli->inputs[cli->n_inputs++] = a;
        } else if (!cli->scenario) {
            cli->scenario = a;
        } else {
            return usage(err, "unexpected argument '%s'", a);
        }
    }
    bool needs_file = cli->cmd == UR_CMD_RUN || cli->cmd == UR_CMD_VALIDATE;
    if (needs_file && !cli->scenario)
        return usage(err, "%s", "missing SCENARIO.yaml");
    if (cli->cmd == UR_CMD_RUN && !cli->out)
        return usage(err, "%s", "missing -o OUT.h5");
    return check_reader(cli, err);
}
