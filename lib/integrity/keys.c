/* Key texts: minisign public keys ("Ed" || key id || Ed25519 public key)
 * and this library's unencrypted secret keys ("ES" || key id || secret key),
 * each an "untrusted comment:" line followed by one base64 line. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "integrity/integrity_internal.h"

#define PUBKEY_BLOB 42 /* "Ed" + 8 + 32 */
#define SECKEY_BLOB 74 /* "ES" + 8 + 64 */

void tr_keyid_hex(const unsigned char id[TR_KEYID_BYTES], char out[17]) {
    static const char digits[] = "0123456789ABCDEF";
    for (int i = 0; i < TR_KEYID_BYTES; i++) {
        unsigned char byte = id[TR_KEYID_BYTES - 1 - i]; /* little-endian, as minisign */
        out[2 * i] = digits[byte >> 4];
        out[2 * i + 1] = digits[byte & 15];
    }
    out[16] = '\0';
}

void tr_keyid_display(const unsigned char id[TR_KEYID_BYTES], char out[17]) {
    char full[17];
    tr_keyid_hex(id, full);
    size_t skip = 0;
    while (skip < 15 && full[skip] == '0') skip++; /* minisign prints "%" PRIX64 */
    memcpy(out, full + skip, 17 - skip);
}

static int is_blank_line(const tr_line *l) {
    for (size_t i = 0; i < l->len; i++)
        if (l->p[i] != ' ' && l->p[i] != '\t') return 0;
    return 1;
}

static void trim_spaces(tr_line *l) {
    while (l->len && (l->p[0] == ' ' || l->p[0] == '\t')) l->p++, l->len--;
    while (l->len && (l->p[l->len - 1] == ' ' || l->p[l->len - 1] == '\t')) l->len--;
}

/* Finds the base64 line of a key text: after an optional "untrusted comment:"
 * line, with nothing but blank lines after it. */
static int key_line(const char *text, size_t len, const char *what, tr_line *out, char *err,
                    size_t errlen) {
    if (!text) {
        tr_msgf(err, errlen, "%s: no text given", what);
        return TRIAGE_ERR_SIGNATURE;
    }
    if (memchr(text, '\0', len)) {
        tr_msgf(err, errlen, "%s: the text contains a NUL byte", what);
        return TRIAGE_ERR_SIGNATURE;
    }
    tr_lines it;
    tr_line l;
    tr_lines_init(&it, text, len);
    int found = 0;
    while (tr_lines_next(&it, &l)) {
        if (is_blank_line(&l)) continue;
        if (!found && l.number == 1 && tr_line_starts(&l, "untrusted comment:")) continue;
        if (found) {
            tr_msgf(err, errlen, "%s: line %u: unexpected text after the key line", what,
                    l.number);
            return TRIAGE_ERR_SIGNATURE;
        }
        *out = l;
        found = 1;
    }
    if (!found) {
        tr_msgf(err, errlen, "%s: no base64 key line found", what);
        return TRIAGE_ERR_SIGNATURE;
    }
    trim_spaces(out);
    return TRIAGE_OK;
}

static int decode_blob(const tr_line *l, const char *what, const char *tag, size_t want,
                       unsigned char *blob, char *err, size_t errlen) {
    unsigned char buf[128];
    size_t n = tr_base64_decode(l->p, l->len, buf, sizeof buf);
    if (n == (size_t)-1) {
        tr_msgf(err, errlen, "%s: line %u is not valid base64", what, l->number);
        return TRIAGE_ERR_SIGNATURE;
    }
    if (n != want) {
        tr_msgf(err, errlen, "%s: line %u decodes to %zu bytes, expected %zu", what, l->number,
                n, want);
        return TRIAGE_ERR_SIGNATURE;
    }
    if (memcmp(buf, tag, 2) != 0) {
        tr_msgf(err, errlen, "%s: line %u: algorithm is not \"%s\" (Ed25519)", what, l->number,
                tag);
        return TRIAGE_ERR_SIGNATURE;
    }
    memcpy(blob, buf, want);
    sodium_memzero(buf, sizeof buf);
    return TRIAGE_OK;
}

int tr_pubkey_parse(const char *text, size_t len, tr_pubkey *out, char *err, size_t errlen) {
    tr_line l;
    unsigned char blob[PUBKEY_BLOB];
    int rc = key_line(text, len, "public key", &l, err, errlen);
    if (rc == TRIAGE_OK) rc = decode_blob(&l, "public key", "Ed", PUBKEY_BLOB, blob, err, errlen);
    if (rc != TRIAGE_OK) return rc;
    memcpy(out->id, blob + 2, TR_KEYID_BYTES);
    memcpy(out->pk, blob + 2 + TR_KEYID_BYTES, 32);
    return TRIAGE_OK;
}

int tr_seckey_parse(const char *text, size_t len, tr_seckey *out, char *err, size_t errlen) {
    tr_line l;
    unsigned char blob[SECKEY_BLOB];
    int rc = key_line(text, len, "secret key", &l, err, errlen);
    if (rc == TRIAGE_OK) rc = decode_blob(&l, "secret key", "ES", SECKEY_BLOB, blob, err, errlen);
    if (rc != TRIAGE_OK) return rc;
    memcpy(out->id, blob + 2, TR_KEYID_BYTES);
    memcpy(out->sk, blob + 2 + TR_KEYID_BYTES, 64);
    sodium_memzero(blob, sizeof blob);
    /* The public half must be the one the seed makes: catches damaged files. */
    unsigned char pk[32], sk[64];
    crypto_sign_seed_keypair(pk, sk, out->sk);
    int same = sodium_memcmp(sk, out->sk, 64) == 0;
    sodium_memzero(sk, sizeof sk);
    if (!same) {
        sodium_memzero(out, sizeof *out);
        tr_msgf(err, errlen, "secret key: line %u: the public half does not match the seed "
                "(damaged key)", l.number);
        return TRIAGE_ERR_SIGNATURE;
    }
    return TRIAGE_OK;
}

void tr_seckey_public(const tr_seckey *sk, tr_pubkey *out) {
    memcpy(out->id, sk->id, TR_KEYID_BYTES);
    crypto_sign_ed25519_sk_to_pk(out->pk, sk->sk);
}

int tr_pubkey_format(const tr_pubkey *pk, char *out, size_t cap) {
    unsigned char blob[PUBKEY_BLOB];
    char b64[sodium_base64_ENCODED_LEN(PUBKEY_BLOB, sodium_base64_VARIANT_ORIGINAL)];
    char hex[17];
    memcpy(blob, "Ed", 2);
    memcpy(blob + 2, pk->id, TR_KEYID_BYTES);
    memcpy(blob + 2 + TR_KEYID_BYTES, pk->pk, 32);
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    tr_keyid_display(pk->id, hex);
    int n = snprintf(out, cap, "untrusted comment: triage audit public key %s\n%s\n", hex, b64);
    return n < 0 || (size_t)n >= cap ? TRIAGE_ERR_LIMIT : TRIAGE_OK;
}

static int seckey_format(const tr_seckey *sk, char *out, size_t cap) {
    unsigned char blob[SECKEY_BLOB];
    char b64[sodium_base64_ENCODED_LEN(SECKEY_BLOB, sodium_base64_VARIANT_ORIGINAL)];
    char hex[17];
    memcpy(blob, "ES", 2);
    memcpy(blob + 2, sk->id, TR_KEYID_BYTES);
    memcpy(blob + 2 + TR_KEYID_BYTES, sk->sk, 64);
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    tr_keyid_display(sk->id, hex);
    int n = snprintf(out, cap, "untrusted comment: triage audit secret key %s\n%s\n", hex, b64);
    sodium_memzero(blob, sizeof blob);
    sodium_memzero(b64, sizeof b64);
    if (n < 0 || (size_t)n >= cap) {
        sodium_memzero(out, cap);
        return TRIAGE_ERR_LIMIT;
    }
    return TRIAGE_OK;
}

int triage_audit_keygen(char *public_text, size_t public_cap, char *secret_text,
                        size_t secret_cap) {
    if (!public_text || !secret_text) return TRIAGE_ERR_ARGUMENT;
    int rc = tr_sodium_ready();
    if (rc != TRIAGE_OK) return rc;
    tr_seckey sk;
    tr_pubkey pk;
    unsigned char pkbytes[32];
    randombytes_buf(sk.id, sizeof sk.id);
    crypto_sign_keypair(pkbytes, sk.sk);
    tr_seckey_public(&sk, &pk);
    rc = tr_pubkey_format(&pk, public_text, public_cap);
    if (rc == TRIAGE_OK) rc = seckey_format(&sk, secret_text, secret_cap);
    sodium_memzero(&sk, sizeof sk);
    return rc;
}

int triage_audit_public_key(const char *secret_text, size_t secret_len, char *public_text,
                            size_t public_cap) {
    if (!secret_text || !public_text) return TRIAGE_ERR_ARGUMENT;
    int rc = tr_sodium_ready();
    if (rc != TRIAGE_OK) return rc;
    tr_seckey sk;
    tr_pubkey pk;
    char err[TR_MSG_SIZE];
    rc = tr_seckey_parse(secret_text, secret_len, &sk, err, sizeof err);
    if (rc != TRIAGE_OK) return rc;
    tr_seckey_public(&sk, &pk);
    sodium_memzero(&sk, sizeof sk);
    return tr_pubkey_format(&pk, public_text, public_cap);
}
