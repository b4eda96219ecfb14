/* The tokenizer against a plain reference: one code point at a time,
 * everything through utf8proc (the tokenizer's first form, kept here as the
 * specification of its results). Fast paths must not change any field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "text/hash.h"
#include "text/tokenize.h"
#include "text/utf8.h"

/* ---- the reference ---- */

typedef struct ref_token {
    uint32_t start, end, gap;
    uint16_t has_digit, first_kind, ascii_run;
    char norm[512], strip[512];
    size_t norm_len, strip_len;
} ref_token;

typedef struct ref_tokens {
    ref_token items[2048];
    size_t count;
    int invalid_utf8, has_marks, has_other_digit;
} ref_tokens;

enum { R_OTHER, R_SPACE, R_WORD, R_NOSPACE, R_MARK };

static int ref_is_space(uint32_t cp) {
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

static int ref_nospace(uint32_t cp) {
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
           (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3134F);
}

static int ref_class(uint32_t cp, int *nd) {
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return R_WORD;
        if (cp >= '0' && cp <= '9') return R_WORD;
        return ref_is_space(cp) ? R_SPACE : R_OTHER;
    }
    if (ref_is_space(cp)) return R_SPACE;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return R_MARK;
    case UTF8PROC_CATEGORY_ND: *nd = 1; /* fall through */
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return ref_nospace(cp) ? R_NOSPACE : R_WORD;
    default:
        return R_OTHER;
    }
}

static void ref_fold(char *out, size_t *len, uint32_t cp, int strip) {
    utf8proc_int32_t cps[32];
    int options = UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | (strip ? UTF8PROC_STRIPMARK : 0);
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, cps, 32,
                                                 (utf8proc_option_t)options, NULL);
    if (n < 0 || n > 32) {
        cps[0] = (utf8proc_int32_t)cp;
        n = 1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        assert_true(*len + 4 < sizeof ((ref_token *)0)->norm);
        *len += tr_utf8_encode((uint32_t)cps[i], (unsigned char *)out + *len);
    }
}

static uint32_t ref_gap(const unsigned char *s, size_t a, size_t b, size_t count) {
    if (count == 0) return TR_GAP_START;
    if (a == b) return TR_GAP_NONE;
    uint64_t h = 0xcbf29ce484222325ull;
    int other = 0;
    for (size_t i = a; i < b;) {
        uint32_t cp;
        int invalid = 0;
        size_t len = tr_utf8_decode(s + i, b - i, &cp, &invalid);
        if (!ref_is_space(cp)) {
            other = 1;
            for (size_t k = 0; k < len; k++) {
                unsigned char c = s[i + k];
                h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 0x100000001b3ull;
            }
        }
        i += len;
    }
    return other ? 3u + (uint32_t)(h % (UINT32_MAX - 3u)) : TR_GAP_SPACE;
}

static void ref_close(ref_token *k, const unsigned char *s, size_t end, int with_strip) {
    k->end = (uint32_t)end;
    int non_ascii = 0;
    for (size_t i = k->start; i < end; i++) non_ascii |= s[i] >= 0x80;
    if (!with_strip || !non_ascii) {
        memcpy(k->strip, k->norm, k->norm_len);
        k->strip_len = k->norm_len;
        return;
    }
    for (size_t i = k->start; i < end;) {
        uint32_t cp;
        int invalid = 0;
        i += tr_utf8_decode(s + i, end - i, &cp, &invalid);
        ref_fold(k->strip, &k->strip_len, cp, 1);
    }
}

static void ref_tokenize(ref_tokens *t, const char *text, size_t n, int with_strip) {
    const unsigned char *s = (const unsigned char *)text;
    t->count = 0;
    t->invalid_utf8 = t->has_marks = t->has_other_digit = 0;
    ref_token *open = NULL;
    int open_nospace = 0, after_mark = 0;
    size_t gap_start = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = tr_utf8_decode(s + i, n - i, &cp, &t->invalid_utf8);
        int nd = 0, cl = ref_class(cp, &nd);
        t->has_other_digit |= nd;
        t->has_marks |= after_mark && open && cl == R_WORD && !open_nospace;
        after_mark = cl == R_MARK;
        int extend = open && ((cl == R_WORD && !open_nospace) || cl == R_MARK);
        if (open && !extend) {
            ref_close(open, s, i, with_strip);
            gap_start = i;
            open = NULL;
        }
        if (!open && (cl == R_WORD || cl == R_NOSPACE || cl == R_MARK)) {
            assert_true(t->count < sizeof t->items / sizeof t->items[0]);
            open = &t->items[t->count];
            memset(open, 0, sizeof *open);
            open->gap = ref_gap(s, gap_start, i, t->count);
            open->start = (uint32_t)i;
            open->first_kind = cp < 0x80 ? (cp <= '9' ? TR_FIRST_ASCII_DIGIT : TR_FIRST_ASCII_LETTER)
                               : cp == 0x212A || cp == 0x17F ? TR_FIRST_KS
                               : nd                          ? TR_FIRST_DIGIT
                                                             : TR_FIRST_OTHER;
            open_nospace = cl == R_NOSPACE;
            t->count++;
        }
        if (open) {
            if (cp < 0x80 && open->ascii_run == i - open->start) open->ascii_run++;
            open->has_digit |= cp >= '0' && cp <= '9';
            ref_fold(open->norm, &open->norm_len, cp, 0);
        }
        i += len;
    }
    if (open) ref_close(open, s, n, with_strip);
}

/* ---- comparison ---- */

/* One tr_tokens for all texts, as a router's scratch keeps it: whatever it
 * remembers from a text must not change the next one's tokens. */
static tr_tokens t;

static void expect_same(const char *text, size_t n) {
    static ref_tokens ref;
    for (int with_strip = 0; with_strip <= 1; with_strip++) {
        ref_tokenize(&ref, text, n, with_strip);
        assert_int_equal(tr_tokenize(&t, text, n, with_strip), 0);
        /* triage_route takes a scored field's validity from its tokens */
        int same = t.count == ref.count && t.invalid_utf8 == ref.invalid_utf8 &&
                   t.invalid_utf8 == !tr_utf8_valid(text, n) &&
                   t.has_marks == ref.has_marks && t.has_other_digit == ref.has_other_digit;
        for (size_t i = 0; same && i < t.count; i++) {
            const tr_token *k = &t.items[i];
            const ref_token *r = &ref.items[i];
            same = k->start == r->start && k->end == r->end && k->gap == r->gap &&
                   k->has_digit == r->has_digit && k->first_kind == r->first_kind &&
                   k->ascii_run == r->ascii_run &&
                   k->norm_len == r->norm_len && k->strip_len == r->strip_len &&
                   !memcmp(tr_token_text(&t, k, 0), r->norm, r->norm_len) &&
                   !memcmp(tr_token_text(&t, k, 1), r->strip, r->strip_len) &&
                   k->norm_hash == tr_hash_bytes(r->norm, r->norm_len) &&
                   k->strip_hash == tr_hash_bytes(r->strip, r->strip_len);
            if (!same) fprintf(stderr, "token %zu differs\n", i);
        }
        if (!same) {
            fprintf(stderr, "text (%zu bytes, with_strip %d):", n, with_strip);
            for (size_t i = 0; i < n; i++) fprintf(stderr, " %02x", (unsigned char)text[i]);
            fprintf(stderr, "\n");
        }
        assert_true(same);
    }
}

#define SAME(lit) expect_same(lit, sizeof lit - 1)

static void test_crafted(void **state) {
    (void)state;
    SAME("");
    SAME("a");
    SAME("Hello, World. Foo:bar  baz\tqux\n\nEND");
    SAME("abcdefgh abcdefghi abcdefghijklmnopq ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789x");
    SAME("order 12345678 and A1B2C3D4E5 9");
    SAME("@[`{/:0189azAZ");
    SAME("caf\xc3\xa9 CAF\xc3\x89 na\xc3\xafve Stra\xc3\x9f" "e \xc3\x9f\xc3\x9f");
    SAME("e\xcc\x81t\xc3\xa9 \xcc\x81x a\xcc\x81" "b"); /* combining marks */
    SAME("\xe8\xaf\xb7\xe9\x80\x80\xe6\xac\xbe abc\xe3\x83\xad\xe3\x82\xb0" "def");
    SAME("\xe0\xb8\x81\xe0\xb8\xb4x \xe0\xb9\x91\xe0\xb9\x92"); /* Thai, mark, digits */
    SAME("\xe2\x84\xaa" "elvin \xc5\xbf" "s \xd9\xa3x"); /* Kelvin, long s, Arabic digit */
    SAME("a\xc2\xa0" "b\xe2\x80\x83" "c\xe3\x80\x80" "d\xc2\x85" "e"); /* Unicode spaces */
    SAME("a\xff" "b\xc3" "c\xe2\x82" "d\xed\xa0\x80" "e\xc0\x80" "f\xf4\x90\x80\x80"); /* invalid */
    SAME("x\xf0\x9f\x98\x80y \xf0\x9f\x98\x80, z"); /* emoji */
    SAME("\xce\x86\xce\xa3\xce\x99\xce\x91 \xce\x90 \xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2");
    SAME("abc\xc3\xa9" "defghijkl\xc3\xa9" "0");
    SAME("\xe3\x82\xab\xe3\x83\xbc\xe3\x83\x89\xe7\x95\xaa\xe5\x8f\xb7 [[\xef\xbc\x94\xef\xbc\x99\xef\xbc\x98\xef\xbc\x90 \xef\xbc\x91\xef\xbc\x92 ]]\xe3\x81\xa7");
    SAME("ab, cd. ef; gh - ij -- kl ... mn (op) [qr] \"st\" 'uv'");
}

/* A random text from pieces that exercise every path. */
static size_t random_text(char *out, size_t cap, unsigned *seed) {
    static const char *const pieces[] = {
        "a", "Z", "q", "7", "0", "Refund", "INVOICE", "abcdefgh", "ABCDEFGHIJKLMNOPQ", "x1",
        " ", " ", " ", "  ", "\t", "\n", ", ", ". ", ".", "-", "'", "/", "\"", "(", ":", "#",
        "\xc3\xa9", "\xc3\x89", "\xc3\x9f", "\xc3\xb1", "\xc3\xbf", "\xc3\x98", "\xc3\x97",
        "\xc2\xb5", "\xc2\xaa", "\xc2\xb2", "\xc2\xbd", "\xc2\xa0", "\xc2\xab", "\xc2\xad",
        "\xc5\xbf", "\xc4\xb0", "\xc4\xb1", "\xc5\x92", "\xc4\xb3", "\xc5\x89",
        "\xe2\x84\xaa", "\xce\x90", "\xce\xa3", "\xcf\x82", "\xd0\x81", "\xd0\xb9",
        "\xcc\x81", "\xcc\x88", "\xe0\xb8\x81", "\xe0\xb8\xb4", "\xe0\xb9\x91", "\xd9\xa3",
        "\xe8\xaf\xb7", "\xe3\x83\xad", "\xe3\x80\x80", "\xe2\x80\x83", "\xe2\x80\x94",
        "\xf0\x9f\x98\x80", "\xf0\xa0\x80\x80", "\xef\xbc\xa1", "\xe1\xba\x9e",
        "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\x80", "\x80", "\xf4\x90\x80\x80",
    };
    size_t npieces = sizeof pieces / sizeof pieces[0], len = 0;
    size_t want = (size_t)(rand_r(seed) % 60);
    for (size_t k = 0; k < want; k++) {
        const char *p = pieces[(size_t)rand_r(seed) % npieces];
        size_t pl = strlen(p);
        if (len + pl > cap) break;
        memcpy(out + len, p, pl);
        len += pl;
    }
    return len;
}

static void test_random(void **state) {
    (void)state;
    unsigned seed = 12345;
    char buf[400];
    for (int i = 0; i < 20000; i++) {
        size_t n = random_text(buf, sizeof buf, &seed);
        /* at the end of an allocation, so reading past it would show under ASan */
        char *exact = malloc(n ? n : 1);
        assert_non_null(exact);
        memcpy(exact, buf, n);
        expect_same(exact, n);
        free(exact);
    }
}

/* Every code point alone, between ASCII letters, and after a space. */
static void test_every_code_point(void **state) {
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        if (cp >= 0x40000 && cp < 0xE0000) cp = 0xE0000; /* unassigned planes */
        char buf[16];
        size_t len = tr_utf8_encode(cp, (unsigned char *)buf + 1);
        buf[0] = 'a';
        buf[len + 1] = 'b';
        buf[len + 2] = ' ';
        memcpy(buf + len + 3, buf + 1, len);
        expect_same(buf, 2 * len + 3);
    }
}

/* Long ASCII runs: words of every length up to past 64 bytes, cut at every
 * length, then the end, a letter beyond ASCII (the word goes on) or a space
 * beyond ASCII (the gap does), so that words and runs end at every offset of
 * a block and across blocks of 8 and 64 bytes. */
static void test_ascii_runs(void **state) {
    (void)state;
    static const char *const gaps[] = {" ", ", ", "\t-- "};
    static const char *const after[] = {"", "\xc3\xa9x y", "\xc2\xa0z"};
    char buf[256];
    for (size_t w = 1; w <= 70; w += (w < 20 ? 1 : 7)) {
        for (size_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
            char run[200];
            size_t len = 0;
            for (size_t k = 0; len < 150; k++) {
                if (k && k % (w + 1) == 0) {
                    for (const char *p = gaps[g]; *p && len < 150; p++) run[len++] = *p;
                    continue;
                }
                run[len++] = "AbC9zQ1m"[(k * 7 + w) % 8];
            }
            for (size_t cut = 1; cut <= 150; cut++) {
                for (size_t a = 0; a < sizeof after / sizeof after[0]; a++) {
                    size_t al = strlen(after[a]);
                    memcpy(buf, run, cut);
                    memcpy(buf + cut, after[a], al);
                    char *exact = malloc(cut + al); /* reading past it shows under ASan */
                    assert_non_null(exact);
                    memcpy(exact, buf, cut + al);
                    expect_same(exact, cut + al);
                    free(exact);
                }
            }
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crafted),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_every_code_point),
        cmocka_unit_test(test_ascii_runs),
    };
    tr_tokens_init(&t, NULL);
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tr_tokens_free(&t);
    return failed;
}
