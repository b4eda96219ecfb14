#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

static void *libc_malloc(size_t size, void *user) {
    (void)user;
    return malloc(size);
}

static void libc_free(void *p, void *user) {
    (void)user;
    free(p);
}

static const triage_allocator libc_allocator = {libc_malloc, libc_free, NULL};

const triage_allocator *tr_allocator_or_default(const triage_allocator *a) {
    return a ? a : &libc_allocator;
}

triage_allocator *triage_allocator_create(triage_malloc_fn malloc_fn, triage_free_fn free_fn,
                                          void *user) {
    if (!malloc_fn || !free_fn) return NULL;
    triage_allocator *a = malloc_fn(sizeof *a, user);
    if (!a) return NULL;
    a->malloc_fn = malloc_fn;
    a->free_fn = free_fn;
    a->user = user;
    return a;
}

void triage_allocator_free(triage_allocator *a) {
    if (a) a->free_fn(a, a->user);
}

void *tr_malloc(const triage_allocator *a, size_t size) {
    a = tr_allocator_or_default(a);
    return a->malloc_fn(size ? size : 1, a->user);
}

void *tr_calloc(const triage_allocator *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = tr_malloc(a, n * size);
    if (p && n && size) memset(p, 0, n * size);
    return p;
}

void tr_free(const triage_allocator *a, void *p) {
    if (!p) return;
    a = tr_allocator_or_default(a);
    a->free_fn(p, a->user);
}

char *tr_strndup(const triage_allocator *a, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = tr_malloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

int tr_reserve(const triage_allocator *a, void **items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return TRIAGE_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) return TRIAGE_ERR_NOMEM;
        ncap *= 2;
    }
    if (size && ncap > SIZE_MAX / size) return TRIAGE_ERR_NOMEM;
    void *p = tr_malloc(a, ncap * size);
    if (!p) return TRIAGE_ERR_NOMEM;
    if (*items && *cap) memcpy(p, *items, *cap * size);
    tr_free(a, *items);
    *items = p;
    *cap = ncap;
    return TRIAGE_OK;
}
