#include "text/tokenize.h"

#include <string.h>
#include <utf8proc.h>

#include "core/alloc.h"
#include "text/hash.h"
#include "text/utf8.h"

enum char_class { CL_OTHER, CL_SPACE, CL_WORD, CL_NOSPACE, CL_MARK };

static int is_space(uint32_t cp) {
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* Scripts written without spaces between words. */
static int is_nospace_script(uint32_t cp) {
    return (cp >= 0x0E00 && cp <= 0x0EFF)     /* Thai, Lao */
           || (cp >= 0x1000 && cp <= 0x109F)  /* Myanmar */
           || (cp >= 0x1780 && cp <= 0x17FF)  /* Khmer */
           || (cp >= 0x3040 && cp <= 0x30FF)  /* Hiragana, Katakana */
           || (cp >= 0x31F0 && cp <= 0x31FF)  /* Katakana extensions */
           || (cp >= 0x3400 && cp <= 0x4DBF)  /* Han extension A */
           || (cp >= 0x4E00 && cp <= 0x9FFF)  /* Han */
           || (cp >= 0xF900 && cp <= 0xFAFF)  /* Han compatibility */
           || (cp >= 0xFF66 && cp <= 0xFF9F)  /* halfwidth Katakana */
           || (cp >= 0x20000 && cp <= 0x3134F); /* Han extensions B-G */
}

/* *nd is set for a decimal digit beyond ASCII. */
static enum char_class classify(uint32_t cp, int *nd) {
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return CL_WORD;
        if (cp >= '0' && cp <= '9') return CL_WORD;
        return is_space(cp) ? CL_SPACE : CL_OTHER;
    }
    if (is_space(cp)) return CL_SPACE;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return CL_MARK;
    case UTF8PROC_CATEGORY_ND: *nd = 1; /* fall through */
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return is_nospace_script(cp) ? CL_NOSPACE : CL_WORD;
    default:
        return CL_OTHER;
    }
}

/* What the tokenizer needs to know of a character beyond ASCII, from
 * utf8proc, kept for the last characters seen at each of CACHE_SIZE places:
 * a text uses few distinct letters, and utf8proc costs far more than this. */
#define CACHE_SIZE 512
#define FOLD_MAX 12

typedef struct fold_entry {
    uint32_t cp; /* 0: empty (ASCII is never cached) */
    uint8_t cl, nd; /* char_class, decimal digit */
    uint8_t norm_len, strip_len;
    char norm[FOLD_MAX], strip[FOLD_MAX]; /* folded, folded and accent-stripped */
} fold_entry;

struct tr_fold_cache {
    fold_entry e[CACHE_SIZE];
};

void tr_tokens_init(tr_tokens *t, const triage_allocator *alloc) {
    memset(t, 0, sizeof *t);
    t->alloc = alloc;
}

void tr_tokens_free(tr_tokens *t) {
    tr_free(t->alloc, t->items);
    tr_free(t->alloc, t->text);
    tr_free(t->alloc, t->cache);
    memset(t, 0, sizeof *t);
}

static int push_bytes(tr_tokens *t, const void *p, size_t n) {
    if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + n, 1) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    memcpy(t->text + t->text_len, p, n);
    t->text_len += n;
    return TRIAGE_OK;
}

/* Writes cp case-folded (and accent-stripped when strip is set) to out,
 * which has room for 32 * 4 bytes; returns the bytes written. */
static size_t fold_char(uint32_t cp, int strip, unsigned char *out) {
    if (cp < 0x80) {
        out[0] = (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return 1;
    }
    utf8proc_int32_t cps[32];
    int options = UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | (strip ? UTF8PROC_STRIPMARK : 0);
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, cps, 32,
                                                 (utf8proc_option_t)options, NULL);
    if (n < 0 || n > 32) { /* cannot happen for valid code points; keep it as is */
        cps[0] = (utf8proc_int32_t)cp;
        n = 1;
    }
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) len += tr_utf8_encode((uint32_t)cps[i], out + len);
    return len;
}

/* Asks utf8proc about cp and caches the answer; NULL when it does not fit an
 * entry or there is no cache (its allocation failing only costs speed). */
static const fold_entry *fill_entry(tr_tokens *t, uint32_t cp) {
    if (!t->cache && !(t->cache = tr_calloc(t->alloc, 1, sizeof *t->cache))) return NULL;
    fold_entry *e = &t->cache->e[cp % CACHE_SIZE];
    unsigned char norm[32 * 4], strip[32 * 4];
    size_t norm_len = fold_char(cp, 0, norm), strip_len = fold_char(cp, 1, strip);
    if (norm_len > FOLD_MAX || strip_len > FOLD_MAX) return NULL;
    int nd = 0;
    e->cl = (uint8_t)classify(cp, &nd);
    e->nd = (uint8_t)nd;
    e->norm_len = (uint8_t)norm_len;
    e->strip_len = (uint8_t)strip_len;
    memcpy(e->norm, norm, norm_len);
    memcpy(e->strip, strip, strip_len);
    e->cp = cp;
    return e;
}

/* The facts of cp (>= 0x80), or NULL: then ask utf8proc directly. */
static inline const fold_entry *lookup(tr_tokens *t, uint32_t cp) {
    const fold_entry *e = t->cache ? &t->cache->e[cp % CACHE_SIZE] : NULL;
    return e && e->cp == cp ? e : fill_entry(t, cp);
}

/* Appends a cached form: FOLD_MAX bytes copied at once (no call), of which
 * len count. */
static inline int push_form(tr_tokens *t, const char form[FOLD_MAX], size_t len) {
    if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + FOLD_MAX, 1))
        return TRIAGE_ERR_NOMEM;
    memcpy(t->text + t->text_len, form, FOLD_MAX);
    t->text_len += len;
    return TRIAGE_OK;
}

/* Appends cp case-folded (and accent-stripped when strip is set). */
static int push_folded(tr_tokens *t, uint32_t cp, int strip) {
    const fold_entry *e = cp < 0x80 ? NULL : lookup(t, cp);
    if (e) return strip ? push_form(t, e->strip, e->strip_len) : push_form(t, e->norm, e->norm_len);
    unsigned char buf[32 * 4];
    return push_bytes(t, buf, fold_char(cp, strip, buf));
}

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

/* The gap code of a gap whose non-space bytes hash to h (other: it has some). */
static inline uint32_t gap_of(uint64_t h, int other) {
    return other ? 3u + (uint32_t)(h % (UINT32_MAX - 3u)) : TR_GAP_SPACE;
}

static inline int is_ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

/* The gap code of the separator s[a..b) (see TR_GAP_*). */
static uint32_t gap_code(const unsigned char *s, size_t a, size_t b) {
    if (a == b) return TR_GAP_NONE;
    uint64_t h = FNV_OFFSET;
    int other = 0;
    for (size_t i = a; i < b;) {
        unsigned char c = s[i];
        if (c < 0x80) { /* most gaps are ASCII: no decoding */
            if (!is_ascii_space(c)) {
                other = 1;
                h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * FNV_PRIME;
            }
            i++;
            continue;
        }
        uint32_t cp;
        int invalid = 0;
        size_t len = tr_utf8_decode_inline(s + i, b - i, &cp, &invalid);
        if (!is_space(cp)) { /* white space inside punctuation does not count */
            other = 1;
            for (size_t k = 0; k < len; k++) h = (h ^ s[i + k]) * FNV_PRIME;
        }
        i += len;
    }
    return gap_of(h, other);
}

/* Fills the accent-stripped form and the hashes of a word the slow path
 * read (the ASCII fast path hashes as it folds). */
static int finish_token(tr_tokens *t, tr_token *k, const unsigned char *s, int with_strip,
                        int non_ascii) {
    k->norm_hash = tr_hash_bytes(t->text + k->norm, k->norm_len);
    if (!with_strip || !non_ascii) {
        k->strip = k->norm;
        k->strip_len = k->norm_len;
        k->strip_hash = k->norm_hash;
        return TRIAGE_OK;
    }
    size_t begin = t->text_len;
    for (size_t i = k->start; i < k->end;) {
        uint32_t cp;
        int invalid = 0;
        i += tr_utf8_decode_inline(s + i, k->end - i, &cp, &invalid);
        if (push_folded(t, cp, 1) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    }
    k->strip = (uint32_t)begin;
    k->strip_len = (uint32_t)(t->text_len - begin);
    k->strip_hash = tr_hash_bytes(t->text + k->strip, k->strip_len);
    return TRIAGE_OK;
}

/* The TR_FIRST_* kind of a word's first character cp (nd: a decimal digit). */
static uint8_t first_kind(uint32_t cp, int nd) {
    if (cp < 0x80) return cp <= '9' ? TR_FIRST_ASCII_DIGIT : TR_FIRST_ASCII_LETTER;
    if (cp == 0x212A || cp == 0x17F) return TR_FIRST_KS;
    return nd ? TR_FIRST_DIGIT : TR_FIRST_OTHER;
}

/* The gap before a word that starts at byte i, the previous one having
 * ended at gap_start. */
static uint32_t gap_before(const tr_tokens *t, const unsigned char *s, size_t gap_start,
                           size_t i) {
    if (t->count == 0) return TR_GAP_START;
    /* a single space is by far the most common gap */
    if (i - gap_start == 1 && s[gap_start] == ' ') return TR_GAP_SPACE;
    return gap_code(s, gap_start, i);
}

/* A free slot for the next token. */
static tr_token *next_token(tr_tokens *t) {
    if (t->count == t->cap &&
        tr_reserve(t->alloc, (void **)&t->items, &t->cap, t->count + 1, sizeof *t->items))
        return NULL;
    return &t->items[t->count];
}

/* Opens a word at byte i, whose first character is cp (the slow path). */
static tr_token *open_token(tr_tokens *t, const unsigned char *s, size_t gap_start, size_t i,
                            uint32_t cp, int nd) {
    tr_token *k = next_token(t);
    if (!k) return NULL;
    *k = (tr_token){.start = (uint32_t)i,
                    .norm = (uint32_t)t->text_len,
                    .gap = gap_before(t, s, gap_start, i),
                    .first_kind = first_kind(cp, nd)};
    t->count++;
    return k;
}

static int close_token(tr_tokens *t, tr_token *k, const unsigned char *s, size_t end,
                       int with_strip, int non_ascii) {
    k->end = (uint32_t)end;
    k->norm_len = (uint32_t)(t->text_len - k->norm);
    return finish_token(t, k, s, with_strip, non_ascii);
}

/* What each byte is to the fast paths: an ASCII letter or digit, other
 * ASCII (space, punctuation, controls), or part of a longer character. */
enum { B_GAP, B_WORD, B_MULTI };
static const unsigned char byte_kind[256] = {
    ['0'] = B_WORD, ['1'] = B_WORD, ['2'] = B_WORD, ['3'] = B_WORD, ['4'] = B_WORD,
    ['5'] = B_WORD, ['6'] = B_WORD, ['7'] = B_WORD, ['8'] = B_WORD, ['9'] = B_WORD,
    ['A'] = B_WORD, ['B'] = B_WORD, ['C'] = B_WORD, ['D'] = B_WORD, ['E'] = B_WORD,
    ['F'] = B_WORD, ['G'] = B_WORD, ['H'] = B_WORD, ['I'] = B_WORD, ['J'] = B_WORD,
    ['K'] = B_WORD, ['L'] = B_WORD, ['M'] = B_WORD, ['N'] = B_WORD, ['O'] = B_WORD,
    ['P'] = B_WORD, ['Q'] = B_WORD, ['R'] = B_WORD, ['S'] = B_WORD, ['T'] = B_WORD,
    ['U'] = B_WORD, ['V'] = B_WORD, ['W'] = B_WORD, ['X'] = B_WORD, ['Y'] = B_WORD,
    ['Z'] = B_WORD,
    ['a'] = B_WORD, ['b'] = B_WORD, ['c'] = B_WORD, ['d'] = B_WORD, ['e'] = B_WORD,
    ['f'] = B_WORD, ['g'] = B_WORD, ['h'] = B_WORD, ['i'] = B_WORD, ['j'] = B_WORD,
    ['k'] = B_WORD, ['l'] = B_WORD, ['m'] = B_WORD, ['n'] = B_WORD, ['o'] = B_WORD,
    ['p'] = B_WORD, ['q'] = B_WORD, ['r'] = B_WORD, ['s'] = B_WORD, ['t'] = B_WORD,
    ['u'] = B_WORD, ['v'] = B_WORD, ['w'] = B_WORD, ['x'] = B_WORD, ['y'] = B_WORD,
    ['z'] = B_WORD,
    [0x80] = B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
    B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI, B_MULTI,
};

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* A run of ASCII letters and digits read eight bytes at a time. */
typedef struct ascii_run {
    size_t len;
    uint64_t hash;     /* tr_hash_bytes of the folded run */
    int has_digit;
    unsigned first;    /* the run's first byte */
    unsigned stop;     /* the byte after the run; 0 at the end of the text */
} ascii_run;

/* The eight bytes at s[i..n), zero beyond n (a zero byte ends a run like
 * any punctuation). */
static inline uint64_t load_block(const unsigned char *s, size_t i, size_t n) {
    if (n - i >= 8) return tr_load_le64(s + i);
    uint64_t v = 0;
    for (size_t k = 0; i + k < n; k++) v |= (uint64_t)s[i + k] << (8 * k);
    return v;
}

/* Copies the ASCII letters and digits at s[i..) folded to lower case to out,
 * which has room for n - i + 8 bytes (it may write up to 8 bytes beyond the
 * run). Each 8-byte block is classified at once: bytes below 0x80 with their
 * top bit cleared cannot carry into their neighbour when added to. */
static inline void read_ascii_run(const unsigned char *s, size_t i, size_t n, char *out,
                                  ascii_run *r) {
    uint64_t h = TR_HASH_SEED, digits = 0;
    size_t len = 0;
    uint64_t v = load_block(s, i, n);
    r->first = (unsigned)(v & 0xFF);
    for (;;) {
        uint64_t x = v & ~HIGHS, y = x | (0x20 * ONES);
        uint64_t letters = (y + (0x80 - 'a') * ONES) & ~(y + (0x80 - 'z' - 1) * ONES) & HIGHS;
        uint64_t digit = (x + (0x80 - '0') * ONES) & ~(x + (0x80 - '9' - 1) * ONES) & HIGHS;
        /* a byte beyond ASCII stops the run; before the stop, both are exact */
        uint64_t stop = (v | ~(letters | digit)) & HIGHS;
        uint64_t folded = v | (letters >> 2); /* 0x80 >> 2 is the case bit */
        if (!stop) {
            tr_store_le64(out + len, folded);
            h = tr_hash_chunk(h, folded);
            digits |= digit;
            len += 8;
            v = load_block(s, i + len, n);
            continue;
        }
        unsigned k = (unsigned)__builtin_ctzll(stop) >> 3; /* word bytes in this block */
        uint64_t keep = ((uint64_t)1 << (8 * k)) - 1;
        tr_store_le64(out + len, folded & keep);
        r->len = len + k;
        r->hash = tr_hash_final(h, folded & keep, r->len);
        r->has_digit = (digits | (digit & keep)) != 0;
        r->stop = (unsigned)(v >> (8 * k)) & 0xFF;
        return;
    }
}

/* Appends the ASCII letters and digits at s[i..) to the open word; returns
 * their count, or 0 when memory runs out. */
static size_t extend_ascii(tr_tokens *t, tr_token *k, const unsigned char *s, size_t i, size_t n) {
    if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + (n - i) + 8, 1))
        return 0;
    ascii_run r;
    read_ascii_run(s, i, n, t->text + t->text_len, &r);
    t->text_len += r.len;
    k->has_digit |= (uint8_t)r.has_digit;
    return r.len;
}

/* The gap code of the ASCII punctuation and space at s[*pi..), which ends
 * at the end, at a word byte or at a byte beyond ASCII (*pi: there). */
static inline uint32_t ascii_gap(const unsigned char *s, size_t *pi, size_t n) {
    uint64_t h = FNV_OFFSET;
    int other = 0;
    size_t i = *pi;
    for (; i < n && byte_kind[s[i]] == B_GAP; i++) {
        if (is_ascii_space(s[i])) continue;
        other = 1;
        h = (h ^ s[i]) * FNV_PRIME; /* no letters here: nothing to fold */
    }
    *pi = i;
    return gap_of(h, other);
}

/* Reads ASCII words and the ASCII gaps between them from s[*pi], the first
 * byte of a word, for as long as nothing else shows up: the bulk of most
 * texts. Each word is folded, hashed and written at once. Stops at the end,
 * at a byte beyond ASCII in a gap (*gap_start: where the gap began), or in
 * a word that goes on beyond ASCII (left open for the slow path in *open).
 * The hot fields of *t live in locals here: the folded bytes are stored
 * through char pointers, which the compiler must assume may alias *t. */
static int ascii_words(tr_tokens *t, const unsigned char *s, size_t *pi, size_t n,
                       size_t *gap_start, tr_token **open) {
    size_t i = *pi;
    /* folding ASCII never grows it: the rest of the text fits */
    if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + (n - i) + 8, 1))
        return TRIAGE_ERR_NOMEM;
    uint32_t gap = gap_before(t, s, *gap_start, i);
    char *text = t->text;
    size_t text_len = t->text_len, count = t->count, cap = t->cap;
    tr_token *items = t->items;
    int rc = TRIAGE_OK;
    for (;;) {
        if (count == cap) {
            if (tr_reserve(t->alloc, (void **)&t->items, &t->cap, count + 1, sizeof *items)) {
                rc = TRIAGE_ERR_NOMEM;
                break;
            }
            items = t->items;
            cap = t->cap;
        }
        tr_token *k = &items[count++];
        uint32_t norm = (uint32_t)text_len;
        ascii_run r;
        read_ascii_run(s, i, n, text + norm, &r);
        size_t end = i + r.len;
        uint8_t first = r.first <= '9' ? TR_FIRST_ASCII_DIGIT : TR_FIRST_ASCII_LETTER;
        uint16_t run = r.len > UINT16_MAX ? UINT16_MAX : (uint16_t)r.len;
        text_len += r.len;
        if (r.stop >= 0x80) { /* the slow path finishes it */
            *k = (tr_token){.start = (uint32_t)i, .norm = norm, .gap = gap, .ascii_run = run,
                            .has_digit = (uint8_t)r.has_digit, .first_kind = first};
            *open = k;
            i = end;
            break;
        }
        *k = (tr_token){(uint32_t)i, (uint32_t)end, norm, (uint32_t)r.len, norm, (uint32_t)r.len,
                        r.hash, r.hash, gap, run, (uint8_t)r.has_digit, first};
        i = end;
        if (i == n) break;
        if (r.stop == ' ' && i + 1 < n && byte_kind[s[i + 1]] == B_WORD) { /* the usual gap */
            gap = TR_GAP_SPACE;
            i++;
            continue;
        }
        gap = ascii_gap(s, &i, n);
        if (i == n || byte_kind[s[i]] == B_MULTI) {
            *gap_start = end;
            break;
        }
    }
    t->text_len = text_len;
    t->count = count;
    *pi = i;
    return rc;
}

static int tokenize(tr_tokens *t, const unsigned char *s, size_t n, int with_strip) {
    tr_token *open = NULL; /* the word being read */
    int open_nospace = 0, non_ascii = 0, after_mark = 0;
    size_t gap_start = 0;
    for (size_t i = 0; i < n;) {
        unsigned kind = byte_kind[s[i]];
        if (kind == B_GAP) { /* ASCII space or punctuation ends a word */
            if (open) {
                if (close_token(t, open, s, i, with_strip, non_ascii)) return TRIAGE_ERR_NOMEM;
                gap_start = i;
                open = NULL;
            }
            after_mark = 0;
            do i++;
            while (i < n && byte_kind[s[i]] == B_GAP);
            continue;
        }
        if (kind == B_WORD) {
            if (open && open_nospace) { /* an ASCII letter ends a Han (...) character */
                if (close_token(t, open, s, i, with_strip, non_ascii)) return TRIAGE_ERR_NOMEM;
                gap_start = i;
                open = NULL;
                after_mark = 0;
            }
            if (!open) {
                if (ascii_words(t, s, &i, n, &gap_start, &open) != TRIAGE_OK)
                    return TRIAGE_ERR_NOMEM;
                open_nospace = 0;
                non_ascii = 0;
                continue;
            }
            /* ASCII letters and digits inside a longer word */
            t->has_marks |= after_mark;
            after_mark = 0;
            size_t len = extend_ascii(t, open, s, i, n);
            if (!len) return TRIAGE_ERR_NOMEM;
            i += len;
            continue;
        }
        uint32_t cp;
        size_t len = tr_utf8_decode_inline(s + i, n - i, &cp, &t->invalid_utf8);
        const fold_entry *cached = lookup(t, cp);
        int nd = 0;
        enum char_class cl = cached ? (nd = cached->nd, (enum char_class)cached->cl)
                                    : classify(cp, &nd);
        t->has_other_digit |= nd;
        t->has_marks |= after_mark && open && cl == CL_WORD && !open_nospace;
        after_mark = cl == CL_MARK;
        int extend = open && ((cl == CL_WORD && !open_nospace) || cl == CL_MARK);
        if (open && !extend) { /* close the current word */
            if (close_token(t, open, s, i, with_strip, non_ascii) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
            gap_start = i;
            open = NULL;
            /* stripping the word may have reused the cache entry */
            if (cached && with_strip && cached->cp != cp) cached = NULL;
        }
        if (!open && (cl == CL_WORD || cl == CL_NOSPACE || cl == CL_MARK)) {
            if (!(open = open_token(t, s, gap_start, i, cp, nd))) return TRIAGE_ERR_NOMEM;
            open_nospace = cl == CL_NOSPACE;
            non_ascii = 0;
        }
        if (open) {
            non_ascii = 1;
            int rc = cached ? push_form(t, cached->norm, cached->norm_len) : push_folded(t, cp, 0);
            if (rc != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        }
        i += len;
    }
    if (open && close_token(t, open, s, n, with_strip, non_ascii) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    return TRIAGE_OK;
}

int tr_tokenize(tr_tokens *t, const char *text, size_t n, int with_strip) {
    t->count = 0;
    t->text_len = 0;
    t->invalid_utf8 = 0;
    t->has_marks = 0;
    t->has_other_digit = 0;
    if (n >= UINT32_MAX) return TRIAGE_ERR_LIMIT;
    int rc = tokenize(t, (const unsigned char *)text, n, with_strip);
    if (rc != TRIAGE_OK) return rc;
    /* the promised readable bytes past the last form */
    return tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + 8, 1);
}
