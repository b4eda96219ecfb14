/* A label mapping read from a two-column TSV file (label TAB mapped label),
 * e.g. Banking77 intents to queues. Lines starting with '#' and blank lines
 * are skipped. */
#ifndef LABEL_MAP_H
#define LABEL_MAP_H

#include <stddef.h>

typedef struct label_map_entry {
    char *from, *to;
} label_map_entry;

typedef struct label_map {
    label_map_entry *items; /* sorted by `from` */
    size_t count, cap;
} label_map;

void label_map_init(label_map *m);
void label_map_free(label_map *m);
/* Loads path; on error prints "triage CMD: path:line: message" and returns -1. */
int label_map_load(label_map *m, const char *path, const char *cmd);
/* The mapped label, or label itself when the map does not list it. */
const char *label_map_get(const label_map *m, const char *label);

#endif
