/* The compiled, immutable ruleset. */
#ifndef TR_RULESET_H
#define TR_RULESET_H

#include <stdint.h>
#include <triage/rules.h>

#include "core/meter.h"
#include "match/lexicon.h"
#include "match/regex_set.h"
#include "rules/model.h"

#define TR_MAX_SCOPED_FIELDS 64 /* distinct fields named by term scopes */
#define TR_NO_REGEX UINT32_MAX

typedef struct tr_name {
    char *ptr; /* NUL-terminated, owned by the ruleset */
    size_t len;
} tr_name;

/* A field that terms look at. */
typedef struct tr_field {
    tr_name name;
    int64_t weight;
} tr_field;

typedef struct tr_cterm {
    uint32_t category;
    uint32_t regex; /* TR_NO_REGEX for keywords */
    int64_t weight;
    uint64_t fields; /* bit i: tr_field i */
    tr_name text;
} tr_cterm;

typedef struct tr_ccategory {
    tr_name name, queue;
    int64_t threshold;
} tr_ccategory;

/* A word or phrase as words and gaps, for `contains` conditions. */
typedef struct tr_phrase {
    tr_name *words;
    uint32_t *gaps; /* gaps[0] unused */
    size_t count;
} tr_phrase;

typedef struct tr_ccond {
    enum tr_cond_kind kind;
    tr_name field;
    tr_name *values; /* FIELD: the one-of list; CONTAINS, MATCH: the text as written */
    int32_t *categories; /* CATEGORY: indices, -1 for "no category" */
    size_t nvalues;
    int cmp;        /* SCORE */
    int64_t number; /* SCORE */
    uint32_t category; /* SCORE */
    uint32_t regex; /* MATCH: index in the route regex set */
    tr_phrase phrase; /* CONTAINS */
} tr_ccond;

typedef struct tr_croute {
    tr_name name;
    tr_ccond *conds;
    size_t nconds;
    tr_name queue, sla; /* ptr NULL: unchanged */
    int priority, tier; /* -1 / 0: unchanged */
    tr_name *tags;
    size_t ntags;
    int stop;
} tr_croute;

struct triage_ruleset {
    tr_meter meter; /* everything below is allocated through it */
    tr_name name, default_queue;
    tr_ccategory *categories;
    size_t ncategories;
    tr_field *fields;
    size_t nfields;
    tr_cterm *terms;
    size_t nterms;
    tr_lexicon *plain, *stripped; /* keywords compared with / without accents */
    tr_regex_set *term_regexes, *route_regexes;
    int regexes_use_words; /* some term regex is tried at word starts: tokenize for it */
    uint32_t *regex_terms; /* per term regex: its term */
    tr_croute *routes;
    size_t nroutes;
    int accent_insensitive; /* for `contains` conditions */
    uint64_t regex_budget;
    size_t jit_bytes;
    unsigned char source_hash[32];
    struct tr_sla_defs *sla; /* calendars and SLA policies (lib/sla), NULL: none */
};

/* Index of a scoped field, or -1. */
int tr_ruleset_field(const triage_ruleset *rs, const char *name, size_t len);

#endif
