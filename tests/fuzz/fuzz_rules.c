/* Fuzz target: any bytes as a rules file. Loading and compiling must fail
 * cleanly or give a ruleset that routes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <triage/triage.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    triage_builder *b = triage_builder_create(NULL);
    if (!b) return 0;
    triage_ruleset *rs = NULL;
    if (triage_builder_load_yaml(b, (const char *)data, size, "fuzz.yaml") == TRIAGE_OK &&
        triage_builder_compile(b, &rs) == TRIAGE_OK) {
        triage_scratch *s = triage_scratch_create(rs);
        triage_decision *d = triage_decision_create(rs);
        triage_ticket *t = triage_ticket_create(NULL);
        static const char body[] = "I was charged twice for invoice INV-123456, café größe 请退款";
        if (s && d && t && triage_ticket_add(t, "subject", 7, "Refund", 6) == TRIAGE_OK &&
            triage_ticket_add(t, "body", 4, body, sizeof body - 1) == TRIAGE_OK)
            (void)triage_route(rs, s, t, TRIAGE_ROUTE_EXPLAIN, d);
        triage_ticket_free(t);
        triage_decision_free(d);
        triage_scratch_free(s);
        triage_ruleset_free(rs);
    } else {
        /* every failure leaves at least one error with a message */
        const char *msg = NULL;
        if (triage_builder_error_count(b) == 0 ||
            triage_builder_error(b, 0, NULL, NULL, NULL, &msg) >= 0 || !msg)
            __builtin_trap();
    }
    triage_builder_free(b);
    return 0;
}
