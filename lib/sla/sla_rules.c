/* Calendars and SLA policies on the builder and in the compiled ruleset. */
#include <string.h>

#include "rules/model.h"
#include "rules/ruleset.h"
#include "sla/calendar.h"
#include "sla/policy.h"
#include "sla/sla_defs.h"

#define TR_MAX_SLA_NAME 256

static int bad_name(const char *p, size_t len) {
    return !p || len == 0 || len > TR_MAX_SLA_NAME || memchr(p, 0, len) != NULL;
}

static int name_eq(const char *s, const char *p, size_t len) {
    return s && strlen(s) == len && memcmp(s, p, len) == 0;
}

void tr_sla_defs_free(tr_sla_defs *d) {
    if (!d) return;
    const triage_allocator *a = d->alloc;
    for (size_t i = 0; i < d->ncalendars; i++) {
        tr_free(a, d->calendars[i].name);
        triage_calendar_free(d->calendars[i].cal);
    }
    for (size_t i = 0; i < d->npolicies; i++) {
        triage_sla_policy_free(d->policies[i].policy);
        tr_free(a, d->policies[i].calendar);
    }
    tr_free(a, d->calendars);
    tr_free(a, d->policies);
    tr_free(a, d->zoneinfo_dir);
    tr_free(a, d->default_policy);
    for (int i = 0; i < 4; i++) tr_free(a, d->by_priority[i]);
    tr_free(a, d);
}

static tr_sla_defs *defs_of(triage_builder *b) {
    if (!b->sla) {
        b->sla = tr_calloc(b->alloc, 1, sizeof *b->sla);
        if (b->sla) b->sla->alloc = b->alloc;
    }
    return b->sla;
}

const char *tr_builder_zoneinfo_dir(const triage_builder *b) {
    return b->sla ? b->sla->zoneinfo_dir : NULL;
}

int triage_builder_set_zoneinfo_dir(triage_builder *b, const char *dir) {
    if (!b) return TRIAGE_ERR_ARGUMENT;
    tr_sla_defs *d = defs_of(b);
    if (!d) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    char *copy = NULL;
    if (dir) {
        size_t len = strlen(dir);
        if (len == 0 || len > 4096) return TRIAGE_ERR_ARGUMENT;
        if (!(copy = tr_strndup(b->alloc, dir, len)))
            return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    }
    tr_free(b->alloc, d->zoneinfo_dir);
    d->zoneinfo_dir = copy;
    return TRIAGE_OK;
}

int triage_builder_add_calendar(triage_builder *b, const char *name, size_t len,
                                const triage_calendar *cal) {
    if (!b || !cal || bad_name(name, len)) return TRIAGE_ERR_ARGUMENT;
    tr_sla_defs *d = defs_of(b);
    if (!d) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < d->ncalendars; i++)
        if (name_eq(d->calendars[i].name, name, len))
            return tr_builder_fail(b, TRIAGE_ERR_EXISTS, "calendar '%.*s' is defined twice",
                                   (int)len, name);
    if (tr_reserve(b->alloc, (void **)&d->calendars, &d->cap_calendars, d->ncalendars + 1,
                   sizeof *d->calendars) != TRIAGE_OK)
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    tr_sla_calendar c = {tr_strndup(b->alloc, name, len), triage_calendar_clone(cal)};
    if (!c.name || !c.cal) {
        tr_free(b->alloc, c.name);
        triage_calendar_free(c.cal);
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    }
    d->calendars[d->ncalendars++] = c;
    return TRIAGE_OK;
}

int triage_builder_add_sla_policy(triage_builder *b, const triage_sla_policy *p,
                                  const char *calendar, size_t len) {
    if (!b || !p || (calendar && bad_name(calendar, len)) || (!calendar && len))
        return TRIAGE_ERR_ARGUMENT;
    tr_sla_defs *d = defs_of(b);
    if (!d) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < d->npolicies; i++)
        if (strcmp(d->policies[i].policy->name, p->name) == 0)
            return tr_builder_fail(b, TRIAGE_ERR_EXISTS, "SLA policy '%s' is defined twice",
                                   p->name);
    if (tr_reserve(b->alloc, (void **)&d->policies, &d->cap_policies, d->npolicies + 1,
                   sizeof *d->policies) != TRIAGE_OK)
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    tr_sla_policy_def def = {tr_policy_clone(b->alloc, p),
                             calendar ? tr_strndup(b->alloc, calendar, len) : NULL};
    if (!def.policy || (calendar && !def.calendar)) {
        triage_sla_policy_free(def.policy);
        tr_free(b->alloc, def.calendar);
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    }
    d->policies[d->npolicies++] = def;
    return TRIAGE_OK;
}

static int set_policy_name(triage_builder *b, char **slot, const char *policy, size_t len) {
    char *copy = NULL;
    if (policy && !(copy = tr_strndup(b->alloc, policy, len)))
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    tr_free(b->alloc, *slot);
    *slot = copy;
    return TRIAGE_OK;
}

int triage_builder_set_sla_default(triage_builder *b, const char *policy, size_t len) {
    if (!b || (policy && bad_name(policy, len)) || (!policy && len)) return TRIAGE_ERR_ARGUMENT;
    tr_sla_defs *d = defs_of(b);
    if (!d) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    return set_policy_name(b, &d->default_policy, policy, len);
}

int triage_builder_set_sla_priority_policy(triage_builder *b, int priority, const char *policy,
                                           size_t len) {
    if (!b || priority < 0 || priority > 3 || (policy && bad_name(policy, len)) ||
        (!policy && len))
        return TRIAGE_ERR_ARGUMENT;
    tr_sla_defs *d = defs_of(b);
    if (!d) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    return set_policy_name(b, &d->by_priority[priority], policy, len);
}

static const tr_sla_calendar *find_calendar(const tr_sla_defs *d, const char *name, size_t len) {
    for (size_t i = 0; d && i < d->ncalendars; i++)
        if (name_eq(d->calendars[i].name, name, len)) return &d->calendars[i];
    return NULL;
}

static int find_policy(const tr_sla_defs *d, const char *name, size_t len) {
    for (size_t i = 0; d && i < d->npolicies; i++)
        if (name_eq(d->policies[i].policy->name, name, len)) return (int)i;
    return -1;
}

static char *dup_or_null(const triage_allocator *a, const char *s, int *failed) {
    if (!s) return NULL;
    char *c = tr_strndup(a, s, strlen(s));
    if (!c) *failed = 1;
    return c;
}

/* Checks every name and builds the ruleset's copy with calendars attached. */
int tr_sla_compile(triage_builder *b, tr_sla_defs **out) {
    *out = NULL;
    const tr_sla_defs *d = b->sla;
    if (!d || (d->ncalendars == 0 && d->npolicies == 0 && !d->default_policy)) return TRIAGE_OK;
    int rc = TRIAGE_OK;
    for (size_t i = 0; i < d->npolicies; i++) {
        const char *cal = d->policies[i].calendar;
        if (cal && !find_calendar(d, cal, strlen(cal)))
            rc = tr_builder_fail(b, TRIAGE_ERR_RULES,
                                 "SLA policy '%s' refers to calendar '%s', which is not defined",
                                 d->policies[i].policy->name, cal);
    }
    const char *refs[5] = {d->default_policy, d->by_priority[0], d->by_priority[1],
                           d->by_priority[2], d->by_priority[3]};
    for (int i = 0; i < 5; i++)
        if (refs[i] && find_policy(d, refs[i], strlen(refs[i])) < 0)
            rc = tr_builder_fail(b, TRIAGE_ERR_RULES,
                                 "%s%s refers to SLA policy '%s', which is not defined",
                                 i ? "sla.by_priority." : "sla.default",
                                 i ? triage_priority_name(i - 1) : "", refs[i]);
    if (d->npolicies)
        for (size_t i = 0; i < b->nroutes; i++) {
            const tr_str *s = &b->routes[i].sla;
            if (s->ptr && find_policy(d, s->ptr, s->len) < 0)
                rc = tr_builder_fail_at(b, &b->routes[i].loc, TRIAGE_ERR_RULES,
                                        "route '%s' sets SLA policy '%s', which is not defined",
                                        b->routes[i].name.ptr, s->ptr);
        }
    if (rc != TRIAGE_OK) return rc;

    tr_sla_defs *r = tr_calloc(b->alloc, 1, sizeof *r);
    if (!r) return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory");
    r->alloc = b->alloc;
    int failed = 0;
    r->zoneinfo_dir = dup_or_null(b->alloc, d->zoneinfo_dir, &failed);
    r->default_policy = dup_or_null(b->alloc, d->default_policy, &failed);
    for (int i = 0; i < 4; i++) r->by_priority[i] = dup_or_null(b->alloc, d->by_priority[i], &failed);
    r->calendars = tr_calloc(b->alloc, d->ncalendars ? d->ncalendars : 1, sizeof *r->calendars);
    r->policies = tr_calloc(b->alloc, d->npolicies ? d->npolicies : 1, sizeof *r->policies);
    failed |= !r->calendars || !r->policies;
    for (size_t i = 0; !failed && i < d->ncalendars; i++) {
        tr_sla_calendar *c = &r->calendars[r->ncalendars++];
        c->name = dup_or_null(b->alloc, d->calendars[i].name, &failed);
        c->cal = triage_calendar_clone(d->calendars[i].cal);
        failed |= !c->cal;
    }
    for (size_t i = 0; !failed && i < d->npolicies; i++) {
        tr_sla_policy_def *p = &r->policies[r->npolicies++];
        p->calendar = dup_or_null(b->alloc, d->policies[i].calendar, &failed);
        p->policy = tr_policy_clone(b->alloc, d->policies[i].policy);
        failed |= !p->policy;
        if (!failed && p->calendar) {
            const tr_sla_calendar *c = find_calendar(d, p->calendar, strlen(p->calendar));
            failed |= triage_sla_policy_set_calendar(p->policy, c->cal) != TRIAGE_OK;
        }
    }
    if (failed) {
        tr_sla_defs_free(r);
        return tr_builder_fail(b, TRIAGE_ERR_NOMEM, "out of memory while compiling the rules");
    }
    *out = r;
    return TRIAGE_OK;
}

/* ---- The compiled ruleset ---- */

size_t triage_ruleset_calendar_count(const triage_ruleset *rs) {
    return rs && rs->sla ? rs->sla->ncalendars : 0;
}

const char *triage_ruleset_calendar_name(const triage_ruleset *rs, size_t index) {
    if (index >= triage_ruleset_calendar_count(rs)) return NULL;
    return rs->sla->calendars[index].name;
}

const triage_calendar *triage_ruleset_calendar(const triage_ruleset *rs, const char *name,
                                               size_t len) {
    if (!rs || !name) return NULL;
    const tr_sla_calendar *c = find_calendar(rs->sla, name, len);
    return c ? c->cal : NULL;
}

size_t triage_ruleset_sla_policy_count(const triage_ruleset *rs) {
    return rs && rs->sla ? rs->sla->npolicies : 0;
}

const triage_sla_policy *triage_ruleset_sla_policy(const triage_ruleset *rs, size_t index) {
    if (index >= triage_ruleset_sla_policy_count(rs)) return NULL;
    return rs->sla->policies[index].policy;
}

const triage_sla_policy *triage_ruleset_sla_policy_find(const triage_ruleset *rs,
                                                        const char *name, size_t len) {
    if (!rs || !name) return NULL;
    int i = find_policy(rs->sla, name, len);
    return i < 0 ? NULL : rs->sla->policies[i].policy;
}

const triage_sla_policy *triage_ruleset_sla_policy_choose(const triage_ruleset *rs,
                                                          const char *policy, int priority) {
    if (!rs || !rs->sla) return NULL;
    if (policy) return triage_ruleset_sla_policy_find(rs, policy, strlen(policy));
    const char *name = priority >= 0 && priority <= 3 ? rs->sla->by_priority[priority] : NULL;
    if (!name) name = rs->sla->default_policy;
    return name ? triage_ruleset_sla_policy_find(rs, name, strlen(name)) : NULL;
}

int triage_tracker_add_ruleset(triage_tracker *t, const triage_ruleset *rs) {
    if (!t || !rs) return TRIAGE_ERR_ARGUMENT;
    const tr_sla_defs *d = rs->sla;
    if (!d) return TRIAGE_OK;
    for (size_t i = 0; i < d->npolicies; i++) {
        int rc = triage_tracker_add_policy(t, d->policies[i].policy);
        if (rc != TRIAGE_OK) return rc;
    }
    for (int p = 0; p < 4; p++)
        if (d->by_priority[p]) {
            int rc = triage_tracker_set_priority_policy(t, p, d->by_priority[p],
                                                        strlen(d->by_priority[p]));
            if (rc != TRIAGE_OK) return rc;
        }
    if (d->default_policy)
        return triage_tracker_set_default_policy(t, d->default_policy, strlen(d->default_policy));
    return TRIAGE_OK;
}
