/* triage sla: replays ticket events (JSON Lines) through an SLA tracker set
 * up from the rules' `sla` section and prints every warning, breach and
 * escalation in time order:
 *   {"ticket", "at", "event", "metric", "due", "tier", "priority"}
 * (plus "fraction" for warnings and "level" for escalations). Before each
 * event is applied the fires up to its time are taken (so a reply after a
 * breach still shows the breach), and at the end those up to the last
 * event's time; --until TIME prints exactly those up to TIME instead. A bad event is reported on stderr and
 * skipped. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sla_cli.h"

static const char USAGE[] = "triage sla [--rules FILE] [--until TIME] [EVENTS...]";

typedef struct out_fire {
    int64_t at;
    size_t seq; /* keeps the tracker's order among equal times */
    json_t *obj;
} out_fire;

typedef struct sla_ctx {
    const triage_ruleset *rs;
    triage_tracker *tracker;
    json_t *ids;   /* ticket text -> integer id */
    json_t *names; /* id - 1 -> the ticket id as the events give it */
    out_fire *fires;
    size_t nfires, cap_fires;
    int64_t last_at;
    int have_events;
    size_t failed;
    int nomem;
} sla_ctx;

static void print_help(void) {
    printf("usage: %s\n\n"
           "Replays ticket events, one JSON object a line (from the EVENTS files or\n"
           "standard input), through the SLA policies of the rules and prints each\n"
           "warning, breach and escalation in time order, one JSON object a line:\n"
           "  {\"ticket\", \"at\", \"event\", \"metric\", \"due\", \"tier\", \"priority\"}\n\n"
           "Events: {\"ticket\": \"T-1\", \"at\": TIME, \"type\": TYPE, ...} with TYPE one of\n"
           "  created (\"priority\", \"tier\", \"sla\" optional), customer_message,\n"
           "  agent_reply, status (\"status\"), priority (\"priority\"), policy (\"policy\",\n"
           "  null for the priority's), solved, reopened. Times are RFC 3339 or Unix\n"
           "  seconds; events of one ticket must come in time order.\n\n"
           "  --rules FILE   rules to use (default: $TRIAGE_RULES, else the bundled example)\n"
           "  --until TIME   print what fires up to TIME (default: the last event's time)\n\n"
           "Exit status: 0 every event applied, 1 some event failed (reported on stderr),\n"
           "2 usage, rules or I/O error.\n",
           USAGE);
}

static void event_error(sla_ctx *c, const char *file, size_t lineno, const char *msg) {
    fprintf(stderr, "triage sla: %s:%zu: %s\n", file, lineno, msg);
    c->failed++;
}

/* Takes every fire up to `up_to` into c->fires. */
static void take_fires(sla_ctx *c, int64_t up_to) {
    size_t n = 0;
    if (triage_tracker_collect(c->tracker, up_to, &n) != TRIAGE_OK) c->nomem = 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t ticket;
        int64_t at, due;
        int kind, metric, tier, priority;
        uint32_t level;
        triage_tracker_fire(c->tracker, i, &ticket, &at, &kind, &metric, &level, &due, &tier,
                            &priority);
        json_t *o = json_pack("{s:O,s:o,s:s,s:s,s:o,s:i,s:s}", "ticket",
                              json_array_get(c->names, (size_t)ticket - 1), "at",
                              sla_cli_time_json(at, 1), "event", triage_fire_kind_name(kind),
                              "metric", triage_metric_name(metric), "due",
                              sla_cli_time_json(due, 1), "tier", tier, "priority",
                              triage_priority_name(priority));
        if (o && kind == TRIAGE_FIRE_WARNING) json_object_set_new(o, "fraction", json_real(level / 1e6));
        if (o && kind == TRIAGE_FIRE_ESCALATION) json_object_set_new(o, "level", json_integer(level));
        if (!o || (c->nfires == c->cap_fires && c->cap_fires > SIZE_MAX / 2 / sizeof *c->fires)) {
            json_decref(o);
            c->nomem = 1;
            continue;
        }
        if (c->nfires == c->cap_fires) {
            size_t cap = c->cap_fires ? 2 * c->cap_fires : 256;
            out_fire *f = realloc(c->fires, cap * sizeof *f);
            if (!f) {
                json_decref(o);
                c->nomem = 1;
                continue;
            }
            c->fires = f;
            c->cap_fires = cap;
        }
        c->fires[c->nfires].at = at;
        c->fires[c->nfires].seq = c->nfires;
        c->fires[c->nfires++].obj = o;
    }
}

/* An optional text field: 1 present (text set), 0 absent, -1 wrong type. */
static int text_field(const json_t *ev, const char *key, const char **text, size_t *len) {
    const json_t *v = json_object_get(ev, key);
    if (!v) return 0;
    if (!json_is_string(v)) return -1;
    *text = json_string_value(v);
    *len = json_string_length(v);
    return 1;
}

static int priority_field(const json_t *ev, int *priority, char *err, size_t errlen) {
    const char *p;
    size_t len;
    int r = text_field(ev, "priority", &p, &len);
    if (r == 0) return 0;
    if (r > 0) *priority = triage_priority_from_name(p, len);
    if (r < 0 || *priority < 0) {
        snprintf(err, errlen, "\"priority\" must be low, normal, high or urgent");
        return -1;
    }
    return 1;
}

/* Applies one event; 0 or -1 with err set. */
static int apply(sla_ctx *c, const json_t *ev, char *err, size_t errlen) {
    const json_t *tv = json_object_get(ev, "ticket");
    char idbuf[32];
    const char *id;
    if (json_is_string(tv)) {
        id = json_string_value(tv);
    } else if (json_is_integer(tv)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(tv));
        id = idbuf;
    } else {
        snprintf(err, errlen, "\"ticket\" must be the ticket's id");
        return -1;
    }
    int64_t at;
    const json_t *atv = json_object_get(ev, "at");
    if (!atv) {
        snprintf(err, errlen, "\"at\" is missing");
        return -1;
    }
    if (sla_cli_time(atv, &at, NULL, err, errlen) != 0) return -1;
    const char *type;
    size_t tlen;
    if (text_field(ev, "type", &type, &tlen) <= 0) {
        snprintf(err, errlen, "\"type\" must be one of created, customer_message, agent_reply, "
                              "status, priority, policy, solved, reopened");
        return -1;
    }
    json_t *known = json_object_get(c->ids, id);
    uint64_t ticket = known ? (uint64_t)json_integer_value(known) : json_array_size(c->names) + 1;
    int rc, priority = TRIAGE_PRIORITY_NORMAL;
    const char *text = NULL;
    size_t len = 0;
    if (strcmp(type, "created") == 0) {
        if (known) {
            snprintf(err, errlen, "ticket \"%s\" was already created", id);
            return -1;
        }
        if (priority_field(ev, &priority, err, errlen) < 0) return -1;
        const json_t *tier_v = json_object_get(ev, "tier");
        json_int_t tier = tier_v ? (json_is_integer(tier_v) ? json_integer_value(tier_v) : -1) : 1;
        if (tier < 1 || tier > TRIAGE_MAX_TIER_LEVEL) {
            snprintf(err, errlen, "\"tier\" must be a whole number from 1 to %d", TRIAGE_MAX_TIER_LEVEL);
            return -1;
        }
        int r = text_field(ev, "sla", &text, &len);
        if (r == 0) r = text_field(ev, "policy", &text, &len);
        if (r < 0) {
            snprintf(err, errlen, "\"sla\" must name an SLA policy");
            return -1;
        }
        if (text && !triage_ruleset_sla_policy_find(c->rs, text, len)) {
            snprintf(err, errlen, "unknown SLA policy \"%s\"", text);
            return -1;
        }
        take_fires(c, at);
        rc = triage_tracker_created(c->tracker, ticket, at, priority, (int)tier, text, len);
        if (rc == TRIAGE_OK) {
            if (json_object_set_new(c->ids, id, json_integer((json_int_t)ticket)) != 0 ||
                json_array_append_new(c->names, json_deep_copy(tv)) != 0) /* as given */
                c->nomem = 1;
        }
    } else if (!known) {
        snprintf(err, errlen, "ticket \"%s\" has no created event before this one", id);
        return -1;
    } else if (strcmp(type, "customer_message") == 0) {
        take_fires(c, at);
        rc = triage_tracker_customer_message(c->tracker, ticket, at);
    } else if (strcmp(type, "agent_reply") == 0) {
        take_fires(c, at);
        rc = triage_tracker_agent_reply(c->tracker, ticket, at);
    } else if (strcmp(type, "status") == 0) {
        if (text_field(ev, "status", &text, &len) <= 0) {
            snprintf(err, errlen, "a status event needs \"status\"");
            return -1;
        }
        take_fires(c, at);
        rc = triage_tracker_status(c->tracker, ticket, at, text, len);
    } else if (strcmp(type, "priority") == 0) {
        if (priority_field(ev, &priority, err, errlen) <= 0) {
            snprintf(err, errlen, "a priority event needs \"priority\": low, normal, high or urgent");
            return -1;
        }
        take_fires(c, at);
        rc = triage_tracker_priority(c->tracker, ticket, at, priority);
    } else if (strcmp(type, "policy") == 0) {
        const json_t *pv = json_object_get(ev, "policy");
        if (!pv || (!json_is_null(pv) && !json_is_string(pv))) {
            snprintf(err, errlen, "a policy event needs \"policy\" (a name, or null)");
            return -1;
        }
        if (json_is_string(pv)) {
            text = json_string_value(pv);
            len = json_string_length(pv);
        }
        if (text && !triage_ruleset_sla_policy_find(c->rs, text, len)) {
            snprintf(err, errlen, "unknown SLA policy \"%s\"", text);
            return -1;
        }
        take_fires(c, at);
        rc = triage_tracker_policy(c->tracker, ticket, at, text, len);
    } else if (strcmp(type, "solved") == 0) {
        take_fires(c, at);
        rc = triage_tracker_solved(c->tracker, ticket, at);
    } else if (strcmp(type, "reopened") == 0) {
        take_fires(c, at);
        rc = triage_tracker_reopened(c->tracker, ticket, at);
    } else {
        snprintf(err, errlen, "unknown event type \"%s\"", type);
        return -1;
    }
    if (rc != TRIAGE_OK) {
        const char *why = rc == TRIAGE_ERR_STATE      ? "event out of order or not possible now"
                          : rc == TRIAGE_ERR_NOT_FOUND ? "unknown SLA policy"
                                                       : triage_strerror(rc);
        snprintf(err, errlen, "%s event of ticket \"%s\" refused: %s", type, id, why);
        return -1;
    }
    if (!c->have_events || at > c->last_at) c->last_at = at;
    c->have_events = 1;
    return 0;
}

static void on_line(void *ctx, const char *file, size_t lineno, const char *line, size_t len,
                    const char *problem) {
    sla_ctx *c = ctx;
    char err[512];
    if (problem) {
        event_error(c, file, lineno, problem);
        return;
    }
    json_t *ev = sla_cli_parse_object(line, len, err, sizeof err);
    if (!ev || apply(c, ev, err, sizeof err) != 0) event_error(c, file, lineno, err);
    json_decref(ev);
}

static int fire_order(const void *a, const void *b) {
    const out_fire *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int cli_sla(int argc, char **argv) {
    const char *rules_opt = NULL, *until_opt = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, m;
    if (!files) return CLI_EXIT_USAGE;
    for (int i = 1; i < argc;) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            free(files);
            return CLI_EXIT_OK;
        }
        if ((m = cli_option_value(argc, argv, &i, "--rules", &rules_opt)) == 0)
            m = cli_option_value(argc, argv, &i, "--until", &until_opt);
        if (m < 0) {
            free(files);
            return CLI_EXIT_USAGE;
        }
        if (m > 0) continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            free(files);
            return cli_usage_error("sla", USAGE, "unknown option '%s'", argv[i]);
        }
        files[nfiles++] = argv[i++];
    }
    int64_t until = 0;
    if (until_opt) {
        char err[256];
        json_t *v = json_string(until_opt);
        int bad = !v || sla_cli_time(v, &until, NULL, err, sizeof err) != 0;
        json_decref(v);
        if (bad) {
            free(files);
            return cli_usage_error("sla", USAGE, "--until: not an RFC 3339 time");
        }
    }
    triage_ruleset *rs = cli_load_ruleset(cli_rules_path(rules_opt), stderr);
    if (!rs) {
        free(files);
        return CLI_EXIT_USAGE;
    }
    sla_ctx c;
    memset(&c, 0, sizeof c);
    c.rs = rs;
    c.tracker = triage_tracker_create(NULL);
    c.ids = json_object();
    c.names = json_array();
    int status = CLI_EXIT_OK;
    if (!c.tracker || !c.ids || !c.names || triage_tracker_add_ruleset(c.tracker, rs) != TRIAGE_OK) {
        fprintf(stderr, "triage sla: out of memory\n");
        status = CLI_EXIT_USAGE;
    } else {
        int io = sla_cli_each_line("sla", nfiles, files, on_line, &c) != 0;
        if (until_opt) take_fires(&c, until);
        else if (c.have_events) take_fires(&c, c.last_at);
        qsort(c.fires, c.nfires, sizeof *c.fires, fire_order);
        for (size_t i = 0; i < c.nfires; i++)
            if ((!until_opt || c.fires[i].at <= until) &&
                cli_write_json_line(stdout, c.fires[i].obj) != 0)
                io = 1;
        if (fflush(stdout) != 0) io = 1;
        if (c.nomem) fprintf(stderr, "triage sla: out of memory; some fires are missing\n");
        status = io || c.nomem ? CLI_EXIT_USAGE : c.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    }
    for (size_t i = 0; i < c.nfires; i++) json_decref(c.fires[i].obj);
    free(c.fires);
    json_decref(c.ids);
    json_decref(c.names);
    triage_tracker_free(c.tracker);
    triage_ruleset_free(rs);
    free(files);
    return status;
}
