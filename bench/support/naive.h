/* The naive baseline: every keyword as its own PCRE2 JIT regex (caseless,
 * UTF + UCP, \b-bounded, white space in phrases as \s+) and every regex,
 * each tried on a ticket's subject and then, unless already matched, its
 * body. It also defines the reference scores of the correctness check. */
#ifndef BENCH_NAIVE_H
#define BENCH_NAIVE_H

#include <stddef.h>
#include <stdint.h>

#include "workload.h"

typedef struct bench_naive bench_naive;

/* NULL on failure, with a message in err. */
bench_naive *bench_naive_create(const bench_workload *w, char *err, size_t errlen);
void bench_naive_free(bench_naive *n);
/* Bytes of compiled code (interpreter + JIT) of all patterns. */
size_t bench_naive_memory(const bench_naive *n);
/* Scores one ticket: scores[category] = sum of the weights of the distinct
 * terms that match in subject or body. matched (optional, nterms bytes) is
 * set to 1 for every matching term. Returns the number of matching terms. */
size_t bench_naive_score(bench_naive *n, const char *subject, size_t subject_len,
                         const char *body, size_t body_len, int64_t *scores,
                         unsigned char *matched);
/* Where term matches first in text: 1 and offset/length, or 0. */
int bench_naive_find(bench_naive *n, size_t term, const char *text, size_t len, size_t *offset,
                     size_t *length);
/* Matches that PCRE2 cut off (match or JIT stack limits), counted as no match. */
size_t bench_naive_errors(const bench_naive *n);
/* The pattern compiled for a term. */
const char *bench_naive_pattern(const bench_naive *n, size_t term);

#endif
