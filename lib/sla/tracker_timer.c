/* Timer arithmetic: a metric's schedule (warnings, breach, escalations), the
 * instant of each entry from the time already used and the counting
 * stretch, and taking fires off the schedule. */
#include "sla/calendar.h"
#include "sla/tracker.h"

const triage_sla_policy *tr_ticket_policy(const triage_tracker *t, const tr_ticket *k) {
    return k->policy == TR_NO_POLICY ? NULL : t->policies[k->policy].p;
}

int tr_schedule_length(const triage_sla_policy *p) { return p ? p->nwarn + 1 + p->nesc : 0; }

int64_t tr_metric_elapsed(const triage_sla_policy *p, int metric, int64_t a, int64_t b) {
    if (b <= a) return 0;
    if (!tr_policy_business(p, metric)) return b - a;
    int64_t s = 0;
    if (tr_business_elapsed(p->cal, a, b, &s) != TRIAGE_OK) return 0;
    return s;
}

static int64_t entry_budget(const triage_sla_policy *p, int metric, int i) {
    int64_t target = tr_policy_target(p, metric);
    if (i < p->nwarn) return target * (int64_t)p->warn[i] / 1000000;
    if (i == p->nwarn) return target;
    return target + tr_policy_after(p, metric, i - p->nwarn - 1);
}

int64_t tr_entry_instant(const triage_sla_policy *p, const tr_metric *m, int metric, int i) {
    if (!tr_policy_timed(p, metric) || i >= tr_schedule_length(p)) return TR_NEVER;
    int64_t left = entry_budget(p, metric, i) - (int64_t)m->used;
    if (left < 0) return m->since; /* already past (a policy change): fires now */
    if (!tr_policy_business(p, metric))
        return left > TRIAGE_TIME_MAX - m->since ? TR_NEVER : m->since + left;
    int64_t due;
    if (tr_business_due(p->cal, m->since, left, &due) != TRIAGE_OK) return TR_NEVER;
    return due;
}

static int64_t next_of(const triage_tracker *t, const tr_ticket *k, int metric) {
    const tr_metric *m = &k->m[metric];
    if (m->state != TR_ACTIVE || (k->flags & TR_PAUSED)) return TR_NEVER;
    return tr_entry_instant(tr_ticket_policy(t, k), m, metric, m->fired);
}

void tr_refresh(triage_tracker *t, uint32_t slot, unsigned mask) {
    tr_ticket *k = &t->tickets[slot];
    int64_t min = TR_NEVER;
    for (int i = 0; i < TRIAGE_METRIC_COUNT; i++) {
        if (mask & (1u << i)) k->m[i].next = next_of(t, k, i);
        if (k->m[i].next < min) min = k->m[i].next;
    }
    tr_heap_update(t, slot, min);
}

void tr_take_fire(triage_tracker *t, tr_ticket *k, int metric, tr_fire *f) {
    const triage_sla_policy *p = tr_ticket_policy(t, k);
    tr_metric *m = &k->m[metric];
    int i = m->fired;
    f->at = m->next;
    f->ticket = k->id;
    f->metric = (uint8_t)metric;
    f->due = i == p->nwarn ? m->next : tr_entry_instant(p, m, metric, p->nwarn);
    if (i < p->nwarn) {
        f->kind = TRIAGE_FIRE_WARNING;
        f->level = p->warn[i];
    } else if (i == p->nwarn) {
        f->kind = TRIAGE_FIRE_BREACH;
        f->level = 0;
        m->result |= TR_CUR_BREACHED;
    } else {
        const tr_escalation *e = &p->esc[i - p->nwarn - 1];
        f->kind = TRIAGE_FIRE_ESCALATION;
        f->level = (uint32_t)(i - p->nwarn);
        int tier = k->tier, priority = k->priority;
        tr_escalation_apply(e, &tier, &priority);
        k->tier = (uint8_t)tier;
        k->priority = (uint8_t)priority;
    }
    f->tier = k->tier;
    f->priority = k->priority;
    m->fired++;
    m->next = next_of(t, k, metric);
}
