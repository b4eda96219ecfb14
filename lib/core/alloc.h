/* Internal allocation helpers over the host's allocator. */
#ifndef TR_ALLOC_H
#define TR_ALLOC_H

#include <triage/common.h>

struct triage_allocator {
    triage_malloc_fn malloc_fn;
    triage_free_fn free_fn;
    void *user;
};

/* The allocator to use for a possibly-NULL host allocator (malloc/free). */
const triage_allocator *tr_allocator_or_default(const triage_allocator *a);

void *tr_malloc(const triage_allocator *a, size_t size);
/* Zeroed array of n elements; NULL on overflow or failure. */
void *tr_calloc(const triage_allocator *a, size_t n, size_t size);
void tr_free(const triage_allocator *a, void *p);
/* Copy of s[0..len) plus a terminating NUL. */
char *tr_strndup(const triage_allocator *a, const char *s, size_t len);
/* Ensures *items has room for `need` elements of `size` bytes, growing
 * geometrically. Returns TRIAGE_OK or TRIAGE_ERR_NOMEM (nothing changed). */
int tr_reserve(const triage_allocator *a, void **items, size_t *cap, size_t need, size_t size);
/* tr_reserve with the common case (enough room) inline. */
static inline int tr_ensure(const triage_allocator *a, void **items, size_t *cap, size_t need,
                            size_t size) {
    return need <= *cap ? TRIAGE_OK : tr_reserve(a, items, cap, need, size);
}

#endif
