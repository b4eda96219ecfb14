/* libsodium start-up and the small text helpers of the integrity module. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "integrity/integrity_internal.h"

int tr_sodium_ready(void) {
    /* sodium_init is thread-safe and returns 1 when already initialised. */
    return sodium_init() < 0 ? TRIAGE_ERR_UNSUPPORTED : TRIAGE_OK;
}

void tr_msgf(char *buf, size_t cap, const char *fmt, ...) {
    if (!buf || cap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0) buf[0] = '\0';
}

void tr_lines_init(tr_lines *it, const char *text, size_t len) {
    it->text = text;
    it->len = len;
    it->pos = 0;
    it->number = 0;
}

int tr_lines_next(tr_lines *it, tr_line *line) {
    if (it->pos >= it->len) return 0;
    const char *start = it->text + it->pos;
    size_t rest = it->len - it->pos;
    const char *nl = memchr(start, '\n', rest);
    size_t n = nl ? (size_t)(nl - start) : rest;
    it->pos += nl ? n + 1 : n;
    if (n > 0 && start[n - 1] == '\r') n--;
    line->p = start;
    line->len = n;
    line->number = ++it->number;
    return 1;
}

int tr_line_starts(const tr_line *line, const char *prefix) {
    size_t n = strlen(prefix);
    return line->len >= n && memcmp(line->p, prefix, n) == 0;
}

static int is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/' || c == '=';
}

size_t tr_base64_decode(const char *b64, size_t len, unsigned char *out, size_t cap) {
    size_t n = 0;
    /* libsodium's decoder is constant-time and lets bytes >= 0x80 through as
     * other characters; a signature line must be plain base64. */
    for (size_t i = 0; i < len; i++)
        if (!is_base64_char(b64[i])) return (size_t)-1;
    if (sodium_base642bin(out, cap, b64, len, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return (size_t)-1;
    return n;
}
