/* Assembles the vocabulary (keywords, phrases, regexes) from the fixed
 * tables and deterministic generated additions, and exposes the workload. */
#include "workload_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prng.h"
#include "sbuf.h"
#include "textutil.h"

void bench_index_push(bench_index_list *l, size_t v) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        size_t *p = realloc(l->idx, l->cap * sizeof *p);
        if (!p) bench_die("out of memory");
        l->idx = p;
    }
    l->idx[l->n++] = v;
}

/* ---- A set of (category, text) pairs, so no category gets a term twice ---- */
typedef struct term_set {
    uint64_t *hashes;
    size_t cap;
} term_set;

static uint64_t term_hash(int category, const char *s, size_t len) {
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(category + 1);
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* Returns 1 when added, 0 when already there. A 64-bit hash stands for the
 * text: a collision would only drop one generated term. */
static int term_set_add(term_set *set, int category, const char *s, size_t len) {
    uint64_t h = term_hash(category, s, len);
    size_t mask = set->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (set->hashes[i] == h) return 0;
        if (set->hashes[i] == 0) {
            set->hashes[i] = h;
            return 1;
        }
    }
}

static void push_keyword(bench_gen *g, term_set *set, int category, const char *text,
                         size_t len, int64_t weight, int extra) {
    if (!term_set_add(set, category, text, len)) return;
    if (g->nkw == g->cap_kw) {
        g->cap_kw = g->cap_kw ? g->cap_kw * 2 : 1024;
        bench_gen_term *p = realloc(g->kw, g->cap_kw * sizeof *p);
        if (!p) bench_die("out of memory");
        g->kw = p;
    }
    bench_gen_term *t = &g->kw[g->nkw];
    memset(t, 0, sizeof *t);
    t->text = bench_xstrndup(text, len);
    t->len = len;
    t->category = category;
    t->weight = weight;
    t->ascii = bench_is_ascii(text, len);
    bench_index_push(extra ? &g->extra[category] : &g->base[category], g->nkw);
    g->nkw++;
}

static void push_regex(bench_gen *g, int category, const char *pattern, const char *sample,
                       int64_t weight) {
    if (g->nrx == g->cap_rx) {
        g->cap_rx = g->cap_rx ? g->cap_rx * 2 : 256;
        bench_gen_term *p = realloc(g->rx, g->cap_rx * sizeof *p);
        if (!p) bench_die("out of memory");
        g->rx = p;
    }
    bench_gen_term *t = &g->rx[g->nrx];
    memset(t, 0, sizeof *t);
    t->text = bench_xstrndup(pattern, strlen(pattern));
    t->len = strlen(pattern);
    t->category = category;
    t->weight = weight;
    t->is_regex = 1;
    t->ascii = 1;
    t->sample = bench_xstrndup(sample, strlen(sample));
    bench_index_push(&g->regex[category], g->nrx);
    g->nrx++;
}

static int64_t keyword_weight(bench_prng *r, const char *text) {
    int phrase = strchr(text, ' ') != NULL;
    return phrase ? 2 + (int64_t)bench_prng_below(r, 4) : 1 + (int64_t)bench_prng_below(r, 3);
}

/* The fixed terms of every category, then "modifier noun" phrases, round
 * robin over the categories, up to the 1,000 keywords of the base set. */
static void add_base_keywords(bench_gen *g, term_set *set, bench_prng *r) {
    for (int c = 0; c < BENCH_NCATEGORIES; c++) {
        for (const char *const *p = bench_category_table[c].terms; *p; p++) {
            const char *text = *p;
            int negative = text[0] == '!';
            if (negative) text++;
            int64_t w = keyword_weight(r, text);
            push_keyword(g, set, c, text, strlen(text), negative ? -w : w, 0);
        }
    }
    size_t nmod = bench_list_len(bench_modifiers);
    for (size_t round = 0; g->nkw < BENCH_BASE_KEYWORDS && round < 1000; round++) {
        for (int c = 0; c < BENCH_NCATEGORIES && g->nkw < BENCH_BASE_KEYWORDS; c++) {
            const char *const *nouns = bench_category_table[c].nouns;
            const char *noun = nouns[bench_prng_below(r, bench_list_len(nouns))];
            const char *mod = bench_modifiers[bench_prng_below(r, nmod)];
            char buf[128];
            int n = snprintf(buf, sizeof buf, "%s %s", mod, noun);
            push_keyword(g, set, c, buf, (size_t)n, keyword_weight(r, buf), 0);
        }
    }
}

static void product_name(bench_prng *r, char *out, size_t cap) {
    size_t ns = bench_list_len(bench_syllables);
    size_t parts = 2 + bench_prng_below(r, 2);
    out[0] = '\0';
    for (size_t i = 0; i < parts; i++)
        strncat(out, bench_syllables[bench_prng_below(r, ns)], cap - strlen(out) - 1);
}

/* Made-up product names and compound terms, up to BENCH_MAX_KEYWORDS. */
static void add_extra_keywords(bench_gen *g, term_set *set, bench_prng *r) {
    size_t nsuf = bench_list_len(bench_model_suffixes);
    size_t ncomp = bench_list_len(bench_compound_nouns);
    size_t nmod = bench_list_len(bench_modifiers);
    while (g->nkw < BENCH_MAX_KEYWORDS) {
        for (int c = 0; c < BENCH_NCATEGORIES && g->nkw < BENCH_MAX_KEYWORDS; c++) {
            const char *const *nouns = bench_category_table[c].nouns;
            const char *noun = nouns[bench_prng_below(r, bench_list_len(nouns))];
            const char *suf = bench_model_suffixes[bench_prng_below(r, nsuf)];
            const char *comp = bench_compound_nouns[bench_prng_below(r, ncomp)];
            const char *mod = bench_modifiers[bench_prng_below(r, nmod)];
            char prod[64], buf[192];
            product_name(r, prod, sizeof prod);
            int n;
            switch (bench_prng_below(r, 7)) {
            case 0: n = snprintf(buf, sizeof buf, "%s", prod); break;
            case 1: n = snprintf(buf, sizeof buf, "%s %s", prod, suf); break;
            case 2: n = snprintf(buf, sizeof buf, "%s %s", prod, noun); break;
            case 3: n = snprintf(buf, sizeof buf, "%s %s", prod, comp); break;
            case 4: n = snprintf(buf, sizeof buf, "%s %s", noun, comp); break;
            case 5: n = snprintf(buf, sizeof buf, "%s %s", mod, prod); break;
            default: n = snprintf(buf, sizeof buf, "%s %s %s", prod, suf, comp); break;
            }
            push_keyword(g, set, c, buf, (size_t)n, keyword_weight(r, buf), 1);
        }
    }
}

static void lowercase_ascii(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}

/* The fixed regexes, then families per category (reference numbers, a noun
 * in a bad state, a noun with an id) up to BENCH_REGEXES. */
static void add_regexes(bench_gen *g, bench_prng *r) {
    for (size_t i = 0; i < bench_regex_table_len && g->nrx < BENCH_REGEXES; i++) {
        const bench_regex_vocab *v = &bench_regex_table[i];
        push_regex(g, v->category, v->pattern, v->sample, 2 + (int64_t)bench_prng_below(r, 4));
    }
    static const char *const states[] = {"is missing", "was wrong", "has been late",
                                         "is broken", "is not working"};
    static const char *const idwords[] = {"id", "number", "ref", "reference"};
    for (int family = 0; family < 3 && g->nrx < BENCH_REGEXES; family++) {
        for (int c = 0; c < BENCH_NCATEGORIES && g->nrx < BENCH_REGEXES; c++) {
            const bench_category_vocab *cv = &bench_category_table[c];
            char pat[256], sample[128], low[16];
            size_t nn = bench_list_len(cv->nouns);
            const char *noun = cv->nouns[family == 2 ? 1 % nn : 0];
            snprintf(low, sizeof low, "%s", cv->id_prefix);
            lowercase_ascii(low);
            if (family == 0) {
                snprintf(pat, sizeof pat, "\\b%s-?\\d{5,8}\\b", low);
                snprintf(sample, sizeof sample, "%s-#######", cv->id_prefix);
            } else if (family == 1) {
                snprintf(pat, sizeof pat,
                         "\\b%ss?\\s+(?:is\\s+|was\\s+|has\\s+been\\s+)?"
                         "(?:missing|wrong|late|broken|not\\s+working)\\b",
                         noun);
                snprintf(sample, sizeof sample, "%s %s", noun, states[bench_prng_below(r, 5)]);
            } else {
                snprintf(pat, sizeof pat,
                         "\\b%s\\s+(?:id|number|ref(?:erence)?)\\s*:?\\s*[a-z]{0,3}\\d{4,}", noun);
                snprintf(sample, sizeof sample, "%s %s: %s######", noun,
                         idwords[bench_prng_below(r, 4)], cv->id_prefix);
            }
            push_regex(g, c, pat, sample, 2 + (int64_t)bench_prng_below(r, 4));
        }
    }
}

static void gen_free(bench_gen *g) {
    for (size_t i = 0; i < g->nkw; i++) free(g->kw[i].text);
    for (size_t i = 0; i < g->nrx; i++) {
        free(g->rx[i].text);
        free(g->rx[i].sample);
    }
    free(g->kw);
    free(g->rx);
    for (int c = 0; c < BENCH_NCATEGORIES; c++) {
        free(g->base[c].idx);
        free(g->extra[c].idx);
        free(g->regex[c].idx);
    }
}

static void keep(bench_workload *w, char *s) {
    if (w->nstrings == w->cap_strings) {
        w->cap_strings = w->cap_strings ? w->cap_strings * 2 : 1024;
        char **p = realloc(w->strings, w->cap_strings * sizeof *p);
        if (!p) bench_die("out of memory");
        w->strings = p;
    }
    w->strings[w->nstrings++] = s;
}

void bench_workload_generate(bench_workload *w, uint64_t seed, size_t nkeywords,
                             size_t ntickets) {
    memset(w, 0, sizeof *w);
    if (nkeywords == 0 || nkeywords > BENCH_MAX_KEYWORDS) bench_die("bad keyword count");
    w->seed = seed;
    w->ncategories = BENCH_NCATEGORIES;
    for (int c = 0; c < BENCH_NCATEGORIES; c++) w->category_names[c] = bench_category_table[c].name;

    bench_gen g;
    memset(&g, 0, sizeof g);
    term_set set = {bench_xcalloc(1u << 15, sizeof(uint64_t)), 1u << 15};
    bench_prng r;
    bench_prng_seed(&r, seed);
    add_base_keywords(&g, &set, &r);
    add_extra_keywords(&g, &set, &r);
    add_regexes(&g, &r);
    free(set.hashes);

    w->nkeywords = nkeywords;
    w->nregexes = g.nrx;
    w->nterms = nkeywords + g.nrx;
    w->terms = bench_xcalloc(w->nterms, sizeof *w->terms);
    for (size_t i = 0; i < w->nterms; i++) {
        const bench_gen_term *src = i < nkeywords ? &g.kw[i] : &g.rx[i - nkeywords];
        char *copy = bench_xstrndup(src->text, src->len);
        keep(w, copy);
        w->terms[i] = (bench_term){copy, src->len, src->category, src->weight, src->is_regex};
    }

    w->ntickets = ntickets;
    w->tickets = bench_xcalloc(ntickets ? ntickets : 1, sizeof *w->tickets);
    for (size_t i = 0; i < ntickets; i++) {
        char *subject, *body;
        bench_ticket_generate(&g, seed, i, &w->tickets[i], &subject, &body);
        keep(w, subject);
        keep(w, body);
    }
    gen_free(&g);
}

void bench_workload_free(bench_workload *w) {
    for (size_t i = 0; i < w->nstrings; i++) free(w->strings[i]);
    free(w->strings);
    free(w->terms);
    free(w->tickets);
    memset(w, 0, sizeof *w);
}

void bench_workload_restrict(bench_workload *w, int keep_keywords, int keep_regexes) {
    if (!keep_keywords) {
        memmove(w->terms, w->terms + w->nkeywords, w->nregexes * sizeof *w->terms);
        w->nkeywords = 0;
    }
    if (!keep_regexes) w->nregexes = 0;
    w->nterms = w->nkeywords + w->nregexes;
}

int bench_workload_add_rules(const bench_workload *w, triage_builder *b) {
    for (size_t c = 0; c < w->ncategories; c++) {
        const char *name = w->category_names[c];
        int rc = triage_builder_add_category(b, name, strlen(name));
        if (rc < 0) return rc;
    }
    for (size_t i = 0; i < w->nterms; i++) {
        const bench_term *t = &w->terms[i];
        int rc = t->is_regex ? triage_builder_add_regex(b, t->category, t->text, t->len, t->weight)
                             : triage_builder_add_keyword(b, t->category, t->text, t->len,
                                                          t->weight);
        if (rc < 0) return rc;
    }
    return TRIAGE_OK;
}

int bench_workload_fill_ticket(const bench_workload *w, size_t i, triage_ticket *t) {
    const bench_ticket *k = &w->tickets[i];
    triage_ticket_clear(t);
    int rc = triage_ticket_add(t, "subject", 7, k->subject, k->subject_len);
    if (rc == TRIAGE_OK) rc = triage_ticket_add(t, "body", 4, k->body, k->body_len);
    return rc;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
    return (h ^ 0xFF) * 1099511628211ull; /* a separator, so that "ab"+"c" != "a"+"bc" */
}

void bench_workload_stats_compute(const bench_workload *w, bench_workload_stats *st) {
    memset(st, 0, sizeof *st);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < w->nterms; i++) {
        char meta[64];
        int n = snprintf(meta, sizeof meta, "%d %lld %d", w->terms[i].category,
                         (long long)w->terms[i].weight, w->terms[i].is_regex);
        h = fnv(fnv(h, w->terms[i].text, w->terms[i].len), meta, (size_t)n);
    }
    for (size_t i = 0; i < w->ntickets; i++)
        h = fnv(fnv(h, w->tickets[i].subject, w->tickets[i].subject_len), w->tickets[i].body,
                w->tickets[i].body_len);
    st->hash = h;
    if (w->ntickets == 0) return;
    double *lens = bench_xmalloc(w->ntickets * sizeof *lens);
    size_t non_ascii = 0;
    for (size_t i = 0; i < w->ntickets; i++) {
        lens[i] = (double)w->tickets[i].body_len;
        st->mean_body += lens[i];
        st->total_bytes += w->tickets[i].body_len + w->tickets[i].subject_len;
        non_ascii += (size_t)w->tickets[i].non_ascii;
    }
    qsort(lens, w->ntickets, sizeof *lens, cmp_double);
    st->mean_body /= (double)w->ntickets;
    st->median_body = lens[w->ntickets / 2];
    st->p99_body = lens[(w->ntickets * 99) / 100];
    st->max_body = lens[w->ntickets - 1];
    st->non_ascii_share = (double)non_ascii / (double)w->ntickets;
    free(lens);
}

static int is_ascii_alnum(uint32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* An edge that is a letter or digit of a spaced script gets \b. (The
 * vocabulary's non-ASCII characters are all letters.) */
static int bounded_edge(uint32_t c, int ascii_boundaries) {
    return c < 0x80 ? is_ascii_alnum(c) : !ascii_boundaries && !bench_is_spaceless(c);
}

char *bench_keyword_pattern(const char *term, size_t len, int ascii_boundaries) {
    bench_sbuf out = {0};
    uint32_t first, last;
    bench_utf8_decode(term, len, &first);
    bench_utf8_decode_last(term, len, &last);
    int first_word = bounded_edge(first, ascii_boundaries);
    int last_word = bounded_edge(last, ascii_boundaries);
    if (first_word) bench_sbuf_puts(&out, "\\b");
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)term[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            while (i < len && (term[i] == ' ' || term[i] == '\t' || term[i] == '\n' ||
                               term[i] == '\r'))
                i++;
            bench_sbuf_puts(&out, "\\s+");
            continue;
        }
        if (c < 0x80 && !is_ascii_alnum(c)) bench_sbuf_putc(&out, '\\');
        bench_sbuf_putc(&out, (char)c);
        i++;
    }
    if (last_word) bench_sbuf_puts(&out, "\\b");
    if (!out.ptr) bench_sbuf_puts(&out, "");
    return out.ptr;
}
