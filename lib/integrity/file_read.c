/* Whole-file reads with a size limit (signatures, keys, rules files). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "integrity/integrity_internal.h"

int tr_read_whole_file(const triage_allocator *a, const char *path, size_t max,
                       unsigned char **data, size_t *len, char *err, size_t errlen) {
    *data = NULL;
    *len = 0;
    if (!path) {
        tr_msgf(err, errlen, "no file name given");
        return TRIAGE_ERR_ARGUMENT;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int missing = errno == ENOENT;
        tr_msgf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return missing ? TRIAGE_ERR_NOT_FOUND : TRIAGE_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        tr_msgf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return TRIAGE_ERR_IO;
    }
    if ((uint64_t)st.st_size > max) {
        tr_msgf(err, errlen, "%s: larger than the limit of %zu bytes", path, max);
        close(fd);
        return TRIAGE_ERR_LIMIT;
    }
    /* Read until EOF rather than trusting st_size: the file may be growing. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    unsigned char *buf = tr_malloc(a, cap);
    if (!buf) {
        close(fd);
        return TRIAGE_ERR_NOMEM;
    }
    for (;;) {
        if (n + 1 == cap) {
            /* Full as fstat promised: one byte more tells EOF from growth. */
            unsigned char probe;
            ssize_t more = read(fd, &probe, 1);
            if (more == 0) break;
            if (more < 0 && errno == EINTR) continue;
            const char *why = more < 0 ? strerror(errno) : NULL;
            if (!why && cap - 1 >= max) why = "larger than the limit";
            size_t ncap = cap > max / 2 ? max + 1 : cap * 2;
            unsigned char *nbuf = why ? NULL : tr_malloc(a, ncap);
            if (!nbuf) {
                int rc = why ? (more < 0 ? TRIAGE_ERR_IO : TRIAGE_ERR_LIMIT) : TRIAGE_ERR_NOMEM;
                if (why) tr_msgf(err, errlen, "%s: %s (%zu bytes)", path, why, max);
                tr_free(a, buf);
                close(fd);
                return rc;
            }
            memcpy(nbuf, buf, n);
            tr_free(a, buf);
            buf = nbuf;
            cap = ncap;
            buf[n++] = probe;
            continue;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0) {
            if (errno == EINTR) continue;
            tr_msgf(err, errlen, "%s: read failed: %s", path, strerror(errno));
            tr_free(a, buf);
            close(fd);
            return TRIAGE_ERR_IO;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return TRIAGE_OK;
}
