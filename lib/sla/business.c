/* The business-time engine: walks local days, and skips whole weeks
 * arithmetically where no clock change and no holiday can interfere, so a
 * budget of a year costs about what a budget of a week does.
 *
 * Each local date D yields instant spans, one per open interval, from the
 * instants of its open and close wall times (tr_tz_local_to_utc applies the
 * conventions for repeated and skipped times). A `cursor` instant marks what
 * has been counted, so spans that overlap after conversion (around a clock
 * change near midnight) are never counted twice. */
#include "sla/calendar.h"
#include "sla/civil.h"

#define DAY 86400LL
#define WEEK (7 * DAY)
/* Every instant of local date D lies in [D*DAY - MARGIN, (D+1)*DAY + MARGIN]. */
#define MARGIN (2 * DAY)
#define MAX_DAY (TRIAGE_TIME_MAX / DAY + 3)

typedef struct span {
    int64_t a, b;
} span;

/* The zone period last looked up: most days reuse it. */
typedef struct walker {
    const triage_calendar *cal;
    int64_t ps, pe;
    int32_t off;
    int valid;
} walker;

static void walk_period(walker *w, int64_t x) {
    if (w->valid && x >= w->ps && x < w->pe) return;
    tr_tz_period(w->cal->zone, x, &w->ps, &w->pe, &w->off);
    w->valid = 1;
}

/* Index of the first holiday >= day. */
static size_t holiday_at_or_after(const triage_calendar *cal, int64_t day) {
    size_t lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid] < day) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int is_holiday(const triage_calendar *cal, int64_t day) {
    size_t i = holiday_at_or_after(cal, day);
    return i < cal->nholidays && cal->holidays[i] == day;
}

/* The instant spans of local date `day`, sorted and disjoint. */
static int day_spans(walker *w, int64_t day, span out[TRIAGE_MAX_DAY_INTERVALS]) {
    const triage_calendar *cal = w->cal;
    const tr_day_hours *wd = &cal->week[tr_weekday(day)];
    if (wd->n == 0 || is_holiday(cal, day)) return 0;
    int64_t base = day * DAY;
    walk_period(w, base - MARGIN);
    if (base + DAY + MARGIN < w->pe) { /* one offset all day: a plain shift */
        for (int i = 0; i < wd->n; i++) {
            out[i].a = base + wd->iv[i].open - w->off;
            out[i].b = base + wd->iv[i].close - w->off;
        }
        return wd->n;
    }
    int n = 0;
    for (int i = 0; i < wd->n; i++) {
        int64_t a = tr_tz_local_to_utc(cal->zone, base + wd->iv[i].open);
        int64_t b = tr_tz_local_to_utc(cal->zone, base + wd->iv[i].close);
        if (b <= a) continue; /* e.g. 02:30-03:15 on a spring-forward day */
        int at = n++;
        while (at > 0 && out[at - 1].a > a) {
            out[at] = out[at - 1];
            at--;
        }
        out[at].a = a;
        out[at].b = b;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && out[i].a <= out[m - 1].b) {
            if (out[i].b > out[m - 1].b) out[m - 1].b = out[i].b;
        } else {
            out[m++] = out[i];
        }
    }
    return m;
}

/* How many whole weeks from local date `day` have one UTC offset (with the
 * margins around them) and no holiday; *midnight is the instant of day's
 * local midnight under that offset. */
static int64_t skippable_weeks(walker *w, int64_t day, int64_t *midnight) {
    const triage_calendar *cal = w->cal;
    int64_t base = day * DAY;
    walk_period(w, base - MARGIN);
    *midnight = base - w->off;
    int64_t k = (MAX_DAY - day) / 7;
    if (w->pe != INT64_MAX) {
        int64_t room = w->pe - 1 - MARGIN - base;
        if (room < WEEK) return 0;
        if (room / WEEK < k) k = room / WEEK;
    }
    size_t h = holiday_at_or_after(cal, day);
    if (h < cal->nholidays && (cal->holidays[h] - day) / 7 < k) k = (cal->holidays[h] - day) / 7;
    return k;
}

static int64_t local_day_of(walker *w, int64_t t) {
    walk_period(w, t);
    return tr_floor_div(t + w->off, DAY);
}

int tr_business_elapsed(const triage_calendar *cal, int64_t a, int64_t b, int64_t *out) {
    *out = 0;
    if (b <= a) return TRIAGE_OK;
    if (tr_calendar_always_open(cal)) {
        *out = b - a;
        return TRIAGE_OK;
    }
    if (cal->week_seconds == 0) return TRIAGE_OK;
    walker w = {cal, 0, 0, 0, 0};
    int64_t day = local_day_of(&w, a) - 1, cursor = a, total = 0;
    span sp[TRIAGE_MAX_DAY_INTERVALS];
    while (day * DAY - MARGIN < b) {
        if (b - cursor > WEEK) {
            int64_t midnight;
            int64_t k = skippable_weeks(&w, day, &midnight);
            if (k > 0 && cursor <= midnight && b - midnight >= WEEK) {
                if ((b - midnight) / WEEK < k) k = (b - midnight) / WEEK;
                total += k * cal->week_seconds;
                day += 7 * k;
                cursor = midnight + k * WEEK;
                continue;
            }
        }
        int n = day_spans(&w, day, sp);
        for (int i = 0; i < n; i++) {
            int64_t lo = sp[i].a > cursor ? sp[i].a : cursor;
            int64_t hi = sp[i].b < b ? sp[i].b : b;
            if (hi > lo) total += hi - lo;
            if (sp[i].b > cursor) cursor = sp[i].b;
        }
        day++;
    }
    *out = total;
    return TRIAGE_OK;
}

int tr_business_due(const triage_calendar *cal, int64_t s, int64_t budget, int64_t *out) {
    /* Business time never runs faster than real time. */
    if (budget > TRIAGE_TIME_MAX - s) return TRIAGE_ERR_RANGE;
    if (tr_calendar_always_open(cal)) {
        *out = s + budget;
        return TRIAGE_OK;
    }
    if (cal->week_seconds == 0) return TRIAGE_ERR_RANGE; /* never open */
    walker w = {cal, 0, 0, 0, 0};
    int64_t day = local_day_of(&w, s) - 1, cursor = s, left = budget;
    span sp[TRIAGE_MAX_DAY_INTERVALS];
    for (;;) {
        if (day > MAX_DAY) return TRIAGE_ERR_RANGE;
        if (left > cal->week_seconds) {
            int64_t midnight;
            int64_t k = skippable_weeks(&w, day, &midnight);
            if (k > 0 && cursor <= midnight) {
                /* Keep some budget for the day walk, which finds the exact
                 * instant (and the next opening when it ends at a close). */
                int64_t need = (left - 1) / cal->week_seconds;
                if (need < k) k = need;
                left -= k * cal->week_seconds;
                day += 7 * k;
                cursor = midnight + k * WEEK;
                continue;
            }
        }
        int n = day_spans(&w, day, sp);
        for (int i = 0; i < n; i++) {
            int64_t a = sp[i].a > cursor ? sp[i].a : cursor;
            if (sp[i].b <= a) continue;
            if (left < sp[i].b - a) {
                if (a + left > TRIAGE_TIME_MAX) return TRIAGE_ERR_RANGE;
                *out = a + left;
                return TRIAGE_OK;
            }
            left -= sp[i].b - a;
            cursor = sp[i].b;
        }
        day++;
    }
}
