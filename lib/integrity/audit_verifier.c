/* triage_audit_verifier: trusted keys, an optional anchor, and the result
 * of the last verification. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "integrity/audit_format.h"

#define MAX_VERIFIER_KEYS 64

struct triage_audit_verifier {
    const triage_allocator *alloc;
    tr_pubkey keys[MAX_VERIFIER_KEYS];
    size_t nkeys;
    char anchor[TR_CHECKPOINT_MAX];
    size_t anchor_len;
    tr_audit_walk walk;
};

const char *triage_audit_reason_name(int reason) {
    switch (reason) {
    case TRIAGE_AUDIT_OK: return "ok";
    case TRIAGE_AUDIT_TORN_TAIL: return "torn_tail";
    case TRIAGE_AUDIT_BAD_HEADER: return "bad_header";
    case TRIAGE_AUDIT_CHANGED: return "changed";
    case TRIAGE_AUDIT_REMOVED: return "removed";
    case TRIAGE_AUDIT_REORDERED: return "reordered";
    case TRIAGE_AUDIT_DUPLICATED: return "duplicated";
    case TRIAGE_AUDIT_INSERTED: return "inserted";
    case TRIAGE_AUDIT_CUT: return "cut";
    case TRIAGE_AUDIT_BAD_CHECKPOINT: return "bad_checkpoint";
    default: return NULL;
    }
}

triage_audit_verifier *triage_audit_verifier_create(const triage_allocator *allocator) {
    if (tr_sodium_ready() != TRIAGE_OK) return NULL;
    triage_audit_verifier *v = tr_calloc(allocator, 1, sizeof *v);
    if (!v) return NULL;
    v->alloc = allocator;
    return v;
}

void triage_audit_verifier_free(triage_audit_verifier *v) {
    if (v) tr_free(v->alloc, v);
}

int triage_audit_verifier_add_key(triage_audit_verifier *v, const char *text, size_t len) {
    if (!v || !text) return TRIAGE_ERR_ARGUMENT;
    tr_pubkey key;
    int rc = tr_pubkey_parse(text, len, &key, v->walk.message, sizeof v->walk.message);
    if (rc != TRIAGE_OK) return rc;
    for (size_t i = 0; i < v->nkeys; i++)
        if (memcmp(&v->keys[i], &key, sizeof key) == 0) return TRIAGE_OK;
    if (v->nkeys == MAX_VERIFIER_KEYS) {
        tr_msgf(v->walk.message, sizeof v->walk.message, "at most %d keys",
                MAX_VERIFIER_KEYS);
        return TRIAGE_ERR_LIMIT;
    }
    v->keys[v->nkeys++] = key;
    return TRIAGE_OK;
}

int triage_audit_verifier_set_anchor(triage_audit_verifier *v, const char *line, size_t len) {
    if (!v || (!line && len)) return TRIAGE_ERR_ARGUMENT;
    /* Accept the line as exported, with or without its newline. */
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (len == 0) {
        v->anchor_len = 0;
        return TRIAGE_OK;
    }
    tr_checkpoint cp;
    char why[TR_MSG_SIZE];
    if (tr_checkpoint_parse(line, len, &cp, why, sizeof why) != TRIAGE_OK) {
        tr_msgf(v->walk.message, sizeof v->walk.message, "anchor: %s", why);
        return TRIAGE_ERR_ARGUMENT;
    }
    memcpy(v->anchor, line, len);
    v->anchor[len] = '\0';
    v->anchor_len = len;
    return TRIAGE_OK;
}

static int run(triage_audit_verifier *v, tr_audit_src *src) {
    tr_audit_walk *w = &v->walk;
    w->alloc = v->alloc;
    w->keys = v->keys;
    w->nkeys = v->nkeys;
    w->anchor = v->anchor_len ? v->anchor : NULL;
    w->anchor_len = v->anchor_len;
    return tr_audit_walk_run(w, src);
}

int triage_audit_verify_buffer(triage_audit_verifier *v, const unsigned char *data,
                               size_t len) {
    if (!v || (!data && len)) return TRIAGE_ERR_ARGUMENT;
    static const unsigned char empty[1] = {0};
    tr_audit_src src = {.buf = data ? data : empty, .fd = -1, .size = len};
    return run(v, &src);
}

int triage_audit_verify_fd(triage_audit_verifier *v, int fd) {
    if (!v || fd < 0) return TRIAGE_ERR_ARGUMENT;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        tr_msgf(v->walk.message, sizeof v->walk.message, "not a regular file");
        return TRIAGE_ERR_IO;
    }
    tr_audit_src src = {.buf = NULL, .fd = fd, .size = (uint64_t)st.st_size};
    return run(v, &src);
}

int triage_audit_verify(triage_audit_verifier *v, const char *path) {
    if (!v || !path) return TRIAGE_ERR_ARGUMENT;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        tr_msgf(v->walk.message, sizeof v->walk.message, "%s: cannot open: %s", path,
                strerror(errno));
        return TRIAGE_ERR_IO;
    }
    int rc = triage_audit_verify_fd(v, fd);
    close(fd);
    return rc;
}

int triage_audit_verifier_reason(const triage_audit_verifier *v) {
    return v ? v->walk.reason : TRIAGE_ERR_ARGUMENT;
}
uint64_t triage_audit_verifier_index(const triage_audit_verifier *v) {
    return v ? v->walk.index : 0;
}
uint64_t triage_audit_verifier_offset(const triage_audit_verifier *v) {
    return v ? v->walk.offset : 0;
}
const char *triage_audit_verifier_message(const triage_audit_verifier *v) {
    return v ? v->walk.message : "";
}
uint64_t triage_audit_verifier_entries(const triage_audit_verifier *v) {
    return v ? v->walk.entries : 0;
}
uint64_t triage_audit_verifier_checkpoints(const triage_audit_verifier *v) {
    return v ? v->walk.checkpoints : 0;
}
uint64_t triage_audit_verifier_unsealed(const triage_audit_verifier *v) {
    return v ? v->walk.unsealed : 0;
}
const char *triage_audit_verifier_last_checkpoint(const triage_audit_verifier *v) {
    return v ? v->walk.last_checkpoint : "";
}
