/* triage audit: key generation and verification of audit logs; and the
 * integrity helpers that route and lint use (--pubkey, --sig, --audit). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char USAGE[] =
    "triage audit keygen [--public FILE] [--secret FILE] [--force]\n"
    "       triage audit verify LOG --pubkey KEY [--pubkey KEY...] [--checkpoint FILE]\n"
    "       triage audit checkpoint LOG --pubkey KEY";

#define KEY_FILE_MAX 4096

static void print_help(void);
/* Also declared through commands.def; repeated so this file stands alone. */
int cli_audit(int argc, char **argv);

static int is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

/* Reads a small text file (a key or a checkpoint line) into buf. */
static int read_small(const char *path, char *buf, size_t cap, size_t *len, FILE *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "triage: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(buf, 1, cap, f);
    int bad = ferror(f) || n == cap;
    fclose(f);
    if (bad) {
        fprintf(err, "triage: %s: %s\n", path, n == cap ? "too large" : "read error");
        return -1;
    }
    buf[n] = '\0';
    *len = n;
    return 0;
}

/* ---- Helpers for route and lint (declared in cli.h) ---- */

triage_trust *cli_trust_load(const char *const *keyfiles, size_t n, FILE *err) {
    triage_trust *t = triage_trust_create(NULL);
    if (!t) {
        fprintf(err, "triage: out of memory\n");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (triage_trust_add_key_file(t, keyfiles[i]) != TRIAGE_OK) {
            fprintf(err, "triage: %s\n", triage_trust_error(t));
            triage_trust_free(t);
            return NULL;
        }
    return t;
}

int cli_load_signed(triage_builder *b, triage_trust *trust, const char *path, const char *sig) {
    return trust ? triage_builder_load_signed_file(b, trust, path, sig)
                 : triage_builder_load_file(b, path);
}

triage_ruleset *cli_load_ruleset_signed(const char *path, triage_trust *trust, const char *sig,
                                        FILE *err) {
    if (!trust) return cli_load_ruleset(path, err);
    triage_builder *b = triage_builder_create(NULL);
    if (!b) {
        fprintf(err, "triage: out of memory\n");
        return NULL;
    }
    triage_ruleset *rs = NULL;
    int rc = triage_builder_load_signed_file(b, trust, path, sig);
    if (rc == TRIAGE_OK) rc = triage_builder_compile(b, &rs);
    if (rc != TRIAGE_OK) {
        if (cli_print_builder_errors(b, path, err) == 0)
            fprintf(err, "%s: %s\n", path, triage_strerror(rc));
        rs = NULL;
    }
    triage_builder_free(b);
    return rs;
}

struct cli_audit_log {
    triage_audit_writer *w;
    const char *path;
};

cli_audit_log *cli_audit_open(const char *log, const char *keyfile, FILE *err) {
    char key[KEY_FILE_MAX];
    size_t len;
    if (read_small(keyfile, key, sizeof key, &len, err) != 0) return NULL;
    cli_audit_log *a = calloc(1, sizeof *a);
    triage_audit_writer *w = triage_audit_writer_create(NULL);
    if (!a || !w) {
        fprintf(err, "triage: out of memory\n");
        free(a);
        triage_audit_writer_free(w);
        return NULL;
    }
    int rc = triage_audit_writer_set_key(w, key, len);
    memset(key, 0, sizeof key);
    if (rc == TRIAGE_OK) rc = triage_audit_writer_set_sync(w, TRIAGE_AUDIT_SYNC_CHECKPOINT);
    if (rc == TRIAGE_OK) rc = triage_audit_writer_open(w, log);
    if (rc != TRIAGE_OK) {
        fprintf(err, "triage: audit log %s: %s\n", log, triage_audit_writer_error(w));
        triage_audit_writer_free(w);
        free(a);
        return NULL;
    }
    if (triage_audit_writer_torn_bytes(w))
        fprintf(err, "triage: audit log %s: removed a torn tail of %" PRIu64
                " bytes (an earlier crash)\n", log, triage_audit_writer_torn_bytes(w));
    a->w = w;
    a->path = log;
    return a;
}

int cli_audit_record(cli_audit_log *a, unsigned kind, const json_t *value, FILE *err) {
    char *text = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!text) {
        fprintf(err, "triage: audit log %s: out of memory\n", a->path);
        return -1;
    }
    int rc = triage_audit_writer_append(a->w, kind, text, strlen(text));
    free(text);
    if (rc != TRIAGE_OK) {
        fprintf(err, "triage: audit log %s: %s\n", a->path, triage_audit_writer_error(a->w));
        return -1;
    }
    return 0;
}

int cli_audit_close(cli_audit_log *a, FILE *err) {
    if (!a) return 0;
    int rc = triage_audit_writer_close(a->w);
    if (rc != TRIAGE_OK)
        fprintf(err, "triage: audit log %s: %s\n", a->path, triage_audit_writer_error(a->w));
    triage_audit_writer_free(a->w);
    free(a);
    return rc == TRIAGE_OK ? 0 : -1;
}

/* ---- triage audit keygen ---- */

static int write_new_file(const char *path, const char *text, mode_t mode, int force) {
    int flags = O_WRONLY | O_CREAT | O_TRUNC | (force ? 0 : O_EXCL);
    int fd = open(path, flags, mode);
    if (fd < 0) {
        fprintf(stderr, "triage audit keygen: cannot create %s: %s%s\n", path, strerror(errno),
                errno == EEXIST ? " (use --force to overwrite)" : "");
        return -1;
    }
    size_t n = strlen(text);
    ssize_t w = write(fd, text, n);
    if (w < 0 || (size_t)w != n || fsync(fd) != 0 || close(fd) != 0) {
        fprintf(stderr, "triage audit keygen: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int audit_keygen(int argc, char **argv) {
    const char *pub = "audit.pub", *sec = "audit.key";
    int force = 0;
    for (int i = 1; i < argc;) {
        int m = cli_option_value(argc, argv, &i, "--public", &pub);
        if (m == 0) m = cli_option_value(argc, argv, &i, "--secret", &sec);
        if (m < 0) return CLI_EXIT_USAGE;
        if (m > 0) continue;
        if (is_help(argv[i])) {
            print_help();
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--force") == 0) force = 1;
        else return cli_usage_error("audit keygen", USAGE, "unexpected '%s'", argv[i]);
        i++;
    }
    char pubtext[TRIAGE_KEY_TEXT_MAX], sectext[TRIAGE_KEY_TEXT_MAX];
    if (triage_audit_keygen(pubtext, sizeof pubtext, sectext, sizeof sectext) != TRIAGE_OK) {
        fprintf(stderr, "triage audit keygen: key generation failed\n");
        return CLI_EXIT_USAGE;
    }
    int rc = write_new_file(sec, sectext, 0600, force);
    memset(sectext, 0, sizeof sectext);
    if (rc == 0) rc = write_new_file(pub, pubtext, 0644, force);
    if (rc != 0) return CLI_EXIT_USAGE;
    printf("secret key: %s (keep it private)\npublic key: %s\n", sec, pub);
    return CLI_EXIT_OK;
}

/* ---- triage audit verify / checkpoint ---- */

#define MAX_PUBKEYS 16

static int audit_verify(int argc, char **argv, int print_checkpoint) {
    const char *sub = print_checkpoint ? "audit checkpoint" : "audit verify";
    const char *keys[MAX_PUBKEYS], *anchor_file = NULL, *log = NULL;
    size_t nkeys = 0;
    for (int i = 1; i < argc;) {
        const char *key = NULL;
        int m = cli_option_value(argc, argv, &i, "--pubkey", &key);
        if (m < 0) return CLI_EXIT_USAGE;
        if (m > 0) {
            if (nkeys == MAX_PUBKEYS)
                return cli_usage_error(sub, USAGE, "at most %d --pubkey", MAX_PUBKEYS);
            keys[nkeys++] = key;
            continue;
        }
        if (!print_checkpoint) {
            m = cli_option_value(argc, argv, &i, "--checkpoint", &anchor_file);
            if (m < 0) return CLI_EXIT_USAGE;
            if (m > 0) continue;
        }
        if (is_help(argv[i])) {
            print_help();
            return CLI_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error(sub, USAGE, "unknown option '%s'", argv[i]);
        if (log) return cli_usage_error(sub, USAGE, "one log at a time");
        log = argv[i++];
    }
    if (!log) return cli_usage_error(sub, USAGE, "no log given");
    if (nkeys == 0) return cli_usage_error(sub, USAGE, "--pubkey is required");

    triage_audit_verifier *v = triage_audit_verifier_create(NULL);
    if (!v) {
        fprintf(stderr, "triage %s: out of memory\n", sub);
        return CLI_EXIT_USAGE;
    }
    char text[KEY_FILE_MAX];
    size_t len;
    int exit_code = CLI_EXIT_USAGE;
    for (size_t k = 0; k < nkeys; k++) {
        if (read_small(keys[k], text, sizeof text, &len, stderr) != 0) goto done;
        if (triage_audit_verifier_add_key(v, text, len) != TRIAGE_OK) {
            fprintf(stderr, "triage %s: %s: %s\n", sub, keys[k], triage_audit_verifier_message(v));
            goto done;
        }
    }
    if (anchor_file) {
        if (read_small(anchor_file, text, sizeof text, &len, stderr) != 0) goto done;
        if (triage_audit_verifier_set_anchor(v, text, len) != TRIAGE_OK) {
            fprintf(stderr, "triage %s: %s: %s\n", sub, anchor_file,
                    triage_audit_verifier_message(v));
            goto done;
        }
    }
    int rc = triage_audit_verify(v, log);
    int reason = triage_audit_verifier_reason(v);
    if (rc == TRIAGE_ERR_IO || rc == TRIAGE_ERR_NOMEM) {
        fprintf(stderr, "triage %s: %s: %s\n", sub, log, triage_audit_verifier_message(v));
        goto done;
    }
    if (print_checkpoint) {
        const char *line = triage_audit_verifier_last_checkpoint(v);
        if (rc != TRIAGE_OK || !*line) {
            fprintf(stderr, "triage %s: %s: %s\n", sub, log,
                    rc != TRIAGE_OK ? triage_audit_verifier_message(v) : "no checkpoint yet");
            exit_code = CLI_EXIT_FAILED;
        } else {
            printf("%s\n", line);
            exit_code = CLI_EXIT_OK;
        }
        goto done;
    }
    /* The message names the entry and offset where it matters. */
    printf("%s: %s: %s\n", log, triage_audit_reason_name(reason), triage_audit_verifier_message(v));
    exit_code = rc == TRIAGE_OK ? CLI_EXIT_OK : CLI_EXIT_FAILED;
done:
    triage_audit_verifier_free(v);
    return exit_code;
}

static void print_help(void) {
    printf("usage: %s\n\n"
           "  keygen      write a new Ed25519 key pair for signing audit checkpoints\n"
           "              (default audit.pub and audit.key; the secret key file gets mode 0600)\n"
           "  verify      check a log: prints `LOG: ok: ...`, `LOG: torn_tail: ...` (a crash,\n"
           "              not tampering) or `LOG: <reason>: ...` naming the first bad entry, where\n"
           "              reason is changed, removed, reordered, duplicated, inserted, cut,\n"
           "              bad_checkpoint or bad_header. --checkpoint FILE holds a checkpoint\n"
           "              line exported earlier: a log cut before it is reported as cut.\n"
           "  checkpoint  print the log's last verified checkpoint line, to keep elsewhere\n\n"
           "Exit status: 0 intact, 1 damaged, 2 usage or I/O error.\n"
           "Formats and limits: docs/audit-log.md.\n",
           USAGE);
}

int cli_audit(int argc, char **argv) {
    if (argc < 2) return cli_usage_error("audit", USAGE, "which audit command?");
    const char *sub = argv[1];
    if (is_help(sub) || strcmp(sub, "help") == 0) {
        print_help();
        return CLI_EXIT_OK;
    }
    if (strcmp(sub, "keygen") == 0) return audit_keygen(argc - 1, argv + 1);
    if (strcmp(sub, "verify") == 0) return audit_verify(argc - 1, argv + 1, 0);
    if (strcmp(sub, "checkpoint") == 0) return audit_verify(argc - 1, argv + 1, 1);
    return cli_usage_error("audit", USAGE, "unknown audit command '%s'", sub);
}
