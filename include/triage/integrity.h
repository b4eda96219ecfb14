/* libtriage: integrity — signed rules (minisign), a tamper-evident audit
 * log, and pseudonyms for customer identifiers.
 *
 * All cryptography is libsodium's: Ed25519 signatures, BLAKE2b hashes.
 * Formats are documented in docs/audit-log.md. */
#ifndef TRIAGE_INTEGRITY_H
#define TRIAGE_INTEGRITY_H

#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ====================================================================
 * Signed rules: minisign signatures (https://jedisct1.github.io/minisign/)
 *
 * A trust object holds the public keys a host trusts. A public key is the
 * content of a minisign `.pub` file (an "untrusted comment:" line and the
 * base64 key line) or the base64 line alone. Both signature forms verify:
 * `ED` (prehashed, minisign's default: Ed25519 over BLAKE2b-512 of the data)
 * and `Ed` (legacy: Ed25519 over the data). The key id must match a trusted
 * key, and the global signature over the signature and the trusted comment
 * must verify, so the trusted comment cannot be changed either.
 *
 * A trust object may be shared by threads only while nobody adds keys or
 * verifies: verification records its message and trusted comment on the
 * object (use one object per thread, or a lock).
 * ==================================================================== */
typedef struct triage_trust triage_trust;

TRIAGE_API triage_trust *triage_trust_create(const triage_allocator *allocator);
TRIAGE_API void triage_trust_free(triage_trust *t);
/* Adds a trusted public key (text as described above). A malformed key gives
 * TRIAGE_ERR_SIGNATURE and a message (triage_trust_error). */
TRIAGE_API int triage_trust_add_key(triage_trust *t, const char *text, size_t len);
/* Reads a minisign `.pub` file and adds its key (TRIAGE_ERR_IO if unreadable). */
TRIAGE_API int triage_trust_add_key_file(triage_trust *t, const char *path);
TRIAGE_API size_t triage_trust_key_count(const triage_trust *t);

/* Verifies data against the text of a `.minisig` file. TRIAGE_OK, or
 * TRIAGE_ERR_SIGNATURE with a message saying which line and what is wrong,
 * TRIAGE_ERR_STATE when no key was added, TRIAGE_ERR_NOMEM. */
TRIAGE_API int triage_trust_verify(triage_trust *t, const unsigned char *data, size_t len,
                                   const char *sig, size_t sig_len);
/* Reads path and its signature (sig_path, or path + ".minisig" when NULL)
 * and verifies them. A missing signature file is TRIAGE_ERR_SIGNATURE. */
TRIAGE_API int triage_trust_verify_file(triage_trust *t, const char *path, const char *sig_path);
/* Message of the last failure ("" after a success). Never NULL; valid until
 * the next call on t. */
TRIAGE_API const char *triage_trust_error(const triage_trust *t);
/* Trusted comment of the last successful verification ("" otherwise). */
TRIAGE_API const char *triage_trust_trusted_comment(const triage_trust *t);

/* Reads a rules file once, verifies those bytes against the signature
 * (sig_path, or path + ".minisig" when NULL) and only then hands the very
 * same bytes to triage_builder_load_yaml and sets the builder's source hash
 * to their BLAKE2b-256, so there is no window in which another file could be
 * loaded. A failed verification is also recorded as a builder error
 * (TRIAGE_ERR_SIGNATURE, with the file name) and nothing is loaded. */
TRIAGE_API int triage_builder_load_signed_file(triage_builder *b, triage_trust *t,
                                               const char *path, const char *sig_path);

/* ====================================================================
 * Audit log keys
 *
 * Checkpoints are signed with Ed25519. A public key has minisign's public
 * key format (so `minisign -V` and triage_trust accept it too); a secret key
 * file is an "untrusted comment:" line and a base64 line of
 * "ES" || key id (8 bytes) || libsodium secret key (64 bytes: seed || public
 * key), unencrypted: protect it with file permissions.
 * ==================================================================== */
#define TRIAGE_KEY_TEXT_MAX 256 /* room for either key text, NUL included */

/* Writes a new key pair as NUL-terminated texts (each a two-line file). */
TRIAGE_API int triage_audit_keygen(char *public_text, size_t public_cap, char *secret_text,
                                   size_t secret_cap);
/* The public key text for a secret key text (e.g. to recreate a lost .pub). */
TRIAGE_API int triage_audit_public_key(const char *secret_text, size_t secret_len,
                                       char *public_text, size_t public_cap);

/* ====================================================================
 * Audit log: append-only records chained with BLAKE2b-256, signed
 * checkpoints. One writer per log at a time.
 * ==================================================================== */
#define TRIAGE_AUDIT_CHECKPOINT 0u /* entry kind reserved for checkpoints */
#define TRIAGE_AUDIT_DECISION 1u   /* payload: the decision (e.g. its JSON) */
#define TRIAGE_AUDIT_RULESET 2u    /* payload: a ruleset change (e.g. its hash) */
#define TRIAGE_AUDIT_SLA 3u        /* payload: an SLA event */
/* Kinds 4..15 are reserved; 16..255 are the host's. */
#define TRIAGE_AUDIT_MAX_KIND 255u
#define TRIAGE_AUDIT_MAX_PAYLOAD (16u * 1024u * 1024u)

/* When the writer calls fsync (the host chooses; default NONE). */
#define TRIAGE_AUDIT_SYNC_NONE 0       /* never: the OS writes back when it likes */
#define TRIAGE_AUDIT_SYNC_RECORD 1     /* after every entry: durable on return */
#define TRIAGE_AUDIT_SYNC_CHECKPOINT 2 /* after each checkpoint (and at close) */

typedef struct triage_audit_writer triage_audit_writer;

TRIAGE_API triage_audit_writer *triage_audit_writer_create(const triage_allocator *allocator);
/* Frees without writing a checkpoint (as a crash would leave the log);
 * closes the file only if the writer opened it. */
TRIAGE_API void triage_audit_writer_free(triage_audit_writer *w);
/* The secret key text that signs checkpoints (required before opening). */
TRIAGE_API int triage_audit_writer_set_key(triage_audit_writer *w, const char *secret_text,
                                           size_t len);
/* A checkpoint after every `records` appended records (0: only on explicit
 * request and at close; the default is 1000). */
TRIAGE_API int triage_audit_writer_set_interval(triage_audit_writer *w, uint64_t records);
TRIAGE_API int triage_audit_writer_set_sync(triage_audit_writer *w, int policy);

/* Opens (creating with mode 0600) or reopens the log at path. A reopened
 * log is verified with the writer's own public key first: a torn tail is
 * cut off (see triage_audit_writer_torn_bytes) and the chain continues; any
 * other damage refuses with TRIAGE_ERR_CORRUPT (or TRIAGE_ERR_SIGNATURE)
 * and the verifier's message. */
TRIAGE_API int triage_audit_writer_open(triage_audit_writer *w, const char *path);
/* The same over a host's descriptor, open for reading and writing; the
 * host keeps it (the writer never closes it). */
TRIAGE_API int triage_audit_writer_open_fd(triage_audit_writer *w, int fd);
/* Appends one record (kind 1..255). The frame is written with one write; on
 * a write error the file is cut back to its previous end and the error is
 * returned (TRIAGE_ERR_IO); if even that fails, the writer refuses further
 * calls with TRIAGE_ERR_STATE (reopen to recover). */
TRIAGE_API int triage_audit_writer_append(triage_audit_writer *w, unsigned kind,
                                          const void *payload, size_t len);
/* Writes a signed checkpoint now (none if nothing was added since the last). */
TRIAGE_API int triage_audit_writer_checkpoint(triage_audit_writer *w);
/* Writes a final checkpoint, syncs (unless SYNC_NONE) and closes the file it
 * opened. The writer may then be opened again or freed. */
TRIAGE_API int triage_audit_writer_close(triage_audit_writer *w);
/* Entries (records and checkpoints) in the log. */
TRIAGE_API uint64_t triage_audit_writer_count(const triage_audit_writer *w);
/* Bytes of a torn tail removed when the log was opened (0: none). */
TRIAGE_API uint64_t triage_audit_writer_torn_bytes(const triage_audit_writer *w);
/* The last checkpoint as one line of text (without newline), "" if none yet.
 * Export it elsewhere (another host, a ticket, an append-only store): given
 * back to triage_audit_verifier_set_anchor it proves the log was not cut. */
TRIAGE_API const char *triage_audit_writer_last_checkpoint(const triage_audit_writer *w);
/* Message of the last failure ("" if none). Never NULL. */
TRIAGE_API const char *triage_audit_writer_error(const triage_audit_writer *w);

/* ---- Verification ---- */
#define TRIAGE_AUDIT_OK 0             /* intact */
#define TRIAGE_AUDIT_TORN_TAIL 1      /* intact, but the last frame is incomplete (a crash) */
#define TRIAGE_AUDIT_BAD_HEADER 2     /* not an audit log, or another version */
#define TRIAGE_AUDIT_CHANGED 3        /* an entry's bytes were changed */
#define TRIAGE_AUDIT_REMOVED 4        /* entries are missing */
#define TRIAGE_AUDIT_REORDERED 5      /* an entry is out of place */
#define TRIAGE_AUDIT_DUPLICATED 6     /* an entry appears twice */
#define TRIAGE_AUDIT_INSERTED 7       /* an entry that does not belong was added */
#define TRIAGE_AUDIT_CUT 8            /* the log ends before the anchored checkpoint */
#define TRIAGE_AUDIT_BAD_CHECKPOINT 9 /* a checkpoint's signature or content is wrong */
/* "ok", "torn_tail", "bad_header", "changed", "removed", "reordered",
 * "duplicated", "inserted", "cut", "bad_checkpoint"; NULL for others. */
TRIAGE_API const char *triage_audit_reason_name(int reason);

typedef struct triage_audit_verifier triage_audit_verifier;

TRIAGE_API triage_audit_verifier *triage_audit_verifier_create(const triage_allocator *allocator);
TRIAGE_API void triage_audit_verifier_free(triage_audit_verifier *v);
/* A public key whose checkpoint signatures are accepted (minisign format).
 * Without any key, checkpoints are checked against the chain but their
 * signatures are not (the message says so). */
TRIAGE_API int triage_audit_verifier_add_key(triage_audit_verifier *v, const char *text,
                                             size_t len);
/* A checkpoint line kept outside the log (triage_audit_writer_last_checkpoint).
 * The log must contain that very checkpoint, else the reason is CUT (or
 * BAD_CHECKPOINT when the chain differs). Its signature is checked when keys
 * are given. len 0 removes the anchor. */
TRIAGE_API int triage_audit_verifier_set_anchor(triage_audit_verifier *v, const char *line,
                                                size_t len);
/* Verifies a log. TRIAGE_OK when intact (reason OK or TORN_TAIL),
 * TRIAGE_ERR_CORRUPT when damaged (reason says how, index and offset say
 * where), TRIAGE_ERR_SIGNATURE for BAD_CHECKPOINT, TRIAGE_ERR_IO when the
 * file cannot be read, TRIAGE_ERR_NOMEM. */
TRIAGE_API int triage_audit_verify(triage_audit_verifier *v, const char *path);
TRIAGE_API int triage_audit_verify_fd(triage_audit_verifier *v, int fd);
TRIAGE_API int triage_audit_verify_buffer(triage_audit_verifier *v, const unsigned char *data,
                                          size_t len);
/* Results of the last verification. */
TRIAGE_API int triage_audit_verifier_reason(const triage_audit_verifier *v);
/* Index (0-based entry number) and byte offset of the first bad entry; for
 * OK, the entry count and the log size; for TORN_TAIL and CUT, the intact
 * entries and where the intact part ends. */
TRIAGE_API uint64_t triage_audit_verifier_index(const triage_audit_verifier *v);
TRIAGE_API uint64_t triage_audit_verifier_offset(const triage_audit_verifier *v);
/* A sentence for a person. Never NULL. */
TRIAGE_API const char *triage_audit_verifier_message(const triage_audit_verifier *v);
/* Entries found intact, checkpoints among them whose signature verified,
 * and intact entries after the last verified checkpoint (not yet covered
 * by a signature). */
TRIAGE_API uint64_t triage_audit_verifier_entries(const triage_audit_verifier *v);
TRIAGE_API uint64_t triage_audit_verifier_checkpoints(const triage_audit_verifier *v);
TRIAGE_API uint64_t triage_audit_verifier_unsealed(const triage_audit_verifier *v);
/* The last intact checkpoint line of the log ("" if none), e.g. to export it
 * as an anchor. Checked against the keys when keys were given. */
TRIAGE_API const char *triage_audit_verifier_last_checkpoint(const triage_audit_verifier *v);

/* ====================================================================
 * Pseudonyms: keyed BLAKE2b-128 of a customer identifier, so a log can
 * prove decisions without holding personal data. Same key and input give
 * the same pseudonym; without the key nobody can tell which input it was.
 * ==================================================================== */
#define TRIAGE_PSEUDONYM_KEY_BYTES 32
#define TRIAGE_PSEUDONYM_HEX 0x0u       /* 32 lowercase hex digits (default) */
#define TRIAGE_PSEUDONYM_BASE64URL 0x1u /* 22 base64url characters, no padding */
/* Treat the input as an e-mail address: trim surrounding white space and
 * lower-case ASCII letters (local part included) before hashing. */
#define TRIAGE_PSEUDONYM_EMAIL 0x2u
#define TRIAGE_PSEUDONYM_MAX 33 /* longest output, NUL included */

/* Writes a new random key (the host stores it; lose it and pseudonyms can
 * no longer be matched with new ones). */
TRIAGE_API int triage_pseudonym_keygen(unsigned char key[TRIAGE_PSEUDONYM_KEY_BYTES]);
/* Writes the NUL-terminated pseudonym of id[0..len) into out. */
TRIAGE_API int triage_pseudonymize(const unsigned char key[TRIAGE_PSEUDONYM_KEY_BYTES],
                                   const char *id, size_t len, unsigned flags, char *out,
                                   size_t out_cap);

#ifdef __cplusplus
}
#endif
#endif
