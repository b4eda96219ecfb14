/* Helpers shared by the loader tests (test_loader*.c). */
#ifndef TEST_LOADER_UTIL_H
#define TEST_LOADER_UTIL_H

#include <stdio.h>
#include <string.h>
#include <triage/rules.h>

#define RULES TRIAGE_TEST_DATA "/rules/"

static inline void print_errors(const triage_builder *b) {
    for (size_t i = 0; i < triage_builder_error_count(b); i++) {
        const char *file, *msg;
        unsigned line, col;
        int st = triage_builder_error(b, i, &file, &line, &col, &msg);
        printf("  [%d] %s:%u:%u: %s\n", st, file ? file : "?", line, col, msg);
    }
}

/* Whether the builder holds an error with this status, position and text. */
static inline int has_error(const triage_builder *b, int status, unsigned line, unsigned col,
                            const char *fragment) {
    for (size_t i = 0; i < triage_builder_error_count(b); i++) {
        const char *msg;
        unsigned l, c;
        int st = triage_builder_error(b, i, NULL, &l, &c, &msg);
        if (st == status && l == line && c == col && strstr(msg, fragment)) return 1;
    }
    return 0;
}

typedef struct error_case {
    const char *what;
    const char *yaml;
    int status; /* of the first error, and of the one looked for */
    unsigned line, column;
    const char *fragment;
} error_case;

/* Loads each case as "t.yaml"; prints every mismatch, returns their count. */
static inline int run_error_cases(const error_case *cases, size_t n) {
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        const error_case *c = &cases[i];
        triage_builder *b = triage_builder_create(NULL);
        if (!b) return -1;
        int rc = triage_builder_load_yaml(b, c->yaml, strlen(c->yaml), "t.yaml");
        if (rc != c->status || !has_error(b, c->status, c->line, c->column, c->fragment)) {
            printf("case '%s': want status %d at %u:%u with \"%s\", got %d:\n", c->what,
                   c->status, c->line, c->column, c->fragment, rc);
            print_errors(b);
            failed++;
        }
        const char *file = NULL;
        triage_builder_error(b, 0, &file, NULL, NULL, NULL);
        if (!file || strcmp(file, "t.yaml") != 0) {
            printf("case '%s': errors do not name the file\n", c->what);
            failed++;
        }
        triage_builder_free(b);
    }
    return failed;
}

#endif
