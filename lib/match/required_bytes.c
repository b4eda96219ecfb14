#include "match/required_bytes.h"

#include <string.h>

#define MAX_CLASS_BYTES 16 /* wider classes ("a letter") gate nothing */
#define WORK_MAX 8

typedef struct class_list {
    size_t count;
    uint64_t c[WORK_MAX][2];
} class_list;

static int same(const uint64_t *a, const uint64_t *b) { return a[0] == b[0] && a[1] == b[1]; }

static int has(const class_list *l, const uint64_t *c) {
    for (size_t k = 0; k < l->count; k++)
        if (same(l->c[k], c)) return 1;
    return 0;
}

static void add(class_list *l, const uint64_t *c) {
    if (l->count < WORK_MAX && !has(l, c)) {
        l->c[l->count][0] = c[0];
        l->c[l->count][1] = c[1];
        l->count++;
    }
}

static class_list required(const tr_rx_tree *t, uint16_t k) {
    const tr_rx_node *node = &t->nodes[k];
    class_list r = {0};
    switch (node->kind) {
    case TR_RX_CLASS: {
        int bytes = __builtin_popcountll(node->bytes[0]) + __builtin_popcountll(node->bytes[1]);
        if (node->nonascii == TR_RX_ASCII_ONLY && bytes <= MAX_CLASS_BYTES) add(&r, node->bytes);
        return r;
    }
    case TR_RX_REPEAT: return node->min ? required(t, node->child) : r;
    case TR_RX_CONCAT:
        for (uint16_t c = node->child; c != TR_RX_NONE; c = t->nodes[c].next) {
            class_list part = required(t, c);
            for (size_t i = 0; i < part.count; i++) add(&r, part.c[i]);
        }
        return r;
    case TR_RX_ALT: /* what every branch requires */
        for (uint16_t c = node->child; c != TR_RX_NONE; c = t->nodes[c].next) {
            class_list part = required(t, c);
            if (c == node->child) {
                r = part;
                continue;
            }
            class_list both = {0};
            for (size_t i = 0; i < r.count; i++)
                if (has(&part, r.c[i])) add(&both, r.c[i]);
            r = both;
        }
        return r;
    default: return r; /* assertions */
    }
}

/* Narrow classes of punctuation gate best: letters and digits are common. */
static int selectivity(const uint64_t *c) {
    int bytes = __builtin_popcountll(c[0]) + __builtin_popcountll(c[1]);
    int alnum = 0;
    for (unsigned b = '0'; b <= 'z'; b++)
        if (((c[b >> 6] >> (b & 63)) & 1) && ((b <= '9') || (b | 0x20) >= 'a')) alnum = 1;
    return bytes + (alnum ? 32 : 0);
}

size_t tr_required_bytes_of(const tr_rx_tree *tree, tr_required_bytes *out) {
    class_list all = required(tree, tree->root);
    memset(out, 0, sizeof *out);
    while (all.count && out->count < TR_REQUIRED_MAX) { /* the most selective first */
        size_t best = 0;
        for (size_t k = 1; k < all.count; k++)
            if (selectivity(all.c[k]) < selectivity(all.c[best])) best = k;
        memcpy(out->classes[out->count++], all.c[best], sizeof all.c[best]);
        all.c[best][0] = all.c[all.count - 1][0];
        all.c[best][1] = all.c[all.count - 1][1];
        all.count--;
    }
    return out->count;
}

int tr_required_bytes_present(const tr_required_bytes *r, const uint64_t present[4]) {
    for (size_t k = 0; k < r->count; k++)
        if (!(r->classes[k][0] & present[0]) && !(r->classes[k][1] & present[1])) return 0;
    return 1;
}
