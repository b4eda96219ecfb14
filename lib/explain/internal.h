/* Explanations as the library keeps them. */
#ifndef TR_EXPLAIN_INTERNAL_H
#define TR_EXPLAIN_INTERNAL_H

#include <triage/explain.h>

#include "route/internal.h"

typedef struct tr_cond_result {
    int holds;
    int64_t actual; /* SCORE: the category's score */
    size_t reason;  /* offset in the explanation's text */
} tr_cond_result;

struct triage_explanation {
    const triage_ruleset *rs;
    const triage_allocator *alloc;
    triage_decision *decision;
    int filled;            /* the last triage_explain succeeded */
    int *outcomes;         /* per rule: TRIAGE_RULE_* */
    size_t *first_cond;    /* per rule: index of its first condition in conds */
    tr_cond_result *conds; /* every condition of every rule */
    char *text;            /* reasons, NUL-terminated, back to back */
    size_t text_len, text_cap;
};

/* Writes the reason of one evaluated condition into e's text; returns its
 * offset through *at. */
int tr_explain_reason(triage_explanation *e, const triage_ticket *t, const tr_ccond *c,
                      const tr_cond_result *r, int cut_off, size_t *at);

#endif
