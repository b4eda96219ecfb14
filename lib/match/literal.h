/* Finds a literal that every match of a regex must contain, so that the
 * regex runs only on text that holds it. */
#ifndef TR_LITERAL_H
#define TR_LITERAL_H

#include <stddef.h>

#define TR_LITERAL_MAX 64

/* Writes into out (lower-case ASCII, not NUL-terminated) the longest run of
 * ASCII characters that any match of the pattern must contain, reading the
 * pattern conservatively: top-level alternation, extended mode, \Q..\E and
 * anything unusual give no literal. Returns its length (0: none). */
size_t tr_required_literal(const char *pattern, size_t len, char out[TR_LITERAL_MAX]);

#endif
