/* A small, fast, seedless hash for table lookups (not for security: the
 * tables it serves are built from the rules, not from ticket text). */
#ifndef TR_HASH_H
#define TR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Eight bytes in little-endian order, whatever the host's, so that a word
 * read eight bytes at a time and one read byte by byte hash alike. */
static inline uint64_t tr_load_le64(const void *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
#endif
    return v;
}

static inline void tr_store_le64(void *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
#endif
    memcpy(p, &v, 8);
}

/* The hash runs in three steps so that the tokenizer can hash a word while
 * it folds it, eight bytes at a time, before it knows the word's length. */
#define TR_HASH_SEED 0x9E3779B97F4A7C15ull

/* Mixes in the next eight bytes (little-endian). */
static inline uint64_t tr_hash_chunk(uint64_t h, uint64_t v) {
    h = (h ^ v) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 32);
}

/* Mixes in the last len % 8 bytes (little-endian, zero above) and the
 * length; tail's top byte is always zero, so the length can go there. */
static inline uint64_t tr_hash_final(uint64_t h, uint64_t tail, size_t len) {
    h = (h ^ tail ^ ((uint64_t)len << 56)) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static inline uint64_t tr_hash_bytes(const void *data, size_t len) {
    /* Eight bytes per multiply: words are short, and this runs per word. */
    const unsigned char *p = data;
    uint64_t h = TR_HASH_SEED;
    size_t left = len;
    for (; left >= 8; p += 8, left -= 8) h = tr_hash_chunk(h, tr_load_le64(p));
    uint64_t v = 0;
    for (size_t k = 0; k < left; k++) v |= (uint64_t)p[k] << (8 * k);
    return tr_hash_final(h, v, len);
}

/* Mixes a few integers into a table index (splitmix64 finaliser). */
static inline uint64_t tr_hash_mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

#endif
