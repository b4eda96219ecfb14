/* Calendars and SLA policies carried from the builder into the compiled
 * ruleset, and escalation levels that set or raise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <triage/triage.h>

#define H 3600LL
#define MON 1772409600LL /* 2026-03-02T00:00Z, a Monday */

static triage_calendar *berlin_office(void) {
    triage_calendar *c = triage_calendar_create(NULL);
    triage_calendar_set_zoneinfo_dir(c, TRIAGE_TEST_DATA "/tz");
    assert_int_equal(triage_calendar_set_zone(c, "Europe/Berlin", 13), TRIAGE_OK);
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++) triage_calendar_add_interval(c, d, 9 * H, 17 * H);
    return c;
}

static void test_builder_to_ruleset(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    triage_sla_policy *std = triage_sla_policy_create(NULL, "std", 3);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_FIRST_RESPONSE, 4 * H, 0);
    triage_sla_policy *fast = triage_sla_policy_create(NULL, "fast", 4);
    triage_sla_policy_set_target(fast, TRIAGE_METRIC_FIRST_RESPONSE, H, 0);
    /* The policy names its calendar before the calendar is added. */
    assert_int_equal(triage_builder_add_sla_policy(b, std, "emea", 4), TRIAGE_OK);
    assert_int_equal(triage_builder_add_sla_policy(b, fast, NULL, 0), TRIAGE_OK);
    assert_int_equal(triage_builder_add_sla_policy(b, fast, NULL, 0), TRIAGE_ERR_EXISTS);
    triage_builder *ok = triage_builder_create(NULL);
    triage_calendar *cal = berlin_office();
    assert_int_equal(triage_builder_add_calendar(b, "emea", 4, cal), TRIAGE_OK);
    assert_int_equal(triage_builder_set_sla_default(b, "std", 3), TRIAGE_OK);
    assert_int_equal(triage_builder_set_sla_priority_policy(b, TRIAGE_PRIORITY_URGENT, "fast", 4), TRIAGE_OK);
    assert_int_equal(triage_builder_set_sla_priority_policy(b, 7, "fast", 4), TRIAGE_ERR_ARGUMENT);
    /* The duplicate above is an error on the builder: compile refuses. */
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_ERR_EXISTS);
    assert_null(rs);
    triage_builder_free(b);

    /* The same without the duplicate. */
    assert_int_equal(triage_builder_add_sla_policy(ok, std, "emea", 4), TRIAGE_OK);
    assert_int_equal(triage_builder_add_sla_policy(ok, fast, NULL, 0), TRIAGE_OK);
    assert_int_equal(triage_builder_add_calendar(ok, "emea", 4, cal), TRIAGE_OK);
    triage_builder_set_sla_default(ok, "std", 3);
    triage_builder_set_sla_priority_policy(ok, TRIAGE_PRIORITY_URGENT, "fast", 4);
    assert_int_equal(triage_builder_compile(ok, &rs), TRIAGE_OK);
    triage_calendar_free(cal);
    triage_sla_policy_free(std);
    triage_sla_policy_free(fast);
    triage_builder_free(ok);

    assert_int_equal(triage_ruleset_calendar_count(rs), 1);
    assert_string_equal(triage_ruleset_calendar_name(rs, 0), "emea");
    assert_null(triage_ruleset_calendar_name(rs, 1));
    assert_non_null(triage_ruleset_calendar(rs, "emea", 4));
    assert_null(triage_ruleset_calendar(rs, "apac", 4));
    assert_int_equal(triage_ruleset_sla_policy_count(rs), 2);
    const triage_sla_policy *p = triage_ruleset_sla_policy_choose(rs, NULL, TRIAGE_PRIORITY_NORMAL);
    assert_string_equal(triage_sla_policy_name(p), "std");
    p = triage_ruleset_sla_policy_choose(rs, NULL, TRIAGE_PRIORITY_URGENT);
    assert_string_equal(triage_sla_policy_name(p), "fast");
    p = triage_ruleset_sla_policy_choose(rs, "std", TRIAGE_PRIORITY_URGENT);
    assert_string_equal(triage_sla_policy_name(p), "std");
    assert_null(triage_ruleset_sla_policy_choose(rs, "nope", 0));
    /* std carries the Berlin calendar: Monday 16:00 CET (15:00Z) + 4h of
     * 09:00-17:00 is Tuesday 12:00 CET = 11:00Z. */
    int64_t due;
    assert_int_equal(triage_sla_policy_due(p, TRIAGE_METRIC_FIRST_RESPONSE, MON + 15 * H, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 24 * H + 11 * H);
    assert_int_equal(triage_sla_policy_due(p, TRIAGE_METRIC_RESOLUTION, MON, &due), TRIAGE_ERR_NOT_FOUND);
    /* fast: calendar time. */
    p = triage_ruleset_sla_policy_find(rs, "fast", 4);
    assert_int_equal(triage_sla_policy_due(p, TRIAGE_METRIC_FIRST_RESPONSE, MON, &due), TRIAGE_OK);
    assert_int_equal(due, MON + H);
    /* A tracker takes every policy and the choices. */
    triage_tracker *t = triage_tracker_create(NULL);
    assert_int_equal(triage_tracker_add_ruleset(t, rs), TRIAGE_OK);
    triage_tracker_created(t, 1, MON, TRIAGE_PRIORITY_URGENT, 1, NULL, 0);
    triage_tracker_created(t, 2, MON, TRIAGE_PRIORITY_LOW, 1, NULL, 0);
    const char *name;
    triage_tracker_ticket(t, 1, NULL, NULL, &name, NULL);
    assert_string_equal(name, "fast");
    triage_tracker_ticket(t, 2, NULL, NULL, &name, NULL);
    assert_string_equal(name, "std");
    triage_tracker_free(t);
    triage_ruleset_free(rs);
}

static void test_unknown_names(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    triage_sla_policy *p = triage_sla_policy_create(NULL, "std", 3);
    triage_sla_policy_set_target(p, TRIAGE_METRIC_RESOLUTION, H, 0);
    triage_builder_add_sla_policy(b, p, "nowhere", 7);
    triage_builder_set_sla_default(b, "missing", 7);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_ERR_RULES);
    assert_null(rs);
    assert_true(triage_builder_error_count(b) >= 2);
    const char *msg;
    triage_builder_error(b, 0, NULL, NULL, NULL, &msg);
    assert_non_null(strstr(msg, "nowhere"));
    triage_builder_error(b, 1, NULL, NULL, NULL, &msg);
    assert_non_null(strstr(msg, "missing"));
    assert_int_equal(triage_builder_add_calendar(b, "", 0, NULL), TRIAGE_ERR_ARGUMENT);
    triage_sla_policy_free(p);
    triage_builder_free(b);
}

/* Escalations: +N raises, a level raises to at least that level, a
 * priority step raises; nothing lowers. */
static void test_escalation_levels(void **state) {
    (void)state;
    triage_sla_policy *p = triage_sla_policy_create(NULL, "esc", 3);
    triage_sla_policy_set_target(p, TRIAGE_METRIC_FIRST_RESPONSE, H, 0);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 0, TRIAGE_ESCALATE_SET_TIER, 3, -1), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 60, TRIAGE_ESCALATE_RAISE_PRIORITY, 0, 1), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 120, TRIAGE_ESCALATE_SET_TIER, 2, TRIAGE_PRIORITY_LOW), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 180, 0, 1, -1), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 0, TRIAGE_ESCALATE_SET_TIER, 0, -1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 0, TRIAGE_ESCALATE_RAISE_PRIORITY, 0, 0), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_sla_policy_add_escalation_level(p, 0, 0x80, 0, 0), TRIAGE_ERR_ARGUMENT);
    triage_tracker *t = triage_tracker_create(NULL);
    triage_tracker_add_policy(t, p);
    triage_tracker_created(t, 1, MON, TRIAGE_PRIORITY_NORMAL, 1, "esc", 3);
    size_t n;
    assert_int_equal(triage_tracker_collect(t, MON + 2 * H, &n), TRIAGE_OK);
    assert_int_equal(n, 5); /* breach, then four levels */
    int tiers[5], prios[5];
    for (size_t i = 0; i < n; i++)
        triage_tracker_fire(t, i, NULL, NULL, NULL, NULL, NULL, NULL, &tiers[i], &prios[i]);
    /* breach (1, normal); set tier 3; priority +1 -> high; "set" tier 2 and
     * low change nothing; +1 tier -> 4. */
    int want_tiers[5] = {1, 3, 3, 3, 4}, want_prios[5] = {1, 1, 2, 2, 2};
    assert_memory_equal(tiers, want_tiers, sizeof tiers);
    assert_memory_equal(prios, want_prios, sizeof prios);
    triage_tracker_free(t);
    triage_sla_policy_free(p);
}

/* Days in business time are business days (the longest open day); an
 * escalation level never fires before the one before it. Calendar: Mon-Fri
 * 09:00-17:00 UTC (8 h days). */
static void test_business_days(void **state) {
    (void)state;
    triage_calendar *cal = triage_calendar_create(NULL);
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++) triage_calendar_add_interval(cal, d, 9 * H, 17 * H);
    triage_calendar_add_interval(cal, TRIAGE_SATURDAY, 9 * H, 11 * H);
    triage_sla_policy *p = triage_sla_policy_create(NULL, "days", 4);
    triage_sla_policy_set_calendar(p, cal);
    /* 2 days + 1 hour = 17 h from Monday 10:00: Tuesday 10:00 + 8 h is
     * Wednesday 10:00, + 1 h = 11:00. */
    assert_int_equal(triage_sla_policy_set_target_days(p, TRIAGE_METRIC_RESOLUTION, 2, H, 0), TRIAGE_OK);
    int64_t due;
    assert_int_equal(triage_sla_policy_due(p, TRIAGE_METRIC_RESOLUTION, MON + 10 * H, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 2 * 24 * H + 11 * H);
    /* In calendar time a day is 24 h. */
    triage_sla_policy_set_target_days(p, TRIAGE_METRIC_FIRST_RESPONSE, 1, 0, TRIAGE_TARGET_CALENDAR_TIME);
    assert_int_equal(triage_sla_policy_due(p, TRIAGE_METRIC_FIRST_RESPONSE, MON + 10 * H, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 34 * H);
    assert_int_equal(triage_sla_policy_set_target_days(p, 0, -1, 0, 0), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_sla_policy_set_target_days(p, 0, 0, -1, 0), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_sla_policy_set_target_days(p, 0, 40000, 0, 0), TRIAGE_ERR_RANGE);
    /* Levels after 9h and after 1d (= 8 h of business): the second comes
     * with the first, not before it. Resolution 2d1h from Monday 10:00
     * breaches Wednesday 11:00; +9 h of business is Thursday 12:00. */
    assert_int_equal(triage_sla_policy_add_escalation_days(p, 0, 9 * H, 0, 1, -1), TRIAGE_OK);
    assert_int_equal(triage_sla_policy_add_escalation_days(p, 1, 0, 0, 1, -1), TRIAGE_OK);
    triage_tracker *t = triage_tracker_create(NULL);
    triage_tracker_add_policy(t, p);
    triage_tracker_created(t, 1, MON + 10 * H, 1, 1, "days", 4);
    size_t n;
    triage_tracker_collect(t, MON + 7 * 24 * H, &n);
    int64_t at[8];
    int kind[8], metric[8];
    assert_true(n <= 8);
    size_t res = 0;
    int64_t seen[8];
    for (size_t i = 0; i < n; i++) {
        triage_tracker_fire(t, i, NULL, &at[i], &kind[i], &metric[i], NULL, NULL, NULL, NULL);
        if (metric[i] == TRIAGE_METRIC_RESOLUTION) seen[res++] = at[i];
    }
    assert_int_equal(res, 3);
    assert_int_equal(seen[0], MON + 2 * 24 * H + 11 * H);
    assert_int_equal(seen[1], MON + 3 * 24 * H + 12 * H);
    assert_int_equal(seen[2], MON + 3 * 24 * H + 12 * H);
    triage_tracker_free(t);
    triage_sla_policy_free(p);
    triage_calendar_free(cal);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_to_ruleset),
        cmocka_unit_test(test_unknown_names),
        cmocka_unit_test(test_escalation_levels),
        cmocka_unit_test(test_business_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
