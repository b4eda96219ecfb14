/* Comparing two decisions field by field, by name, so that decisions made by
 * two versions of the rules can be compared (triage diff). */
#include <string.h>

#include "explain/internal.h"

static int same_text(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static int has_tag(const triage_decision *d, const char *tag) {
    for (size_t i = 0; i < d->ntags; i++)
        if (strcmp(d->tags[i], tag) == 0) return 1;
    return 0;
}

/* Tags are sets: a decision never holds the same tag twice. */
static int same_tags(const triage_decision *a, const triage_decision *b) {
    if (a->ntags != b->ntags) return 0;
    for (size_t i = 0; i < a->ntags; i++)
        if (!has_tag(b, a->tags[i])) return 0;
    return 1;
}

int triage_decision_compare(const triage_decision *a, const triage_decision *b,
                            unsigned *differences) {
    if (!a || !b || !differences) return TRIAGE_ERR_ARGUMENT;
    unsigned diff = 0;
    if (!same_text(triage_decision_category(a), triage_decision_category(b)))
        diff |= TRIAGE_DIFF_CATEGORY;
    if (!same_text(a->queue, b->queue)) diff |= TRIAGE_DIFF_QUEUE;
    if (a->priority != b->priority) diff |= TRIAGE_DIFF_PRIORITY;
    if (a->tier != b->tier) diff |= TRIAGE_DIFF_TIER;
    if (!same_tags(a, b)) diff |= TRIAGE_DIFF_TAGS;
    if (!same_text(a->sla, b->sla)) diff |= TRIAGE_DIFF_SLA;
    *differences = diff;
    return TRIAGE_OK;
}

const char *triage_diff_name(unsigned field) {
    switch (field) {
    case TRIAGE_DIFF_CATEGORY: return "category";
    case TRIAGE_DIFF_QUEUE: return "queue";
    case TRIAGE_DIFF_PRIORITY: return "priority";
    case TRIAGE_DIFF_TIER: return "tier";
    case TRIAGE_DIFF_TAGS: return "tags";
    case TRIAGE_DIFF_SLA: return "sla";
    default: return NULL;
    }
}
