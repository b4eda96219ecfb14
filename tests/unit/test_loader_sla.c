/* YAML loader, `calendars` and `sla` sections: every accepted form loads,
 * every malformed one is reported at its line:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_loader_util.h"

static void valid_forms_load(void **state) {
    (void)state;
    const char *yaml = "triage: 1\n"
                       "calendars:\n"
                       "  office:\n"
                       "    timezone: America/New_York\n"
                       "    hours:\n"
                       "      mon-wed: [\"00:00-12:00\", \"12:00-24:00\"]\n"
                       "      thu: \"09:00 - 17:00\"\n"
                       "      fri: [\"13:00-17:00\", \"08:00-12:00\"]\n"
                       "      sat: []\n"
                       "      sun: closed\n"
                       "    holidays: 2024-02-29\n"
                       "  gmt: {timezone: Etc/GMT+5, hours: {sat-sun: \"10:00-11:00\"}}\n"
                       "  always: 24x7\n"
                       "sla:\n"
                       "  default: plain\n"
                       "  by_priority: {low: plain, normal: plain, high: office, urgent: office}\n"
                       "  policies:\n"
                       "    - name: plain\n"
                       "      first_response: 0m\n"
                       "      warn_at: .5\n"
                       "      pause_on: pending\n"
                       "    - name: office\n"
                       "      calendar: office\n"
                       "      first_response: 1h30m\n"
                       "      next_response: 2d4h\n"
                       "      periodic_update: 90s\n"
                       "      resolution: 1d2h3m4s\n"
                       "      warn_at: [0.5, 0.75, 0.999999]\n"
                       "      escalate:\n"
                       "        - {after: 0m, set: {tier: 3}}\n"
                       "        - {after: 0m, set: {priority: +1}}\n"
                       "        - {after: 2h, set: {tier: +2, priority: high}}\n"
                       "routes:\n"
                       "  - name: r\n"
                       "    set: {sla: office}\n";
    triage_builder *b = triage_builder_create(NULL);
    int rc = triage_builder_load_yaml(b, yaml, strlen(yaml), "t.yaml");
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    assert_int_equal(triage_builder_error_count(b), 0);
    triage_builder_free(b);
}

/* Without an `sla` section a route may name any policy (the host may
 * define policies through the API). */
static void sla_reference_without_section_is_accepted(void **state) {
    (void)state;
    const char *yaml = "triage: 1\nroutes:\n  - name: r\n    set: {sla: gold}\n";
    triage_builder *b = triage_builder_create(NULL);
    assert_int_equal(triage_builder_load_yaml(b, yaml, strlen(yaml), "t.yaml"), TRIAGE_OK);
    triage_builder_free(b);
}

/* Lines: 1 triage, 2 calendars, 3 c:, 4 timezone, 5 hours:, 6 the day. */
#define CAL "triage: 1\ncalendars:\n  c:\n    timezone: Europe/Berlin\n    hours:\n"
#define DAY(text) CAL "      mon: " text "\n"

/* Lines: 1 triage, 2 calendars, 3 c, 4 sla, 5 policies, 6 name, 7 the key. */
#define POLICY "triage: 1\ncalendars:\n  c: 24x7\nsla:\n  policies:\n    - name: p\n"

static const error_case calendar_cases[] = {
    {"hour without leading zero", DAY("\"9:00-17:00\""), TRIAGE_ERR_SYNTAX, 6, 12,
     "opening hours '9:00-17:00' in calendar 'c' must look like 09:00-17:30"},
    {"minutes 60", DAY("\"09:60-10:00\""), TRIAGE_ERR_SYNTAX, 6, 12, "must look like"},
    {"start at 24:00", DAY("\"24:00-24:00\""), TRIAGE_ERR_SYNTAX, 6, 12, "24:00 only as the end"},
    {"end past 24:00", DAY("\"09:00-24:30\""), TRIAGE_ERR_SYNTAX, 6, 12, "must look like"},
    {"hour 25", DAY("\"09:00-25:00\""), TRIAGE_ERR_SYNTAX, 6, 12, "must look like"},
    {"no dash", DAY("\"09:00 17:00\""), TRIAGE_ERR_SYNTAX, 6, 12, "must look like"},
    {"overnight", DAY("\"22:00-06:00\""), TRIAGE_ERR_RULES, 6, 12,
     "end before they start; split a night shift at 24:00"},
    {"empty interval", DAY("\"10:00-10:00\""), TRIAGE_ERR_RULES, 6, 12, "end before they start"},
    {"interval as number", DAY("900"), TRIAGE_ERR_SYNTAX, 6, 12, "must look like"},
    {"interval as map", DAY("{open: 9}"), TRIAGE_ERR_SYNTAX, 6, 12,
     "opening hours must be a list"},
    {"overlap", DAY("[\"09:00-12:00\", \"11:00-13:00\"]"), TRIAGE_ERR_RULES, 6, 28,
     "opening hours '09:00-12:00' and '11:00-13:00' overlap on mon in calendar 'c'"},
    {"overlap across keys", CAL "      mon-fri: \"09:00-17:00\"\n      wed: \"18:00-19:00\"\n",
     TRIAGE_ERR_EXISTS, 7, 7,
     "wed is given twice in calendar 'c' ('mon-fri' at line 6 and 'wed' here)"},
    {"unknown day", CAL "      thur: \"09:00-17:00\"\n", TRIAGE_ERR_RULES, 6, 7,
     "unknown day 'thur' in the hours of calendar 'c' (did you mean 'thu'?)"},
    {"unknown day far", CAL "      weekdays: \"09:00-17:00\"\n", TRIAGE_ERR_RULES, 6, 7,
     "(expected one of: mon, tue, wed, thu, fri, sat, sun)"},
    {"bad range", CAL "      mon-fry: \"09:00-17:00\"\n", TRIAGE_ERR_RULES, 6, 7,
     "unknown days 'mon-fry'"},
    {"backwards range", CAL "      fri-mon: \"09:00-17:00\"\n", TRIAGE_ERR_RULES, 6, 7,
     "day range 'fri-mon' in the hours of calendar 'c' runs backwards"},
    {"never open", CAL "      sun: []\n", TRIAGE_ERR_RULES, 6, 7,
     "calendar 'c' is never open"},
    {"hours as list", CAL "      - mon\n", TRIAGE_ERR_SYNTAX, 6, 7, "'hours' (day: \"HH:MM-HH:MM\") must be a map"},
    {"no hours", "triage: 1\ncalendars:\n  c:\n    timezone: UTC\n", TRIAGE_ERR_RULES, 4, 5,
     "calendar 'c' needs 'hours'"},
    {"no timezone", "triage: 1\ncalendars:\n  c:\n    hours: {mon: \"09:00-10:00\"}\n",
     TRIAGE_ERR_RULES, 4, 5, "calendar 'c' needs a 'timezone'"},
    {"timezone with ..", "triage: 1\ncalendars:\n  c:\n    timezone: ../../etc/passwd\n",
     TRIAGE_ERR_TIMEZONE, 4, 15, "time zone '../../etc/passwd' of calendar 'c' is not a time zone name"},
    {"timezone absolute path", "triage: 1\ncalendars:\n  c:\n    timezone: /etc/localtime\n",
     TRIAGE_ERR_TIMEZONE, 4, 15, "is not a time zone name"},
    {"timezone empty part", "triage: 1\ncalendars:\n  c:\n    timezone: Europe//Berlin\n",
     TRIAGE_ERR_TIMEZONE, 4, 15, "is not a time zone name"},
    {"timezone with space", "triage: 1\ncalendars:\n  c:\n    timezone: Europe/Ber lin\n",
     TRIAGE_ERR_TIMEZONE, 4, 15, "is not a time zone name"},
    {"timezone list", "triage: 1\ncalendars:\n  c:\n    timezone: [UTC]\n", TRIAGE_ERR_SYNTAX,
     4, 15, "'timezone' must be a text, not a list"},
    {"holiday that does not exist", CAL "      mon: \"09:00-10:00\"\n    holidays: [2026-02-29]\n",
     TRIAGE_ERR_SYNTAX, 7, 16, "holiday '2026-02-29' in calendar 'c' is not a date that exists"},
    {"holiday month 13", CAL "      mon: \"09:00-10:00\"\n    holidays: [2026-12-25, 2026-13-01]\n",
     TRIAGE_ERR_SYNTAX, 7, 28, "holiday '2026-13-01'"},
    {"holiday as text", CAL "      mon: \"09:00-10:00\"\n    holidays: christmas\n",
     TRIAGE_ERR_SYNTAX, 7, 15, "write YYYY-MM-DD"},
    {"holiday 31 april", CAL "      mon: \"09:00-10:00\"\n    holidays: [2026-04-31]\n",
     TRIAGE_ERR_SYNTAX, 7, 16, "is not a date that exists"},
    {"calendar key typo", CAL "      mon: \"09:00-10:00\"\n    holiday: [2026-12-25]\n",
     TRIAGE_ERR_RULES, 7, 5, "unknown key 'holiday' in calendar 'c' (did you mean 'holidays'?)"},
    {"24/7", "triage: 1\ncalendars:\n  c: 24/7\n", TRIAGE_ERR_SYNTAX, 3, 6,
     "calendar 'c' must be 24x7 or a map with timezone, hours and holidays, not a text"},
    {"calendars as list", "triage: 1\ncalendars:\n  - c\n", TRIAGE_ERR_SYNTAX, 3, 3,
     "'calendars' (name: calendar) must be a map"},
};

static const error_case sla_cases[] = {
    {"duration without unit", POLICY "      first_response: 90\n", TRIAGE_ERR_SYNTAX, 7, 23,
     "'first_response' '90' is not a duration; write a number and a unit"},
    {"units out of order", POLICY "      resolution: 30m1h\n", TRIAGE_ERR_SYNTAX, 7, 19,
     "'resolution' '30m1h' is not a duration"},
    {"unit twice", POLICY "      resolution: 1h1h\n", TRIAGE_ERR_SYNTAX, 7, 19, "is not a duration"},
    {"unknown unit", POLICY "      resolution: 1w\n", TRIAGE_ERR_SYNTAX, 7, 19, "is not a duration"},
    {"trailing number", POLICY "      resolution: 1h30\n", TRIAGE_ERR_SYNTAX, 7, 19,
     "is not a duration"},
    {"negative duration", POLICY "      resolution: -1h\n", TRIAGE_ERR_SYNTAX, 7, 19,
     "is not a duration"},
    {"fractional duration", POLICY "      resolution: 1.5h\n", TRIAGE_ERR_SYNTAX, 7, 19,
     "is not a duration"},
    {"duration too long", POLICY "      resolution: 5000d\n", TRIAGE_ERR_RANGE, 7, 19,
     "is longer than 3650d"},
    {"duration huge", POLICY "      resolution: 99999999999999h\n", TRIAGE_ERR_RANGE, 7, 19,
     "is longer than 3650d"},
    {"duration as list", POLICY "      resolution: [1h]\n", TRIAGE_ERR_SYNTAX, 7, 19,
     "'resolution' must be a duration such as 30m or 1h30m, not a list"},
    {"policy key typo", POLICY "      first_reponse: 1h\n", TRIAGE_ERR_RULES, 7, 7,
     "unknown key 'first_reponse' in SLA policy 'p' (did you mean 'first_response'?)"},
    {"no target", POLICY "      calendar: c\n", TRIAGE_ERR_RULES, 6, 7,
     "SLA policy 'p' sets no target"},
    {"undefined calendar", POLICY "      calendar: emea\n      resolution: 1h\n",
     TRIAGE_ERR_RULES, 7, 17, "SLA policy 'p' refers to calendar 'emea', which is not defined in 'calendars'"},
    {"calendar typo",
     "triage: 1\ncalendars:\n  office: 24x7\nsla:\n  policies:\n"
     "    - {name: p, calendar: ofice, resolution: 1h}\n",
     TRIAGE_ERR_RULES, 6, 27, "calendar 'ofice', which is not defined in 'calendars' (did you mean 'office'?)"},
    {"no calendars section",
     "triage: 1\nsla:\n  policies:\n    - {name: p, calendar: x, resolution: 1h}\n",
     TRIAGE_ERR_RULES, 4, 27, "(the file defines no 'calendars')"},
    {"warn_at 1.5", POLICY "      resolution: 1h\n      warn_at: [1.5]\n", TRIAGE_ERR_RANGE, 8, 17,
     "warn_at '1.5' of SLA policy 'p' must be a fraction strictly between 0 and 1"},
    {"warn_at 0", POLICY "      resolution: 1h\n      warn_at: [0]\n", TRIAGE_ERR_RANGE, 8, 17,
     "strictly between 0 and 1"},
    {"warn_at 1", POLICY "      resolution: 1h\n      warn_at: 1\n", TRIAGE_ERR_RANGE, 8, 16,
     "strictly between 0 and 1"},
    {"warn_at percent", POLICY "      resolution: 1h\n      warn_at: [75%]\n", TRIAGE_ERR_RANGE,
     8, 17, "warn_at '75%'"},
    {"warn_at 7 decimals", POLICY "      resolution: 1h\n      warn_at: [0.1234567]\n",
     TRIAGE_ERR_RANGE, 8, 17, "at most 6 decimals"},
    {"warn_at twice", POLICY "      resolution: 1h\n      warn_at: [0.5, 0.50]\n",
     TRIAGE_ERR_EXISTS, 8, 22, "warn_at 0.50 of SLA policy 'p' is given twice"},
    {"escalate out of order",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {tier: +1}}\n"
            "        - {after: 30m, set: {tier: +1}}\n",
     TRIAGE_ERR_RULES, 10, 19, "escalation levels of SLA policy 'p' must be in order of 'after'"},
    {"escalate without after",
     POLICY "      resolution: 1h\n      escalate:\n        - {set: {tier: +1}}\n",
     TRIAGE_ERR_RULES, 9, 11, "escalation level 1 of SLA policy 'p' needs 'after'"},
    {"escalate without set", POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h}\n",
     TRIAGE_ERR_RULES, 9, 11, "needs 'set'"},
    {"escalate set typo",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {priorty: high}}\n",
     TRIAGE_ERR_RULES, 9, 29,
     "unknown key 'priorty' in escalation level 1 of SLA policy 'p' (did you mean 'priority'?)"},
    {"escalate sets nothing",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {}}\n",
     TRIAGE_ERR_RULES, 9, 28, "must set 'tier' or 'priority'"},
    {"escalate unknown priority",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {priority: urgnt}}\n",
     TRIAGE_ERR_RULES, 9, 39, "unknown priority 'urgnt'"},
    {"escalate tier 0",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {tier: +0}}\n",
     TRIAGE_ERR_RANGE, 9, 35, "the escalation tier must be +N to raise it or N to set it"},
    {"escalate tier text",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {tier: up}}\n",
     TRIAGE_ERR_SYNTAX, 9, 35, "the escalation 'tier' must be a whole number, not 'up'"},
    {"escalate priority step 5",
     POLICY "      resolution: 1h\n      escalate:\n        - {after: 1h, set: {priority: +5}}\n",
     TRIAGE_ERR_RANGE, 9, 39, "priority step must be +1 to +3"},
    {"escalate as map", POLICY "      resolution: 1h\n      escalate: {after: 1h}\n",
     TRIAGE_ERR_SYNTAX, 8, 17, "'escalate' must be a list"},
    {"pause_on map", POLICY "      resolution: 1h\n      pause_on: {a: b}\n", TRIAGE_ERR_SYNTAX, 8,
     17, "'pause_on' must be a list"},
    {"pause_on null item", POLICY "      resolution: 1h\n      pause_on: [pending, ~]\n",
     TRIAGE_ERR_SYNTAX, 8, 27, "a status in 'pause_on' needs a value"},
    {"duplicate policy", POLICY "      resolution: 1h\n    - name: p\n      resolution: 2h\n",
     TRIAGE_ERR_EXISTS, 8, 13, "SLA policy 'p' is defined twice (first at line 6)"},
    {"policy without name", POLICY "      resolution: 1h\n    - resolution: 2h\n",
     TRIAGE_ERR_RULES, 8, 7, "SLA policy #2 needs a 'name'"},
    {"default undefined", "triage: 1\nsla:\n  default: gold\n  policies: [{name: p, resolution: 1h}]\n",
     TRIAGE_ERR_RULES, 3, 12, "sla.default refers to SLA policy 'gold', which is not defined"},
    {"by_priority unknown priority",
     "triage: 1\nsla:\n  by_priority: {critical: p}\n  policies: [{name: p, resolution: 1h}]\n",
     TRIAGE_ERR_RULES, 3, 17, "unknown priority 'critical' in 'sla.by_priority'"},
    {"by_priority undefined policy",
     "triage: 1\nsla:\n  by_priority: {high: q}\n  policies: [{name: p, resolution: 1h}]\n",
     TRIAGE_ERR_RULES, 3, 23, "sla.by_priority.high refers to SLA policy 'q'"},
    {"sla key typo", "triage: 1\nsla:\n  polices: []\n", TRIAGE_ERR_RULES, 3, 3,
     "unknown key 'polices' in sla (did you mean 'policies'?)"},
    {"sla as list", "triage: 1\nsla: [a]\n", TRIAGE_ERR_SYNTAX, 2, 6, "'sla' must be a map"},
    {"policies as map", "triage: 1\nsla:\n  policies: {name: p}\n", TRIAGE_ERR_SYNTAX, 3, 13,
     "'sla.policies' must be a list"},
};

static void calendar_errors(void **state) {
    (void)state;
    assert_int_equal(run_error_cases(calendar_cases, sizeof calendar_cases / sizeof calendar_cases[0]), 0);
}

static void sla_errors(void **state) {
    (void)state;
    assert_int_equal(run_error_cases(sla_cases, sizeof sla_cases / sizeof sla_cases[0]), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_forms_load),
        cmocka_unit_test(sla_reference_without_section_is_accepted),
        cmocka_unit_test(calendar_errors),
        cmocka_unit_test(sla_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
