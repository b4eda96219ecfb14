/* Reading input lines of any length, with a cap so that one huge line
 * cannot exhaust memory. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"

void cli_line_reader_init(cli_line_reader *r, FILE *in) {
    r->in = in;
    r->buf = NULL;
    r->cap = 0;
    r->max = CLI_MAX_LINE;
}

void cli_line_reader_free(cli_line_reader *r) {
    free(r->buf);
    r->buf = NULL;
    r->cap = 0;
}

/* Makes room for `need` bytes plus the NUL; doubles to keep reads linear. */
static int reserve(cli_line_reader *r, size_t need) {
    if (need < r->cap) return 0;
    size_t cap = r->cap ? r->cap : 4096;
    while (cap <= need) cap *= 2;
    char *p = realloc(r->buf, cap);
    if (!p) return -1;
    r->buf = p;
    r->cap = cap;
    return 0;
}

/* Drops the rest of an over-long or unstorable line. */
static int skip_rest(FILE *in) {
    int c;
    while ((c = getc_unlocked(in)) != EOF)
        if (c == '\n') return 1;
    return 0;
}

cli_line_status cli_line_read(cli_line_reader *r, const char **line, size_t *len) {
    size_t n = 0;
    int c;
    int any = 0;
    while ((c = getc_unlocked(r->in)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (n >= r->max) {
            skip_rest(r->in);
            return CLI_LINE_TOO_LONG;
        }
        if (reserve(r, n + 1) != 0) {
            skip_rest(r->in);
            return CLI_LINE_NOMEM;
        }
        r->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(r->in)) return CLI_LINE_IO;
    if (!any) return CLI_LINE_EOF;
    if (reserve(r, n) != 0) return CLI_LINE_NOMEM;
    if (n > 0 && r->buf[n - 1] == '\r') n--;
    r->buf[n] = '\0';
    *line = r->buf;
    *len = n;
    return CLI_LINE_OK;
}
