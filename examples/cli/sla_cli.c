/* Shared pieces of `triage calendar` and `triage sla`: RFC 3339 times
 * with the proleptic Gregorian calendar (no TZ, no localtime: offsets are
 * read from the text), JSON objects, and input lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <triage/sla.h>

#include "cli.h"
#include "sla_cli.h"

static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *p, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* YYYY-MM-DDTHH:MM:SS[.000](Z|+HH:MM|-HH:MM); 't' and ' ' also separate. */
static int parse_rfc3339(const char *s, size_t len, int64_t *t) {
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, mo, d, h, mi, se;
    if (len < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
        !digits(s + 17, 2, &se))
        return 0;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap(y)) ||
        h > 23 || mi > 59 || se > 59)
        return 0;
    size_t i = 19;
    if (i < len && s[i] == '.') {
        i++;
        size_t start = i;
        while (i < len && s[i] == '0') i++;
        if (i == start || (i < len && s[i] >= '1' && s[i] <= '9')) return 0;
    }
    int64_t off = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        int oh, om;
        if (!digits(s + i + 1, 2, &oh) || !digits(s + i + 4, 2, &om) || oh > 23 || om > 59) return 0;
        off = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        i += 6;
    } else {
        return 0;
    }
    if (i != len) return 0;
    *t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
    return 1;
}

int sla_cli_time(const json_t *v, int64_t *t, int *is_text, char *err, size_t errlen) {
    if (json_is_integer(v)) {
        *t = json_integer_value(v);
        if (is_text) *is_text = 0;
    } else if (json_is_string(v)) {
        if (!parse_rfc3339(json_string_value(v), json_string_length(v), t)) {
            snprintf(err, errlen, "'%s' is not an RFC 3339 time such as 2026-03-02T08:15:00Z",
                     json_string_value(v));
            return -1;
        }
        if (is_text) *is_text = 1;
    } else {
        snprintf(err, errlen, "a time must be an RFC 3339 text or Unix seconds");
        return -1;
    }
    if (*t < TRIAGE_TIME_MIN || *t > TRIAGE_TIME_MAX) {
        snprintf(err, errlen, "time out of range (years 1 to 9999)");
        return -1;
    }
    return 0;
}

void sla_cli_format_time(int64_t t, char buf[32]) {
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t sec = t - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60));
}

json_t *sla_cli_time_json(int64_t t, int as_text) {
    if (!as_text) return json_integer(t);
    char buf[32];
    sla_cli_format_time(t, buf);
    return json_string(buf);
}

json_t *sla_cli_parse_object(const char *line, size_t len, char *err, size_t errlen) {
    json_error_t je;
    json_t *v = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (!v) {
        snprintf(err, errlen, "not JSON: %s", je.text);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        snprintf(err, errlen, "expected a JSON object");
        return NULL;
    }
    return v;
}

static int is_blank(const char *line, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return 0;
    return 1;
}

static int each_line_of(const char *cmd, FILE *in, const char *file, sla_cli_line_fn fn,
                        void *ctx) {
    cli_line_reader reader;
    cli_line_reader_init(&reader, in);
    const char *max_env = getenv("TRIAGE_MAX_LINE"); /* lets the tests try the cap */
    if (max_env && *max_env) reader.max = (size_t)strtoull(max_env, NULL, 10);
    size_t lineno = 0;
    int rc = 0;
    for (;;) {
        const char *line = NULL;
        size_t len = 0;
        cli_line_status st = cli_line_read(&reader, &line, &len);
        if (st == CLI_LINE_EOF) break;
        lineno++;
        if (st == CLI_LINE_IO) {
            fprintf(stderr, "triage %s: %s: read error: %s\n", cmd, file, strerror(errno));
            rc = -1;
            break;
        }
        if (st == CLI_LINE_TOO_LONG) fn(ctx, file, lineno, NULL, 0, "line too long");
        else if (st == CLI_LINE_NOMEM) fn(ctx, file, lineno, NULL, 0, "out of memory");
        else if (!is_blank(line, len)) fn(ctx, file, lineno, line, len, NULL);
    }
    cli_line_reader_free(&reader);
    return rc;
}

int sla_cli_each_line(const char *cmd, int nfiles, char **files, sla_cli_line_fn fn, void *ctx) {
    if (nfiles == 0) return each_line_of(cmd, stdin, "<stdin>", fn, ctx);
    int rc = 0;
    for (int i = 0; i < nfiles; i++) {
        if (strcmp(files[i], "-") == 0) {
            rc |= each_line_of(cmd, stdin, "<stdin>", fn, ctx);
            continue;
        }
        FILE *in = fopen(files[i], "rb");
        if (!in) {
            fprintf(stderr, "triage %s: cannot open %s: %s\n", cmd, files[i], strerror(errno));
            rc = -1;
            continue;
        }
        rc |= each_line_of(cmd, in, files[i], fn, ctx);
        fclose(in);
    }
    return rc;
}

json_t *sla_cli_decision_sla(const triage_ruleset *rs, const triage_decision *d,
                             const json_t *created_at) {
    const char *named = triage_decision_sla(d);
    const triage_sla_policy *p =
        triage_ruleset_sla_policy_choose(rs, named, triage_decision_priority(d));
    if (!p) /* a policy the host defines (the rules have no such `sla` entry) */
        return named ? json_pack("{s:s}", "policy", named) : NULL;
    json_t *o = json_pack("{s:s}", "policy", triage_sla_policy_name(p));
    if (!o || !created_at) return o;
    int64_t start;
    char err[256];
    if (sla_cli_time(created_at, &start, NULL, err, sizeof err) != 0) {
        json_object_set_new(o, "sla_error", json_string(err));
        return o;
    }
    static const struct {
        int metric;
        const char *key;
    } dues[] = {{TRIAGE_METRIC_FIRST_RESPONSE, "first_response_due"},
                {TRIAGE_METRIC_RESOLUTION, "resolution_due"}};
    for (size_t i = 0; i < sizeof dues / sizeof *dues; i++) {
        int64_t due;
        if (triage_sla_policy_due(p, dues[i].metric, start, &due) == TRIAGE_OK)
            json_object_set_new(o, dues[i].key, sla_cli_time_json(due, 1));
    }
    return o;
}
