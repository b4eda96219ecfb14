#include "match/regex_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/limits.h"

typedef struct tr_regex {
    pcre2_code *code;
    char literal[TR_LITERAL_MAX];
    size_t literal_len; /* 0: not gated, always runs */
} tr_regex;

typedef struct gram_entry {
    uint32_t gram;   /* three lower-cased bytes */
    uint32_t regex;
    uint32_t offset; /* of the gram in the literal */
} gram_entry;

struct tr_regex_set {
    tr_meter *meter;
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    tr_regex *items;
    size_t count, cap;
    uint64_t bloom[1024]; /* 2^16 bits over hashed grams */
    gram_entry *grams;    /* sorted by gram */
    size_t ngrams;
};

static void *metered_malloc(PCRE2_SIZE size, void *meter) { return tr_meter_alloc(meter, size); }
static void metered_free(void *p, void *meter) { tr_meter_free(meter, p); }
/* PCRE2 gets the scratch (which does not move) to reach the host allocator. */
static void *host_malloc(PCRE2_SIZE size, void *scratch) {
    return tr_malloc(((tr_regex_scratch *)scratch)->alloc, size);
}
static void host_free(void *p, void *scratch) { tr_free(((tr_regex_scratch *)scratch)->alloc, p); }

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static uint32_t gram_hash(uint32_t g) { return (g * 2654435761u) >> 16; }

tr_regex_set *tr_regex_set_create(tr_meter *m) {
    tr_regex_set *rs = tr_meter_calloc(m, 1, sizeof *rs);
    if (!rs) return NULL;
    rs->meter = m;
    rs->gctx = pcre2_general_context_create(metered_malloc, metered_free, m);
    rs->cctx = rs->gctx ? pcre2_compile_context_create(rs->gctx) : NULL;
    if (!rs->cctx) {
        tr_regex_set_free(rs);
        return NULL;
    }
    pcre2_set_max_pattern_length(rs->cctx, TR_MAX_TERM);
    pcre2_set_parens_nest_limit(rs->cctx, 64);
    return rs;
}

void tr_regex_set_free(tr_regex_set *rs) {
    if (!rs) return;
    for (size_t i = 0; i < rs->count; i++) pcre2_code_free(rs->items[i].code);
    tr_meter_free(rs->meter, rs->items);
    tr_meter_free(rs->meter, rs->grams);
    pcre2_compile_context_free(rs->cctx);
    pcre2_general_context_free(rs->gctx);
    tr_meter_free(rs->meter, rs);
}

size_t tr_regex_set_count(const tr_regex_set *rs) { return rs->count; }

int tr_regex_set_add(tr_regex_set *rs, const char *pattern, size_t len, int caseless, int gated,
                     tr_regex_error *err) {
    memset(err, 0, sizeof *err);
    if (rs->count == rs->cap) {
        size_t ncap = rs->cap ? rs->cap * 2 : 16;
        tr_regex *items = tr_meter_calloc(rs->meter, ncap, sizeof *items);
        if (!items) return TRIAGE_ERR_NOMEM;
        if (rs->count) memcpy(items, rs->items, rs->count * sizeof *items);
        tr_meter_free(rs->meter, rs->items);
        rs->items = items;
        rs->cap = ncap;
    }
    /* \C could split a UTF-8 character; invalid UTF-8 in a subject simply
     * never matches instead of failing the call. */
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C;
    if (caseless) options |= PCRE2_CASELESS;
    int code;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &at, rs->cctx);
    if (!re) {
        if (code == PCRE2_ERROR_HEAP_FAILED) return TRIAGE_ERR_NOMEM;
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code, msg, sizeof msg);
        err->status = TRIAGE_ERR_REGEX;
        err->offset = at;
        snprintf(err->message, sizeof err->message, "%s", (const char *)msg);
        return TRIAGE_ERR_REGEX;
    }
    size_t size = 0;
    pcre2_pattern_info(re, PCRE2_INFO_SIZE, &size);
    if (size > TR_MAX_REGEX_COMPILED) {
        pcre2_code_free(re);
        err->status = TRIAGE_ERR_LIMIT;
        snprintf(err->message, sizeof err->message,
                 "compiles to %zu bytes, more than the limit of %u; simplify it", size,
                 TR_MAX_REGEX_COMPILED);
        return TRIAGE_ERR_LIMIT;
    }
    /* Without JIT the regex still works, through the interpreter. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    tr_regex *r = &rs->items[rs->count];
    memset(r, 0, sizeof *r);
    r->code = re;
    if (gated) {
        r->literal_len = tr_required_literal(pattern, len, r->literal);
        if (r->literal_len < 3) r->literal_len = 0;
    }
    return (int)rs->count++;
}

/* How unlikely a byte is in ticket text, to pick the most selective gram. */
static int rarity(unsigned char c) {
    if (c == ' ') return 0;
    if (strchr("etaoinshrdlu", c)) return 1;
    if (c >= 'a' && c <= 'z') return 3;
    if (c >= '0' && c <= '9') return 2;
    return 4;
}

static int compare_grams(const void *a, const void *b) {
    const gram_entry *x = a, *y = b;
    if (x->gram != y->gram) return x->gram < y->gram ? -1 : 1;
    return x->regex < y->regex ? -1 : x->regex > y->regex;
}

int tr_regex_set_freeze(tr_regex_set *rs) {
    size_t gated = 0;
    for (size_t i = 0; i < rs->count; i++) gated += rs->items[i].literal_len > 0;
    if (!gated) return TRIAGE_OK;
    rs->grams = tr_meter_calloc(rs->meter, gated, sizeof *rs->grams);
    if (!rs->grams) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i < rs->count; i++) {
        const tr_regex *r = &rs->items[i];
        if (!r->literal_len) continue;
        const unsigned char *lit = (const unsigned char *)r->literal;
        size_t best = 0;
        int best_score = -1;
        for (size_t k = 0; k + 3 <= r->literal_len; k++) {
            int score = rarity(lit[k]) + rarity(lit[k + 1]) + rarity(lit[k + 2]);
            if (score > best_score) best_score = score, best = k;
        }
        uint32_t g = (uint32_t)lit[best] << 16 | (uint32_t)lit[best + 1] << 8 | lit[best + 2];
        rs->grams[rs->ngrams++] = (gram_entry){g, (uint32_t)i, (uint32_t)best};
        uint32_t h = gram_hash(g);
        rs->bloom[h >> 6] |= 1ull << (h & 63);
    }
    qsort(rs->grams, rs->ngrams, sizeof *rs->grams, compare_grams);
    return TRIAGE_OK;
}

int tr_regex_scratch_init(tr_regex_scratch *s, const tr_regex_set *rs, const triage_allocator *a) {
    memset(s, 0, sizeof *s);
    s->alloc = a;
    s->gctx = pcre2_general_context_create(host_malloc, host_free, s);
    if (!s->gctx) return TRIAGE_ERR_NOMEM;
    s->mctx = pcre2_match_context_create(s->gctx);
    s->md = pcre2_match_data_create(1, s->gctx);
    s->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, s->gctx);
    s->marks = tr_calloc(a, rs->count ? rs->count : 1, sizeof *s->marks);
    if (!s->mctx || !s->md || !s->marks) {
        tr_regex_scratch_free(s);
        return TRIAGE_ERR_NOMEM;
    }
    if (s->jit_stack) pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
    /* Bounds for the interpreter, which counts its limit per start position. */
    pcre2_set_depth_limit(s->mctx, 10000);
    pcre2_set_heap_limit(s->mctx, 20000); /* KiB */
    s->count = rs->count;
    return TRIAGE_OK;
}

void tr_regex_scratch_free(tr_regex_scratch *s) {
    if (s->jit_stack) pcre2_jit_stack_free(s->jit_stack);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_general_context_free(s->gctx);
    tr_free(s->alloc, s->marks);
    memset(s, 0, sizeof *s);
}

void tr_regex_scratch_reset(tr_regex_scratch *s, uint64_t budget) {
    s->budget_left = budget;
    s->budget_hit = 0;
}

/* Next generation; marks from earlier texts become stale. */
static void next_generation(tr_regex_scratch *s) {
    if (++s->generation == 0) {
        memset(s->marks, 0, s->count * sizeof *s->marks);
        s->generation = 1;
    }
}

void tr_regex_set_prefilter(const tr_regex_set *rs, const char *text, size_t n,
                            tr_regex_scratch *s) {
    next_generation(s);
    s->all_run = 0;
    if (!rs->ngrams) return;
    const unsigned char *p = (const unsigned char *)text;
    uint32_t g = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        /* U+017F (long s) and U+212A (Kelvin) fold to ASCII 's' and 'k' in
         * caseless matching: the byte prefilter cannot see them. */
        if ((c == 0xBF && i > 0 && p[i - 1] == 0xC5) ||
            (c == 0xAA && i > 1 && p[i - 1] == 0x84 && p[i - 2] == 0xE2)) {
            s->all_run = 1;
            return;
        }
        g = ((g << 8) | lower(c)) & 0xFFFFFFu;
        if (i < 2) continue;
        uint32_t h = gram_hash(g);
        if (!((rs->bloom[h >> 6] >> (h & 63)) & 1)) continue;
        size_t lo = 0, hi = rs->ngrams;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (rs->grams[mid].gram < g) lo = mid + 1;
            else hi = mid;
        }
        for (; lo < rs->ngrams && rs->grams[lo].gram == g; lo++) {
            const gram_entry *e = &rs->grams[lo];
            const tr_regex *r = &rs->items[e->regex];
            if (s->marks[e->regex] == s->generation) continue;
            size_t at = i - 2;
            if (at < e->offset || at - e->offset + r->literal_len > n) continue;
            const unsigned char *start = p + at - e->offset;
            size_t k = 0;
            while (k < r->literal_len && lower(start[k]) == (unsigned char)r->literal[k]) k++;
            if (k == r->literal_len) s->marks[e->regex] = s->generation;
        }
    }
}

int tr_regex_set_may_run(const tr_regex_set *rs, uint32_t i, const tr_regex_scratch *s) {
    return !rs->items[i].literal_len || s->all_run || s->marks[i] == s->generation;
}

int tr_regex_set_match(const tr_regex_set *rs, uint32_t i, const char *text, size_t n,
                       tr_regex_scratch *s, size_t *offset, size_t *length) {
    if (s->budget_left == 0) {
        s->budget_hit = 1;
        return 0;
    }
    /* With JIT the match limit bounds the whole call. Calls that end
     * normally are charged a share of the text length, a deterministic
     * stand-in for the work of scanning it. */
    pcre2_set_match_limit(s->mctx, s->budget_left > UINT32_MAX ? UINT32_MAX
                                                               : (uint32_t)s->budget_left);
    int rc = pcre2_match(rs->items[i].code, (PCRE2_SPTR)text, n, 0, 0, s->md, s->mctx);
    uint64_t charge = n / 16 + 1;
    s->budget_left -= charge < s->budget_left ? charge : s->budget_left;
    if (rc >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        *offset = ov[0];
        *length = ov[1] >= ov[0] ? ov[1] - ov[0] : 0;
        return 1;
    }
    if (rc != PCRE2_ERROR_NOMATCH) { /* a limit, or the JIT stack: cut off */
        s->budget_left = 0;
        s->budget_hit = 1;
    }
    return 0;
}

size_t tr_regex_set_jit_bytes(const tr_regex_set *rs) {
    size_t total = 0;
    for (size_t i = 0; i < rs->count; i++) {
        size_t size = 0;
        if (pcre2_pattern_info(rs->items[i].code, PCRE2_INFO_JITSIZE, &size) == 0) total += size;
    }
    return total;
}
