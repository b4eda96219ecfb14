/* YAML rules loader: the spec's example loads into the builder as written
 * and compiles; every error carries the right line:column and a message a
 * person can act on. SLA sections: test_loader_sla.c; hostile input:
 * test_loader_hostile.c; allocation failures: test_loader_alloc.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <triage/rules.h>

#include "rules/model.h"
#include "test_loader_util.h"

static triage_builder *load_text(const char *yaml, int *rc) {
    triage_builder *b = triage_builder_create(NULL);
    assert_non_null(b);
    *rc = triage_builder_load_yaml(b, yaml, strlen(yaml), "t.yaml");
    return b;
}

/* ---- The spec's example ---- */

static const tr_term *find_term(const triage_builder *b, const char *text) {
    for (size_t i = 0; i < b->nterms; i++)
        if (strcmp(b->terms[i].text.ptr, text) == 0) return &b->terms[i];
    return NULL;
}

static void full_example_loads_into_the_builder(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int rc = triage_builder_load_file(b, RULES "full.yaml");
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    assert_int_equal(triage_builder_error_count(b), 0);

    assert_string_equal(b->name.ptr, "acme-support");
    assert_string_equal(b->default_queue.ptr, "general");
    assert_int_equal(b->min_score, 3);
    assert_true(b->accent_insensitive);
    assert_int_equal(b->nfield_weights, 2);
    assert_string_equal(b->field_weights[0].field.ptr, "subject");
    assert_int_equal(b->field_weights[0].weight, 2);

    assert_int_equal(b->ncategories, 2);
    assert_string_equal(b->categories[0].name.ptr, "billing");
    assert_string_equal(b->categories[0].queue.ptr, "billing");
    assert_true(b->categories[0].has_min_score);
    assert_int_equal(b->categories[0].min_score, 4);
    /* Location of the category: its name, 1-based. */
    assert_string_equal(b->categories[0].loc.file, RULES "full.yaml");
    assert_int_equal(b->categories[0].loc.line, 12);
    assert_int_equal(b->categories[0].loc.column, 11);

    const tr_term *t = find_term(b, "charged twice");
    assert_non_null(t);
    assert_int_equal(t->weight, 5);
    assert_int_equal(t->loc.line, 17);
    assert_int_equal(t->loc.column, 7);
    t = find_term(b, "newsletter");
    assert_non_null(t);
    assert_int_equal(t->weight, -4);
    t = find_term(b, "\\b(?:INV|ORD)-?\\d{6,8}\\b");
    assert_non_null(t);
    assert_true(t->is_regex);
    assert_int_equal(t->weight, 2);
    assert_int_equal(t->nfields, 2);
    assert_string_equal(t->fields[1].ptr, "body");
    assert_int_equal(t->flags, 0);
    assert_int_equal(t->loc.line, 20);
    assert_int_equal(t->loc.column, 18);

    assert_int_equal(b->nroutes, 1);
    const tr_route *r = &b->routes[0];
    assert_string_equal(r->name.ptr, "outage-urgent");
    assert_int_equal(r->nconds, 5);
    assert_int_equal(r->conds[0].kind, TR_WHEN_CATEGORY);
    assert_string_equal(r->conds[0].values[0].ptr, "outage");
    assert_int_equal(r->conds[1].kind, TR_WHEN_SCORE);
    assert_int_equal(r->conds[1].cmp, TRIAGE_CMP_GE);
    assert_int_equal(r->conds[1].number, 8);
    assert_int_equal(r->conds[2].kind, TR_WHEN_FIELD);
    assert_int_equal(r->conds[2].nvalues, 2);
    assert_string_equal(r->conds[2].values[1].ptr, "chat");
    assert_int_equal(r->conds[3].kind, TR_WHEN_CONTAINS);
    assert_int_equal(r->conds[4].kind, TR_WHEN_MATCH);
    assert_string_equal(r->conds[4].values[0].ptr, "production\\s+(?:is\\s+)?down");
    assert_int_equal(r->priority, TRIAGE_PRIORITY_URGENT);
    assert_int_equal(r->tier, 2);
    assert_string_equal(r->queue.ptr, "incident");
    assert_int_equal(r->ntags, 1);
    assert_string_equal(r->sla.ptr, "urgent");
    assert_true(r->stop);

    triage_ruleset *rs = NULL;
    rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    assert_int_equal(triage_ruleset_category_count(rs), 2);
    assert_int_equal(triage_ruleset_route_count(rs), 1);

    /* The source hash is BLAKE2b-256 of the exact file bytes. */
    FILE *f = fopen(RULES "full.yaml", "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    unsigned char want[32];
    assert_true(sodium_init() >= 0);
    crypto_generichash(want, sizeof want, (const unsigned char *)buf, n, NULL, 0);
    assert_memory_equal(triage_ruleset_source_hash(rs), want, 32);
    triage_ruleset_free(rs);
    triage_builder_free(b);
}

/* The spec's example as printed routes on `outage` without defining it: the
 * loader says so at both references, and nothing else is wrong. */
static void spec_example_reports_only_the_undefined_category(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int rc = triage_builder_load_file(b, RULES "spec_example.yaml");
    assert_int_equal(rc, TRIAGE_ERR_RULES);
    if (triage_builder_error_count(b) != 2) print_errors(b);
    assert_int_equal(triage_builder_error_count(b), 2);
    assert_true(has_error(b, TRIAGE_ERR_RULES, 26, 18,
                          "route 'outage-urgent' refers to category 'outage', which is not defined"));
    assert_true(has_error(b, TRIAGE_ERR_RULES, 27, 15, "category 'outage'"));
    const char *file;
    triage_builder_error(b, 0, &file, NULL, NULL, NULL);
    assert_string_equal(file, RULES "spec_example.yaml");
    triage_builder_free(b);
}

static void bundled_example_rules_load_and_compile(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int rc = triage_builder_load_file(b, TRIAGE_SOURCE_DIR "/examples/rules/support.yaml");
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    triage_ruleset *rs = NULL;
    assert_int_equal(triage_builder_compile(b, &rs), TRIAGE_OK);
    assert_true(triage_ruleset_category_count(rs) > 0);
    triage_ruleset_free(rs);
    triage_builder_free(b);
}

/* ---- Additions to the format ---- */

static void keyword_options_and_forms(void **state) {
    (void)state;
    int rc;
    triage_builder *b = load_text("triage: 1\n"
                                  "options: {regex_budget: 5000}\n"
                                  "categories:\n"
                                  "  - name: a\n"
                                  "    keywords:\n"
                                  "      café: {weight: 2, fields: subject, accent_insensitive: false}\n"
                                  "      plain: {weight: -1, accent_insensitive: true}\n"
                                  "      \"2fa\": 1\n"
                                  "      404: 1\n"
                                  "    regex:\n"
                                  "      - {pattern: 'X\\d', weight: 1, fields: body, case_sensitive: true}\n"
                                  "routes:\n"
                                  "  - name: r\n"
                                  "    when:\n"
                                  "      category: [a, \"\", null]\n"
                                  "      score: {a: [\">3\", \"<= 9\"]}\n"
                                  "      field: {channel: email}\n"
                                  "    set: {tags: one}\n"
                                  "  - name: s\n"
                                  "    when:\n"
                                  "      score: {a: 4}\n"
                                  "  - name: t\n"
                                  "    when:\n"
                                  "      score: {a: \"== -2\"}\n"
                                  "  - name: u\n"
                                  "    when:\n"
                                  "      score: {a: '!=0'}\n"
                                  "  - name: v\n"
                                  "    when:\n"
                                  "      score: {a: ' < 5 '}\n"
                                  "    stop: false\n",
                                  &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    assert_int_equal(b->regex_budget, 5000);
    const tr_term *t = find_term(b, "café");
    assert_non_null(t);
    assert_int_equal(t->weight, 2);
    assert_int_equal(t->nfields, 1);
    assert_string_equal(t->fields[0].ptr, "subject");
    assert_int_equal(t->flags, TRIAGE_TERM_ACCENT_SENSITIVE);
    assert_int_equal(find_term(b, "plain")->flags, TRIAGE_TERM_ACCENT_INSENSITIVE);
    assert_non_null(find_term(b, "2fa"));
    assert_non_null(find_term(b, "404"));
    t = find_term(b, "X\\d");
    assert_int_equal(t->flags, TRIAGE_TERM_CASE_SENSITIVE);
    assert_string_equal(t->fields[0].ptr, "body");

    const tr_route *r = &b->routes[0];
    assert_int_equal(r->nconds, 4);
    assert_int_equal(r->conds[0].nvalues, 3); /* a, "" and null: no category */
    assert_int_equal(r->conds[0].values[1].len, 0);
    assert_int_equal(r->conds[0].values[2].len, 0);
    assert_int_equal(r->conds[1].cmp, TRIAGE_CMP_GT);
    assert_int_equal(r->conds[1].number, 3);
    assert_int_equal(r->conds[2].cmp, TRIAGE_CMP_LE);
    assert_int_equal(r->conds[2].number, 9);
    assert_int_equal(r->ntags, 1);
    assert_int_equal(b->routes[1].conds[0].cmp, TRIAGE_CMP_GE); /* bare number */
    assert_int_equal(b->routes[1].conds[0].number, 4);
    assert_int_equal(b->routes[2].conds[0].cmp, TRIAGE_CMP_EQ);
    assert_int_equal(b->routes[2].conds[0].number, -2);
    assert_int_equal(b->routes[3].conds[0].cmp, TRIAGE_CMP_NE);
    assert_int_equal(b->routes[4].conds[0].cmp, TRIAGE_CMP_LT);
    assert_int_equal(b->routes[4].conds[0].number, 5);
    triage_ruleset *rs = NULL;
    rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    triage_ruleset_free(rs);
    triage_builder_free(b);
}

/* ---- Errors, one case each: first status, position, message ---- */

#define CAT "triage: 1\ncategories:\n  - name: billing\n"
#define ROUTE CAT "routes:\n  - name: r\n"

static const error_case error_cases[] = {
    {"unknown key with did-you-mean", CAT "    keyword:\n      invoice: 3\n", TRIAGE_ERR_RULES, 4,
     5, "unknown key 'keyword' in category 'billing' (did you mean 'keywords'?)"},
    {"unknown key without suggestion", CAT "    colour: red\n", TRIAGE_ERR_RULES, 4, 5,
     "unknown key 'colour' in category 'billing' (expected one of: name, queue, min_score"},
    {"unknown top-level key", "triage: 1\ncategoires: []\n", TRIAGE_ERR_RULES, 2, 1,
     "unknown key 'categoires' at the top level (did you mean 'categories'?)"},
    {"unknown option", "triage: 1\noptions:\n  min_scor: 2\n", TRIAGE_ERR_RULES, 3, 3,
     "unknown key 'min_scor' in options (did you mean 'min_score'?)"},
    {"missing version", "name: x\ncategories: []\n", TRIAGE_ERR_RULES, 1, 1,
     "missing 'triage: 1'"},
    {"version 2", "triage: 2\nname: x\n", TRIAGE_ERR_UNSUPPORTED, 1, 9,
     "rules format version 2 is not supported"},
    {"version as text", "triage: \"1\"\n", TRIAGE_ERR_SYNTAX, 1, 9, "remove the quotes"},
    {"duplicate key", "triage: 1\nname: a\nname: b\n", TRIAGE_ERR_EXISTS, 3, 1,
     "duplicate key 'name' (first given at line 2, column 1)"},
    {"duplicate keyword", CAT "    keywords:\n      invoice: 3\n      invoice: 4\n",
     TRIAGE_ERR_EXISTS, 6, 7, "duplicate key 'invoice'"},
    {"syntax error", "triage: 1\nname: [a, b\n", TRIAGE_ERR_SYNTAX, 3, 1,
     "YAML syntax error: did not find expected ',' or ']'"},
    {"bad indentation", "triage: 1\noptions:\n  min_score: 2\n bad: 1\n", TRIAGE_ERR_SYNTAX, 4,
     2, "YAML syntax error"},
    {"tab indentation", "triage: 1\noptions:\n\tmin_score: 2\n", TRIAGE_ERR_SYNTAX, 3, 1,
     "YAML syntax error"},
    {"list where a map is wanted", CAT "    keywords:\n      - invoice\n", TRIAGE_ERR_SYNTAX, 5,
     7, "'keywords' of category 'billing' (term: weight) must be a map (key: value lines), not a list"},
    {"map where a list is wanted", "triage: 1\ncategories:\n  name: billing\n",
     TRIAGE_ERR_SYNTAX, 3, 3, "'categories' must be a list"},
    {"text where an integer is wanted", "triage: 1\noptions:\n  min_score: high\n",
     TRIAGE_ERR_SYNTAX, 3, 14, "options.min_score must be a whole number, not 'high'"},
    {"weight 3.5", CAT "    keywords:\n      invoice: 3.5\n", TRIAGE_ERR_SYNTAX, 5, 16,
     "the weight of keyword 'invoice' must be a whole number, not '3.5'"},
    {"weight abc", CAT "    keywords:\n      invoice: abc\n", TRIAGE_ERR_SYNTAX, 5, 16,
     "the weight of keyword 'invoice' must be a whole number, not 'abc'"},
    {"weight quoted", CAT "    keywords:\n      invoice: \"3\"\n", TRIAGE_ERR_SYNTAX, 5, 16,
     "not the text \"3\"; remove the quotes"},
    {"weight null", CAT "    keywords:\n      invoice:\n", TRIAGE_ERR_SYNTAX, 5, 15,
     "the weight of keyword 'invoice' needs a value"},
    {"weight out of range", CAT "    keywords:\n      invoice: 5000000\n", TRIAGE_ERR_RANGE, 5,
     7, "weight 5000000 of keyword 'invoice' is out of range"},
    {"weight overflows", CAT "    keywords:\n      invoice: 99999999999999999999\n",
     TRIAGE_ERR_RANGE, 5, 16, "is too large"},
    {"weight in hex", CAT "    keywords:\n      invoice: 0x10\n", TRIAGE_ERR_SYNTAX, 5, 16,
     "decimal whole number"},
    {"keyword map without weight", CAT "    keywords:\n      invoice: {fields: [body]}\n",
     TRIAGE_ERR_RULES, 5, 16, "keyword 'invoice' of category 'billing' needs a 'weight'"},
    {"keyword option typo", CAT "    keywords:\n      invoice: {weight: 1, feilds: [body]}\n",
     TRIAGE_ERR_RULES, 5, 28, "unknown key 'feilds' in keyword 'invoice' of category 'billing' (did you mean 'fields'?)"},
    {"empty fields", CAT "    keywords:\n      invoice: {weight: 1, fields: []}\n",
     TRIAGE_ERR_RULES, 5, 36, "is empty"},
    {"regex without weight", CAT "    regex:\n      - pattern: 'a+'\n", TRIAGE_ERR_RULES, 5, 9,
     "regex #1 of category 'billing' needs a 'weight'"},
    {"regex without pattern", CAT "    regex:\n      - weight: 2\n", TRIAGE_ERR_RULES, 5, 9,
     "regex #1 of category 'billing' needs a 'pattern'"},
    {"regex not a map", CAT "    regex:\n      - 'a+'\n", TRIAGE_ERR_SYNTAX, 5, 9,
     "regex #1 of category 'billing' must be a map"},
    {"case_sensitive not a bool", CAT "    regex:\n      - {pattern: a, weight: 1, case_sensitive: yes}\n",
     TRIAGE_ERR_SYNTAX, 5, 49, "'case_sensitive' must be true or false, not 'yes'"},
    {"category without name", "triage: 1\ncategories:\n  - queue: x\n", TRIAGE_ERR_RULES, 3, 5,
     "category #1 needs a 'name'"},
    {"category name is a list", "triage: 1\ncategories:\n  - name: [a]\n", TRIAGE_ERR_SYNTAX, 3,
     11, "a category 'name' must be a text, not a list"},
    {"duplicate category", CAT "  - name: billing\n", TRIAGE_ERR_EXISTS, 4, 11,
     "category 'billing' is defined twice"},
    {"min_score out of range", CAT "    min_score: 10000000000000\n", TRIAGE_ERR_RANGE, 4, 16,
     "min_score 10000000000000 is out of range"},
    {"bool as yes", "triage: 1\noptions: {accent_insensitive: yes}\n", TRIAGE_ERR_SYNTAX, 2, 31,
     "options.accent_insensitive must be true or false, not 'yes'"},
    {"regex budget zero", "triage: 1\noptions: {regex_budget: 0}\n", TRIAGE_ERR_RANGE, 2, 25,
     "regex_budget must be at least 1"},
    {"field weight out of range", "triage: 1\noptions: {field_weights: {subject: 5000}}\n",
     TRIAGE_ERR_RANGE, 2, 27, "field weight 5000 for 'subject' must be between 0 and 1000"},
    {"field weights as list", "triage: 1\noptions: {field_weights: [subject]}\n",
     TRIAGE_ERR_SYNTAX, 2, 26, "options.field_weights must be a map"},
    {"empty default queue", "triage: 1\noptions: {default_queue: ''}\n", TRIAGE_ERR_RULES, 2,
     26, "the default queue needs a name"},
    {"score =>", ROUTE "    when: {score: {billing: \"=> 3\"}}\n", TRIAGE_ERR_SYNTAX, 6, 29,
     "score comparison '=> 3' on 'billing' is not understood"},
    {"score without number", ROUTE "    when: {score: {billing: \">=\"}}\n", TRIAGE_ERR_SYNTAX, 6,
     29, "score comparison '>=' on 'billing' is not understood"},
    {"score with fraction", ROUTE "    when: {score: {billing: \"> 3.5\"}}\n", TRIAGE_ERR_SYNTAX,
     6, 29, "(a bare N means '>= N')"},
    {"score with text", ROUTE "    when: {score: {billing: \">= abc\"}}\n", TRIAGE_ERR_SYNTAX, 6,
     29, "'>= abc'"},
    {"score single =", ROUTE "    when: {score: {billing: \"= 2\"}}\n", TRIAGE_ERR_SYNTAX, 6,
     29, "'= 2'"},
    {"score as map", ROUTE "    when: {score: {billing: {ge: 2}}}\n", TRIAGE_ERR_SYNTAX, 6, 29,
     "must be a comparison such as \">= 8\", not a map"},
    {"score too large", ROUTE "    when: {score: {billing: \">= 99999999999999999999\"}}\n",
     TRIAGE_ERR_RANGE, 6, 29, "too large"},
    {"score out of builder range", ROUTE "    when: {score: {billing: \">= 9999999999999\"}}\n",
     TRIAGE_ERR_RANGE, 6, 29, "score 9999999999999 is out of range"},
    {"score of undefined category", ROUTE "    when: {score: {biling: 3}}\n", TRIAGE_ERR_RULES,
     6, 20, "route 'r' refers to category 'biling', which is not defined (did you mean 'billing'?)"},
    {"undefined category", ROUTE "    when:\n      category: [billing, refunds]\n",
     TRIAGE_ERR_RULES, 7, 27, "route 'r' refers to category 'refunds', which is not defined"},
    {"undefined category scalar", ROUTE "    when: {category: Billing}\n", TRIAGE_ERR_RULES, 6,
     22, "(did you mean 'billing'?)"},
    {"when key typo", ROUTE "    when: {categroy: billing}\n", TRIAGE_ERR_RULES, 6, 12,
     "unknown key 'categroy' in 'when' of route 'r' (did you mean 'category'?)"},
    {"unknown priority", ROUTE "    set: {priority: urgnet}\n", TRIAGE_ERR_RULES, 6, 21,
     "unknown priority 'urgnet' in route 'r' (did you mean 'urgent'?)"},
    {"unknown priority far", ROUTE "    set: {priority: critical}\n", TRIAGE_ERR_RULES, 6, 21,
     "(expected one of: low, normal, high, urgent)"},
    {"tier zero", ROUTE "    set: {tier: 0}\n", TRIAGE_ERR_RANGE, 6, 17,
     "tier 0 is out of range"},
    {"tier too high", ROUTE "    set: {tier: 500}\n", TRIAGE_ERR_RANGE, 6, 17,
     "tier 500 is out of range (1 to 100)"},
    {"tier as text", ROUTE "    set: {tier: two}\n", TRIAGE_ERR_SYNTAX, 6, 17,
     "'tier' must be a whole number, not 'two'"},
    {"set key typo", ROUTE "    set: {tag: [x]}\n", TRIAGE_ERR_RULES, 6, 11,
     "unknown key 'tag' in 'set' of route 'r' (did you mean 'tags'?)"},
    {"stop not bool", ROUTE "    stop: 1\n", TRIAGE_ERR_SYNTAX, 6, 11,
     "'stop' must be true or false, not '1'"},
    {"route without name", CAT "routes:\n  - when: {category: billing}\n", TRIAGE_ERR_RULES, 5,
     5, "route #1 needs a 'name'"},
    {"duplicate route", ROUTE "  - name: r\n", TRIAGE_ERR_EXISTS, 6, 11,
     "route rule 'r' is defined twice"},
    {"empty contains", ROUTE "    when: {contains: {subject: ''}}\n", TRIAGE_ERR_RULES, 6, 32,
     "a contains condition needs a text"},
    {"contains list", ROUTE "    when: {contains: {subject: [a, b]}}\n", TRIAGE_ERR_SYNTAX, 6,
     32, "a 'contains' phrase must be a text, not a list"},
    {"empty category list", ROUTE "    when: {category: []}\n", TRIAGE_ERR_RULES, 6, 22,
     "is an empty list; it would never match"},
    {"NUL in a text", "triage: 1\nname: \"a\\0b\"\n", TRIAGE_ERR_SYNTAX, 2, 7,
     "the ruleset 'name' contains a NUL character"},
    {"alias", "triage: 1\nname: &n acme\noptions: {default_queue: *n}\n",
     TRIAGE_ERR_UNSUPPORTED, 3, 26, "aliases (*n) are not supported"},
    {"local tag", "triage: 1\nname: !secret acme\n", TRIAGE_ERR_UNSUPPORTED, 2, 7,
     "tag '!secret' is not supported here"},
    {"core tag on the wrong kind", "triage: 1\nname: !!map acme\n", TRIAGE_ERR_UNSUPPORTED, 2,
     7, "tag '!!map' is not supported here"},
    {"second document", "triage: 1\n---\ntriage: 1\n", TRIAGE_ERR_SYNTAX, 2, 1,
     "a rules file holds one YAML document"},
    {"key is a list", "triage: 1\n? [a]\n: b\n", TRIAGE_ERR_SYNTAX, 2, 3,
     "a key must be a text, not a list"},
    {"sla set without such policy",
     ROUTE "    set: {sla: gold}\nsla:\n  policies:\n    - {name: golden, resolution: 1h}\n",
     TRIAGE_ERR_RULES, 6, 16,
     "route 'r' refers to SLA policy 'gold', which is not defined in 'sla.policies' (did you mean 'golden'?)"},
};

static void each_error_case(void **state) {
    (void)state;
    assert_int_equal(run_error_cases(error_cases, sizeof error_cases / sizeof error_cases[0]), 0);
}

/* Lint wants every error: the load goes on after the first. */
static void all_errors_of_a_file_are_reported(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    int rc = triage_builder_load_file(b, RULES "many_errors.yaml");
    assert_int_equal(rc, TRIAGE_ERR_RULES); /* the first one's status */
    if (triage_builder_error_count(b) != 7) print_errors(b);
    assert_int_equal(triage_builder_error_count(b), 7);
    assert_true(has_error(b, TRIAGE_ERR_RULES, 4, 3, "unknown key 'min_scroe' in options"));
    assert_true(has_error(b, TRIAGE_ERR_SYNTAX, 8, 16, "must be a whole number, not 'lots'"));
    assert_true(has_error(b, TRIAGE_ERR_RULES, 9, 5, "unknown key 'keyword'"));
    assert_true(has_error(b, TRIAGE_ERR_EXISTS, 11, 11, "category 'billing' is defined twice"));
    assert_true(has_error(b, TRIAGE_ERR_RULES, 18, 11, "category 'shipping', which is not defined"));
    assert_true(has_error(b, TRIAGE_ERR_RULES, 19, 21, "unknown priority 'hihg'"));
    assert_true(has_error(b, TRIAGE_ERR_SYNTAX, 20, 11, "'stop' must be true or false"));
    /* Sections come in file order (within one item, unknown keys are
     * reported before the values are checked). */
    unsigned first_line, last_line;
    triage_builder_error(b, 0, NULL, &first_line, NULL, NULL);
    triage_builder_error(b, 6, NULL, &last_line, NULL, NULL);
    assert_int_equal(first_line, 4);
    assert_int_equal(last_line, 20);
    triage_builder_free(b);
}

/* Errors the builder finds at compile time point into the file. */
static void compile_errors_carry_the_file_position(void **state) {
    (void)state;
    int rc;
    triage_builder *b = load_text(CAT "    regex:\n      - {pattern: 'a(b', weight: 1}\n", &rc);
    assert_int_equal(rc, TRIAGE_OK);
    triage_ruleset *rs = NULL;
    rc = triage_builder_compile(b, &rs);
    assert_int_equal(rc, TRIAGE_ERR_REGEX);
    assert_null(rs);
    const char *file;
    unsigned line, col;
    triage_builder_error(b, triage_builder_error_count(b) - 1, &file, &line, &col, NULL);
    assert_string_equal(file, "t.yaml");
    assert_int_equal(line, 5);
    assert_int_equal(col, 19);
    triage_builder_free(b);
}

/* Anchors are accepted (and pointless without aliases); core tags force a
 * type: !!str makes a number a text, !!int reads a quoted number. */
static void anchors_and_core_tags(void **state) {
    (void)state;
    int rc;
    triage_builder *b = load_text("triage: !!int 1\n"
                                  "name: &n !!str 2026\n"
                                  "options: !!map {min_score: !!int '7', accent_insensitive: TRUE}\n"
                                  "categories: &c\n"
                                  "  - {name: ! 12, keywords: {x: +2}}\n",
                                  &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    assert_string_equal(b->name.ptr, "2026");
    assert_int_equal(b->min_score, 7);
    assert_true(b->accent_insensitive);
    assert_string_equal(b->categories[0].name.ptr, "12");
    assert_int_equal(find_term(b, "x")->weight, 2);
    triage_builder_free(b);
}

/* Sections left empty while drafting are no sections; the location set
 * for the file's items does not stick to items the host adds later. */
static void empty_sections_and_location_reset(void **state) {
    (void)state;
    int rc;
    triage_builder *b = load_text("triage: 1\noptions:\ncategories:\nroutes:\ncalendars:\nsla:\n", &rc);
    if (rc != TRIAGE_OK) print_errors(b);
    assert_int_equal(rc, TRIAGE_OK);
    int cat = triage_builder_add_category(b, "later", 5);
    assert_true(cat >= 0);
    assert_null(b->categories[cat].loc.file);
    assert_int_equal(b->categories[cat].loc.line, 0);
    triage_builder_free(b);
}

static void loads_merge_and_names_default(void **state) {
    (void)state;
    triage_builder *b = triage_builder_create(NULL);
    const char *one = "triage: 1\ncategories: [{name: a, keywords: {x: 1}}]\n";
    assert_int_equal(triage_builder_load_yaml(b, one, strlen(one), NULL), TRIAGE_OK);
    /* A second load into the same builder adds to it; a clash is reported
     * under the default name. */
    assert_int_equal(triage_builder_load_yaml(b, one, strlen(one), NULL), TRIAGE_ERR_EXISTS);
    const char *file;
    triage_builder_error(b, 0, &file, NULL, NULL, NULL);
    assert_string_equal(file, "<rules>");
    assert_int_equal(triage_builder_load_yaml(NULL, one, 3, NULL), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_load_yaml(b, NULL, 3, NULL), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_load_file(b, NULL), TRIAGE_ERR_ARGUMENT);
    assert_int_equal(triage_builder_load_file(NULL, "x"), TRIAGE_ERR_ARGUMENT);
    triage_builder_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_example_loads_into_the_builder),
        cmocka_unit_test(spec_example_reports_only_the_undefined_category),
        cmocka_unit_test(bundled_example_rules_load_and_compile),
        cmocka_unit_test(keyword_options_and_forms),
        cmocka_unit_test(each_error_case),
        cmocka_unit_test(all_errors_of_a_file_are_reported),
        cmocka_unit_test(compile_errors_carry_the_file_position),
        cmocka_unit_test(anchors_and_core_tags),
        cmocka_unit_test(empty_sections_and_location_reset),
        cmocka_unit_test(loads_merge_and_names_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
