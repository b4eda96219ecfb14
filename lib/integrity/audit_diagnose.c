/* Why an intact frame does not follow from the chain: changed, inserted,
 * duplicated, reordered or removed. Frames carry their own entry number
 * and chain hash, and each frame's checksum shows those are the bytes the
 * writer wrote, so the rest of the log tells which of these happened. */
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "integrity/audit_format.h"

/* What the rest of the log says about the misplaced frame f. */
typedef struct clues {
    int next_is_expected; /* the frame right after f is entry `index` and chains */
    int later_has_index;  /* some frame after f is numbered `index` */
    int same_elsewhere;   /* another frame has f's number and chain hash */
    int other_same_seq;   /* another frame has f's number but another hash */
    int pred_found;       /* a frame numbered f->seq - 1 exists */
    unsigned char pred_hash[32];
} clues;

static int chains(const unsigned char prev[32], const tr_frame *f) {
    unsigned char h[32];
    tr_chain_hash(prev, f->seq, f->kind, f->payload, f->payload_len, h);
    return sodium_memcmp(h, f->hash, 32) == 0;
}

static int gather(tr_audit_walk *w, tr_audit_src *src, uint64_t index,
                  const unsigned char prev[32], const tr_frame *f, clues *c) {
    tr_bytes buf = {NULL, 0};
    tr_frame g;
    char why[TR_MSG_SIZE];
    memset(c, 0, sizeof *c);
    enum tr_frame_status st = tr_frame_read(w->alloc, src, f->offset + f->len, &buf, &g, why);
    if (st == TR_FRAME_OK && g.seq == index && chains(prev, &g)) c->next_is_expected = 1;
    if (st == TR_FRAME_NOMEM || st == TR_FRAME_IOERR) goto fail;

    /* One pass over every intact frame of the log (up to the first damage). */

    for (uint64_t off = TR_AUDIT_HEADER_SIZE;; off += g.len) {
        st = tr_frame_read(w->alloc, src, off, &buf, &g, why);
        if (st == TR_FRAME_NOMEM || st == TR_FRAME_IOERR) goto fail;
        if (st != TR_FRAME_OK) break;
        if (g.offset == f->offset) continue;
        if (g.seq == index && g.offset > f->offset) c->later_has_index = 1;
        if (g.seq == f->seq) {
            if (memcmp(g.hash, f->hash, 32) == 0)
                c->same_elsewhere = 1;
            else
                c->other_same_seq = 1;
        }
        if (f->seq > 0 && g.seq == f->seq - 1 && !c->pred_found) {
            c->pred_found = 1;
            memcpy(c->pred_hash, g.hash, 32);
        }
    }
    tr_bytes_free(w->alloc, &buf);
    return TRIAGE_OK;
fail:
    tr_bytes_free(w->alloc, &buf);
    tr_msgf(w->message, sizeof w->message, "%s while examining the log",
            st == TR_FRAME_NOMEM ? "out of memory" : "read error");
    return st == TR_FRAME_NOMEM ? TRIAGE_ERR_NOMEM : TRIAGE_ERR_IO;
}

int tr_audit_diagnose(tr_audit_walk *w, tr_audit_src *src, uint64_t index,
                      const unsigned char prev[32], const tr_frame *f) {
    clues c;
    int rc = gather(w, src, index, prev, f, &c);
    if (rc != TRIAGE_OK) return rc;
    uint64_t s = f->seq, off = f->offset;
    char *m = w->message;
    size_t ml = sizeof w->message;

    if (s == index) {
        if (c.next_is_expected) {
            w->reason = TRIAGE_AUDIT_INSERTED;
            tr_msgf(m, ml, "an entry that does not belong to this log was inserted at offset %"
                    PRIu64 ", before entry %" PRIu64, off, index);
        } else {
            w->reason = TRIAGE_AUDIT_CHANGED;
            tr_msgf(m, ml, "entry %" PRIu64 " (offset %" PRIu64 ") does not match the chain: "
                    "it was changed or replaced", index, off);
        }
    } else if (s < index || c.same_elsewhere || c.other_same_seq) {
        if (c.same_elsewhere) {
            w->reason = TRIAGE_AUDIT_DUPLICATED;
            tr_msgf(m, ml, "offset %" PRIu64 " holds a second copy of entry %" PRIu64
                    " where entry %" PRIu64 " should be", off, s, index);
        } else {
            w->reason = TRIAGE_AUDIT_INSERTED;
            tr_msgf(m, ml, "an entry numbered %" PRIu64 " that does not belong to this log was "
                    "inserted at offset %" PRIu64 ", where entry %" PRIu64 " should be", s, off,
                    index);
        }
    } else if (!c.later_has_index) {
        w->reason = TRIAGE_AUDIT_REMOVED;
        tr_msgf(m, ml, "entries %" PRIu64 " to %" PRIu64 " are missing: offset %" PRIu64
                " holds entry %" PRIu64, index, s - 1, off, s);
    } else if ((c.pred_found && chains(c.pred_hash, f))) {
        w->reason = TRIAGE_AUDIT_REORDERED;
        tr_msgf(m, ml, "entries are out of order: offset %" PRIu64 " holds entry %" PRIu64
                " where entry %" PRIu64 " should be", off, s, index);
    } else {
        w->reason = TRIAGE_AUDIT_INSERTED;
        tr_msgf(m, ml, "an entry numbered %" PRIu64 " that does not belong to this log was "
                "inserted at offset %" PRIu64 ", before entry %" PRIu64, s, off, index);
    }
    return TRIAGE_OK;
}
