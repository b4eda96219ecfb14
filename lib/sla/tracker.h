/* The SLA tracker's state: a dense array of tickets, a hash index by id, a
 * min-heap of tickets by their next fire instant, and an outbox of fires
 * that an event made final before the host collected them. */
#ifndef TR_SLA_TRACKER_H
#define TR_SLA_TRACKER_H

#include <triage/sla.h>

#include "core/alloc.h"
#include "sla/policy.h"

#define TR_NEVER INT64_MAX
#define TR_NO_POLICY 0xFFFFu
#define TR_NO_SLOT UINT32_MAX
#define TR_MAX_TICKETS 0x7FFFFFF0u
#define TR_MAX_STATUSES 0xFFFFu
/* Warnings, the breach, escalations. */
#define TR_MAX_SCHEDULE (TRIAGE_MAX_WARNINGS + 1 + TRIAGE_MAX_ESCALATIONS)

/* Metric states. */
enum { TR_IDLE = 0, TR_ACTIVE = 1, TR_DONE = 2 };
/* Metric result bits. */
#define TR_CUR_BREACHED 0x1u  /* the breach of the current cycle has fired */
#define TR_LAST_MET 0x2u      /* the last finished cycle was met */
#define TR_LAST_BREACHED 0x4u /* the last finished cycle was breached */
#define TR_RESULT_BITS 0x7u
/* Ticket flags. */
#define TR_SOLVED 0x1u
#define TR_PAUSED 0x2u
#define TR_REPLIED 0x4u  /* an agent has replied at least once */
#define TR_EXPLICIT 0x8u /* the policy was named, not chosen by priority */
#define TR_TICKET_FLAGS 0xFu

typedef struct tr_metric {
    int64_t since;  /* start of the counting stretch (when active and not paused) */
    int64_t next;   /* instant of the next fire, TR_NEVER if none */
    uint32_t used;  /* seconds counted in this cycle before `since` (saturating) */
    uint8_t state;  /* TR_IDLE, TR_ACTIVE, TR_DONE */
    uint8_t fired;  /* schedule entries already fired in this cycle */
    uint8_t result; /* TR_CUR_BREACHED, TR_LAST_MET, TR_LAST_BREACHED */
    uint8_t pad;
} tr_metric;

typedef struct tr_ticket {
    uint64_t id;
    int64_t last; /* time of the last event */
    tr_metric m[TRIAGE_METRIC_COUNT];
    uint32_t heap_pos; /* TR_NO_SLOT when not in the heap */
    uint16_t policy;   /* TR_NO_POLICY: untimed */
    uint16_t status;   /* interned; 0: none */
    uint8_t priority, tier, flags, pad;
} tr_ticket;

typedef struct tr_heap_item {
    int64_t at;
    uint32_t slot;
} tr_heap_item;

typedef struct tr_fire {
    int64_t at, due;
    uint64_t ticket;
    uint32_t level;
    uint8_t kind, metric, tier, priority;
} tr_fire;

typedef struct tr_status {
    char *name;
    size_t len;
} tr_status;

typedef struct tr_tpolicy {
    triage_sla_policy *p;
    uint16_t pause[TRIAGE_MAX_PAUSE_STATUSES]; /* interned pause statuses */
} tr_tpolicy;

struct triage_tracker {
    const triage_allocator *alloc;
    tr_tpolicy *policies;
    size_t npolicies, cap_policies;
    uint16_t by_priority[4], default_policy;
    int frozen; /* an event came: the configuration is fixed */

    tr_status *statuses;
    size_t nstatuses, cap_statuses;

    tr_ticket *tickets;
    size_t ntickets, cap_tickets;
    uint32_t *index; /* open addressing over slots, TR_NO_SLOT empty */
    size_t index_cap; /* power of two */

    tr_heap_item *heap;
    size_t nheap, cap_heap;
    tr_fire *outbox; /* a min-heap by fire order */
    size_t noutbox, cap_outbox;

    tr_fire *collected; /* the last collect's fires */
    size_t ncollected, cap_collected;
};

/* Index (tracker_index.c). */
uint32_t tr_index_find(const triage_tracker *t, uint64_t id);
int tr_index_reserve(triage_tracker *t, size_t n);
void tr_index_insert(triage_tracker *t, uint64_t id, uint32_t slot);
void tr_index_erase(triage_tracker *t, uint64_t id);
int tr_index_rebuild(triage_tracker *t);

/* Heaps (tracker_heap.c). */
void tr_heap_update(triage_tracker *t, uint32_t slot, int64_t at);
void tr_heap_remove(triage_tracker *t, uint32_t slot);
int tr_fire_before(const triage_tracker *t, const tr_fire *a, const tr_fire *b);
void tr_outbox_push(triage_tracker *t, const tr_fire *f);
void tr_outbox_pop(triage_tracker *t, tr_fire *out);

/* Timers (tracker_timer.c). */
const triage_sla_policy *tr_ticket_policy(const triage_tracker *t, const tr_ticket *k);
int tr_schedule_length(const triage_sla_policy *p);
int64_t tr_metric_elapsed(const triage_sla_policy *p, int metric, int64_t a, int64_t b);
/* The instant of schedule entry i of a metric (TR_NEVER if none). */
int64_t tr_entry_instant(const triage_sla_policy *p, const tr_metric *m, int metric, int i);
/* Recomputes the next fire of the metrics in `mask` and the ticket's heap key. */
void tr_refresh(triage_tracker *t, uint32_t slot, unsigned mask);
/* Takes the fire at the head of a metric's schedule into *f and advances. */
void tr_take_fire(triage_tracker *t, tr_ticket *k, int metric, tr_fire *f);

/* Fingerprint of the configuration (tracker_snapshot.c). */
void tr_config_fingerprint(const triage_tracker *t, unsigned char out[32]);

#endif
