/* The tracker's configuration and ticket events. Every event checks
 * everything it needs (ticket, time order, values, memory) before changing
 * anything, so an error leaves the tracker as it was. */
#include <string.h>

#include "sla/tracker.h"

#define TR_MAX_POLICY_NAME 256
#define TR_MAX_STATUS_NAME 256

triage_tracker *triage_tracker_create(const triage_allocator *allocator) {
    triage_tracker *t = tr_calloc(allocator, 1, sizeof *t);
    if (!t) return NULL;
    t->alloc = allocator;
    for (int i = 0; i < 4; i++) t->by_priority[i] = TR_NO_POLICY;
    t->default_policy = TR_NO_POLICY;
    /* Status 0 is "no status yet". */
    if (tr_reserve(allocator, (void **)&t->statuses, &t->cap_statuses, 1, sizeof *t->statuses) !=
        TRIAGE_OK) {
        tr_free(allocator, t);
        return NULL;
    }
    t->statuses[0].name = NULL;
    t->statuses[0].len = 0;
    t->nstatuses = 1;
    return t;
}

void triage_tracker_free(triage_tracker *t) {
    if (!t) return;
    for (size_t i = 0; i < t->npolicies; i++) triage_sla_policy_free(t->policies[i].p);
    for (size_t i = 0; i < t->nstatuses; i++) tr_free(t->alloc, t->statuses[i].name);
    tr_free(t->alloc, t->policies);
    tr_free(t->alloc, t->statuses);
    tr_free(t->alloc, t->tickets);
    tr_free(t->alloc, t->index);
    tr_free(t->alloc, t->heap);
    tr_free(t->alloc, t->outbox);
    tr_free(t->alloc, t->collected);
    tr_free(t->alloc, t);
}

static int find_status(const triage_tracker *t, const char *name, size_t len) {
    for (size_t i = 1; i < t->nstatuses; i++)
        if (t->statuses[i].len == len && memcmp(t->statuses[i].name, name, len) == 0) return (int)i;
    return -1;
}

/* The id of a status name, interning it. */
static int intern_status(triage_tracker *t, const char *name, size_t len, uint16_t *id) {
    int i = find_status(t, name, len);
    if (i < 0) {
        if (t->nstatuses >= TR_MAX_STATUSES) return TRIAGE_ERR_LIMIT;
        int rc = tr_reserve(t->alloc, (void **)&t->statuses, &t->cap_statuses, t->nstatuses + 1,
                            sizeof *t->statuses);
        if (rc != TRIAGE_OK) return rc;
        char *copy = tr_strndup(t->alloc, name, len);
        if (!copy) return TRIAGE_ERR_NOMEM;
        t->statuses[t->nstatuses].name = copy;
        t->statuses[t->nstatuses].len = len;
        i = (int)t->nstatuses++;
    }
    *id = (uint16_t)i;
    return TRIAGE_OK;
}

static int find_policy(const triage_tracker *t, const char *name, size_t len) {
    for (size_t i = 0; i < t->npolicies; i++) {
        const char *n = t->policies[i].p->name;
        if (strlen(n) == len && memcmp(n, name, len) == 0) return (int)i;
    }
    return -1;
}

int triage_tracker_add_policy(triage_tracker *t, const triage_sla_policy *p) {
    if (!t || !p) return TRIAGE_ERR_ARGUMENT;
    if (t->frozen) return TRIAGE_ERR_STATE;
    if (find_policy(t, p->name, strlen(p->name)) >= 0) return TRIAGE_ERR_EXISTS;
    if (t->npolicies >= TRIAGE_MAX_POLICIES) return TRIAGE_ERR_LIMIT;
    int rc = tr_reserve(t->alloc, (void **)&t->policies, &t->cap_policies, t->npolicies + 1,
                        sizeof *t->policies);
    if (rc != TRIAGE_OK) return rc;
    tr_tpolicy tp;
    memset(&tp, 0, sizeof tp);
    for (int i = 0; i < p->npause; i++) {
        rc = intern_status(t, p->pause[i], p->pause_len[i], &tp.pause[i]);
        if (rc != TRIAGE_OK) return rc; /* interned names are harmless leftovers */
    }
    tp.p = tr_policy_clone(t->alloc, p);
    if (!tp.p) return TRIAGE_ERR_NOMEM;
    t->policies[t->npolicies++] = tp;
    return TRIAGE_OK;
}

static int policy_ref(const triage_tracker *t, const char *name, size_t len, uint16_t *out) {
    if (!name) {
        if (len) return TRIAGE_ERR_ARGUMENT;
        *out = TR_NO_POLICY;
        return TRIAGE_OK;
    }
    int i = find_policy(t, name, len);
    if (i < 0) return TRIAGE_ERR_NOT_FOUND;
    *out = (uint16_t)i;
    return TRIAGE_OK;
}

int triage_tracker_set_priority_policy(triage_tracker *t, int priority, const char *policy,
                                       size_t len) {
    if (!t || priority < 0 || priority > 3) return TRIAGE_ERR_ARGUMENT;
    if (t->frozen) return TRIAGE_ERR_STATE;
    return policy_ref(t, policy, len, &t->by_priority[priority]);
}

int triage_tracker_set_default_policy(triage_tracker *t, const char *policy, size_t len) {
    if (!t) return TRIAGE_ERR_ARGUMENT;
    if (t->frozen) return TRIAGE_ERR_STATE;
    return policy_ref(t, policy, len, &t->default_policy);
}

static uint16_t policy_for_priority(const triage_tracker *t, int priority) {
    uint16_t p = t->by_priority[priority];
    return p != TR_NO_POLICY ? p : t->default_policy;
}

static int paused_under(const triage_tracker *t, uint16_t policy, uint16_t status) {
    if (policy == TR_NO_POLICY || status == 0) return 0;
    const tr_tpolicy *tp = &t->policies[policy];
    for (int i = 0; i < tp->p->npause; i++)
        if (tp->pause[i] == status) return 1;
    return 0;
}

static int valid_instant(int64_t at) { return at >= TRIAGE_TIME_MIN && at <= TRIAGE_TIME_MAX; }

/* ---- Metric state changes ---- */

static void settle(const triage_sla_policy *p, tr_ticket *k, int metric, int64_t at) {
    tr_metric *m = &k->m[metric];
    if (m->state != TR_ACTIVE || (k->flags & TR_PAUSED)) return;
    uint64_t used = (uint64_t)m->used + (uint64_t)tr_metric_elapsed(p, metric, m->since, at);
    m->used = used > UINT32_MAX ? UINT32_MAX : (uint32_t)used;
    m->since = at;
}

static void start(tr_ticket *k, int metric, int64_t at) {
    tr_metric *m = &k->m[metric];
    m->state = TR_ACTIVE;
    m->since = at;
    m->used = 0;
    m->fired = 0;
    m->result &= (uint8_t)~TR_CUR_BREACHED;
    m->next = TR_NEVER;
}

static void stop(const triage_sla_policy *p, tr_ticket *k, int metric, int64_t at, int state) {
    tr_metric *m = &k->m[metric];
    if (m->state != TR_ACTIVE) return;
    settle(p, k, metric, at);
    int breached = (m->result & TR_CUR_BREACHED) != 0;
    m->result = (uint8_t)((m->result & TR_CUR_BREACHED) | (breached ? TR_LAST_BREACHED : TR_LAST_MET));
    m->state = (uint8_t)state;
    m->next = TR_NEVER;
}

static void settle_all(const triage_sla_policy *p, tr_ticket *k, int64_t at) {
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) settle(p, k, i, at);
}

/* Sets the pause flag for the ticket's status under its policy at `at`. */
static void apply_pause(const triage_tracker *t, tr_ticket *k, int64_t at) {
    int paused = paused_under(t, k->policy, k->status);
    int was = (k->flags & TR_PAUSED) != 0;
    if (paused == was) return;
    if (paused) {
        settle_all(tr_ticket_policy(t, k), k, at);
        k->flags |= TR_PAUSED;
    } else {
        k->flags &= (uint8_t)~TR_PAUSED;
        for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) k->m[i].since = at;
    }
}

/* Fired entries of the old schedule, read in the new one: once the breach
 * has fired the new warnings are moot; escalations and warnings keep their
 * counts, capped by the new policy's. */
static uint8_t remap_fired(const triage_sla_policy *old, const triage_sla_policy *neu, int fired) {
    int ow = old ? old->nwarn : 0;
    int nw = neu ? neu->nwarn : 0, ne = neu ? neu->nesc : 0;
    if (fired > ow) {
        int ef = fired - ow - 1;
        return (uint8_t)(nw + 1 + (ef < ne ? ef : ne));
    }
    return (uint8_t)(fired < nw ? fired : nw);
}

static void change_policy(triage_tracker *t, tr_ticket *k, uint16_t policy, int64_t at) {
    if (policy == k->policy) return;
    const triage_sla_policy *old = tr_ticket_policy(t, k);
    const triage_sla_policy *neu = policy == TR_NO_POLICY ? NULL : t->policies[policy].p;
    settle_all(old, k, at); /* time used so far, counted under the old calendar */
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++)
        k->m[i].fired = remap_fired(old, neu, k->m[i].fired);
    k->policy = policy;
    apply_pause(t, k, at);
}

/* ---- Events ---- */

/* Finds the ticket, checks the time and reserves the outbox room that
 * materializing its pending fires may need. */
static int begin(triage_tracker *t, uint64_t id, int64_t at, uint32_t *slot) {
    if (!t) return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(at)) return TRIAGE_ERR_RANGE;
    uint32_t s = tr_index_find(t, id);
    if (s == TR_NO_SLOT) return TRIAGE_ERR_NOT_FOUND;
    if (at < t->tickets[s].last) return TRIAGE_ERR_STATE;
    int rc = tr_reserve(t->alloc, (void **)&t->outbox, &t->cap_outbox,
                        t->noutbox + TRIAGE_METRIC_COUNT * TR_MAX_SCHEDULE, sizeof *t->outbox);
    if (rc != TRIAGE_OK) return rc;
    *slot = s;
    return TRIAGE_OK;
}

/* Fires due at or before `at` are decided by the state before the event:
 * they move to the outbox, to be collected in order. */
static void materialize(triage_tracker *t, uint32_t slot, int64_t at) {
    tr_ticket *k = &t->tickets[slot];
    /* In fire order across metrics, so escalations raise the tier in the
     * same order as collect would have. */
    for (;;) {
        int best = -1;
        for (int i = 0; i < TRIAGE_METRIC_COUNT; i++)
            if (k->m[i].next <= at && (best < 0 || k->m[i].next < k->m[best].next)) best = i;
        if (best < 0) break;
        tr_fire f;
        tr_take_fire(t, k, best, &f);
        tr_outbox_push(t, &f);
    }
}

static void finish(triage_tracker *t, uint32_t slot, int64_t at, unsigned mask) {
    t->tickets[slot].last = at;
    tr_refresh(t, slot, mask);
}

#define ALL_METRICS ((1u << TRIAGE_METRIC_COUNT) - 1)
#define BIT(m) (1u << (m))

int triage_tracker_created(triage_tracker *t, uint64_t ticket, int64_t at, int priority, int tier,
                           const char *policy, size_t len) {
    if (!t || priority < 0 || priority > 3 || tier < 1 || tier > TRIAGE_MAX_TIER_LEVEL)
        return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(at)) return TRIAGE_ERR_RANGE;
    if (tr_index_find(t, ticket) != TR_NO_SLOT) return TRIAGE_ERR_EXISTS;
    uint16_t pol;
    int rc = policy_ref(t, policy, len, &pol);
    if (rc != TRIAGE_OK) return rc;
    if (t->ntickets >= TR_MAX_TICKETS) return TRIAGE_ERR_LIMIT;
    size_t n = t->ntickets + 1;
    if ((rc = tr_reserve(t->alloc, (void **)&t->tickets, &t->cap_tickets, n, sizeof *t->tickets)) ||
        (rc = tr_reserve(t->alloc, (void **)&t->heap, &t->cap_heap, n, sizeof *t->heap)) ||
        (rc = tr_index_reserve(t, n)))
        return rc;
    t->frozen = 1;
    uint32_t slot = (uint32_t)t->ntickets++;
    tr_ticket *k = &t->tickets[slot];
    memset(k, 0, sizeof *k);
    k->id = ticket;
    k->last = at;
    k->heap_pos = TR_NO_SLOT;
    k->priority = (uint8_t)priority;
    k->tier = (uint8_t)tier;
    k->policy = policy ? pol : policy_for_priority(t, priority);
    k->flags = policy ? TR_EXPLICIT : 0;
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) k->m[i].next = TR_NEVER;
    tr_index_insert(t, ticket, slot);
    start(k, TRIAGE_METRIC_FIRST_RESPONSE, at);
    start(k, TRIAGE_METRIC_RESOLUTION, at);
    finish(t, slot, at, ALL_METRICS);
    return TRIAGE_OK;
}

int triage_tracker_customer_message(triage_tracker *t, uint64_t ticket, int64_t at) {
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    unsigned mask = 0;
    /* The oldest unanswered message starts the timer; later ones leave it. */
    if (!(k->flags & TR_SOLVED) && (k->flags & TR_REPLIED) &&
        k->m[TRIAGE_METRIC_NEXT_RESPONSE].state != TR_ACTIVE) {
        start(k, TRIAGE_METRIC_NEXT_RESPONSE, at);
        mask = BIT(TRIAGE_METRIC_NEXT_RESPONSE);
    }
    finish(t, slot, at, mask);
    return TRIAGE_OK;
}

int triage_tracker_agent_reply(triage_tracker *t, uint64_t ticket, int64_t at) {
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    unsigned mask = 0;
    if (!(k->flags & TR_SOLVED)) {
        stop(p, k, TRIAGE_METRIC_FIRST_RESPONSE, at, TR_DONE);
        stop(p, k, TRIAGE_METRIC_NEXT_RESPONSE, at, TR_IDLE);
        stop(p, k, TRIAGE_METRIC_PERIODIC_UPDATE, at, TR_IDLE);
        start(k, TRIAGE_METRIC_PERIODIC_UPDATE, at);
        k->flags |= TR_REPLIED;
        mask = BIT(TRIAGE_METRIC_FIRST_RESPONSE) | BIT(TRIAGE_METRIC_NEXT_RESPONSE) |
               BIT(TRIAGE_METRIC_PERIODIC_UPDATE);
    }
    finish(t, slot, at, mask);
    return TRIAGE_OK;
}

int triage_tracker_status(triage_tracker *t, uint64_t ticket, int64_t at, const char *status,
                          size_t len) {
    if (!status || len == 0 || len > TR_MAX_STATUS_NAME) return TRIAGE_ERR_ARGUMENT;
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    uint16_t id;
    if ((rc = intern_status(t, status, len, &id)) != TRIAGE_OK) return rc;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    k->status = id;
    apply_pause(t, k, at);
    finish(t, slot, at, ALL_METRICS);
    return TRIAGE_OK;
}

int triage_tracker_priority(triage_tracker *t, uint64_t ticket, int64_t at, int priority) {
    if (priority < 0 || priority > 3) return TRIAGE_ERR_ARGUMENT;
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    k->priority = (uint8_t)priority;
    unsigned mask = 0;
    if (!(k->flags & TR_EXPLICIT)) {
        uint16_t p = policy_for_priority(t, priority);
        if (p != k->policy) {
            change_policy(t, k, p, at);
            mask = ALL_METRICS;
        }
    }
    finish(t, slot, at, mask);
    return TRIAGE_OK;
}

int triage_tracker_policy(triage_tracker *t, uint64_t ticket, int64_t at, const char *policy,
                          size_t len) {
    uint16_t pol;
    if (!t) return TRIAGE_ERR_ARGUMENT;
    int rc = policy_ref(t, policy, len, &pol);
    if (rc != TRIAGE_OK) return rc;
    uint32_t slot;
    if ((rc = begin(t, ticket, at, &slot)) != TRIAGE_OK) return rc;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    if (policy) {
        k->flags |= TR_EXPLICIT;
    } else {
        k->flags &= (uint8_t)~TR_EXPLICIT;
        pol = policy_for_priority(t, k->priority);
    }
    change_policy(t, k, pol, at);
    finish(t, slot, at, ALL_METRICS);
    return TRIAGE_OK;
}

int triage_tracker_solved(triage_tracker *t, uint64_t ticket, int64_t at) {
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    if (t->tickets[slot].flags & TR_SOLVED) return TRIAGE_ERR_STATE;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    stop(p, k, TRIAGE_METRIC_FIRST_RESPONSE, at, TR_DONE);
    stop(p, k, TRIAGE_METRIC_NEXT_RESPONSE, at, TR_IDLE);
    stop(p, k, TRIAGE_METRIC_PERIODIC_UPDATE, at, TR_IDLE);
    stop(p, k, TRIAGE_METRIC_RESOLUTION, at, TR_DONE);
    k->flags |= TR_SOLVED;
    finish(t, slot, at, ALL_METRICS);
    return TRIAGE_OK;
}

int triage_tracker_reopened(triage_tracker *t, uint64_t ticket, int64_t at) {
    uint32_t slot;
    int rc = begin(t, ticket, at, &slot);
    if (rc != TRIAGE_OK) return rc;
    if (!(t->tickets[slot].flags & TR_SOLVED)) return TRIAGE_ERR_STATE;
    materialize(t, slot, at);
    tr_ticket *k = &t->tickets[slot];
    k->flags &= (uint8_t)~TR_SOLVED;
    /* Resolution resumes with the time it had used (and what had fired). */
    tr_metric *res = &k->m[TRIAGE_METRIC_RESOLUTION];
    res->state = TR_ACTIVE;
    res->since = at;
    if (k->flags & TR_REPLIED) start(k, TRIAGE_METRIC_PERIODIC_UPDATE, at);
    finish(t, slot, at, ALL_METRICS);
    return TRIAGE_OK;
}

int triage_tracker_remove(triage_tracker *t, uint64_t ticket) {
    if (!t) return TRIAGE_ERR_ARGUMENT;
    uint32_t slot = tr_index_find(t, ticket);
    if (slot == TR_NO_SLOT) return TRIAGE_ERR_NOT_FOUND;
    tr_heap_remove(t, slot);
    tr_index_erase(t, ticket);
    uint32_t last = (uint32_t)(t->ntickets - 1);
    if (slot != last) {
        /* Keep the array dense: the last ticket takes the hole. */
        uint64_t moved = t->tickets[last].id;
        tr_index_erase(t, moved);
        t->tickets[slot] = t->tickets[last];
        if (t->tickets[slot].heap_pos != TR_NO_SLOT) t->heap[t->tickets[slot].heap_pos].slot = slot;
        t->ntickets--;
        tr_index_insert(t, moved, slot);
    } else {
        t->ntickets--;
    }
    return TRIAGE_OK;
}
