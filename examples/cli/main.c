/* triage: the command-line router. main() only dispatches; each subcommand
 * lives in its own file (route.c, lint.c, ...) and is listed once in
 * commands.def. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command;

/* The dispatch table: add a subcommand with one line in commands.def. */
static const cli_command commands[] = {
#define CLI_COMMAND(name, summary) {#name, cli_##name, summary},
#include "commands.def"
#undef CLI_COMMAND
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out) {
    fputs("usage: triage <command> [options] [args]\n"
          "       triage --version | help [command]\n\ncommands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun `triage <command> --help` for a command's options.\n", out);
}

static const cli_command *find_command(const char *name) {
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static int run_help(int argc, char **argv) {
    if (argc < 3) {
        print_usage(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command *c = find_command(argv[2]);
    if (!c) {
        fprintf(stderr, "triage: unknown command '%s'\n", argv[2]);
        return CLI_EXIT_USAGE;
    }
    char help[] = "--help";
    char *sub_argv[] = {argv[2], help, NULL};
    return c->run(2, sub_argv);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        /* The library actually loaded may be newer than the headers. */
        printf("triage %s (libtriage %s)\n", TRIAGE_VERSION_STRING, triage_version_string());
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return run_help(argc, argv);
    const cli_command *c = find_command(name);
    if (!c) {
        fprintf(stderr, "triage: unknown command '%s'\n\n", name);
        print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
