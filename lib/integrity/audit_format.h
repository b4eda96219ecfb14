/* The audit log's on-disk format (docs/audit-log.md): file header, frames,
 * chain hash, frame checksum and checkpoint lines. */
#ifndef TR_AUDIT_FORMAT_H
#define TR_AUDIT_FORMAT_H

#include "integrity/integrity_internal.h"

#define TR_AUDIT_MAGIC "triage-audit-v1\n"
#define TR_AUDIT_MAGIC_SIZE 16u
#define TR_AUDIT_LOG_ID 16u
/* Header: magic, a random log id, BLAKE2b-128 of both (with its domain). */
#define TR_AUDIT_HEADER_SIZE (TR_AUDIT_MAGIC_SIZE + TR_AUDIT_LOG_ID + 16u)
#define TR_AUDIT_HEADER_DOMAIN "triage-audit-header" /* 19 bytes, no NUL */
#define TR_AUDIT_CHAIN_DOMAIN "triage-audit-v1"   /* 15 bytes, no NUL */
#define TR_AUDIT_FRAME_DOMAIN "triage-audit-frame" /* 18 bytes, no NUL */

/* Frame: u32 len, u32 ~len, u64 seq, u8 kind, payload, hash[32], check[16];
 * integers little-endian, len counts the whole frame. */
#define TR_FRAME_PREFIX 17u
#define TR_FRAME_HASH 32u
#define TR_FRAME_CHECK 16u
#define TR_FRAME_OVERHEAD (TR_FRAME_PREFIX + TR_FRAME_HASH + TR_FRAME_CHECK)
#define TR_FRAME_MAX (TR_FRAME_OVERHEAD + TRIAGE_AUDIT_MAX_PAYLOAD)

/* A checkpoint line is at most this long (prefix, 20 digits, 64 hex, key, sig). */
#define TR_CHECKPOINT_MAX 256

/* A frame as read back. payload points into the reader's buffer. */
typedef struct tr_frame {
    uint64_t offset;
    uint32_t len;
    uint64_t seq;
    unsigned kind;
    const unsigned char *payload;
    size_t payload_len;
    unsigned char hash[TR_FRAME_HASH];
} tr_frame;

/* A growable byte buffer on the host allocator. */
typedef struct tr_bytes {
    unsigned char *data;
    size_t cap;
} tr_bytes;
int tr_bytes_reserve(const triage_allocator *a, tr_bytes *b, size_t need);
void tr_bytes_free(const triage_allocator *a, tr_bytes *b);

/* Where a log is read from: a host buffer or a descriptor (pread). */
typedef struct tr_audit_src {
    const unsigned char *buf; /* buffer mode when non-NULL */
    int fd;
    uint64_t size;
    /* descriptor mode: a read window, so that a frame costs no syscall */
    unsigned char *win;
    size_t win_cap, win_len;
    uint64_t win_off;
} tr_audit_src;
#define TR_READ_WINDOW (64u * 1024u)
/* Reads exactly n bytes at off (the caller checked off + n <= size).
 * TRIAGE_OK or TRIAGE_ERR_IO. */
int tr_src_read(tr_audit_src *s, uint64_t off, void *dst, size_t n);

/* Outcome of reading one frame. */
enum tr_frame_status {
    TR_FRAME_OK,   /* whole and its checksum holds */
    TR_FRAME_END,  /* no bytes left */
    TR_FRAME_TORN, /* the file ends inside the frame (or in zero fill) */
    TR_FRAME_BAD,  /* the frame's bytes are damaged */
    TR_FRAME_IOERR,
    TR_FRAME_NOMEM
};
/* Reads the frame at off into buf. why (TR_MSG_SIZE) explains BAD/TORN. */
enum tr_frame_status tr_frame_read(const triage_allocator *a, tr_audit_src *s,
                                   uint64_t off, tr_bytes *buf, tr_frame *f, char *why);

/* A new header with a random log id. */
void tr_header_make(unsigned char out[TR_AUDIT_HEADER_SIZE]);
/* 1 when the header's checksum holds. */
int tr_header_valid(const unsigned char h[TR_AUDIT_HEADER_SIZE]);
/* The chain's starting value: BLAKE2b-256("triage-audit-v1" || header), so
 * no entry of another log chains into this one. */
void tr_chain_genesis(const unsigned char h[TR_AUDIT_HEADER_SIZE], unsigned char out[32]);

/* Chain hash of an entry: BLAKE2b-256("triage-audit-v1" || prev || seq ||
 * kind || payload length (u64) || payload). */
void tr_chain_hash(const unsigned char prev[32], uint64_t seq, unsigned kind,
                   const unsigned char *payload, size_t len, unsigned char out[32]);
/* Builds a whole frame into out (TR_FRAME_OVERHEAD + len bytes). */
void tr_frame_encode(uint64_t seq, unsigned kind, const unsigned char *payload, size_t len,
                     const unsigned char hash[32], unsigned char *out);

/* Checkpoint lines:
 * "triage-audit-v1 checkpoint count=<n> head=<hex> key=<HEX> sig=<base64>";
 * the signature covers the text before " key=". */
typedef struct tr_checkpoint {
    uint64_t count;
    unsigned char head[32];
    unsigned char keyid[TR_KEYID_BYTES];
    unsigned char sig[64];
    size_t signed_len; /* bytes of the line that the signature covers */
} tr_checkpoint;
/* Formats and signs a checkpoint line (NUL-terminated, cap >= TR_CHECKPOINT_MAX). */
void tr_checkpoint_make(const tr_seckey *key, uint64_t count, const unsigned char head[32],
                        char *out, size_t cap);
/* Parses a line strictly. TRIAGE_OK or TRIAGE_ERR_CORRUPT with a reason in why. */
int tr_checkpoint_parse(const char *line, size_t len, tr_checkpoint *cp, char *why, size_t wlen);
/* Verifies the signature with the key of matching id among keys.
 * TRIAGE_OK or TRIAGE_ERR_SIGNATURE with a reason in why. */
int tr_checkpoint_verify(const tr_checkpoint *cp, const char *line, const tr_pubkey *keys,
                         size_t nkeys, char *why, size_t wlen);

/* Little-endian integers. */
void tr_put_u32(unsigned char *p, uint32_t v);
void tr_put_u64(unsigned char *p, uint64_t v);
uint32_t tr_get_u32(const unsigned char *p);
uint64_t tr_get_u64(const unsigned char *p);

/* ---- The walk shared by the verifier and the writer's reopen ---- */
typedef struct tr_audit_walk {
    /* inputs */
    const triage_allocator *alloc;
    const tr_pubkey *keys; /* NULL/0: checkpoint signatures are not checked */
    size_t nkeys;
    const char *anchor; /* checkpoint line kept elsewhere, or NULL */
    size_t anchor_len;
    /* results */
    int reason;            /* TRIAGE_AUDIT_* */
    uint64_t index;        /* first bad entry, or entries */
    uint64_t offset;       /* its offset, or the end of the intact part */
    uint64_t entries;      /* intact entries */
    uint64_t checkpoints;  /* checkpoints whose signature verified */
    uint64_t unsealed;     /* intact entries after the last checkpoint */
    uint64_t end;          /* offset just after the last intact entry */
    unsigned char head[32];
    char last_checkpoint[TR_CHECKPOINT_MAX];
    char message[TR_MSG_SIZE];
} tr_audit_walk;
/* Walks a whole log. Returns the status verification reports. */
int tr_audit_walk_run(tr_audit_walk *w, tr_audit_src *src);

/* ---- audit_diagnose.c ----
 * Entry `index` (frame f, whole and intact by its checksum) does not follow
 * from the chain before it (head prev). Finds out why by looking at the
 * rest of the log: sets w->reason and w->message. */
int tr_audit_diagnose(tr_audit_walk *w, tr_audit_src *src, uint64_t index,
                      const unsigned char prev[32], const tr_frame *f);

#endif
