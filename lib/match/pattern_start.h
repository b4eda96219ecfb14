/* What a regex's text says about where its matches can start, so that it
 * need only be tried at the start of some words. Read conservatively: an
 * answer of 0 means "anywhere". */
#ifndef TR_PATTERN_START_H
#define TR_PATTERN_START_H

#include <stddef.h>

/* When the pattern opens with \b and every match then starts with a letter
 * or digit (\d, ASCII letters and digits, classes of those, groups whose
 * branches all start so), every match starts where a word of the tokenizer
 * starts (unless a combining mark precedes it). Returns the TR_FIRST_*
 * kinds of character a match can start with, 0 when the pattern opens
 * otherwise or has top-level alternation. */
unsigned tr_word_start_kinds(const char *pattern, size_t len);

/* Whether, in a pattern that opens with \b, the run of letter-and-digit
 * atoms that follows requires an ASCII digit: then (on ASCII texts) the word
 * a match starts in holds a digit. */
int tr_first_word_has_digit(const char *pattern, size_t len);

#endif
