/* Hostile and extreme input: regex budget, huge and empty fields, strict
 * UTF-8, and every allocation failing in turn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#include "countdown_alloc.h"

#define S(x) x, strlen(x)

static triage_ruleset *compile(triage_builder *b) {
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    return rs;
}

static void route_one(triage_ruleset *rs, const char *body, size_t len, unsigned flags,
                      int expect_rc, int64_t *score0, unsigned *dflags) {
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    assert_int_equal(triage_ticket_add(t, S("body"), body, len), TRIAGE_OK);
    assert_int_equal(triage_route(rs, s, t, flags, d), expect_rc);
    if (score0) *score0 = triage_decision_score(d, 0);
    if (dflags) *dflags = triage_decision_flags(d);
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
}

static void test_catastrophic_regex_is_cut_off(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_add_regex(b, c, S("^(\\w+\\s?)+$"), 5);   /* exponential */
    triage_builder_add_regex(b, c, S("\\w+\\s*\\w+\\d"), 7); /* quadratic */
    triage_builder_add_keyword(b, c, S("hello"), 1);
    triage_builder_set_regex_budget(b, 200000);
    triage_ruleset *rs = compile(b);
    size_t n = 40000;
    char *body = malloc(n + 1);
    memset(body, 'a', n);
    memcpy(body, "hello ", 6);
    body[n - 1] = '!';
    int64_t score;
    unsigned flags;
    route_one(rs, body, n, 0, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 1); /* regexes cut off count as not matched */
    assert_true(flags & TRIAGE_FLAG_REGEX_BUDGET);
    /* A harmless ticket on the same ruleset matches normally. */
    route_one(rs, S("hello world 77"), 0, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 1 + 5 + 7);
    assert_int_equal(flags & TRIAGE_FLAG_REGEX_BUDGET, 0);
    free(body);
    triage_ruleset_free(rs);
}

static void test_huge_and_empty_fields(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_add_keyword(b, c, S("needle"), 1);
    triage_builder_add_regex(b, c, S("\\bORD-\\d{6}\\b"), 2);
    triage_ruleset *rs = compile(b);
    size_t n = 16u * 1024 * 1024;
    char *body = malloc(n);
    for (size_t i = 0; i < n; i++) body[i] = "lorem ipsum "[i % 12];
    memcpy(body + n - 17, " needle ORD-123456", 17);
    memcpy(body + n - 17, " needle ORD-12345", 17);
    memcpy(body + n - 18, " needle ORD-123456", 18);
    int64_t score;
    unsigned flags;
    route_one(rs, body, n, 0, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 3);
    assert_int_equal(flags & TRIAGE_FLAG_REGEX_BUDGET, 0);
    route_one(rs, "", 0, 0, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 0);
    assert_int_equal(flags, TRIAGE_FLAG_NO_CATEGORY);
    free(body);
    triage_ruleset_free(rs);
}

static void test_strict_utf8(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_add_keyword(b, c, S("refund"), 1);
    triage_ruleset *rs = compile(b);
    int64_t score = -1;
    unsigned flags = 0;
    route_one(rs, S("refund \xC3"), TRIAGE_ROUTE_STRICT_UTF8, TRIAGE_ERR_UTF8, &score, &flags);
    assert_int_equal(score, 0); /* the decision is left empty */
    route_one(rs, S("refund \xC3\xA9"), TRIAGE_ROUTE_STRICT_UTF8, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 1);
    triage_ruleset_free(rs);
}

static void test_regex_on_invalid_utf8(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, S("c"));
    triage_builder_add_regex(b, c, S("ORD-\\d+"), 1);
    triage_ruleset *rs = compile(b);
    int64_t score;
    unsigned flags;
    route_one(rs, S("\xFF\xFE ORD-42 \x80"), 0, TRIAGE_OK, &score, &flags);
    assert_int_equal(score, 1);
    assert_true(flags & TRIAGE_FLAG_INVALID_UTF8);
    triage_ruleset_free(rs);
}

/* ---- allocation failures: fail the n-th allocation for every n ---- */


/* Builds, compiles and routes with at most `budget` allocations. */
static int run_with_budget(long budget, countdown *c) {
    c->left = -1;
    c->live = 0;
    triage_allocator *a = triage_allocator_create(count_malloc, count_free, c);
    assert_non_null(a);
    c->left = budget;
    int rc = TRIAGE_ERR_NOMEM;
    triage_builder *b = triage_builder_create(a);
    triage_ruleset *rs = NULL;
    triage_scratch *s = NULL;
    triage_decision *d = NULL;
    triage_ticket *t = NULL;
    if (!b) goto out;
    int cat = triage_builder_add_category(b, S("billing"));
    if (cat < 0) goto out;
    if (triage_builder_add_keyword(b, cat, S("charged twice"), 5) < 0) goto out;
    if (triage_builder_add_keyword(b, cat, S("café"), 1) < 0) goto out;
    int term = triage_builder_add_keyword(b, cat, S("cafe"), 1);
    if (term < 0 || triage_builder_term_set_flags(b, term, TRIAGE_TERM_ACCENT_INSENSITIVE)) goto out;
    if (triage_builder_add_regex(b, cat, S("\\bINV-\\d+"), 2) < 0) goto out;
    int r = triage_builder_add_route(b, S("r"));
    if (r < 0 || triage_builder_route_when_contains(b, r, S("body"), S("charged twice")) ||
        triage_builder_route_when_match(b, r, S("body"), S("inv")) ||
        triage_builder_route_add_tag(b, r, S("t")))
        goto out;
    if ((rc = triage_builder_compile(b, &rs)) != TRIAGE_OK) goto out;
    rc = TRIAGE_ERR_NOMEM;
    if (!(s = triage_scratch_create(rs)) || !(d = triage_decision_create(rs)) ||
        !(t = triage_ticket_create(a)))
        goto out;
    if (triage_ticket_add(t, S("body"), S("Charged twice at the Café, INV-7")) != TRIAGE_OK) goto out;
    rc = triage_route(rs, s, t, TRIAGE_ROUTE_EXPLAIN, d);
    if (rc == TRIAGE_OK) {
        assert_int_equal(triage_decision_score(d, 0), 5 + 1 + 1 + 2);
        assert_int_equal(triage_decision_tag_count(d), 1);
    }
out:
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
    triage_builder_free(b);
    c->left = -1;
    triage_allocator_free(a);
    if (c->live != 0) fail_msg("%ld blocks leaked with %ld allocations allowed", c->live, budget);
    return rc;
}

static void test_every_allocation_failure(void **state) {
    (void)state;
    countdown c;
    long n = 0;
    for (; n < 100000; n++) {
        int rc = run_with_budget(n, &c);
        if (rc == TRIAGE_OK) break;
        assert_int_equal(rc, TRIAGE_ERR_NOMEM);
    }
    assert_true(n > 20); /* the loop really went through failures */
    assert_true(n < 100000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catastrophic_regex_is_cut_off),
        cmocka_unit_test(test_huge_and_empty_fields),
        cmocka_unit_test(test_strict_utf8),
        cmocka_unit_test(test_regex_on_invalid_utf8),
        cmocka_unit_test(test_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
