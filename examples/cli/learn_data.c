/* Training data for triage learn: tickets as sets of interned features. */
#include <stdlib.h>
#include <string.h>

#include "learn.h"

void learn_options_default(learn_options *o) {
    memset(o, 0, sizeof *o);
    o->min_count = 2;
    o->min_phrase_count = 2;
    o->epochs = 30;
    o->l2 = 2e-3;
    o->l1 = 1e-5;
    o->rate = 0.5;
    o->max_weight = 40;
    o->max_terms = 0;
    o->threshold_quantile = 0.01;
    o->threshold_factor = 0.5;
    o->bigrams = 0; /* on Banking77 phrases made held-out accuracy worse */
    o->average = 1;
    o->runs = 1;
    o->min_weight = 1;
    o->phrase_penalty = 1;
}

static int grow(void **items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap * 2 : 256;
    while (n < need) n *= 2;
    void *p = realloc(*items, n * size);
    if (!p) return -1;
    *items = p;
    *cap = n;
    return 0;
}

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

static void vocab_free(learn_vocab *v) {
    for (size_t i = 0; i < v->count; i++) free(v->names[i]);
    free(v->names);
    free(v->counts);
    free(v->table);
    memset(v, 0, sizeof *v);
}

static int vocab_rehash(learn_vocab *v, size_t size) {
    uint32_t *t = calloc(size, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i < v->count; i++) {
        size_t k = hash(v->names[i], strlen(v->names[i])) & (size - 1);
        while (t[k]) k = (k + 1) & (size - 1);
        t[k] = (uint32_t)(i + 1);
    }
    free(v->table);
    v->table = t;
    v->table_size = size;
    return 0;
}

/* The feature's index, interned when new; -1 when out of memory. */
static long vocab_intern(learn_vocab *v, const char *s, size_t n) {
    if ((v->count + 1) * 2 > v->table_size &&
        vocab_rehash(v, v->table_size ? v->table_size * 2 : 1024) != 0)
        return -1;
    size_t k = hash(s, n) & (v->table_size - 1);
    while (v->table[k]) {
        const char *name = v->names[v->table[k] - 1];
        if (strlen(name) == n && memcmp(name, s, n) == 0) return (long)v->table[k] - 1;
        k = (k + 1) & (v->table_size - 1);
    }
    size_t cap = v->cap;
    if (grow((void **)&v->names, &cap, v->count + 1, sizeof *v->names) ||
        grow((void **)&v->counts, &v->cap, v->count + 1, sizeof *v->counts))
        return -1;
    char *copy = strndup(s, n);
    if (!copy) return -1;
    v->names[v->count] = copy;
    v->counts[v->count] = 0;
    v->table[k] = (uint32_t)(v->count + 1);
    return (long)v->count++;
}

void learn_data_init(learn_data *d) { memset(d, 0, sizeof *d); }

void learn_data_free(learn_data *d) {
    vocab_free(&d->vocab);
    for (size_t i = 0; i < d->nlabels; i++) free(d->labels[i]);
    free(d->labels);
    free(d->label_counts);
    free(d->features);
    free(d->starts);
    free(d->label_of);
    memset(d, 0, sizeof *d);
}

/* ---- Words to features ---- */

typedef struct word_walk {
    learn_data *d;
    int bigrams, failed;
    char prev[256];
    size_t prev_len; /* 0: no word before that a phrase may start from */
    char buf[600];
} word_walk;

static int add_feature(word_walk *w, const char *s, size_t n) {
    long id = vocab_intern(&w->d->vocab, s, n);
    if (id < 0 || grow((void **)&w->d->features, &w->d->cap_features, w->d->nfeatures + 1,
                       sizeof *w->d->features)) {
        w->failed = 1;
        return 1;
    }
    w->d->features[w->d->nfeatures++] = (uint32_t)id;
    return 0;
}

/* How a separator is written inside a phrase: " " for white space, "'" or
 * "-" (or U+2019) for contractions and compounds, "" between the characters
 * of a script without spaces; NULL when a phrase should not span it
 * (sentence punctuation). */
static const char *phrase_joint(const char *sep, size_t n) {
    if (n == 0) return ""; /* scripts without spaces: the words touch */
    const char *joint = " ";
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)sep[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        const char *j = c == '\'' ? "'" : c == '-' ? "-" : NULL;
        size_t len = 1;
        if (!j && n - i >= 3 && memcmp(sep + i, "\xE2\x80\x99", 3) == 0) {
            j = "\xE2\x80\x99";
            len = 3;
        }
        if (!j || joint[0] != ' ') return NULL; /* one mark at most */
        joint = j;
        i += len;
    }
    return joint;
}

static int on_word(const char *word, size_t len, const char *sep, size_t seplen, size_t offset,
                   void *user) {
    (void)offset;
    word_walk *w = user;
    if (len == 0 || len >= sizeof w->prev) {
        w->prev_len = 0;
        return 0;
    }
    if (add_feature(w, word, len)) return 1;
    const char *joint = w->prev_len ? phrase_joint(sep, seplen) : NULL;
    if (w->bigrams && joint) {
        size_t jl = strlen(joint);
        memcpy(w->buf, w->prev, w->prev_len);
        memcpy(w->buf + w->prev_len, joint, jl);
        memcpy(w->buf + w->prev_len + jl, word, len);
        if (add_feature(w, w->buf, w->prev_len + jl + len)) return 1;
    }
    memcpy(w->prev, word, len);
    w->prev_len = len;
    return 0;
}

static int by_id(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static long label_index(learn_data *d, const char *label) {
    for (size_t i = 0; i < d->nlabels; i++)
        if (strcmp(d->labels[i], label) == 0) return (long)i;
    size_t cap = d->cap_labels;
    if (grow((void **)&d->labels, &cap, d->nlabels + 1, sizeof *d->labels) ||
        grow((void **)&d->label_counts, &d->cap_labels, d->nlabels + 1, sizeof *d->label_counts))
        return -1;
    if (!(d->labels[d->nlabels] = strdup(label))) return -1;
    d->label_counts[d->nlabels] = 0;
    return (long)d->nlabels++;
}

int learn_data_add(learn_data *d, const triage_ticket *t, const char *label, int bigrams) {
    long l = label_index(d, label);
    size_t cap = d->cap_tickets;
    if (l < 0 || grow((void **)&d->label_of, &cap, d->ntickets + 2, sizeof *d->label_of) ||
        grow((void **)&d->starts, &d->cap_tickets, d->ntickets + 2, sizeof *d->starts))
        return -1;
    size_t start = d->nfeatures;
    static const char *const fields[] = {"subject", "body"};
    word_walk w;
    w.d = d;
    w.bigrams = bigrams;
    w.failed = 0;
    for (size_t f = 0; f < 2; f++) {
        size_t n = triage_ticket_value_count(t, fields[f], strlen(fields[f]));
        for (size_t k = 0; k < n; k++) {
            const char *value;
            size_t vlen;
            if (triage_ticket_value(t, fields[f], strlen(fields[f]), k, &value, &vlen) != TRIAGE_OK)
                continue;
            w.prev_len = 0;
            int rc = triage_words(NULL, value, vlen, 0, on_word, &w);
            if (w.failed || (rc != TRIAGE_OK && rc != 1)) return -1;
        }
    }
    /* A feature counts once per ticket, as a keyword does. */
    size_t n = d->nfeatures - start, u = 0;
    uint32_t *fs = n ? d->features + start : NULL;
    if (n > 1) qsort(fs, n, sizeof *fs, by_id);
    for (size_t i = 0; i < n; i++)
        if (u == 0 || fs[i] != fs[u - 1]) fs[u++] = fs[i];
    d->nfeatures = start + u;
    for (size_t i = 0; i < u; i++) d->vocab.counts[fs[i]]++;
    d->starts[d->ntickets] = start;
    d->label_of[d->ntickets++] = (uint32_t)l;
    d->starts[d->ntickets] = d->nfeatures;
    d->label_counts[l]++;
    return 0;
}

static const learn_vocab *sort_vocab;
static int by_name(const void *a, const void *b) {
    return strcmp(sort_vocab->names[*(const uint32_t *)a], sort_vocab->names[*(const uint32_t *)b]);
}

/* Whether a feature is a two-word phrase (a word holds no joint). */
int learn_is_phrase(const char *name) {
    return strchr(name, ' ') || strchr(name, '\'') || strchr(name, '-') || strstr(name, "\xE2\x80\x99");
}

int learn_data_prune(learn_data *d, int min_count, int min_phrase_count) {
    learn_vocab *v = &d->vocab;
    uint32_t *keep = malloc((v->count ? v->count : 1) * sizeof *keep);
    uint32_t *remap = malloc((v->count ? v->count : 1) * sizeof *remap);
    if (!keep || !remap) {
        free(keep);
        free(remap);
        return -1;
    }
    size_t nkeep = 0;
    for (size_t i = 0; i < v->count; i++)
        if (v->counts[i] >= (size_t)(learn_is_phrase(v->names[i]) ? min_phrase_count : min_count))
            keep[nkeep++] = (uint32_t)i;
    sort_vocab = v; /* the CLI is single-threaded */
    if (nkeep > 1) qsort(keep, nkeep, sizeof *keep, by_name);
    for (size_t i = 0; i < v->count; i++) remap[i] = UINT32_MAX;
    for (size_t i = 0; i < nkeep; i++) remap[keep[i]] = (uint32_t)i;
    /* Rewrite every ticket's features, keeping them sorted. */
    size_t out = 0;
    for (size_t t = 0; t < d->ntickets; t++) {
        size_t begin = d->starts[t], end = d->starts[t + 1];
        d->starts[t] = out;
        for (size_t i = begin; i < end; i++)
            if (remap[d->features[i]] != UINT32_MAX) d->features[out++] = remap[d->features[i]];
        if (out - d->starts[t] > 1)
            qsort(d->features + d->starts[t], out - d->starts[t], sizeof *d->features, by_id);
    }
    d->starts[d->ntickets] = out;
    d->nfeatures = out;
    char **names = malloc((nkeep ? nkeep : 1) * sizeof *names);
    size_t *counts = malloc((nkeep ? nkeep : 1) * sizeof *counts);
    if (!names || !counts) {
        free(names);
        free(counts);
        free(keep);
        free(remap);
        return -1;
    }
    for (size_t i = 0; i < nkeep; i++) {
        names[i] = v->names[keep[i]];
        counts[i] = v->counts[keep[i]];
        v->names[keep[i]] = NULL;
    }
    for (size_t i = 0; i < v->count; i++) free(v->names[i]);
    free(v->names);
    free(v->counts);
    free(v->table);
    v->names = names;
    v->counts = counts;
    v->count = v->cap = nkeep;
    v->table = NULL;
    v->table_size = 0;
    free(keep);
    free(remap);
    return 0;
}
