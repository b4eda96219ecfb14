/* Counts the bytes an object holds, so that a ruleset can report its size. */
#ifndef TR_METER_H
#define TR_METER_H

#include <stddef.h>

#include "core/alloc.h"

typedef struct tr_meter {
    const triage_allocator *alloc;
    size_t bytes; /* currently held through this meter */
} tr_meter;

void *tr_meter_alloc(tr_meter *m, size_t size);
void *tr_meter_calloc(tr_meter *m, size_t n, size_t size);
void tr_meter_free(tr_meter *m, void *p);
char *tr_meter_strndup(tr_meter *m, const char *s, size_t len);

#endif
