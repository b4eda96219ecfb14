/* A small, fast, seedless hash for table lookups (not for security: the
 * tables it serves are built from the rules, not from ticket text). */
#ifndef TR_HASH_H
#define TR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t tr_hash_bytes(const void *data, size_t len) {
    /* Eight bytes per multiply: words are short, and this runs per word. */
    const unsigned char *p = data;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t v;
        memcpy(&v, p, 8); /* byte order only changes which hash, not its quality */
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t v = 0;
    for (size_t k = 0; k < len; k++) v |= (uint64_t)p[k] << (8 * k);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
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
