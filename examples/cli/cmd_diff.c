/* triage diff: what a change of rules would do. Routes every ticket with the
 * old and the new rules and reports how many decisions change, from what to
 * what (category, queue, priority, tier, tags, SLA policy), with example
 * ticket ids. Exit status 1 when anything changed, so that it can guard a
 * pull request of rule changes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

static const char USAGE[] = "triage diff --rules OLD --against NEW [--json] [--examples N]\n"
                            "            [--progress|--no-progress] TICKETS.jsonl";

static void print_help(void) {
    printf("usage: %s\n\n"
           "Routes each ticket with the OLD and the NEW rules and reports the decisions\n"
           "that change: per field (category, queue, priority, tier, tags, sla), each\n"
           "change from one value to another with its count and example ticket ids.\n\n"
           "  --rules OLD     the rules in force\n"
           "  --against NEW   the rules proposed\n"
           "  --examples N    example ids per change (default 3)\n"
           "  --json          print the report as one JSON object\n"
           "  --progress      show a progress bar on stderr (default when it is a terminal)\n\n"
           "Exit status: 0 no decision changed, 1 some decision changed, 2 usage, rules,\n"
           "I/O or input errors (a line that cannot be read as a ticket).\n",
           USAGE);
}

#define NFIELDS 6
static const unsigned field_bits[NFIELDS] = {TRIAGE_DIFF_CATEGORY, TRIAGE_DIFF_QUEUE,
                                             TRIAGE_DIFF_PRIORITY, TRIAGE_DIFF_TIER,
                                             TRIAGE_DIFF_TAGS,     TRIAGE_DIFF_SLA};

typedef struct transition {
    int field;
    char *from, *to;
    size_t count;
    char **examples;
    size_t nexamples;
} transition;

typedef struct diff_ctx {
    triage_ruleset *old_rs, *new_rs;
    triage_scratch *old_s, *new_s;
    triage_decision *old_d, *new_d;
    size_t compared, changed, route_errors, field_changes[NFIELDS], max_examples;
    transition *items;
    size_t count, cap;
    int nomem;
} diff_ctx;

static int by_text(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A field of a decision as text: "(none)" for no category, "-" for no SLA
 * or no tags, tags sorted and joined by ",". Returns buf or a static text. */
static const char *field_text(const triage_decision *d, int field, char *buf, size_t cap) {
    const char *s;
    switch (field_bits[field]) {
    case TRIAGE_DIFF_CATEGORY: return (s = triage_decision_category(d)) ? s : "(none)";
    case TRIAGE_DIFF_QUEUE: return (s = triage_decision_queue(d)) ? s : "-";
    case TRIAGE_DIFF_PRIORITY: return triage_priority_name(triage_decision_priority(d));
    case TRIAGE_DIFF_TIER: snprintf(buf, cap, "%d", triage_decision_tier(d)); return buf;
    case TRIAGE_DIFF_SLA: return (s = triage_decision_sla(d)) ? s : "-";
    default: break;
    }
    size_t n = triage_decision_tag_count(d), len = 0;
    if (n == 0) return "-";
    const char **tags = malloc(n * sizeof *tags);
    if (!tags) return "?";
    for (size_t i = 0; i < n; i++) tags[i] = triage_decision_tag(d, i);
    qsort(tags, n, sizeof *tags, by_text);
    buf[0] = '\0';
    for (size_t i = 0; i < n && len + 1 < cap; i++) {
        int w = snprintf(buf + len, cap - len, "%s%s", i ? "," : "", tags[i]);
        if (w < 0) break;
        len += (size_t)w;
    }
    free(tags);
    return buf;
}

static int record(diff_ctx *c, int field, const char *from, const char *to, const char *id) {
    transition *t = NULL;
    for (size_t i = 0; i < c->count && !t; i++)
        if (c->items[i].field == field && strcmp(c->items[i].from, from) == 0 &&
            strcmp(c->items[i].to, to) == 0)
            t = &c->items[i];
    if (!t) {
        if (c->count == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 32;
            transition *p = realloc(c->items, cap * sizeof *p);
            if (!p) return -1;
            c->items = p;
            c->cap = cap;
        }
        t = &c->items[c->count];
        memset(t, 0, sizeof *t);
        t->field = field;
        t->from = strdup(from);
        t->to = strdup(to);
        t->examples = calloc(c->max_examples ? c->max_examples : 1, sizeof *t->examples);
        c->count++;
        if (!t->from || !t->to || !t->examples) return -1;
    }
    t->count++;
    if (t->nexamples < c->max_examples && !(t->examples[t->nexamples++] = strdup(id))) return -1;
    return 0;
}

static int diff_one(void *user, const json_t *obj, const json_t *id, const triage_ticket *t) {
    (void)obj;
    diff_ctx *c = user;
    char idbuf[64], a[1024], b[1024];
    const char *id_text = batch_id_text(id, idbuf, sizeof idbuf);
    int rc = triage_route(c->old_rs, c->old_s, t, 0, c->old_d);
    if (rc == TRIAGE_OK) rc = triage_route(c->new_rs, c->new_s, t, 0, c->new_d);
    if (rc != TRIAGE_OK) {
        fprintf(stderr, "triage diff: ticket %s: routing failed: %s\n", id_text,
                triage_strerror(rc));
        c->route_errors++;
        return 0;
    }
    unsigned differences = 0;
    triage_decision_compare(c->old_d, c->new_d, &differences);
    c->compared++;
    if (!differences) return 0;
    c->changed++;
    for (int f = 0; f < NFIELDS; f++) {
        if (!(differences & field_bits[f])) continue;
        c->field_changes[f]++;
        if (record(c, f, field_text(c->old_d, f, a, sizeof a), field_text(c->new_d, f, b, sizeof b),
                   id_text) != 0) {
            c->nomem = 1;
            return -1;
        }
    }
    return 0;
}

/* By field, then most frequent first, then by text. */
static int by_field_count(const void *pa, const void *pb) {
    const transition *a = pa, *b = pb;
    if (a->field != b->field) return a->field - b->field;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    int k = strcmp(a->from, b->from);
    return k ? k : strcmp(a->to, b->to);
}

static void print_text(const diff_ctx *c, const char *old_path, const char *new_path,
                       const batch_stats *st) {
    printf("old rules   %s\nnew rules   %s\n", old_path, new_path);
    printf("tickets     %zu compared, %zu changed (%.2f%%), %zu errors\n", c->compared, c->changed,
           c->compared ? 100.0 * (double)c->changed / (double)c->compared : 0.0,
           st->errors + c->route_errors);
    size_t i = 0;
    for (int f = 0; f < NFIELDS; f++) {
        const char *name = triage_diff_name(field_bits[f]);
        if (!c->field_changes[f]) {
            printf("%-9s   unchanged\n", name);
            continue;
        }
        printf("%-9s   %zu changed\n", name, c->field_changes[f]);
        for (; i < c->count && c->items[i].field == f; i++) {
            const transition *t = &c->items[i];
            printf("  %6zu  %s -> %s  (", t->count, t->from, t->to);
            for (size_t k = 0; k < t->nexamples; k++) printf("%s%s", k ? ", " : "", t->examples[k]);
            printf("%s)\n", t->count > t->nexamples ? ", ..." : "");
        }
    }
}

static int put(json_t *o, const char *key, json_t *v) {
    return v && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

static json_t *report_json(const diff_ctx *c, const char *old_path, const char *new_path,
                           const batch_stats *st) {
    json_t *o = json_object(), *fields = json_object();
    int bad = !o || put(o, "old", json_string(old_path)) || put(o, "new", json_string(new_path)) ||
              put(o, "compared", json_integer((json_int_t)c->compared)) ||
              put(o, "changed", json_integer((json_int_t)c->changed)) ||
              put(o, "errors", json_integer((json_int_t)(st->errors + c->route_errors))) ||
              put(o, "fields", fields);
    size_t i = 0;
    for (int f = 0; !bad && f < NFIELDS; f++) {
        json_t *fo = json_object(), *list = json_array();
        bad = !fo || put(fields, triage_diff_name(field_bits[f]), fo) ||
              put(fo, "changed", json_integer((json_int_t)c->field_changes[f])) ||
              put(fo, "changes", list);
        for (; !bad && i < c->count && c->items[i].field == f; i++) {
            const transition *t = &c->items[i];
            json_t *to = json_object(), *ex = json_array();
            bad = !to || json_array_append_new(list, to) || put(to, "from", json_string(t->from)) ||
                  put(to, "to", json_string(t->to)) ||
                  put(to, "count", json_integer((json_int_t)t->count)) || put(to, "examples", ex);
            for (size_t k = 0; !bad && k < t->nexamples; k++)
                bad = json_array_append_new(ex, json_string(t->examples[k]));
        }
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}


static void free_ctx(diff_ctx *c) {
    for (size_t i = 0; i < c->count; i++) {
        free(c->items[i].from);
        free(c->items[i].to);
        for (size_t k = 0; k < c->items[i].nexamples; k++) free(c->items[i].examples[k]);
        free(c->items[i].examples);
    }
    free(c->items);
    triage_decision_free(c->old_d);
    triage_decision_free(c->new_d);
    triage_scratch_free(c->old_s);
    triage_scratch_free(c->new_s);
    triage_ruleset_free(c->old_rs);
    triage_ruleset_free(c->new_rs);
}

int cli_diff(int argc, char **argv) {
    const char *old_path = NULL, *new_path = NULL, *examples = NULL, *input = NULL;
    int json = 0, progress_opt = -1;
    diff_ctx c;
    memset(&c, 0, sizeof c);
    c.max_examples = 3;
    for (int i = 1; i < argc;) {
        const char *arg = argv[i];
        int m;
        if ((m = cli_option_value(argc, argv, &i, "--rules", &old_path)) ||
            (m = cli_option_value(argc, argv, &i, "--against", &new_path)) ||
            (m = cli_option_value(argc, argv, &i, "--examples", &examples))) {
            if (m < 0) return cli_usage_error("diff", USAGE, "%s needs a value", arg);
            continue;
        }
        if (strcmp(arg, "--json") == 0) json = 1;
        else if (batch_progress_option(arg, &progress_opt)) {
        } else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return CLI_EXIT_OK;
        } else if (arg[0] == '-' && arg[1] != '\0')
            return cli_usage_error("diff", USAGE, "unknown option '%s'", arg);
        else if (input)
            return cli_usage_error("diff", USAGE, "one tickets file at a time");
        else
            input = arg;
        i++;
    }
    if (!old_path || !new_path)
        return cli_usage_error("diff", USAGE, "both --rules OLD and --against NEW are needed");
    if (!input) return cli_usage_error("diff", USAGE, "no tickets file (use - for stdin)");
    if (examples) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(examples, &end, 10);
        if (errno || end == examples || *end || examples[0] == '-' || v > 1000)
            return cli_usage_error("diff", USAGE, "--examples needs a number up to 1000");
        c.max_examples = v;
    }
    int exit_code = CLI_EXIT_USAGE;
    c.old_rs = cli_load_ruleset(old_path, stderr);
    c.new_rs = c.old_rs ? cli_load_ruleset(new_path, stderr) : NULL;
    if (!c.old_rs || !c.new_rs) goto done;
    c.old_s = triage_scratch_create(c.old_rs);
    c.new_s = triage_scratch_create(c.new_rs);
    c.old_d = triage_decision_create(c.old_rs);
    c.new_d = triage_decision_create(c.new_rs);
    if (!c.old_s || !c.new_s || !c.old_d || !c.new_d) {
        fprintf(stderr, "triage diff: out of memory\n");
        goto done;
    }
    batch_progress progress;
    batch_progress_init(&progress, progress_opt, "tickets", batch_file_size(input));
    batch_stats st = {0, 0};
    int rc = batch_each_ticket("diff", input, &progress, diff_one, &c, &st);
    batch_progress_end(&progress);
    if (rc != 0) {
        if (c.nomem) fprintf(stderr, "triage diff: out of memory\n");
        goto done;
    }
    if (c.count > 1) qsort(c.items, c.count, sizeof *c.items, by_field_count);
    if (json) {
        json_t *o = report_json(&c, old_path, new_path, &st);
        int bad = !o || cli_write_json_line(stdout, o) != 0;
        json_decref(o);
        if (bad) {
            fprintf(stderr, "triage diff: cannot write the report\n");
            goto done;
        }
    } else {
        print_text(&c, old_path, new_path, &st);
    }
    double secs = batch_progress_elapsed(&progress);
    batch_row rows[] = {{"tickets", (double)(st.lines + st.errors), 0},
                        {"compared", (double)c.compared, 0},
                        {"changed", (double)c.changed, 0},
                        {"errors", (double)(st.errors + c.route_errors), 0},
                        {"seconds", secs, 2},
                        {"tickets per second", secs > 0 ? (double)st.lines / secs : 0, 0}};
    batch_summary(&progress, "diff summary", rows, sizeof rows / sizeof rows[0]);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "triage diff: cannot write: %s\n", strerror(errno));
        goto done;
    }
    exit_code = st.errors || c.route_errors ? CLI_EXIT_USAGE
                : c.changed                 ? CLI_EXIT_FAILED
                                            : CLI_EXIT_OK;
done:
    free_ctx(&c);
    return exit_code;
}
