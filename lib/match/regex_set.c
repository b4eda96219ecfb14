/* Compiling a set of regexes and the tables of their prefilter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/pattern_start.h"
#include "match/regex_internal.h"
#include "rules/limits.h"

static void *metered_malloc(PCRE2_SIZE size, void *meter) { return tr_meter_alloc(meter, size); }
static void metered_free(void *p, void *meter) { tr_meter_free(meter, p); }

tr_regex_set *tr_regex_set_create(tr_meter *m) {
    tr_regex_set *rs = tr_meter_calloc(m, 1, sizeof *rs);
    if (!rs) return NULL;
    rs->meter = m;
    rs->gctx = pcre2_general_context_create(metered_malloc, metered_free, m);
    rs->cctx = rs->gctx ? pcre2_compile_context_create(rs->gctx) : NULL;
    if (!rs->cctx) {
        tr_regex_set_free(rs);
        return NULL;
    }
    pcre2_set_max_pattern_length(rs->cctx, TR_MAX_TERM);
    pcre2_set_parens_nest_limit(rs->cctx, 64);
    return rs;
}

void tr_regex_set_free(tr_regex_set *rs) {
    if (!rs) return;
    for (size_t i = 0; i < rs->count; i++) {
        for (int f = 0; f < TR_FORMS; f++) pcre2_code_free(rs->items[i].forms[f]);
        tr_meter_free(rs->meter, rs->items[i].literals);
        tr_meter_free(rs->meter, rs->items[i].anchors);
        tr_start_nfa_free(rs->meter, rs->items[i].start);
    }
    tr_meter_free(rs->meter, rs->items);
    tr_meter_free(rs->meter, rs->grams);
    tr_meter_free(rs->meter, rs->literal_bytes);
    tr_meter_free(rs->meter, rs->after_sets);
    tr_meter_free(rs->meter, rs->ungated);
    pcre2_compile_context_free(rs->cctx);
    pcre2_general_context_free(rs->gctx);
    tr_meter_free(rs->meter, rs);
}

size_t tr_regex_set_count(const tr_regex_set *rs) { return rs->count; }

int tr_regex_set_uses_words(const tr_regex_set *rs) {
    for (size_t i = 0; i < rs->count; i++)
        if (rs->items[i].word_start || rs->items[i].word_start_unicode) return 1;
    return 0;
}

size_t tr_regex_set_jit_bytes(const tr_regex_set *rs) {
    size_t total = 0;
    for (size_t i = 0; i < rs->count; i++) {
        size_t size = 0;
        for (int f = 0; f < TR_FORMS; f++)
            if (rs->items[i].forms[f] &&
                pcre2_pattern_info(rs->items[i].forms[f], PCRE2_INFO_JITSIZE, &size) == 0)
                total += size;
    }
    return total;
}

/* Compiles one form; on failure fills err. Without JIT the interpreter runs. */
static pcre2_code *compile(tr_regex_set *rs, const char *pattern, size_t len, uint32_t options,
                           tr_regex_error *err) {
    int code;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &code, &at, rs->cctx);
    if (!re) {
        if (code == PCRE2_ERROR_HEAP_FAILED) {
            err->status = TRIAGE_ERR_NOMEM;
            return NULL;
        }
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code, msg, sizeof msg);
        err->status = TRIAGE_ERR_REGEX;
        err->offset = at;
        snprintf(err->message, sizeof err->message, "%s", (const char *)msg);
        return NULL;
    }
    size_t size = 0;
    pcre2_pattern_info(re, PCRE2_INFO_SIZE, &size);
    if (size > TR_MAX_REGEX_COMPILED) {
        pcre2_code_free(re);
        err->status = TRIAGE_ERR_LIMIT;
        snprintf(err->message, sizeof err->message,
                 "compiles to %zu bytes, more than the limit of %u; simplify it", size,
                 TR_MAX_REGEX_COMPILED);
        return NULL;
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

static void set_bit_both_cases(uint64_t *set, unsigned b, int caseless) {
    set[b >> 6] |= 1ull << (b & 63);
    if (caseless && ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) {
        unsigned other = b ^ 0x20;
        set[other >> 6] |= 1ull << (other & 63);
    }
}

/* What a compiled form tells about where matches start and what they hold. */
static void read_shape(const pcre2_code *code, int caseless, tr_regex_shape *shape) {
    uint32_t type = 0, unit = 0;
    memset(shape->first_bytes, 0xFF, sizeof shape->first_bytes); /* any byte, unless known */
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type);
    /* A first or last code unit may stand for both cases even in a
     * case-sensitive pattern (PCRE2 folds "d|D" into a caseless 'd'), and
     * PCRE2 does not say so: take both ASCII cases, and no gate beyond ASCII. */
    if (type == 1 && pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 128) {
        memset(shape->first_bytes, 0, sizeof shape->first_bytes);
        set_bit_both_cases(shape->first_bytes, unit, 1);
    } else if (type == 0) {
        const uint8_t *map = NULL;
        if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &map) == 0 && map) {
            memset(shape->first_bytes, 0, sizeof shape->first_bytes);
            for (unsigned b = 0; b < 256; b++)
                if (map[b >> 3] & (1u << (b & 7))) set_bit_both_cases(shape->first_bytes, b, caseless);
        }
    }
    shape->required[0] = shape->required[1] = -1;
    type = 0;
    pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &type);
    if (type == 1 && pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &unit) == 0 && unit < 128) {
        shape->required[0] = (int16_t)unit;
        if ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z') shape->required[1] = (int16_t)(unit ^ 0x20);
    }
}

/* Whether matches (on ASCII texts) start where a word starts: the pattern
 * opens with \b and can only start with a letter or a digit. */
static int starts_words(const tr_regex_shape *ascii, const char *pattern, size_t len) {
    int alnum_only = 1, any = 0;
    for (unsigned b = 0; b < 128 && alnum_only; b++) /* ASCII texts: other bytes never occur */
        if (tr_bit(ascii->first_bytes, b)) {
            any = 1;
            alnum_only = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
        }
    return len >= 2 && pattern[0] == '\\' && pattern[1] == 'b' && any && alnum_only;
}

/* Whether words with this key (see TR_WORD_KEYS) may start a match. */
static int key_may_start(const tr_regex *r, const tr_regex_shape *shape, unsigned key) {
    static const unsigned kinds[] = {TR_FIRST_DIGIT, TR_FIRST_OTHER, TR_FIRST_KS};
    if (key >= 128) return (r->first_kinds & kinds[key - 128]) != 0;
    unsigned kind = key <= '9' ? TR_FIRST_ASCII_DIGIT : TR_FIRST_ASCII_LETTER;
    return tr_bit(shape->first_bytes, key) && (!r->first_kinds || (r->first_kinds & kind));
}

static void list_start_keys(tr_regex *r) {
    for (int form = 0; form < 2; form++) {
        const tr_regex_shape *shape = form ? &r->unicode_shape : &r->ascii_shape;
        for (unsigned key = 0; key < TR_WORD_KEYS; key++)
            if (key_may_start(r, shape, key)) r->start_keys[form][key >> 6] |= 1ull << (key & 63);
    }
}

/* How unlikely a byte is in ticket text, to pick the most selective gram. */
static int rarity(unsigned char c) {
    if (c == ' ') return 0;
    if (strchr("etaoinshrdlu", c)) return 1;
    if (c >= 'a' && c <= 'z') return 3;
    if (c >= '0' && c <= '9') return 2;
    return 4;
}

/* Grams that are common in English text whatever their letters: "ing" of
 * "harassing" would be found in most tickets, "ras" in few. */
static const char common_grams[][4] = {
    "the", "ing", "and", "ion", "tio", "ent", "ati", "for", "her", "ter", "hat", "tha", "ere",
    "ate", "his", "con", "res", "ver", "all", "ons", "nce", "men", "ith", "ted", "ers", "pro",
    "thi", "wit", "are", "ess", "not", "ive", "was", "ect", "rea", "com", "eve", "per", "int",
    "est", "sta", "cti", "ica", "ist", "ear", "ain", "one", "our", "iti", "rat", "you", "ave",
    "hav", "ome", "can", "oun", "unt", "ble", "ore", "ort", "pre", "ine", "ame", "ure", "ous",
    "ant", "age", "ity", "out"};

/* How selective the gram at g is: higher is rarer in text. */
static int gram_score(const unsigned char *g) {
    int score = rarity(g[0]) + rarity(g[1]) + rarity(g[2]);
    for (size_t k = 0; k < sizeof common_grams / sizeof *common_grams; k++)
        if (memcmp(common_grams[k], g, 3) == 0) return score - 8;
    return score;
}

/* The offset of the most selective gram of a literal; its score in *score. */
static size_t best_gram(const char *literal, size_t len, int *score) {
    size_t best = 0;
    *score = -100;
    for (size_t k = 0; k + 3 <= len; k++) {
        int sc = gram_score((const unsigned char *)literal + k);
        if (sc > *score) *score = sc, best = k;
    }
    return best;
}

/* How selective a set of literals is: the score of its weakest member. */
static int set_score(const tr_literal_set *set) {
    int weakest = 100, score;
    for (size_t m = 0; m < set->count; m++) {
        best_gram(set->text[m], set->len[m], &score);
        if (score < weakest) weakest = score;
    }
    return weakest;
}

/* Whether every match starts with a digit: an ASCII one, or beyond ASCII
 * a decimal digit of another script (tr_tokens.has_other_digit tells which
 * texts hold those). */
static int starts_with_digit(const tr_regex *r) {
    const uint64_t ascii_digits = 0x03FF000000000000ull;
    return r->start && tr_start_nfa_first_beyond_ascii(r->start) != TR_START_BEYOND_ASCII_ANY &&
           !(r->ascii_shape.first_bytes[0] & ~ascii_digits) && !r->ascii_shape.first_bytes[1];
}

/* A copy of the literals `find` reads from the pattern, or NULL. */
static tr_literal_set *keep_literals(tr_regex_set *rs, const char *pattern, size_t len,
                                     size_t (*find)(const char *, size_t, size_t, tr_literal_set *),
                                     tr_regex_error *err) {
    tr_literal_set found;
    if (!find(pattern, len, 3, &found)) return NULL;
    tr_literal_set *copy = tr_meter_alloc(rs->meter, sizeof *copy);
    if (copy) *copy = found;
    else err->status = TRIAGE_ERR_NOMEM;
    return copy;
}

/* Whether the pattern has a '|' outside every group (then an opening \b
 * belongs to the first branch only); unreadable patterns count as having
 * one. */
static int top_level_alternation(const char *p, size_t n) {
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\') {
            i++;
        } else if (p[i] == '[') {
            size_t end = tr_class_end(p, n, i);
            if (!end) return 1;
            i = end - 1;
        } else if (p[i] == '(') {
            depth++;
        } else if (p[i] == ')') {
            if (--depth < 0) return 1;
        } else if (p[i] == '|' && depth == 0) {
            return 1;
        }
    }
    return depth != 0;
}

/* Whether every literal of the set starts with an ASCII letter or digit. */
static int anchors_start_alnum(const tr_literal_set *set) {
    for (size_t k = 0; k < set->count; k++) {
        unsigned char c = (unsigned char)set->text[k][0];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return 0;
    }
    return 1;
}

/* The bytes where a regex tried by position may start: its first ASCII
 * bytes, and on other text those of its Unicode form when they are few. */
static void add_start_bytes(tr_regex_set *rs, const tr_regex *r) {
    rs->has_position_starts = 1;
    int unicode = tr_few_bytes(r->unicode_shape.first_bytes);
    for (unsigned b = 0; b < 256; b++)
        if (tr_bit(r->ascii_shape.first_bytes, b) || (unicode && tr_bit(r->unicode_shape.first_bytes, b)))
            rs->is_start_byte[b] = 1;
}

/* Picks a pivot (see tr_regex): a required byte that is neither a letter,
 * a digit nor common punctuation, whose run of bytes before it in a match
 * the automaton can tell. */
static void choose_pivot(tr_regex *r) {
    for (size_t k = 0; k < r->required.count; k++) {
        const uint64_t *set = r->required.classes[k];
        if (__builtin_popcountll(set[0]) + __builtin_popcountll(set[1]) != 1) continue;
        unsigned char x =
            (unsigned char)(set[0] ? __builtin_ctzll(set[0]) : 64 + __builtin_ctzll(set[1]));
        if ((x | 0x20) >= 'a' && (x | 0x20) <= 'z') continue;
        if ((x >= '0' && x <= '9') || strchr(" \t\n\r.,-:;'\"/()", x)) continue;
        if (tr_start_nfa_before(r->start, x, r->before)) {
            r->pivot = x;
            return;
        }
    }
}

/* What the pattern's syntax tree tells, when this reader can read it:
 * required bytes, and a start automaton for regexes tried at chosen places
 * (anchors, word starts) or, lacking a literal, where their first bytes
 * occur (without memory for it, they go without). */
static void read_syntax(tr_regex_set *rs, const tr_rx_tree *tree, tr_regex *r) {
    int chosen_places = r->anchors || r->word_start || r->word_start_unicode;
    if (!tree) return;
    tr_required_bytes_of(tree, &r->required);
    if (chosen_places || !r->literals) r->start = tr_start_nfa_build(rs->meter, tree);
    for (int ascii = 0; r->start && ascii < 2; ascii++)
        r->fit[!ascii] = tr_start_nfa_word_fit(r->start, ascii);
    if (!r->start) return;
    if (!chosen_places && !r->literals) {
        r->beyond_ascii = tr_start_nfa_first_beyond_ascii(r->start);
        r->position_start = tr_few_bytes(r->ascii_shape.first_bytes);
    }
    if (!r->anchors && !r->position_start) choose_pivot(r); /* else it never scans */
}

int tr_regex_set_add(tr_regex_set *rs, const char *pattern, size_t len, int caseless, int gated,
                     tr_regex_error *err) {
    memset(err, 0, sizeof *err);
    if (rs->count == rs->cap) {
        size_t ncap = rs->cap ? rs->cap * 2 : 16;
        tr_regex *items = tr_meter_calloc(rs->meter, ncap, sizeof *items);
        if (!items) return TRIAGE_ERR_NOMEM;
        if (rs->count) memcpy(items, rs->items, rs->count * sizeof *items);
        tr_meter_free(rs->meter, rs->items);
        rs->items = items;
        rs->cap = ncap;
    }
    /* \C could split a UTF-8 character. */
    uint32_t base = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | (caseless ? PCRE2_CASELESS : 0);
    tr_regex r;
    memset(&r, 0, sizeof r);
    r.forms[TR_FORM_ASCII] = compile(rs, pattern, len, base, err);
    if (!err->status) r.forms[TR_FORM_UNICODE] = compile(rs, pattern, len, base | PCRE2_UCP, err);
    /* invalid UTF-8 in a subject simply never matches instead of failing */
    if (!err->status)
        r.forms[TR_FORM_INVALID_UTF] =
            compile(rs, pattern, len, base | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, err);
    if (!err->status && gated) {
        r.literals = keep_literals(rs, pattern, len, tr_required_literals, err);
        r.anchors = keep_literals(rs, pattern, len, tr_leading_literals, err);
        /* Anchors are required literals too: when they are at least as
         * selective, the other literals add only work ("app" of
         * "\\bapps?\\s+(?:is\\s+)?(?:missing|late|...)" gates better than five
         * common words). */
        if (r.literals && r.anchors && r.anchors->count <= r.literals->count &&
            set_score(r.anchors) >= set_score(r.literals)) {
            tr_meter_free(rs->meter, r.literals);
            r.literals = NULL;
        }
    }
    tr_rx_tree *tree = err->status ? NULL : tr_meter_alloc(rs->meter, sizeof *tree);
    /* The readers of the pattern's text below (word starts, anchors at
     * words) know plain syntax only: verbs, comments, \Q..\E and inline
     * options, which the syntax tree refuses, could hide a '|' or a '['. */
    int plain = tree && tr_rx_parse(pattern, len, caseless, tree) == 0;
    if (!err->status) {
        r.anchors_at_words = plain && r.anchors && len >= 2 && pattern[0] == '\\' &&
                             pattern[1] == 'b' && !top_level_alternation(pattern, len) &&
                             anchors_start_alnum(r.anchors);
        read_shape(r.forms[TR_FORM_ASCII], caseless, &r.ascii_shape);
        read_shape(r.forms[TR_FORM_UNICODE], caseless, &r.unicode_shape);
        r.first_kinds = plain ? tr_word_start_kinds(pattern, len) : 0;
        /* (first_kinds is 0 for a top-level alternation: "\bab|cd" starts "cd" anywhere) */
        r.word_start = r.first_kinds && starts_words(&r.ascii_shape, pattern, len);
        r.word_start_unicode = r.first_kinds != 0;
        list_start_keys(&r);
        read_syntax(rs, plain ? tree : NULL, &r);
        r.word_needs_digit =
            r.word_start && (tr_first_word_has_digit(pattern, len) || starts_with_digit(&r));
        if (r.anchors || r.word_start || r.position_start || r.pivot) /* tried at chosen places */
            r.forms[TR_FORM_ASCII_ANCHORED] =
                compile(rs, pattern, len, base | PCRE2_ANCHORED, err);
        if (!err->status && (r.anchors || r.word_start_unicode || r.position_start || r.pivot))
            r.forms[TR_FORM_UNICODE_ANCHORED] =
                compile(rs, pattern, len, base | PCRE2_UCP | PCRE2_ANCHORED, err);
        if (!err->status && r.position_start) add_start_bytes(rs, &r);
    }
    tr_meter_free(rs->meter, tree);
    if (err->status) {
        for (int f = 0; f < TR_FORMS; f++) pcre2_code_free(r.forms[f]);
        tr_meter_free(rs->meter, r.literals);
        tr_meter_free(rs->meter, r.anchors);
        tr_start_nfa_free(rs->meter, r.start);
        return err->status;
    }
    rs->items[rs->count] = r;
    return (int)rs->count++;
}

static int compare_grams(const void *a, const void *b) {
    const gram_entry *x = a, *y = b;
    uint32_t hx = tr_gram_hash(x->gram), hy = tr_gram_hash(y->gram);
    if (hx != hy) return hx < hy ? -1 : 1;
    if (x->gram != y->gram) return x->gram < y->gram ? -1 : 1;
    return x->regex < y->regex ? -1 : x->regex > y->regex;
}

/* Sets the bits of every upper/lower-case spelling of the gram, so that
 * the scan can hash text bytes as they are. */
static void set_case_variants(tr_regex_set *rs, uint32_t g) {
    for (unsigned v = 0; v < 8; v++) {
        uint32_t variant = g;
        for (unsigned k = 0; k < 3; k++) {
            unsigned char c = (unsigned char)(g >> (8 * k));
            if ((v >> k) & 1) {
                if (c < 'a' || c > 'z') break; /* this spelling is the lower-case one */
                variant ^= 0x20u << (8 * k);
            }
        }
        uint32_t h = tr_gram_hash(variant);
        rs->gram_bits[h >> 6] |= 1ull << (h & 63);
    }
}

/* Adds a gram entry for each literal of a set. */
static void add_grams(tr_regex_set *rs, uint32_t regex, const tr_literal_set *set, int anchor) {
    for (size_t m = 0; set && m < set->count; m++) {
        const unsigned char *lit = (const unsigned char *)set->text[m];
        int score;
        size_t best = best_gram(set->text[m], set->len[m], &score);
        uint32_t g = tr_gram_at(lit + best);
        unsigned flags = anchor ? TR_GRAM_ANCHOR : 0;
        if (anchor && rs->items[regex].anchors_at_words) flags |= TR_GRAM_AT_WORDS;
        memcpy(rs->literal_bytes + rs->nliteral_bytes, lit, set->len[m]);
        /* an anchor followed by a byte no match continues with is no place to try */
        uint32_t after = 0;
        const tr_start_nfa *start = rs->items[regex].start;
        if (anchor && start &&
            tr_start_nfa_after(start, (const char *)lit, set->len[m], rs->after_sets[rs->nafter_sets]))
            after = (uint32_t)++rs->nafter_sets;
        rs->grams[rs->ngrams++] = (gram_entry){g, regex, (uint32_t)rs->nliteral_bytes,
                                               (uint16_t)best, (uint8_t)set->len[m], (uint8_t)flags,
                                               after};
        rs->nliteral_bytes += set->len[m];
        set_case_variants(rs, g);
    }
}

int tr_regex_set_freeze(tr_regex_set *rs) {
    size_t total = 0, bytes = 0;
    rs->ungated = tr_meter_calloc(rs->meter, tr_regex_set_words(rs), sizeof *rs->ungated);
    if (!rs->ungated) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i < rs->count; i++) {
        for (int which = 0; which < 2; which++) {
            const tr_literal_set *set = which ? rs->items[i].anchors : rs->items[i].literals;
            for (size_t m = 0; set && m < set->count; m++) total++, bytes += set->len[m];
        }
        if (!rs->items[i].literals && !rs->items[i].anchors) rs->ungated[i >> 6] |= 1ull << (i & 63);
    }
    if (!total) return TRIAGE_OK;
    rs->grams = tr_meter_calloc(rs->meter, total, sizeof *rs->grams);
    rs->literal_bytes = tr_meter_alloc(rs->meter, bytes);
    rs->after_sets = tr_meter_calloc(rs->meter, total, sizeof *rs->after_sets);
    if (!rs->grams || !rs->literal_bytes || !rs->after_sets) return TRIAGE_ERR_NOMEM;
    for (size_t i = 0; i < rs->count; i++) {
        add_grams(rs, (uint32_t)i, rs->items[i].literals, 0);
        add_grams(rs, (uint32_t)i, rs->items[i].anchors, 1);
    }
    qsort(rs->grams, rs->ngrams, sizeof *rs->grams, compare_grams);
    const unsigned shift = TR_GRAM_HASH_BITS - TR_GRAM_BUCKET_BITS;
    for (size_t k = 0; k < rs->ngrams; k++) rs->bucket_start[(tr_gram_hash(rs->grams[k].gram) >> shift) + 1]++;
    for (size_t b = 0; b < (1u << TR_GRAM_BUCKET_BITS); b++) rs->bucket_start[b + 1] += rs->bucket_start[b];
    return TRIAGE_OK;
}
