/* libtriage: building, loading and compiling rules.
 *
 * A triage_builder collects categories, terms and route rules (from the YAML
 * loader or straight from a host's own storage), then compiles them into an
 * immutable triage_ruleset that any number of threads may share.
 *
 * Names and texts cross as pointer + length; they are copied. Errors are
 * collected on the builder, each with the source location that was current
 * when the failing item was added (see triage_builder_set_location). */
#ifndef TRIAGE_RULES_H
#define TRIAGE_RULES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct triage_builder triage_builder;
typedef struct triage_ruleset triage_ruleset;

/* Priorities, lowest first. Values are frozen. */
#define TRIAGE_PRIORITY_LOW 0
#define TRIAGE_PRIORITY_NORMAL 1
#define TRIAGE_PRIORITY_HIGH 2
#define TRIAGE_PRIORITY_URGENT 3
/* "low", "normal", "high", "urgent"; NULL for any other value. */
TRIAGE_API const char *triage_priority_name(int priority);
/* The priority for a name, or TRIAGE_ERR_NOT_FOUND. */
TRIAGE_API int triage_priority_from_name(const char *name, size_t len);

/* Comparison operators for score conditions. */
#define TRIAGE_CMP_LT 0
#define TRIAGE_CMP_LE 1
#define TRIAGE_CMP_EQ 2
#define TRIAGE_CMP_NE 3
#define TRIAGE_CMP_GE 4
#define TRIAGE_CMP_GT 5

/* Per-term flags (triage_builder_term_set_flags). */
#define TRIAGE_TERM_ACCENT_INSENSITIVE 0x1u /* café matches cafe for this term */
#define TRIAGE_TERM_ACCENT_SENSITIVE 0x2u   /* overrides a ruleset-wide accent option */
#define TRIAGE_TERM_CASE_SENSITIVE 0x4u     /* regex only: match case exactly */

/* ---- Builder ---- */
TRIAGE_API triage_builder *triage_builder_create(const triage_allocator *allocator);
TRIAGE_API void triage_builder_free(triage_builder *builder);

/* Source location attached to every item added after this call, and to the
 * errors those items cause. file may be NULL (no file name); line and column
 * are 1-based, 0 meaning unknown. */
TRIAGE_API int triage_builder_set_location(triage_builder *b, const char *file,
                                           unsigned line, unsigned column);

/* Errors collected so far (adds, loads and compile all append here). */
TRIAGE_API size_t triage_builder_error_count(const triage_builder *b);
/* Any out pointer may be NULL. Strings live as long as the builder.
 * Returns the error's status code, or TRIAGE_ERR_NOT_FOUND for a bad index. */
TRIAGE_API int triage_builder_error(const triage_builder *b, size_t index, const char **file,
                                    unsigned *line, unsigned *column, const char **message);
/* Records an error found by a front end (a loader) so that it is reported
 * like the builder's own. */
TRIAGE_API int triage_builder_add_error(triage_builder *b, int status, const char *file,
                                        unsigned line, unsigned column, const char *message);

/* Ruleset-wide settings. */
TRIAGE_API int triage_builder_set_name(triage_builder *b, const char *name, size_t len);
TRIAGE_API int triage_builder_set_default_queue(triage_builder *b, const char *queue, size_t len);
TRIAGE_API int triage_builder_set_min_score(triage_builder *b, int64_t min_score);
TRIAGE_API int triage_builder_set_accent_insensitive(triage_builder *b, int on);
/* Weight of hits in a field (default 1 for every field). */
TRIAGE_API int triage_builder_set_field_weight(triage_builder *b, const char *field, size_t len,
                                               int64_t weight);
/* Per-ticket regex budget, in PCRE2 match-limit units summed over all the
 * regexes of one ticket (default TRIAGE_DEFAULT_REGEX_BUDGET). A regex cut off
 * by the budget counts as not matched and flags the decision. */
#define TRIAGE_DEFAULT_REGEX_BUDGET 10000000u
TRIAGE_API int triage_builder_set_regex_budget(triage_builder *b, uint64_t budget);
/* Stores the BLAKE2b-256 hash of the rules source (set by the loaders). */
TRIAGE_API int triage_builder_set_source_hash(triage_builder *b, const unsigned char hash[32]);

/* Categories, in declaration order (which breaks ties). Returns the new
 * category's index (>= 0) or a negative status. */
TRIAGE_API int triage_builder_add_category(triage_builder *b, const char *name, size_t len);
TRIAGE_API int triage_builder_category_set_queue(triage_builder *b, int category,
                                                 const char *queue, size_t len);
TRIAGE_API int triage_builder_category_set_min_score(triage_builder *b, int category,
                                                     int64_t min_score);

/* Terms of a category: a keyword or phrase, or a PCRE2 regex. Returns the
 * new term's index (>= 0) or a negative status. A keyword is one or more
 * words; white space between words matches any run of white space. */
TRIAGE_API int triage_builder_add_keyword(triage_builder *b, int category, const char *term,
                                          size_t len, int64_t weight);
TRIAGE_API int triage_builder_add_regex(triage_builder *b, int category, const char *pattern,
                                        size_t len, int64_t weight);
/* Restricts a term to a field; call once per field (default: subject and body). */
TRIAGE_API int triage_builder_term_add_field(triage_builder *b, int term, const char *field,
                                             size_t len);
TRIAGE_API int triage_builder_term_set_flags(triage_builder *b, int term, unsigned flags);

/* Route rules, evaluated in order. Returns the new rule's index or a
 * negative status. Every condition given must hold for the rule to fire. */
TRIAGE_API int triage_builder_add_route(triage_builder *b, const char *name, size_t len);
/* The winning category is one of those given (call once per name; the
 * empty name "" stands for "no category"). */
TRIAGE_API int triage_builder_route_when_category(triage_builder *b, int route,
                                                  const char *category, size_t len);
TRIAGE_API int triage_builder_route_when_score(triage_builder *b, int route, const char *category,
                                               size_t len, int cmp, int64_t value);
/* The field has one of the values given (call once per value). */
TRIAGE_API int triage_builder_route_when_field(triage_builder *b, int route, const char *field,
                                               size_t flen, const char *value, size_t vlen);
/* The field contains the word or phrase (keyword semantics). */
TRIAGE_API int triage_builder_route_when_contains(triage_builder *b, int route, const char *field,
                                                  size_t flen, const char *phrase, size_t plen);
/* The field matches the regex (caseless). */
TRIAGE_API int triage_builder_route_when_match(triage_builder *b, int route, const char *field,
                                               size_t flen, const char *pattern, size_t plen);
TRIAGE_API int triage_builder_route_set_queue(triage_builder *b, int route, const char *queue,
                                              size_t len);
TRIAGE_API int triage_builder_route_set_priority(triage_builder *b, int route, int priority);
TRIAGE_API int triage_builder_route_set_tier(triage_builder *b, int route, int tier);
TRIAGE_API int triage_builder_route_add_tag(triage_builder *b, int route, const char *tag,
                                            size_t len);
TRIAGE_API int triage_builder_route_set_sla(triage_builder *b, int route, const char *policy,
                                            size_t len);
TRIAGE_API int triage_builder_route_set_stop(triage_builder *b, int route, int stop);

/* Checks every reference and compiles. On success *out is a new ruleset and
 * the builder may be freed or reused. On failure *out is NULL and the errors
 * are on the builder. */
TRIAGE_API int triage_builder_compile(triage_builder *b, triage_ruleset **out);

/* ---- YAML loader: a front end that feeds a builder ----
 * Limits: TRIAGE_MAX_RULES_FILE bytes, nesting depth 64, no aliases. */
#define TRIAGE_MAX_RULES_FILE (16u * 1024u * 1024u)
TRIAGE_API int triage_builder_load_file(triage_builder *b, const char *path);
/* name is used in error locations (may be NULL: "<rules>"). */
TRIAGE_API int triage_builder_load_yaml(triage_builder *b, const char *data, size_t len,
                                        const char *name);

/* ---- Compiled ruleset (immutable; share freely between threads) ---- */
TRIAGE_API void triage_ruleset_free(triage_ruleset *rs);
TRIAGE_API const char *triage_ruleset_name(const triage_ruleset *rs);
TRIAGE_API size_t triage_ruleset_category_count(const triage_ruleset *rs);
TRIAGE_API const char *triage_ruleset_category_name(const triage_ruleset *rs, size_t index);
/* Index of a category by name, or TRIAGE_ERR_NOT_FOUND. */
TRIAGE_API int triage_ruleset_category_index(const triage_ruleset *rs, const char *name,
                                             size_t len);
TRIAGE_API size_t triage_ruleset_route_count(const triage_ruleset *rs);
TRIAGE_API const char *triage_ruleset_route_name(const triage_ruleset *rs, size_t index);
/* Keywords, phrases and regexes of all categories. */
TRIAGE_API size_t triage_ruleset_term_count(const triage_ruleset *rs);
/* Bytes held by the compiled ruleset (including compiled regexes). */
TRIAGE_API size_t triage_ruleset_memory(const triage_ruleset *rs);
/* BLAKE2b-256 of the rules source (all zero when built without a source). */
TRIAGE_API const unsigned char *triage_ruleset_source_hash(const triage_ruleset *rs);

#ifdef __cplusplus
}
#endif
#endif
