/* The builder's error list and source locations. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "rules/model.h"

/* Adds an error; when even that cannot be allocated the error is dropped,
 * but the status still reaches the caller. */
#ifdef __GNUC__
__attribute__((format(printf, 4, 0))) /* clang: -Wformat-nonliteral */
#endif
static int push_error(triage_builder *b, const tr_loc *loc, int status, const char *fmt,
                      va_list ap) {
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (tr_reserve(b->alloc, (void **)&b->errors, &b->cap_errors, b->nerrors + 1,
                   sizeof *b->errors) != TRIAGE_OK)
        return status;
    char *msg = tr_strndup(b->alloc, buf, strlen(buf));
    if (!msg) return status;
    b->errors[b->nerrors++] = (tr_error){status, *loc, msg};
    return status;
}

int tr_builder_fail(triage_builder *b, int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    push_error(b, &b->loc, status, fmt, ap);
    va_end(ap);
    return status;
}

int tr_builder_fail_at(triage_builder *b, const tr_loc *loc, int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    push_error(b, loc, status, fmt, ap);
    va_end(ap);
    return status;
}

int triage_builder_add_error(triage_builder *b, int status, const char *file, unsigned line,
                             unsigned column, const char *message) {
    if (!b || !message || status >= 0) return TRIAGE_ERR_ARGUMENT;
    tr_loc saved = b->loc;
    int rc = triage_builder_set_location(b, file, line, column);
    if (rc == TRIAGE_OK) tr_builder_fail(b, status, "%s", message);
    b->loc = saved;
    return rc;
}

int triage_builder_set_location(triage_builder *b, const char *file, unsigned line,
                                unsigned column) {
    if (!b) return TRIAGE_ERR_ARGUMENT;
    const char *interned = NULL;
    if (file) {
        for (size_t i = b->nfiles; i-- > 0;)
            if (strcmp(b->files[i], file) == 0) {
                interned = b->files[i];
                break;
            }
        if (!interned) {
            if (tr_reserve(b->alloc, (void **)&b->files, &b->cap_files, b->nfiles + 1,
                           sizeof *b->files) != TRIAGE_OK)
                return TRIAGE_ERR_NOMEM;
            char *copy = tr_strndup(b->alloc, file, strlen(file));
            if (!copy) return TRIAGE_ERR_NOMEM;
            b->files[b->nfiles++] = copy;
            interned = copy;
        }
    }
    b->loc = (tr_loc){interned, line, column};
    return TRIAGE_OK;
}

size_t triage_builder_error_count(const triage_builder *b) { return b ? b->nerrors : 0; }

int triage_builder_error(const triage_builder *b, size_t index, const char **file, unsigned *line,
                         unsigned *column, const char **message) {
    if (!b || index >= b->nerrors) return TRIAGE_ERR_NOT_FOUND;
    const tr_error *e = &b->errors[index];
    if (file) *file = e->loc.file;
    if (line) *line = e->loc.line;
    if (column) *column = e->loc.column;
    if (message) *message = e->message;
    return e->status;
}
