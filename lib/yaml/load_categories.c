/* The `categories` section: names, queues, thresholds, keywords, regexes.
 *
 * A category whose name is missing or refused is still checked, so that
 * its other errors are reported too; builder calls are skipped for it. */
#include <stdio.h>

#include "yaml/loader.h"

static const char *const category_keys[] = {"name", "queue", "min_score", "keywords", "regex"};
enum { CAT_NAME, CAT_QUEUE, CAT_MIN_SCORE, CAT_KEYWORDS, CAT_REGEX, CAT_COUNT };

static const char *const keyword_keys[] = {"weight", "fields", "accent_insensitive"};
enum { KW_WEIGHT, KW_FIELDS, KW_ACCENT, KW_COUNT };

static const char *const regex_keys[] = {"pattern", "weight", "fields", "case_sensitive"};
enum { RX_PATTERN, RX_WEIGHT, RX_FIELDS, RX_CASE, RX_COUNT };

#define CONTEXT_SIZE (2 * TR_YQUOTE_SIZE + 48)

/* Checks a term's `fields` (one name or a list) and, when term >= 0,
 * scopes the term to them. */
static void load_term_fields(tr_yload *ld, const tr_ynode *fields, int term,
                             const char *context) {
    char what[CONTEXT_SIZE + 16];
    snprintf(what, sizeof what, "a field name %s", context);
    const char *p;
    size_t len;
    if (fields->kind == TR_YSCALAR) {
        if (tr_yget_text(ld, fields, what, &p, &len) && term >= 0 && tr_yat(ld, fields))
            tr_ycall(ld, triage_builder_term_add_field(ld->b, term, p, len));
        return;
    }
    if (!tr_yexpect_seq(ld, fields, "'fields'")) return;
    if (!fields->first)
        tr_yerr(ld, fields, TRIAGE_ERR_RULES,
                "'fields' %s is empty; list at least one field or leave 'fields' out "
                "(subject and body)",
                context);
    TR_YSEQ_EACH(f, fields) {
        if (ld->stopped) return;
        if (tr_yget_text(ld, f, what, &p, &len) && term >= 0 && tr_yat(ld, f))
            tr_ycall(ld, triage_builder_term_add_field(ld->b, term, p, len));
    }
}

static void load_keyword(tr_yload *ld, int cat, const char *cname, const tr_ynode *k) {
    const tr_ynode *v = k->next;
    const char *term;
    size_t len;
    char shown[TR_YQUOTE_SIZE], context[CONTEXT_SIZE], what[CONTEXT_SIZE + 16];
    int ok = tr_yget_text(ld, k, "a keyword", &term, &len);
    snprintf(context, sizeof context, "in keyword '%s' of category '%s'",
             tr_yquote(shown, sizeof shown, k->text, k->len), cname);
    snprintf(what, sizeof what, "the weight of keyword '%s'", shown);

    const tr_ynode *opt[KW_COUNT] = {v, NULL, NULL};
    if (v->kind == TR_YMAP) {
        tr_ymap_fields(ld, v, keyword_keys, KW_COUNT, opt, context);
        if (!opt[KW_WEIGHT]) {
            tr_yerr(ld, v, TRIAGE_ERR_RULES, "keyword '%s' of category '%s' needs a 'weight'",
                    shown, cname);
            ok = 0;
        }
    }
    int64_t weight = 0;
    if (opt[KW_WEIGHT] && !tr_yget_int(ld, opt[KW_WEIGHT], what, &weight)) ok = 0;
    int accent = -1;
    if (opt[KW_ACCENT] && !tr_yget_bool(ld, opt[KW_ACCENT], "'accent_insensitive'", &accent))
        ok = 0;

    int term_index = -1;
    if (ok && cat >= 0 && tr_yat(ld, k))
        term_index = tr_ycall(ld, triage_builder_add_keyword(ld->b, cat, term, len, weight));
    if (opt[KW_FIELDS]) load_term_fields(ld, opt[KW_FIELDS], term_index, context);
    if (term_index >= 0 && accent >= 0 && tr_yat(ld, opt[KW_ACCENT]))
        tr_ycall(ld, triage_builder_term_set_flags(ld->b, term_index,
                                                   accent ? TRIAGE_TERM_ACCENT_INSENSITIVE
                                                          : TRIAGE_TERM_ACCENT_SENSITIVE));
}

static void load_keywords(tr_yload *ld, int cat, const char *cname, const tr_ynode *keywords) {
    char what[CONTEXT_SIZE];
    snprintf(what, sizeof what, "'keywords' of category '%s' (term: weight)", cname);
    if (!tr_yexpect_map(ld, keywords, what)) return;
    TR_YMAP_EACH(k, keywords) {
        if (ld->stopped) return;
        load_keyword(ld, cat, cname, k);
    }
}

static void load_regex(tr_yload *ld, int cat, const char *cname, const tr_ynode *item,
                       size_t index) {
    char context[CONTEXT_SIZE], what[CONTEXT_SIZE + 16];
    snprintf(context, sizeof context, "in regex #%zu of category '%s'", index, cname);
    snprintf(what, sizeof what, "regex #%zu of category '%s'", index, cname);
    if (!tr_yexpect_map(ld, item, what)) return;
    const tr_ynode *v[RX_COUNT];
    tr_ymap_fields(ld, item, regex_keys, RX_COUNT, v, context);
    int ok = 1;
    const char *pattern = NULL;
    size_t len = 0;
    if (!v[RX_PATTERN]) {
        tr_yerr(ld, item, TRIAGE_ERR_RULES, "regex #%zu of category '%s' needs a 'pattern'",
                index, cname);
        ok = 0;
    } else if (!tr_yget_text(ld, v[RX_PATTERN], "'pattern'", &pattern, &len)) {
        ok = 0;
    }
    int64_t weight = 0;
    snprintf(what, sizeof what, "the weight of regex #%zu of category '%s'", index, cname);
    if (!v[RX_WEIGHT]) {
        tr_yerr(ld, item, TRIAGE_ERR_RULES, "regex #%zu of category '%s' needs a 'weight'",
                index, cname);
        ok = 0;
    } else if (!tr_yget_int(ld, v[RX_WEIGHT], what, &weight)) {
        ok = 0;
    }
    int case_sensitive = 0;
    if (v[RX_CASE] && !tr_yget_bool(ld, v[RX_CASE], "'case_sensitive'", &case_sensitive)) ok = 0;

    int term = -1;
    /* Located at the pattern, so that compile errors point at it. */
    if (ok && cat >= 0 && tr_yat(ld, v[RX_PATTERN]))
        term = tr_ycall(ld, triage_builder_add_regex(ld->b, cat, pattern, len, weight));
    if (v[RX_FIELDS]) load_term_fields(ld, v[RX_FIELDS], term, context);
    if (term >= 0 && case_sensitive && tr_yat(ld, v[RX_CASE]))
        tr_ycall(ld, triage_builder_term_set_flags(ld->b, term, TRIAGE_TERM_CASE_SENSITIVE));
}

static void load_regexes(tr_yload *ld, int cat, const char *cname, const tr_ynode *list) {
    char what[CONTEXT_SIZE];
    snprintf(what, sizeof what, "'regex' of category '%s'", cname);
    if (!tr_yexpect_seq(ld, list, what)) return;
    size_t index = 0;
    TR_YSEQ_EACH(item, list) {
        if (ld->stopped) return;
        load_regex(ld, cat, cname, item, ++index);
    }
}

static void load_category(tr_yload *ld, const tr_ynode *node, size_t index) {
    char what[64];
    snprintf(what, sizeof what, "category #%zu", index);
    if (!tr_yexpect_map(ld, node, what)) return;

    const tr_ynode *name = tr_ymap_get(node, "name");
    char cname[TR_YQUOTE_SIZE + 16], context[CONTEXT_SIZE];
    if (name && name->kind == TR_YSCALAR && !tr_yis_null(name))
        tr_yquote(cname, sizeof cname, name->text, name->len);
    else
        snprintf(cname, sizeof cname, "#%zu", index);
    snprintf(context, sizeof context, "in category '%s'", cname);

    const tr_ynode *v[CAT_COUNT];
    tr_ymap_fields(ld, node, category_keys, CAT_COUNT, v, context);
    int cat = -1;
    const char *p;
    size_t len;
    if (!name)
        tr_yerr(ld, node, TRIAGE_ERR_RULES, "category #%zu needs a 'name'", index);
    else if (tr_yget_text(ld, name, "a category 'name'", &p, &len) && tr_yat(ld, name))
        cat = tr_ycall(ld, triage_builder_add_category(ld->b, p, len));

    if (v[CAT_QUEUE] && tr_yget_text(ld, v[CAT_QUEUE], "'queue'", &p, &len) && cat >= 0 &&
        tr_yat(ld, v[CAT_QUEUE]))
        tr_ycall(ld, triage_builder_category_set_queue(ld->b, cat, p, len));
    int64_t min_score;
    if (v[CAT_MIN_SCORE] && tr_yget_int(ld, v[CAT_MIN_SCORE], "'min_score'", &min_score) &&
        cat >= 0 && tr_yat(ld, v[CAT_MIN_SCORE]))
        tr_ycall(ld, triage_builder_category_set_min_score(ld->b, cat, min_score));
    if (v[CAT_KEYWORDS]) load_keywords(ld, cat, cname, v[CAT_KEYWORDS]);
    if (v[CAT_REGEX]) load_regexes(ld, cat, cname, v[CAT_REGEX]);
}

void tr_yaml_load_categories(tr_yload *ld, const tr_ynode *categories) {
    if (!tr_yexpect_seq(ld, categories, "'categories'")) return;
    size_t index = 0;
    TR_YSEQ_EACH(c, categories) {
        if (ld->stopped) return;
        load_category(ld, c, ++index);
    }
}
