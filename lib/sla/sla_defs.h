/* Calendars and SLA policies that travel with the rules: collected on the
 * builder (names resolved at compile time, so a file may name a calendar
 * before defining it) and carried, resolved, by the compiled ruleset. */
#ifndef TR_SLA_DEFS_H
#define TR_SLA_DEFS_H

#include <triage/rules.h>
#include <triage/sla.h>

#include "core/alloc.h"

typedef struct tr_sla_calendar {
    char *name;
    triage_calendar *cal;
} tr_sla_calendar;

typedef struct tr_sla_policy_def {
    triage_sla_policy *policy; /* in a ruleset: with its calendar set */
    char *calendar;            /* the calendar's name (NULL: none) */
} tr_sla_policy_def;

typedef struct tr_sla_defs {
    const triage_allocator *alloc;
    char *zoneinfo_dir;
    tr_sla_calendar *calendars;
    size_t ncalendars, cap_calendars;
    tr_sla_policy_def *policies;
    size_t npolicies, cap_policies;
    char *default_policy;   /* NULL: none */
    char *by_priority[4];   /* NULL: none */
} tr_sla_defs;

void tr_sla_defs_free(tr_sla_defs *d);
/* The builder's zoneinfo directory (NULL: the compiled-in default). */
const char *tr_builder_zoneinfo_dir(const triage_builder *b);
/* Resolves the builder's definitions into *out for a ruleset (NULL when
 * the builder has none). Errors are recorded on the builder. */
int tr_sla_compile(triage_builder *b, tr_sla_defs **out);

#endif
