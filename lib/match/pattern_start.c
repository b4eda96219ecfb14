#include "match/pattern_start.h"

#include "match/literal.h"
#include "text/tokenize.h"

static int is_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Caselessly, ASCII letters also match U+212A KELVIN SIGN (k) and U+017F
 * LONG S (s), and no other character. */
#define LETTER_KINDS (TR_FIRST_ASCII_LETTER | TR_FIRST_KS)
#define DIGIT_KINDS (TR_FIRST_ASCII_DIGIT | TR_FIRST_DIGIT)

/* Index just past the group opening at p[i] == '(', or n when unbalanced. */
static size_t group_end(const char *p, size_t n, size_t i) {
    for (int depth = 0; i < n;) {
        if (p[i] == '\\') {
            i += 2;
        } else if (p[i] == '[') {
            size_t e = tr_class_end(p, n, i);
            i = e ? e : n;
        } else {
            if (p[i] == '(') depth++;
            if (p[i] == ')' && --depth == 0) return i + 1;
            i++;
        }
    }
    return n;
}

/* Index of the '|' or ')' that ends the branch running from p[i]. */
static size_t branch_end(const char *p, size_t n, size_t i) {
    while (i < n && p[i] != '|' && p[i] != ')') {
        if (p[i] == '\\') {
            i += 2;
        } else if (p[i] == '[') {
            size_t e = tr_class_end(p, n, i);
            i = e ? e : n;
        } else if (p[i] == '(') {
            i = group_end(p, n, i);
        } else {
            i++;
        }
    }
    return i < n ? i : n;
}

static unsigned atom_kinds(const char *p, size_t n, size_t i, size_t *len);

/* The kinds a branch from p[i] can start with (the leading optional atoms
 * and the first required one); *end gets the branch's end. 0: unknown. */
static unsigned branch_kinds(const char *p, size_t n, size_t i, size_t *end) {
    unsigned kinds = 0;
    while (i < n && p[i] != '|' && p[i] != ')') {
        size_t len;
        unsigned k = atom_kinds(p, n, i, &len);
        if (!k) return 0;
        kinds |= k;
        int optional;
        size_t q = tr_quantifier_length(p, n, i + len, &optional);
        if (!optional) {
            *end = branch_end(p, n, i + len + q);
            return kinds;
        }
        i += len + q;
    }
    return 0; /* the branch may match nothing */
}

/* Whether a range from a to b stays within the digits, the lower-case or
 * the upper-case letters. */
static int same_group(unsigned char a, unsigned char b) {
    return (is_digit(a) && is_digit(b)) || (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z') ||
           (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z');
}

/* Kinds of a class of ASCII letters, digits, ranges and \d (0: other). */
static unsigned class_kinds(const char *p, size_t n, size_t i, size_t *len) {
    if (i + 1 >= n || p[i + 1] == '^') return 0;
    unsigned kinds = 0;
    size_t j = i + 1;
    while (j < n && p[j] != ']') { /* members: \d, a character, or a range c-d */
        unsigned char c = (unsigned char)p[j];
        if (c == '\\') {
            if (j + 1 >= n || p[j + 1] != 'd') return 0;
            kinds |= DIGIT_KINDS;
            j += 2;
            continue; /* a '-' next is itself: not a letter or digit, refused below */
        }
        if (!is_digit(c) && !is_letter(c)) return 0; /* also a '-' after a range or \d */
        if (j + 2 < n && p[j + 1] == '-' && p[j + 2] != ']') {
            if (!same_group(c, (unsigned char)p[j + 2])) return 0; /* A-z spans [\\]^_` */
            j += 2;
        }
        kinds |= is_digit(c) ? TR_FIRST_ASCII_DIGIT : LETTER_KINDS;
        j++;
    }
    if (j >= n) return 0;
    *len = j - i + 1;
    return kinds;
}

/* Kinds of a non-capturing or plain group: those its branches start with. */
static unsigned group_kinds(const char *p, size_t n, size_t i, size_t *len) {
    size_t j = i + 1;
    if (j < n && p[j] == '?') {
        if (j + 1 >= n || p[j + 1] != ':') return 0; /* lookarounds, names, options */
        j += 2;
    } else if (j < n && p[j] == '*') {
        return 0; /* verbs */
    }
    unsigned kinds = 0;
    for (;;) {
        size_t end;
        unsigned k = branch_kinds(p, n, j, &end);
        if (!k || end >= n) return 0;
        kinds |= k;
        if (p[end] == ')') {
            *len = end + 1 - i;
            return kinds;
        }
        j = end + 1; /* after '|' */
    }
}

/* The TR_FIRST_* kinds of character the atom at p[i] can start with when it
 * only matches letters and digits (0: anything else); *len its length. */
static unsigned atom_kinds(const char *p, size_t n, size_t i, size_t *len) {
    unsigned char c = (unsigned char)p[i];
    *len = 1;
    if (c == '\\') {
        *len = 2;
        return i + 1 < n && p[i + 1] == 'd' ? DIGIT_KINDS : 0;
    }
    if (is_digit(c)) return TR_FIRST_ASCII_DIGIT;
    if (is_letter(c)) return LETTER_KINDS;
    if (c == '[') return class_kinds(p, n, i, len);
    if (c == '(') return group_kinds(p, n, i, len);
    return 0;
}

unsigned tr_word_start_kinds(const char *p, size_t n) {
    if (n < 3 || p[0] != '\\' || p[1] != 'b' || branch_end(p, n, 0) != n) return 0;
    size_t end;
    return branch_kinds(p, n, 2, &end);
}

/* Reads one atom at p[i] that matches only ASCII letters and digits: an
 * ASCII letter or digit, \d, or a class of those. Returns its length (0:
 * something else) and sets *digit when it matches digits only. */
static size_t alnum_atom(const char *p, size_t n, size_t i, int *digit) {
    unsigned char c = (unsigned char)p[i];
    *digit = 0;
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
        *digit = c <= '9';
        return 1;
    }
    if (c == '\\') {
        *digit = i + 1 < n && p[i + 1] == 'd';
        return *digit ? 2 : 0;
    }
    if (c != '[' || i + 1 >= n || p[i + 1] == '^') return 0;
    int letters = 0;
    size_t j = i + 1;
    for (; j < n && p[j] != ']'; j++) {
        c = (unsigned char)p[j];
        if (c == '\\' && j + 1 < n && p[j + 1] == 'd') {
            j++;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            letters = 1;
        } else if (!(c >= '0' && c <= '9') && !(c == '-' && j > i + 1 && j + 1 < n && p[j + 1] != ']')) {
            return 0;
        }
    }
    if (j >= n || j == i + 1) return 0;
    *digit = !letters;
    return j - i + 1;
}

int tr_first_word_has_digit(const char *p, size_t n) {
    for (size_t i = 2; i < n;) {
        int digit, optional;
        size_t len = alnum_atom(p, n, i, &digit);
        if (!len) return 0;
        size_t q = tr_quantifier_length(p, n, i + len, &optional);
        if (digit && !optional) return 1;
        i += len + q;
    }
    return 0;
}

