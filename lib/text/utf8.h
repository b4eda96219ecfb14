/* UTF-8 decoding that never fails: invalid input reads as U+FFFD. */
#ifndef TR_UTF8_H
#define TR_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define TR_REPLACEMENT_CHAR 0xFFFDu

/* Decodes the code point at s[0..n), n > 0. Returns the bytes consumed (1 to
 * 4). An invalid sequence (stray continuation byte, overlong form, surrogate,
 * value above U+10FFFF, truncated sequence) yields U+FFFD, sets *invalid to 1
 * and consumes its maximal valid prefix (at least one byte), as Unicode's
 * "substitution of maximal subparts" recommends. */
size_t tr_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, int *invalid);

/* Writes cp (<= U+10FFFF, not a surrogate) as UTF-8; returns 1 to 4. */
size_t tr_utf8_encode(uint32_t cp, unsigned char out[4]);

/* 1 if s[0..n) is entirely valid UTF-8. */
int tr_utf8_valid(const char *s, size_t n);

#endif
