/* Shared fixture of the tracker tests: three policies over a UTC office
 * calendar, and helpers to collect fires. Times: MON is 2026-03-02T00:00Z,
 * a Monday. */
#ifndef TEST_SLA_FIXTURE_H
#define TEST_SLA_FIXTURE_H

#include <string.h>

#include <triage/sla.h>
#include <stdlib.h>

#define H 3600LL
#define MIN 60LL
#define DAY 86400LL
#define WEEK (7 * DAY)
#define MON 1772409600LL
#define FR TRIAGE_METRIC_FIRST_RESPONSE
#define NR TRIAGE_METRIC_NEXT_RESPONSE
#define PU TRIAGE_METRIC_PERIODIC_UPDATE
#define RES TRIAGE_METRIC_RESOLUTION
#define WARN TRIAGE_FIRE_WARNING
#define BREACH TRIAGE_FIRE_BREACH
#define ESC TRIAGE_FIRE_ESCALATION

typedef struct fire {
    uint64_t ticket;
    int64_t at, due;
    int kind, metric, tier, priority;
    uint32_t level;
} fire;

/* "std": business time Mon-Fri 09:00-17:00 UTC; first response 4h, next
 * response 2h, periodic update 8h, resolution 16h; paused on "pending";
 * warning at 50%; escalations: at the breach tier +1, an hour later tier +1
 * and priority urgent.
 * "fast": calendar time; 30m / 1h / 4h / 8h; paused on "pending" and
 * "on_hold"; warning at 75%; the same escalations.
 * "slow": business time, first response 8h only, no warnings.
 * Priority urgent follows "fast", every other priority "std". */
static inline triage_tracker *make_tracker(void) {
    triage_calendar *cal = triage_calendar_create(NULL);
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++)
        triage_calendar_add_interval(cal, d, 9 * 3600, 17 * 3600);
    triage_sla_policy *std = triage_sla_policy_create(NULL, "std", 3);
    triage_sla_policy_set_calendar(std, cal);
    triage_sla_policy_set_target(std, FR, 4 * H, 0);
    triage_sla_policy_set_target(std, NR, 2 * H, 0);
    triage_sla_policy_set_target(std, PU, 8 * H, 0);
    triage_sla_policy_set_target(std, RES, 16 * H, 0);
    triage_sla_policy_add_pause_status(std, "pending", 7);
    triage_sla_policy_add_warning(std, 0.5);
    triage_sla_policy_add_escalation(std, 1 * H, 1, TRIAGE_PRIORITY_URGENT);
    triage_sla_policy_add_escalation(std, 0, 1, -1);
    triage_sla_policy *fast = triage_sla_policy_create(NULL, "fast", 4);
    triage_sla_policy_set_target(fast, FR, 30 * MIN, 0);
    triage_sla_policy_set_target(fast, NR, 1 * H, 0);
    triage_sla_policy_set_target(fast, PU, 4 * H, 0);
    triage_sla_policy_set_target(fast, RES, 8 * H, 0);
    triage_sla_policy_add_pause_status(fast, "pending", 7);
    triage_sla_policy_add_pause_status(fast, "on_hold", 7);
    triage_sla_policy_add_warning(fast, 0.75);
    triage_sla_policy_add_escalation(fast, 0, 1, -1);
    triage_sla_policy_add_escalation(fast, 1 * H, 1, TRIAGE_PRIORITY_URGENT);
    triage_sla_policy *slow = triage_sla_policy_create(NULL, "slow", 4);
    triage_sla_policy_set_calendar(slow, cal);
    triage_sla_policy_set_target(slow, FR, 8 * H, 0);
    triage_tracker *t = triage_tracker_create(NULL);
    triage_tracker_add_policy(t, std);
    triage_tracker_add_policy(t, fast);
    triage_tracker_add_policy(t, slow);
    triage_tracker_set_default_policy(t, "std", 3);
    triage_tracker_set_priority_policy(t, TRIAGE_PRIORITY_URGENT, "fast", 4);
    triage_sla_policy_free(std);
    triage_sla_policy_free(fast);
    triage_sla_policy_free(slow);
    triage_calendar_free(cal);
    return t;
}

/* Collects up to `up_to` into out (at most cap); returns the count. */
static inline size_t collect(triage_tracker *t, int64_t up_to, fire *out, size_t cap) {
    size_t n = 0;
    if (triage_tracker_collect(t, up_to, &n) != TRIAGE_OK) return (size_t)-1;
    for (size_t i = 0; i < n && i < cap; i++) {
        fire *f = &out[i];
        memset(f, 0, sizeof *f);
        triage_tracker_fire(t, i, &f->ticket, &f->at, &f->kind, &f->metric, &f->level, &f->due,
                            &f->tier, &f->priority);
    }
    return n;
}

/* Saves into a fresh buffer (caller frees). */
static inline unsigned char *save(const triage_tracker *t, size_t *len) {
    *len = 0;
    size_t size = 0;
    triage_tracker_snapshot_size(t, &size);
    unsigned char *buf = malloc(size);
    size_t written = 0;
    if (triage_tracker_save(t, buf, size, &written) != TRIAGE_OK || written != size) {
        free(buf);
        return NULL;
    }
    *len = written;
    return buf;
}

#endif
