/* The start automaton against PCRE2 itself: at every offset of many texts,
 * an anchored PCRE2 match must never be ruled out, and on ASCII text the
 * automaton of a pattern that fits must agree with PCRE2 exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/alloc.h"
#include "match/regex_syntax.h"
#include "match/start_nfa.h"

static tr_meter meter;
static size_t matches_seen; /* so that exactness is not checked on misses alone */

static void setup_meter(void) {
    meter.alloc = tr_allocator_or_default(NULL);
    meter.bytes = 0;
}

/* The automaton of a pattern, NULL when it cannot be read or built. */
static tr_start_nfa *build(const char *pattern, int caseless) {
    static tr_rx_tree tree;
    if (tr_rx_parse(pattern, strlen(pattern), caseless, &tree) < 0) return NULL;
    return tr_start_nfa_build(&meter, &tree);
}

/* Whether a word whose run of ASCII letters and digits is `run` bytes
 * long, followed by byte `next` (256: the end of the text), fits. */
static int fits(const tr_start_nfa *a, size_t run, unsigned next, int ascii_text) {
    tr_word_fit fit = tr_start_nfa_word_fit(a, ascii_text);
    return tr_word_fit_ok(&fit, run, next);
}

static pcre2_code *compile_anchored(const char *pattern, int caseless, int ucp) {
    int err;
    PCRE2_SIZE at;
    uint32_t options = PCRE2_UTF | PCRE2_ANCHORED | (caseless ? PCRE2_CASELESS : 0) |
                       (ucp ? PCRE2_UCP : 0);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &err, &at,
                                   NULL);
    assert_non_null(re);
    return re;
}

static int is_alnum(char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Where a word may start after ASCII punctuation or space (with an ASCII
 * letter or digit, or any other character). */
static int at_word_start(const char *text, size_t at) {
    return text[at] && (is_alnum(text[at]) || (unsigned char)text[at] >= 0x80) &&
           (at == 0 || (!is_alnum(text[at - 1]) && (unsigned char)text[at - 1] < 0x80));
}

static int is_ascii(const char *text) {
    for (const char *p = text; *p; p++)
        if ((unsigned char)*p >= 0x80) return 0;
    return 1;
}

/* Compares the automaton with PCRE2 at every offset of text; exact: the
 * answers must be equal, else only PCRE2's matches must be kept. */
static void compare(const char *pattern, int caseless, const char *text, int exact) {
    tr_start_nfa *a = build(pattern, caseless);
    assert_non_null(a);
    pcre2_code *re = compile_anchored(pattern, caseless, 1);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    size_t n = strlen(text), nstarts = 0;
    uint32_t starts[512];
    int any_match = 0;
    for (size_t at = 0; at <= n; at++) {
        if (at < n && ((unsigned char)text[at] & 0xC0) == 0x80) continue; /* inside a character */
        if (at < n && nstarts < 512) starts[nstarts++] = (uint32_t)at;
        size_t steps;
        int maybe = tr_start_nfa_may_match(a, text, n, at, &steps);
        int matches = pcre2_match(re, (PCRE2_SPTR)text, n, at, 0, md, NULL) >= 0;
        matches_seen += (size_t)matches;
        any_match |= matches && at < n;
        if (matches && !maybe) fail_msg("/%s/ matches \"%s\" at %zu; the automaton says no", pattern, text, at);
        if (matches && at_word_start(text, at)) {
            size_t end = at;
            while (end < n && is_alnum(text[end])) end++;
            if (!fits(a, end - at, end < n ? (unsigned char)text[end] : 256, is_ascii(text)))
                fail_msg("/%s/ matches \"%s\" at %zu in a word of %zu bytes that does not fit",
                         pattern, text, at, end - at);
        }
        if (exact && maybe != matches)
            fail_msg("/%s/ at %zu of \"%s\": automaton %d, PCRE2 %d", pattern, at, text, maybe,
                     matches);
    }
    /* the same question for every place at once, in one pass */
    const uint64_t every_byte[4] = {~0ull, ~0ull, ~0ull, ~0ull};
    size_t steps;
    int any = tr_start_nfa_any_start(a, text, n, starts, nstarts, every_byte, &steps);
    if ((any_match && !any) || (exact && any != any_match))
        fail_msg("/%s/ on \"%s\": one pass %d, PCRE2 at some place %d", pattern, text, any, any_match);
    assert_true(steps <= n);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    tr_start_nfa_free(&meter, a);
}

/* Patterns of support rules, all readable. */
static const char *const patterns[] = {
    "\\b(?:\\d[ -]?){13,16}\\b",
    "\\b(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\b",
    "[$€£]\\s?\\d+(?:[.,]\\d{2})?",
    "\\bv?\\d+\\.\\d+\\.\\d+\\b",
    "\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b",
    "\\+?\\d{1,3}[ .-]?\\(?\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}\\b",
    "\\b\\d{1,2}:\\d{2}\\s?(?:am|pm)\\b",
    "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b",
    "\\b[a-z]{2}\\d{2}(?:\\s?[a-z0-9]{4}){3,7}\\b",
    "\\b[a-z]{1,2}\\d[a-z\\d]?\\s?\\d[a-z]{2}\\b",
    "\\bE\\d{3,5}\\b",
    "can(?:not|'t)\\s+log\\s*in",
    "\\bexit\\s+(?:code|status)\\s+-?\\d+",
    "a\\Bb|\\Bc",
    "x*y+z?",
    "(?:ab|a)(?:bc|c)\\b",
    "[^a-c]k\\.",
    "colou?r\\B",
};

/* Texts made of pieces that the patterns care about, in random order. */
static void random_text(unsigned *seed, char *out, size_t len) {
    static const char *const pieces[] = {
        "1", "23", "456", "7890", "255", "2", ".", "-", ":", " ", "  ", "\t", "@", "+", "$",
        "(", ")", "/", "_", "a", "b", "c", "E", "e", "f", "k", "K", "x", "y", "z", "v",
        "ab", "de", "pm", "am", "can", "not", "'t", "log", "in", "exit", "code", "col",
        "ou", "r", "0x1f", "4cde",
    };
    size_t used = 0;
    while (used < len) {
        *seed = *seed * 1103515245u + 12345u;
        const char *piece = pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)];
        size_t k = strlen(piece);
        if (used + k > len) k = len - used;
        memcpy(out + used, piece, k);
        used += k;
    }
    out[len] = '\0';
}

static void test_exact_on_ascii(void **state) {
    (void)state;
    setup_meter();
    unsigned seed = 7;
    char text[48];
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
        if (strstr(patterns[p], "€")) continue; /* holds non-ASCII: checked below */
        for (int k = 0; k < 1000; k++) {
            random_text(&seed, text, 1 + (size_t)k % 40);
            compare(patterns[p], k & 1, text, 1);
        }
    }
    compare(patterns[3], 1, "see v1.22.3 and 10.2.3.4", 1);
    compare(patterns[7], 1, "id 0b7f9e4c-12ab-4cde-a123-00ff00ff00ff!", 1);
    compare(patterns[8], 1, "IBAN DE44 5001 0517 5407 3249 31 ok", 1);
    assert_true(matches_seen > 1000);
}

static void test_never_misses_on_unicode(void **state) {
    (void)state;
    setup_meter();
    static const char *const texts[] = {
        "prix: €12,50 ou £3 et $ 4", "référence É1234 ÉE1234 e١٢٣٤",
        "ошибка E1234 в 12:30 pm", "Ｅ1234 ǅ12 \xE2\x84\xAA" "e1 1ſt",
        "mail: josé.núñez@correo.es!", "电话 +86 (010) 555 1234 号",
        "\xE2\x84\xAA" "1 \xC5\xBF" "v1.2.3", "カード ４９８０ １２３４ ５６７８ ９０１２ 1２3",
    };
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++)
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
            compare(patterns[p], 1, texts[t], 0);
            compare(patterns[p], 0, texts[t], 0);
        }
}

/* Patterns longer than the automaton: cut, still never missing a match. */
static void test_long_patterns_are_cut(void **state) {
    (void)state;
    setup_meter();
    const char *p = "(?:didn't|did\\s+not|never)\\s+(?:make|authorize|authorise)\\s+"
                    "(?:this|that|these)\\s+(?:purchase|payment|transaction|charges?)";
    compare(p, 1, "I did not authorize this purchase, never make these charges!", 0);
    compare(p, 1, "never make that", 0);
    tr_start_nfa *a = build(p, 1);
    size_t steps;
    const char *text = "did nothing";
    assert_int_equal(tr_start_nfa_may_match(a, text, strlen(text), 0, &steps), 0);
    tr_start_nfa_free(&meter, a);
}

static void test_unreadable_patterns(void **state) {
    (void)state;
    setup_meter();
    static const char *const unreadable[] = {
        "^abc", "abc$", "a(?=b)", "(a)\\1", "(?i)ab", "\\p{L}+", "a{,3}", "[[:alpha:]]",
        "\\Qa.b\\E", "a|", "x*", "(?:ab)?", "\\b", "a{2}{3}", "\\x{263A}", "(*UTF)a",
    };
    for (size_t k = 0; k < sizeof unreadable / sizeof *unreadable; k++) {
        tr_start_nfa *a = build(unreadable[k], 0);
        if (a) fail_msg("/%s/ should not be read", unreadable[k]);
    }
    assert_int_equal(meter.bytes, 0);
}

static void test_syntax_tree(void **state) {
    (void)state;
    tr_rx_tree t;
    assert_int_equal(tr_rx_parse("a[b-d]\\d{2,}", 12, 1, &t), 0);
    const tr_rx_node *root = &t.nodes[t.root];
    assert_int_equal(root->kind, TR_RX_ALT);
    const tr_rx_node *seq = &t.nodes[root->child];
    assert_int_equal(seq->kind, TR_RX_CONCAT);
    const tr_rx_node *a = &t.nodes[seq->child];
    assert_int_equal(a->kind, TR_RX_CLASS);
    assert_true((a->bytes[1] >> ('A' - 64)) & 1); /* caseless */
    assert_int_equal(a->nonascii, TR_RX_ASCII_ONLY);
    const tr_rx_node *rep = &t.nodes[t.nodes[a->next].next];
    assert_int_equal(rep->kind, TR_RX_REPEAT);
    assert_int_equal(rep->min, 2);
    assert_int_equal(rep->max, TR_RX_INF);
    assert_int_equal(t.nodes[rep->child].nonascii, TR_RX_DIGITS); /* \\d: digits of any script */
    assert_int_equal(tr_rx_parse("[\\d\\s]", 6, 0, &t), 0);
    assert_int_equal(t.nodes[t.nodes[t.nodes[t.root].child].child].nonascii, TR_RX_ANY_NONASCII);
    assert_int_equal(tr_rx_parse("[ks]", 4, 1, &t), 0);
    assert_int_equal(t.nodes[t.nodes[t.nodes[t.root].child].child].nonascii, TR_RX_KELVIN_LONG_S);
    assert_int_equal(tr_rx_parse("(ab", 3, 0, &t), -1);
    assert_int_equal(tr_rx_parse("ab)", 3, 0, &t), -1);
    assert_int_equal(tr_rx_parse("[ab", 3, 0, &t), -1);
    assert_int_equal(tr_rx_parse("a\\", 2, 0, &t), -1);
}

/* A hostile text costs at most TR_START_NFA_MAX_STEPS bytes per check. */
static void test_steps_are_bounded(void **state) {
    (void)state;
    setup_meter();
    const char *p = "\\b\\d[\\d ]*x";
    tr_start_nfa *a = build(p, 0);
    assert_non_null(a);
    char text[4096];
    for (size_t i = 0; i < sizeof text - 1; i++) text[i] = i % 2 ? ' ' : '1';
    text[sizeof text - 1] = '\0';
    size_t steps;
    assert_int_equal(tr_start_nfa_may_match(a, text, sizeof text - 1, 0, &steps), 1);
    assert_true(steps <= TR_START_NFA_MAX_STEPS + 1);
    tr_start_nfa_free(&meter, a);
}

static void test_word_lengths(void **state) {
    (void)state;
    setup_meter();
    static const struct {
        const char *pattern;
        size_t len;
        unsigned next; /* the byte after the word; 256: the end of the text */
        int fits;
    } cases[] = {
        {"\\b[0-9a-f]{8}-[0-9a-f]{4}", 8, '-', 1}, {"\\b[0-9a-f]{8}-[0-9a-f]{4}", 7, '-', 0},
        {"\\b[0-9a-f]{8}-[0-9a-f]{4}", 9, '-', 0}, {"\\b(?:[0-9a-f]{2}:){5}", 2, ':', 1},
        {"\\b(?:[0-9a-f]{2}:){5}", 3, ':', 0},      {"\\bE\\d{3,5}\\b", 4, ' ', 1},
        {"\\bE\\d{3,5}\\b", 6, '.', 1},         {"\\bE\\d{3,5}\\b", 7, ' ', 0},
        {"\\bE\\d{3,5}\\b", 4, 256, 1}, /* a match may end with the text */
        {"\\bE\\d{3,5}", 7, ' ', 1}, /* may end inside a longer word */
        {"\\bE\\d{3,5}\\B", 6, '_', 1}, /* then a word character: '_' or more */
        {"\\b\\d+x", 200, ' ', 1},              {"\\bab\\w", 3, ' ', 1}, /* \\w holds '_' */
        {"\\bab\\w", 2, '_', 1},                  {"\\bab\\w", 4, ' ', 1},
        /* what follows the word: "10:30" may be a time, "10/30" not */
        {"\\b\\d{1,2}:\\d{2}", 2, ':', 1},      {"\\b\\d{1,2}:\\d{2}", 2, '/', 0},
        {"\\b\\d{1,2}:\\d{2}", 2, 256, 0},      {"\\b\\d{3}-\\d{2}", 3, '-', 1},
        {"\\b\\d{3}-\\d{2}", 3, ' ', 0},        {"\\b\\d+\\s?ms\\b", 1, ' ', 1},
        {"\\b\\d+\\s?ms\\b", 1, '\t', 1},      {"\\b\\d+\\s?ms\\b", 1, '-', 0},
        {"\\b\\d+\\s?ms\\b", 3, '-', 1}, /* "1ms-" has a match: lengths are all that is kept */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        tr_start_nfa *a = build(cases[k].pattern, 1);
        assert_non_null(a);
        if (fits(a, cases[k].len, cases[k].next, 1) != cases[k].fits)
            fail_msg("/%s/, word of %zu bytes, then %u: expected %d", cases[k].pattern,
                     cases[k].len, cases[k].next, cases[k].fits);
        tr_start_nfa_free(&meter, a);
    }
    /* beyond ASCII text, a digit or letter of another script may follow */
    tr_start_nfa *a = build("\\b\\d{3}\\b", 0);
    assert_false(fits(a, 1, 0xD9, 1));
    assert_true(fits(a, 1, 0xD9, 0)); /* "1٢٣" */
    assert_false(fits(a, 1, ' ', 0));
    tr_start_nfa_free(&meter, a);
    a = build("\\b[0-9a-f]{8}-", 1); /* hex digits are ASCII only */
    assert_false(fits(a, 7, 0xD9, 0));
    assert_true(fits(a, 8, '-', 0));
    tr_start_nfa_free(&meter, a);
}

static int in_set(const uint64_t set[4], unsigned b) { return (int)((set[b >> 6] >> (b & 63)) & 1); }

/* The bytes that can come before the first occurrence of a required byte. */
static void test_bytes_before_a_byte(void **state) {
    (void)state;
    setup_meter();
    uint64_t before[4];
    tr_start_nfa *a = build("\\b[\\w.+-]+@[\\w-]+\\.[a-z]+", 0);
    assert_int_equal(tr_start_nfa_before(a, '@', before), 1);
    for (unsigned b = 0; b < 256; b++) {
        int want = b == '_' || b == '.' || b == '+' || b == '-' || (b >= '0' && b <= '9') ||
                   ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b >= 0x80; /* \\w beyond ASCII */
        if (in_set(before, b) != want) fail_msg("byte %u", b);
    }
    tr_start_nfa_free(&meter, a);
    a = build("ab?@", 1); /* caseless: both cases */
    assert_int_equal(tr_start_nfa_before(a, '@', before), 1);
    assert_true(in_set(before, 'a') && in_set(before, 'B') && !in_set(before, 'c'));
    assert_false(in_set(before, '@'));
    tr_start_nfa_free(&meter, a);
    /* cut after 64 positions before the '@': no answer */
    char pattern[200] = "";
    for (int k = 0; k < 70; k++) strcat(pattern, "a");
    strcat(pattern, "@");
    a = build(pattern, 0);
    assert_int_equal(tr_start_nfa_before(a, '@', before), 0);
    tr_start_nfa_free(&meter, a);
}

/* The bytes that may follow an anchor literal at the start of a match. */
static void test_bytes_after_a_literal(void **state) {
    (void)state;
    setup_meter();
    uint64_t next[4];
    tr_start_nfa *a = build("\\bcan-?\\d{5,8}\\b", 1);
    assert_int_equal(tr_start_nfa_after(a, "can", 3, next), 1);
    for (unsigned b = 0; b < 256; b++) {
        int want = b == '-' || (b >= '0' && b <= '9') || b >= 0x80; /* \\d: other digits too */
        if (((next[b >> 6] >> (b & 63)) & 1) != (uint64_t)want) fail_msg("byte %u", b);
    }
    tr_start_nfa_free(&meter, a);
    a = build("\\bapps?\\s+down", 1);
    assert_int_equal(tr_start_nfa_after(a, "app", 3, next), 1);
    assert_true((next[0] >> ' ') & 1);
    assert_true((next['S' >> 6] >> ('S' & 63)) & 1); /* caseless */
    assert_false((next['x' >> 6] >> ('x' & 63)) & 1);
    tr_start_nfa_free(&meter, a);
    a = build("ab|abc", 0); /* a match may end with the literal: no answer */
    assert_int_equal(tr_start_nfa_after(a, "ab", 2, next), 0);
    tr_start_nfa_free(&meter, a);
    a = build("xy\\Bz", 0); /* \\B inside */
    assert_int_equal(tr_start_nfa_after(a, "xy", 2, next), 0);
    tr_start_nfa_free(&meter, a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_on_ascii),
        cmocka_unit_test(test_never_misses_on_unicode),
        cmocka_unit_test(test_long_patterns_are_cut),
        cmocka_unit_test(test_unreadable_patterns),
        cmocka_unit_test(test_syntax_tree),
        cmocka_unit_test(test_steps_are_bounded),
        cmocka_unit_test(test_word_lengths),
        cmocka_unit_test(test_bytes_after_a_literal),
        cmocka_unit_test(test_bytes_before_a_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
