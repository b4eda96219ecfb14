/* The rules as the builder collects them, before compilation. */
#ifndef TR_MODEL_H
#define TR_MODEL_H

#include <stdint.h>
#include <triage/rules.h>

typedef struct tr_str {
    char *ptr; /* NUL-terminated copy */
    size_t len;
} tr_str;

typedef struct tr_loc {
    const char *file; /* owned by the builder's file-name list, may be NULL */
    unsigned line, column;
} tr_loc;

typedef struct tr_term {
    int category;
    int is_regex;
    tr_str text;
    int64_t weight;
    unsigned flags; /* TRIAGE_TERM_* */
    tr_str *fields; /* empty: subject and body */
    size_t nfields, cap_fields;
    tr_loc loc;
} tr_term;

typedef struct tr_category {
    tr_str name;
    tr_str queue; /* ptr NULL: the category's name */
    int has_min_score;
    int64_t min_score;
    tr_loc loc;
} tr_category;

enum tr_cond_kind { TR_WHEN_CATEGORY, TR_WHEN_SCORE, TR_WHEN_FIELD, TR_WHEN_CONTAINS, TR_WHEN_MATCH };

typedef struct tr_cond {
    enum tr_cond_kind kind;
    tr_str field;   /* FIELD, CONTAINS, MATCH; the category name for SCORE */
    tr_str *values; /* CATEGORY and FIELD: the one-of list; CONTAINS/MATCH: one */
    size_t nvalues, cap_values;
    int cmp;        /* SCORE */
    int64_t number; /* SCORE */
    tr_loc loc;
} tr_cond;

typedef struct tr_route {
    tr_str name;
    tr_cond *conds;
    size_t nconds, cap_conds;
    tr_str queue, sla; /* ptr NULL: unchanged */
    int priority;      /* -1: unchanged */
    int tier;          /* 0: unchanged */
    tr_str *tags;
    size_t ntags, cap_tags;
    int stop;
    tr_loc loc;
} tr_route;

typedef struct tr_field_weight {
    tr_str field;
    int64_t weight;
} tr_field_weight;

typedef struct tr_error {
    int status;
    tr_loc loc;
    char *message;
} tr_error;

struct triage_builder {
    const triage_allocator *alloc;
    tr_loc loc; /* applied to the next item added */
    char **files;
    size_t nfiles, cap_files;
    tr_error *errors;
    size_t nerrors, cap_errors;

    tr_str name, default_queue;
    int64_t min_score;
    int accent_insensitive;
    uint64_t regex_budget;
    unsigned char source_hash[32];
    tr_field_weight *field_weights;
    size_t nfield_weights, cap_field_weights;
    tr_category *categories;
    size_t ncategories, cap_categories;
    tr_term *terms;
    size_t nterms, cap_terms;
    tr_route *routes;
    size_t nroutes, cap_routes;
    struct tr_sla_defs *sla; /* calendars and SLA policies (lib/sla), NULL: none */
};

/* Records an error at the builder's current location (printf format). */
int tr_builder_fail(triage_builder *b, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records an error at an item's location. */
int tr_builder_fail_at(triage_builder *b, const tr_loc *loc, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int tr_str_set(const triage_allocator *a, tr_str *s, const char *p, size_t len);
int tr_str_eq(const tr_str *s, const char *p, size_t len);
/* Index of a category by name, or -1. */
int tr_builder_find_category(const triage_builder *b, const char *name, size_t len);

#endif
