/* What a pattern's text says about where matches start. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "match/pattern_start.h"
#include "text/tokenize.h"

#define DIGITS (TR_FIRST_ASCII_DIGIT | TR_FIRST_DIGIT)
#define S_(x) x, strlen(x)
#define LETTERS (TR_FIRST_ASCII_LETTER | TR_FIRST_KS)

static unsigned kinds(const char *p) { return tr_word_start_kinds(p, strlen(p)); }

static void test_word_start_kinds(void **state) {
    (void)state;
    assert_int_equal(kinds("\\b\\d{9,12}\\b"), DIGITS);
    assert_int_equal(kinds("\\bE\\d{3}"), LETTERS);
    assert_int_equal(kinds("\\b7\\d"), TR_FIRST_ASCII_DIGIT);
    assert_int_equal(kinds("\\bv?\\d+\\.\\d+"), LETTERS | DIGITS);
    assert_int_equal(kinds("\\b[a-f0-9]{8}-"), LETTERS | TR_FIRST_ASCII_DIGIT);
    assert_int_equal(kinds("\\b(?:\\d[ -]?){13,16}\\b"), DIGITS);
    assert_int_equal(kinds("\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}"), DIGITS);
    assert_int_equal(kinds("\\b(ab|\\d)x"), LETTERS | DIGITS);
    /* not readable, or not a word start */
    assert_int_equal(kinds("\\b(?:ab|-x)"), 0);
    assert_int_equal(kinds("\\b(?:ab)?x"), LETTERS);
    assert_int_equal(kinds("\\b(?:ab|)x"), 0); /* an empty branch */
    assert_int_equal(kinds("\\b\\w+"), 0);    /* \\w holds _ */
    assert_int_equal(kinds("\\b[^a]"), 0);
    assert_int_equal(kinds("\\b[A-z]"), 0);     /* spans [\\]^_` */
    assert_int_equal(kinds("\\b[0-z]"), 0);
    assert_int_equal(kinds("\\b[\\d-z]"), 0);   /* '-' after \\d is itself */
    assert_int_equal(kinds("\\b[a-a-z]"), 0);   /* and after a range */
    assert_int_equal(kinds("\\b[a-]"), 0);
    assert_int_equal(kinds("\\b[a-cx-z\\d]"), LETTERS | DIGITS);
    assert_int_equal(kinds("\\b[a-fA-F0-9]"), LETTERS | TR_FIRST_ASCII_DIGIT);
    assert_int_equal(kinds("\\bab|cd"), 0);   /* top-level alternation */
    assert_int_equal(kinds("\\b(?=a)a"), 0);
    assert_int_equal(kinds("ab"), 0);
    assert_int_equal(kinds("\\bx?"), 0);
    assert_int_equal(kinds("\\b(?:ab"), 0);   /* unbalanced */
}

static void test_first_word_has_digit(void **state) {
    (void)state;
    assert_true(tr_first_word_has_digit(S_("\\bE\\d{3}")));
    assert_true(tr_first_word_has_digit(S_("\\b[a-z]{2}\\d{2}")));
    assert_false(tr_first_word_has_digit(S_("\\b[a-z]{2}\\d?x")));
    assert_false(tr_first_word_has_digit(S_("\\b[a-z]+-\\d")));
    assert_false(tr_first_word_has_digit(S_("\\b[a-z0-9]{4}")));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_start_kinds),
        cmocka_unit_test(test_first_word_has_digit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
