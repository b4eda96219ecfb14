/* The `routes` section: ordered rules with `when` conditions, `set`
 * actions and `stop`. References to categories are checked here against
 * the category names of the file (declared before or after the routes). */
#include <stdio.h>
#include <string.h>

#include "yaml/loader.h"

static const char *const route_keys[] = {"name", "when", "set", "stop"};
enum { RT_NAME, RT_WHEN, RT_SET, RT_STOP, RT_COUNT };

static const char *const when_keys[] = {"category", "score", "field", "contains", "match"};
enum { WH_CATEGORY, WH_SCORE, WH_FIELD, WH_CONTAINS, WH_MATCH, WH_COUNT };

static const char *const set_keys[] = {"queue", "priority", "tier", "tags", "sla"};
enum { SET_QUEUE, SET_PRIORITY, SET_TIER, SET_TAGS, SET_SLA, SET_COUNT };

/* Scanning every category for a did-you-mean is bounded: huge files get
 * no suggestion rather than a slow error path. */
#define SUGGEST_SCAN_MAX 1000

typedef struct route_ctx {
    tr_yload *ld;
    int route;                 /* builder index, or -1 when only checking */
    char name[TR_YQUOTE_SIZE]; /* for messages */
} route_ctx;

static const char *suggest_category(const tr_yload *ld, const char *text, size_t len) {
    if (!ld->categories) return NULL;
    const char *best = NULL;
    size_t best_d = 3, scanned = 0;
    TR_YSEQ_EACH(c, ld->categories) {
        if (++scanned > SUGGEST_SCAN_MAX) break;
        const tr_ynode *name = tr_ymap_get(c, "name");
        if (!name || name->kind != TR_YSCALAR) continue;
        size_t d = tr_yedit_distance(text, len, name->text, name->len);
        if (d > 0 && d < best_d && d * 2 <= name->len) {
            best = name->text;
            best_d = d;
        }
    }
    return best;
}

/* 1 when the category is declared in the file; otherwise reports it. */
static int check_category(route_ctx *rc, const tr_ynode *n, const char *text, size_t len) {
    tr_yload *ld = rc->ld;
    if (tr_ystrset_find(&ld->category_names, text, len)) return 1;
    char shown[TR_YQUOTE_SIZE], hint[TR_YQUOTE_SIZE + 32] = "";
    const char *best = suggest_category(ld, text, len);
    if (best) {
        char b[TR_YQUOTE_SIZE];
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", tr_yquote(b, sizeof b, best, strlen(best)));
    }
    tr_yerr(ld, n, TRIAGE_ERR_RULES, "route '%s' refers to category '%s', which is not defined%s",
            rc->name, tr_yquote(shown, sizeof shown, text, len), hint);
    return 0;
}

/* One entry of `when.category`: a category name, or "" / null for "no
 * category won". */
static void when_category_one(route_ctx *rc, const tr_ynode *n) {
    const char *p = "";
    size_t len = 0;
    if (!tr_yis_null(n)) {
        if (!tr_yget_text(rc->ld, n, "a category in 'when.category'", &p, &len)) return;
        if (len && !check_category(rc, n, p, len)) return;
    }
    if (rc->route >= 0 && tr_yat(rc->ld, n))
        tr_ycall(rc->ld, triage_builder_route_when_category(rc->ld->b, rc->route, p, len));
}

static void when_category(route_ctx *rc, const tr_ynode *v) {
    if (v->kind == TR_YMAP) {
        tr_yexpect_seq(rc->ld, v, "'when.category'");
        return;
    }
    if (v->kind == TR_YSCALAR) {
        when_category_one(rc, v);
        return;
    }
    if (!v->first)
        tr_yerr(rc->ld, v, TRIAGE_ERR_RULES,
                "'when.category' of route '%s' is an empty list; it would never match", rc->name);
    TR_YSEQ_EACH(c, v) {
        if (rc->ld->stopped) return;
        when_category_one(rc, c);
    }
}

/* ">= 8", ">8", "< 5", "== 2", "!= 0", or a bare number (meaning >=).
 * Returns 1 and sets *cmp and *value, 0 when malformed, -1 when too large. */
static int parse_comparison(const tr_ynode *n, int *cmp, int64_t *value) {
    static const struct { const char *op; int cmp; } ops[] = {
        {">=", TRIAGE_CMP_GE}, {"<=", TRIAGE_CMP_LE}, {"==", TRIAGE_CMP_EQ},
        {"!=", TRIAGE_CMP_NE}, {">", TRIAGE_CMP_GT},  {"<", TRIAGE_CMP_LT},
    };
    const char *p = n->text, *end = n->text + n->len;
    while (p < end && *p == ' ') p++;
    while (end > p && end[-1] == ' ') end--;
    *cmp = TRIAGE_CMP_GE;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t olen = strlen(ops[i].op);
        if ((size_t)(end - p) >= olen && memcmp(p, ops[i].op, olen) == 0) {
            *cmp = ops[i].cmp;
            p += olen;
            while (p < end && *p == ' ') p++;
            break;
        }
    }
    return tr_yparse_int(p, (size_t)(end - p), value);
}

static void when_score_one(route_ctx *rc, const tr_ynode *k, const tr_ynode *n, int known) {
    tr_yload *ld = rc->ld;
    char shown[TR_YQUOTE_SIZE], cat[TR_YQUOTE_SIZE];
    tr_yquote(cat, sizeof cat, k->text, k->len);
    if (n->kind != TR_YSCALAR || tr_yis_null(n)) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "the score condition on '%s' must be a comparison such as \">= 8\", not %s", cat,
                tr_ydescribe(n));
        return;
    }
    int cmp;
    int64_t value;
    int ok = parse_comparison(n, &cmp, &value);
    if (ok < 0) {
        tr_yerr(ld, n, TRIAGE_ERR_RANGE, "the score in '%s' is too large",
                tr_yquote(shown, sizeof shown, n->text, n->len));
        return;
    }
    if (ok == 0) {
        tr_yerr(ld, n, TRIAGE_ERR_SYNTAX,
                "score comparison '%s' on '%s' is not understood; write '>= N', '> N', '<= N', "
                "'< N', '== N' or '!= N' with a whole number N (a bare N means '>= N')",
                tr_yquote(shown, sizeof shown, n->text, n->len), cat);
        return;
    }
    if (known && rc->route >= 0 && tr_yat(ld, n))
        tr_ycall(ld, triage_builder_route_when_score(ld->b, rc->route, k->text, k->len, cmp, value));
}

static void when_score(route_ctx *rc, const tr_ynode *v) {
    if (!tr_yexpect_map(rc->ld, v, "'when.score' (category: \">= N\")")) return;
    TR_YMAP_EACH(k, v) {
        if (rc->ld->stopped) return;
        int known = check_category(rc, k, k->text, k->len);
        const tr_ynode *n = k->next;
        if (n->kind != TR_YSEQ) {
            when_score_one(rc, k, n, known);
            continue;
        }
        if (!n->first)
            tr_yerr(rc->ld, n, TRIAGE_ERR_RULES, "the score condition list is empty");
        TR_YSEQ_EACH(c, n) when_score_one(rc, k, c, known);
    }
}

/* A per-field condition: `field` takes one value or a list (one of);
 * `contains` and `match` take one text. */
static void when_fields(route_ctx *rc, const tr_ynode *v, int which) {
    tr_yload *ld = rc->ld;
    const char *section = which == WH_FIELD ? "'when.field'" : which == WH_CONTAINS
                                                                   ? "'when.contains'"
                                                                   : "'when.match'";
    char what[64];
    snprintf(what, sizeof what, "%s (field: value)", section);
    if (!tr_yexpect_map(ld, v, what)) return;
    TR_YMAP_EACH(k, v) {
        if (ld->stopped) return;
        const char *field, *p;
        size_t flen, len;
        if (!tr_yget_text(ld, k, "a field name", &field, &flen)) continue;
        const tr_ynode *n = k->next;
        if (which == WH_FIELD && n->kind == TR_YSEQ) {
            if (!n->first)
                tr_yerr(ld, n, TRIAGE_ERR_RULES,
                        "the value list of field condition is empty; it would never match");
            TR_YSEQ_EACH(item, n) {
                if (tr_yget_text(ld, item, "a field value", &p, &len) && rc->route >= 0 &&
                    tr_yat(ld, item))
                    tr_ycall(ld, triage_builder_route_when_field(ld->b, rc->route, field, flen, p,
                                                                 len));
            }
            continue;
        }
        const char *kind = which == WH_FIELD ? "a field value" : which == WH_CONTAINS
                                                                    ? "a 'contains' phrase"
                                                                    : "a 'match' regex";
        if (!tr_yget_text(ld, n, kind, &p, &len) || rc->route < 0 || !tr_yat(ld, n)) continue;
        int r = which == WH_FIELD
                    ? triage_builder_route_when_field(ld->b, rc->route, field, flen, p, len)
                : which == WH_CONTAINS
                    ? triage_builder_route_when_contains(ld->b, rc->route, field, flen, p, len)
                    : triage_builder_route_when_match(ld->b, rc->route, field, flen, p, len);
        tr_ycall(ld, r);
    }
}

static void load_when(route_ctx *rc, const tr_ynode *when) {
    if (tr_yis_null(when)) return; /* `when:` left empty: always */
    if (!tr_yexpect_map(rc->ld, when, "'when'")) return;
    char context[TR_YQUOTE_SIZE + 32];
    snprintf(context, sizeof context, "in 'when' of route '%s'", rc->name);
    const tr_ynode *v[WH_COUNT];
    tr_ymap_fields(rc->ld, when, when_keys, WH_COUNT, v, context);
    if (v[WH_CATEGORY]) when_category(rc, v[WH_CATEGORY]);
    if (v[WH_SCORE]) when_score(rc, v[WH_SCORE]);
    for (int w = WH_FIELD; w <= WH_MATCH; w++)
        if (v[w]) when_fields(rc, v[w], w);
}

static void set_priority(route_ctx *rc, const tr_ynode *n) {
    tr_yload *ld = rc->ld;
    const char *p;
    size_t len;
    if (!tr_yget_text(ld, n, "'priority'", &p, &len)) return;
    int priority = tr_ypriority(p, len);
    if (priority < 0) {
        char context[TR_YQUOTE_SIZE + 32];
        snprintf(context, sizeof context, "in route '%s'", rc->name);
        tr_yunknown(ld, n, TRIAGE_ERR_RULES, "priority", context, tr_ypriority_names, 4);
        return;
    }
    if (rc->route >= 0 && tr_yat(ld, n))
        tr_ycall(ld, triage_builder_route_set_priority(ld->b, rc->route, priority));
}

static void set_tags(route_ctx *rc, const tr_ynode *tags) {
    tr_yload *ld = rc->ld;
    const char *p;
    size_t len;
    if (tags->kind == TR_YMAP) {
        tr_yexpect_seq(ld, tags, "'tags'");
        return;
    }
    const tr_ynode *single = tags->kind == TR_YSCALAR ? tags : NULL;
    for (const tr_ynode *t = single ? single : tags->first; t; t = single ? NULL : t->next) {
        if (ld->stopped) return;
        if (tr_yget_text(ld, t, "a tag", &p, &len) && rc->route >= 0 && tr_yat(ld, t))
            tr_ycall(ld, triage_builder_route_add_tag(ld->b, rc->route, p, len));
    }
}

static void load_set(route_ctx *rc, const tr_ynode *set) {
    tr_yload *ld = rc->ld;
    if (!tr_yexpect_map(ld, set, "'set'")) return;
    char context[TR_YQUOTE_SIZE + 32];
    snprintf(context, sizeof context, "in 'set' of route '%s'", rc->name);
    const tr_ynode *v[SET_COUNT];
    tr_ymap_fields(ld, set, set_keys, SET_COUNT, v, context);
    const char *p;
    size_t len;
    if (v[SET_QUEUE] && tr_yget_text(ld, v[SET_QUEUE], "'queue'", &p, &len) && rc->route >= 0 &&
        tr_yat(ld, v[SET_QUEUE]))
        tr_ycall(ld, triage_builder_route_set_queue(ld->b, rc->route, p, len));
    if (v[SET_PRIORITY]) set_priority(rc, v[SET_PRIORITY]);
    int64_t tier;
    if (v[SET_TIER] && tr_yget_int(ld, v[SET_TIER], "'tier'", &tier)) {
        if (tier < 1 || tier > 1000000)
            tr_yerr(ld, v[SET_TIER], TRIAGE_ERR_RANGE, "tier %lld is out of range (tiers start at 1)",
                    (long long)tier);
        else if (rc->route >= 0 && tr_yat(ld, v[SET_TIER]))
            tr_ycall(ld, triage_builder_route_set_tier(ld->b, rc->route, (int)tier));
    }
    if (v[SET_TAGS]) set_tags(rc, v[SET_TAGS]);
    if (v[SET_SLA] && tr_yget_text(ld, v[SET_SLA], "'sla'", &p, &len)) {
        tr_yaml_sla_check_reference(ld, v[SET_SLA], rc->name);
        if (rc->route >= 0 && tr_yat(ld, v[SET_SLA]))
            tr_ycall(ld, triage_builder_route_set_sla(ld->b, rc->route, p, len));
    }
}

static void load_route(tr_yload *ld, const tr_ynode *node, size_t index) {
    char what[64];
    snprintf(what, sizeof what, "route #%zu", index);
    if (!tr_yexpect_map(ld, node, what)) return;
    route_ctx rc = {ld, -1, ""};
    const tr_ynode *name = tr_ymap_get(node, "name");
    if (name && name->kind == TR_YSCALAR && !tr_yis_null(name))
        tr_yquote(rc.name, sizeof rc.name, name->text, name->len);
    else
        snprintf(rc.name, sizeof rc.name, "#%zu", index);
    char context[TR_YQUOTE_SIZE + 32];
    snprintf(context, sizeof context, "in route '%s'", rc.name);
    const tr_ynode *v[RT_COUNT];
    tr_ymap_fields(ld, node, route_keys, RT_COUNT, v, context);

    const char *p;
    size_t len;
    if (!name)
        tr_yerr(ld, node, TRIAGE_ERR_RULES, "route #%zu needs a 'name'", index);
    else if (tr_yget_text(ld, name, "a route 'name'", &p, &len) && tr_yat(ld, name))
        rc.route = tr_ycall(ld, triage_builder_add_route(ld->b, p, len));

    if (v[RT_WHEN]) load_when(&rc, v[RT_WHEN]);
    if (v[RT_SET]) load_set(&rc, v[RT_SET]);
    int stop;
    if (v[RT_STOP] && tr_yget_bool(ld, v[RT_STOP], "'stop'", &stop) && rc.route >= 0 &&
        tr_yat(ld, v[RT_STOP]))
        tr_ycall(ld, triage_builder_route_set_stop(ld->b, rc.route, stop));
}

void tr_yaml_load_routes(tr_yload *ld, const tr_ynode *routes) {
    if (!tr_yexpect_seq(ld, routes, "'routes'")) return;
    size_t index = 0;
    TR_YSEQ_EACH(r, routes) {
        if (ld->stopped) return;
        load_route(ld, r, ++index);
    }
}
