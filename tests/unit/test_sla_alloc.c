/* Calendars, policies and the tracker under allocation failure: for every
 * N the Nth allocation through the host allocator fails. Every call must
 * return TRIAGE_OK or TRIAGE_ERR_NOMEM (never crash), a refused tracker
 * event must leave the tracker as it was, and everything is freed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <triage/sla.h>

#define H 3600LL
#define MON 1772409600LL

typedef struct failing {
    size_t calls, fail_at;
    long live;
    int failed;
} failing;

static void *failing_malloc(size_t size, void *user) {
    failing *f = user;
    if (f->fail_at && ++f->calls == f->fail_at) {
        f->failed = 1;
        return NULL;
    }
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void failing_free(void *p, void *user) {
    failing *f = user;
    if (p) f->live--;
    free(p);
}

static void check_status(int rc, int line) {
    if (rc != TRIAGE_OK && rc != TRIAGE_ERR_NOMEM) {
        print_message("line %d: status %d (%s)\n", line, rc, triage_strerror(rc));
        fail();
    }
}
#define ok_or_nomem(rc) check_status((rc), __LINE__)

/* Snapshot bytes with the plain allocator, to compare states. */
static unsigned char *state_of(const triage_tracker *t, size_t *len) {
    size_t size = 0;
    triage_tracker_snapshot_size(t, &size);
    unsigned char *b = malloc(size);
    size_t w = 0;
    if (triage_tracker_save(t, b, size, &w) != TRIAGE_OK) {
        free(b);
        return NULL;
    }
    *len = w;
    return b;
}

/* One tracker event; when refused for memory the state must not change. */
#define EVENT(call)                                                                      \
    do {                                                                                 \
        size_t l0 = 0, l1 = 0;                                                           \
        unsigned char *s0 = state_of(t, &l0);                                            \
        int rc_ = (call);                                                                \
        ok_or_nomem(rc_);                                                                \
        unsigned char *s1 = state_of(t, &l1);                                            \
        if (rc_ != TRIAGE_OK && s0 && s1) {                                              \
            assert_int_equal(l0, l1);                                                    \
            assert_memory_equal(s0, s1, l0);                                             \
        }                                                                                \
        free(s0);                                                                        \
        free(s1);                                                                        \
    } while (0)

static void scenario(const triage_allocator *a) {
    triage_calendar *cal = triage_calendar_create(a);
    if (!cal) return;
    ok_or_nomem(triage_calendar_set_zoneinfo_dir(cal, TRIAGE_TEST_DATA "/tz"));
    int rc = triage_calendar_set_zone(cal, "Europe/Berlin", 13);
    assert_true(rc == TRIAGE_OK || rc == TRIAGE_ERR_NOMEM || rc == TRIAGE_ERR_TIMEZONE);
    for (int d = 0; d < 5; d++) ok_or_nomem(triage_calendar_add_interval(cal, d, 9 * 3600, 17 * 3600));
    for (int i = 1; i <= 20; i++) ok_or_nomem(triage_calendar_add_holiday(cal, 2026, 12, i));
    int64_t due;
    int64_t pauses[4] = {MON + 10 * H, MON + 11 * H, MON, MON + H};
    ok_or_nomem(triage_calendar_due(cal, MON, 40 * H, pauses, 2, &due));
    triage_calendar *copy = triage_calendar_clone(cal);
    triage_calendar_free(copy);

    triage_sla_policy *p = triage_sla_policy_create(a, "std", 3);
    if (p) {
        ok_or_nomem(triage_sla_policy_set_calendar(p, cal));
        ok_or_nomem(triage_sla_policy_set_target(p, TRIAGE_METRIC_FIRST_RESPONSE, 4 * H, 0));
        ok_or_nomem(triage_sla_policy_set_target(p, TRIAGE_METRIC_RESOLUTION, 16 * H, 0));
        ok_or_nomem(triage_sla_policy_add_pause_status(p, "pending", 7));
        ok_or_nomem(triage_sla_policy_add_warning(p, 0.5));
        ok_or_nomem(triage_sla_policy_add_escalation(p, 0, 1, -1));
    }
    triage_tracker *t = triage_tracker_create(a);
    rc = t && p ? triage_tracker_add_policy(t, p) : TRIAGE_ERR_NOMEM;
    ok_or_nomem(rc);
    if (rc == TRIAGE_OK) {
        ok_or_nomem(triage_tracker_set_default_policy(t, "std", 3));
        for (uint64_t i = 1; i <= 20; i++)
            EVENT(triage_tracker_created(t, i, MON + 9 * H, 1, 1, NULL, 0));
        for (uint64_t i = 1; i <= 20; i++) {
            if (triage_tracker_ticket(t, i, NULL, NULL, NULL, NULL) != TRIAGE_OK) continue;
            EVENT(triage_tracker_status(t, i, MON + 10 * H, i % 2 ? "pending" : "open", i % 2 ? 7 : 4));
            EVENT(triage_tracker_agent_reply(t, i, MON + 15 * H));
            EVENT(triage_tracker_customer_message(t, i, MON + 16 * H));
        }
        size_t n;
        ok_or_nomem(triage_tracker_collect(t, MON + 3 * 24 * H, &n));
        size_t size = 0;
        triage_tracker_snapshot_size(t, &size);
        unsigned char *buf = malloc(size);
        size_t w = 0;
        rc = triage_tracker_save(t, buf, size, &w);
        ok_or_nomem(rc);
        if (rc == TRIAGE_OK) {
            triage_tracker *r = triage_tracker_create(a);
            if (r && triage_tracker_add_policy(r, p) == TRIAGE_OK) {
                ok_or_nomem(triage_tracker_set_default_policy(r, "std", 3));
                rc = triage_tracker_restore(r, buf, w);
                /* A configuration cut short by NOMEM is another configuration. */
                assert_true(rc == TRIAGE_OK || rc == TRIAGE_ERR_NOMEM || rc == TRIAGE_ERR_STATE);
            }
            triage_tracker_free(r);
        }
        free(buf);
    }
    triage_tracker_free(t);
    triage_sla_policy_free(p);
    triage_calendar_free(cal);
}

static void test_every_allocation_failure(void **state) {
    (void)state;
    for (size_t n = 1;; n++) {
        failing f = {0, 0, 0, 0};
        triage_allocator *a = triage_allocator_create(failing_malloc, failing_free, &f);
        assert_non_null(a);
        f.live = 0;
        f.fail_at = n;
        scenario(a);
        assert_int_equal(f.live, 0);
        f.fail_at = 0;
        triage_allocator_free(a);
        if (!f.failed) break;
        assert_true(n < 100000);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_allocation_failure)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
