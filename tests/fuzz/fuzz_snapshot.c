/* Fuzz target: any bytes as a tracker snapshot, as given and with the
 * checksum made right (so that the decoder's checks are reached). Restoring
 * fails cleanly or gives a tracker that saves back to exactly the same bytes
 * and goes on (collect, next fire, events) without trouble. The corpus holds
 * snapshots of this configuration. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <triage/sla.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two policies over Mon-Fri 09:00-17:00 UTC (no zone file needed). */
static triage_tracker *make_tracker(void) {
    triage_calendar *cal = triage_calendar_create(NULL);
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++)
        triage_calendar_add_interval(cal, d, 9 * 3600, 17 * 3600);
    triage_sla_policy *std = triage_sla_policy_create(NULL, "std", 3);
    triage_sla_policy_set_calendar(std, cal);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_FIRST_RESPONSE, 4 * 3600, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_NEXT_RESPONSE, 2 * 3600, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_PERIODIC_UPDATE, 8 * 3600, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_RESOLUTION, 16 * 3600, 0);
    triage_sla_policy_add_pause_status(std, "pending", 7);
    triage_sla_policy_add_warning(std, 0.5);
    triage_sla_policy_add_escalation(std, 0, 1, -1);
    triage_sla_policy_add_escalation(std, 3600, 1, TRIAGE_PRIORITY_URGENT);
    triage_sla_policy *fast = triage_sla_policy_create(NULL, "fast", 4);
    triage_sla_policy_set_target(fast, TRIAGE_METRIC_FIRST_RESPONSE, 1800, 0);
    triage_sla_policy_set_target(fast, TRIAGE_METRIC_RESOLUTION, 8 * 3600, 0);
    triage_sla_policy_add_warning(fast, 0.75);
    triage_tracker *t = triage_tracker_create(NULL);
    triage_tracker_add_policy(t, std);
    triage_tracker_add_policy(t, fast);
    triage_tracker_set_default_policy(t, "std", 3);
    triage_tracker_set_priority_policy(t, TRIAGE_PRIORITY_URGENT, "fast", 4);
    triage_sla_policy_free(std);
    triage_sla_policy_free(fast);
    triage_calendar_free(cal);
    return t;
}

static void try_restore(const uint8_t *data, size_t size) {
    triage_tracker *t = make_tracker();
    if (!t) __builtin_trap();
    int rc = triage_tracker_restore(t, data, size);
    if (rc != TRIAGE_OK && rc != TRIAGE_ERR_CORRUPT && rc != TRIAGE_ERR_UNSUPPORTED &&
        rc != TRIAGE_ERR_STATE && rc != TRIAGE_ERR_NOMEM)
        __builtin_trap();
    if (rc == TRIAGE_OK) {
        size_t n = 0, w = 0;
        triage_tracker_snapshot_size(t, &n);
        unsigned char *again = malloc(n ? n : 1);
        if (!again || triage_tracker_save(t, again, n, &w) != TRIAGE_OK || w != size ||
            memcmp(again, data, size) != 0)
            __builtin_trap();
        free(again);
        int64_t at;
        rc = triage_tracker_next_fire(t, &at);
        if (rc != TRIAGE_OK && rc != TRIAGE_ERR_NOT_FOUND) __builtin_trap();
        size_t count;
        if (triage_tracker_collect(t, 1772409600LL + 30 * 86400, &count) != TRIAGE_OK) __builtin_trap();
        rc = triage_tracker_created(t, 0xFFFFFFFFu, 1772409600LL, 1, 1, NULL, 0);
        if (rc != TRIAGE_OK && rc != TRIAGE_ERR_EXISTS) __builtin_trap();
    }
    triage_tracker_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    try_restore(data, size);
    if (size >= 32) {
        uint8_t *fixed = malloc(size);
        if (!fixed) __builtin_trap();
        memcpy(fixed, data, size);
        crypto_generichash(fixed + size - 32, 32, fixed, size - 32, NULL, 0);
        try_restore(fixed, size);
        free(fixed);
    }
    return 0;
}
