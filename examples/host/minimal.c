/* A minimal host: rules in, one ticket routed, the decision read back. */
#include <stdio.h>
#include <string.h>
#include <triage/triage.h>

static const char RULES[] =
    "triage: 1\n"
    "options: {default_queue: general, min_score: 3}\n"
    "categories:\n"
    "  - name: billing\n"
    "    keywords: {invoice: 3, \"charged twice\": 5}\n"
    "routes:\n"
    "  - name: vip\n"
    "    when: {field: {customer.vip: [\"true\"]}}\n"
    "    set: {priority: high}\n";

static int add(triage_ticket *t, const char *field, const char *value) {
    return triage_ticket_add(t, field, strlen(field), value, strlen(value));
}

int main(void) {
    triage_builder *b = triage_builder_create(NULL); /* NULL: malloc/free */
    triage_ruleset *rs = NULL;
    int rc = b ? triage_builder_load_yaml(b, RULES, sizeof RULES - 1, "rules.yaml")
               : TRIAGE_ERR_NOMEM;
    if (rc == TRIAGE_OK) rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) {
        for (size_t i = 0; b && i < triage_builder_error_count(b); i++) {
            const char *file, *msg;
            unsigned line, col;
            triage_builder_error(b, i, &file, &line, &col, &msg);
            fprintf(stderr, "%s:%u:%u: %s\n", file ? file : "-", line, col, msg);
        }
        fprintf(stderr, "rules: %s\n", triage_strerror(rc));
        triage_builder_free(b);
        return 1;
    }
    triage_builder_free(b); /* the ruleset does not need it */

    /* One ticket, scratch and decision per thread; the ruleset is shared. */
    triage_ticket *t = triage_ticket_create(NULL);
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    rc = (t && s && d) ? TRIAGE_OK : TRIAGE_ERR_NOMEM;
    if (rc == TRIAGE_OK) rc = add(t, "subject", "Charged twice!");
    if (rc == TRIAGE_OK) rc = add(t, "body", "My invoice shows the same payment two times.");
    if (rc == TRIAGE_OK) rc = add(t, "customer.vip", "true");
    if (rc == TRIAGE_OK) rc = triage_route(rs, s, t, 0, d);
    if (rc == TRIAGE_OK) {
        const char *category = triage_decision_category(d);
        printf("category %s, queue %s, priority %s, tier %d\n", category ? category : "(none)",
               triage_decision_queue(d), triage_priority_name(triage_decision_priority(d)),
               triage_decision_tier(d));
        for (size_t i = 0; i < triage_decision_score_count(d); i++)
            printf("score %s = %lld\n", triage_ruleset_category_name(rs, i),
                   (long long)triage_decision_score(d, i));
        for (size_t i = 0; i < triage_decision_rule_count(d); i++)
            printf("rule %s\n", triage_decision_rule(d, i));
    } else {
        fprintf(stderr, "route: %s\n", triage_strerror(rc));
    }
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ticket_free(t);
    triage_ruleset_free(rs);
    return rc == TRIAGE_OK ? 0 : 1;
}
