/* Tracker snapshots. Layout (little-endian):
 *   "TRSLASNP" | u32 version (1) | u32 flags (0) | 32-byte config fingerprint
 *   | u32 n, n x (u32 len, bytes): interned statuses after the empty one
 *   | u64 n, n x 88-byte tickets (dense array order)
 *   | u64 n, n x 32-byte outbox fires (fire order)
 *   | 32-byte BLAKE2b of everything before.
 * Restoring decodes and checks everything into fresh arrays first and only
 * then replaces the tracker's state. Next-fire instants are recomputed. */
#include <sodium.h>
#include <string.h>

#include "sla/calendar.h"
#include "sla/tracker.h"

#define SNAP_MAGIC "TRSLASNP"
#define SNAP_VERSION 1u
#define SNAP_HEADER (8 + 4 + 4 + 32)
#define TICKET_BYTES 88
#define FIRE_BYTES 32
#define HASH_BYTES 32
#define TR_MAX_STATUS_NAME 256

/* ---- Fingerprint of the configuration ---- */

static void hash_feed(void *ctx, const void *data, size_t len) {
    crypto_generichash_update(ctx, data, len);
}

static void hash_i64(crypto_generichash_state *st, int64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)v >> (8 * i));
    crypto_generichash_update(st, b, sizeof b);
}

static void hash_str(crypto_generichash_state *st, const char *s, size_t len) {
    hash_i64(st, (int64_t)len);
    crypto_generichash_update(st, (const unsigned char *)s, len);
}

void tr_config_fingerprint(const triage_tracker *t, unsigned char out[32]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    hash_i64(&st, (int64_t)t->npolicies);
    for (size_t i = 0; i < t->npolicies; i++) {
        const triage_sla_policy *p = t->policies[i].p;
        hash_str(&st, p->name, strlen(p->name));
        hash_i64(&st, p->cal != NULL);
        if (p->cal) tr_calendar_describe(p->cal, hash_feed, &st);
        hash_i64(&st, p->timed);
        for (int m = 0; m < TRIAGE_METRIC_COUNT; m++) {
            hash_i64(&st, p->target[m]);
            hash_i64(&st, p->target_days[m]);
            hash_i64(&st, p->target_flags[m]);
        }
        hash_i64(&st, p->npause);
        for (int j = 0; j < p->npause; j++) hash_str(&st, p->pause[j], p->pause_len[j]);
        hash_i64(&st, p->nwarn);
        for (int j = 0; j < p->nwarn; j++) hash_i64(&st, p->warn[j]);
        hash_i64(&st, p->nesc);
        for (int j = 0; j < p->nesc; j++) {
            hash_i64(&st, p->esc[j].after);
            hash_i64(&st, p->esc[j].after_days);
            hash_i64(&st, p->esc[j].flags);
            hash_i64(&st, p->esc[j].tier);
            hash_i64(&st, p->esc[j].priority);
        }
    }
    for (int i = 0; i < 4; i++) hash_i64(&st, t->by_priority[i]);
    hash_i64(&st, t->default_policy);
    crypto_generichash_final(&st, out, 32);
}

/* ---- Writing ---- */

typedef struct writer {
    unsigned char *p;
} writer;

static void put(writer *w, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++) *w->p++ = (unsigned char)(v >> (8 * i));
}

static void put_bytes(writer *w, const void *data, size_t len) {
    if (len) memcpy(w->p, data, len);
    w->p += len;
}

int triage_tracker_snapshot_size(const triage_tracker *t, size_t *size) {
    if (!t || !size) return TRIAGE_ERR_ARGUMENT;
    size_t n = SNAP_HEADER + 4 + 8 + 8 + HASH_BYTES;
    for (size_t i = 1; i < t->nstatuses; i++) n += 4 + t->statuses[i].len;
    n += t->ntickets * TICKET_BYTES + t->noutbox * FIRE_BYTES;
    *size = n;
    return TRIAGE_OK;
}

static void put_ticket(writer *w, const tr_ticket *k) {
    put(w, k->id, 8);
    put(w, (uint64_t)k->last, 8);
    put(w, k->policy, 2);
    put(w, k->status, 2);
    put(w, k->priority, 1);
    put(w, k->tier, 1);
    put(w, k->flags, 1);
    put(w, 0, 1);
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) {
        const tr_metric *m = &k->m[i];
        put(w, (uint64_t)m->since, 8);
        put(w, m->used, 4);
        put(w, m->state, 1);
        put(w, m->fired, 1);
        put(w, m->result, 1);
        put(w, 0, 1);
    }
}

static void put_fire(writer *w, const tr_fire *f) {
    put(w, (uint64_t)f->at, 8);
    put(w, (uint64_t)f->due, 8);
    put(w, f->ticket, 8);
    put(w, f->level, 4);
    put(w, f->kind, 1);
    put(w, f->metric, 1);
    put(w, f->tier, 1);
    put(w, f->priority, 1);
}

int triage_tracker_save(const triage_tracker *t, void *buf, size_t cap, size_t *written) {
    if (!t || !buf || !written) return TRIAGE_ERR_ARGUMENT;
    size_t size;
    triage_tracker_snapshot_size(t, &size);
    if (cap < size) return TRIAGE_ERR_LIMIT;
    /* The outbox is a heap: write it in fire order, the same for any layout. */
    triage_tracker sorter = *t;
    sorter.outbox = tr_calloc(t->alloc, t->noutbox ? t->noutbox : 1, sizeof *t->outbox);
    if (!sorter.outbox) return TRIAGE_ERR_NOMEM;
    if (t->noutbox) memcpy(sorter.outbox, t->outbox, t->noutbox * sizeof *t->outbox);
    writer w = {buf};
    put_bytes(&w, SNAP_MAGIC, 8);
    put(&w, SNAP_VERSION, 4);
    put(&w, 0, 4);
    unsigned char fp[32];
    tr_config_fingerprint(t, fp);
    put_bytes(&w, fp, 32);
    put(&w, t->nstatuses - 1, 4);
    for (size_t i = 1; i < t->nstatuses; i++) {
        put(&w, t->statuses[i].len, 4);
        put_bytes(&w, t->statuses[i].name, t->statuses[i].len);
    }
    put(&w, t->ntickets, 8);
    for (size_t i = 0; i < t->ntickets; i++) put_ticket(&w, &t->tickets[i]);
    put(&w, t->noutbox, 8);
    while (sorter.noutbox) {
        tr_fire f;
        tr_outbox_pop(&sorter, &f);
        put_fire(&w, &f);
    }
    tr_free(t->alloc, sorter.outbox);
    unsigned char *start = buf;
    crypto_generichash(w.p, HASH_BYTES, start, (size_t)(w.p - start), NULL, 0);
    w.p += HASH_BYTES;
    *written = (size_t)(w.p - start);
    return TRIAGE_OK;
}

/* ---- Reading ---- */

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static uint64_t get(reader *r, int bytes) {
    if (r->bad || (size_t)(r->end - r->p) < (size_t)bytes) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += bytes;
    return v;
}

static int valid_instant(int64_t at) { return at >= TRIAGE_TIME_MIN && at <= TRIAGE_TIME_MAX; }

/* The new state, built aside. */
typedef struct staged {
    tr_status *statuses;
    size_t nstatuses;
    tr_ticket *tickets;
    size_t ntickets;
    tr_fire *outbox;
    size_t noutbox;
} staged;

static void free_staged(const triage_allocator *a, staged *s) {
    if (s->statuses)
        for (size_t i = 0; i < s->nstatuses; i++) tr_free(a, s->statuses[i].name);
    tr_free(a, s->statuses);
    tr_free(a, s->tickets);
    tr_free(a, s->outbox);
}

static int read_statuses(const triage_tracker *t, reader *r, staged *s) {
    uint64_t n = get(r, 4);
    if (r->bad || n >= TR_MAX_STATUSES || n > (uint64_t)(r->end - r->p) / 4) return TRIAGE_ERR_CORRUPT;
    s->statuses = tr_calloc(t->alloc, (size_t)n + 1, sizeof *s->statuses);
    if (!s->statuses) return TRIAGE_ERR_NOMEM;
    s->nstatuses = 1;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t len = get(r, 4);
        if (r->bad || len == 0 || len > TR_MAX_STATUS_NAME || len > (uint64_t)(r->end - r->p))
            return TRIAGE_ERR_CORRUPT;
        for (size_t j = 1; j < s->nstatuses; j++)
            if (s->statuses[j].len == len && memcmp(s->statuses[j].name, r->p, len) == 0)
                return TRIAGE_ERR_CORRUPT;
        s->statuses[s->nstatuses].name = tr_strndup(t->alloc, (const char *)r->p, (size_t)len);
        if (!s->statuses[s->nstatuses].name) return TRIAGE_ERR_NOMEM;
        s->statuses[s->nstatuses++].len = (size_t)len;
        r->p += len;
    }
    return TRIAGE_OK;
}

static int read_ticket(const triage_tracker *t, reader *r, const staged *s, tr_ticket *k) {
    memset(k, 0, sizeof *k);
    k->id = get(r, 8);
    k->last = (int64_t)get(r, 8);
    k->policy = (uint16_t)get(r, 2);
    k->status = (uint16_t)get(r, 2);
    k->priority = (uint8_t)get(r, 1);
    k->tier = (uint8_t)get(r, 1);
    k->flags = (uint8_t)get(r, 1);
    int pad = (int)get(r, 1);
    k->heap_pos = TR_NO_SLOT;
    if (r->bad || pad || !valid_instant(k->last) || k->priority > 3 || k->tier < 1 ||
        k->tier > TRIAGE_MAX_TIER_LEVEL || (k->flags & ~TR_TICKET_FLAGS) ||
        k->status >= s->nstatuses || (k->policy != TR_NO_POLICY && k->policy >= t->npolicies))
        return TRIAGE_ERR_CORRUPT;
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) {
        tr_metric *m = &k->m[i];
        m->since = (int64_t)get(r, 8);
        m->used = (uint32_t)get(r, 4);
        m->state = (uint8_t)get(r, 1);
        m->fired = (uint8_t)get(r, 1);
        m->result = (uint8_t)get(r, 1);
        pad = (int)get(r, 1);
        m->next = TR_NEVER;
        if (r->bad || pad || !valid_instant(m->since) || m->state > TR_DONE ||
            m->fired > tr_schedule_length(p) || (m->result & ~TR_RESULT_BITS))
            return TRIAGE_ERR_CORRUPT;
    }
    return TRIAGE_OK;
}

static int read_fire(reader *r, tr_fire *f) {
    f->at = (int64_t)get(r, 8);
    f->due = (int64_t)get(r, 8);
    f->ticket = get(r, 8);
    f->level = (uint32_t)get(r, 4);
    f->kind = (uint8_t)get(r, 1);
    f->metric = (uint8_t)get(r, 1);
    f->tier = (uint8_t)get(r, 1);
    f->priority = (uint8_t)get(r, 1);
    if (r->bad || !valid_instant(f->at) || !valid_instant(f->due) || f->kind > 2 ||
        f->metric >= TRIAGE_METRIC_COUNT || f->tier < 1 || f->tier > TRIAGE_MAX_TIER_LEVEL ||
        f->priority > 3)
        return TRIAGE_ERR_CORRUPT;
    return TRIAGE_OK;
}

static int read_all(const triage_tracker *t, reader *r, staged *s) {
    int rc = read_statuses(t, r, s);
    if (rc != TRIAGE_OK) return rc;
    uint64_t n = get(r, 8);
    if (r->bad || n > TR_MAX_TICKETS || n > (uint64_t)(r->end - r->p) / TICKET_BYTES)
        return TRIAGE_ERR_CORRUPT;
    s->tickets = tr_calloc(t->alloc, n ? (size_t)n : 1, sizeof *s->tickets);
    if (!s->tickets) return TRIAGE_ERR_NOMEM;
    for (uint64_t i = 0; i < n; i++) {
        if ((rc = read_ticket(t, r, s, &s->tickets[i])) != TRIAGE_OK) return rc;
        s->ntickets++;
    }
    n = get(r, 8);
    if (r->bad || n > (uint64_t)(r->end - r->p) / FIRE_BYTES) return TRIAGE_ERR_CORRUPT;
    s->outbox = tr_calloc(t->alloc, n ? (size_t)n : 1, sizeof *s->outbox);
    if (!s->outbox) return TRIAGE_ERR_NOMEM;
    for (uint64_t i = 0; i < n; i++) {
        if ((rc = read_fire(r, &s->outbox[i])) != TRIAGE_OK) return rc;
        /* Stored in fire order, which is also a valid heap. */
        if (i > 0 && !tr_fire_before(t, &s->outbox[i - 1], &s->outbox[i])) return TRIAGE_ERR_CORRUPT;
        s->noutbox++;
    }
    if (r->p != r->end) return TRIAGE_ERR_CORRUPT;
    return TRIAGE_OK;
}

int triage_tracker_restore(triage_tracker *t, const void *data, size_t len) {
    if (!t || !data) return TRIAGE_ERR_ARGUMENT;
    const unsigned char *bytes = data;
    if (len < SNAP_HEADER + HASH_BYTES || memcmp(bytes, SNAP_MAGIC, 8) != 0)
        return TRIAGE_ERR_CORRUPT;
    unsigned char sum[HASH_BYTES];
    crypto_generichash(sum, HASH_BYTES, bytes, len - HASH_BYTES, NULL, 0);
    if (sodium_memcmp(sum, bytes + len - HASH_BYTES, HASH_BYTES) != 0) return TRIAGE_ERR_CORRUPT;
    reader r = {bytes + 8, bytes + len - HASH_BYTES, 0};
    uint64_t version = get(&r, 4), flags = get(&r, 4);
    if (version != SNAP_VERSION || flags != 0) return TRIAGE_ERR_UNSUPPORTED;
    unsigned char fp[32];
    tr_config_fingerprint(t, fp);
    if (memcmp(fp, r.p, 32) != 0) return TRIAGE_ERR_STATE;
    r.p += 32;

    staged s;
    memset(&s, 0, sizeof s);
    int rc = read_all(t, &r, &s);
    /* Pause statuses of every policy must be known to the restored table. */
    uint16_t (*pause)[TRIAGE_MAX_PAUSE_STATUSES] = NULL;
    if (rc == TRIAGE_OK) {
        pause = tr_calloc(t->alloc, t->npolicies ? t->npolicies : 1, sizeof *pause);
        if (!pause) rc = TRIAGE_ERR_NOMEM;
    }
    for (size_t i = 0; rc == TRIAGE_OK && i < t->npolicies; i++) {
        const triage_sla_policy *p = t->policies[i].p;
        for (int j = 0; rc == TRIAGE_OK && j < p->npause; j++) {
            size_t k = 1;
            while (k < s.nstatuses &&
                   !(s.statuses[k].len == p->pause_len[j] &&
                     memcmp(s.statuses[k].name, p->pause[j], p->pause_len[j]) == 0))
                k++;
            if (k == s.nstatuses) rc = TRIAGE_ERR_CORRUPT;
            else pause[i][j] = (uint16_t)k;
        }
    }
    /* Swap in: the old state is kept until the new index and heap exist. */
    triage_tracker fresh = *t;
    if (rc == TRIAGE_OK) {
        fresh.tickets = s.tickets;
        fresh.ntickets = fresh.cap_tickets = s.ntickets;
        fresh.index = NULL;
        fresh.index_cap = 0;
        fresh.heap = tr_calloc(t->alloc, s.ntickets ? s.ntickets : 1, sizeof *fresh.heap);
        fresh.nheap = 0;
        fresh.cap_heap = s.ntickets ? s.ntickets : 1;
        if (!fresh.heap) rc = TRIAGE_ERR_NOMEM;
        if (rc == TRIAGE_OK) rc = tr_index_rebuild(&fresh);
        for (size_t i = 0; rc == TRIAGE_OK && i < s.ntickets; i++) /* unique ids */
            if (tr_index_find(&fresh, s.tickets[i].id) != (uint32_t)i) rc = TRIAGE_ERR_CORRUPT;
    }
    if (rc != TRIAGE_OK) {
        if (fresh.heap != t->heap) tr_free(t->alloc, fresh.heap);
        if (fresh.index != t->index) tr_free(t->alloc, fresh.index);
        tr_free(t->alloc, pause);
        free_staged(t->alloc, &s);
        return rc;
    }
    for (size_t i = 0; i < t->npolicies; i++)
        memcpy(fresh.policies[i].pause, pause[i], sizeof pause[i]);
    tr_free(t->alloc, pause);
    for (size_t i = 0; i < t->nstatuses; i++) tr_free(t->alloc, t->statuses[i].name);
    tr_free(t->alloc, t->statuses);
    tr_free(t->alloc, t->tickets);
    tr_free(t->alloc, t->index);
    tr_free(t->alloc, t->heap);
    tr_free(t->alloc, t->outbox);
    fresh.statuses = s.statuses;
    fresh.nstatuses = fresh.cap_statuses = s.nstatuses;
    fresh.outbox = s.outbox;
    fresh.noutbox = fresh.cap_outbox = s.noutbox ? s.noutbox : 1;
    fresh.noutbox = s.noutbox;
    fresh.ncollected = 0;
    fresh.frozen = 1;
    *t = fresh;
    for (size_t i = 0; i < t->ntickets; i++) tr_refresh(t, (uint32_t)i, (1u << TRIAGE_METRIC_COUNT) - 1);
    return TRIAGE_OK;
}
