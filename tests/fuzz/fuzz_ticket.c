/* Fuzz target: any bytes as a ticket, routed by a fixed ruleset with every
 * kind of term. Routing must not fail (but in strict mode on invalid
 * UTF-8), and must give the same decision twice. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <triage/triage.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define S(x) x, strlen(x)

static triage_ruleset *build_rules(void) {
    triage_builder *b = triage_builder_create(NULL);
    int billing = triage_builder_add_category(b, S("billing"));
    int access = triage_builder_add_category(b, S("access"));
    triage_builder_set_field_weight(b, S("subject"), 2);
    triage_builder_add_keyword(b, billing, S("charged twice"), 5);
    triage_builder_add_keyword(b, billing, S("refund"), 3);
    int t = triage_builder_add_keyword(b, billing, S("cafe"), 1);
    triage_builder_term_set_flags(b, t, TRIAGE_TERM_ACCENT_INSENSITIVE);
    triage_builder_add_keyword(b, billing, S("请退款"), 4);
    triage_builder_add_keyword(b, access, S("password reset"), 4);
    triage_builder_add_regex(b, billing, S("\\bINV-\\d{6}\\b"), 2);
    triage_builder_add_regex(b, billing, S("(?:table|room)\\s+for\\s+\\d+"), 2);
    triage_builder_add_regex(b, access, S("\\b\\d{3}-\\d{2}-\\d{4}\\b"), 2);
    triage_builder_add_regex(b, access, S("\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b"), 1);
    triage_builder_add_regex(b, access, S("^(\\w+\\s?)+$"), 1); /* hostile on purpose */
    int r = triage_builder_add_route(b, S("r"));
    triage_builder_route_when_contains(b, r, S("body"), S("right now"));
    triage_builder_route_when_match(b, r, S("subject"), S("urgent|asap"));
    triage_builder_route_set_priority(b, r, TRIAGE_PRIORITY_URGENT);
    triage_builder_set_regex_budget(b, 100000);
    triage_ruleset *rs = NULL;
    triage_builder_compile(b, &rs);
    triage_builder_free(b);
    return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static triage_ruleset *rs;
    if (!rs && !(rs = build_rules())) __builtin_trap();
    if (size == 0) return 0;
    unsigned flags = data[0] & (TRIAGE_ROUTE_EXPLAIN | TRIAGE_ROUTE_STRICT_UTF8);
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    const char *split = memchr(text, '\n', n); /* subject, newline, body */
    size_t subject_len = split ? (size_t)(split - text) : n;
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d1 = triage_decision_create(rs), *d2 = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    if (!s || !d1 || !d2 || !t) __builtin_trap();
    triage_ticket_add(t, "subject", 7, text, subject_len);
    if (split) triage_ticket_add(t, "body", 4, split + 1, n - subject_len - 1);
    int rc1 = triage_route(rs, s, t, flags, d1);
    int rc2 = triage_route(rs, s, t, flags, d2);
    if (rc1 != rc2 || (rc1 != TRIAGE_OK && rc1 != TRIAGE_ERR_UTF8)) __builtin_trap();
    if (rc1 == TRIAGE_ERR_UTF8 && !(flags & TRIAGE_ROUTE_STRICT_UTF8)) __builtin_trap();
    for (size_t c = 0; c < triage_decision_score_count(d1); c++)
        if (triage_decision_score(d1, c) != triage_decision_score(d2, c)) __builtin_trap();
    if (triage_decision_hit_count(d1) != triage_decision_hit_count(d2) ||
        triage_decision_priority(d1) != triage_decision_priority(d2) ||
        triage_decision_flags(d1) != triage_decision_flags(d2))
        __builtin_trap();
    triage_ticket_free(t);
    triage_decision_free(d1);
    triage_decision_free(d2);
    triage_scratch_free(s);
    return 0;
}
