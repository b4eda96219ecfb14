/* Explanations: route the ticket, then evaluate every condition of every
 * route rule against the final decision so that near misses show.
 *
 * Route conditions only read the winning category, the scores and the
 * ticket, none of which route rules change, so evaluating them after
 * routing gives the truth values that routing saw. */
#include <string.h>

#include "core/alloc.h"
#include "explain/internal.h"

static size_t condition_total(const triage_ruleset *rs) {
    size_t n = 0;
    for (size_t i = 0; i < rs->nroutes; i++) n += rs->routes[i].nconds;
    return n;
}

triage_explanation *triage_explanation_create(const triage_ruleset *rs) {
    if (!rs) return NULL;
    const triage_allocator *a = rs->meter.alloc;
    triage_explanation *e = tr_calloc(a, 1, sizeof *e);
    if (!e) return NULL;
    e->rs = rs;
    e->alloc = a;
    size_t nroutes = rs->nroutes ? rs->nroutes : 1, nconds = condition_total(rs);
    e->decision = triage_decision_create(rs);
    e->outcomes = tr_calloc(a, nroutes, sizeof *e->outcomes);
    e->first_cond = tr_calloc(a, nroutes, sizeof *e->first_cond);
    e->conds = tr_calloc(a, nconds ? nconds : 1, sizeof *e->conds);
    if (!e->decision || !e->outcomes || !e->first_cond || !e->conds) {
        triage_explanation_free(e);
        return NULL;
    }
    for (size_t i = 0, k = 0; i < rs->nroutes; k += rs->routes[i].nconds, i++)
        e->first_cond[i] = k;
    return e;
}

void triage_explanation_free(triage_explanation *e) {
    if (!e) return;
    triage_decision_free(e->decision);
    tr_free(e->alloc, e->outcomes);
    tr_free(e->alloc, e->first_cond);
    tr_free(e->alloc, e->conds);
    tr_free(e->alloc, e->text);
    tr_free(e->alloc, e);
}

static int rule_fired(const triage_decision *d, size_t rule) {
    for (size_t i = 0; i < d->nrules; i++)
        if (d->rules[i] == rule) return 1;
    return 0;
}

static int evaluate_rules(triage_explanation *e, triage_scratch *s, const triage_ticket *t) {
    const triage_ruleset *rs = e->rs;
    const triage_decision *d = e->decision;
    int stopped = 0;
    tr_regex_scratch_reset(&s->route_regex, rs->regex_budget);
    for (size_t i = 0; i < rs->nroutes; i++) {
        const tr_croute *r = &rs->routes[i];
        for (size_t k = 0; k < r->nconds; k++) {
            tr_cond_result *res = &e->conds[e->first_cond[i] + k];
            const tr_ccond *c = &r->conds[k];
            int status = TRIAGE_OK, was_cut = s->route_regex.budget_hit;
            res->holds = tr_condition_holds(rs, s, t, d, c, &status) ? 1 : 0;
            if (status != TRIAGE_OK) return status;
            res->actual = c->kind == TR_WHEN_SCORE ? d->scores[c->category] : 0;
            int cut_off = !was_cut && s->route_regex.budget_hit;
            if (tr_explain_reason(e, t, c, res, cut_off, &res->reason) != TRIAGE_OK)
                return TRIAGE_ERR_NOMEM;
        }
        int fired = rule_fired(d, i);
        e->outcomes[i] = stopped ? TRIAGE_RULE_NOT_REACHED
                                 : fired ? TRIAGE_RULE_FIRED : TRIAGE_RULE_NOT_MATCHED;
        if (fired && r->stop) stopped = 1;
    }
    return TRIAGE_OK;
}

int triage_explain(const triage_ruleset *rs, triage_scratch *s, const triage_ticket *t,
                   unsigned flags, triage_explanation *e) {
    if (!rs || !s || !t || !e || e->rs != rs || s->rs != rs) return TRIAGE_ERR_ARGUMENT;
    e->filled = 0;
    e->text_len = 0;
    int rc = triage_route(rs, s, t, flags | TRIAGE_ROUTE_EXPLAIN, e->decision);
    if (rc == TRIAGE_OK) rc = evaluate_rules(e, s, t);
    if (rc != TRIAGE_OK) {
        tr_decision_reset(e->decision);
        e->text_len = 0;
        return rc;
    }
    e->filled = 1;
    return TRIAGE_OK;
}

const triage_decision *triage_explanation_decision(const triage_explanation *e) {
    return e ? e->decision : NULL;
}

size_t triage_explanation_category_count(const triage_explanation *e) {
    return e && e->filled ? e->rs->ncategories : 0;
}

int triage_explanation_category(const triage_explanation *e, size_t index, const char **name,
                                int64_t *score, int64_t *threshold, int *reached) {
    if (index >= triage_explanation_category_count(e)) return TRIAGE_ERR_NOT_FOUND;
    const tr_ccategory *c = &e->rs->categories[index];
    int64_t value = e->decision->scores[index];
    if (name) *name = c->name.ptr;
    if (score) *score = value;
    if (threshold) *threshold = c->threshold;
    if (reached) *reached = value >= c->threshold;
    return TRIAGE_OK;
}

size_t triage_explanation_rule_count(const triage_explanation *e) {
    return e && e->filled ? e->rs->nroutes : 0;
}

int triage_explanation_rule(const triage_explanation *e, size_t rule, const char **name,
                            int *outcome, size_t *condition_count, int *stops) {
    if (rule >= triage_explanation_rule_count(e)) return TRIAGE_ERR_NOT_FOUND;
    const tr_croute *r = &e->rs->routes[rule];
    if (name) *name = r->name.ptr;
    if (outcome) *outcome = e->outcomes[rule];
    if (condition_count) *condition_count = r->nconds;
    if (stops) *stops = r->stop;
    return TRIAGE_OK;
}

int triage_explanation_rule_actions(const triage_explanation *e, size_t rule,
                                    const char **queue, int *priority, int *tier,
                                    const char **sla, size_t *tag_count) {
    if (rule >= triage_explanation_rule_count(e)) return TRIAGE_ERR_NOT_FOUND;
    const tr_croute *r = &e->rs->routes[rule];
    if (queue) *queue = r->queue.ptr;
    if (priority) *priority = r->priority;
    if (tier) *tier = r->tier;
    if (sla) *sla = r->sla.ptr;
    if (tag_count) *tag_count = r->ntags;
    return TRIAGE_OK;
}

const char *triage_explanation_rule_tag(const triage_explanation *e, size_t rule, size_t index) {
    if (rule >= triage_explanation_rule_count(e) || index >= e->rs->routes[rule].ntags)
        return NULL;
    return e->rs->routes[rule].tags[index].ptr;
}

/* The compiled condition, or NULL for bad indices. */
static const tr_ccond *find_cond(const triage_explanation *e, size_t rule, size_t cond) {
    if (rule >= triage_explanation_rule_count(e) || cond >= e->rs->routes[rule].nconds)
        return NULL;
    return &e->rs->routes[rule].conds[cond];
}

int triage_explanation_condition(const triage_explanation *e, size_t rule, size_t cond,
                                 int *kind, int *holds, const char **reason) {
    const tr_ccond *c = find_cond(e, rule, cond);
    if (!c) return TRIAGE_ERR_NOT_FOUND;
    const tr_cond_result *r = &e->conds[e->first_cond[rule] + cond];
    if (kind) *kind = (int)c->kind;
    if (holds) *holds = r->holds;
    if (reason) *reason = e->text + r->reason;
    return TRIAGE_OK;
}

const char *triage_explanation_condition_subject(const triage_explanation *e, size_t rule,
                                                 size_t cond) {
    const tr_ccond *c = find_cond(e, rule, cond);
    if (!c || c->kind == TR_WHEN_CATEGORY) return NULL;
    if (c->kind == TR_WHEN_SCORE) return e->rs->categories[c->category].name.ptr;
    return c->field.ptr;
}

size_t triage_explanation_condition_operand_count(const triage_explanation *e, size_t rule,
                                                  size_t cond) {
    const tr_ccond *c = find_cond(e, rule, cond);
    return c && c->kind != TR_WHEN_SCORE ? c->nvalues : 0;
}

const char *triage_explanation_condition_operand(const triage_explanation *e, size_t rule,
                                                 size_t cond, size_t index) {
    const tr_ccond *c = find_cond(e, rule, cond);
    if (!c || c->kind == TR_WHEN_SCORE || index >= c->nvalues) return NULL;
    if (c->kind == TR_WHEN_CATEGORY)
        return c->categories[index] < 0 ? "" : e->rs->categories[c->categories[index]].name.ptr;
    return c->values[index].ptr;
}

int triage_explanation_condition_score(const triage_explanation *e, size_t rule, size_t cond,
                                       int *cmp, int64_t *number, int64_t *actual) {
    const tr_ccond *c = find_cond(e, rule, cond);
    if (!c || c->kind != TR_WHEN_SCORE) return TRIAGE_ERR_NOT_FOUND;
    if (cmp) *cmp = c->cmp;
    if (number) *number = c->number;
    if (actual) *actual = e->conds[e->first_cond[rule] + cond].actual;
    return TRIAGE_OK;
}

static const char *const kind_names[] = {"category", "score", "field", "contains", "match"};
static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">=", ">"};
static const char *const outcome_names[] = {"fired", "not_matched", "not_reached"};

const char *triage_condition_kind_name(int kind) {
    return kind >= 0 && kind < 5 ? kind_names[kind] : NULL;
}
const char *triage_cmp_name(int cmp) { return cmp >= 0 && cmp < 6 ? cmp_names[cmp] : NULL; }
const char *triage_rule_outcome_name(int outcome) {
    return outcome >= 0 && outcome < 3 ? outcome_names[outcome] : NULL;
}
