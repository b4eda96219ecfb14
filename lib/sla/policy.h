/* SLA policies as stored (by the policy object and, copied, by trackers). */
#ifndef TR_SLA_POLICY_H
#define TR_SLA_POLICY_H

#include <triage/sla.h>

#include "core/alloc.h"

typedef struct tr_escalation {
    int64_t after;
    unsigned flags; /* TRIAGE_ESCALATE_* */
    int tier;       /* a step, or with TRIAGE_ESCALATE_SET_TIER a level */
    int priority;   /* a level (-1: unchanged), or with ..._RAISE_PRIORITY steps */
} tr_escalation;

struct triage_sla_policy {
    const triage_allocator *alloc;
    char *name;
    triage_calendar *cal; /* NULL: calendar time only */
    int64_t target[TRIAGE_METRIC_COUNT];
    unsigned timed; /* bit per metric with a target */
    unsigned target_flags[TRIAGE_METRIC_COUNT];
    char *pause[TRIAGE_MAX_PAUSE_STATUSES];
    size_t pause_len[TRIAGE_MAX_PAUSE_STATUSES];
    int npause;
    uint32_t warn[TRIAGE_MAX_WARNINGS]; /* millionths, ascending */
    int nwarn;
    tr_escalation esc[TRIAGE_MAX_ESCALATIONS]; /* ascending `after` */
    int nesc;
};

/* Sets a target; 0 seconds is allowed here (rules files accept `0m`). */
int tr_policy_set_target(triage_sla_policy *p, int metric, int64_t seconds, unsigned flags);
/* Whether the policy times the metric. */
static inline int tr_policy_timed(const triage_sla_policy *p, int metric) {
    return p && (p->timed >> metric & 1u);
}
/* Applies an escalation level to a ticket's tier and priority. */
void tr_escalation_apply(const tr_escalation *e, int *tier, int *priority);
/* A deep copy with another allocator. */
triage_sla_policy *tr_policy_clone(const triage_allocator *a, const triage_sla_policy *p);
/* Whether a metric counts business time (the policy has a calendar and the
 * target does not ask for calendar time). */
int tr_policy_business(const triage_sla_policy *p, int metric);

#endif
