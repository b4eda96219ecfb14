/* Short reasons for condition outcomes, e.g. "category is billing, not
 * outage", "score outage 5 < 8", "field channel is 'email', not one of
 * phone, chat". Ticket values are quoted, shortened and made printable. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "explain/internal.h"
#include "text/utf8.h"

#define QUOTE_MAX 60 /* bytes of a ticket value quoted in a reason */

static int put(triage_explanation *e, const char *s, size_t n) {
    if (tr_reserve(e->alloc, (void **)&e->text, &e->text_cap, e->text_len + n + 1, 1))
        return TRIAGE_ERR_NOMEM;
    memcpy(e->text + e->text_len, s, n);
    e->text_len += n;
    e->text[e->text_len] = '\0';
    return TRIAGE_OK;
}

static int puts_(triage_explanation *e, const char *s) { return put(e, s, strlen(s)); }

/* A ticket value between quotes: control characters become spaces, invalid
 * UTF-8 becomes U+FFFD, and a long value is cut at a character boundary. */
static int put_quoted(triage_explanation *e, const char *value, size_t len) {
    const unsigned char *s = (const unsigned char *)value;
    int rc = put(e, "'", 1);
    size_t i = 0;
    while (rc == TRIAGE_OK && i < len) {
        if (i >= QUOTE_MAX) return put(e, "...'", 4);
        uint32_t cp;
        int invalid = 0;
        size_t n = tr_utf8_decode(s + i, len - i, &cp, &invalid);
        if (cp < 0x20 || cp == 0x7F) cp = ' ';
        unsigned char buf[4];
        rc = put(e, (const char *)buf, tr_utf8_encode(cp, buf));
        i += n;
    }
    return rc == TRIAGE_OK ? put(e, "'", 1) : rc;
}

static int put_number(triage_explanation *e, int64_t v) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    return put(e, buf, (size_t)n);
}

static const char *category_name(const triage_ruleset *rs, int index) {
    return index < 0 ? NULL : rs->categories[index].name.ptr;
}

/* "a, b, c" (a category list shows "no category" for ""). */
static int put_list(triage_explanation *e, const tr_ccond *c) {
    int rc = TRIAGE_OK;
    for (size_t k = 0; k < c->nvalues && rc == TRIAGE_OK; k++) {
        if (k > 0) rc = puts_(e, ", ");
        if (rc != TRIAGE_OK) break;
        if (c->kind == TR_WHEN_CATEGORY) {
            const char *name = category_name(e->rs, c->categories[k]);
            rc = puts_(e, name ? name : "no category");
        } else {
            rc = put(e, c->values[k].ptr, c->values[k].len);
        }
    }
    return rc;
}

static int category_reason(triage_explanation *e, const tr_ccond *c, int holds) {
    const char *won = category_name(e->rs, e->decision->category);
    int rc = won ? (puts_(e, "category is ") || puts_(e, won)) : puts_(e, "no category won");
    if (rc || holds) return rc;
    rc = puts_(e, c->nvalues == 1 ? ", not " : ", not one of ");
    return rc ? rc : put_list(e, c);
}

/* The relation that actually holds between a and b, for false conditions. */
static const char *relation(int64_t a, int64_t b) { return a < b ? "<" : a > b ? ">" : "=="; }

static int score_reason(triage_explanation *e, const tr_ccond *c, const tr_cond_result *r) {
    if (puts_(e, "score ") || puts_(e, e->rs->categories[c->category].name.ptr) ||
        puts_(e, " ") || put_number(e, r->actual) || puts_(e, " "))
        return TRIAGE_ERR_NOMEM;
    const char *op = r->holds ? triage_cmp_name(c->cmp) : relation(r->actual, c->number);
    return puts_(e, op) || puts_(e, " ") || put_number(e, c->number) ? TRIAGE_ERR_NOMEM
                                                                     : TRIAGE_OK;
}

/* Whether value is one of the condition's values. */
static int accepted(const tr_ccond *c, const char *value, size_t len) {
    for (size_t k = 0; k < c->nvalues; k++)
        if (c->values[k].len == len && memcmp(c->values[k].ptr, value, len) == 0) return 1;
    return 0;
}

/* "field channel is 'phone'" or "field channel is 'email', not one of phone, chat". */
static int field_reason(triage_explanation *e, const triage_ticket *t, const tr_ccond *c,
                        int holds) {
    int rc = puts_(e, " is ");
    size_t shown = 0;
    for (size_t i = 0; i < t->count && rc == TRIAGE_OK; i++) {
        const tr_ticket_field *f = &t->fields[i];
        if (f->name_len != c->field.len || memcmp(tr_ticket_name(t, f), c->field.ptr, f->name_len))
            continue;
        if (holds && !accepted(c, tr_ticket_value(t, f), f->value_len)) continue;
        if (shown++ > 0) rc = puts_(e, ", ");
        if (rc == TRIAGE_OK) rc = put_quoted(e, tr_ticket_value(t, f), f->value_len);
        if (holds) break;
    }
    if (rc || holds) return rc;
    rc = puts_(e, c->nvalues == 1 ? ", not " : ", not one of ");
    return rc ? rc : put_list(e, c);
}

static int has_field(const triage_ticket *t, const tr_name *field) {
    for (size_t i = 0; i < t->count; i++)
        if (t->fields[i].name_len == field->len &&
            memcmp(tr_ticket_name(t, &t->fields[i]), field->ptr, field->len) == 0)
            return 1;
    return 0;
}

int tr_explain_reason(triage_explanation *e, const triage_ticket *t, const tr_ccond *c,
                      const tr_cond_result *r, int cut_off, size_t *at) {
    /* Reasons are stored back to back; each ends with its own NUL. */
    *at = e->text_len;
    if (put(e, "", 0)) return TRIAGE_ERR_NOMEM;
    int rc;
    switch (c->kind) {
    case TR_WHEN_CATEGORY: rc = category_reason(e, c, r->holds); break;
    case TR_WHEN_SCORE: rc = score_reason(e, c, r); break;
    default:
        rc = puts_(e, "field ") || put(e, c->field.ptr, c->field.len);
        if (rc) break;
        if (!has_field(t, &c->field)) {
            rc = puts_(e, " is missing");
        } else if (c->kind == TR_WHEN_FIELD) {
            rc = field_reason(e, t, c, r->holds);
        } else if (c->kind == TR_WHEN_CONTAINS) {
            rc = puts_(e, r->holds ? " contains '" : " does not contain '") ||
                 put(e, c->values[0].ptr, c->values[0].len) || puts_(e, "'");
        } else {
            rc = puts_(e, r->holds ? " matches /" : " does not match /") ||
                 put(e, c->values[0].ptr, c->values[0].len) || puts_(e, "/");
            if (!rc && cut_off) rc = puts_(e, " (cut off by the regex budget)");
        }
    }
    if (rc) return TRIAGE_ERR_NOMEM;
    e->text_len++; /* keep the NUL: the next reason starts after it */
    return TRIAGE_OK;
}
