/* Business calendars: weekly hours, zone and holidays, and the public
 * due/elapsed operations (pauses are handled here, over the engine). */
#include <stdlib.h>
#include <string.h>

#include "sla/calendar.h"
#include "sla/civil.h"

#ifndef TRIAGE_ZONEINFO_DIR
#define TRIAGE_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif

static void recount_week(triage_calendar *cal);

triage_calendar *triage_calendar_create(const triage_allocator *allocator) {
    triage_calendar *cal = tr_calloc(allocator, 1, sizeof *cal);
    if (cal) cal->alloc = allocator;
    return cal;
}

void triage_calendar_free(triage_calendar *cal) {
    if (!cal) return;
    tr_free(cal->alloc, cal->zoneinfo_dir);
    tr_tz_free(cal->alloc, cal->zone);
    tr_free(cal->alloc, cal->holidays);
    tr_free(cal->alloc, cal);
}

triage_calendar *triage_calendar_clone(const triage_calendar *src) {
    if (!src) return NULL;
    triage_calendar *cal = triage_calendar_create(src->alloc);
    if (!cal) return NULL;
    memcpy(cal->week, src->week, sizeof cal->week);
    recount_week(cal);
    int failed = 0;
    if (src->zoneinfo_dir) {
        cal->zoneinfo_dir = tr_strndup(cal->alloc, src->zoneinfo_dir, strlen(src->zoneinfo_dir));
        failed |= !cal->zoneinfo_dir;
    }
    if (src->zone) {
        cal->zone = tr_tz_clone(cal->alloc, src->zone);
        failed |= !cal->zone;
    }
    if (src->nholidays) {
        failed |= tr_reserve(cal->alloc, (void **)&cal->holidays, &cal->cap_holidays,
                             src->nholidays, sizeof *cal->holidays) != TRIAGE_OK;
        if (!failed) {
            memcpy(cal->holidays, src->holidays, src->nholidays * sizeof *cal->holidays);
            cal->nholidays = src->nholidays;
        }
    }
    if (failed) {
        triage_calendar_free(cal);
        return NULL;
    }
    return cal;
}

int triage_calendar_set_zoneinfo_dir(triage_calendar *cal, const char *dir) {
    if (!cal) return TRIAGE_ERR_ARGUMENT;
    char *copy = NULL;
    if (dir) {
        size_t len = strlen(dir);
        if (len == 0 || len > 4096) return TRIAGE_ERR_ARGUMENT;
        copy = tr_strndup(cal->alloc, dir, len);
        if (!copy) return TRIAGE_ERR_NOMEM;
    }
    tr_free(cal->alloc, cal->zoneinfo_dir);
    cal->zoneinfo_dir = copy;
    return TRIAGE_OK;
}

static int replace_zone(triage_calendar *cal, int rc, tr_tz *z) {
    if (rc != TRIAGE_OK) return rc;
    tr_tz_free(cal->alloc, cal->zone);
    cal->zone = z;
    return TRIAGE_OK;
}

int triage_calendar_set_zone(triage_calendar *cal, const char *name, size_t len) {
    if (!cal || !name) return TRIAGE_ERR_ARGUMENT;
    const char *dir = cal->zoneinfo_dir ? cal->zoneinfo_dir : TRIAGE_ZONEINFO_DIR;
    tr_tz *z = NULL;
    int rc = tr_tz_load(cal->alloc, dir, name, len, &z);
    return replace_zone(cal, rc, z);
}

int triage_calendar_set_zone_tzif(triage_calendar *cal, const char *name, size_t len,
                                  const void *tzif, size_t tzif_len) {
    if (!cal || !name || !tzif) return TRIAGE_ERR_ARGUMENT;
    if (!tr_tz_name_ok(name, len)) return TRIAGE_ERR_TIMEZONE;
    tr_tz *z = NULL;
    int rc = tr_tz_parse(cal->alloc, name, len, tzif, tzif_len, &z);
    return replace_zone(cal, rc, z);
}

const char *triage_calendar_zone(const triage_calendar *cal) {
    if (!cal) return NULL;
    return cal->zone ? cal->zone->name : "UTC";
}

static void recount_week(triage_calendar *cal) {
    int64_t total = 0;
    for (int d = 0; d < 7; d++) {
        int64_t day = 0;
        for (int i = 0; i < cal->week[d].n; i++)
            day += cal->week[d].iv[i].close - cal->week[d].iv[i].open;
        cal->day_seconds[d] = day;
        total += day;
    }
    cal->week_seconds = total;
}

int triage_calendar_add_interval(triage_calendar *cal, int weekday, int32_t open, int32_t close) {
    if (!cal || weekday < 0 || weekday > 6) return TRIAGE_ERR_ARGUMENT;
    if (open < 0 || close > TRIAGE_DAY_SECONDS || open >= close) return TRIAGE_ERR_ARGUMENT;
    tr_day_hours *day = &cal->week[weekday];
    int at = 0;
    while (at < day->n && day->iv[at].open < open) at++;
    if (at > 0 && day->iv[at - 1].close > open) return TRIAGE_ERR_ARGUMENT;
    if (at < day->n && day->iv[at].open < close) return TRIAGE_ERR_ARGUMENT;
    if (day->n == TRIAGE_MAX_DAY_INTERVALS) return TRIAGE_ERR_LIMIT;
    memmove(&day->iv[at + 1], &day->iv[at], (size_t)(day->n - at) * sizeof day->iv[0]);
    day->iv[at].open = open;
    day->iv[at].close = close;
    day->n++;
    recount_week(cal);
    return TRIAGE_OK;
}

int triage_calendar_clear_intervals(triage_calendar *cal) {
    if (!cal) return TRIAGE_ERR_ARGUMENT;
    memset(cal->week, 0, sizeof cal->week);
    recount_week(cal);
    return TRIAGE_OK;
}

int triage_calendar_set_24x7(triage_calendar *cal) {
    if (!cal) return TRIAGE_ERR_ARGUMENT;
    triage_calendar_clear_intervals(cal);
    for (int d = 0; d < 7; d++) triage_calendar_add_interval(cal, d, 0, TRIAGE_DAY_SECONDS);
    return TRIAGE_OK;
}

static int valid_date(int year, int month, int day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= tr_days_in_month(year, month);
}

int triage_calendar_add_holiday(triage_calendar *cal, int year, int month, int day) {
    if (!cal || !valid_date(year, month, day)) return TRIAGE_ERR_ARGUMENT;
    int64_t d = tr_days_from_civil(year, month, day);
    size_t lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid] < d) lo = mid + 1;
        else hi = mid;
    }
    if (lo < cal->nholidays && cal->holidays[lo] == d) return TRIAGE_OK;
    if (cal->nholidays >= TRIAGE_MAX_HOLIDAYS) return TRIAGE_ERR_LIMIT;
    int rc = tr_reserve(cal->alloc, (void **)&cal->holidays, &cal->cap_holidays,
                        cal->nholidays + 1, sizeof *cal->holidays);
    if (rc != TRIAGE_OK) return rc;
    memmove(&cal->holidays[lo + 1], &cal->holidays[lo],
            (cal->nholidays - lo) * sizeof *cal->holidays);
    cal->holidays[lo] = d;
    cal->nholidays++;
    return TRIAGE_OK;
}

int tr_calendar_always_open(const triage_calendar *cal) {
    return cal->nholidays == 0 && cal->week_seconds == 7LL * TRIAGE_DAY_SECONDS;
}

static int valid_instant(int64_t t) { return t >= TRIAGE_TIME_MIN && t <= TRIAGE_TIME_MAX; }

/* Pauses sorted by start and merged (overlapping or touching). */
static int normalize_pauses(const triage_calendar *cal, const int64_t *pauses, size_t n,
                            int64_t **out, size_t *nout) {
    *out = NULL;
    *nout = 0;
    if (n == 0) return TRIAGE_OK;
    if (!pauses || n > SIZE_MAX / 2) return TRIAGE_ERR_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        int64_t a = pauses[2 * i], b = pauses[2 * i + 1];
        if (!valid_instant(a) || !valid_instant(b)) return TRIAGE_ERR_RANGE;
        if (b < a) return TRIAGE_ERR_ARGUMENT;
    }
    int64_t *p = tr_calloc(cal->alloc, n, 2 * sizeof *p);
    if (!p) return TRIAGE_ERR_NOMEM;
    memcpy(p, pauses, n * 2 * sizeof *p);
    /* Insertion sort: pause lists are short. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && p[2 * (j - 1)] > p[2 * j]; j--) {
            int64_t a = p[2 * j], b = p[2 * j + 1];
            p[2 * j] = p[2 * (j - 1)];
            p[2 * j + 1] = p[2 * (j - 1) + 1];
            p[2 * (j - 1)] = a;
            p[2 * (j - 1) + 1] = b;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && p[2 * i] <= p[2 * (m - 1) + 1]) {
            if (p[2 * i + 1] > p[2 * (m - 1) + 1]) p[2 * (m - 1) + 1] = p[2 * i + 1];
        } else {
            p[2 * m] = p[2 * i];
            p[2 * m + 1] = p[2 * i + 1];
            m++;
        }
    }
    *out = p;
    *nout = m;
    return TRIAGE_OK;
}

int triage_calendar_elapsed(const triage_calendar *cal, int64_t a, int64_t b,
                            const int64_t *pauses, size_t npauses, int64_t *seconds) {
    if (!cal || !seconds) return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(a) || !valid_instant(b)) return TRIAGE_ERR_RANGE;
    int64_t *p;
    size_t n;
    int rc = normalize_pauses(cal, pauses, npauses, &p, &n);
    if (rc != TRIAGE_OK) return rc;
    int64_t total = 0;
    rc = tr_business_elapsed(cal, a, b, &total);
    for (size_t i = 0; rc == TRIAGE_OK && i < n; i++) {
        int64_t lo = p[2 * i] > a ? p[2 * i] : a, hi = p[2 * i + 1] < b ? p[2 * i + 1] : b;
        int64_t part = 0;
        rc = tr_business_elapsed(cal, lo, hi, &part);
        total -= part;
    }
    tr_free(cal->alloc, p);
    if (rc == TRIAGE_OK) *seconds = total;
    return rc;
}

int triage_calendar_due(const triage_calendar *cal, int64_t start, int64_t budget,
                        const int64_t *pauses, size_t npauses, int64_t *due) {
    if (!cal || !due) return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(start)) return TRIAGE_ERR_RANGE;
    if (budget < 0) return TRIAGE_ERR_ARGUMENT;
    int64_t *p;
    size_t n;
    int rc = normalize_pauses(cal, pauses, npauses, &p, &n);
    if (rc != TRIAGE_OK) return rc;
    /* Walk the stretches between pauses: the budget runs out in the first
     * stretch holding more business time than what remains of it. */
    int64_t c = start, left = budget;
    for (size_t i = 0; rc == TRIAGE_OK && i < n; i++) {
        int64_t p0 = p[2 * i], p1 = p[2 * i + 1];
        if (p1 <= c) continue;
        if (p0 > c) {
            int64_t part = 0;
            rc = tr_business_elapsed(cal, c, p0, &part);
            if (rc != TRIAGE_OK) break;
            if (part > left) break;
            left -= part;
        }
        c = p1;
    }
    if (rc == TRIAGE_OK) rc = tr_business_due(cal, c, left, due);
    tr_free(cal->alloc, p);
    return rc;
}

int triage_calendar_is_open(const triage_calendar *cal, int64_t t, int *open) {
    if (!cal || !open) return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(t) || t == TRIAGE_TIME_MAX) return TRIAGE_ERR_RANGE;
    int64_t s = 0;
    int rc = tr_business_elapsed(cal, t, t + 1, &s);
    if (rc == TRIAGE_OK) *open = s == 1;
    return rc;
}

int triage_calendar_utc_offset(const triage_calendar *cal, int64_t t, int32_t *offset) {
    if (!cal || !offset) return TRIAGE_ERR_ARGUMENT;
    if (!valid_instant(t)) return TRIAGE_ERR_RANGE;
    int64_t s, e;
    tr_tz_period(cal->zone, t, &s, &e, offset);
    return TRIAGE_OK;
}

int triage_calendar_local_instant(const triage_calendar *cal, int year, int month, int day,
                                  int32_t second_of_day, int64_t *instant) {
    if (!cal || !instant || !valid_date(year, month, day)) return TRIAGE_ERR_ARGUMENT;
    if (second_of_day < 0 || second_of_day > TRIAGE_DAY_SECONDS) return TRIAGE_ERR_ARGUMENT;
    int64_t local = tr_days_from_civil(year, month, day) * TRIAGE_DAY_SECONDS + second_of_day;
    int64_t u = tr_tz_local_to_utc(cal->zone, local);
    if (!valid_instant(u)) return TRIAGE_ERR_RANGE;
    *instant = u;
    return TRIAGE_OK;
}

static void feed_i64(void (*fn)(void *, const void *, size_t), void *ctx, int64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)v >> (8 * i));
    fn(ctx, b, sizeof b);
}

void tr_calendar_describe(const triage_calendar *cal,
                          void (*fn)(void *ctx, const void *data, size_t len), void *ctx) {
    const char *zone = triage_calendar_zone(cal);
    fn(ctx, zone, strlen(zone) + 1);
    for (int d = 0; d < 7; d++) {
        feed_i64(fn, ctx, cal->week[d].n);
        for (int i = 0; i < cal->week[d].n; i++) {
            feed_i64(fn, ctx, cal->week[d].iv[i].open);
            feed_i64(fn, ctx, cal->week[d].iv[i].close);
        }
    }
    feed_i64(fn, ctx, (int64_t)cal->nholidays);
    for (size_t i = 0; i < cal->nholidays; i++) feed_i64(fn, ctx, cal->holidays[i]);
    /* The zone counts by name only: after a tzdata update a snapshot still
     * restores, and its timers follow the new clock changes. */
}
