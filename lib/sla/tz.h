/* Time zones read from TZif data (RFC 8536): the UTC offset in force at an
 * instant, and the instant of a local wall time. */
#ifndef TR_SLA_TZ_H
#define TR_SLA_TZ_H

#include <stddef.h>
#include <stdint.h>

#include <triage/sla.h>

#include "core/alloc.h"

/* Offsets are bounded so that a local time is within 26 h of its instant. */
#define TR_TZ_MAX_OFFSET 93599
#define TR_TZ_MAX_NAME 255

/* One date rule of a POSIX TZ string: Jn, n or Mm.w.d, then a local time. */
typedef struct tr_tz_rule {
    char kind; /* 'J' (1..365, no leap day), 'N' (0..365), 'M' */
    int n, month, week, wday;
    int32_t time; /* seconds after local midnight, -167h .. 167h */
} tr_tz_rule;

/* The footer: what holds after the last transition of the table. */
typedef struct tr_tz_posix {
    int32_t std_off, dst_off; /* UTC offsets, east positive */
    int has_dst;
    tr_tz_rule start, end;
} tr_tz_posix;

typedef struct tr_tz {
    char *name;
    size_t ntimes, ntypes;
    int64_t *times;   /* strictly increasing transition instants */
    uint8_t *types;   /* type index after each transition */
    int32_t *offsets; /* UTC offset of each type */
    int has_footer;
    tr_tz_posix footer;
    int32_t max_abs_offset; /* largest |offset| of any type or footer rule */
} tr_tz;

/* Parses TZif bytes. TRIAGE_ERR_TIMEZONE for anything malformed. */
int tr_tz_parse(const triage_allocator *a, const char *name, size_t nlen, const unsigned char *data,
                size_t len, tr_tz **out);
/* Whether name is a safe relative zone name. */
int tr_tz_name_ok(const char *name, size_t len);
/* Reads dir/name. */
int tr_tz_load(const triage_allocator *a, const char *dir, const char *name, size_t nlen,
               tr_tz **out);
tr_tz *tr_tz_clone(const triage_allocator *a, const tr_tz *z);
void tr_tz_free(const triage_allocator *a, tr_tz *z);

/* Parses a POSIX TZ string (the TZif footer). Returns 0 or -1. */
int tr_posix_tz_parse(const char *s, size_t len, tr_tz_posix *out);
/* The footer's period around instant u: its offset, the last change at or
 * before u (INT64_MIN if none) and the next change after u (INT64_MAX). */
void tr_posix_tz_period(const tr_tz_posix *p, int64_t u, int64_t *start, int64_t *end,
                        int32_t *off);

/* The period containing instant u: [*start, *end) with one offset. A NULL
 * zone is UTC. */
void tr_tz_period(const tr_tz *z, int64_t u, int64_t *start, int64_t *end, int32_t *off);
/* The instant of local wall time `local` (seconds since 1970-01-01 local):
 * the earlier instant when it occurs twice, the offset in force before the
 * change when it does not occur. */
int64_t tr_tz_local_to_utc(const tr_tz *z, int64_t local);

#endif
