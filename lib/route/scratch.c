/* Per-thread working memory, sized for one ruleset. */
#include <string.h>

#include "core/alloc.h"
#include "route/internal.h"

triage_scratch *triage_scratch_create(const triage_ruleset *rs) {
    if (!rs) return NULL;
    const triage_allocator *a = rs->meter.alloc;
    triage_scratch *s = tr_calloc(a, 1, sizeof *s);
    if (!s) return NULL;
    s->rs = rs;
    s->alloc = a;
    tr_tokens_init(&s->tokens, a);
    tr_lex_scratch_init(&s->lex, a);
    size_t n = rs->nterms ? rs->nterms : 1;
    s->seen = tr_calloc(a, n, sizeof *s->seen);
    s->best_field_weight = tr_calloc(a, n, sizeof *s->best_field_weight);
    s->matched = tr_calloc(a, n, sizeof *s->matched);
    if (!s->seen || !s->best_field_weight || !s->matched ||
        tr_regex_scratch_init(&s->term_regex, rs->term_regexes, a) != TRIAGE_OK ||
        tr_regex_scratch_init(&s->route_regex, rs->route_regexes, a) != TRIAGE_OK) {
        triage_scratch_free(s);
        return NULL;
    }
    return s;
}

void triage_scratch_free(triage_scratch *s) {
    if (!s) return;
    const triage_allocator *a = s->alloc;
    tr_tokens_free(&s->tokens);
    tr_lex_scratch_free(&s->lex);
    if (s->term_regex.gctx) tr_regex_scratch_free(&s->term_regex);
    if (s->route_regex.gctx) tr_regex_scratch_free(&s->route_regex);
    tr_free(a, s->seen);
    tr_free(a, s->best_field_weight);
    tr_free(a, s->matched);
    tr_free(a, s);
}
