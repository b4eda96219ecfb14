/* Ticket ids -> slots: open addressing with linear probing over slot
 * numbers (4 bytes a bucket, load at most 1/2), backward-shift deletion. */
#include <string.h>

#include "sla/tracker.h"

static size_t hash_id(uint64_t id) {
    /* splitmix64's finaliser: every input bit moves every output bit */
    id ^= id >> 30;
    id *= 0xbf58476d1ce4e5b9ULL;
    id ^= id >> 27;
    id *= 0x94d049bb133111ebULL;
    id ^= id >> 31;
    return (size_t)id;
}

uint32_t tr_index_find(const triage_tracker *t, uint64_t id) {
    if (!t->index_cap) return TR_NO_SLOT;
    size_t mask = t->index_cap - 1;
    for (size_t i = hash_id(id) & mask;; i = (i + 1) & mask) {
        uint32_t s = t->index[i];
        if (s == TR_NO_SLOT) return TR_NO_SLOT;
        if (t->tickets[s].id == id) return s;
    }
}

static void place(uint32_t *index, size_t cap, const tr_ticket *tickets, uint32_t slot) {
    size_t mask = cap - 1;
    size_t i = hash_id(tickets[slot].id) & mask;
    while (index[i] != TR_NO_SLOT) i = (i + 1) & mask;
    index[i] = slot;
}

int tr_index_reserve(triage_tracker *t, size_t n) {
    size_t cap = t->index_cap ? t->index_cap : 16;
    while (cap / 2 < n) {
        if (cap > SIZE_MAX / 4) return TRIAGE_ERR_NOMEM;
        cap *= 2;
    }
    if (cap == t->index_cap) return TRIAGE_OK;
    uint32_t *index = tr_calloc(t->alloc, cap, sizeof *index);
    if (!index) return TRIAGE_ERR_NOMEM;
    memset(index, 0xFF, cap * sizeof *index);
    for (size_t s = 0; s < t->ntickets; s++) place(index, cap, t->tickets, (uint32_t)s);
    tr_free(t->alloc, t->index);
    t->index = index;
    t->index_cap = cap;
    return TRIAGE_OK;
}

/* The caller reserved room; the ticket at `slot` already carries `id`. */
void tr_index_insert(triage_tracker *t, uint64_t id, uint32_t slot) {
    (void)id;
    place(t->index, t->index_cap, t->tickets, slot);
}

void tr_index_erase(triage_tracker *t, uint64_t id) {
    size_t mask = t->index_cap - 1;
    size_t i = hash_id(id) & mask;
    while (t->tickets[t->index[i]].id != id) i = (i + 1) & mask;
    /* Shift later members of the probe run back over the hole. */
    for (size_t j = (i + 1) & mask; t->index[j] != TR_NO_SLOT; j = (j + 1) & mask) {
        size_t home = hash_id(t->tickets[t->index[j]].id) & mask;
        /* j's entry may move to i when its home is not in (i, j] cyclically */
        int between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!between) {
            t->index[i] = t->index[j];
            i = j;
        }
    }
    t->index[i] = TR_NO_SLOT;
}

/* Rebuilds the index from the ticket array (after a restore). */
int tr_index_rebuild(triage_tracker *t) {
    tr_free(t->alloc, t->index);
    t->index = NULL;
    t->index_cap = 0;
    return tr_index_reserve(t, t->ntickets);
}
