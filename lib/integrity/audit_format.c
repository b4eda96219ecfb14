/* Audit log frames, chain hashes and checkpoint lines. */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "integrity/audit_format.h"

void tr_put_u32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
void tr_put_u64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
uint32_t tr_get_u32(const unsigned char *p) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}
uint64_t tr_get_u64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

int tr_bytes_reserve(const triage_allocator *a, tr_bytes *b, size_t need) {
    if (need <= b->cap) return TRIAGE_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap *= 2;
    unsigned char *p = tr_malloc(a, cap);
    if (!p) return TRIAGE_ERR_NOMEM;
    tr_free(a, b->data);
    b->data = p;
    b->cap = cap;
    return TRIAGE_OK;
}

void tr_bytes_free(const triage_allocator *a, tr_bytes *b) {
    tr_free(a, b->data);
    b->data = NULL;
    b->cap = 0;
}

static int pread_all(int fd, unsigned char *p, size_t n, uint64_t off) {
    while (n) {
        ssize_t got = pread(fd, p, n, (off_t)off);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return TRIAGE_ERR_IO; /* 0: the file shrank under us */
        p += got;
        n -= (size_t)got;
        off += (uint64_t)got;
    }
    return TRIAGE_OK;
}

int tr_src_read(tr_audit_src *s, uint64_t off, void *dst, size_t n) {
    if (s->buf) {
        memcpy(dst, s->buf + off, n);
        return TRIAGE_OK;
    }
    if (!s->win || n > s->win_cap) return pread_all(s->fd, dst, n, off);
    if (off < s->win_off || off + n > s->win_off + s->win_len) {
        size_t want = s->size - off < s->win_cap ? (size_t)(s->size - off) : s->win_cap;
        s->win_len = 0;
        if (pread_all(s->fd, s->win, want, off) != TRIAGE_OK) return TRIAGE_ERR_IO;
        s->win_off = off;
        s->win_len = want;
    }
    memcpy(dst, s->win + (off - s->win_off), n);
    return TRIAGE_OK;
}

static void header_check(const unsigned char *h, unsigned char out[16]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 16);
    crypto_generichash_update(&st, (const unsigned char *)TR_AUDIT_HEADER_DOMAIN,
                              sizeof TR_AUDIT_HEADER_DOMAIN - 1);
    crypto_generichash_update(&st, h, TR_AUDIT_MAGIC_SIZE + TR_AUDIT_LOG_ID);
    crypto_generichash_final(&st, out, 16);
}

void tr_header_make(unsigned char out[TR_AUDIT_HEADER_SIZE]) {
    memcpy(out, TR_AUDIT_MAGIC, TR_AUDIT_MAGIC_SIZE);
    randombytes_buf(out + TR_AUDIT_MAGIC_SIZE, TR_AUDIT_LOG_ID);
    header_check(out, out + TR_AUDIT_MAGIC_SIZE + TR_AUDIT_LOG_ID);
}

int tr_header_valid(const unsigned char h[TR_AUDIT_HEADER_SIZE]) {
    unsigned char check[16];
    header_check(h, check);
    return memcmp(h, TR_AUDIT_MAGIC, TR_AUDIT_MAGIC_SIZE) == 0 &&
           sodium_memcmp(check, h + TR_AUDIT_MAGIC_SIZE + TR_AUDIT_LOG_ID, 16) == 0;
}

void tr_chain_genesis(const unsigned char h[TR_AUDIT_HEADER_SIZE], unsigned char out[32]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)TR_AUDIT_CHAIN_DOMAIN,
                              sizeof TR_AUDIT_CHAIN_DOMAIN - 1);
    crypto_generichash_update(&st, h, TR_AUDIT_HEADER_SIZE);
    crypto_generichash_final(&st, out, 32);
}

void tr_chain_hash(const unsigned char prev[32], uint64_t seq, unsigned kind,
                   const unsigned char *payload, size_t len, unsigned char out[32]) {
    crypto_generichash_state st;
    unsigned char fields[8 + 1 + 8];
    tr_put_u64(fields, seq);
    fields[8] = (unsigned char)kind;
    tr_put_u64(fields + 9, (uint64_t)len);
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)TR_AUDIT_CHAIN_DOMAIN,
                              sizeof TR_AUDIT_CHAIN_DOMAIN - 1);
    crypto_generichash_update(&st, prev, 32);
    crypto_generichash_update(&st, fields, sizeof fields);
    if (len) crypto_generichash_update(&st, payload, len);
    crypto_generichash_final(&st, out, 32);
}

static void frame_check(const unsigned char *frame, size_t len_without_check,
                        unsigned char out[TR_FRAME_CHECK]) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, TR_FRAME_CHECK);
    crypto_generichash_update(&st, (const unsigned char *)TR_AUDIT_FRAME_DOMAIN,
                              sizeof TR_AUDIT_FRAME_DOMAIN - 1);
    crypto_generichash_update(&st, frame, len_without_check);
    crypto_generichash_final(&st, out, TR_FRAME_CHECK);
}

void tr_frame_encode(uint64_t seq, unsigned kind, const unsigned char *payload, size_t len,
                     const unsigned char hash[32], unsigned char *out) {
    uint32_t total = (uint32_t)(TR_FRAME_OVERHEAD + len);
    tr_put_u32(out, total);
    tr_put_u32(out + 4, ~total);
    tr_put_u64(out + 8, seq);
    out[16] = (unsigned char)kind;
    if (len) memcpy(out + TR_FRAME_PREFIX, payload, len);
    memcpy(out + TR_FRAME_PREFIX + len, hash, TR_FRAME_HASH);
    frame_check(out, total - TR_FRAME_CHECK, out + total - TR_FRAME_CHECK);
}

static int all_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* 1 when every byte from off to the end of the source is zero. */
static int zero_to_end(tr_audit_src *s, uint64_t off) {
    unsigned char chunk[512];
    while (off < s->size) {
        size_t n = s->size - off < sizeof chunk ? (size_t)(s->size - off) : sizeof chunk;
        if (tr_src_read(s, off, chunk, n) != TRIAGE_OK || !all_zero(chunk, n)) return 0;
        off += n;
    }
    return 1;
}

enum tr_frame_status tr_frame_read(const triage_allocator *a, tr_audit_src *s,
                                   uint64_t off, tr_bytes *buf, tr_frame *f, char *why) {
    why[0] = '\0';
    if (off >= s->size) return TR_FRAME_END;
    uint64_t rest = s->size - off;
    unsigned char head[8];
    if (rest < sizeof head) {
        tr_msgf(why, TR_MSG_SIZE, "the file ends %" PRIu64 " bytes into a frame header", rest);
        return TR_FRAME_TORN;
    }
    if (tr_src_read(s, off, head, sizeof head) != TRIAGE_OK) return TR_FRAME_IOERR;
    uint32_t len = tr_get_u32(head), check = tr_get_u32(head + 4);
    if (check != (uint32_t)~len) {
        /* A crash can leave the file longer than the data written: zeros. */
        if (zero_to_end(s, off)) {
            tr_msgf(why, TR_MSG_SIZE, "the file ends in %" PRIu64 " zero bytes", rest);
            return TR_FRAME_TORN;
        }
        tr_msgf(why, TR_MSG_SIZE, "the frame's length field is damaged");
        return TR_FRAME_BAD;
    }
    if (len < TR_FRAME_OVERHEAD || len > TR_FRAME_MAX) {
        tr_msgf(why, TR_MSG_SIZE, "impossible frame length %" PRIu32, len);
        return TR_FRAME_BAD;
    }
    if (len > rest) {
        tr_msgf(why, TR_MSG_SIZE, "the file ends %" PRIu64 " bytes into a frame of %" PRIu32
                " bytes", rest, len);
        return TR_FRAME_TORN;
    }
    if (tr_bytes_reserve(a, buf, len) != TRIAGE_OK) return TR_FRAME_NOMEM;
    unsigned char *p = buf->data;
    if (tr_src_read(s, off, p, len) != TRIAGE_OK) return TR_FRAME_IOERR;
    unsigned char expect[TR_FRAME_CHECK];
    frame_check(p, len - TR_FRAME_CHECK, expect);
    if (sodium_memcmp(expect, p + len - TR_FRAME_CHECK, TR_FRAME_CHECK) != 0) {
        if (off + len == s->size && all_zero(p + len - TR_FRAME_CHECK, TR_FRAME_CHECK)) {
            tr_msgf(why, TR_MSG_SIZE, "the last frame was not fully written (zero checksum)");
            return TR_FRAME_TORN;
        }
        tr_msgf(why, TR_MSG_SIZE, "the frame's checksum does not match its bytes");
        return TR_FRAME_BAD;
    }
    f->offset = off;
    f->len = len;
    f->seq = tr_get_u64(p + 8);
    f->kind = p[16];
    f->payload = p + TR_FRAME_PREFIX;
    f->payload_len = len - TR_FRAME_OVERHEAD;
    memcpy(f->hash, p + TR_FRAME_PREFIX + f->payload_len, TR_FRAME_HASH);
    return TR_FRAME_OK;
}

/* ---- Checkpoint lines ---- */
#define CP_PREFIX "triage-audit-v1 checkpoint count="

static size_t signed_text(uint64_t count, const unsigned char head[32], char *out, size_t cap) {
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, head, 32);
    int n = snprintf(out, cap, CP_PREFIX "%" PRIu64 " head=%s", count, hex);
    return n < 0 ? 0 : (size_t)n;
}

void tr_checkpoint_make(const tr_seckey *key, uint64_t count, const unsigned char head[32],
                        char *out, size_t cap) {
    size_t n = signed_text(count, head, out, cap);
    unsigned char sig[64];
    crypto_sign_detached(sig, NULL, (const unsigned char *)out, n, key->sk);
    char hex[17], b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
    tr_keyid_hex(key->id, hex);
    sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    snprintf(out + n, cap - n, " key=%s sig=%s", hex, b64);
}

static int cp_fail(char *why, size_t wlen, const char *msg) {
    tr_msgf(why, wlen, "checkpoint line: %s", msg);
    return TRIAGE_ERR_CORRUPT;
}

static int parse_hex_exact(const char *p, size_t n, int upper, unsigned char *out) {
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        int ok = (c >= '0' && c <= '9') || (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f'));
        if (!ok) return 0;
    }
    size_t got = 0;
    return sodium_hex2bin(out, n / 2, p, n, NULL, &got, NULL) == 0 && got == n / 2;
}

int tr_checkpoint_parse(const char *line, size_t len, tr_checkpoint *cp, char *why,
                        size_t wlen) {
    size_t plen = sizeof CP_PREFIX - 1, pos;
    if (len >= TR_CHECKPOINT_MAX || len < plen || memcmp(line, CP_PREFIX, plen) != 0)
        return cp_fail(why, wlen, "does not start with \"" CP_PREFIX "\"");
    pos = plen;
    uint64_t count = 0;
    size_t digits = 0;
    while (pos < len && line[pos] >= '0' && line[pos] <= '9') {
        unsigned d = (unsigned)(line[pos] - '0');
        if (count > (UINT64_MAX - d) / 10) return cp_fail(why, wlen, "count is too large");
        count = count * 10 + d;
        pos++, digits++;
    }
    if (digits == 0 || (digits > 1 && line[plen] == '0'))
        return cp_fail(why, wlen, "count is not a decimal number");
    if (len - pos < 6 + 64 || memcmp(line + pos, " head=", 6) != 0 ||
        !parse_hex_exact(line + pos + 6, 64, 0, cp->head))
        return cp_fail(why, wlen, "head is not 64 lower-case hex digits");
    pos += 6 + 64;
    cp->signed_len = pos;
    unsigned char id_le[TR_KEYID_BYTES];
    if (len - pos < 5 + 16 || memcmp(line + pos, " key=", 5) != 0 ||
        !parse_hex_exact(line + pos + 5, 16, 1, id_le))
        return cp_fail(why, wlen, "key is not 16 upper-case hex digits");
    for (int i = 0; i < TR_KEYID_BYTES; i++) cp->keyid[i] = id_le[TR_KEYID_BYTES - 1 - i];
    pos += 5 + 16;
    if (len - pos < 5 || memcmp(line + pos, " sig=", 5) != 0)
        return cp_fail(why, wlen, "no \" sig=\" after the key");
    pos += 5;
    if (tr_base64_decode(line + pos, len - pos, cp->sig, sizeof cp->sig) != 64)
        return cp_fail(why, wlen, "sig is not a base64 Ed25519 signature");
    cp->count = count;
    return TRIAGE_OK;
}

int tr_checkpoint_verify(const tr_checkpoint *cp, const char *line, const tr_pubkey *keys,
                         size_t nkeys, char *why, size_t wlen) {
    for (size_t i = 0; i < nkeys; i++) {
        if (memcmp(keys[i].id, cp->keyid, TR_KEYID_BYTES) != 0) continue;
        if (crypto_sign_verify_detached(cp->sig, (const unsigned char *)line, cp->signed_len,
                                        keys[i].pk) == 0)
            return TRIAGE_OK;
        tr_msgf(why, wlen, "the checkpoint's signature does not verify");
        return TRIAGE_ERR_SIGNATURE;
    }
    char hex[17];
    tr_keyid_display(cp->keyid, hex);
    tr_msgf(why, wlen, "the checkpoint is signed by key %s, which is not a trusted key", hex);
    return TRIAGE_ERR_SIGNATURE;
}
