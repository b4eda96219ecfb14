/* Routing end to end through the builder API: scores, winner, routes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

typedef struct fixture {
    triage_ruleset *rs;
    triage_scratch *scratch;
    triage_decision *d;
    triage_ticket *t;
} fixture;

static triage_ruleset *compile_or_fail(triage_builder *b) {
    triage_ruleset *rs = NULL;
    int rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) {
        const char *msg = NULL;
        triage_builder_error(b, 0, NULL, NULL, NULL, &msg);
        fail_msg("compile failed: %s", msg ? msg : triage_strerror(rc));
    }
    triage_builder_free(b);
    return rs;
}

static void open_fixture(fixture *f, triage_ruleset *rs) {
    f->rs = rs;
    f->scratch = triage_scratch_create(rs);
    f->d = triage_decision_create(rs);
    f->t = triage_ticket_create(NULL);
    assert_non_null(f->scratch);
    assert_non_null(f->d);
    assert_non_null(f->t);
}

static void close_fixture(fixture *f) {
    triage_ticket_free(f->t);
    triage_decision_free(f->d);
    triage_scratch_free(f->scratch);
    triage_ruleset_free(f->rs);
}

static void route_body(fixture *f, const char *body, unsigned flags) {
    triage_ticket_clear(f->t);
    assert_int_equal(triage_ticket_add(f->t, S("body"), S(body)), TRIAGE_OK);
    assert_int_equal(triage_route(f->rs, f->scratch, f->t, flags, f->d), TRIAGE_OK);
}

static triage_ruleset *billing_rules(void) {
    triage_builder *b = triage_builder_create(NULL);
    int billing = triage_builder_add_category(b, S("billing"));
    int outage = triage_builder_add_category(b, S("outage"));
    assert_int_equal(billing, 0);
    assert_int_equal(outage, 1);
    assert_true(triage_builder_add_keyword(b, billing, S("invoice"), 3) >= 0);
    assert_true(triage_builder_add_keyword(b, billing, S("charged twice"), 5) >= 0);
    assert_true(triage_builder_add_keyword(b, billing, S("newsletter"), -4) >= 0);
    assert_true(triage_builder_add_regex(b, billing, S("\\bINV-\\d{6}\\b"), 2) >= 0);
    assert_true(triage_builder_add_keyword(b, outage, S("down"), 3) >= 0);
    assert_true(triage_builder_add_keyword(b, outage, S("outage"), 4) >= 0);
    assert_int_equal(triage_builder_category_set_queue(b, billing, S("finance")), TRIAGE_OK);
    assert_int_equal(triage_builder_set_default_queue(b, S("general")), TRIAGE_OK);
    assert_int_equal(triage_builder_set_min_score(b, 3), TRIAGE_OK);
    return compile_or_fail(b);
}

static void test_scores_and_winner(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "My INVOICE INV-123456: I was charged   twice!", 0);
    assert_int_equal(triage_decision_score(f.d, 0), 3 + 5 + 2);
    assert_int_equal(triage_decision_score(f.d, 1), 0);
    assert_string_equal(triage_decision_category(f.d), "billing");
    assert_string_equal(triage_decision_queue(f.d), "finance");
    assert_int_equal(triage_decision_priority(f.d), TRIAGE_PRIORITY_NORMAL);
    assert_int_equal(triage_decision_tier(f.d), 1);
    assert_int_equal(triage_decision_flags(f.d), 0);
    close_fixture(&f);
}

static void test_distinct_terms_count_once(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "invoice invoice invoice", 0);
    assert_int_equal(triage_decision_score(f.d, 0), 3);
    close_fixture(&f);
}

static void test_whole_words_only(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "invoices and countdown; the downtime", 0);
    assert_int_equal(triage_decision_score(f.d, 0), 0);
    assert_int_equal(triage_decision_score(f.d, 1), 0);
    assert_null(triage_decision_category(f.d));
    assert_string_equal(triage_decision_queue(f.d), "general");
    assert_true(triage_decision_flags(f.d) & TRIAGE_FLAG_NO_CATEGORY);
    close_fixture(&f);
}

static void test_negative_weight(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "invoice in the newsletter", 0);
    assert_int_equal(triage_decision_score(f.d, 0), 3 - 4);
    assert_null(triage_decision_category(f.d));
    close_fixture(&f);
}

static void test_tie_goes_to_first_declared(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "invoice: the site is down", 0);
    assert_int_equal(triage_decision_score(f.d, 0), 3);
    assert_int_equal(triage_decision_score(f.d, 1), 3);
    assert_string_equal(triage_decision_category(f.d), "billing");
    close_fixture(&f);
}

static void test_explain_hits(void **state) {
    (void)state;
    fixture f;
    open_fixture(&f, billing_rules());
    route_body(&f, "I was charged\ttwice, see INV-000001", TRIAGE_ROUTE_EXPLAIN);
    assert_int_equal(triage_decision_hit_count(f.d), 2);
    size_t cat, vi, off, len;
    const char *term, *field;
    int64_t w;
    assert_int_equal(triage_decision_hit(f.d, 0, &cat, &term, &field, &vi, &off, &len, &w), TRIAGE_OK);
    assert_string_equal(term, "charged twice");
    assert_string_equal(field, "body");
    assert_int_equal(off, 6);
    assert_int_equal(len, 13);
    assert_int_equal(w, 5);
    assert_int_equal(triage_decision_hit(f.d, 1, &cat, &term, &field, &vi, &off, &len, &w), TRIAGE_OK);
    assert_string_equal(term, "\\bINV-\\d{6}\\b");
    assert_int_equal(off, 25);
    assert_int_equal(len, 10);
    assert_int_equal(triage_decision_hit(f.d, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     TRIAGE_ERR_NOT_FOUND);
    close_fixture(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_and_winner),
        cmocka_unit_test(test_distinct_terms_count_once),
        cmocka_unit_test(test_whole_words_only),
        cmocka_unit_test(test_negative_weight),
        cmocka_unit_test(test_tie_goes_to_first_declared),
        cmocka_unit_test(test_explain_hits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
