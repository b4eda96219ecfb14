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
#include "rules.h" /* TRIAGE_PRIORITY_* */

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

/* ---- SLA policies ---- */
typedef struct triage_sla_policy triage_sla_policy;

#define TRIAGE_METRIC_FIRST_RESPONSE 0
#define TRIAGE_METRIC_NEXT_RESPONSE 1
#define TRIAGE_METRIC_PERIODIC_UPDATE 2
#define TRIAGE_METRIC_RESOLUTION 3
#define TRIAGE_METRIC_COUNT 4
/* "first_response", "next_response", "periodic_update", "resolution"; NULL otherwise. */
TRIAGE_API const char *triage_metric_name(int metric);
/* The metric for a name, or TRIAGE_ERR_NOT_FOUND. */
TRIAGE_API int triage_metric_from_name(const char *name, size_t len);

/* Targets are at most 100 years. */
#define TRIAGE_MAX_TARGET (100LL * 366 * 86400)
#define TRIAGE_MAX_WARNINGS 16
#define TRIAGE_MAX_ESCALATIONS 16
#define TRIAGE_MAX_PAUSE_STATUSES 16
#define TRIAGE_MAX_POLICIES 65000

/* Target flags. */
#define TRIAGE_TARGET_CALENDAR_TIME 0x1u /* count every second, not business time */

/* A policy without targets (no metric is timed), no calendar (calendar time
 * for every metric), no pause statuses, warnings or escalations. */
TRIAGE_API triage_sla_policy *triage_sla_policy_create(const triage_allocator *allocator,
                                                       const char *name, size_t len);
TRIAGE_API void triage_sla_policy_free(triage_sla_policy *p);
TRIAGE_API const char *triage_sla_policy_name(const triage_sla_policy *p);
/* The business calendar (copied; NULL: none, every metric in calendar time). */
TRIAGE_API int triage_sla_policy_set_calendar(triage_sla_policy *p, const triage_calendar *cal);
/* Target of a metric in seconds (0 < seconds <= TRIAGE_MAX_TARGET), in the
 * policy's business time unless TRIAGE_TARGET_CALENDAR_TIME. */
TRIAGE_API int triage_sla_policy_set_target(triage_sla_policy *p, int metric, int64_t seconds,
                                            unsigned flags);
/* A target of whole business days plus seconds. In business time a day
 * counts as one full business day: the open time of the calendar's longest
 * open day (7 h for 09:00-12:30 and 13:30-17:00), so 3 days from Monday
 * 09:15 are due Thursday 09:15 when Monday to Thursday have those hours; in
 * calendar time a day is 86400 s. days + seconds may be 0 here (a target due
 * at the first business instant); at most TRIAGE_MAX_TARGET in all. */
TRIAGE_API int triage_sla_policy_set_target_days(triage_sla_policy *p, int metric, int64_t days,
                                                 int64_t seconds, unsigned flags);
/* Timers stop while the ticket's status is one of these (copied names). */
TRIAGE_API int triage_sla_policy_add_pause_status(triage_sla_policy *p, const char *status,
                                                  size_t len);
/* A warning when this fraction of a target is used, 0 < fraction < 1
 * (kept to a millionth). Duplicates are ignored. */
TRIAGE_API int triage_sla_policy_add_warning(triage_sla_policy *p, double fraction);
/* An escalation level, fired once per breached timer when `after` more
 * seconds (counted like the target) have passed since the breach. Raises the
 * ticket's tier by tier_delta (0..TRIAGE_MAX_TIER) and its priority to
 * `priority` if that is higher (-1: unchanged). Levels are kept sorted by
 * `after`. */
TRIAGE_API int triage_sla_policy_add_escalation(triage_sla_policy *p, int64_t after,
                                                int tier_delta, int priority);
/* The general form. flags: TRIAGE_ESCALATE_SET_TIER makes `tier` a level
 * the ticket is raised to (1..TRIAGE_MAX_TIER_LEVEL) instead of a step
 * (0..TRIAGE_MAX_TIER_LEVEL); TRIAGE_ESCALATE_RAISE_PRIORITY makes
 * `priority` a number of steps up (1..3) instead of a level the ticket is
 * raised to (-1: unchanged). Escalations never lower a tier or priority. */
#define TRIAGE_ESCALATE_SET_TIER 0x1u
#define TRIAGE_ESCALATE_RAISE_PRIORITY 0x2u
TRIAGE_API int triage_sla_policy_add_escalation_level(triage_sla_policy *p, int64_t after,
                                                      unsigned flags, int tier, int priority);
/* The same with `after` as whole days (counted as for targets) plus seconds.
 * Levels fire in the order added among equal afters, and never before the
 * level before them. */
TRIAGE_API int triage_sla_policy_add_escalation_days(triage_sla_policy *p, int64_t after_days,
                                                     int64_t after_seconds, unsigned flags,
                                                     int tier, int priority);
/* The due instant of a metric's target from `start`, counted like the
 * target (TRIAGE_ERR_NOT_FOUND when the policy does not time the metric). */
TRIAGE_API int triage_sla_policy_due(const triage_sla_policy *p, int metric, int64_t start,
                                     int64_t *due);

/* ---- Tracker ----
 * Tickets are named by a 64-bit id the host chooses. Every event carries its
 * time; events of one ticket must come in time order (equal times are fine),
 * else TRIAGE_ERR_STATE and nothing changes. Unknown tickets are
 * TRIAGE_ERR_NOT_FOUND, a bad priority, tier, status or policy name
 * TRIAGE_ERR_ARGUMENT / TRIAGE_ERR_NOT_FOUND: nothing changes on any error.
 *
 * Metrics:
 * - first response: from creation to the first agent reply (met or breached
 *   once, never again; solving the ticket first also ends it);
 * - next response: from the oldest unanswered customer message after the first
 *   agent reply (before it, first response covers the customer) to the next
 *   agent reply; fulfilled there, re-armed by the next customer message;
 * - periodic update: from each agent reply to the next, while the ticket is
 *   open; a reopen after a reply restarts it from the reopen;
 * - resolution: from creation to solved; resumed (not restarted) on reopen,
 *   with the time it had used and the warnings and breach it had fired.
 * Solving stops every timer. Messages and replies on a solved ticket start
 * nothing (send reopened first).
 *
 * Due, met, breached: a timer's due instant is due(start, target) of the
 * calendar over its counting stretches; its breach fires at that instant and
 * it is met when stopped strictly before it. Warnings fire at their fraction
 * of the target, escalation level i when `after_i` more (counted the same
 * way) has passed; each fires once per timer cycle, with the ticket's tier
 * and priority after the level.
 *
 * Pauses: while the ticket's status is in its policy's pause set, no timer
 * counts (and nothing fires); each resumes with the time it had used.
 *
 * Policy changes (an explicit policy event, or a priority change of a ticket
 * whose policy follows its priority) keep the time each timer has used and
 * count what remains under the new targets and calendar. Entries of the new
 * schedule already past fire at the change (a timer over its new target
 * breaches at once); warnings and levels that fired under the old policy
 * count as fired under the new one, and once the breach has fired, the new
 * policy's warnings do not. Escalations raise tier and priority but do not
 * change the policy.
 *
 * Late events: an event at time t first makes final every fire of that
 * ticket due at or before t (they stay queued for collect), so a reply after
 * a breach never hides it. Fires already collected are never taken back,
 * even if an event dated before them arrives later. */
typedef struct triage_tracker triage_tracker;

#define TRIAGE_MAX_TIER_LEVEL 100

TRIAGE_API triage_tracker *triage_tracker_create(const triage_allocator *allocator);
TRIAGE_API void triage_tracker_free(triage_tracker *t);
/* Adds a copy of a policy (names must be unique: TRIAGE_ERR_EXISTS). Add
 * every policy before the first event (TRIAGE_ERR_STATE after). */
TRIAGE_API int triage_tracker_add_policy(triage_tracker *t, const triage_sla_policy *p);
/* Policy for tickets whose creation names none, per priority, and otherwise. */
TRIAGE_API int triage_tracker_set_priority_policy(triage_tracker *t, int priority,
                                                  const char *policy, size_t len);
TRIAGE_API int triage_tracker_set_default_policy(triage_tracker *t, const char *policy,
                                                 size_t len);

/* Events. policy may be NULL (len 0): the policy then follows the priority
 * (triage_tracker_set_priority_policy, else the default; none: untimed).
 * tier is 1..TRIAGE_MAX_TIER_LEVEL. */
TRIAGE_API int triage_tracker_created(triage_tracker *t, uint64_t ticket, int64_t at,
                                      int priority, int tier, const char *policy, size_t len);
TRIAGE_API int triage_tracker_customer_message(triage_tracker *t, uint64_t ticket, int64_t at);
TRIAGE_API int triage_tracker_agent_reply(triage_tracker *t, uint64_t ticket, int64_t at);
TRIAGE_API int triage_tracker_status(triage_tracker *t, uint64_t ticket, int64_t at,
                                     const char *status, size_t len);
TRIAGE_API int triage_tracker_priority(triage_tracker *t, uint64_t ticket, int64_t at,
                                       int priority);
/* An explicit policy; NULL/0 returns to the priority-driven choice. */
TRIAGE_API int triage_tracker_policy(triage_tracker *t, uint64_t ticket, int64_t at,
                                     const char *policy, size_t len);
TRIAGE_API int triage_tracker_solved(triage_tracker *t, uint64_t ticket, int64_t at);
TRIAGE_API int triage_tracker_reopened(triage_tracker *t, uint64_t ticket, int64_t at);
/* Forgets a ticket and its future warnings and breaches (fires already due
 * at its last event are still collected). */
TRIAGE_API int triage_tracker_remove(triage_tracker *t, uint64_t ticket);

/* Metric flags (triage_tracker_metric). */
#define TRIAGE_SLA_ACTIVE 0x1u   /* the timer is counting or paused */
#define TRIAGE_SLA_PAUSED 0x2u   /* active but stopped by a pause status */
#define TRIAGE_SLA_MET 0x4u      /* the last finished cycle was met */
#define TRIAGE_SLA_BREACHED 0x8u /* the current or last cycle is breached at `now` */
/* A ticket's metric at instant now. due is TRIAGE_TIME_NONE unless the timer
 * runs; elapsed is the counted time of the current (or last) cycle up to now,
 * remaining is target - elapsed (negative when overdue). A metric the policy
 * does not time has flags 0, due TRIAGE_TIME_NONE, elapsed and remaining 0.
 * Out pointers may be NULL. */
TRIAGE_API int triage_tracker_metric(const triage_tracker *t, uint64_t ticket, int metric,
                                     int64_t now, int64_t *due, int64_t *elapsed,
                                     int64_t *remaining, unsigned *flags);
/* A ticket's current priority, tier, policy name (NULL: none) and whether
 * it is solved. Out pointers may be NULL. */
TRIAGE_API int triage_tracker_ticket(const triage_tracker *t, uint64_t ticket, int *priority,
                                     int *tier, const char **policy, int *solved);
TRIAGE_API size_t triage_tracker_ticket_count(const triage_tracker *t);
/* Bytes held by the tracker. */
TRIAGE_API size_t triage_tracker_memory(const triage_tracker *t);

/* Fire kinds. */
#define TRIAGE_FIRE_WARNING 0
#define TRIAGE_FIRE_BREACH 1
#define TRIAGE_FIRE_ESCALATION 2
/* "warning", "breach", "escalation"; NULL otherwise. */
TRIAGE_API const char *triage_fire_kind_name(int kind);

/* The earliest instant at which something will fire (TRIAGE_ERR_NOT_FOUND
 * when nothing is pending): set one timer for it, then collect. */
TRIAGE_API int triage_tracker_next_fire(const triage_tracker *t, int64_t *at);
/* Takes every warning, breach and escalation due at or before up_to, in time
 * order (ties: ticket id, metric, then schedule order), each exactly once over
 * the tracker's life; a smaller up_to than before simply finds nothing new.
 * Escalations raise the ticket's tier and priority as they are taken. The
 * fires stay readable with triage_tracker_fire until the next collect. */
TRIAGE_API int triage_tracker_collect(triage_tracker *t, int64_t up_to, size_t *count);
/* The index-th fire of the last collect. level: the warning's fraction in
 * millionths, or the escalation level (1-based), 0 for a breach. due: the
 * timer's due instant. tier and priority: the ticket's after the fire.
 * Out pointers may be NULL. */
TRIAGE_API int triage_tracker_fire(const triage_tracker *t, size_t index, uint64_t *ticket,
                                   int64_t *at, int *kind, int *metric, uint32_t *level,
                                   int64_t *due, int *tier, int *priority);

/* ---- Calendars and policies carried by the rules ----
 * The YAML loader feeds these from `calendars` and `sla`; a host that keeps
 * rules elsewhere calls them itself. Objects are copied. Names are resolved
 * at compile time (a policy may name a calendar added later); unknown names
 * and duplicates are errors on the builder. */
/* Directory for the zones the loader reads (NULL: TRIAGE_ZONEINFO_DIR). */
TRIAGE_API int triage_builder_set_zoneinfo_dir(triage_builder *b, const char *dir);
TRIAGE_API int triage_builder_add_calendar(triage_builder *b, const char *name, size_t len,
                                           const triage_calendar *cal);
/* calendar: the name of a calendar of the rules for the policy's business
 * time (NULL: the policy's own calendar, if any). */
TRIAGE_API int triage_builder_add_sla_policy(triage_builder *b, const triage_sla_policy *p,
                                             const char *calendar, size_t len);
TRIAGE_API int triage_builder_set_sla_default(triage_builder *b, const char *policy, size_t len);
TRIAGE_API int triage_builder_set_sla_priority_policy(triage_builder *b, int priority,
                                                      const char *policy, size_t len);

/* Read from a compiled ruleset (objects live as long as the ruleset). */
TRIAGE_API size_t triage_ruleset_calendar_count(const triage_ruleset *rs);
TRIAGE_API const char *triage_ruleset_calendar_name(const triage_ruleset *rs, size_t index);
TRIAGE_API const triage_calendar *triage_ruleset_calendar(const triage_ruleset *rs,
                                                          const char *name, size_t len);
TRIAGE_API size_t triage_ruleset_sla_policy_count(const triage_ruleset *rs);
TRIAGE_API const triage_sla_policy *triage_ruleset_sla_policy(const triage_ruleset *rs,
                                                              size_t index);
TRIAGE_API const triage_sla_policy *triage_ruleset_sla_policy_find(const triage_ruleset *rs,
                                                                   const char *name, size_t len);
/* The policy of a decision: the one a rule named (policy, NUL-terminated,
 * may be NULL), else the one for the priority, else the default; NULL if
 * none. */
TRIAGE_API const triage_sla_policy *triage_ruleset_sla_policy_choose(const triage_ruleset *rs,
                                                                     const char *policy,
                                                                     int priority);
/* Adds every policy of the ruleset to a tracker, with its default and
 * per-priority choices. */
TRIAGE_API int triage_tracker_add_ruleset(triage_tracker *t, const triage_ruleset *rs);

/* ---- Snapshots: versioned, checksummed, byte-exact ----
 * The restoring tracker must hold the same policies (same names, targets,
 * calendars, pause statuses, warnings, escalations, priority map), else
 * TRIAGE_ERR_STATE. Zones count by name: after a tzdata update a snapshot
 * still restores, and its due instants follow the new clock changes. A damaged or truncated snapshot is TRIAGE_ERR_CORRUPT, an
 * unknown version TRIAGE_ERR_UNSUPPORTED; on any error the tracker is
 * unchanged. Saving, restoring and saving again gives the same bytes. */
TRIAGE_API int triage_tracker_snapshot_size(const triage_tracker *t, size_t *size);
/* Writes the snapshot into buf (cap bytes: TRIAGE_ERR_LIMIT if too small). */
TRIAGE_API int triage_tracker_save(const triage_tracker *t, void *buf, size_t cap,
                                   size_t *written);
TRIAGE_API int triage_tracker_restore(triage_tracker *t, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
