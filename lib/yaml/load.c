/* The YAML rules loader: reads a rules file (format v1, see
 * shared/spec/rules-format.md) and feeds it to a builder through the public
 * builder API only.
 *
 * Behaviour beyond the format spec (for the README):
 *
 *  - `options.regex_budget: N` (N > 0): the per-ticket regex budget, see
 *    triage_builder_set_regex_budget.
 *  - A keyword's value is either its weight or a map
 *      "charged twice": {weight: 5, fields: [subject], accent_insensitive: false}
 *    where `weight` is required, `fields` (a name or a list) scopes the term,
 *    and `accent_insensitive` overrides the ruleset option for this term.
 *  - A regex entry needs `pattern` and `weight`; `fields` may be one name or
 *    a list; `case_sensitive` defaults to false.
 *  - `when.category` takes one name or a list; `""` or `null` in it stands
 *    for "no category won".
 *  - `when.score` compares with `>= N`, `> N`, `<= N`, `< N`, `== N`, `!= N`
 *    (spaces optional). A bare number N means `>= N` (the same sense as
 *    min_score). A list of comparisons must all hold: {billing: [">= 3", "< 8"]}.
 *  - `when.field` takes one value or a list (one of); `contains` and `match`
 *    take one text per field.
 *  - `set.tags` takes one tag or a list.
 *  - A route needs a `name`; a category needs a `name`.
 *  - A top-level section left empty (`routes:` with nothing under it) is
 *    the same as no section; `when:` left empty means "always".
 *  - Texts may not contain NUL characters. Integers are decimal; a quoted
 *    number ("3") is a text, not a number.
 *  - YAML: one document per file; aliases (*x) are refused, anchors (&x)
 *    are accepted and ignored; tags other than the core !!str, !!int,
 *    !!bool, !!null, !!float, !!seq, !!map are refused; booleans are only
 *    true/false (YAML 1.2), so `no` is the text "no"; lists and maps may be
 *    nested 64 deep and a file may hold 2,097,152 values (TR_YAML_MAX_NODES);
 *    duplicate keys are errors. The file must be UTF-8
 *    (a UTF-8 byte-order mark is allowed) and at most TRIAGE_MAX_RULES_FILE
 *    bytes. Columns count characters, as libyaml does.
 *  - Errors: the load goes on after an error to report as many as it can
 *    (up to 100) and returns the status of the first. Status codes:
 *    SYNTAX for YAML syntax and wrong value types, RULES for unknown keys
 *    and undefined names, EXISTS for duplicates, RANGE for numbers out of
 *    range, UTF8 for invalid UTF-8, LIMIT for size and depth limits,
 *    UNSUPPORTED for `triage: 2`, aliases and tags, TIMEZONE for a
 *    malformed time zone name, IO for unreadable files. Errors come out
 *    section by section in file order; within one item, unknown keys are
 *    reported before the values are checked (lint sorts by position).
 *  - `calendars` and `sla` are checked (see load_sla.c for their forms).
 *  - libyaml allocates with malloc (it has no allocator hook); everything
 *    else goes through the builder's allocator.
 *  - After a failed load the builder holds what was added before the errors;
 *    free it rather than compiling.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "rules/model.h" /* only for the builder's allocator */
#include "yaml/loader.h"

static const char *const top_keys[] = {"triage", "name",      "options", "categories",
                                       "routes", "calendars", "sla"};
enum { TOP_TRIAGE, TOP_NAME, TOP_OPTIONS, TOP_CATEGORIES, TOP_ROUTES, TOP_CALENDARS, TOP_SLA,
       TOP_COUNT };

/* `triage: 1` must be present; any other version stops the load (the rest
 * of the file would be read with the wrong rules). Returns 0 to stop. */
static int check_version(tr_yload *ld, const tr_ynode *version) {
    if (!version) {
        tr_yerr(ld, ld->root, TRIAGE_ERR_RULES,
                "missing 'triage: 1' at the top level (the rules format version); add it as "
                "the first line");
        return 1;
    }
    int64_t v;
    if (!tr_yget_int(ld, version, "the format version 'triage'", &v)) return 1;
    if (v != 1) {
        tr_yerr(ld, version, TRIAGE_ERR_UNSUPPORTED,
                "rules format version %lld is not supported; this build reads 'triage: 1'",
                (long long)v);
        return 0;
    }
    return 1;
}

/* Category names, so that routes may refer to categories declared later. */
static void collect_category_names(tr_yload *ld, const tr_ynode *categories) {
    if (!categories || categories->kind != TR_YSEQ) return;
    ld->categories = categories;
    TR_YSEQ_EACH(c, categories) {
        const tr_ynode *name = tr_ymap_get(c, "name");
        const tr_ynode *first;
        if (!name || name->kind != TR_YSCALAR) continue;
        if (tr_ystrset_insert(&ld->category_names, name, &first) != TRIAGE_OK) {
            tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
            return;
        }
    }
}

static void load_name(tr_yload *ld, const tr_ynode *n) {
    const char *p;
    size_t len;
    if (tr_yget_text(ld, n, "the ruleset 'name'", &p, &len) && tr_yat(ld, n))
        tr_ycall(ld, triage_builder_set_name(ld->b, p, len));
}

static void load_document(tr_yload *ld) {
    const tr_ynode *root = ld->root;
    if (!root) {
        tr_yerr(ld, NULL, TRIAGE_ERR_SYNTAX,
                "the rules file is empty; it needs at least 'triage: 1' and some categories");
        return;
    }
    if (root->kind != TR_YMAP) {
        tr_yerr(ld, root, TRIAGE_ERR_SYNTAX,
                "the rules file must be a map of keys (triage, name, options, categories, "
                "routes, calendars, sla), not %s",
                tr_ydescribe(root));
        return;
    }
    const tr_ynode *top[TOP_COUNT];
    tr_ymap_fields(ld, root, top_keys, TOP_COUNT, top, "at the top level");
    if (!check_version(ld, top[TOP_TRIAGE])) return;
    collect_category_names(ld, top[TOP_CATEGORIES]);
    if (tr_yaml_sla_collect(ld, top[TOP_CALENDARS], top[TOP_SLA]) != TRIAGE_OK) return;

    /* Sections in the order of the file, so errors come out in order. */
    TR_YMAP_EACH(k, root) {
        if (ld->stopped) return;
        const tr_ynode *v = k->next;
        if (v != top[TOP_TRIAGE] && v != top[TOP_NAME] && tr_yis_null(v))
            continue; /* a section left empty while drafting: nothing in it */
        if (v == top[TOP_NAME]) load_name(ld, v);
        else if (v == top[TOP_OPTIONS]) tr_yaml_load_options(ld, v);
        else if (v == top[TOP_CATEGORIES]) tr_yaml_load_categories(ld, v);
        else if (v == top[TOP_ROUTES]) tr_yaml_load_routes(ld, v);
        else if (v == top[TOP_CALENDARS]) tr_yaml_load_calendars(ld, v);
        else if (v == top[TOP_SLA]) tr_yaml_load_sla(ld, v);
    }
}

static int load(triage_builder *b, const char *data, size_t len, const char *name) {
    tr_yload ld;
    memset(&ld, 0, sizeof ld);
    ld.b = b;
    ld.alloc = b->alloc;
    ld.file = name ? name : "<rules>";
    ld.data = data;
    ld.size = len;
    ld.errors_at_start = triage_builder_error_count(b);
    if (len > TRIAGE_MAX_RULES_FILE)
        return tr_yerr_at(&ld, 0, 0, TRIAGE_ERR_LIMIT,
                          "the rules are %zu bytes; the limit is %u bytes", len,
                          TRIAGE_MAX_RULES_FILE);
    if (sodium_init() < 0)
        return tr_yerr_at(&ld, 0, 0, TRIAGE_ERR_STATE, "libsodium could not be initialised");

    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, (const unsigned char *)data, len, NULL, 0);
    if (triage_builder_set_location(b, ld.file, 0, 0) != TRIAGE_OK)
        return tr_yerr_at(&ld, 0, 0, TRIAGE_ERR_NOMEM, "out of memory while loading the rules");
    tr_ycall(&ld, triage_builder_set_source_hash(b, hash));

    randombytes_buf(ld.hash_key, sizeof ld.hash_key);
    tr_ystrset_init(&ld.category_names, ld.alloc, ld.hash_key);
    tr_ystrset_init(&ld.policy_names, ld.alloc, ld.hash_key);
    tr_ystrset_init(&ld.calendar_names, ld.alloc, ld.hash_key);
    if (tr_yaml_parse_tree(&ld) == TRIAGE_OK) load_document(&ld);
    tr_ystrset_free(&ld.category_names);
    tr_ystrset_free(&ld.policy_names);
    tr_ystrset_free(&ld.calendar_names);
    tr_yaml_arena_free(ld.alloc, ld.arena);
    /* Items the host adds later are not from this file. */
    triage_builder_set_location(b, NULL, 0, 0);
    return ld.status;
}

int triage_builder_load_yaml(triage_builder *b, const char *data, size_t len, const char *name) {
    if (!b || (!data && len)) return TRIAGE_ERR_ARGUMENT;
    return load(b, data ? data : "", len, name);
}

static int io_error(triage_builder *b, const char *path, const char *what, int err) {
    char reason[128] = "unknown error";
    if (err) strerror_r(err, reason, sizeof reason);
    char msg[512];
    char shown[TR_YQUOTE_SIZE * 2];
    tr_yquote(shown, sizeof shown, path, strlen(path));
    snprintf(msg, sizeof msg, "cannot %s rules file '%s': %s", what, shown, reason);
    triage_builder_add_error(b, TRIAGE_ERR_IO, path, 0, 0, msg);
    return TRIAGE_ERR_IO;
}

static int too_big(triage_builder *b, const char *path) {
    char msg[512];
    char shown[TR_YQUOTE_SIZE * 2];
    snprintf(msg, sizeof msg, "rules file '%s' is larger than the limit of %u bytes",
             tr_yquote(shown, sizeof shown, path, strlen(path)), TRIAGE_MAX_RULES_FILE);
    triage_builder_add_error(b, TRIAGE_ERR_LIMIT, path, 0, 0, msg);
    return TRIAGE_ERR_LIMIT;
}

/* Reads at most TRIAGE_MAX_RULES_FILE + 1 bytes: the size of a regular file
 * is checked before reading, and a pipe or a growing file is cut off. */
static int read_whole(triage_builder *b, const char *path, FILE *f, char **out, size_t *size) {
    const triage_allocator *a = b->alloc;
    struct stat st;
    size_t cap = 64 * 1024;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > TRIAGE_MAX_RULES_FILE) return too_big(b, path);
        cap = (size_t)st.st_size + 1; /* + 1 to see the end of file in one read */
    }
    char *buf = tr_malloc(a, cap);
    if (!buf) return TRIAGE_ERR_NOMEM;
    size_t len = 0;
    for (;;) {
        if (len == cap) {
            if (cap > TRIAGE_MAX_RULES_FILE) {
                tr_free(a, buf);
                return too_big(b, path);
            }
            size_t ncap = cap * 2 > (size_t)TRIAGE_MAX_RULES_FILE + 1
                              ? (size_t)TRIAGE_MAX_RULES_FILE + 1
                              : cap * 2;
            char *nbuf = tr_malloc(a, ncap);
            if (!nbuf) {
                tr_free(a, buf);
                return TRIAGE_ERR_NOMEM;
            }
            memcpy(nbuf, buf, len);
            tr_free(a, buf);
            buf = nbuf;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        int err = errno;
        tr_free(a, buf);
        return io_error(b, path, "read", err);
    }
    if (len > TRIAGE_MAX_RULES_FILE) {
        tr_free(a, buf);
        return too_big(b, path);
    }
    *out = buf;
    *size = len;
    return TRIAGE_OK;
}

int triage_builder_load_file(triage_builder *b, const char *path) {
    if (!b || !path) return TRIAGE_ERR_ARGUMENT;
    FILE *f = fopen(path, "rb");
    if (!f) return io_error(b, path, "open", errno);
    char *data = NULL;
    size_t len = 0;
    int rc = read_whole(b, path, f, &data, &len);
    fclose(f);
    if (rc == TRIAGE_ERR_NOMEM)
        triage_builder_add_error(b, rc, path, 0, 0, "out of memory while reading the rules file");
    if (rc != TRIAGE_OK) return rc;
    rc = load(b, data, len, path);
    tr_free(b->alloc, data);
    return rc;
}
