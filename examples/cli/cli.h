/* Shared pieces of the triage command-line router.
 *
 * Exit codes of every subcommand: 0 success, 1 the input had problems (some
 * line failed, some rules file has errors), 2 usage, rules or I/O errors. */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

#include <jansson.h>
#include <triage/triage.h>

#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILED 1
#define CLI_EXIT_USAGE 2

/* Subcommand entry points, one per line of commands.def. */
#define CLI_COMMAND(name, summary) int cli_##name(int argc, char **argv);
#include "commands.def"
#undef CLI_COMMAND

/* ---- Options ---- */

/* Matches argv[*i] against a long option that takes a value, in either form
 * `--name VALUE` or `--name=VALUE`. On a match stores the value, advances *i
 * past what was consumed and returns 1; returns -1 (after a message on
 * stderr) when the value is missing; 0 when argv[*i] is another option. */
int cli_option_value(int argc, char **argv, int *i, const char *name, const char **value);

/* Prints "triage <cmd>: <message>" and the usage line on stderr; returns
 * CLI_EXIT_USAGE so that callers can `return cli_usage_error(...)`. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- Rules ---- */

/* The rules file to use: the --rules value when given, else $TRIAGE_RULES
 * when set and not empty, else the bundled example (TRIAGE_EXAMPLE_RULES). */
const char *cli_rules_path(const char *option);

/* Loads and compiles a rules file. On failure prints every error on `err`
 * as file:line:column: message (sorted by position) and returns NULL. */
triage_ruleset *cli_load_ruleset(const char *path, FILE *err);

/* Prints a builder's errors sorted by file, line, column (stable), one per
 * line; `fallback_file` names errors that carry no file. Returns the count. */
size_t cli_print_builder_errors(const triage_builder *b, const char *fallback_file, FILE *out);

/* Lower-case hex of the ruleset's source hash (65 bytes with the NUL). */
void cli_rules_hash_hex(const triage_ruleset *rs, char hex[65]);

/* ---- Integrity: signed rules and the audit log (cmd_audit.c) ---- */

/* A trust object holding the keys of minisign .pub files; NULL (after a
 * message on err) when a key cannot be read. */
triage_trust *cli_trust_load(const char *const *keyfiles, size_t n, FILE *err);
/* Loads path into b; with a trust object only when its signature (sig, or
 * path + ".minisig" when NULL) verifies (the error is then on b). */
int cli_load_signed(triage_builder *b, triage_trust *trust, const char *path, const char *sig);
/* cli_load_ruleset, requiring a valid signature when trust is not NULL. */
triage_ruleset *cli_load_ruleset_signed(const char *path, triage_trust *trust, const char *sig,
                                        FILE *err);

/* An audit log opened for appending, its checkpoints signed with the
 * secret key in keyfile. Messages go to err; NULL on failure. */
typedef struct cli_audit_log cli_audit_log;
cli_audit_log *cli_audit_open(const char *log, const char *keyfile, FILE *err);
/* Appends value as compact JSON with the given kind; 0 or -1. */
int cli_audit_record(cli_audit_log *a, unsigned kind, const json_t *value, FILE *err);
/* Final checkpoint and close (NULL is fine); 0 or -1. */
int cli_audit_close(cli_audit_log *a, FILE *err);

/* ---- Input lines ---- */

/* Longest accepted input line; a longer one is skipped with an error. */
#define CLI_MAX_LINE ((size_t)64 * 1024 * 1024)

typedef struct cli_line_reader {
    FILE *in;
    char *buf;
    size_t cap;
    size_t max; /* CLI_MAX_LINE unless a test lowers it */
} cli_line_reader;

typedef enum cli_line_status {
    CLI_LINE_OK,       /* *line and *len hold the line without its newline */
    CLI_LINE_EOF,      /* no more lines */
    CLI_LINE_TOO_LONG, /* the line was longer than max; it was skipped */
    CLI_LINE_NOMEM,    /* the line could not be stored; it was skipped */
    CLI_LINE_IO        /* reading failed (errno is set) */
} cli_line_status;

void cli_line_reader_init(cli_line_reader *r, FILE *in);
void cli_line_reader_free(cli_line_reader *r);
/* Reads the next line of any length (up to r->max bytes). The line may hold
 * NUL bytes and is followed by a NUL. A final line without a newline counts;
 * a trailing "\r" is removed. */
cli_line_status cli_line_read(cli_line_reader *r, const char **line, size_t *len);

/* ---- UTF-8 repair ---- */

/* Replaces what a JSON parser would refuse as bad Unicode with U+FFFD: each
 * maximal invalid UTF-8 subpart of the raw bytes, and each `\uXXXX` escape
 * of an unpaired surrogate inside a string. Returns 0 when the text is valid
 * (nothing allocated), 1 when *out holds a repaired malloc'ed copy of *outlen
 * bytes, -1 when out of memory. */
int cli_utf8_repair(const char *text, size_t len, char **out, size_t *outlen);

/* ---- Tickets and decisions as JSON ---- */

/* Fills a ticket from a decoded JSON object: nested objects become dotted
 * field names (customer.plan), arrays multi-valued fields, numbers and
 * booleans their JSON text, null nothing. On failure returns a status and
 * writes a message into err. */
int cli_ticket_from_json(triage_ticket *t, const json_t *obj, char *err, size_t errlen);

/* The JSON text of a number or boolean (shortest text that reads back to the
 * same double for reals). Returns the length written, or 0 for other types. */
size_t cli_json_scalar_text(const json_t *v, char *buf, size_t cap);

/* The decision as a JSON object (new reference, NULL when out of memory).
 * `id` is the ticket's id value (borrowed; copied into the result). With
 * explain, adds the "hits" array. */
json_t *cli_decision_to_json(const triage_ruleset *rs, const triage_decision *d, json_t *id,
                             const char *rules_hash, unsigned extra_flags, int explain);

/* Writes a JSON value on one line ("key": value, ", " separators) and a
 * newline. Returns 0 or -1 on a write error. */
int cli_write_json_line(FILE *out, const json_t *v);

#endif
