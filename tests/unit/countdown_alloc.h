/* A host allocator for tests that fails after a set number of allocations
 * and counts the blocks still live, so that every allocation failure can be
 * tried and leaks seen. Header-only: include it in one test program. */
#ifndef TEST_COUNTDOWN_ALLOC_H
#define TEST_COUNTDOWN_ALLOC_H

#include <stdlib.h>

typedef struct countdown {
    long left; /* allocations that still succeed; < 0: unlimited */
    long live; /* blocks allocated and not yet freed */
} countdown;

static void *count_malloc(size_t size, void *user) {
    countdown *c = user;
    if (c->left == 0) return NULL;
    if (c->left > 0) c->left--;
    void *p = malloc(size);
    if (p) c->live++;
    return p;
}

static void count_free(void *p, void *user) {
    countdown *c = user;
    if (p) c->live--;
    free(p);
}

#endif
