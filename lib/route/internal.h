/* Tickets, scratch and decisions as the router sees them. */
#ifndef TR_ROUTE_INTERNAL_H
#define TR_ROUTE_INTERNAL_H

#include <triage/route.h>

#include "match/lexicon.h"
#include "match/regex_set.h"
#include "rules/ruleset.h"
#include "text/tokenize.h"

typedef struct tr_ticket_field {
    size_t name, name_len;   /* offsets in the ticket's bytes */
    size_t value, value_len;
    size_t value_index;      /* among the values of the same field */
} tr_ticket_field;

struct triage_ticket {
    const triage_allocator *alloc;
    tr_ticket_field *fields;
    size_t count, cap;
    char *bytes;
    size_t nbytes, cap_bytes;
};

static inline const char *tr_ticket_name(const triage_ticket *t, const tr_ticket_field *f) {
    return t->bytes + f->name;
}
static inline const char *tr_ticket_value(const triage_ticket *t, const tr_ticket_field *f) {
    return t->bytes + f->value;
}

typedef struct tr_hit {
    uint32_t term, field; /* field: index in the ruleset's fields */
    size_t value_index, offset, length;
    int64_t weight;
} tr_hit;

struct triage_scratch {
    const triage_ruleset *rs;
    const triage_allocator *alloc;
    tr_tokens tokens;
    tr_lex_scratch lex;
    tr_regex_scratch term_regex, route_regex;
    uint32_t *seen;     /* per term: generation of the ticket that matched it */
    int64_t *best_field_weight; /* per term: largest weight of a field it matched in */
    uint32_t *matched;  /* terms matched by this ticket */
    size_t nmatched;
    uint32_t generation;
};

struct triage_decision {
    const triage_ruleset *rs;
    const triage_allocator *alloc;
    int64_t *scores;
    int category;
    const char *queue, *sla;
    int priority, tier;
    unsigned flags;
    const char **tags;
    size_t ntags, cap_tags;
    uint32_t *rules;
    size_t nrules, cap_rules;
    tr_hit *hits;
    size_t nhits, cap_hits;
};

/* Scores every category into d->scores (and d->hits with
 * TRIAGE_ROUTE_EXPLAIN in flags). The fields it tokenizes are checked for
 * UTF-8 on the way: TRIAGE_ERR_UTF8 with TRIAGE_ROUTE_STRICT_UTF8, else
 * the decision is flagged. */
int tr_score(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t, unsigned flags,
             triage_decision *d);
/* Whether tr_score tokenizes (and so checks) the field. */
int tr_score_tokenizes(const triage_ruleset *rs, const triage_ticket *t, const tr_ticket_field *f);
/* Picks the winner and applies the route rules. */
int tr_decide(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
              triage_decision *d);
/* Whether one route condition holds for a scored decision (explanations
 * evaluate every condition; routing stops at the first false one). *status
 * is set on failure. */
int tr_condition_holds(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
                       const triage_decision *d, const tr_ccond *c, int *status);
/* Empties a decision for a new ticket. */
void tr_decision_reset(triage_decision *d);

#define TR_MAX_HITS 10000 /* hits kept per decision when explaining */

#endif
