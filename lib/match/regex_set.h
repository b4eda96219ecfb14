/* Regexes (PCRE2, UTF + UCP, JIT) with a prefilter and a per-ticket work
 * budget.
 *
 * Each regex that requires a literal of 3+ ASCII bytes runs on a text only
 * when one pass over the text has found that literal (all literals are
 * looked for at once, through a table of 3-byte grams); a required group of
 * alternatives gates by all of them. Byte classes every match needs (read
 * from the pattern's syntax tree) and the bytes PCRE2 says a match starts
 * with or holds gate the others.
 *
 * Every regex is compiled in up to five forms (regex_internal.h): ASCII
 * texts take code without UCP, which gives the same matches faster. A
 * regex is tried, anchored, only at chosen places when it can be: where
 * one of its leading literals occurs, at word starts (patterns opening
 * with \b and a letter or digit), or where one of its few first bytes
 * occurs; its start automaton (start_nfa.h) rules out most places before
 * PCRE2 is called. The rest scan. */
#ifndef TR_REGEX_SET_H
#define TR_REGEX_SET_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "core/meter.h"
#include "match/literal.h"
#include "text/tokenize.h"

typedef struct tr_regex_set tr_regex_set;

typedef struct tr_regex_error {
    int status;         /* TRIAGE_ERR_REGEX or TRIAGE_ERR_LIMIT */
    size_t offset;      /* in the pattern */
    char message[256];
} tr_regex_error;

tr_regex_set *tr_regex_set_create(tr_meter *m);
void tr_regex_set_free(tr_regex_set *rs);
/* Compiles and adds a regex; returns its index (>= 0) or a negative status
 * with *err filled. gated: use the literal prefilter (scoring regexes). */
int tr_regex_set_add(tr_regex_set *rs, const char *pattern, size_t len, int caseless, int gated,
                     tr_regex_error *err);
/* Builds the prefilter; call once after the last add. */
int tr_regex_set_freeze(tr_regex_set *rs);
size_t tr_regex_set_count(const tr_regex_set *rs);
/* Whether some regex is tried at word starts (then the caller should pass
 * the text's tokens to tr_regex_set_match, even without keywords). */
int tr_regex_set_uses_words(const tr_regex_set *rs);
/* Bytes of JIT-compiled code (allocated by PCRE2 outside the meter). */
size_t tr_regex_set_jit_bytes(const tr_regex_set *rs);

/* Per-thread matching state. */
/* Keys of words by first character: 128 ASCII bytes, then a decimal
 * digit, another letter or number, and the Kelvin sign or long s. */
#define TR_WORD_KEYS 131
#define TR_WORD_KEY_WORDS ((TR_WORD_KEYS + 63) / 64) /* of a bit set of keys */

typedef struct tr_regex_scratch {
    const triage_allocator *alloc;
    pcre2_general_context *gctx;
    pcre2_match_context *mctx;
    pcre2_match_data *md;
    pcre2_jit_stack *jit_stack;
    uint32_t *marks; /* per regex: generation when triggered */
    uint64_t *candidates; /* bit per regex: the last text's prefilter lets it run */
    uint32_t generation;
    size_t count;  /* regexes in the set */
    int all_run;   /* the last text defeats the prefilter: run every regex */
    int ascii_only; /* the last text holds ASCII characters only */
    int valid_utf8; /* the last text is valid UTF-8 */
    uint32_t *anchor_marks; /* per regex: generation of its anchor hits */
    uint32_t *anchor_head;  /* per regex: first anchor hit (index + 1) */
    uint32_t *anchor_count; /* per regex: anchor hits, TR_MAX_ANCHOR_HITS + 1 = too many */
    struct tr_anchor_hit { uint32_t at, next; } *hits; /* anchor hits of the last text */
    size_t nhits, cap_hits;
    /* The words of the last text that hold an ASCII digit, in text order
     * (listed once per text, for the regexes tried at word starts whose
     * matches start in such a word). */
    uint32_t words_generation;
    uint32_t *digit_words; /* their indexes among the tokens */
    size_t ndigit_words, cap_digit_words;
    uint64_t present[4]; /* bytes present in the last text */
    uint32_t *starts; /* places in the last text of the set's start bytes, in order */
    size_t nstarts, cap_starts;
    int starts_known; /* starts lists all of them (the text was not too long) */
    uint64_t budget_left;
    int budget_hit; /* a regex was cut off */
} tr_regex_scratch;

int tr_regex_scratch_init(tr_regex_scratch *s, const tr_regex_set *rs, const triage_allocator *a);
void tr_regex_scratch_free(tr_regex_scratch *s);
/* Starts a ticket with a fresh budget. */
void tr_regex_scratch_reset(tr_regex_scratch *s, uint64_t budget);

/* Reads a text once: which gated regexes may match it (their literal
 * occurs), whether it is ASCII-only and which bytes it holds. known_valid:
 * the caller has found the text to be valid UTF-8 (else it is checked).
 * Call before tr_regex_set_may_run and tr_regex_set_match on that text.
 * Returns TRIAGE_OK or TRIAGE_ERR_NOMEM. */
int tr_regex_set_prefilter(const tr_regex_set *rs, const char *text, size_t n, int known_valid,
                           tr_regex_scratch *s);
/* The first regex, from index `from` on, that the prefilter lets run on
 * the last text (no literal gates it, or its literal occurs); the set's
 * count when there is none. The others need not be asked about. */
size_t tr_regex_set_next_candidate(const tr_regex_set *rs, const tr_regex_scratch *s, size_t from);
/* Whether regex i needs to run on the text last given to the prefilter. */
int tr_regex_set_may_run(const tr_regex_set *rs, uint32_t i, const tr_regex_scratch *s);
/* Runs regex i on the text last given to the prefilter. words, when not
 * NULL, are its tokens (they let word-start regexes skip ahead). Returns 1
 * (a match: *offset and *length set), 0 (no match, or cut off by the
 * budget: then s->budget_hit is set). */
int tr_regex_set_match(const tr_regex_set *rs, uint32_t i, const char *text, size_t n,
                       const tr_tokens *words, tr_regex_scratch *s, size_t *offset,
                       size_t *length);

#endif
