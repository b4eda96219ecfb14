/* Audit log API: keys and their parse errors, writer options and errors,
 * checkpoints at the interval and at close, reopening, descriptors, the
 * exported checkpoint as anchor, and allocation failures. */
#include <fcntl.h>

#include "test_audit_support.h"

static void test_keygen_and_key_texts(void **state) {
    (void)state;
    keypair k = make_keys();
    assert_non_null(strstr(k.pub, "untrusted comment: triage audit public key "));
    assert_non_null(strstr(k.sec, "untrusted comment: triage audit secret key "));
    /* The public key derived from the secret key is the same text. */
    char pub2[TRIAGE_KEY_TEXT_MAX];
    assert_int_equal(triage_audit_public_key(k.sec, strlen(k.sec), pub2, sizeof pub2), TRIAGE_OK);
    assert_string_equal(pub2, k.pub);
    /* It is a minisign public key: a trust object takes it. */
    triage_trust *t = triage_trust_create(NULL);
    assert_int_equal(triage_trust_add_key(t, k.pub, strlen(k.pub)), TRIAGE_OK);
    triage_trust_free(t);
    /* Two key pairs differ. */
    keypair k2 = make_keys();
    assert_string_not_equal(k.pub, k2.pub);
    /* Too small buffers. */
    char small[40], sec[TRIAGE_KEY_TEXT_MAX];
    assert_int_equal(triage_audit_keygen(small, sizeof small, sec, sizeof sec), TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_audit_keygen(pub2, sizeof pub2, small, sizeof small),
                     TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_audit_keygen(NULL, 1, sec, sizeof sec), TRIAGE_ERR_ARGUMENT);
}

static void expect_secret_error(const char *text, const char *needle) {
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    assert_int_equal(triage_audit_writer_set_key(w, text, strlen(text)), TRIAGE_ERR_SIGNATURE);
    if (!strstr(triage_audit_writer_error(w), needle))
        fail_msg("\"%s\" lacks \"%s\"", triage_audit_writer_error(w), needle);
    triage_audit_writer_free(w);
}

static void test_secret_key_errors(void **state) {
    (void)state;
    keypair k = make_keys();
    expect_secret_error("", "no base64 key line");
    expect_secret_error(k.pub, "decodes to 42 bytes, expected 74");
    expect_secret_error("untrusted comment: x\n%%%\n", "not valid base64");
    /* Damage the secret half: the embedded public key no longer matches. */
    char bad[TRIAGE_KEY_TEXT_MAX];
    strcpy(bad, k.sec);
    char *line = strchr(bad, '\n') + 1;
    line[20] = line[20] == 'A' ? 'B' : 'A';
    expect_secret_error(bad, "does not match the seed");
    /* A minisign signature line has the same size but another tag. */
    strcpy(bad, k.sec);
    line = strchr(bad, '\n') + 1;
    unsigned char raw[74];
    size_t n;
    assert_int_equal(sodium_base642bin(raw, sizeof raw, line, 100, NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    raw[1] = 'D';
    sodium_bin2base64(line, 101, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    line[100] = '\n';
    expect_secret_error(bad, "algorithm is not \"ES\"");
}

static void test_writer_lifecycle(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    /* No key, not open: clear errors. */
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_ERR_STATE);
    assert_non_null(strstr(triage_audit_writer_error(w), "no secret key"));
    assert_int_equal(triage_audit_writer_append(w, 1, "x", 1), TRIAGE_ERR_STATE);
    assert_int_equal(triage_audit_writer_checkpoint(w), TRIAGE_ERR_STATE);
    assert_int_equal(triage_audit_writer_set_key(w, k.sec, strlen(k.sec)), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_set_interval(w, 3), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_set_sync(w, 7), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_audit_writer_set_sync(w, TRIAGE_AUDIT_SYNC_RECORD), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_ERR_STATE);
    assert_int_equal(triage_audit_writer_set_key(w, k.sec, strlen(k.sec)), TRIAGE_ERR_STATE);
    assert_string_equal(triage_audit_writer_last_checkpoint(w), "");
    /* Bad records. */
    assert_int_equal(triage_audit_writer_append(w, TRIAGE_AUDIT_CHECKPOINT, "x", 1),
                     TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_audit_writer_append(w, 256, "x", 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_audit_writer_append(w, 1, NULL, 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_audit_writer_append(w, 1, "x", (size_t)TRIAGE_AUDIT_MAX_PAYLOAD + 1),
                     TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_audit_writer_count(w), 0);
    /* 3 records -> checkpoint; 2 more; explicit checkpoint; none when idle. */
    for (int i = 0; i < 5; i++)
        assert_int_equal(triage_audit_writer_append(w, 200, "host kind", 9), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 6);
    char first_cp[256];
    snprintf(first_cp, sizeof first_cp, "%s", triage_audit_writer_last_checkpoint(w));
    assert_non_null(strstr(first_cp, "triage-audit-v1 checkpoint count=3 head="));
    assert_int_equal(triage_audit_writer_checkpoint(w), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 7);
    assert_int_equal(triage_audit_writer_checkpoint(w), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 7);
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK); /* nothing unsealed */
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK);
    char anchor[256];
    snprintf(anchor, sizeof anchor, "%s", triage_audit_writer_last_checkpoint(w));
    assert_non_null(strstr(anchor, "count=6 "));

    /* Reopen (same object) and continue the chain. */
    assert_int_equal(triage_audit_writer_open(w, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 7);
    assert_int_equal(triage_audit_writer_torn_bytes(w), 0);
    assert_string_equal(triage_audit_writer_last_checkpoint(w), anchor);
    assert_int_equal(triage_audit_writer_append(w, TRIAGE_AUDIT_RULESET, "rules v2", 8), TRIAGE_OK);
    triage_audit_writer_free(w); /* like a crash: no closing checkpoint */

    triage_audit_verifier *v = verifier_with(&k, anchor);
    assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_reason(v), TRIAGE_AUDIT_OK);
    assert_int_equal(triage_audit_verifier_entries(v), 8);
    assert_int_equal(triage_audit_verifier_checkpoints(v), 2);
    assert_int_equal(triage_audit_verifier_unsealed(v), 1);
    assert_non_null(strstr(triage_audit_verifier_message(v), "1 entries after the last"));
    /* The first checkpoint works as an anchor too; "" removes the anchor. */
    assert_int_equal(triage_audit_verifier_set_anchor(v, first_cp, strlen(first_cp)), TRIAGE_OK);
    assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_set_anchor(v, "", 0), TRIAGE_OK);
    triage_audit_verifier_free(v);

    /* Without a key: the chain and checkpoint contents are checked, and the
     * message says that the signatures were not. */
    v = verifier_with(NULL, NULL);
    assert_int_equal(triage_audit_verify(v, t.log), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_checkpoints(v), 0);
    assert_non_null(strstr(triage_audit_verifier_message(v), "signatures not checked"));
    triage_audit_verifier_free(v);
    tmpdir_remove(&t);
}

static void test_descriptor_and_buffer(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    int fd = open(t.log, O_RDWR | O_CREAT, 0600);
    assert_true(fd >= 0);
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    assert_int_equal(triage_audit_writer_set_key(w, k.sec, strlen(k.sec)), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_set_sync(w, TRIAGE_AUDIT_SYNC_CHECKPOINT), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_open_fd(w, fd), TRIAGE_OK);
    const char *json = "{\"category\":\"billing\",\"queue\":\"money\",\"rules_hash\":\"00\"}";
    assert_int_equal(triage_audit_writer_append(w, TRIAGE_AUDIT_DECISION, json, strlen(json)),
                     TRIAGE_OK);
    assert_int_equal(triage_audit_writer_close(w), TRIAGE_OK);
    assert_int_equal(triage_audit_writer_count(w), 2);
    /* The descriptor is still the host's. */
    triage_audit_verifier *v = verifier_with(&k, triage_audit_writer_last_checkpoint(w));
    assert_int_equal(triage_audit_verify_fd(v, fd), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_entries(v), 2);
    assert_int_equal(close(fd), 0);
    /* The payload is stored as given, right after the frame's 17-byte prefix. */
    bytes b = read_all(t.log);
    assert_memory_equal(b.p + HEADER_SIZE + 17, json, strlen(json));
    assert_int_equal(triage_audit_verify_buffer(v, b.p, b.n), TRIAGE_OK);
    assert_int_equal(triage_audit_verifier_offset(v), b.n);
    free(b.p);
    triage_audit_verifier_free(v);
    triage_audit_writer_free(w);
    assert_int_equal(triage_audit_writer_open_fd(NULL, 0), TRIAGE_ERR_ARGUMENT);
    tmpdir_remove(&t);
}

/* ---- allocation failures ---- */
typedef struct budget {
    int left; /* allocations that still succeed; -1: unlimited */
    int failed;
} budget;

static void *limited_malloc(size_t size, void *user) {
    budget *b = user;
    if (b->left == 0) {
        b->failed = 1;
        return NULL;
    }
    if (b->left > 0) b->left--;
    return malloc(size);
}

static void limited_free(void *p, void *user) {
    (void)user;
    free(p);
}

static void test_every_allocation_failing(void **state) {
    (void)state;
    tmpdir t;
    tmpdir_make(&t);
    keypair k = make_keys();
    build_log(t.log, &k, 4, 2, "m", NULL, 0);
    int completed = 0;
    for (int n = 0; n < 64 && !completed; n++) {
        budget b = {-1, 0};
        triage_allocator *a = triage_allocator_create(limited_malloc, limited_free, &b);
        assert_non_null(a);
        b.left = n; /* the allocator object itself does not count */
        int ok = 1;
        triage_audit_writer *w = triage_audit_writer_create(a);
        if (!w) ok = 0;
        if (ok) ok = triage_audit_writer_set_key(w, k.sec, strlen(k.sec)) == TRIAGE_OK;
        int rc = ok ? triage_audit_writer_open(w, t.log) : TRIAGE_ERR_NOMEM;
        if (ok && rc != TRIAGE_OK) {
            assert_int_equal(rc, TRIAGE_ERR_NOMEM);
            ok = 0;
        }
        if (ok) {
            rc = triage_audit_writer_append(w, 1, "payload", 7);
            if (rc != TRIAGE_OK) assert_int_equal(rc, TRIAGE_ERR_NOMEM);
            ok = rc == TRIAGE_OK;
        }
        triage_audit_writer_free(w);
        triage_audit_verifier *v = ok ? triage_audit_verifier_create(a) : NULL;
        if (v) {
            rc = triage_audit_verify(v, t.log);
            if (rc != TRIAGE_OK) assert_int_equal(rc, TRIAGE_ERR_NOMEM);
            completed = rc == TRIAGE_OK && !b.failed;
        }
        triage_audit_verifier_free(v);
        triage_allocator_free(a);
        /* Whatever failed, the log on disk is still intact. */
        triage_audit_verifier *check = verifier_with(&k, NULL);
        assert_int_equal(triage_audit_verify(check, t.log), TRIAGE_OK);
        assert_int_equal(triage_audit_verifier_reason(check), TRIAGE_AUDIT_OK);
        triage_audit_verifier_free(check);
    }
    assert_true(completed);
    tmpdir_remove(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keygen_and_key_texts),
        cmocka_unit_test(test_secret_key_errors),
        cmocka_unit_test(test_writer_lifecycle),
        cmocka_unit_test(test_descriptor_and_buffer),
        cmocka_unit_test(test_every_allocation_failing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
