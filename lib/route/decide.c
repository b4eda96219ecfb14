/* Deciding: the winning category, then the route rules in order. */
#include <string.h>

#include "core/alloc.h"
#include "route/internal.h"

/* Highest score at or above its threshold; ties go to the first declared. */
static int winner(const triage_ruleset *rs, const int64_t *scores) {
    int best = -1;
    for (size_t i = 0; i < rs->ncategories; i++) {
        if (scores[i] < rs->categories[i].threshold) continue;
        if (best < 0 || scores[i] > scores[best]) best = (int)i;
    }
    return best;
}

static int compare(int64_t a, int cmp, int64_t b) {
    switch (cmp) {
    case TRIAGE_CMP_LT: return a < b;
    case TRIAGE_CMP_LE: return a <= b;
    case TRIAGE_CMP_EQ: return a == b;
    case TRIAGE_CMP_NE: return a != b;
    case TRIAGE_CMP_GE: return a >= b;
    default: return a > b;
    }
}

/* Whether the words of a tokenized text contain the phrase. */
static int tokens_contain(const tr_tokens *t, const tr_phrase *ph, int strip) {
    for (size_t i = 0; i + ph->count <= t->count; i++) {
        size_t k = 0;
        for (; k < ph->count; k++) {
            const tr_token *tok = &t->items[i + k];
            size_t len = strip ? tok->strip_len : tok->norm_len;
            if (k > 0 && tok->gap != ph->gaps[k]) break;
            if (len != ph->words[k].len || memcmp(tr_token_text(t, tok, strip), ph->words[k].ptr, len))
                break;
        }
        if (k == ph->count) return 1;
    }
    return 0;
}

/* Whether any value of the field satisfies the condition. */
static int field_condition(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
                           const tr_ccond *c, int *status) {
    for (size_t i = 0; i < t->count; i++) {
        const tr_ticket_field *f = &t->fields[i];
        if (f->name_len != c->field.len || memcmp(tr_ticket_name(t, f), c->field.ptr, f->name_len))
            continue;
        const char *value = tr_ticket_value(t, f);
        if (c->kind == TR_WHEN_FIELD) {
            for (size_t k = 0; k < c->nvalues; k++)
                if (c->values[k].len == f->value_len && !memcmp(c->values[k].ptr, value, f->value_len))
                    return 1;
        } else if (c->kind == TR_WHEN_CONTAINS) {
            if ((*status = tr_tokenize(&s->tokens, value, f->value_len, rs->accent_insensitive)))
                return 0;
            if (tokens_contain(&s->tokens, &c->phrase, rs->accent_insensitive)) return 1;
        } else {
            size_t offset, length;
            if ((*status = tr_regex_set_prefilter(rs->route_regexes, value, f->value_len, 0,
                                                  &s->route_regex)))
                return 0;
            if (tr_regex_set_may_run(rs->route_regexes, c->regex, &s->route_regex) &&
                tr_regex_set_match(rs->route_regexes, c->regex, value, f->value_len, NULL,
                                   &s->route_regex, &offset, &length))
                return 1;
        }
    }
    return 0;
}

int tr_condition_holds(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
                       const triage_decision *d, const tr_ccond *c, int *status) {
    switch (c->kind) {
    case TR_WHEN_CATEGORY:
        for (size_t k = 0; k < c->nvalues; k++)
            if (c->categories[k] == d->category) return 1;
        return 0;
    case TR_WHEN_SCORE:
        return compare(d->scores[c->category], c->cmp, c->number);
    default:
        return field_condition(rs, s, t, c, status);
    }
}

static int add_tag(triage_decision *d, const char *tag) {
    for (size_t i = 0; i < d->ntags; i++)
        if (strcmp(d->tags[i], tag) == 0) return TRIAGE_OK;
    if (tr_reserve(d->alloc, (void **)&d->tags, &d->cap_tags, d->ntags + 1, sizeof *d->tags))
        return TRIAGE_ERR_NOMEM;
    d->tags[d->ntags++] = tag;
    return TRIAGE_OK;
}

static int apply(triage_decision *d, const tr_croute *r, uint32_t index) {
    if (tr_reserve(d->alloc, (void **)&d->rules, &d->cap_rules, d->nrules + 1, sizeof *d->rules))
        return TRIAGE_ERR_NOMEM;
    d->rules[d->nrules++] = index;
    if (r->queue.ptr) d->queue = r->queue.ptr;
    if (r->sla.ptr) d->sla = r->sla.ptr;
    if (r->priority >= 0) d->priority = r->priority;
    if (r->tier > 0) d->tier = r->tier;
    for (size_t k = 0; k < r->ntags; k++)
        if (add_tag(d, r->tags[k].ptr) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    return TRIAGE_OK;
}

int tr_decide(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
              triage_decision *d) {
    d->category = winner(rs, d->scores);
    if (d->category >= 0) d->queue = rs->categories[d->category].queue.ptr;
    else d->flags |= TRIAGE_FLAG_NO_CATEGORY;
    tr_regex_scratch_reset(&s->route_regex, rs->regex_budget);
    for (size_t i = 0; i < rs->nroutes; i++) {
        const tr_croute *r = &rs->routes[i];
        int status = TRIAGE_OK, fires = 1;
        for (size_t k = 0; k < r->nconds && fires; k++)
            fires = tr_condition_holds(rs, s, t, d, &r->conds[k], &status);
        if (status != TRIAGE_OK) return status;
        if (!fires) continue;
        if (apply(d, r, (uint32_t)i) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        if (r->stop) break;
    }
    if (s->route_regex.budget_hit) d->flags |= TRIAGE_FLAG_REGEX_BUDGET;
    return TRIAGE_OK;
}
