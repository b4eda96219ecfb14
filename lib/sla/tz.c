/* Offsets at instants, and instants of local wall times. */
#include <triage/sla.h>

#include "sla/tz.h"

/* Footer arithmetic stays well inside int64 for instants near the valid range. */
#define TR_TZ_CLAMP_LO (TRIAGE_TIME_MIN - 400LL * 86400)
#define TR_TZ_CLAMP_HI (TRIAGE_TIME_MAX + 400LL * 86400)

void tr_tz_period(const tr_tz *z, int64_t u, int64_t *start, int64_t *end, int32_t *off) {
    *start = INT64_MIN;
    *end = INT64_MAX;
    *off = 0;
    if (!z) return;
    size_t n = z->ntimes;
    if (n == 0 || u < z->times[0]) {
        if (n > 0) {
            *end = z->times[0];
            *off = z->offsets[0]; /* RFC 8536: type 0 holds before the first transition */
            return;
        }
        if (!z->has_footer) {
            *off = z->offsets[0];
            return;
        }
    } else {
        size_t lo = 0, hi = n; /* last i with times[i] <= u */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (z->times[mid] <= u) lo = mid;
            else hi = mid;
        }
        *start = z->times[lo];
        *off = z->offsets[z->types[lo]];
        if (lo + 1 < n) {
            *end = z->times[lo + 1];
            return;
        }
        if (!z->has_footer) return;
    }
    int64_t v = u < TR_TZ_CLAMP_LO ? TR_TZ_CLAMP_LO : u > TR_TZ_CLAMP_HI ? TR_TZ_CLAMP_HI : u;
    int64_t fs, fe;
    tr_posix_tz_period(&z->footer, v, &fs, &fe, off);
    if (fs > *start) *start = fs;
    *end = fe;
}

int64_t tr_tz_local_to_utc(const tr_tz *z, int64_t local) {
    int64_t s, e;
    int32_t off;
    /* An instant is within TR_TZ_MAX_OFFSET of its local time: look at the
     * periods overlapping that window, in order. */
    int64_t lo = local - TR_TZ_MAX_OFFSET - 1, hi = local + TR_TZ_MAX_OFFSET + 1;
    tr_tz_period(z, lo, &s, &e, &off);
    int32_t before = off; /* offset of the last period whose local start is <= local */
    for (int guard = 0; guard < 4096; guard++) {
        int64_t u = local - off;
        if (u >= s && u < e) return u; /* the first period that fits: the earlier instant */
        if (u >= s) before = off;
        if (e == INT64_MAX || e > hi) break;
        tr_tz_period(z, e, &s, &e, &off);
    }
    return local - before; /* a skipped time: the offset before the change */
}
