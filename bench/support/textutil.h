/* UTF-8 helpers for the workload generator and the baselines. */
#ifndef BENCH_TEXTUTIL_H
#define BENCH_TEXTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

/* Decodes one code point at s (len > 0); returns the bytes used (1 for an
 * invalid byte, read as U+FFFD). */
size_t bench_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* The code point before s + end (end > 0); returns its byte length. */
size_t bench_utf8_decode_last(const char *s, size_t end, uint32_t *cp);
void bench_utf8_encode(bench_sbuf *out, uint32_t cp);
/* Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar). */
int bench_is_spaceless(uint32_t cp);
/* Uppercase of the letters the vocabulary uses (ASCII, Latin-1, Greek,
 * Cyrillic); ß is kept (its uppercase "SS" only matches under full case
 * folding, which the PCRE2 baseline does not do). */
uint32_t bench_upper(uint32_t cp);
int bench_is_ascii(const char *s, size_t len);

#endif
