/* Helpers shared by the batch subcommands (eval, diff, learn): reading
 * labelled JSON Lines tickets, a progress bar, and small text utilities. */
#ifndef BATCH_H
#define BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"

/* ---- Progress bar on standard error ----
 * Shown only when enabled (--progress, or by default when stderr is a
 * terminal); redrawn at most ten times a second. */
typedef struct batch_progress {
    int enabled;
    const char *what;     /* "tickets", "epochs" */
    double total;         /* units of work in all (bytes or steps); 0: unknown */
    double started, last; /* seconds on a monotonic clock */
    size_t items;         /* tickets (or steps) done */
    int drawn;
} batch_progress;

/* Decides whether to show progress: option is 1 (--progress), 0
 * (--no-progress) or -1 (not given: only when stderr is a terminal). */
void batch_progress_init(batch_progress *p, int option, const char *what, double total);
/* Reports `done` units of work out of the total, and items processed. */
void batch_progress_update(batch_progress *p, double done, size_t items);
/* Clears the bar's line (before printing results). */
void batch_progress_end(batch_progress *p);
/* Size in bytes of an input file, for progress (0 for stdin "-" and
 * anything that is not a regular file). */
double batch_file_size(const char *path);
/* Seconds since batch_progress_init. */
double batch_progress_elapsed(const batch_progress *p);

/* One row of the summary table: a label and a number printed with the given
 * decimals. */
typedef struct batch_row {
    const char *label;
    double value;
    int decimals;
} batch_row;

/* The summary table shown on stderr at the end of a run with progress on:
 * a title line, then one aligned row per item. */
void batch_summary(const batch_progress *p, const char *title, const batch_row *rows, size_t n);

/* Parses --progress / --no-progress; returns 1 when argv[i] was one. */
int batch_progress_option(const char *arg, int *option);

/* ---- Labelled tickets from a JSON Lines file ---- */

/* Called for each decodable ticket: obj is the JSON object (borrowed), id its
 * "id" member (a string or integer, never NULL), ticket the filled ticket.
 * A nonzero return stops the walk. */
typedef int (*batch_ticket_fn)(void *user, const json_t *obj, const json_t *id,
                               const triage_ticket *ticket);

typedef struct batch_stats {
    size_t lines;  /* tickets handed to the callback */
    size_t errors; /* lines that could not be read as tickets */
} batch_stats;

/* Reads every ticket of path ("-" is standard input), filling a ticket for
 * each and calling fn. Bad lines are reported on stderr as
 * "triage CMD: FILE:LINE: message" and counted. Returns 0, or -1 when the
 * file cannot be opened or read (after a message), or fn's nonzero value. */
int batch_each_ticket(const char *cmd, const char *path, batch_progress *progress,
                      batch_ticket_fn fn, void *user, batch_stats *stats);

/* The same for an open stream; name is used in messages. */
int batch_each_ticket_in(const char *cmd, FILE *in, const char *name, batch_progress *progress,
                         batch_ticket_fn fn, void *user, batch_stats *stats);

/* The label of a ticket: the string (or number/boolean as JSON text) at a
 * dotted path in obj; NULL when absent, null or empty. buf holds the text of
 * non-strings. */
const char *batch_label(const json_t *obj, const char *path, char *buf, size_t cap);

/* The text of an id for reports ("T-1", "42"). */
const char *batch_id_text(const json_t *id, char *buf, size_t cap);

#endif
