/* The parts of a regex set that compiling and matching share. */
#ifndef TR_REGEX_INTERNAL_H
#define TR_REGEX_INTERNAL_H

#include "match/regex_set.h"
#include "match/required_bytes.h"
#include "match/start_nfa.h"

/* What PCRE2 tells about the matches of one compiled form. */
typedef struct tr_regex_shape {
    uint64_t first_bytes[4]; /* bytes a match can start with (all: unknown) */
    int16_t required[2];     /* a byte every match holds (either case); -1: none */
} tr_regex_shape;

/* Each regex is compiled in up to five forms, each the fastest PCRE2 JIT
 * code for one kind of text and one way of calling it. (JIT does not take
 * PCRE2_ANCHORED at match time, so anchored tries need anchored code.) */
enum tr_regex_form {
    TR_FORM_ASCII,            /* UTF, no UCP: valid ASCII-only texts */
    TR_FORM_ASCII_ANCHORED,   /* the same, anchored at the start offset */
    TR_FORM_UNICODE,          /* UTF + UCP: valid UTF-8 texts */
    TR_FORM_UNICODE_ANCHORED, /* the same, anchored */
    TR_FORM_INVALID_UTF,      /* UTF + UCP + MATCH_INVALID_UTF: texts with bad bytes */
    TR_FORMS
};

typedef struct tr_regex {
    pcre2_code *forms[TR_FORMS]; /* anchored forms only for anchorable regexes */
    tr_literal_set *literals; /* NULL: not gated by literals */
    tr_literal_set *anchors;  /* NULL, or literals one of which starts every match */
    int anchors_at_words;     /* the pattern opens with \b: anchors only count at word starts */
    tr_regex_shape ascii_shape, unicode_shape; /* what each form reveals */
    int word_start;         /* on ASCII texts: begins with \b and a letter or digit */
    int word_start_unicode; /* the same on any text without combining marks */
    unsigned first_kinds;   /* TR_FIRST_* kinds of character a match can start with */
    int word_needs_digit;   /* on ASCII texts: the word a match starts in has a digit */
    tr_start_nfa *start;    /* rules out places where no match starts; NULL: none */
    tr_word_fit fit[2];     /* its word fit on ASCII text [0] and other text [1] */
    tr_required_bytes required; /* byte classes every match holds */
    /* Tried, anchored, where one of its first bytes occurs (it has no
     * literal and no word start, and few first bytes); beyond_ascii: what
     * its first character can be beyond ASCII (TR_START_*). */
    int position_start, beyond_ascii;
    /* A byte every match holds that is rare in text ('@' of an e-mail
     * address), or 0: then a match starts in the run of `before` bytes
     * that ends at one of its occurrences (see tr_start_nfa_before). */
    unsigned char pivot;
    uint64_t before[4];
    /* Bit set of the keys (see TR_WORD_KEYS) of the words a match may start
     * at, on ASCII texts [0] and on others [1]. */
    uint64_t start_keys[2][TR_WORD_KEY_WORDS];
} tr_regex;

/* One literal of a regex, by one of its grams. Everything the scan needs
 * is here or in the set's literal_bytes, close together in memory. */
typedef struct gram_entry {
    uint32_t gram;    /* three lower-cased bytes, the first in the low byte */
    uint32_t regex;
    uint32_t text;    /* the literal: rs->literal_bytes + text, lower case */
    uint16_t offset;  /* of the gram in the literal */
    uint8_t len;      /* of the literal */
    uint8_t flags;    /* TR_GRAM_* */
    uint32_t after;   /* anchors: the bytes that may follow (rs->after_sets[after - 1]); 0: any */
} gram_entry;

#define TR_GRAM_ANCHOR 1u   /* one of the anchors (else: of the required literals) */
#define TR_GRAM_AT_WORDS 2u /* an anchor that only counts where a word starts */

#define TR_GRAM_HASH_BITS 17   /* 16 KiB of bits: few false hits, still in L1 */
#define TR_GRAM_BUCKET_BITS 12

#define TR_MAX_START_TEXT 65536 /* longer texts: regexes tried by position scan instead */

#define TR_MAX_ANCHOR_HITS 32 /* per regex and text; more: scan the whole text */

struct tr_regex_set {
    tr_meter *meter;
    pcre2_general_context *gctx;
    pcre2_compile_context *cctx;
    tr_regex *items;
    size_t count, cap;
    /* One bit per hash of each gram as it may appear in text (every mix
     * of upper and lower case), then the grams sorted by the hash of their
     * lower-case form, found through the start of each bucket (the top
     * bits of that hash). */
    uint64_t gram_bits[(1u << TR_GRAM_HASH_BITS) / 64];
    uint32_t bucket_start[(1u << TR_GRAM_BUCKET_BITS) + 1];
    gram_entry *grams;
    size_t ngrams;
    char *literal_bytes; /* the literals of all entries, back to back */
    uint64_t (*after_sets)[4]; /* per anchor entry with one: the bytes that may follow it */
    size_t nafter_sets;
    size_t nliteral_bytes;
    uint64_t *ungated; /* bit per regex: no literal gates it */
    uint8_t is_start_byte[256]; /* 1: a first byte of some regex tried by position */
    int has_position_starts;  /* some regex is tried by position */
};

/* Whether a 256-bit set of first bytes is small enough that trying each
 * place where one occurs beats a scan (regexes tried by position). */
static inline int tr_few_bytes(const uint64_t *set) {
    int count = 0;
    for (int k = 0; k < 4; k++) count += __builtin_popcountll(set[k]);
    return count <= 24;
}

/* Words of a bit set with one bit per regex. */
static inline size_t tr_regex_set_words(const tr_regex_set *rs) { return rs->count / 64 + 1; }

static inline unsigned char tr_ascii_lower(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}
/* The three bytes at p as a gram, the first in the low byte. */
static inline uint32_t tr_gram_at(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t tr_gram_hash(uint32_t g) {
    return (g * 2654435761u) >> (32 - TR_GRAM_HASH_BITS);
}
static inline int tr_bit(const uint64_t *set, unsigned b) { return (set[b >> 6] >> (b & 63)) & 1; }

#endif
