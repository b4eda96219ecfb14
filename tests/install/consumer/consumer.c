/* Routes one ticket through the installed library; prints the queue. */
#include <stdio.h>
#include <string.h>
#include <triage/triage.h>

int main(void) {
    if (triage_version_number() / 10000 != TRIAGE_VERSION_MAJOR) return 1;
    triage_builder *b = triage_builder_create(NULL);
    int c = triage_builder_add_category(b, "billing", 7);
    triage_builder_category_set_queue(b, c, "finance", 7);
    triage_builder_add_keyword(b, c, "refund", 6, 3);
    triage_ruleset *rs = NULL;
    if (triage_builder_compile(b, &rs) != TRIAGE_OK) return 1;
    triage_builder_free(b);
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    triage_ticket *t = triage_ticket_create(NULL);
    triage_ticket_add(t, "body", 4, "Refund please", 13);
    int rc = triage_route(rs, s, t, 0, d);
    printf("%s\n", rc == TRIAGE_OK ? triage_decision_queue(d) : triage_strerror(rc));
    triage_ticket_free(t);
    triage_decision_free(d);
    triage_scratch_free(s);
    triage_ruleset_free(rs);
    return rc == TRIAGE_OK ? 0 : 1;
}
