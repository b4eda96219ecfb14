/* A JSON ticket object -> a triage_ticket.
 *
 * Nested objects become dotted field names ({"customer": {"plan": "pro"}}
 * is the field customer.plan), an array makes a multi-valued field (its
 * objects flatten under the array's name), numbers and booleans become their
 * JSON text, and null adds nothing. Strings keep NUL bytes (pointer + length). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct field_name {
    char *ptr;
    size_t len, cap;
} field_name;

static int name_append(field_name *n, const char *key, size_t klen) {
    size_t need = n->len + (n->len ? 1 : 0) + klen + 1;
    if (need > n->cap) {
        size_t cap = n->cap ? n->cap : 64;
        while (cap < need) cap *= 2;
        char *p = realloc(n->ptr, cap);
        if (!p) return -1;
        n->ptr = p;
        n->cap = cap;
    }
    if (n->len) n->ptr[n->len++] = '.';
    memcpy(n->ptr + n->len, key, klen);
    n->len += klen;
    n->ptr[n->len] = '\0';
    return 0;
}

size_t cli_json_scalar_text(const json_t *v, char *buf, size_t cap) {
    int n = 0;
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        n = snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL: {
        /* The shortest text that reads back to the same double. */
        double d = json_real_value(v);
        for (int prec = 1; prec <= 17; prec++) {
            n = snprintf(buf, cap, "%.*g", prec, d);
            if (n > 0 && (size_t)n < cap && strtod(buf, NULL) == d) break;
        }
        /* Keep it a real, as jansson prints it: 2.0, not 2. */
        if (n > 0 && (size_t)n + 2 < cap && !strpbrk(buf, ".eEn")) {
            memcpy(buf + n, ".0", 3);
            n += 2;
        }
        break;
    }
    case JSON_TRUE: n = snprintf(buf, cap, "true"); break;
    case JSON_FALSE: n = snprintf(buf, cap, "false"); break;
    default: return 0;
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

typedef struct flatten_ctx {
    triage_ticket *ticket;
    field_name name;
    char *err;
    size_t errlen;
} flatten_ctx;

/* How much of a long field name to quote in a message: at most max bytes,
 * cut before a UTF-8 continuation byte so that the message stays UTF-8. */
static int quoted_length(const char *name, size_t len, size_t max) {
    if (len <= max) return (int)len;
    size_t n = max;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

static int add_value(flatten_ctx *c, const char *value, size_t vlen) {
    const char *name = c->name.ptr ? c->name.ptr : "";
    int rc = triage_ticket_add(c->ticket, name, c->name.len, value, vlen);
    if (rc != TRIAGE_OK) {
        int q = quoted_length(name, c->name.len, 80);
        snprintf(c->err, c->errlen, "field '%.*s'%s: %s", q, name,
                 (size_t)q < c->name.len ? "..." : "", triage_strerror(rc));
    }
    return rc;
}

static int flatten(flatten_ctx *c, const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *child;
        size_t saved = c->name.len;
        /* json_object_foreach wants a non-const object; it does not modify it. */
        json_object_foreach((json_t *)(uintptr_t)v, key, child) {
            if (name_append(&c->name, key, strlen(key)) != 0) {
                snprintf(c->err, c->errlen, "out of memory");
                return TRIAGE_ERR_NOMEM;
            }
            int rc = flatten(c, child);
            c->name.len = saved;
            if (c->name.ptr) c->name.ptr[saved] = '\0';
            if (rc != TRIAGE_OK) return rc;
        }
        return TRIAGE_OK;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            int rc = flatten(c, item);
            if (rc != TRIAGE_OK) return rc;
        }
        return TRIAGE_OK;
    }
    case JSON_STRING:
        return add_value(c, json_string_value(v), json_string_length(v));
    case JSON_NULL:
        return TRIAGE_OK;
    default: {
        char text[64];
        size_t n = cli_json_scalar_text(v, text, sizeof text);
        return add_value(c, text, n);
    }
    }
}

int cli_ticket_from_json(triage_ticket *t, const json_t *obj, char *err, size_t errlen) {
    if (!json_is_object(obj)) {
        snprintf(err, errlen, "a ticket must be a JSON object");
        return TRIAGE_ERR_ARGUMENT;
    }
    flatten_ctx c = {t, {NULL, 0, 0}, err, errlen};
    int rc = flatten(&c, obj);
    free(c.name.ptr);
    return rc;
}
