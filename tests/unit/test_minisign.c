/* minisign verification: fixtures signed by Debian's minisign
 * (tests/data/integrity/make_fixtures.sh), every single-bit change refused,
 * both signature forms, key ids, parse errors with line numbers, and the
 * signed rules loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <triage/triage.h>
#include <unistd.h>

#define FIX TRIAGE_TEST_DATA "/integrity/"

typedef struct blob {
    char *p;
    size_t n;
} blob;

static blob slurp(const char *path) {
    blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.p = malloc((size_t)n + 1);
    assert_non_null(b.p);
    b.n = fread(b.p, 1, (size_t)n, f);
    assert_int_equal(b.n, (size_t)n);
    b.p[b.n] = '\0';
    fclose(f);
    return b;
}

static triage_trust *trust_with(const char *pubfile) {
    triage_trust *t = triage_trust_create(NULL);
    assert_non_null(t);
    if (pubfile) assert_int_equal(triage_trust_add_key_file(t, pubfile), TRIAGE_OK);
    return t;
}

static int verify(triage_trust *t, const blob *data, const blob *sig) {
    return triage_trust_verify(t, (const unsigned char *)data->p, data->n, sig->p, sig->n);
}

static void test_both_forms_verify(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    const char *files[][2] = {{FIX "data.txt", FIX "data.txt.minisig"},
                              {FIX "data.txt", FIX "data.txt.legacy.minisig"},
                              {FIX "rules.yaml", FIX "rules.yaml.minisig"},
                              {FIX "rules.yaml", FIX "rules.yaml.legacy.minisig"}};
    for (size_t i = 0; i < 4; i++) {
        blob d = slurp(files[i][0]), s = slurp(files[i][1]);
        assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
        assert_string_equal(triage_trust_error(t), "");
        assert_string_equal(triage_trust_trusted_comment(t), "triage integrity fixture");
        free(d.p);
        free(s.p);
    }
    /* The prehashed fixture really is "ED" and the legacy one "Ed". */
    blob s = slurp(FIX "data.txt.minisig"), l = slurp(FIX "data.txt.legacy.minisig");
    char *line2 = strchr(s.p, '\n') + 1, *lline2 = strchr(l.p, '\n') + 1;
    assert_memory_equal(line2, "RUQ", 3);  /* base64 of "ED" */
    assert_memory_equal(lline2, "RWQ", 3); /* base64 of "Ed" */
    free(s.p);
    free(l.p);
    triage_trust_free(t);
}

static void test_file_verify_default_sig_path(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    assert_int_equal(triage_trust_verify_file(t, FIX "data.txt", NULL), TRIAGE_OK);
    assert_int_equal(triage_trust_verify_file(t, FIX "data.txt", FIX "data.txt.legacy.minisig"),
                     TRIAGE_OK);
    /* A signature of another file does not verify this one. */
    assert_int_equal(triage_trust_verify_file(t, FIX "data.txt", FIX "rules.yaml.minisig"),
                     TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "does not match the data"));
    /* No signature file: refused, and the message says how to sign. */
    assert_int_equal(triage_trust_verify_file(t, FIX "key.pub", NULL), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "no signature file"));
    assert_int_equal(triage_trust_verify_file(t, FIX "no-such-file", FIX "data.txt.minisig"),
                     TRIAGE_ERR_IO);
    triage_trust_free(t);
}

static void test_every_data_bit_refused(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    const char *sigs[] = {FIX "data.txt.minisig", FIX "data.txt.legacy.minisig"};
    for (size_t k = 0; k < 2; k++) {
        blob d = slurp(FIX "data.txt"), s = slurp(sigs[k]);
        for (size_t i = 0; i < d.n; i++)
            for (int bit = 0; bit < 8; bit++) {
                d.p[i] ^= (char)(1 << bit);
                assert_int_equal(verify(t, &d, &s), TRIAGE_ERR_SIGNATURE);
                d.p[i] ^= (char)(1 << bit);
            }
        /* One byte more or less is refused too. */
        d.n--;
        assert_int_equal(verify(t, &d, &s), TRIAGE_ERR_SIGNATURE);
        d.n++;
        assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
        free(d.p);
        free(s.p);
    }
    triage_trust_free(t);
}

/* Every bit of the signature file: only the untrusted comment's text may
 * change (that is what "untrusted" means), and even there not to a line
 * break or a NUL byte. */
static void test_every_signature_bit_refused(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    const char *sigs[] = {FIX "data.txt.minisig", FIX "data.txt.legacy.minisig"};
    size_t prefix = strlen("untrusted comment: ");
    for (size_t k = 0; k < 2; k++) {
        blob d = slurp(FIX "data.txt"), s = slurp(sigs[k]);
        size_t line1_end = (size_t)(strchr(s.p, '\n') - s.p);
        size_t refused = 0, accepted = 0;
        for (size_t i = 0; i < s.n; i++)
            for (int bit = 0; bit < 8; bit++) {
                s.p[i] ^= (char)(1 << bit);
                int rc = verify(t, &d, &s);
                int untrusted_text = i >= prefix && i < line1_end && s.p[i] != '\n' &&
                                     s.p[i] != '\0';
                if (untrusted_text) {
                    assert_int_equal(rc, TRIAGE_OK);
                    accepted++;
                } else {
                    if (rc != TRIAGE_ERR_SIGNATURE)
                        fail_msg("byte %zu bit %d of %s was accepted", i, bit, sigs[k]);
                    assert_true(strlen(triage_trust_error(t)) > 0);
                    refused++;
                }
                s.p[i] ^= (char)(1 << bit);
            }
        assert_true(refused > 8 * 150);
        assert_true(accepted > 0);
        assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
        free(d.p);
        free(s.p);
    }
    triage_trust_free(t);
}

/* Every bit of the public key's base64 line: refused (wrong algorithm,
 * wrong key id, another key, or not base64 at all). */
static void test_every_key_bit_refused(void **state) {
    (void)state;
    blob d = slurp(FIX "data.txt"), s = slurp(FIX "data.txt.minisig");
    blob k = slurp(FIX "key.pub");
    size_t start = (size_t)(strchr(k.p, '\n') - k.p) + 1;
    size_t end = (size_t)(strchr(k.p + start, '\n') - k.p);
    for (size_t i = start; i < end; i++)
        for (int bit = 0; bit < 8; bit++) {
            k.p[i] ^= (char)(1 << bit);
            triage_trust *t = trust_with(NULL);
            int rc = triage_trust_add_key(t, k.p, k.n);
            if (rc == TRIAGE_OK) rc = verify(t, &d, &s);
            if (rc != TRIAGE_ERR_SIGNATURE) fail_msg("key byte %zu bit %d accepted", i, bit);
            triage_trust_free(t);
            k.p[i] ^= (char)(1 << bit);
        }
    triage_trust *t = trust_with(NULL);
    assert_int_equal(triage_trust_add_key(t, k.p, k.n), TRIAGE_OK);
    assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
    triage_trust_free(t);
    free(d.p);
    free(s.p);
    free(k.p);
}

static void test_key_ids(void **state) {
    (void)state;
    blob d = slurp(FIX "data.txt"), other_sig = slurp(FIX "data.txt.other.minisig");
    triage_trust *t = trust_with(FIX "key.pub");
    assert_int_equal(verify(t, &d, &other_sig), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "not a trusted key"));
    /* The other key's id shows in the message as minisign prints it. */
    blob opub = slurp(FIX "other.pub");
    const char *id = strstr(opub.p, "public key ") + strlen("public key ");
    char hex[17];
    size_t idlen = strcspn(id, "\n");
    memcpy(hex, id, idlen);
    hex[idlen] = '\0';
    assert_non_null(strstr(triage_trust_error(t), hex));
    /* Trusting both keys: each signature finds its key. */
    assert_int_equal(triage_trust_add_key_file(t, FIX "other.pub"), TRIAGE_OK);
    assert_int_equal(triage_trust_key_count(t), 2);
    assert_int_equal(verify(t, &d, &other_sig), TRIAGE_OK);
    blob s = slurp(FIX "data.txt.minisig");
    assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
    /* Adding the same key twice keeps one. */
    assert_int_equal(triage_trust_add_key_file(t, FIX "other.pub"), TRIAGE_OK);
    assert_int_equal(triage_trust_key_count(t), 2);
    /* Same key id, another key: the signature does not verify. */
    blob k = slurp(FIX "key.pub"), ko = slurp(FIX "other.pub");
    unsigned char kb[42], ob[42];
    size_t n;
    char *kline = strchr(k.p, '\n') + 1, *oline = strchr(ko.p, '\n') + 1;
    assert_int_equal(sodium_base642bin(kb, 42, kline, 56, NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    assert_int_equal(sodium_base642bin(ob, 42, oline, 56, NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    memcpy(ob + 2, kb + 2, 8); /* other key, our key id */
    char forged[64];
    sodium_bin2base64(forged, sizeof forged, ob, 42, sodium_base64_VARIANT_ORIGINAL);
    triage_trust *t2 = trust_with(NULL);
    assert_int_equal(triage_trust_add_key(t2, forged, strlen(forged)), TRIAGE_OK);
    assert_int_equal(verify(t2, &d, &s), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t2), "does not match"));
    triage_trust_free(t2);
    triage_trust_free(t);
    free(d.p), free(other_sig.p), free(opub.p), free(s.p), free(k.p), free(ko.p);
}

static void test_key_text_forms(void **state) {
    (void)state;
    blob d = slurp(FIX "data.txt"), s = slurp(FIX "data.txt.minisig"), k = slurp(FIX "key.pub");
    char *line = strchr(k.p, '\n') + 1;
    char buf[256];
    const char *before[] = {"", "", "  ", "untrusted comment: x\r\n"};
    const char *after[] = {"", "\n", "  \n\n", "\r\n"};
    for (size_t i = 0; i < 4; i++) {
        triage_trust *t = trust_with(NULL);
        snprintf(buf, sizeof buf, "%s%.56s%s", before[i], line, after[i]);
        assert_int_equal(triage_trust_add_key(t, buf, strlen(buf)), TRIAGE_OK);
        assert_int_equal(verify(t, &d, &s), TRIAGE_OK);
        triage_trust_free(t);
    }
    /* A signature file with CRLF line ends verifies too. */
    char crlf[1024];
    size_t m = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '\n') crlf[m++] = '\r';
        crlf[m++] = s.p[i];
    }
    triage_trust *t = trust_with(FIX "key.pub");
    assert_int_equal(triage_trust_verify(t, (const unsigned char *)d.p, d.n, crlf, m), TRIAGE_OK);
    triage_trust_free(t);
    free(d.p), free(s.p), free(k.p);
}

static void expect_key_error(const char *text, const char *needle) {
    triage_trust *t = trust_with(NULL);
    assert_int_equal(triage_trust_add_key(t, text, strlen(text)), TRIAGE_ERR_SIGNATURE);
    if (!strstr(triage_trust_error(t), needle))
        fail_msg("key error \"%s\" lacks \"%s\"", triage_trust_error(t), needle);
    assert_int_equal(triage_trust_key_count(t), 0);
    triage_trust_free(t);
}

static void test_key_parse_errors(void **state) {
    (void)state;
    expect_key_error("", "no base64 key line");
    expect_key_error("untrusted comment: only a comment\n", "no base64 key line");
    expect_key_error("not base64!", "line 1 is not valid base64");
    expect_key_error("untrusted comment: x\nQUJD\n", "line 2 decodes to 3 bytes, expected 42");
    /* 42 bytes but algorithm "Xx". */
    expect_key_error("WHgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "algorithm");
    blob k = slurp(FIX "key.pub");
    char buf[512];
    snprintf(buf, sizeof buf, "%sextra line\n", k.p);
    expect_key_error(buf, "line 3: unexpected text");
    /* A signature file is not a key. */
    blob s = slurp(FIX "data.txt.minisig");
    expect_key_error(s.p, "unexpected text");
    /* NUL inside. */
    triage_trust *t = trust_with(NULL);
    assert_int_equal(triage_trust_add_key(t, "a\0b", 3), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "NUL"));
    assert_int_equal(triage_trust_add_key(NULL, "x", 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_trust_add_key(t, NULL, 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_trust_add_key_file(t, FIX "no-such.pub"), TRIAGE_ERR_IO);
    triage_trust_free(t);
    free(k.p), free(s.p);
}

static void expect_sig_error(triage_trust *t, const blob *d, const char *sig,
                             const char *needle) {
    assert_int_equal(triage_trust_verify(t, (const unsigned char *)d->p, d->n, sig, strlen(sig)),
                     TRIAGE_ERR_SIGNATURE);
    if (!strstr(triage_trust_error(t), needle))
        fail_msg("signature error \"%s\" lacks \"%s\"", triage_trust_error(t), needle);
    assert_string_equal(triage_trust_trusted_comment(t), "");
}

static void test_signature_parse_errors(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    blob d = slurp(FIX "data.txt"), s = slurp(FIX "data.txt.minisig");
    /* The four lines of the good signature. */
    char *l1 = s.p, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1,
         *l4 = strchr(l3, '\n') + 1;
    char buf[2048];
    expect_sig_error(t, &d, "", "empty");
    expect_sig_error(t, &d, "hello\n", "line 1: must start with \"untrusted comment: \"");
    expect_sig_error(t, &d, "untrusted comment: x\n", "line 2: the signature line is missing");
    expect_sig_error(t, &d, "untrusted comment: x\nnot-base64\n", "line 2: not a base64");
    snprintf(buf, sizeof buf, "untrusted comment: x\n%.*s", (int)(l3 - l2), l2);
    expect_sig_error(t, &d, buf, "line 3: must start with \"trusted comment: \"");
    snprintf(buf, sizeof buf, "%.*s", (int)(l4 - l1), l1);
    expect_sig_error(t, &d, buf, "line 4: the global signature is missing");
    snprintf(buf, sizeof buf, "%.*sQUJD\n", (int)(l4 - l1), l1);
    expect_sig_error(t, &d, buf, "line 4: not a base64 global signature");
    snprintf(buf, sizeof buf, "%sjunk\n", s.p);
    expect_sig_error(t, &d, buf, "line 5: unexpected text");
    /* Unknown algorithm: "Ex" with the rest of the blob kept. */
    unsigned char raw[74];
    size_t n;
    assert_int_equal(sodium_base642bin(raw, sizeof raw, l2, (size_t)(l3 - l2 - 1), NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    raw[1] = 'x';
    char b64[128];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    snprintf(buf, sizeof buf, "untrusted comment: x\n%s\n%s", b64, l3);
    expect_sig_error(t, &d, buf, "line 2: unsupported signature algorithm");
    /* Trusted comment too long. */
    char *longsig = malloc(10000 + 4096);
    assert_non_null(longsig);
    int m = snprintf(longsig, 4096, "untrusted comment: x\n%.*strusted comment: ", (int)(l3 - l2),
                     l2);
    memset(longsig + m, 'a', 9000);
    snprintf(longsig + m + 9000, 4096, "\n%s", l4);
    expect_sig_error(t, &d, longsig, "line 3: the trusted comment is too long");
    free(longsig);
    /* Changed trusted comment: the global signature catches it. */
    snprintf(buf, sizeof buf, "%.*strusted comment: triage integrity fixturE\n%s", (int)(l3 - l1),
             l1, l4);
    expect_sig_error(t, &d, buf, "trusted comment was changed");
    /* A NUL byte anywhere is refused. */
    assert_int_equal(triage_trust_verify(t, (const unsigned char *)d.p, d.n, s.p, s.n + 1),
                     TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "NUL"));
    /* No key yet: a state error, not a crash. */
    triage_trust *none = trust_with(NULL);
    assert_int_equal(verify(none, &d, &s), TRIAGE_ERR_STATE);
    assert_int_equal(triage_trust_verify(NULL, NULL, 0, "", 0), TRIAGE_ERR_ARGUMENT);
    triage_trust_free(none);
    triage_trust_free(t);
    free(d.p), free(s.p);
}

static int write_file(const char *path, const char *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, n, f);
    fclose(f);
    return w == n ? 0 : -1;
}

static void test_signed_rules_load(void **state) {
    (void)state;
    triage_trust *t = trust_with(FIX "key.pub");
    triage_builder *b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_signed_file(b, t, FIX "rules.yaml", NULL), TRIAGE_OK);
    assert_int_equal(triage_builder_error_count(b), 0);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    blob r = slurp(FIX "rules.yaml");
    unsigned char h[32];
    crypto_generichash(h, 32, (const unsigned char *)r.p, r.n, NULL, 0);
    assert_memory_equal(triage_ruleset_source_hash(rs), h, 32);
    assert_string_equal(triage_ruleset_name(rs), "signed-mini");
    triage_ruleset_free(rs);
    triage_builder_free(b);

    /* The legacy signature through an explicit path. */
    b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_signed_file(b, t, FIX "rules.yaml",
                                                     FIX "rules.yaml.legacy.minisig"),
                     TRIAGE_OK);
    triage_builder_free(b);

    /* A changed copy beside the original signature: refused, nothing loaded,
     * and the builder reports it like any load error. */
    char dir[] = "/tmp/triage-minisign-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], sig[256];
    snprintf(path, sizeof path, "%s/rules.yaml", dir);
    snprintf(sig, sizeof sig, "%s/rules.yaml.minisig", dir);
    blob s = slurp(FIX "rules.yaml.minisig");
    char *changed = strstr(r.p, "refund: 3");
    changed[8] = '9';
    assert_int_equal(write_file(path, r.p, r.n), 0);
    assert_int_equal(write_file(sig, s.p, s.n), 0);
    b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_signed_file(b, t, path, NULL), TRIAGE_ERR_SIGNATURE);
    assert_int_equal(triage_builder_error_count(b), 1);
    const char *file, *msg;
    assert_int_equal(triage_builder_error(b, 0, &file, NULL, NULL, &msg), TRIAGE_ERR_SIGNATURE);
    assert_string_equal(file, path);
    assert_non_null(strstr(msg, "does not match the data"));
    rs = NULL;
    assert_int_not_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    assert_null(rs);
    triage_builder_free(b);
    /* Unsigned: refused with a message that says how to sign. */
    remove(sig);
    b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_signed_file(b, t, path, NULL), TRIAGE_ERR_SIGNATURE);
    assert_int_equal(triage_builder_error(b, 0, NULL, NULL, NULL, &msg), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(msg, "minisign -S"));
    triage_builder_free(b);
    /* A signature file far too large is refused before it is parsed. */
    char *huge = malloc(100000);
    assert_non_null(huge);
    memset(huge, 'A', 100000);
    assert_int_equal(write_file(sig, huge, 100000), 0);
    free(huge);
    assert_int_equal(triage_trust_verify_file(t, FIX "data.txt", sig), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_trust_error(t), "too large"));
    remove(sig);
    remove(path);
    rmdir(dir);
    assert_int_equal(triage_builder_load_signed_file(NULL, t, path, NULL), TRIAGE_ERR_ARGUMENT);
    free(r.p), free(s.p);
    triage_trust_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_forms_verify),
        cmocka_unit_test(test_file_verify_default_sig_path),
        cmocka_unit_test(test_every_data_bit_refused),
        cmocka_unit_test(test_every_signature_bit_refused),
        cmocka_unit_test(test_every_key_bit_refused),
        cmocka_unit_test(test_key_ids),
        cmocka_unit_test(test_key_text_forms),
        cmocka_unit_test(test_key_parse_errors),
        cmocka_unit_test(test_signature_parse_errors),
        cmocka_unit_test(test_signed_rules_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
