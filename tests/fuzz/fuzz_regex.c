/* Differential fuzz target: the regex set's shortcuts (literal prefilter,
 * required bytes, word and position starts, start automaton, anchored
 * forms) against a plain PCRE2 search of the same pattern. Input: one flag
 * byte (bit 0: caseless), the pattern up to the first newline, the text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/meter.h"
#include "match/regex_set.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The leftmost match by PCRE2 alone: 1 (offset set), 0, or -1 (undecided:
 * a limit was hit). */
static int reference(const char *pattern, size_t plen, int caseless, const char *text, size_t n,
                     size_t *offset) {
    uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C |
                       (caseless ? PCRE2_CASELESS : 0);
    int err;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, plen, options, &err, &at, NULL);
    if (!re) return -1;
    /* JIT, as the regex set runs it: PCRE2's interpreter and JIT differ in
     * corners (an empty match before invalid UTF-8) that are not ours */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, 100000);
    pcre2_set_depth_limit(mc, 1000);
    int rc = pcre2_match(re, (PCRE2_SPTR)text, n, 0, 0, md, mc);
    if (rc >= 0) *offset = pcre2_get_ovector_pointer(md)[0];
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    int caseless = data[0] & 1;
    const char *pattern = (const char *)data + 1;
    const char *newline = memchr(pattern, '\n', size - 1);
    if (!newline) return 0;
    size_t plen = (size_t)(newline - pattern);
    const char *text = newline + 1;
    size_t n = size - 1 - plen - 1;

    size_t want_offset = 0;
    int want = reference(pattern, plen, caseless, text, n, &want_offset);
    if (want < 0) return 0;

    const triage_allocator *a = tr_allocator_or_default(NULL);
    tr_meter meter = {a, 0};
    tr_regex_set *set = tr_regex_set_create(&meter);
    tr_regex_error error;
    if (!set || tr_regex_set_add(set, pattern, plen, caseless, 1, &error) < 0 ||
        tr_regex_set_freeze(set) != TRIAGE_OK) {
        tr_regex_set_free(set);
        return 0;
    }
    tr_regex_scratch s;
    tr_tokens words;
    tr_tokens_init(&words, a);
    if (tr_regex_scratch_init(&s, set, a) == TRIAGE_OK && tr_tokenize(&words, text, n, 0) == TRIAGE_OK) {
        tr_regex_scratch_reset(&s, UINT64_MAX / 2);
        size_t offset = 0, length = 0;
        int got = tr_regex_set_prefilter(set, text, n, 0, &s) == TRIAGE_OK &&
                  tr_regex_set_next_candidate(set, &s, 0) == 0 && tr_regex_set_may_run(set, 0, &s) &&
                  tr_regex_set_match(set, 0, text, n, &words, &s, &offset, &length);
        /* a run cut off by PCRE2's own limits proves nothing */
        if (!s.budget_hit && (got != want || (got && offset != want_offset))) __builtin_trap();
    }
    tr_tokens_free(&words);
    tr_regex_scratch_free(&s);
    tr_regex_set_free(set);
    return 0;
}
