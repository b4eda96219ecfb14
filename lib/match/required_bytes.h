/* Byte classes every match of a regex must contain: "a '@'", "a ':'", "a
 * digit". A text without a byte of one of them cannot match, which gates
 * regexes that hold no literal of three bytes (e-mail addresses, times,
 * MAC addresses...). Only classes of ASCII bytes that match no other
 * character count, so the gate holds with and without UCP. */
#ifndef TR_REQUIRED_BYTES_H
#define TR_REQUIRED_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "match/regex_syntax.h"

#define TR_REQUIRED_MAX 4 /* classes kept per regex, the most selective */

typedef struct tr_required_bytes {
    size_t count;
    uint64_t classes[TR_REQUIRED_MAX][2]; /* each: ASCII bytes, one of which must occur */
} tr_required_bytes;

/* Fills out from a parsed pattern; returns out->count. */
size_t tr_required_bytes_of(const tr_rx_tree *tree, tr_required_bytes *out);

/* Whether a text whose bytes are `present` (a 256-bit set) holds a byte of
 * every required class. */
int tr_required_bytes_present(const tr_required_bytes *r, const uint64_t present[4]);

#endif
