/* Tracker snapshots: save and restore at every step of a scenario go on
 * exactly as the original; damaged, truncated, foreign or future snapshots
 * are refused and leave the tracker as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>

#include "test_sla_fixture.h"

enum { CREATE, MSG, REPLY, STATUS, PRIO, POLICY, SOLVE, REOPEN, COLLECT, REMOVE };

typedef struct step {
    int kind;
    uint64_t ticket;
    int64_t at;
    int number;       /* priority */
    const char *text; /* status or policy */
} step;

/* Three tickets over a week: replies, customer messages, a weekend pause,
 * a policy change, priority-driven switch, solve and reopen, late events,
 * collects in odd steps (one going backwards), a removal. */
static const step scenario[] = {
    {CREATE, 1, MON + 9 * 3600, 1, NULL},
    {CREATE, 2, MON + 9 * 3600 + 600, 3, NULL},
    {CREATE, 3, MON + 10 * 3600, 1, "slow"},
    {COLLECT, 0, MON + 9 * 3600 + 1800, 0, NULL},
    {REPLY, 1, MON + 10 * 3600, 0, NULL},
    {MSG, 1, MON + 11 * 3600, 0, NULL},
    {STATUS, 2, MON + 11 * 3600, 0, "on_hold"},
    {COLLECT, 0, MON + 12 * 3600, 0, NULL},
    {MSG, 1, MON + 11 * 3600 + 900, 0, NULL},
    {PRIO, 1, MON + 12 * 3600, 3, NULL},
    {COLLECT, 0, MON + 11 * 3600, 0, NULL},
    {REPLY, 1, MON + 14 * 3600, 0, NULL},
    {STATUS, 2, MON + 15 * 3600, 0, "open"},
    {POLICY, 3, MON + 15 * 3600, 0, "std"},
    {COLLECT, 0, MON + DAY + 12 * 3600, 0, NULL},
    {SOLVE, 2, MON + DAY + 13 * 3600, 0, NULL},
    {STATUS, 1, MON + 4 * DAY + 16 * 3600, 0, "pending"},
    {REOPEN, 2, MON + 4 * DAY + 17 * 3600, 0, NULL},
    {COLLECT, 0, MON + 5 * DAY, 0, NULL},
    {STATUS, 1, MON + WEEK + 10 * 3600, 0, "open"},
    {REPLY, 3, MON + WEEK + 11 * 3600, 0, NULL},
    {REMOVE, 2, 0, 0, NULL},
    {COLLECT, 0, MON + WEEK + 12 * 3600, 0, NULL},
    {SOLVE, 1, MON + WEEK + 13 * 3600, 0, NULL},
    {COLLECT, 0, MON + 3 * WEEK, 0, NULL},
};
#define NSTEPS (sizeof scenario / sizeof *scenario)

/* Runs one step; a collect appends its fires to out. */
static void run_step(triage_tracker *t, const step *s, fire *out, size_t *nout) {
    int rc = TRIAGE_OK;
    size_t len = s->text ? strlen(s->text) : 0;
    switch (s->kind) {
    case CREATE: rc = triage_tracker_created(t, s->ticket, s->at, s->number, 1, s->text, len); break;
    case MSG: rc = triage_tracker_customer_message(t, s->ticket, s->at); break;
    case REPLY: rc = triage_tracker_agent_reply(t, s->ticket, s->at); break;
    case STATUS: rc = triage_tracker_status(t, s->ticket, s->at, s->text, len); break;
    case PRIO: rc = triage_tracker_priority(t, s->ticket, s->at, s->number); break;
    case POLICY: rc = triage_tracker_policy(t, s->ticket, s->at, s->text, len); break;
    case SOLVE: rc = triage_tracker_solved(t, s->ticket, s->at); break;
    case REOPEN: rc = triage_tracker_reopened(t, s->ticket, s->at); break;
    case REMOVE: rc = triage_tracker_remove(t, s->ticket); break;
    case COLLECT: *nout += collect(t, s->at, out + *nout, 256 - *nout); break;
    }
    assert_int_equal(rc, TRIAGE_OK);
}

static void test_restore_at_every_step(void **state) {
    (void)state;
    static fire whole[256], part[256];
    size_t nwhole = 0;
    triage_tracker *a = make_tracker();
    for (size_t i = 0; i < NSTEPS; i++) run_step(a, &scenario[i], whole, &nwhole);
    assert_true(nwhole > 20);
    size_t alen = 0;
    unsigned char *abytes = save(a, &alen);
    triage_tracker_free(a);

    for (size_t cut = 0; cut <= NSTEPS; cut++) {
        triage_tracker *t = make_tracker();
        size_t n = 0;
        for (size_t i = 0; i < cut; i++) run_step(t, &scenario[i], part, &n);
        size_t len = 0;
        unsigned char *bytes = save(t, &len);
        assert_non_null(bytes);
        triage_tracker_free(t);
        /* Restore into a fresh tracker with the same policies. */
        triage_tracker *r = make_tracker();
        assert_int_equal(triage_tracker_restore(r, bytes, len), TRIAGE_OK);
        size_t len2 = 0;
        unsigned char *again = save(r, &len2);
        assert_int_equal(len2, len);
        assert_memory_equal(again, bytes, len); /* byte-exact */
        for (size_t i = cut; i < NSTEPS; i++) run_step(r, &scenario[i], part, &n);
        assert_int_equal(n, nwhole);
        assert_memory_equal(part, whole, n * sizeof *part);
        size_t flen = 0;
        unsigned char *final = save(r, &flen);
        assert_int_equal(flen, alen);
        assert_memory_equal(final, abytes, alen);
        free(final);
        free(again);
        free(bytes);
        triage_tracker_free(r);
    }
    free(abytes);
}

/* A state with pending outbox fires and several statuses. */
static unsigned char *busy_snapshot(size_t *len) {
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 1, MON + 9 * H, 1, 1, NULL, 0);
    triage_tracker_created(t, 2, MON + 9 * H, 3, 1, NULL, 0);
    triage_tracker_status(t, 1, MON + 10 * H, "pending", 7);
    triage_tracker_agent_reply(t, 2, MON + 15 * H); /* late: fires go to the outbox */
    unsigned char *b = save(t, len);
    triage_tracker_free(t);
    return b;
}

static void recompute_checksum(unsigned char *b, size_t len) {
    crypto_generichash(b + len - 32, 32, b, len - 32, NULL, 0);
}

static void test_damaged_snapshots(void **state) {
    (void)state;
    size_t len;
    unsigned char *good = busy_snapshot(&len);
    unsigned char *b = malloc(len);
    /* The target holds a state of its own that must survive every refusal. */
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 77, MON, 2, 1, NULL, 0);
    size_t before_len;
    unsigned char *before = save(t, &before_len);
    for (size_t i = 0; i < len; i++) {
        memcpy(b, good, len);
        b[i] ^= 0x01;
        assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_ERR_CORRUPT);
        memcpy(b, good, len);
        b[i] ^= 0xFF;
        assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_ERR_CORRUPT);
    }
    for (size_t cut = 0; cut < len; cut++)
        assert_int_equal(triage_tracker_restore(t, good, cut), TRIAGE_ERR_CORRUPT);
    /* Longer than it says (checksum fixed up): refused too. */
    unsigned char *longer = malloc(len + 8);
    memcpy(longer, good, len - 32);
    memset(longer + len - 32, 0, 8);
    recompute_checksum(longer, len + 8);
    assert_int_equal(triage_tracker_restore(t, longer, len + 8), TRIAGE_ERR_CORRUPT);
    free(longer);
    size_t after_len;
    unsigned char *after = save(t, &after_len);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    /* And the good one restores. */
    assert_int_equal(triage_tracker_restore(t, good, len), TRIAGE_OK);
    assert_int_equal(triage_tracker_ticket(t, 77, NULL, NULL, NULL, NULL), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_ticket(t, 2, NULL, NULL, NULL, NULL), TRIAGE_OK);
    free(before);
    free(after);
    free(b);
    free(good);
    triage_tracker_free(t);
}

/* Checksummed but impossible contents, a future version, foreign policies. */
static void test_invalid_contents(void **state) {
    (void)state;
    size_t len;
    unsigned char *good = busy_snapshot(&len);
    unsigned char *b = malloc(len);
    triage_tracker *t = make_tracker();
    /* Version 2. */
    memcpy(b, good, len);
    b[8] = 2;
    recompute_checksum(b, len);
    assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_ERR_UNSUPPORTED);
    /* Locate the first ticket: header 48, statuses (u32 count, then u32 len +
     * bytes each), u64 ticket count. */
    size_t pos = 48;
    uint32_t nst = b[pos] | (uint32_t)b[pos + 1] << 8;
    pos += 4;
    for (uint32_t i = 0; i < nst; i++) pos += 4 + (b[pos] | (size_t)b[pos + 1] << 8);
    pos += 8;
    struct {
        size_t offset;
        unsigned char value;
    } bad[] = {
        {20, 9},   /* priority 9 */
        {21, 0},   /* tier 0 */
        {22, 0x80}, /* unknown ticket flag */
        {16, 7},   /* policy 7 does not exist */
        {18, 200}, /* status out of range */
        {23, 1},   /* padding */
        {24 + 13, 5}, /* metric state 5 */
        {24 + 14, 99}, /* fired past the schedule */
        {24 + 15, 0x40}, /* unknown result bit */
        {15, 0x7F}, /* last event far past year 9999 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memcpy(b, good, len);
        b[pos + bad[i].offset] = bad[i].value;
        recompute_checksum(b, len);
        assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_ERR_CORRUPT);
    }
    /* Two tickets with one id. */
    memcpy(b, good, len);
    memcpy(b + pos + 88, b + pos, 8);
    recompute_checksum(b, len);
    assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_ERR_CORRUPT);
    /* Another configuration. */
    triage_tracker *other = triage_tracker_create(NULL);
    triage_sla_policy *p = triage_sla_policy_create(NULL, "std", 3);
    triage_tracker_add_policy(other, p);
    assert_int_equal(triage_tracker_restore(other, good, len), TRIAGE_ERR_STATE);
    triage_sla_policy_free(p);
    triage_tracker_free(other);
    /* Buffers and arguments. */
    size_t w;
    assert_int_equal(triage_tracker_save(t, b, 10, &w), TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_tracker_restore(t, NULL, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_restore(t, good, len), TRIAGE_OK);
    free(b);
    free(good);
    triage_tracker_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restore_at_every_step),
        cmocka_unit_test(test_damaged_snapshots),
        cmocka_unit_test(test_invalid_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
