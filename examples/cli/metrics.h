/* Classification metrics for triage eval: accuracy, per-class precision,
 * recall, F1 and support, macro-F1, a confusion matrix and the most
 * confused pairs.
 *
 * Conventions (those of scikit-learn's classification_report): the classes
 * are every name seen as a label or as a prediction, sorted by name
 * (bytewise); precision of a class never predicted and recall of a class
 * never labelled are 0; F1 is 0 when precision + recall is 0. Macro-F1 is
 * the unweighted mean of F1 over the classes that occur as labels: a
 * decision that is never a label (no category, the default queue) lowers
 * the recall of the classes it took tickets from, not the average's size. */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>

typedef struct metrics_class {
    char *name;
    size_t support;   /* rows labelled with it */
    size_t predicted; /* rows predicted as it */
    size_t correct;
    double precision, recall, f1;
} metrics_class;

typedef struct metrics_pair {
    size_t label, predicted; /* class indices */
    size_t count;
} metrics_pair;

typedef struct metrics {
    metrics_class *classes; /* sorted by name after metrics_finish */
    size_t nclasses, cap_classes;
    size_t *rows; /* per observation: label index, predicted index */
    size_t nrows, cap_rows;
    size_t *matrix; /* nclasses x nclasses, [label][predicted], after finish */
    size_t total, correct;
    double accuracy, macro_f1;
    size_t labelled_classes; /* classes with support > 0 */
    metrics_pair *confused; /* off-diagonal cells, most frequent first */
    size_t nconfused;
} metrics;

void metrics_init(metrics *m);
void metrics_free(metrics *m);
/* Records one labelled row. Returns 0 or -1 when out of memory. */
int metrics_add(metrics *m, const char *label, const char *predicted);
/* Computes everything; call once after the last add. 0 or -1 (memory). */
int metrics_finish(metrics *m);

#endif
