/* SLA policies as stored (by the policy object and, copied, by trackers). */
#ifndef TR_SLA_POLICY_H
#define TR_SLA_POLICY_H

#include <triage/sla.h>

#include "core/alloc.h"

typedef struct tr_escalation {
    int64_t after;      /* seconds, plus */
    int64_t after_days; /* whole days (see tr_policy_day_length) */
    unsigned flags; /* TRIAGE_ESCALATE_* */
    int tier;       /* a step, or with TRIAGE_ESCALATE_SET_TIER a level */
    int priority;   /* a level (-1: unchanged), or with ..._RAISE_PRIORITY steps */
} tr_escalation;

struct triage_sla_policy {
    const triage_allocator *alloc;
    char *name;
    triage_calendar *cal; /* NULL: calendar time only */
    int64_t target[TRIAGE_METRIC_COUNT];      /* seconds, plus */
    int64_t target_days[TRIAGE_METRIC_COUNT]; /* whole days */
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

/* Seconds in one day of a metric's clock: the longest open day of the
 * calendar in business time, 86400 in calendar time. */
int64_t tr_policy_day_length(const triage_sla_policy *p, int metric);
/* A metric's target in seconds of its clock. */
int64_t tr_policy_target(const triage_sla_policy *p, int metric);
/* Escalation level i's delay after the breach, in seconds of the metric's
 * clock, never less than level i-1's. */
int64_t tr_policy_after(const triage_sla_policy *p, int metric, int i);
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
