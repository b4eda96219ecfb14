/* Running a regex set over texts: prefilter pass, gating, budgeted matching. */
#include <string.h>

#include "core/alloc.h"
#include "match/regex_internal.h"
#include "text/utf8.h"

/* PCRE2 gets the scratch (which does not move) to reach the host allocator. */
static void *host_malloc(PCRE2_SIZE size, void *scratch) {
    return tr_malloc(((tr_regex_scratch *)scratch)->alloc, size);
}
static void host_free(void *p, void *scratch) { tr_free(((tr_regex_scratch *)scratch)->alloc, p); }

int tr_regex_scratch_init(tr_regex_scratch *s, const tr_regex_set *rs, const triage_allocator *a) {
    memset(s, 0, sizeof *s);
    s->alloc = a;
    s->gctx = pcre2_general_context_create(host_malloc, host_free, s);
    if (!s->gctx) return TRIAGE_ERR_NOMEM;
    s->mctx = pcre2_match_context_create(s->gctx);
    s->md = pcre2_match_data_create(1, s->gctx);
    s->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, s->gctx);
    size_t n = rs->count ? rs->count : 1;
    s->marks = tr_calloc(a, n, sizeof *s->marks);
    s->anchor_marks = tr_calloc(a, n, sizeof *s->anchor_marks);
    s->anchor_head = tr_calloc(a, n, sizeof *s->anchor_head);
    s->anchor_count = tr_calloc(a, n, sizeof *s->anchor_count);
    s->candidates = tr_calloc(a, tr_regex_set_words(rs), sizeof *s->candidates);
    if (!s->candidates || !s->mctx || !s->md || !s->marks || !s->anchor_marks || !s->anchor_head ||
        !s->anchor_count) {
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
    tr_free(s->alloc, s->anchor_marks);
    tr_free(s->alloc, s->anchor_head);
    tr_free(s->alloc, s->anchor_count);
    tr_free(s->alloc, s->candidates);
    tr_free(s->alloc, s->hits);
    tr_free(s->alloc, s->digit_words);
    tr_free(s->alloc, s->starts);
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
        memset(s->anchor_marks, 0, s->count * sizeof *s->anchor_marks);
        s->generation = 1;
    }
}

/* An ASCII byte that \w matches. */
static int is_word_byte(unsigned char c) {
    return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Records that an anchor of regex r starts at `at`. */
static int add_anchor_hit(tr_regex_scratch *s, uint32_t r, size_t at) {
    if (s->anchor_marks[r] != s->generation) {
        s->anchor_marks[r] = s->generation;
        s->anchor_head[r] = 0;
        s->anchor_count[r] = 0;
    }
    if (s->anchor_count[r] > TR_MAX_ANCHOR_HITS) return TRIAGE_OK;
    if (++s->anchor_count[r] > TR_MAX_ANCHOR_HITS) return TRIAGE_OK; /* too many: scan */
    if (tr_reserve(s->alloc, (void **)&s->hits, &s->cap_hits, s->nhits + 1, sizeof *s->hits))
        return TRIAGE_ERR_NOMEM;
    s->hits[s->nhits] = (struct tr_anchor_hit){(uint32_t)at, s->anchor_head[r]};
    s->anchor_head[r] = (uint32_t)++s->nhits;
    return TRIAGE_OK;
}

/* ASCII letters to lower case, every other byte as it is. */
static const unsigned char lower_bytes[256] = {
#define ROW(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7
    ROW(0), ROW(8), ROW(16), ROW(24), ROW(32), ROW(40), ROW(48), ROW(56), 64,
    ROW(97), ROW(105), ROW(113), 121, 122, 91, 92, 93, 94, 95, ROW(96), ROW(104), ROW(112),
    ROW(120), ROW(128), ROW(136), ROW(144), ROW(152), ROW(160), ROW(168), ROW(176), ROW(184),
    ROW(192), ROW(200), ROW(208), ROW(216), ROW(224), ROW(232), ROW(240), ROW(248)
#undef ROW
};

/* Checks the gram entries of the gram g found at p[at..at+3): marks the
 * regexes whose literal occurs there, records where their anchors occur. */
static int check_gram(const tr_regex_set *rs, const unsigned char *p, size_t n, size_t at,
                      uint32_t g, uint32_t hash, tr_regex_scratch *s) {
    uint32_t bucket = hash >> (TR_GRAM_HASH_BITS - TR_GRAM_BUCKET_BITS);
    for (uint32_t j = rs->bucket_start[bucket]; j < rs->bucket_start[bucket + 1]; j++) {
        const gram_entry *e = &rs->grams[j];
        int anchor = e->flags & TR_GRAM_ANCHOR;
        if (e->gram != g || (!anchor && s->marks[e->regex] == s->generation)) continue;
        if (at < e->offset || at - e->offset + e->len > n) continue;
        const unsigned char *start = p + at - e->offset;
        /* after \b, a literal that starts with a letter or digit cannot
         * start a match right after another word character */
        if ((e->flags & TR_GRAM_AT_WORDS) && start > p && is_word_byte(start[-1])) continue;
        if (e->after) { /* nor can an anchor followed by what no match continues with */
            size_t end = at - e->offset + e->len;
            if (end == n || !tr_bit(rs->after_sets[e->after - 1], p[end])) continue;
        }
        const char *lit = rs->literal_bytes + e->text;
        size_t k = 0;
        while (k < e->len && lower_bytes[start[k]] == (unsigned char)lit[k]) k++;
        if (k < e->len) continue;
        s->candidates[e->regex >> 6] |= 1ull << (e->regex & 63);
        if (!anchor) s->marks[e->regex] = s->generation;
        else if (add_anchor_hit(s, e->regex, at - e->offset) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    }
    return TRIAGE_OK;
}

static int contains(const unsigned char *p, size_t n, const char *needle, size_t len) {
    for (size_t i = 0; i + len <= n; i++)
        if (p[i] == (unsigned char)needle[0] && memcmp(p + i, needle, len) == 0) return 1;
    return 0;
}

/* The bit set of the bytes marked in seen[256] (each 0 or 1), eight at a
 * time: the multiply gathers the low bit of each byte into the top byte. */
static void pack_seen(const unsigned char *seen, uint64_t present[4]) {
    memset(present, 0, 4 * sizeof *present);
    for (unsigned b = 0; b < 256; b += 8) {
        uint64_t v;
        memcpy(&v, seen + b, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        v = __builtin_bswap64(v); /* byte k of the eight to bits 8k..8k+7 */
#endif
        present[b >> 6] |= ((v * 0x0102040810204080ull) >> 56) << (b & 63);
    }
}

int tr_regex_set_prefilter(const tr_regex_set *rs, const char *text, size_t n, int known_valid,
                           tr_regex_scratch *s) {
    next_generation(s);
    s->all_run = 0;
    s->nhits = 0;
    memcpy(s->candidates, rs->ungated, tr_regex_set_words(rs) * sizeof *s->candidates);
    const unsigned char *p = (const unsigned char *)text;
    unsigned char seen[256] = {0};
    s->nstarts = 0;
    s->starts_known = rs->has_position_starts && n <= TR_MAX_START_TEXT &&
                      tr_ensure(s->alloc, (void **)&s->starts, &s->cap_starts, n + 1,
                                sizeof *s->starts) == TRIAGE_OK;
    /* One pass: the bytes present; where the regexes tried by position may
     * start (into a scratch slot when not wanted); and one bit test per byte
     * for the gram ending there, on the bytes as they are. Places are
     * collected without a branch (a store, and a count that grows by the
     * bit): a branch per byte would often mispredict. */
    static const uint8_t no_start_bytes[256];
    uint32_t found[256], unwanted[1];
    uint32_t *starts = s->starts_known ? s->starts : unwanted; /* locals: the byte stores */
    const uint8_t *is_start = s->starts_known ? rs->is_start_byte : no_start_bytes;
    size_t nstarts = 0;                                            /* could alias the fields */
    /* the first two bytes end no gram */
    for (size_t i = 0; i < n && i < 2; i++) {
        seen[p[i]] = 1;
        starts[nstarts] = (uint32_t)i;
        nstarts += is_start[p[i]];
    }
    uint32_t raw = n >= 2 ? (uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 : 0;
    for (size_t i = 2; i < n;) {
        size_t nfound = 0, stop = n - i > 256 ? i + 256 : n;
        for (; i < stop; i++) {
            unsigned c = p[i];
            seen[c] = 1;
            starts[nstarts] = (uint32_t)i;
            nstarts += is_start[c];
            raw = raw >> 8 | c << 16; /* the gram p[i-2..i] */
            found[nfound] = (uint32_t)i;
            nfound += tr_bit(rs->gram_bits, tr_gram_hash(raw));
        }
        for (size_t k = 0; k < nfound; k++) {
            const unsigned char *q = p + found[k] - 2;
            uint32_t g = (uint32_t)lower_bytes[q[0]] | (uint32_t)lower_bytes[q[1]] << 8 |
                         (uint32_t)lower_bytes[q[2]] << 16;
            if (check_gram(rs, p, n, found[k] - 2, g, tr_gram_hash(g), s) != TRIAGE_OK)
                return TRIAGE_ERR_NOMEM;
        }
    }
    s->nstarts = nstarts;
    pack_seen(seen, s->present);
    s->ascii_only = !(s->present[2] | s->present[3]);
    s->valid_utf8 = s->ascii_only || known_valid || tr_utf8_valid(text, n);
    /* U+017F (long s) and U+212A (Kelvin) fold to ASCII 's' and 'k' in
     * caseless matching, which the byte prefilter cannot see. */
    if (!s->ascii_only && rs->ngrams &&
        ((seen[0xC5] && seen[0xBF] && contains(p, n, "\xC5\xBF", 2)) ||
         (seen[0xE2] && seen[0xAA] && contains(p, n, "\xE2\x84\xAA", 3))))
        s->all_run = 1;
    if (s->all_run) memset(s->candidates, 0xFF, tr_regex_set_words(rs) * sizeof *s->candidates);
    return TRIAGE_OK;
}

size_t tr_regex_set_next_candidate(const tr_regex_set *rs, const tr_regex_scratch *s, size_t from) {
    for (size_t w = from >> 6; w < tr_regex_set_words(rs); w++) {
        uint64_t bits = s->candidates[w];
        if (w == from >> 6) bits &= ~0ull << (from & 63);
        if (bits) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
            return i < rs->count ? i : rs->count;
        }
    }
    return rs->count;
}

int tr_regex_set_may_run(const tr_regex_set *rs, uint32_t i, const tr_regex_scratch *s) {
    const tr_regex *r = &rs->items[i];
    if (!s->all_run && r->literals && s->marks[i] != s->generation) return 0;
    if (!s->all_run && r->anchors && s->anchor_marks[i] != s->generation) return 0;
    if (!tr_required_bytes_present(&r->required, s->present)) return 0;
    const tr_regex_shape *shape = s->ascii_only ? &r->ascii_shape : &r->unicode_shape;
    if (shape->required[0] >= 0 && !tr_bit(s->present, (unsigned)shape->required[0]) &&
        (shape->required[1] < 0 || !tr_bit(s->present, (unsigned)shape->required[1])))
        return 0;
    /* Unknown first bytes (all set) include matches of the empty string,
     * which even an empty text has. */
    const uint64_t *first = shape->first_bytes;
    if ((first[0] & first[1] & first[2] & first[3]) == ~0ull) return 1;
    for (int k = 0; k < 4; k++)
        if (first[k] & s->present[k]) return 1;
    return 0;
}

/* One budgeted pcre2_match call; returns 1, 0, or -1 when cut off. */
static int run(pcre2_code *code, const char *text, size_t n, size_t start, uint32_t options,
               int anchored, tr_regex_scratch *s) {
    if (s->budget_left == 0) return -1;
    /* With JIT the match limit bounds the whole call. Calls that end
     * normally are charged a share of the text they scanned, a
     * deterministic stand-in for their work. */
    pcre2_set_match_limit(s->mctx, s->budget_left > UINT32_MAX ? UINT32_MAX
                                                               : (uint32_t)s->budget_left);
    int rc = pcre2_match(code, (PCRE2_SPTR)text, n, start, options, s->md, s->mctx);
    uint64_t charge = anchored ? 1 : (n - start) / 16 + 1;
    s->budget_left -= charge < s->budget_left ? charge : s->budget_left;
    if (rc >= 0) return 1;
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    s->budget_left = 0; /* a limit, or the JIT stack: cut off */
    return -1;
}

/* Whether a match of r may start at text[at], as far as its start
 * automaton can tell; charged to the budget like a scan of the bytes read. */
static int may_start_at(const tr_regex *r, const char *text, size_t n, size_t at,
                        tr_regex_scratch *s) {
    if (!r->start) return 1;
    size_t steps;
    int maybe = tr_start_nfa_may_match(r->start, text, n, at, &steps);
    uint64_t charge = steps / 16 + 1;
    s->budget_left -= charge < s->budget_left ? charge : s->budget_left;
    return maybe;
}

static int found(tr_regex_scratch *s, size_t *offset, size_t *length) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    *offset = ov[0];
    *length = ov[1] >= ov[0] ? ov[1] - ov[0] : 0;
    return 1;
}

/* The key of a word by its first character (see TR_WORD_KEYS). */
static unsigned word_key(const char *text, const tr_token *w) {
    unsigned char b = (unsigned char)text[w->start];
    if (b < 0x80) return b;
    return w->first_kind == TR_FIRST_DIGIT ? 128 : w->first_kind == TR_FIRST_KS ? 130 : 129;
}

/* Lists the words that hold an ASCII digit (a few of a text's words), once
 * per text. */
static int list_digit_words(tr_regex_scratch *s, const tr_tokens *words) {
    if (s->words_generation == s->generation) return TRIAGE_OK;
    if (tr_ensure(s->alloc, (void **)&s->digit_words, &s->cap_digit_words, words->count + 1,
                  sizeof *s->digit_words))
        return TRIAGE_ERR_NOMEM;
    size_t count = 0;
    for (size_t k = 0; k < words->count; k++) { /* without a branch */
        s->digit_words[count] = (uint32_t)k;
        count += words->items[k].has_digit;
    }
    s->ndigit_words = count;
    s->words_generation = s->generation;
    return TRIAGE_OK;
}

/* Tries the regex at every word start where a match may begin, in text
 * order (the words that hold a digit when need_digit, else all); returns 1
 * with the first (so leftmost) match, 0, or -1 when cut off. Declines
 * (returns 2) when that would cost more than one scan of the text. */
static int try_word_starts(const tr_regex *r, pcre2_code *anchored, int need_digit,
                           const char *text, size_t n, const tr_tokens *words,
                           tr_regex_scratch *s, size_t *offset, size_t *length) {
    if (need_digit && list_digit_words(s, words) != TRIAGE_OK) return 2; /* scan instead */
    const uint32_t *list = need_digit ? s->digit_words : NULL; /* NULL: every word */
    size_t count = need_digit ? s->ndigit_words : words->count;
    const uint64_t *keys = r->start_keys[!s->ascii_only];
    const tr_word_fit *fit = r->start ? &r->fit[!s->ascii_only] : NULL;
    /* An anchored try costs about a 32-byte scan; a check of the start
     * automaton, which rules out most candidates, about 4 bytes. (Counted
     * only when all words together could cost more than a scan.) */
    size_t per_try = r->start ? 4 : 32;
    if (count * per_try >= n) {
        size_t candidates = 0;
        for (size_t k = 0; k < count; k++)
            candidates += tr_bit(keys, word_key(text, &words->items[list ? list[k] : k]));
        if (candidates * per_try >= n) return 2;
    }
    for (size_t k = 0; k < count; k++) {
        const tr_token *w = &words->items[list ? list[k] : k];
        /* the fit first, which rules out nearly every word: the ASCII
         * letters and digits it opens with (words hold letters, digits and
         * marks), and the byte after them */
        size_t after = w->start + w->ascii_run;
        unsigned next = after < n ? (unsigned char)text[after] : 256;
        if ((fit && !tr_word_fit_ok(fit, w->ascii_run, next)) || !tr_bit(keys, word_key(text, w)) ||
            !may_start_at(r, text, n, w->start, s))
            continue;
        int rc = run(anchored, text, n, w->start, PCRE2_NO_UTF_CHECK, 1, s);
        if (rc > 0) found(s, offset, length);
        if (rc != 0) return rc;
    }
    return 0;
}

/* The first bytes at which regex r, tried by position, may start on the
 * last text; NULL when they are unknown there (then it scans). */
static const uint64_t *position_bytes(const tr_regex *r, const tr_regex_scratch *s,
                                      const tr_tokens *words) {
    if (s->ascii_only) return r->ascii_shape.first_bytes;
    if (tr_few_bytes(r->unicode_shape.first_bytes)) return r->unicode_shape.first_bytes;
    /* Else the ASCII ones, when the first character cannot be another one:
     * \d matches digits of other scripts only if the text holds some. */
    if (r->beyond_ascii == TR_START_ASCII) return r->ascii_shape.first_bytes;
    if (r->beyond_ascii == TR_START_BEYOND_ASCII_DIGITS && words && !words->has_other_digit)
        return r->ascii_shape.first_bytes;
    return NULL;
}

/* Tries the regex, anchored, at each listed place that holds one of its
 * first bytes; returns 1 with the leftmost match, 0, -1 when cut off, or
 * 2 (declined) when the places are unknown or too many. */
static int try_positions(const tr_regex *r, pcre2_code *anchored, const uint64_t *first,
                         const char *text, size_t n, tr_regex_scratch *s, size_t *offset,
                         size_t *length) {
    if (!s->starts_known || s->nstarts * 4 >= n) return 2;
    if (r->start) { /* one pass rules out most texts at once */
        size_t steps;
        int maybe = tr_start_nfa_any_start(r->start, text, n, s->starts, s->nstarts, first, &steps);
        uint64_t charge = steps / 16 + 1;
        s->budget_left -= charge < s->budget_left ? charge : s->budget_left;
        if (!maybe) return 0;
    }
    for (size_t k = 0; k < s->nstarts; k++) {
        size_t at = s->starts[k];
        if (!tr_bit(first, (unsigned char)text[at]) || !may_start_at(r, text, n, at, s)) continue;
        int rc = run(anchored, text, n, at, PCRE2_NO_UTF_CHECK, 1, s);
        if (rc > 0) found(s, offset, length);
        if (rc != 0) return rc;
    }
    return 0;
}

/* Tries the regex, anchored, at the places in the run of `before` bytes
 * that ends at each occurrence of its pivot byte; returns 1 with the
 * leftmost match, 0, or -1 when cut off. When the places grow too many it
 * declines (returns 2), with *scan_from where a scan can start. */
static int try_pivots(const tr_regex *r, pcre2_code *anchored, const char *text, size_t n,
                      tr_regex_scratch *s, size_t *offset, size_t *length, size_t *scan_from) {
    size_t places = 0;
    for (const char *q = memchr(text, r->pivot, n); q;
         q = memchr(q + 1, r->pivot, n - (size_t)(q + 1 - text))) {
        size_t at = (size_t)(q - text), from = at;
        while (from > 0 && tr_bit(r->before, (unsigned char)text[from - 1])) from--;
        /* (the runs do not overlap: the pivot is no byte before it) */
        places += at - from + 1;
        if (places > n / 8 + 64) { /* about as costly as a scan by now */
            *scan_from = from;
            return 2;
        }
        for (size_t p = from; p <= at; p++) {
            if (((unsigned char)text[p] & 0xC0) == 0x80 || !may_start_at(r, text, n, p, s))
                continue; /* inside a character, or no match starts here */
            int rc = run(anchored, text, n, p, PCRE2_NO_UTF_CHECK, 1, s);
            if (rc > 0) found(s, offset, length);
            if (rc != 0) return rc;
        }
    }
    return 0;
}

int tr_regex_set_match(const tr_regex_set *rs, uint32_t i, const char *text, size_t n,
                       const tr_tokens *words, tr_regex_scratch *s, size_t *offset,
                       size_t *length) {
    const tr_regex *r = &rs->items[i];
    int rc;
    /* Text with invalid UTF-8 (rare, and flagged) takes the one form that
     * copes with it, scanning. Every other call skips PCRE2's UTF check:
     * the prefilter has checked already. */
    if (!s->valid_utf8) {
        rc = run(r->forms[TR_FORM_INVALID_UTF], text, n, 0, 0, 0, s);
        if (rc > 0) return found(s, offset, length);
        if (rc < 0) s->budget_hit = 1;
        return 0;
    }
    pcre2_code *anchored =
        r->forms[s->ascii_only ? TR_FORM_ASCII_ANCHORED : TR_FORM_UNICODE_ANCHORED];
    if (r->anchors && !s->all_run && s->anchor_marks[i] == s->generation &&
        s->anchor_count[i] <= TR_MAX_ANCHOR_HITS) {
        /* Every match starts at an anchor: try each, keep the leftmost. */
        size_t best = SIZE_MAX, best_len = 0;
        rc = 0;
        for (uint32_t h = s->anchor_head[i]; h && rc >= 0; h = s->hits[h - 1].next) {
            size_t at = s->hits[h - 1].at;
            if (at >= best || !may_start_at(r, text, n, at, s)) continue;
            rc = run(anchored, text, n, at, PCRE2_NO_UTF_CHECK, 1, s);
            if (rc > 0) found(s, &best, &best_len);
        }
        if (rc < 0) {
            s->budget_hit = 1;
            return 0;
        }
        if (best == SIZE_MAX) return 0;
        *offset = best;
        *length = best_len;
        return 1;
    }
    pcre2_code *code = r->forms[s->ascii_only ? TR_FORM_ASCII : TR_FORM_UNICODE];
    int at_words = words && (s->ascii_only ? r->word_start
                                            : r->word_start_unicode && !words->has_marks);
    /* Without digits beyond ASCII, \d only matches ASCII digits. */
    int need_digit = at_words && r->word_needs_digit && (s->ascii_only || !words->has_other_digit);
    rc = at_words ? try_word_starts(r, anchored, need_digit,
                                    text, n, words, s, offset, length)
                  : 2;
    const uint64_t *first = rc == 2 && r->position_start ? position_bytes(r, s, words) : NULL;
    if (first) rc = try_positions(r, anchored, first, text, n, s, offset, length);
    size_t scan_from = 0; /* no match starts before */
    if (rc == 2 && r->pivot) rc = try_pivots(r, anchored, text, n, s, offset, length, &scan_from);
    if (rc == 1) return 1;
    if (rc == 2) {
        rc = run(code, text, n, scan_from, PCRE2_NO_UTF_CHECK, 0, s);
        if (rc > 0) return found(s, offset, length);
    }
    if (rc < 0) s->budget_hit = 1;
    return 0;
}
