/* Loading a rules file only after its minisign signature verified: the
 * bytes verified are the bytes loaded (one read, no second open). */
#include <sodium.h>
#include <string.h>

#include "integrity/integrity_internal.h"

int triage_builder_load_signed_file(triage_builder *b, triage_trust *t, const char *path,
                                    const char *sig_path) {
    if (!b || !t || !path) return TRIAGE_ERR_ARGUMENT;
    unsigned char *data;
    size_t len;
    int rc = tr_trust_read_and_verify(t, path, sig_path, TRIAGE_MAX_RULES_FILE, &data, &len);
    if (rc != TRIAGE_OK) {
        /* The builder error carries the file name already. */
        const char *msg = triage_trust_error(t);
        size_t n = strlen(path);
        if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0) msg += n + 2;
        int add = triage_builder_add_error(b, rc, path, 0, 0, msg);
        return add == TRIAGE_ERR_NOMEM ? add : rc;
    }
    rc = triage_builder_load_yaml(b, (const char *)data, len, path);
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
    int hrc = triage_builder_set_source_hash(b, hash);
    tr_free(tr_trust_allocator(t), data);
    return rc != TRIAGE_OK ? rc : hrc;
}
