#include "match/literal.h"

#include <string.h>

typedef struct reader {
    const char *p;
    size_t n, i;
    int failed; /* a form we do not read: no requirement at all */
    int depth;
    int leading; /* want what matches start with, not the best requirement */
} reader;

static int is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t shortest(const tr_literal_set *s) {
    size_t m = TR_LITERAL_MAX;
    for (size_t k = 0; k < s->count; k++)
        if (s->len[k] < m) m = s->len[k];
    return s->count ? m : 0;
}

/* Whether a is a better requirement than b: longer shortest member, then
 * fewer members. */
static int better(const tr_literal_set *a, const tr_literal_set *b) {
    size_t la = shortest(a), lb = shortest(b);
    if (!a->count) return 0;
    if (!b->count) return 1;
    return la > lb || (la == lb && a->count < b->count);
}

static void set_one(tr_literal_set *s, const char *text, size_t len) {
    s->count = 1;
    s->len[0] = len;
    memcpy(s->text[0], text, len);
}

/* Index just past a POSIX class ("[:alpha:]", also "[.x.]", "[=x=]") that
 * opens at p[i] inside a class, 0 when p[i] is a plain '['. As PCRE2 reads
 * it: the terminator and ']' must come before any ']' ("[:]" is a '[', a
 * ':' and the end of the class). */
static size_t posix_end(const char *p, size_t n, size_t i) {
    char kind = p[i + 1];
    if (kind != ':' && kind != '.' && kind != '=') return 0;
    for (size_t j = i + 2; j + 1 < n; j++) {
        if (p[j] == '\\' && (p[j + 1] == ']' || p[j + 1] == '\\')) j++;
        else if ((p[j] == '[' && p[j + 1] == kind) || p[j] == ']') return 0;
        else if (p[j] == kind && p[j + 1] == ']') return j + 2;
    }
    return 0;
}

size_t tr_class_end(const char *p, size_t n, size_t i) {
    i++;
    if (i < n && p[i] == '^') i++;
    if (i < n && p[i] == ']') i++; /* a leading ] is literal */
    while (i < n) {
        if (p[i] == '\\') {
            /* \Q and \E change what follows ("[\E]" goes on past its ']') */
            if (i + 1 < n && (p[i + 1] == 'Q' || p[i + 1] == 'E')) return 0;
            i += 2;
        } else if (p[i] == '[' && i + 1 < n && posix_end(p, n, i)) {
            i = posix_end(p, n, i);
        } else if (p[i] == ']') {
            return i + 1;
        } else {
            i++;
        }
    }
    return 0;
}

/* Reads a quantifier at p[i]; sets *optional when it allows zero
 * repetitions. Returns its length (0: no quantifier). */
size_t tr_quantifier_length(const char *p, size_t n, size_t i, int *optional) {
    size_t q = 0;
    *optional = 0;
    if (i < n && (p[i] == '*' || p[i] == '?')) {
        *optional = 1;
        q = 1;
    } else if (i < n && p[i] == '+') {
        q = 1;
    } else if (i < n && p[i] == '{') {
        size_t j = i + 1, digits = 0, min = 0;
        while (j < n && p[j] >= '0' && p[j] <= '9') {
            if (min < 100000) min = min * 10 + (size_t)(p[j] - '0');
            j++, digits++;
        }
        if (j < n && p[j] == ',') {
            j++;
            while (j < n && p[j] >= '0' && p[j] <= '9') j++;
        }
        if (!digits || j >= n || p[j] != '}') return 0; /* a literal '{' */
        *optional = min == 0;
        q = j - i + 1;
    }
    if (q && i + q < n && (p[i + q] == '?' || p[i + q] == '+')) q++; /* lazy, possessive */
    return q;
}

static void read_alternation(reader *r, tr_literal_set *out);

/* Reads what follows "(" at r->i; kind of group decides what it requires. */
static void read_group(reader *r, tr_literal_set *req) {
    const char *p = r->p;
    size_t n = r->n;
    req->count = 0;
    int lookaround = 0;
    if (r->i < n && p[r->i] == '*') { /* (*VERB) */
        r->failed = 1;
        return;
    }
    if (r->i < n && p[r->i] == '?') {
        size_t j = r->i + 1;
        if (j < n && (p[j] == '=' || p[j] == '!')) {
            lookaround = 1, r->i = j + 1;
        } else if (j + 1 < n && p[j] == '<' && (p[j + 1] == '=' || p[j + 1] == '!')) {
            lookaround = 1, r->i = j + 2;
        } else if (j < n && p[j] == '#') {
            /* a comment: a quantifier after it applies to the atom before
             * it ("a(?#x)?" is "a?"), which this reader cannot undo */
            r->failed = 1;
            return;
        } else if (j < n && p[j] == ':') {
            r->i = j + 1;
        } else if (j < n && (p[j] == '<' || p[j] == '\'' || p[j] == 'P')) { /* named group */
            const char *end = memchr(p + j, p[j] == '\'' ? '\'' : '>', n - j);
            if (!end || (p[j] == 'P' && (j + 1 >= n || p[j + 1] != '<'))) {
                r->failed = 1;
                return;
            }
            r->i = (size_t)(end - p) + 1;
        } else { /* option settings such as (?i) or (?i:...) */
            while (j < n && ((p[j] | 0x20) >= 'a' && (p[j] | 0x20) <= 'z' ? 1 : p[j] == '-')) {
                if (p[j] == 'x') r->failed = 1; /* extended mode changes what spaces mean */
                j++;
            }
            if (r->failed || j >= n || (p[j] != ')' && p[j] != ':')) {
                r->failed = 1;
                return;
            }
            r->i = j + 1;
            if (p[j] == ')') return; /* an option setting, not a group */
        }
    }
    if (++r->depth > 64) {
        r->failed = 1;
        return;
    }
    read_alternation(r, req);
    r->depth--;
    if (r->i >= n || p[r->i] != ')') {
        r->failed = 1;
        return;
    }
    r->i++;
    if (lookaround) req->count = 0;
}

/* Whether p[a..b) is an assertion that consumes nothing: \b, \B or ^. */
static int zero_width(const char *p, size_t a, size_t b) {
    return (b - a == 2 && p[a] == '\\' && (p[a + 1] == 'b' || p[a + 1] == 'B')) ||
           (b - a == 1 && p[a] == '^');
}

/* Leading mode: extends the literal run (or takes the group) that every
 * match starts with, until something else comes. */
static void read_leading_atom(reader *r, int literal, const tr_literal_set *group, int optional,
                              size_t q, int zero, char *run, size_t *run_len, int *lead_open,
                              tr_literal_set *best) {
    (void)r;
    if (!*lead_open) return;
    if (zero && !q && *run_len == 0) return; /* \b or ^ before the start */
    if (literal >= 0 && !optional) {
        if (*run_len < TR_LITERAL_MAX) {
            unsigned char lc = (unsigned char)literal;
            run[(*run_len)++] = (char)(lc >= 'A' && lc <= 'Z' ? lc + 32 : lc);
        }
        set_one(best, run, *run_len);
        if (q) *lead_open = 0; /* "a+": what follows may be another 'a' */
        return;
    }
    if (group->count && !optional && *run_len == 0) *best = *group;
    *lead_open = 0;
}

/* Reads one branch up to '|' or ')' (not consumed); *best gets its best
 * requirement. */
static void read_branch(reader *r, tr_literal_set *best) {
    const char *p = r->p;
    size_t n = r->n;
    char run[TR_LITERAL_MAX];
    size_t run_len = 0;
    int lead_open = 1; /* leading mode: still reading the start of every match */
    best->count = 0;
    while (r->i < n && !r->failed && p[r->i] != '|' && p[r->i] != ')') {
        unsigned char c = (unsigned char)p[r->i];
        int literal = -1; /* the atom's character when it is one */
        tr_literal_set group;
        group.count = 0;
        size_t atom_end;
        if (c == '\\') {
            if (r->i + 1 >= n) {
                r->failed = 1;
                return;
            }
            unsigned char e = (unsigned char)p[r->i + 1];
            if (strchr("QExcoNpPgk", e)) { /* forms that take arguments: do not guess */
                r->failed = 1;
                return;
            }
            if (!is_alnum(e) && e < 0x80) literal = e;
            atom_end = r->i + 2;
        } else if (c == '[') {
            atom_end = tr_class_end(p, n, r->i);
            if (!atom_end) {
                r->failed = 1;
                return;
            }
        } else if (c == '(') {
            r->i++;
            read_group(r, &group);
            if (r->failed) return;
            atom_end = r->i;
        } else if (c == '.' || c == '^' || c == '$' || c >= 0x80) {
            atom_end = r->i + 1;
            while (c >= 0x80 && atom_end < n && ((unsigned char)p[atom_end] & 0xC0) == 0x80)
                atom_end++; /* a whole UTF-8 character */
        } else if (c == '*' || c == '+' || c == '?') {
            r->failed = 1; /* a quantifier with nothing to repeat */
            return;
        } else {
            int opt;
            if (c == '{' && tr_quantifier_length(p, n, r->i, &opt)) {
                r->failed = 1;
                return;
            }
            literal = c;
            atom_end = r->i + 1;
        }
        int optional = 0;
        size_t q = tr_quantifier_length(p, n, atom_end, &optional);
        if (r->leading) {
            read_leading_atom(r, literal, &group, optional, q, zero_width(p, r->i, atom_end), run,
                              &run_len, &lead_open, best);
        } else {
            if (literal >= 0 && !optional) {
                if (run_len < TR_LITERAL_MAX) {
                    unsigned char lc = (unsigned char)literal;
                    run[run_len++] = (char)(lc >= 'A' && lc <= 'Z' ? lc + 32 : lc);
                }
                tr_literal_set mine;
                set_one(&mine, run, run_len);
                if (better(&mine, best)) *best = mine;
            }
            if (group.count && !optional && better(&group, best)) *best = group;
            if (literal < 0 || optional || q) run_len = 0; /* the run ends here */
        }
        r->i = atom_end + q;
    }
}

static void read_alternation(reader *r, tr_literal_set *out) {
    tr_literal_set branch;
    int all_required = 1;
    out->count = 0;
    for (int first = 1;; first = 0) {
        read_branch(r, &branch);
        if (r->failed) return;
        if (!branch.count) all_required = 0;
        if (all_required) {
            if (out->count + branch.count > TR_LITERAL_SET_MAX) {
                all_required = 0;
            } else {
                for (size_t k = 0; k < branch.count; k++) {
                    out->len[out->count] = branch.len[k];
                    memcpy(out->text[out->count++], branch.text[k], branch.len[k]);
                }
            }
        }
        (void)first;
        if (r->i < r->n && r->p[r->i] == '|') {
            r->i++;
            continue;
        }
        break;
    }
    if (!all_required) out->count = 0;
}

size_t tr_required_literals(const char *pattern, size_t len, size_t min_len, tr_literal_set *out) {
    reader r = {pattern, len, 0, 0, 0, 0};
    read_alternation(&r, out);
    if (r.failed || r.i != len || shortest(out) < min_len) out->count = 0;
    return out->count;
}

size_t tr_leading_literals(const char *pattern, size_t len, size_t min_len, tr_literal_set *out) {
    reader r = {pattern, len, 0, 0, 0, 1};
    read_alternation(&r, out);
    if (r.failed || r.i != len || shortest(out) < min_len) out->count = 0;
    return out->count;
}
