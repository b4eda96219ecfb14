/* The Hyperscan baseline (optional, benchmark only): every pattern of the
 * workload in one block-mode database (caseless, single match; UTF-8 and
 * UCP for the patterns that are not pure ASCII),
 * subject and body scanned separately, the same per-category sums. */
#ifndef BENCH_HSBASE_H
#define BENCH_HSBASE_H

#include <stddef.h>
#include <stdint.h>

#include "workload.h"

typedef struct bench_hs bench_hs;

/* 1 when this build has Hyperscan. */
int bench_hs_available(void);
/* NULL on failure with a message in err. Patterns Hyperscan does not
 * support are left out and counted in *skipped; *non_ucp counts those that
 * run without UCP (all-ASCII patterns, which run on bytes, and others with
 * \b, which Hyperscan refuses in UCP mode), where \b, \w, \d and \s see
 * ASCII only. */
bench_hs *bench_hs_create(const bench_workload *w, size_t *skipped, size_t *non_ucp, char *err,
                          size_t errlen);
void bench_hs_free(bench_hs *h);
size_t bench_hs_memory(const bench_hs *h);
/* As bench_naive_score. */
size_t bench_hs_score(bench_hs *h, const char *subject, size_t subject_len, const char *body,
                      size_t body_len, int64_t *scores, unsigned char *matched);

#endif
