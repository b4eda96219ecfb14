/* The `options` section: ruleset-wide settings. */
#include <stdio.h>

#include "yaml/loader.h"

static const char *const option_keys[] = {"default_queue", "min_score", "accent_insensitive",
                                          "field_weights", "regex_budget"};
enum { OPT_DEFAULT_QUEUE, OPT_MIN_SCORE, OPT_ACCENT, OPT_FIELD_WEIGHTS, OPT_REGEX_BUDGET,
       OPT_COUNT };

static void load_field_weights(tr_yload *ld, const tr_ynode *map) {
    if (!tr_yexpect_map(ld, map, "options.field_weights")) return;
    TR_YMAP_EACH(k, map) {
        if (ld->stopped) return;
        const char *field;
        size_t len;
        int64_t w;
        char shown[TR_YQUOTE_SIZE], what[TR_YQUOTE_SIZE + 32];
        if (!tr_yget_text(ld, k, "a field name in options.field_weights", &field, &len)) continue;
        snprintf(what, sizeof what, "the weight of field '%s'",
                 tr_yquote(shown, sizeof shown, field, len));
        if (!tr_yget_int(ld, k->next, what, &w)) continue;
        if (tr_yat(ld, k)) tr_ycall(ld, triage_builder_set_field_weight(ld->b, field, len, w));
    }
}

void tr_yaml_load_options(tr_yload *ld, const tr_ynode *options) {
    if (!tr_yexpect_map(ld, options, "'options'")) return;
    const tr_ynode *v[OPT_COUNT];
    tr_ymap_fields(ld, options, option_keys, OPT_COUNT, v, "in options");
    const char *p;
    size_t len;
    int64_t n;
    int on;
    if (v[OPT_DEFAULT_QUEUE] && tr_yget_text(ld, v[OPT_DEFAULT_QUEUE], "options.default_queue",
                                             &p, &len) && tr_yat(ld, v[OPT_DEFAULT_QUEUE]))
        tr_ycall(ld, triage_builder_set_default_queue(ld->b, p, len));
    if (v[OPT_MIN_SCORE] && tr_yget_int(ld, v[OPT_MIN_SCORE], "options.min_score", &n) &&
        tr_yat(ld, v[OPT_MIN_SCORE]))
        tr_ycall(ld, triage_builder_set_min_score(ld->b, n));
    if (v[OPT_ACCENT] && tr_yget_bool(ld, v[OPT_ACCENT], "options.accent_insensitive", &on) &&
        tr_yat(ld, v[OPT_ACCENT]))
        tr_ycall(ld, triage_builder_set_accent_insensitive(ld->b, on));
    if (v[OPT_FIELD_WEIGHTS]) load_field_weights(ld, v[OPT_FIELD_WEIGHTS]);
    if (v[OPT_REGEX_BUDGET] && tr_yget_int(ld, v[OPT_REGEX_BUDGET], "options.regex_budget", &n)) {
        if (n <= 0)
            tr_yerr(ld, v[OPT_REGEX_BUDGET], TRIAGE_ERR_RANGE,
                    "options.regex_budget must be at least 1 (it is %lld)", (long long)n);
        else if (tr_yat(ld, v[OPT_REGEX_BUDGET]))
            tr_ycall(ld, triage_builder_set_regex_budget(ld->b, (uint64_t)n));
    }
}
