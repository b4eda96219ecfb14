/* Two-column TSV label mappings (see label_map.h). */
#include "label_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void label_map_init(label_map *m) { memset(m, 0, sizeof *m); }

void label_map_free(label_map *m) {
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].from);
        free(m->items[i].to);
    }
    free(m->items);
    memset(m, 0, sizeof *m);
}

static int by_from(const void *a, const void *b) {
    return strcmp(((const label_map_entry *)a)->from, ((const label_map_entry *)b)->from);
}

static int add(label_map *m, const char *from, size_t flen, const char *to, size_t tlen) {
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        label_map_entry *p = realloc(m->items, cap * sizeof *p);
        if (!p) return -1;
        m->items = p;
        m->cap = cap;
    }
    char *f = strndup(from, flen), *t = strndup(to, tlen);
    if (!f || !t) {
        free(f);
        free(t);
        return -1;
    }
    m->items[m->count++] = (label_map_entry){f, t};
    return 0;
}

int label_map_load(label_map *m, const char *path, const char *cmd) {
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "triage %s: cannot open %s: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    cli_line_reader r;
    cli_line_reader_init(&r, in);
    size_t lineno = 0;
    int rc = 0;
    for (;;) {
        const char *line;
        size_t len;
        cli_line_status st = cli_line_read(&r, &line, &len);
        if (st == CLI_LINE_EOF) break;
        lineno++;
        if (st != CLI_LINE_OK) {
            fprintf(stderr, "triage %s: %s:%zu: cannot read the line\n", cmd, path, lineno);
            rc = -1;
            break;
        }
        if (len == 0 || line[0] == '#') continue;
        const char *tab = memchr(line, '\t', len);
        if (!tab || tab == line || tab + 1 == line + len || memchr(tab + 1, '\t', (size_t)(line + len - tab - 1))) {
            fprintf(stderr, "triage %s: %s:%zu: expected two columns separated by a tab\n", cmd,
                    path, lineno);
            rc = -1;
            break;
        }
        if (add(m, line, (size_t)(tab - line), tab + 1, (size_t)(line + len - tab - 1)) != 0) {
            fprintf(stderr, "triage %s: out of memory\n", cmd);
            rc = -1;
            break;
        }
    }
    cli_line_reader_free(&r);
    fclose(in);
    if (rc == 0) {
        if (m->count > 1) qsort(m->items, m->count, sizeof *m->items, by_from);
        for (size_t i = 1; i < m->count; i++)
            if (strcmp(m->items[i - 1].from, m->items[i].from) == 0) {
                fprintf(stderr, "triage %s: %s: label '%s' is mapped twice\n", cmd, path,
                        m->items[i].from);
                rc = -1;
                break;
            }
    }
    return rc;
}

const char *label_map_get(const label_map *m, const char *label) {
    label_map_entry key = {(char *)(size_t)label, NULL};
    const label_map_entry *e = m->count ? bsearch(&key, m->items, m->count, sizeof *m->items, by_from) : NULL;
    return e ? e->to : label;
}
