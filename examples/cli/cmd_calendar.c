/* triage calendar: business-time questions about the rules' calendars, one
 * JSON object a line, one answer a line:
 *   {"calendar": "emea", "start": T, "minutes": N, "pauses": [[A, B]]} -> {"due": T}
 *   ("seconds": N instead of "minutes")
 *   {"calendar": "emea", "start": A, "end": B, "pauses": [...]}         -> {"seconds": N}
 *   a bad query                                                          -> {"error": "..."}
 * Times are RFC 3339 texts or Unix seconds; "due" comes back in the form
 * the start was given in. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sla_cli.h"

static const char USAGE[] = "triage calendar [--rules FILE] [FILE...]";

typedef struct calendar_ctx {
    const triage_ruleset *rs;
    size_t failed;
    int io_error;
} calendar_ctx;

static void print_help(void) {
    printf("usage: %s\n\n"
           "Answers business-time questions about the calendars of the rules, one JSON\n"
           "object a line (from the FILEs or standard input), one answer a line:\n\n"
           "  {\"calendar\": \"emea\", \"start\": T, \"minutes\": N, \"pauses\": [[A, B]]}\n"
           "      -> {\"due\": T}: the first business instant with N minutes (or\n"
           "         \"seconds\": N) of business time since start\n"
           "  {\"calendar\": \"emea\", \"start\": A, \"end\": B, \"pauses\": [[A, B]]}\n"
           "      -> {\"seconds\": N}: business seconds between A and B\n\n"
           "Times are RFC 3339 (2026-03-02T08:15:00Z) or Unix seconds; pauses are\n"
           "optional ranges taken out of business time. A bad query gets {\"error\": ...}.\n\n"
           "  --rules FILE  rules to use (default: $TRIAGE_RULES, else the bundled example)\n\n"
           "Exit status: 0 every query answered, 1 some query failed, 2 usage, rules or\n"
           "I/O error.\n",
           USAGE);
}

/* Reads "pauses" into a malloc'ed array of pairs; 0 or -1 with err set. */
static int read_pauses(const json_t *v, int64_t **out, size_t *n, char *err, size_t errlen) {
    *out = NULL;
    *n = 0;
    if (!v) return 0;
    if (!json_is_array(v)) {
        snprintf(err, errlen, "\"pauses\" must be a list of [start, end] pairs");
        return -1;
    }
    size_t count = json_array_size(v);
    if (count == 0) return 0;
    int64_t *p = calloc(count, 2 * sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        const json_t *pair = json_array_get(v, i);
        if (!json_is_array(pair) || json_array_size(pair) != 2) {
            snprintf(err, errlen, "pause %zu must be a [start, end] pair", i + 1);
            free(p);
            return -1;
        }
        for (size_t k = 0; k < 2; k++)
            if (sla_cli_time(json_array_get(pair, k), &p[2 * i + k], NULL, err, errlen) != 0) {
                free(p);
                return -1;
            }
        if (p[2 * i + 1] < p[2 * i]) {
            snprintf(err, errlen, "pause %zu ends before it starts", i + 1);
            free(p);
            return -1;
        }
    }
    *out = p;
    *n = count;
    return 0;
}

static const char *const known_keys[] = {"calendar", "start", "end", "minutes", "seconds", "pauses"};

/* The answer to one query, or NULL with err set. */
static json_t *answer(const triage_ruleset *rs, json_t *q, char *err, size_t errlen) {
    const char *key;
    json_t *value;
    json_object_foreach(q, key, value) {
        size_t i = 0;
        while (i < sizeof known_keys / sizeof *known_keys && strcmp(key, known_keys[i]) != 0) i++;
        if (i == sizeof known_keys / sizeof *known_keys) {
            snprintf(err, errlen, "unknown key \"%s\" (keys: calendar, start, end, minutes, "
                                  "seconds, pauses)", key);
            return NULL;
        }
    }
    const json_t *name = json_object_get(q, "calendar");
    if (!json_is_string(name)) {
        snprintf(err, errlen, "\"calendar\" must name a calendar of the rules");
        return NULL;
    }
    const triage_calendar *cal =
        triage_ruleset_calendar(rs, json_string_value(name), json_string_length(name));
    if (!cal) {
        snprintf(err, errlen, "no calendar \"%s\" in the rules", json_string_value(name));
        return NULL;
    }
    const json_t *start_v = json_object_get(q, "start");
    if (!start_v) {
        snprintf(err, errlen, "\"start\" is missing");
        return NULL;
    }
    int64_t start;
    int as_text;
    if (sla_cli_time(start_v, &start, &as_text, err, errlen) != 0) return NULL;
    const json_t *end_v = json_object_get(q, "end"), *min_v = json_object_get(q, "minutes"),
                 *sec_v = json_object_get(q, "seconds");
    if ((end_v != NULL) + (min_v != NULL) + (sec_v != NULL) != 1) {
        snprintf(err, errlen, "give exactly one of \"minutes\", \"seconds\" (for a due time) or "
                              "\"end\" (for elapsed business time)");
        return NULL;
    }
    int64_t *pauses;
    size_t npauses;
    if (read_pauses(json_object_get(q, "pauses"), &pauses, &npauses, err, errlen) != 0) return NULL;
    json_t *result = NULL;
    int rc;
    if (end_v) {
        int64_t end, seconds;
        if (sla_cli_time(end_v, &end, NULL, err, errlen) != 0) goto done;
        rc = triage_calendar_elapsed(cal, start, end, pauses, npauses, &seconds);
        if (rc == TRIAGE_OK) result = json_pack("{s:I}", "seconds", (json_int_t)seconds);
    } else {
        const json_t *b = min_v ? min_v : sec_v;
        json_int_t n = json_is_integer(b) ? json_integer_value(b) : -1;
        if (n < 0 || (min_v && n > TRIAGE_TIME_MAX / 60)) {
            snprintf(err, errlen, "\"%s\" must be a whole number from 0", min_v ? "minutes" : "seconds");
            goto done;
        }
        int64_t due;
        rc = triage_calendar_due(cal, start, min_v ? n * 60 : n, pauses, npauses, &due);
        if (rc == TRIAGE_OK) result = json_pack("{s:o}", "due", sla_cli_time_json(due, as_text));
    }
    if (!result) {
        if (rc == TRIAGE_ERR_RANGE)
            snprintf(err, errlen, "no answer before year 10000 (%s)", triage_strerror(rc));
        else
            snprintf(err, errlen, "%s", triage_strerror(rc));
    }
done:
    free(pauses);
    return result;
}

static void on_line(void *ctx, const char *file, size_t lineno, const char *line, size_t len,
                    const char *problem) {
    calendar_ctx *c = ctx;
    char err[512] = "";
    json_t *q = NULL, *out = NULL;
    (void)file;
    (void)lineno;
    if (problem) snprintf(err, sizeof err, "%s", problem);
    else if ((q = sla_cli_parse_object(line, len, err, sizeof err)) != NULL)
        out = answer(c->rs, q, err, sizeof err);
    if (!out) {
        c->failed++;
        out = json_pack("{s:s}", "error", err[0] ? err : "out of memory");
    }
    if (!out || cli_write_json_line(stdout, out) != 0) c->io_error = 1;
    json_decref(out);
    json_decref(q);
}

int cli_calendar(int argc, char **argv) {
    const char *rules_opt = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, m;
    if (!files) return CLI_EXIT_USAGE;
    for (int i = 1; i < argc;) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_help();
            free(files);
            return CLI_EXIT_OK;
        }
        if ((m = cli_option_value(argc, argv, &i, "--rules", &rules_opt)) != 0) {
            if (m < 0) {
                free(files);
                return CLI_EXIT_USAGE;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            free(files);
            return cli_usage_error("calendar", USAGE, "unknown option '%s'", argv[i]);
        }
        files[nfiles++] = argv[i++];
    }
    const char *path = cli_rules_path(rules_opt);
    triage_ruleset *rs = cli_load_ruleset(path, stderr);
    if (!rs) {
        free(files);
        return CLI_EXIT_USAGE;
    }
    calendar_ctx c = {rs, 0, 0};
    if (sla_cli_each_line("calendar", nfiles, files, on_line, &c) != 0) c.io_error = 1;
    if (fflush(stdout) != 0) c.io_error = 1;
    triage_ruleset_free(rs);
    free(files);
    if (c.io_error) return CLI_EXIT_USAGE;
    return c.failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}
