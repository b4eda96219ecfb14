/* libtriage: why a ticket was routed as it was, how two decisions differ,
 * and the words the matcher sees.
 *
 * An explanation is the decision of one ticket plus, as data, every
 * category's score against its threshold and every route rule in order with
 * each of its conditions evaluated (all of them, not only up to the first
 * false one, so that near misses show), a short reason for each, and whether
 * evaluation had stopped before the rule. An admin screen can show the same
 * report as `triage explain`.
 *
 * Strings returned by the getters live until the next triage_explain() on
 * the same explanation, or until it is freed. */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include "common.h"
#include "route.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct triage_explanation triage_explanation;

/* Kinds of route conditions. Values are frozen. */
#define TRIAGE_WHEN_CATEGORY 0 /* the winning category is one of */
#define TRIAGE_WHEN_SCORE 1    /* a category's score compares to a number */
#define TRIAGE_WHEN_FIELD 2    /* a field equals one of */
#define TRIAGE_WHEN_CONTAINS 3 /* a field contains a word or phrase */
#define TRIAGE_WHEN_MATCH 4    /* a field matches a regex */
/* "category", "score", "field", "contains", "match"; NULL for other values. */
TRIAGE_API const char *triage_condition_kind_name(int kind);
/* "<", "<=", "==", "!=", ">=", ">" for TRIAGE_CMP_*; NULL for other values. */
TRIAGE_API const char *triage_cmp_name(int cmp);

/* What became of a route rule. Values are frozen. */
#define TRIAGE_RULE_FIRED 0       /* every condition held: its `set` applied */
#define TRIAGE_RULE_NOT_MATCHED 1 /* some condition was false */
#define TRIAGE_RULE_NOT_REACHED 2 /* an earlier rule that fired stopped evaluation */
/* "fired", "not_matched", "not_reached"; NULL for other values. */
TRIAGE_API const char *triage_rule_outcome_name(int outcome);

/* An explanation for tickets routed by rs; reuse it for many tickets. NULL
 * when rs is NULL or memory runs out. */
TRIAGE_API triage_explanation *triage_explanation_create(const triage_ruleset *rs);
TRIAGE_API void triage_explanation_free(triage_explanation *e);

/* Routes the ticket (with TRIAGE_ROUTE_EXPLAIN added to flags) and fills the
 * explanation. The scratch must come from the same ruleset as e. Returns what
 * triage_route() returns; on error the explanation is empty (no rules, no
 * categories). */
TRIAGE_API int triage_explain(const triage_ruleset *rs, triage_scratch *scratch,
                              const triage_ticket *t, unsigned flags, triage_explanation *e);

/* The decision, with every hit (triage_decision_hit_count/hit). Owned by e. */
TRIAGE_API const triage_decision *triage_explanation_decision(const triage_explanation *e);

/* Categories in declaration order. reached: the score is at or above the
 * threshold (the winner is the highest of those). Any out pointer may be
 * NULL. Returns TRIAGE_ERR_NOT_FOUND for a bad index. */
TRIAGE_API size_t triage_explanation_category_count(const triage_explanation *e);
TRIAGE_API int triage_explanation_category(const triage_explanation *e, size_t index,
                                           const char **name, int64_t *score,
                                           int64_t *threshold, int *reached);

/* Route rules in order. outcome is a TRIAGE_RULE_*; stops: the rule stops
 * evaluation when it fires. */
TRIAGE_API size_t triage_explanation_rule_count(const triage_explanation *e);
TRIAGE_API int triage_explanation_rule(const triage_explanation *e, size_t rule,
                                       const char **name, int *outcome,
                                       size_t *condition_count, int *stops);

/* What a rule sets when it fires: queue and sla (NULL: unchanged), priority
 * (a TRIAGE_PRIORITY_*, or -1: unchanged), tier (0: unchanged) and the number
 * of tags it adds (triage_explanation_rule_tag). Any out pointer may be NULL. */
TRIAGE_API int triage_explanation_rule_actions(const triage_explanation *e, size_t rule,
                                               const char **queue, int *priority, int *tier,
                                               const char **sla, size_t *tag_count);
TRIAGE_API const char *triage_explanation_rule_tag(const triage_explanation *e, size_t rule,
                                                   size_t index);

/* One condition of a rule: its kind (TRIAGE_WHEN_*), whether it holds for
 * this ticket (1 or 0; a rule not reached still has its conditions
 * evaluated), and a short reason such as "category is billing, not outage",
 * "score outage 5 < 8" or "field channel is 'email', not one of phone, chat". */
TRIAGE_API int triage_explanation_condition(const triage_explanation *e, size_t rule,
                                            size_t cond, int *kind, int *holds,
                                            const char **reason);
/* The field a FIELD, CONTAINS or MATCH condition looks at, the category a
 * SCORE condition compares; NULL for CATEGORY conditions and bad indices. */
TRIAGE_API const char *triage_explanation_condition_subject(const triage_explanation *e,
                                                            size_t rule, size_t cond);
/* Operands as written: CATEGORY the category names ("" stands for no
 * category), FIELD the accepted values, CONTAINS the phrase, MATCH the
 * pattern; SCORE has none (see triage_explanation_condition_score). */
TRIAGE_API size_t triage_explanation_condition_operand_count(const triage_explanation *e,
                                                             size_t rule, size_t cond);
TRIAGE_API const char *triage_explanation_condition_operand(const triage_explanation *e,
                                                            size_t rule, size_t cond,
                                                            size_t index);
/* A SCORE condition: the operator (TRIAGE_CMP_*), the number compared with
 * and the category's actual score. TRIAGE_ERR_NOT_FOUND for other kinds. */
TRIAGE_API int triage_explanation_condition_score(const triage_explanation *e, size_t rule,
                                                  size_t cond, int *cmp, int64_t *number,
                                                  int64_t *actual);

/* ---- Comparing two decisions (possibly from different rulesets) ---- */
#define TRIAGE_DIFF_CATEGORY 0x01u
#define TRIAGE_DIFF_QUEUE 0x02u
#define TRIAGE_DIFF_PRIORITY 0x04u
#define TRIAGE_DIFF_TIER 0x08u
#define TRIAGE_DIFF_TAGS 0x10u /* as sets: order does not matter */
#define TRIAGE_DIFF_SLA 0x20u
/* "category", "queue", "priority", "tier", "tags", "sla"; NULL otherwise. */
TRIAGE_API const char *triage_diff_name(unsigned field);
/* Sets *differences to the TRIAGE_DIFF_* bits of the fields that differ
 * (names are compared as text, so the rulesets may differ). */
TRIAGE_API int triage_decision_compare(const triage_decision *a, const triage_decision *b,
                                       unsigned *differences);

/* ---- The words the matcher sees ----
 * Calls fn for each word of text, in order, with the word case-folded (and
 * accent-stripped with TRIAGE_WORDS_ACCENT_INSENSITIVE), its byte offset in
 * text, and the bytes that separate it from the previous word (empty for the
 * first word). Keywords made of such words, joined by their separators, match
 * the text (a separator of white space only may be written as one space).
 * A nonzero return from fn stops the walk and is returned. */
#define TRIAGE_WORDS_ACCENT_INSENSITIVE 0x1u
typedef int (*triage_word_fn)(const char *word, size_t len, const char *separator,
                              size_t separator_len, size_t offset, void *user);
TRIAGE_API int triage_words(const triage_allocator *allocator, const char *text, size_t len,
                            unsigned flags, triage_word_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
