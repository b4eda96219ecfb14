/* Loader errors: positions, printable quoting and did-you-mean. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "yaml/loader.h"

/* Once TR_YAML_MAX_ERRORS are on the builder the load stops: a broken file
 * would otherwise bury the first, most useful errors. */
static int too_many_errors(tr_yload *ld, unsigned line, unsigned column) {
    if (ld->stopped) return 1;
    size_t count = triage_builder_error_count(ld->b) - ld->errors_at_start;
    if (count < TR_YAML_MAX_ERRORS) return 0;
    char msg[128];
    snprintf(msg, sizeof msg, "too many errors (%d); fix those above and run again",
             TR_YAML_MAX_ERRORS);
    triage_builder_add_error(ld->b, ld->status ? ld->status : TRIAGE_ERR_LIMIT, ld->file, line,
                             column, msg);
    ld->stopped = 1;
    return 1;
}

#ifdef __GNUC__
__attribute__((format(printf, 5, 0)))
#endif
static int verr(tr_yload *ld, unsigned line, unsigned column, int status, const char *fmt,
                va_list ap) {
    if (ld->status == TRIAGE_OK) ld->status = status;
    if (status == TRIAGE_ERR_NOMEM) ld->stopped = 1;
    if (too_many_errors(ld, line, column)) return status;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (triage_builder_add_error(ld->b, status, ld->file, line, column, msg) == TRIAGE_ERR_NOMEM) {
        ld->stopped = 1;
        if (ld->status == TRIAGE_OK) ld->status = TRIAGE_ERR_NOMEM;
    }
    return status;
}

int tr_yerr(tr_yload *ld, const tr_ynode *n, int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verr(ld, n ? n->line : 1, n ? n->column : 1, status, fmt, ap);
    va_end(ap);
    return status;
}

int tr_yerr_at(tr_yload *ld, unsigned line, unsigned column, int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verr(ld, line, column, status, fmt, ap);
    va_end(ap);
    return status;
}

int tr_yat(tr_yload *ld, const tr_ynode *n) {
    if (ld->stopped) return 0;
    if (triage_builder_set_location(ld->b, ld->file, n->line, n->column) != TRIAGE_OK) {
        tr_yerr(ld, n, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
        return 0;
    }
    return 1;
}

int tr_ycall(tr_yload *ld, int rc) {
    if (rc >= 0) return rc;
    /* The builder recorded its own message, except for these two. */
    if (rc == TRIAGE_ERR_NOMEM)
        tr_yerr(ld, NULL, rc, "out of memory while loading the rules");
    else if (rc == TRIAGE_ERR_ARGUMENT)
        tr_yerr(ld, NULL, rc, "internal error: the loader passed an invalid argument");
    else if (ld->status == TRIAGE_OK)
        ld->status = rc;
    too_many_errors(ld, 0, 0);
    return rc;
}

const char *tr_yquote(char *buf, size_t size, const char *text, size_t len) {
    size_t o = 0, limit = size > 8 ? size - 8 : 0; /* room for an escape and "..." */
    if (!text) len = 0;
    size_t i = 0;
    for (; i < len && o < limit; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F) {
            o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
        } else {
            buf[o++] = (char)c;
        }
    }
    if (i < len) {
        /* Do not cut a UTF-8 sequence in half: drop its copied bytes (bytes
         * >= 0x80 are copied one to one). */
        while (i > 0 && o > 0 && ((unsigned char)text[i] & 0xC0) == 0x80) {
            o--;
            i--;
        }
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

size_t tr_yedit_distance(const char *a, size_t alen, const char *b, size_t blen) {
    if (alen > TR_YAML_SUGGEST_MAX || blen > TR_YAML_SUGGEST_MAX) return SIZE_MAX;
    /* Optimal string alignment distance: three rolling rows. */
    size_t rows[3][TR_YAML_SUGGEST_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= blen; j++) prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best) best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[blen];
}

const char *tr_ysuggest(const char *word, size_t len, const char *const *candidates, size_t n) {
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t clen = strlen(candidates[i]);
        size_t d = tr_yedit_distance(word, len, candidates[i], clen);
        /* Close enough to be a typo: at most 2 edits, and fewer than half
         * of the candidate (so 'x' does not suggest 'tier'). */
        if (d > 0 && d <= 2 && d * 2 <= clen && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

const char *tr_ydescribe(const tr_ynode *n) {
    if (!n) return "nothing";
    if (n->kind == TR_YMAP) return "a map";
    if (n->kind == TR_YSEQ) return "a list";
    switch (tr_ytype_of(n)) {
    case TR_YT_NULL: return "nothing (null)";
    case TR_YT_BOOL: return "true/false";
    case TR_YT_INT: return "a whole number";
    case TR_YT_FLOAT: return "a number with a fraction";
    default: return "a text";
    }
}
