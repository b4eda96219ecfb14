#include "textutil.h"

size_t bench_utf8_decode(const char *s, size_t len, uint32_t *cp) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (n == 0 || n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = u[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    *cp = v;
    return n;
}

size_t bench_utf8_decode_last(const char *s, size_t end, uint32_t *cp) {
    size_t start = end - 1;
    while (start > 0 && end - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80) start--;
    size_t n = bench_utf8_decode(s + start, end - start, cp);
    if (start + n != end) { /* not a clean sequence: report the last byte alone */
        *cp = 0xFFFD;
        return 1;
    }
    return n;
}

void bench_utf8_encode(bench_sbuf *out, uint32_t cp) {
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    bench_sbuf_put(out, b, n);
}

int bench_is_spaceless(uint32_t cp) {
    return (cp >= 0x0E00 && cp <= 0x0EFF)      /* Thai, Lao */
           || (cp >= 0x1000 && cp <= 0x109F)   /* Myanmar */
           || (cp >= 0x1780 && cp <= 0x17FF)   /* Khmer */
           || (cp >= 0x3040 && cp <= 0x30FF)   /* Hiragana, Katakana */
           || (cp >= 0x3400 && cp <= 0x4DBF)   /* CJK extension A */
           || (cp >= 0x4E00 && cp <= 0x9FFF)   /* CJK unified */
           || (cp >= 0xF900 && cp <= 0xFAFF)   /* CJK compatibility */
           || (cp >= 0x20000 && cp <= 0x3134F); /* CJK extensions B.. */
}

uint32_t bench_upper(uint32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
    if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 32;
    if (cp == 0x3C2) return 0x3A3; /* final sigma */
    if (cp == 0x3AC) return 0x386;
    if (cp >= 0x3AD && cp <= 0x3AF) return cp - 37;
    if (cp == 0x3CC) return 0x38C;
    if (cp == 0x3CD || cp == 0x3CE) return cp - 63;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
    return cp;
}

int bench_is_ascii(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}
