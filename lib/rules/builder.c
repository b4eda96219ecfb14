/* The rules builder: collects and checks items one call at a time. */
#include <string.h>

#include "core/alloc.h"
#include "rules/limits.h"
#include "rules/model.h"
#include "sla/sla_defs.h"

int tr_str_set(const triage_allocator *a, tr_str *s, const char *p, size_t len) {
    char *copy = tr_strndup(a, p, len);
    if (!copy) return TRIAGE_ERR_NOMEM;
    tr_free(a, s->ptr);
    s->ptr = copy;
    s->len = len;
    return TRIAGE_OK;
}

int tr_str_eq(const tr_str *s, const char *p, size_t len) {
    return s->ptr && s->len == len && (len == 0 || memcmp(s->ptr, p, len) == 0);
}

/* A text argument: NULL is only allowed with length 0. */
static int bad_text(const char *p, size_t len) { return !p && len; }

static int is_blank(const char *p, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') return 0;
    return 1;
}

triage_builder *triage_builder_create(const triage_allocator *allocator) {
    const triage_allocator *a = tr_allocator_or_default(allocator);
    triage_builder *b = tr_calloc(a, 1, sizeof *b);
    if (!b) return NULL;
    b->alloc = a;
    b->regex_budget = TRIAGE_DEFAULT_REGEX_BUDGET;
    b->min_score = 1; /* a category with no hits never wins by default */
    return b;
}

static void free_strs(const triage_allocator *a, tr_str *v, size_t n) {
    for (size_t i = 0; i < n; i++) tr_free(a, v[i].ptr);
    tr_free(a, v);
}

void triage_builder_free(triage_builder *b) {
    if (!b) return;
    const triage_allocator *a = b->alloc;
    for (size_t i = 0; i < b->nfiles; i++) tr_free(a, b->files[i]);
    tr_free(a, b->files);
    for (size_t i = 0; i < b->nerrors; i++) tr_free(a, b->errors[i].message);
    tr_free(a, b->errors);
    tr_free(a, b->name.ptr);
    tr_free(a, b->default_queue.ptr);
    for (size_t i = 0; i < b->nfield_weights; i++) tr_free(a, b->field_weights[i].field.ptr);
    tr_free(a, b->field_weights);
    for (size_t i = 0; i < b->ncategories; i++) {
        tr_free(a, b->categories[i].name.ptr);
        tr_free(a, b->categories[i].queue.ptr);
    }
    tr_free(a, b->categories);
    for (size_t i = 0; i < b->nterms; i++) {
        tr_free(a, b->terms[i].text.ptr);
        free_strs(a, b->terms[i].fields, b->terms[i].nfields);
    }
    tr_free(a, b->terms);
    for (size_t i = 0; i < b->nroutes; i++) {
        tr_route *r = &b->routes[i];
        tr_free(a, r->name.ptr);
        for (size_t j = 0; j < r->nconds; j++) {
            tr_free(a, r->conds[j].field.ptr);
            free_strs(a, r->conds[j].values, r->conds[j].nvalues);
        }
        tr_free(a, r->conds);
        tr_free(a, r->queue.ptr);
        tr_free(a, r->sla.ptr);
        free_strs(a, r->tags, r->ntags);
    }
    tr_free(a, b->routes);
    tr_sla_defs_free(b->sla);
    tr_free(a, b);
}

int triage_builder_set_name(triage_builder *b, const char *name, size_t len) {
    if (!b || bad_text(name, len)) return TRIAGE_ERR_ARGUMENT;
    return tr_str_set(b->alloc, &b->name, name, len);
}

int triage_builder_set_default_queue(triage_builder *b, const char *queue, size_t len) {
    if (!b || bad_text(queue, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "the default queue needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    return tr_str_set(b->alloc, &b->default_queue, queue, len);
}

static int check_score(triage_builder *b, int64_t v, const char *what) {
    if (v < -TR_MAX_SCORE || v > TR_MAX_SCORE)
        return tr_builder_fail(b, TRIAGE_ERR_RANGE, "%s %lld is out of range (at most %lld either way)",
                               what, (long long)v, (long long)TR_MAX_SCORE);
    return TRIAGE_OK;
}

int triage_builder_set_min_score(triage_builder *b, int64_t min_score) {
    if (!b) return TRIAGE_ERR_ARGUMENT;
    int rc = check_score(b, min_score, "min_score");
    if (rc == TRIAGE_OK) b->min_score = min_score;
    return rc;
}

int triage_builder_set_accent_insensitive(triage_builder *b, int on) {
    if (!b) return TRIAGE_ERR_ARGUMENT;
    b->accent_insensitive = on != 0;
    return TRIAGE_OK;
}

int triage_builder_set_field_weight(triage_builder *b, const char *field, size_t len,
                                    int64_t weight) {
    if (!b || bad_text(field, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a field name needs 1 to %d bytes", TR_MAX_NAME);
    if (weight < 0 || weight > TR_MAX_FIELD_WEIGHT)
        return tr_builder_fail(b, TRIAGE_ERR_RANGE,
                               "field weight %lld for '%s' must be between 0 and %d",
                               (long long)weight, field, TR_MAX_FIELD_WEIGHT);
    for (size_t i = 0; i < b->nfield_weights; i++)
        if (tr_str_eq(&b->field_weights[i].field, field, len)) {
            b->field_weights[i].weight = weight;
            return TRIAGE_OK;
        }
    if (tr_reserve(b->alloc, (void **)&b->field_weights, &b->cap_field_weights,
                   b->nfield_weights + 1, sizeof *b->field_weights) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    tr_field_weight *fw = &b->field_weights[b->nfield_weights];
    *fw = (tr_field_weight){{NULL, 0}, weight};
    if (tr_str_set(b->alloc, &fw->field, field, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    b->nfield_weights++;
    return TRIAGE_OK;
}

int triage_builder_set_regex_budget(triage_builder *b, uint64_t budget) {
    if (!b || budget == 0) return TRIAGE_ERR_ARGUMENT;
    b->regex_budget = budget;
    return TRIAGE_OK;
}

int triage_builder_set_source_hash(triage_builder *b, const unsigned char hash[32]) {
    if (!b || !hash) return TRIAGE_ERR_ARGUMENT;
    memcpy(b->source_hash, hash, 32);
    return TRIAGE_OK;
}

int tr_builder_find_category(const triage_builder *b, const char *name, size_t len) {
    for (size_t i = 0; i < b->ncategories; i++)
        if (tr_str_eq(&b->categories[i].name, name, len)) return (int)i;
    return -1;
}

int triage_builder_add_category(triage_builder *b, const char *name, size_t len) {
    if (!b || bad_text(name, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME || is_blank(name, len))
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a category needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    if (tr_builder_find_category(b, name, len) >= 0)
        return tr_builder_fail(b, TRIAGE_ERR_EXISTS, "category '%.*s' is defined twice", (int)len,
                               name);
    if (b->ncategories >= TR_MAX_CATEGORIES)
        return tr_builder_fail(b, TRIAGE_ERR_LIMIT, "more than %d categories", TR_MAX_CATEGORIES);
    if (tr_reserve(b->alloc, (void **)&b->categories, &b->cap_categories, b->ncategories + 1,
                   sizeof *b->categories) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    tr_category *c = &b->categories[b->ncategories];
    memset(c, 0, sizeof *c);
    if (tr_str_set(b->alloc, &c->name, name, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    c->loc = b->loc;
    return (int)b->ncategories++;
}

static tr_category *category_at(triage_builder *b, int category) {
    return category >= 0 && (size_t)category < b->ncategories ? &b->categories[category] : NULL;
}

int triage_builder_category_set_queue(triage_builder *b, int category, const char *queue,
                                      size_t len) {
    tr_category *c = b ? category_at(b, category) : NULL;
    if (!c || bad_text(queue, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a queue needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    return tr_str_set(b->alloc, &c->queue, queue, len);
}

int triage_builder_category_set_min_score(triage_builder *b, int category, int64_t min_score) {
    tr_category *c = b ? category_at(b, category) : NULL;
    if (!c) return TRIAGE_ERR_ARGUMENT;
    int rc = check_score(b, min_score, "min_score");
    if (rc != TRIAGE_OK) return rc;
    c->has_min_score = 1;
    c->min_score = min_score;
    return TRIAGE_OK;
}

static int add_term(triage_builder *b, int category, const char *text, size_t len,
                    int64_t weight, int is_regex) {
    if (!b || !category_at(b, category) || bad_text(text, len)) return TRIAGE_ERR_ARGUMENT;
    const char *what = is_regex ? "regex" : "keyword";
    if (len == 0 || (!is_regex && is_blank(text, len)))
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "empty %s in category '%s'", what,
                               b->categories[category].name.ptr);
    if (len > TR_MAX_TERM)
        return tr_builder_fail(b, TRIAGE_ERR_LIMIT, "%s longer than %d bytes", what, TR_MAX_TERM);
    if (weight < -TR_MAX_WEIGHT || weight > TR_MAX_WEIGHT)
        return tr_builder_fail(b, TRIAGE_ERR_RANGE,
                               "weight %lld of %s '%.*s' is out of range (-%d to %d)",
                               (long long)weight, what, (int)(len > 60 ? 60 : len), text,
                               TR_MAX_WEIGHT, TR_MAX_WEIGHT);
    if (b->nterms >= TR_MAX_TERMS)
        return tr_builder_fail(b, TRIAGE_ERR_LIMIT, "more than %d terms", TR_MAX_TERMS);
    if (tr_reserve(b->alloc, (void **)&b->terms, &b->cap_terms, b->nterms + 1,
                   sizeof *b->terms) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    tr_term *t = &b->terms[b->nterms];
    memset(t, 0, sizeof *t);
    if (tr_str_set(b->alloc, &t->text, text, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    t->category = category;
    t->is_regex = is_regex;
    t->weight = weight;
    t->loc = b->loc;
    return (int)b->nterms++;
}

int triage_builder_add_keyword(triage_builder *b, int category, const char *term, size_t len,
                               int64_t weight) {
    return add_term(b, category, term, len, weight, 0);
}

int triage_builder_add_regex(triage_builder *b, int category, const char *pattern, size_t len,
                             int64_t weight) {
    return add_term(b, category, pattern, len, weight, 1);
}

static int push_str(const triage_allocator *a, tr_str **v, size_t *n, size_t *cap, const char *p,
                    size_t len) {
    if (tr_reserve(a, (void **)v, cap, *n + 1, sizeof **v) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    (*v)[*n] = (tr_str){NULL, 0};
    if (tr_str_set(a, &(*v)[*n], p, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    (*n)++;
    return TRIAGE_OK;
}

int triage_builder_term_add_field(triage_builder *b, int term, const char *field, size_t len) {
    if (!b || term < 0 || (size_t)term >= b->nterms || bad_text(field, len))
        return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a field name needs 1 to %d bytes", TR_MAX_NAME);
    tr_term *t = &b->terms[term];
    for (size_t i = 0; i < t->nfields; i++)
        if (tr_str_eq(&t->fields[i], field, len)) return TRIAGE_OK;
    return push_str(b->alloc, &t->fields, &t->nfields, &t->cap_fields, field, len);
}

int triage_builder_term_set_flags(triage_builder *b, int term, unsigned flags) {
    const unsigned known = TRIAGE_TERM_ACCENT_INSENSITIVE | TRIAGE_TERM_ACCENT_SENSITIVE |
                           TRIAGE_TERM_CASE_SENSITIVE;
    if (!b || term < 0 || (size_t)term >= b->nterms || (flags & ~known)) return TRIAGE_ERR_ARGUMENT;
    if ((flags & TRIAGE_TERM_ACCENT_INSENSITIVE) && (flags & TRIAGE_TERM_ACCENT_SENSITIVE))
        return TRIAGE_ERR_ARGUMENT;
    b->terms[term].flags = flags;
    return TRIAGE_OK;
}

/* ---- Route rules ---- */

int triage_builder_add_route(triage_builder *b, const char *name, size_t len) {
    if (!b || bad_text(name, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a route rule needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    for (size_t i = 0; i < b->nroutes; i++)
        if (tr_str_eq(&b->routes[i].name, name, len))
            return tr_builder_fail(b, TRIAGE_ERR_EXISTS, "route rule '%.*s' is defined twice",
                                   (int)len, name);
    if (b->nroutes >= TR_MAX_ROUTES)
        return tr_builder_fail(b, TRIAGE_ERR_LIMIT, "more than %d route rules", TR_MAX_ROUTES);
    if (tr_reserve(b->alloc, (void **)&b->routes, &b->cap_routes, b->nroutes + 1,
                   sizeof *b->routes) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    tr_route *r = &b->routes[b->nroutes];
    memset(r, 0, sizeof *r);
    if (tr_str_set(b->alloc, &r->name, name, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    r->priority = -1;
    r->loc = b->loc;
    return (int)b->nroutes++;
}

static tr_route *route_at(triage_builder *b, int route) {
    return b && route >= 0 && (size_t)route < b->nroutes ? &b->routes[route] : NULL;
}

/* The condition of this kind on this field to extend, or a new one. */
static tr_cond *cond_for(triage_builder *b, tr_route *r, enum tr_cond_kind kind,
                         const char *field, size_t flen, int merge) {
    if (merge)
        for (size_t i = 0; i < r->nconds; i++)
            if (r->conds[i].kind == kind && (kind == TR_WHEN_CATEGORY ||
                                             tr_str_eq(&r->conds[i].field, field, flen)))
                return &r->conds[i];
    if (r->nconds >= TR_MAX_CONDITIONS) {
        tr_builder_fail(b, TRIAGE_ERR_LIMIT, "more than %d conditions in route rule '%s'",
                        TR_MAX_CONDITIONS, r->name.ptr);
        return NULL;
    }
    if (tr_reserve(b->alloc, (void **)&r->conds, &r->cap_conds, r->nconds + 1,
                   sizeof *r->conds) != TRIAGE_OK)
        return NULL;
    tr_cond *c = &r->conds[r->nconds];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->loc = b->loc;
    if (field && tr_str_set(b->alloc, &c->field, field, flen) != TRIAGE_OK) return NULL;
    r->nconds++;
    return c;
}

static int add_cond(triage_builder *b, int route, enum tr_cond_kind kind, const char *field,
                    size_t flen, const char *value, size_t vlen) {
    tr_route *r = route_at(b, route);
    if (!r || bad_text(field, flen) || bad_text(value, vlen)) return TRIAGE_ERR_ARGUMENT;
    if (kind != TR_WHEN_CATEGORY && (flen == 0 || flen > TR_MAX_NAME))
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a condition needs a field name of 1 to %d bytes",
                               TR_MAX_NAME);
    if ((kind == TR_WHEN_CONTAINS || kind == TR_WHEN_MATCH) && (vlen == 0 || vlen > TR_MAX_TERM))
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a %s condition needs a text of 1 to %d bytes",
                               kind == TR_WHEN_MATCH ? "match" : "contains", TR_MAX_TERM);
    int merge = kind == TR_WHEN_CATEGORY || kind == TR_WHEN_FIELD;
    size_t before = r->nconds;
    tr_cond *c = cond_for(b, r, kind, kind == TR_WHEN_CATEGORY ? NULL : field, flen, merge);
    if (!c) return r->nconds >= TR_MAX_CONDITIONS ? TRIAGE_ERR_LIMIT : TRIAGE_ERR_NOMEM;
    if (push_str(b->alloc, &c->values, &c->nvalues, &c->cap_values, value, vlen) != TRIAGE_OK) {
        if (r->nconds > before) { /* drop the condition we just opened */
            tr_free(b->alloc, c->field.ptr);
            tr_free(b->alloc, c->values);
            r->nconds--;
        }
        return TRIAGE_ERR_NOMEM;
    }
    return TRIAGE_OK;
}

int triage_builder_route_when_category(triage_builder *b, int route, const char *category,
                                       size_t len) {
    return add_cond(b, route, TR_WHEN_CATEGORY, NULL, 0, category, len);
}

int triage_builder_route_when_field(triage_builder *b, int route, const char *field, size_t flen,
                                    const char *value, size_t vlen) {
    return add_cond(b, route, TR_WHEN_FIELD, field, flen, value, vlen);
}

int triage_builder_route_when_contains(triage_builder *b, int route, const char *field,
                                       size_t flen, const char *phrase, size_t plen) {
    if (phrase && is_blank(phrase, plen)) plen = 0; /* reported as empty */
    return add_cond(b, route, TR_WHEN_CONTAINS, field, flen, phrase, plen);
}

int triage_builder_route_when_match(triage_builder *b, int route, const char *field, size_t flen,
                                    const char *pattern, size_t plen) {
    return add_cond(b, route, TR_WHEN_MATCH, field, flen, pattern, plen);
}

int triage_builder_route_when_score(triage_builder *b, int route, const char *category,
                                    size_t len, int cmp, int64_t value) {
    tr_route *r = route_at(b, route);
    if (!r || bad_text(category, len) || cmp < TRIAGE_CMP_LT || cmp > TRIAGE_CMP_GT)
        return TRIAGE_ERR_ARGUMENT;
    int rc = check_score(b, value, "score");
    if (rc != TRIAGE_OK) return rc;
    tr_cond *c = cond_for(b, r, TR_WHEN_SCORE, category, len, 0);
    if (!c) return r->nconds >= TR_MAX_CONDITIONS ? TRIAGE_ERR_LIMIT : TRIAGE_ERR_NOMEM;
    c->cmp = cmp;
    c->number = value;
    return TRIAGE_OK;
}

int triage_builder_route_set_queue(triage_builder *b, int route, const char *queue, size_t len) {
    tr_route *r = route_at(b, route);
    if (!r || bad_text(queue, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a queue needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    return tr_str_set(b->alloc, &r->queue, queue, len);
}

int triage_builder_route_set_priority(triage_builder *b, int route, int priority) {
    tr_route *r = route_at(b, route);
    if (!r || priority < TRIAGE_PRIORITY_LOW || priority > TRIAGE_PRIORITY_URGENT)
        return TRIAGE_ERR_ARGUMENT;
    r->priority = priority;
    return TRIAGE_OK;
}

int triage_builder_route_set_tier(triage_builder *b, int route, int tier) {
    tr_route *r = route_at(b, route);
    if (!r) return TRIAGE_ERR_ARGUMENT;
    if (tier < 1 || tier > TR_MAX_TIER)
        return tr_builder_fail(b, TRIAGE_ERR_RANGE, "tier %d is out of range (1 to %d)", tier,
                               TR_MAX_TIER);
    r->tier = tier;
    return TRIAGE_OK;
}

int triage_builder_route_add_tag(triage_builder *b, int route, const char *tag, size_t len) {
    tr_route *r = route_at(b, route);
    if (!r || bad_text(tag, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "a tag needs 1 to %d bytes", TR_MAX_NAME);
    return push_str(b->alloc, &r->tags, &r->ntags, &r->cap_tags, tag, len);
}

int triage_builder_route_set_sla(triage_builder *b, int route, const char *policy, size_t len) {
    tr_route *r = route_at(b, route);
    if (!r || bad_text(policy, len)) return TRIAGE_ERR_ARGUMENT;
    if (len == 0 || len > TR_MAX_NAME)
        return tr_builder_fail(b, TRIAGE_ERR_RULES, "an SLA policy needs a name of 1 to %d bytes",
                               TR_MAX_NAME);
    return tr_str_set(b->alloc, &r->sla, policy, len);
}

int triage_builder_route_set_stop(triage_builder *b, int route, int stop) {
    tr_route *r = route_at(b, route);
    if (!r) return TRIAGE_ERR_ARGUMENT;
    r->stop = stop != 0;
    return TRIAGE_OK;
}
