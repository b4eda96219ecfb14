/* libtriage: tickets, per-thread scratch space, routing and decisions.
 *
 * triage_route() is a pure function of (ruleset, ticket): the same inputs
 * give the same decision on every thread and every run. A ruleset may be
 * used by many threads at once; a scratch, a ticket and a decision belong to
 * one thread at a time. */
#ifndef TRIAGE_ROUTE_H
#define TRIAGE_ROUTE_H

#include "common.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct triage_ticket triage_ticket;
typedef struct triage_scratch triage_scratch;
typedef struct triage_decision triage_decision;

/* ---- Ticket: named fields, each with one or more values ---- */
TRIAGE_API triage_ticket *triage_ticket_create(const triage_allocator *allocator);
TRIAGE_API void triage_ticket_free(triage_ticket *t);
/* Removes every field, keeping memory for reuse. */
TRIAGE_API void triage_ticket_clear(triage_ticket *t);
/* Adds a value to a field (copied; NUL bytes allowed). Adding to a field that
 * already has a value makes it multi-valued. Field names are plain bytes,
 * nested JSON keys use dots ("customer.plan"). */
TRIAGE_API int triage_ticket_add(triage_ticket *t, const char *field, size_t flen,
                                 const char *value, size_t vlen);
TRIAGE_API size_t triage_ticket_value_count(const triage_ticket *t, const char *field,
                                            size_t flen);
/* The index-th value of a field; TRIAGE_ERR_NOT_FOUND when absent. */
TRIAGE_API int triage_ticket_value(const triage_ticket *t, const char *field, size_t flen,
                                   size_t index, const char **value, size_t *vlen);

/* ---- Scratch: working memory for one thread; reused across tickets ---- */
TRIAGE_API triage_scratch *triage_scratch_create(const triage_ruleset *rs);
TRIAGE_API void triage_scratch_free(triage_scratch *s);

/* ---- Decision: the result of routing one ticket ---- */
TRIAGE_API triage_decision *triage_decision_create(const triage_ruleset *rs);
TRIAGE_API void triage_decision_free(triage_decision *d);

/* Routing flags. */
#define TRIAGE_ROUTE_EXPLAIN 0x1u     /* record every hit (term, field, offset) */
#define TRIAGE_ROUTE_STRICT_UTF8 0x2u /* invalid UTF-8 is an error, not U+FFFD */

/* Routes a ticket. scratch, decision and ticket must not be shared with
 * another thread during the call; scratch and decision must come from the
 * same ruleset. Returns TRIAGE_OK, TRIAGE_ERR_UTF8 (strict mode),
 * TRIAGE_ERR_NOMEM or TRIAGE_ERR_ARGUMENT; on error the decision is empty. */
TRIAGE_API int triage_route(const triage_ruleset *rs, triage_scratch *scratch,
                            const triage_ticket *t, unsigned flags, triage_decision *d);

/* Decision flags. */
#define TRIAGE_FLAG_INVALID_UTF8 0x1u  /* some input was not UTF-8; read as U+FFFD */
#define TRIAGE_FLAG_REGEX_BUDGET 0x2u  /* a regex was cut off by the budget */
#define TRIAGE_FLAG_NO_CATEGORY 0x4u   /* no category reached its threshold */
/* "invalid_utf8", "regex_budget", "no_category"; NULL for other values. */
TRIAGE_API const char *triage_flag_name(unsigned flag);

/* Getters. Strings live as long as the ruleset; NULL where there is none. */
TRIAGE_API const char *triage_decision_category(const triage_decision *d);
TRIAGE_API int triage_decision_category_index(const triage_decision *d); /* -1: none */
TRIAGE_API const char *triage_decision_queue(const triage_decision *d);
TRIAGE_API int triage_decision_priority(const triage_decision *d);
TRIAGE_API int triage_decision_tier(const triage_decision *d);
TRIAGE_API const char *triage_decision_sla(const triage_decision *d);
/* BLAKE2b-256 of the rules source the decision was made with (32 bytes,
 * the ruleset's triage_ruleset_source_hash). */
TRIAGE_API const unsigned char *triage_decision_rules_hash(const triage_decision *d);
TRIAGE_API unsigned triage_decision_flags(const triage_decision *d);
/* One score per category, in the ruleset's category order. */
TRIAGE_API size_t triage_decision_score_count(const triage_decision *d);
TRIAGE_API int64_t triage_decision_score(const triage_decision *d, size_t category);
/* All scores at once (one call instead of one per category, for language
 * bindings): copies min(capacity, count) scores in category order into
 * scores (which may be NULL when capacity is 0) and returns count, the
 * number of categories; 0 when d is NULL. */
TRIAGE_API size_t triage_decision_scores(const triage_decision *d, int64_t *scores,
                                         size_t capacity);
TRIAGE_API size_t triage_decision_tag_count(const triage_decision *d);
TRIAGE_API const char *triage_decision_tag(const triage_decision *d, size_t index);
/* Route rules that fired, in order. */
TRIAGE_API size_t triage_decision_rule_count(const triage_decision *d);
TRIAGE_API const char *triage_decision_rule(const triage_decision *d, size_t index);
/* Hits (TRIAGE_ROUTE_EXPLAIN only), in the order they were found: field
 * values in ticket order; within one value, every keyword occurrence in
 * text order (accent-sensitive keywords first, then accent-insensitive
 * ones), then the first match of each regex. offset and length are
 * bytes in the field's value as given; value_index says which value of a
 * multi-valued field; weight is the term's weight times the field's. At
 * most 10,000 hits are kept (scores stay exact). Any out pointer may be
 * NULL. */
TRIAGE_API size_t triage_decision_hit_count(const triage_decision *d);
TRIAGE_API int triage_decision_hit(const triage_decision *d, size_t index, size_t *category,
                                   const char **term, const char **field, size_t *value_index,
                                   size_t *offset, size_t *length, int64_t *weight);

#ifdef __cplusplus
}
#endif
#endif
