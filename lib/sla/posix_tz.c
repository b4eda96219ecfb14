/* POSIX TZ strings as TZif footers use them ("EST5EDT,M3.2.0,M11.1.0",
 * "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"), with the RFC 8536 version 3
 * extension that rule times range over -167..167 hours. A zone with DST must
 * carry its rules (the POSIX "implementation default" is refused). */
#include <string.h>

#include "sla/civil.h"
#include "sla/tz.h"

typedef struct cursor {
    const char *p, *end;
} cursor;

static int peek(const cursor *c) { return c->p < c->end ? (unsigned char)*c->p : -1; }

static int is_alpha(int ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
static int is_digit(int ch) { return ch >= '0' && ch <= '9'; }

/* A zone abbreviation: 3+ letters, or <...> of letters, digits, '+', '-'. */
static int parse_name(cursor *c) {
    size_t n = 0;
    if (peek(c) == '<') {
        c->p++;
        while (peek(c) != '>') {
            int ch = peek(c);
            if (!(is_alpha(ch) || is_digit(ch) || ch == '+' || ch == '-')) return -1;
            c->p++;
            n++;
        }
        c->p++;
    } else {
        while (is_alpha(peek(c))) {
            c->p++;
            n++;
        }
    }
    return n >= 3 ? 0 : -1;
}

static int parse_number(cursor *c, int max, int *out) {
    if (!is_digit(peek(c))) return -1;
    int v = 0;
    while (is_digit(peek(c))) {
        v = v * 10 + (*c->p++ - '0');
        if (v > max) return -1;
    }
    *out = v;
    return 0;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to max_hours. */
static int parse_hms(cursor *c, int max_hours, int32_t *out) {
    int sign = 1;
    if (peek(c) == '+' || peek(c) == '-') sign = *c->p++ == '-' ? -1 : 1;
    int h, m = 0, s = 0;
    if (parse_number(c, max_hours, &h) != 0) return -1;
    if (peek(c) == ':') {
        c->p++;
        if (parse_number(c, 59, &m) != 0) return -1;
        if (peek(c) == ':') {
            c->p++;
            if (parse_number(c, 59, &s) != 0) return -1;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return 0;
}

static int parse_rule(cursor *c, tr_tz_rule *r) {
    memset(r, 0, sizeof *r);
    if (peek(c) == 'J') {
        c->p++;
        r->kind = 'J';
        if (parse_number(c, 365, &r->n) != 0 || r->n < 1) return -1;
    } else if (peek(c) == 'M') {
        c->p++;
        r->kind = 'M';
        if (parse_number(c, 12, &r->month) != 0 || r->month < 1 || peek(c) != '.') return -1;
        c->p++;
        if (parse_number(c, 5, &r->week) != 0 || r->week < 1 || peek(c) != '.') return -1;
        c->p++;
        if (parse_number(c, 6, &r->wday) != 0) return -1;
    } else {
        r->kind = 'N';
        if (parse_number(c, 365, &r->n) != 0) return -1;
    }
    r->time = 7200; /* 02:00 by default */
    if (peek(c) == '/') {
        c->p++;
        if (parse_hms(c, 167, &r->time) != 0) return -1;
    }
    return 0;
}

int tr_posix_tz_parse(const char *s, size_t len, tr_tz_posix *out) {
    cursor c = {s, s + len};
    memset(out, 0, sizeof *out);
    int32_t std, dst;
    if (parse_name(&c) != 0 || parse_hms(&c, 24, &std) != 0) return -1;
    out->std_off = -std; /* POSIX offsets count hours west of Greenwich */
    out->dst_off = out->std_off;
    if (peek(&c) == -1) return 0;
    if (parse_name(&c) != 0) return -1;
    out->has_dst = 1;
    out->dst_off = out->std_off + 3600;
    if (peek(&c) != ',' && peek(&c) != -1) {
        if (parse_hms(&c, 24, &dst) != 0) return -1;
        out->dst_off = -dst;
    }
    if (peek(&c) != ',') return -1;
    c.p++;
    if (parse_rule(&c, &out->start) != 0 || peek(&c) != ',') return -1;
    c.p++;
    if (parse_rule(&c, &out->end) != 0 || peek(&c) != -1) return -1;
    return 0;
}

/* Day number on which a rule falls in a year. */
static int64_t rule_day(const tr_tz_rule *r, int64_t year) {
    int64_t jan1 = tr_days_from_civil(year, 1, 1);
    if (r->kind == 'J') return jan1 + r->n - 1 + (tr_is_leap_year(year) && r->n >= 60);
    if (r->kind == 'N') return jan1 + r->n;
    int64_t first = tr_days_from_civil(year, r->month, 1);
    int first_sunday_based = (tr_weekday(first) + 1) % 7; /* 0 = Sunday */
    int64_t day = first + (r->wday - first_sunday_based + 7) % 7 + 7 * (r->week - 1);
    int dim = tr_days_in_month(year, r->month);
    while (day >= first + dim) day -= 7; /* week 5 means "last" */
    return day;
}

typedef struct change {
    int64_t at;
    int32_t off;
    int order; /* among equal instants: the DST end first */
} change;

void tr_posix_tz_period(const tr_tz_posix *p, int64_t u, int64_t *start, int64_t *end,
                        int32_t *off) {
    if (!p->has_dst) {
        *start = INT64_MIN;
        *end = INT64_MAX;
        *off = p->std_off;
        return;
    }
    int64_t y, yy;
    int mm, dd;
    tr_civil_from_days(tr_floor_div(u, 86400), &y, &mm, &dd);
    /* Rule times reach a week past the date, so years y-2..y+2 surround u. */
    change ch[10];
    size_t n = 0;
    for (yy = y - 2; yy <= y + 2; yy++) {
        ch[n].at = rule_day(&p->start, yy) * 86400 + p->start.time - p->std_off;
        ch[n].off = p->dst_off;
        ch[n++].order = 1;
        ch[n].at = rule_day(&p->end, yy) * 86400 + p->end.time - p->dst_off;
        ch[n].off = p->std_off;
        ch[n++].order = 0;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort of ten items */
        for (size_t j = i; j > 0; j--) {
            change *a = &ch[j - 1], *b = &ch[j];
            if (a->at < b->at || (a->at == b->at && a->order <= b->order)) break;
            change t = *a;
            *a = *b;
            *b = t;
        }
    *start = INT64_MIN;
    *end = INT64_MAX;
    *off = ch[0].off == p->dst_off ? p->std_off : p->dst_off;
    for (size_t i = 0; i < n; i++) {
        if (ch[i].at <= u) {
            *start = ch[i].at;
            *off = ch[i].off;
        } else {
            *end = ch[i].at;
            break;
        }
    }
}
