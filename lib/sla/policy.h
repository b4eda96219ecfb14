/* SLA policies as stored (by the policy object and, copied, by trackers). */
#ifndef TR_SLA_POLICY_H
#define TR_SLA_POLICY_H

#include <triage/sla.h>

#include "core/alloc.h"

typedef struct tr_escalation {
    int64_t after;
    int tier_delta;
    int priority; /* -1: unchanged */
} tr_escalation;

struct triage_sla_policy {
    const triage_allocator *alloc;
    char *name;
    triage_calendar *cal; /* NULL: calendar time only */
    int64_t target[TRIAGE_METRIC_COUNT]; /* 0: not timed */
    unsigned target_flags[TRIAGE_METRIC_COUNT];
    char *pause[TRIAGE_MAX_PAUSE_STATUSES];
    size_t pause_len[TRIAGE_MAX_PAUSE_STATUSES];
    int npause;
    uint32_t warn[TRIAGE_MAX_WARNINGS]; /* millionths, ascending */
    int nwarn;
    tr_escalation esc[TRIAGE_MAX_ESCALATIONS]; /* ascending `after` */
    int nesc;
};

/* A deep copy with another allocator. */
triage_sla_policy *tr_policy_clone(const triage_allocator *a, const triage_sla_policy *p);
/* Whether a metric counts business time (the policy has a calendar and the
 * target does not ask for calendar time). */
int tr_policy_business(const triage_sla_policy *p, int metric);

#endif
