/* Repairing bad Unicode before JSON decoding.
 *
 * jansson refuses a whole document for one bad byte or one unpaired
 * surrogate escape, but a ticket router should read such a ticket as U+FFFD
 * and flag it (or, with --strict, reject it while still naming its id). So
 * the raw line is repaired first: each maximal invalid UTF-8 subpart (the
 * Unicode "best practice" for U+FFFD substitution) becomes EF BF BD, and a
 * `\uXXXX` escape of an unpaired surrogate inside a string becomes `\uFFFD`
 * (same length, so jansson's columns stay right). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid; then
 * *subpart is how many bytes form the maximal invalid subpart (>= 1). */
static size_t utf8_sequence(const unsigned char *p, size_t avail, size_t *subpart) {
    unsigned char c = p[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;      /* no overlongs */
        else if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) lo = 0x90;      /* no overlongs */
        else if (c == 0xF4) hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        *subpart = 1;
        return 0;
    }
    size_t i = 1;
    for (; i < need && i < avail; i++) {
        unsigned char b = p[i];
        unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h) break;
    }
    if (i == need) return need;
    *subpart = i;
    return 0;
}

static int hex4(const char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* Length of the \u escape at p (p[0] == '\\', p[1] == 'u') that is kept as
 * is: 6 for a non-surrogate, 12 for a valid pair; 0 for an unpaired
 * surrogate, which is replaced. Malformed escapes are kept (6 or fewer bytes)
 * for jansson to report. */
static size_t unicode_escape(const char *p, size_t avail) {
    unsigned u, v;
    if (avail < 6 || !hex4(p + 2, &u)) return 2;
    if (u < 0xD800 || u > 0xDFFF) return 6;
    if (u >= 0xDC00) return 0;
    if (avail >= 12 && p[6] == '\\' && p[7] == 'u' && hex4(p + 8, &v) && v >= 0xDC00 &&
        v <= 0xDFFF)
        return 12;
    return 0;
}

/* One pass over the text; writes the repaired text when out is not NULL.
 * Returns the repaired length; *changed tells whether anything was bad. */
static size_t repair_pass(const char *text, size_t len, char *out, int *changed) {
    size_t i = 0, o = 0;
    int in_string = 0;
    *changed = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t keep = 1;
        if (c >= 0x80) {
            size_t subpart = 1;
            keep = utf8_sequence((const unsigned char *)text + i, len - i, &subpart);
            if (keep == 0) {
                if (out) memcpy(out + o, REPLACEMENT, 3);
                o += 3;
                i += subpart;
                *changed = 1;
                continue;
            }
        } else if (c == '"') {
            in_string = !in_string;
        } else if (c == '\\' && in_string && i + 1 < len) {
            keep = 2;
            if (text[i + 1] == 'u') {
                keep = unicode_escape(text + i, len - i);
                if (keep == 0) {
                    if (out) memcpy(out + o, "\\uFFFD", 6);
                    o += 6;
                    i += 6;
                    *changed = 1;
                    continue;
                }
            }
        }
        if (out) memcpy(out + o, text + i, keep);
        o += keep;
        i += keep;
    }
    return o;
}

int cli_utf8_repair(const char *text, size_t len, char **out, size_t *outlen) {
    int changed;
    size_t n = repair_pass(text, len, NULL, &changed);
    if (!changed) return 0;
    char *buf = malloc(n + 1);
    if (!buf) return -1;
    repair_pass(text, len, buf, &changed);
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 1;
}
