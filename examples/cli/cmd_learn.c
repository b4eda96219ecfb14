/* triage learn: writes a rules file whose keyword and phrase weights are
 * learned from labelled tickets (see learn.h for the model). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "label_map.h"
#include "learn.h"

static const char USAGE[] =
    "triage learn --label FIELD [-o OUT] [--map FILE] [--phrases] [--max-terms N]\n"
    "             [model options] [--progress|--no-progress] TICKETS.jsonl";

static void print_help(void) {
    printf("usage: %s\n\n"
           "Learns keyword weights from labelled tickets and writes them as a rules file\n"
           "(one category per label) that a person can read, edit and lint. The model is\n"
           "a multiclass logistic regression over the words of subject and body, trained\n"
           "by SGD in a fixed order: the same input and options give the same file.\n\n"
           "  --label FIELD    ticket field holding the category; rows without it are skipped\n"
           "  -o, --output OUT write the rules there (default: standard output)\n"
           "  --map FILE       two-column TSV (category, queue): sets each category's queue\n"
           "  --phrases        two-word phrases as well as words\n"
           "  --max-terms N    keep the N heaviest terms per category (default: all)\n"
           "  --progress       show progress on stderr (default when it is a terminal)\n\n"
           "model options:\n"
           "  --epochs N             passes over the data (default 30)\n"
           "  --rate X               initial learning rate, divided by 1 + epoch (default 0.5)\n"
           "  --l2 X                 L2 penalty (default 0.002)\n"
           "  --l1 X                 L1 penalty, zeroes weights of little use (default 0.00001)\n"
           "  --no-average           use the last weights instead of their average over all steps\n"
           "  --min-count N          ignore words seen in fewer tickets (default 2)\n"
           "  --min-phrase-count N   the same for phrases (default 2)\n"
           "  --phrase-penalty X     phrases pay X times a word's L1 and L2 penalties (default 1)\n"
           "  --max-weight N         the largest weight after scaling and rounding (default 40)\n"
           "  --min-weight N         drop terms whose rounded weight is below N in absolute\n"
           "                         value (default 1: only zeros)\n"
           "  --runs N               average N runs over differently shuffled data (default 1)\n"
           "  --quantile Q           thresholds: the score reached by all but the share Q of\n"
           "  --threshold-factor F   the training tickets a category wins, times F; at least 1\n"
           "                         (defaults 0.01 and 0.5)\n\n"
           "Exit status: 0 written, 1 some line could not be read, 2 usage or I/O error.\n",
           USAGE);
}

typedef struct learn_ctx {
    learn_data data;
    const char *label_field;
    int bigrams, nomem;
} learn_ctx;

static int learn_one(void *user, const json_t *obj, const json_t *id, const triage_ticket *t) {
    (void)id;
    learn_ctx *c = user;
    char buf[64];
    const char *label = batch_label(obj, c->label_field, buf, sizeof buf);
    if (!label) {
        c->data.unlabelled++;
        return 0;
    }
    if (learn_data_add(&c->data, t, label, c->bigrams) != 0) {
        c->nomem = 1;
        return -1;
    }
    return 0;
}

static const char *map_queue(const char *category, void *user) {
    const char *q = label_map_get(user, category);
    return q == category ? NULL : q;
}

/* A positive integer or non-negative real option. */
static int number_option(const char *text, double min, double max, double *out) {
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= min && v <= max)) return -1;
    *out = v;
    return 0;
}


int cli_learn(int argc, char **argv) {
    learn_options o;
    learn_options_default(&o);
    const char *out_path = NULL, *map_path = NULL, *input = NULL, *value = NULL;
    int progress_opt = -1;
    for (int i = 1; i < argc;) {
        const char *arg = argv[i];
        int m;
        double v;
        if ((m = cli_option_value(argc, argv, &i, "--label", &o.label_field)) ||
            (m = cli_option_value(argc, argv, &i, "--output", &out_path)) ||
            (m = cli_option_value(argc, argv, &i, "-o", &out_path)) ||
            (m = cli_option_value(argc, argv, &i, "--map", &map_path))) {
            if (m < 0) return cli_usage_error("learn", USAGE, "%s needs a value", arg);
            continue;
        }
        if ((m = cli_option_value(argc, argv, &i, "--max-terms", &value)) > 0) {
            if (number_option(value, 0, 1e6, &v)) goto bad_number;
            o.max_terms = (int)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--epochs", &value)) > 0) {
            if (number_option(value, 1, 1000, &v)) goto bad_number;
            o.epochs = (int)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--min-count", &value)) > 0) {
            if (number_option(value, 1, 1e9, &v)) goto bad_number;
            o.min_count = (int)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--min-phrase-count", &value)) > 0) {
            if (number_option(value, 1, 1e9, &v)) goto bad_number;
            o.min_phrase_count = (int)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--max-weight", &value)) > 0) {
            if (number_option(value, 1, 1e5, &v)) goto bad_number;
            o.max_weight = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--l2", &value)) > 0) {
            if (number_option(value, 0, 1, &v)) goto bad_number;
            o.l2 = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--l1", &value)) > 0) {
            if (number_option(value, 0, 1, &v)) goto bad_number;
            o.l1 = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--threshold-factor", &value)) > 0) {
            if (number_option(value, 0, 10, &v)) goto bad_number;
            o.threshold_factor = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--phrase-penalty", &value)) > 0) {
            if (number_option(value, 0, 1000, &v)) goto bad_number;
            o.phrase_penalty = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--runs", &value)) > 0) {
            if (number_option(value, 1, 100, &v)) goto bad_number;
            o.runs = (int)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--min-weight", &value)) > 0) {
            if (number_option(value, 1, 1e5, &v)) goto bad_number;
            o.min_weight = (int64_t)v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--rate", &value)) > 0) {
            if (number_option(value, 1e-6, 100, &v)) goto bad_number;
            o.rate = v;
        } else if (m == 0 && (m = cli_option_value(argc, argv, &i, "--quantile", &value)) > 0) {
            if (number_option(value, 0, 1, &v)) goto bad_number;
            o.threshold_quantile = v;
        }
        if (m < 0) return cli_usage_error("learn", USAGE, "%s needs a value", arg);
        if (m > 0) continue;
        if (strcmp(arg, "--phrases") == 0) o.bigrams = 1;
        else if (strcmp(arg, "--no-average") == 0) o.average = 0;
        else if (batch_progress_option(arg, &progress_opt)) {
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return CLI_EXIT_OK;
        } else if (arg[0] == '-' && arg[1] != '\0')
            return cli_usage_error("learn", USAGE, "unknown option '%s'", arg);
        else if (input)
            return cli_usage_error("learn", USAGE, "one tickets file at a time");
        else
            input = arg;
        i++;
        continue;
    bad_number:
        return cli_usage_error("learn", USAGE, "bad value '%s' for %s", value, arg);
    }
    if (!o.label_field || !*o.label_field)
        return cli_usage_error("learn", USAGE, "--label FIELD is required");
    if (!input) return cli_usage_error("learn", USAGE, "no tickets file (use - for stdin)");

    label_map map;
    label_map_init(&map);
    if (map_path && label_map_load(&map, map_path, "learn") != 0) {
        label_map_free(&map);
        return CLI_EXIT_USAGE;
    }
    learn_ctx c;
    memset(&c, 0, sizeof c);
    learn_data_init(&c.data);
    c.label_field = o.label_field;
    c.bigrams = o.bigrams;
    learn_model model;
    memset(&model, 0, sizeof model);
    int exit_code = CLI_EXIT_USAGE;

    batch_progress progress;
    batch_progress_init(&progress, progress_opt, "tickets", batch_file_size(input));
    batch_stats st = {0, 0};
    int rc = batch_each_ticket("learn", input, &progress, learn_one, &c, &st);
    batch_progress_end(&progress);
    double read_time = batch_progress_elapsed(&progress);
    if (rc != 0 || c.nomem) {
        if (c.nomem) fprintf(stderr, "triage learn: out of memory\n");
        goto done;
    }
    if (c.data.ntickets == 0) {
        fprintf(stderr, "triage learn: %s: no ticket has a \"%s\" label\n", input, o.label_field);
        goto done;
    }
    if (learn_data_prune(&c.data, o.min_count, o.min_phrase_count) != 0) {
        fprintf(stderr, "triage learn: out of memory\n");
        goto done;
    }
    batch_progress_init(&progress, progress_opt, "epochs", (double)o.epochs * o.runs);
    rc = learn_train(&c.data, &o, &progress, &model);
    batch_progress_end(&progress);
    if (rc != 0) {
        fprintf(stderr, "triage learn: out of memory\n");
        goto done;
    }
    FILE *out = out_path ? fopen(out_path, "wb") : stdout;
    if (!out) {
        fprintf(stderr, "triage learn: cannot write %s: %s\n", out_path, strerror(errno));
        goto done;
    }
    rc = learn_write(out, &c.data, &model, &o, strcmp(input, "-") ? input : "<stdin>",
                     map_path ? map_queue : NULL, &map);
    if ((out_path ? fclose(out) : fflush(out)) != 0 || rc != 0) {
        fprintf(stderr, "triage learn: cannot write %s: %s\n", out_path ? out_path : "the rules",
                strerror(errno));
        goto done;
    }
    batch_row rows[] = {{"tickets", (double)(st.lines + st.errors), 0},
                        {"without a label", (double)c.data.unlabelled, 0},
                        {"errors", (double)st.errors, 0},
                        {"categories", (double)model.nclasses, 0},
                        {"features", (double)model.nfeatures, 0},
                        {"terms kept", (double)model.kept_terms, 0},
                        {"training accuracy", model.train_accuracy, 4},
                        {"seconds reading", read_time, 2},
                        {"seconds training", batch_progress_elapsed(&progress), 2}};
    batch_summary(&progress, "learn summary", rows, sizeof rows / sizeof rows[0]);
    exit_code = st.errors ? CLI_EXIT_FAILED : CLI_EXIT_OK;
done:
    learn_model_free(&model);
    learn_data_free(&c.data);
    label_map_free(&map);
    return exit_code;
}
