/* libtriage: business calendars, SLA policies and the SLA tracker.
 *
 * Time is always given by the host: 64-bit seconds since 1970-01-01T00:00:00Z
 * (Unix time, no leap seconds). The library never reads a clock, never uses
 * TZ, localtime or mktime; time zones are read from TZif files (RFC 8536).
 * Valid instants lie in [TRIAGE_TIME_MIN, TRIAGE_TIME_MAX]; anything outside,
 * or a computation whose result would leave that range, is TRIAGE_ERR_RANGE.
 *
 * Conventions (see the README, "SLA timers"):
 * - Open intervals are half-open [open, close) in local wall time, in seconds
 *   of the local day (0 .. 86400; 86400 is "24:00", the next local midnight).
 *   Adjacent intervals join, also across midnight.
 * - Business time is real elapsed seconds inside open intervals: a 00:00-24:00
 *   day lasts 23 h or 25 h when the clocks change.
 * - A local time that occurs twice means its earlier instant; one that does
 *   not exist is read with the offset in force just before the change
 *   (02:30 on 2024-03-10 in New York is 03:30 EDT). An interval whose close
 *   instant is not after its open instant that way is empty that day.
 * - A holiday removes the whole local date's intervals.
 * - Pauses are instant ranges [a, b) removed from business time; paused
 *   instants are not business instants.
 * - elapsed(a, b) is 0 when b <= a.
 * - due(s, B) is the first business instant T >= s with elapsed(s, T) = B: a
 *   budget that runs out exactly at a close (or as a pause begins) is due at
 *   the next opening, a zero budget started out of hours is due at the next
 *   opening.
 *
 * Objects are not synchronised: a calendar or policy may be read by many
 * threads at once (the const functions), a tracker belongs to one thread at
 * a time. */
#ifndef TRIAGE_SLA_H
#define TRIAGE_SLA_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z */
#define TRIAGE_TIME_MIN (-62135596800LL)
#define TRIAGE_TIME_MAX 253402300799LL
/* "No instant" in out parameters (a paused or finished timer has no due). */
#define TRIAGE_TIME_NONE INT64_MIN

/* ---- Business calendars ---- */
typedef struct triage_calendar triage_calendar;

#define TRIAGE_MONDAY 0
#define TRIAGE_TUESDAY 1
#define TRIAGE_WEDNESDAY 2
#define TRIAGE_THURSDAY 3
#define TRIAGE_FRIDAY 4
#define TRIAGE_SATURDAY 5
#define TRIAGE_SUNDAY 6
#define TRIAGE_DAY_SECONDS 86400
/* At most this many open intervals per weekday and holidays per calendar. */
#define TRIAGE_MAX_DAY_INTERVALS 16
#define TRIAGE_MAX_HOLIDAYS 100000
/* Largest TZif file read (bytes). */
#define TRIAGE_MAX_TZIF_SIZE (256u * 1024u)

/* A new calendar: time zone UTC, no open hours (add intervals or call
 * triage_calendar_set_24x7), no holidays, zoneinfo directory
 * TRIAGE_ZONEINFO_DIR as compiled in (usually /usr/share/zoneinfo). */
TRIAGE_API triage_calendar *triage_calendar_create(const triage_allocator *allocator);
TRIAGE_API void triage_calendar_free(triage_calendar *cal);
/* A deep copy (same allocator); NULL on failure. */
TRIAGE_API triage_calendar *triage_calendar_clone(const triage_calendar *cal);

/* Directory the next triage_calendar_set_zone reads from (copied); NULL
 * restores the compiled-in default. */
TRIAGE_API int triage_calendar_set_zoneinfo_dir(triage_calendar *cal, const char *dir);
/* Sets the IANA time zone ("Europe/Berlin"), reading <dir>/<name> as TZif.
 * Names must be relative paths of letters, digits, '_', '-', '+' and '/'
 * components (no "..", no leading '/'), else TRIAGE_ERR_TIMEZONE; a missing,
 * unreadable, oversized or invalid file is TRIAGE_ERR_TIMEZONE too. On error
 * the calendar keeps its previous zone. */
TRIAGE_API int triage_calendar_set_zone(triage_calendar *cal, const char *name, size_t len);
/* The same from TZif bytes the host supplies (its own database). */
TRIAGE_API int triage_calendar_set_zone_tzif(triage_calendar *cal, const char *name, size_t len,
                                             const void *tzif, size_t tzif_len);
/* The zone's name ("UTC" by default). */
TRIAGE_API const char *triage_calendar_zone(const triage_calendar *cal);

/* Adds [open, close) on a weekday, in seconds of the local day:
 * 0 <= open < close <= 86400. Intervals of one weekday must not overlap
 * (touching is fine: they join). TRIAGE_ERR_ARGUMENT otherwise,
 * TRIAGE_ERR_LIMIT past TRIAGE_MAX_DAY_INTERVALS. */
TRIAGE_API int triage_calendar_add_interval(triage_calendar *cal, int weekday, int32_t open,
                                            int32_t close);
/* Removes every interval (and the 24x7 setting). */
TRIAGE_API int triage_calendar_clear_intervals(triage_calendar *cal);
/* Every day 00:00-24:00 (replaces the intervals). Holidays still apply. */
TRIAGE_API int triage_calendar_set_24x7(triage_calendar *cal);
/* A local date (proleptic Gregorian, year 1..9999) without business hours.
 * Adding a date twice is harmless. */
TRIAGE_API int triage_calendar_add_holiday(triage_calendar *cal, int year, int month, int day);

/* Pauses: npauses pairs {a0, b0, a1, b1, ...}, each a <= b, in any order,
 * overlapping or not, before the start or not. pauses may be NULL when
 * npauses is 0. */

/* *due = first business instant T >= start with elapsed(start, T) = budget.
 * budget >= 0 seconds. TRIAGE_ERR_RANGE when there is no such instant up to
 * TRIAGE_TIME_MAX (for example a calendar without open hours). */
TRIAGE_API int triage_calendar_due(const triage_calendar *cal, int64_t start, int64_t budget,
                                   const int64_t *pauses, size_t npauses, int64_t *due);
/* *seconds = business seconds in [a, b) outside the pauses (0 when b <= a). */
TRIAGE_API int triage_calendar_elapsed(const triage_calendar *cal, int64_t a, int64_t b,
                                       const int64_t *pauses, size_t npauses, int64_t *seconds);
/* Whether instant t is inside an open interval (pauses do not apply). */
TRIAGE_API int triage_calendar_is_open(const triage_calendar *cal, int64_t t, int *open);
/* UTC offset in seconds (east positive) in force at instant t. */
TRIAGE_API int triage_calendar_utc_offset(const triage_calendar *cal, int64_t t, int32_t *offset);
/* Instant of a local wall time (seconds of the day 0..86400) on a local date,
 * with the conventions above (earlier instant when repeated, offset before
 * the change when skipped). */
TRIAGE_API int triage_calendar_local_instant(const triage_calendar *cal, int year, int month,
                                             int day, int32_t second_of_day, int64_t *instant);

#ifdef __cplusplus
}
#endif
#endif
