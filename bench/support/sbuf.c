#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bench_die(const char *what) {
    fprintf(stderr, "bench: %s\n", what);
    exit(2);
}

void *bench_xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) bench_die("out of memory");
    return p;
}

void *bench_xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) bench_die("out of memory");
    return p;
}

char *bench_xstrndup(const char *s, size_t n) {
    char *p = bench_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void bench_sbuf_reserve(bench_sbuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->ptr, cap);
    if (!p) bench_die("out of memory");
    b->ptr = p;
    b->cap = cap;
}

void bench_sbuf_put(bench_sbuf *b, const char *s, size_t n) {
    bench_sbuf_reserve(b, n);
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void bench_sbuf_puts(bench_sbuf *b, const char *s) { bench_sbuf_put(b, s, strlen(s)); }

void bench_sbuf_putc(bench_sbuf *b, char c) { bench_sbuf_put(b, &c, 1); }

void bench_sbuf_free(bench_sbuf *b) {
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}
