/* The required-literal reader behind the regex prefilter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "match/literal.h"

#define S_(x) x, strlen(x)

/* want: the literals, separated by '|' ("" for none). */
static void expect(const char *pattern, const char *want) {
    tr_literal_set set;
    tr_required_literals(pattern, strlen(pattern), 1, &set);
    char got[TR_LITERAL_SET_MAX * (TR_LITERAL_MAX + 1) + 1];
    size_t n = 0;
    for (size_t k = 0; k < set.count; k++) {
        if (k) got[n++] = '|';
        memcpy(got + n, set.text[k], set.len[k]);
        n += set.len[k];
    }
    got[n] = '\0';
    if (strcmp(got, want) != 0) fail_msg("pattern %s: got '%s', want '%s'", pattern, got, want);
}

/* The same for what every match starts with. */
static void expect_lead(const char *pattern, const char *want) {
    tr_literal_set set;
    tr_leading_literals(pattern, strlen(pattern), 1, &set);
    char got[TR_LITERAL_SET_MAX * (TR_LITERAL_MAX + 1) + 1];
    size_t n = 0;
    for (size_t k = 0; k < set.count; k++) {
        if (k) got[n++] = '|';
        memcpy(got + n, set.text[k], set.len[k]);
        n += set.len[k];
    }
    got[n] = '\0';
    if (strcmp(got, want) != 0) fail_msg("lead of %s: got '%s', want '%s'", pattern, got, want);
}

static void test_leading_literals(void **state) {
    (void)state;
    expect_lead("refund now", "refund now");
    expect_lead("\\bORD-\\d+", "ord-");
    expect_lead("^Error: x", "error: x");
    expect_lead("would\\s+be", "would");
    expect_lead("(?:table|room|reservation)\\s+for", "table|room|reservation");
    expect_lead("(?:emails?|messages?)\\s+go", "email|message");
    expect_lead("(?:screen\\s+reader|voiceover|nvda)\\s+x", "screen|voiceover|nvda");
    expect_lead("ab+c", "ab");
    expect_lead("colou?r", "colo");
    expect_lead("x?abc", "");
    expect_lead("[ab]cde", "");
    expect_lead("(?:abc)?def", "");
    expect_lead("(?:abc|[x]yz)def", "");
    expect_lead("(?=abc)abc", "");
    expect_lead("abc|def", "abc|def");
    expect_lead("(?:ab(?:cd|ef))gh", "ab");
    expect_lead("(?:(?:cd|ef)x)gh", "cd|ef");
    expect_lead(".abc", "");
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
    expect("cannot|can't", "cannot|can't");
    expect("cannot|x?", "");
    expect("can(?:not|'t)\\s+log\\s*in", "can");
    expect("(?:abc)?defg", "defg");
    expect("[abc]+xyz[)]", "xyz");
    expect("foo[]]bar", "foo");
    expect("foo[^]x]barz", "barz");
    expect("(a|b)|c", "a|b|c");
    expect("(?:site|app)\\s+(?:is|went)\\s+down", "down");
    expect("(?:site|app)\\s+is\\s+(?:down|offline)", "down|offline");
    expect("(?:site|app)\\s+is\\s+(?:down|off)", "site|app");
    expect("x(?:abc|(?:de|fgh))?y", "x");
    expect("(?:a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q)z", "z");
    expect("(?=abcd)efg", "efg");
    expect("(?#comment)abc", ""); /* refused: "a(?#x)?" would be "a?" */
    expect("(?i:abc)de", "abc");
    expect("[$€£]\\s?\\d+", "");
    expect("caf\xC3\xA9 bar", " bar");
}

static void test_forms_it_refuses_to_read(void **state) {
    (void)state;
    expect("(?x) a b c d", "");
    expect("\\Qabc\\E", "");
    expect("(*UTF)abcdef", "");
    expect("(?<name>abc)defgh", "defgh");
    expect("(?<name>abcdef)gh", "abcdef");
    expect("(?x:abc)", "");
    expect("(?|abc)", "");
    expect("abc\\x41def", "");
    expect("abc\\p{L}def", "");
    expect("abc(", "");
    expect("abc)", "");
    expect("*abc", "");
    expect("abc\\", "");
}

/* Where a class ends, POSIX classes inside it read as PCRE2 reads them. */
static void test_class_end(void **state) {
    (void)state;
    assert_int_equal(tr_class_end(S_("[ab]c"), 0), 4);
    assert_int_equal(tr_class_end(S_("[]a]"), 0), 4);          /* a leading ] is literal */
    assert_int_equal(tr_class_end(S_("[^]a]"), 0), 5);
    assert_int_equal(tr_class_end(S_("[a\\]]"), 0), 5);       /* an escaped ] */
    assert_int_equal(tr_class_end(S_("[[:digit:]x]"), 0), 12); /* a POSIX class */
    assert_int_equal(tr_class_end(S_("[[:]x|y]"), 0), 4);      /* "[:]" is not one */
    assert_int_equal(tr_class_end(S_("[x[:a]b:]]"), 0), 6);    /* a ']' first: not one */
    assert_int_equal(tr_class_end(S_("[ab"), 0), 0);           /* unclosed */
    assert_int_equal(tr_class_end(S_("[\\E]a]"), 0), 0);       /* \\E: not read */
    expect("[\\E]xyz]|abc", "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leading_literals),
        cmocka_unit_test(test_plain_runs),
        cmocka_unit_test(test_optional_parts_are_not_required),
        cmocka_unit_test(test_groups_classes_and_alternation),
        cmocka_unit_test(test_forms_it_refuses_to_read),
        cmocka_unit_test(test_class_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
