/* Helpers shared by the audit log tests: keys, building a log in a
 * temporary directory, reading it back, and walking its frames by the
 * documented format (docs/audit-log.md). */
#ifndef TEST_AUDIT_SUPPORT_H
#define TEST_AUDIT_SUPPORT_H

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

#define HEADER_SIZE 48u /* magic, log id, checksum */

typedef struct keypair {
    char pub[TRIAGE_KEY_TEXT_MAX];
    char sec[TRIAGE_KEY_TEXT_MAX];
} keypair;

static inline keypair make_keys(void) {
    keypair k;
    assert_int_equal(triage_audit_keygen(k.pub, sizeof k.pub, k.sec, sizeof k.sec), TRIAGE_OK);
    return k;
}

typedef struct bytes {
    unsigned char *p;
    size_t n;
} bytes;

static inline bytes read_all(const char *path) {
    bytes b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.p = malloc((size_t)n + 1);
    assert_non_null(b.p);
    b.n = fread(b.p, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static inline void write_all_file(const char *path, const unsigned char *p, size_t n) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

/* A temporary directory and a log path inside it. */
typedef struct tmpdir {
    char dir[64];
    char log[128];
} tmpdir;

static inline void tmpdir_make(tmpdir *t) {
    snprintf(t->dir, sizeof t->dir, "/tmp/triage-audit-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->log, sizeof t->log, "%s/audit.log", t->dir);
}

static inline void tmpdir_remove(tmpdir *t) {
    remove(t->log);
    rmdir(t->dir);
}

/* Writes `records` records (varied kinds and payloads, tagged with `tag`)
 * with a checkpoint every `interval`, then closes (final checkpoint). */
static inline void build_log(const char *path, const keypair *k, int records, uint64_t interval,
                             const char *tag, char *last_checkpoint, size_t cap) {
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    assert_non_null(w);
    assert_int_equal(triage_audit_writer_set_key(w, k->sec, strlen(k->sec)), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_set_interval(w, interval), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_open(w, path), TRIAGE_OK);
    for (int i = 0; i < records; i++) {
        char payload[96];
        int n = snprintf(payload, sizeof payload,
                         "{\"%s\":%d,\"queue\":\"q%d\",\"customer\":\"c%d\"}", tag, i, i % 3, i * 7);
        unsigned kind = (unsigned)(1 + i % 3);
        assert_int_equal(triage_audit_writer_append(w, kind, payload, (size_t)n), TRIAGE_OK);
    }
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK);
    if (last_checkpoint) {
        snprintf(last_checkpoint, cap, "%s", triage_audit_writer_last_checkpoint(w));
        assert_true(strlen(last_checkpoint) > 0);
    }
    triage_audit_writer_free(w);
}

/* Frame boundaries by the documented format: u32 little-endian length first. */
typedef struct frames {
    size_t off[256];
    size_t len[256];
    size_t n;
} frames;

static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline frames split_frames(const bytes *b) {
    frames f;
    f.n = 0;
    size_t off = HEADER_SIZE;
    while (off < b->n) {
        assert_true(f.n < 256);
        uint32_t len = le32(b->p + off);
        assert_true(off + len <= b->n);
        f.off[f.n] = off;
        f.len[f.n] = len;
        f.n++;
        off += len;
    }
    return f;
}

/* The frame containing byte i (i >= HEADER_SIZE). */
static inline size_t frame_of(const frames *f, size_t i) {
    for (size_t k = 0; k < f->n; k++)
        if (i >= f->off[k] && i < f->off[k] + f->len[k]) return k;
    fail_msg("byte %zu outside every frame", i);
    return 0;
}

static inline triage_audit_verifier *verifier_with(const keypair *k, const char *anchor) {
    triage_audit_verifier *v = triage_audit_verifier_create(NULL);
    assert_non_null(v);
    if (k) assert_int_equal(triage_audit_verifier_add_key(v, k->pub, strlen(k->pub)), TRIAGE_OK);
    if (anchor)
        assert_int_equal(triage_audit_verifier_set_anchor(v, anchor, strlen(anchor)), TRIAGE_OK);
    return v;
}

/* Verifies a buffer and checks reason, index and offset. */
static inline void expect_verdict(triage_audit_verifier *v, const unsigned char *p, size_t n,
                                  int reason, uint64_t index, uint64_t offset, const char *what) {
    int rc = triage_audit_verify_buffer(v, p, n);
    int got = triage_audit_verifier_reason(v);
    if (got != reason || triage_audit_verifier_index(v) != index ||
        triage_audit_verifier_offset(v) != offset)
        fail_msg("%s: expected %s at entry %llu offset %llu, got %s at entry %llu offset %llu: %s",
                 what, triage_audit_reason_name(reason), (unsigned long long)index,
                 (unsigned long long)offset, triage_audit_reason_name(got),
                 (unsigned long long)triage_audit_verifier_index(v),
                 (unsigned long long)triage_audit_verifier_offset(v),
                 triage_audit_verifier_message(v));
    int want_rc = reason == TRIAGE_AUDIT_OK || reason == TRIAGE_AUDIT_TORN_TAIL ? TRIAGE_OK
                  : reason == TRIAGE_AUDIT_BAD_CHECKPOINT                      ? TRIAGE_ERR_SIGNATURE
                                                                               : TRIAGE_ERR_CORRUPT;
    if (rc != want_rc) fail_msg("%s: status %d, expected %d", what, rc, want_rc);
    assert_true(strlen(triage_audit_verifier_message(v)) > 0);
}

#endif
