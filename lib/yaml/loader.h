/* Internals of the YAML rules loader: the document tree, the load context
 * and the typed accessors that report errors at a node's position. */
#ifndef TR_YAML_LOADER_H
#define TR_YAML_LOADER_H

#include <stdint.h>
#include <triage/rules.h>

/* ---- Limits that keep hostile input bounded ---- */
#define TR_YAML_MAX_DEPTH 64         /* nested lists and maps */
#define TR_YAML_MAX_NODES (1u << 21) /* scalars, lists and maps in one file (~40 bytes each) */
#define TR_YAML_MAX_ERRORS 100       /* the loader stops reporting after this many */
#define TR_YAML_SUGGEST_MAX 64       /* longest word a did-you-mean is computed for */

/* ---- Document tree ----
 * The whole document is read into a tree first so that the schema walk can
 * look keys up in any order (a category's `name` may come after its
 * `keywords`). Nodes live in an arena and are freed all at once; no code
 * walks the tree recursively except the fixed-depth schema walk. */
enum tr_ykind { TR_YSCALAR, TR_YSEQ, TR_YMAP };

/* Scalar types after YAML 1.2 core-schema resolution. */
enum tr_ytype { TR_YT_NULL, TR_YT_BOOL, TR_YT_INT, TR_YT_FLOAT, TR_YT_STR };

/* Tags that may force a scalar's type (everything else is refused). */
enum tr_ytag { TR_YTAG_NONE, TR_YTAG_STR, TR_YTAG_INT, TR_YTAG_BOOL, TR_YTAG_NULL,
               TR_YTAG_FLOAT };

typedef struct tr_ynode tr_ynode;
struct tr_ynode {
    tr_ynode *next;      /* next sibling; in a map keys and values alternate */
    tr_ynode *first;     /* list or map: first child */
    const char *text;    /* scalar: NUL-terminated text (may hold NULs) */
    uint32_t len;        /* scalar: bytes of text; list or map: children */
    uint32_t line, column; /* 1-based position of the node's first character */
    uint8_t kind;        /* enum tr_ykind */
    uint8_t plain;       /* scalar written without quotes or block style */
    uint8_t tag;         /* enum tr_ytag */
};

typedef struct tr_yarena tr_yarena;

/* A set of scalar texts, keyed by text, remembering the first node seen.
 * Keyed SipHash so that crafted keys cannot make it quadratic. */
typedef struct tr_ystrset {
    const triage_allocator *alloc;
    const unsigned char *key; /* 16 bytes, owned by the load */
    const tr_ynode **slots;
    size_t cap, count;
} tr_ystrset;

/* ---- Load context ---- */
typedef struct tr_yload {
    triage_builder *b;
    const triage_allocator *alloc;
    const char *file;       /* name used in every location */
    const char *data;       /* the whole input, for positions of reader errors */
    size_t size;
    int status;             /* first error's status; TRIAGE_OK so far */
    size_t errors_at_start; /* builder errors before this load */
    int stopped;            /* out of memory or too many errors: walk no further */
    unsigned char hash_key[16];
    tr_yarena *arena;
    const tr_ynode *root;
    const tr_ynode *categories; /* the `categories` list, for references */
    tr_ystrset category_names;
    int have_sla;               /* an `sla` section exists: route `set.sla` is checked */
    tr_ystrset policy_names;
    tr_ystrset calendar_names;
    int have_calendars;
} tr_yload;

/* ---- tree.c ---- */
/* Parses ld->data into ld->root. Syntax errors, depth and size limits stop
 * the parse (returns their status); aliases, tags and duplicate keys are
 * reported and parsing goes on. */
int tr_yaml_parse_tree(tr_yload *ld);
void tr_yaml_arena_free(const triage_allocator *a, tr_yarena *arena);

/* ---- strset.c ---- */
void tr_ystrset_init(tr_ystrset *s, const triage_allocator *a, const unsigned char key[16]);
void tr_ystrset_free(tr_ystrset *s);
/* Inserts n; *first gets the node already there with the same text, or
 * NULL when n was new. TRIAGE_OK or TRIAGE_ERR_NOMEM. */
int tr_ystrset_insert(tr_ystrset *s, const tr_ynode *n, const tr_ynode **first);
const tr_ynode *tr_ystrset_find(const tr_ystrset *s, const char *text, size_t len);

/* ---- diag.c: errors and messages ---- */
/* Records an error at node n (NULL: the start of the file). Returns status. */
int tr_yerr(tr_yload *ld, const tr_ynode *n, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int tr_yerr_at(tr_yload *ld, unsigned line, unsigned column, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Sets the builder's location to node n before a builder call; 0 when the
 * load must stop (out of memory). */
int tr_yat(tr_yload *ld, const tr_ynode *n);
/* Takes a builder call's result: the builder records its own errors, this
 * remembers the status and stops the load when memory ran out. Returns rc. */
int tr_ycall(tr_yload *ld, int rc);
/* Writes a printable, shortened copy of text into buf (for messages). */
const char *tr_yquote(char *buf, size_t size, const char *text, size_t len);
#define TR_YQUOTE_SIZE 96
/* The candidate closest to word (edit distance, transpositions count one),
 * or NULL when none is close enough to be a likely typo. */
const char *tr_ysuggest(const char *word, size_t len, const char *const *candidates, size_t n);
/* Edit distance capped at limit + 1 (for did-you-mean over names). */
size_t tr_yedit_distance(const char *a, size_t alen, const char *b, size_t blen);
/* "a map", "a list", "a text", "a number", "true/false", "nothing (null)". */
const char *tr_ydescribe(const tr_ynode *n);

/* ---- values.c: typed access ---- */
enum tr_ytype tr_ytype_of(const tr_ynode *n);
int tr_yis_null(const tr_ynode *n);
/* Value of key in map (first occurrence), or NULL. */
const tr_ynode *tr_ymap_get(const tr_ynode *map, const char *key);
/* Checks that n is a map (or list); reports "<what> must be a map ..." if not. */
int tr_yexpect_map(tr_yload *ld, const tr_ynode *n, const char *what);
int tr_yexpect_seq(tr_yload *ld, const tr_ynode *n, const char *what);
/* Non-null scalar without NUL bytes. Returns 1 when *p and *len are set. */
int tr_yget_text(tr_yload *ld, const tr_ynode *n, const char *what, const char **p, size_t *len);
/* A whole number (plain YAML integer). Returns 1 when *out is set. */
int tr_yget_int(tr_yload *ld, const tr_ynode *n, const char *what, int64_t *out);
int tr_yget_bool(tr_yload *ld, const tr_ynode *n, const char *what, int *out);
/* Parses a decimal integer with optional sign; 1 on success, -1 on overflow,
 * 0 when the text is not an integer. */
int tr_yparse_int(const char *p, size_t len, int64_t *out);
/* Matches the keys of map against known[0..n): vals[i] gets the value of
 * known[i] (NULL when absent). Every other key is reported as unknown
 * "in <context>" with a did-you-mean. */
void tr_ymap_fields(tr_yload *ld, const tr_ynode *map, const char *const *known, size_t n,
                    const tr_ynode **vals, const char *context);
/* Reports an unknown name with a suggestion from candidates. */
void tr_yunknown(tr_yload *ld, const tr_ynode *at, int status, const char *what,
                 const char *context, const char *const *candidates, size_t n);

/* Iterates a map: k is each key, the value is k->next. */
#define TR_YMAP_EACH(k, map) for (const tr_ynode *k = (map)->first; k && k->next; k = k->next->next)
#define TR_YSEQ_EACH(it, seq) for (const tr_ynode *it = (seq)->first; it; it = it->next)

/* Priority names, lowest first, as TRIAGE_PRIORITY_* values. */
extern const char *const tr_ypriority_names[4];
/* The priority for a name, or -1. */
int tr_ypriority(const char *p, size_t len);

/* ---- The sections (load_*.c) ---- */
void tr_yaml_load_options(tr_yload *ld, const tr_ynode *options);
void tr_yaml_load_categories(tr_yload *ld, const tr_ynode *categories);
void tr_yaml_load_routes(tr_yload *ld, const tr_ynode *routes);
/* load_sla.c: collects calendar and policy names (before routes are read),
 * then checks the `calendars` and `sla` sections. */
int tr_yaml_sla_collect(tr_yload *ld, const tr_ynode *calendars, const tr_ynode *sla);
void tr_yaml_load_calendars(tr_yload *ld, const tr_ynode *calendars);
void tr_yaml_load_sla(tr_yload *ld, const tr_ynode *sla);
/* Reports a route's `set.sla` that names no policy of the `sla` section. */
void tr_yaml_sla_check_reference(tr_yload *ld, const tr_ynode *policy, const char *route);

#endif
