/* Fuzz target: any bytes as TZif data for a business calendar. Loading
 * fails cleanly or gives a zone whose offsets stay within 26 hours and
 * whose due/elapsed keep their definition (elapsed(s, due(s, B)) = B). */
#include <stddef.h>
#include <stdint.h>

#include <triage/sla.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    triage_calendar *c = triage_calendar_create(NULL);
    if (!c) __builtin_trap();
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++) {
        triage_calendar_add_interval(c, d, 1800, 2 * 3600 + 1800); /* where clocks change */
        triage_calendar_add_interval(c, d, 9 * 3600, 17 * 3600);
    }
    triage_calendar_add_interval(c, TRIAGE_SUNDAY, 22 * 3600, 24 * 3600);
    int rc = triage_calendar_set_zone_tzif(c, "Fuzz/Zone", 9, data, size);
    if (rc != TRIAGE_OK && rc != TRIAGE_ERR_TIMEZONE && rc != TRIAGE_ERR_NOMEM) __builtin_trap();
    if (rc == TRIAGE_OK) {
        static const int64_t instants[] = {0, 1711846800, 1730611800, 4102444800LL,
                                           TRIAGE_TIME_MIN + 86400, TRIAGE_TIME_MAX - 86400 * 30};
        for (size_t i = 0; i < sizeof instants / sizeof *instants; i++) {
            int64_t t = instants[i], due, e;
            int32_t off;
            if (triage_calendar_utc_offset(c, t, &off) != TRIAGE_OK) __builtin_trap();
            if (off <= -93600 || off >= 93600) __builtin_trap();
            rc = triage_calendar_due(c, t, 8 * 3600 + 17, NULL, 0, &due);
            if (rc != TRIAGE_OK && rc != TRIAGE_ERR_RANGE) __builtin_trap();
            if (rc == TRIAGE_OK) {
                if (due < t || triage_calendar_elapsed(c, t, due, NULL, 0, &e) != TRIAGE_OK ||
                    e != 8 * 3600 + 17)
                    __builtin_trap();
            }
        }
        int64_t instant;
        rc = triage_calendar_local_instant(c, 2026, 3, 29, 2 * 3600 + 1800, &instant);
        if (rc != TRIAGE_OK && rc != TRIAGE_ERR_RANGE) __builtin_trap();
    }
    triage_calendar_free(c);
    return 0;
}
