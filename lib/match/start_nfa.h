/* A small automaton that tells, in a few nanoseconds, whether a regex match
 * can start at a given place: the regex's first (up to) 64 character
 * positions as a bit-parallel Glushkov automaton over ASCII bytes, with
 * \b and \B on its edges.
 *
 * On ASCII text the answer is exact for the part of the pattern that fits
 * (a longer pattern is cut after its first 64 positions, and anything that
 * may follow is accepted). At a non-ASCII character it answers "may match"
 * whenever some live position could take a non-ASCII character, so it
 * never rules out a match PCRE2 (with or without UCP) would find. The
 * router asks it before every anchored PCRE2 call. */
#ifndef TR_START_NFA_H
#define TR_START_NFA_H

#include <stddef.h>
#include <stdint.h>

#include "core/meter.h"
#include "match/regex_syntax.h"

#define TR_START_NFA_MAX_STEPS 64 /* a check that runs longer answers "may match" */

typedef struct tr_start_nfa tr_start_nfa;

/* Builds the automaton of a parsed pattern; NULL when the pattern can
 * match the empty string (then every place may start a match), or on lack
 * of memory. */
tr_start_nfa *tr_start_nfa_build(tr_meter *m, const tr_rx_tree *tree);
void tr_start_nfa_free(tr_meter *m, tr_start_nfa *a);

/* 0: no match of the regex starts at text[at]; 1: one may. *steps gets the
 * number of bytes read (at least 1), for the caller's work budget. */
int tr_start_nfa_may_match(const tr_start_nfa *a, const char *text, size_t n, size_t at,
                           size_t *steps);

/* Whether a match may start at any of the places starts[0..nstarts) (in
 * increasing order) whose byte is in first (256 bits): one pass over the
 * text from the first of them, where every place adds the start
 * positions to those still alive, instead of one check per place. Reads
 * each byte once (*steps counts them); 1 also when it meets a non-ASCII
 * byte while something is alive. */
int tr_start_nfa_any_start(const tr_start_nfa *a, const char *text, size_t n,
                           const uint32_t *starts, size_t nstarts, const uint64_t *first,
                           size_t *steps);

/* The bytes that can follow lit (len ASCII bytes, lower case, matched
 * caselessly) when a match starts with it: fills next (256 bits) and
 * returns 1; returns 0 when it cannot tell (a match may end within or right
 * after the literal, or \b or \B sit inside the pattern). */
int tr_start_nfa_after(const tr_start_nfa *a, const char *lit, size_t len, uint64_t next[4]);

/* The bytes that can come before the first x (an ASCII byte every match
 * holds) in a match: fills before (256 bits) and returns 1; returns 0 when
 * it cannot tell (the automaton was cut before every x). A match whose
 * first x is the first x of the text starts at most that run of such
 * bytes before it. */
int tr_start_nfa_before(const tr_start_nfa *a, unsigned char x, uint64_t before[4]);

/* What the first character of a match can be beyond ASCII. */
enum {
    TR_START_ASCII,               /* nothing: matches start with an ASCII byte */
    TR_START_BEYOND_ASCII_DIGITS, /* a decimal digit of another script (\d with UCP) */
    TR_START_BEYOND_ASCII_ANY     /* other characters too */
};
int tr_start_nfa_first_beyond_ascii(const tr_start_nfa *a);

/* The lengths of the run of ASCII letters and digits that a word where a
 * match starts can open with (then another byte, or the end): bit L for
 * L < 64, and every length from open_from on; the lengths with which a
 * match can end (then anything may follow); and the bytes that can come
 * right after a run where a match goes on ("10" of a time needs ':'). */
typedef struct tr_word_fit {
    uint64_t lengths;
    unsigned open_from;
    uint64_t ends;
    uint64_t after[4];
} tr_word_fit;

/* The fit on texts that are all ASCII (ascii_text) or not. */
tr_word_fit tr_start_nfa_word_fit(const tr_start_nfa *a, int ascii_text);

/* Whether a match may start at a word whose run is `run` bytes long and
 * followed by byte `next` (256: the end of the text). */
static inline int tr_word_fit_ok(const tr_word_fit *fit, size_t run, unsigned next) {
    if (run >= fit->open_from) return 1; /* a match can end inside the run */
    if (run >= 64 || !((fit->lengths >> run) & 1)) return 0;
    if ((fit->ends >> run) & 1) return 1;
    return next < 256 && ((fit->after[next >> 6] >> (next & 63)) & 1);
}

#endif
