/* Scoring: which terms match where, and each category's sum.
 *
 * A term counts once per ticket, with its weight times the largest weight
 * among the fields it matched in. */
#include <string.h>

#include "core/alloc.h"
#include "route/internal.h"

static int add_hit(triage_decision *d, uint32_t term, uint32_t field, size_t value_index,
                   size_t offset, size_t length, int64_t weight) {
    if (d->nhits >= TR_MAX_HITS) return TRIAGE_OK; /* the score is still exact */
    if (tr_reserve(d->alloc, (void **)&d->hits, &d->cap_hits, d->nhits + 1, sizeof *d->hits))
        return TRIAGE_ERR_NOMEM;
    d->hits[d->nhits++] = (tr_hit){term, field, value_index, offset, length, weight};
    return TRIAGE_OK;
}

static void note_term(triage_scratch *s, uint32_t term, int64_t field_weight) {
    if (s->seen[term] != s->generation) {
        s->seen[term] = s->generation;
        s->best_field_weight[term] = field_weight;
        s->matched[s->nmatched++] = term;
    } else if (field_weight > s->best_field_weight[term]) {
        s->best_field_weight[term] = field_weight;
    }
}

static int score_keywords(const triage_ruleset *rs, triage_scratch *s, const tr_ticket_field *f,
                          const char *value, uint32_t field, int explain, triage_decision *d) {
    int with_strip = tr_lexicon_term_count(rs->stripped) > 0;
    int rc = tr_tokenize(&s->tokens, value, f->value_len, with_strip);
    if (rc != TRIAGE_OK) return rc;
    s->lex.nhits = 0;
    if (tr_lexicon_match(rs->plain, &s->tokens, &s->lex) != TRIAGE_OK ||
        tr_lexicon_match(rs->stripped, &s->tokens, &s->lex) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    int64_t fw = rs->fields[field].weight;
    for (size_t i = 0; i < s->lex.nhits; i++) {
        const tr_lex_hit *h = &s->lex.hits[i];
        const tr_cterm *term = &rs->terms[h->term];
        if (!(term->fields & (1ull << field))) continue;
        note_term(s, h->term, fw);
        if (explain) {
            size_t start = s->tokens.items[h->first].start, end = s->tokens.items[h->last].end;
            if (add_hit(d, h->term, field, f->value_index, start, end - start, term->weight * fw))
                return TRIAGE_ERR_NOMEM;
        }
    }
    return TRIAGE_OK;
}

static int score_regexes(const triage_ruleset *rs, triage_scratch *s, const tr_ticket_field *f,
                         const char *value, uint32_t field, const tr_tokens *words, int explain,
                         triage_decision *d) {
    const tr_regex_set *set = rs->term_regexes;
    size_t n = tr_regex_set_count(set);
    if (!n) return TRIAGE_OK;
    int64_t fw = rs->fields[field].weight;
    /* every field checked so far (this one included) is valid */
    int valid = !(d->flags & TRIAGE_FLAG_INVALID_UTF8);
    if (tr_regex_set_prefilter(set, value, f->value_len, valid, &s->term_regex) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    for (size_t next = tr_regex_set_next_candidate(set, &s->term_regex, 0); next < n;
         next = tr_regex_set_next_candidate(set, &s->term_regex, next + 1)) {
        uint32_t r = (uint32_t)next;
        uint32_t t = rs->regex_terms[r];
        const tr_cterm *term = &rs->terms[t];
        if (!(term->fields & (1ull << field))) continue;
        /* Already counted at least this much: only an explanation wants more. */
        if (!explain && s->seen[t] == s->generation && s->best_field_weight[t] >= fw) continue;
        if (!tr_regex_set_may_run(set, r, &s->term_regex)) continue;
        size_t offset, length;
        if (!tr_regex_set_match(set, r, value, f->value_len, words, &s->term_regex, &offset,
                                &length))
            continue;
        note_term(s, t, fw);
        if (explain && add_hit(d, t, field, f->value_index, offset, length, term->weight * fw))
            return TRIAGE_ERR_NOMEM;
    }
    return TRIAGE_OK;
}

/* Keywords need the words of a text, and so do regexes tried at word starts. */
static int needs_words(const triage_ruleset *rs) {
    return tr_lexicon_term_count(rs->plain) + tr_lexicon_term_count(rs->stripped) > 0 ||
           rs->regexes_use_words;
}

int tr_score_tokenizes(const triage_ruleset *rs, const triage_ticket *t, const tr_ticket_field *f) {
    return needs_words(rs) && tr_ruleset_field(rs, tr_ticket_name(t, f), f->name_len) >= 0;
}

int tr_score(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t, unsigned flags,
             triage_decision *d) {
    int explain = (flags & TRIAGE_ROUTE_EXPLAIN) != 0;
    if (++s->generation == 0) { /* wrapped: forget every old mark */
        memset(s->seen, 0, (rs->nterms ? rs->nterms : 1) * sizeof *s->seen);
        s->generation = 1;
    }
    s->nmatched = 0;
    tr_regex_scratch_reset(&s->term_regex, rs->regex_budget);
    int tokenize = needs_words(rs);
    for (size_t i = 0; i < t->count; i++) {
        const tr_ticket_field *f = &t->fields[i];
        int field = tr_ruleset_field(rs, tr_ticket_name(t, f), f->name_len);
        if (field < 0) continue;
        const char *value = tr_ticket_value(t, f);
        int rc = tokenize ? score_keywords(rs, s, f, value, (uint32_t)field, explain, d) : TRIAGE_OK;
        if (rc == TRIAGE_OK && tokenize && s->tokens.invalid_utf8) { /* see tr_score_tokenizes */
            if (flags & TRIAGE_ROUTE_STRICT_UTF8) return TRIAGE_ERR_UTF8;
            d->flags |= TRIAGE_FLAG_INVALID_UTF8;
        }
        if (rc == TRIAGE_OK)
            rc = score_regexes(rs, s, f, value, (uint32_t)field, tokenize ? &s->tokens : NULL,
                               explain, d);
        if (rc != TRIAGE_OK) return rc;
    }
    if (s->term_regex.budget_hit) d->flags |= TRIAGE_FLAG_REGEX_BUDGET;
    for (size_t i = 0; i < s->nmatched; i++) {
        const tr_cterm *term = &rs->terms[s->matched[i]];
        d->scores[term->category] += term->weight * s->best_field_weight[s->matched[i]];
    }
    return TRIAGE_OK;
}
