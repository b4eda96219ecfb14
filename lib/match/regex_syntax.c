#include "match/regex_syntax.h"

#include <string.h>

#define MAX_DEPTH 64

typedef struct parser {
    const unsigned char *p;
    size_t n, i;
    int caseless, depth;
    tr_rx_tree *t;
} parser;

static int is_digit(unsigned c) { return c >= '0' && c <= '9'; }
static int is_letter(unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static void add_byte(uint64_t *set, unsigned b) { set[b >> 6] |= 1ull << (b & 63); }
static void add_range(uint64_t *set, unsigned lo, unsigned hi) {
    for (unsigned b = lo; b <= hi && b < 128; b++) add_byte(set, b);
}

static int new_node(parser *ps, enum tr_rx_kind kind) {
    if (ps->t->count >= TR_RX_MAX_NODES) return -1;
    tr_rx_node *node = &ps->t->nodes[ps->t->count];
    memset(node, 0, sizeof *node);
    node->kind = (uint8_t)kind;
    node->child = node->next = TR_RX_NONE;
    return (int)ps->t->count++;
}

/* An ASCII class and what it holds beyond ASCII, while it is being read. */
typedef struct class_set {
    uint64_t bytes[2];
    int nonascii;
} class_set;

/* What a class holds beyond ASCII once it also holds what `more` says. */
static int combine(int have, int more) {
    if (have == more || more == TR_RX_ASCII_ONLY) return have;
    return have == TR_RX_ASCII_ONLY ? more : TR_RX_ANY_NONASCII;
}

/* \d \w \s \h \v and their upper-case negations; 0 when c is none of them. */
static int add_type_escape(class_set *c, unsigned e) {
    class_set s = {{0, 0}, TR_RX_ANY_NONASCII}; /* with UCP each also holds non-ASCII characters */
    switch (e | 0x20) {
    case 'd': add_range(s.bytes, '0', '9'); break;
    case 'w':
        add_range(s.bytes, '0', '9'), add_range(s.bytes, 'a', 'z'), add_range(s.bytes, 'A', 'Z');
        add_byte(s.bytes, '_');
        break;
    case 's': add_range(s.bytes, '\t', '\r'), add_byte(s.bytes, ' '); break;
    case 'h': add_byte(s.bytes, '\t'), add_byte(s.bytes, ' '); break;
    case 'v': add_range(s.bytes, '\n', '\r'); break;
    default: return 0;
    }
    if (e >= 'A' && e <= 'Z') { /* negated: the other ASCII bytes, and non-ASCII too */
        s.bytes[0] = ~s.bytes[0];
        s.bytes[1] = ~s.bytes[1];
    }
    c->bytes[0] |= s.bytes[0];
    c->bytes[1] |= s.bytes[1];
    c->nonascii = combine(c->nonascii, e == 'd' ? TR_RX_DIGITS : TR_RX_ANY_NONASCII);
    return 1;
}

/* The character a simple escape stands for (\t, \x41, \., ...); -1: other. */
static int escaped_char(parser *ps, unsigned e) {
    switch (e) {
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'e': return 27;
    case 'a': return 7;
    case 'x': {
        int v = 0, k = 0;
        while (k < 2 && ps->i < ps->n) {
            unsigned h = ps->p[ps->i] | 0x20;
            int d = is_digit(h) ? (int)h - '0' : h >= 'a' && h <= 'f' ? (int)h - 'a' + 10 : -1;
            if (d < 0) break;
            v = v * 16 + d, ps->i++, k++;
        }
        return k && v < 128 ? v : -1; /* \x{...} and non-ASCII values: not read */
    }
    default: return !is_digit(e) && !is_letter(e) && e < 128 ? (int)e : -1;
    }
}

/* Adds one ASCII character, with its other case when caseless. Caseless
 * k and s also match U+212A and U+017F. */
static void add_char(parser *ps, class_set *c, unsigned ch) {
    add_byte(c->bytes, ch);
    if (ps->caseless && is_letter(ch)) {
        add_byte(c->bytes, ch ^ 0x20);
        if ((ch | 0x20) == 'k' || (ch | 0x20) == 's')
            c->nonascii = combine(c->nonascii, TR_RX_KELVIN_LONG_S);
    }
}

/* Skips one UTF-8 character of the pattern that is not ASCII; caselessly,
 * U+212A and U+017F also match ASCII k and s. */
static void add_nonascii_char(parser *ps, class_set *c) {
    const unsigned char *q = ps->p + ps->i;
    size_t left = ps->n - ps->i, len = 1;
    while (len < left && len < 4 && (q[len] & 0xC0) == 0x80) len++;
    if (ps->caseless && len == 3 && memcmp(q, "\xE2\x84\xAA", 3) == 0) add_char(ps, c, 'k');
    if (ps->caseless && len == 2 && memcmp(q, "\xC5\xBF", 2) == 0) add_char(ps, c, 's');
    c->nonascii = TR_RX_ANY_NONASCII;
    ps->i += len;
}

/* Reads one member of a class (or, when it is not a range start, one
 * character); returns the ASCII character for ranges, -1 for sets and
 * non-ASCII characters, -2 on syntax this parser does not read. */
static int class_member(parser *ps, class_set *c) {
    unsigned ch = ps->p[ps->i];
    if (ch >= 0x80) {
        add_nonascii_char(ps, c);
        return -1;
    }
    ps->i++;
    if (ch == '[' && ps->i < ps->n && (ps->p[ps->i] == ':' || ps->p[ps->i] == '.' ||
                                      ps->p[ps->i] == '='))
        return -2; /* POSIX classes */
    if (ch != '\\') return (int)ch;
    if (ps->i >= ps->n) return -2;
    unsigned e = ps->p[ps->i++];
    if (add_type_escape(c, e)) return -1;
    if (e == 'b') return 8; /* in a class, \b is backspace */
    int v = escaped_char(ps, e);
    return v >= 0 ? v : -2;
}

static int parse_class(parser *ps, class_set *c) {
    int negated = ps->i < ps->n && ps->p[ps->i] == '^';
    if (negated) ps->i++;
    int first = 1;
    class_set in = {{0, 0}, TR_RX_ASCII_ONLY};
    for (;;) {
        if (ps->i >= ps->n) return -1;
        if (ps->p[ps->i] == ']' && !first) {
            ps->i++;
            break;
        }
        first = 0;
        int lo = class_member(ps, &in);
        if (lo == -2) return -1;
        if (lo >= 0 && ps->i + 1 < ps->n && ps->p[ps->i] == '-' && ps->p[ps->i + 1] != ']') {
            ps->i++;
            int hi = class_member(ps, &in);
            if (hi < 0 || hi < lo) return -1; /* ranges to sets or beyond ASCII: not read */
            for (int ch = lo; ch <= hi; ch++) add_char(ps, &in, (unsigned)ch);
        } else if (lo >= 0) {
            add_char(ps, &in, (unsigned)lo);
        }
    }
    if (negated) {
        in.bytes[0] = ~in.bytes[0];
        in.bytes[1] = ~in.bytes[1];
        in.nonascii = TR_RX_ANY_NONASCII;
    }
    *c = in;
    return 0;
}

static int make_class(parser *ps, const class_set *c) {
    int k = new_node(ps, TR_RX_CLASS);
    if (k < 0) return -1;
    ps->t->nodes[k].bytes[0] = c->bytes[0];
    ps->t->nodes[k].bytes[1] = c->bytes[1];
    ps->t->nodes[k].nonascii = (uint8_t)c->nonascii;
    return k;
}

static int parse_alternation(parser *ps);

/* One atom: a node index, or -1. */
static int parse_atom(parser *ps) {
    unsigned ch = ps->p[ps->i];
    class_set c = {{0, 0}, TR_RX_ASCII_ONLY};
    if (ch == '(') {
        ps->i++;
        if (ps->i < ps->n && ps->p[ps->i] == '?') {
            /* (?: and atomic (?> groups; atomic ones match a subset of
             * what the plain group matches, which is fine for a filter */
            if (ps->i + 1 >= ps->n || (ps->p[ps->i + 1] != ':' && ps->p[ps->i + 1] != '>'))
                return -1;
            ps->i += 2;
        } else if (ps->i < ps->n && ps->p[ps->i] == '*') {
            return -1; /* verbs */
        }
        if (++ps->depth > MAX_DEPTH) return -1;
        int k = parse_alternation(ps);
        ps->depth--;
        if (k < 0 || ps->i >= ps->n || ps->p[ps->i] != ')') return -1;
        ps->i++;
        return k;
    }
    if (ch == '[') {
        ps->i++;
        return parse_class(ps, &c) < 0 ? -1 : make_class(ps, &c);
    }
    if (ch == '.') {
        ps->i++;
        c.bytes[0] = ~(1ull << '\n');
        c.bytes[1] = ~0ull;
        c.nonascii = TR_RX_ANY_NONASCII;
        return make_class(ps, &c);
    }
    if (ch == '^' || ch == '$' || ch == ')' || ch == '|' || ch == '*' || ch == '+' ||
        ch == '?' || ch == '{')
        return -1;
    if (ch >= 0x80) {
        add_nonascii_char(ps, &c);
        return make_class(ps, &c);
    }
    ps->i++;
    if (ch != '\\') {
        add_char(ps, &c, ch);
        return make_class(ps, &c);
    }
    if (ps->i >= ps->n) return -1;
    unsigned e = ps->p[ps->i++];
    if (e == 'b' || e == 'B') {
        int k = new_node(ps, TR_RX_ASSERT);
        if (k >= 0)
            ps->t->nodes[k].assertion = e == 'b' ? TR_RX_WORD_BOUNDARY : TR_RX_NOT_WORD_BOUNDARY;
        return k;
    }
    if (e == 'N') {
        c.bytes[0] = ~(1ull << '\n');
        c.bytes[1] = ~0ull;
        c.nonascii = TR_RX_ANY_NONASCII;
        return make_class(ps, &c);
    }
    if (add_type_escape(&c, e)) return make_class(ps, &c);
    int v = escaped_char(ps, e);
    if (v < 0) return -1;
    add_char(ps, &c, (unsigned)v);
    return make_class(ps, &c);
}

static int read_number(parser *ps, unsigned *out) {
    size_t start = ps->i;
    unsigned v = 0;
    while (ps->i < ps->n && is_digit(ps->p[ps->i]) && v < 100000) v = v * 10 + (ps->p[ps->i++] - '0');
    *out = v;
    return ps->i > start;
}

/* A quantifier after an atom: sets *min and *max and returns 1, returns 0
 * when there is none, -1 on a form not read. */
static int parse_quantifier(parser *ps, unsigned *min, unsigned *max) {
    if (ps->i >= ps->n) return 0;
    unsigned ch = ps->p[ps->i];
    if (ch == '*' || ch == '+' || ch == '?') {
        *min = ch == '+';
        *max = ch == '?' ? 1 : TR_RX_INF;
        ps->i++;
    } else if (ch == '{') {
        ps->i++;
        if (!read_number(ps, min)) return -1; /* PCRE2 reads "{,n}" and "{x" as literals */
        *max = *min;
        if (ps->i < ps->n && ps->p[ps->i] == ',') {
            ps->i++;
            if (!read_number(ps, max)) *max = TR_RX_INF;
        }
        if (ps->i >= ps->n || ps->p[ps->i] != '}' || *max < *min ||
            (*max != TR_RX_INF && *max >= TR_RX_INF))
            return -1;
        ps->i++;
    } else {
        return 0;
    }
    /* lazy and possessive forms match the same strings or fewer */
    if (ps->i < ps->n && (ps->p[ps->i] == '?' || ps->p[ps->i] == '+')) ps->i++;
    return 1;
}

/* Appends node k to the list that starts at *head and ends at *tail. */
static void append(parser *ps, uint16_t *head, uint16_t *tail, int k) {
    if (*head == TR_RX_NONE) *head = (uint16_t)k;
    else ps->t->nodes[*tail].next = (uint16_t)k;
    *tail = (uint16_t)k;
}

static int parse_sequence(parser *ps) {
    int seq = new_node(ps, TR_RX_CONCAT);
    if (seq < 0) return -1;
    uint16_t head = TR_RX_NONE, tail = TR_RX_NONE;
    while (ps->i < ps->n && ps->p[ps->i] != '|' && ps->p[ps->i] != ')') {
        int atom = parse_atom(ps);
        if (atom < 0) return -1;
        unsigned min, max;
        int q = parse_quantifier(ps, &min, &max);
        if (q < 0) return -1;
        if (q) {
            if (ps->t->nodes[atom].kind == TR_RX_ASSERT) return -1;
            int rep = new_node(ps, TR_RX_REPEAT);
            if (rep < 0) return -1;
            ps->t->nodes[rep].min = (uint16_t)min;
            ps->t->nodes[rep].max = (uint16_t)max;
            ps->t->nodes[rep].child = (uint16_t)atom;
            atom = rep;
        }
        append(ps, &head, &tail, atom);
    }
    ps->t->nodes[seq].child = head;
    return seq;
}

static int parse_alternation(parser *ps) {
    int alt = new_node(ps, TR_RX_ALT);
    if (alt < 0) return -1;
    uint16_t head = TR_RX_NONE, tail = TR_RX_NONE;
    for (;;) {
        int seq = parse_sequence(ps);
        if (seq < 0) return -1;
        append(ps, &head, &tail, seq);
        if (ps->i >= ps->n || ps->p[ps->i] != '|') break;
        ps->i++;
    }
    ps->t->nodes[alt].child = head;
    return alt;
}

int tr_rx_parse(const char *pattern, size_t len, int caseless, tr_rx_tree *tree) {
    parser ps = {(const unsigned char *)pattern, len, 0, caseless != 0, 0, tree};
    tree->count = 0;
    int root = parse_alternation(&ps);
    if (root < 0 || ps.i != len) return -1;
    tree->root = (uint16_t)root;
    return 0;
}
