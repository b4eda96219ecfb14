/* A hash set of scalar texts (open addressing, keyed SipHash). */
#include <sodium.h>
#include <string.h>

#include "core/alloc.h"
#include "yaml/loader.h"

void tr_ystrset_init(tr_ystrset *s, const triage_allocator *a, const unsigned char key[16]) {
    memset(s, 0, sizeof *s);
    s->alloc = a;
    s->key = key;
}

void tr_ystrset_free(tr_ystrset *s) {
    tr_free(s->alloc, (void *)s->slots);
    s->slots = NULL;
    s->cap = s->count = 0;
}

static size_t hash_text(const tr_ystrset *s, const char *text, size_t len) {
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)text, len, s->key);
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof h; i++) v = v << 8 | h[i];
    return (size_t)v;
}

static const tr_ynode **slot_for(const tr_ynode **slots, size_t cap, size_t hash,
                                 const char *text, size_t len) {
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        const tr_ynode *n = slots[i];
        if (!n || (n->len == len && memcmp(n->text, text, len) == 0)) return &slots[i];
    }
}

static int grow(tr_ystrset *s) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    const tr_ynode **slots = tr_calloc(s->alloc, cap, sizeof *slots);
    if (!slots) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i < s->cap; i++) {
        const tr_ynode *n = s->slots[i];
        if (n) *slot_for(slots, cap, hash_text(s, n->text, n->len), n->text, n->len) = n;
    }
    tr_free(s->alloc, (void *)s->slots);
    s->slots = slots;
    s->cap = cap;
    return TRIAGE_OK;
}

int tr_ystrset_insert(tr_ystrset *s, const tr_ynode *n, const tr_ynode **first) {
    *first = NULL;
    if ((s->count + 1) * 2 > s->cap && grow(s) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    const tr_ynode **slot = slot_for(s->slots, s->cap, hash_text(s, n->text, n->len), n->text,
                                     n->len);
    if (*slot) {
        *first = *slot;
        return TRIAGE_OK;
    }
    *slot = n;
    s->count++;
    return TRIAGE_OK;
}

const tr_ynode *tr_ystrset_find(const tr_ystrset *s, const char *text, size_t len) {
    if (!s->cap) return NULL;
    return *slot_for(s->slots, s->cap, hash_text(s, text, len), text, len);
}
