/* Compiles a builder's rules into an immutable ruleset. */
#include <string.h>

#include "core/alloc.h"
#include "rules/ruleset.h"
#include "text/tokenize.h"
#include "sla/sla_defs.h"

typedef struct compiler {
    triage_builder *b;
    triage_ruleset *rs;
    tr_tokens tokens; /* scratch for term texts */
} compiler;

static int copy_name(compiler *c, tr_name *dst, const char *s, size_t len) {
    char *p = tr_meter_strndup(&c->rs->meter, s, len);
    if (!p) return TRIAGE_ERR_NOMEM;
    *dst = (tr_name){p, len};
    return TRIAGE_OK;
}

static void *alloc_array(compiler *c, size_t n, size_t size) {
    return tr_meter_calloc(&c->rs->meter, n ? n : 1, size);
}

int tr_ruleset_field(const triage_ruleset *rs, const char *name, size_t len) {
    for (size_t i = 0; i < rs->nfields; i++)
        if (rs->fields[i].name.len == len && memcmp(rs->fields[i].name.ptr, name, len) == 0)
            return (int)i;
    return -1;
}

/* The id of a field, added when new; -1 when there are too many. */
static int field_id(compiler *c, const char *name, size_t len, int *status) {
    triage_ruleset *rs = c->rs;
    int id = tr_ruleset_field(rs, name, len);
    if (id >= 0) return id;
    if (rs->nfields == TR_MAX_SCOPED_FIELDS) {
        *status = TRIAGE_ERR_LIMIT;
        return -1;
    }
    tr_field *f = &rs->fields[rs->nfields];
    if ((*status = copy_name(c, &f->name, name, len)) != TRIAGE_OK) return -1;
    f->weight = 1;
    for (size_t i = 0; i < c->b->nfield_weights; i++)
        if (tr_str_eq(&c->b->field_weights[i].field, name, len))
            f->weight = c->b->field_weights[i].weight;
    return (int)rs->nfields++;
}

/* Tokenizes a keyword or phrase and checks that it is one. */
static int tokenize_words(compiler *c, const tr_str *text, const tr_loc *loc, const char *what) {
    int rc = tr_tokenize(&c->tokens, text->ptr, text->len, 1);
    if (rc != TRIAGE_OK) return rc;
    size_t a = 0, z = text->len;
    while (a < z && strchr(" \t\r\n", text->ptr[a])) a++;
    while (z > a && strchr(" \t\r\n", text->ptr[z - 1])) z--;
    const tr_tokens *t = &c->tokens;
    if (t->invalid_utf8)
        return tr_builder_fail_at(c->b, loc, TRIAGE_ERR_RULES, "%s '%s' is not valid UTF-8", what,
                                  text->ptr);
    if (t->count == 0 || t->items[0].start != a || t->items[t->count - 1].end != z)
        return tr_builder_fail_at(c->b, loc, TRIAGE_ERR_RULES,
                                  "%s '%s' must start and end with a letter or digit; "
                                  "use a regex to match symbols",
                                  what, text->ptr);
    return TRIAGE_OK;
}

static int compile_categories(compiler *c) {
    triage_builder *b = c->b;
    triage_ruleset *rs = c->rs;
    rs->categories = alloc_array(c, b->ncategories, sizeof *rs->categories);
    if (!rs->categories) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i < b->ncategories; i++) {
        const tr_category *src = &b->categories[i];
        tr_ccategory *dst = &rs->categories[rs->ncategories++]; /* freed even if half-filled */
        const tr_str *queue = src->queue.ptr ? &src->queue : &src->name;
        if (copy_name(c, &dst->name, src->name.ptr, src->name.len) != TRIAGE_OK ||
            copy_name(c, &dst->queue, queue->ptr, queue->len) != TRIAGE_OK)
            return TRIAGE_ERR_NOMEM;
        dst->threshold = src->has_min_score ? src->min_score : b->min_score;
    }
    return TRIAGE_OK;
}

static int compile_term(compiler *c, size_t index) {
    const tr_term *src = &c->b->terms[index];
    triage_ruleset *rs = c->rs;
    tr_cterm *dst = &rs->terms[index];
    dst->category = (uint32_t)src->category;
    dst->weight = src->weight;
    dst->regex = TR_NO_REGEX;
    if (copy_name(c, &dst->text, src->text.ptr, src->text.len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    static const tr_str default_fields[] = {{(char *)"subject", 7}, {(char *)"body", 4}};
    const tr_str *fields = src->nfields ? src->fields : default_fields;
    size_t nfields = src->nfields ? src->nfields : 2;
    for (size_t k = 0; k < nfields; k++) {
        int status = TRIAGE_OK;
        int id = field_id(c, fields[k].ptr, fields[k].len, &status);
        if (id < 0)
            return status == TRIAGE_ERR_LIMIT
                       ? tr_builder_fail_at(c->b, &src->loc, TRIAGE_ERR_LIMIT,
                                            "terms look at more than %d different fields",
                                            TR_MAX_SCOPED_FIELDS)
                       : status;
        dst->fields |= 1ull << id;
    }
    if (src->is_regex) {
        tr_regex_error err;
        int rc = tr_regex_set_add(rs->term_regexes, src->text.ptr, src->text.len,
                                  !(src->flags & TRIAGE_TERM_CASE_SENSITIVE), 1, &err);
        if (rc == TRIAGE_ERR_NOMEM) return rc;
        if (rc < 0)
            return tr_builder_fail_at(c->b, &src->loc, rc, "regex '%s' at offset %zu: %s",
                                      src->text.ptr, err.offset, err.message);
        dst->regex = (uint32_t)rc;
        rs->regex_terms[rc] = (uint32_t)index;
        return TRIAGE_OK;
    }
    int rc = tokenize_words(c, &src->text, &src->loc, "keyword");
    if (rc != TRIAGE_OK) return rc;
    int strip = (src->flags & TRIAGE_TERM_ACCENT_INSENSITIVE) ||
                (c->b->accent_insensitive && !(src->flags & TRIAGE_TERM_ACCENT_SENSITIVE));
    return tr_lexicon_add(strip ? rs->stripped : rs->plain, &c->tokens, (uint32_t)index);
}

static int compile_phrase(compiler *c, tr_phrase *ph, const tr_str *text, const tr_loc *loc) {
    int rc = tokenize_words(c, text, loc, "contains phrase");
    if (rc != TRIAGE_OK) return rc;
    const tr_tokens *t = &c->tokens;
    ph->words = alloc_array(c, t->count, sizeof *ph->words);
    ph->gaps = alloc_array(c, t->count, sizeof *ph->gaps);
    if (!ph->words || !ph->gaps) return TRIAGE_ERR_NOMEM;
    int strip = c->rs->accent_insensitive;
    for (size_t k = 0; k < t->count; k++, ph->count++) {
        const tr_token *tok = &t->items[k];
        if (copy_name(c, &ph->words[k], tr_token_text(t, tok, strip),
                      strip ? tok->strip_len : tok->norm_len) != TRIAGE_OK)
            return TRIAGE_ERR_NOMEM;
        ph->gaps[k] = tok->gap;
    }
    return TRIAGE_OK;
}

/* The phrase or pattern as written, in values[0]: explanations quote it. */
static int keep_source_text(compiler *c, const tr_cond *src, tr_ccond *dst) {
    dst->values = alloc_array(c, 1, sizeof *dst->values);
    if (!dst->values) return TRIAGE_ERR_NOMEM;
    dst->nvalues = 1;
    return copy_name(c, &dst->values[0], src->values[0].ptr, src->values[0].len);
}

static int compile_cond(compiler *c, const tr_route *r, const tr_cond *src, tr_ccond *dst) {
    triage_builder *b = c->b;
    dst->kind = src->kind;
    if (src->field.ptr && copy_name(c, &dst->field, src->field.ptr, src->field.len) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    switch (src->kind) {
    case TR_WHEN_CATEGORY:
        dst->categories = alloc_array(c, src->nvalues, sizeof *dst->categories);
        if (!dst->categories) return TRIAGE_ERR_NOMEM;
        for (size_t k = 0; k < src->nvalues; k++) {
            const tr_str *v = &src->values[k];
            int idx = v->len ? tr_builder_find_category(b, v->ptr, v->len) : -1;
            if (v->len && idx < 0)
                return tr_builder_fail_at(b, &src->loc, TRIAGE_ERR_RULES,
                                          "route rule '%s' names unknown category '%s'",
                                          r->name.ptr, v->ptr);
            dst->categories[dst->nvalues++] = idx;
        }
        return TRIAGE_OK;
    case TR_WHEN_SCORE: {
        int idx = tr_builder_find_category(b, src->field.ptr, src->field.len);
        if (idx < 0)
            return tr_builder_fail_at(b, &src->loc, TRIAGE_ERR_RULES,
                                      "route rule '%s' compares the score of unknown category '%s'",
                                      r->name.ptr, src->field.ptr);
        dst->category = (uint32_t)idx;
        dst->cmp = src->cmp;
        dst->number = src->number;
        return TRIAGE_OK;
    }
    case TR_WHEN_FIELD:
        dst->values = alloc_array(c, src->nvalues, sizeof *dst->values);
        if (!dst->values) return TRIAGE_ERR_NOMEM;
        for (size_t k = 0; k < src->nvalues; k++, dst->nvalues++)
            if (copy_name(c, &dst->values[k], src->values[k].ptr, src->values[k].len) != TRIAGE_OK)
                return TRIAGE_ERR_NOMEM;
        return TRIAGE_OK;
    case TR_WHEN_CONTAINS:
        if (keep_source_text(c, src, dst) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        return compile_phrase(c, &dst->phrase, &src->values[0], &src->loc);
    case TR_WHEN_MATCH: {
        if (keep_source_text(c, src, dst) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        tr_regex_error err;
        int rc = tr_regex_set_add(c->rs->route_regexes, src->values[0].ptr, src->values[0].len, 1,
                                  0, &err);
        if (rc == TRIAGE_ERR_NOMEM) return rc;
        if (rc < 0)
            return tr_builder_fail_at(b, &src->loc, rc,
                                      "route rule '%s': regex '%s' at offset %zu: %s", r->name.ptr,
                                      src->values[0].ptr, err.offset, err.message);
        dst->regex = (uint32_t)rc;
        return TRIAGE_OK;
    }
    }
    return TRIAGE_ERR_ARGUMENT;
}

static int compile_route(compiler *c, const tr_route *src, tr_croute *dst) {
    if (copy_name(c, &dst->name, src->name.ptr, src->name.len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    dst->conds = alloc_array(c, src->nconds, sizeof *dst->conds);
    dst->tags = alloc_array(c, src->ntags, sizeof *dst->tags);
    if (!dst->conds || !dst->tags) return TRIAGE_ERR_NOMEM;
    int first_error = TRIAGE_OK;
    for (size_t k = 0; k < src->nconds; k++) {
        int rc = compile_cond(c, src, &src->conds[k], &dst->conds[dst->nconds++]);
        if (rc == TRIAGE_ERR_NOMEM) return rc;
        if (rc != TRIAGE_OK && first_error == TRIAGE_OK) first_error = rc;
    }
    if ((src->queue.ptr && copy_name(c, &dst->queue, src->queue.ptr, src->queue.len)) ||
        (src->sla.ptr && copy_name(c, &dst->sla, src->sla.ptr, src->sla.len)))
        return TRIAGE_ERR_NOMEM;
    for (size_t k = 0; k < src->ntags; k++, dst->ntags++)
        if (copy_name(c, &dst->tags[k], src->tags[k].ptr, src->tags[k].len) != TRIAGE_OK)
            return TRIAGE_ERR_NOMEM;
    dst->priority = src->priority;
    dst->tier = src->tier;
    dst->stop = src->stop;
    return first_error;
}

/* Runs every step, collecting errors; stops only when memory runs out. */
static int compile_all(compiler *c) {
    triage_builder *b = c->b;
    triage_ruleset *rs = c->rs;
    tr_meter *m = &rs->meter;
    const char *queue = b->default_queue.ptr ? b->default_queue.ptr : "default";
    if (copy_name(c, &rs->name, b->name.ptr ? b->name.ptr : "", b->name.len) != TRIAGE_OK ||
        copy_name(c, &rs->default_queue, queue, strlen(queue)) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    rs->fields = alloc_array(c, TR_MAX_SCOPED_FIELDS, sizeof *rs->fields);
    rs->terms = alloc_array(c, b->nterms, sizeof *rs->terms);
    rs->routes = alloc_array(c, b->nroutes, sizeof *rs->routes);
    rs->regex_terms = alloc_array(c, b->nterms, sizeof *rs->regex_terms);
    rs->plain = tr_lexicon_create(m, 0);
    rs->stripped = tr_lexicon_create(m, 1);
    rs->term_regexes = tr_regex_set_create(m);
    rs->route_regexes = tr_regex_set_create(m);
    if (!rs->fields || !rs->terms || !rs->routes || !rs->regex_terms || !rs->plain || !rs->stripped ||
        !rs->term_regexes || !rs->route_regexes || compile_categories(c) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    int first_error = TRIAGE_OK;
    for (size_t i = 0; i < b->nterms; i++) {
        rs->nterms++; /* counted first: a half-compiled term is freed too */
        int rc = compile_term(c, i);
        if (rc == TRIAGE_ERR_NOMEM) return rc;
        if (rc != TRIAGE_OK && first_error == TRIAGE_OK) first_error = rc;
    }
    for (size_t i = 0; i < b->nroutes; i++) {
        rs->nroutes++;
        int rc = compile_route(c, &b->routes[i], &rs->routes[i]);
        if (rc == TRIAGE_ERR_NOMEM) return rc;
        if (rc != TRIAGE_OK && first_error == TRIAGE_OK) first_error = rc;
    }
    if (first_error != TRIAGE_OK) return first_error;
    if (tr_lexicon_freeze(rs->plain) != TRIAGE_OK || tr_lexicon_freeze(rs->stripped) != TRIAGE_OK ||
        tr_regex_set_freeze(rs->term_regexes) != TRIAGE_OK ||
        tr_regex_set_freeze(rs->route_regexes) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    rs->regexes_use_words = tr_regex_set_uses_words(rs->term_regexes);
    rs->jit_bytes = tr_regex_set_jit_bytes(rs->term_regexes) +
                    tr_regex_set_jit_bytes(rs->route_regexes);
    return TRIAGE_OK;
}

int triage_builder_compile(triage_builder *b, triage_ruleset **out) {
    if (!out) return TRIAGE_ERR_ARGUMENT;
    *out = NULL;
    if (!b) return TRIAGE_ERR_ARGUMENT;
    /* Errors from adds that failed: the rules are incomplete. */
    for (size_t i = 0; i < b->nerrors; i++)
        if (b->errors[i].status != TRIAGE_OK) return b->errors[i].status;
    compiler c = {b, NULL, {0}};
    c.rs = tr_calloc(b->alloc, 1, sizeof *c.rs);
    if (!c.rs) return TRIAGE_ERR_NOMEM;
    c.rs->meter.alloc = b->alloc;
    c.rs->accent_insensitive = b->accent_insensitive;
    c.rs->regex_budget = b->regex_budget;
    memcpy(c.rs->source_hash, b->source_hash, 32);
    tr_tokens_init(&c.tokens, b->alloc);
    int rc = compile_all(&c);
    if (rc == TRIAGE_OK) rc = tr_sla_compile(b, &c.rs->sla); /* calendars and SLA policies */
    tr_tokens_free(&c.tokens);
    if (rc != TRIAGE_OK) {
        if (rc == TRIAGE_ERR_NOMEM) tr_builder_fail(b, rc, "out of memory while compiling the rules");
        triage_ruleset_free(c.rs);
        return rc;
    }
    *out = c.rs;
    return TRIAGE_OK;
}
