/* Explanations: every category, every rule and condition with its truth and
 * reason, rules not reached after a stop; decision comparison; words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

typedef struct env {
    triage_ruleset *rs;
    triage_scratch *s;
    triage_explanation *e;
    triage_ticket *t;
} env;

/* outage (threshold 8) and billing (default 3); rules:
 *   0 outage-urgent: category outage, score outage >= 8, channel phone|chat,
 *                    subject contains "urgent", body matches production\s+down
 *   1 vip: customer.plan enterprise; tier 2, stop
 *   2 later: category billing or none; tag late */
static triage_ruleset *desk(void) {
    triage_builder *b = triage_builder_create(NULL);
    triage_builder_set_min_score(b, 3);
    int outage = triage_builder_add_category(b, S("outage"));
    int billing = triage_builder_add_category(b, S("billing"));
    triage_builder_category_set_min_score(b, outage, 8);
    triage_builder_add_keyword(b, outage, S("down"), 5);
    triage_builder_add_keyword(b, billing, S("invoice"), 3);
    triage_builder_add_keyword(b, billing, S("charged twice"), 4);
    int r = triage_builder_add_route(b, S("outage-urgent"));
    triage_builder_route_when_category(b, r, S("outage"));
    triage_builder_route_when_score(b, r, S("outage"), TRIAGE_CMP_GE, 8);
    triage_builder_route_when_field(b, r, S("channel"), S("phone"));
    triage_builder_route_when_field(b, r, S("channel"), S("chat"));
    triage_builder_route_when_contains(b, r, S("subject"), S("urgent"));
    triage_builder_route_when_match(b, r, S("body"), S("production\\s+down"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_URGENT);
    r = triage_builder_add_route(b, S("vip"));
    triage_builder_route_when_field(b, r, S("customer.plan"), S("enterprise"));
    triage_builder_route_set_tier(b, r, 2);
    triage_builder_route_set_stop(b, r, 1);
    r = triage_builder_add_route(b, S("later"));
    triage_builder_route_when_category(b, r, S("billing"));
    triage_builder_route_when_category(b, r, S(""));
    triage_builder_route_add_tag(b, r, S("late"));
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    return rs;
}

static int setup(void **state) {
    env *e = calloc(1, sizeof *e);
    e->rs = desk();
    e->s = triage_scratch_create(e->rs);
    e->e = triage_explanation_create(e->rs);
    e->t = triage_ticket_create(NULL);
    assert_non_null(e->s);
    assert_non_null(e->e);
    *state = e;
    return 0;
}

static int teardown(void **state) {
    env *e = *state;
    triage_ticket_free(e->t);
    triage_explanation_free(e->e);
    triage_scratch_free(e->s);
    triage_ruleset_free(e->rs);
    free(e);
    return 0;
}

static void add(env *e, const char *field, const char *value) {
    assert_int_equal(triage_ticket_add(e->t, S(field), S(value)), TRIAGE_OK);
}

static void explain(env *e) {
    assert_int_equal(triage_explain(e->rs, e->s, e->t, 0, e->e), TRIAGE_OK);
}

static void expect_cond(env *e, size_t rule, size_t cond, int kind, int holds, const char *reason) {
    int k = -1, h = -1;
    const char *r = NULL;
    assert_int_equal(triage_explanation_condition(e->e, rule, cond, &k, &h, &r), TRIAGE_OK);
    assert_int_equal(k, kind);
    assert_int_equal(h, holds);
    assert_string_equal(r, reason);
}

static void expect_rule(env *e, size_t rule, const char *name, int outcome) {
    const char *n = NULL;
    int o = -1;
    assert_int_equal(triage_explanation_rule(e->e, rule, &n, &o, NULL, NULL), TRIAGE_OK);
    assert_string_equal(n, name);
    assert_int_equal(o, outcome);
}

/* A near miss: outage scores 5 < 8, billing wins; every condition of the
 * first rule is evaluated although the first one is already false. */
static void near_miss(void **state) {
    env *e = *state;
    add(e, "subject", "URGENT: invoice");
    add(e, "body", "production is down, charged twice");
    add(e, "channel", "email");
    explain(e);
    assert_int_equal(triage_explanation_category_count(e->e), 2);
    const char *name;
    int64_t score, threshold;
    int reached;
    assert_int_equal(triage_explanation_category(e->e, 0, &name, &score, &threshold, &reached),
                     TRIAGE_OK);
    assert_string_equal(name, "outage");
    assert_int_equal(score, 5);
    assert_int_equal(threshold, 8);
    assert_false(reached);
    assert_int_equal(triage_explanation_category(e->e, 1, &name, &score, &threshold, &reached),
                     TRIAGE_OK);
    assert_string_equal(name, "billing");
    assert_int_equal(score, 7);
    assert_int_equal(threshold, 3);
    assert_true(reached);
    assert_int_equal(triage_explanation_category(e->e, 2, NULL, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);

    assert_int_equal(triage_explanation_rule_count(e->e), 3);
    expect_rule(e, 0, "outage-urgent", TRIAGE_RULE_NOT_MATCHED);
    size_t nconds = 0;
    int stops = -1;
    triage_explanation_rule(e->e, 0, NULL, NULL, &nconds, &stops);
    assert_int_equal(nconds, 5);
    assert_int_equal(stops, 0);
    expect_cond(e, 0, 0, TRIAGE_WHEN_CATEGORY, 0, "category is billing, not outage");
    expect_cond(e, 0, 1, TRIAGE_WHEN_SCORE, 0, "score outage 5 < 8");
    expect_cond(e, 0, 2, TRIAGE_WHEN_FIELD, 0, "field channel is 'email', not one of phone, chat");
    expect_cond(e, 0, 3, TRIAGE_WHEN_CONTAINS, 1, "field subject contains 'urgent'");
    expect_cond(e, 0, 4, TRIAGE_WHEN_MATCH, 0, "field body does not match /production\\s+down/");
    expect_rule(e, 1, "vip", TRIAGE_RULE_NOT_MATCHED);
    expect_cond(e, 1, 0, TRIAGE_WHEN_FIELD, 0, "field customer.plan is missing");
    expect_rule(e, 2, "later", TRIAGE_RULE_FIRED);
    expect_cond(e, 2, 0, TRIAGE_WHEN_CATEGORY, 1, "category is billing");

    const triage_decision *d = triage_explanation_decision(e->e);
    assert_string_equal(triage_decision_category(d), "billing");
    assert_int_equal(triage_decision_hit_count(d), 3); /* down, invoice, charged twice */
    assert_int_equal(triage_decision_tag_count(d), 1);
}

/* Operands and subjects as data. */
static void operands(void **state) {
    env *e = *state;
    add(e, "body", "hello");
    explain(e);
    assert_null(triage_explanation_condition_subject(e->e, 0, 0));
    assert_int_equal(triage_explanation_condition_operand_count(e->e, 0, 0), 1);
    assert_string_equal(triage_explanation_condition_operand(e->e, 0, 0, 0), "outage");
    assert_string_equal(triage_explanation_condition_subject(e->e, 0, 1), "outage");
    assert_int_equal(triage_explanation_condition_operand_count(e->e, 0, 1), 0);
    int cmp;
    int64_t number, actual;
    assert_int_equal(triage_explanation_condition_score(e->e, 0, 1, &cmp, &number, &actual),
                     TRIAGE_OK);
    assert_int_equal(cmp, TRIAGE_CMP_GE);
    assert_int_equal(number, 8);
    assert_int_equal(actual, 0);
    assert_int_equal(triage_explanation_condition_score(e->e, 0, 0, &cmp, &number, &actual),
                     TRIAGE_ERR_NOT_FOUND);
    assert_string_equal(triage_explanation_condition_subject(e->e, 0, 2), "channel");
    assert_int_equal(triage_explanation_condition_operand_count(e->e, 0, 2), 2);
    assert_string_equal(triage_explanation_condition_operand(e->e, 0, 2, 1), "chat");
    assert_null(triage_explanation_condition_operand(e->e, 0, 2, 2));
    assert_string_equal(triage_explanation_condition_operand(e->e, 0, 3, 0), "urgent");
    assert_string_equal(triage_explanation_condition_operand(e->e, 0, 4, 0), "production\\s+down");
    /* "" stands for "no category" */
    assert_string_equal(triage_explanation_condition_operand(e->e, 2, 0, 1), "");
    expect_cond(e, 2, 0, TRIAGE_WHEN_CATEGORY, 1, "no category won");
    expect_cond(e, 0, 0, TRIAGE_WHEN_CATEGORY, 0, "no category won, not outage");
    expect_cond(e, 0, 2, TRIAGE_WHEN_FIELD, 0, "field channel is missing");
    expect_cond(e, 0, 3, TRIAGE_WHEN_CONTAINS, 0, "field subject is missing");
    /* bad indices */
    assert_int_equal(triage_explanation_condition(e->e, 0, 5, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);
    assert_int_equal(triage_explanation_condition(e->e, 3, 0, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);
    assert_null(triage_explanation_condition_subject(e->e, 9, 0));
    assert_int_equal(triage_explanation_condition_operand_count(e->e, 9, 0), 0);
}

/* Every condition holds: the rule fires; a stop leaves later rules not
 * reached, though their conditions are still evaluated. */
static void fired_and_stopped(void **state) {
    env *e = *state;
    add(e, "subject", "urgent");
    add(e, "body", "production down, down again");
    add(e, "channel", "phone");
    add(e, "channel", "chat");
    add(e, "customer.plan", "enterprise");
    add(e, "body", "invoice");
    explain(e);
    /* outage: down (5), only once although it occurs twice and in two values */
    int64_t score;
    triage_explanation_category(e->e, 0, NULL, &score, NULL, NULL);
    assert_int_equal(score, 5);
    /* 5 < 8: outage does not win; billing has 3 */
    expect_rule(e, 0, "outage-urgent", TRIAGE_RULE_NOT_MATCHED);
    expect_cond(e, 0, 2, TRIAGE_WHEN_FIELD, 1, "field channel is 'phone'");
    expect_cond(e, 0, 4, TRIAGE_WHEN_MATCH, 1, "field body matches /production\\s+down/");
    expect_rule(e, 1, "vip", TRIAGE_RULE_FIRED);
    expect_cond(e, 1, 0, TRIAGE_WHEN_FIELD, 1, "field customer.plan is 'enterprise'");
    int stops;
    triage_explanation_rule(e->e, 1, NULL, NULL, NULL, &stops);
    assert_int_equal(stops, 1);
    expect_rule(e, 2, "later", TRIAGE_RULE_NOT_REACHED);
    expect_cond(e, 2, 0, TRIAGE_WHEN_CATEGORY, 1, "category is billing");
    /* what each rule sets, as data */
    const char *queue = "x", *sla = "x";
    int priority = 9, tier = 9;
    size_t ntags = 9;
    assert_int_equal(triage_explanation_rule_actions(e->e, 0, &queue, &priority, &tier, &sla,
                                                     &ntags),
                     TRIAGE_OK);
    assert_null(queue);
    assert_null(sla);
    assert_int_equal(priority, TRIAGE_PRIORITY_URGENT);
    assert_int_equal(tier, 0);
    assert_int_equal(ntags, 0);
    triage_explanation_rule_actions(e->e, 1, NULL, &priority, &tier, NULL, &ntags);
    assert_int_equal(priority, -1);
    assert_int_equal(tier, 2);
    triage_explanation_rule_actions(e->e, 2, NULL, NULL, NULL, NULL, &ntags);
    assert_int_equal(ntags, 1);
    assert_string_equal(triage_explanation_rule_tag(e->e, 2, 0), "late");
    assert_null(triage_explanation_rule_tag(e->e, 2, 1));
    assert_null(triage_explanation_rule_tag(e->e, 3, 0));
    assert_int_equal(triage_explanation_rule_actions(e->e, 3, NULL, NULL, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);
    const triage_decision *d = triage_explanation_decision(e->e);
    assert_int_equal(triage_decision_tier(d), 2);
    assert_int_equal(triage_decision_tag_count(d), 0);
}

/* Long and control-character values are shortened and made printable. */
static void quoting(void **state) {
    env *e = *state;
    char value[200];
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    value[3] = '\n';
    add(e, "channel", value);
    add(e, "customer.plan", "caf\xC3\xA9 \xFF");
    explain(e);
    const char *reason;
    triage_explanation_condition(e->e, 0, 2, NULL, NULL, &reason);
    /* the first 60 bytes, the newline read as a space */
    char expected[200] = "field channel is 'xxx ";
    memset(expected + strlen(expected), 'x', 56);
    strcpy(expected + strlen("field channel is 'xxx ") + 56, "...', not one of phone, chat");
    assert_string_equal(reason, expected);
    triage_explanation_condition(e->e, 1, 0, NULL, NULL, &reason);
    assert_string_equal(reason, "field customer.plan is 'caf\xC3\xA9 \xEF\xBF\xBD', not enterprise");
}

static void reuse_and_errors(void **state) {
    env *e = *state;
    add(e, "body", "down down");
    explain(e);
    triage_ticket_clear(e->t);
    add(e, "body", "invoice");
    explain(e);
    const triage_decision *d = triage_explanation_decision(e->e);
    assert_string_equal(triage_decision_category(d), "billing");
    assert_int_equal(triage_decision_hit_count(d), 1);
    /* bad arguments leave an empty explanation */
    assert_int_equal(triage_explain(e->rs, e->s, e->t, 0x80u, e->e), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_explanation_rule_count(e->e), 0);
    assert_int_equal(triage_explanation_category_count(e->e), 0);
    assert_int_equal(triage_explain(NULL, e->s, e->t, 0, e->e), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_explain(e->rs, e->s, NULL, 0, e->e), TRIAGE_ERR_ARGUMENT);
    assert_null(triage_explanation_create(NULL));
    triage_explanation_free(NULL);
    assert_int_equal(triage_explanation_rule_count(NULL), 0);
    assert_null(triage_explanation_decision(NULL));
    /* strict UTF-8 passes through */
    triage_ticket_clear(e->t);
    add(e, "body", "bad \xFF");
    assert_int_equal(triage_explain(e->rs, e->s, e->t, TRIAGE_ROUTE_STRICT_UTF8, e->e),
                     TRIAGE_ERR_UTF8);
    assert_int_equal(triage_explanation_rule_count(e->e), 0);
    /* a scratch of another ruleset is refused */
    triage_ruleset *other = desk();
    triage_scratch *s2 = triage_scratch_create(other);
    assert_int_equal(triage_explain(e->rs, s2, e->t, 0, e->e), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_explain(other, s2, e->t, 0, e->e), TRIAGE_ERR_ARGUMENT);
    triage_scratch_free(s2);
    triage_ruleset_free(other);
}

static void names(void **state) {
    (void)state;
    assert_string_equal(triage_condition_kind_name(TRIAGE_WHEN_MATCH), "match");
    assert_null(triage_condition_kind_name(5));
    assert_null(triage_condition_kind_name(-1));
    assert_string_equal(triage_cmp_name(TRIAGE_CMP_NE), "!=");
    assert_null(triage_cmp_name(6));
    assert_string_equal(triage_rule_outcome_name(TRIAGE_RULE_NOT_REACHED), "not_reached");
    assert_null(triage_rule_outcome_name(3));
    assert_string_equal(triage_diff_name(TRIAGE_DIFF_SLA), "sla");
    assert_null(triage_diff_name(TRIAGE_DIFF_SLA | TRIAGE_DIFF_TIER));
    assert_null(triage_diff_name(0));
}

/* Two decisions from two rulesets compare by name. */
static void compare(void **state) {
    env *e = *state;
    triage_ruleset *other = desk();
    triage_scratch *s2 = triage_scratch_create(other);
    triage_decision *a = triage_decision_create(e->rs), *b = triage_decision_create(other);
    add(e, "body", "invoice");
    assert_int_equal(triage_route(e->rs, e->s, e->t, 0, a), TRIAGE_OK);
    assert_int_equal(triage_route(other, s2, e->t, 0, b), TRIAGE_OK);
    unsigned diff = 99;
    assert_int_equal(triage_decision_compare(a, b, &diff), TRIAGE_OK);
    assert_int_equal(diff, 0);
    add(e, "customer.plan", "enterprise");
    assert_int_equal(triage_route(other, s2, e->t, 0, b), TRIAGE_OK);
    assert_int_equal(triage_decision_compare(a, b, &diff), TRIAGE_OK);
    assert_int_equal(diff, TRIAGE_DIFF_TIER | TRIAGE_DIFF_TAGS); /* vip stops before "later" */
    triage_ticket_clear(e->t);
    add(e, "body", "down down");
    assert_int_equal(triage_route(other, s2, e->t, 0, b), TRIAGE_OK);
    assert_int_equal(triage_decision_compare(a, b, &diff), TRIAGE_OK);
    assert_int_equal(diff, TRIAGE_DIFF_CATEGORY | TRIAGE_DIFF_QUEUE);
    assert_int_equal(triage_decision_compare(a, NULL, &diff), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_decision_compare(a, b, NULL), TRIAGE_ERR_ARGUMENT);
    triage_decision_free(a);
    triage_decision_free(b);
    triage_scratch_free(s2);
    triage_ruleset_free(other);
}

typedef struct words_seen {
    char text[512];
    size_t n, calls;
    int stop_after;
} words_seen;

static int collect(const char *word, size_t len, const char *sep, size_t seplen, size_t offset,
                   void *user) {
    words_seen *w = user;
    w->n += (size_t)snprintf(w->text + w->n, sizeof w->text - w->n, "[%.*s|%.*s@%zu]",
                             (int)seplen, sep, (int)len, word, offset);
    if (++w->calls == (size_t)w->stop_after) return 7;
    return 0;
}

static void words(void **state) {
    (void)state;
    words_seen w = {{0}, 0, 0, 0};
    const char *text = "  Can't LOG-in, Straße!";
    assert_int_equal(triage_words(NULL, S(text), 0, collect, &w), TRIAGE_OK);
    assert_string_equal(w.text, "[|can@2][\'|t@6][ |log@8][-|in@12][, |strasse@16]");
    words_seen a = {{0}, 0, 0, 0};
    assert_int_equal(triage_words(NULL, S("Café"), TRIAGE_WORDS_ACCENT_INSENSITIVE, collect, &a),
                     TRIAGE_OK);
    assert_string_equal(a.text, "[|cafe@0]");
    words_seen s = {{0}, 0, 0, 2};
    assert_int_equal(triage_words(NULL, S("a b c"), 0, collect, &s), 7);
    assert_int_equal(s.calls, 2);
    assert_int_equal(triage_words(NULL, NULL, 0, 0, collect, &s), TRIAGE_OK);
    assert_int_equal(triage_words(NULL, NULL, 3, 0, collect, &s), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_words(NULL, S("x"), 0, NULL, &s), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_words(NULL, S("x"), 0x10u, collect, &s), TRIAGE_ERR_ARGUMENT);
}

/* Learned phrases are written with the separator that triage_words gave;
 * such a keyword must match the text it came from. */
static void words_make_keywords(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("x"));
    triage_builder_set_min_score(b, 1);
    triage_builder_add_keyword(b, c, S("hasn't arrived"), 1);
    triage_builder_add_keyword(b, c, S("top-up"), 10);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    triage_ticket_add(t, S("body"), S("My card HASN'T   arrived; my Top-Up failed"));
    assert_int_equal(triage_route(rs, s, t, 0, d), TRIAGE_OK);
    assert_int_equal(triage_decision_score(d, 0), 11);
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(near_miss, setup, teardown),
        cmocka_unit_test_setup_teardown(operands, setup, teardown),
        cmocka_unit_test_setup_teardown(fired_and_stopped, setup, teardown),
        cmocka_unit_test_setup_teardown(quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(reuse_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(compare, setup, teardown),
        cmocka_unit_test(names),
        cmocka_unit_test(words),
        cmocka_unit_test(words_make_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
