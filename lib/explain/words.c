/* The words the matcher sees, for tools that write keywords (triage learn)
 * and must pick words that the rules will match. */
#include "core/alloc.h"
#include "explain/internal.h"
#include "text/tokenize.h"

int triage_words(const triage_allocator *allocator, const char *text, size_t len,
                 unsigned flags, triage_word_fn fn, void *user) {
    if (!fn || (!text && len) || (flags & ~TRIAGE_WORDS_ACCENT_INSENSITIVE))
        return TRIAGE_ERR_ARGUMENT;
    if (len == 0) return TRIAGE_OK;
    int strip = (flags & TRIAGE_WORDS_ACCENT_INSENSITIVE) != 0;
    tr_tokens tokens;
    tr_tokens_init(&tokens, tr_allocator_or_default(allocator));
    int rc = tr_tokenize(&tokens, text, len, strip);
    size_t prev_end = 0;
    for (size_t i = 0; rc == TRIAGE_OK && i < tokens.count; i++) {
        const tr_token *k = &tokens.items[i];
        size_t sep = i == 0 ? k->start : prev_end;
        rc = fn(tr_token_text(&tokens, k, strip), strip ? k->strip_len : k->norm_len,
                text + sep, k->start - sep, k->start, user);
        prev_end = k->end;
    }
    tr_tokens_free(&tokens);
    return rc;
}
