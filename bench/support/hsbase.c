#include "hsbase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

#ifdef TRIAGE_HAVE_HYPERSCAN
#include <hs/hs.h>

struct bench_hs {
    const bench_workload *w;
    hs_database_t *db;
    hs_scratch_t *scratch;
    uint32_t *stamp; /* per term: the scan generation that last matched it */
    uint32_t generation;
    size_t *hits;
    size_t nhits;
};

int bench_hs_available(void) { return 1; }

bench_hs *bench_hs_create(const bench_workload *w, size_t *skipped, size_t *non_ucp, char *err,
                          size_t errlen) {
    bench_hs *h = bench_xcalloc(1, sizeof *h);
    h->w = w;
    h->stamp = bench_xcalloc(w->nterms, sizeof *h->stamp);
    h->hits = bench_xcalloc(w->nterms, sizeof *h->hits);
    char **patterns = bench_xcalloc(w->nterms, sizeof *patterns);
    const char **exprs = bench_xcalloc(w->nterms, sizeof *exprs);
    unsigned *flags = bench_xcalloc(w->nterms, sizeof *flags);
    unsigned *ids = bench_xcalloc(w->nterms, sizeof *ids);
    size_t n = 0;
    *skipped = *non_ucp = 0;
    for (size_t i = 0; i < w->nterms; i++) {
        const bench_term *t = &w->terms[i];
        patterns[i] = t->is_regex ? bench_xstrndup(t->text, t->len)
                                  : bench_keyword_pattern(t->text, t->len, 1);
        /* Patterns of ASCII only run on bytes (the fastest form; their
         * classes, \b and \s are ASCII then, as they are without UCP).
         * Others get UTF-8, and UCP where Hyperscan allows it: it refuses \b
         * in UCP mode, so patterns with \b run with ASCII word characters. */
        int ascii = 1;
        for (const char *q = patterns[i]; *q; q++) ascii &= (unsigned char)*q < 0x80;
        unsigned f = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
        if (!ascii) f |= HS_FLAG_UTF8 | HS_FLAG_UCP;
        else (*non_ucp)++;
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *cerr = NULL;
        if (!ascii && hs_expression_info(patterns[i], f, &info, &cerr) != HS_SUCCESS) {
            hs_free_compile_error(cerr);
            cerr = NULL;
            f &= ~(unsigned)HS_FLAG_UCP;
            (*non_ucp)++;
        }
        if (!info && hs_expression_info(patterns[i], f, &info, &cerr) != HS_SUCCESS) {
            fprintf(stderr, "hyperscan: skipping /%s/: %s\n", patterns[i],
                    cerr ? cerr->message : "?");
            hs_free_compile_error(cerr);
            (*skipped)++;
            continue;
        }
        free(info);
        exprs[n] = patterns[i];
        flags[n] = f;
        ids[n] = (unsigned)i;
        n++;
    }
    hs_compile_error_t *cerr = NULL;
    int ok = hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &h->db,
                              &cerr) == HS_SUCCESS;
    if (!ok) {
        snprintf(err, errlen, "hs_compile_multi: %s (expression %d)",
                 cerr ? cerr->message : "?", cerr ? cerr->expression : -1);
        hs_free_compile_error(cerr);
    }
    for (size_t i = 0; i < w->nterms; i++) free(patterns[i]);
    free(patterns);
    free(exprs);
    free(flags);
    free(ids);
    if (ok && hs_alloc_scratch(h->db, &h->scratch) != HS_SUCCESS) {
        snprintf(err, errlen, "hs_alloc_scratch failed");
        ok = 0;
    }
    if (!ok) {
        bench_hs_free(h);
        return NULL;
    }
    return h;
}

void bench_hs_free(bench_hs *h) {
    if (!h) return;
    hs_free_scratch(h->scratch);
    hs_free_database(h->db);
    free(h->stamp);
    free(h->hits);
    free(h);
}

size_t bench_hs_memory(const bench_hs *h) {
    size_t db = 0, scratch = 0;
    hs_database_size(h->db, &db);
    hs_scratch_size(h->scratch, &scratch);
    return db + scratch;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
                    void *ctx) {
    (void)from;
    (void)to;
    (void)fl;
    bench_hs *h = ctx;
    if (h->stamp[id] != h->generation) {
        h->stamp[id] = h->generation;
        h->hits[h->nhits++] = id;
    }
    return 0;
}

size_t bench_hs_score(bench_hs *h, const char *subject, size_t subject_len, const char *body,
                      size_t body_len, int64_t *scores, unsigned char *matched) {
    const bench_workload *w = h->w;
    if (++h->generation == 0) { /* wrapped: forget old stamps */
        memset(h->stamp, 0, w->nterms * sizeof *h->stamp);
        h->generation = 1;
    }
    h->nhits = 0;
    hs_scan(h->db, subject, (unsigned)subject_len, 0, h->scratch, on_match, h);
    hs_scan(h->db, body, (unsigned)body_len, 0, h->scratch, on_match, h);
    memset(scores, 0, w->ncategories * sizeof *scores);
    if (matched) memset(matched, 0, w->nterms);
    for (size_t i = 0; i < h->nhits; i++) {
        const bench_term *t = &w->terms[h->hits[i]];
        scores[t->category] += t->weight;
        if (matched) matched[h->hits[i]] = 1;
    }
    return h->nhits;
}

#else

struct bench_hs {
    int unused;
};

int bench_hs_available(void) { return 0; }

bench_hs *bench_hs_create(const bench_workload *w, size_t *skipped, size_t *non_ucp, char *err,
                          size_t errlen) {
    (void)w;
    *skipped = *non_ucp = 0;
    snprintf(err, errlen, "built without Hyperscan (libhs not found)");
    return NULL;
}

void bench_hs_free(bench_hs *h) { (void)h; }

size_t bench_hs_memory(const bench_hs *h) {
    (void)h;
    return 0;
}

size_t bench_hs_score(bench_hs *h, const char *subject, size_t subject_len, const char *body,
                      size_t body_len, int64_t *scores, unsigned char *matched) {
    (void)h, (void)subject, (void)subject_len, (void)body, (void)body_len, (void)scores;
    (void)matched;
    return 0;
}

#endif
