/* A growable byte buffer for building ticket text. Allocation failure is
 * fatal in the benchmark (it reports and exits), which keeps the generator
 * readable. */
#ifndef BENCH_SBUF_H
#define BENCH_SBUF_H

#include <stddef.h>

typedef struct bench_sbuf {
    char *ptr;
    size_t len, cap;
} bench_sbuf;

void bench_sbuf_reserve(bench_sbuf *b, size_t extra);
void bench_sbuf_put(bench_sbuf *b, const char *s, size_t n);
void bench_sbuf_puts(bench_sbuf *b, const char *s);
void bench_sbuf_putc(bench_sbuf *b, char c);
void bench_sbuf_free(bench_sbuf *b);
/* Aborts the program with a message: the benchmark cannot go on. */
void bench_die(const char *what);
void *bench_xmalloc(size_t n);
void *bench_xcalloc(size_t n, size_t size);
char *bench_xstrndup(const char *s, size_t n);

#endif
