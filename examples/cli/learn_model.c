/* Training for triage learn: multiclass logistic regression over binary
 * features, no intercepts, L2 penalty, SGD in a fixed pseudo-random order;
 * then integer weights, pruning and per-category thresholds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "learn.h"

/* xorshift64*: a fixed seed makes every run shuffle alike. */
static uint64_t next_random(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* The state of training. */
typedef struct trainer {
    const learn_data *d;
    const learn_options *o;
    size_t nc;
    double *w;   /* [feature * nc + class] */
    double *sum; /* step * change, summed, for averaging (Daume's trick: the
                    average of w over all steps is w - sum / steps) */
    double *l1_given; /* per weight: L1 penalty applied so far */
    double *penalty;  /* per feature: factor of the penalties (phrases pay more) */
    double l1_total;  /* L1 penalty each weight could have had so far */
    double *p;        /* per class: gradient of the loss by the scores */
    double step;
} trainer;

static void change(trainer *tr, size_t i, double delta) {
    tr->w[i] += delta;
    tr->sum[i] += tr->step * delta;
}

/* Cumulative L1 penalty (Tsuruoka, Tsujii and Ananiadou 2009): a weight
 * moves towards zero by the penalty it has missed, never across zero, so
 * that words of little use end at exactly zero. */
static void apply_l1(trainer *tr, size_t i, double factor) {
    double w = tr->w[i], z = w, total = factor * tr->l1_total;
    if (w > 0) z = fmax(0, w - (total + tr->l1_given[i]));
    else if (w < 0) z = fmin(0, w + (total - tr->l1_given[i]));
    tr->l1_given[i] += z - w;
    change(tr, i, z - w);
}

/* One SGD step on ticket t, touching only the ticket's features: the L2
 * penalty too shrinks only the weights in use, so a frequent word is held
 * back more than a rare one (much as inverse document frequency would). */
static void sgd_step(trainer *tr, size_t t, double rate) {
    const learn_data *d = tr->d;
    size_t nc = tr->nc, y = d->label_of[t];
    size_t nf = d->starts[t + 1] - d->starts[t];
    const uint32_t *fs = nf ? d->features + d->starts[t] : NULL;
    double *p = tr->p;
    for (size_t c = 0; c < nc; c++) p[c] = 0;
    for (size_t i = 0; i < nf; i++)
        for (size_t c = 0; c < nc; c++) p[c] += tr->w[(size_t)fs[i] * nc + c];
    double max = p[0], total = 0;
    for (size_t c = 1; c < nc; c++)
        if (p[c] > max) max = p[c];
    for (size_t c = 0; c < nc; c++) total += (p[c] = exp(p[c] - max));
    for (size_t c = 0; c < nc; c++) p[c] /= total;
    p[y] -= 1.0; /* softmax minus the one-hot label */
    tr->l1_total += rate * tr->o->l1;
    for (size_t i = 0; i < nf; i++) {
        size_t base = (size_t)fs[i] * nc;
        double factor = tr->penalty[fs[i]], l2 = factor * tr->o->l2;
        for (size_t c = 0; c < nc; c++) {
            change(tr, base + c, -rate * (p[c] + l2 * tr->w[base + c]));
            if (tr->o->l1 > 0) apply_l1(tr, base + c, factor);
        }
    }
}

/* The category the rules engine would pick: the highest score at or above
 * its threshold, ties to the first declared; -1 for none. */
static long engine_winner(const learn_model *m, const int64_t *scores) {
    long best = -1;
    for (size_t k = 0; k < m->nclasses; k++) {
        size_t c = m->order[k];
        if (scores[c] < m->threshold[c]) continue;
        if (best < 0 || scores[c] > scores[best]) best = (long)c;
    }
    return best;
}

static void ticket_scores(const learn_data *d, const learn_model *m, size_t t, int64_t *s) {
    size_t nc = m->nclasses;
    for (size_t c = 0; c < nc; c++) s[c] = 0;
    for (size_t i = d->starts[t]; i < d->starts[t + 1]; i++)
        for (size_t c = 0; c < nc; c++) s[c] += m->iw[(size_t)d->features[i] * nc + c];
}

static const learn_data *order_data;
static int by_frequency(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (order_data->label_counts[x] != order_data->label_counts[y])
        return order_data->label_counts[x] > order_data->label_counts[y] ? -1 : 1;
    return strcmp(order_data->labels[x], order_data->labels[y]);
}

static int by_value(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int by_magnitude_desc(const void *a, const void *b) {
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return x > y ? -1 : x < y;
}

/* Keeps the max_terms heaviest weights of each class (ties all kept). */
static int prune(learn_model *m, int max_terms) {
    size_t nc = m->nclasses, nf = m->nfeatures;
    double *col = malloc((nf ? nf : 1) * sizeof *col);
    if (!col) return -1;
    for (size_t c = 0; c < nc; c++) {
        size_t n = 0;
        for (size_t f = 0; f < nf; f++)
            if (m->iw[f * nc + c]) col[n++] = (double)m->iw[f * nc + c];
        if (max_terms <= 0 || n <= (size_t)max_terms) continue;
        qsort(col, n, sizeof *col, by_magnitude_desc);
        double cut = fabs(col[max_terms - 1]);
        for (size_t f = 0; f < nf; f++)
            if (fabs((double)m->iw[f * nc + c]) < cut) m->iw[f * nc + c] = 0;
    }
    free(col);
    return 0;
}

/* Each category's threshold: a fraction (factor) of the score that all but
 * a small share (quantile) of the training tickets it wins rightly reach;
 * at least 1. The fraction allows for new tickets scoring lower than the
 * tickets the weights were fitted to. */
static int set_thresholds(const learn_data *d, learn_model *m, double quantile, double factor) {
    size_t nc = m->nclasses, n = d->ntickets;
    int64_t *scores = malloc(nc * sizeof *scores);
    int64_t *won = malloc((n ? n : 1) * sizeof *won);
    int64_t *chosen = malloc(nc * sizeof *chosen);
    if (!scores || !won || !chosen) {
        free(scores);
        free(won);
        free(chosen);
        return -1;
    }
    /* Winners are found without thresholds, then all are set at once. */
    for (size_t c = 0; c < nc; c++) m->threshold[c] = INT64_MIN;
    for (size_t c = 0; c < nc; c++) {
        size_t k = 0;
        for (size_t t = 0; t < n; t++) {
            if (d->label_of[t] != c) continue;
            ticket_scores(d, m, t, scores);
            if (engine_winner(m, scores) == (long)c) won[k++] = scores[c];
        }
        int64_t th = 1;
        if (k) {
            qsort(won, k, sizeof *won, by_value);
            th = (int64_t)floor(factor * (double)won[(size_t)(quantile * (double)(k - 1))]);
        }
        chosen[c] = th < 1 ? 1 : th;
    }
    memcpy(m->threshold, chosen, nc * sizeof *chosen);
    free(chosen);
    size_t right = 0;
    for (size_t t = 0; t < n; t++) {
        ticket_scores(d, m, t, scores);
        right += engine_winner(m, scores) == (long)d->label_of[t];
    }
    m->train_accuracy = n ? (double)right / (double)n : 0;
    free(scores);
    free(won);
    return 0;
}

/* One training run from zero weights, shuffling with its own seed; adds
 * the run's weights (averaged over its steps when asked) to total. */
static void train_run(trainer *tr, size_t *perm, uint64_t seed, double *total,
                      batch_progress *progress, int done_epochs) {
    const learn_data *d = tr->d;
    const learn_options *o = tr->o;
    size_t n = d->ntickets, nw = d->vocab.count * tr->nc;
    memset(tr->w, 0, (nw ? nw : 1) * sizeof *tr->w);
    memset(tr->sum, 0, (nw ? nw : 1) * sizeof *tr->sum);
    memset(tr->l1_given, 0, (nw ? nw : 1) * sizeof *tr->l1_given);
    tr->l1_total = 0;
    tr->step = 0;
    for (size_t t = 0; t < n; t++) perm[t] = t;
    uint64_t state = seed;
    for (int epoch = 0; epoch < o->epochs; epoch++) {
        for (size_t t = n - 1; t > 0; t--) { /* Fisher-Yates */
            size_t j = (size_t)(next_random(&state) % (t + 1)), tmp = perm[t];
            perm[t] = perm[j];
            perm[j] = tmp;
        }
        double rate = o->rate / (1.0 + epoch);
        for (size_t t = 0; t < n; t++) {
            tr->step += 1;
            sgd_step(tr, perm[t], rate);
        }
        if (progress)
            batch_progress_update(progress, done_epochs + epoch + 1,
                                  (size_t)(done_epochs + epoch + 1));
    }
    for (size_t i = 0; i < nw; i++)
        total[i] += o->average ? tr->w[i] - tr->sum[i] / tr->step : tr->w[i];
}

int learn_train(const learn_data *d, const learn_options *o, batch_progress *progress,
                learn_model *m) {
    memset(m, 0, sizeof *m);
    size_t nc = m->nclasses = d->nlabels, nf = m->nfeatures = d->vocab.count, n = d->ntickets;
    if (!nc || !n) return -1;
    size_t nw = nf ? nf * nc : 1;
    trainer tr = {d, o, nc, NULL, NULL, NULL, NULL, 0, NULL, 0};
    m->w = calloc(nw, sizeof *m->w);
    m->iw = calloc(nw, sizeof *m->iw);
    m->threshold = calloc(nc, sizeof *m->threshold);
    m->order = calloc(nc, sizeof *m->order);
    tr.w = calloc(nw, sizeof *tr.w);
    tr.sum = calloc(nw, sizeof *tr.sum);
    tr.l1_given = calloc(nw, sizeof *tr.l1_given);
    tr.penalty = malloc((nf ? nf : 1) * sizeof *tr.penalty);
    tr.p = malloc(nc * sizeof *tr.p);
    size_t *perm = malloc(n * sizeof *perm);
    int rc = -1;
    if (!m->w || !m->iw || !m->threshold || !m->order || !tr.w || !tr.sum || !tr.l1_given ||
        !tr.penalty || !tr.p || !perm)
        goto done;
    for (size_t f = 0; f < nf; f++)
        tr.penalty[f] = learn_is_phrase(d->vocab.names[f]) ? o->phrase_penalty : 1.0;
    /* Several runs in different orders, averaged: less depends on one order. */
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int run = 0; run < o->runs; run++) {
        train_run(&tr, perm, seed, m->w, progress, run * o->epochs);
        seed = next_random(&seed) | 1;
    }
    for (size_t i = 0; i < nf * nc; i++) m->w[i] /= o->runs;
    double max = 0;
    for (size_t i = 0; i < nf * nc; i++)
        if (fabs(m->w[i]) > max) max = fabs(m->w[i]);
    double scale = max > 0 ? o->max_weight / max : 1;
    for (size_t i = 0; i < nf * nc; i++) {
        m->iw[i] = (int64_t)llround(m->w[i] * scale);
        if (llabs(m->iw[i]) < o->min_weight) m->iw[i] = 0;
    }
    if (prune(m, o->max_terms) != 0) goto done;
    for (size_t c = 0; c < nc; c++) m->order[c] = c;
    order_data = d; /* the CLI is single-threaded */
    qsort(m->order, nc, sizeof *m->order, by_frequency);
    m->kept_terms = 0;
    for (size_t i = 0; i < nf * nc; i++) m->kept_terms += m->iw[i] != 0;
    rc = set_thresholds(d, m, o->threshold_quantile, o->threshold_factor);
done:
    free(tr.w);
    free(tr.sum);
    free(tr.l1_given);
    free(tr.penalty);
    free(tr.p);
    free(perm);
    if (rc != 0) learn_model_free(m);
    return rc;
}

void learn_model_free(learn_model *m) {
    free(m->w);
    free(m->iw);
    free(m->threshold);
    free(m->order);
    memset(m, 0, sizeof *m);
}
