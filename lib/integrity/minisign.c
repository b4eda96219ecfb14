/* minisign signature files: parsing and verification.
 *
 *   untrusted comment: <anything>
 *   base64("Ed" or "ED" || key id (8) || Ed25519 signature (64))
 *   trusted comment: <text>
 *   base64(Ed25519 signature of (signature || text))
 *
 * "ED" signs BLAKE2b-512 of the data (minisign's default), "Ed" the data
 * itself (legacy). */
#include <sodium.h>
#include <string.h>

#include "integrity/integrity_internal.h"

#define SIG_BLOB 74 /* alg 2 + key id 8 + signature 64 */

typedef struct parsed_sig {
    int prehashed;
    unsigned char keyid[TR_KEYID_BYTES];
    unsigned char sig[64];
    const char *comment; /* trusted comment text, not NUL-terminated */
    size_t comment_len;
    unsigned char global_sig[64];
} parsed_sig;

static int fail(char *err, size_t errlen, const char *msg, unsigned line) {
    if (line)
        tr_msgf(err, errlen, "signature: line %u: %s", line, msg);
    else
        tr_msgf(err, errlen, "signature: %s", msg);
    return TRIAGE_ERR_SIGNATURE;
}

static int parse_sig(const char *text, size_t len, parsed_sig *out, char *err, size_t errlen) {
    if (len == 0) return fail(err, errlen, "the signature file is empty", 0);
    if (memchr(text, '\0', len)) return fail(err, errlen, "contains a NUL byte", 0);
    tr_lines it;
    tr_line l;
    tr_lines_init(&it, text, len);

    if (!tr_lines_next(&it, &l) || !tr_line_starts(&l, TR_UNTRUSTED_PREFIX))
        return fail(err, errlen, "must start with \"" TR_UNTRUSTED_PREFIX "\"", 1);

    unsigned char blob[SIG_BLOB + 8];
    if (!tr_lines_next(&it, &l)) return fail(err, errlen, "the signature line is missing", 2);
    size_t n = tr_base64_decode(l.p, l.len, blob, sizeof blob);
    if (n == (size_t)-1 || n != SIG_BLOB)
        return fail(err, errlen, "not a base64 minisign signature (74 bytes)", 2);
    if (memcmp(blob, "ED", 2) == 0)
        out->prehashed = 1;
    else if (memcmp(blob, "Ed", 2) == 0)
        out->prehashed = 0;
    else
        return fail(err, errlen, "unsupported signature algorithm (expected ED or Ed)", 2);
    memcpy(out->keyid, blob + 2, TR_KEYID_BYTES);
    memcpy(out->sig, blob + 2 + TR_KEYID_BYTES, 64);

    if (!tr_lines_next(&it, &l) || !tr_line_starts(&l, TR_TRUSTED_PREFIX))
        return fail(err, errlen, "must start with \"" TR_TRUSTED_PREFIX "\"", 3);
    out->comment = l.p + strlen(TR_TRUSTED_PREFIX);
    out->comment_len = l.len - strlen(TR_TRUSTED_PREFIX);
    if (out->comment_len > TR_MINISIGN_COMMENT_MAX)
        return fail(err, errlen, "the trusted comment is too long (over 8192 bytes)", 3);

    if (!tr_lines_next(&it, &l)) return fail(err, errlen, "the global signature is missing", 4);
    n = tr_base64_decode(l.p, l.len, out->global_sig, sizeof out->global_sig);
    if (n == (size_t)-1 || n != 64)
        return fail(err, errlen, "not a base64 global signature (64 bytes)", 4);

    while (tr_lines_next(&it, &l))
        if (l.len != 0) return fail(err, errlen, "unexpected text after the global signature",
                                    l.number);
    return TRIAGE_OK;
}

static const tr_pubkey *find_key(const tr_pubkey *keys, size_t nkeys,
                                 const unsigned char id[TR_KEYID_BYTES]) {
    for (size_t i = 0; i < nkeys; i++)
        if (memcmp(keys[i].id, id, TR_KEYID_BYTES) == 0) return &keys[i];
    return NULL;
}

int tr_minisign_verify(const tr_pubkey *keys, size_t nkeys, const unsigned char *data,
                       size_t len, const char *sig, size_t sig_len, char *comment, char *err,
                       size_t errlen) {
    if (!sig || (!data && len)) return fail(err, errlen, "no data or signature given", 0);
    int rc = tr_sodium_ready();
    if (rc != TRIAGE_OK) return fail(err, errlen, "libsodium could not start", 0);
    parsed_sig ps;
    rc = parse_sig(sig, sig_len, &ps, err, errlen);
    if (rc != TRIAGE_OK) return rc;

    const tr_pubkey *key = find_key(keys, nkeys, ps.keyid);
    if (!key) {
        char hex[17];
        tr_keyid_display(ps.keyid, hex);
        tr_msgf(err, errlen, "signature: made with key %s, which is not a trusted key", hex);
        return TRIAGE_ERR_SIGNATURE;
    }

    int ok;
    if (ps.prehashed) {
        unsigned char digest[crypto_generichash_BYTES_MAX]; /* BLAKE2b-512 */
        crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
        ok = crypto_sign_verify_detached(ps.sig, digest, sizeof digest, key->pk) == 0;
    } else {
        ok = crypto_sign_verify_detached(ps.sig, data, len, key->pk) == 0;
    }
    if (!ok)
        return fail(err, errlen, "the signature does not match the data (the file was changed, "
                    "or the signature line was)", 0);

    /* The global signature covers the signature bytes and the trusted comment. */
    unsigned char global[64 + TR_MINISIGN_COMMENT_MAX];
    memcpy(global, ps.sig, 64);
    memcpy(global + 64, ps.comment, ps.comment_len);
    if (crypto_sign_verify_detached(ps.global_sig, global, 64 + ps.comment_len, key->pk) != 0)
        return fail(err, errlen, "the global signature does not verify (the trusted comment "
                    "was changed)", 0);
    if (comment) {
        memcpy(comment, ps.comment, ps.comment_len);
        comment[ps.comment_len] = '\0';
    }
    if (err && errlen) err[0] = '\0';
    return TRIAGE_OK;
}
