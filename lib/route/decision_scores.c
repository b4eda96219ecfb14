/* Every score of a decision in one call: a language binding pays its
 * per-call cost once instead of once per category. */
#include <string.h>

#include "route/internal.h"

size_t triage_decision_scores(const triage_decision *d, int64_t *scores, size_t capacity) {
    if (!d) return 0;
    size_t count = d->rs->ncategories;
    size_t n = capacity < count ? capacity : count;
    if (scores && n) memcpy(scores, d->scores, n * sizeof *scores);
    return count;
}
