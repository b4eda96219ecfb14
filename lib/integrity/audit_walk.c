/* The audit log walk: checks the header, every frame, the chain, every
 * checkpoint and the anchor, and stops at the first problem. */
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "integrity/audit_format.h"

static int finish(tr_audit_walk *w, int reason, uint64_t index, uint64_t offset) {
    w->reason = reason;
    w->index = index;
    w->offset = offset;
    switch (reason) {
    case TRIAGE_AUDIT_OK:
    case TRIAGE_AUDIT_TORN_TAIL: return TRIAGE_OK;
    case TRIAGE_AUDIT_BAD_CHECKPOINT: return TRIAGE_ERR_SIGNATURE;
    default: return TRIAGE_ERR_CORRUPT;
    }
}

/* -1: header fine (w->head set to the chain's start), -2: torn header,
 * else the finished status. */
static int check_header(tr_audit_walk *w, tr_audit_src *src) {
    unsigned char head[TR_AUDIT_HEADER_SIZE];
    size_t n = src->size < sizeof head ? (size_t)src->size : sizeof head;
    if (n && tr_src_read(src, 0, head, n) != TRIAGE_OK) return TRIAGE_ERR_IO;
    size_t magic = n < TR_AUDIT_MAGIC_SIZE ? n : TR_AUDIT_MAGIC_SIZE;
    if (memcmp(head, TR_AUDIT_MAGIC, magic) != 0) {
        tr_msgf(w->message, sizeof w->message,
                "not a triage audit log (the file does not start with \"triage-audit-v1\")");
        return finish(w, TRIAGE_AUDIT_BAD_HEADER, 0, 0);
    }
    if (n < sizeof head) return -2;
    if (!tr_header_valid(head)) {
        tr_msgf(w->message, sizeof w->message, "the log header (its id) was changed");
        return finish(w, TRIAGE_AUDIT_BAD_HEADER, 0, 0);
    }
    tr_chain_genesis(head, w->head);
    return -1;
}

/* Checks checkpoint entry `index` (its chain hash already verified). */
static int check_checkpoint(tr_audit_walk *w, uint64_t index, const unsigned char prev[32],
                            const tr_frame *f, int *verified) {
    tr_checkpoint cp;
    char why[TR_MSG_SIZE];
    const char *line = (const char *)f->payload;
    *verified = 0;
    if (tr_checkpoint_parse(line, f->payload_len, &cp, why, sizeof why) != TRIAGE_OK) {
        tr_msgf(w->message, sizeof w->message, "entry %" PRIu64 " (offset %" PRIu64 "): %s",
                index, f->offset, why);
        return -1;
    }
    if (cp.count != index || sodium_memcmp(cp.head, prev, 32) != 0) {
        tr_msgf(w->message, sizeof w->message, "checkpoint at entry %" PRIu64 " (offset %" PRIu64
                ") does not match the chain: entries before it were rewritten", index,
                f->offset);
        return -1;
    }
    if (w->nkeys) {
        if (tr_checkpoint_verify(&cp, line, w->keys, w->nkeys, why, sizeof why) != TRIAGE_OK) {
            tr_msgf(w->message, sizeof w->message, "checkpoint at entry %" PRIu64
                    " (offset %" PRIu64 "): %s", index, f->offset, why);
            return -1;
        }
        *verified = 1;
    }
    memcpy(w->last_checkpoint, line, f->payload_len);
    w->last_checkpoint[f->payload_len] = '\0';
    return 0;
}

static int check_anchor(tr_audit_walk *w, tr_checkpoint *anchor) {
    char why[TR_MSG_SIZE];
    if (tr_checkpoint_parse(w->anchor, w->anchor_len, anchor, why, sizeof why) != TRIAGE_OK) {
        tr_msgf(w->message, sizeof w->message, "anchor: %s", why);
        return -1;
    }
    if (w->nkeys &&
        tr_checkpoint_verify(anchor, w->anchor, w->keys, w->nkeys, why, sizeof why) != TRIAGE_OK) {
        tr_msgf(w->message, sizeof w->message, "anchor: %s", why);
        return -1;
    }
    return 0;
}

static int reached_end(tr_audit_walk *w, int torn, uint64_t off, const tr_checkpoint *anchor,
                       int anchor_seen, const char *why) {
    w->end = off;
    if (w->anchor && !anchor_seen) {
        tr_msgf(w->message, sizeof w->message, "the log ends after %" PRIu64 " entries, but the "
                "anchored checkpoint is entry %" PRIu64 ": entries were cut off%s", w->entries,
                anchor->count, torn ? " (the last frame is torn)" : "");
        return finish(w, TRIAGE_AUDIT_CUT, w->entries, off);
    }
    if (torn) {
        tr_msgf(w->message, sizeof w->message, "torn tail at offset %" PRIu64 " after %" PRIu64
                " intact entries: %s (a crash during a write; not tampering)", off, w->entries,
                why);
        return finish(w, TRIAGE_AUDIT_TORN_TAIL, w->entries, off);
    }
    tr_msgf(w->message, sizeof w->message, "%" PRIu64 " entries intact, %" PRIu64
            " checkpoints verified%s, %" PRIu64 " entries after the last verified checkpoint",
            w->entries, w->checkpoints, w->nkeys ? "" : " (no public key: signatures not "
            "checked)", w->unsealed);
    return finish(w, TRIAGE_AUDIT_OK, w->entries, off);
}

static int walk(tr_audit_walk *w, tr_audit_src *src);

int tr_audit_walk_run(tr_audit_walk *w, tr_audit_src *src) {
    w->reason = TRIAGE_AUDIT_OK;
    w->index = w->offset = w->entries = w->checkpoints = w->unsealed = w->end = 0;
    memset(w->head, 0, sizeof w->head);
    w->last_checkpoint[0] = '\0';
    w->message[0] = '\0';
    if (tr_sodium_ready() != TRIAGE_OK) return TRIAGE_ERR_UNSUPPORTED;

    /* A read window for descriptors; without one (no memory) reads still work. */
    if (!src->buf && !src->win) {
        src->win = tr_malloc(w->alloc, TR_READ_WINDOW);
        src->win_cap = src->win ? TR_READ_WINDOW : 0;
        src->win_len = 0;
        int rc = walk(w, src);
        tr_free(w->alloc, src->win);
        src->win = NULL;
        src->win_cap = src->win_len = 0;
        return rc;
    }
    return walk(w, src);
}

static int walk(tr_audit_walk *w, tr_audit_src *src) {
    tr_checkpoint anchor;
    memset(&anchor, 0, sizeof anchor);
    int anchor_seen = 0;
    if (w->anchor && check_anchor(w, &anchor) != 0)
        return finish(w, TRIAGE_AUDIT_BAD_CHECKPOINT, 0, 0);
    int rc = check_header(w, src);
    if (rc == -2)
        return reached_end(w, 1, 0, &anchor, anchor_seen, "the file ends inside its header");
    if (rc != -1) return rc;

    tr_bytes buf = {NULL, 0};
    uint64_t off = TR_AUDIT_HEADER_SIZE;
    char why[TR_MSG_SIZE];
    for (uint64_t index = 0;; index++) {
        tr_frame f;
        enum tr_frame_status st = tr_frame_read(w->alloc, src, off, &buf, &f, why);
        if (st == TR_FRAME_IOERR || st == TR_FRAME_NOMEM) {
            rc = st == TR_FRAME_IOERR ? TRIAGE_ERR_IO : TRIAGE_ERR_NOMEM;
            tr_msgf(w->message, sizeof w->message, "%s at offset %" PRIu64,
                    st == TR_FRAME_IOERR ? "read error" : "out of memory", off);
            break;
        }
        if (st == TR_FRAME_END || st == TR_FRAME_TORN) {
            rc = reached_end(w, st == TR_FRAME_TORN, off, &anchor, anchor_seen, why);
            break;
        }
        if (st == TR_FRAME_BAD) {
            w->end = off;
            tr_msgf(w->message, sizeof w->message, "entry %" PRIu64 " (offset %" PRIu64
                    ") was changed: %s", index, off, why);
            rc = finish(w, TRIAGE_AUDIT_CHANGED, index, off);
            break;
        }
        unsigned char h[32];
        tr_chain_hash(w->head, f.seq, f.kind, f.payload, f.payload_len, h);
        if (f.seq != index || sodium_memcmp(h, f.hash, 32) != 0) {
            w->end = off;
            rc = tr_audit_diagnose(w, src, index, w->head, &f);
            if (rc == TRIAGE_OK) rc = finish(w, w->reason, index, off);
            break;
        }
        if (f.kind == TRIAGE_AUDIT_CHECKPOINT) {
            int verified;
            if (check_checkpoint(w, index, w->head, &f, &verified) != 0) {
                w->end = off;
                rc = finish(w, TRIAGE_AUDIT_BAD_CHECKPOINT, index, off);
                break;
            }
            if (verified) {
                w->checkpoints++;
                w->unsealed = (uint64_t)-1; /* becomes 0 below: the checkpoint seals itself */
            }
        }
        if (w->anchor && index == anchor.count) {
            if (f.kind != TRIAGE_AUDIT_CHECKPOINT || f.payload_len != w->anchor_len ||
                memcmp(f.payload, w->anchor, w->anchor_len) != 0) {
                w->end = off;
                tr_msgf(w->message, sizeof w->message, "entry %" PRIu64 " (offset %" PRIu64
                        ") is not the anchored checkpoint: the log was rewritten", index, off);
                rc = finish(w, TRIAGE_AUDIT_BAD_CHECKPOINT, index, off);
                break;
            }
            anchor_seen = 1;
        }
        memcpy(w->head, f.hash, 32);
        w->entries++;
        w->unsealed++;
        off += f.len;
    }
    tr_bytes_free(w->alloc, &buf);
    return rc;
}
