/* Reading labelled JSON Lines tickets for eval, diff and learn. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

typedef struct walk {
    const char *cmd, *file;
    batch_ticket_fn fn;
    void *user;
    batch_stats *stats;
    triage_ticket *ticket;
} walk;

static void line_error(walk *w, size_t lineno, const char *message) {
    fprintf(stderr, "triage %s: %s:%zu: %s\n", w->cmd, w->file, lineno, message);
    w->stats->errors++;
}

static int is_blank(const char *line, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') return 0;
    return 1;
}

/* Decodes one line and hands it on; returns fn's value (0 to go on). */
static int one_line(walk *w, size_t lineno, const char *line, size_t len) {
    char *repaired = NULL;
    size_t rlen = 0;
    int bad = cli_utf8_repair(line, len, &repaired, &rlen);
    if (bad < 0) {
        line_error(w, lineno, "out of memory");
        return 0;
    }
    if (bad) {
        line = repaired;
        len = rlen;
    }
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
                             &jerr);
    int rc = 0;
    char message[512];
    const json_t *id = obj && json_is_object(obj) ? json_object_get(obj, "id") : NULL;
    if (!obj) {
        snprintf(message, sizeof message, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        line_error(w, lineno, message);
    } else if (!json_is_object(obj)) {
        line_error(w, lineno, "a ticket must be a JSON object");
    } else if (!id || !(json_is_string(id) || json_is_integer(id))) {
        line_error(w, lineno, "the ticket needs an \"id\" (a string or an integer)");
    } else {
        triage_ticket_clear(w->ticket);
        if (cli_ticket_from_json(w->ticket, obj, message, sizeof message) != TRIAGE_OK) {
            line_error(w, lineno, message);
        } else {
            w->stats->lines++;
            rc = w->fn(w->user, obj, id, w->ticket);
        }
    }
    json_decref(obj);
    free(repaired);
    return rc;
}

int batch_each_ticket_in(const char *cmd, FILE *in, const char *name, batch_progress *progress,
                         batch_ticket_fn fn, void *user, batch_stats *stats) {
    walk w = {cmd, name, fn, user, stats, triage_ticket_create(NULL)};
    if (!w.ticket) {
        fprintf(stderr, "triage %s: out of memory\n", cmd);
        return -1;
    }
    cli_line_reader reader;
    cli_line_reader_init(&reader, in);
    size_t lineno = 0;
    double bytes = 0;
    int rc = 0;
    while (rc == 0) {
        const char *line = NULL;
        size_t len = 0;
        cli_line_status st = cli_line_read(&reader, &line, &len);
        if (st == CLI_LINE_EOF) break;
        lineno++;
        if (st == CLI_LINE_IO) {
            fprintf(stderr, "triage %s: %s: read error: %s\n", cmd, name, strerror(errno));
            rc = -1;
        } else if (st == CLI_LINE_TOO_LONG) {
            line_error(&w, lineno, "line too long");
        } else if (st == CLI_LINE_NOMEM) {
            line_error(&w, lineno, "out of memory");
        } else {
            bytes += (double)len + 1;
            if (!is_blank(line, len)) rc = one_line(&w, lineno, line, len);
        }
        if (progress) batch_progress_update(progress, bytes, stats->lines);
    }
    cli_line_reader_free(&reader);
    triage_ticket_free(w.ticket);
    return rc;
}

int batch_each_ticket(const char *cmd, const char *path, batch_progress *progress,
                      batch_ticket_fn fn, void *user, batch_stats *stats) {
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "triage %s: cannot open %s: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    int rc = batch_each_ticket_in(cmd, in, is_stdin ? "<stdin>" : path, progress, fn, user, stats);
    if (!is_stdin) fclose(in);
    return rc;
}

const char *batch_label(const json_t *obj, const char *path, char *buf, size_t cap) {
    const json_t *v = json_object_get(obj, path);
    if (!v && strchr(path, '.')) { /* customer.plan: walk nested objects */
        char key[256];
        const char *p = path;
        v = obj;
        while (v && *p) {
            const char *dot = strchr(p, '.');
            size_t n = dot ? (size_t)(dot - p) : strlen(p);
            if (n >= sizeof key || !json_is_object(v)) return NULL;
            memcpy(key, p, n);
            key[n] = '\0';
            v = json_object_get(v, key);
            p += n + (dot ? 1 : 0);
        }
    }
    if (!v) return NULL;
    if (json_is_string(v)) return json_string_length(v) ? json_string_value(v) : NULL;
    return cli_json_scalar_text(v, buf, cap) ? buf : NULL;
}

const char *batch_id_text(const json_t *id, char *buf, size_t cap) {
    if (json_is_string(id)) return json_string_value(id);
    if (!cli_json_scalar_text(id, buf, cap)) snprintf(buf, cap, "?");
    return buf;
}
