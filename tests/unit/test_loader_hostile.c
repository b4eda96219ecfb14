/* YAML loader against hostile and broken input: deep nesting, alias bombs,
 * oversized files, bad encodings, NUL bytes, empty and scalar documents,
 * files that cannot be read. Each gets a clear error, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_loader_util.h"
#include "yaml/loader.h"

static triage_builder *load_buf(const char *data, size_t len, int *rc) {
    triage_builder *b = triage_builder_create(NULL);
    assert_non_null(b);
    *rc = triage_builder_load_yaml(b, data, len, "t.yaml");
    return b;
}

static triage_builder *load_path(const char *path, int *rc) {
    triage_builder *b = triage_builder_create(NULL);
    assert_non_null(b);
    *rc = triage_builder_load_file(b, path);
    return b;
}

/* head + open * depth + close * depth */
static char *nested(const char *head, const char *open, const char *close, size_t depth,
                    size_t *len) {
    size_t lo = strlen(open), lc = strlen(close);
    size_t lh = strlen(head);
    char *s = malloc(lh + depth * (lo + lc) + 2);
    assert_non_null(s);
    memcpy(s, head, lh);
    char *p = s + lh;
    for (size_t i = 0; i < depth; i++, p += lo) memcpy(p, open, lo);
    for (size_t i = 0; i < depth; i++, p += lc) memcpy(p, close, lc);
    *p++ = '\n';
    *len = (size_t)(p - s);
    return s;
}

static void depth_10000_is_refused_at_level_65(void **state) {
    (void)state;
    static const struct {
        const char *head, *open, *close;
        unsigned line, column;
    } forms[] = {
        /* The top-level map is level 1: the 64th '[' opens level 65. */
        {"triage: 1\nname: ", "[", "]", 2, 7 + 63},        /* flow lists */
        {"triage: 1\nname: ", "{a: ", "}", 2, 7 + 63 * 4}, /* flow maps */
        {"", "- ", "", 1, 1 + 64 * 2},                     /* block lists: "- - - x" */
    };
    for (size_t f = 0; f < 3; f++) {
        size_t len;
        char *yaml = nested(forms[f].head, forms[f].open, forms[f].close, 10000, &len);
        int rc;
        triage_builder *b = load_buf(yaml, len, &rc);
        if (rc != TRIAGE_ERR_LIMIT) print_errors(b);
        assert_int_equal(rc, TRIAGE_ERR_LIMIT);
        assert_int_equal(triage_builder_error_count(b), 1);
        const char *msg;
        unsigned line, col;
        triage_builder_error(b, 0, NULL, &line, &col, &msg);
        assert_non_null(strstr(msg, "nested more than 64 levels deep"));
        assert_int_equal(line, forms[f].line);
        assert_int_equal(col, forms[f].column);
        triage_builder_free(b);
        free(yaml);
    }
}

/* 64 levels are allowed: the value is then just of the wrong type. */
static void depth_64_is_allowed(void **state) {
    (void)state;
    size_t len;
    char *yaml = nested("triage: 1\nname: ", "[", "]", 63, &len); /* + the top-level map = 64 */
    int rc;
    triage_builder *b = load_buf(yaml, len, &rc);
    assert_int_equal(rc, TRIAGE_ERR_SYNTAX);
    assert_true(has_error(b, TRIAGE_ERR_SYNTAX, 2, 7, "the ruleset 'name' must be a text, not a list"));
    triage_builder_free(b);
    free(yaml);
}

/* Billion laughs: nothing is expanded; each alias is an error, and the
 * list of errors stops at 100. */
static void alias_bomb_is_refused(void **state) {
    (void)state;
    char yaml[4096];
    size_t o = (size_t)snprintf(yaml, sizeof yaml, "triage: 1\nl0: &l0 [lol, lol, lol]\n");
    for (int level = 1; level <= 20; level++) {
        o += (size_t)snprintf(yaml + o, sizeof yaml - o, "l%d: &l%d [", level, level);
        for (int k = 0; k < 9; k++)
            o += (size_t)snprintf(yaml + o, sizeof yaml - o, "%s*l%d", k ? ", " : "", level - 1);
        o += (size_t)snprintf(yaml + o, sizeof yaml - o, "]\n");
    }
    assert_true(o < sizeof yaml);
    int rc;
    triage_builder *b = load_buf(yaml, o, &rc);
    assert_int_equal(rc, TRIAGE_ERR_UNSUPPORTED);
    assert_true(has_error(b, TRIAGE_ERR_UNSUPPORTED, 3, 10,
                          "aliases (*l0) are not supported in rules files"));
    assert_int_equal(triage_builder_error_count(b), 101);
    const char *last;
    triage_builder_error(b, 100, NULL, NULL, NULL, &last);
    assert_non_null(strstr(last, "too many errors (100)"));
    triage_builder_free(b);
}

static char *temp_path(char *buf, size_t size) {
    snprintf(buf, size, "/tmp/triage-loader-XXXXXX");
    int fd = mkstemp(buf);
    assert_true(fd >= 0);
    close(fd);
    return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A file of exactly TRIAGE_MAX_RULES_FILE bytes loads; one byte more, or a
 * 17 MiB file, is refused before it is read. */
static void file_size_cap(void **state) {
    (void)state;
    size_t cap = TRIAGE_MAX_RULES_FILE, big = 17u * 1024u * 1024u;
    char *data = malloc(big);
    assert_non_null(data);
    const char *head = "triage: 1\n#";
    memcpy(data, head, strlen(head));
    memset(data + strlen(head), 'x', big - strlen(head));
    data[cap - 1] = '\n';
    char path[64];
    temp_path(path, sizeof path);

    write_file(path, data, cap);
    int rc;
    triage_builder *b = load_path(path, &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    triage_builder_free(b);

    size_t sizes[] = {cap + 1, big};
    for (size_t i = 0; i < 2; i++) {
        write_file(path, data, sizes[i]);
        b = load_path(path, &rc);
        assert_int_equal(rc, TRIAGE_ERR_LIMIT);
        const char *msg;
        triage_builder_error(b, 0, NULL, NULL, NULL, &msg);
        assert_non_null(strstr(msg, path));
        assert_non_null(strstr(msg, "larger than the limit of 16777216 bytes"));
        triage_builder_free(b);
        b = load_buf(data, sizes[i], &rc);
        assert_int_equal(rc, TRIAGE_ERR_LIMIT);
        triage_builder_free(b);
    }
    unlink(path);
    free(data);
}

static void more_values_than_the_node_cap(void **state) {
    (void)state;
    /* name: [1,1,1,...] with more items than the cap: a LIMIT error, no more. */
    size_t items = TR_YAML_MAX_NODES + 10, len = 0;
    const char *head = "triage: 1\nname: [";
    char *data = malloc(strlen(head) + items * 2 + 3);
    assert_non_null(data);
    memcpy(data, head, strlen(head));
    len = strlen(head);
    for (size_t i = 0; i < items; i++) {
        data[len++] = '1';
        data[len++] = ',';
    }
    data[len - 1] = ']';
    data[len++] = '\n';
    int rc;
    triage_builder *b = load_buf(data, len, &rc);
    assert_int_equal(rc, TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_builder_error_count(b), 1);
    const char *msg;
    triage_builder_error(b, 0, NULL, NULL, NULL, &msg);
    char want[64];
    snprintf(want, sizeof want, "more than %u YAML values", TR_YAML_MAX_NODES);
    assert_non_null(strstr(msg, want));
    triage_builder_free(b);
    free(data);
}

static const struct {
    const char *file;
    int status;
    unsigned line, column;
    const char *fragment;
} broken_files[] = {
    {"invalid_utf8.yaml", TRIAGE_ERR_UTF8, 2, 10, "the rules file is not valid UTF-8"},
    {"utf16.yaml", TRIAGE_ERR_UTF8, 1, 1, "not valid UTF-8"},
    {"nul_byte.yaml", TRIAGE_ERR_SYNTAX, 2, 8, "control character U+0000"},
    {"empty.yaml", TRIAGE_ERR_SYNTAX, 1, 1, "the rules file is empty"},
    {"comments_only.yaml", TRIAGE_ERR_SYNTAX, 1, 1, "the rules file is empty"},
    {"scalar.yaml", TRIAGE_ERR_SYNTAX, 1, 1,
     "the rules file must be a map of keys (triage, name, options, categories, routes, "
     "calendars, sla), not a text"},
};

static void broken_files_are_reported(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof broken_files / sizeof broken_files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, RULES "%s", broken_files[i].file);
        int rc;
        triage_builder *b = load_path(path, &rc);
        if (rc != broken_files[i].status ||
            !has_error(b, broken_files[i].status, broken_files[i].line, broken_files[i].column,
                       broken_files[i].fragment)) {
            printf("%s: got %d\n", broken_files[i].file, rc);
            print_errors(b);
            fail();
        }
        triage_builder_free(b);
    }
}

static void utf8_byte_order_mark_is_allowed(void **state) {
    (void)state;
    int rc;
    triage_builder *b = load_path(RULES "utf8_bom.yaml", &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    triage_builder_free(b);
}

static void unreadable_paths_give_io_errors(void **state) {
    (void)state;
    const char *paths[] = {RULES "no-such-file.yaml", RULES};
    const char *reasons[] = {"No such file or directory", "Is a directory"};
    for (int i = 0; i < 2; i++) {
        int rc;
        triage_builder *b = load_path(paths[i], &rc);
        assert_int_equal(rc, TRIAGE_ERR_IO);
        assert_int_equal(triage_builder_error_count(b), 1);
        const char *file, *msg;
        assert_int_equal(triage_builder_error(b, 0, &file, NULL, NULL, &msg), TRIAGE_ERR_IO);
        assert_string_equal(file, paths[i]);
        assert_non_null(strstr(msg, paths[i]));
        assert_non_null(strstr(msg, reasons[i]));
        triage_builder_free(b);
    }
}

/* Thousands of errors: the first 100 are kept, then the load stops. */
static void error_flood_is_capped(void **state) {
    (void)state;
    size_t cap = 64 * 1024, o = 0;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    o += (size_t)snprintf(yaml, cap, "triage: 1\n");
    for (int i = 0; i < 3000; i++) o += (size_t)snprintf(yaml + o, cap - o, "k%d: 1\n", i);
    int rc;
    triage_builder *b = load_buf(yaml, o, &rc);
    assert_int_equal(rc, TRIAGE_ERR_RULES);
    assert_int_equal(triage_builder_error_count(b), 101);
    triage_builder_free(b);
    free(yaml);
}

/* A big, valid file: 50,000 keywords in one map (duplicate-key checks use
 * a hash set) load, and a repeated one among them is found. */
static void big_keyword_map(void **state) {
    (void)state;
    size_t n = 50000, cap = n * 24 + 256, o = 0;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    o += (size_t)snprintf(yaml, cap, "triage: 1\ncategories:\n  - name: c\n    keywords:\n");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(yaml + o, cap - o, "      w%zu: %d\n", i, (int)(i % 7) - 3);
    int rc;
    triage_builder *b = load_buf(yaml, o, &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    triage_builder_free(b);
    o += (size_t)snprintf(yaml + o, cap - o, "      w123: 1\n");
    b = load_buf(yaml, o, &rc);
    assert_int_equal(rc, TRIAGE_ERR_EXISTS);
    assert_true(has_error(b, TRIAGE_ERR_EXISTS, 5 + (unsigned)n, 7,
                          "duplicate key 'w123' (first given at line 128, column 7)"));
    triage_builder_free(b);
    free(yaml);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(depth_10000_is_refused_at_level_65),
        cmocka_unit_test(depth_64_is_allowed),
        cmocka_unit_test(alias_bomb_is_refused),
        cmocka_unit_test(file_size_cap),
        cmocka_unit_test(more_values_than_the_node_cap),
        cmocka_unit_test(broken_files_are_reported),
        cmocka_unit_test(utf8_byte_order_mark_is_allowed),
        cmocka_unit_test(unreadable_paths_give_io_errors),
        cmocka_unit_test(error_flood_is_capped),
        cmocka_unit_test(big_keyword_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
