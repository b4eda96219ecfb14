/* Explanations under allocation failure: fail the n-th allocation for every
 * n; each call either succeeds completely or returns TRIAGE_ERR_NOMEM,
 * leaks nothing, and the explanation still works afterwards. */
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


static triage_ruleset *desk(const triage_allocator *a) {
    triage_builder *b = triage_builder_create(a);
    int cat = triage_builder_add_category(b, S("billing"));
    triage_builder_add_keyword(b, cat, S("invoice"), 3);
    int out = triage_builder_add_category(b, S("outage"));
    triage_builder_category_set_min_score(b, out, 8);
    triage_builder_add_keyword(b, out, S("down"), 5);
    int r = triage_builder_add_route(b, S("r1"));
    triage_builder_route_when_category(b, r, S("outage"));
    triage_builder_route_when_score(b, r, S("outage"), TRIAGE_CMP_GE, 8);
    triage_builder_route_when_field(b, r, S("channel"), S("phone"));
    triage_builder_route_when_contains(b, r, S("subject"), S("urgent"));
    triage_builder_route_when_match(b, r, S("body"), S("down\\b"));
    r = triage_builder_add_route(b, S("r2"));
    triage_builder_route_when_category(b, r, S("billing"));
    triage_builder_route_set_stop(b, r, 1);
    r = triage_builder_add_route(b, S("r3"));
    triage_builder_route_when_category(b, r, S(""));
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    return rs;
}

static int count_words(const char *w, size_t n, const char *sep, size_t sn, size_t off, void *u) {
    (void)w, (void)n, (void)sep, (void)sn, (void)off;
    ++*(int *)u;
    return 0;
}

/* Everything that allocates in the explain module, with `budget` allocations. */
static int run_with_budget(long budget, countdown *c, const triage_allocator *a,
                           const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t) {
    c->left = budget;
    int rc = TRIAGE_ERR_NOMEM;
    triage_explanation *e = triage_explanation_create(rs);
    if (e) {
        rc = triage_explain(rs, s, t, 0, e);
        if (rc == TRIAGE_OK) {
            const char *reason;
            assert_int_equal(triage_explanation_rule_count(e), 3);
            triage_explanation_condition(e, 0, 2, NULL, NULL, &reason);
            assert_string_equal(reason, "field channel is 'email', not phone");
        } else {
            assert_int_equal(rc, TRIAGE_ERR_NOMEM);
            assert_int_equal(triage_explanation_rule_count(e), 0);
            /* the same object recovers once memory is back */
            c->left = -1;
            assert_int_equal(triage_explain(rs, s, t, 0, e), TRIAGE_OK);
            assert_int_equal(triage_explanation_rule_count(e), 3);
        }
    }
    c->left = budget;
    int words = 0;
    int wrc = triage_words(a, S("Production is down, invoice attached"), 0, count_words, &words);
    assert_true(wrc == TRIAGE_OK || wrc == TRIAGE_ERR_NOMEM);
    if (wrc == TRIAGE_OK) assert_int_equal(words, 5);
    else if (rc == TRIAGE_OK) rc = wrc;
    c->left = -1;
    triage_explanation_free(e);
    return rc;
}

static void every_allocation_failure(void **state) {
    (void)state;
    countdown c = {-1, 0};
    triage_allocator *a = triage_allocator_create(count_malloc, count_free, &c);
    assert_non_null(a);
    triage_ruleset *rs = desk(a);
    triage_scratch *s = triage_scratch_create(rs);
    triage_ticket *t = triage_ticket_create(a);
    triage_ticket_add(t, S("subject"), S("urgent invoice"));
    triage_ticket_add(t, S("body"), S("Production is down"));
    triage_ticket_add(t, S("channel"), S("email"));
    /* Warm up: the scratch keeps its buffers for the next ticket. */
    triage_explanation *warm = triage_explanation_create(rs);
    assert_int_equal(triage_explain(rs, s, t, 0, warm), TRIAGE_OK);
    triage_explanation_free(warm);
    long base = c.live, n = 0;
    for (; n < 10000; n++) {
        int rc = run_with_budget(n, &c, a, rs, s, t);
        if (c.live != base) fail_msg("%ld blocks leaked with %ld allocations allowed", c.live - base, n);
        if (rc == TRIAGE_OK) break;
    }
    assert_true(n > 3); /* failures really happened */
    assert_true(n < 10000);
    triage_ticket_free(t);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
    triage_allocator_free(a);
    assert_int_equal(c.live, 0); /* the allocator itself came from count_malloc */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
