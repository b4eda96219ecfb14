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

/* *other_digit is set for a decimal digit beyond ASCII. */
static enum char_class classify(uint32_t cp, int *other_digit) {
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
    case UTF8PROC_CATEGORY_ND: *other_digit = 1; /* fall through */
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return is_nospace_script(cp) ? CL_NOSPACE : CL_WORD;
    default:
        return CL_OTHER;
    }
}

void tr_tokens_init(tr_tokens *t, const triage_allocator *alloc) {
    memset(t, 0, sizeof *t);
    t->alloc = alloc;
}

void tr_tokens_free(tr_tokens *t) {
    tr_free(t->alloc, t->items);
    tr_free(t->alloc, t->text);
    memset(t, 0, sizeof *t);
}

static int push_bytes(tr_tokens *t, const void *p, size_t n) {
    if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + n, 1) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    memcpy(t->text + t->text_len, p, n);
    t->text_len += n;
    return TRIAGE_OK;
}

/* Appends cp case-folded (and accent-stripped when strip is set). */
static int push_folded(tr_tokens *t, uint32_t cp, int strip) {
    if (cp < 0x80) {
        unsigned char c = (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return push_bytes(t, &c, 1);
    }
    utf8proc_int32_t out[32];
    int options = UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | (strip ? UTF8PROC_STRIPMARK : 0);
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, out, 32,
                                                 (utf8proc_option_t)options, NULL);
    if (n < 0 || n > 32) { /* cannot happen for valid code points; keep it as is */
        out[0] = (utf8proc_int32_t)cp;
        n = 1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        unsigned char buf[4];
        size_t len = tr_utf8_encode((uint32_t)out[i], buf);
        if (push_bytes(t, buf, len) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    }
    return TRIAGE_OK;
}

/* The gap code of the separator s[a..b) (see TR_GAP_*). */
static uint32_t gap_code(const unsigned char *s, size_t a, size_t b, int first) {
    if (first) return TR_GAP_START;
    if (a == b) return TR_GAP_NONE;
    uint64_t h = 0xcbf29ce484222325ull;
    int other = 0;
    for (size_t i = a; i < b;) {
        uint32_t cp;
        int invalid = 0;
        size_t len = s[i] < 0x80 ? (cp = s[i], 1) : tr_utf8_decode(s + i, b - i, &cp, &invalid);
        if (!is_space(cp)) { /* white space inside punctuation does not count */
            other = 1;
            for (size_t k = 0; k < len; k++) {
                unsigned char c = s[i + k];
                h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 0x100000001b3ull;
            }
        }
        i += len;
    }
    if (!other) return TR_GAP_SPACE;
    return 3u + (uint32_t)(h % (UINT32_MAX - 3u));
}

/* Fills the accent-stripped form of a finished token. */
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
        i += tr_utf8_decode(s + i, k->end - i, &cp, &invalid);
        if (push_folded(t, cp, 1) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    }
    k->strip = (uint32_t)begin;
    k->strip_len = (uint32_t)(t->text_len - begin);
    k->strip_hash = tr_hash_bytes(t->text + k->strip, k->strip_len);
    return TRIAGE_OK;
}

/* The TR_FIRST_* kind of the word character at s[i]. */
static uint16_t first_kind(const unsigned char *s, size_t n, size_t i) {
    if (s[i] < 0x80) return s[i] <= '9' ? TR_FIRST_ASCII_DIGIT : TR_FIRST_ASCII_LETTER;
    uint32_t cp;
    int invalid = 0;
    tr_utf8_decode(s + i, n - i, &cp, &invalid);
    if (cp == 0x212A || cp == 0x17F) return TR_FIRST_KS;
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ND ? TR_FIRST_DIGIT
                                                                          : TR_FIRST_OTHER;
}

/* Opens a word at byte i (the gap before it runs from gap_start). */
static tr_token *open_token(tr_tokens *t, const unsigned char *s, size_t n, size_t gap_start,
                            size_t i) {
    if (t->count == t->cap &&
        tr_reserve(t->alloc, (void **)&t->items, &t->cap, t->count + 1, sizeof *t->items))
        return NULL;
    tr_token *k = &t->items[t->count];
    memset(k, 0, sizeof *k);
    /* a single space is by far the most common gap */
    k->gap = t->count == 0 ? TR_GAP_START
             : (i - gap_start == 1 && s[gap_start] == ' ') ? TR_GAP_SPACE
                                                            : gap_code(s, gap_start, i, 0);
    k->start = (uint32_t)i;
    k->norm = (uint32_t)t->text_len;
    k->first_kind = first_kind(s, n, i);
    t->count++;
    return k;
}

static int close_token(tr_tokens *t, tr_token *k, const unsigned char *s, size_t end,
                       int with_strip, int non_ascii) {
    k->end = (uint32_t)end;
    k->norm_len = (uint32_t)(t->text_len - k->norm);
    return finish_token(t, k, s, with_strip, non_ascii);
}

/* ASCII letters and digits (the bulk of most tickets) folded to lower
 * case; 0 for every other ASCII character. */
static const unsigned char ascii_word_fold[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
    0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
};

int tr_tokenize(tr_tokens *t, const char *text, size_t n, int with_strip) {
    const unsigned char *s = (const unsigned char *)text;
    t->count = 0;
    t->text_len = 0;
    t->invalid_utf8 = 0;
    t->has_marks = 0;
    t->has_other_digit = 0;
    if (n >= UINT32_MAX) return TRIAGE_ERR_LIMIT;
    tr_token *open = NULL; /* the word being read */
    int open_nospace = 0, non_ascii = 0, after_mark = 0;
    size_t gap_start = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (!ascii_word_fold[s[i]]) { /* ASCII space or punctuation ends a word */
                after_mark = 0;
                if (open) {
                    if (close_token(t, open, s, i, with_strip, non_ascii)) return TRIAGE_ERR_NOMEM;
                    gap_start = i;
                    open = NULL;
                }
                i++;
                continue;
            }
            if (!open || !open_nospace) {
                /* A run of ASCII letters and digits: copy it folded at once. */
                if (!open) {
                    if (!(open = open_token(t, s, n, gap_start, i))) return TRIAGE_ERR_NOMEM;
                    non_ascii = 0;
                }
                t->has_marks |= after_mark;
                after_mark = 0;
                open_nospace = 0;
                size_t j = i;
                while (j < n && s[j] < 0x80 && ascii_word_fold[s[j]]) j++;
                if (tr_ensure(t->alloc, (void **)&t->text, &t->text_cap, t->text_len + (j - i), 1))
                    return TRIAGE_ERR_NOMEM;
                char *out = t->text + t->text_len;
                for (size_t k = i; k < j; k++) {
                    *out++ = (char)ascii_word_fold[s[k]];
                    open->has_digit |= s[k] <= '9';
                }
                t->text_len += j - i;
                i = j;
                continue;
            }
        }
        uint32_t cp;
        size_t len = 1;
        if (s[i] < 0x80) cp = s[i];
        else len = tr_utf8_decode(s + i, n - i, &cp, &t->invalid_utf8);
        enum char_class cl = classify(cp, &t->has_other_digit);
        t->has_marks |= after_mark && open && cl == CL_WORD && !open_nospace;
        after_mark = cl == CL_MARK;
        int extend = open && ((cl == CL_WORD && !open_nospace) || cl == CL_MARK);
        if (open && !extend) { /* close the current word */
            if (close_token(t, open, s, i, with_strip, non_ascii) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
            gap_start = i;
            open = NULL;
        }
        if (!open && (cl == CL_WORD || cl == CL_NOSPACE || cl == CL_MARK)) {
            if (!(open = open_token(t, s, n, gap_start, i))) return TRIAGE_ERR_NOMEM;
            open_nospace = cl == CL_NOSPACE;
            non_ascii = 0;
        }
        if (open) {
            non_ascii |= cp >= 0x80;
            if (push_folded(t, cp, 0) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
        }
        i += len;
    }
    if (open && close_token(t, open, s, n, with_strip, non_ascii) != TRIAGE_OK)
        return TRIAGE_ERR_NOMEM;
    return TRIAGE_OK;
}
