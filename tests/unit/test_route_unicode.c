/* Caseless, accentless and script-aware keyword matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

/* One category "c" with one keyword; returns the score of body. */
static int64_t score_of(const char *keyword, unsigned term_flags, int ruleset_accentless,
                        const char *body, size_t body_len, unsigned *flags_out) {
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    int t = triage_builder_add_keyword(b, c, S(keyword), 1);
    assert_true(t >= 0);
    if (term_flags) assert_int_equal(triage_builder_term_set_flags(b, t, term_flags), TRIAGE_OK);
    triage_builder_set_accent_insensitive(b, ruleset_accentless);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *tk = triage_ticket_create(NULL);
    assert_int_equal(triage_ticket_add(tk, S("body"), body, body_len), TRIAGE_OK);
    assert_int_equal(triage_route(rs, s, tk, 0, d), TRIAGE_OK);
    int64_t score = triage_decision_score(d, 0);
    if (flags_out) *flags_out = triage_decision_flags(d);
    triage_ticket_free(tk);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
    return score;
}

static int64_t score(const char *keyword, const char *body) {
    return score_of(keyword, 0, 0, body, strlen(body), NULL);
}

static void test_ascii_case(void **state) {
    (void)state;
    assert_int_equal(score("Refund", "REFUND please"), 1);
    assert_int_equal(score("refund", "ReFuNd"), 1);
    assert_int_equal(score("refund", "refunds"), 0);
}

static void test_german_sharp_s(void **state) {
    (void)state;
    /* Full case folding: ß folds to ss, and so does ẞ (capital sharp s). */
    assert_int_equal(score("strasse", "Straße"), 1);
    assert_int_equal(score("straße", "STRASSE"), 1);
    assert_int_equal(score("größe", "GRÖSSE"), 1);
    assert_int_equal(score("strasse", "STRAẞE"), 1);
}

static void test_greek_final_sigma(void **state) {
    (void)state;
    /* ς and Σ fold to σ */
    assert_int_equal(score("λογαριασμός", "ΛΟΓΑΡΙΑΣΜΌΣ"), 1);
    assert_int_equal(score("λογαριασμός", "ΛΟΓΑΡΙΑΣΜΟΣ"), 0); /* tonos is an accent */
    assert_int_equal(score("λογαριασμόσ", "λογαριασμός"), 1);
}

static void test_turkish_i(void **state) {
    (void)state;
    /* Default (not Turkish) folding: I folds to i; ı (dotless) stays apart;
     * İ folds to i + combining dot, so it matches i only without accents. */
    assert_int_equal(score("istanbul", "ISTANBUL"), 1);
    assert_int_equal(score("ıstanbul", "istanbul"), 0);
    assert_int_equal(score("istanbul", "İstanbul"), 0);
    assert_int_equal(score_of("istanbul", TRIAGE_TERM_ACCENT_INSENSITIVE, 0, S("İstanbul"), NULL), 1);
    assert_int_equal(score("İstanbul", "i̇stanbul"), 1);
}

static void test_accents(void **state) {
    (void)state;
    assert_int_equal(score("café", "CAFÉ"), 1);
    assert_int_equal(score("cafe", "café"), 0);
    assert_int_equal(score_of("cafe", 0, 1, S("café"), NULL), 1);
    assert_int_equal(score_of("café", 0, 1, S("cafe"), NULL), 1);
    assert_int_equal(score_of("cafe", TRIAGE_TERM_ACCENT_INSENSITIVE, 0, S("Café"), NULL), 1);
    /* a term may opt out of a ruleset-wide accent-insensitive option */
    assert_int_equal(score_of("cafe", TRIAGE_TERM_ACCENT_SENSITIVE, 1, S("café"), NULL), 0);
    /* precomposed and decomposed forms are the same text */
    assert_int_equal(score("café", "cafe\xCC\x81"), 1);
}

static void test_japanese_and_chinese_substrings(void **state) {
    (void)state;
    assert_int_equal(score("返金", "注文の返金をお願いします"), 1);
    assert_int_equal(score("请退款", "我想请退款谢谢"), 1);
    assert_int_equal(score("退款", "我想请退款谢谢"), 1);
    assert_int_equal(score("退款单", "我想请退款谢谢"), 0);
    /* Latin words next to Han characters are still words */
    assert_int_equal(score("iphone", "我的iPhone坏了"), 1);
}

static void test_thai_substrings(void **state) {
    (void)state;
    /* "คืนเงิน" (refund) inside a sentence without spaces */
    assert_int_equal(score("คืนเงิน", "ฉันต้องการคืนเงินค่ะ"), 1);
    assert_int_equal(score("คืนเงิน", "ฉันต้องการเงินค่ะ"), 0);
}

static void test_emoji_separate_words(void **state) {
    (void)state;
    assert_int_equal(score("refund", "😡refund😡"), 1);
    assert_int_equal(score("charged twice", "charged 💳 twice"), 0);
}

static void test_phrase_whitespace_runs(void **state) {
    (void)state;
    assert_int_equal(score("charged twice", "charged\n\t  twice"), 1);
    assert_int_equal(score("charged twice", "charged\xC2\xA0twice"), 1); /* no-break space */
    assert_int_equal(score("charged twice", "charged, twice"), 0);
    assert_int_equal(score("charged   twice", "charged twice"), 1);
    assert_int_equal(score("e-mail", "E-Mail"), 1);
    assert_int_equal(score("e-mail", "e mail"), 0);
}

static void test_digits_any_script(void **state) {
    (void)state;
    assert_int_equal(score("error 42", "Error 42 again"), 1);
    assert_int_equal(score("42", "error42"), 0);
    assert_int_equal(score("٤٢", "رمز ٤٢"), 1); /* Arabic-Indic digits are word characters */
}

static void test_invalid_utf8_flags_and_replaces(void **state) {
    (void)state;
    static const char *const bad[] = {
        "refund\x80here",          /* stray continuation byte */
        "refund \xC0\xAF",         /* overlong '/' */
        "refund \xE0\x80\xAF",     /* overlong, three bytes */
        "refund \xED\xA0\x80",     /* UTF-16 surrogate */
        "refund \xF4\x90\x80\x80", /* above U+10FFFF */
        "refund \xF5",             /* never valid */
        "refund \xE2\x82",         /* truncated at the end */
        "refund \xFF\xFE",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        unsigned flags = 0;
        assert_int_equal(score_of("refund", 0, 0, bad[i], strlen(bad[i]), &flags), 1);
        assert_true(flags & TRIAGE_FLAG_INVALID_UTF8);
    }
    /* The invalid byte separates words like U+FFFD would */
    unsigned flags = 0;
    assert_int_equal(score_of("here", 0, 0, S("refund\x80here"), &flags), 1);
}

static void test_nul_bytes(void **state) {
    (void)state;
    static const char body[] = "first\0refund\0last";
    unsigned flags = 1;
    assert_int_equal(score_of("refund", 0, 0, body, sizeof body - 1, &flags), 1);
    assert_int_equal(flags & TRIAGE_FLAG_INVALID_UTF8, 0);
    assert_int_equal(score_of("last", 0, 0, body, sizeof body - 1, NULL), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_case),
        cmocka_unit_test(test_german_sharp_s),
        cmocka_unit_test(test_greek_final_sigma),
        cmocka_unit_test(test_turkish_i),
        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_japanese_and_chinese_substrings),
        cmocka_unit_test(test_thai_substrings),
        cmocka_unit_test(test_emoji_separate_words),
        cmocka_unit_test(test_phrase_whitespace_runs),
        cmocka_unit_test(test_digits_any_script),
        cmocka_unit_test(test_invalid_utf8_flags_and_replaces),
        cmocka_unit_test(test_nul_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
