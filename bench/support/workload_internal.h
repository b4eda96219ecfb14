/* Shared between the vocabulary assembly (workload.c) and the ticket text
 * generator (tickets.c). */
#ifndef BENCH_WORKLOAD_INTERNAL_H
#define BENCH_WORKLOAD_INTERNAL_H

#include "vocab.h"
#include "workload.h"

typedef struct bench_gen_term {
    char *text;
    size_t len;
    int category;
    int64_t weight;
    int is_regex;
    int ascii;
    char *sample; /* regex: template of matching text */
} bench_gen_term;

typedef struct bench_index_list {
    size_t *idx;
    size_t n, cap;
} bench_index_list;

/* The full vocabulary (always BENCH_MAX_KEYWORDS keywords, so that tickets
 * do not depend on how many of them a workload compiles). */
typedef struct bench_gen {
    bench_gen_term *kw;
    size_t nkw, cap_kw;
    bench_gen_term *rx;
    size_t nrx, cap_rx;
    bench_index_list base[BENCH_NCATEGORIES];  /* keywords among the first 1,000 */
    bench_index_list extra[BENCH_NCATEGORIES]; /* the 10k variant's additions */
    bench_index_list regex[BENCH_NCATEGORIES];
} bench_gen;

void bench_index_push(bench_index_list *l, size_t v);

/* Writes ticket i's subject and body (malloc'd) into *t. */
void bench_ticket_generate(const bench_gen *g, uint64_t seed, size_t i, bench_ticket *t,
                           char **subject_owned, char **body_owned);

#endif
