/* Regex terms: the prefilter, anchoring and the ASCII/Unicode forms must
 * never change what matches, only how fast. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

/* Offset of the first match of pattern (with these term flags) in body,
 * -1 for none. */
static long first_match_flags(const char *pattern, unsigned flags, const char *body,
                              size_t body_len) {
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    int term = triage_builder_add_regex(b, c, S(pattern), 1);
    assert_true(term >= 0);
    assert_int_equal(triage_builder_term_set_flags(b, term, flags), TRIAGE_OK);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    assert_int_equal(triage_ticket_add(t, S("body"), body, body_len), TRIAGE_OK);
    assert_int_equal(triage_route(rs, s, t, TRIAGE_ROUTE_EXPLAIN, d), TRIAGE_OK);
    long at = -1;
    size_t offset;
    if (triage_decision_hit(d, 0, NULL, NULL, NULL, NULL, &offset, NULL, NULL) == TRIAGE_OK)
        at = (long)offset;
    assert_int_equal(triage_decision_score(d, 0), at >= 0 ? 1 : 0);
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
    return at;
}

static long first_match(const char *pattern, const char *body, size_t body_len) {
    return first_match_flags(pattern, 0, body, body_len);
}

static long match(const char *pattern, const char *body) {
    return first_match(pattern, body, strlen(body));
}

static void test_unicode_classes(void **state) {
    (void)state;
    assert_int_equal(match("\\b\\d{3}\\b", "code ٤٢٣ here"), 5); /* Arabic-Indic digits */
    assert_int_equal(match("\\b\\d{3}\\b", "code 423 here"), 5);
    assert_int_equal(match("^\\w+$", "café"), 0);
    assert_int_equal(match("^\\w+$", "cafe"), 0);
    assert_int_equal(match("\\bcaf\\b", "café"), -1); /* é is a letter: no boundary */
    assert_int_equal(match("\\s", "a\xC2\xA0" "b"), 1);      /* no-break space is white space */
    assert_int_equal(match("ÉTÉ", "un été chaud"), 3);      /* caseless beyond ASCII */
}

static void test_caseless_folds_beyond_the_prefilter(void **state) {
    (void)state;
    /* U+212A KELVIN SIGN and U+017F LONG S fold to k and s */
    assert_int_equal(match("kelvin", "\xE2\x84\xAA" "elvin"), 0);
    assert_int_equal(match("password", "pa\xC5\xBF" "sword reset"), 0);
    assert_int_equal(match("(?-i)kelvin", "KELVIN"), -1);
}

static void test_leading_literal_anchors(void **state) {
    (void)state;
    const char *re = "(?:table|room|reservation)\\s+for\\s+\\d+";
    assert_int_equal(match(re, "a table near a room for 4 people"), 15);
    assert_int_equal(match(re, "ROOM FOR 12"), 0);
    assert_int_equal(match(re, "bedroom for 2"), 3); /* no \\b: inside a word too */
    assert_int_equal(match(re, "a table for two"), -1);
    /* after \\b, a leading literal inside a word is not a start */
    assert_int_equal(match("\\bord-\\d+", "word-123 ord-456"), 9);
    assert_int_equal(match("\\bord-\\d+", "_ord-1 word-2"), -1);
    /* more anchors than are recorded: the regex scans the whole text */
    char body[4096] = "";
    for (int i = 0; i < 60; i++) strcat(body, "table and ");
    strcat(body, "room for 3");
    assert_int_equal(match(re, body), 600);
}

static void test_word_start_anchoring(void **state) {
    (void)state;
    assert_int_equal(match("\\bE\\d{3,5}\\b", "xE123 E4567 E12"), 6);
    assert_int_equal(match("\\bE\\d{3,5}\\b", "E12345678"), -1);
    assert_int_equal(match("\\b\\d{9,12}\\b", "call 0123456789 now"), 5);
    assert_int_equal(match("\\b\\d{9,12}\\b", "_0123456789"), -1); /* _ is a word char for \\b */
    assert_int_equal(match("\\b\\d{9,12}\\b", "é 0123456789"), 3);
    /* only words that hold a digit can start these */
    assert_int_equal(match("\\bE\\d{3,5}\\b", "Every error was E1234 again"), 16);
    assert_int_equal(match("\\b[a-z]{1,2}\\d[a-z\\d]?\\s?\\d[a-z]{2}\\b",
                           "send it to SW1A 1AA please"), 11);
    assert_int_equal(match("\\b[a-z]{2}\\d?x", "the long road to abx"), 17);
    assert_int_equal(match("\\b[0-9a-f]{8}\\b", "id deadbeef and 0badf00d"), 3);
    /* an optional first atom: the match may start with what follows */
    assert_int_equal(match("\\bv?\\d+\\.\\d+\\.\\d+\\b", "café firmware version 9.8.3 ok"), 23);
    assert_int_equal(match("\\bv?\\d+\\.\\d+\\.\\d+\\b", "café firmware v9.8.3 ok"), 15);
    assert_int_equal(match("\\b\\d{3}\\b", "код ١٢٣ здесь"), 7); /* digits beyond ASCII */
    assert_int_equal(match("\\bsw\\d", "Ωμέγα \xC5\xBF" "W1"), 11); /* long s is s */
    assert_int_equal(match("\\b[a-z]\\d{2}\\b", "Ωμέγα Ω12 \xE2\x84\xAA" "12"), 16);
    /* a combining mark before a digit: PCRE2 sees a boundary there */
    assert_int_equal(match("\\b\\d{3}\\b", "e\xCC\x81" "123"), 3);
    /* matches that start with a digit: only the words that hold one, in
     * text order, or every word when the text has digits of other scripts */
    const char *card = "\\b(?:\\d[ -]?){13,16}\\b";
    assert_int_equal(match(card, "x1 ref 12, card 4111 1111 1111 1111 ok"), 16);
    assert_int_equal(match(card, "карта 4111-1111-1111-1111"), 11);
    assert_int_equal(match(card, "رقم ١٢ ٤١١١١١١١١١١١١١١١"), 12); /* Arabic-Indic digits */
    assert_int_equal(match(card, "1234 5678 and 12345678901"), -1);
    /* what follows the first word rules most of them out */
    assert_int_equal(match("\\b\\d{1,2}:\\d{2}\\b", "on 12/30 at 10:30"), 12);
    assert_int_equal(match("\\b\\d{1,2}:\\d{2}\\b", "at 10"), -1);
}

static void test_gates_by_bytes(void **state) {
    (void)state;
    const char *email = "\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b";
    assert_int_equal(match(email, "mail ana.b@example.com today"), 5);
    assert_int_equal(match(email, "no address here"), -1);
    assert_int_equal(match("[$€£]\\s?\\d+", "costs € 12"), 6);
    assert_int_equal(match("[$€£]\\s?\\d+", "costs $12"), 6);
    assert_int_equal(match("[$€£]\\s?\\d+", "costs 12 EUR"), -1);
    /* required bytes: '@' and ':' must occur */
    assert_int_equal(match(email, "a.b at example.com"), -1);
    assert_int_equal(match("\\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\\b", "mac 00:1a:2b:3c:4d:5e"), 4);
    assert_int_equal(match("\\b\\d{1,2}:\\d{2}\\s?(?:am|pm)\\b", "at 9:30 PM"), 3);
    assert_int_equal(match("\\b\\d{1,2}:\\d{2}\\s?(?:am|pm)\\b", "at 9:30 pa"), -1);
}

/* Word starts ruled out by the start automaton, in texts with many words,
 * and texts where a digit beyond ASCII keeps the digit gate off. */
static void test_start_automaton(void **state) {
    (void)state;
    char body[4096] = "";
    for (int k = 0; k < 100; k++) strcat(body, "about deadline e1 ab 12 ");
    strcat(body, "IBAN DE44 5001 0517 5407 3249 31");
    const char *iban = "\\b[a-z]{2}\\d{2}(?:\\s?[a-z0-9]{4}){3,7}\\b";
    assert_int_equal(match(iban, body), (long)strlen(body) - 27);
    const char *uuid = "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b";
    assert_int_equal(match(uuid, body), -1);
    assert_int_equal(match("\\b[a-z]{2}\\d{2}\\b", "über ab١٢ und ab12"), 6);
    assert_int_equal(match("\\b[a-z]{2}\\d{2}\\b", "über abx und ab12"), 14);
    assert_int_equal(match("\\bE\\d{3,5}\\b", "Ωμέγα E١٢٣٤"), 11);
    /* a word of fullwidth digits: its run of ASCII letters and digits is empty */
    assert_int_equal(match("\\b(?:\\d[ -]?){13,16}\\b", "番号 ４９８０ １２３４ ５６７８ ９０１２ です"), 7);
    /* the time is cut off by the automaton's step limit: PCRE2 decides */
    char digits[300];
    memset(digits, '1', sizeof digits - 2);
    digits[sizeof digits - 2] = 'x';
    digits[sizeof digits - 1] = '\0';
    assert_int_equal(match("\\b\\d+x", digits), 0);
}

/* Regexes without literal or word start, tried where their first bytes
 * occur: the leftmost match, on any text, as a scan would find it. */
static void test_position_starts(void **state) {
    (void)state;
    const char *phone = "\\+?\\d{1,3}[ .-]?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}\\b";
    assert_int_equal(match(phone, "call +1 (555) 123-4567 now"), 5);
    assert_int_equal(match(phone, "ids 15551234567 and 5551234567"), 4);
    assert_int_equal(match(phone, "ids 1234567890 and 5551234567"), -1); /* 11 digits at least */
    assert_int_equal(match(phone, "id 12345678901234567"), 7); /* from a later digit */
    assert_int_equal(match(phone, "звоните +1 555 123 4567"), 15);
    assert_int_equal(match(phone, "звоните ١٢٣ +1 555 123 4567"), 22); /* other digits: scan */
    assert_int_equal(match(phone, "номер ١٢٣٤٥٦٧٨٩٠١"), 11);
    assert_int_equal(match(phone, "1 2 3 4 5 6 7 8 9 555 123 4567"), 16); /* many digits: scan */
    assert_int_equal(match(phone, "5551234567x"), -1);
    assert_int_equal(match("[$€£]\\s?\\d+", "prix £5 ou $6"), 5);
    assert_int_equal(match("[$€£]\\s?\\d+", "prix £ ou $ 6"), 11);
}

/* Regexes that hold a rare byte ('@'), tried from the run before each of
 * its occurrences: the leftmost match, as a scan would find it. */
static void test_pivot_bytes(void **state) {
    (void)state;
    const char *email = "\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b";
    assert_int_equal(match(email, "write to ann.lee+x@example.com today"), 9);
    assert_int_equal(match(email, "@bob: not here, but at bob@example.org"), 23);
    assert_int_equal(match(email, "a@b, c@d, then .dot@example.net"), 16); /* \\b: not at '.' */
    assert_int_equal(match(email, "no address @ all, a@b only"), -1);
    assert_int_equal(match(email, "café bob@exämple.com"), 6);
    assert_int_equal(match(email, "日本 x@y.jp"), 7);
    char body[4096] = "";
    for (int k = 0; k < 200; k++) strcat(body, "aa@ ");
    strcat(body, "z@q.io");
    assert_int_equal(match(email, body), 800); /* too many places: a scan from the last run */
    assert_int_equal(match("\\w+@\\w+", "mail me: joe@home"), 9);
    assert_int_equal(match("[a-z]*#\\d+", "ticket #42 or abc#7"), 7); /* a run of none */
}

/* Anchors looked for only once the longer required literal occurs. */
static void test_lazy_anchors(void **state) {
    (void)state;
    const char *oom = "out\\s+of\\s+memory";
    assert_int_equal(match(oom, "checked out, then ran OUT  OF\nmemory"), 22);
    assert_int_equal(match(oom, "out of time, no memory left"), -1);
    assert_int_equal(match(oom, "out of luck"), -1);
    char body[2048] = "";
    for (int k = 0; k < 40; k++) strcat(body, "out of ");
    strcat(body, "memory");
    assert_int_equal(match(oom, body), 273); /* more anchors than are kept: a scan */
    const char *code = "\\b(?:error|err)\\s+code\\s*:?\\s*\\d+";
    assert_int_equal(match(code, "terror code 1, then error code: 42"), 20);
}

/* Patterns that match the empty string match an empty field too. */
static void test_empty_matches(void **state) {
    (void)state;
    assert_int_equal(first_match("x*", "", 0), 0);
    assert_int_equal(first_match("(?:)", "", 0), 0);
    assert_int_equal(first_match("\\d?", "abc", 3), 0);
    assert_int_equal(first_match("x", "", 0), -1);
}

/* \b opens only the first branch of a top-level alternation. */
static void test_top_level_alternation(void **state) {
    (void)state;
    assert_int_equal(match("\\b\\d{1,3}:|d-x", "word d-x"), 5);
    assert_int_equal(match("\\b\\d{1,3}:|d-x", "coded-x"), 4);
    assert_int_equal(match("\\b\\d{1,3}:|d-x", "at 12: now"), 3);
    /* the anchors of later branches count anywhere, not only at word starts */
    assert_int_equal(match("\\bcase-\\d+|ref-\\d+", "xref-12 case-3"), 1);
    assert_int_equal(match("\\b(?:case-\\d+|ref-\\d+)", "xref-12 case-3"), 8);
    /* "[:]" is no POSIX class: the class ends at its ']' and '|' is top-level */
    assert_int_equal(match("\\bcase[:]x|ref-\\d+", "see ref-12"), 4);
    assert_int_equal(match("[[:digit:]x]{3}|abc", "zabc"), 1);
    assert_int_equal(match("[[:digit:]x]{3}|abc", "z1x2"), 1);
    /* a '|' or '[' inside a verb name or a comment is neither */
    assert_int_equal(match("\\b8(*:[a|b)x|kelvin", "the kelvin"), 4);
    assert_int_equal(match("\\b8(?#[)x|kelvin", "the kelvin"), 4);
    assert_int_equal(match("\\b8(?#[)x|kelvin", "a 8x"), 2);
    /* a quantifier after a comment applies to the atom before it */
    assert_int_equal(match("\\bcas(?#x)?e", "the cae"), 4);
}

/* PCRE2 folds "d|D" into one caseless first character, though the pattern
 * is case-sensitive. */
static long match_case_sensitive(const char *pattern, const char *body) {
    return first_match_flags(pattern, TRIAGE_TERM_CASE_SENSITIVE, body, strlen(body)) >= 0;
}

static void test_folded_alternatives(void **state) {
    (void)state;
    assert_int_equal(match_case_sensitive("d|D", "only a lower d"), 1);
    assert_int_equal(match_case_sensitive("d|D", "\xF0\x9E\x8B\xAD only d"), 1);
    assert_int_equal(match_case_sensitive("x|X", "only a lower d"), 0);
    assert_int_equal(match_case_sensitive("(?:ab|aB)c", "xaBc"), 1);
}

static void test_required_literal_sets(void **state) {
    (void)state;
    const char *re = "(?:cancel|terminate|end)\\s+(?:my|the|our)\\s+(?:subscription|account)";
    assert_int_equal(match(re, "please END our ACCOUNT"), 7);
    assert_int_equal(match(re, "please end our plan"), -1);
    assert_int_equal(match("can(?:not|'t)\\s+log\\s*in", "I can't login"), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unicode_classes),
        cmocka_unit_test(test_caseless_folds_beyond_the_prefilter),
        cmocka_unit_test(test_leading_literal_anchors),
        cmocka_unit_test(test_word_start_anchoring),
        cmocka_unit_test(test_gates_by_bytes),
        cmocka_unit_test(test_required_literal_sets),
        cmocka_unit_test(test_start_automaton),
        cmocka_unit_test(test_position_starts),
        cmocka_unit_test(test_lazy_anchors),
        cmocka_unit_test(test_empty_matches),
        cmocka_unit_test(test_pivot_bytes),
        cmocka_unit_test(test_top_level_alternation),
        cmocka_unit_test(test_folded_alternatives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
