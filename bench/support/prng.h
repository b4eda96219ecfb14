/* A small seeded PRNG for the benchmark workload: splitmix64 to expand the
 * seed, xoshiro256** for the draws. No global state, so two generators with
 * the same seed give the same workload in any order of use. */
#ifndef BENCH_PRNG_H
#define BENCH_PRNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_prng {
    uint64_t s[4];
} bench_prng;

static inline uint64_t bench_splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline void bench_prng_seed(bench_prng *r, uint64_t seed) {
    uint64_t sm = seed;
    for (int i = 0; i < 4; i++) r->s[i] = bench_splitmix64(&sm);
}

static inline uint64_t bench_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t bench_prng_next(bench_prng *r) {
    uint64_t *s = r->s;
    uint64_t result = bench_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = bench_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n); n > 0. The modulo bias is irrelevant at these sizes. */
static inline size_t bench_prng_below(bench_prng *r, size_t n) {
    return (size_t)(bench_prng_next(r) % (uint64_t)n);
}

/* Uniform in [0, 1). */
static inline double bench_prng_unit(bench_prng *r) {
    return (double)(bench_prng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability p. */
static inline int bench_prng_chance(bench_prng *r, double p) { return bench_prng_unit(r) < p; }

#endif
