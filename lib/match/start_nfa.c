/* Glushkov construction: each class of the pattern is one position (bit);
 * an edge p -> q means q can follow p. Edges, first and last positions
 * carry a label: no condition, "at a word boundary" (\b) or "not at one"
 * (\B) between the two characters. */
#include "match/start_nfa.h"

#include <string.h>


enum { ANY, WB, NWB, LABELS };
#define MAX_POSITIONS 64

/* The automaton while it is built: a row per ASCII byte and per position. */
typedef struct wide_nfa {
    uint64_t byte_positions[128]; /* positions each ASCII byte can take */
    uint64_t follow[LABELS][MAX_POSITIONS];
    uint64_t first[LABELS], last[LABELS];
    uint64_t nonascii_any;   /* positions that can take some non-ASCII character */
    uint64_t nonascii_ks;    /* positions that can take U+212A or U+017F only */
    uint64_t nonascii_digit; /* those of nonascii_any that take decimal digits only */
} wide_nfa;

/* The built automaton, compact (a few hundred bytes) so that the checks
 * of many regexes stay in cache: bytes by class, follow rows only for the
 * positions there are, and the \b and \B rows only when inner edges use
 * them. One allocation. */
struct tr_start_nfa {
    uint64_t first[LABELS], last[LABELS];
    uint64_t nonascii_any, nonascii_ks;
    tr_word_fit fit[2];  /* on ASCII text [0], on any text [1] (non-ASCII may follow) */
    int beyond_ascii;    /* TR_START_*: what a first character can be beyond ASCII */
    int inner_labels;    /* some edge carries \b or \B (else only first and last may) */
    const uint64_t *follow[LABELS]; /* per position; [WB] and [NWB] with inner labels only */
    uint8_t byte_class[128];
    uint64_t class_positions[]; /* positions a byte of each class can take */
};

/* The first and last positions of a piece of pattern, and whether (under
 * which labels, as a bit mask) it can match the empty string. */
typedef struct fragment {
    uint64_t first[LABELS], last[LABELS];
    unsigned empty;
} fragment;

typedef struct builder {
    const tr_rx_tree *tree;
    wide_nfa *a;
    unsigned npos;
} builder;

/* Both conditions at once; -1 when they contradict. */
static int both(int x, int y) {
    if (x == ANY) return y;
    if (y == ANY || x == y) return x;
    return -1;
}

/* Positions (of pattern node k) counted as they will be built, capped. */
static unsigned count_positions(const tr_rx_tree *t, uint16_t k) {
    const tr_rx_node *node = &t->nodes[k];
    unsigned total = 0;
    switch (node->kind) {
    case TR_RX_CLASS: return 1;
    case TR_RX_ASSERT: return 0;
    case TR_RX_REPEAT: {
        unsigned copies = node->max == TR_RX_INF ? (node->min ? node->min : 1) : node->max;
        unsigned each = count_positions(t, node->child);
        return each && copies > MAX_POSITIONS ? MAX_POSITIONS + 1 : each * copies;
    }
    default:
        for (uint16_t c = node->child; c != TR_RX_NONE && total <= MAX_POSITIONS; c = t->nodes[c].next)
            total += count_positions(t, c);
        return total > MAX_POSITIONS ? MAX_POSITIONS + 1 : total;
    }
}

/* Adds the edges from the last positions of x to the first ones of y. */
static void link(builder *b, const uint64_t *from, const uint64_t *to) {
    for (int lx = 0; lx < LABELS; lx++)
        for (int ly = 0; ly < LABELS; ly++) {
            int l = both(lx, ly);
            if (l < 0 || !to[ly]) continue;
            for (uint64_t m = from[lx]; m; m &= m - 1)
                b->a->follow[l][__builtin_ctzll(m)] |= to[ly];
        }
}

static fragment concat(builder *b, fragment x, fragment y) {
    fragment r = {{0}, {0}, 0};
    link(b, x.last, y.first);
    memcpy(r.first, x.first, sizeof r.first);
    memcpy(r.last, y.last, sizeof r.last);
    for (int e = 0; e < LABELS; e++)
        for (int l = 0; l < LABELS; l++) {
            if (x.empty & (1u << e)) {
                int c = both(e, l);
                if (c >= 0) r.first[c] |= y.first[l];
            }
            if (y.empty & (1u << e)) {
                int c = both(l, e);
                if (c >= 0) r.last[c] |= x.last[l];
            }
            int c = both(e, l);
            if ((x.empty & (1u << e)) && (y.empty & (1u << l)) && c >= 0) r.empty |= 1u << c;
        }
    return r;
}

static fragment either(fragment x, fragment y) {
    for (int l = 0; l < LABELS; l++) x.first[l] |= y.first[l], x.last[l] |= y.last[l];
    x.empty |= y.empty;
    return x;
}

static fragment build(builder *b, uint16_t k);

static fragment repeat(builder *b, const tr_rx_node *node) {
    fragment r = {{0}, {0}, 1u << ANY};
    unsigned copies = node->max == TR_RX_INF ? (node->min ? node->min : 1) : node->max;
    for (unsigned i = 0; i < copies; i++) {
        fragment f = build(b, node->child);
        if (i + 1 == copies && node->max == TR_RX_INF) link(b, f.last, f.first); /* a loop */
        if (i >= node->min) f.empty |= 1u << ANY;                                /* optional */
        r = concat(b, r, f);
    }
    return r;
}

static fragment build(builder *b, uint16_t k) {
    const tr_rx_node *node = &b->tree->nodes[k];
    fragment r = {{0}, {0}, 0};
    switch (node->kind) {
    case TR_RX_CLASS: {
        uint64_t bit = 1ull << b->npos++;
        for (unsigned c = 0; c < 128; c++)
            if ((node->bytes[c >> 6] >> (c & 63)) & 1) b->a->byte_positions[c] |= bit;
        if (node->nonascii == TR_RX_ANY_NONASCII || node->nonascii == TR_RX_DIGITS)
            b->a->nonascii_any |= bit;
        if (node->nonascii == TR_RX_DIGITS) b->a->nonascii_digit |= bit;
        if (node->nonascii == TR_RX_KELVIN_LONG_S) b->a->nonascii_ks |= bit;
        r.first[ANY] = r.last[ANY] = bit;
        return r;
    }
    case TR_RX_ASSERT: r.empty = 1u << (node->assertion == TR_RX_WORD_BOUNDARY ? WB : NWB); return r;
    case TR_RX_REPEAT: return repeat(b, node);
    case TR_RX_ALT:
        for (uint16_t c = node->child; c != TR_RX_NONE; c = b->tree->nodes[c].next)
            r = either(r, build(b, c));
        return r;
    default: /* TR_RX_CONCAT */
        r.empty = 1u << ANY;
        for (uint16_t c = node->child; c != TR_RX_NONE; c = b->tree->nodes[c].next)
            r = concat(b, r, build(b, c));
        return r;
    }
}

/* The pattern as a sequence of items: a top-level alternation of one
 * branch is that branch. */
static uint16_t top_sequence(const tr_rx_tree *t) {
    const tr_rx_node *root = &t->nodes[t->root];
    if (root->kind == TR_RX_ALT && root->child != TR_RX_NONE &&
        t->nodes[root->child].next == TR_RX_NONE)
        return root->child;
    return t->root;
}

/* Positions that can take one of the bytes of set (128 bits). */
static uint64_t positions_taking(const wide_nfa *a, const uint64_t *set) {
    uint64_t r = 0;
    for (unsigned c = 0; c < 128; c++)
        if ((set[c >> 6] >> (c & 63)) & 1) r |= a->byte_positions[c];
    return r;
}

static uint64_t follow_any_label(const wide_nfa *a, uint64_t live) {
    uint64_t next = 0;
    for (uint64_t m = live; m; m &= m - 1) {
        unsigned p = (unsigned)__builtin_ctzll(m);
        next |= a->follow[ANY][p] | a->follow[WB][p] | a->follow[NWB][p];
    }
    return next;
}

/* Adds to the fit the bytes other than ASCII letters and digits that the
 * positions in next take (beyond_ascii: non-ASCII ones too). */
static void add_bytes_after(const wide_nfa *a, uint64_t next, int beyond_ascii, tr_word_fit *fit) {
    for (unsigned c = 0; c < 128; c++) {
        int alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!alnum && (a->byte_positions[c] & next)) fit->after[c >> 6] |= 1ull << (c & 63);
    }
    if (beyond_ascii && (next & (a->nonascii_any | a->nonascii_ks))) fit->after[2] = fit->after[3] = ~0ull;
}

/* Walks the automaton through letters and digits from a word start: at
 * depth d (letters and digits read), the run may end there when a position
 * can take another byte next (beyond_ascii: or a non-ASCII character) or a
 * match can end there, and goes on when a match can end before a word
 * character. Labels are ignored except at the end, which keeps the answer
 * a superset. */
static tr_word_fit find_word_fit(const wide_nfa *a, int beyond_ascii) {
    const uint64_t alnum[2] = {0x03FF000000000000ull, 0x07FFFFFE07FFFFFEull};
    const uint64_t other[2] = {~alnum[0], ~alnum[1]};
    uint64_t takes_alnum = positions_taking(a, alnum), takes_other = positions_taking(a, other);
    if (beyond_ascii) takes_other |= a->nonascii_any | a->nonascii_ks;
    uint64_t first = a->first[ANY] | a->first[WB] | a->first[NWB], live = first & takes_alnum;
    tr_word_fit fit = {first & takes_other ? 1u : 0u, 64, 0, {0}}; /* a run of 0: starts otherwise */
    add_bytes_after(a, first, beyond_ascii, &fit);
    for (unsigned d = 1; live && d < 64; d++) {
        uint64_t next = follow_any_label(a, live);
        int ends = (next & takes_other) != 0 || (live & (a->last[ANY] | a->last[WB] | a->last[NWB]));
        if (ends) fit.lengths |= 1ull << d; /* \b or \B before '_' also end the run */
        if ((live & (a->last[ANY] | a->last[NWB])) && d + 1 < fit.open_from) fit.open_from = d + 1;
        if (live & (a->last[ANY] | a->last[WB] | a->last[NWB])) fit.ends |= 1ull << d;
        add_bytes_after(a, next, beyond_ascii, &fit);
        live = next & takes_alnum;
    }
    return fit;
}

static int first_beyond_ascii(const wide_nfa *a) {
    uint64_t first = a->first[ANY] | a->first[WB] | a->first[NWB];
    if ((first & a->nonascii_ks) || (first & a->nonascii_any & ~a->nonascii_digit))
        return TR_START_BEYOND_ASCII_ANY;
    return first & a->nonascii_digit ? TR_START_BEYOND_ASCII_DIGITS : TR_START_ASCII;
}

int tr_start_nfa_first_beyond_ascii(const tr_start_nfa *a) { return a->beyond_ascii; }

tr_word_fit tr_start_nfa_word_fit(const tr_start_nfa *a, int ascii_text) { return a->fit[!ascii_text]; }

/* The compact form of a built automaton with npos positions. */
static tr_start_nfa *compact(tr_meter *m, const wide_nfa *w, unsigned npos) {
    uint64_t classes[128];
    uint8_t byte_class[128];
    unsigned nclasses = 0;
    for (unsigned c = 0; c < 128; c++) {
        unsigned k = 0;
        while (k < nclasses && classes[k] != w->byte_positions[c]) k++;
        if (k == nclasses) classes[nclasses++] = w->byte_positions[c];
        byte_class[c] = (uint8_t)k;
    }
    int inner_labels = 0;
    for (unsigned p = 0; p < npos; p++) inner_labels |= (w->follow[WB][p] | w->follow[NWB][p]) != 0;
    size_t rows = inner_labels ? LABELS : 1;
    tr_start_nfa *a = tr_meter_calloc(m, 1, sizeof *a + (nclasses + rows * npos) * sizeof(uint64_t));
    if (!a) return NULL;
    memcpy(a->first, w->first, sizeof a->first);
    memcpy(a->last, w->last, sizeof a->last);
    a->nonascii_any = w->nonascii_any;
    a->nonascii_ks = w->nonascii_ks;
    a->fit[0] = find_word_fit(w, 0);
    a->fit[1] = find_word_fit(w, 1);
    a->beyond_ascii = first_beyond_ascii(w);
    a->inner_labels = inner_labels;
    memcpy(a->byte_class, byte_class, sizeof byte_class);
    memcpy(a->class_positions, classes, nclasses * sizeof *classes);
    uint64_t *row = a->class_positions + nclasses;
    for (size_t l = 0; l < rows; l++, row += npos) {
        memcpy(row, w->follow[l], npos * sizeof *row);
        a->follow[l] = row;
    }
    return a;
}

tr_start_nfa *tr_start_nfa_build(tr_meter *m, const tr_rx_tree *tree) {
    wide_nfa *w = tr_meter_calloc(m, 1, sizeof *w);
    if (!w) return NULL;
    builder b = {tree, w, 0};
    uint16_t top = top_sequence(tree);
    fragment f;
    if (tree->nodes[top].kind == TR_RX_CONCAT) {
        /* Items that fit; what is cut off is accepted as it comes. */
        f = (fragment){{0}, {0}, 1u << ANY};
        for (uint16_t c = tree->nodes[top].child; c != TR_RX_NONE; c = tree->nodes[c].next) {
            if (b.npos + count_positions(tree, c) > MAX_POSITIONS) break;
            f = concat(&b, f, build(&b, c));
        }
    } else if (count_positions(tree, top) <= MAX_POSITIONS) {
        f = build(&b, top);
    } else {
        f = (fragment){{0}, {0}, 1u << ANY};
    }
    tr_start_nfa *a = NULL;
    if (!f.empty) { /* else it matches the empty string (or nothing was kept): no help */
        memcpy(w->first, f.first, sizeof w->first);
        memcpy(w->last, f.last, sizeof w->last);
        a = compact(m, w, b.npos);
    }
    tr_meter_free(m, w);
    return a;
}

void tr_start_nfa_free(tr_meter *m, tr_start_nfa *a) { tr_meter_free(m, a); }

enum { NONWORD, WORD, UNKNOWN };

static int kind_of(const unsigned char *t, size_t n, size_t i) {
    if (i >= n) return NONWORD;
    unsigned c = t[i];
    if (c >= 0x80) return UNKNOWN; /* a Unicode letter or not: either may hold */
    return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? WORD
                                                                                        : NONWORD;
}

/* Labels whose condition may hold between characters of these kinds. */
static unsigned labels_between(int x, int y) {
    if (x == UNKNOWN || y == UNKNOWN) return 1u << ANY | 1u << WB | 1u << NWB;
    return 1u << ANY | 1u << (x == y ? NWB : WB);
}

static uint64_t pick(const uint64_t *by_label, unsigned labels) {
    uint64_t r = by_label[ANY];
    if (labels & (1u << WB)) r |= by_label[WB];
    if (labels & (1u << NWB)) r |= by_label[NWB];
    return r;
}

/* The positions that can follow the live ones, across a boundary with
 * these labels. */
static uint64_t follow(const tr_start_nfa *a, uint64_t live, unsigned labels) {
    uint64_t next = 0;
    for (uint64_t m = live; m; m &= m - 1) {
        unsigned p = (unsigned)__builtin_ctzll(m);
        next |= a->follow[ANY][p];
        if (labels & (1u << WB)) next |= a->follow[WB][p]; /* asked only with inner labels */
        if (labels & (1u << NWB)) next |= a->follow[NWB][p];
    }
    return next;
}

static int is_kelvin_or_long_s(const unsigned char *t, size_t left) {
    return (left >= 3 && t[0] == 0xE2 && t[1] == 0x84 && t[2] == 0xAA) ||
           (left >= 2 && t[0] == 0xC5 && t[1] == 0xBF);
}

int tr_start_nfa_may_match(const tr_start_nfa *a, const char *text, size_t n, size_t at,
                           size_t *steps) {
    const unsigned char *t = (const unsigned char *)text;
    *steps = 1;
    if (at >= n) return 0;
    /* word kinds are only looked at where a label needs them */
    uint64_t next = a->first[ANY];
    if (a->first[WB] | a->first[NWB])
        next = pick(a->first, labels_between(at ? kind_of(t, n, at - 1) : NONWORD, kind_of(t, n, at)));
    for (size_t i = at;;) {
        if (t[i] >= 0x80) /* only positions that take non-ASCII characters go on */
            return (next & a->nonascii_any) != 0 ||
                   ((next & a->nonascii_ks) != 0 && is_kelvin_or_long_s(t + i, n - i));
        uint64_t live = next & a->class_positions[a->byte_class[t[i]]];
        if (!live) return 0;
        if (live & a->last[ANY]) return 1;
        if ((live & (a->last[WB] | a->last[NWB])) &&
            (live & pick(a->last, labels_between(kind_of(t, n, i), kind_of(t, n, i + 1)))))
            return 1;
        if (++i == n) return 0;
        if (++*steps > TR_START_NFA_MAX_STEPS) return 1;
        next = follow(a, live, a->inner_labels ? labels_between(kind_of(t, n, i - 1), kind_of(t, n, i))
                                               : 1u << ANY);
    }
}

int tr_start_nfa_any_start(const tr_start_nfa *a, const char *text, size_t n,
                           const uint32_t *starts, size_t nstarts, const uint64_t *first,
                           size_t *steps) {
    const unsigned char *t = (const unsigned char *)text;
    uint64_t live = 0;
    size_t k = 0, i = 0;
    *steps = 0;
    for (;;) {
        while (k < nstarts && (starts[k] < i || !((first[t[starts[k]] >> 6] >> (t[starts[k]] & 63)) & 1)))
            k++; /* the next place, at or after i, with one of the first bytes */
        if (!live) { /* nothing alive: jump to that place */
            if (k == nstarts) return 0;
            i = starts[k];
        }
        if (i >= n) return 0;
        ++*steps;
        unsigned labels = a->inner_labels ? labels_between(i ? kind_of(t, n, i - 1) : NONWORD, kind_of(t, n, i))
                                          : 1u << ANY;
        uint64_t next = follow(a, live, labels);
        if (k < nstarts && starts[k] == i) /* a match may also start here */
            next |= a->first[WB] | a->first[NWB]
                        ? pick(a->first, labels_between(i ? kind_of(t, n, i - 1) : NONWORD, kind_of(t, n, i)))
                        : a->first[ANY];
        if (t[i] >= 0x80) {
            if ((next & a->nonascii_any) || ((next & a->nonascii_ks) && is_kelvin_or_long_s(t + i, n - i)))
                return 1;
            live = 0;
            i++;
            continue;
        }
        live = next & a->class_positions[a->byte_class[t[i]]];
        if (live & a->last[ANY]) return 1;
        if ((live & (a->last[WB] | a->last[NWB])) &&
            (live & pick(a->last, labels_between(kind_of(t, n, i), kind_of(t, n, i + 1)))))
            return 1;
        i++;
    }
}

int tr_start_nfa_after(const tr_start_nfa *a, const char *lit, size_t len, uint64_t next[4]) {
    if (a->inner_labels) return 0;
    const uint64_t ends = a->last[ANY] | a->last[WB] | a->last[NWB];
    uint64_t live = a->first[ANY] | a->first[WB] | a->first[NWB]; /* whatever precedes */
    for (size_t k = 0; k < len; k++) {
        unsigned c = (unsigned char)lit[k];
        if (c >= 0x80) return 0;
        if (k) live = follow(a, live, 1u << ANY);
        uint64_t take = a->class_positions[a->byte_class[c]];
        if (c >= 'a' && c <= 'z') take |= a->class_positions[a->byte_class[c ^ 0x20]];
        live &= take;
        if (!live || (live & ends)) return 0;
    }
    uint64_t after = follow(a, live, 1u << ANY);
    memset(next, 0, 4 * sizeof *next);
    for (unsigned b = 0; b < 128; b++)
        if (after & a->class_positions[a->byte_class[b]]) next[b >> 6] |= 1ull << (b & 63);
    if (after & (a->nonascii_any | a->nonascii_ks)) next[2] = next[3] = ~0ull;
    return 1;
}

int tr_start_nfa_before(const tr_start_nfa *a, unsigned char x, uint64_t before[4]) {
    const uint64_t ends = a->last[ANY] | a->last[WB] | a->last[NWB];
    const unsigned labels = a->inner_labels ? 1u << ANY | 1u << WB | 1u << NWB : 1u << ANY;
    uint64_t takes_other = a->nonascii_any | a->nonascii_ks; /* a byte other than x */
    for (unsigned b = 0; b < 128; b++)
        if (b != x) takes_other |= a->class_positions[a->byte_class[b]];
    /* the positions reached before any x: from the first ones, through
     * positions that took another byte */
    uint64_t reached = a->first[ANY] | a->first[WB] | a->first[NWB], done = 0;
    while (reached & ~done) {
        uint64_t go = reached & ~done & takes_other;
        done = reached;
        if (go & ends) return 0; /* a match without x: the pattern was cut */
        reached |= follow(a, go, labels);
    }
    memset(before, 0, 4 * sizeof *before);
    for (unsigned b = 0; b < 128; b++)
        if (b != x && (reached & a->class_positions[a->byte_class[b]])) before[b >> 6] |= 1ull << (b & 63);
    if (reached & (a->nonascii_any | a->nonascii_ks)) before[2] = before[3] = ~0ull;
    return 1;
}
