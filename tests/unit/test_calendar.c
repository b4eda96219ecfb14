/* Business calendars: every convention of DESIGN.md "SLA timers" with a
 * worked example. Instants are Unix seconds; each expected value is derived
 * in the comment next to it. Zones come from the fixtures in
 * tests/data/tz (copies of tzdata 2025b), so results do not depend on the
 * host's database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <triage/sla.h>

#define H 3600
#define M 60
#define DAY 86400
#define WEEK (7 * DAY)
/* 2026-03-02T00:00:00Z, a Monday: 20514 days after 1970-01-01. */
#define MON_UTC 1772409600LL

static triage_calendar *utc_office(void) {
    /* Monday to Friday 09:00-17:00 UTC. */
    triage_calendar *c = triage_calendar_create(NULL);
    assert_non_null(c);
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++)
        assert_int_equal(triage_calendar_add_interval(c, d, 9 * H, 17 * H), TRIAGE_OK);
    return c;
}

static triage_calendar *zoned(const char *zone) {
    triage_calendar *c = triage_calendar_create(NULL);
    assert_non_null(c);
    assert_int_equal(triage_calendar_set_zoneinfo_dir(c, TRIAGE_TEST_DATA "/tz"), TRIAGE_OK);
    assert_int_equal(triage_calendar_set_zone(c, zone, strlen(zone)), TRIAGE_OK);
    assert_string_equal(triage_calendar_zone(c), zone);
    return c;
}

static int64_t due(const triage_calendar *c, int64_t s, int64_t budget) {
    int64_t t = 0;
    assert_int_equal(triage_calendar_due(c, s, budget, NULL, 0, &t), TRIAGE_OK);
    /* The definition: elapsed(s, due) is the budget. */
    int64_t e = -1;
    assert_int_equal(triage_calendar_elapsed(c, s, t, NULL, 0, &e), TRIAGE_OK);
    assert_int_equal(e, budget);
    return t;
}

static int64_t elapsed(const triage_calendar *c, int64_t a, int64_t b) {
    int64_t e = -1;
    assert_int_equal(triage_calendar_elapsed(c, a, b, NULL, 0, &e), TRIAGE_OK);
    return e;
}

static int is_open(const triage_calendar *c, int64_t t) {
    int open = -1;
    assert_int_equal(triage_calendar_is_open(c, t, &open), TRIAGE_OK);
    return open;
}

/* [open, close): 09:00 is inside, 17:00 is not. */
static void test_half_open_intervals(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    assert_false(is_open(c, MON_UTC + 9 * H - 1));
    assert_true(is_open(c, MON_UTC + 9 * H));
    assert_true(is_open(c, MON_UTC + 17 * H - 1));
    assert_false(is_open(c, MON_UTC + 17 * H));
    assert_int_equal(elapsed(c, MON_UTC, MON_UTC + DAY), 8 * H);
    /* Mon 10:00 + 2h = Mon 12:00 */
    assert_int_equal(due(c, MON_UTC + 10 * H, 2 * H), MON_UTC + 12 * H);
    triage_calendar_free(c);
}

/* A budget that runs out exactly at a close is due at the next opening:
 * Mon 13:00 + 4h uses 13:00-17:00, so due is Tue 09:00, not Mon 17:00. */
static void test_budget_ending_at_close(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    assert_int_equal(due(c, MON_UTC + 13 * H, 4 * H), MON_UTC + DAY + 9 * H);
    /* Friday 13:00 + 4h: next opening is Monday 09:00 (weekend closed). */
    assert_int_equal(due(c, MON_UTC + 4 * DAY + 13 * H, 4 * H), MON_UTC + WEEK + 9 * H);
    /* One second less is still Monday 16:59:59. */
    assert_int_equal(due(c, MON_UTC + 13 * H, 4 * H - 1), MON_UTC + 17 * H - 1);
    triage_calendar_free(c);
}

/* A zero budget is due at the first business instant at or after the start. */
static void test_zero_budget(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    assert_int_equal(due(c, MON_UTC + 10 * H, 0), MON_UTC + 10 * H); /* in hours: now */
    assert_int_equal(due(c, MON_UTC + 18 * H, 0), MON_UTC + DAY + 9 * H); /* evening */
    assert_int_equal(due(c, MON_UTC + 17 * H, 0), MON_UTC + DAY + 9 * H); /* at the close */
    assert_int_equal(due(c, MON_UTC + 5 * DAY, 0), MON_UTC + WEEK + 9 * H); /* Saturday */
    triage_calendar_free(c);
}

/* Start outside hours: Saturday 12:00 + 3h counts from Monday 09:00. */
static void test_start_outside_hours(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    assert_int_equal(due(c, MON_UTC + 5 * DAY + 12 * H, 3 * H), MON_UTC + WEEK + 12 * H);
    /* Sunday 23:00 to Monday 10:00 holds one business hour. */
    assert_int_equal(elapsed(c, MON_UTC - H, MON_UTC + 10 * H), H);
    triage_calendar_free(c);
}

/* Split shifts: 09:00-12:30 and 13:30-17:00. 12:00 + 1h is 30 min before
 * lunch and 30 after: 14:00. */
static void test_split_shift(void **state) {
    (void)state;
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 13 * H + 30 * M, 17 * H), TRIAGE_OK);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 9 * H, 12 * H + 30 * M), TRIAGE_OK);
    assert_int_equal(due(c, MON_UTC + 12 * H, H), MON_UTC + 14 * H);
    /* Budget ending at 12:30 (lunch) is due at 13:30. */
    assert_int_equal(due(c, MON_UTC + 12 * H, 30 * M), MON_UTC + 13 * H + 30 * M);
    assert_false(is_open(c, MON_UTC + 13 * H));
    assert_int_equal(elapsed(c, MON_UTC, MON_UTC + DAY), 7 * H);
    /* Overlapping intervals are refused, touching ones accepted. */
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 12 * H, 14 * H), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 12 * H + 30 * M, 13 * H + 30 * M), TRIAGE_OK);
    assert_int_equal(elapsed(c, MON_UTC, MON_UTC + DAY), 8 * H);
    triage_calendar_free(c);
}

/* 24:00 is the next midnight, and Sunday 22:00-24:00 joins Monday
 * 00:00-02:00 into one stretch. */
static void test_24h_and_joined_days(void **state) {
    (void)state;
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_SUNDAY, 22 * H, 24 * H), TRIAGE_OK);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 0, 2 * H), TRIAGE_OK);
    int64_t sun = MON_UTC - DAY;
    /* Sun 23:00 + 1h runs out at Sunday 24:00 = Monday 00:00, which is open:
     * due then (the next opening is that very instant). */
    assert_int_equal(due(c, sun + 23 * H, H), MON_UTC);
    assert_int_equal(due(c, sun + 23 * H, 2 * H), MON_UTC + H);
    assert_true(is_open(c, MON_UTC));
    assert_int_equal(elapsed(c, sun, MON_UTC + DAY), 4 * H);
    /* Without the Monday morning, 1h from Sun 23:00 is due next Sunday 22:00. */
    triage_calendar_clear_intervals(c);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_SUNDAY, 22 * H, 24 * H), TRIAGE_OK);
    assert_int_equal(due(c, sun + 23 * H, H), sun + WEEK + 22 * H);
    /* Bad intervals. */
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 0, 24 * H + 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, 5 * H, 5 * H), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_MONDAY, -1, 5 * H), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_interval(c, 7, 0, H), TRIAGE_ERR_ARGUMENT);
    triage_calendar_free(c);
}

/* A holiday removes the whole local date: Berlin office (09:00-12:30,
 * 13:30-17:00 Mon-Fri, Sat 10:00-14:00) with 2026-12-25 (Fri) and 26 (Sat).
 * Thu 24th 16:00 CET + 2h: 1h on Thursday; Friday and Saturday are
 * holidays, Sunday closed; Monday 28th 09:00 + 1h = 10:00 CET = 09:00Z
 * = 1798448400. Starting on the holiday itself counts from Monday too. */
static void test_holidays(void **state) {
    (void)state;
    triage_calendar *c = zoned("Europe/Berlin");
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++) {
        assert_int_equal(triage_calendar_add_interval(c, d, 9 * H, 12 * H + 30 * M), TRIAGE_OK);
        assert_int_equal(triage_calendar_add_interval(c, d, 13 * H + 30 * M, 17 * H), TRIAGE_OK);
    }
    assert_int_equal(triage_calendar_add_interval(c, TRIAGE_SATURDAY, 10 * H, 14 * H), TRIAGE_OK);
    assert_int_equal(triage_calendar_add_holiday(c, 2026, 12, 25), TRIAGE_OK);
    assert_int_equal(triage_calendar_add_holiday(c, 2026, 12, 26), TRIAGE_OK);
    assert_int_equal(triage_calendar_add_holiday(c, 2026, 12, 26), TRIAGE_OK); /* twice: fine */
    int64_t thu16 = 1798124400; /* 2026-12-24T16:00+01:00 = 15:00Z */
    assert_int_equal(due(c, thu16, 2 * H), 1798448400);
    int64_t fri10 = thu16 + 18 * H; /* 2026-12-25T10:00+01:00 */
    assert_int_equal(due(c, fri10, H), 1798448400);
    assert_false(is_open(c, fri10));
    assert_int_equal(triage_calendar_add_holiday(c, 2026, 2, 29), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_holiday(c, 2026, 13, 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_add_holiday(c, 0, 1, 1), TRIAGE_ERR_ARGUMENT);
    triage_calendar_free(c);
}

/* Business time is real seconds: a 00:00-24:00 day lasts 23 h or 25 h. */
static void test_dst_day_lengths(void **state) {
    (void)state;
    triage_calendar *ny = zoned("America/New_York");
    triage_calendar_set_24x7(ny);
    triage_calendar_add_holiday(ny, 2000, 1, 1); /* forces the day walk */
    /* 2024-03-10 (spring forward, 02:00 EST -> 03:00 EDT): from 00:00 EST
     * (05:00Z = 1710046800) to next midnight EDT (04:00Z = 1710129600). */
    assert_int_equal(elapsed(ny, 1710046800, 1710129600), 23 * H);
    /* 2024-11-03 (fall back): 00:00 EDT (04:00Z) to 00:00 EST (05:00Z). */
    assert_int_equal(elapsed(ny, 1730606400, 1730696400), 25 * H);
    triage_calendar *be = zoned("Europe/Berlin");
    triage_calendar_set_24x7(be);
    triage_calendar_add_holiday(be, 2000, 1, 1);
    /* 2026-03-29: 00:00 CET (23:00Z on the 28th) to 00:00 CEST (22:00Z). */
    assert_int_equal(elapsed(be, 1774738800, 1774821600), 23 * H);
    /* 2026-10-25: 00:00 CEST (22:00Z on the 24th) to 00:00 CET (23:00Z). */
    assert_int_equal(elapsed(be, 1792879200, 1792969200), 25 * H);
    /* Due across spring forward: Sat 2026-03-28 12:00 CET (11:00Z) + 24h of
     * a 24x7 calendar is 24 real hours later: Sunday 13:00 CEST. */
    assert_int_equal(due(be, 1774695600, 24 * H), 1774695600 + 24 * H);
    triage_calendar_free(ny);
    triage_calendar_free(be);
}

/* Local times that repeat or do not exist. */
static void test_dst_local_times(void **state) {
    (void)state;
    triage_calendar *ny = zoned("America/New_York");
    int64_t t;
    /* 02:30 on 2024-03-10 does not exist: read with EST (-5) it is 07:30Z,
     * which is 03:30 EDT. */
    assert_int_equal(triage_calendar_local_instant(ny, 2024, 3, 10, 2 * H + 30 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1710055800);
    /* 01:30 on 2024-11-03 happens twice: the earlier, 01:30 EDT = 05:30Z. */
    assert_int_equal(triage_calendar_local_instant(ny, 2024, 11, 3, H + 30 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1730611800);
    int32_t off;
    assert_int_equal(triage_calendar_utc_offset(ny, 1710055800, &off), TRIAGE_OK);
    assert_int_equal(off, -4 * H);
    /* Daily 02:30-04:00 on the spring-forward day opens at 03:30 EDT and
     * closes at 04:00 EDT: 30 minutes. */
    triage_calendar_add_interval(ny, TRIAGE_SUNDAY, 2 * H + 30 * M, 4 * H);
    assert_int_equal(elapsed(ny, 1710046800, 1710129600), 30 * M);
    /* The Sunday before (2024-03-03, EST all day): 90 minutes. */
    assert_int_equal(elapsed(ny, 1710046800 - WEEK, 1710129600 - WEEK), 90 * M);
    /* Daily 01:00-02:00 on the fall-back day: 01:00 EDT (05:00Z) to 02:00
     * EST (07:00Z): two real hours. */
    triage_calendar_clear_intervals(ny);
    triage_calendar_add_interval(ny, TRIAGE_SUNDAY, H, 2 * H);
    assert_int_equal(elapsed(ny, 1730606400, 1730696400), 2 * H);
    /* 1h from 01:00 EDT ends at 06:00Z, i.e. 01:00 EST (the repeat). */
    assert_int_equal(due(ny, 1730610000, H), 1730613600);
    triage_calendar_free(ny);

    triage_calendar *be = zoned("Europe/Berlin");
    /* 02:30 on 2026-03-29 does not exist: CET gives 01:30Z = 03:30 CEST. */
    assert_int_equal(triage_calendar_local_instant(be, 2026, 3, 29, 2 * H + 30 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1774738800 + 2 * H + 30 * M - 0);
    /* (1774738800 is 00:00 CET = 23:00Z on the 28th; +2h30 = 01:30Z.) */
    /* 02:30 on 2026-10-25 repeats: earlier is 02:30 CEST = 00:30Z. */
    assert_int_equal(triage_calendar_local_instant(be, 2026, 10, 25, 2 * H + 30 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1792879200 + 2 * H + 30 * M);
    /* Office hours 09:00-17:00 on both days are 8 real hours. */
    triage_calendar_add_interval(be, TRIAGE_SUNDAY, 9 * H, 17 * H);
    assert_int_equal(elapsed(be, 1774738800, 1774821600), 8 * H);
    assert_int_equal(elapsed(be, 1792879200, 1792969200), 8 * H);
    triage_calendar_free(be);
}

/* Australia/Lord_Howe moves by 30 minutes: +10:30 <-> +11:00. */
static void test_lord_howe(void **state) {
    (void)state;
    triage_calendar *c = zoned("Australia/Lord_Howe");
    triage_calendar_set_24x7(c);
    triage_calendar_add_holiday(c, 2000, 1, 1);
    /* 2025-10-05 (first Sunday of October) 02:00 -> 02:30: 23.5 hours from
     * 00:00 +10:30 (13:30Z on the 4th = 1759584600) to 00:00 +11 (13:00Z). */
    assert_int_equal(elapsed(c, 1759584600, 1759669200), 23 * H + 30 * M);
    /* 2026-04-05 02:00 -> 01:30: 24.5 hours (00:00 +11 = 13:00Z on the 4th
     * = 1775307600, to 00:00 +10:30 = 13:30Z on the 5th). */
    assert_int_equal(elapsed(c, 1775307600, 1775395800), 24 * H + 30 * M);
    int64_t t;
    /* 02:15 on 2025-10-05 does not exist: +10:30 gives 15:45Z on the 4th,
     * which shows as 02:45 +11. */
    assert_int_equal(triage_calendar_local_instant(c, 2025, 10, 5, 2 * H + 15 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1759592700);
    /* 01:45 on 2026-04-05 repeats: the earlier is 01:45 +11 = 14:45Z. */
    assert_int_equal(triage_calendar_local_instant(c, 2026, 4, 5, H + 45 * M, &t), TRIAGE_OK);
    assert_int_equal(t, 1775313900);
    /* Far past the table (footer rule <+1030>-10:30<+11>-11,M10.1.0,M4.1.0):
     * 2100-01-01T00:00Z is summer (+11), 2100-07-01T00:00Z winter. */
    int32_t off;
    assert_int_equal(triage_calendar_utc_offset(c, 4102444800LL, &off), TRIAGE_OK);
    assert_int_equal(off, 11 * H);
    assert_int_equal(triage_calendar_utc_offset(c, 4118083200LL, &off), TRIAGE_OK);
    assert_int_equal(off, 10 * H + 30 * M);
    triage_calendar_free(c);
}

/* A holiday on a DST day removes that (23-hour) local day and nothing
 * else: Berlin 24x7 with 2026-03-29 off. From Saturday 00:00 CET
 * (1774652400) to Monday 00:00 CEST (1774821600) only Saturday counts. */
static void test_holiday_on_dst_day(void **state) {
    (void)state;
    triage_calendar *c = zoned("Europe/Berlin");
    triage_calendar_set_24x7(c);
    assert_int_equal(elapsed(c, 1774652400, 1774821600), 24 * H + 23 * H);
    triage_calendar_add_holiday(c, 2026, 3, 29);
    assert_int_equal(elapsed(c, 1774652400, 1774821600), 24 * H);
    /* Saturday 23:00 CET + 1h runs out at Sunday 00:00: due Monday 00:00. */
    assert_int_equal(due(c, 1774652400 + 23 * H, H), 1774821600);
    triage_calendar_free(c);
}

/* Pauses: removed instant ranges, overlapping, unsorted, before the start. */
static void test_pauses(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    /* Start Mon 10:00, 4h. Pauses [08:00, 11:00) and [10:30, 12:00): the
     * first starts before the ticket, they overlap; together they remove
     * 10:00-12:00, so counting starts at 12:00: due 16:00. */
    int64_t p[4] = {MON_UTC + 10 * H + 30 * M, MON_UTC + 12 * H, MON_UTC + 8 * H, MON_UTC + 11 * H};
    int64_t t, e;
    assert_int_equal(triage_calendar_due(c, MON_UTC + 10 * H, 4 * H, p, 2, &t), TRIAGE_OK);
    assert_int_equal(t, MON_UTC + 16 * H);
    assert_int_equal(triage_calendar_elapsed(c, MON_UTC + 10 * H, t, p, 2, &e), TRIAGE_OK);
    assert_int_equal(e, 4 * H);
    /* A budget running out as a pause begins is due when the pause ends:
     * Mon 09:00 + 2h with a pause [11:00, 13:00) -> 13:00. */
    int64_t q[2] = {MON_UTC + 11 * H, MON_UTC + 13 * H};
    assert_int_equal(triage_calendar_due(c, MON_UTC + 9 * H, 2 * H, q, 1, &t), TRIAGE_OK);
    assert_int_equal(t, MON_UTC + 13 * H);
    /* A pause over the weekend removes nothing: Fri 16:00 + 2h is Mon 10:00. */
    int64_t w[2] = {MON_UTC + 4 * DAY + 17 * H, MON_UTC + WEEK + 9 * H};
    assert_int_equal(triage_calendar_due(c, MON_UTC + 4 * DAY + 16 * H, 2 * H, w, 1, &t), TRIAGE_OK);
    assert_int_equal(t, MON_UTC + WEEK + 10 * H);
    /* An empty pause and a pause entirely before the start change nothing. */
    int64_t z[4] = {MON_UTC + 12 * H, MON_UTC + 12 * H, MON_UTC - DAY, MON_UTC};
    assert_int_equal(triage_calendar_due(c, MON_UTC + 10 * H, H, z, 2, &t), TRIAGE_OK);
    assert_int_equal(t, MON_UTC + 11 * H);
    /* Errors. */
    int64_t bad[2] = {MON_UTC + 12 * H, MON_UTC + 11 * H};
    assert_int_equal(triage_calendar_due(c, MON_UTC, H, bad, 1, &t), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_elapsed(c, MON_UTC, MON_UTC + DAY, bad, 1, &e), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_due(c, MON_UTC, H, NULL, 1, &t), TRIAGE_ERR_ARGUMENT);
    triage_calendar_free(c);
}

/* elapsed(a, b) = 0 when b <= a. */
static void test_elapsed_reversed(void **state) {
    (void)state;
    triage_calendar *c = utc_office();
    assert_int_equal(elapsed(c, MON_UTC + 12 * H, MON_UTC + 10 * H), 0);
    assert_int_equal(elapsed(c, MON_UTC + 12 * H, MON_UTC + 12 * H), 0);
    triage_calendar_free(c);
}

/* A year: 52 weeks of Mon-Fri 09:00-17:00 Berlin hold 52 x 40 h. From
 * Monday 2026-01-05 09:00 CET (08:00Z = 1767600000) the budget runs out at
 * Friday 17:00 of week 52, so it is due Monday 2027-01-04 09:00 CET
 * (1799049600): the clock changes happen on closed Sunday nights. */
static void test_year_budget(void **state) {
    (void)state;
    triage_calendar *c = zoned("Europe/Berlin");
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++)
        triage_calendar_add_interval(c, d, 9 * H, 17 * H);
    assert_int_equal(due(c, 1767600000, 52LL * 40 * H), 1799049600);
    assert_int_equal(due(c, 1767600000, 52LL * 40 * H - 1), 1799049600 - 2 * DAY - 16 * H - 1);
    /* A hundred years of budget gives an answer, not a loop. */
    int64_t t;
    assert_int_equal(triage_calendar_due(c, 1767600000, 100LL * 52 * 40 * H, NULL, 0, &t), TRIAGE_OK);
    assert_true(t > 1767600000 + 99LL * 365 * DAY);
    /* 24x7: a year is 365 days of seconds. */
    triage_calendar *a = triage_calendar_create(NULL);
    triage_calendar_set_24x7(a);
    assert_int_equal(due(a, MON_UTC, 365LL * DAY), MON_UTC + 365LL * DAY);
    /* Past year 9999: a clear range error. */
    assert_int_equal(triage_calendar_due(a, MON_UTC, TRIAGE_TIME_MAX, NULL, 0, &t), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_calendar_due(c, TRIAGE_TIME_MAX - DAY, 2 * 8 * H, NULL, 0, &t), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_calendar_due(c, TRIAGE_TIME_MAX + 1, 0, NULL, 0, &t), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_calendar_due(c, 0, -1, NULL, 0, &t), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_calendar_due(c, 0, INT64_MAX, NULL, 0, &t), TRIAGE_ERR_RANGE);
    int64_t e;
    assert_int_equal(triage_calendar_elapsed(c, INT64_MIN, 0, NULL, 0, &e), TRIAGE_ERR_RANGE);
    /* Whole-range elapsed works and is bounded by real time. */
    assert_int_equal(triage_calendar_elapsed(a, TRIAGE_TIME_MIN, TRIAGE_TIME_MAX, NULL, 0, &e), TRIAGE_OK);
    assert_int_equal(e, TRIAGE_TIME_MAX - TRIAGE_TIME_MIN);
    triage_calendar_free(a);
    triage_calendar_free(c);
}

/* No open hours at all: never due. */
static void test_never_open(void **state) {
    (void)state;
    triage_calendar *c = triage_calendar_create(NULL);
    int64_t t;
    assert_int_equal(triage_calendar_due(c, MON_UTC, 0, NULL, 0, &t), TRIAGE_ERR_RANGE);
    assert_int_equal(elapsed(c, MON_UTC, MON_UTC + WEEK), 0);
    triage_calendar_free(c);
}

/* Zone names must be safe relative names of the database. */
static void test_zone_names(void **state) {
    (void)state;
    triage_calendar *c = zoned("Europe/Berlin");
    const char *bad[] = {"../etc/passwd", "/etc/localtime", "America/../Europe/Berlin",
                         "Europe//Berlin", "Europe/Berlin/", "Europe/ Berlin", "Mars/Olympus",
                         "", ".", "Europe/Berlin\n", "-x", "America", "zone.tab"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(triage_calendar_set_zone(c, bad[i], strlen(bad[i])), TRIAGE_ERR_TIMEZONE);
    /* A NUL inside the name is refused too. */
    assert_int_equal(triage_calendar_set_zone(c, "UTC\0x", 5), TRIAGE_ERR_TIMEZONE);
    assert_string_equal(triage_calendar_zone(c), "Europe/Berlin"); /* unchanged */
    assert_int_equal(triage_calendar_set_zone(c, NULL, 0), TRIAGE_ERR_ARGUMENT);
    /* Another directory: nothing there. */
    assert_int_equal(triage_calendar_set_zoneinfo_dir(c, TRIAGE_TEST_DATA "/nonexistent"), TRIAGE_OK);
    assert_int_equal(triage_calendar_set_zone(c, "UTC", 3), TRIAGE_ERR_TIMEZONE);
    assert_int_equal(triage_calendar_set_zoneinfo_dir(c, TRIAGE_TEST_DATA "/tz"), TRIAGE_OK);
    assert_int_equal(triage_calendar_set_zone(c, "UTC", 3), TRIAGE_OK);
    assert_string_equal(triage_calendar_zone(c), "UTC");
    triage_calendar_free(c);
}

/* The compiled-in directory is used by default (skipped without one). */
static void test_system_zoneinfo(void **state) {
    (void)state;
    triage_calendar *c = triage_calendar_create(NULL);
    int rc = triage_calendar_set_zone(c, "Europe/Berlin", 13);
    if (rc == TRIAGE_OK) {
        int32_t off;
        assert_int_equal(triage_calendar_utc_offset(c, 1774821600, &off), TRIAGE_OK);
        assert_int_equal(off, 2 * H); /* 2026-03-30: CEST */
    } else {
        assert_int_equal(rc, TRIAGE_ERR_TIMEZONE);
    }
    triage_calendar_free(c);
}

/* Clones are deep and independent. */
static void test_clone(void **state) {
    (void)state;
    triage_calendar *c = zoned("America/New_York");
    triage_calendar_add_interval(c, TRIAGE_MONDAY, 9 * H, 17 * H);
    triage_calendar_add_holiday(c, 2026, 3, 9);
    triage_calendar *d = triage_calendar_clone(c);
    assert_non_null(d);
    triage_calendar_free(c);
    assert_string_equal(triage_calendar_zone(d), "America/New_York");
    /* Mon 2026-03-09 is a holiday; Mon 2026-03-16 09:00 EDT = 13:00Z. */
    int64_t mon9 = 1773014400; /* 2026-03-09T00:00Z */
    assert_int_equal(due(d, mon9, 0), mon9 + WEEK + 13 * H);
    triage_calendar_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_open_intervals),
        cmocka_unit_test(test_budget_ending_at_close),
        cmocka_unit_test(test_zero_budget),
        cmocka_unit_test(test_start_outside_hours),
        cmocka_unit_test(test_split_shift),
        cmocka_unit_test(test_24h_and_joined_days),
        cmocka_unit_test(test_holidays),
        cmocka_unit_test(test_dst_day_lengths),
        cmocka_unit_test(test_dst_local_times),
        cmocka_unit_test(test_lord_howe),
        cmocka_unit_test(test_holiday_on_dst_day),
        cmocka_unit_test(test_pauses),
        cmocka_unit_test(test_elapsed_reversed),
        cmocka_unit_test(test_year_budget),
        cmocka_unit_test(test_never_open),
        cmocka_unit_test(test_zone_names),
        cmocka_unit_test(test_system_zoneinfo),
        cmocka_unit_test(test_clone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
