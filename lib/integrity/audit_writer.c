/* triage_audit_writer: appends chained entries and signed checkpoints.
 *
 * Every entry is one frame built in memory and written with pwrite at the
 * end the writer keeps, so after a crash the file holds whole frames and at
 * most one partial frame at its end, which the next open cuts off. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "integrity/audit_format.h"

#define DEFAULT_INTERVAL 1000u

enum writer_state { W_CLOSED, W_OPEN, W_BROKEN };

struct triage_audit_writer {
    const triage_allocator *alloc;
    tr_seckey key;
    int have_key;
    uint64_t interval;
    int sync;
    enum writer_state state;
    int fd;
    int owns_fd;
    uint64_t end;         /* where the next frame goes */
    uint64_t count;       /* entries in the log */
    uint64_t since_check; /* records since the last checkpoint */
    uint64_t torn_bytes;
    unsigned char head[32];
    tr_bytes frame;
    char last_checkpoint[TR_CHECKPOINT_MAX];
    char error[TR_MSG_SIZE];
};

triage_audit_writer *triage_audit_writer_create(const triage_allocator *allocator) {
    if (tr_sodium_ready() != TRIAGE_OK) return NULL;
    triage_audit_writer *w = tr_calloc(allocator, 1, sizeof *w);
    if (!w) return NULL;
    w->alloc = allocator;
    w->interval = DEFAULT_INTERVAL;
    w->sync = TRIAGE_AUDIT_SYNC_NONE;
    w->fd = -1;
    return w;
}

static void release_fd(triage_audit_writer *w) {
    if (w->owns_fd && w->fd >= 0) close(w->fd);
    w->fd = -1;
    w->owns_fd = 0;
    w->state = W_CLOSED;
}

void triage_audit_writer_free(triage_audit_writer *w) {
    if (!w) return;
    release_fd(w);
    tr_bytes_free(w->alloc, &w->frame);
    const triage_allocator *a = w->alloc;
    sodium_memzero(w, sizeof *w);
    tr_free(a, w);
}

int triage_audit_writer_set_key(triage_audit_writer *w, const char *secret_text, size_t len) {
    if (!w || !secret_text) return TRIAGE_ERR_ARGUMENT;
    if (w->state != W_CLOSED) return TRIAGE_ERR_STATE;
    w->error[0] = '\0';
    int rc = tr_seckey_parse(secret_text, len, &w->key, w->error, sizeof w->error);
    w->have_key = rc == TRIAGE_OK;
    return rc;
}

int triage_audit_writer_set_interval(triage_audit_writer *w, uint64_t records) {
    if (!w) return TRIAGE_ERR_ARGUMENT;
    w->interval = records;
    return TRIAGE_OK;
}

int triage_audit_writer_set_sync(triage_audit_writer *w, int policy) {
    if (!w || policy < TRIAGE_AUDIT_SYNC_NONE || policy > TRIAGE_AUDIT_SYNC_CHECKPOINT)
        return TRIAGE_ERR_ARGUMENT;
    w->sync = policy;
    return TRIAGE_OK;
}

static int io_fail(triage_audit_writer *w, const char *what) {
    tr_msgf(w->error, sizeof w->error, "%s: %s", what, strerror(errno));
    return TRIAGE_ERR_IO;
}

static int write_all(int fd, const unsigned char *p, size_t n, uint64_t off) {
    while (n) {
        ssize_t done = pwrite(fd, p, n, (off_t)off);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) {
            if (done == 0) errno = EIO;
            return -1;
        }
        p += done;
        n -= (size_t)done;
        off += (uint64_t)done;
    }
    return 0;
}

/* Reads the existing log, cuts a torn tail, and takes over its chain. */
static int adopt(triage_audit_writer *w) {
    struct stat st;
    if (fstat(w->fd, &st) != 0) return io_fail(w, "cannot inspect the log");
    if (!S_ISREG(st.st_mode)) {
        tr_msgf(w->error, sizeof w->error, "the log is not a regular file");
        return TRIAGE_ERR_IO;
    }
    tr_audit_walk walk;
    tr_pubkey pk;
    tr_seckey_public(&w->key, &pk);
    memset(&walk, 0, sizeof walk);
    walk.alloc = w->alloc;
    walk.keys = &pk;
    walk.nkeys = 1;
    tr_audit_src src = {.buf = NULL, .fd = w->fd, .size = (uint64_t)st.st_size};
    int rc = tr_audit_walk_run(&walk, &src);
    if (rc != TRIAGE_OK) {
        tr_msgf(w->error, sizeof w->error, "refusing to append to a damaged log (%s): %s",
                triage_audit_reason_name(walk.reason), walk.message);
        return rc;
    }
    /* Intact entries end at walk.end; a torn header (or an empty file) gives 0. */
    uint64_t end = walk.end;
    w->torn_bytes = (uint64_t)st.st_size - end;
    if (w->torn_bytes && ftruncate(w->fd, (off_t)end) != 0)
        return io_fail(w, "cannot cut the torn tail");
    if (end == 0) {
        unsigned char header[TR_AUDIT_HEADER_SIZE];
        tr_header_make(header);
        if (write_all(w->fd, header, sizeof header, 0))
            return io_fail(w, "cannot write the log header");
        end = TR_AUDIT_HEADER_SIZE;
        tr_chain_genesis(header, walk.head);
    }
    w->end = end;
    w->count = walk.entries;
    w->since_check = walk.unsealed;
    memcpy(w->head, walk.head, 32);
    memcpy(w->last_checkpoint, walk.last_checkpoint, sizeof w->last_checkpoint);
    return TRIAGE_OK;
}

static int start(triage_audit_writer *w, int fd, int owns) {
    w->error[0] = '\0';
    if (w->state != W_CLOSED) {
        tr_msgf(w->error, sizeof w->error, "the writer is already open");
        if (owns) close(fd);
        return TRIAGE_ERR_STATE;
    }
    if (!w->have_key) {
        tr_msgf(w->error, sizeof w->error, "no secret key set (triage_audit_writer_set_key)");
        if (owns) close(fd);
        return TRIAGE_ERR_STATE;
    }
    w->fd = fd;
    w->owns_fd = owns;
    w->count = w->since_check = w->torn_bytes = 0;
    memset(w->head, 0, sizeof w->head);
    w->last_checkpoint[0] = '\0';
    int rc = adopt(w);
    if (rc != TRIAGE_OK) {
        release_fd(w);
        return rc;
    }
    if (w->sync != TRIAGE_AUDIT_SYNC_NONE && fsync(w->fd) != 0) {
        rc = io_fail(w, "fsync failed");
        release_fd(w);
        return rc;
    }
    w->state = W_OPEN;
    return TRIAGE_OK;
}

/* The new file's directory entry must reach the disk too. */
static void sync_parent_dir(const char *path) {
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) {
        dir[0] = '.', dir[1] = '\0';
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof dir) return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int dfd = open(dir, O_RDONLY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
}

int triage_audit_writer_open(triage_audit_writer *w, const char *path) {
    if (!w || !path) return TRIAGE_ERR_ARGUMENT;
    if (w->state != W_CLOSED) return start(w, -1, 0);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        tr_msgf(w->error, sizeof w->error, "%s: cannot open: %s", path, strerror(errno));
        return TRIAGE_ERR_IO;
    }
    int rc = start(w, fd, 1);
    if (rc == TRIAGE_OK && w->sync != TRIAGE_AUDIT_SYNC_NONE) sync_parent_dir(path);
    return rc;
}

int triage_audit_writer_open_fd(triage_audit_writer *w, int fd) {
    if (!w || fd < 0) return TRIAGE_ERR_ARGUMENT;
    return start(w, fd, 0);
}

/* Writes one entry; on failure the file is cut back to where it was. */
static int put_entry(triage_audit_writer *w, unsigned kind, const unsigned char *payload,
                     size_t len) {
    size_t total = TR_FRAME_OVERHEAD + len;
    if (tr_bytes_reserve(w->alloc, &w->frame, total) != TRIAGE_OK) return TRIAGE_ERR_NOMEM;
    unsigned char hash[32];
    tr_chain_hash(w->head, w->count, kind, payload, len, hash);
    tr_frame_encode(w->count, kind, payload, len, hash, w->frame.data);
    if (write_all(w->fd, w->frame.data, total, w->end) != 0) {
        int rc = io_fail(w, "write failed");
        if (ftruncate(w->fd, (off_t)w->end) != 0) {
            w->state = W_BROKEN;
            tr_msgf(w->error, sizeof w->error, "write failed and the partial frame could not "
                    "be removed: %s (reopen the log to recover)", strerror(errno));
        }
        return rc;
    }
    int sync = w->sync == TRIAGE_AUDIT_SYNC_RECORD ||
               (w->sync == TRIAGE_AUDIT_SYNC_CHECKPOINT && kind == TRIAGE_AUDIT_CHECKPOINT);
    w->end += total;
    w->count++;
    memcpy(w->head, hash, 32);
    if (sync && fsync(w->fd) != 0) return io_fail(w, "fsync failed (the entry was written)");
    return TRIAGE_OK;
}

static int ready(triage_audit_writer *w) {
    if (w->state == W_OPEN) return TRIAGE_OK;
    tr_msgf(w->error, sizeof w->error, "%s", w->state == W_BROKEN
            ? "the writer failed earlier; reopen the log" : "the log is not open");
    return TRIAGE_ERR_STATE;
}

static int write_checkpoint(triage_audit_writer *w) {
    char line[TR_CHECKPOINT_MAX];
    tr_checkpoint_make(&w->key, w->count, w->head, line, sizeof line);
    int rc = put_entry(w, TRIAGE_AUDIT_CHECKPOINT, (const unsigned char *)line, strlen(line));
    if (rc != TRIAGE_OK) return rc;
    memcpy(w->last_checkpoint, line, sizeof line);
    w->since_check = 0;
    return TRIAGE_OK;
}

int triage_audit_writer_append(triage_audit_writer *w, unsigned kind, const void *payload,
                               size_t len) {
    if (!w || (!payload && len)) return TRIAGE_ERR_ARGUMENT;
    if (kind == TRIAGE_AUDIT_CHECKPOINT || kind > TRIAGE_AUDIT_MAX_KIND) {
        tr_msgf(w->error, sizeof w->error, "record kind %u is not in 1..255", kind);
        return TRIAGE_ERR_ARGUMENT;
    }
    if (len > TRIAGE_AUDIT_MAX_PAYLOAD) {
        tr_msgf(w->error, sizeof w->error, "payload of %zu bytes is over the limit of %u", len,
                TRIAGE_AUDIT_MAX_PAYLOAD);
        return TRIAGE_ERR_LIMIT;
    }
    int rc = ready(w);
    if (rc != TRIAGE_OK) return rc;
    w->error[0] = '\0';
    rc = put_entry(w, kind, payload, len);
    if (rc != TRIAGE_OK) return rc;
    w->since_check++;
    if (w->interval && w->since_check >= w->interval) return write_checkpoint(w);
    return TRIAGE_OK;
}

int triage_audit_writer_checkpoint(triage_audit_writer *w) {
    if (!w) return TRIAGE_ERR_ARGUMENT;
    int rc = ready(w);
    if (rc != TRIAGE_OK) return rc;
    return w->since_check ? write_checkpoint(w) : TRIAGE_OK;
}

int triage_audit_writer_close(triage_audit_writer *w) {
    if (!w) return TRIAGE_ERR_ARGUMENT;
    if (w->state == W_CLOSED) return TRIAGE_OK;
    int rc = TRIAGE_OK;
    if (w->state == W_OPEN && w->since_check) rc = write_checkpoint(w);
    if (rc == TRIAGE_OK && w->sync != TRIAGE_AUDIT_SYNC_NONE && fsync(w->fd) != 0)
        rc = io_fail(w, "fsync failed");
    if (w->state == W_BROKEN && rc == TRIAGE_OK) rc = TRIAGE_ERR_STATE;
    release_fd(w);
    return rc;
}

uint64_t triage_audit_writer_count(const triage_audit_writer *w) { return w ? w->count : 0; }

uint64_t triage_audit_writer_torn_bytes(const triage_audit_writer *w) {
    return w ? w->torn_bytes : 0;
}

const char *triage_audit_writer_last_checkpoint(const triage_audit_writer *w) {
    return w ? w->last_checkpoint : "";
}

const char *triage_audit_writer_error(const triage_audit_writer *w) {
    return w ? w->error : "";
}
