/* Pseudonyms: keyed BLAKE2b-128 with a fixed domain, same key and input ->
 * same output, fixed lengths, e-mail normalisation, and argument errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>
#include <triage/triage.h>

static const unsigned char key_a[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
                                        31, 32};

static void pseudo(const unsigned char *key, const char *id, unsigned flags, char *out) {
    assert_int_equal(triage_pseudonymize(key, id, strlen(id), flags, out, TRIAGE_PSEUDONYM_MAX),
                     TRIAGE_OK);
}

static void test_matches_documented_construction(void **state) {
    (void)state;
    /* BLAKE2b-128 keyed with the host key over "triage-pseudonym-v1\0" || id. */
    unsigned char msg[64], digest[16];
    memcpy(msg, "triage-pseudonym-v1", 20);
    memcpy(msg + 20, "customer-42", 11);
    crypto_generichash(digest, 16, msg, 31, key_a, 32);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, digest, 16);
    char out[TRIAGE_PSEUDONYM_MAX];
    pseudo(key_a, "customer-42", TRIAGE_PSEUDONYM_HEX, out);
    assert_string_equal(out, hex);
    char b64[32];
    sodium_bin2base64(b64, sizeof b64, digest, 16, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    pseudo(key_a, "customer-42", TRIAGE_PSEUDONYM_BASE64URL, out);
    assert_string_equal(out, b64);
}

static void test_deterministic_and_keyed(void **state) {
    (void)state;
    unsigned char key_b[32];
    assert_int_equal(triage_pseudonym_keygen(key_b), TRIAGE_OK);
    char a1[TRIAGE_PSEUDONYM_MAX], a2[TRIAGE_PSEUDONYM_MAX], b[TRIAGE_PSEUDONYM_MAX],
        c[TRIAGE_PSEUDONYM_MAX];
    pseudo(key_a, "alice@example.com", 0, a1);
    pseudo(key_a, "alice@example.com", 0, a2);
    pseudo(key_b, "alice@example.com", 0, b);
    pseudo(key_a, "alice@example.co", 0, c);
    assert_string_equal(a1, a2);
    assert_string_not_equal(a1, b);
    assert_string_not_equal(a1, c);
    /* Fixed length and alphabet. */
    assert_int_equal(strlen(a1), 32);
    for (size_t i = 0; i < 32; i++) assert_non_null(strchr("0123456789abcdef", a1[i]));
    pseudo(key_a, "", TRIAGE_PSEUDONYM_BASE64URL, a2);
    assert_int_equal(strlen(a2), 22);
    for (size_t i = 0; i < 22; i++)
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                               a2[i]));
    /* Bytes count, NULs included. */
    char n1[TRIAGE_PSEUDONYM_MAX], n2[TRIAGE_PSEUDONYM_MAX];
    assert_int_equal(triage_pseudonymize(key_a, "a\0b", 3, 0, n1, sizeof n1), TRIAGE_OK);
    assert_int_equal(triage_pseudonymize(key_a, "a\0c", 3, 0, n2, sizeof n2), TRIAGE_OK);
    assert_string_not_equal(n1, n2);
    assert_int_equal(triage_pseudonymize(key_a, NULL, 0, 0, n1, sizeof n1), TRIAGE_OK);
    pseudo(key_a, "", 0, n2);
    assert_string_equal(n1, n2);
}

static void test_email_normalisation(void **state) {
    (void)state;
    char a[TRIAGE_PSEUDONYM_MAX], b[TRIAGE_PSEUDONYM_MAX], raw[TRIAGE_PSEUDONYM_MAX];
    pseudo(key_a, "alice@example.com", TRIAGE_PSEUDONYM_EMAIL, a);
    pseudo(key_a, "  Alice@EXAMPLE.com\r\n", TRIAGE_PSEUDONYM_EMAIL, b);
    assert_string_equal(a, b);
    /* Normalised e-mail hashes like the lower-case text without the flag. */
    pseudo(key_a, "alice@example.com", 0, raw);
    assert_string_equal(a, raw);
    /* Without the flag, case matters (customer ids may be case-sensitive). */
    pseudo(key_a, "Alice@example.com", 0, raw);
    assert_string_not_equal(a, raw);
    /* No provider-specific rewriting: dots and +tags stay. */
    pseudo(key_a, "a.lice@example.com", TRIAGE_PSEUDONYM_EMAIL, b);
    assert_string_not_equal(a, b);
    pseudo(key_a, "alice+tag@example.com", TRIAGE_PSEUDONYM_EMAIL, b);
    assert_string_not_equal(a, b);
    /* Non-ASCII letters are not folded. */
    pseudo(key_a, "\xc3\x84rger@example.com", TRIAGE_PSEUDONYM_EMAIL, a);
    pseudo(key_a, "\xc3\xa4rger@example.com", TRIAGE_PSEUDONYM_EMAIL, b);
    assert_string_not_equal(a, b);
    /* Long addresses are handled in chunks identically. */
    char longmail[1000], lower[1000];
    for (size_t i = 0; i < 999; i++) {
        longmail[i] = (char)('A' + i % 26);
        lower[i] = (char)('a' + i % 26);
    }
    longmail[999] = lower[999] = '\0';
    pseudo(key_a, longmail, TRIAGE_PSEUDONYM_EMAIL, a);
    pseudo(key_a, lower, 0, b);
    assert_string_equal(a, b);
}

static void test_errors(void **state) {
    (void)state;
    char out[TRIAGE_PSEUDONYM_MAX];
    assert_int_equal(triage_pseudonymize(NULL, "x", 1, 0, out, sizeof out), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_pseudonymize(key_a, NULL, 1, 0, out, sizeof out),
                     TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_pseudonymize(key_a, "x", 1, 0, NULL, 33), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_pseudonymize(key_a, "x", 1, 0x80, out, sizeof out),
                     TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_pseudonymize(key_a, "x", 1, 0, out, 32), TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_pseudonymize(key_a, "x", 1, TRIAGE_PSEUDONYM_BASE64URL, out, 22),
                     TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_pseudonymize(key_a, "x", 1, TRIAGE_PSEUDONYM_BASE64URL, out, 23),
                     TRIAGE_OK);
    assert_int_equal(triage_pseudonym_keygen(NULL), TRIAGE_ERR_ARGUMENT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_documented_construction),
        cmocka_unit_test(test_deterministic_and_keyed),
        cmocka_unit_test(test_email_normalisation),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
