/* triage route: JSON Lines tickets in, JSON Lines decisions out, in input
 * order. A line that cannot be routed yields {"id": ..., "error": ...} and
 * routing goes on; the exit code then is 1. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sla_cli.h"

static const char USAGE[] = "triage route [--rules FILE] [--explain] [--strict] [--pubkey KEY "
                            "[--sig FILE]] [--audit LOG --sign-key KEY] [FILE...]";
#define MAX_PUBKEYS 8

typedef struct route_ctx {
    const triage_ruleset *rs;
    triage_scratch *scratch;
    triage_decision *decision;
    triage_ticket *ticket;
    char rules_hash[65];
    unsigned route_flags;
    int explain, strict;
    cli_audit_log *audit; /* --audit: every decision is appended */
    size_t failed; /* lines that yielded an error */
    int io_error;  /* an input could not be read, or output failed */
} route_ctx;

static void print_help(void) {
    printf("usage: %s\n\n"
           "Routes tickets (one JSON object per line, from the FILEs or standard input)\n"
           "and prints one decision per line, in input order.\n\n"
           "  --rules FILE  rules to use (default: $TRIAGE_RULES, else the bundled\n"
           "                example %s)\n"
           "  --explain     add every keyword and regex hit to each decision\n"
           "  --strict      reject tickets with invalid UTF-8 instead of reading it as U+FFFD\n"
           "  --pubkey KEY  load the rules only if signed by this minisign key (repeatable)\n"
           "  --sig FILE    the rules' signature (default: the rules file + .minisig)\n"
           "  --audit LOG   append every decision to this audit log (see docs/audit-log.md)\n"
           "  --sign-key KEY  secret key that signs the audit log's checkpoints\n\n"
           "A line longer than 64 MiB (or $TRIAGE_MAX_LINE bytes) is skipped with an error.\n"
           "Exit status: 0 every line routed, 1 some line failed, 2 usage, rules or I/O error.\n",
           USAGE, cli_rules_path(NULL));
}

/* {"id": id?, "error": "file:line: message"} */
static void emit_error(route_ctx *c, const char *file, size_t lineno, json_t *id,
                       const char *message) {
    char text[1024];
    snprintf(text, sizeof text, "%s:%zu: %s", file, lineno, message);
    json_t *obj = json_object();
    if (obj) {
        if (id) json_object_set_new(obj, "id", json_deep_copy(id));
        json_t *e = json_string(text);
        if (!e) {
            /* A message that quotes input may end inside a UTF-8 sequence. */
            char *fixed = NULL;
            size_t flen = 0;
            if (cli_utf8_repair(text, strlen(text), &fixed, &flen) == 1)
                e = json_stringn(fixed, flen);
            free(fixed);
        }
        if (!e) e = json_string("invalid input");
        json_object_set_new(obj, "error", e);
        if (cli_write_json_line(stdout, obj) != 0) c->io_error = 1;
        json_decref(obj);
    } else if (printf("{\"error\": \"out of memory\"}\n") < 0) {
        c->io_error = 1;
    }
    c->failed++;
}

/* The ticket's id, borrowed from obj; NULL with a message when unusable. */
static json_t *ticket_id(json_t *obj, const char **why) {
    json_t *id = json_object_get(obj, "id");
    if (!id || json_is_null(id)) {
        *why = "the ticket has no \"id\"";
        return NULL;
    }
    if (!json_is_string(id) && !json_is_integer(id)) {
        *why = "\"id\" must be a string or an integer";
        return NULL;
    }
    return id;
}

/* Routes one decoded ticket and prints its decision (or its error line). */
static void route_ticket(route_ctx *c, const char *file, size_t lineno, const json_t *obj,
                         json_t *id, unsigned extra_flags) {
    char message[512];
    triage_ticket_clear(c->ticket);
    if (cli_ticket_from_json(c->ticket, obj, message, sizeof message) != TRIAGE_OK) {
        emit_error(c, file, lineno, id, message);
        return;
    }
    int rc = triage_route(c->rs, c->scratch, c->ticket, c->route_flags, c->decision);
    if (rc != TRIAGE_OK) {
        if (rc == TRIAGE_ERR_UTF8)
            snprintf(message, sizeof message, "invalid UTF-8 (rejected by --strict)");
        else
            snprintf(message, sizeof message, "routing failed: %s", triage_strerror(rc));
        emit_error(c, file, lineno, id, message);
        return;
    }
    json_t *out =
        cli_decision_to_json(c->rs, c->decision, id, c->rules_hash, extra_flags, c->explain);
    json_t *sla = out ? sla_cli_decision_sla(c->rs, c->decision, json_object_get(obj, "created_at"))
                      : NULL;
    if (sla) json_object_set_new(out, "sla", sla); /* due instants from created_at */
    if (!out)
        emit_error(c, file, lineno, id, "out of memory");
    else if (cli_write_json_line(stdout, out) != 0)
        c->io_error = 1;
    else if (c->audit && cli_audit_record(c->audit, TRIAGE_AUDIT_DECISION, out, stderr) != 0)
        c->io_error = 1;
    json_decref(out);
}

static void route_line(route_ctx *c, const char *file, size_t lineno, const char *line,
                       size_t len) {
    char *repaired = NULL;
    size_t rlen = 0;
    int bad_utf8 = cli_utf8_repair(line, len, &repaired, &rlen);
    if (bad_utf8 < 0) {
        emit_error(c, file, lineno, NULL, "out of memory");
        return;
    }
    if (bad_utf8) {
        line = repaired;
        len = rlen;
    }

    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
                             &jerr);
    char message[512];
    json_t *id = NULL;
    const char *why = NULL;
    if (!obj) {
        snprintf(message, sizeof message, "invalid JSON at column %d: %s", jerr.column,
                 jerr.text);
        emit_error(c, file, lineno, NULL, message);
    } else if (!json_is_object(obj)) {
        emit_error(c, file, lineno, NULL, "a ticket must be a JSON object");
    } else if (!(id = ticket_id(obj, &why))) {
        emit_error(c, file, lineno, NULL, why);
    } else if (bad_utf8 && c->strict) {
        emit_error(c, file, lineno, id, "invalid UTF-8 (rejected by --strict)");
    } else {
        route_ticket(c, file, lineno, obj, id, bad_utf8 ? TRIAGE_FLAG_INVALID_UTF8 : 0u);
    }
    json_decref(obj);
    free(repaired);
}

/* A blank line separates nothing and routes nothing: it is skipped. */
static int is_blank(const char *line, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return 0;
    return 1;
}

static void route_stream(route_ctx *c, FILE *in, const char *file) {
    cli_line_reader reader;
    cli_line_reader_init(&reader, in);
    const char *max_env = getenv("TRIAGE_MAX_LINE"); /* lets the tests try the cap */
    if (max_env && *max_env) reader.max = (size_t)strtoull(max_env, NULL, 10);
    size_t lineno = 0;
    for (;;) {
        const char *line = NULL;
        size_t len = 0;
        cli_line_status st = cli_line_read(&reader, &line, &len);
        if (st == CLI_LINE_EOF) break;
        lineno++;
        if (st == CLI_LINE_IO) {
            fprintf(stderr, "triage route: %s: read error: %s\n", file, strerror(errno));
            c->io_error = 1;
            break;
        }
        if (st == CLI_LINE_TOO_LONG) {
            char message[128];
            snprintf(message, sizeof message, "line longer than %zu bytes", reader.max);
            emit_error(c, file, lineno, NULL, message);
        } else if (st == CLI_LINE_NOMEM) {
            emit_error(c, file, lineno, NULL, "out of memory");
        } else if (!is_blank(line, len)) {
            route_line(c, file, lineno, line, len);
        }
    }
    cli_line_reader_free(&reader);
}

static void route_inputs(route_ctx *c, int nfiles, char **files) {
    if (nfiles == 0) {
        route_stream(c, stdin, "<stdin>");
        return;
    }
    for (int i = 0; i < nfiles; i++) {
        if (strcmp(files[i], "-") == 0) {
            route_stream(c, stdin, "<stdin>");
            continue;
        }
        FILE *in = fopen(files[i], "rb");
        if (!in) {
            fprintf(stderr, "triage route: cannot open %s: %s\n", files[i], strerror(errno));
            c->io_error = 1;
            continue;
        }
        route_stream(c, in, files[i]);
        fclose(in);
    }
}

int cli_route(int argc, char **argv) {
    const char *rules_opt = NULL, *sig_opt = NULL, *audit_opt = NULL, *sign_key_opt = NULL;
    const char *pubkeys[MAX_PUBKEYS];
    size_t npubkeys = 0;
    route_ctx c;
    memset(&c, 0, sizeof c);
    /* Options and file names may come in any order; the names are gathered
     * in place at the front of argv (never past the one being read). */
    char **files = argv + 1;
    int nfiles = 0;
    int i = 1;
    while (i < argc) {
        const char *arg = argv[i];
        int m = cli_option_value(argc, argv, &i, "--rules", &rules_opt);
        if (m < 0) return cli_usage_error("route", USAGE, "--rules needs a file");
        if (m > 0) continue;
        const char *key = NULL;
        if ((m = cli_option_value(argc, argv, &i, "--pubkey", &key)) > 0) {
            if (npubkeys == MAX_PUBKEYS)
                return cli_usage_error("route", USAGE, "at most %d --pubkey", MAX_PUBKEYS);
            pubkeys[npubkeys++] = key;
            continue;
        }
        if (m == 0) m = cli_option_value(argc, argv, &i, "--sig", &sig_opt);
        if (m == 0) m = cli_option_value(argc, argv, &i, "--audit", &audit_opt);
        if (m == 0) m = cli_option_value(argc, argv, &i, "--sign-key", &sign_key_opt);
        if (m < 0) return CLI_EXIT_USAGE;
        if (m > 0) continue;
        if (strcmp(arg, "--explain") == 0) c.explain = 1;
        else if (strcmp(arg, "--strict") == 0) c.strict = 1;
        else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help();
            return CLI_EXIT_OK;
        } else if (strcmp(arg, "--") == 0) {
            for (i++; i < argc; i++) files[nfiles++] = argv[i];
            break;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error("route", USAGE, "unknown option '%s'", arg);
        } else {
            files[nfiles++] = argv[i];
        }
        i++;
    }

    if (sig_opt && npubkeys == 0)
        return cli_usage_error("route", USAGE, "--sig needs --pubkey");
    if (!audit_opt != !sign_key_opt)
        return cli_usage_error("route", USAGE, "--audit and --sign-key go together");
    const char *path = cli_rules_path(rules_opt);
    triage_trust *trust = npubkeys ? cli_trust_load(pubkeys, npubkeys, stderr) : NULL;
    if (npubkeys && !trust) return CLI_EXIT_USAGE;
    triage_ruleset *rs = cli_load_ruleset_signed(path, trust, sig_opt, stderr);
    triage_trust_free(trust);
    if (!rs) return CLI_EXIT_USAGE;
    c.rs = rs;
    c.scratch = triage_scratch_create(rs);
    c.decision = triage_decision_create(rs);
    c.ticket = triage_ticket_create(NULL);
    int exit_code = CLI_EXIT_USAGE;
    if (!c.scratch || !c.decision || !c.ticket) {
        fprintf(stderr, "triage route: out of memory\n");
        goto done;
    }
    cli_rules_hash_hex(rs, c.rules_hash);
    if (audit_opt) {
        /* The log records which rules decided: a ruleset record first. */
        json_t *loaded = json_pack("{s:s, s:s, s:s, s:b}", "event", "ruleset_loaded", "rules",
                                   path, "rules_hash", c.rules_hash, "signed", npubkeys > 0);
        c.audit = cli_audit_open(audit_opt, sign_key_opt, stderr);
        if (!c.audit || !loaded ||
            cli_audit_record(c.audit, TRIAGE_AUDIT_RULESET, loaded, stderr) != 0) {
            json_decref(loaded);
            goto done;
        }
        json_decref(loaded);
    }
    c.route_flags = (c.explain ? TRIAGE_ROUTE_EXPLAIN : 0u) |
                    (c.strict ? TRIAGE_ROUTE_STRICT_UTF8 : 0u);
    route_inputs(&c, nfiles, files);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "triage route: cannot write the decisions: %s\n", strerror(errno));
        c.io_error = 1;
    }
    exit_code = c.io_error ? CLI_EXIT_USAGE : c.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
done:
    if (cli_audit_close(c.audit, stderr) != 0) exit_code = CLI_EXIT_USAGE;
    triage_ticket_free(c.ticket);
    triage_decision_free(c.decision);
    triage_scratch_free(c.scratch);
    triage_ruleset_free(rs);
    return exit_code;
}
