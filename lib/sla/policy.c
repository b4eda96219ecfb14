/* SLA policies: targets per metric, pause statuses, warnings, escalations. */
#include <math.h>
#include <string.h>

#include "sla/calendar.h"
#include "sla/policy.h"

#define TR_MAX_POLICY_NAME 256
#define TR_MAX_STATUS_NAME 256

static const char *const metric_names[TRIAGE_METRIC_COUNT] = {
    "first_response", "next_response", "periodic_update", "resolution"};

const char *triage_metric_name(int metric) {
    return metric >= 0 && metric < TRIAGE_METRIC_COUNT ? metric_names[metric] : NULL;
}

int triage_metric_from_name(const char *name, size_t len) {
    if (!name) return TRIAGE_ERR_ARGUMENT;
    for (int m = 0; m < TRIAGE_METRIC_COUNT; m++)
        if (strlen(metric_names[m]) == len && memcmp(metric_names[m], name, len) == 0) return m;
    return TRIAGE_ERR_NOT_FOUND;
}

triage_sla_policy *triage_sla_policy_create(const triage_allocator *allocator, const char *name,
                                            size_t len) {
    if (!name || len == 0 || len > TR_MAX_POLICY_NAME || memchr(name, 0, len)) return NULL;
    triage_sla_policy *p = tr_calloc(allocator, 1, sizeof *p);
    if (!p) return NULL;
    p->alloc = allocator;
    p->name = tr_strndup(allocator, name, len);
    if (!p->name) {
        tr_free(allocator, p);
        return NULL;
    }
    return p;
}

void triage_sla_policy_free(triage_sla_policy *p) {
    if (!p) return;
    for (int i = 0; i < p->npause; i++) tr_free(p->alloc, p->pause[i]);
    triage_calendar_free(p->cal);
    tr_free(p->alloc, p->name);
    tr_free(p->alloc, p);
}

const char *triage_sla_policy_name(const triage_sla_policy *p) { return p ? p->name : NULL; }

int triage_sla_policy_set_calendar(triage_sla_policy *p, const triage_calendar *cal) {
    if (!p) return TRIAGE_ERR_ARGUMENT;
    triage_calendar *copy = NULL;
    if (cal) {
        copy = triage_calendar_clone(cal);
        if (!copy) return TRIAGE_ERR_NOMEM;
    }
    triage_calendar_free(p->cal);
    p->cal = copy;
    return TRIAGE_OK;
}

/* days + seconds within TRIAGE_MAX_TARGET even with 86400-second days. */
static int duration_ok(int64_t days, int64_t seconds) {
    return days >= 0 && seconds >= 0 && days <= TRIAGE_MAX_TARGET / 86400 &&
           seconds <= TRIAGE_MAX_TARGET - days * 86400;
}

int triage_sla_policy_set_target_days(triage_sla_policy *p, int metric, int64_t days,
                                      int64_t seconds, unsigned flags) {
    if (!p || metric < 0 || metric >= TRIAGE_METRIC_COUNT) return TRIAGE_ERR_ARGUMENT;
    if (flags & ~TRIAGE_TARGET_CALENDAR_TIME) return TRIAGE_ERR_ARGUMENT;
    if (!duration_ok(days, seconds)) return TRIAGE_ERR_RANGE;
    p->target[metric] = seconds;
    p->target_days[metric] = days;
    p->target_flags[metric] = flags;
    p->timed |= 1u << metric;
    return TRIAGE_OK;
}

int triage_sla_policy_set_target(triage_sla_policy *p, int metric, int64_t seconds,
                                 unsigned flags) {
    if (p && seconds == 0) return TRIAGE_ERR_RANGE;
    return triage_sla_policy_set_target_days(p, metric, 0, seconds, flags);
}

int64_t tr_policy_day_length(const triage_sla_policy *p, int metric) {
    if (!tr_policy_business(p, metric)) return 86400;
    int64_t longest = 0;
    for (int d = 0; d < 7; d++)
        if (p->cal->day_seconds[d] > longest) longest = p->cal->day_seconds[d];
    return longest;
}

int64_t tr_policy_target(const triage_sla_policy *p, int metric) {
    int64_t days = p->target_days[metric];
    return p->target[metric] + (days ? days * tr_policy_day_length(p, metric) : 0);
}

int64_t tr_policy_after(const triage_sla_policy *p, int metric, int i) {
    int64_t day = -1, after = 0;
    for (int k = 0; k <= i; k++) {
        const tr_escalation *e = &p->esc[k];
        int64_t a = e->after;
        if (e->after_days) {
            if (day < 0) day = tr_policy_day_length(p, metric);
            a += e->after_days * day;
        }
        if (a > after) after = a;
    }
    return after;
}

int triage_sla_policy_add_pause_status(triage_sla_policy *p, const char *status, size_t len) {
    if (!p || !status || len == 0 || len > TR_MAX_STATUS_NAME) return TRIAGE_ERR_ARGUMENT;
    for (int i = 0; i < p->npause; i++)
        if (p->pause_len[i] == len && memcmp(p->pause[i], status, len) == 0) return TRIAGE_OK;
    if (p->npause == TRIAGE_MAX_PAUSE_STATUSES) return TRIAGE_ERR_LIMIT;
    char *copy = tr_strndup(p->alloc, status, len);
    if (!copy) return TRIAGE_ERR_NOMEM;
    p->pause[p->npause] = copy;
    p->pause_len[p->npause++] = len;
    return TRIAGE_OK;
}

int triage_sla_policy_add_warning(triage_sla_policy *p, double fraction) {
    if (!p || !(fraction > 0.0 && fraction < 1.0)) return TRIAGE_ERR_ARGUMENT;
    long ppm = lround(fraction * 1e6);
    if (ppm <= 0 || ppm >= 1000000) return TRIAGE_ERR_ARGUMENT;
    int at = 0;
    while (at < p->nwarn && p->warn[at] < (uint32_t)ppm) at++;
    if (at < p->nwarn && p->warn[at] == (uint32_t)ppm) return TRIAGE_OK;
    if (p->nwarn == TRIAGE_MAX_WARNINGS) return TRIAGE_ERR_LIMIT;
    memmove(&p->warn[at + 1], &p->warn[at], (size_t)(p->nwarn - at) * sizeof p->warn[0]);
    p->warn[at] = (uint32_t)ppm;
    p->nwarn++;
    return TRIAGE_OK;
}

int triage_sla_policy_add_escalation_days(triage_sla_policy *p, int64_t after_days,
                                          int64_t after, unsigned flags, int tier, int priority) {
    if (!p || (flags & ~(TRIAGE_ESCALATE_SET_TIER | TRIAGE_ESCALATE_RAISE_PRIORITY)))
        return TRIAGE_ERR_ARGUMENT;
    if (tier < ((flags & TRIAGE_ESCALATE_SET_TIER) ? 1 : 0) || tier > TRIAGE_MAX_TIER_LEVEL)
        return TRIAGE_ERR_ARGUMENT;
    if ((flags & TRIAGE_ESCALATE_RAISE_PRIORITY) ? (priority < 1 || priority > 3)
                                                 : (priority < -1 || priority > 3))
        return TRIAGE_ERR_ARGUMENT;
    if (!duration_ok(after_days, after)) return TRIAGE_ERR_RANGE;
    if (p->nesc == TRIAGE_MAX_ESCALATIONS) return TRIAGE_ERR_LIMIT;
    /* Sorted by after with 86400-second days (stable); in business time a
     * shorter day may reorder them: tr_policy_after keeps them monotone. */
    int64_t key = after_days * 86400 + after;
    int at = p->nesc;
    while (at > 0 && p->esc[at - 1].after_days * 86400 + p->esc[at - 1].after > key) {
        p->esc[at] = p->esc[at - 1];
        at--;
    }
    p->esc[at].after = after;
    p->esc[at].after_days = after_days;
    p->esc[at].flags = flags;
    p->esc[at].tier = tier;
    p->esc[at].priority = priority;
    p->nesc++;
    return TRIAGE_OK;
}

int triage_sla_policy_add_escalation_level(triage_sla_policy *p, int64_t after, unsigned flags,
                                           int tier, int priority) {
    return triage_sla_policy_add_escalation_days(p, 0, after, flags, tier, priority);
}

int triage_sla_policy_add_escalation(triage_sla_policy *p, int64_t after, int tier_delta,
                                     int priority) {
    return triage_sla_policy_add_escalation_days(p, 0, after, 0, tier_delta, priority);
}

void tr_escalation_apply(const tr_escalation *e, int *tier, int *priority) {
    int t = (e->flags & TRIAGE_ESCALATE_SET_TIER) ? e->tier : *tier + e->tier;
    if (t > TRIAGE_MAX_TIER_LEVEL) t = TRIAGE_MAX_TIER_LEVEL;
    if (t > *tier) *tier = t;
    int pr = (e->flags & TRIAGE_ESCALATE_RAISE_PRIORITY) ? *priority + e->priority : e->priority;
    if (pr > 3) pr = 3;
    if (pr > *priority) *priority = pr;
}

int triage_sla_policy_due(const triage_sla_policy *p, int metric, int64_t start, int64_t *due) {
    if (!p || !due || metric < 0 || metric >= TRIAGE_METRIC_COUNT) return TRIAGE_ERR_ARGUMENT;
    if (!tr_policy_timed(p, metric)) return TRIAGE_ERR_NOT_FOUND;
    if (start < TRIAGE_TIME_MIN || start > TRIAGE_TIME_MAX) return TRIAGE_ERR_RANGE;
    int64_t target = tr_policy_target(p, metric);
    if (tr_policy_business(p, metric)) return tr_business_due(p->cal, start, target, due);
    if (target > TRIAGE_TIME_MAX - start) return TRIAGE_ERR_RANGE;
    *due = start + target;
    return TRIAGE_OK;
}

int tr_policy_business(const triage_sla_policy *p, int metric) {
    return p && p->cal && !(p->target_flags[metric] & TRIAGE_TARGET_CALENDAR_TIME);
}

triage_sla_policy *tr_policy_clone(const triage_allocator *a, const triage_sla_policy *src) {
    triage_sla_policy *p = triage_sla_policy_create(a, src->name, strlen(src->name));
    if (!p) return NULL;
    memcpy(p->target, src->target, sizeof p->target);
    memcpy(p->target_days, src->target_days, sizeof p->target_days);
    p->timed = src->timed;
    memcpy(p->target_flags, src->target_flags, sizeof p->target_flags);
    memcpy(p->warn, src->warn, sizeof p->warn);
    p->nwarn = src->nwarn;
    memcpy(p->esc, src->esc, sizeof p->esc);
    p->nesc = src->nesc;
    int failed = triage_sla_policy_set_calendar(p, src->cal) != TRIAGE_OK;
    for (int i = 0; !failed && i < src->npause; i++)
        failed = triage_sla_policy_add_pause_status(p, src->pause[i], src->pause_len[i]) != TRIAGE_OK;
    if (failed) {
        triage_sla_policy_free(p);
        return NULL;
    }
    return p;
}
