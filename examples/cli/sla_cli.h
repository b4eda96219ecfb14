/* Times for `triage calendar` and `triage sla`: RFC 3339 texts or Unix
 * seconds in, RFC 3339 (UTC, "Z") or Unix seconds out. */
#ifndef CLI_SLA_CLI_H
#define CLI_SLA_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <triage/triage.h>

/* Reads a time: a JSON integer (Unix seconds) or an RFC 3339 text such as
 * "2026-03-02T08:15:00Z" or "2026-03-02T09:15:00+01:00" (fractions of a
 * second must be zero). Returns 0, or -1 with a message in err. */
int sla_cli_time(const json_t *v, int64_t *t, int *is_text, char *err, size_t errlen);
/* "2026-03-02T08:15:00Z" (21 bytes with the NUL for years 1..9999). */
void sla_cli_format_time(int64_t t, char buf[32]);
/* The time as JSON: an RFC 3339 text when as_text, else an integer. */
json_t *sla_cli_time_json(int64_t t, int as_text);
/* Reads a line of JSON (a line that is not an object gets a message). */
json_t *sla_cli_parse_object(const char *line, size_t len, char *err, size_t errlen);

/* The decision's "sla" object for `triage route`: {"policy": name,
 * "first_response_due": T, "resolution_due": T} from the policy the
 * decision names (else the priority's, else the default) and the ticket's
 * created_at (a JSON value, may be NULL: then only the policy); just the
 * name when a rule names a policy the rules do not define. NULL when the
 * ticket has no policy or memory runs out. A created_at that
 * cannot be read adds "sla_error". */
json_t *sla_cli_decision_sla(const triage_ruleset *rs, const triage_decision *d,
                             const json_t *created_at);

/* Calls fn for each non-blank line of the files in order (standard input
 * when there are none, or for "-"). A line that cannot be read comes with
 * line NULL and `problem` set. Returns 0, or -1 after an I/O error (reported
 * on stderr as "triage <cmd>: ..."). */
typedef void (*sla_cli_line_fn)(void *ctx, const char *file, size_t lineno, const char *line,
                                size_t len, const char *problem);
int sla_cli_each_line(const char *cmd, int nfiles, char **files, sla_cli_line_fn fn, void *ctx);

#endif
