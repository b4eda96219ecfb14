/* Internals shared by the integrity module: libsodium set-up, text lines,
 * key formats, minisign parsing and whole-file reads. */
#ifndef TR_INTEGRITY_INTERNAL_H
#define TR_INTEGRITY_INTERNAL_H

#include <stdarg.h>
#include <triage/integrity.h>

#include "core/alloc.h"

#define TR_MSG_SIZE 320 /* room for every message of this module */

/* sodium_init() (idempotent, thread-safe). TRIAGE_OK, or TRIAGE_ERR_UNSUPPORTED
 * when libsodium cannot start (no randomness source). */
int tr_sodium_ready(void);

/* printf into a message buffer, always NUL-terminated. */
void tr_msgf(char *buf, size_t cap, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- Lines: text split at "\n", a "\r" before it dropped ---- */
typedef struct tr_line {
    const char *p;
    size_t len;
    unsigned number; /* 1-based */
} tr_line;
typedef struct tr_lines {
    const char *text;
    size_t len, pos;
    unsigned number;
} tr_lines;
void tr_lines_init(tr_lines *it, const char *text, size_t len);
/* The next line; 0 when the text is exhausted. */
int tr_lines_next(tr_lines *it, tr_line *line);
/* 1 when line starts with prefix. */
int tr_line_starts(const tr_line *line, const char *prefix);
/* Decodes standard base64 (padded) into out[0..cap): the decoded length,
 * or (size_t)-1 when the text is not base64 or decodes to more than cap. */
size_t tr_base64_decode(const char *b64, size_t len, unsigned char *out, size_t cap);

/* ---- Keys ---- */
#define TR_KEYID_BYTES 8
#define TR_UNTRUSTED_PREFIX "untrusted comment: "
#define TR_TRUSTED_PREFIX "trusted comment: "
typedef struct tr_pubkey {
    unsigned char id[TR_KEYID_BYTES];
    unsigned char pk[32];
} tr_pubkey;
typedef struct tr_seckey {
    unsigned char id[TR_KEYID_BYTES];
    unsigned char sk[64]; /* libsodium layout: seed || public key */
} tr_seckey;
/* minisign public key text (file or base64 line). TRIAGE_OK or
 * TRIAGE_ERR_SIGNATURE with a message in err. */
int tr_pubkey_parse(const char *text, size_t len, tr_pubkey *out, char *err, size_t errlen);
int tr_seckey_parse(const char *text, size_t len, tr_seckey *out, char *err, size_t errlen);
/* The public half of a secret key. */
void tr_seckey_public(const tr_seckey *sk, tr_pubkey *out);
/* Key id as minisign prints it: the 8 bytes read little-endian, 16 upper-case hex digits. */
void tr_keyid_hex(const unsigned char id[TR_KEYID_BYTES], char out[17]);
/* The same without leading zeros, as minisign shows key ids in messages. */
void tr_keyid_display(const unsigned char id[TR_KEYID_BYTES], char out[17]);
/* Writes a public key file text; TRIAGE_ERR_LIMIT when cap is too small. */
int tr_pubkey_format(const tr_pubkey *pk, char *out, size_t cap);

/* ---- minisign signatures ---- */
#define TR_MINISIGN_COMMENT_MAX 8192 /* longest trusted comment, as minisign */
/* Verifies data against sig text with the first key whose id matches.
 * comment (cap >= TR_MINISIGN_COMMENT_MAX + 1) gets the trusted comment. */
int tr_minisign_verify(const tr_pubkey *keys, size_t nkeys, const unsigned char *data,
                       size_t len, const char *sig, size_t sig_len, char *comment, char *err,
                       size_t errlen);

/* ---- Files ---- */
/* Reads a whole regular file of at most max bytes into a new buffer
 * (NUL-terminated for convenience). TRIAGE_ERR_IO / _NOT_FOUND / _LIMIT /
 * _NOMEM with a message in err. */
int tr_read_whole_file(const triage_allocator *a, const char *path, size_t max,
                       unsigned char **data, size_t *len, char *err, size_t errlen);

/* ---- Trust ---- */
/* Reads path (at most max bytes) and its signature (sig_path, or path +
 * ".minisig") and verifies; on success the caller owns *data (free it with
 * tr_trust_allocator(t)). The message of a failure is on t. */
int tr_trust_read_and_verify(triage_trust *t, const char *path, const char *sig_path,
                             size_t max, unsigned char **data, size_t *len);
const triage_allocator *tr_trust_allocator(const triage_trust *t);

#endif
