/* The SLA tracker: each metric under each event type, with hand-derived
 * instants (fixture in test_sla_fixture.h: std = Mon-Fri 09:00-17:00 UTC
 * business time, MON = Monday 2026-03-02 00:00Z). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "test_sla_fixture.h"

#define FRI (MON + 4 * DAY)
#define MON2 (MON + WEEK)

static void expect_fire(const fire *f, uint64_t ticket, int64_t at, int kind, int metric, int tier) {
    assert_int_equal(f->ticket, ticket);
    assert_int_equal(f->at, at);
    assert_int_equal(f->kind, kind);
    assert_int_equal(f->metric, metric);
    assert_int_equal(f->tier, tier);
}

typedef struct metric_state {
    int64_t due, elapsed, remaining;
    unsigned flags;
} metric_state;

static metric_state metric(const triage_tracker *t, uint64_t id, int m, int64_t now) {
    metric_state s;
    assert_int_equal(triage_tracker_metric(t, id, m, now, &s.due, &s.elapsed, &s.remaining, &s.flags),
                     TRIAGE_OK);
    return s;
}

/* First response met by a reply; periodic update and resolution run on.
 * created Mon 09:00, reply Mon 10:00.
 * - FR: met after 1h.
 * - PU (8h business from Mon 10:00): warning at 4h = Mon 14:00; breach at
 *   Mon 10-17 (7h) + Tue 09-10 = Tue 10:00; escalations at the breach (tier
 *   2) and 1h later, Tue 11:00 (tier 3, urgent).
 * - RES (16h from Mon 09:00): warning at 8h, which runs out at Mon 17:00, a
 *   close, so it fires at the next opening, Tue 09:00; breach at Tue 17:00
 *   -> Wed 09:00 (tier 4); escalation 2 at Wed 10:00 (tier 5). */
static void test_first_response_met(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    assert_int_equal(triage_tracker_created(t, 1, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0), TRIAGE_OK);
    int64_t at;
    assert_int_equal(triage_tracker_next_fire(t, &at), TRIAGE_OK);
    assert_int_equal(at, MON + 11 * H); /* FR warning: 2h */
    assert_int_equal(triage_tracker_agent_reply(t, 1, MON + 10 * H), TRIAGE_OK);
    metric_state fr = metric(t, 1, FR, MON + 12 * H);
    assert_int_equal(fr.flags, TRIAGE_SLA_MET);
    assert_int_equal(fr.elapsed, H);
    assert_int_equal(fr.due, TRIAGE_TIME_NONE);
    metric_state res = metric(t, 1, RES, MON + 12 * H);
    assert_int_equal(res.flags, TRIAGE_SLA_ACTIVE);
    assert_int_equal(res.elapsed, 3 * H);
    assert_int_equal(res.remaining, 13 * H);
    assert_int_equal(res.due, MON + 2 * DAY + 9 * H);
    metric_state pu = metric(t, 1, PU, MON + 12 * H);
    assert_int_equal(pu.due, MON + DAY + 10 * H);
    assert_int_equal(metric(t, 1, NR, MON + 12 * H).flags, 0);
    assert_int_equal(triage_tracker_next_fire(t, &at), TRIAGE_OK);
    assert_int_equal(at, MON + 14 * H);

    fire f[16];
    assert_int_equal(collect(t, MON + 3 * DAY, f, 16), 8);
    expect_fire(&f[0], 1, MON + 14 * H, WARN, PU, 1);
    assert_int_equal(f[0].level, 500000);
    assert_int_equal(f[0].due, MON + DAY + 10 * H);
    expect_fire(&f[1], 1, MON + DAY + 9 * H, WARN, RES, 1);
    expect_fire(&f[2], 1, MON + DAY + 10 * H, BREACH, PU, 1);
    expect_fire(&f[3], 1, MON + DAY + 10 * H, ESC, PU, 2);
    assert_int_equal(f[3].level, 1);
    expect_fire(&f[4], 1, MON + DAY + 11 * H, ESC, PU, 3);
    assert_int_equal(f[4].priority, TRIAGE_PRIORITY_URGENT);
    assert_int_equal(f[4].level, 2);
    expect_fire(&f[5], 1, MON + 2 * DAY + 9 * H, BREACH, RES, 3);
    expect_fire(&f[6], 1, MON + 2 * DAY + 9 * H, ESC, RES, 4);
    expect_fire(&f[7], 1, MON + 2 * DAY + 10 * H, ESC, RES, 5);
    assert_int_equal(triage_tracker_next_fire(t, &at), TRIAGE_ERR_NOT_FOUND);
    int prio, tier;
    assert_int_equal(triage_tracker_ticket(t, 1, &prio, &tier, NULL, NULL), TRIAGE_OK);
    assert_int_equal(tier, 5);
    assert_int_equal(prio, TRIAGE_PRIORITY_URGENT);
    triage_tracker_free(t);
}

/* First response breached with nothing else happening: warning Mon 11:00,
 * breach Mon 13:00 with escalation 1, escalation 2 at 14:00; whatever
 * steps the host collects in, the same fires come once, in order. */
static size_t run_steps(const int64_t *steps, size_t nsteps, fire *all) {
    triage_tracker *t = make_tracker();
    assert_int_equal(triage_tracker_created(t, 2, MON + 9 * H, TRIAGE_PRIORITY_HIGH, 1, NULL, 0), TRIAGE_OK);
    size_t n = 0;
    for (size_t i = 0; i < nsteps; i++) n += collect(t, steps[i], all + n, 64 - n);
    triage_tracker_free(t);
    return n;
}

static void test_first_response_breach_any_steps(void **state) {
    (void)state;
    fire one[64], minutes[64], odd[64];
    int64_t big[1] = {MON + 3 * DAY};
    size_t n = run_steps(big, 1, one);
    assert_int_equal(n, 8);
    expect_fire(&one[0], 2, MON + 11 * H, WARN, FR, 1);
    expect_fire(&one[1], 2, MON + 13 * H, BREACH, FR, 1);
    assert_int_equal(one[1].due, MON + 13 * H);
    expect_fire(&one[2], 2, MON + 13 * H, ESC, FR, 2);
    expect_fire(&one[3], 2, MON + 14 * H, ESC, FR, 3);
    expect_fire(&one[4], 2, MON + DAY + 9 * H, WARN, RES, 3);
    expect_fire(&one[5], 2, MON + 2 * DAY + 9 * H, BREACH, RES, 3);
    expect_fire(&one[6], 2, MON + 2 * DAY + 9 * H, ESC, RES, 4);
    expect_fire(&one[7], 2, MON + 2 * DAY + 10 * H, ESC, RES, 5);
    /* Minute by minute. */
    static int64_t steps[3 * 24 * 60 + 1];
    size_t ns = 0;
    for (int64_t x = MON; x <= MON + 3 * DAY; x += MIN) steps[ns++] = x;
    assert_int_equal(run_steps(steps, ns, minutes), n);
    assert_memory_equal(minutes, one, n * sizeof *one);
    /* Odd steps with the clock going backwards now and then. */
    int64_t wild[] = {MON,          MON + 13 * H, MON + 10 * H, MON + 13 * H, MON + 13 * H - 1,
                      MON + 14 * H, MON - DAY,    MON + DAY,    MON + 5 * H,  MON + 3 * DAY};
    assert_int_equal(run_steps(wild, sizeof wild / sizeof *wild, odd), n);
    assert_memory_equal(odd, one, n * sizeof *one);
}

/* Next response: armed by the first customer message after an agent reply
 * (not before), kept by later messages, fulfilled by the reply, re-armed. */
static void test_next_response(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 3, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    assert_int_equal(triage_tracker_customer_message(t, 3, MON + 9 * H + 10 * MIN), TRIAGE_OK);
    assert_int_equal(metric(t, 3, NR, MON + 9 * H + 20 * MIN).flags, 0); /* FR covers it */
    triage_tracker_agent_reply(t, 3, MON + 9 * H + 30 * MIN);
    assert_int_equal(triage_tracker_customer_message(t, 3, MON + 10 * H), TRIAGE_OK);
    metric_state nr = metric(t, 3, NR, MON + 10 * H);
    assert_int_equal(nr.flags, TRIAGE_SLA_ACTIVE);
    assert_int_equal(nr.due, MON + 12 * H); /* 10:00 + 2h */
    /* A second message keeps the oldest one's clock. */
    triage_tracker_customer_message(t, 3, MON + 10 * H + 30 * MIN);
    assert_int_equal(metric(t, 3, NR, MON + 11 * H).due, MON + 12 * H);
    /* Reply at 11:30: met after 1h30. */
    triage_tracker_agent_reply(t, 3, MON + 11 * H + 30 * MIN);
    nr = metric(t, 3, NR, MON + 12 * H);
    assert_int_equal(nr.flags, TRIAGE_SLA_MET);
    assert_int_equal(nr.elapsed, 90 * MIN);
    /* Re-armed at 12:00 (due 14:00), replied late at 14:30: breached. */
    triage_tracker_customer_message(t, 3, MON + 12 * H);
    assert_int_equal(metric(t, 3, NR, MON + 12 * H).due, MON + 14 * H);
    assert_true(metric(t, 3, NR, MON + 14 * H).flags & TRIAGE_SLA_BREACHED);
    triage_tracker_agent_reply(t, 3, MON + 14 * H + 30 * MIN);
    nr = metric(t, 3, NR, MON + 15 * H);
    assert_int_equal(nr.flags, TRIAGE_SLA_BREACHED);
    assert_int_equal(nr.elapsed, 150 * MIN);
    assert_int_equal(nr.remaining, -30 * MIN);
    /* The fires: cycle 1's warning at 11:00; cycle 2's warning at 13:00 and
     * breach at 14:00 with escalation 1 (escalation 2 at 15:00 never came:
     * the reply at 14:30 ended the cycle). Periodic updates were reset by
     * each reply before their warnings. */
    fire f[16];
    assert_int_equal(collect(t, MON + 15 * H + 59 * MIN, f, 16), 4);
    expect_fire(&f[0], 3, MON + 11 * H, WARN, NR, 1);
    expect_fire(&f[1], 3, MON + 13 * H, WARN, NR, 1);
    expect_fire(&f[2], 3, MON + 14 * H, BREACH, NR, 1);
    expect_fire(&f[3], 3, MON + 14 * H, ESC, NR, 2);
    triage_tracker_free(t);
}

/* Periodic update: from each reply to the next while open. Reply Mon
 * 10:00 (due Tue 10:00), reply Mon 15:00 (met; due Tue 15:00), solved Mon
 * 16:00 (stops it, met). */
static void test_periodic_update(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 4, MON + 9 * H, TRIAGE_PRIORITY_LOW, 1, NULL, 0);
    assert_int_equal(metric(t, 4, PU, MON + 9 * H).flags, 0);
    triage_tracker_agent_reply(t, 4, MON + 10 * H);
    assert_int_equal(metric(t, 4, PU, MON + 10 * H).due, MON + DAY + 10 * H);
    triage_tracker_agent_reply(t, 4, MON + 15 * H);
    metric_state pu = metric(t, 4, PU, MON + 15 * H);
    assert_int_equal(pu.flags, TRIAGE_SLA_ACTIVE | TRIAGE_SLA_MET);
    assert_int_equal(pu.due, MON + DAY + 15 * H); /* 15-17 (2h) + Tue 09-15 (6h) */
    assert_int_equal(triage_tracker_solved(t, 4, MON + 16 * H), TRIAGE_OK);
    pu = metric(t, 4, PU, MON + 17 * H);
    assert_int_equal(pu.flags, TRIAGE_SLA_MET);
    assert_int_equal(pu.elapsed, H);
    /* The first PU warning (Mon 14:00) fired before the second reply. */
    fire f[8];
    assert_int_equal(collect(t, MON + WEEK, f, 8), 1);
    expect_fire(&f[0], 4, MON + 14 * H, WARN, PU, 1);
    triage_tracker_free(t);
}

/* Resolution resumes on reopen: created Mon 09:00, solved Mon 13:00 (4h
 * used), reopened Tue 09:00: 12h left -> Tue 8h + Wed 4h = Wed 13:00; the
 * warning (8h) at Tue 13:00. The first response, never given, breached at
 * 13:00 exactly when the ticket was solved (a stop at the due instant is
 * late). */
static void test_resolution_reopen(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 5, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    assert_int_equal(triage_tracker_reopened(t, 5, MON + 10 * H), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_solved(t, 5, MON + 13 * H), TRIAGE_OK);
    assert_int_equal(triage_tracker_solved(t, 5, MON + 14 * H), TRIAGE_ERR_STATE);
    metric_state res = metric(t, 5, RES, MON + 20 * H);
    assert_int_equal(res.flags, TRIAGE_SLA_MET);
    assert_int_equal(res.elapsed, 4 * H);
    assert_int_equal(metric(t, 5, FR, MON + 20 * H).flags, TRIAGE_SLA_BREACHED);
    int solved;
    triage_tracker_ticket(t, 5, NULL, NULL, NULL, &solved);
    assert_true(solved);
    assert_int_equal(triage_tracker_reopened(t, 5, MON + DAY + 9 * H), TRIAGE_OK);
    res = metric(t, 5, RES, MON + DAY + 9 * H);
    assert_int_equal(res.flags, TRIAGE_SLA_ACTIVE | TRIAGE_SLA_MET);
    assert_int_equal(res.elapsed, 4 * H);
    assert_int_equal(res.due, MON + 2 * DAY + 13 * H);
    fire f[16];
    assert_int_equal(collect(t, MON + 2 * DAY + 14 * H, f, 16), 7);
    expect_fire(&f[0], 5, MON + 11 * H, WARN, FR, 1);
    expect_fire(&f[1], 5, MON + 13 * H, BREACH, FR, 1);
    expect_fire(&f[2], 5, MON + 13 * H, ESC, FR, 2);
    expect_fire(&f[3], 5, MON + DAY + 13 * H, WARN, RES, 2);
    expect_fire(&f[4], 5, MON + 2 * DAY + 13 * H, BREACH, RES, 2);
    expect_fire(&f[5], 5, MON + 2 * DAY + 13 * H, ESC, RES, 3);
    expect_fire(&f[6], 5, MON + 2 * DAY + 14 * H, ESC, RES, 4);
    /* Solved again after the breach: breached. */
    triage_tracker_solved(t, 5, MON + 2 * DAY + 15 * H);
    assert_int_equal(metric(t, 5, RES, MON + 3 * DAY).flags, TRIAGE_SLA_BREACHED);
    triage_tracker_free(t);
}

/* A pause across a weekend. Business time: created Fri 16:00, pending at
 * 16:30 (30 min used), open again Mon 10:00: 3h30 left from Mon 10:00 ->
 * 13:30; the warning (2h) 1h30 after -> 11:30. Calendar time ("fast",
 * urgent): 10 min used before the pause, resumed Mon 09:00, breach at
 * 09:20, warning (22m30s) at 09:12:30. */
static void test_pause_across_weekend(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 6, FRI + 16 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_created(t, 61, FRI + 16 * H, TRIAGE_PRIORITY_URGENT, 1, NULL, 0);
    assert_int_equal(triage_tracker_status(t, 6, FRI + 16 * H + 30 * MIN, "pending", 7), TRIAGE_OK);
    assert_int_equal(triage_tracker_status(t, 61, FRI + 16 * H + 10 * MIN, "on_hold", 7), TRIAGE_OK);
    metric_state fr = metric(t, 6, FR, FRI + DAY);
    assert_int_equal(fr.flags, TRIAGE_SLA_ACTIVE | TRIAGE_SLA_PAUSED);
    assert_int_equal(fr.due, TRIAGE_TIME_NONE);
    assert_int_equal(fr.elapsed, 30 * MIN);
    assert_int_equal(fr.remaining, 3 * H + 30 * MIN);
    fire f[16];
    assert_int_equal(collect(t, MON2 + 9 * H, f, 16), 0); /* nothing while paused */
    triage_tracker_status(t, 61, MON2 + 9 * H, "open", 4);
    triage_tracker_status(t, 6, MON2 + 10 * H, "open", 4);
    assert_int_equal(metric(t, 6, FR, MON2 + 10 * H).due, MON2 + 13 * H + 30 * MIN);
    assert_int_equal(metric(t, 61, FR, MON2 + 9 * H).due, MON2 + 9 * H + 20 * MIN);
    /* Ticket 61's resolution (8h calendar, 10 min used) warns at 6h: Mon
     * 14:50; ticket 6's (16h business, 30 min used) at Tue 09:30. */
    assert_int_equal(collect(t, MON2 + 14 * H, f, 16), 7);
    expect_fire(&f[0], 61, MON2 + 9 * H + 12 * MIN + 30, WARN, FR, 1);
    assert_int_equal(f[0].level, 750000);
    expect_fire(&f[1], 61, MON2 + 9 * H + 20 * MIN, BREACH, FR, 1);
    expect_fire(&f[2], 61, MON2 + 9 * H + 20 * MIN, ESC, FR, 2);
    expect_fire(&f[3], 61, MON2 + 10 * H + 20 * MIN, ESC, FR, 3);
    expect_fire(&f[4], 6, MON2 + 11 * H + 30 * MIN, WARN, FR, 1);
    expect_fire(&f[5], 6, MON2 + 13 * H + 30 * MIN, BREACH, FR, 1);
    expect_fire(&f[6], 6, MON2 + 13 * H + 30 * MIN, ESC, FR, 2);
    assert_int_equal(collect(t, MON2 + 15 * H, f, 16), 2);
    expect_fire(&f[0], 6, MON2 + 14 * H + 30 * MIN, ESC, FR, 3);
    expect_fire(&f[1], 61, MON2 + 14 * H + 50 * MIN, WARN, RES, 3);
    triage_tracker_free(t);
}

/* A policy change keeps the time used and counts what remains. */
static void test_policy_change(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    fire f[16];
    /* std -> fast at 10:00: 1h used > 30m: warning, breach and escalation 1
     * fire at the change; escalation 2 (1h30 budget) 30 min later. */
    triage_tracker_created(t, 7, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    assert_int_equal(triage_tracker_policy(t, 7, MON + 10 * H, "fast", 4), TRIAGE_OK);
    const char *name;
    triage_tracker_ticket(t, 7, NULL, NULL, &name, NULL);
    assert_string_equal(name, "fast");
    assert_int_equal(collect(t, MON + 10 * H + 30 * MIN, f, 16), 4);
    expect_fire(&f[0], 7, MON + 10 * H, WARN, FR, 1);
    expect_fire(&f[1], 7, MON + 10 * H, BREACH, FR, 1);
    expect_fire(&f[2], 7, MON + 10 * H, ESC, FR, 2);
    expect_fire(&f[3], 7, MON + 10 * H + 30 * MIN, ESC, FR, 3);
    /* Resolution under fast: 1h used of 8h calendar: due 17:00. */
    assert_int_equal(metric(t, 7, RES, MON + 11 * H).due, MON + 17 * H);
    /* An explicit policy ignores priority changes. */
    triage_tracker_priority(t, 7, MON + 11 * H, TRIAGE_PRIORITY_LOW);
    triage_tracker_ticket(t, 7, NULL, NULL, &name, NULL);
    assert_string_equal(name, "fast");
    /* Going back to the priority-driven choice: std again; the 1h30m of
     * std-less... resolution keeps its 3h used (1h std + 2h fast). */
    assert_int_equal(triage_tracker_policy(t, 7, MON + 12 * H, NULL, 0), TRIAGE_OK);
    triage_tracker_ticket(t, 7, NULL, NULL, &name, NULL);
    assert_string_equal(name, "std");
    assert_int_equal(metric(t, 7, RES, MON + 12 * H).elapsed, 3 * H);

    /* Priority-driven: normal (std) -> urgent (fast) at 09:30: 30 min used =
     * the 30 min target: breach at once. */
    triage_tracker_created(t, 71, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_priority(t, 71, MON + 9 * H + 30 * MIN, TRIAGE_PRIORITY_URGENT);
    triage_tracker_ticket(t, 71, NULL, NULL, &name, NULL);
    assert_string_equal(name, "fast");
    assert_int_equal(collect(t, MON + 9 * H + 30 * MIN, f, 16), 3);
    expect_fire(&f[0], 71, MON + 9 * H + 30 * MIN, WARN, FR, 1);
    expect_fire(&f[1], 71, MON + 9 * H + 30 * MIN, BREACH, FR, 1);
    expect_fire(&f[2], 71, MON + 9 * H + 30 * MIN, ESC, FR, 2);

    /* std -> slow at 10:00: 1h used of 8h business: 7h left from 10:00 run
     * out at the 17:00 close -> Tue 09:00. Resolution is not timed by slow. */
    triage_tracker_created(t, 72, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_policy(t, 72, MON + 10 * H, "slow", 4);
    metric_state fr = metric(t, 72, FR, MON + 12 * H);
    assert_int_equal(fr.due, MON + DAY + 9 * H);
    assert_int_equal(fr.elapsed, 3 * H);
    assert_int_equal(metric(t, 72, RES, MON + 12 * H).flags, 0);

    /* A warning that fired under std is not repeated by fast's. */
    triage_tracker_created(t, 73, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    size_t n = collect(t, MON + 11 * H, f, 16);
    assert_true(n >= 1);
    expect_fire(&f[n - 1], 73, MON + 11 * H, WARN, FR, 1);
    triage_tracker_policy(t, 73, MON + 11 * H + 30 * MIN, "fast", 4);
    n = collect(t, MON + 12 * H, f, 16);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i].ticket != 73) continue;
        assert_int_equal(f[i].at, MON + 11 * H + 30 * MIN);
        assert_int_not_equal(f[i].kind, WARN);
        seen++;
    }
    assert_int_equal(seen, 3); /* breach, escalation 1 and 2 (1h30 < 2h30 used) */
    /* Unknown policy: error, nothing changes. */
    assert_int_equal(triage_tracker_policy(t, 73, MON + 13 * H, "nope", 4), TRIAGE_ERR_NOT_FOUND);
    triage_tracker_free(t);
}

/* The remaining metric x event pairs on one ticket (std, business time):
 * created Mon 09:00; customer message 09:10 (first response unchanged);
 * reply 09:30 (first response met; periodic update starts); message 10:00
 * (next response armed, due 12:00, warning at 11:00); pending 11:00 to
 * 14:00 (next response paused after 1h); priority urgent at 14:30 (policy
 * fast, calendar time: next response used 1h30 > 1h: breach at once, the
 * warning already fired under std is not repeated; escalation 2 at 15:00);
 * solved 15:00; reopened Tue 09:00 (resolution resumes with 3h used: due
 * 14:00; periodic update restarts: due 13:00; first response stays met);
 * message Tue 09:30 (next response: 1h, due 10:30). */
static void test_metric_event_matrix(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    const uint64_t id = 100;
    triage_tracker_created(t, id, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_customer_message(t, id, MON + 9 * H + 10 * MIN);
    assert_int_equal(metric(t, id, FR, MON + 9 * H + 10 * MIN).due, MON + 13 * H);
    assert_int_equal(metric(t, id, NR, MON + 9 * H + 10 * MIN).flags, 0);
    triage_tracker_agent_reply(t, id, MON + 9 * H + 30 * MIN);
    triage_tracker_customer_message(t, id, MON + 10 * H);
    assert_int_equal(metric(t, id, NR, MON + 10 * H).due, MON + 12 * H);
    triage_tracker_status(t, id, MON + 11 * H, "pending", 7);
    metric_state nr = metric(t, id, NR, MON + 12 * H);
    assert_int_equal(nr.flags, TRIAGE_SLA_ACTIVE | TRIAGE_SLA_PAUSED);
    assert_int_equal(nr.elapsed, H);
    assert_int_equal(nr.due, TRIAGE_TIME_NONE);
    metric_state pu = metric(t, id, PU, MON + 12 * H);
    assert_int_equal(pu.flags, TRIAGE_SLA_ACTIVE | TRIAGE_SLA_PAUSED);
    assert_int_equal(pu.elapsed, 90 * MIN);
    triage_tracker_status(t, id, MON + 14 * H, "open", 4);
    assert_int_equal(metric(t, id, NR, MON + 14 * H).due, MON + 15 * H);
    /* 6h30 of periodic update left from 14:00: Mon 14-17, Tue 09-12:30. */
    assert_int_equal(metric(t, id, PU, MON + 14 * H).due, MON + DAY + 12 * H + 30 * MIN);
    /* 14h of resolution left: Mon 3h, Tue 8h, Wed 09-12. */
    assert_int_equal(metric(t, id, RES, MON + 14 * H).due, MON + 2 * DAY + 12 * H);
    triage_tracker_priority(t, id, MON + 14 * H + 30 * MIN, TRIAGE_PRIORITY_URGENT);
    assert_int_equal(metric(t, id, NR, MON + 14 * H + 30 * MIN).due, MON + 14 * H + 30 * MIN);
    assert_int_equal(metric(t, id, PU, MON + 14 * H + 30 * MIN).due, MON + 16 * H + 30 * MIN);
    assert_int_equal(metric(t, id, RES, MON + 14 * H + 30 * MIN).due, MON + 20 * H);
    assert_int_equal(triage_tracker_solved(t, id, MON + 15 * H), TRIAGE_OK);
    assert_int_equal(metric(t, id, NR, MON + 16 * H).flags, TRIAGE_SLA_BREACHED);
    assert_int_equal(metric(t, id, PU, MON + 16 * H).flags, TRIAGE_SLA_MET);
    assert_int_equal(metric(t, id, RES, MON + 16 * H).flags, TRIAGE_SLA_MET);
    assert_int_equal(metric(t, id, RES, MON + 16 * H).elapsed, 3 * H);
    fire f[32];
    assert_int_equal(collect(t, MON + 15 * H, f, 32), 4);
    expect_fire(&f[0], id, MON + 11 * H, WARN, NR, 1);
    assert_int_equal(f[0].level, 500000);
    expect_fire(&f[1], id, MON + 14 * H + 30 * MIN, BREACH, NR, 1);
    expect_fire(&f[2], id, MON + 14 * H + 30 * MIN, ESC, NR, 2);
    expect_fire(&f[3], id, MON + 15 * H, ESC, NR, 3);

    triage_tracker_reopened(t, id, MON + DAY + 9 * H);
    assert_int_equal(metric(t, id, FR, MON + DAY + 9 * H).flags, TRIAGE_SLA_MET);
    assert_int_equal(metric(t, id, NR, MON + DAY + 9 * H).flags, TRIAGE_SLA_BREACHED);
    assert_int_equal(metric(t, id, PU, MON + DAY + 9 * H).due, MON + DAY + 13 * H);
    assert_int_equal(metric(t, id, RES, MON + DAY + 9 * H).due, MON + DAY + 14 * H);
    triage_tracker_customer_message(t, id, MON + DAY + 9 * H + 30 * MIN);
    assert_int_equal(metric(t, id, NR, MON + DAY + 10 * H).due, MON + DAY + 10 * H + 30 * MIN);
    const int64_t tue = MON + DAY;
    assert_int_equal(collect(t, tue + 16 * H, f, 32), 12);
    expect_fire(&f[0], id, tue + 10 * H + 15 * MIN, WARN, NR, 3);
    expect_fire(&f[1], id, tue + 10 * H + 30 * MIN, BREACH, NR, 3);
    expect_fire(&f[2], id, tue + 10 * H + 30 * MIN, ESC, NR, 4);
    expect_fire(&f[3], id, tue + 11 * H + 30 * MIN, ESC, NR, 5);
    expect_fire(&f[4], id, tue + 12 * H, WARN, PU, 5);
    expect_fire(&f[5], id, tue + 12 * H, WARN, RES, 5);
    expect_fire(&f[6], id, tue + 13 * H, BREACH, PU, 5);
    expect_fire(&f[7], id, tue + 13 * H, ESC, PU, 6);
    expect_fire(&f[8], id, tue + 14 * H, ESC, PU, 7);
    expect_fire(&f[9], id, tue + 14 * H, BREACH, RES, 7);
    expect_fire(&f[10], id, tue + 14 * H, ESC, RES, 8);
    expect_fire(&f[11], id, tue + 15 * H, ESC, RES, 9);
    triage_tracker_free(t);
}

/* Events made late (after fires the host has not collected) keep those
 * fires, in order, interleaved with other tickets'. */
static void test_late_events_keep_fires(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 10, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_created(t, 20, MON + 10 * H, TRIAGE_PRIORITY_NORMAL, 1, NULL, 0);
    triage_tracker_agent_reply(t, 10, MON + 15 * H);
    assert_int_equal(metric(t, 10, FR, MON + 15 * H).flags, TRIAGE_SLA_BREACHED);
    fire f[16];
    assert_int_equal(collect(t, MON + 16 * H, f, 16), 8);
    expect_fire(&f[0], 10, MON + 11 * H, WARN, FR, 1);
    expect_fire(&f[1], 20, MON + 12 * H, WARN, FR, 1);
    expect_fire(&f[2], 10, MON + 13 * H, BREACH, FR, 1);
    expect_fire(&f[3], 10, MON + 13 * H, ESC, FR, 2);
    expect_fire(&f[4], 10, MON + 14 * H, ESC, FR, 3);
    expect_fire(&f[5], 20, MON + 14 * H, BREACH, FR, 1);
    expect_fire(&f[6], 20, MON + 14 * H, ESC, FR, 2);
    expect_fire(&f[7], 20, MON + 15 * H, ESC, FR, 3);
    triage_tracker_free(t);
}

/* Errors change nothing: the snapshot bytes are identical before and after. */
static void test_errors_leave_state(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    triage_tracker_created(t, 8, MON + 9 * H, TRIAGE_PRIORITY_NORMAL, 2, NULL, 0);
    triage_tracker_status(t, 8, MON + 10 * H, "open", 4);
    size_t len0, len1;
    unsigned char *before = save(t, &len0);
    assert_non_null(before);
    assert_int_equal(triage_tracker_created(t, 8, MON + 11 * H, 1, 1, NULL, 0), TRIAGE_ERR_EXISTS);
    assert_int_equal(triage_tracker_created(t, 9, MON, 4, 1, NULL, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_created(t, 9, MON, 1, 0, NULL, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_created(t, 9, MON, 1, 101, NULL, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_created(t, 9, MON, 1, 1, "nope", 4), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_created(t, 9, TRIAGE_TIME_MAX + 1, 1, 1, NULL, 0), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_tracker_agent_reply(t, 99, MON + 11 * H), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_agent_reply(t, 8, MON + 9 * H), TRIAGE_ERR_STATE); /* before 10:00 */
    assert_int_equal(triage_tracker_customer_message(t, 8, MON + 9 * H), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_status(t, 8, MON + 9 * H, "pending", 7), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_status(t, 8, MON + 11 * H, "", 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_status(t, 8, MON + 11 * H, NULL, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_priority(t, 8, MON + 11 * H, -1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_tracker_priority(t, 8, MON + 9 * H, 2), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_solved(t, 8, MON + 9 * H), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_reopened(t, 8, MON + 11 * H), TRIAGE_ERR_STATE);
    assert_int_equal(triage_tracker_solved(t, 8, INT64_MIN), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_tracker_remove(t, 99), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_metric(t, 99, FR, MON, NULL, NULL, NULL, NULL), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_metric(t, 8, 4, MON, NULL, NULL, NULL, NULL), TRIAGE_ERR_ARGUMENT);
    /* Configuration is fixed once events came. */
    triage_sla_policy *p = triage_sla_policy_create(NULL, "late", 4);
    assert_int_equal(triage_tracker_add_policy(t, p), TRIAGE_ERR_STATE);
    triage_sla_policy_free(p);
    unsigned char *after = save(t, &len1);
    assert_int_equal(len0, len1);
    assert_memory_equal(before, after, len0);
    free(before);
    free(after);
    /* Equal times are in order. */
    assert_int_equal(triage_tracker_agent_reply(t, 8, MON + 10 * H), TRIAGE_OK);
    triage_tracker_free(t);
}

/* Policies and their limits. */
static void test_policy_api(void **state) {
    (void)state;
    assert_null(triage_sla_policy_create(NULL, "", 0));
    triage_sla_policy *p = triage_sla_policy_create(NULL, "x", 1);
    assert_string_equal(triage_sla_policy_name(p), "x");
    assert_int_equal(triage_sla_policy_set_target(p, 4, 60, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_set_target(p, FR, 0, 0), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_sla_policy_set_target(p, FR, TRIAGE_MAX_TARGET + 1, 0), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_sla_policy_set_target(p, FR, 60, 0x10), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_warning(p, 0.0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_warning(p, 1.0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_warning(p, 0.0 / 0.0), TRIAGE_ERR_ARGUMENT);
    for (int i = 1; i <= TRIAGE_MAX_WARNINGS; i++)
        assert_int_equal(triage_sla_policy_add_warning(p, i / 20.0), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_warning(p, 0.05), TRIAGE_OK); /* duplicate */
    assert_int_equal(triage_sla_policy_add_warning(p, 0.99), TRIAGE_ERR_LIMIT);
    assert_int_equal(triage_sla_policy_add_escalation(p, -1, 1, -1), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_sla_policy_add_escalation(p, 0, -1, -1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_escalation(p, 0, 1, 4), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_pause_status(p, "", 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_metric_from_name("resolution", 10), RES);
    assert_int_equal(triage_metric_from_name("nope", 4), TRIAGE_ERR_NOT_FOUND);
    assert_string_equal(triage_metric_name(NR), "next_response");
    assert_null(triage_metric_name(4));
    assert_string_equal(triage_fire_kind_name(ESC), "escalation");
    triage_tracker *t = triage_tracker_create(NULL);
    assert_int_equal(triage_tracker_add_policy(t, p), TRIAGE_OK);
    assert_int_equal(triage_tracker_add_policy(t, p), TRIAGE_ERR_EXISTS);
    assert_int_equal(triage_tracker_set_default_policy(t, "y", 1), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_tracker_set_priority_policy(t, 5, "x", 1), TRIAGE_ERR_ARGUMENT);
    /* A ticket without any policy is tracked but never fires. */
    assert_int_equal(triage_tracker_created(t, 1, MON, 1, 1, NULL, 0), TRIAGE_OK);
    const char *name = "?";
    triage_tracker_ticket(t, 1, NULL, NULL, &name, NULL);
    assert_null(name);
    int64_t at;
    assert_int_equal(triage_tracker_next_fire(t, &at), TRIAGE_ERR_NOT_FOUND);
    triage_tracker_free(t);
    triage_sla_policy_free(p);
}

/* Removing tickets; many tickets keep order and the index consistent. */
static void test_remove_and_many(void **state) {
    (void)state;
    triage_tracker *t = make_tracker();
    for (uint64_t i = 1; i <= 2000; i++)
        assert_int_equal(triage_tracker_created(t, i * 7919, MON + 9 * H + (int64_t)(i % 60) * MIN,
                                                TRIAGE_PRIORITY_NORMAL, 1, NULL, 0),
                         TRIAGE_OK);
    for (uint64_t i = 1; i <= 2000; i += 2) assert_int_equal(triage_tracker_remove(t, i * 7919), TRIAGE_OK);
    assert_int_equal(triage_tracker_ticket_count(t), 1000);
    for (uint64_t i = 1; i <= 2000; i++) {
        int rc = triage_tracker_ticket(t, i * 7919, NULL, NULL, NULL, NULL);
        assert_int_equal(rc, i % 2 ? TRIAGE_ERR_NOT_FOUND : TRIAGE_OK);
    }
    /* The first FR warning left: ticket 2*7919 created at 09:02 -> 11:02. */
    int64_t at;
    assert_int_equal(triage_tracker_next_fire(t, &at), TRIAGE_OK);
    assert_int_equal(at, MON + 11 * H + 0 * MIN);
    size_t n;
    assert_int_equal(triage_tracker_collect(t, MON + 12 * H, &n), TRIAGE_OK);
    assert_int_equal(n, 1000); /* one FR warning per ticket left */
    int64_t prev = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        uint64_t id;
        int64_t a;
        triage_tracker_fire(t, i, &id, &a, NULL, NULL, NULL, NULL, NULL, NULL);
        assert_true(id % 2 == 0);
        assert_true(a >= prev);
        prev = a;
    }
    assert_int_equal(triage_tracker_fire(t, n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);
    assert_true(triage_tracker_memory(t) / 1000 < 400);
    triage_tracker_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_response_met),
        cmocka_unit_test(test_first_response_breach_any_steps),
        cmocka_unit_test(test_next_response),
        cmocka_unit_test(test_periodic_update),
        cmocka_unit_test(test_resolution_reopen),
        cmocka_unit_test(test_pause_across_weekend),
        cmocka_unit_test(test_policy_change),
        cmocka_unit_test(test_metric_event_matrix),
        cmocka_unit_test(test_late_events_keep_fires),
        cmocka_unit_test(test_errors_leave_state),
        cmocka_unit_test(test_policy_api),
        cmocka_unit_test(test_remove_and_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
