/* The tamper matrix: over a small generated log, every single-bit flip,
 * every deleted, swapped, moved, duplicated and spliced frame, every
 * truncation, and rewrites that recompute the chain, each detected with
 * the right reason, entry and offset. */
#include "test_audit_support.h"

typedef struct fixture {
    tmpdir tmp;
    keypair key, other_key;
    bytes log, other;
    frames fr, other_fr;
    char anchor[256];
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    tmpdir_make(&fx->tmp);
    fx->key = make_keys();
    fx->other_key = make_keys();
    /* 10 records, a checkpoint every 4: r r r r C r r r r C r r C(close) */
    build_log(fx->tmp.log, &fx->key, 10, 4, "a", fx->anchor, sizeof fx->anchor);
    fx->log = read_all(fx->tmp.log);
    remove(fx->tmp.log);
    build_log(fx->tmp.log, &fx->other_key, 10, 4, "b", NULL, 0);
    fx->other = read_all(fx->tmp.log);
    fx->fr = split_frames(&fx->log);
    fx->other_fr = split_frames(&fx->other);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    tmpdir_remove(&fx->tmp);
    free(fx->log.p);
    free(fx->other.p);
    free(fx);
    return 0;
}

static void test_intact(void **state) {
    fixture *fx = *state;
    assert_int_equal(fx->fr.n, 13);
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_OK, 13, fx->log.n, "intact");
    assert_int_equal(triage_audit_verifier_entries(v), 13);
    assert_int_equal(triage_audit_verifier_checkpoints(v), 3);
    assert_int_equal(triage_audit_verifier_unsealed(v), 0);
    triage_audit_verifier_free(v);
}

static void test_every_bit_flip(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    triage_audit_verifier *plain = verifier_with(&fx->key, NULL);
    unsigned char *p = fx->log.p;
    size_t flips = 0;
    for (size_t i = 0; i < fx->log.n; i++)
        for (int bit = 0; bit < 8; bit++) {
            char what[64];
            snprintf(what, sizeof what, "byte %zu bit %d", i, bit);
            p[i] ^= (unsigned char)(1u << bit);
            if (i < HEADER_SIZE) {
                expect_verdict(v, p, fx->log.n, TRIAGE_AUDIT_BAD_HEADER, 0, 0, what);
            } else {
                size_t k = frame_of(&fx->fr, i);
                expect_verdict(v, p, fx->log.n, TRIAGE_AUDIT_CHANGED, k, fx->fr.off[k], what);
                expect_verdict(plain, p, fx->log.n, TRIAGE_AUDIT_CHANGED, k, fx->fr.off[k],
                               what);
            }
            p[i] ^= (unsigned char)(1u << bit);
            flips++;
        }
    assert_int_equal(flips, 8 * fx->log.n);
    expect_verdict(v, p, fx->log.n, TRIAGE_AUDIT_OK, 13, fx->log.n, "restored");
    triage_audit_verifier_free(v);
    triage_audit_verifier_free(plain);
}

/* Builds a log from the header and a list of frames (index into src or
 * other; negative: -1 - index into the other log). */
static size_t assemble(const fixture *fx, const int *order, size_t n, unsigned char *out) {
    size_t len = HEADER_SIZE;
    memcpy(out, fx->log.p, HEADER_SIZE);
    for (size_t i = 0; i < n; i++) {
        const bytes *b = order[i] >= 0 ? &fx->log : &fx->other;
        const frames *f = order[i] >= 0 ? &fx->fr : &fx->other_fr;
        size_t k = (size_t)(order[i] >= 0 ? order[i] : -1 - order[i]);
        memcpy(out + len, b->p + f->off[k], f->len[k]);
        len += f->len[k];
    }
    return len;
}

/* Offset where position `pos` starts in an assembled log. */
static size_t pos_offset(const fixture *fx, const int *order, size_t pos) {
    size_t off = HEADER_SIZE;
    for (size_t i = 0; i < pos; i++)
        off += order[i] >= 0 ? fx->fr.len[order[i]] : fx->other_fr.len[-1 - order[i]];
    return off;
}

static void test_removed(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    unsigned char *buf = malloc(fx->log.n * 2 + 1024);
    int order[64];
    for (size_t del = 0; del < fx->fr.n; del++) {
        size_t n = 0;
        for (size_t k = 0; k < fx->fr.n; k++)
            if (k != del) order[n++] = (int)k;
        size_t len = assemble(fx, order, n, buf);
        char what[64];
        snprintf(what, sizeof what, "frame %zu deleted", del);
        if (del + 1 < fx->fr.n)
            expect_verdict(v, buf, len, TRIAGE_AUDIT_REMOVED, del, fx->fr.off[del], what);
        else /* the last checkpoint: only the anchor shows it is gone */
            expect_verdict(v, buf, len, TRIAGE_AUDIT_CUT, del, len, what);
    }
    /* Two in a row. */
    size_t n = 0;
    for (size_t k = 0; k < fx->fr.n; k++)
        if (k != 2 && k != 3) order[n++] = (int)k;
    size_t len = assemble(fx, order, n, buf);
    expect_verdict(v, buf, len, TRIAGE_AUDIT_REMOVED, 2, fx->fr.off[2], "frames 2-3 deleted");
    free(buf);
    triage_audit_verifier_free(v);
}

static void test_reordered(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    unsigned char *buf = malloc(fx->log.n * 2 + 1024);
    int order[64];
    size_t nf = fx->fr.n;
    /* Every adjacent swap. */
    for (size_t a = 0; a + 1 < nf; a++) {
        for (size_t k = 0; k < nf; k++) order[k] = (int)k;
        order[a] = (int)a + 1;
        order[a + 1] = (int)a;
        size_t len = assemble(fx, order, nf, buf);
        char what[64];
        snprintf(what, sizeof what, "frames %zu and %zu swapped", a, a + 1);
        expect_verdict(v, buf, len, TRIAGE_AUDIT_REORDERED, a, fx->fr.off[a], what);
    }
    /* Every frame moved to every other place. */
    for (size_t from = 0; from < nf; from++)
        for (size_t to = 0; to < nf; to++) {
            if (from == to) continue;
            size_t n = 0;
            for (size_t k = 0; k < nf; k++)
                if (k != from) order[n++] = (int)k;
            memmove(order + to + 1, order + to, (n - to) * sizeof *order);
            order[to] = (int)from;
            size_t len = assemble(fx, order, nf, buf);
            size_t first = from < to ? from : to;
            char what[64];
            snprintf(what, sizeof what, "frame %zu moved to %zu", from, to);
            expect_verdict(v, buf, len, TRIAGE_AUDIT_REORDERED, first, fx->fr.off[first], what);
        }
    free(buf);
    triage_audit_verifier_free(v);
}

static void test_duplicated(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    unsigned char *buf = malloc(fx->log.n * 2 + 1024);
    int order[64];
    size_t nf = fx->fr.n;
    /* A copy of every frame, inserted at every place. */
    for (size_t dup = 0; dup < nf; dup++)
        for (size_t at = 0; at <= nf; at++) {
            size_t n = 0;
            for (size_t k = 0; k < nf; k++) order[n++] = (int)k;
            memmove(order + at + 1, order + at, (n - at) * sizeof *order);
            order[at] = (int)dup;
            n++;
            size_t len = assemble(fx, order, n, buf);
            /* The first place where the sequence goes wrong. */
            size_t bad = at <= dup ? at : at;
            if (at == dup || at == dup + 1) bad = dup + 1;
            char what[64];
            snprintf(what, sizeof what, "frame %zu copied to %zu", dup, at);
            expect_verdict(v, buf, len, TRIAGE_AUDIT_DUPLICATED, bad, pos_offset(fx, order, bad),
                           what);
        }
    free(buf);
    triage_audit_verifier_free(v);
}

static void test_spliced(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, fx->anchor);
    unsigned char *buf = malloc(fx->log.n * 2 + 1024);
    int order[64];
    size_t nf = fx->fr.n;
    /* A frame of another log inserted anywhere. */
    for (size_t j = 0; j < fx->other_fr.n; j++)
        for (size_t at = 0; at <= nf; at++) {
            size_t n = 0;
            for (size_t k = 0; k < nf; k++) order[n++] = (int)k;
            memmove(order + at + 1, order + at, (n - at) * sizeof *order);
            order[at] = -1 - (int)j;
            n++;
            size_t len = assemble(fx, order, n, buf);
            char what[64];
            snprintf(what, sizeof what, "foreign frame %zu inserted at %zu", j, at);
            expect_verdict(v, buf, len, TRIAGE_AUDIT_INSERTED, at, pos_offset(fx, order, at),
                           what);
        }
    /* A frame replaced by the other log's frame of the same number. */
    for (size_t at = 0; at < nf; at++) {
        for (size_t k = 0; k < nf; k++) order[k] = (int)k;
        order[at] = -1 - (int)at;
        size_t len = assemble(fx, order, nf, buf);
        char what[64];
        snprintf(what, sizeof what, "frame %zu replaced", at);
        expect_verdict(v, buf, len, TRIAGE_AUDIT_CHANGED, at, fx->fr.off[at], what);
    }
    free(buf);
    triage_audit_verifier_free(v);
}

static size_t entries_before(const fixture *fx, size_t cut) {
    size_t k = 0;
    while (k < fx->fr.n && fx->fr.off[k] + fx->fr.len[k] <= cut) k++;
    return k;
}

static void test_every_truncation(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *anchored = verifier_with(&fx->key, fx->anchor);
    triage_audit_verifier *plain = verifier_with(&fx->key, NULL);
    for (size_t cut = 0; cut < fx->log.n; cut++) {
        size_t whole = entries_before(fx, cut);
        size_t end = whole ? fx->fr.off[whole - 1] + fx->fr.len[whole - 1]
                           : (cut < HEADER_SIZE ? 0 : HEADER_SIZE);
        char what[64];
        snprintf(what, sizeof what, "cut at %zu", cut);
        /* With the exported last checkpoint every cut is detected. */
        expect_verdict(anchored, fx->log.p, cut, TRIAGE_AUDIT_CUT, whole, end, what);
        /* Without it, a cut at a frame boundary is a shorter valid log (the
         * documented limit) and a cut inside a frame is a torn tail. */
        int boundary = cut == end && cut >= HEADER_SIZE;
        expect_verdict(plain, fx->log.p, cut,
                       boundary ? TRIAGE_AUDIT_OK : TRIAGE_AUDIT_TORN_TAIL, whole, end, what);
    }
    triage_audit_verifier_free(anchored);
    triage_audit_verifier_free(plain);
}

/* Recomputes the chain hash and checksum of frame k in place (a forger
 * who knows the format), chaining from prev. Returns the new hash. */
static void rechain(unsigned char *frame, const unsigned char prev[32], unsigned char out[32]) {
    uint32_t len = le32(frame);
    size_t plen = len - 65;
    unsigned char fields[17];
    memcpy(fields, frame + 8, 9); /* seq, kind */
    for (int i = 0; i < 8; i++) fields[9 + i] = (unsigned char)((uint64_t)plen >> (8 * i));
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)"triage-audit-v1", 15);
    crypto_generichash_update(&st, prev, 32);
    crypto_generichash_update(&st, fields, sizeof fields);
    crypto_generichash_update(&st, frame + 17, plen);
    crypto_generichash_final(&st, out, 32);
    memcpy(frame + 17 + plen, out, 32);
    crypto_generichash_init(&st, NULL, 0, 16);
    crypto_generichash_update(&st, (const unsigned char *)"triage-audit-frame", 18);
    crypto_generichash_update(&st, frame, len - 16);
    crypto_generichash_final(&st, frame + len - 16, 16);
}

static void test_rewritten_chain(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->key, NULL);
    triage_audit_verifier *nokey = verifier_with(NULL, NULL);
    unsigned char *buf = malloc(fx->log.n);
    /* Change record 1's payload and recompute every hash after it: the chain
     * is consistent again, but checkpoint 4 no longer matches it. */
    memcpy(buf, fx->log.p, fx->log.n);
    unsigned char *payload = buf + fx->fr.off[1] + 17;
    payload[2] ^= 0x01;
    unsigned char prev[32];
    memcpy(prev, buf + fx->fr.off[0] + fx->fr.len[0] - 48, 32);
    for (size_t k = 1; k < fx->fr.n; k++) rechain(buf + fx->fr.off[k], prev, prev);
    expect_verdict(v, buf, fx->log.n, TRIAGE_AUDIT_BAD_CHECKPOINT, 4, fx->fr.off[4], "rechained");
    expect_verdict(nokey, buf, fx->log.n, TRIAGE_AUDIT_BAD_CHECKPOINT, 4, fx->fr.off[4],
                   "rechained, no key");
    /* Changed and only its own checksum recomputed: the chain catches it. */
    memcpy(buf, fx->log.p, fx->log.n);
    buf[fx->fr.off[5] + 17] ^= 0x01;
    unsigned char *fr5 = buf + fx->fr.off[5];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    crypto_generichash_update(&st, (const unsigned char *)"triage-audit-frame", 18);
    crypto_generichash_update(&st, fr5, fx->fr.len[5] - 16);
    crypto_generichash_final(&st, fr5 + fx->fr.len[5] - 16, 16);
    expect_verdict(v, buf, fx->log.n, TRIAGE_AUDIT_CHANGED, 5, fx->fr.off[5], "re-checksummed");
    free(buf);
    triage_audit_verifier_free(v);
    triage_audit_verifier_free(nokey);
}

static void test_wrong_key_and_bad_anchor(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(&fx->other_key, NULL);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_BAD_CHECKPOINT, 4, fx->fr.off[4],
                   "other key");
    assert_non_null(strstr(triage_audit_verifier_message(v), "not a trusted key"));
    triage_audit_verifier_free(v);
    /* Both keys trusted: fine. */
    v = verifier_with(&fx->other_key, NULL);
    assert_int_equal(triage_audit_verifier_add_key(v, fx->key.pub, strlen(fx->key.pub)),
                     TRIAGE_OK);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_OK, 13, fx->log.n, "two keys");
    triage_audit_verifier_free(v);
    /* The other log's last checkpoint as anchor: its signature is not ours. */
    char other_anchor[256];
    const unsigned char *cp = fx->other.p + fx->other_fr.off[12] + 17;
    size_t cplen = fx->other_fr.len[12] - 65;
    memcpy(other_anchor, cp, cplen);
    other_anchor[cplen] = '\0';
    v = verifier_with(&fx->key, other_anchor);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_BAD_CHECKPOINT, 0, 0, "foreign anchor");
    triage_audit_verifier_free(v);
    /* Without keys the anchor is compared with the log: entry 12 differs. */
    v = verifier_with(NULL, other_anchor);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_BAD_CHECKPOINT, 12, fx->fr.off[12],
                   "foreign anchor, no key");
    triage_audit_verifier_free(v);
    /* An earlier checkpoint of the same log is a fine anchor. */
    char early[256];
    cp = fx->log.p + fx->fr.off[4] + 17;
    cplen = fx->fr.len[4] - 65;
    memcpy(early, cp, cplen);
    early[cplen] = '\n';
    early[cplen + 1] = '\0';
    v = verifier_with(&fx->key, early);
    expect_verdict(v, fx->log.p, fx->log.n, TRIAGE_AUDIT_OK, 13, fx->log.n, "early anchor");
    /* Malformed anchors are refused when set. */
    assert_int_equal(triage_audit_verifier_set_anchor(v, "nonsense", 8), TRIAGE_ERR_ARGUMENT);
    early[40] ^= 0x01; /* first digit of the head: still hex or not */
    int still_hex = strchr("0123456789abcdef", early[40]) != NULL;
    assert_int_equal(triage_audit_verifier_set_anchor(v, early, strlen(early)),
                     still_hex ? TRIAGE_OK : TRIAGE_ERR_ARGUMENT);
    /* An upper-case head is not the canonical text: refused. */
    early[40] = 'A';
    assert_int_equal(triage_audit_verifier_set_anchor(v, early, strlen(early)),
                     TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_audit_verifier_set_anchor(v, NULL, 0), TRIAGE_OK);
    triage_audit_verifier_free(v);
}

static void test_not_a_log(void **state) {
    fixture *fx = *state;
    triage_audit_verifier *v = verifier_with(NULL, NULL);
    const char *text = "hello, this is not an audit log at all, not at all, no\n";
    expect_verdict(v, (const unsigned char *)text, strlen(text), TRIAGE_AUDIT_BAD_HEADER, 0, 0,
                   "text file");
    unsigned char z[HEADER_SIZE + 300];
    memcpy(z, fx->log.p, HEADER_SIZE);
    z[14] = '2'; /* triage-audit-v2 */
    expect_verdict(v, z, HEADER_SIZE, TRIAGE_AUDIT_BAD_HEADER, 0, 0, "other version");
    expect_verdict(v, (const unsigned char *)"", 0, TRIAGE_AUDIT_TORN_TAIL, 0, 0, "empty");
    memcpy(z, fx->log.p, HEADER_SIZE);
    expect_verdict(v, z, HEADER_SIZE, TRIAGE_AUDIT_OK, 0, HEADER_SIZE, "header only");
    expect_verdict(v, z, 20, TRIAGE_AUDIT_TORN_TAIL, 0, 0, "torn header");
    /* Header plus zero fill (a crash on a file system that extends first). */
    memset(z + HEADER_SIZE, 0, 300);
    expect_verdict(v, z, sizeof z, TRIAGE_AUDIT_TORN_TAIL, 0, HEADER_SIZE, "zero fill");
    /* A frame whose checksum is zero at the very end: not fully written. */
    unsigned char *copy = malloc(fx->log.n);
    memcpy(copy, fx->log.p, fx->log.n);
    memset(copy + fx->log.n - 16, 0, 16);
    expect_verdict(v, copy, fx->log.n, TRIAGE_AUDIT_TORN_TAIL, 12, fx->fr.off[12],
                   "zero checksum at the end");
    /* The same inside the log is damage. */
    memcpy(copy, fx->log.p, fx->log.n);
    memset(copy + fx->fr.off[3] + fx->fr.len[3] - 16, 0, 16);
    expect_verdict(v, copy, fx->log.n, TRIAGE_AUDIT_CHANGED, 3, fx->fr.off[3],
                   "zero checksum inside");
    free(copy);
    assert_int_equal(triage_audit_verify(v, "/nonexistent/audit.log"), TRIAGE_ERR_IO);
    assert_int_equal(triage_audit_verify_buffer(NULL, z, 1), TRIAGE_ERR_ARGUMENT);
    assert_string_equal(triage_audit_reason_name(TRIAGE_AUDIT_REORDERED), "reordered");
    assert_null(triage_audit_reason_name(42));
    triage_audit_verifier_free(v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intact),
        cmocka_unit_test(test_every_bit_flip),
        cmocka_unit_test(test_removed),
        cmocka_unit_test(test_reordered),
        cmocka_unit_test(test_duplicated),
        cmocka_unit_test(test_spliced),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_rewritten_chain),
        cmocka_unit_test(test_wrong_key_and_bad_anchor),
        cmocka_unit_test(test_not_a_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
