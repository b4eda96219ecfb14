/* The TZif reader: versions 1 to 3, POSIX TZ footers past the table, and
 * refusal (never a crash) of malformed, truncated or bit-flipped data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <triage/sla.h>

#define H 3600

static size_t put32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return 4;
}

static size_t put64(unsigned char *p, int64_t v) {
    put32(p, (uint32_t)((uint64_t)v >> 32));
    put32(p + 4, (uint32_t)v);
    return 8;
}

static size_t header(unsigned char *p, char version, size_t nt, size_t ntypes, size_t nchars) {
    memset(p, 0, 44);
    memcpy(p, "TZif", 4);
    p[4] = (unsigned char)version;
    put32(p + 32, (uint32_t)nt);
    put32(p + 36, (uint32_t)ntypes);
    put32(p + 40, (uint32_t)nchars);
    return 44;
}

/* A TZif file: transitions at times[i] to type types[i]; offsets per type;
 * version 0 (v1, 32-bit only) or '2'/'3' with a 64-bit block and footer. */
static size_t build(unsigned char *buf, char version, size_t nt, const int64_t *times,
                    const unsigned char *types, size_t ntypes, const int32_t *offs,
                    const char *footer) {
    size_t n = 0;
    int wide = version != 0;
    /* The v1 block of a v2+ file is left minimal, as zic -b slim does. */
    size_t nt1 = wide ? 0 : nt, ntypes1 = wide ? 1 : ntypes;
    n += header(buf + n, version, nt1, ntypes1, 4);
    for (size_t i = 0; i < nt1; i++) n += put32(buf + n, (uint32_t)(int32_t)times[i]);
    for (size_t i = 0; i < nt1; i++) buf[n++] = types[i];
    for (size_t i = 0; i < ntypes1; i++) {
        n += put32(buf + n, (uint32_t)offs[i]);
        buf[n++] = 0;
        buf[n++] = 0;
    }
    memcpy(buf + n, "ABC", 4);
    n += 4;
    if (!wide) return n;
    n += header(buf + n, version, nt, ntypes, 4);
    for (size_t i = 0; i < nt; i++) n += put64(buf + n, times[i]);
    for (size_t i = 0; i < nt; i++) buf[n++] = types[i];
    for (size_t i = 0; i < ntypes; i++) {
        n += put32(buf + n, (uint32_t)offs[i]);
        buf[n++] = 0;
        buf[n++] = 0;
    }
    memcpy(buf + n, "ABC", 4);
    n += 4;
    buf[n++] = '\n';
    size_t fl = strlen(footer);
    memcpy(buf + n, footer, fl);
    n += fl;
    buf[n++] = '\n';
    return n;
}

static int load(triage_calendar *c, const unsigned char *data, size_t len) {
    return triage_calendar_set_zone_tzif(c, "Test/Zone", 9, data, len);
}

static int32_t offset_at(const triage_calendar *c, int64_t t) {
    int32_t off = 0;
    assert_int_equal(triage_calendar_utc_offset(c, t, &off), TRIAGE_OK);
    return off;
}

/* A footer-only zone ("EST5EDT,M3.2.0,M11.1.0"): US rules for every year.
 * 2024: second Sunday of March is the 10th, 02:00 EST = 07:00Z
 * (1710054000); first Sunday of November is the 3rd, 02:00 EDT = 06:00Z
 * (1730613600). */
static void test_footer_us_rules(void **state) {
    (void)state;
    unsigned char buf[512];
    int32_t offs[1] = {-5 * H};
    size_t n = build(buf, '2', 0, NULL, NULL, 1, offs, "EST5EDT,M3.2.0,M11.1.0");
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    assert_int_equal(offset_at(c, 1710054000 - 1), -5 * H);
    assert_int_equal(offset_at(c, 1710054000), -4 * H);
    assert_int_equal(offset_at(c, 1730613600 - 1), -4 * H);
    assert_int_equal(offset_at(c, 1730613600), -5 * H);
    /* 2525-07-01 is summer; 1900-01-01 winter (rules apply both ways). */
    assert_int_equal(offset_at(c, 17529782400LL), -4 * H);
    assert_int_equal(offset_at(c, -2208988800LL), -5 * H);
    triage_calendar_free(c);
}

/* Lord Howe's rule: <+1030>-10:30<+11>-11,M10.1.0,M4.1.0 (DST across the
 * new year, a 30-minute shift). 2030: first Sunday of October is the 6th,
 * 02:00 +10:30 = 15:30Z on the 5th (1917444600). */
static void test_footer_half_hour(void **state) {
    (void)state;
    unsigned char buf[512];
    int32_t offs[1] = {10 * H + 1800};
    size_t n = build(buf, '2', 0, NULL, NULL, 1, offs, "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    assert_int_equal(offset_at(c, 1917444600 - 1), 10 * H + 1800);
    assert_int_equal(offset_at(c, 1917444600), 11 * H);
    assert_int_equal(offset_at(c, 1893456000), 11 * H); /* 2030-01-01: summer */
    triage_calendar_free(c);
}

/* Version 3 extensions: negative and >24h rule times. Greenland-style
 * "<-02>2<-01>,M3.5.0/-1,M10.5.0/0": 2024-03-31 at -01:00 local (-02) is
 * 2024-03-30 23:00 local = 01:00Z on the 31st... (-1h + 2h = 01:00Z). */
static void test_footer_v3_times(void **state) {
    (void)state;
    unsigned char buf[512];
    int32_t offs[1] = {-2 * H};
    size_t n = build(buf, '3', 0, NULL, NULL, 1, offs, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    int64_t t = 1711846800; /* 2024-03-31T01:00:00Z */
    assert_int_equal(offset_at(c, t - 1), -2 * H);
    assert_int_equal(offset_at(c, t), -1 * H);
    /* Israel-style hour 26: "IST-2IDT,M3.4.4/26,M10.5.0" parses. */
    n = build(buf, '3', 0, NULL, NULL, 1, offs, "IST-2IDT,M3.4.4/26,M10.5.0");
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    /* Julian days: "XXX3YYY,J60/2,J300/2" and zero-based "XXX3YYY,59,299". */
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "XXX3YYY,J60/2,J300/2");
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "XXX3YYY,59,299");
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    triage_calendar_free(c);
}

static void test_bad_footers(void **state) {
    (void)state;
    unsigned char buf[512];
    int32_t offs[1] = {0};
    const char *bad[] = {"EST5EDT", /* DST without rules */
                         "ES5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
                         "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,J366,J1",
                         "EST5EDT,M3.2.0/168,M11.1.0", "EST25", "<+10", "EST5EDT,M3.2.0,M11.1.0x",
                         "EST5:60"};
    triage_calendar *c = triage_calendar_create(NULL);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t n = build(buf, '2', 0, NULL, NULL, 1, offs, bad[i]);
        assert_int_equal(load(c, buf, n), TRIAGE_ERR_TIMEZONE);
    }
    /* An empty footer is allowed: the last type holds. */
    size_t n = build(buf, '2', 0, NULL, NULL, 1, offs, "");
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    assert_string_equal(triage_calendar_zone(c), "Test/Zone");
    triage_calendar_free(c);
}

/* Version 1: 32-bit transitions, no footer; the last type holds forever and
 * type 0 before the first transition. */
static void test_version1(void **state) {
    (void)state;
    unsigned char buf[512];
    int64_t times[2] = {1000000000, 1100000000};
    unsigned char types[2] = {1, 0};
    int32_t offs[2] = {3600, 7200};
    size_t n = build(buf, 0, 2, times, types, 2, offs, NULL);
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    assert_int_equal(offset_at(c, 0), 3600);
    assert_int_equal(offset_at(c, 1000000000), 7200);
    assert_int_equal(offset_at(c, 1099999999), 7200);
    assert_int_equal(offset_at(c, 1100000000), 3600);
    assert_int_equal(offset_at(c, 4000000000LL), 3600);
    triage_calendar_free(c);
}

static void expect_bad(const unsigned char *buf, size_t n) {
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_ERR_TIMEZONE);
    assert_string_equal(triage_calendar_zone(c), "UTC");
    triage_calendar_free(c);
}

static void test_invalid_tables(void **state) {
    (void)state;
    unsigned char buf[512];
    int64_t times[2] = {2000, 1000};
    unsigned char types[2] = {0, 0};
    int32_t offs[2] = {0, 0};
    /* Transitions out of order. */
    expect_bad(buf, build(buf, '2', 2, times, types, 1, offs, ""));
    /* Type index out of range. */
    int64_t ok_times[2] = {1000, 2000};
    unsigned char bad_types[2] = {0, 5};
    expect_bad(buf, build(buf, '2', 2, ok_times, bad_types, 1, offs, ""));
    /* Offset beyond 26 hours. */
    int32_t huge[1] = {100000};
    expect_bad(buf, build(buf, '2', 0, NULL, NULL, 1, huge, ""));
    /* No types. */
    size_t n = build(buf, 0, 0, NULL, NULL, 1, offs, NULL);
    put32(buf + 36, 0);
    expect_bad(buf, n);
    /* Bad magic and unknown version. */
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "");
    buf[0] = 'X';
    expect_bad(buf, n);
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "");
    buf[4] = '9';
    expect_bad(buf, n);
    /* Leap-second tables (the "right/" zones) are not supported. */
    n = build(buf, 0, 0, NULL, NULL, 1, offs, NULL);
    put32(buf + 28, 1);
    memset(buf + n, 0, 8);
    expect_bad(buf, n + 8);
    /* Counts larger than the data. */
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "");
    put32(buf + 32, 0xFFFFFFFFu);
    expect_bad(buf, n);
    /* Missing footer newline. */
    n = build(buf, '2', 0, NULL, NULL, 1, offs, "UTC0");
    expect_bad(buf, n - 1);
    /* Empty and oversized input. */
    expect_bad(buf, 0);
    unsigned char *big = calloc(1, TRIAGE_MAX_TZIF_SIZE + 1);
    n = build(big, '2', 0, NULL, NULL, 1, offs, "UTC0");
    expect_bad(big, TRIAGE_MAX_TZIF_SIZE + 1);
    free(big);
}

static size_t read_fixture(const char *name, unsigned char *buf, size_t cap) {
    char path[512];
    snprintf(path, sizeof path, "%s/tz/%s", TRIAGE_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* Every truncation of a real file is refused; every single-byte change is
 * either refused or read, never a crash (run under the sanitizers). */
static void test_truncated_and_flipped(void **state) {
    (void)state;
    static unsigned char buf[8192], copy[8192];
    size_t n = read_fixture("America/New_York", buf, sizeof buf);
    assert_true(n > 1000);
    triage_calendar *c = triage_calendar_create(NULL);
    assert_int_equal(load(c, buf, n), TRIAGE_OK);
    assert_int_equal(offset_at(c, 1720000000), -4 * H); /* 2024-07-03 */
    for (size_t cut = 0; cut < n; cut++) {
        int rc = load(c, buf, cut);
        assert_int_equal(rc, TRIAGE_ERR_TIMEZONE);
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(copy, buf, n);
        copy[i] ^= (unsigned char)(0x55 + i);
        int rc = load(c, copy, n);
        assert_true(rc == TRIAGE_OK || rc == TRIAGE_ERR_TIMEZONE);
        if (rc == TRIAGE_OK) {
            int64_t t;
            /* Whatever was read answers queries within range. */
            (void)triage_calendar_utc_offset(c, 1720000000, &(int32_t){0});
            assert_int_equal(triage_calendar_local_instant(c, 2024, 3, 10, 9000, &t) <= 0, 1);
        }
    }
    triage_calendar_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_footer_us_rules),   cmocka_unit_test(test_footer_half_hour),
        cmocka_unit_test(test_footer_v3_times),   cmocka_unit_test(test_bad_footers),
        cmocka_unit_test(test_version1),          cmocka_unit_test(test_invalid_tables),
        cmocka_unit_test(test_truncated_and_flipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
