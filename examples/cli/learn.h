/* triage learn: keyword and phrase weights learned from labelled tickets.
 *
 * Features are the words and two-word phrases that the matcher sees
 * (triage_words), present or absent per ticket, exactly as a rules file's
 * keywords count (a term counts once per ticket). The model is a multiclass
 * logistic regression without intercepts (a rules file has none), trained
 * with an L2 penalty by stochastic gradient descent in a fixed pseudo-random
 * order, so the same input gives the same file. Weights are scaled, rounded
 * to integers and pruned; each category's threshold comes from the scores
 * of the training tickets it wins. */
#ifndef LEARN_H
#define LEARN_H

#include <stddef.h>
#include <stdint.h>

#include "batch.h"

typedef struct learn_options {
    const char *label_field;
    int min_count;       /* words seen in fewer training tickets are dropped */
    int min_phrase_count; /* the same for two-word phrases */
    int epochs;
    double l2;           /* L2 penalty per example */
    double l1;           /* L1 penalty per example (zeroes useless weights) */
    double phrase_penalty; /* L1 and L2 penalties of phrases are this many times a word's */
    double rate;         /* initial learning rate */
    double max_weight;   /* the largest |weight| after scaling and rounding */
    int max_terms;       /* per category, by |weight| (0: no limit) */
    double threshold_quantile; /* of a category's winning training scores */
    double threshold_factor;   /* min_score = factor * that score */
    int bigrams;
    int runs;            /* training runs in different orders, averaged */
    int64_t min_weight;  /* rounded weights below this (in absolute value) are dropped */
    int average;         /* use the average of the weights over all steps */
} learn_options;

void learn_options_default(learn_options *o);

/* The vocabulary: feature strings (a word, or "w1 w2" / "w1'w2" as the
 * phrase would be written in a rules file), interned. */
typedef struct learn_vocab {
    char **names;
    size_t *counts; /* training tickets holding the feature */
    size_t count, cap;
    uint32_t *table; /* open addressing: index + 1, 0 empty */
    size_t table_size;
} learn_vocab;

typedef struct learn_data {
    learn_vocab vocab;
    char **labels;        /* category names in first-seen order */
    size_t *label_counts;
    size_t nlabels, cap_labels;
    uint32_t *features;   /* the features of every ticket, back to back */
    size_t nfeatures, cap_features;
    size_t *starts;       /* per ticket: first feature; starts[n] = nfeatures */
    uint32_t *label_of;   /* per ticket */
    size_t ntickets, cap_tickets;
    size_t unlabelled;
} learn_data;

void learn_data_init(learn_data *d);
void learn_data_free(learn_data *d);
/* Adds one labelled ticket (its subject and body). 0, or -1 out of memory. */
int learn_data_add(learn_data *d, const triage_ticket *t, const char *label, int bigrams);
/* Drops features seen in fewer than min_count tickets and renumbers the rest
 * in sorted order, so that the result does not depend on hash order. */
/* Whether a feature is a two-word phrase rather than a word. */
int learn_is_phrase(const char *feature);

int learn_data_prune(learn_data *d, int min_count, int min_phrase_count);

typedef struct learn_model {
    size_t nclasses, nfeatures;
    double *w;          /* [feature * nclasses + class] */
    int64_t *iw;        /* rounded weights, same layout */
    int64_t *threshold; /* per class */
    size_t *order;      /* classes in declaration order */
    size_t kept_terms;
    double train_accuracy; /* of the rounded model on the training tickets */
} learn_model;

int learn_train(const learn_data *d, const learn_options *o, batch_progress *progress,
                learn_model *m);
void learn_model_free(learn_model *m);

/* Writes the rules file. source names the training file in the header
 * comment; queue_of maps a category to its queue (NULL: the name). */
int learn_write(FILE *out, const learn_data *d, const learn_model *m, const learn_options *o,
                const char *source, const char *(*queue_of)(const char *category, void *user),
                void *user);

#endif
