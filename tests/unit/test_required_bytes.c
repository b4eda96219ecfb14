/* Byte classes every match of a pattern must contain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "match/required_bytes.h"

static tr_rx_tree tree;

static tr_required_bytes of(const char *pattern, int caseless) {
    tr_required_bytes r;
    assert_int_equal(tr_rx_parse(pattern, strlen(pattern), caseless, &tree), 0);
    tr_required_bytes_of(&tree, &r);
    return r;
}

/* The bytes of class k as a string, in byte order. */
static const char *bytes_of(const tr_required_bytes *r, size_t k) {
    static char out[129];
    size_t n = 0;
    for (unsigned b = 1; b < 128; b++)
        if ((r->classes[k][b >> 6] >> (b & 63)) & 1) out[n++] = (char)b;
    out[n] = '\0';
    return out;
}

static void present_of(const char *text, uint64_t present[4]) {
    memset(present, 0, 4 * sizeof *present);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        present[*p >> 6] |= 1ull << (*p & 63);
}

static void test_classes(void **state) {
    (void)state;
    tr_required_bytes r = of("\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b", 1);
    assert_int_equal(r.count, 2);
    assert_string_equal(bytes_of(&r, 0), "@"); /* equally narrow: in pattern order */
    assert_string_equal(bytes_of(&r, 1), ".");
    /* ':' first, then what both branches hold; \\d also matches digits
     * beyond ASCII, so it requires no byte */
    r = of("\\d{1,2}:\\d{2}\\s?(?:am|pm)", 1);
    assert_int_equal(r.count, 2);
    assert_string_equal(bytes_of(&r, 0), ":");
    assert_string_equal(bytes_of(&r, 1), "Mm");
    assert_int_equal(of("[0-9]x", 0).count, 2);
    /* optional atoms, wide classes and non-ASCII ones require nothing */
    assert_int_equal(of("x?y*[a-z]", 0).count, 0);
    assert_int_equal(of("[$€]", 0).count, 0);
    assert_int_equal(of("k", 1).count, 0); /* caseless k also matches U+212A */
    assert_int_equal(of("k", 0).count, 1);
    assert_int_equal(of("ab|cd", 0).count, 0);
}

static void test_present(void **state) {
    (void)state;
    tr_required_bytes r = of("\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b", 1);
    uint64_t present[4];
    present_of("mail ana@example.com", present);
    assert_true(tr_required_bytes_present(&r, present));
    present_of("mail ana at example.com", present);
    assert_false(tr_required_bytes_present(&r, present));
    tr_required_bytes none = of("x?", 0);
    present_of("", present);
    assert_true(tr_required_bytes_present(&none, present));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_present),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
