/* The business calendar as stored, and the business-time engine over it. */
#ifndef TR_SLA_CALENDAR_H
#define TR_SLA_CALENDAR_H

#include <triage/sla.h>

#include "core/alloc.h"
#include "sla/tz.h"

typedef struct tr_interval {
    int32_t open, close; /* seconds of the local day, open < close <= 86400 */
} tr_interval;

typedef struct tr_day_hours {
    tr_interval iv[TRIAGE_MAX_DAY_INTERVALS]; /* sorted, disjoint */
    int n;
} tr_day_hours;

struct triage_calendar {
    const triage_allocator *alloc;
    char *zoneinfo_dir; /* NULL: TRIAGE_ZONEINFO_DIR */
    tr_tz *zone;        /* NULL: UTC */
    tr_day_hours week[7];
    int64_t day_seconds[7]; /* open seconds of each weekday without clock changes */
    int64_t week_seconds;   /* their sum */
    int64_t *holidays;    /* sorted, unique day numbers */
    size_t nholidays, cap_holidays;
};

/* Business seconds in [a, b) (0 when b <= a), no pauses. */
int tr_business_elapsed(const triage_calendar *cal, int64_t a, int64_t b, int64_t *out);
/* First business instant T >= s with elapsed(s, T) = budget, no pauses. */
int tr_business_due(const triage_calendar *cal, int64_t s, int64_t budget, int64_t *out);
/* Whether every instant is business time (24x7 without holidays). */
int tr_calendar_always_open(const triage_calendar *cal);
/* Feeds a canonical description of the calendar to fn (for fingerprints). */
void tr_calendar_describe(const triage_calendar *cal,
                          void (*fn)(void *ctx, const void *data, size_t len), void *ctx);

#endif
