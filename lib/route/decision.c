/* Decisions: what routing decided, read through getters. */
#include <string.h>

#include "core/alloc.h"
#include "route/internal.h"

triage_decision *triage_decision_create(const triage_ruleset *rs) {
    if (!rs) return NULL;
    const triage_allocator *a = rs->meter.alloc;
    triage_decision *d = tr_calloc(a, 1, sizeof *d);
    if (!d) return NULL;
    d->rs = rs;
    d->alloc = a;
    d->scores = tr_calloc(a, rs->ncategories ? rs->ncategories : 1, sizeof *d->scores);
    if (!d->scores) {
        tr_free(a, d);
        return NULL;
    }
    tr_decision_reset(d);
    return d;
}

void triage_decision_free(triage_decision *d) {
    if (!d) return;
    tr_free(d->alloc, d->scores);
    tr_free(d->alloc, d->tags);
    tr_free(d->alloc, d->rules);
    tr_free(d->alloc, d->hits);
    tr_free(d->alloc, d);
}

void tr_decision_reset(triage_decision *d) {
    memset(d->scores, 0, d->rs->ncategories * sizeof *d->scores);
    d->category = -1;
    d->queue = d->rs->default_queue.ptr;
    d->sla = NULL;
    d->priority = TRIAGE_PRIORITY_NORMAL;
    d->tier = 1;
    d->flags = 0;
    d->ntags = d->nrules = d->nhits = 0;
}

const char *triage_flag_name(unsigned flag) {
    switch (flag) {
    case TRIAGE_FLAG_INVALID_UTF8: return "invalid_utf8";
    case TRIAGE_FLAG_REGEX_BUDGET: return "regex_budget";
    case TRIAGE_FLAG_NO_CATEGORY: return "no_category";
    default: return NULL;
    }
}

const char *triage_decision_category(const triage_decision *d) {
    return d && d->category >= 0 ? d->rs->categories[d->category].name.ptr : NULL;
}
int triage_decision_category_index(const triage_decision *d) { return d ? d->category : -1; }
const char *triage_decision_queue(const triage_decision *d) { return d ? d->queue : NULL; }
int triage_decision_priority(const triage_decision *d) {
    return d ? d->priority : TRIAGE_ERR_ARGUMENT;
}
int triage_decision_tier(const triage_decision *d) { return d ? d->tier : TRIAGE_ERR_ARGUMENT; }
const char *triage_decision_sla(const triage_decision *d) { return d ? d->sla : NULL; }
unsigned triage_decision_flags(const triage_decision *d) { return d ? d->flags : 0; }
const unsigned char *triage_decision_rules_hash(const triage_decision *d) {
    return d ? d->rs->source_hash : NULL;
}

size_t triage_decision_score_count(const triage_decision *d) {
    return d ? d->rs->ncategories : 0;
}
int64_t triage_decision_score(const triage_decision *d, size_t category) {
    return d && category < d->rs->ncategories ? d->scores[category] : 0;
}

size_t triage_decision_tag_count(const triage_decision *d) { return d ? d->ntags : 0; }
const char *triage_decision_tag(const triage_decision *d, size_t index) {
    return d && index < d->ntags ? d->tags[index] : NULL;
}

size_t triage_decision_rule_count(const triage_decision *d) { return d ? d->nrules : 0; }
const char *triage_decision_rule(const triage_decision *d, size_t index) {
    return d && index < d->nrules ? d->rs->routes[d->rules[index]].name.ptr : NULL;
}

size_t triage_decision_hit_count(const triage_decision *d) { return d ? d->nhits : 0; }

int triage_decision_hit(const triage_decision *d, size_t index, size_t *category,
                        const char **term, const char **field, size_t *value_index,
                        size_t *offset, size_t *length, int64_t *weight) {
    if (!d || index >= d->nhits) return TRIAGE_ERR_NOT_FOUND;
    const tr_hit *h = &d->hits[index];
    const tr_cterm *t = &d->rs->terms[h->term];
    if (category) *category = t->category;
    if (term) *term = t->text.ptr;
    if (field) *field = d->rs->fields[h->field].name.ptr;
    if (value_index) *value_index = h->value_index;
    if (offset) *offset = h->offset;
    if (length) *length = h->length;
    if (weight) *weight = h->weight;
    return TRIAGE_OK;
}
