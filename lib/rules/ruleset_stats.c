/* Counts that tools report about a compiled ruleset (triage lint). */
#include "rules/ruleset.h"

size_t triage_ruleset_term_count(const triage_ruleset *rs) { return rs ? rs->nterms : 0; }
