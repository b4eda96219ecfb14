/* triage_trust: the public keys a host trusts for signed rules. */
#include <stdlib.h>
#include <string.h>

#include "integrity/integrity_internal.h"

#define MAX_TRUSTED_KEYS 256
#define MAX_KEY_FILE 4096
#define MAX_VERIFY_FILE ((size_t)1 << 30) /* read whole into memory */
#define MAX_SIG_FILE (TR_MINISIGN_COMMENT_MAX + 1024)

struct triage_trust {
    const triage_allocator *alloc;
    tr_pubkey *keys;
    size_t nkeys, cap;
    char error[TR_MSG_SIZE];
    char comment[TR_MINISIGN_COMMENT_MAX + 1];
};

triage_trust *triage_trust_create(const triage_allocator *allocator) {
    if (tr_sodium_ready() != TRIAGE_OK) return NULL;
    triage_trust *t = tr_calloc(allocator, 1, sizeof *t);
    if (t) t->alloc = allocator;
    return t;
}

void triage_trust_free(triage_trust *t) {
    if (!t) return;
    tr_free(t->alloc, t->keys);
    tr_free(t->alloc, t);
}

int triage_trust_add_key(triage_trust *t, const char *text, size_t len) {
    if (!t || !text) return TRIAGE_ERR_ARGUMENT;
    t->error[0] = '\0';
    tr_pubkey key;
    int rc = tr_pubkey_parse(text, len, &key, t->error, sizeof t->error);
    if (rc != TRIAGE_OK) return rc;
    for (size_t i = 0; i < t->nkeys; i++)
        if (memcmp(&t->keys[i], &key, sizeof key) == 0) return TRIAGE_OK; /* already trusted */
    if (t->nkeys == MAX_TRUSTED_KEYS) {
        tr_msgf(t->error, sizeof t->error, "at most %d trusted keys", MAX_TRUSTED_KEYS);
        return TRIAGE_ERR_LIMIT;
    }
    void *items = t->keys;
    if (tr_reserve(t->alloc, &items, &t->cap, t->nkeys + 1, sizeof key) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    t->keys = items;
    t->keys[t->nkeys++] = key;
    return TRIAGE_OK;
}

int triage_trust_add_key_file(triage_trust *t, const char *path) {
    if (!t || !path) return TRIAGE_ERR_ARGUMENT;
    unsigned char *data;
    size_t len;
    int rc = tr_read_whole_file(t->alloc, path, MAX_KEY_FILE, &data, &len, t->error,
                                sizeof t->error);
    if (rc != TRIAGE_OK) return rc == TRIAGE_ERR_NOT_FOUND ? TRIAGE_ERR_IO : rc;
    rc = triage_trust_add_key(t, (const char *)data, len);
    if (rc != TRIAGE_OK) {
        char inner[TR_MSG_SIZE];
        memcpy(inner, t->error, sizeof inner);
        tr_msgf(t->error, sizeof t->error, "%s: %s", path, inner);
    }
    tr_free(t->alloc, data);
    return rc;
}

size_t triage_trust_key_count(const triage_trust *t) { return t ? t->nkeys : 0; }

int triage_trust_verify(triage_trust *t, const unsigned char *data, size_t len, const char *sig,
                        size_t sig_len) {
    if (!t || !sig || (!data && len)) return TRIAGE_ERR_ARGUMENT;
    t->error[0] = '\0';
    t->comment[0] = '\0';
    if (t->nkeys == 0) {
        tr_msgf(t->error, sizeof t->error, "no trusted public key was added");
        return TRIAGE_ERR_STATE;
    }
    return tr_minisign_verify(t->keys, t->nkeys, data, len, sig, sig_len, t->comment, t->error,
                              sizeof t->error);
}

int tr_trust_read_and_verify(triage_trust *t, const char *path, const char *sig_path,
                             size_t max, unsigned char **data, size_t *len) {
    *data = NULL;
    *len = 0;
    t->error[0] = '\0';
    t->comment[0] = '\0';
    if (t->nkeys == 0) {
        tr_msgf(t->error, sizeof t->error, "no trusted public key was added");
        return TRIAGE_ERR_STATE;
    }
    char *default_sig = NULL;
    if (!sig_path) {
        size_t n = strlen(path);
        default_sig = tr_malloc(t->alloc, n + sizeof ".minisig");
        if (!default_sig) return TRIAGE_ERR_NOMEM;
        memcpy(default_sig, path, n);
        memcpy(default_sig + n, ".minisig", sizeof ".minisig");
        sig_path = default_sig;
    }
    unsigned char *sig = NULL, *body = NULL;
    size_t sig_len = 0, body_len = 0;
    int rc = tr_read_whole_file(t->alloc, sig_path, MAX_SIG_FILE, &sig, &sig_len, t->error,
                                sizeof t->error);
    if (rc == TRIAGE_ERR_NOT_FOUND) {
        tr_msgf(t->error, sizeof t->error, "%s: no signature file %s (sign it with "
                "`minisign -S -m %s`)", path, sig_path, path);
        rc = TRIAGE_ERR_SIGNATURE;
    } else if (rc == TRIAGE_ERR_LIMIT) {
        tr_msgf(t->error, sizeof t->error, "%s: too large for a minisign signature", sig_path);
        rc = TRIAGE_ERR_SIGNATURE;
    }
    if (rc == TRIAGE_OK)
        rc = tr_read_whole_file(t->alloc, path, max, &body, &body_len, t->error,
                                sizeof t->error);
    if (rc == TRIAGE_ERR_NOT_FOUND) rc = TRIAGE_ERR_IO;
    if (rc == TRIAGE_OK) {
        rc = tr_minisign_verify(t->keys, t->nkeys, body, body_len, (const char *)sig, sig_len,
                                t->comment, t->error, sizeof t->error);
        if (rc != TRIAGE_OK) {
            char inner[TR_MSG_SIZE];
            memcpy(inner, t->error, sizeof inner);
            tr_msgf(t->error, sizeof t->error, "%s: %s", path, inner);
        }
    }
    tr_free(t->alloc, sig);
    tr_free(t->alloc, default_sig);
    if (rc != TRIAGE_OK) {
        tr_free(t->alloc, body);
        return rc;
    }
    *data = body;
    *len = body_len;
    return TRIAGE_OK;
}

int triage_trust_verify_file(triage_trust *t, const char *path, const char *sig_path) {
    if (!t || !path) return TRIAGE_ERR_ARGUMENT;
    unsigned char *data;
    size_t len;
    int rc = tr_trust_read_and_verify(t, path, sig_path, MAX_VERIFY_FILE, &data, &len);
    tr_free(t->alloc, data);
    return rc;
}

const char *triage_trust_error(const triage_trust *t) { return t ? t->error : ""; }

const char *triage_trust_trusted_comment(const triage_trust *t) { return t ? t->comment : ""; }

const triage_allocator *tr_trust_allocator(const triage_trust *t) { return t->alloc; }
