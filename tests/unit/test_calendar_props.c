/* Properties of due/elapsed on random calendars (fixed seed): the long-range
 * arithmetic (whole days and weeks skipped) agrees with day-by-day sums, due
 * is the first business instant with the right elapsed time, and elapsed is
 * additive. Zones with clock changes (New York, Berlin, Lord Howe) and
 * holidays on and around them are included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <triage/sla.h>

#define DAY 86400LL

static uint64_t rng_state = 0x1234567887654321ULL;
static uint64_t next_rand(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int64_t rand_below(int64_t n) { return (int64_t)(next_rand() % (uint64_t)n); }

static const char *const zones[] = {"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"};

static triage_calendar *random_calendar(void) {
    triage_calendar *c = triage_calendar_create(NULL);
    triage_calendar_set_zoneinfo_dir(c, TRIAGE_TEST_DATA "/tz");
    const char *z = zones[rand_below(4)];
    assert_int_equal(triage_calendar_set_zone(c, z, strlen(z)), TRIAGE_OK);
    int any = 0;
    for (int d = 0; d < 7; d++) {
        /* Up to three intervals on a half-hour grid, some touching midnight,
         * some inside the 01:00-03:00 hours where clocks change. */
        int32_t at = 0;
        int n = (int)rand_below(4);
        for (int i = 0; i < n && at < 86400; i++) {
            int32_t open = at + (int32_t)rand_below(8) * 1800;
            int32_t close = open + 1800 + (int32_t)rand_below(16) * 1800;
            if (close > 86400) close = 86400;
            if (open >= close) break;
            assert_int_equal(triage_calendar_add_interval(c, d, open, close), TRIAGE_OK);
            any = 1;
            at = close + (int32_t)rand_below(2) * 1800;
        }
    }
    if (!any) triage_calendar_add_interval(c, TRIAGE_WEDNESDAY, 0, 86400);
    /* Holidays near clock changes of 2024-2026 and at random. */
    static const int dst_days[][3] = {{2024, 3, 10}, {2024, 11, 3}, {2025, 3, 30}, {2025, 10, 26},
                                      {2025, 10, 5}, {2026, 4, 5},  {2026, 3, 29}, {2026, 10, 25}};
    for (int i = 0; i < 8; i++)
        if (rand_below(3) == 0) triage_calendar_add_holiday(c, dst_days[i][0], dst_days[i][1], dst_days[i][2]);
    for (int i = 0; i < 6; i++)
        triage_calendar_add_holiday(c, 2024 + (int)rand_below(3), 1 + (int)rand_below(12), 1 + (int)rand_below(28));
    return c;
}

static int64_t elapsed(const triage_calendar *c, int64_t a, int64_t b) {
    int64_t e = -1;
    assert_int_equal(triage_calendar_elapsed(c, a, b, NULL, 0, &e), TRIAGE_OK);
    return e;
}

static int open_at(const triage_calendar *c, int64_t t) {
    int o = -1;
    assert_int_equal(triage_calendar_is_open(c, t, &o), TRIAGE_OK);
    return o;
}

static void test_long_ranges_match_day_sums(void **state) {
    (void)state;
    const int64_t t2024 = 1704067200; /* 2024-01-01T00:00Z */
    for (int round = 0; round < 40; round++) {
        triage_calendar *c = random_calendar();
        int64_t a = t2024 + rand_below(700 * DAY);
        int64_t b = a + rand_below(120 * DAY);
        /* Day-sized pieces take the exact walk; the whole range skips. */
        int64_t sum = 0;
        for (int64_t x = a; x < b; x += DAY / 2) sum += elapsed(c, x, x + DAY / 2 < b ? x + DAY / 2 : b);
        assert_int_equal(elapsed(c, a, b), sum);
        int64_t mid = a + rand_below(b - a + 1);
        assert_int_equal(elapsed(c, a, mid) + elapsed(c, mid, b), sum);
        triage_calendar_free(c);
    }
}

static void test_due_is_first_instant(void **state) {
    (void)state;
    const int64_t t2024 = 1704067200;
    for (int round = 0; round < 60; round++) {
        triage_calendar *c = random_calendar();
        for (int q = 0; q < 20; q++) {
            int64_t s = t2024 + rand_below(800 * DAY);
            if (q % 2) s -= s % 1800; /* on the grid, where edge cases live */
            int64_t budget = q % 5 == 0 ? 0 : rand_below(q % 3 ? 4 * 3600 : 300 * DAY);
            int64_t t;
            assert_int_equal(triage_calendar_due(c, s, budget, NULL, 0, &t), TRIAGE_OK);
            assert_true(t >= s);
            assert_int_equal(elapsed(c, s, t), budget);
            assert_true(open_at(c, t));
            /* Nothing earlier: just before t the budget was not yet used, or
             * the calendar was closed. */
            if (t > s && open_at(c, t - 1)) assert_int_equal(elapsed(c, s, t - 1), budget - 1);
        }
        triage_calendar_free(c);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_ranges_match_day_sums),
        cmocka_unit_test(test_due_is_first_instant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
