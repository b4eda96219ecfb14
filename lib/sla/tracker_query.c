/* Reading the tracker: per-ticket metrics, the next fire, and collecting
 * what is due in time order. */
#include "sla/tracker.h"

const char *triage_fire_kind_name(int kind) {
    switch (kind) {
    case TRIAGE_FIRE_WARNING: return "warning";
    case TRIAGE_FIRE_BREACH: return "breach";
    case TRIAGE_FIRE_ESCALATION: return "escalation";
    default: return NULL;
    }
}

int triage_tracker_metric(const triage_tracker *t, uint64_t ticket, int metric, int64_t now,
                          int64_t *due, int64_t *elapsed, int64_t *remaining, unsigned *flags) {
    if (!t || metric < 0 || metric >= TRIAGE_METRIC_COUNT) return TRIAGE_ERR_ARGUMENT;
    uint32_t slot = tr_index_find(t, ticket);
    if (slot == TR_NO_SLOT) return TRIAGE_ERR_NOT_FOUND;
    const tr_ticket *k = &t->tickets[slot];
    const tr_metric *m = &k->m[metric];
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    int64_t d = TRIAGE_TIME_NONE, e = 0, r = 0;
    unsigned f = 0;
    if (tr_policy_timed(p, metric)) {
        int running = m->state == TR_ACTIVE && !(k->flags & TR_PAUSED);
        e = m->used;
        if (running) e += tr_metric_elapsed(p, metric, m->since, now);
        r = tr_policy_target(p, metric) - e;
        if (m->state == TR_ACTIVE) {
            f |= TRIAGE_SLA_ACTIVE;
            if (!running) f |= TRIAGE_SLA_PAUSED;
            if (running) d = tr_entry_instant(p, m, metric, p->nwarn);
            if (d == TR_NEVER) d = TRIAGE_TIME_NONE;
            if ((m->result & TR_CUR_BREACHED) || (running && d != TRIAGE_TIME_NONE && now >= d))
                f |= TRIAGE_SLA_BREACHED;
            if (m->result & TR_LAST_MET) f |= TRIAGE_SLA_MET;
        } else {
            if (m->result & TR_LAST_MET) f |= TRIAGE_SLA_MET;
            if (m->result & TR_LAST_BREACHED) f |= TRIAGE_SLA_BREACHED;
        }
    }
    if (due) *due = d;
    if (elapsed) *elapsed = e;
    if (remaining) *remaining = r;
    if (flags) *flags = f;
    return TRIAGE_OK;
}

int triage_tracker_ticket(const triage_tracker *t, uint64_t ticket, int *priority, int *tier,
                          const char **policy, int *solved) {
    if (!t) return TRIAGE_ERR_ARGUMENT;
    uint32_t slot = tr_index_find(t, ticket);
    if (slot == TR_NO_SLOT) return TRIAGE_ERR_NOT_FOUND;
    const tr_ticket *k = &t->tickets[slot];
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    if (priority) *priority = k->priority;
    if (tier) *tier = k->tier;
    if (policy) *policy = p ? p->name : NULL;
    if (solved) *solved = (k->flags & TR_SOLVED) != 0;
    return TRIAGE_OK;
}

size_t triage_tracker_ticket_count(const triage_tracker *t) { return t ? t->ntickets : 0; }

size_t triage_tracker_memory(const triage_tracker *t) {
    if (!t) return 0;
    size_t n = sizeof *t;
    n += t->cap_policies * sizeof *t->policies + t->npolicies * sizeof(triage_sla_policy);
    n += t->cap_statuses * sizeof *t->statuses;
    for (size_t i = 0; i < t->nstatuses; i++) n += t->statuses[i].len + 1;
    n += t->cap_tickets * sizeof *t->tickets + t->index_cap * sizeof *t->index;
    n += t->cap_heap * sizeof *t->heap + t->cap_outbox * sizeof *t->outbox;
    n += t->cap_collected * sizeof *t->collected;
    return n;
}

int triage_tracker_next_fire(const triage_tracker *t, int64_t *at) {
    if (!t || !at) return TRIAGE_ERR_ARGUMENT;
    int64_t best = TR_NEVER;
    if (t->noutbox) best = t->outbox[0].at;
    if (t->nheap && t->heap[0].at < best) best = t->heap[0].at;
    if (best == TR_NEVER) return TRIAGE_ERR_NOT_FOUND;
    *at = best;
    return TRIAGE_OK;
}

/* Whether the outbox's head comes before the heap's head ticket. */
static int outbox_first(const triage_tracker *t) {
    const tr_fire *f = &t->outbox[0];
    const tr_heap_item *h = &t->heap[0];
    if (f->at != h->at) return f->at < h->at;
    const tr_ticket *k = &t->tickets[h->slot];
    if (f->ticket != k->id) return f->ticket < k->id;
    /* The same ticket and instant: metric order; within a metric an event's
     * leftovers come before what the new schedule fires. */
    int m = 0;
    while (m < TRIAGE_METRIC_COUNT - 1 && k->m[m].next != h->at) m++;
    return f->metric <= m;
}

static int push_collected(triage_tracker *t, const tr_fire *f) {
    int rc = tr_reserve(t->alloc, (void **)&t->collected, &t->cap_collected, t->ncollected + 1,
                        sizeof *t->collected);
    if (rc == TRIAGE_OK) t->collected[t->ncollected++] = *f;
    return rc;
}

int triage_tracker_collect(triage_tracker *t, int64_t up_to, size_t *count) {
    if (!t || !count) return TRIAGE_ERR_ARGUMENT;
    t->ncollected = 0;
    int rc = TRIAGE_OK;
    for (;;) {
        int have_out = t->noutbox && t->outbox[0].at <= up_to;
        int have_live = t->nheap && t->heap[0].at <= up_to;
        if (!have_out && !have_live) break;
        /* Room for everything one step can take, so no fire is ever lost. */
        rc = tr_reserve(t->alloc, (void **)&t->collected, &t->cap_collected,
                        t->ncollected + TRIAGE_METRIC_COUNT * TR_MAX_SCHEDULE, sizeof *t->collected);
        if (rc != TRIAGE_OK) break;
        if (have_out && (!have_live || outbox_first(t))) {
            tr_fire f;
            tr_outbox_pop(t, &f);
            push_collected(t, &f);
            continue;
        }
        uint32_t slot = t->heap[0].slot;
        int64_t at = t->heap[0].at;
        tr_ticket *k = &t->tickets[slot];
        for (int i = 0; i < TRIAGE_METRIC_COUNT; i++)
            while (k->m[i].next == at) {
                tr_fire f;
                tr_take_fire(t, k, i, &f);
                push_collected(t, &f);
            }
        tr_refresh(t, slot, 0);
    }
    *count = t->ncollected;
    return rc;
}

int triage_tracker_fire(const triage_tracker *t, size_t index, uint64_t *ticket, int64_t *at,
                        int *kind, int *metric, uint32_t *level, int64_t *due, int *tier,
                        int *priority) {
    if (!t) return TRIAGE_ERR_ARGUMENT;
    if (index >= t->ncollected) return TRIAGE_ERR_NOT_FOUND;
    const tr_fire *f = &t->collected[index];
    if (ticket) *ticket = f->ticket;
    if (at) *at = f->at;
    if (kind) *kind = f->kind;
    if (metric) *metric = f->metric;
    if (level) *level = f->level;
    if (due) *due = f->due;
    if (tier) *tier = f->tier;
    if (priority) *priority = f->priority;
    return TRIAGE_OK;
}
