/* Calendars and SLA policies from a rules file reach the compiled ruleset
 * and behave as written; an unknown zone is a load error at its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <triage/triage.h>

#define H 3600LL
#define MON 1772409600LL /* 2026-03-02T00:00Z, a Monday */

static const char *rules =
    "triage: 1\n"
    "sla:\n"                     /* before the calendars it names */
    "  default: standard\n"
    "  by_priority: {urgent: urgent, high: standard}\n"
    "  policies:\n"
    "    - name: urgent\n"
    "      calendar: always\n"
    "      first_response: 30m\n"
    "      next_response: 1h\n"
    "      periodic_update: 4h\n"
    "      resolution: 8h\n"
    "      pause_on: [pending, on_hold]\n"
    "      warn_at: [0.75]\n"
    "      escalate:\n"
    "        - {after: 0m, set: {tier: +1}}\n"
    "        - {after: 1h, set: {tier: +1, priority: urgent}}\n"
    "    - name: standard\n"
    "      calendar: emea\n"
    "      first_response: 4h\n"
    "      resolution: 3d\n"
    "      pause_on: [pending]\n"
    "    - name: instant\n"
    "      first_response: 0m\n"
    "calendars:\n"
    "  emea:\n"
    "    timezone: Europe/Berlin\n"
    "    hours:\n"
    "      mon-fri: [\"09:00-12:30\", \"13:30-17:00\"]\n"
    "      sat: \"10:00-14:00\"\n"
    "    holidays: [2026-12-25, 2026-12-26]\n"
    "  always: 24x7\n";

static triage_ruleset *compile(const char *yaml) {
    triage_builder *b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_set_zoneinfo_dir(b, TRIAGE_TEST_DATA "/tz"), TRIAGE_OK);
    int rc = triage_builder_load_yaml(b, yaml, strlen(yaml), "t.yaml");
    if (rc != TRIAGE_OK) {
        const char *m;
        unsigned line, col;
        for (size_t i = 0; i < triage_builder_error_count(b); i++) {
            triage_builder_error(b, i, NULL, &line, &col, &m);
            print_message("%u:%u: %s\n", line, col, m);
        }
    }
    assert_int_equal(rc, TRIAGE_OK);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    return rs;
}

static void test_rules_file_policies(void **state) {
    (void)state;
    triage_ruleset *rs = compile(rules);
    assert_int_equal(triage_ruleset_calendar_count(rs), 2);
    assert_string_equal(triage_calendar_zone(triage_ruleset_calendar(rs, "emea", 4)), "Europe/Berlin");
    assert_int_equal(triage_ruleset_sla_policy_count(rs), 3);
    /* standard: 4h of emea from Thursday 2026-12-24 16:00 CET (15:00Z =
     * 1798124400): 16:00-17:00, the 25th and 26th are holidays, Sunday is
     * closed, Monday 28th 09:00-12:00 -> due 12:00 CET = 11:00Z, 92 h on. */
    const triage_sla_policy *std = triage_ruleset_sla_policy_choose(rs, NULL, TRIAGE_PRIORITY_HIGH);
    assert_string_equal(triage_sla_policy_name(std), "standard");
    int64_t due;
    assert_int_equal(triage_sla_policy_due(std, TRIAGE_METRIC_FIRST_RESPONSE, 1798124400, &due), TRIAGE_OK);
    assert_int_equal(due, 1798124400 + 4 * 24 * H - 4 * H);
    /* resolution: 3d in business time is 3 business days of 7 h (the
     * longest open day): from Monday 2026-03-02 09:15 CET (08:15Z) to
     * Thursday 09:15 CET (08:15Z), as in the decision of rules-format.md. */
    assert_int_equal(triage_sla_policy_due(std, TRIAGE_METRIC_RESOLUTION, MON + 8 * H + 15 * 60, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 3 * 24 * H + 8 * H + 15 * 60);
    assert_int_equal(triage_sla_policy_due(std, TRIAGE_METRIC_FIRST_RESPONSE, MON + 8 * H + 15 * 60, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 13 * H + 15 * 60); /* 09:15-12:30, 13:30-14:15 CET */
    /* Default for normal priority; urgent for urgent (24x7: plain hours). */
    assert_string_equal(triage_sla_policy_name(triage_ruleset_sla_policy_choose(rs, NULL, 1)), "standard");
    const triage_sla_policy *urgent = triage_ruleset_sla_policy_choose(rs, NULL, TRIAGE_PRIORITY_URGENT);
    assert_int_equal(triage_sla_policy_due(urgent, TRIAGE_METRIC_RESOLUTION, MON, &due), TRIAGE_OK);
    assert_int_equal(due, MON + 8 * H);
    /* A 0m target is due at once. */
    const triage_sla_policy *instant = triage_ruleset_sla_policy_find(rs, "instant", 7);
    assert_int_equal(triage_sla_policy_due(instant, TRIAGE_METRIC_FIRST_RESPONSE, MON, &due), TRIAGE_OK);
    assert_int_equal(due, MON);

    /* The tracker replays the urgent policy of rules-format.md: warning at
     * 22m30s, breach at 30m with tier +1, an hour later tier +1 and urgent. */
    triage_tracker *t = triage_tracker_create(NULL);
    assert_int_equal(triage_tracker_add_ruleset(t, rs), TRIAGE_OK);
    triage_tracker_created(t, 1, MON, TRIAGE_PRIORITY_URGENT, 1, NULL, 0);
    size_t n;
    triage_tracker_collect(t, MON + 2 * H, &n);
    assert_int_equal(n, 4);
    int64_t at[4];
    int kind[4], tier[4];
    for (size_t i = 0; i < n; i++)
        triage_tracker_fire(t, i, NULL, &at[i], &kind[i], NULL, NULL, NULL, &tier[i], NULL);
    assert_int_equal(at[0], MON + 22 * 60 + 30);
    assert_int_equal(kind[0], TRIAGE_FIRE_WARNING);
    assert_int_equal(at[1], MON + 30 * 60);
    assert_int_equal(kind[1], TRIAGE_FIRE_BREACH);
    assert_int_equal(at[2], MON + 30 * 60);
    assert_int_equal(tier[2], 2);
    assert_int_equal(at[3], MON + 90 * 60);
    assert_int_equal(tier[3], 3);
    triage_tracker_free(t);
    triage_ruleset_free(rs);
}

static void test_unknown_zone_is_a_load_error(void **state) {
    (void)state;
    const char *yaml = "triage: 1\n"
                       "calendars:\n"
                       "  mars:\n"
                       "    timezone: Mars/Olympus_Mons\n"
                       "    hours: {mon: \"09:00-17:00\"}\n";
    triage_builder *b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_yaml(b, yaml, strlen(yaml), "t.yaml"), TRIAGE_ERR_TIMEZONE);
    unsigned line, col;
    const char *msg;
    assert_int_equal(triage_builder_error(b, 0, NULL, &line, &col, &msg), TRIAGE_ERR_TIMEZONE);
    assert_int_equal(line, 4);
    assert_int_equal(col, 15);
    assert_non_null(strstr(msg, "Mars/Olympus_Mons"));
    triage_builder_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_file_policies),
        cmocka_unit_test(test_unknown_zone_is_a_load_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
