/* Routing benchmark: the router against the naive baseline (every pattern
 * its own PCRE2 JIT regex) and, where installed, Hyperscan, on the seeded
 * support workload (bench/support/workload.h), with a correctness check
 * of the router's scores against the naive baseline's.
 *
 *   bench_route [--tickets N] [--passes N] [--keywords 1000|10000] [--seed S]
 *               [--naive-tickets N] [--examples N] [--no-naive] [--no-hyperscan]
 *               [--quick] [--wall] [--only keywords|regexes]
 *   bench_route --show-ticket I [--tickets N] [--seed S]   (prints one ticket)
 *   bench_route --profile-regexes TOP ...   (what each regex adds to the router)
 *
 * Times are per ticket (subject + body), one thread, best of N passes, in
 * CPU time of the benchmark thread (--wall: wall-clock time). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <triage/common.h>
#include <triage/route.h>
#include <triage/rules.h>

#include "support/hsbase.h"
#include "support/naive.h"
#include "support/sbuf.h"
#include "support/timing.h"
#include "support/workload.h"

typedef struct options {
    size_t tickets, passes, naive_tickets, examples;
    uint64_t seed;
    size_t keywords; /* 0: both workloads */
    int naive, hyperscan;
    long show_ticket; /* >= 0: print that ticket and exit */
    int keep_keywords, keep_regexes;
    size_t profile_regexes; /* > 0: print the most expensive regexes and exit */
} options;

typedef struct result {
    size_t nkeywords, nregexes, ntickets;
    double build_s, compile_s;
    size_t ruleset_bytes;
    double router_best, router_median; /* seconds per ticket, all tickets */
    double router_sub;                 /* seconds per ticket, naive subset */
    int have_naive;
    size_t naive_n;
    double naive_per, naive_compile_s;
    size_t checked, mismatched, route_errors;
    int have_hs;
    double hs_best, hs_compile_s;
    size_t hs_bytes, hs_skipped, hs_non_ucp, hs_vs_router;
} result;

/* CPU time of this thread by default (robust on a shared machine); wall
 * time with --wall. */
static int use_wall_clock;
static double now(void) { return use_wall_clock ? bench_now() : bench_cpu_now(); }

static void usage(void) {
    fprintf(stderr,
            "usage: bench_route [--tickets N] [--passes N] [--keywords 1000|10000] [--seed S]\n"
            "                   [--naive-tickets N] [--examples N] [--no-naive] "
            "[--no-hyperscan] [--quick] [--wall]\n"
            "                   [--only keywords|regexes]\n"
            "       bench_route --show-ticket I [--tickets N] [--seed S]\n"
            "       bench_route --profile-regexes TOP [--keywords K] [--naive-tickets N] "
            "[--passes P]\n");
    exit(2);
}

static uint64_t parse_number(const char *flag, const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s ? s : "", &end, 10);
    if (!s || errno || *end || end == s) {
        fprintf(stderr, "bench_route: %s needs a number, not '%s'\n", flag, s ? s : "");
        usage();
    }
    return (uint64_t)v;
}

static void parse_options(int argc, char **argv, options *o) {
    *o = (options){20000, 5, 1000, 5, 42, 0, 1, 1, -1, 1, 1, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--tickets") == 0) o->tickets = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--passes") == 0) o->passes = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--keywords") == 0) o->keywords = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--seed") == 0) o->seed = parse_number(a, v), i++;
        else if (strcmp(a, "--naive-tickets") == 0)
            o->naive_tickets = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--examples") == 0) o->examples = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--profile-regexes") == 0)
            o->profile_regexes = (size_t)parse_number(a, v), i++;
        else if (strcmp(a, "--show-ticket") == 0) o->show_ticket = (long)parse_number(a, v), i++;
        else if (strcmp(a, "--wall") == 0) use_wall_clock = 1;
        else if (strcmp(a, "--only") == 0 && v && strcmp(v, "keywords") == 0)
            o->keep_regexes = 0, i++;
        else if (strcmp(a, "--only") == 0 && v && strcmp(v, "regexes") == 0)
            o->keep_keywords = 0, i++;
        else if (strcmp(a, "--no-naive") == 0) o->naive = 0;
        else if (strcmp(a, "--no-hyperscan") == 0) o->hyperscan = 0;
        else if (strcmp(a, "--quick") == 0)
            o->tickets = 2000, o->passes = 2, o->naive_tickets = 200;
        else usage();
    }
    if (o->tickets == 0 || o->passes == 0) usage();
    if (o->keywords != 0 && (o->keywords < 1 || o->keywords > BENCH_MAX_KEYWORDS)) {
        fprintf(stderr, "bench_route: --keywords must be 1..%d (1000 and 10000 are the "
                        "standard workloads)\n", BENCH_MAX_KEYWORDS);
        exit(2);
    }
    if (o->naive_tickets > o->tickets) o->naive_tickets = o->tickets;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const char *human_bytes(double b, char *buf, size_t n) {
    if (b >= 1024.0 * 1024.0) snprintf(buf, n, "%.1f MB", b / (1024.0 * 1024.0));
    else if (b >= 1024.0) snprintf(buf, n, "%.1f KB", b / 1024.0);
    else snprintf(buf, n, "%.0f B", b);
    return buf;
}

static const char *human_time(double s, char *buf, size_t n) {
    if (s >= 1.0) snprintf(buf, n, "%.2f s", s);
    else if (s >= 1e-3) snprintf(buf, n, "%.1f ms", s * 1e3);
    else snprintf(buf, n, "%.2f us", s * 1e6);
    return buf;
}

/* ---- Router ---- */

typedef struct router {
    triage_ruleset *rs;
    triage_scratch *scratch;
    triage_decision *decision;
    triage_ticket **tickets;
    size_t route_errors;
    uint64_t checksum; /* keeps the work observable */
} router;

static void print_builder_errors(triage_builder *b) {
    size_t n = triage_builder_error_count(b);
    for (size_t i = 0; i < n && i < 10; i++) {
        const char *msg = NULL;
        int st = triage_builder_error(b, i, NULL, NULL, NULL, &msg);
        fprintf(stderr, "  builder error %d (%s): %s\n", st, triage_strerror(st), msg ? msg : "");
    }
}

static int router_setup(router *r, const bench_workload *w, result *res) {
    memset(r, 0, sizeof *r);
    double t0 = now();
    triage_builder *b = triage_builder_create(NULL);
    if (!b) bench_die("triage_builder_create failed");
    int rc = bench_workload_add_rules(w, b);
    double t1 = now();
    if (rc == TRIAGE_OK) rc = triage_builder_compile(b, &r->rs);
    double t2 = now();
    if (rc != TRIAGE_OK) {
        fprintf(stderr, "router: building the rules failed: %s\n", triage_strerror(rc));
        print_builder_errors(b);
        triage_builder_free(b);
        return rc;
    }
    triage_builder_free(b);
    res->build_s = t1 - t0;
    res->compile_s = t2 - t1;
    res->ruleset_bytes = triage_ruleset_memory(r->rs);
    r->scratch = triage_scratch_create(r->rs);
    r->decision = triage_decision_create(r->rs);
    r->tickets = bench_xcalloc(w->ntickets, sizeof *r->tickets);
    if (!r->scratch || !r->decision) bench_die("scratch or decision creation failed");
    for (size_t i = 0; i < w->ntickets; i++) {
        r->tickets[i] = triage_ticket_create(NULL);
        if (!r->tickets[i] || bench_workload_fill_ticket(w, i, r->tickets[i]) != TRIAGE_OK)
            bench_die("ticket creation failed");
    }
    return TRIAGE_OK;
}

static void router_free(router *r, size_t ntickets) {
    for (size_t i = 0; r->tickets && i < ntickets; i++) triage_ticket_free(r->tickets[i]);
    free(r->tickets);
    triage_decision_free(r->decision);
    triage_scratch_free(r->scratch);
    triage_ruleset_free(r->rs);
}

static int route_one(router *r, size_t i, unsigned flags) {
    int rc = triage_route(r->rs, r->scratch, r->tickets[i], flags, r->decision);
    if (rc != TRIAGE_OK) {
        if (r->route_errors++ == 0)
            fprintf(stderr, "router: triage_route failed on ticket %zu: %s\n", i,
                    triage_strerror(rc));
        return rc;
    }
    r->checksum += (uint64_t)(triage_decision_category_index(r->decision) + 1);
    return rc;
}

/* Seconds per ticket over the tickets idx[0..n) (all when idx is NULL):
 * best and median of passes. */
static void time_router(router *r, const size_t *idx, size_t n, size_t passes, double *best,
                        double *median) {
    double *t = bench_xcalloc(passes, sizeof *t);
    for (size_t p = 0; p < passes; p++) {
        double t0 = now();
        for (size_t j = 0; j < n; j++) route_one(r, idx ? idx[j] : j, 0);
        t[p] = (now() - t0) / (double)n;
    }
    qsort(t, passes, sizeof *t, cmp_double);
    *best = t[0];
    if (median) *median = t[passes / 2];
    free(t);
}

/* ---- Correctness check: router vs naive ---- */

static void print_snippet(const char *text, size_t len, size_t off, size_t mlen) {
    size_t from = off > 40 ? off - 40 : 0, to = off + mlen + 40 < len ? off + mlen + 40 : len;
    while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80) from--;
    while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80) to++;
    fputs("      \"", stdout);
    for (size_t i = from; i < to; i++) {
        if (i == off) fputs("[[", stdout);
        char c = text[i];
        if (c == '\n') fputs("\\n", stdout);
        else if (c == '\r') fputs("\\r", stdout);
        else if (c == '\t') fputs("\\t", stdout);
        else putchar(c);
        if (i + 1 == off + mlen) fputs("]]", stdout);
    }
    fputs("\"\n", stdout);
}

/* Explains one (ticket, category) mismatch: which terms the naive baseline
 * matched that the router did not count, and the other way round. */
static void explain_mismatch(router *r, bench_naive *nv, const bench_workload *w, size_t ti,
                             size_t c, int64_t router_score, int64_t naive_score) {
    const bench_ticket *k = &w->tickets[ti];
    printf("  ticket %zu, category %s: router %" PRId64 ", naive %" PRId64 "\n", ti,
           w->category_names[c], router_score, naive_score);
    int64_t *scores = bench_xcalloc(w->ncategories, sizeof *scores);
    unsigned char *matched = bench_xcalloc(w->nterms, 1);
    bench_naive_score(nv, k->subject, k->subject_len, k->body, k->body_len, scores, matched);
    route_one(r, ti, TRIAGE_ROUTE_EXPLAIN);
    size_t nh = triage_decision_hit_count(r->decision);
    for (size_t i = 0; i < w->nterms; i++) {
        const bench_term *t = &w->terms[i];
        if ((size_t)t->category != c || !matched[i]) continue;
        int found = 0;
        for (size_t h = 0; h < nh && !found; h++) {
            size_t hc;
            const char *term;
            if (triage_decision_hit(r->decision, h, &hc, &term, NULL, NULL, NULL, NULL, NULL) ==
                    TRIAGE_OK &&
                hc == c && term && strlen(term) == t->len && memcmp(term, t->text, t->len) == 0)
                found = 1;
        }
        if (found) continue;
        size_t off, len;
        int in_subject = bench_naive_find(nv, i, k->subject, k->subject_len, &off, &len);
        if (!in_subject) bench_naive_find(nv, i, k->body, k->body_len, &off, &len);
        printf("    missed by the router: %s '%s' (weight %" PRId64 ", baseline /%s/), in %s:\n",
               t->is_regex ? "regex" : "keyword", t->text, t->weight,
               bench_naive_pattern(nv, i), in_subject ? "subject" : "body");
        if (in_subject) print_snippet(k->subject, k->subject_len, off, len);
        else print_snippet(k->body, k->body_len, off, len);
    }
    for (size_t h = 0; h < nh; h++) {
        size_t hc, off = 0, len = 0;
        const char *term = NULL, *field = NULL;
        int64_t weight = 0;
        if (triage_decision_hit(r->decision, h, &hc, &term, &field, NULL, &off, &len, &weight) !=
                TRIAGE_OK ||
            hc != c || !term)
            continue;
        int naive_has = 0;
        for (size_t i = 0; i < w->nterms && !naive_has; i++)
            naive_has = matched[i] && (size_t)w->terms[i].category == c &&
                        strlen(term) == w->terms[i].len &&
                        memcmp(term, w->terms[i].text, w->terms[i].len) == 0;
        if (naive_has) continue;
        printf("    counted by the router only: '%s' (weight %" PRId64 ") in %s at %zu:\n", term,
               weight, field ? field : "?", off);
        int subj = field && strcmp(field, "subject") == 0;
        const char *text = subj ? k->subject : k->body;
        size_t tlen = subj ? k->subject_len : k->body_len;
        if (off <= tlen && len <= tlen - off) print_snippet(text, tlen, off, len);
    }
    free(scores);
    free(matched);
}

typedef struct check_state {
    router *r;
    bench_naive *nv;
    const bench_workload *w;
    size_t max_examples, shown, pairs;
} check_state;

/* Routes ticket ti and compares every category score with the naive
 * baseline's; explains the first mismatches. Returns 1 on a mismatch. */
static size_t check_ticket(check_state *cs, size_t ti, const int64_t *naive_scores) {
    if (route_one(cs->r, ti, 0) != TRIAGE_OK) return 1;
    size_t bad = 0;
    for (size_t c = 0; c < cs->w->ncategories; c++) {
        int64_t rs = triage_decision_score(cs->r->decision, c);
        if (rs == naive_scores[c]) continue;
        bad = 1;
        cs->pairs++;
        if (cs->shown < cs->max_examples) {
            if (cs->shown == 0) printf("check      MISMATCHES (router vs naive):\n");
            explain_mismatch(cs->r, cs->nv, cs->w, ti, c, rs, naive_scores[c]);
            cs->shown++;
            route_one(cs->r, ti, 0);
        }
    }
    return bad;
}

/* The floor: seconds per ticket to touch every byte once (lower-case it
 * and count it), best of passes. */
static double measure_floor(const bench_workload *w, size_t passes) {
    uint64_t hist[256] = {0};
    char *lower = bench_xmalloc(BENCH_MAX_BODY + 1);
    double best = 1e9;
    for (size_t p = 0; p < passes; p++) {
        double t0 = now();
        for (size_t i = 0; i < w->ntickets; i++) {
            const bench_ticket *k = &w->tickets[i];
            for (int f = 0; f < 2; f++) {
                const unsigned char *b = (const unsigned char *)(f ? k->body : k->subject);
                size_t n = f ? k->body_len : k->subject_len;
                for (size_t j = 0; j < n; j++) {
                    unsigned char c = b[j];
                    lower[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
                    hist[(unsigned char)lower[j]]++;
                }
            }
        }
        double t = (now() - t0) / (double)w->ntickets;
        if (t < best) best = t;
    }
    /* Keep the work observable. */
    volatile uint64_t sink = 0;
    for (int c = 0; c < 256; c++) sink += hist[c];
    (void)sink;
    free(lower);
    return best;
}

/* ---- One workload ---- */

static void run_workload(const options *o, size_t nkeywords, result *res) {
    char b1[32], b2[32], b3[32], b4[32];
    memset(res, 0, sizeof *res);
    double t0 = now();
    bench_workload w;
    bench_workload_generate(&w, o->seed, nkeywords, o->tickets);
    bench_workload_restrict(&w, o->keep_keywords, o->keep_regexes);
    double gen_s = now() - t0;
    bench_workload_stats st;
    bench_workload_stats_compute(&w, &st);
    res->nkeywords = w.nkeywords;
    res->nregexes = w.nregexes;
    res->ntickets = w.ntickets;
    printf("\n== %zu categories, %zu keywords and phrases + %zu regexes; %zu tickets (seed %" PRIu64
           ")\n",
           w.ncategories, w.nkeywords, w.nregexes, w.ntickets, o->seed);
    printf("   bodies: mean %.0f B, median %.0f B, p99 %s, max %s; %.1f%% non-ASCII; %s in all "
           "(generated in %s, workload hash %016" PRIx64 ")\n",
           st.mean_body, st.median_body, human_bytes(st.p99_body, b1, sizeof b1),
           human_bytes(st.max_body, b2, sizeof b2), 100.0 * st.non_ascii_share,
           human_bytes((double)st.total_bytes, b3, sizeof b3), human_time(gen_s, b4, sizeof b4),
           st.hash);
    fflush(stdout);

    printf("floor      touch every byte once (lower-case + histogram): %.2f us/ticket\n",
           measure_floor(&w, o->passes) * 1e6);

    router r;
    int router_ok = router_setup(&r, &w, res) == TRIAGE_OK;
    if (router_ok) {
        printf("router     builder calls %s, compile %s, ruleset %s\n",
               human_time(res->build_s, b1, sizeof b1), human_time(res->compile_s, b2, sizeof b2),
               human_bytes((double)res->ruleset_bytes, b3, sizeof b3));
        route_one(&r, 0, 0); /* warm up */
        time_router(&r, NULL, w.ntickets, o->passes, &res->router_best, &res->router_median);
        printf("router     all %zu tickets, %zu passes: best %.2f us/ticket (%.0f tickets/s, "
               "%.0f MB/s), median %.2f us\n",
               w.ntickets, o->passes, res->router_best * 1e6, 1.0 / res->router_best,
               (double)st.total_bytes / (double)w.ntickets / res->router_best / 1e6,
               res->router_median * 1e6);
        /* The same, split by script: where non-ASCII text costs more. */
        size_t *split = bench_xcalloc(w.ntickets, sizeof *split), nascii = 0, nother = 0;
        for (size_t i = 0; i < w.ntickets; i++)
            if (!w.tickets[i].non_ascii) split[nascii++] = i;
        for (size_t i = 0; i < w.ntickets; i++)
            if (w.tickets[i].non_ascii) split[nascii + nother++] = i;
        double ascii_t = 0, other_t = 0;
        if (nascii) time_router(&r, split, nascii, o->passes, &ascii_t, NULL);
        if (nother) time_router(&r, split + nascii, nother, o->passes, &other_t, NULL);
        printf("router     %zu ASCII-only tickets: %.2f us/ticket; %zu with non-ASCII text: %.2f "
               "us/ticket\n",
               nascii, ascii_t * 1e6, nother, other_t * 1e6);
        free(split);
        fflush(stdout);
    }

    /* The naive baseline runs on every k-th ticket: all of them would take
     * minutes at 10,000 keywords. */
    size_t nsub = o->naive ? o->naive_tickets : 0;
    size_t *idx = bench_xcalloc(nsub ? nsub : 1, sizeof *idx);
    for (size_t j = 0; j < nsub; j++) idx[j] = j * w.ntickets / nsub;
    int64_t *naive_scores = bench_xcalloc(nsub * w.ncategories + 1, sizeof *naive_scores);
    unsigned char *in_sample = bench_xcalloc(w.ntickets, 1);
    for (size_t j = 0; j < nsub; j++) in_sample[idx[j]] = 1;
    size_t *disagree = bench_xcalloc(w.ntickets, sizeof *disagree), ndisagree = 0;
    bench_naive *nv = NULL;
    if (nsub) {
        char err[512];
        t0 = now();
        nv = bench_naive_create(&w, err, sizeof err);
        res->naive_compile_s = now() - t0;
        if (!nv) {
            printf("naive      unavailable: %s\n", err);
        } else {
            size_t hits = 0;
            t0 = now();
            for (size_t j = 0; j < nsub; j++) {
                const bench_ticket *k = &w.tickets[idx[j]];
                hits += bench_naive_score(nv, k->subject, k->subject_len, k->body, k->body_len,
                                          naive_scores + j * w.ncategories, NULL);
            }
            res->naive_per = (now() - t0) / (double)nsub;
            res->have_naive = 1;
            res->naive_n = nsub;
            printf("naive      %zu PCRE2 JIT patterns compiled in %s (%s); each tried on the "
                   "subject, then on the body unless matched; %zu of %zu tickets (every %zuth), "
                   "1 pass: %.1f us/ticket (%.0f tickets/s); %.1f terms match per ticket%s\n",
                   w.nterms, human_time(res->naive_compile_s, b1, sizeof b1),
                   human_bytes((double)bench_naive_memory(nv), b2, sizeof b2), nsub, w.ntickets,
                   w.ntickets / nsub, res->naive_per * 1e6, 1.0 / res->naive_per,
                   (double)hits / (double)nsub,
                   bench_naive_errors(nv) ? " (some matches hit PCRE2 limits)" : "");
            if (router_ok) {
                time_router(&r, idx, nsub, o->passes, &res->router_sub, NULL);
                printf("router     the same %zu tickets: %.2f us/ticket -> %.0fx faster than "
                       "naive\n",
                       nsub, res->router_sub * 1e6, res->naive_per / res->router_sub);
            }
        }
        fflush(stdout);
    }

    if (o->hyperscan && bench_hs_available()) {
        char err[512];
        t0 = now();
        bench_hs *h = bench_hs_create(&w, &res->hs_skipped, &res->hs_non_ucp, err, sizeof err);
        res->hs_compile_s = now() - t0;
        if (!h) {
            printf("hyperscan  unavailable: %s\n", err);
        } else {
            res->have_hs = 1;
            res->hs_bytes = bench_hs_memory(h);
            int64_t *scores = bench_xcalloc(w.ncategories, sizeof *scores);
            double best = 1e9;
            for (size_t p = 0; p < o->passes; p++) {
                t0 = now();
                for (size_t i = 0; i < w.ntickets; i++) {
                    const bench_ticket *k = &w.tickets[i];
                    bench_hs_score(h, k->subject, k->subject_len, k->body, k->body_len, scores,
                                   NULL);
                }
                double t = (now() - t0) / (double)w.ntickets;
                if (t < best) best = t;
            }
            res->hs_best = best;
            printf("hyperscan  one database compiled in %s (%s; %zu of %zu patterns without UCP: "
                   "ASCII-only, or with \\b; %zu unsupported); all tickets, %zu passes: best "
                   "%.2f us/ticket (%.0f tickets/s)",
                   human_time(res->hs_compile_s, b1, sizeof b1),
                   human_bytes((double)res->hs_bytes, b2, sizeof b2), res->hs_non_ucp, w.nterms,
                   res->hs_skipped, o->passes, best * 1e6, 1.0 / best);
            if (router_ok)
                printf(" -> router %.2fx %s", res->hs_best / res->router_best,
                       res->hs_best >= res->router_best ? "faster" : "(slower than Hyperscan)");
            printf("\n");
            /* Informational: Hyperscan's semantics differ a little (no full
             * case folding, \b on scripts without spaces). */
            if (nsub) {
                size_t differ = 0;
                for (size_t j = 0; j < nsub; j++) {
                    const bench_ticket *k = &w.tickets[idx[j]];
                    bench_hs_score(h, k->subject, k->subject_len, k->body, k->body_len, scores,
                                   NULL);
                    if (memcmp(scores, naive_scores + j * w.ncategories,
                               w.ncategories * sizeof *scores) != 0)
                        differ++;
                }
                printf("hyperscan  scores differ from naive on %zu of %zu tickets "
                       "(informational)\n", differ, nsub);
            }
            if (router_ok) {
                for (size_t i = 0; i < w.ntickets; i++) {
                    const bench_ticket *k = &w.tickets[i];
                    bench_hs_score(h, k->subject, k->subject_len, k->body, k->body_len, scores,
                                   NULL);
                    if (route_one(&r, i, 0) != TRIAGE_OK) continue;
                    for (size_t c = 0; c < w.ncategories; c++)
                        if (triage_decision_score(r.decision, c) != scores[c]) {
                            res->hs_vs_router++;
                            disagree[ndisagree++] = i;
                            break;
                        }
                }
                printf("hyperscan  scores differ from the router on %zu of %zu tickets "
                       "(informational)\n", res->hs_vs_router, w.ntickets);
            }
            free(scores);
            bench_hs_free(h);
        }
        fflush(stdout);
    } else if (o->hyperscan) {
        printf("hyperscan  not built in (libhs not found)\n");
    }

    if (router_ok && res->have_naive) {
        check_state cs = {&r, nv, &w, o->examples, 0, 0};
        int64_t *scratch_scores = bench_xcalloc(w.ncategories, sizeof *scratch_scores);
        for (size_t j = 0; j < nsub; j++)
            res->mismatched += check_ticket(&cs, idx[j], naive_scores + j * w.ncategories);
        res->checked = nsub;
        printf("check      router vs naive scores on %zu sample tickets: %zu tickets differ (%zu "
               "category scores)%s\n",
               nsub, res->mismatched, cs.pairs,
               res->mismatched ? "  <-- engine bugs" : ", all equal");
        /* Where Hyperscan and the router disagree outside the sample, the
         * naive baseline says who is right: this widens the check to every
         * ticket for little time. */
        size_t extra = 0, extra_bad = 0;
        for (size_t j = 0; j < ndisagree; j++) {
            if (in_sample[disagree[j]]) continue;
            const bench_ticket *k = &w.tickets[disagree[j]];
            bench_naive_score(nv, k->subject, k->subject_len, k->body, k->body_len,
                              scratch_scores, NULL);
            extra++;
            extra_bad += check_ticket(&cs, disagree[j], scratch_scores);
        }
        if (extra) {
            printf("check      router vs naive on the %zu other tickets where Hyperscan and the "
                   "router disagree: %zu differ%s\n",
                   extra, extra_bad, extra_bad ? "  <-- engine bugs" : " (Hyperscan was wrong)");
            res->mismatched += extra_bad;
            res->checked += extra;
        }
        free(scratch_scores);
    }
    if (router_ok) {
        res->route_errors = r.route_errors;
        if (r.route_errors) printf("router     %zu triage_route calls failed\n", r.route_errors);
        router_free(&r, w.ntickets);
    }
    bench_naive_free(nv);
    free(naive_scores);
    free(in_sample);
    free(disagree);
    free(idx);
    bench_workload_free(&w);
}

/* ---- What each regex adds to the router (public API only) ----
 * For every regex: a ruleset of all the keywords plus that one regex, timed
 * on a sample of tickets, minus a ruleset of the keywords plus one regex
 * whose literal never occurs (so that the fixed cost of having regexes at
 * all, such as the prefilter pass, cancels out). Interactions between
 * regexes are left out, and differences of a few tenths of a microsecond
 * are noise: the ranking shows where the regex time goes. */

static const char never_regex[] = "\\bzqxjvw-\\d{3}\\b";

static triage_ruleset *build_subset(const bench_workload *w, long only_regex) {
    triage_builder *b = triage_builder_create(NULL);
    if (!b) bench_die("triage_builder_create failed");
    int rc = TRIAGE_OK;
    for (size_t c = 0; c < w->ncategories && rc >= 0; c++)
        rc = triage_builder_add_category(b, w->category_names[c], strlen(w->category_names[c]));
    for (size_t i = 0; i < w->nkeywords && rc >= 0; i++)
        rc = triage_builder_add_keyword(b, w->terms[i].category, w->terms[i].text, w->terms[i].len,
                                        w->terms[i].weight);
    if (only_regex >= 0 && rc >= 0) {
        const bench_term *t = &w->terms[w->nkeywords + (size_t)only_regex];
        rc = triage_builder_add_regex(b, t->category, t->text, t->len, t->weight);
    } else if (rc >= 0) {
        rc = triage_builder_add_regex(b, 0, never_regex, strlen(never_regex), 1);
    }
    triage_ruleset *rs = NULL;
    if (rc >= 0) rc = triage_builder_compile(b, &rs);
    if (rc < 0) {
        print_builder_errors(b);
        bench_die("building a profiling ruleset failed");
    }
    triage_builder_free(b);
    return rs;
}

/* Best-of-passes seconds per ticket for the tickets idx[0..n). */
static double time_ruleset(triage_ruleset *rs, triage_ticket **tickets, const size_t *idx,
                           size_t n, size_t passes) {
    triage_scratch *s = triage_scratch_create(rs);
    triage_decision *d = triage_decision_create(rs);
    if (!s || !d) bench_die("scratch or decision creation failed");
    double best = 1e9;
    for (size_t p = 0; p < passes && n; p++) {
        double t0 = now();
        for (size_t j = 0; j < n; j++) triage_route(rs, s, tickets[idx[j]], 0, d);
        double t = (now() - t0) / (double)n;
        if (t < best) best = t;
    }
    triage_decision_free(d);
    triage_scratch_free(s);
    return n ? best : 0.0;
}

typedef struct regex_cost {
    size_t regex;
    double ascii, other, mean;
} regex_cost;

static int cmp_cost(const void *a, const void *b) {
    double x = ((const regex_cost *)a)->mean, y = ((const regex_cost *)b)->mean;
    return (x < y) - (x > y);
}

static void profile_regexes(const options *o) {
    bench_workload w;
    size_t nk = o->keywords ? o->keywords : BENCH_BASE_KEYWORDS;
    bench_workload_generate(&w, o->seed, nk, o->tickets);
    size_t nsample = o->naive_tickets ? o->naive_tickets : 1000;
    triage_ticket **tickets = bench_xcalloc(w.ntickets, sizeof *tickets);
    size_t *ascii = bench_xcalloc(nsample, sizeof *ascii), nascii = 0;
    size_t *other = bench_xcalloc(nsample, sizeof *other), nother = 0;
    for (size_t j = 0; j < nsample; j++) {
        size_t i = j * w.ntickets / nsample;
        tickets[i] = triage_ticket_create(NULL);
        if (!tickets[i] || bench_workload_fill_ticket(&w, i, tickets[i]) != TRIAGE_OK)
            bench_die("ticket creation failed");
        if (w.tickets[i].non_ascii) other[nother++] = i;
        else ascii[nascii++] = i;
    }
    triage_ruleset *base = build_subset(&w, -1);
    double base_ascii = time_ruleset(base, tickets, ascii, nascii, o->passes);
    double base_other = time_ruleset(base, tickets, other, nother, o->passes);
    triage_ruleset_free(base);
    printf("Regex profile (rough): %zu keywords + one regex at a time, minus %zu keywords + "
           "/%s/ (%.2f us on ASCII-only tickets, %.2f us on the others); %zu sample tickets "
           "(%zu with non-ASCII text), best of %zu passes\n",
           w.nkeywords, w.nkeywords, never_regex, base_ascii * 1e6, base_other * 1e6, nsample,
           nother, o->passes);
    regex_cost *cost = bench_xcalloc(w.nregexes, sizeof *cost);
    double total = 0;
    base = build_subset(&w, -1);
    for (size_t r = 0; r < w.nregexes; r++) {
        /* The baseline is timed again next to each regex: on a shared
         * machine the speed drifts over seconds. */
        triage_ruleset *rs = build_subset(&w, (long)r);
        double ba = 1e9, bo = 1e9, ra = 1e9, ro = 1e9;
        for (size_t p = 0; p < o->passes; p++) {
            double t;
            if ((t = time_ruleset(base, tickets, ascii, nascii, 1)) < ba) ba = t;
            if ((t = time_ruleset(rs, tickets, ascii, nascii, 1)) < ra) ra = t;
            if ((t = time_ruleset(base, tickets, other, nother, 1)) < bo) bo = t;
            if ((t = time_ruleset(rs, tickets, other, nother, 1)) < ro) ro = t;
        }
        cost[r].regex = r;
        cost[r].ascii = ra - ba;
        cost[r].other = ro - bo;
        cost[r].mean = (cost[r].ascii * (double)nascii + cost[r].other * (double)nother) /
                       (double)nsample;
        total += cost[r].mean;
        triage_ruleset_free(rs);
    }
    triage_ruleset_free(base);
    qsort(cost, w.nregexes, sizeof *cost, cmp_cost);
    printf("sum over all regexes: %.1f us/ticket\n", total * 1e6);
    printf("%9s %9s %9s  regex\n", "us/ticket", "ASCII", "non-ASCII");
    for (size_t k = 0; k < o->profile_regexes && k < w.nregexes; k++)
        printf("%9.2f %9.2f %9.2f  /%s/\n", cost[k].mean * 1e6, cost[k].ascii * 1e6,
               cost[k].other * 1e6, w.terms[w.nkeywords + cost[k].regex].text);
    free(cost);
    for (size_t i = 0; i < w.ntickets; i++) triage_ticket_free(tickets[i]);
    free(tickets);
    free(ascii);
    free(other);
    bench_workload_free(&w);
}

static void print_summary(const options *o, const result *res, size_t n) {
    printf("\n| workload | compile | ruleset | router | tickets/s | naive PCRE2 | vs naive "
           "| Hyperscan | vs Hyperscan | HS compile |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < n; i++) {
        const result *r = &res[i];
        char b1[32], b2[32], b3[32];
        printf("| %zu keywords + %zu regexes | %s | %s | %.2f us | %.0f |", r->nkeywords,
               r->nregexes, human_time(r->compile_s, b1, sizeof b1),
               human_bytes((double)r->ruleset_bytes, b2, sizeof b2), r->router_best * 1e6,
               r->router_best > 0 ? 1.0 / r->router_best : 0.0);
        if (r->have_naive && r->router_sub > 0)
            printf(" %.0f us (%zu tickets) | %.0fx |", r->naive_per * 1e6, r->naive_n,
                   r->naive_per / r->router_sub);
        else
            printf(" - | - |");
        if (r->have_hs)
            printf(" %.2f us | %.2fx | %s |\n", r->hs_best * 1e6, r->hs_best / r->router_best,
                   human_time(r->hs_compile_s, b3, sizeof b3));
        else
            printf(" - | - | - |\n");
    }
    printf("\n%zu tickets (seed %" PRIu64 "), one thread, best of %zu passes, %s time; \"vs "
           "naive\" on the same naive-subset tickets; \"vs\" > 1 means the router is faster.\n",
           o->tickets, o->seed, o->passes, use_wall_clock ? "wall-clock" : "CPU");
    if (n == 2 && res[0].router_best > 0)
        printf("Router time per ticket, 10k vs 1k keywords: %.2fx (goal < 1.5x).\n",
               res[1].router_best / res[0].router_best);
    for (size_t i = 0; i < n; i++) {
        if (res[i].router_best <= 0) continue;
        int big = res[i].nkeywords >= 10000;
        double goal = big ? 500 : 100, aim = big ? 1000 : 200;
        if (res[i].have_naive && res[i].router_sub > 0) {
            double x = res[i].naive_per / res[i].router_sub;
            printf("Goal %zu keywords: >= %.0fx naive (aim %.0fx): %.0fx %s", res[i].nkeywords,
                   goal, aim, x, x >= goal ? "met" : "NOT met");
        } else {
            printf("Goal %zu keywords: naive not measured", res[i].nkeywords);
        }
        if (res[i].have_hs)
            printf("; faster than Hyperscan: %s",
                   res[i].hs_best >= res[i].router_best ? "yes" : "NO");
        printf("; compile < 1 s: %s; check: %s\n", res[i].compile_s < 1.0 ? "yes" : "NO",
               res[i].checked == 0 ? "not run" : res[i].mismatched ? "MISMATCHES" : "all equal");
    }
}

int main(int argc, char **argv) {
    options o;
    parse_options(argc, argv, &o);
    if (o.profile_regexes) {
        profile_regexes(&o);
        return 0;
    }
    if (o.show_ticket >= 0) {
        if ((size_t)o.show_ticket >= o.tickets) usage();
        bench_workload w;
        bench_workload_generate(&w, o.seed, BENCH_BASE_KEYWORDS, o.tickets);
        const bench_ticket *k = &w.tickets[o.show_ticket];
        printf("subject (%zu bytes): %.*s\nbody (%zu bytes):\n%.*s\n", k->subject_len,
               (int)k->subject_len, k->subject, k->body_len, (int)k->body_len, k->body);
        bench_workload_free(&w);
        return 0;
    }
    printf("libtriage %s routing benchmark\n", triage_version_string());
    result res[2];
    size_t n = 0;
    if (o.keywords) {
        run_workload(&o, o.keywords, &res[n++]);
    } else {
        run_workload(&o, BENCH_BASE_KEYWORDS, &res[n++]);
        run_workload(&o, BENCH_MAX_KEYWORDS, &res[n++]);
    }
    print_summary(&o, res, n);
    int failed = 0;
    for (size_t i = 0; i < n; i++)
        failed |= res[i].mismatched != 0 || res[i].route_errors != 0 || res[i].router_best <= 0;
    return failed ? 1 : 0;
}
