/* Finds literals of which every match of a regex must contain at least one,
 * so that the regex runs only on text that holds one of them. */
#ifndef TR_LITERAL_H
#define TR_LITERAL_H

#include <stddef.h>

#define TR_LITERAL_MAX 64     /* bytes kept of one literal */
#define TR_LITERAL_SET_MAX 16 /* alternatives kept of one requirement */

typedef struct tr_literal_set {
    size_t count;
    size_t len[TR_LITERAL_SET_MAX];
    char text[TR_LITERAL_SET_MAX][TR_LITERAL_MAX]; /* lower-case ASCII */
} tr_literal_set;

/* Fills out with literals such that every match of the pattern contains at
 * least one of them: the best of the runs of plain ASCII characters the
 * pattern requires, or the union of such runs over the branches of a
 * required group. Reads conservatively: extended mode, \Q..\E, escapes that
 * take arguments and unknown group forms give nothing. The shortest member
 * is at least min_len bytes long. Returns out->count (0: no requirement). */
size_t tr_required_literals(const char *pattern, size_t len, size_t min_len, tr_literal_set *out);

/* Fills out with literals one of which starts every match (after \b or ^):
 * the literal run a pattern opens with, or the union of those its opening
 * group's branches open with. Same conventions as tr_required_literals. */
size_t tr_leading_literals(const char *pattern, size_t len, size_t min_len, tr_literal_set *out);

/* Length of the regex quantifier at p[i] (*, +, ?, {n}, {n,}, {n,m}, with a
 * lazy or possessive suffix), 0 when there is none; *optional is set when
 * it allows zero repetitions. */
size_t tr_quantifier_length(const char *p, size_t n, size_t i, int *optional);

/* Index just past the character class that opens at p[i] == '[', or 0
 * when it does not close. */
size_t tr_class_end(const char *p, size_t n, size_t i);

#endif
