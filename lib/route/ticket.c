/* Tickets: named fields with one or more values, copied in. */
#include <string.h>

#include "core/alloc.h"
#include "route/internal.h"

triage_ticket *triage_ticket_create(const triage_allocator *allocator) {
    const triage_allocator *a = tr_allocator_or_default(allocator);
    triage_ticket *t = tr_calloc(a, 1, sizeof *t);
    if (t) t->alloc = a;
    return t;
}

void triage_ticket_free(triage_ticket *t) {
    if (!t) return;
    tr_free(t->alloc, t->fields);
    tr_free(t->alloc, t->bytes);
    tr_free(t->alloc, t);
}

void triage_ticket_clear(triage_ticket *t) {
    if (!t) return;
    t->count = 0;
    t->nbytes = 0;
}

static int same_name(const triage_ticket *t, const tr_ticket_field *f, const char *name,
                     size_t len) {
    return f->name_len == len && (len == 0 || memcmp(tr_ticket_name(t, f), name, len) == 0);
}

int triage_ticket_add(triage_ticket *t, const char *field, size_t flen, const char *value,
                      size_t vlen) {
    if (!t || (!field && flen) || (!value && vlen) || flen == 0) return TRIAGE_ERR_ARGUMENT;
    if (vlen >= UINT32_MAX || flen > 4096) return TRIAGE_ERR_LIMIT;
    size_t need = t->nbytes + flen + vlen + 2;
    if (need < t->nbytes) return TRIAGE_ERR_LIMIT;
    if (tr_reserve(t->alloc, (void **)&t->fields, &t->cap, t->count + 1, sizeof *t->fields) ||
        tr_reserve(t->alloc, (void **)&t->bytes, &t->cap_bytes, need, 1))
        return TRIAGE_ERR_NOMEM;
    tr_ticket_field *f = &t->fields[t->count];
    f->value_index = 0;
    for (size_t i = 0; i < t->count; i++)
        f->value_index += same_name(t, &t->fields[i], field, flen);
    f->name = t->nbytes;
    f->name_len = flen;
    memcpy(t->bytes + t->nbytes, field, flen);
    t->bytes[t->nbytes + flen] = '\0';
    f->value = t->nbytes + flen + 1;
    f->value_len = vlen;
    if (vlen) memcpy(t->bytes + f->value, value, vlen);
    t->bytes[f->value + vlen] = '\0';
    t->nbytes = need;
    t->count++;
    return TRIAGE_OK;
}

size_t triage_ticket_value_count(const triage_ticket *t, const char *field, size_t flen) {
    size_t n = 0;
    if (!t || (!field && flen)) return 0;
    for (size_t i = 0; i < t->count; i++) n += same_name(t, &t->fields[i], field, flen);
    return n;
}

int triage_ticket_value(const triage_ticket *t, const char *field, size_t flen, size_t index,
                        const char **value, size_t *vlen) {
    if (!t || (!field && flen) || !value || !vlen) return TRIAGE_ERR_ARGUMENT;
    for (size_t i = 0; i < t->count; i++) {
        const tr_ticket_field *f = &t->fields[i];
        if (same_name(t, f, field, flen) && f->value_index == index) {
            *value = tr_ticket_value(t, f);
            *vlen = f->value_len;
            return TRIAGE_OK;
        }
    }
    return TRIAGE_ERR_NOT_FOUND;
}
