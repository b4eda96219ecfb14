/* The fixed vocabulary of the benchmark workload: support categories with
 * their keywords and phrases, realistic regexes with a sample of text each
 * regex matches, and filler text in several languages. */
#ifndef BENCH_VOCAB_H
#define BENCH_VOCAB_H

#include <stddef.h>

#define BENCH_NCATEGORIES 40

typedef struct bench_category_vocab {
    const char *name;
    /* NULL-terminated keywords and phrases; a leading '!' marks a term with a
     * negative weight (it argues against the category). */
    const char *const *terms;
    /* NULL-terminated head nouns, for generated phrases and regex families. */
    const char *const *nouns;
    /* Prefix of this category's reference numbers (ORD-1234567). */
    const char *id_prefix;
} bench_category_vocab;

extern const bench_category_vocab bench_category_table[BENCH_NCATEGORIES];

/* A regex and a template of text it matches: '#' is a digit, '%' a
 * lowercase letter, '^' an uppercase letter, '&' a hex digit; everything
 * else is literal. category -1: the workload assigns one. */
typedef struct bench_regex_vocab {
    const char *pattern;
    const char *sample;
    int category;
} bench_regex_vocab;

extern const bench_regex_vocab bench_regex_table[];
extern const size_t bench_regex_table_len;

/* Words that make 2-word phrases with a category's nouns ("missing invoice"). */
extern const char *const bench_modifiers[];
/* Syllables and suffixes for made-up product names (10k-keyword variant). */
extern const char *const bench_syllables[];
extern const char *const bench_model_suffixes[];
extern const char *const bench_compound_nouns[];

/* Text in one language: filler sentences, frames with a {T} slot for a term,
 * frames with a {R} slot for a regex sample, greetings and sign-offs. */
typedef struct bench_language {
    const char *name;
    int non_ascii;     /* the language's text itself is not ASCII */
    int spaceless;     /* written without spaces: embed Latin terms with spaces around */
    const char *const *filler;
    const char *const *term_frames;
    const char *const *regex_frames;
    const char *const *greetings;
    const char *const *signoffs;
    const char *const *subject_frames;
} bench_language;

extern const bench_language bench_languages[];
extern const size_t bench_language_count;

/* Lines of logs and stack traces for long tickets; same template syntax as
 * regex samples. */
extern const char *const bench_log_lines[];
extern const char *const bench_emoji[];

size_t bench_list_len(const char *const *list);

#endif
