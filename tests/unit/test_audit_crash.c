/* Crash safety: a log cut at every byte of its last entries reopens, the
 * torn tail is reported and removed, the chain continues and verifies. A
 * damaged log is never appended to. Write failures leave no partial frame. */
#include <fcntl.h>

#include "test_audit_support.h"

static triage_audit_writer *writer_for(const keypair *k, uint64_t interval) {
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    assert_non_null(w);
    assert_int_equal(triage_audit_writer_set_key(w, k->sec, strlen(k->sec)), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_set_interval(w, interval), TRIAGE_OK);
    return w;
}

static void test_cut_at_every_byte_of_the_tail(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    build_log(t.log, &k, 9, 4, "x", NULL, 0);
    bytes full = read_all(t.log);
    frames fr = split_frames(&full);
    /* Entries: r r r r C r r r r C r C(close) = 12; cut anywhere in the last 4
     * and in the header. */
    assert_int_equal(fr.n, 12);
    triage_audit_verifier *v = verifier_with(&k, NULL);
    size_t from = fr.off[fr.n - 4];
    for (size_t cut = 0; cut <= full.n; cut++) {
        if (cut >= HEADER_SIZE && cut < from) continue;
        size_t whole = 0;
        while (whole < fr.n && fr.off[whole] + fr.len[whole] <= cut) whole++;
        size_t end = whole ? fr.off[whole - 1] + fr.len[whole - 1] : (cut >= HEADER_SIZE ? HEADER_SIZE : 0);
        write_all_file(t.log, full.p, cut);

        triage_audit_writer *w = writer_for(&k, 0); /* checkpoint only at close */
        if (triage_audit_writer_open(w, t.log) != TRIAGE_OK)
            fail_msg("cut %zu: reopen failed: %s", cut, triage_audit_writer_error(w));
        assert_int_equal(triage_audit_writer_torn_bytes(w), cut - end);
        assert_int_equal(triage_audit_writer_count(w), whole);
        assert_int_equal(triage_audit_writer_append(w, TRIAGE_AUDIT_SLA, "after", 5), TRIAGE_OK);
        assert_int_equal(triage_audit_writer_append(w, TRIAGE_AUDIT_DECISION, "", 0), TRIAGE_OK);
        assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK);
        triage_audit_writer_free(w);

        assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
        if (triage_audit_verifier_reason(v) != TRIAGE_AUDIT_OK)
            fail_msg("cut %zu: %s", cut, triage_audit_verifier_message(v));
        /* whole entries kept + 2 records + the closing checkpoint */
        assert_int_equal(triage_audit_verifier_entries(v), whole + 3);
        assert_int_equal(triage_audit_verifier_unsealed(v), 0);
        /* The bytes before the cut's last whole frame are untouched. */
        bytes now = read_all(t.log);
        if (end >= HEADER_SIZE) assert_memory_equal(now.p, full.p, end);
        free(now.p);
    }
    triage_audit_verifier_free(v);
    free(full.p);
    tmpdir_remove(&t);
}

static void test_torn_tail_reported_not_tampering(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    build_log(t.log, &k, 5, 0, "y", NULL, 0);
    bytes full = read_all(t.log);
    triage_audit_verifier *v = verifier_with(&k, NULL);
    write_all_file(t.log, full.p, full.n - 7);
    assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_reason(v), TRIAGE_AUDIT_TORN_TAIL);
    assert_non_null(strstr(triage_audit_verifier_message(v), "not tampering"));
    /* Zero fill after the data (delayed allocation): torn as well, and cut. */
    unsigned char *padded = calloc(1, full.n + 4096);
    memcpy(padded, full.p, full.n);
    write_all_file(t.log, padded, full.n + 4096);
    assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_reason(v), TRIAGE_AUDIT_TORN_TAIL);
    triage_audit_writer *w = writer_for(&k, 0);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_torn_bytes(w), 4096);
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK); /* nothing new: no checkpoint */
    triage_audit_writer_free(w);
    bytes now = read_all(t.log);
    assert_int_equal(now.n, full.n);
    assert_memory_equal(now.p, full.p, full.n);
    free(now.p);
    free(padded);
    free(full.p);
    triage_audit_verifier_free(v);
    tmpdir_remove(&t);
}

static void test_damaged_log_is_not_appended_to(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys(), other = make_keys();
    build_log(t.log, &k, 6, 3, "z", NULL, 0);
    bytes full = read_all(t.log);
    frames fr = split_frames(&full);
    full.p[fr.off[2] + 20] ^= 0x10;
    write_all_file(t.log, full.p, full.n);
    triage_audit_writer *w = writer_for(&k, 3);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_ERR_CORRUPT);
    assert_non_null(strstr(triage_audit_writer_error(w), "changed"));
    assert_int_equal(triage_audit_writer_append(w, 1, "x", 1), TRIAGE_ERR_STATE);
    bytes now = read_all(t.log);
    assert_int_equal(now.n, full.n);
    assert_memory_equal(now.p, full.p, full.n);
    free(now.p);
    triage_audit_writer_free(w);
    /* An intact log, but signed by another key: refused too. */
    full.p[fr.off[2] + 20] ^= 0x10;
    write_all_file(t.log, full.p, full.n);
    w = writer_for(&other, 3);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_ERR_SIGNATURE);
    assert_non_null(strstr(triage_audit_writer_error(w), "not a trusted key"));
    triage_audit_writer_free(w);
    /* Not a log at all: refused, and left alone. */
    write_all_file(t.log, (const unsigned char *)"precious data, not a log\n", 25);
    w = writer_for(&k, 3);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_ERR_CORRUPT);
    triage_audit_writer_free(w);
    now = read_all(t.log);
    assert_int_equal(now.n, 25);
    free(now.p);
    free(full.p);
    tmpdir_remove(&t);
}

static void test_write_failure_breaks_cleanly(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    build_log(t.log, &k, 3, 0, "w", NULL, 0);
    bytes before = read_all(t.log);
    /* A read-only descriptor: the log opens (nothing to repair) but every
     * write fails; the file stays as it was and the writer refuses more. */
    int fd = open(t.log, O_RDONLY);
    assert_true(fd >= 0);
    triage_audit_writer *w = writer_for(&k, 0);
    assert_int_equal(triage_audit_writer_open_fd(w, fd), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 4);
    assert_int_equal(triage_audit_writer_append(w, 1, "x", 1), TRIAGE_ERR_IO);
    assert_true(strlen(triage_audit_writer_error(w)) > 0);
    assert_int_equal(triage_audit_writer_append(w, 1, "x", 1), TRIAGE_ERR_STATE);
    assert_int_equal(triage_audit_writer_count(w), 4);
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_ERR_STATE);
    triage_audit_writer_free(w);
    /* The host still owns the descriptor. */
    assert_int_equal(close(fd), 0);
    bytes after = read_all(t.log);
    assert_int_equal(after.n, before.n);
    assert_memory_equal(after.p, before.p, before.n);
    free(before.p);
    free(after.p);
    tmpdir_remove(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_at_every_byte_of_the_tail),
        cmocka_unit_test(test_torn_tail_reported_not_tampering),
        cmocka_unit_test(test_damaged_log_is_not_appended_to),
        cmocka_unit_test(test_write_failure_breaks_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
