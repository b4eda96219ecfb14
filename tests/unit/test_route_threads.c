/* One shared ruleset, many threads: the same decisions as one thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include <triage/triage.h>

#define S(x) x, strlen(x)
#define NTICKETS 600
#define NTHREADS 8

static const char *const words[] = {
    "refund", "invoice", "charged", "twice", "password", "reset", "login", "outage",
    "down", "café", "größe", "退款", "ORD-123456", "E4021", "ana@example.com", "4111 1111 1111 1111",
    "€42,00", "please", "help", "the", "my", "account", "is", "locked", "😡", "\xff"};

typedef struct outcome {
    int category;
    int64_t score_sum;
    int priority;
    size_t rules;
} outcome;

static triage_ruleset *rules(void) {
    triage_builder *b = triage_builder_create(NULL);
    int billing = triage_builder_add_category(b, S("billing"));
    int access = triage_builder_add_category(b, S("access"));
    int outage = triage_builder_add_category(b, S("outage"));
    triage_builder_set_accent_insensitive(b, 1);
    triage_builder_add_keyword(b, billing, S("refund"), 3);
    triage_builder_add_keyword(b, billing, S("charged twice"), 5);
    triage_builder_add_keyword(b, billing, S("cafe"), 1);
    triage_builder_add_keyword(b, billing, S("退款"), 4);
    triage_builder_add_regex(b, billing, S("\\bORD-\\d{6}\\b"), 2);
    triage_builder_add_regex(b, billing, S("[€$£]\\s?\\d+(?:[.,]\\d{2})?"), 1);
    triage_builder_add_keyword(b, access, S("password reset"), 4);
    triage_builder_add_keyword(b, access, S("login"), 2);
    triage_builder_add_keyword(b, access, S("account is locked"), 5);
    triage_builder_add_regex(b, access, S("[\\w.+-]+@[\\w-]+\\.[\\w.]+"), 1);
    triage_builder_add_keyword(b, outage, S("down"), 3);
    triage_builder_add_keyword(b, outage, S("outage"), 4);
    triage_builder_add_regex(b, outage, S("\\bE\\d{4}\\b"), 2);
    int r = triage_builder_add_route(b, S("cards"));
    triage_builder_route_when_match(b, r, S("body"), S("\\b(?:\\d[ -]?){13,16}\\b"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_HIGH);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    triage_builder_free(b);
    return rs;
}

/* Deterministic ticket i. */
static size_t make_ticket(unsigned i, char *buf, size_t cap) {
    uint64_t x = i * 0x9E3779B97F4A7C15ull + 1;
    size_t n = 0, count = 3 + i % 40;
    for (size_t k = 0; k < count; k++) {
        x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
        const char *w = words[(x * 0x2545F4914F6CDD1Dull >> 33) % (sizeof words / sizeof *words)];
        size_t len = strlen(w);
        if (n + len + 1 >= cap) break;
        memcpy(buf + n, w, len);
        n += len;
        buf[n++] = ' ';
    }
    return n;
}

typedef struct job {
    const triage_ruleset *rs;
    outcome *out;
    int rc;
} job;

static void *route_all(void *arg) {
    job *j = arg;
    triage_scratch *s = triage_scratch_create(j->rs);
    triage_decision *d = triage_decision_create(j->rs);
    triage_ticket *t = triage_ticket_create(NULL);
    char buf[2048];
    j->rc = s && d && t ? TRIAGE_OK : TRIAGE_ERR_NOMEM;
    for (unsigned i = 0; i < NTICKETS && j->rc == TRIAGE_OK; i++) {
        triage_ticket_clear(t);
        size_t n = make_ticket(i, buf, sizeof buf);
        triage_ticket_add(t, S("body"), buf, n);
        j->rc = triage_route(j->rs, s, t, TRIAGE_ROUTE_EXPLAIN, d);
        outcome *o = &j->out[i];
        o->category = triage_decision_category_index(d);
        o->score_sum = 0;
        for (size_t c = 0; c < triage_decision_score_count(d); c++)
            o->score_sum = o->score_sum * 31 + triage_decision_score(d, c);
        o->priority = triage_decision_priority(d);
        o->rules = triage_decision_rule_count(d) * 1000 + triage_decision_hit_count(d);
    }
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    return NULL;
}

static void test_threads_agree_with_one_thread(void **state) {
    (void)state;
    triage_ruleset *rs = rules();
    static outcome single[NTICKETS], multi[NTHREADS][NTICKETS];
    job one = {rs, single, 0};
    route_all(&one);
    assert_int_equal(one.rc, TRIAGE_OK);
    int categorized = 0;
    for (int i = 0; i < NTICKETS; i++) categorized += single[i].category >= 0;
    assert_true(categorized > NTICKETS / 4); /* the workload really routes */
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    for (int k = 0; k < NTHREADS; k++) {
        jobs[k] = (job){rs, multi[k], 0};
        assert_int_equal(pthread_create(&th[k], NULL, route_all, &jobs[k]), 0);
    }
    for (int k = 0; k < NTHREADS; k++) {
        pthread_join(th[k], NULL);
        assert_int_equal(jobs[k].rc, TRIAGE_OK);
        for (int i = 0; i < NTICKETS; i++) {
            assert_int_equal(multi[k][i].category, single[i].category);
            assert_int_equal(multi[k][i].score_sum, single[i].score_sum);
            assert_int_equal(multi[k][i].priority, single[i].priority);
            assert_int_equal(multi[k][i].rules, single[i].rules);
        }
    }
    triage_ruleset_free(rs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_agree_with_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
