/* Whole-word and phrase matching of many terms at once.
 *
 * Every term is a sequence of folded words with the gaps between them. The
 * lexicon interns all words once (a hash table) and stores the terms as a
 * trie over (gap, word) steps. Matching a text looks each of its words up
 * once, then walks the trie from every word that starts some term: the cost
 * is one hash lookup per word of text, whatever the number of terms. */
#ifndef TR_LEXICON_H
#define TR_LEXICON_H

#include <stdint.h>

#include "core/meter.h"
#include "text/tokenize.h"

typedef struct tr_lexicon tr_lexicon;

typedef struct tr_lex_hit {
    uint32_t term;        /* the id given to tr_lexicon_add */
    uint32_t first, last; /* token range of the occurrence */
} tr_lex_hit;

/* Building: create, add every term, then freeze. */
tr_lexicon *tr_lexicon_create(tr_meter *m, int use_strip);
void tr_lexicon_free(tr_lexicon *lx);
/* Adds a term given as the tokens of its text (use tr_tokenize). */
int tr_lexicon_add(tr_lexicon *lx, const tr_tokens *term_tokens, uint32_t term);
int tr_lexicon_freeze(tr_lexicon *lx);
size_t tr_lexicon_term_count(const tr_lexicon *lx);

/* Per-thread working memory for matching. */
typedef struct tr_lex_scratch {
    const triage_allocator *alloc;
    uint32_t *word_ids, *starts; /* per token; tokens whose word starts a term */
    size_t cap_ids, cap_starts;
    tr_lex_hit *hits;
    size_t nhits, cap_hits;
} tr_lex_scratch;

void tr_lex_scratch_init(tr_lex_scratch *s, const triage_allocator *alloc);
void tr_lex_scratch_free(tr_lex_scratch *s);
/* Appends every occurrence of every term in the tokens to s->hits (which
 * the caller empties when it wants). */
int tr_lexicon_match(const tr_lexicon *lx, const tr_tokens *text, tr_lex_scratch *s);

#endif
