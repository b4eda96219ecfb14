/* The required-literal reader behind the regex prefilter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "match/literal.h"

static void expect(const char *pattern, const char *literal) {
    char out[TR_LITERAL_MAX];
    size_t n = tr_required_literal(pattern, strlen(pattern), out);
    if (n != strlen(literal) || memcmp(out, literal, n) != 0)
        fail_msg("pattern %s: got '%.*s', want '%s'", pattern, (int)n, out, literal);
}

static void test_plain_runs(void **state) {
    (void)state;
    expect("refund", "refund");
    expect("Refund NOW", "refund now");
    expect("\\bORD-\\d{6,8}\\b", "ord-");
    expect("HTTP 5\\d\\d", "http 5");
    expect("(?i)Error", "error");
    expect("a\\.b\\-c", "a.b-c");
}

static void test_optional_parts_are_not_required(void **state) {
    (void)state;
    expect("colou?r", "colo");
    expect("abcd*efg", "abc");
    expect("x{0,3}yyyy", "yyyy");
    expect("zz+top", "top");
    expect("abzz+t", "abzz");
    expect("ab{2}cde", "cde");
    expect("abc?", "ab");
    expect("abc*?", "ab");
}

static void test_groups_classes_and_alternation(void **state) {
    (void)state;
    expect("cannot|can't", "");
    expect("can(?:not|'t)\\s+log\\s*in", "can");
    expect("(?:abc)?defg", "defg");
    expect("[abc]+xyz[)]", "xyz");
    expect("foo[]]bar", "foo");
    expect("foo[^]x]barz", "barz");
    expect("(a|b)|c", "");
    expect("[$€£]\\s?\\d+", "");
    expect("caf\xC3\xA9 bar", " bar");
}

static void test_forms_it_refuses_to_read(void **state) {
    (void)state;
    expect("(?x) a b c d", "");
    expect("\\Qabc\\E", "");
    expect("(*UTF)abcdef", "");
    expect("(?<name>abc)defgh", "defgh"); /* the group is skipped, not read */
    expect("abc\\x41def", "");
    expect("abc\\p{L}def", "");
    expect("abc(", "");
    expect("abc)", "");
    expect("*abc", "");
    expect("abc\\", "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_runs),
        cmocka_unit_test(test_optional_parts_are_not_required),
        cmocka_unit_test(test_groups_classes_and_alternation),
        cmocka_unit_test(test_forms_it_refuses_to_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
