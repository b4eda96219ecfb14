/* TZif reader (RFC 8536, versions 1 to 4). Every count and index is checked
 * against the data before use; anything inconsistent is TRIAGE_ERR_TIMEZONE. */
#include <stdio.h>
#include <string.h>

#include "sla/tz.h"

#define TZIF_HEADER 44

typedef struct tzif_counts {
    size_t isut, isstd, leap, time, type, chars;
} tzif_counts;

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p) {
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return (int64_t)v;
}

static int read_header(const unsigned char *p, size_t len, tzif_counts *c, int *version) {
    if (len < TZIF_HEADER || memcmp(p, "TZif", 4) != 0) return -1;
    if (p[4] != 0 && (p[4] < '2' || p[4] > '4')) return -1;
    *version = p[4] ? p[4] - '0' : 1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    /* Every count is bounded by the file size, so the sums below cannot wrap. */
    if (c->isut > len || c->isstd > len || c->leap > len || c->time > len || c->type > len ||
        c->chars > len)
        return -1;
    if (c->type == 0 || c->type > 256 || c->chars == 0) return -1;
    if (c->isut != 0 && c->isut != c->type) return -1;
    if (c->isstd != 0 && c->isstd != c->type) return -1;
    return 0;
}

static size_t block_size(const tzif_counts *c, size_t tsize) {
    return c->time * tsize + c->time + c->type * 6 + c->chars + c->leap * (tsize + 4) + c->isstd +
           c->isut;
}

/* Loads the transitions and types of one data block (tsize 4 or 8). */
static int read_block(const triage_allocator *a, const unsigned char *p, const tzif_counts *c,
                      size_t tsize, tr_tz *z) {
    if (c->leap != 0) return -1; /* "right/" zones count leap seconds: not supported */
    z->ntimes = c->time;
    z->ntypes = c->type;
    z->times = tr_calloc(a, c->time ? c->time : 1, sizeof *z->times);
    z->types = tr_calloc(a, c->time ? c->time : 1, 1);
    z->offsets = tr_calloc(a, c->type, sizeof *z->offsets);
    if (!z->times || !z->types || !z->offsets) return -2;
    const unsigned char *q = p;
    for (size_t i = 0; i < c->time; i++, q += tsize) {
        z->times[i] = tsize == 8 ? be64(q) : (int64_t)(int32_t)be32(q);
        if (i > 0 && z->times[i] <= z->times[i - 1]) return -1;
    }
    for (size_t i = 0; i < c->time; i++, q++) {
        if (*q >= c->type) return -1;
        z->types[i] = *q;
    }
    for (size_t i = 0; i < c->type; i++, q += 6) {
        int32_t off = (int32_t)be32(q);
        if (off < -TR_TZ_MAX_OFFSET || off > TR_TZ_MAX_OFFSET) return -1;
        if (q[4] > 1 || q[5] >= c->chars) return -1;
        z->offsets[i] = off;
    }
    q += c->chars;
    for (size_t i = 0; i < c->isstd + c->isut; i++)
        if (q[i] > 1) return -1;
    return 0;
}

int tr_tz_name_ok(const char *name, size_t len) {
    if (!name || len == 0 || len > TR_TZ_MAX_NAME) return 0;
    size_t comp = 0; /* length of the current path component */
    for (size_t i = 0; i < len; i++) {
        char ch = name[i];
        if (ch == '/') {
            if (comp == 0) return 0; /* leading '/' or "//" */
            comp = 0;
            continue;
        }
        int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '+' || (ch == '-' && comp > 0);
        if (!ok) return 0; /* dots (and so ".."), spaces, NUL, ... */
        comp++;
    }
    return comp > 0; /* no trailing '/' */
}

void tr_tz_free(const triage_allocator *a, tr_tz *z) {
    if (!z) return;
    tr_free(a, z->name);
    tr_free(a, z->times);
    tr_free(a, z->types);
    tr_free(a, z->offsets);
    tr_free(a, z);
}

int tr_tz_parse(const triage_allocator *a, const char *name, size_t nlen, const unsigned char *data,
                size_t len, tr_tz **out) {
    *out = NULL;
    if (!data || len > TRIAGE_MAX_TZIF_SIZE) return TRIAGE_ERR_TIMEZONE;
    if (!name || nlen == 0 || nlen > TR_TZ_MAX_NAME || memchr(name, 0, nlen))
        return TRIAGE_ERR_TIMEZONE;
    tzif_counts c;
    int version;
    if (read_header(data, len, &c, &version) != 0) return TRIAGE_ERR_TIMEZONE;
    size_t pos = TZIF_HEADER;
    size_t tsize = 4;
    size_t size = block_size(&c, 4);
    if (size > len - pos) return TRIAGE_ERR_TIMEZONE;
    if (version >= 2) {
        /* Skip the 32-bit block and use the 64-bit one that follows. */
        pos += size;
        int v2;
        if (read_header(data + pos, len - pos, &c, &v2) != 0 || v2 != version)
            return TRIAGE_ERR_TIMEZONE;
        pos += TZIF_HEADER;
        tsize = 8;
        size = block_size(&c, 8);
        if (size > len - pos) return TRIAGE_ERR_TIMEZONE;
    }
    tr_tz *z = tr_calloc(a, 1, sizeof *z);
    if (!z) return TRIAGE_ERR_NOMEM;
    int rc = read_block(a, data + pos, &c, tsize, z);
    if (rc != 0) {
        tr_tz_free(a, z);
        return rc == -2 ? TRIAGE_ERR_NOMEM : TRIAGE_ERR_TIMEZONE;
    }
    pos += size;
    if (version >= 2) {
        /* Footer: '\n' POSIX-TZ '\n'; an empty string means "no rule". */
        if (len - pos < 2 || data[pos] != '\n') goto bad;
        const unsigned char *s = data + pos + 1;
        const unsigned char *nl = memchr(s, '\n', len - pos - 1);
        if (!nl) goto bad;
        size_t slen = (size_t)(nl - s);
        if (slen > 0) {
            if (tr_posix_tz_parse((const char *)s, slen, &z->footer) != 0) goto bad;
            z->has_footer = 1;
        }
    }
    for (size_t i = 0; i < z->ntypes; i++) {
        int32_t o = z->offsets[i] < 0 ? -z->offsets[i] : z->offsets[i];
        if (o > z->max_abs_offset) z->max_abs_offset = o;
    }
    if (z->has_footer) {
        int32_t f[2] = {z->footer.std_off, z->footer.dst_off};
        for (int i = 0; i < 2; i++) {
            int32_t o = f[i] < 0 ? -f[i] : f[i];
            if (o > z->max_abs_offset) z->max_abs_offset = o;
        }
    }
    z->name = tr_strndup(a, name, nlen);
    if (!z->name) {
        tr_tz_free(a, z);
        return TRIAGE_ERR_NOMEM;
    }
    *out = z;
    return TRIAGE_OK;
bad:
    tr_tz_free(a, z);
    return TRIAGE_ERR_TIMEZONE;
}

int tr_tz_load(const triage_allocator *a, const char *dir, const char *name, size_t nlen,
               tr_tz **out) {
    *out = NULL;
    if (!tr_tz_name_ok(name, nlen) || !dir) return TRIAGE_ERR_TIMEZONE;
    size_t dlen = strlen(dir);
    if (dlen > 4096) return TRIAGE_ERR_TIMEZONE;
    char *path = tr_malloc(a, dlen + nlen + 2);
    if (!path) return TRIAGE_ERR_NOMEM;
    memcpy(path, dir, dlen);
    path[dlen] = '/';
    memcpy(path + dlen + 1, name, nlen);
    path[dlen + 1 + nlen] = '\0';
    FILE *f = fopen(path, "rb");
    tr_free(a, path);
    if (!f) return TRIAGE_ERR_TIMEZONE;
    unsigned char *buf = tr_malloc(a, TRIAGE_MAX_TZIF_SIZE + 1);
    if (!buf) {
        fclose(f);
        return TRIAGE_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, TRIAGE_MAX_TZIF_SIZE + 1, f);
    int failed = ferror(f);
    fclose(f);
    int rc = TRIAGE_ERR_TIMEZONE;
    if (!failed && n <= TRIAGE_MAX_TZIF_SIZE) rc = tr_tz_parse(a, name, nlen, buf, n, out);
    tr_free(a, buf);
    return rc;
}

tr_tz *tr_tz_clone(const triage_allocator *a, const tr_tz *z) {
    tr_tz *c = tr_calloc(a, 1, sizeof *c);
    if (!c) return NULL;
    *c = *z;
    c->name = tr_strndup(a, z->name, strlen(z->name));
    c->times = tr_calloc(a, z->ntimes ? z->ntimes : 1, sizeof *c->times);
    c->types = tr_calloc(a, z->ntimes ? z->ntimes : 1, 1);
    c->offsets = tr_calloc(a, z->ntypes, sizeof *c->offsets);
    if (!c->name || !c->times || !c->types || !c->offsets) {
        tr_tz_free(a, c);
        return NULL;
    }
    if (z->ntimes) {
        memcpy(c->times, z->times, z->ntimes * sizeof *c->times);
        memcpy(c->types, z->types, z->ntimes);
    }
    memcpy(c->offsets, z->offsets, z->ntypes * sizeof *c->offsets);
    return c;
}
