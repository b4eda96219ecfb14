/* Writes what triage learn learned as an ordinary, readable rules file. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "learn.h"

/* Words YAML 1.1 would read as booleans or null when left unquoted. */
static int yaml_reserved(const char *s) {
    static const char *const words[] = {"y", "n", "yes", "no", "on", "off", "true", "false",
                                        "null"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i]) == 0) return 1;
    return 0;
}

/* A plain scalar when that is safe ([a-z][a-z0-9_]*), else double-quoted. */
static void put_scalar(FILE *out, const char *s) {
    int plain = *s >= 'a' && *s <= 'z' && !yaml_reserved(s);
    for (const char *p = s; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

typedef struct term {
    const char *text;
    int64_t weight;
} term;

/* Heaviest first, negative weights last; ties by text. */
static int by_weight(const void *a, const void *b) {
    const term *x = a, *y = b;
    if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
    return strcmp(x->text, y->text);
}

int learn_write(FILE *out, const learn_data *d, const learn_model *m, const learn_options *o,
                const char *source, const char *(*queue_of)(const char *category, void *user),
                void *user) {
    size_t nc = m->nclasses, nf = m->nfeatures;
    term *terms = malloc((nf ? nf : 1) * sizeof *terms);
    if (!terms) return -1;
    fprintf(out,
            "# Learned by `triage learn --label %s` from %s:\n"
            "# %zu labelled tickets, %zu categories, %zu %s seen in at least %d tickets.\n"
            "# Model: multiclass logistic regression over the %s of subject\n"
            "# and body (present or not, as keywords count), no intercepts,\n"
            "# L2 %g, L1 %g, %d epochs of SGD in a fixed order%s.\n"
            "# Weights are scaled so that the largest is %g, then rounded",
            o->label_field, source, d->ntickets, nc, nf,
            o->bigrams ? "words and phrases" : "words", o->min_count,
            o->bigrams ? "words and two-word phrases" : "words", o->l2, o->l1, o->epochs,
            o->average ? ", weights averaged over the steps" : "", o->max_weight);
    if (o->runs > 1) fprintf(out, " (the mean of %d runs in different orders)", o->runs);
    if (o->min_weight > 1) fprintf(out, "; |weights| under %lld dropped", (long long)o->min_weight);
    if (o->max_terms > 0) fprintf(out, "; at most %d terms per category", o->max_terms);
    fprintf(out,
            ".\n# A category's min_score is %g times the score that all but %g%% of the\n"
            "# training tickets it wins reach (at least 1). Categories are in order of\n"
            "# frequency, so ties go to the more common one. Edit freely: this is an\n"
            "# ordinary rules file.\n",
            o->threshold_factor, o->threshold_quantile * 100);
    fputs("triage: 1\nname: learned\noptions:\n  default_queue: unrouted\n  min_score: 1\n"
          "categories:\n",
          out);
    for (size_t k = 0; k < nc; k++) {
        size_t c = m->order[k], n = 0;
        for (size_t f = 0; f < nf; f++)
            if (m->iw[f * nc + c]) terms[n++] = (term){d->vocab.names[f], m->iw[f * nc + c]};
        if (n > 1) qsort(terms, n, sizeof *terms, by_weight);
        fputs("  - name: ", out);
        put_scalar(out, d->labels[c]);
        const char *queue = queue_of ? queue_of(d->labels[c], user) : NULL;
        if (queue) {
            fputs("\n    queue: ", out);
            put_scalar(out, queue);
        }
        fprintf(out, "\n    min_score: %" PRId64 "\n    keywords:%s\n", m->threshold[c],
                n ? "" : " {}");
        for (size_t i = 0; i < n; i++) {
            fputs("      ", out);
            put_scalar(out, terms[i].text);
            fprintf(out, ": %" PRId64 "\n", terms[i].weight);
        }
    }
    free(terms);
    return ferror(out) ? -1 : 0;
}
