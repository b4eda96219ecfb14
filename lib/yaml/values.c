/* Typed access to tree nodes, reporting a clear error at the node when a
 * value has the wrong type. Scalars resolve as in the YAML 1.2 core schema:
 * only true/false are booleans (not yes/no), quoted values are texts. */
#include <stdio.h>
#include <string.h>

#include "yaml/loader.h"

const char *const tr_ypriority_names[4] = {"low", "normal", "high", "urgent"};

int tr_ypriority(const char *p, size_t len) {
    for (int i = 0; i < 4; i++)
        if (strlen(tr_ypriority_names[i]) == len && memcmp(tr_ypriority_names[i], p, len) == 0)
            return i;
    return -1;
}

static int text_is(const tr_ynode *n, const char *const *words) {
    for (; *words; words++)
        if (strlen(*words) == n->len && memcmp(*words, n->text, n->len) == 0) return 1;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* [-+]?[0-9]+, or 0x.. / 0o.. (core-schema integers we then refuse). */
static int looks_int(const char *p, size_t len) {
    size_t i = 0;
    if (len >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) return 1;
    if (i < len && (p[i] == '-' || p[i] == '+')) i++;
    if (i == len) return 0;
    for (; i < len; i++)
        if (!is_digit(p[i])) return 0;
    return 1;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, .inf, .nan */
static int looks_float(const tr_ynode *n) {
    static const char *const special[] = {".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF",
                                          "+.inf", "+.Inf", "+.INF", ".nan", ".NaN", ".NAN",
                                          NULL};
    if (text_is(n, special)) return 1;
    const char *p = n->text;
    size_t len = n->len, i = 0, digits = 0;
    if (i < len && (p[i] == '-' || p[i] == '+')) i++;
    while (i < len && is_digit(p[i])) i++, digits++;
    if (i < len && p[i] == '.') {
        i++;
        while (i < len && is_digit(p[i])) i++, digits++;
    }
    if (!digits) return 0;
    if (i < len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < len && (p[i] == '-' || p[i] == '+')) i++;
        size_t exp = 0;
        while (i < len && is_digit(p[i])) i++, exp++;
        if (!exp) return 0;
    }
    return i == len;
}

enum tr_ytype tr_ytype_of(const tr_ynode *n) {
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    if (n->kind != TR_YSCALAR) return TR_YT_STR;
    switch (n->tag) {
    case TR_YTAG_STR: return TR_YT_STR;
    case TR_YTAG_INT: return TR_YT_INT;
    case TR_YTAG_BOOL: return TR_YT_BOOL;
    case TR_YTAG_NULL: return TR_YT_NULL;
    case TR_YTAG_FLOAT: return TR_YT_FLOAT;
    default: break;
    }
    if (!n->plain) return TR_YT_STR;
    if (text_is(n, nulls)) return TR_YT_NULL;
    if (text_is(n, bools)) return TR_YT_BOOL;
    if (looks_int(n->text, n->len)) return TR_YT_INT;
    if (looks_float(n)) return TR_YT_FLOAT;
    return TR_YT_STR;
}

int tr_yis_null(const tr_ynode *n) {
    return !n || (n->kind == TR_YSCALAR && tr_ytype_of(n) == TR_YT_NULL);
}

const tr_ynode *tr_ymap_get(const tr_ynode *map, const char *key) {
    if (!map || map->kind != TR_YMAP) return NULL;
    size_t len = strlen(key);
    TR_YMAP_EACH(k, map) {
        if (k->len == len && memcmp(k->text, key, len) == 0) return k->next;
    }
    return NULL;
}

int tr_yexpect_map(tr_yload *ld, const tr_ynode *n, const char *what) {
    if (n->kind == TR_YMAP) return 1;
    tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a map (key: value lines), not %s", what,
            tr_ydescribe(n));
    return 0;
}

int tr_yexpect_seq(tr_yload *ld, const tr_ynode *n, const char *what) {
    if (n->kind == TR_YSEQ) return 1;
    tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a list ('- ' items), not %s", what,
            tr_ydescribe(n));
    return 0;
}

int tr_yget_text(tr_yload *ld, const tr_ynode *n, const char *what, const char **p,
                 size_t *len) {
    if (n->kind != TR_YSCALAR) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a text, not %s", what, tr_ydescribe(n));
        return 0;
    }
    if (tr_ytype_of(n) == TR_YT_NULL) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s needs a value", what);
        return 0;
    }
    if (memchr(n->text, '\0', n->len)) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s contains a NUL character (\\0); remove it", what);
        return 0;
    }
    *p = n->text;
    *len = n->len;
    return 1;
}

int tr_yparse_int(const char *p, size_t len, int64_t *out) {
    size_t i = 0;
    int neg = 0;
    if (i < len && (p[i] == '-' || p[i] == '+')) neg = p[i++] == '-';
    if (i == len) return 0;
    uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    int overflow = 0;
    for (; i < len; i++) {
        if (!is_digit(p[i])) return 0;
        unsigned d = (unsigned)(p[i] - '0');
        if (v > (limit - d) / 10) overflow = 1;
        else v = v * 10 + d;
    }
    if (overflow) return -1;
    *out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return 1;
}

int tr_yget_int(tr_yload *ld, const tr_ynode *n, const char *what, int64_t *out) {
    char shown[TR_YQUOTE_SIZE];
    if (n->kind != TR_YSCALAR) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a whole number, not %s", what,
                tr_ydescribe(n));
        return 0;
    }
    tr_yquote(shown, sizeof shown, n->text, n->len);
    enum tr_ytype t = tr_ytype_of(n);
    if (t == TR_YT_INT) {
        int rc = tr_yparse_int(n->text, n->len, out);
        if (rc == 1) return 1;
        if (rc < 0)
            tr_yerr(ld, n, TRIAGE_ERR_RANGE, "%s %s is too large", what, shown);
        else
            tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a decimal whole number, not '%s'",
                    what, shown);
        return 0;
    }
    if (t == TR_YT_NULL) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s needs a value (a whole number)", what);
    } else if (t == TR_YT_STR && tr_yparse_int(n->text, n->len, out) != 0) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "%s must be a whole number, not the text \"%s\"; remove the quotes", what, shown);
    } else {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be a whole number, not '%s'", what, shown);
    }
    return 0;
}

int tr_yget_bool(tr_yload *ld, const tr_ynode *n, const char *what, int *out) {
    if (n->kind == TR_YSCALAR && tr_ytype_of(n) == TR_YT_BOOL) {
        char c = n->len ? n->text[0] : 'f';
        if (n->tag == TR_YTAG_BOOL && !(c == 't' || c == 'T' || c == 'f' || c == 'F')) {
            tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be true or false", what);
            return 0;
        }
        *out = c == 't' || c == 'T';
        return 1;
    }
    if (n->kind != TR_YSCALAR) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be true or false, not %s", what,
                tr_ydescribe(n));
    } else {
        char shown[TR_YQUOTE_SIZE];
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX, "%s must be true or false, not '%s'", what,
                tr_yquote(shown, sizeof shown, n->text, n->len));
    }
    return 0;
}

void tr_yunknown(tr_yload *ld, const tr_ynode *at, int status, const char *what,
                 const char *context, const char *const *candidates, size_t n) {
    char shown[TR_YQUOTE_SIZE];
    tr_yquote(shown, sizeof shown, at->text, at->len);
    const char *hint = tr_ysuggest(at->text, at->len, candidates, n);
    if (hint) {
        tr_yerr(ld, at, status, "unknown %s '%s' %s (did you mean '%s'?)", what, shown, context,
                hint);
        return;
    }
    char list[256];
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", candidates[i]);
    tr_yerr(ld, at, status, "unknown %s '%s' %s (expected one of: %s)", what, shown, context,
            list);
}

void tr_ymap_fields(tr_yload *ld, const tr_ynode *map, const char *const *known, size_t n,
                    const tr_ynode **vals, const char *context) {
    for (size_t i = 0; i < n; i++) vals[i] = NULL;
    TR_YMAP_EACH(k, map) {
        size_t i = 0;
        while (i < n && !(strlen(known[i]) == k->len && memcmp(known[i], k->text, k->len) == 0))
            i++;
        if (i < n)
            vals[i] = k->next;
        else
            tr_yunknown(ld, k, TRIAGE_ERR_RULES, "key", context, known, n);
    }
}
