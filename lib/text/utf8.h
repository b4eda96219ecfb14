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

/* tr_utf8_decode with the valid two- and three-byte forms (Latin, Greek,
 * Cyrillic, CJK...) decoded inline; anything else goes to the full check. */
static inline size_t tr_utf8_decode_inline(const unsigned char *s, size_t n, uint32_t *cp,
                                           int *invalid) {
    unsigned b0 = s[0];
    if (b0 >= 0xC2 && b0 <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = ((b0 & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if ((b0 & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t c = ((b0 & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) { /* no overlong form, no surrogate */
            *cp = c;
            return 3;
        }
    }
    return tr_utf8_decode(s, n, cp, invalid);
}

/* Writes cp (<= U+10FFFF, not a surrogate) as UTF-8; returns 1 to 4. */
size_t tr_utf8_encode(uint32_t cp, unsigned char out[4]);

/* 1 if s[0..n) is entirely valid UTF-8. */
int tr_utf8_valid(const char *s, size_t n);

#endif
