#define PCRE2_CODE_UNIT_WIDTH 8
#include "naive.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

struct bench_naive {
    const bench_workload *w;
    pcre2_code **codes;
    char **patterns;
    size_t ncodes;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack;
    size_t errors;
};

bench_naive *bench_naive_create(const bench_workload *w, char *err, size_t errlen) {
    bench_naive *n = bench_xcalloc(1, sizeof *n);
    n->w = w;
    n->ncodes = w->nterms;
    n->codes = bench_xcalloc(w->nterms, sizeof *n->codes);
    n->patterns = bench_xcalloc(w->nterms, sizeof *n->patterns);
    for (size_t i = 0; i < w->nterms; i++) {
        const bench_term *t = &w->terms[i];
        n->patterns[i] = t->is_regex ? bench_xstrndup(t->text, t->len)
                                     : bench_keyword_pattern(t->text, t->len, 0);
        int code;
        PCRE2_SIZE off;
        n->codes[i] = pcre2_compile((PCRE2_SPTR)n->patterns[i], PCRE2_ZERO_TERMINATED,
                                    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
        if (!n->codes[i]) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(code, msg, sizeof msg);
            snprintf(err, errlen, "PCRE2 refuses term %zu /%s/ at %zu: %s", i, n->patterns[i],
                     (size_t)off, (const char *)msg);
            bench_naive_free(n);
            return NULL;
        }
        if (pcre2_jit_compile(n->codes[i], PCRE2_JIT_COMPLETE) != 0) {
            snprintf(err, errlen, "PCRE2 JIT is not available for /%s/", n->patterns[i]);
            bench_naive_free(n);
            return NULL;
        }
    }
    n->md = pcre2_match_data_create(1, NULL);
    n->mctx = pcre2_match_context_create(NULL);
    n->stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
    if (!n->md || !n->mctx || !n->stack) bench_die("out of memory");
    pcre2_jit_stack_assign(n->mctx, NULL, n->stack);
    return n;
}

void bench_naive_free(bench_naive *n) {
    if (!n) return;
    for (size_t i = 0; i < n->ncodes; i++) {
        pcre2_code_free(n->codes[i]);
        free(n->patterns[i]);
    }
    free(n->codes);
    free(n->patterns);
    pcre2_match_data_free(n->md);
    pcre2_match_context_free(n->mctx);
    pcre2_jit_stack_free(n->stack);
    free(n);
}

size_t bench_naive_memory(const bench_naive *n) {
    size_t total = 0;
    for (size_t i = 0; i < n->ncodes; i++) {
        size_t size = 0, jit = 0;
        pcre2_pattern_info(n->codes[i], PCRE2_INFO_SIZE, &size);
        pcre2_pattern_info(n->codes[i], PCRE2_INFO_JITSIZE, &jit);
        total += size + jit;
    }
    return total;
}

/* 1 on a match; 0 on no match or a cut-off match (counted). */
static int match(bench_naive *n, size_t term, const char *text, size_t len) {
    int rc = pcre2_jit_match(n->codes[term], (PCRE2_SPTR)text, len, 0, 0, n->md, n->mctx);
    if (rc >= 0) return 1;
    if (rc != PCRE2_ERROR_NOMATCH) n->errors++;
    return 0;
}

size_t bench_naive_score(bench_naive *n, const char *subject, size_t subject_len,
                         const char *body, size_t body_len, int64_t *scores,
                         unsigned char *matched) {
    const bench_workload *w = n->w;
    size_t hits = 0;
    memset(scores, 0, w->ncategories * sizeof *scores);
    for (size_t i = 0; i < w->nterms; i++) {
        int m = match(n, i, subject, subject_len) || match(n, i, body, body_len);
        if (matched) matched[i] = (unsigned char)m;
        if (m) {
            scores[w->terms[i].category] += w->terms[i].weight;
            hits++;
        }
    }
    return hits;
}

int bench_naive_find(bench_naive *n, size_t term, const char *text, size_t len, size_t *offset,
                     size_t *length) {
    if (!match(n, term, text, len)) return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(n->md);
    *offset = ov[0];
    *length = ov[1] - ov[0];
    return 1;
}

size_t bench_naive_errors(const bench_naive *n) { return n->errors; }

const char *bench_naive_pattern(const bench_naive *n, size_t term) { return n->patterns[term]; }
