/* Compiled ruleset: release and read-only getters. */
#include <string.h>

#include "core/alloc.h"
#include "rules/ruleset.h"
#include "sla/sla_defs.h"

void triage_ruleset_free(triage_ruleset *rs) {
    if (!rs) return;
    tr_meter *m = &rs->meter;
    tr_meter_free(m, rs->name.ptr);
    tr_meter_free(m, rs->default_queue.ptr);
    for (size_t i = 0; i < rs->ncategories; i++) {
        tr_meter_free(m, rs->categories[i].name.ptr);
        tr_meter_free(m, rs->categories[i].queue.ptr);
    }
    tr_meter_free(m, rs->categories);
    for (size_t i = 0; i < rs->nfields; i++) tr_meter_free(m, rs->fields[i].name.ptr);
    tr_meter_free(m, rs->fields);
    for (size_t i = 0; i < rs->nterms; i++) tr_meter_free(m, rs->terms[i].text.ptr);
    tr_meter_free(m, rs->terms);
    tr_meter_free(m, rs->regex_terms);
    for (size_t i = 0; i < rs->nroutes; i++) {
        tr_croute *r = &rs->routes[i];
        for (size_t k = 0; k < r->nconds; k++) {
            tr_ccond *c = &r->conds[k];
            tr_meter_free(m, c->field.ptr);
            for (size_t v = 0; c->values && v < c->nvalues; v++)
                tr_meter_free(m, c->values[v].ptr);
            tr_meter_free(m, c->values);
            tr_meter_free(m, c->categories);
            for (size_t w = 0; c->phrase.words && w < c->phrase.count; w++)
                tr_meter_free(m, c->phrase.words[w].ptr);
            tr_meter_free(m, c->phrase.words);
            tr_meter_free(m, c->phrase.gaps);
        }
        tr_meter_free(m, r->conds);
        for (size_t k = 0; k < r->ntags; k++) tr_meter_free(m, r->tags[k].ptr);
        tr_meter_free(m, r->tags);
        tr_meter_free(m, r->name.ptr);
        tr_meter_free(m, r->queue.ptr);
        tr_meter_free(m, r->sla.ptr);
    }
    tr_meter_free(m, rs->routes);
    tr_sla_defs_free(rs->sla);
    tr_lexicon_free(rs->plain);
    tr_lexicon_free(rs->stripped);
    tr_regex_set_free(rs->term_regexes);
    tr_regex_set_free(rs->route_regexes);
    tr_free(m->alloc, rs);
}

const char *triage_ruleset_name(const triage_ruleset *rs) { return rs ? rs->name.ptr : NULL; }

size_t triage_ruleset_category_count(const triage_ruleset *rs) { return rs ? rs->ncategories : 0; }

const char *triage_ruleset_category_name(const triage_ruleset *rs, size_t index) {
    return rs && index < rs->ncategories ? rs->categories[index].name.ptr : NULL;
}

int triage_ruleset_category_index(const triage_ruleset *rs, const char *name, size_t len) {
    if (!rs || (!name && len)) return TRIAGE_ERR_ARGUMENT;
    for (size_t i = 0; i < rs->ncategories; i++)
        if (rs->categories[i].name.len == len && memcmp(rs->categories[i].name.ptr, name, len) == 0)
            return (int)i;
    return TRIAGE_ERR_NOT_FOUND;
}

size_t triage_ruleset_route_count(const triage_ruleset *rs) { return rs ? rs->nroutes : 0; }

const char *triage_ruleset_route_name(const triage_ruleset *rs, size_t index) {
    return rs && index < rs->nroutes ? rs->routes[index].name.ptr : NULL;
}

size_t triage_ruleset_memory(const triage_ruleset *rs) {
    return rs ? sizeof *rs + rs->meter.bytes + rs->jit_bytes : 0;
}

const unsigned char *triage_ruleset_source_hash(const triage_ruleset *rs) {
    return rs ? rs->source_hash : NULL;
}
