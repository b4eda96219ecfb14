/* Confusion counts and the scores derived from them (see metrics.h). */
#include "metrics.h"

#include <stdlib.h>
#include <string.h>

void metrics_init(metrics *m) { memset(m, 0, sizeof *m); }

void metrics_free(metrics *m) {
    for (size_t i = 0; i < m->nclasses; i++) free(m->classes[i].name);
    free(m->classes);
    free(m->rows);
    free(m->matrix);
    free(m->confused);
    memset(m, 0, sizeof *m);
}

static int grow(void **items, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need) n *= 2;
    void *p = realloc(*items, n * size);
    if (!p) return -1;
    *items = p;
    *cap = n;
    return 0;
}

/* Index of a class by name, added when new; -1 when out of memory. Linear:
 * label sets are small (Banking77 has 77). */
static long class_index(metrics *m, const char *name) {
    for (size_t i = 0; i < m->nclasses; i++)
        if (strcmp(m->classes[i].name, name) == 0) return (long)i;
    if (grow((void **)&m->classes, &m->cap_classes, m->nclasses + 1, sizeof *m->classes)) return -1;
    metrics_class *c = &m->classes[m->nclasses];
    memset(c, 0, sizeof *c);
    if (!(c->name = strdup(name))) return -1;
    return (long)m->nclasses++;
}

int metrics_add(metrics *m, const char *label, const char *predicted) {
    long l = class_index(m, label), p = class_index(m, predicted);
    if (l < 0 || p < 0 || grow((void **)&m->rows, &m->cap_rows, m->nrows + 2, sizeof *m->rows))
        return -1;
    m->rows[m->nrows++] = (size_t)l;
    m->rows[m->nrows++] = (size_t)p;
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const metrics_class *)a)->name, ((const metrics_class *)b)->name);
}

/* Most frequent first; ties by label, then predicted class (sorted names). */
static int by_count(const void *a, const void *b) {
    const metrics_pair *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    if (x->label != y->label) return x->label < y->label ? -1 : 1;
    return x->predicted < y->predicted ? -1 : x->predicted > y->predicted;
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

int metrics_finish(metrics *m) {
    size_t n = m->nclasses;
    /* Sort the classes by name and remap the rows through the old order. */
    size_t *old_to_new = malloc((n ? n : 1) * sizeof *old_to_new);
    char **names = malloc((n ? n : 1) * sizeof *names);
    if (!old_to_new || !names) {
        free(old_to_new);
        free(names);
        return -1;
    }
    for (size_t i = 0; i < n; i++) names[i] = m->classes[i].name;
    if (n > 1) qsort(m->classes, n, sizeof *m->classes, by_name);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            if (m->classes[k].name == names[i]) old_to_new[i] = k;
    free(names);
    m->matrix = calloc(n ? n * n : 1, sizeof *m->matrix);
    m->confused = calloc(n ? n * n : 1, sizeof *m->confused);
    if (!m->matrix || !m->confused) {
        free(old_to_new);
        return -1;
    }
    for (size_t r = 0; r < m->nrows; r += 2) {
        size_t l = old_to_new[m->rows[r]], p = old_to_new[m->rows[r + 1]];
        m->matrix[l * n + p]++;
        m->classes[l].support++;
        m->classes[p].predicted++;
        m->total++;
        if (l == p) {
            m->classes[l].correct++;
            m->correct++;
        }
    }
    free(old_to_new);
    double f1_sum = 0;
    for (size_t i = 0; i < n; i++) {
        metrics_class *c = &m->classes[i];
        c->precision = ratio(c->correct, c->predicted);
        c->recall = ratio(c->correct, c->support);
        double s = c->precision + c->recall;
        c->f1 = s > 0 ? 2 * c->precision * c->recall / s : 0.0;
        if (c->support) {
            f1_sum += c->f1;
            m->labelled_classes++;
        }
    }
    m->accuracy = ratio(m->correct, m->total);
    m->macro_f1 = m->labelled_classes ? f1_sum / (double)m->labelled_classes : 0.0;
    for (size_t l = 0; l < n; l++)
        for (size_t p = 0; p < n; p++)
            if (l != p && m->matrix[l * n + p])
                m->confused[m->nconfused++] = (metrics_pair){l, p, m->matrix[l * n + p]};
    if (m->nconfused > 1) qsort(m->confused, m->nconfused, sizeof *m->confused, by_count);
    return 0;
}
