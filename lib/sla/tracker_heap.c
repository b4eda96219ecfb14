/* Two binary min-heaps: tickets by their next fire instant (ties by ticket
 * id, so the order never depends on the heap's layout), and the outbox of
 * fires made final by events, in fire order. */
#include "sla/tracker.h"

static int item_before(const triage_tracker *t, const tr_heap_item *a, const tr_heap_item *b) {
    if (a->at != b->at) return a->at < b->at;
    return t->tickets[a->slot].id < t->tickets[b->slot].id;
}

static void heap_set(triage_tracker *t, size_t pos, tr_heap_item item) {
    t->heap[pos] = item;
    t->tickets[item.slot].heap_pos = (uint32_t)pos;
}

static void sift_up(triage_tracker *t, size_t pos) {
    tr_heap_item item = t->heap[pos];
    while (pos > 0) {
        size_t parent = (pos - 1) / 2;
        if (!item_before(t, &item, &t->heap[parent])) break;
        heap_set(t, pos, t->heap[parent]);
        pos = parent;
    }
    heap_set(t, pos, item);
}

static void sift_down(triage_tracker *t, size_t pos) {
    tr_heap_item item = t->heap[pos];
    for (;;) {
        size_t child = 2 * pos + 1;
        if (child >= t->nheap) break;
        if (child + 1 < t->nheap && item_before(t, &t->heap[child + 1], &t->heap[child])) child++;
        if (!item_before(t, &t->heap[child], &item)) break;
        heap_set(t, pos, t->heap[child]);
        pos = child;
    }
    heap_set(t, pos, item);
}

void tr_heap_remove(triage_tracker *t, uint32_t slot) {
    uint32_t pos = t->tickets[slot].heap_pos;
    if (pos == TR_NO_SLOT) return;
    t->tickets[slot].heap_pos = TR_NO_SLOT;
    t->nheap--;
    if (pos == t->nheap) return;
    uint32_t moved = t->heap[t->nheap].slot;
    heap_set(t, pos, t->heap[t->nheap]);
    sift_up(t, pos);
    if (t->tickets[moved].heap_pos == pos) sift_down(t, pos);
}

/* Puts the ticket at its new instant (TR_NEVER removes it). The heap has
 * room for every ticket (reserved when tickets are added). */
void tr_heap_update(triage_tracker *t, uint32_t slot, int64_t at) {
    uint32_t pos = t->tickets[slot].heap_pos;
    if (at == TR_NEVER) {
        tr_heap_remove(t, slot);
        return;
    }
    if (pos == TR_NO_SLOT) {
        pos = (uint32_t)t->nheap++;
        tr_heap_item item = {at, slot};
        heap_set(t, pos, item);
        sift_up(t, pos);
        return;
    }
    int64_t old = t->heap[pos].at;
    t->heap[pos].at = at;
    if (at < old) sift_up(t, pos);
    else sift_down(t, pos);
}

int tr_fire_before(const triage_tracker *t, const tr_fire *a, const tr_fire *b) {
    (void)t;
    if (a->at != b->at) return a->at < b->at;
    if (a->ticket != b->ticket) return a->ticket < b->ticket;
    if (a->metric != b->metric) return a->metric < b->metric;
    if (a->kind != b->kind) return a->kind < b->kind;
    return a->level < b->level;
}

void tr_outbox_push(triage_tracker *t, const tr_fire *f) {
    size_t pos = t->noutbox++;
    while (pos > 0) {
        size_t parent = (pos - 1) / 2;
        if (!tr_fire_before(t, f, &t->outbox[parent])) break;
        t->outbox[pos] = t->outbox[parent];
        pos = parent;
    }
    t->outbox[pos] = *f;
}

void tr_outbox_pop(triage_tracker *t, tr_fire *out) {
    *out = t->outbox[0];
    tr_fire last = t->outbox[--t->noutbox];
    size_t pos = 0;
    for (;;) {
        size_t child = 2 * pos + 1;
        if (child >= t->noutbox) break;
        if (child + 1 < t->noutbox && tr_fire_before(t, &t->outbox[child + 1], &t->outbox[child]))
            child++;
        if (!tr_fire_before(t, &t->outbox[child], &last)) break;
        t->outbox[pos] = t->outbox[child];
        pos = child;
    }
    if (t->noutbox) t->outbox[pos] = last;
}
