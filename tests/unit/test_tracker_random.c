/* Random ticket histories (fixed seeds): the fires are the same, in the same
 * order, whether the host collects once at the end, at random moments
 * between events, or saves and restores the tracker at random points; each
 * collect is in time order and nothing fires twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "test_sla_fixture.h"

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

typedef struct event {
    int type;
    uint64_t ticket;
    int64_t at;
    int number;
} event;

#define NEVENTS 600
#define NTICKETS 40
#define MAXFIRES 20000

static const char *const statuses[] = {"open", "pending", "on_hold"};
static const char *const policies[] = {"std", "fast", "slow"};

static int apply(triage_tracker *t, const event *e) {
    switch (e->type) {
    case 0: return triage_tracker_created(t, e->ticket, e->at, e->number % 4, 1, NULL, 0);
    case 1: return triage_tracker_customer_message(t, e->ticket, e->at);
    case 2: return triage_tracker_agent_reply(t, e->ticket, e->at);
    case 3: return triage_tracker_status(t, e->ticket, e->at, statuses[e->number % 3], strlen(statuses[e->number % 3]));
    case 4: return triage_tracker_priority(t, e->ticket, e->at, e->number % 4);
    case 5: return triage_tracker_policy(t, e->ticket, e->at, e->number % 4 == 3 ? NULL : policies[e->number % 4],
                                         e->number % 4 == 3 ? 0 : strlen(policies[e->number % 4]));
    case 6: return triage_tracker_solved(t, e->ticket, e->at);
    default: return triage_tracker_reopened(t, e->ticket, e->at);
    }
}

/* mode 0: collect at the end; 1: collect between events; 2: also save and
 * restore now and then. Returns the number of fires. */
static size_t run(const event *ev, size_t nev, int64_t end, int mode, uint64_t seed, fire *out) {
    rng r = {seed};
    triage_tracker *t = make_tracker();
    size_t n = 0;
    int64_t horizon = INT64_MIN;
    for (size_t i = 0; i < nev; i++) {
        if (mode >= 1 && next(&r) % 4 == 0) {
            /* Anywhere up to this event's time (not past it). */
            int64_t lo = horizon == INT64_MIN ? MON : horizon;
            int64_t up = lo + (int64_t)(next(&r) % (uint64_t)(ev[i].at - lo + 1));
            size_t k = collect(t, up, out + n, MAXFIRES - n);
            for (size_t j = 1; j < k; j++) assert_true(out[n + j].at >= out[n + j - 1].at);
            for (size_t j = 0; j < k; j++) assert_true(out[n + j].at <= up);
            n += k;
            if (up > horizon) horizon = up;
        }
        if (mode == 2 && next(&r) % 16 == 0) {
            size_t len = 0;
            unsigned char *b = save(t, &len);
            assert_non_null(b);
            triage_tracker_free(t);
            t = make_tracker();
            assert_int_equal(triage_tracker_restore(t, b, len), TRIAGE_OK);
            free(b);
        }
        int rc = apply(t, &ev[i]);
        assert_true(rc == TRIAGE_OK || rc == TRIAGE_ERR_STATE || rc == TRIAGE_ERR_NOT_FOUND ||
                    rc == TRIAGE_ERR_EXISTS);
    }
    n += collect(t, end, out + n, MAXFIRES - n);
    assert_true(n < MAXFIRES);
    triage_tracker_free(t);
    return n;
}

static void test_random_histories(void **state) {
    (void)state;
    static event ev[NEVENTS];
    static fire a[MAXFIRES], b[MAXFIRES], c[MAXFIRES];
    for (uint64_t seed = 1; seed <= 12; seed++) {
        rng r = {seed * 7919};
        int64_t at = MON + 8 * H;
        for (size_t i = 0; i < NEVENTS; i++) {
            at += (int64_t)(next(&r) % (3 * H));
            ev[i].at = at;
            ev[i].ticket = 1 + next(&r) % NTICKETS;
            ev[i].type = i < NTICKETS ? 0 : (int)(next(&r) % 8);
            if (i < NTICKETS) ev[i].ticket = i + 1;
            ev[i].number = (int)(next(&r) % 1000);
        }
        int64_t end = at + 14 * DAY;
        size_t na = run(ev, NEVENTS, end, 0, seed, a);
        assert_true(na > 50);
        for (size_t j = 1; j < na; j++) assert_true(a[j].at >= a[j - 1].at);
        size_t nb = run(ev, NEVENTS, end, 1, seed, b);
        assert_int_equal(nb, na);
        assert_memory_equal(a, b, na * sizeof *a);
        size_t nc = run(ev, NEVENTS, end, 2, seed + 100, c);
        assert_int_equal(nc, na);
        assert_memory_equal(a, c, na * sizeof *a);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_random_histories)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
