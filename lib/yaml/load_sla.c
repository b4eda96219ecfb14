/* The `calendars` and `sla` sections: checked thoroughly, then handed to
 * the builder (triage_builder_add_calendar, triage_builder_add_sla_policy,
 * ...: include/triage/sla.h) when the item has no error. Time zones are
 * read here (from the builder's zoneinfo directory), so an unknown zone is a
 * load error at its line.
 *
 * Forms accepted (for the README):
 *
 *   calendars:
 *     <name>: 24x7                     # always open
 *     <name>:
 *       timezone: Europe/Berlin        # IANA name, required; not path-like
 *       hours:                         # required; days absent are closed
 *         mon-fri: ["09:00-12:30", "13:30-17:00"]   # a range of days, forward
 *         sat: "10:00-14:00"           # one interval or a list
 *         sun: []                      # closed (so is `closed`)
 *       holidays: [2026-12-25]         # YYYY-MM-DD dates that exist; one or a list
 *
 *   Days are mon tue wed thu fri sat sun; each day may be given once.
 *   Intervals are HH:MM-HH:MM on a 24-hour clock, half-open, start before
 *   end, `24:00` only as an end; intervals of one day may touch but not
 *   overlap. A calendar must be open some time in the week.
 *
 *   sla:
 *     default: <policy>                # optional
 *     by_priority: {urgent: <policy>, high: <policy>}   # priority names
 *     policies:
 *       - name: <policy>               # required, unique
 *         calendar: <calendar>         # optional: absent means calendar time
 *         first_response: 30m          # durations: 90s, 30m, 4h, 2d, 1h30m
 *         next_response: 1h            #   units d h m s, largest first,
 *         periodic_update: 4h          #   each at most once; 0m is allowed;
 *         resolution: 8h               #   at most 3650d. At least one target.
 *                                      #   With a calendar, d is a business
 *                                      #   day (its longest open day).
 *         pause_on: [pending, on_hold] # status names: one or a list
 *         warn_at: [0.75]              # fractions strictly between 0 and 1
 *                                      #   (at most 6 decimals); one or a list
 *         escalate:                    # levels, `after` never decreasing
 *           - {after: 0m, set: {tier: +1}}          # +N raises, N sets the tier
 *           - {after: 1h, set: {priority: urgent}}  # a name sets, +N raises
 *
 *   A route's `set.sla` must name a policy when the file has an `sla`
 *   section (without one, policies may come from the host).
 */
#include <stdio.h>
#include <string.h>

#include "sla/sla_defs.h"
#include "yaml/loader.h"

#define MAX_DURATION_SECONDS (3650LL * 86400LL)
#define MAX_INTERVALS_PER_DAY 48
#define MAX_WARNINGS 16

/* ==== Value syntax (pure functions) ==== */

/* "90s", "30m", "4h", "2d", "1h30m": 1 and *days (the d part) and *seconds
 * (the rest) set, 0 when malformed, -1 when longer than
 * MAX_DURATION_SECONDS. Days stay apart: in business time a day is a
 * business day (see triage_sla_policy_set_target_days). */
static int parse_duration(const char *p, size_t len, int64_t *days, int64_t *seconds) {
    static const char units[] = "dhms";
    static const int64_t unit_seconds[] = {86400, 3600, 60, 1};
    size_t i = 0;
    int next_unit = 0; /* units must come largest first, once each */
    int64_t total = 0, day_part = 0;
    if (len == 0) return 0;
    while (i < len) {
        int64_t value = 0;
        size_t digits = 0;
        while (i < len && p[i] >= '0' && p[i] <= '9') {
            if (++digits > 9) return -1;
            value = value * 10 + (p[i++] - '0');
        }
        if (!digits || i == len) return 0;
        const char *u = memchr(units, p[i++], 4);
        if (!u || u - units < next_unit) return 0;
        next_unit = (int)(u - units) + 1;
        total += value * unit_seconds[u - units];
        if (u == units) day_part = value;
        if (total > MAX_DURATION_SECONDS) return -1;
    }
    *days = day_part;
    *seconds = total - day_part * 86400;
    return 1;
}

/* "HH:MM" to minutes after midnight; 24:00 only when allow_24. */
static int parse_clock(const char *p, int allow_24, int *minutes) {
    for (int i = 0; i < 5; i++)
        if (i == 2 ? p[i] != ':' : (p[i] < '0' || p[i] > '9')) return 0;
    int h = (p[0] - '0') * 10 + (p[1] - '0'), m = (p[3] - '0') * 10 + (p[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24))) return 0;
    *minutes = h * 60 + m;
    return 1;
}

/* "HH:MM-HH:MM" (spaces around '-' allowed). */
static int parse_interval(const char *p, size_t len, int *open, int *close) {
    while (len && p[len - 1] == ' ') len--;
    while (len && *p == ' ') p++, len--;
    if (len < 11) return 0;
    size_t i = 5;
    while (i < len && p[i] == ' ') i++;
    if (i >= len || p[i] != '-') return 0;
    i++;
    while (i < len && p[i] == ' ') i++;
    return len - i == 5 && parse_clock(p, 0, open) && parse_clock(p + i, 1, close);
}

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int day_index(const char *p, size_t len) {
    for (int d = 0; d < 7; d++)
        if (len == 3 && memcmp(p, day_names[d], 3) == 0) return d;
    return -1;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* YYYY-MM-DD naming a day that exists (years 1900 to 9999). */
static int parse_date_parts(const char *p, size_t len, int *year, int *month, int *day) {
    if (len != 10 || p[4] != '-' || p[7] != '-') return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (p[i] < '0' || p[i] > '9')) return 0;
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    int m = (p[5] - '0') * 10 + (p[6] - '0'), d = (p[8] - '0') * 10 + (p[9] - '0');
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) return 0;
    *year = y;
    *month = m;
    *day = d;
    return d <= days_in[m - 1] + (m == 2 && is_leap(y));
}

static int parse_date(const char *p, size_t len) {
    int y, m, d;
    return parse_date_parts(p, len, &y, &m, &d);
}

/* An IANA name such as Europe/Berlin or Etc/GMT+5: letters, digits and
 * _ - + in '/'-separated parts. Nothing path-like: no leading '/', no
 * empty part, no dots (so no '..'). Existence is checked when the zone is
 * loaded, not here. */
static int valid_timezone_name(const char *p, size_t len) {
    if (len == 0 || len > 255 || p[0] == '/' || p[len - 1] == '/') return 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '+' || c == '/';
        if (!ok || (c == '/' && p[i + 1] == '/')) return 0;
    }
    return 1;
}

/* "0.75" or ".75": 1 and *millionths in 1..999999, 0 otherwise. */
static int parse_fraction(const char *p, size_t len, int32_t *millionths) {
    size_t i = 0;
    if (i < len && p[i] == '0') i++;
    if (i >= len || p[i++] != '.') return 0;
    size_t digits = len - i;
    if (digits == 0 || digits > 6) return 0;
    int32_t v = 0;
    for (size_t k = 0; k < 6; k++) {
        int dgt = 0;
        if (k < digits) {
            if (p[i + k] < '0' || p[i + k] > '9') return 0;
            dgt = p[i + k] - '0';
        }
        v = v * 10 + dgt;
    }
    if (v == 0) return 0;
    *millionths = v;
    return 1;
}

/* ==== Names and references ==== */

static const char *suggest_from_set(const tr_ystrset *set, const char *text, size_t len) {
    const char *best = NULL;
    size_t best_d = 3, scanned = 0;
    for (size_t i = 0; i < set->cap && scanned < 1000; i++) {
        const tr_ynode *n = set->slots[i];
        if (!n) continue;
        scanned++;
        size_t d = tr_yedit_distance(text, len, n->text, n->len);
        if (d > 0 && d < best_d && d * 2 <= n->len) {
            best = n->text;
            best_d = d;
        }
    }
    return best;
}

/* Reports a name that is not in set: "<who> refers to <what> 'x', which is
 * not defined (did you mean 'y'?)". Returns 1 when the name is defined. */
static int check_reference(tr_yload *ld, const tr_ynode *n, const tr_ystrset *set,
                           const char *who, const char *what, const char *where) {
    if (tr_ystrset_find(set, n->text, n->len)) return 1;
    char shown[TR_YQUOTE_SIZE], hint[TR_YQUOTE_SIZE + 32] = "";
    const char *best = suggest_from_set(set, n->text, n->len);
    if (best) {
        char b[TR_YQUOTE_SIZE];
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", tr_yquote(b, sizeof b, best, strlen(best)));
    } else if (!set->count) {
        snprintf(hint, sizeof hint, " (the file defines no %s)", where);
    }
    tr_yerr(ld, n, TRIAGE_ERR_RULES, "%s refers to %s '%s', which is not defined in %s%s", who,
            what, tr_yquote(shown, sizeof shown, n->text, n->len), where, hint);
    return 0;
}

static int add_name(tr_yload *ld, tr_ystrset *set, const tr_ynode *n) {
    const tr_ynode *first;
    if (tr_ystrset_insert(set, n, &first) != TRIAGE_OK)
        return tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
    return TRIAGE_OK;
}

int tr_yaml_sla_collect(tr_yload *ld, const tr_ynode *calendars, const tr_ynode *sla) {
    if (calendars && !tr_yis_null(calendars)) {
        ld->have_calendars = 1;
        if (calendars->kind == TR_YMAP) TR_YMAP_EACH(k, calendars) {
                if (add_name(ld, &ld->calendar_names, k) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
            }
    }
    if (sla && !tr_yis_null(sla)) {
        ld->have_sla = 1;
        const tr_ynode *policies = tr_ymap_get(sla, "policies");
        if (policies && policies->kind == TR_YSEQ) TR_YSEQ_EACH(p, policies) {
                const tr_ynode *name = tr_ymap_get(p, "name");
                if (name && name->kind == TR_YSCALAR && add_name(ld, &ld->policy_names, name))
                    return TRIAGE_ERR_NOMEM;
            }
    }
    return TRIAGE_OK;
}

void tr_yaml_sla_check_reference(tr_yload *ld, const tr_ynode *policy, const char *route) {
    if (!ld->have_sla) return;
    char who[TR_YQUOTE_SIZE + 64];
    snprintf(who, sizeof who, "route '%s'", route);
    check_reference(ld, policy, &ld->policy_names, who, "SLA policy", "'sla.policies'");
}

/* ==== Calendars ==== */

typedef struct open_interval {
    int open, close; /* minutes after local midnight, [open, close) */
    const tr_ynode *node;
} open_interval;

typedef struct week_hours {
    open_interval intervals[7][MAX_INTERVALS_PER_DAY];
    int count[7];
    const tr_ynode *given_by[7]; /* the day key that set each day */
} week_hours;

static void add_interval(tr_yload *ld, const char *cal, week_hours *w, int day,
                         const tr_ynode *n) {
    char shown[TR_YQUOTE_SIZE];
    int open, close;
    if (n->kind != TR_YSCALAR || tr_yis_null(n)) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "opening hours in calendar '%s' must be texts like \"09:00-17:00\", not %s", cal,
                tr_ydescribe(n));
        return;
    }
    tr_yquote(shown, sizeof shown, n->text, n->len);
    if (!parse_interval(n->text, n->len, &open, &close)) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "opening hours '%s' in calendar '%s' must look like 09:00-17:30 (24-hour "
                "clock; 24:00 only as the end)",
                shown, cal);
        return;
    }
    if (close <= open) {
        tr_yerr(ld, n, TRIAGE_ERR_RULES,
                "opening hours '%s' in calendar '%s' end before they start; split a night shift "
                "at 24:00 (e.g. mon: 22:00-24:00 and tue: 00:00-06:00)",
                shown, cal);
        return;
    }
    if (w->count[day] >= MAX_INTERVALS_PER_DAY) {
        tr_yerr(ld, n, TRIAGE_ERR_LIMIT, "more than %d opening intervals on %s in calendar '%s'",
                MAX_INTERVALS_PER_DAY, day_names[day], cal);
        return;
    }
    /* Keep the day sorted by opening time (insertion; days are short). */
    open_interval *iv = w->intervals[day];
    int i = w->count[day]++;
    while (i > 0 && iv[i - 1].open > open) {
        iv[i] = iv[i - 1];
        i--;
    }
    iv[i] = (open_interval){open, close, n};
}

static void check_overlaps(tr_yload *ld, const char *cal, const week_hours *w) {
    for (int d = 0; d < 7; d++)
        for (int i = 1; i < w->count[d]; i++) {
            const open_interval *a = &w->intervals[d][i - 1], *b = &w->intervals[d][i];
            if (b->open < a->close) {
                char sa[TR_YQUOTE_SIZE], sb[TR_YQUOTE_SIZE];
                const tr_ynode *later = a->node->line > b->node->line ||
                                                (a->node->line == b->node->line &&
                                                 a->node->column > b->node->column)
                                            ? a->node
                                            : b->node;
                tr_yerr(ld, later, TRIAGE_ERR_RULES,
                        "opening hours '%s' and '%s' overlap on %s in calendar '%s'",
                        tr_yquote(sa, sizeof sa, a->node->text, a->node->len),
                        tr_yquote(sb, sizeof sb, b->node->text, b->node->len), day_names[d], cal);
            }
        }
}

/* "mon" or "mon-fri": 1 and the days set, 0 after reporting. */
static int parse_days(tr_yload *ld, const char *cal, const tr_ynode *k, int *first, int *last) {
    char shown[TR_YQUOTE_SIZE], context[256];
    snprintf(context, sizeof context, "in the hours of calendar '%s'", cal);
    const char *dash = memchr(k->text, '-', k->len);
    size_t l1 = dash ? (size_t)(dash - k->text) : k->len;
    *first = day_index(k->text, l1);
    *last = dash ? day_index(dash + 1, k->len - l1 - 1) : *first;
    if (*first < 0 || *last < 0) {
        if (!dash) {
            tr_yunknown(ld, k, TRIAGE_ERR_RULES, "day", context, day_names, 7);
        } else {
            tr_yerr(ld, k, TRIAGE_ERR_RULES,
                    "unknown days '%s' %s (write a day such as 'mon' or a range such as "
                    "'mon-fri'; days are mon, tue, wed, thu, fri, sat, sun)",
                    tr_yquote(shown, sizeof shown, k->text, k->len), context);
        }
        return 0;
    }
    if (*first > *last) {
        tr_yerr(ld, k, TRIAGE_ERR_RULES,
                "day range '%s' %s runs backwards; ranges go from mon to sun (write e.g. "
                "'fri-sun' and 'mon')",
                tr_yquote(shown, sizeof shown, k->text, k->len), context);
        return 0;
    }
    return 1;
}

static void load_hours(tr_yload *ld, const char *cal, const tr_ynode *hours, week_hours *w) {
    if (!tr_yexpect_map(ld, hours, "'hours' (day: \"HH:MM-HH:MM\")")) return;
    TR_YMAP_EACH(k, hours) {
        if (ld->stopped) return;
        int first, last, clash = 0;
        if (!parse_days(ld, cal, k, &first, &last)) continue;
        for (int d = first; d <= last && !clash; d++)
            if (w->given_by[d]) {
                char s1[TR_YQUOTE_SIZE], s2[TR_YQUOTE_SIZE];
                const tr_ynode *prev = w->given_by[d];
                tr_yerr(ld, k, TRIAGE_ERR_EXISTS,
                        "%s is given twice in calendar '%s' ('%s' at line %u and '%s' here); "
                        "give each day once",
                        day_names[d], cal, tr_yquote(s1, sizeof s1, prev->text, prev->len),
                        prev->line, tr_yquote(s2, sizeof s2, k->text, k->len));
                clash = 1;
            }
        if (clash) continue;
        for (int d = first; d <= last; d++) w->given_by[d] = k;
        const tr_ynode *v = k->next;
        if (v->kind == TR_YSCALAR && v->len == 6 && memcmp(v->text, "closed", 6) == 0) continue;
        if (v->kind == TR_YMAP) {
            tr_yexpect_seq(ld, v, "opening hours");
            continue;
        }
        const tr_ynode *single = v->kind == TR_YSCALAR ? v : NULL;
        for (const tr_ynode *iv = single ? single : v->first; iv; iv = single ? NULL : iv->next)
            for (int d = first; d <= last; d++) add_interval(ld, cal, w, d, iv);
    }
}

static void load_holidays(tr_yload *ld, const char *cal, const tr_ynode *holidays,
                          triage_calendar *c) {
    if (holidays->kind == TR_YMAP) {
        tr_yexpect_seq(ld, holidays, "'holidays'");
        return;
    }
    const tr_ynode *single = holidays->kind == TR_YSCALAR ? holidays : NULL;
    for (const tr_ynode *h = single ? single : holidays->first; h; h = single ? NULL : h->next) {
        if (ld->stopped) return;
        char shown[TR_YQUOTE_SIZE];
        if (h->kind != TR_YSCALAR || !parse_date(h->text, h->len)) {
            tr_yerr(ld, h, TRIAGE_ERR_SYNTAX,
                    "holiday '%s' in calendar '%s' is not a date that exists; write YYYY-MM-DD, "
                    "e.g. 2026-12-25",
                    h->kind == TR_YSCALAR ? tr_yquote(shown, sizeof shown, h->text, h->len)
                                          : tr_ydescribe(h),
                    cal);
            continue;
        }
        int y, m, d;
        parse_date_parts(h->text, h->len, &y, &m, &d);
        int rc = triage_calendar_add_holiday(c, y, m, d);
        if (rc == TRIAGE_ERR_NOMEM)
            tr_yerr(ld, h, rc, "out of memory while loading the rules");
        else if (rc != TRIAGE_OK)
            tr_yerr(ld, h, TRIAGE_ERR_LIMIT, "too many holidays in calendar '%s'", cal);
    }
}

/* Reads the zone from the builder's zoneinfo directory into c. */
static void load_zone(tr_yload *ld, const char *cal, const tr_ynode *n, const char *tz,
                      size_t tzlen, triage_calendar *c) {
    const char *dir = tr_builder_zoneinfo_dir(ld->b);
    int rc = triage_calendar_set_zoneinfo_dir(c, dir);
    if (rc == TRIAGE_OK) rc = triage_calendar_set_zone(c, tz, tzlen);
    if (rc == TRIAGE_OK) return;
    char shown[TR_YQUOTE_SIZE];
    if (rc == TRIAGE_ERR_NOMEM)
        tr_yerr(ld, n, rc, "out of memory while loading the rules");
    else
        tr_yerr(ld, n, TRIAGE_ERR_TIMEZONE,
                "time zone '%s' of calendar '%s' is not in the time-zone database (%s); check "
                "the spelling (e.g. Europe/Berlin) or install tzdata",
                tr_yquote(shown, sizeof shown, tz, tzlen), cal,
                dir ? dir : "the system's zoneinfo");
}

/* Hands a calendar without errors (none since `errors`) to the builder. */
static void add_calendar(tr_yload *ld, const tr_ynode *k, triage_calendar *c, size_t errors) {
    if (triage_builder_error_count(ld->b) == errors && tr_yat(ld, k)) {
        int rc = triage_builder_add_calendar(ld->b, k->text, k->len, c);
        if (rc == TRIAGE_ERR_ARGUMENT)
            tr_yerr(ld, k, TRIAGE_ERR_LIMIT, "calendar name is longer than 256 bytes");
    }
    triage_calendar_free(c);
}

static const char *const calendar_keys[] = {"timezone", "hours", "holidays"};
enum { CAL_TIMEZONE, CAL_HOURS, CAL_HOLIDAYS, CAL_COUNT };

static void load_calendar(tr_yload *ld, const tr_ynode *k, week_hours *w) {
    char cal[TR_YQUOTE_SIZE], context[256];
    tr_yquote(cal, sizeof cal, k->text, k->len);
    const tr_ynode *v = k->next;
    size_t errors = triage_builder_error_count(ld->b);
    triage_calendar *c = triage_calendar_create(ld->alloc);
    if (!c) {
        tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
        return;
    }
    if (v->kind == TR_YSCALAR && v->len == 4 && memcmp(v->text, "24x7", 4) == 0) {
        triage_calendar_set_24x7(c);
        add_calendar(ld, k, c, errors);
        return;
    }
    if (v->kind != TR_YMAP) {
        tr_yerr(ld, v, TRIAGE_ERR_SYNTAX,
                "calendar '%s' must be 24x7 or a map with timezone, hours and holidays, not %s",
                cal, tr_ydescribe(v));
        triage_calendar_free(c);
        return;
    }
    snprintf(context, sizeof context, "in calendar '%s'", cal);
    const tr_ynode *f[CAL_COUNT];
    tr_ymap_fields(ld, v, calendar_keys, CAL_COUNT, f, context);
    const char *tz;
    size_t tzlen;
    if (!f[CAL_TIMEZONE]) {
        tr_yerr(ld, v, TRIAGE_ERR_RULES,
                "calendar '%s' needs a 'timezone' (an IANA name such as Europe/Berlin)", cal);
    } else if (tr_yget_text(ld, f[CAL_TIMEZONE], "'timezone'", &tz, &tzlen)) {
        if (!valid_timezone_name(tz, tzlen)) {
            char shown[TR_YQUOTE_SIZE];
            tr_yerr(ld, f[CAL_TIMEZONE], TRIAGE_ERR_TIMEZONE,
                    "time zone '%s' of calendar '%s' is not a time zone name; write an IANA "
                    "name such as Europe/Berlin or America/New_York",
                    tr_yquote(shown, sizeof shown, tz, tzlen), cal);
        } else {
            load_zone(ld, cal, f[CAL_TIMEZONE], tz, tzlen, c);
        }
    }
    memset(w, 0, sizeof *w);
    if (!f[CAL_HOURS]) {
        tr_yerr(ld, v, TRIAGE_ERR_RULES,
                "calendar '%s' needs 'hours' (e.g. mon-fri: \"09:00-17:00\"), or write "
                "'%s: 24x7'",
                cal, cal);
    } else {
        load_hours(ld, cal, f[CAL_HOURS], w);
        check_overlaps(ld, cal, w);
        /* Overlaps were reported above; the calendar is only kept without. */
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < w->count[d]; i++)
                (void)triage_calendar_add_interval(c, d, w->intervals[d][i].open * 60,
                                                   w->intervals[d][i].close * 60);
        int open = 0;
        for (int d = 0; d < 7; d++) open += w->count[d];
        if (!open && f[CAL_HOURS]->kind == TR_YMAP)
            tr_yerr(ld, f[CAL_HOURS], TRIAGE_ERR_RULES,
                    "calendar '%s' is never open; give it some opening hours", cal);
    }
    if (f[CAL_HOLIDAYS]) load_holidays(ld, cal, f[CAL_HOLIDAYS], c);
    add_calendar(ld, k, c, errors);
}

void tr_yaml_load_calendars(tr_yload *ld, const tr_ynode *calendars) {
    if (!tr_yexpect_map(ld, calendars, "'calendars' (name: calendar)")) return;
    week_hours w; /* about 5 KiB, reused for every calendar */
    TR_YMAP_EACH(k, calendars) {
        if (ld->stopped) return;
        const char *p;
        size_t len;
        if (tr_yget_text(ld, k, "a calendar name", &p, &len)) load_calendar(ld, k, &w);
    }
}

/* ==== SLA policies ==== */

static const char *const policy_keys[] = {"name",       "calendar", "first_response",
                                          "next_response", "periodic_update", "resolution",
                                          "pause_on",   "warn_at",  "escalate"};
enum { POL_NAME, POL_CALENDAR, POL_FIRST_RESPONSE, POL_NEXT_RESPONSE, POL_PERIODIC_UPDATE,
       POL_RESOLUTION, POL_PAUSE_ON, POL_WARN_AT, POL_ESCALATE, POL_COUNT };

static const char *const escalate_keys[] = {"after", "set"};
static const char *const escalate_set_keys[] = {"tier", "priority"};

/* A duration value: 1 and *seconds set, 0 after reporting. */
static int get_duration(tr_yload *ld, const tr_ynode *n, const char *what, int64_t *days,
                        int64_t *seconds) {
    char shown[TR_YQUOTE_SIZE];
    if (n->kind != TR_YSCALAR || tr_yis_null(n)) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a duration such as 30m or 1h30m, not %s",
                what, tr_ydescribe(n));
        return 0;
    }
    tr_yquote(shown, sizeof shown, n->text, n->len);
    int rc = parse_duration(n->text, n->len, days, seconds);
    if (rc > 0) return 1;
    if (rc < 0)
        tr_yerr(ld, n, TRIAGE_ERR_RANGE, "%s '%s' is longer than 3650d", what, shown);
    else
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "%s '%s' is not a duration; write a number and a unit (d, h, m, s), largest "
                "unit first, e.g. 90s, 30m, 4h, 2d or 1h30m",
                what, shown);
    return 0;
}

/* One name or a list of names. */
static void load_pause_on(tr_yload *ld, const tr_ynode *v, triage_sla_policy *pol) {
    if (v->kind == TR_YMAP) {
        tr_yexpect_seq(ld, v, "'pause_on'");
        return;
    }
    const tr_ynode *single = v->kind == TR_YSCALAR ? v : NULL;
    for (const tr_ynode *s = single ? single : v->first; s; s = single ? NULL : s->next) {
        const char *p;
        size_t len;
        if (tr_yget_text(ld, s, "a status in 'pause_on'", &p, &len) && pol) {
            int rc = triage_sla_policy_add_pause_status(pol, p, len);
            if (rc != TRIAGE_OK)
                tr_yerr(ld, s, rc == TRIAGE_ERR_ARGUMENT ? TRIAGE_ERR_LIMIT : rc,
                        "status in 'pause_on' cannot be added: %s (at most %d statuses of at "
                        "most 256 bytes)",
                        triage_strerror(rc), TRIAGE_MAX_PAUSE_STATUSES);
        }
    }
}

static void load_warn_at(tr_yload *ld, const char *policy, const tr_ynode *v,
                         triage_sla_policy *pol) {
    if (v->kind == TR_YMAP) {
        tr_yexpect_seq(ld, v, "'warn_at'");
        return;
    }
    int32_t seen[MAX_WARNINGS];
    size_t count = 0;
    const tr_ynode *single = v->kind == TR_YSCALAR ? v : NULL;
    for (const tr_ynode *s = single ? single : v->first; s; s = single ? NULL : s->next) {
        char shown[TR_YQUOTE_SIZE];
        int32_t f;
        if (s->kind != TR_YSCALAR || !parse_fraction(s->text, s->len, &f)) {
            tr_yerr(ld, s, TRIAGE_ERR_RANGE,
                    "warn_at '%s' of SLA policy '%s' must be a fraction strictly between 0 and 1 "
                    "(at most 6 decimals), e.g. 0.75",
                    s->kind == TR_YSCALAR ? tr_yquote(shown, sizeof shown, s->text, s->len)
                                          : tr_ydescribe(s),
                    policy);
            continue;
        }
        int dup = 0;
        for (size_t i = 0; i < count; i++) dup |= seen[i] == f;
        if (dup) {
            tr_yerr(ld, s, TRIAGE_ERR_EXISTS, "warn_at %s of SLA policy '%s' is given twice",
                    tr_yquote(shown, sizeof shown, s->text, s->len), policy);
            continue;
        }
        if (count == MAX_WARNINGS) {
            tr_yerr(ld, s, TRIAGE_ERR_LIMIT, "more than %d warn_at fractions in SLA policy '%s'",
                    MAX_WARNINGS, policy);
            return;
        }
        seen[count++] = f;
        if (pol) (void)triage_sla_policy_add_warning(pol, f / 1e6); /* within the limits */
    }
}

/* tier: N sets, +N raises; priority: a name sets, +N raises. */
/* What one escalation level does, for triage_sla_policy_add_escalation_level. */
typedef struct escalation {
    unsigned flags;
    int tier, priority;
} escalation;

static void load_escalate_set(tr_yload *ld, const char *context, const tr_ynode *set,
                              escalation *e) {
    e->flags = 0;
    e->tier = 0;
    e->priority = -1;
    if (!tr_yexpect_map(ld, set, "'set' of an escalation level")) return;
    const tr_ynode *f[2];
    tr_ymap_fields(ld, set, escalate_set_keys, 2, f, context);
    if (!f[0] && !f[1])
        tr_yerr(ld, set, TRIAGE_ERR_RULES,
                "an escalation level must set 'tier' or 'priority' (e.g. {tier: +1})");
    int64_t n;
    if (f[0] && tr_yget_int(ld, f[0], "the escalation 'tier'", &n)) {
        if (n < 1 || n > 1000) {
            tr_yerr(ld, f[0], TRIAGE_ERR_RANGE,
                    "the escalation tier must be +N to raise it or N to set it, with N from 1 "
                    "to 1000");
        } else if (n > TRIAGE_MAX_TIER_LEVEL) {
            tr_yerr(ld, f[0], TRIAGE_ERR_RANGE, "the escalation tier goes up to %d",
                    TRIAGE_MAX_TIER_LEVEL);
        } else if (f[0]->text[0] == '+') {
            e->tier = (int)n; /* raise by n */
        } else {
            e->flags |= TRIAGE_ESCALATE_SET_TIER; /* raise to n */
            e->tier = (int)n;
        }
    }
    if (f[1]) {
        const tr_ynode *p = f[1];
        if (p->kind == TR_YSCALAR && p->len && p->text[0] == '+') {
            if (tr_yget_int(ld, p, "the escalation 'priority' step", &n)) {
                if (n < 1 || n > 3) {
                    tr_yerr(ld, p, TRIAGE_ERR_RANGE,
                            "the escalation priority step must be +1 to +3 (or a priority name)");
                } else {
                    e->flags |= TRIAGE_ESCALATE_RAISE_PRIORITY;
                    e->priority = (int)n;
                }
            }
        } else {
            const char *text;
            size_t len;
            if (tr_yget_text(ld, p, "the escalation 'priority'", &text, &len)) {
                e->priority = tr_ypriority(text, len);
                if (e->priority < 0)
                    tr_yunknown(ld, p, TRIAGE_ERR_RULES, "priority", context, tr_ypriority_names,
                                4);
            }
        }
    }
}

static void load_escalate(tr_yload *ld, const char *policy, const tr_ynode *v,
                          triage_sla_policy *pol) {
    if (!tr_yexpect_seq(ld, v, "'escalate'")) return;
    int64_t previous = -1;
    size_t level = 0;
    TR_YSEQ_EACH(item, v) {
        if (ld->stopped) return;
        char context[256];
        snprintf(context, sizeof context, "in escalation level %zu of SLA policy '%s'", ++level,
                 policy);
        if (!tr_yexpect_map(ld, item, "an escalation level")) continue;
        const tr_ynode *f[2];
        tr_ymap_fields(ld, item, escalate_keys, 2, f, context);
        size_t errors = triage_builder_error_count(ld->b);
        escalation e = {0, 0, -1};
        int64_t after = 0, after_days = 0;
        if (!f[0]) {
            tr_yerr(ld, item, TRIAGE_ERR_RULES,
                    "escalation level %zu of SLA policy '%s' needs 'after' (time after the "
                    "breach, e.g. 0m)",
                    level, policy);
        } else if (get_duration(ld, f[0], "'after'", &after_days, &after)) {
            if (after_days * 86400 + after < previous)
                tr_yerr(ld, f[0], TRIAGE_ERR_RULES,
                        "escalation levels of SLA policy '%s' must be in order of 'after'",
                        policy);
            else
                previous = after_days * 86400 + after;
        }
        if (!f[1])
            tr_yerr(ld, item, TRIAGE_ERR_RULES,
                    "escalation level %zu of SLA policy '%s' needs 'set' (e.g. {tier: +1})",
                    level, policy);
        else
            load_escalate_set(ld, context, f[1], &e);
        if (pol && triage_builder_error_count(ld->b) == errors) {
            int rc = triage_sla_policy_add_escalation_days(pol, after_days, after, e.flags, e.tier,
                                                           e.priority);
            if (rc != TRIAGE_OK)
                tr_yerr(ld, item, rc, "escalation level %zu of SLA policy '%s' cannot be added: %s"
                        " (at most %d levels)", level, policy, triage_strerror(rc),
                        TRIAGE_MAX_ESCALATIONS);
        }
    }
}

static void load_policy(tr_yload *ld, const tr_ynode *node, size_t index, tr_ystrset *seen) {
    char what[64];
    snprintf(what, sizeof what, "SLA policy #%zu", index);
    if (!tr_yexpect_map(ld, node, what)) return;
    const tr_ynode *name = tr_ymap_get(node, "name");
    char policy[TR_YQUOTE_SIZE + 16], context[256];
    if (name && name->kind == TR_YSCALAR && !tr_yis_null(name))
        tr_yquote(policy, sizeof policy, name->text, name->len);
    else
        snprintf(policy, sizeof policy, "#%zu", index);
    snprintf(context, sizeof context, "in SLA policy '%s'", policy);
    const tr_ynode *f[POL_COUNT];
    tr_ymap_fields(ld, node, policy_keys, POL_COUNT, f, context);

    const char *p;
    size_t len;
    const tr_ynode *first;
    size_t errors = triage_builder_error_count(ld->b);
    triage_sla_policy *pol = NULL;
    if (!name) {
        tr_yerr(ld, node, TRIAGE_ERR_RULES, "SLA policy #%zu needs a 'name'", index);
    } else if (tr_yget_text(ld, name, "an SLA policy 'name'", &p, &len)) {
        pol = triage_sla_policy_create(ld->alloc, p, len);
        if (!pol)
            tr_yerr(ld, name, len > 256 ? TRIAGE_ERR_LIMIT : TRIAGE_ERR_NOMEM,
                    "SLA policy '%s' cannot be created (%s)", policy,
                    len > 256 ? "names have at most 256 bytes" : "out of memory");
        if (tr_ystrset_insert(seen, name, &first) != TRIAGE_OK) {
            tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
            triage_sla_policy_free(pol);
            return;
        }
        if (first)
            tr_yerr(ld, name, TRIAGE_ERR_EXISTS,
                    "SLA policy '%s' is defined twice (first at line %u); rename one", policy,
                    first->line);
    }
    const char *calendar = NULL;
    size_t calendar_len = 0;
    if (f[POL_CALENDAR] && tr_yget_text(ld, f[POL_CALENDAR], "'calendar'", &p, &len)) {
        calendar = p;
        calendar_len = len;
        char who[TR_YQUOTE_SIZE + 64];
        snprintf(who, sizeof who, "SLA policy '%s'", policy);
        check_reference(ld, f[POL_CALENDAR], &ld->calendar_names, who, "calendar",
                        "'calendars'");
    }
    int any_target = 0;
    for (int t = POL_FIRST_RESPONSE; t <= POL_RESOLUTION; t++) {
        int64_t days, seconds;
        char target[48];
        snprintf(target, sizeof target, "'%s'", policy_keys[t]);
        if (!f[t]) continue;
        any_target = 1;
        if (get_duration(ld, f[t], target, &days, &seconds) && pol) /* within the limits */
            (void)triage_sla_policy_set_target_days(pol, t - POL_FIRST_RESPONSE, days, seconds, 0);
    }
    if (!any_target)
        tr_yerr(ld, node, TRIAGE_ERR_RULES,
                "SLA policy '%s' sets no target; give at least one of first_response, "
                "next_response, periodic_update, resolution",
                policy);
    if (f[POL_PAUSE_ON]) load_pause_on(ld, f[POL_PAUSE_ON], pol);
    if (f[POL_WARN_AT]) load_warn_at(ld, policy, f[POL_WARN_AT], pol);
    if (f[POL_ESCALATE]) load_escalate(ld, policy, f[POL_ESCALATE], pol);
    if (pol && triage_builder_error_count(ld->b) == errors && tr_yat(ld, name))
        (void)triage_builder_add_sla_policy(ld->b, pol, calendar, calendar_len);
    triage_sla_policy_free(pol);
}

static void load_by_priority(tr_yload *ld, const tr_ynode *v) {
    if (!tr_yexpect_map(ld, v, "'sla.by_priority' (priority: policy)")) return;
    TR_YMAP_EACH(k, v) {
        if (ld->stopped) return;
        if (tr_ypriority(k->text, k->len) < 0) {
            tr_yunknown(ld, k, TRIAGE_ERR_RULES, "priority", "in 'sla.by_priority'",
                        tr_ypriority_names, 4);
            continue;
        }
        const char *p;
        size_t len;
        char who[TR_YQUOTE_SIZE + 32], shown_key[TR_YQUOTE_SIZE];
        snprintf(who, sizeof who, "sla.by_priority.%s",
                 tr_yquote(shown_key, sizeof shown_key, k->text, k->len));
        if (tr_yget_text(ld, k->next, "an SLA policy name", &p, &len) &&
            check_reference(ld, k->next, &ld->policy_names, who, "SLA policy",
                            "'sla.policies'") &&
            tr_yat(ld, k->next))
            (void)triage_builder_set_sla_priority_policy(ld->b, tr_ypriority(k->text, k->len), p,
                                                         len);
    }
}

static const char *const sla_keys[] = {"default", "by_priority", "policies"};
enum { SLA_DEFAULT, SLA_BY_PRIORITY, SLA_POLICIES, SLA_COUNT };

void tr_yaml_load_sla(tr_yload *ld, const tr_ynode *sla) {
    if (!tr_yexpect_map(ld, sla, "'sla'")) return;
    const tr_ynode *f[SLA_COUNT];
    tr_ymap_fields(ld, sla, sla_keys, SLA_COUNT, f, "in sla");
    const char *p;
    size_t len;
    if (f[SLA_DEFAULT] && tr_yget_text(ld, f[SLA_DEFAULT], "'sla.default'", &p, &len) &&
        check_reference(ld, f[SLA_DEFAULT], &ld->policy_names, "sla.default", "SLA policy",
                        "'sla.policies'") &&
        tr_yat(ld, f[SLA_DEFAULT]))
        (void)triage_builder_set_sla_default(ld->b, p, len);
    if (f[SLA_BY_PRIORITY]) load_by_priority(ld, f[SLA_BY_PRIORITY]);
    if (f[SLA_POLICIES] && tr_yexpect_seq(ld, f[SLA_POLICIES], "'sla.policies'")) {
        tr_ystrset seen;
        tr_ystrset_init(&seen, ld->alloc, ld->hash_key);
        size_t index = 0;
        TR_YSEQ_EACH(item, f[SLA_POLICIES]) {
            if (ld->stopped) break;
            load_policy(ld, item, ++index, &seen);
        }
        tr_ystrset_free(&seen);
    }
}
