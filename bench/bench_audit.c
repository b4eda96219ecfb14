/* Audit log throughput: records appended per second and verified per
 * second, against BLAKE2b-256 hashing of the same payloads alone, in the
 * same run (the ratio is what to compare across machines).
 *
 *     bench_audit [--records N] [--payload BYTES] [--interval N] [--sync none|record|checkpoint]
 *
 * Times are CPU time of this thread (kernel time of the writes included),
 * best of --repeat runs; wall time is printed as well. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <triage/triage.h>
#include <unistd.h>

#include "support/timing.h"

typedef struct options {
    size_t records, payload, repeat;
    uint64_t interval;
    int sync;
} options;

static int parse_args(int argc, char **argv, options *o) {
    *o = (options){200000, 300, 3, 1000, TRIAGE_AUDIT_SYNC_NONE};
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) goto usage;
        if (!strcmp(a, "--records")) o->records = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--payload")) o->payload = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--interval")) o->interval = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--repeat")) o->repeat = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--sync")) {
            if (!strcmp(v, "none")) o->sync = TRIAGE_AUDIT_SYNC_NONE;
            else if (!strcmp(v, "record")) o->sync = TRIAGE_AUDIT_SYNC_RECORD;
            else if (!strcmp(v, "checkpoint")) o->sync = TRIAGE_AUDIT_SYNC_CHECKPOINT;
            else goto usage;
        } else goto usage;
    }
    if (o->records == 0 || o->payload < 64 || o->payload > 65536 || o->repeat == 0) goto usage;
    return 0;
usage:
    fprintf(stderr, "usage: bench_audit [--records N] [--payload 64..65536] [--interval N] "
                    "[--repeat N] [--sync none|record|checkpoint]\n");
    return -1;
}

/* Decision-like JSON payloads, each a little different. */
static char *make_payloads(const options *o) {
    char *all = malloc(o->records * o->payload);
    if (!all) return NULL;
    for (size_t i = 0; i < o->records; i++) {
        char *p = all + i * o->payload;
        int n = snprintf(p, o->payload, "{\"ticket\":\"T-%zu\",\"category\":\"card_payment\","
                         "\"queue\":\"cards\",\"priority\":\"high\",\"tier\":%zu,\"customer\":"
                         "\"%032zx\",\"rules_hash\":\"", i, 1 + i % 3, i * 2654435761u);
        for (size_t k = (size_t)n; k + 2 < o->payload; k++) p[k] = "0123456789abcdef"[(i + k) % 16];
        p[o->payload - 2] = '"';
        p[o->payload - 1] = '}';
    }
    return all;
}

typedef struct timing {
    double cpu, wall;
} timing;

static timing best(timing a, timing b) { return b.cpu < a.cpu ? b : a; }

int main(int argc, char **argv) {
    options o;
    if (parse_args(argc, argv, &o) != 0) return 2;
    if (sodium_init() < 0) return 1;
    char *payloads = make_payloads(&o);
    char pub[TRIAGE_KEY_TEXT_MAX], sec[TRIAGE_KEY_TEXT_MAX];
    char path[] = "/tmp/bench-audit-XXXXXX";
    int tmpfd = mkstemp(path);
    if (!payloads || tmpfd < 0 || triage_audit_keygen(pub, sizeof pub, sec, sizeof sec)) {
        fprintf(stderr, "bench_audit: set-up failed\n");
        return 1;
    }
    close(tmpfd);

    timing hash = {1e30, 0}, append = {1e30, 0}, verify = {1e30, 0};
    unsigned char digest[32], sink = 0;
    uint64_t entries = 0;
    long log_size = 0;
    for (size_t r = 0; r < o.repeat; r++) {
        /* 1. BLAKE2b-256 of each payload, nothing else. */
        double c0 = bench_cpu_now(), w0 = bench_now();
        for (size_t i = 0; i < o.records; i++) {
            crypto_generichash(digest, 32, (const unsigned char *)payloads + i * o.payload,
                               o.payload, NULL, 0);
            sink ^= digest[0];
        }
        hash = best(hash, (timing){bench_cpu_now() - c0, bench_now() - w0});

        /* 2. Append every payload to a fresh log (checkpoints included). */
        unlink(path);
        triage_audit_writer *w = triage_audit_writer_create(NULL);
        if (triage_audit_writer_set_key(w, sec, strlen(sec)) ||
            triage_audit_writer_set_interval(w, o.interval) ||
            triage_audit_writer_set_sync(w, o.sync)) return 1;
        c0 = bench_cpu_now(), w0 = bench_now();
        if (triage_audit_writer_open(w, path) != TRIAGE_OK) return 1;
        for (size_t i = 0; i < o.records; i++)
            if (triage_audit_writer_append(w, TRIAGE_AUDIT_DECISION, payloads + i * o.payload,
                                           o.payload) != TRIAGE_OK) {
                fprintf(stderr, "append: %s\n", triage_audit_writer_error(w));
                return 1;
            }
        if (triage_audit_writer_close(w) != TRIAGE_OK) return 1;
        append = best(append, (timing){bench_cpu_now() - c0, bench_now() - w0});
        entries = triage_audit_writer_count(w);
        triage_audit_writer_free(w);

        /* 3. Verify it with the public key. */
        triage_audit_verifier *v = triage_audit_verifier_create(NULL);
        if (triage_audit_verifier_add_key(v, pub, strlen(pub))) return 1;
        c0 = bench_cpu_now(), w0 = bench_now();
        int rc = triage_audit_verify(v, path);
        verify = best(verify, (timing){bench_cpu_now() - c0, bench_now() - w0});
        if (rc != TRIAGE_OK || triage_audit_verifier_entries(v) != entries) {
            fprintf(stderr, "verify: %s\n", triage_audit_verifier_message(v));
            return 1;
        }
        triage_audit_verifier_free(v);
        FILE *f = fopen(path, "rb");
        if (f && fseek(f, 0, SEEK_END) == 0) log_size = ftell(f);
        if (f) fclose(f);
    }
    unlink(path);

    double n = (double)o.records;
    const char *sync = o.sync == TRIAGE_AUDIT_SYNC_NONE ? "none"
                       : o.sync == TRIAGE_AUDIT_SYNC_RECORD ? "record" : "checkpoint";
    printf("audit log: %zu records of %zu bytes, checkpoint every %llu, sync %s, "
           "best of %zu (log %.1f MB, %llu entries)\n",
           o.records, o.payload, (unsigned long long)o.interval, sync, o.repeat,
           (double)log_size / 1e6, (unsigned long long)entries);
    printf("%-20s %16s %12s %16s\n", "", "records/s (cpu)", "MB/s (cpu)", "records/s (wall)");
    const char *names[] = {"BLAKE2b-256 alone", "append", "verify"};
    const timing *t[] = {&hash, &append, &verify};
    for (int k = 0; k < 3; k++)
        printf("%-20s %16.0f %12.1f %16.0f\n", names[k], n / t[k]->cpu,
               n * (double)o.payload / t[k]->cpu / 1e6, n / t[k]->wall);
    printf("append costs %.2fx hashing alone, verify %.2fx (checksum %u)\n",
           append.cpu / hash.cpu, verify.cpu / hash.cpu, sink);
    free(payloads);
    return 0;
}
