/* Finding, loading and compiling the rules, and reporting their errors. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef TRIAGE_EXAMPLE_RULES
#define TRIAGE_EXAMPLE_RULES "examples/rules/support.yaml"
#endif

const char *cli_rules_path(const char *option) {
    if (option) return option;
    const char *env = getenv("TRIAGE_RULES");
    if (env && *env) return env;
    return TRIAGE_EXAMPLE_RULES;
}

typedef struct located_error {
    size_t index; /* keeps the sort stable */
    const char *file;
    unsigned line, column;
    const char *message;
} located_error;

static int compare_errors(const void *pa, const void *pb) {
    const located_error *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->column != b->column) return a->column < b->column ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void print_error(FILE *out, const located_error *e) {
    if (e->line == 0)
        fprintf(out, "%s: %s\n", e->file, e->message);
    else if (e->column == 0)
        fprintf(out, "%s:%u: %s\n", e->file, e->line, e->message);
    else
        fprintf(out, "%s:%u:%u: %s\n", e->file, e->line, e->column, e->message);
}

size_t cli_print_builder_errors(const triage_builder *b, const char *fallback_file, FILE *out) {
    size_t n = triage_builder_error_count(b);
    if (n == 0) return 0;
    located_error *v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        located_error e = {i, NULL, 0, 0, NULL};
        triage_builder_error(b, i, &e.file, &e.line, &e.column, &e.message);
        if (!e.file) e.file = fallback_file ? fallback_file : "<rules>";
        if (!e.message) e.message = "error";
        if (v)
            v[i] = e;
        else
            print_error(out, &e); /* no memory to sort: print as recorded */
    }
    if (v) {
        qsort(v, n, sizeof *v, compare_errors);
        for (size_t i = 0; i < n; i++) print_error(out, &v[i]);
        free(v);
    }
    return n;
}

triage_ruleset *cli_load_ruleset(const char *path, FILE *err) {
    triage_builder *b = triage_builder_create(NULL);
    if (!b) {
        fprintf(err, "triage: out of memory\n");
        return NULL;
    }
    triage_ruleset *rs = NULL;
    int rc = triage_builder_load_file(b, path);
    if (rc == TRIAGE_OK) rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) {
        if (cli_print_builder_errors(b, path, err) == 0)
            fprintf(err, "%s: %s\n", path, triage_strerror(rc));
        rs = NULL;
    }
    triage_builder_free(b);
    return rs;
}

void cli_rules_hash_hex(const triage_ruleset *rs, char hex[65]) {
    static const char digits[] = "0123456789abcdef";
    const unsigned char *h = triage_ruleset_source_hash(rs);
    for (size_t i = 0; i < 32; i++) {
        hex[2 * i] = digits[h ? h[i] >> 4 : 0];
        hex[2 * i + 1] = digits[h ? h[i] & 15 : 0];
    }
    hex[64] = '\0';
}
