/* Route rules, thresholds, field scopes and field weights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

typedef struct env {
    triage_ruleset *rs;
    triage_scratch *s;
    triage_decision *d;
    triage_ticket *t;
} env;

static void env_open(env *e, triage_builder *b) {
    e->rs = NULL;
    int rc = triage_builder_compile(b, &e->rs);
    if (rc != TRIAGE_OK) {
        const char *msg = "";
        triage_builder_error(b, 0, NULL, NULL, NULL, &msg);
        fail_msg("compile: %s", msg);
    }
    triage_builder_free(b);
    e->s = triage_scratch_create(e->rs);
    e->d = triage_decision_create(e->rs);
    e->t = triage_ticket_create(NULL);
}

static void env_close(env *e) {
    triage_ticket_free(e->t);
    triage_decision_free(e->d);
    triage_scratch_free(e->s);
    triage_ruleset_free(e->rs);
}

static void add(env *e, const char *field, const char *value) {
    assert_int_equal(triage_ticket_add(e->t, S(field), S(value)), TRIAGE_OK);
}

static void route(env *e) { assert_int_equal(triage_route(e->rs, e->s, e->t, 0, e->d), TRIAGE_OK); }

/* outage (threshold 4) and billing; four rules exercising every condition. */
static triage_builder *desk(void) {
    triage_builder *b = triage_builder_create(NULL);
    int outage = triage_builder_add_category(b, S("outage"));
    int billing = triage_builder_add_category(b, S("billing"));
    triage_builder_category_set_min_score(b, outage, 4);
    triage_builder_add_keyword(b, outage, S("down"), 3);
    triage_builder_add_keyword(b, outage, S("production"), 2);
    triage_builder_add_keyword(b, billing, S("invoice"), 3);
    int r = triage_builder_add_route(b, S("vip"));
    triage_builder_route_when_field(b, r, S("customer.plan"), S("enterprise"));
    triage_builder_route_when_field(b, r, S("customer.plan"), S("premium"));
    triage_builder_route_set_tier(b, r, 2);
    triage_builder_route_add_tag(b, r, S("vip"));
    r = triage_builder_add_route(b, S("outage-urgent"));
    triage_builder_route_when_category(b, r, S("outage"));
    triage_builder_route_when_score(b, r, S("outage"), TRIAGE_CMP_GE, 5);
    triage_builder_route_when_contains(b, r, S("subject"), S("right now"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_URGENT);
    triage_builder_route_set_queue(b, r, S("incident"));
    triage_builder_route_add_tag(b, r, S("outage"));
    triage_builder_route_add_tag(b, r, S("vip")); /* duplicates are dropped */
    triage_builder_route_set_sla(b, r, S("urgent"));
    triage_builder_route_set_stop(b, r, 1);
    r = triage_builder_add_route(b, S("order-number"));
    triage_builder_route_when_match(b, r, S("body"), S("\\bORD-\\d{4}\\b"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_HIGH);
    r = triage_builder_add_route(b, S("unrouted-low"));
    triage_builder_route_when_category(b, r, S("")); /* no category */
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_LOW);
    return b;
}

static void test_threshold_per_category(void **state) {
    (void)state;
    env e;
    env_open(&e, desk());
    add(&e, "body", "the site is down");
    route(&e);
    assert_int_equal(triage_decision_score(e.d, 0), 3);
    assert_null(triage_decision_category(e.d)); /* 3 < 4 */
    assert_string_equal(triage_decision_queue(e.d), "default");
    assert_int_equal(triage_decision_priority(e.d), TRIAGE_PRIORITY_LOW);
    assert_int_equal(triage_decision_rule_count(e.d), 1);
    assert_string_equal(triage_decision_rule(e.d, 0), "unrouted-low");
    env_close(&e);
}

static void test_rules_apply_in_order_and_stop(void **state) {
    (void)state;
    env e;
    env_open(&e, desk());
    add(&e, "subject", "Production DOWN right   now");
    add(&e, "body", "see ORD-1234");
    add(&e, "customer.plan", "free");
    add(&e, "customer.plan", "premium"); /* multi-valued: any value may match */
    route(&e);
    assert_string_equal(triage_decision_category(e.d), "outage");
    assert_int_equal(triage_decision_rule_count(e.d), 2);
    assert_string_equal(triage_decision_rule(e.d, 0), "vip");
    assert_string_equal(triage_decision_rule(e.d, 1), "outage-urgent");
    assert_int_equal(triage_decision_priority(e.d), TRIAGE_PRIORITY_URGENT); /* stop: no "high" */
    assert_int_equal(triage_decision_tier(e.d), 2);
    assert_string_equal(triage_decision_queue(e.d), "incident");
    assert_string_equal(triage_decision_sla(e.d), "urgent");
    assert_ptr_equal(triage_decision_rules_hash(e.d), triage_ruleset_source_hash(e.rs));
    assert_int_equal(triage_decision_tag_count(e.d), 2);
    assert_string_equal(triage_decision_tag(e.d, 0), "vip");
    assert_string_equal(triage_decision_tag(e.d, 1), "outage");
    assert_null(triage_decision_tag(e.d, 2));
    env_close(&e);
}

static void test_every_condition_must_hold(void **state) {
    (void)state;
    env e;
    env_open(&e, desk());
    add(&e, "subject", "production down"); /* no "right now": outage-urgent does not fire */
    add(&e, "body", "ORD-1234 and ORD-12345");
    route(&e);
    assert_string_equal(triage_decision_category(e.d), "outage");
    assert_int_equal(triage_decision_rule_count(e.d), 1);
    assert_string_equal(triage_decision_rule(e.d, 0), "order-number");
    assert_int_equal(triage_decision_priority(e.d), TRIAGE_PRIORITY_HIGH);
    assert_string_equal(triage_decision_queue(e.d), "outage");
    assert_null(triage_decision_sla(e.d));
    env_close(&e);
}

static void test_field_equals_is_exact(void **state) {
    (void)state;
    env e;
    env_open(&e, desk());
    add(&e, "customer.plan", "Enterprise");
    route(&e);
    assert_int_equal(triage_decision_tier(e.d), 1);
    triage_ticket_clear(e.t);
    add(&e, "customer.plan", "enterprise");
    route(&e);
    assert_int_equal(triage_decision_tier(e.d), 2);
    env_close(&e);
}

static void test_field_scope_and_weight(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_set_field_weight(b, S("subject"), 3);
    int t = triage_builder_add_keyword(b, c, S("refund"), 2);
    int only_tags = triage_builder_add_keyword(b, c, S("vip"), 10);
    triage_builder_term_add_field(b, only_tags, S("tags"));
    (void)t;
    env e;
    env_open(&e, b);
    /* in subject and body: counted once, with the larger field weight */
    add(&e, "subject", "Refund");
    add(&e, "body", "refund refund");
    add(&e, "body", "vip"); /* vip only counts in tags */
    route(&e);
    assert_int_equal(triage_decision_score(e.d, 0), 2 * 3);
    add(&e, "tags", "VIP");
    route(&e);
    assert_int_equal(triage_decision_score(e.d, 0), 2 * 3 + 10);
    triage_ticket_clear(e.t);
    add(&e, "other", "refund"); /* not a scoped field */
    route(&e);
    assert_int_equal(triage_decision_score(e.d, 0), 0);
    env_close(&e);
}

/* A route regex tried at word starts, on Unicode text (route rules have no
 * tokens to start from) */
static void test_route_regex_on_unicode_text(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    triage_builder_add_category(b, S("bug"));
    int r = triage_builder_add_route(b, S("error-code"));
    triage_builder_route_when_match(b, r, S("body"), S("\\bE\\d{4}\\b"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_HIGH);
    env e;
    env_open(&e, b);
    add(&e, "body", "Ошибка E1234 снова");
    route(&e);
    assert_int_equal(triage_decision_rule_count(e.d), 1);
    assert_string_equal(triage_decision_rule(e.d, 0), "error-code");
    triage_ticket_clear(e.t);
    add(&e, "body", "Ошибка E12345 снова");
    route(&e);
    assert_int_equal(triage_decision_rule_count(e.d), 0);
    env_close(&e);
}

static void test_same_ruleset_same_decision(void **state) {
    (void)state;
    env e;
    env_open(&e, desk());
    add(&e, "subject", "production down right now");
    route(&e);
    const char *q1 = triage_decision_queue(e.d);
    route(&e);
    assert_string_equal(triage_decision_queue(e.d), q1);
    assert_int_equal(triage_decision_rule_count(e.d), 1); /* vip does not fire: reset between runs */
    env_close(&e);
}

static void test_builder_errors(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    triage_builder_set_location(b, "r.yaml", 3, 5);
    assert_int_equal(triage_builder_add_category(b, S("a")), 0);
    assert_int_equal(triage_builder_add_category(b, S("a")), TRIAGE_ERR_EXISTS);
    assert_int_equal(triage_builder_add_keyword(b, 0, S("  "), 1), TRIAGE_ERR_RULES);
    assert_int_equal(triage_builder_add_keyword(b, 0, S("x"), 2000000), TRIAGE_ERR_RANGE);
    assert_int_equal(triage_builder_add_keyword(b, 5, S("x"), 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_add_keyword(NULL, 0, S("x"), 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_route_set_priority(b, 0, 1), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_error_count(b), 3);
    const char *file, *msg;
    unsigned line, col;
    assert_int_equal(triage_builder_error(b, 0, &file, &line, &col, &msg), TRIAGE_ERR_EXISTS);
    assert_string_equal(file, "r.yaml");
    assert_int_equal(line, 3);
    assert_int_equal(col, 5);
    assert_string_equal(msg, "category 'a' is defined twice");
    assert_int_equal(triage_builder_error(b, 3, NULL, NULL, NULL, NULL), TRIAGE_ERR_NOT_FOUND);
    triage_ruleset *rs = (triage_ruleset *)1;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_ERR_EXISTS);
    assert_null(rs);
    triage_builder_free(b);
}

static void test_compile_errors_carry_locations(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_set_location(b, "rules.yaml", 7, 12);
    triage_builder_add_regex(b, c, S("ab(c"), 1);
    triage_builder_set_location(b, "rules.yaml", 8, 12);
    triage_builder_add_regex(b, c, S("a\\Cb"), 1);
    triage_builder_set_location(b, "rules.yaml", 9, 3);
    triage_builder_add_keyword(b, c, S("c++"), 1);
    triage_builder_set_location(b, "rules.yaml", 11, 9);
    int r = triage_builder_add_route(b, S("r"));
    triage_builder_route_when_category(b, r, S("nope"));
    triage_builder_route_when_score(b, r, S("nada"), TRIAGE_CMP_GT, 1);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_ERR_REGEX);
    assert_null(rs);
    assert_int_equal(triage_builder_error_count(b), 5);
    const char *msg;
    unsigned line, col;
    assert_int_equal(triage_builder_error(b, 0, NULL, &line, &col, &msg), TRIAGE_ERR_REGEX);
    assert_int_equal(line, 7);
    assert_int_equal(col, 12);
    assert_non_null(strstr(msg, "at offset 4"));
    assert_non_null(strstr(msg, "missing closing parenthesis"));
    assert_int_equal(triage_builder_error(b, 1, NULL, &line, NULL, &msg), TRIAGE_ERR_REGEX);
    assert_int_equal(line, 8);
    assert_non_null(strstr(msg, "\\C"));
    assert_int_equal(triage_builder_error(b, 2, NULL, &line, NULL, &msg), TRIAGE_ERR_RULES);
    assert_int_equal(line, 9);
    assert_non_null(strstr(msg, "use a regex"));
    assert_int_equal(triage_builder_error(b, 3, NULL, &line, NULL, &msg), TRIAGE_ERR_RULES);
    assert_string_equal(msg, "route rule 'r' names unknown category 'nope'");
    assert_int_equal(triage_builder_error(b, 4, NULL, &line, NULL, &msg), TRIAGE_ERR_RULES);
    assert_int_equal(line, 11);
    triage_builder_free(b);
}

static void test_getters_accept_null(void **state) {
    (void)state;
    assert_null(triage_decision_category(NULL));
    assert_int_equal(triage_decision_score_count(NULL), 0);
    assert_null(triage_ruleset_category_name(NULL, 0));
    assert_null(triage_scratch_create(NULL));
    assert_null(triage_decision_create(NULL));
    triage_ruleset_free(NULL);
    triage_scratch_free(NULL);
    triage_decision_free(NULL);
    triage_ticket_free(NULL);
    triage_builder_free(NULL);
    assert_string_equal(triage_strerror(TRIAGE_ERR_NOMEM), "out of memory");
    assert_string_equal(triage_strerror(12345), "unknown status");
    assert_string_equal(triage_priority_name(TRIAGE_PRIORITY_URGENT), "urgent");
    assert_null(triage_priority_name(7));
    assert_int_equal(triage_priority_from_name(S("high")), TRIAGE_PRIORITY_HIGH);
    assert_int_equal(triage_priority_from_name(S("HIGH")), TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_version_number(), TRIAGE_VERSION_NUMBER);
    assert_string_equal(triage_version_string(), TRIAGE_VERSION_STRING);
}

static void test_route_refuses_mismatched_objects(void **state) {
    (void)state;
    env a, b;
    env_open(&a, desk());
    env_open(&b, desk());
    assert_int_equal(triage_route(a.rs, b.s, a.t, 0, a.d), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_route(a.rs, a.s, a.t, 0, b.d), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_route(a.rs, a.s, a.t, 0x100, a.d), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_route(a.rs, a.s, NULL, 0, a.d), TRIAGE_ERR_ARGUMENT);
    env_close(&a);
    env_close(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_per_category),
        cmocka_unit_test(test_rules_apply_in_order_and_stop),
        cmocka_unit_test(test_every_condition_must_hold),
        cmocka_unit_test(test_field_equals_is_exact),
        cmocka_unit_test(test_field_scope_and_weight),
        cmocka_unit_test(test_same_ruleset_same_decision),
        cmocka_unit_test(test_builder_errors),
        cmocka_unit_test(test_compile_errors_carry_locations),
        cmocka_unit_test(test_getters_accept_null),
        cmocka_unit_test(test_route_regex_on_unicode_text),
        cmocka_unit_test(test_route_refuses_mismatched_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
