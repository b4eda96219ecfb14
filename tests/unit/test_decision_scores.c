/* triage_decision_scores: the bulk score getter agrees with the per-category
 * getter, honours the capacity and tolerates NULL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)

static void scores_match_single_getter(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    assert_non_null(b);
    int a = triage_builder_add_category(b, S("alpha"));
    int c = triage_builder_add_category(b, S("beta"));
    int g = triage_builder_add_category(b, S("gamma"));
    assert_true(triage_builder_add_keyword(b, a, S("apple"), 3) >= 0);
    assert_true(triage_builder_add_keyword(b, c, S("banana"), 5) >= 0);
    assert_true(triage_builder_add_keyword(b, c, S("cherry"), -2) >= 0);
    assert_true(triage_builder_add_keyword(b, g, S("grape"), 1) >= 0);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);

    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    assert_non_null(s);
    assert_non_null(d);
    assert_non_null(t);
    assert_int_equal(triage_ticket_add(t, S("body"), S("apple banana cherry")), TRIAGE_OK);
    assert_int_equal(triage_route(rs, s, t, 0, d), TRIAGE_OK);

    int64_t all[4] = {-1, -1, -1, -1};
    assert_int_equal(triage_decision_scores(d, all, 4), 3);
    for (size_t i = 0; i < 3; i++) assert_int_equal(all[i], triage_decision_score(d, i));
    assert_int_equal(all[0], 3);
    assert_int_equal(all[1], 3);
    assert_int_equal(all[2], 0);
    assert_int_equal(all[3], -1); /* past the count: untouched */

    int64_t two[2] = {-1, -1};
    assert_int_equal(triage_decision_scores(d, two, 1), 3);
    assert_int_equal(two[0], 3);
    assert_int_equal(two[1], -1); /* past the capacity: untouched */
    assert_int_equal(triage_decision_scores(d, NULL, 0), 3);
    assert_int_equal(triage_decision_scores(NULL, all, 4), 0);

    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_match_single_getter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
