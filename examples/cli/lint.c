/* triage lint: loads and compiles each rules file and reports every error
 * as file:line:column: message, sorted by position. */
#include <errno.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] = "triage lint [--pubkey KEY [--sig FILE]] FILE...";

/* Lints one file; returns 1 when it has errors, 0 when clean, -1 when out
 * of memory. */
static int lint_file(const char *path, triage_trust *trust, const char *sig) {
    triage_builder *b = triage_builder_create(NULL);
    if (!b) return -1;
    triage_ruleset *rs = NULL;
    int rc = cli_load_signed(b, trust, path, sig);
    /* Compiling after a failed load would mostly repeat or invent errors
     * about half-built rules, so only a clean load is compiled. */
    if (rc == TRIAGE_OK) rc = triage_builder_compile(b, &rs);
    int bad = rc != TRIAGE_OK;
    if (bad) {
        if (cli_print_builder_errors(b, path, stdout) == 0)
            printf("%s: %s\n", path, triage_strerror(rc));
    } else {
        printf("%s: ok (%zu categories, %zu terms, %zu routes)\n", path,
               triage_ruleset_category_count(rs), triage_ruleset_term_count(rs),
               triage_ruleset_route_count(rs));
    }
    triage_ruleset_free(rs);
    triage_builder_free(b);
    return bad;
}

int cli_lint(int argc, char **argv) {
    int first = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: %s\n\nChecks rules files: prints every error as "
               "file:line:column: message,\nor `FILE: ok (...)` for a clean file.\n\n"
               "  --pubkey KEY  also require a valid minisign signature (FILE.minisig)\n"
               "                from this public key (repeatable)\n"
               "  --sig FILE    the signature file (one rules file only)\n\n"
               "Exit status: 0 all files clean, 1 some file has errors, 2 usage error.\n",
               USAGE);
        return CLI_EXIT_OK;
    }
    const char *pubkeys[8], *sig = NULL, *key = NULL;
    size_t npubkeys = 0;
    int m;
    while (first < argc) {
        if ((m = cli_option_value(argc, argv, &first, "--pubkey", &key)) > 0) {
            if (npubkeys == 8) return cli_usage_error("lint", USAGE, "at most 8 --pubkey");
            pubkeys[npubkeys++] = key;
            continue;
        }
        if (m == 0) m = cli_option_value(argc, argv, &first, "--sig", &sig);
        if (m < 0) return CLI_EXIT_USAGE;
        if (m > 0) continue;
        if (strcmp(argv[first], "--") == 0) first++;
        else if (argv[first][0] == '-' && argv[first][1] != '\0')
            return cli_usage_error("lint", USAGE, "unknown option '%s'", argv[first]);
        break;
    }
    if (first >= argc) return cli_usage_error("lint", USAGE, "no rules file given");
    if (sig && (npubkeys == 0 || argc - first != 1))
        return cli_usage_error("lint", USAGE, "--sig needs --pubkey and one rules file");
    triage_trust *trust = npubkeys ? cli_trust_load(pubkeys, npubkeys, stderr) : NULL;
    if (npubkeys && !trust) return CLI_EXIT_USAGE;
    int any_bad = 0;
    for (int i = first; i < argc; i++) {
        int r = lint_file(argv[i], trust, sig);
        if (r < 0) {
            fprintf(stderr, "triage lint: out of memory\n");
            triage_trust_free(trust);
            return CLI_EXIT_USAGE;
        }
        any_bad |= r;
    }
    triage_trust_free(trust);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "triage lint: cannot write the report: %s\n", strerror(errno));
        return CLI_EXIT_USAGE;
    }
    return any_bad ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
