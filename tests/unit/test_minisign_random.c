/* Random edits of a minisign signature file and of a public key: an edit
 * is accepted only when it leaves the same lines (up to "\r\n" line ends
 * and trailing empty lines) or touches nothing but the untrusted comment;
 * everything else is refused, and nothing crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <triage/triage.h>

#define FIX TRIAGE_TEST_DATA "/integrity/"

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t next_random(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717u;
}
static size_t below(size_t n) { return n ? (size_t)(next_random() % n) : 0; }

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *p = malloc(4096);
    assert_non_null(p);
    *n = fread(p, 1, 4095, f);
    p[*n] = '\0';
    fclose(f);
    return p;
}

/* The lines as the parser sees them: one "\r" at the end of a line dropped, empty
 * lines at the end dropped. Writes them joined with "\n" into out. */
static size_t canonical(const char *p, size_t n, char *out) {
    size_t o = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '\n') continue;
        size_t len = i - start;
        if (len && p[start + len - 1] == '\r') len--;
        memcpy(out + o, p + start, len);
        o += len;
        out[o++] = '\n';
        start = i + 1;
    }
    while (o && out[o - 1] == '\n') o--;
    return o;
}

/* Everything from the second line on (the untrusted comment's text may change). */
static int signed_part_same(const char *a, size_t an, const char *b, size_t bn) {
    char ca[8192], cb[8192];
    size_t la = canonical(a, an, ca), lb = canonical(b, bn, cb);
    const char *na = memchr(ca, '\n', la), *nb = memchr(cb, '\n', lb);
    if (!na || !nb) return 0;
    /* line 1 must still be an untrusted comment without NUL */
    if (strncmp(cb, "untrusted comment: ", 19) != 0 || memchr(cb, '\0', lb)) return 0;
    size_t ra = la - (size_t)(na - ca), rb = lb - (size_t)(nb - cb);
    return ra == rb && memcmp(na, nb, ra) == 0;
}

static size_t mutate(const char *src, size_t n, char *dst) {
    size_t at = below(n + 1), len = 1 + below(8);
    static const char alphabet[] = "AZaz09+/=\n\r :\x00\x80";
    switch (below(3)) {
    case 0:
        memcpy(dst, src, n);
        for (size_t i = at; i < n && i < at + len; i++)
            dst[i] = below(2) ? alphabet[below(sizeof alphabet - 1)] : (char)next_random();
        return n;
    case 1:
        memcpy(dst, src, at);
        for (size_t i = 0; i < len; i++) dst[at + i] = alphabet[below(sizeof alphabet - 1)];
        memcpy(dst + at + len, src + at, n - at);
        return n + len;
    default:
        if (at + len > n) len = n - at;
        memcpy(dst, src, at);
        memcpy(dst + at, src + at + len, n - at - len);
        return n - len;
    }
}

static void test_random_signature_edits(void **state) {
    (void)state;
    size_t dn, sn;
    char *data = slurp(FIX "data.txt", &dn), *sig = slurp(FIX "data.txt.minisig", &sn);
    triage_trust *t = triage_trust_create(NULL);
    assert_int_equal(triage_trust_add_key_file(t, FIX "key.pub"), TRIAGE_OK);
    char edited[4096];
    size_t accepted = 0, refused = 0;
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = mutate(sig, sn, edited);
        int rc = triage_trust_verify(t, (const unsigned char *)data, dn, edited, n);
        int expect_ok = signed_part_same(sig, sn, edited, n);
        if (expect_ok != (rc == TRIAGE_OK))
            fail_msg("iteration %d: status %d, expected %s: %s", iter, rc,
                     expect_ok ? "accepted" : "refused", triage_trust_error(t));
        if (rc == TRIAGE_OK)
            accepted++;
        else {
            assert_int_equal(rc, TRIAGE_ERR_SIGNATURE);
            refused++;
        }
    }
    assert_true(accepted > 100 && refused > 1000);
    triage_trust_free(t);
    free(data);
    free(sig);
}

static void test_random_key_edits(void **state) {
    (void)state;
    size_t dn, sn, kn;
    char *data = slurp(FIX "data.txt", &dn), *sig = slurp(FIX "data.txt.minisig", &sn);
    char *key = slurp(FIX "key.pub", &kn);
    char ckey[4096], cedit[4096], edited[4096];
    size_t ck = canonical(key, kn, ckey);
    const char *keyline = (const char *)memchr(ckey, '\n', ck) + 1;
    size_t keylen = ck - (size_t)(keyline - ckey);
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = mutate(key, kn, edited);
        triage_trust *t = triage_trust_create(NULL);
        int rc = triage_trust_add_key(t, edited, n);
        if (rc == TRIAGE_OK) rc = triage_trust_verify(t, (const unsigned char *)data, dn, sig, sn);
        /* Accepted only if the base64 line survived intact, as a line of
         * its own (blank space around it and blank lines are allowed). */
        size_t ce = canonical(edited, n, cedit);
        int intact = 0;
        for (size_t s0 = 0; s0 < ce && !intact;) {
            const char *nl = memchr(cedit + s0, '\n', ce - s0);
            size_t e = nl ? (size_t)(nl - cedit) : ce, a0 = s0, b0 = e;
            while (a0 < b0 && (cedit[a0] == ' ' || cedit[a0] == '\t')) a0++;
            while (b0 > a0 && (cedit[b0 - 1] == ' ' || cedit[b0 - 1] == '\t')) b0--;
            intact = b0 - a0 == keylen && memcmp(cedit + a0, keyline, keylen) == 0;
            s0 = e + 1;
        }
        if (rc == TRIAGE_OK && !intact)
            fail_msg("iteration %d: an edited key verified: [%.*s]", iter, (int)n, edited);
        if (rc != TRIAGE_OK) assert_int_equal(rc, TRIAGE_ERR_SIGNATURE);
        triage_trust_free(t);
    }
    free(data);
    free(sig);
    free(key);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_signature_edits),
        cmocka_unit_test(test_random_key_edits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
