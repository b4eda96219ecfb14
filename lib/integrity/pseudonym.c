/* Pseudonyms: keyed BLAKE2b-128 of a customer identifier.
 *
 * The hash input is the domain "triage-pseudonym-v1" followed by the
 * identifier bytes, so a pseudonym can never equal another keyed hash made
 * with the same key for a different purpose. */
#include <sodium.h>
#include <string.h>

#include "integrity/integrity_internal.h"

#define PSEUDONYM_DOMAIN "triage-pseudonym-v1"
#define PSEUDONYM_BYTES 16
#define MAX_EMAIL_CHUNK 256 /* lower-case e-mails in chunks of this size */

int triage_pseudonym_keygen(unsigned char key[TRIAGE_PSEUDONYM_KEY_BYTES]) {
    if (!key) return TRIAGE_ERR_ARGUMENT;
    int rc = tr_sodium_ready();
    if (rc != TRIAGE_OK) return rc;
    randombytes_buf(key, TRIAGE_PSEUDONYM_KEY_BYTES);
    return TRIAGE_OK;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Hashes the e-mail lower-cased (ASCII only) without copying it whole. */
static void hash_email(crypto_generichash_state *st, const char *id, size_t len) {
    while (len && is_space(id[0])) id++, len--;
    while (len && is_space(id[len - 1])) len--;
    unsigned char chunk[MAX_EMAIL_CHUNK];
    while (len) {
        size_t n = len < sizeof chunk ? len : sizeof chunk;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)id[i];
            chunk[i] = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        }
        crypto_generichash_update(st, chunk, n);
        id += n;
        len -= n;
    }
    sodium_memzero(chunk, sizeof chunk);
}

int triage_pseudonymize(const unsigned char key[TRIAGE_PSEUDONYM_KEY_BYTES], const char *id,
                        size_t len, unsigned flags, char *out, size_t out_cap) {
    if (!key || !out || (!id && len)) return TRIAGE_ERR_ARGUMENT;
    if (flags & ~(TRIAGE_PSEUDONYM_BASE64URL | TRIAGE_PSEUDONYM_EMAIL)) return TRIAGE_ERR_ARGUMENT;
    int b64 = (flags & TRIAGE_PSEUDONYM_BASE64URL) != 0;
    size_t need = b64 ? sodium_base64_ENCODED_LEN(PSEUDONYM_BYTES,
                                                  sodium_base64_VARIANT_URLSAFE_NO_PADDING)
                      : 2 * PSEUDONYM_BYTES + 1;
    if (out_cap < need) return TRIAGE_ERR_LIMIT;
    int rc = tr_sodium_ready();
    if (rc != TRIAGE_OK) return rc;

    crypto_generichash_state st;
    unsigned char digest[PSEUDONYM_BYTES];
    crypto_generichash_init(&st, key, TRIAGE_PSEUDONYM_KEY_BYTES, sizeof digest);
    crypto_generichash_update(&st, (const unsigned char *)PSEUDONYM_DOMAIN,
                              sizeof PSEUDONYM_DOMAIN); /* NUL included: ends the domain */
    if (flags & TRIAGE_PSEUDONYM_EMAIL)
        hash_email(&st, id, len);
    else if (len)
        crypto_generichash_update(&st, (const unsigned char *)id, len);
    crypto_generichash_final(&st, digest, sizeof digest);
    if (b64)
        sodium_bin2base64(out, out_cap, digest, sizeof digest,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    else
        sodium_bin2hex(out, out_cap, digest, sizeof digest);
    sodium_memzero(&st, sizeof st);
    return TRIAGE_OK;
}
