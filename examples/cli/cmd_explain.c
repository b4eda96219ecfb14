/* triage explain: why one ticket was routed as it was. For each category its
 * score, threshold and hits; each route rule in order with every condition
 * true or false and why; the final decision. --json gives the same as data. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

static const char USAGE[] = "triage explain [--rules FILE] [--json] [TICKET.json]";

static void print_help(void) {
    printf("usage: %s\n\n"
           "Explains the routing of one ticket (a JSON object, from the file or standard\n"
           "input; a JSON Lines file explains each of its tickets in turn):\n"
           "each category's score against its threshold with every hit, each route\n"
           "rule in order with each condition true or false and why, and the decision.\n\n"
           "  --rules FILE  rules to use (default: $TRIAGE_RULES, else the bundled example)\n"
           "  --json        print the explanation as one JSON object per ticket\n\n"
           "Exit status: 0 explained, 1 some ticket could not be read, 2 usage, rules or I/O error.\n",
           USAGE);
}

typedef struct explain_ctx {
    const triage_ruleset *rs;
    triage_scratch *scratch;
    triage_explanation *expl;
    char rules_hash[65];
    int json, count;
} explain_ctx;

/* ---- Text report ---- */

static void print_categories(const explain_ctx *c, FILE *out) {
    const triage_explanation *e = c->expl;
    int winner = triage_decision_category_index(triage_explanation_decision(e));
    fputs("categories (score / threshold):\n", out);
    for (size_t i = 0, n = triage_explanation_category_count(e); i < n; i++) {
        const char *name;
        int64_t score, threshold;
        int reached;
        triage_explanation_category(e, i, &name, &score, &threshold, &reached);
        fprintf(out, "  %-20s %6" PRId64 " / %-6" PRId64 " %s\n", name, score, threshold,
                (int)i == winner ? "reached, wins" : reached ? "reached" : "below");
    }
}

/* Hits grouped by category (in declaration order), each group as found. */
static void print_hits(const explain_ctx *c, FILE *out) {
    const triage_decision *d = triage_explanation_decision(c->expl);
    size_t n = triage_decision_hit_count(d), ncat = triage_ruleset_category_count(c->rs);
    fprintf(out, "hits:%s\n", n ? "" : " none");
    for (size_t want = 0; want < ncat; want++) {
        for (size_t i = 0; i < n; i++) {
            size_t category, value_index, offset, length;
            const char *term, *field;
            int64_t weight;
            triage_decision_hit(d, i, &category, &term, &field, &value_index, &offset, &length,
                                &weight);
            if (category != want) continue;
            char where[300];
            if (value_index)
                snprintf(where, sizeof where, "%s[%zu] %zu..%zu", field, value_index, offset,
                         offset + length);
            else
                snprintf(where, sizeof where, "%s %zu..%zu", field, offset, offset + length);
            fprintf(out, "  %-20s %+6" PRId64 "  \"%s\" in %s\n",
                    triage_ruleset_category_name(c->rs, category), weight, term, where);
        }
    }
}

/* Prints ", " before every item but the first. */
static void put_item(FILE *out, int *first, const char *what, const char *value) {
    fprintf(out, "%s%s %s", *first ? "" : ", ", what, value);
    *first = 0;
}

/* "sets  queue incident, priority urgent, tier 2, sla gold, tags a b; stops evaluation" */
static void print_actions(const explain_ctx *c, size_t rule, int stops, FILE *out) {
    const char *queue, *sla;
    int priority, tier, first = 1;
    size_t ntags;
    triage_explanation_rule_actions(c->expl, rule, &queue, &priority, &tier, &sla, &ntags);
    fputs("       sets  ", out);
    if (queue) put_item(out, &first, "queue", queue);
    if (priority >= 0) put_item(out, &first, "priority", triage_priority_name(priority));
    if (tier > 0) {
        char number[16];
        snprintf(number, sizeof number, "%d", tier);
        put_item(out, &first, "tier", number);
    }
    if (sla) put_item(out, &first, "sla", sla);
    for (size_t k = 0; k < ntags; k++) {
        if (k == 0) put_item(out, &first, "tags", triage_explanation_rule_tag(c->expl, rule, k));
        else fprintf(out, " %s", triage_explanation_rule_tag(c->expl, rule, k));
    }
    if (first) fputs("nothing", out);
    fputs(stops ? "; stops evaluation\n" : "\n", out);
}

static void print_rules(const explain_ctx *c, FILE *out) {
    const triage_explanation *e = c->expl;
    size_t n = triage_explanation_rule_count(e);
    fprintf(out, "route rules:%s\n", n ? "" : " none");
    for (size_t i = 0; i < n; i++) {
        const char *name;
        int outcome, stops;
        size_t nconds;
        triage_explanation_rule(e, i, &name, &outcome, &nconds, &stops);
        const char *what = outcome == TRIAGE_RULE_FIRED ? "fired"
                           : outcome == TRIAGE_RULE_NOT_MATCHED ? "did not fire"
                                                                : "not reached (stopped before)";
        fprintf(out, "  %zu. %s: %s\n", i + 1, name, what);
        for (size_t k = 0; k < nconds; k++) {
            int kind, holds;
            const char *reason;
            triage_explanation_condition(e, i, k, &kind, &holds, &reason);
            fprintf(out, "       %-5s %s\n", holds ? "true" : "false", reason);
        }
        print_actions(c, i, stops, out);
    }
}

static void print_decision(const explain_ctx *c, FILE *out) {
    const triage_decision *d = triage_explanation_decision(c->expl);
    const char *category = triage_decision_category(d), *sla = triage_decision_sla(d);
    fprintf(out, "decision:\n  category  %s\n  queue     %s\n  priority  %s\n  tier      %d\n",
            category ? category : "(none)", triage_decision_queue(d),
            triage_priority_name(triage_decision_priority(d)), triage_decision_tier(d));
    fputs("  tags     ", out);
    size_t ntags = triage_decision_tag_count(d);
    for (size_t i = 0; i < ntags; i++) fprintf(out, " %s", triage_decision_tag(d, i));
    fprintf(out, "%s\n  sla       %s\n  rules    ", ntags ? "" : " -", sla ? sla : "-");
    size_t nrules = triage_decision_rule_count(d);
    for (size_t i = 0; i < nrules; i++) fprintf(out, " %s", triage_decision_rule(d, i));
    fputs(nrules ? "\n" : " -\n", out);
    unsigned flags = triage_decision_flags(d);
    fputs("  flags    ", out);
    for (unsigned bit = 1; bit && bit <= flags; bit <<= 1)
        if ((flags & bit) && triage_flag_name(bit)) fprintf(out, " %s", triage_flag_name(bit));
    fputs(flags ? "\n" : " -\n", out);
}

static void print_report(const explain_ctx *c, const json_t *id, FILE *out) {
    char buf[64];
    fprintf(out, "ticket %s\n", batch_id_text(id, buf, sizeof buf));
    print_categories(c, out);
    print_hits(c, out);
    print_rules(c, out);
    print_decision(c, out);
}

/* ---- JSON ---- */

static int put(json_t *obj, const char *key, json_t *value) {
    return value && json_object_set_new(obj, key, value) == 0 ? 0 : -1;
}

static json_t *categories_json(const explain_ctx *c) {
    json_t *arr = json_array();
    int winner = triage_decision_category_index(triage_explanation_decision(c->expl));
    for (size_t i = 0, n = triage_explanation_category_count(c->expl); arr && i < n; i++) {
        const char *name;
        int64_t score, threshold;
        int reached;
        triage_explanation_category(c->expl, i, &name, &score, &threshold, &reached);
        json_t *o = json_object();
        if (!o || put(o, "name", json_string(name)) || put(o, "score", json_integer(score)) ||
            put(o, "threshold", json_integer(threshold)) ||
            put(o, "reached", json_boolean(reached)) ||
            put(o, "winner", json_boolean((int)i == winner)) || json_array_append_new(arr, o)) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static json_t *condition_json(const explain_ctx *c, size_t rule, size_t k) {
    const triage_explanation *e = c->expl;
    int kind, holds;
    const char *reason;
    triage_explanation_condition(e, rule, k, &kind, &holds, &reason);
    json_t *o = json_object();
    if (!o || put(o, "kind", json_string(triage_condition_kind_name(kind))) ||
        put(o, "holds", json_boolean(holds)) || put(o, "reason", json_string(reason)))
        goto fail;
    const char *subject = triage_explanation_condition_subject(e, rule, k);
    if (subject && put(o, kind == TRIAGE_WHEN_SCORE ? "category" : "field", json_string(subject)))
        goto fail;
    int cmp;
    int64_t number, actual;
    if (triage_explanation_condition_score(e, rule, k, &cmp, &number, &actual) == TRIAGE_OK) {
        if (put(o, "cmp", json_string(triage_cmp_name(cmp))) ||
            put(o, "value", json_integer(number)) || put(o, "actual", json_integer(actual)))
            goto fail;
    } else {
        json_t *ops = json_array();
        if (put(o, "operands", ops)) goto fail;
        for (size_t i = 0, n = triage_explanation_condition_operand_count(e, rule, k); i < n; i++) {
            const char *op = triage_explanation_condition_operand(e, rule, k, i);
            /* "" in a category list stands for "no category": null in JSON */
            json_t *v = kind == TRIAGE_WHEN_CATEGORY && !*op ? json_null() : json_string(op);
            if (!v || json_array_append_new(ops, v)) goto fail;
        }
    }
    return o;
fail:
    json_decref(o);
    return NULL;
}

/* {"queue", "priority", "tier", "sla", "tags"}: only what the rule sets. */
static json_t *actions_json(const explain_ctx *c, size_t rule) {
    const char *queue, *sla;
    int priority, tier;
    size_t ntags;
    triage_explanation_rule_actions(c->expl, rule, &queue, &priority, &tier, &sla, &ntags);
    json_t *o = json_object(), *tags = json_array();
    if (!o || (queue && put(o, "queue", json_string(queue))) ||
        (priority >= 0 && put(o, "priority", json_string(triage_priority_name(priority)))) ||
        (tier > 0 && put(o, "tier", json_integer(tier))) || (sla && put(o, "sla", json_string(sla))) ||
        put(o, "tags", tags)) {
        json_decref(o);
        return NULL;
    }
    for (size_t k = 0; k < ntags; k++)
        if (json_array_append_new(tags, json_string(triage_explanation_rule_tag(c->expl, rule, k)))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

static json_t *rules_json(const explain_ctx *c) {
    json_t *arr = json_array();
    for (size_t i = 0, n = triage_explanation_rule_count(c->expl); arr && i < n; i++) {
        const char *name;
        int outcome, stops;
        size_t nconds;
        triage_explanation_rule(c->expl, i, &name, &outcome, &nconds, &stops);
        json_t *o = json_object(), *conds = json_array();
        if (!o || put(o, "name", json_string(name)) ||
            put(o, "outcome", json_string(triage_rule_outcome_name(outcome))) ||
            put(o, "stop", json_boolean(stops)) || put(o, "set", actions_json(c, i)) ||
            put(o, "conditions", conds) ||
            json_array_append_new(arr, o)) {
            json_decref(o);
            json_decref(arr);
            return NULL;
        }
        for (size_t k = 0; k < nconds; k++) {
            json_t *cj = condition_json(c, i, k);
            if (!cj || json_array_append_new(conds, cj)) {
                json_decref(arr);
                return NULL;
            }
        }
    }
    return arr;
}

static int print_json(const explain_ctx *c, const json_t *id) {
    json_t *id_copy = json_deep_copy(id);
    json_t *decision = id_copy ? cli_decision_to_json(c->rs, triage_explanation_decision(c->expl),
                                                      id_copy, c->rules_hash, 0, 1)
                               : NULL;
    json_decref(id_copy);
    json_t *o = json_object();
    int rc = -1;
    if (decision && o && put(o, "id", json_deep_copy(id)) == 0 &&
        put(o, "categories", categories_json(c)) == 0 && put(o, "rules", rules_json(c)) == 0) {
        json_object_del(decision, "id");
        rc = put(o, "decision", json_incref(decision));
        if (rc == 0) rc = cli_write_json_line(stdout, o);
    }
    json_decref(decision);
    json_decref(o);
    return rc;
}

static int explain_one(void *user, const json_t *obj, const json_t *id,
                       const triage_ticket *ticket) {
    (void)obj;
    explain_ctx *c = user;
    int rc = triage_explain(c->rs, c->scratch, ticket, 0, c->expl);
    if (rc != TRIAGE_OK) {
        fprintf(stderr, "triage explain: routing failed: %s\n", triage_strerror(rc));
        return -1;
    }
    if (c->json) return print_json(c, id) ? -1 : 0;
    if (c->count++ > 0) putchar('\n');
    print_report(c, id, stdout);
    return 0;
}

/* Reads the whole input: one JSON object (possibly over several lines), or
 * else JSON Lines. */
static char *read_all(FILE *in, size_t *len) {
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, in);
        if (n < cap) break;
        if (cap >= CLI_MAX_LINE) {
            free(buf);
            errno = EFBIG;
            return NULL;
        }
        char *more = realloc(buf, cap * 2);
        if (!more) free(buf);
        buf = more;
        cap *= 2;
    }
    if (buf && ferror(in)) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int explain_input(explain_ctx *c, const char *path) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "triage explain: cannot open %s: %s\n", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    size_t len = 0;
    char *text = read_all(in, &len);
    if (!is_stdin) fclose(in);
    if (!text) {
        fprintf(stderr, "triage explain: cannot read %s: %s\n", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    char *repaired = NULL;
    size_t rlen = 0;
    int bad = cli_utf8_repair(text, len, &repaired, &rlen);
    json_t *obj = bad < 0 ? NULL
                          : json_loadb(bad ? repaired : text, bad ? rlen : len,
                                       JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, NULL);
    free(repaired);
    if (obj && json_is_object(obj)) { /* one ticket */
        free(text);
        const json_t *id = json_object_get(obj, "id");
        json_t *fallback = json_string("(no id)");
        triage_ticket *t = triage_ticket_create(NULL);
        char message[512];
        int rc = -1;
        if (!t || !fallback) {
            fprintf(stderr, "triage explain: out of memory\n");
        } else if (cli_ticket_from_json(t, obj, message, sizeof message) != TRIAGE_OK) {
            fprintf(stderr, "triage explain: %s: %s\n", path, message);
        } else {
            rc = explain_one(c, obj, id && (json_is_string(id) || json_is_integer(id)) ? id
                                                                                     : fallback,
                             t);
        }
        triage_ticket_free(t);
        json_decref(fallback);
        json_decref(obj);
        return rc ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    json_decref(obj);
    /* Not one object: JSON Lines, read again from the copy in memory. */
    batch_stats stats = {0, 0};
    if (len == 0) {
        free(text);
        fprintf(stderr, "triage explain: %s: no ticket\n", is_stdin ? "<stdin>" : path);
        return CLI_EXIT_FAILED;
    }
    FILE *lines = fmemopen(text, len, "rb");
    int rc = lines ? batch_each_ticket_in("explain", lines, is_stdin ? "<stdin>" : path, NULL,
                                          explain_one, c, &stats)
                   : -1;
    if (lines) fclose(lines);
    free(text);
    if (!lines) {
        fprintf(stderr, "triage explain: out of memory\n");
        return CLI_EXIT_USAGE;
    }
    if (rc == 0 && stats.lines == 0 && stats.errors == 0) {
        fprintf(stderr, "triage explain: %s: no ticket\n", is_stdin ? "<stdin>" : path);
        return CLI_EXIT_FAILED;
    }
    return rc || stats.errors ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cli_explain(int argc, char **argv) {
    const char *rules_opt = NULL, *input = NULL;
    explain_ctx c;
    memset(&c, 0, sizeof c);
    for (int i = 1; i < argc;) {
        const char *arg = argv[i];
        int m = cli_option_value(argc, argv, &i, "--rules", &rules_opt);
        if (m < 0) return cli_usage_error("explain", USAGE, "--rules needs a file");
        if (m > 0) continue;
        if (strcmp(arg, "--json") == 0) c.json = 1;
        else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return CLI_EXIT_OK;
        } else if (arg[0] == '-' && arg[1] != '\0')
            return cli_usage_error("explain", USAGE, "unknown option '%s'", arg);
        else if (input)
            return cli_usage_error("explain", USAGE, "one ticket file at a time");
        else
            input = arg;
        i++;
    }
    triage_ruleset *rs = cli_load_ruleset(cli_rules_path(rules_opt), stderr);
    if (!rs) return CLI_EXIT_USAGE;
    c.rs = rs;
    c.scratch = triage_scratch_create(rs);
    c.expl = triage_explanation_create(rs);
    int exit_code = CLI_EXIT_USAGE;
    if (!c.scratch || !c.expl) {
        fprintf(stderr, "triage explain: out of memory\n");
    } else {
        cli_rules_hash_hex(rs, c.rules_hash);
        exit_code = explain_input(&c, input ? input : "-");
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "triage explain: cannot write: %s\n", strerror(errno));
            exit_code = CLI_EXIT_USAGE;
        }
    }
    triage_explanation_free(c.expl);
    triage_scratch_free(c.scratch);
    triage_ruleset_free(rs);
    return exit_code;
}
