/* YAML text to document tree, with libyaml's event parser.
 *
 * The tree is built iteratively with an explicit stack of open lists and
 * maps, capped at TR_YAML_MAX_DEPTH, so hostile nesting cannot drive
 * recursion. Aliases are refused where they appear (no expansion, so no
 * alias bombs), tags outside the core schema are refused, and duplicate or
 * non-text keys are reported and dropped from their map. */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "core/alloc.h"
#include "yaml/loader.h"

/* ---- Arena: nodes and texts of one document, freed at once ---- */
#define ARENA_CHUNK (64u * 1024u)

struct tr_yarena {
    tr_yarena *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
};

/* align is a power of two no larger than max_align_t's: nodes ask for
 * their own alignment and texts for 1, so a huge file of tiny values does
 * not pay for padding. */
static void *arena_alloc(const triage_allocator *a, tr_yarena **head, size_t size,
                         size_t align) {
    tr_yarena *c = *head;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->cap && c->cap - at >= size) {
            c->used = at + size;
            return c->data + at;
        }
    }
    /* Big requests get a chunk of their own, kept behind the current one so
     * the current chunk's free space is not wasted. */
    size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
    if (cap > SIZE_MAX - sizeof(tr_yarena)) return NULL;
    tr_yarena *n = tr_malloc(a, sizeof(tr_yarena) + cap);
    if (!n) return NULL;
    n->cap = cap;
    n->used = size;
    if (cap == size && c) {
        n->next = c->next;
        c->next = n;
    } else {
        n->next = c;
        *head = n;
    }
    return n->data;
}

void tr_yaml_arena_free(const triage_allocator *a, tr_yarena *arena) {
    while (arena) {
        tr_yarena *next = arena->next;
        tr_free(a, arena);
        arena = next;
    }
}

/* ---- Tree building ---- */
typedef struct open_node {
    tr_ynode *node;
    tr_ynode *tail; /* last child, for appending in order */
} open_node;

typedef struct tree_builder {
    tr_yload *ld;
    open_node stack[TR_YAML_MAX_DEPTH];
    size_t depth;
    size_t nodes;
    int documents;
    tr_ynode *root;
} tree_builder;

static uint32_t mark_pos(size_t zero_based) {
    return zero_based >= UINT32_MAX ? UINT32_MAX : (uint32_t)zero_based + 1;
}

#define CORE_TAG "tag:yaml.org,2002:"

/* The tag of a node as users write it (!!str rather than the full URI). */
static void tag_for_message(char *buf, size_t size, const char *tag) {
    size_t plen = sizeof CORE_TAG - 1;
    if (strncmp(tag, CORE_TAG, plen) == 0) {
        char rest[TR_YQUOTE_SIZE];
        snprintf(buf, size, "!!%s", tr_yquote(rest, sizeof rest, tag + plen, strlen(tag + plen)));
    } else {
        tr_yquote(buf, size, tag, strlen(tag));
    }
}

/* Resolves a tag for a node of the given kind: 1 and *out set when it is
 * understood, 0 when it must be refused. */
static int resolve_tag(const char *tag, enum tr_ykind kind, uint8_t *out) {
    *out = TR_YTAG_NONE;
    if (!tag) return 1;
    if (strcmp(tag, "!") == 0) { /* non-specific: a quoted scalar, a plain collection */
        if (kind == TR_YSCALAR) *out = TR_YTAG_STR;
        return 1;
    }
    size_t plen = sizeof CORE_TAG - 1;
    if (strncmp(tag, CORE_TAG, plen) != 0) return 0;
    const char *t = tag + plen;
    if (kind == TR_YSEQ) return strcmp(t, "seq") == 0;
    if (kind == TR_YMAP) return strcmp(t, "map") == 0;
    static const struct { const char *name; uint8_t tag; } scalar_tags[] = {
        {"str", TR_YTAG_STR},   {"int", TR_YTAG_INT},     {"bool", TR_YTAG_BOOL},
        {"null", TR_YTAG_NULL}, {"float", TR_YTAG_FLOAT},
    };
    for (size_t i = 0; i < sizeof scalar_tags / sizeof scalar_tags[0]; i++)
        if (strcmp(t, scalar_tags[i].name) == 0) {
            *out = scalar_tags[i].tag;
            return 1;
        }
    return 0;
}

static void check_tag(tree_builder *tb, const yaml_event_t *ev, const char *tag,
                      enum tr_ykind kind, tr_ynode *n) {
    if (resolve_tag(tag, kind, &n->tag)) return;
    char shown[TR_YQUOTE_SIZE];
    tag_for_message(shown, sizeof shown, tag);
    tr_yerr_at(tb->ld, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
               TRIAGE_ERR_UNSUPPORTED,
               "tag '%s' is not supported here; remove it (rules files use plain values; "
               "only the core tags !!str, !!int, !!bool, !!null, !!float, !!seq and !!map "
               "are understood)",
               shown);
}

static tr_ynode *new_node(tree_builder *tb, const yaml_event_t *ev, enum tr_ykind kind) {
    tr_yload *ld = tb->ld;
    if (++tb->nodes > TR_YAML_MAX_NODES) {
        tr_yerr_at(ld, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
                   TRIAGE_ERR_LIMIT, "the rules file has more than %u YAML values; split it",
                   TR_YAML_MAX_NODES);
        return NULL;
    }
    tr_ynode *n = arena_alloc(ld->alloc, &ld->arena, sizeof *n, alignof(tr_ynode));
    if (!n) {
        tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while reading the rules");
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->line = mark_pos(ev->start_mark.line);
    n->column = mark_pos(ev->start_mark.column);
    return n;
}

static void append(tree_builder *tb, tr_ynode *n) {
    if (tb->depth == 0) {
        tb->root = n;
        return;
    }
    open_node *parent = &tb->stack[tb->depth - 1];
    if (parent->tail)
        parent->tail->next = n;
    else
        parent->node->first = n;
    parent->tail = n;
    parent->node->len++;
}

static int same_text(const tr_ynode *a, const tr_ynode *b) {
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Reports and unlinks pairs whose key is not a text or repeats an earlier
 * key; the first occurrence wins. Small maps compare pairwise, big ones use
 * a hash set so that a huge `keywords` map stays linear. */
static int drop_bad_keys(tree_builder *tb, tr_ynode *map) {
    tr_yload *ld = tb->ld;
    int use_set = map->len > 32;
    tr_ystrset seen;
    tr_ystrset_init(&seen, ld->alloc, ld->hash_key);
    int rc = TRIAGE_OK;
    tr_ynode **link = &map->first;
    while (*link && (*link)->next) {
        tr_ynode *k = *link, *v = k->next;
        const tr_ynode *first = NULL;
        if (k->kind != TR_YSCALAR) {
            tr_yerr(ld, k, TRIAGE_ERR_SYNTAX, "a key must be a text, not %s", tr_ydescribe(k));
        } else if (use_set) {
            rc = tr_ystrset_insert(&seen, k, &first);
            if (rc != TRIAGE_OK) {
                tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while reading the rules");
                break;
            }
        } else {
            for (const tr_ynode *p = map->first; p != k; p = p->next->next)
                if (same_text(p, k)) {
                    first = p;
                    break;
                }
        }
        if (first) {
            char shown[TR_YQUOTE_SIZE];
            tr_yerr(ld, k, TRIAGE_ERR_EXISTS,
                    "duplicate key '%s' (first given at line %u, column %u); remove one of them",
                    tr_yquote(shown, sizeof shown, k->text, k->len), first->line, first->column);
        }
        if (first || k->kind != TR_YSCALAR) {
            *link = v->next;
            map->len -= 2;
        } else {
            link = &v->next;
        }
    }
    tr_ystrset_free(&seen);
    return rc;
}

static int on_scalar(tree_builder *tb, const yaml_event_t *ev) {
    tr_ynode *n = new_node(tb, ev, TR_YSCALAR);
    if (!n) return tb->ld->status;
    size_t len = ev->data.scalar.length;
    if (len >= UINT32_MAX) return tr_yerr(tb->ld, n, TRIAGE_ERR_LIMIT, "value too long");
    char *text = arena_alloc(tb->ld->alloc, &tb->ld->arena, len + 1, 1);
    if (!text) return tr_yerr(tb->ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while reading the rules");
    if (len) memcpy(text, ev->data.scalar.value, len);
    text[len] = '\0';
    n->text = text;
    n->len = (uint32_t)len;
    check_tag(tb, ev, (const char *)ev->data.scalar.tag, TR_YSCALAR, n);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n->tag == TR_YTAG_NONE &&
               !ev->data.scalar.tag;
    append(tb, n);
    return TRIAGE_OK;
}

static int on_alias(tree_builder *tb, const yaml_event_t *ev) {
    char shown[TR_YQUOTE_SIZE];
    const char *anchor = (const char *)ev->data.alias.anchor;
    tr_yerr_at(tb->ld, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
               TRIAGE_ERR_UNSUPPORTED,
               "aliases (*%s) are not supported in rules files; write the value out in full",
               tr_yquote(shown, sizeof shown, anchor, anchor ? strlen(anchor) : 0));
    /* Stand in an empty value so the surrounding structure stays whole. */
    tr_ynode *n = new_node(tb, ev, TR_YSCALAR);
    if (!n) return tb->ld->status;
    n->text = "";
    n->plain = 1;
    append(tb, n);
    return TRIAGE_OK;
}

static int on_start(tree_builder *tb, const yaml_event_t *ev, enum tr_ykind kind) {
    if (tb->depth >= TR_YAML_MAX_DEPTH)
        return tr_yerr_at(tb->ld, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
                          TRIAGE_ERR_LIMIT,
                          "lists and maps are nested more than %d levels deep; flatten the rules",
                          TR_YAML_MAX_DEPTH);
    tr_ynode *n = new_node(tb, ev, kind);
    if (!n) return tb->ld->status;
    const yaml_char_t *tag = kind == TR_YSEQ ? ev->data.sequence_start.tag
                                             : ev->data.mapping_start.tag;
    check_tag(tb, ev, (const char *)tag, kind, n);
    append(tb, n);
    tb->stack[tb->depth++] = (open_node){n, NULL};
    return TRIAGE_OK;
}

static int on_end(tree_builder *tb) {
    if (tb->depth == 0) return TRIAGE_OK; /* libyaml keeps events balanced */
    tr_ynode *n = tb->stack[--tb->depth].node;
    return n->kind == TR_YMAP ? drop_bad_keys(tb, n) : TRIAGE_OK;
}

static int on_event(tree_builder *tb, const yaml_event_t *ev) {
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++tb->documents > 1)
            return tr_yerr_at(tb->ld, mark_pos(ev->start_mark.line),
                              mark_pos(ev->start_mark.column), TRIAGE_ERR_SYNTAX,
                              "a rules file holds one YAML document; remove this second one "
                              "(and the '---' before it)");
        return TRIAGE_OK;
    case YAML_SCALAR_EVENT: return on_scalar(tb, ev);
    case YAML_ALIAS_EVENT: return on_alias(tb, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(tb, ev, TR_YSEQ);
    case YAML_MAPPING_START_EVENT: return on_start(tb, ev, TR_YMAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(tb);
    default: return TRIAGE_OK;
    }
}

/* A UTF-8 byte-order mark is skipped before parsing: with the encoding
 * forced to UTF-8, libyaml would read it as content. */
static size_t bom_length(const tr_yload *ld) {
    return ld->size >= 3 && memcmp(ld->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* 1-based line and column (in characters) of a byte offset of the text
 * libyaml was given. */
static void offset_position(const tr_yload *ld, size_t offset, unsigned *line, unsigned *col) {
    const char *text = ld->data + bom_length(ld);
    size_t size = ld->size - bom_length(ld);
    if (offset > size) offset = size;
    size_t l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l > UINT32_MAX ? UINT32_MAX : (unsigned)l;
    *col = c > UINT32_MAX ? UINT32_MAX : (unsigned)c;
}

static int report_parser_error(tr_yload *ld, const yaml_parser_t *p) {
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_MEMORY_ERROR)
        return tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while parsing YAML");
    if (p->error == YAML_READER_ERROR) {
        unsigned line, col;
        offset_position(ld, p->problem_offset, &line, &col);
        if (strstr(problem, "control characters"))
            return tr_yerr_at(ld, line, col, TRIAGE_ERR_SYNTAX,
                              "control character U+%04X (such as a NUL byte) is not allowed in a "
                              "rules file; remove it or write it as an escape in a "
                              "double-quoted text",
                              (unsigned)p->problem_value);
        if (p->problem_value >= 0)
            return tr_yerr_at(ld, line, col, TRIAGE_ERR_UTF8,
                              "the rules file is not valid UTF-8 (%s 0x%02X); save it as UTF-8",
                              problem, (unsigned)p->problem_value);
        return tr_yerr_at(ld, line, col, TRIAGE_ERR_UTF8,
                          "the rules file is not valid UTF-8 (%s); save it as UTF-8", problem);
    }
    unsigned line = mark_pos(p->problem_mark.line), col = mark_pos(p->problem_mark.column);
    if (p->context)
        return tr_yerr_at(ld, line, col, TRIAGE_ERR_SYNTAX,
                          "YAML syntax error: %s (%s at line %u, column %u)", problem, p->context,
                          mark_pos(p->context_mark.line), mark_pos(p->context_mark.column));
    return tr_yerr_at(ld, line, col, TRIAGE_ERR_SYNTAX, "YAML syntax error: %s", problem);
}

int tr_yaml_parse_tree(tr_yload *ld) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return tr_yerr(ld, NULL, TRIAGE_ERR_NOMEM, "out of memory while parsing YAML");
    size_t bom = bom_length(ld);
    yaml_parser_set_input_string(&parser, (const unsigned char *)ld->data + bom, ld->size - bom);
    /* Rules are UTF-8: no guessing of UTF-16 from a byte-order mark. */
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    tree_builder tb = {.ld = ld};
    int rc = TRIAGE_OK;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = report_parser_error(ld, &parser);
            break;
        }
        int done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(&tb, &ev);
        yaml_event_delete(&ev);
        if (rc == TRIAGE_OK && ld->stopped) rc = ld->status;
        if (rc != TRIAGE_OK || done) break;
    }
    yaml_parser_delete(&parser);
    ld->root = rc == TRIAGE_OK ? tb.root : NULL;
    return rc;
}
