/* A syntax tree for the part of PCRE2's pattern language that support
 * regexes use: literals, classes, \d \w \s and their negations, '.', \b and
 * \B, groups, alternation and quantifiers. It describes the ASCII side of
 * each atom exactly and only flags whether the atom can also match a
 * non-ASCII character, which is what the start automaton (start_nfa.h)
 * needs. Anything else (anchors, lookaround, back-references, inline
 * options, \p...) makes the pattern unreadable here: callers then do
 * without, never guess. */
#ifndef TR_REGEX_SYNTAX_H
#define TR_REGEX_SYNTAX_H

#include <stddef.h>
#include <stdint.h>

enum tr_rx_kind { TR_RX_CLASS, TR_RX_CONCAT, TR_RX_ALT, TR_RX_REPEAT, TR_RX_ASSERT };

/* What a class can match beyond ASCII. */
enum tr_rx_nonascii {
    TR_RX_ASCII_ONLY,
    TR_RX_KELVIN_LONG_S, /* caseless k or s: U+212A and U+017F only */
    TR_RX_DIGITS,        /* decimal digits only (\d with UCP) */
    TR_RX_ANY_NONASCII   /* some non-ASCII characters (\w, [^a], '.', 'é'...) */
};

enum tr_rx_assertion { TR_RX_WORD_BOUNDARY = 1, TR_RX_NOT_WORD_BOUNDARY = 2 };

#define TR_RX_INF 0xFFFF    /* no upper bound on a repeat */
#define TR_RX_MAX_NODES 512 /* larger patterns are not read */
#define TR_RX_NONE 0xFFFF   /* no child or sibling */

typedef struct tr_rx_node {
    uint8_t kind;      /* enum tr_rx_kind */
    uint8_t nonascii;  /* CLASS: enum tr_rx_nonascii */
    uint8_t assertion; /* ASSERT: enum tr_rx_assertion */
    uint16_t min, max; /* REPEAT */
    uint16_t child;    /* CONCAT, ALT: first item; REPEAT: what repeats */
    uint16_t next;     /* the next item of the parent CONCAT or ALT */
    uint64_t bytes[2]; /* CLASS: the ASCII bytes it matches */
} tr_rx_node;

typedef struct tr_rx_tree {
    tr_rx_node nodes[TR_RX_MAX_NODES];
    size_t count;
    uint16_t root;
} tr_rx_tree;

/* Parses a pattern compiled with PCRE2_UTF (and PCRE2_CASELESS when
 * caseless is set). Returns 0 with the tree, or -1 when the pattern uses
 * syntax outside the subset above or is too large. */
int tr_rx_parse(const char *pattern, size_t len, int caseless, tr_rx_tree *tree);

#endif
