/* Splits text into words, folded for caseless (and optionally accentless)
 * comparison, remembering what separates each word from the previous one.
 *
 * A word is a maximal run of letters, marks and digits of any script, except
 * that each character of a script written without spaces (Han, Hiragana,
 * Katakana, Thai, Lao, Khmer, Myanmar) is a word of its own (with the marks
 * that follow it), so that phrases in those scripts match as substrings. */
#ifndef TR_TOKENIZE_H
#define TR_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include <triage/common.h>

/* What lies between a word and the word before it. */
#define TR_GAP_START 0u /* first word of the text */
#define TR_GAP_NONE 1u  /* nothing: words of a script without spaces */
#define TR_GAP_SPACE 2u /* a run of white space only */
/* Any other gap: a code >= 3 derived from its non-space characters. */

typedef struct tr_token {
    uint32_t start, end;      /* byte range in the original text */
    uint32_t norm, norm_len;  /* case-folded form, in tr_tokens.text */
    uint32_t strip, strip_len; /* folded and accent-stripped form */
    uint64_t norm_hash, strip_hash;
    uint32_t gap;
    uint16_t ascii_run;  /* the ASCII bytes it opens with, at most UINT16_MAX */
    uint8_t has_digit;   /* the word holds an ASCII digit */
    uint8_t first_kind;  /* TR_FIRST_*: what its first character is */
} tr_token;

/* The kind of a word's first character. */
#define TR_FIRST_ASCII_DIGIT 0x1u
#define TR_FIRST_DIGIT 0x2u        /* a decimal digit beyond ASCII */
#define TR_FIRST_ASCII_LETTER 0x4u
#define TR_FIRST_OTHER 0x8u        /* any other letter, mark or number */
#define TR_FIRST_KS 0x10u          /* U+212A KELVIN SIGN or U+017F LONG S: caseless k, s */

struct tr_fold_cache;

typedef struct tr_tokens {
    const triage_allocator *alloc;
    struct tr_fold_cache *cache; /* utf8proc's answers for recent characters */
    tr_token *items;
    size_t count, cap;
    char *text; /* folded forms, back to back, then at least 8 readable bytes
                 * (of any value), so that forms can be read 8 bytes at a time */
    size_t text_len, text_cap;
    int invalid_utf8; /* set when the input held invalid UTF-8 */
    int has_marks;    /* set when a combining mark is followed by a letter or
                       * digit of the same word (PCRE2 sees a word boundary
                       * there, the tokenizer does not) */
    int has_other_digit; /* set when the text holds a decimal digit beyond ASCII */
} tr_tokens;

void tr_tokens_init(tr_tokens *t, const triage_allocator *alloc);
void tr_tokens_free(tr_tokens *t);
/* Tokenizes s[0..n) into t (replacing its contents). with_strip also builds
 * the accent-stripped forms (otherwise strip == norm). Texts longer than
 * UINT32_MAX bytes are refused with TRIAGE_ERR_LIMIT. */
int tr_tokenize(tr_tokens *t, const char *s, size_t n, int with_strip);

static inline const char *tr_token_text(const tr_tokens *t, const tr_token *k, int strip) {
    return t->text + (strip ? k->strip : k->norm);
}

#endif
