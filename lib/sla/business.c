/* The business-time engine: walks local days, and skips whole weeks
 * and days arithmetically wherever one UTC offset holds (holidays are
 * subtracted), so a budget of a year costs little more than one of an hour.
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
/* Every instant of local date D lies in [D*DAY - margin, (D+1)*DAY + margin]
 * where margin exceeds the zone's largest |offset|; and when one period
 * covers that range, no other period can claim a local time of D. */
#define MARGIN (w->margin)
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
    int64_t margin;
    size_t hidx; /* a holiday index near the days being walked */
} walker;

static void walk_period(walker *w, int64_t x) {
    if (w->valid && x >= w->ps && x < w->pe) return;
    tr_tz_period(w->cal->zone, x, &w->ps, &w->pe, &w->off);
    w->valid = 1;
}

static walker make_walker(const triage_calendar *cal) {
    walker w = {cal, 0, 0, 0, 0, 60, 0};
    if (cal->zone) w.margin = (int64_t)cal->zone->max_abs_offset + 60;
    return w;
}

/* The first local date whose spans can reach instant t. */
static int64_t first_day(walker *w, int64_t t) {
    walk_period(w, t);
    int64_t back = (2 * w->margin + DAY - 1) / DAY;
    return tr_floor_div(t + w->off, DAY) - back;
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

/* The same, starting from the walker's cursor: days mostly move forward. */
static size_t holiday_index(walker *w, int64_t day) {
    const triage_calendar *cal = w->cal;
    size_t i = w->hidx, n = cal->nholidays;
    if (i > n || (i > 0 && cal->holidays[i - 1] >= day)) {
        i = holiday_at_or_after(cal, day);
    } else {
        while (i < n && cal->holidays[i] < day) i++;
    }
    w->hidx = i;
    return i;
}

static int is_holiday(walker *w, int64_t day) {
    size_t i = holiday_index(w, day);
    return i < w->cal->nholidays && w->cal->holidays[i] == day;
}

/* Local wall time -> instant when at most one change (at w->pe, to offset
 * `next`) falls near the day: the rules of tr_tz_local_to_utc, without
 * looking periods up again. */
static int64_t local_to_utc_2(const walker *w, int32_t next, int64_t local) {
    if (local - w->off < w->pe) return local - w->off; /* before the change */
    if (local - next >= w->pe) return local - next;    /* after it */
    return local - w->off;                             /* skipped: offset before */
}

/* The instant spans of local date `day`, sorted and disjoint. */
static int day_spans(walker *w, int64_t day, span out[TRIAGE_MAX_DAY_INTERVALS]) {
    const triage_calendar *cal = w->cal;
    const tr_day_hours *wd = &cal->week[tr_weekday(day)];
    if (wd->n == 0 || is_holiday(w, day)) return 0;
    int64_t base = day * DAY;
    walk_period(w, base - MARGIN);
    if (base + DAY + MARGIN < w->pe) { /* one offset all day: a plain shift */
        for (int i = 0; i < wd->n; i++) {
            out[i].a = base + wd->iv[i].open - w->off;
            out[i].b = base + wd->iv[i].close - w->off;
        }
        return wd->n;
    }
    /* A change near this day: one change is the common case. */
    int64_t qs, qe;
    int32_t next;
    tr_tz_period(cal->zone, w->pe, &qs, &qe, &next);
    int one_change = base + DAY + MARGIN < qe;
    int n = 0;
    for (int i = 0; i < wd->n; i++) {
        int64_t lo = base + wd->iv[i].open, hi = base + wd->iv[i].close;
        int64_t a = one_change ? local_to_utc_2(w, next, lo) : tr_tz_local_to_utc(cal->zone, lo);
        int64_t b = one_change ? local_to_utc_2(w, next, hi) : tr_tz_local_to_utc(cal->zone, hi);
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

/* Business seconds the holidays in [d0, d1) take away from plain weeks. */
static int64_t holiday_loss(walker *w, int64_t d0, int64_t d1) {
    const triage_calendar *cal = w->cal;
    int64_t loss = 0;
    size_t i = holiday_index(w, d0);
    for (; i < cal->nholidays && cal->holidays[i] < d1; i++)
        loss += cal->day_seconds[tr_weekday(cal->holidays[i])];
    w->hidx = i; /* the walk goes on from d1 */
    return loss;
}

/* Whether local date `day` and its neighbourhood have a single UTC offset,
 * so that the day can be counted arithmetically. Sets *midnight to the
 * instant of its local midnight and *days to how many consecutive days from
 * `day` share that property (at least 1). */
static int plain_days(walker *w, int64_t day, int64_t *midnight, int64_t *days) {
    int64_t base = day * DAY;
    walk_period(w, base - MARGIN);
    if (base + DAY + MARGIN >= w->pe) return 0;
    *midnight = base - w->off;
    *days = w->pe == INT64_MAX ? MAX_DAY - day : (w->pe - 1 - MARGIN - base) / DAY;
    if (*days > MAX_DAY - day) *days = MAX_DAY - day;
    return *days >= 1;
}

static int64_t day_seconds(walker *w, int64_t day) {
    return is_holiday(w, day) ? 0 : w->cal->day_seconds[tr_weekday(day)];
}

/* Business seconds of the n local dates from `day` under one offset. */
static int64_t days_seconds(walker *w, int64_t day, int64_t n) {
    const triage_calendar *cal = w->cal;
    int64_t total = n / 7 * cal->week_seconds;
    int wd = tr_weekday(day);
    for (int64_t i = 0; i < n % 7; i++) total += cal->day_seconds[(wd + i) % 7];
    return total - holiday_loss(w, day, day + n);
}

int tr_business_elapsed(const triage_calendar *cal, int64_t a, int64_t b, int64_t *out) {
    *out = 0;
    if (b <= a) return TRIAGE_OK;
    if (tr_calendar_always_open(cal)) {
        *out = b - a;
        return TRIAGE_OK;
    }
    if (cal->week_seconds == 0) return TRIAGE_OK;
    walker w = make_walker(cal);
    int64_t day = first_day(&w, a), cursor = a, total = 0;
    span sp[TRIAGE_MAX_DAY_INTERVALS];
    while (day * DAY - w.margin < b) {
        int64_t midnight, days;
        if (plain_days(&w, day, &midnight, &days) && cursor <= midnight && b - midnight >= DAY) {
            /* Whole days before b: weeks at once, then single days. */
            if ((b - midnight) / DAY < days) days = (b - midnight) / DAY;
            if (days > 1) {
                total += days_seconds(&w, day, days);
                day += days;
                cursor = midnight + days * DAY;
            } else {
                total += day_seconds(&w, day);
                day++;
                cursor = midnight + DAY;
            }
            continue;
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
    walker w = make_walker(cal);
    int64_t day = first_day(&w, s), cursor = s, left = budget;
    span sp[TRIAGE_MAX_DAY_INTERVALS];
    for (;;) {
        if (day > MAX_DAY) return TRIAGE_ERR_RANGE;
        int64_t midnight, days;
        if (plain_days(&w, day, &midnight, &days) && cursor <= midnight) {
            /* Whole weeks while more than a week of budget is left (keeping
             * some for the exact end), then whole days that do not use it
             * all up; the day where it runs out is walked exactly, which
             * also finds the next opening when it ends at a close. */
            if (left > cal->week_seconds && days < 7 * 64) { /* up to a clock change */
                int64_t all = days_seconds(&w, day, days);
                if (all < left) {
                    left -= all;
                    day += days;
                    cursor = midnight + days * DAY;
                    continue;
                }
            }
            int64_t k = days / 7;
            if ((left - 1) / cal->week_seconds < k) k = (left - 1) / cal->week_seconds;
            if (left > cal->week_seconds && k > 0) {
                left -= k * cal->week_seconds - holiday_loss(&w, day, day + 7 * k);
                day += 7 * k;
                cursor = midnight + k * WEEK;
                continue;
            }
            int64_t ds = day_seconds(&w, day);
            if (ds < left) {
                left -= ds;
                day++;
                cursor = midnight + DAY;
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
