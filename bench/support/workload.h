/* The seeded benchmark workload: 40 support categories with keywords and
 * phrases (1,000 or up to 10,000), 200 regexes, and tickets (subject + body)
 * whose text really hits those terms. Everything is a pure function of the
 * seed: two runs with the same seed and sizes give the same bytes.
 *
 * The tickets do not depend on the keyword count: the 1k and 10k variants
 * of one seed route the very same tickets. */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <triage/common.h>
#include <triage/route.h>
#include <triage/rules.h>

#define BENCH_BASE_KEYWORDS 1000
#define BENCH_MAX_KEYWORDS 10000
#define BENCH_REGEXES 200
#define BENCH_MAX_BODY 50000

typedef struct bench_term {
    const char *text; /* keyword or phrase, or a PCRE2 pattern */
    size_t len;
    int category;
    int64_t weight;
    int is_regex;
} bench_term;

typedef struct bench_ticket {
    const char *subject, *body;
    size_t subject_len, body_len;
    int non_ascii; /* subject or body holds a byte >= 0x80 */
} bench_ticket;

typedef struct bench_workload {
    uint64_t seed;
    size_t ncategories;
    const char *category_names[64];
    /* Keywords first (nkeywords), then regexes (nregexes). */
    bench_term *terms;
    size_t nterms, nkeywords, nregexes;
    bench_ticket *tickets;
    size_t ntickets;
    /* Owned storage. */
    char **strings;
    size_t nstrings, cap_strings;
} bench_workload;

/* nkeywords: 1 .. BENCH_MAX_KEYWORDS (1000 and 10000 are the two workloads). */
void bench_workload_generate(bench_workload *w, uint64_t seed, size_t nkeywords,
                             size_t ntickets);
void bench_workload_free(bench_workload *w);

/* Keeps only the keywords or only the regexes (to see what each part of
 * the router costs). */
void bench_workload_restrict(bench_workload *w, int keep_keywords, int keep_regexes);

/* Adds the categories and terms to a builder through the public API.
 * Returns TRIAGE_OK or the first failing status. */
int bench_workload_add_rules(const bench_workload *w, triage_builder *b);
/* Makes fields "subject" and "body" of ticket i. */
int bench_workload_fill_ticket(const bench_workload *w, size_t i, triage_ticket *t);

typedef struct bench_workload_stats {
    double mean_body, median_body, p99_body, max_body, non_ascii_share;
    size_t total_bytes;
    uint64_t hash; /* FNV-1a of every term and ticket: equal runs, equal hash */
} bench_workload_stats;
void bench_workload_stats_compute(const bench_workload *w, bench_workload_stats *st);

/* Regex pattern for a keyword with the documented keyword semantics, for
 * the baselines: caseless, word-bounded (\b) on edges that are letters or
 * digits of spaced scripts, no boundary at edges in scripts written without
 * spaces (substring matching), and every run of white space as \s+.
 * ascii_boundaries: \b only on ASCII letter or digit edges (for Hyperscan,
 * whose \b works only without UCP, where non-ASCII letters are not word
 * characters). */
char *bench_keyword_pattern(const char *term, size_t len, int ascii_boundaries);

#endif
