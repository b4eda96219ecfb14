/* YAML loader under allocation failure: for every N, the Nth allocation
 * through the host allocator fails, until a load needs fewer than N. Every
 * run must end in TRIAGE_OK or TRIAGE_ERR_NOMEM (or the input's own error),
 * free everything it took, and never crash. (libyaml allocates with malloc
 * and is not covered by this.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test_loader_util.h"

typedef struct failing {
    size_t calls;   /* allocations so far */
    size_t fail_at; /* 0: never fail */
    long live;      /* allocations not yet freed */
    int failed;     /* an allocation was refused */
} failing;

static void *failing_malloc(size_t size, void *user) {
    failing *f = user;
    if (f->fail_at && ++f->calls == f->fail_at) {
        f->failed = 1;
        return NULL;
    }
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void failing_free(void *p, void *user) {
    failing *f = user;
    if (p) f->live--;
    free(p);
}

typedef int (*load_fn)(triage_builder *b, const void *arg);

static int load_full_file(triage_builder *b, const void *arg) {
    return triage_builder_load_file(b, arg);
}

static int load_text(triage_builder *b, const void *arg) {
    return triage_builder_load_yaml(b, arg, strlen(arg), "t.yaml");
}

/* Runs load with the Nth allocation failing for N = 1, 2, ... until a run
 * refuses nothing; returns that N. */
static size_t every_failure(load_fn load, const void *arg, int status) {
    for (size_t n = 1;; n++) {
        failing f = {0, 0, 0, 0};
        triage_allocator *a = triage_allocator_create(failing_malloc, failing_free, &f);
        assert_non_null(a);
        f.live = 0; /* the allocator's own block is freed last */
        f.fail_at = n;
        triage_builder *b = triage_builder_create(a);
        int rc = TRIAGE_ERR_NOMEM;
        if (b) {
            rc = load(b, arg);
            triage_builder_free(b);
        }
        if (rc != status && rc != TRIAGE_ERR_NOMEM) {
            printf("allocation %zu failing: status %d\n", n, rc);
            fail();
        }
        if (!f.failed && rc != status) {
            printf("nothing failed but status %d\n", rc);
            fail();
        }
        assert_int_equal(f.live, 0);
        f.fail_at = 0;
        triage_allocator_free(a);
        if (!f.failed) return n;
    }
}

static void full_file_under_failing_allocator(void **state) {
    (void)state;
    size_t n = every_failure(load_full_file, RULES "full.yaml", TRIAGE_OK);
    printf("full.yaml: %zu allocations\n", n - 1);
    assert_true(n > 20); /* it did take the builder through many allocations */
}

static void errors_under_failing_allocator(void **state) {
    (void)state;
    const char *yaml = "triage: 1\n"
                       "options: {min_scor: 2, field_weights: {subject: 2}}\n"
                       "categories:\n"
                       "  - name: a\n"
                       "    keywords: {x: 1, y: abc, x: 2, z: {weight: 1, fields: [subject]}}\n"
                       "    regex: [{pattern: 'a+', weight: 1, fields: body}]\n"
                       "  - name: a\n"
                       "routes:\n"
                       "  - name: r\n"
                       "    when: {category: [a, b], score: {a: '>= 2'}, field: {c: [d, e]}}\n"
                       "    set: {priority: hihg, tags: [t], sla: p}\n"
                       "calendars:\n"
                       "  c: {timezone: UTC, hours: {mon: '09:00-10:00'}}\n"
                       "sla:\n"
                       "  policies: [{name: p, calendar: c, resolution: 1h}, {name: p, resolution: 1x}]\n";
    every_failure(load_text, yaml, TRIAGE_ERR_EXISTS); /* the duplicate key x comes first */
}

/* A big map takes the hash-set path of the duplicate-key check. */
static void big_map_under_failing_allocator(void **state) {
    (void)state;
    char yaml[4096];
    size_t o = (size_t)snprintf(yaml, sizeof yaml, "triage: 1\ncategories:\n  - name: c\n    keywords:\n");
    for (int i = 0; i < 60; i++) o += (size_t)snprintf(yaml + o, sizeof yaml - o, "      k%d: 1\n", i);
    o += (size_t)snprintf(yaml + o, sizeof yaml - o, "      k7: 2\n");
    assert_true(o < sizeof yaml);
    every_failure(load_text, yaml, TRIAGE_ERR_EXISTS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_file_under_failing_allocator),
        cmocka_unit_test(errors_under_failing_allocator),
        cmocka_unit_test(big_map_under_failing_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
