/* triage eval: how well rules route labelled tickets. Accuracy, macro-F1,
 * per-class precision, recall and support, the most confused pairs and the
 * confusion matrix; rows without a label are counted apart. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "label_map.h"
#include "metrics.h"

static const char USAGE[] =
    "triage eval --rules FILE --label FIELD [--compare category|queue] [--map FILE]\n"
    "            [--json] [--top N] [--matrix] [--progress|--no-progress] TICKETS.jsonl";

#define NO_CATEGORY "(none)"

static void print_help(void) {
    printf("usage: %s\n\n"
           "Routes labelled tickets and scores the decisions against the labels.\n\n"
           "  --rules FILE     rules to evaluate (default: $TRIAGE_RULES, else the bundled example)\n"
           "  --label FIELD    ticket field holding the expected answer (dots reach nested\n"
           "                   fields); rows where it is missing, null or \"\" are counted\n"
           "                   apart and not scored\n"
           "  --compare WHAT   compare the label with the decided category (a ticket with no\n"
           "                   winning category counts as \"" NO_CATEGORY "\") or with the queue;\n"
           "                   default: queue when FIELD is label_queue, else category\n"
           "  --map FILE       map each label through a two-column TSV file (label, mapped\n"
           "                   label) first, e.g. intents to queues; unmapped labels are kept\n"
           "  --top N          most confused pairs to list (default 10)\n"
           "  --matrix         print the confusion matrix even when there are over 20 classes\n"
           "  --json           print the results as one JSON object\n"
           "  --progress       show a progress bar on stderr (default when it is a terminal)\n\n"
           "Macro-F1 averages F1 over the classes that occur as labels; precision and\n"
           "recall follow scikit-learn (0 for a class never decided or never labelled).\n"
           "Exit status: 0 done, 1 some line could not be read, 2 usage, rules or I/O error.\n",
           USAGE);
}

typedef struct eval_ctx {
    const triage_ruleset *rs;
    triage_scratch *scratch;
    triage_decision *decision;
    const char *label_field;
    const label_map *map;
    int by_queue;
    size_t unlabelled, route_errors;
    metrics m;
    int nomem;
} eval_ctx;

static int eval_one(void *user, const json_t *obj, const json_t *id, const triage_ticket *t) {
    eval_ctx *c = user;
    char buf[64], idbuf[64];
    const char *label = batch_label(obj, c->label_field, buf, sizeof buf);
    if (!label) {
        c->unlabelled++;
        return 0;
    }
    if (c->map) label = label_map_get(c->map, label);
    int rc = triage_route(c->rs, c->scratch, t, 0, c->decision);
    if (rc != TRIAGE_OK) {
        fprintf(stderr, "triage eval: ticket %s: routing failed: %s\n",
                batch_id_text(id, idbuf, sizeof idbuf), triage_strerror(rc));
        c->route_errors++;
        return 0;
    }
    const char *got = c->by_queue ? triage_decision_queue(c->decision)
                                  : triage_decision_category(c->decision);
    if (!got) got = NO_CATEGORY;
    if (metrics_add(&c->m, label, got) != 0) {
        c->nomem = 1;
        return -1;
    }
    return 0;
}

static void print_matrix(const metrics *m, FILE *out) {
    size_t n = m->nclasses, width = 5;
    for (size_t i = 0; i < n; i++)
        if (strlen(m->classes[i].name) > width) width = strlen(m->classes[i].name);
    fprintf(out, "\nconfusion matrix (rows: label, columns: decided, in the order above):\n");
    for (size_t l = 0; l < n; l++) {
        fprintf(out, "  %-*s", (int)width, m->classes[l].name);
        for (size_t p = 0; p < n; p++) fprintf(out, " %4zu", m->matrix[l * n + p]);
        fputc('\n', out);
    }
}

static void print_text(const eval_ctx *c, const char *rules, const batch_stats *st, size_t top,
                       int matrix, FILE *out) {
    const metrics *m = &c->m;
    size_t width = 5;
    for (size_t i = 0; i < m->nclasses; i++)
        if (strlen(m->classes[i].name) > width) width = strlen(m->classes[i].name);
    fprintf(out, "rules       %s\n", rules);
    fprintf(out, "label       %s%s, compared with the %s\n", c->label_field,
            c->map ? " (mapped)" : "", c->by_queue ? "queue" : "category");
    fprintf(out, "tickets     %zu: %zu scored, %zu without a label, %zu errors\n",
            st->lines + st->errors, m->total, c->unlabelled, st->errors + c->route_errors);
    fprintf(out, "accuracy    %.4f (%zu/%zu)\n", m->accuracy, m->correct, m->total);
    fprintf(out, "macro-F1    %.4f (over %zu labelled classes)\n\n", m->macro_f1,
            m->labelled_classes);
    fprintf(out, "  %-*s %9s %9s %9s %8s\n", (int)width, "class", "precision", "recall", "f1",
            "support");
    for (size_t i = 0; i < m->nclasses; i++) {
        const metrics_class *k = &m->classes[i];
        fprintf(out, "  %-*s %9.4f %9.4f %9.4f %8zu\n", (int)width, k->name, k->precision,
                k->recall, k->f1, k->support);
    }
    size_t shown = top < m->nconfused ? top : m->nconfused;
    fprintf(out, "\nmost confused (label -> decided):%s\n", shown ? "" : " none");
    for (size_t i = 0; i < shown; i++) {
        const metrics_pair *p = &m->confused[i];
        fprintf(out, "  %5zu  %s -> %s\n", p->count, m->classes[p->label].name,
                m->classes[p->predicted].name);
    }
    if (matrix || m->nclasses <= 20) print_matrix(m, out);
    else fprintf(out, "\n(confusion matrix of %zu classes: use --matrix or --json)\n", m->nclasses);
}

static int put(json_t *o, const char *key, json_t *v) {
    return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

/* Rounded so that the JSON does not depend on the last bits of a double. */
static json_t *real4(double v) { return json_real((double)(long long)(v * 10000 + 0.5) / 10000); }

static json_t *results_json(const eval_ctx *c, const char *rules, const batch_stats *st) {
    const metrics *m = &c->m;
    json_t *o = json_object(), *classes = json_array(), *confused = json_array(),
           *names = json_array(), *rows = json_array();
    int bad = !o || put(o, "rules", json_string(rules)) ||
              put(o, "label", json_string(c->label_field)) ||
              put(o, "mapped", json_boolean(c->map != NULL)) ||
              put(o, "compare", json_string(c->by_queue ? "queue" : "category")) ||
              put(o, "tickets", json_integer((json_int_t)(st->lines + st->errors))) ||
              put(o, "scored", json_integer((json_int_t)m->total)) ||
              put(o, "unlabelled", json_integer((json_int_t)c->unlabelled)) ||
              put(o, "errors", json_integer((json_int_t)(st->errors + c->route_errors))) ||
              put(o, "correct", json_integer((json_int_t)m->correct)) ||
              put(o, "accuracy", real4(m->accuracy)) || put(o, "macro_f1", real4(m->macro_f1)) ||
              put(o, "labelled_classes", json_integer((json_int_t)m->labelled_classes)) ||
              put(o, "classes", classes) || put(o, "confused", confused);
    json_t *matrix = json_object();
    bad = bad || put(o, "matrix", matrix) || put(matrix, "classes", names) ||
          put(matrix, "rows", rows);
    for (size_t i = 0; !bad && i < m->nclasses; i++) {
        const metrics_class *k = &m->classes[i];
        json_t *kj = json_object(), *row = json_array();
        bad = !kj || json_array_append_new(classes, kj) || put(kj, "name", json_string(k->name)) ||
              put(kj, "precision", real4(k->precision)) || put(kj, "recall", real4(k->recall)) ||
              put(kj, "f1", real4(k->f1)) ||
              put(kj, "support", json_integer((json_int_t)k->support)) ||
              put(kj, "decided", json_integer((json_int_t)k->predicted)) ||
              json_array_append_new(names, json_string(k->name)) || !row ||
              json_array_append_new(rows, row);
        for (size_t p = 0; !bad && p < m->nclasses; p++)
            bad = json_array_append_new(row, json_integer((json_int_t)m->matrix[i * m->nclasses + p]));
    }
    for (size_t i = 0; !bad && i < m->nconfused; i++) {
        const metrics_pair *p = &m->confused[i];
        json_t *pj = json_object();
        bad = !pj || json_array_append_new(confused, pj) ||
              put(pj, "label", json_string(m->classes[p->label].name)) ||
              put(pj, "decided", json_string(m->classes[p->predicted].name)) ||
              put(pj, "count", json_integer((json_int_t)p->count));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}


int cli_eval(int argc, char **argv) {
    const char *rules_opt = NULL, *compare = NULL, *map_path = NULL, *top_opt = NULL,
               *input = NULL;
    eval_ctx c;
    memset(&c, 0, sizeof c);
    int json = 0, matrix = 0, progress_opt = -1;
    for (int i = 1; i < argc;) {
        const char *arg = argv[i];
        int m;
        if ((m = cli_option_value(argc, argv, &i, "--rules", &rules_opt)) ||
            (m = cli_option_value(argc, argv, &i, "--label", &c.label_field)) ||
            (m = cli_option_value(argc, argv, &i, "--compare", &compare)) ||
            (m = cli_option_value(argc, argv, &i, "--map", &map_path)) ||
            (m = cli_option_value(argc, argv, &i, "--top", &top_opt))) {
            if (m < 0) return cli_usage_error("eval", USAGE, "%s needs a value", arg);
            continue;
        }
        if (strcmp(arg, "--json") == 0) json = 1;
        else if (strcmp(arg, "--matrix") == 0) matrix = 1;
        else if (batch_progress_option(arg, &progress_opt)) {
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return CLI_EXIT_OK;
        } else if (arg[0] == '-' && arg[1] != '\0')
            return cli_usage_error("eval", USAGE, "unknown option '%s'", arg);
        else if (input)
            return cli_usage_error("eval", USAGE, "one tickets file at a time");
        else
            input = arg;
        i++;
    }
    if (!c.label_field || !*c.label_field)
        return cli_usage_error("eval", USAGE, "--label FIELD is required");
    if (!input) return cli_usage_error("eval", USAGE, "no tickets file (use - for stdin)");
    if (compare && strcmp(compare, "category") != 0 && strcmp(compare, "queue") != 0)
        return cli_usage_error("eval", USAGE, "--compare must be category or queue");
    c.by_queue = compare ? strcmp(compare, "queue") == 0 : strcmp(c.label_field, "label_queue") == 0;
    size_t top = 10;
    if (top_opt) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(top_opt, &end, 10);
        if (errno || end == top_opt || *end || top_opt[0] == '-')
            return cli_usage_error("eval", USAGE, "--top needs a number");
        top = (size_t)v;
    }
    label_map map;
    label_map_init(&map);
    if (map_path) {
        if (label_map_load(&map, map_path, "eval") != 0) {
            label_map_free(&map);
            return CLI_EXIT_USAGE;
        }
        c.map = &map;
    }
    const char *rules = cli_rules_path(rules_opt);
    triage_ruleset *rs = cli_load_ruleset(rules, stderr);
    int exit_code = CLI_EXIT_USAGE;
    if (!rs) goto done_map;
    c.rs = rs;
    c.scratch = triage_scratch_create(rs);
    c.decision = triage_decision_create(rs);
    metrics_init(&c.m);
    if (!c.scratch || !c.decision) {
        fprintf(stderr, "triage eval: out of memory\n");
        goto done;
    }
    batch_progress progress;
    batch_progress_init(&progress, progress_opt, "tickets", batch_file_size(input));
    batch_stats st = {0, 0};
    int rc = batch_each_ticket("eval", input, &progress, eval_one, &c, &st);
    batch_progress_end(&progress);
    if (rc != 0 || c.nomem || metrics_finish(&c.m) != 0) {
        if (c.nomem || rc == 0) fprintf(stderr, "triage eval: out of memory\n");
        goto done;
    }
    if (json) {
        json_t *o = results_json(&c, rules, &st);
        /* Ten significant digits print the 4-decimal figures exactly. */
        if (!o || json_dumpf(o, stdout, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10)) != 0 ||
            putchar('\n') == EOF) {
            fprintf(stderr, "triage eval: cannot write the results\n");
            json_decref(o);
            goto done;
        }
        json_decref(o);
    } else {
        print_text(&c, rules, &st, top, matrix, stdout);
    }
    double secs = batch_progress_elapsed(&progress);
    batch_row rows[] = {{"tickets", (double)(st.lines + st.errors), 0},
                        {"scored", (double)c.m.total, 0},
                        {"without a label", (double)c.unlabelled, 0},
                        {"errors", (double)(st.errors + c.route_errors), 0},
                        {"accuracy", c.m.accuracy, 4},
                        {"seconds", secs, 2},
                        {"tickets per second", secs > 0 ? (double)st.lines / secs : 0, 0}};
    batch_summary(&progress, "eval summary", rows, sizeof rows / sizeof rows[0]);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "triage eval: cannot write: %s\n", strerror(errno));
        goto done;
    }
    exit_code = st.errors || c.route_errors ? CLI_EXIT_FAILED : CLI_EXIT_OK;
done:
    metrics_free(&c.m);
    triage_decision_free(c.decision);
    triage_scratch_free(c.scratch);
    triage_ruleset_free(rs);
done_map:
    label_map_free(&map);
    return exit_code;
}
