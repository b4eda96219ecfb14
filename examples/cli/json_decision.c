/* A triage_decision -> the decision JSON object of rules-format.md:
 * id, category, queue, priority, tier, scores, rules, tags, flags,
 * rules_hash, and with --explain the hits. */
#include <string.h>

#include "cli.h"

/* Sets key to a new value, taking the reference; any failure poisons *ok. */
static void put(json_t *obj, const char *key, json_t *value, int *ok) {
    if (!value || json_object_set_new(obj, key, value) != 0) *ok = 0;
}

static void append(json_t *arr, json_t *value, int *ok) {
    if (!value || json_array_append_new(arr, value) != 0) *ok = 0;
}

/* A string that may be NULL (JSON null then). */
static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *scores_json(const triage_ruleset *rs, const triage_decision *d, int *ok) {
    json_t *scores = json_object();
    if (!scores) return NULL;
    size_t n = triage_decision_score_count(d);
    for (size_t i = 0; i < n; i++) {
        const char *name = triage_ruleset_category_name(rs, i);
        put(scores, name ? name : "", json_integer(triage_decision_score(d, i)), ok);
    }
    return scores;
}

static json_t *flags_json(unsigned flags, int *ok) {
    json_t *arr = json_array();
    if (!arr) return NULL;
    for (unsigned bit = 1; bit != 0 && bit <= flags; bit <<= 1) {
        if (!(flags & bit)) continue;
        const char *name = triage_flag_name(bit);
        if (name) append(arr, json_string(name), ok);
    }
    return arr;
}

static json_t *hits_json(const triage_ruleset *rs, const triage_decision *d, int *ok) {
    json_t *arr = json_array();
    if (!arr) return NULL;
    size_t n = triage_decision_hit_count(d);
    for (size_t i = 0; i < n; i++) {
        size_t category = 0, value_index = 0, offset = 0, length = 0;
        const char *term = NULL, *field = NULL;
        int64_t weight = 0;
        if (triage_decision_hit(d, i, &category, &term, &field, &value_index, &offset, &length,
                                &weight) != TRIAGE_OK)
            continue;
        json_t *hit = json_object();
        if (!hit) {
            *ok = 0;
            break;
        }
        put(hit, "category", string_or_null(triage_ruleset_category_name(rs, category)), ok);
        put(hit, "term", string_or_null(term), ok);
        put(hit, "field", string_or_null(field), ok);
        put(hit, "value_index", json_integer((json_int_t)value_index), ok);
        put(hit, "offset", json_integer((json_int_t)offset), ok);
        put(hit, "length", json_integer((json_int_t)length), ok);
        put(hit, "weight", json_integer(weight), ok);
        append(arr, hit, ok);
    }
    return arr;
}

json_t *cli_decision_to_json(const triage_ruleset *rs, const triage_decision *d, json_t *id,
                             const char *rules_hash, unsigned extra_flags, int explain) {
    json_t *obj = json_object();
    if (!obj) return NULL;
    int ok = 1;
    put(obj, "id", id ? json_deep_copy(id) : json_null(), &ok);
    put(obj, "category", string_or_null(triage_decision_category(d)), &ok);
    put(obj, "queue", string_or_null(triage_decision_queue(d)), &ok);
    put(obj, "priority", string_or_null(triage_priority_name(triage_decision_priority(d))), &ok);
    put(obj, "tier", json_integer(triage_decision_tier(d)), &ok);
    put(obj, "scores", scores_json(rs, d, &ok), &ok);

    json_t *rules = json_array();
    for (size_t i = 0, n = triage_decision_rule_count(d); rules && i < n; i++)
        append(rules, string_or_null(triage_decision_rule(d, i)), &ok);
    put(obj, "rules", rules, &ok);

    json_t *tags = json_array();
    for (size_t i = 0, n = triage_decision_tag_count(d); tags && i < n; i++)
        append(tags, string_or_null(triage_decision_tag(d, i)), &ok);
    put(obj, "tags", tags, &ok);

    put(obj, "flags", flags_json(triage_decision_flags(d) | extra_flags, &ok), &ok);
    put(obj, "rules_hash", json_string(rules_hash), &ok);
    if (explain) put(obj, "hits", hits_json(rs, d, &ok), &ok);
    if (!ok) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

int cli_write_json_line(FILE *out, const json_t *v) {
    /* Indent 0 without JSON_COMPACT: one line, "key": value, ", " separators. */
    if (json_dumpf(v, out, JSON_ENCODE_ANY) != 0) return -1;
    return putc('\n', out) == EOF ? -1 : 0;
}
