/* triage_route: validate, score, decide. */
#include <string.h>

#include "route/internal.h"
#include "text/utf8.h"

static const char *const priority_names[] = {"low", "normal", "high", "urgent"};

const char *triage_priority_name(int priority) {
    return priority >= TRIAGE_PRIORITY_LOW && priority <= TRIAGE_PRIORITY_URGENT
               ? priority_names[priority]
               : NULL;
}

int triage_priority_from_name(const char *name, size_t len) {
    if (!name && len) return TRIAGE_ERR_ARGUMENT;
    for (int p = TRIAGE_PRIORITY_LOW; p <= TRIAGE_PRIORITY_URGENT; p++)
        if (strlen(priority_names[p]) == len && memcmp(priority_names[p], name, len) == 0) return p;
    return TRIAGE_ERR_NOT_FOUND;
}

int triage_route(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
                 unsigned flags, triage_decision *d) {
    const unsigned known = TRIAGE_ROUTE_EXPLAIN | TRIAGE_ROUTE_STRICT_UTF8;
    if (!rs || !s || !t || !d || s->rs != rs || d->rs != rs || (flags & ~known))
        return TRIAGE_ERR_ARGUMENT;
    tr_decision_reset(d);
    /* Fields that scoring tokenizes are checked there, on the way; the
     * others here. */
    for (size_t i = 0; i < t->count; i++) {
        const tr_ticket_field *f = &t->fields[i];
        if (tr_score_tokenizes(rs, t, f) || tr_utf8_valid(tr_ticket_value(t, f), f->value_len))
            continue;
        if (flags & TRIAGE_ROUTE_STRICT_UTF8) return TRIAGE_ERR_UTF8;
        d->flags |= TRIAGE_FLAG_INVALID_UTF8;
        break;
    }
    int rc = tr_score(rs, s, t, flags, d);
    if (rc == TRIAGE_OK) rc = tr_decide(rs, s, t, d);
    if (rc != TRIAGE_OK) tr_decision_reset(d);
    return rc;
}
