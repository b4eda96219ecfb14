#include "match/literal.h"

#include <string.h>

static int is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Index just past the character class opening at p[i] == '[', or 0. */
static size_t skip_class(const char *p, size_t n, size_t i) {
    i++;
    if (i < n && p[i] == '^') i++;
    if (i < n && p[i] == ']') i++; /* a leading ] is literal */
    while (i < n) {
        if (p[i] == '\\') {
            i += 2;
        } else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
            const char *end = memchr(p + i + 2, ']', n - i - 2);
            if (!end) return 0;
            i = (size_t)(end - p) + 1;
        } else if (p[i] == ']') {
            return i + 1;
        } else {
            i++;
        }
    }
    return 0;
}

/* Index just past the group opening at p[i] == '(', or 0. */
static size_t skip_group(const char *p, size_t n, size_t i) {
    int depth = 0;
    while (i < n) {
        if (p[i] == '\\') {
            i += 2;
            continue;
        }
        if (p[i] == '[') {
            i = skip_class(p, n, i);
            if (!i) return 0;
            continue;
        }
        if (p[i] == '(') depth++;
        if (p[i] == ')' && --depth == 0) return i + 1;
        i++;
    }
    return 0;
}

/* Reads a quantifier at p[i]; sets *optional when it allows zero
 * repetitions. Returns its length (0: no quantifier). */
static size_t quantifier(const char *p, size_t n, size_t i, int *optional) {
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

size_t tr_required_literal(const char *p, size_t n, char out[TR_LITERAL_MAX]) {
    char run[TR_LITERAL_MAX];
    size_t run_len = 0, best = 0;
    /* Options and verbs at the start, such as (?i) or (*UTF), change how the
     * rest reads; only a leading caseless flag is harmless. */
    size_t i = 0;
    if (n >= 4 && memcmp(p, "(?i)", 4) == 0) i = 4;
    for (size_t k = i; k < n; k++)
        if (p[k] == '\\') k++;
        else if (p[k] == '(' && k + 1 < n && (p[k + 1] == '*' || (p[k + 1] == '?' && k + 2 < n &&
                                                                   p[k + 2] != ':' && p[k + 2] != '=' &&
                                                                   p[k + 2] != '!' && p[k + 2] != '<' &&
                                                                   p[k + 2] != '>')))
            return 0; /* inline options, verbs, named groups... read nothing */
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        size_t atom_end;
        int literal = -1; /* the atom's character when it is a literal */
        if (c == '|') return 0; /* top-level alternation: nothing is required */
        if (c == '\\') {
            if (i + 1 >= n) return 0;
            unsigned char e = (unsigned char)p[i + 1];
            if (e == 'Q' || e == 'E' || e == 'x' || e == 'c' || e == 'o' || e == 'N' || e == 'p' ||
                e == 'P' || e == 'g' || e == 'k')
                return 0; /* forms that take arguments: do not guess */
            if (!is_alnum(e) && e < 0x80) literal = e;
            atom_end = i + 2;
        } else if (c == '[') {
            atom_end = skip_class(p, n, i);
            if (!atom_end) return 0;
        } else if (c == '(') {
            atom_end = skip_group(p, n, i);
            if (!atom_end) return 0;
        } else if (c == ')') {
            return 0; /* unbalanced: let PCRE2 report it */
        } else if (c == '.' || c == '^' || c == '$' || c >= 0x80) {
            atom_end = i + 1;
            while (c >= 0x80 && atom_end < n && ((unsigned char)p[atom_end] & 0xC0) == 0x80)
                atom_end++; /* a whole UTF-8 character */
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            int optional;
            if (c != '{' || quantifier(p, n, i, &optional)) return 0; /* quantifier with no atom */
            literal = c;
            atom_end = i + 1;
        } else {
            literal = c;
            atom_end = i + 1;
        }
        int optional = 0;
        size_t q = quantifier(p, n, atom_end, &optional);
        if (literal >= 0 && !optional) {
            if (run_len < TR_LITERAL_MAX) {
                unsigned char lc = (unsigned char)literal;
                run[run_len++] = (char)(lc >= 'A' && lc <= 'Z' ? lc + 32 : lc);
            }
            if (run_len > best) {
                best = run_len;
                memcpy(out, run, best);
            }
        }
        /* anything but a single literal ends the run; so does a repeat */
        if (literal < 0 || optional || q) run_len = 0;
        i = atom_end + q;
    }
    return best;
}
