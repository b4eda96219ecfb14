#include "match/lexicon.h"

#include <string.h>

#include "text/hash.h"

typedef struct word {
    uint64_t hash;
    uint32_t offset, len; /* in bytes[] */
    uint32_t root;        /* after freezing: the root's child along this word, or 0 */
} word;

typedef struct edge {
    uint32_t from, gap, word, to; /* to == 0: empty slot */
} edge;

typedef struct node {
    uint32_t first_term, nterms; /* in terms[] after freezing */
    uint32_t has_children;
    uint32_t pending; /* while building: head of a list in pending_terms */
} node;

typedef struct pending_term {
    uint32_t term, next; /* next: index + 1, 0 ends the list */
} pending_term;

struct tr_lexicon {
    tr_meter *meter;
    int use_strip;
    word *words; /* index 0 unused: word id 0 means "not a term word" */
    size_t nwords, cap_words;
    char *bytes; /* words back to back, 8 zero bytes after the last */
    size_t nbytes, cap_bytes;
    uint32_t *word_slots; /* open addressing, word ids */
    uint64_t word_filter[1024]; /* a bit per top 16 bits of the words' hashes */
    size_t word_mask;
    node *nodes; /* node 0 is the root */
    size_t nnodes, cap_nodes;
    edge *edges;
    size_t edge_mask, nedges;
    pending_term *pending;
    size_t npending, cap_pending;
    uint32_t *terms; /* frozen term lists */
    size_t nterms;
};

/* Growth through the meter (tr_reserve would bypass it). */
static int grow(tr_meter *m, void **items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return TRIAGE_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need) ncap *= 2;
    void *p = tr_meter_calloc(m, ncap, size);
    if (!p) return TRIAGE_ERR_NOMEM;
    if (*items) memcpy(p, *items, *cap * size);
    tr_meter_free(m, *items);
    *items = p;
    *cap = ncap;
    return TRIAGE_OK;
}

tr_lexicon *tr_lexicon_create(tr_meter *m, int use_strip) {
    tr_lexicon *lx = tr_meter_calloc(m, 1, sizeof *lx);
    if (!lx) return NULL;
    lx->meter = m;
    lx->use_strip = use_strip;
    lx->word_mask = 63;
    lx->edge_mask = 63;
    lx->word_slots = tr_meter_calloc(m, lx->word_mask + 1, sizeof *lx->word_slots);
    lx->edges = tr_meter_calloc(m, lx->edge_mask + 1, sizeof *lx->edges);
    if (!lx->word_slots || !lx->edges || grow(m, (void **)&lx->words, &lx->cap_words, 1,
                                                sizeof *lx->words) != TRIAGE_OK ||
        grow(m, (void **)&lx->nodes, &lx->cap_nodes, 1, sizeof *lx->nodes) != TRIAGE_OK) {
        tr_lexicon_free(lx);
        return NULL;
    }
    lx->nwords = 1;
    lx->nnodes = 1;
    return lx;
}

void tr_lexicon_free(tr_lexicon *lx) {
    if (!lx) return;
    tr_meter *m = lx->meter;
    tr_meter_free(m, lx->words);
    tr_meter_free(m, lx->bytes);
    tr_meter_free(m, lx->word_slots);
    tr_meter_free(m, lx->nodes);
    tr_meter_free(m, lx->edges);
    tr_meter_free(m, lx->pending);
    tr_meter_free(m, lx->terms);
    tr_meter_free(m, lx);
}

/* Whether some word may have this hash: most words of a text are no term's,
 * and one bit in L1 says so. */
static inline int may_be_word(const tr_lexicon *lx, uint64_t hash) {
    return (lx->word_filter[hash >> 54] >> ((hash >> 48) & 63)) & 1;
}

/* a[0..len) == b[0..len), both readable up to the next multiple of 8 past
 * len: eight bytes per compare, no call (most words are shorter than 8). */
static inline int same_bytes(const char *a, const char *b, size_t len) {
    for (; len > 8; a += 8, b += 8, len -= 8)
        if (tr_load_le64(a) != tr_load_le64(b)) return 0;
    uint64_t keep = len == 8 ? ~0ull : ((uint64_t)1 << (8 * len)) - 1;
    return ((tr_load_le64(a) ^ tr_load_le64(b)) & keep) == 0;
}

/* s has 8 readable bytes past len (tr_tokens.text promises it). */
static inline uint32_t probe_word(const tr_lexicon *lx, uint64_t hash, const char *s, size_t len) {
    for (size_t i = hash & lx->word_mask;; i = (i + 1) & lx->word_mask) {
        uint32_t id = lx->word_slots[i];
        if (!id) return 0;
        const word *w = &lx->words[id];
        if (w->hash == hash && w->len == len && same_bytes(lx->bytes + w->offset, s, len))
            return id;
    }
}

static uint32_t find_word(const tr_lexicon *lx, uint64_t hash, const char *s, size_t len) {
    return may_be_word(lx, hash) ? probe_word(lx, hash, s, len) : 0;
}

static int rehash_words(tr_lexicon *lx) {
    size_t nmask = lx->word_mask * 2 + 1;
    uint32_t *slots = tr_meter_calloc(lx->meter, nmask + 1, sizeof *slots);
    if (!slots) return TRIAGE_ERR_NOMEM;
    for (uint32_t id = 1; id < lx->nwords; id++) {
        size_t i = lx->words[id].hash & nmask;
        while (slots[i]) i = (i + 1) & nmask;
        slots[i] = id;
    }
    tr_meter_free(lx->meter, lx->word_slots);
    lx->word_slots = slots;
    lx->word_mask = nmask;
    return TRIAGE_OK;
}

static int intern_word(tr_lexicon *lx, uint64_t hash, const char *s, size_t len, uint32_t *id) {
    *id = find_word(lx, hash, s, len);
    if (*id) return TRIAGE_OK;
    if ((lx->nwords + 1) * 2 > lx->word_mask && rehash_words(lx) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    if (grow(lx->meter, (void **)&lx->words, &lx->cap_words, lx->nwords + 1, sizeof *lx->words) ||
        grow(lx->meter, (void **)&lx->bytes, &lx->cap_bytes, lx->nbytes + len + 8, 1))
        return TRIAGE_ERR_NOMEM;
    memcpy(lx->bytes + lx->nbytes, s, len);
    lx->words[lx->nwords] = (word){hash, (uint32_t)lx->nbytes, (uint32_t)len, 0};
    lx->nbytes += len;
    size_t i = hash & lx->word_mask;
    while (lx->word_slots[i]) i = (i + 1) & lx->word_mask;
    lx->word_slots[i] = (uint32_t)lx->nwords;
    lx->word_filter[hash >> 54] |= 1ull << ((hash >> 48) & 63);
    *id = (uint32_t)lx->nwords++;
    return TRIAGE_OK;
}

static size_t edge_slot(const tr_lexicon *lx, const edge *edges, size_t mask, uint32_t from,
                        uint32_t gap, uint32_t w) {
    uint64_t h = tr_hash_mix(((uint64_t)from << 32) ^ ((uint64_t)gap * 0x9E3779B97F4A7C15ull) ^ w);
    (void)lx;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const edge *e = &edges[i];
        if (!e->to || (e->from == from && e->gap == gap && e->word == w)) return i;
    }
}

static int rehash_edges(tr_lexicon *lx) {
    size_t nmask = lx->edge_mask * 2 + 1;
    edge *edges = tr_meter_calloc(lx->meter, nmask + 1, sizeof *edges);
    if (!edges) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i <= lx->edge_mask; i++) {
        const edge *e = &lx->edges[i];
        if (e->to) edges[edge_slot(lx, edges, nmask, e->from, e->gap, e->word)] = *e;
    }
    tr_meter_free(lx->meter, lx->edges);
    lx->edges = edges;
    lx->edge_mask = nmask;
    return TRIAGE_OK;
}

static int new_node(tr_lexicon *lx, uint32_t *id) {
    if (lx->nnodes >= UINT32_MAX - 1 ||
        grow(lx->meter, (void **)&lx->nodes, &lx->cap_nodes, lx->nnodes + 1, sizeof *lx->nodes))
        return TRIAGE_ERR_NOMEM;
    memset(&lx->nodes[lx->nnodes], 0, sizeof(node));
    *id = (uint32_t)lx->nnodes++;
    return TRIAGE_OK;
}

/* The child of `from` along (gap, w), created when missing. */
static int step(tr_lexicon *lx, uint32_t from, uint32_t gap, uint32_t w, uint32_t *to) {
    if ((lx->nedges + 1) * 2 > lx->edge_mask && rehash_edges(lx) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    size_t i = edge_slot(lx, lx->edges, lx->edge_mask, from, gap, w);
    if (lx->edges[i].to) {
        *to = lx->edges[i].to;
        return TRIAGE_OK;
    }
    if (new_node(lx, to) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    lx->edges[i] = (edge){from, gap, w, *to};
    lx->nedges++;
    lx->nodes[from].has_children = 1;
    return TRIAGE_OK;
}

int tr_lexicon_add(tr_lexicon *lx, const tr_tokens *tt, uint32_t term) {
    if (tt->count == 0) return TRIAGE_ERR_ARGUMENT;
    uint32_t state = 0;
    for (size_t k = 0; k < tt->count; k++) {
        const tr_token *tok = &tt->items[k];
        uint32_t w;
        const char *s = tr_token_text(tt, tok, lx->use_strip);
        size_t len = lx->use_strip ? tok->strip_len : tok->norm_len;
        uint64_t h = lx->use_strip ? tok->strip_hash : tok->norm_hash;
        if (intern_word(lx, h, s, len, &w) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        /* the root steps on the word alone: a term may start after any gap */
        if (step(lx, state, k == 0 ? TR_GAP_START : tok->gap, w, &state) != TRIAGE_OK)
            return TRIAGE_ERR_NOMEM;
    }
    if (grow(lx->meter, (void **)&lx->pending, &lx->cap_pending, lx->npending + 1,
             sizeof *lx->pending) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    lx->pending[lx->npending] = (pending_term){term, lx->nodes[state].pending};
    lx->nodes[state].pending = (uint32_t)++lx->npending;
    return TRIAGE_OK;
}

int tr_lexicon_freeze(tr_lexicon *lx) {
    lx->terms = tr_meter_calloc(lx->meter, lx->npending ? lx->npending : 1, sizeof *lx->terms);
    if (!lx->terms) return TRIAGE_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < lx->nnodes; i++) {
        node *nd = &lx->nodes[i];
        nd->first_term = (uint32_t)n;
        size_t begin = n;
        for (uint32_t p = nd->pending; p; p = lx->pending[p - 1].next)
            lx->terms[n++] = lx->pending[p - 1].term;
        /* the list was built backwards: restore the order of addition */
        for (size_t a = begin, b = n; a + 1 < b; a++, b--) {
            uint32_t t = lx->terms[a];
            lx->terms[a] = lx->terms[b - 1];
            lx->terms[b - 1] = t;
        }
        nd->nterms = (uint32_t)(n - begin);
    }
    lx->nterms = n;
    for (size_t i = 0; i <= lx->edge_mask; i++)
        if (lx->edges[i].to && lx->edges[i].from == 0) lx->words[lx->edges[i].word].root = lx->edges[i].to;
    tr_meter_free(lx->meter, lx->pending);
    lx->pending = NULL;
    lx->cap_pending = lx->npending = 0;
    return TRIAGE_OK;
}

size_t tr_lexicon_term_count(const tr_lexicon *lx) { return lx->nterms; }

void tr_lex_scratch_init(tr_lex_scratch *s, const triage_allocator *alloc) {
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
}

void tr_lex_scratch_free(tr_lex_scratch *s) {
    tr_free(s->alloc, s->word_ids);
    tr_free(s->alloc, s->starts);
    tr_free(s->alloc, s->hits);
    memset(s, 0, sizeof *s);
}

static int report(const tr_lexicon *lx, uint32_t state, size_t first, size_t last,
                  tr_lex_scratch *s) {
    const node *nd = &lx->nodes[state];
    if (!nd->nterms) return TRIAGE_OK;
    if (tr_ensure(s->alloc, (void **)&s->hits, &s->cap_hits, s->nhits + nd->nterms,
                   sizeof *s->hits) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    for (uint32_t k = 0; k < nd->nterms; k++)
        s->hits[s->nhits++] = (tr_lex_hit){lx->terms[nd->first_term + k], (uint32_t)first,
                                           (uint32_t)last};
    return TRIAGE_OK;
}

/* The word id of every token (0: no term's word) to ids, and the tokens
 * whose word starts some term to starts; returns their count. strip is a
 * constant in each call, so each form gets its own loop. */
static inline size_t word_ids(const tr_lexicon *lx, const tr_tokens *text, int strip,
                              uint32_t *ids, uint32_t *starts) {
    size_t nstarts = 0;
    for (size_t i = 0; i < text->count; i++) {
        const tr_token *t = &text->items[i];
        uint64_t h = strip ? t->strip_hash : t->norm_hash;
        uint32_t id = 0;
        if (may_be_word(lx, h)) {
            id = probe_word(lx, h, tr_token_text(text, t, strip), strip ? t->strip_len : t->norm_len);
            starts[nstarts] = (uint32_t)i; /* kept only when the word starts a term */
            nstarts += lx->words[id].root != 0;
        }
        ids[i] = id;
    }
    return nstarts;
}

int tr_lexicon_match(const tr_lexicon *lx, const tr_tokens *text, tr_lex_scratch *s) {
    size_t n = text->count;
    if (n == 0 || lx->nterms == 0) return TRIAGE_OK;
    if (tr_ensure(s->alloc, (void **)&s->word_ids, &s->cap_ids, n, sizeof *s->word_ids) ||
        tr_ensure(s->alloc, (void **)&s->starts, &s->cap_starts, n, sizeof *s->starts))
        return TRIAGE_ERR_NOMEM;
    size_t nstarts = lx->use_strip ? word_ids(lx, text, 1, s->word_ids, s->starts)
                                   : word_ids(lx, text, 0, s->word_ids, s->starts);
    for (size_t k = 0; k < nstarts; k++) {
        size_t i = s->starts[k];
        uint32_t state = lx->words[s->word_ids[i]].root;
        if (report(lx, state, i, i, s) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        for (size_t j = i + 1; j < n && lx->nodes[state].has_children; j++) {
            if (!s->word_ids[j]) break;
            size_t e = edge_slot(lx, lx->edges, lx->edge_mask, state, text->items[j].gap,
                                 s->word_ids[j]);
            state = lx->edges[e].to;
            if (!state) break;
            if (report(lx, state, i, j, s) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        }
    }
    return TRIAGE_OK;
}
