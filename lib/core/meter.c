#include "core/meter.h"

#include <string.h>

/* Each block carries its size in front, aligned for any type. */
typedef union block_header {
    size_t size;
    max_align_t align;
} block_header;

void *tr_meter_alloc(tr_meter *m, size_t size) {
    if (size > SIZE_MAX - sizeof(block_header)) return NULL;
    block_header *h = tr_malloc(m->alloc, sizeof *h + size);
    if (!h) return NULL;
    h->size = size;
    m->bytes += sizeof *h + size;
    return h + 1;
}

void *tr_meter_calloc(tr_meter *m, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = tr_meter_alloc(m, n * size);
    if (p && n && size) memset(p, 0, n * size);
    return p;
}

void tr_meter_free(tr_meter *m, void *p) {
    if (!p) return;
    block_header *h = (block_header *)p - 1;
    m->bytes -= sizeof *h + h->size;
    tr_free(m->alloc, h);
}

char *tr_meter_strndup(tr_meter *m, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = tr_meter_alloc(m, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
