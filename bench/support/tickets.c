/* Ticket text: a subject and a body made of filler sentences in one of
 * several languages, sentences that mention category terms (in varied case,
 * with varied white space inside phrases), regex samples (order numbers,
 * error codes, amounts...), and for long tickets log excerpts and quoted
 * earlier messages. Body lengths are log-normal (median about 750 bytes)
 * with a tail up to BENCH_MAX_BODY. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prng.h"
#include "sbuf.h"
#include "textutil.h"
#include "workload_internal.h"

typedef struct ticket_ctx {
    const bench_gen *g;
    bench_prng r;
    const bench_language *lang;
    int primary, secondary; /* secondary -1: none */
    int ascii_terms_only;
} ticket_ctx;

static const char *pick(bench_prng *r, const char *const *list) {
    return list[bench_prng_below(r, bench_list_len(list))];
}

/* '#' digit, '%' lowercase letter, '^' uppercase letter, '&' hex digit,
 * '\x' a literal x. */
static void expand_template(bench_prng *r, bench_sbuf *out, const char *t) {
    for (; *t; t++) {
        switch (*t) {
        case '#': bench_sbuf_putc(out, (char)('0' + bench_prng_below(r, 10))); break;
        case '%': bench_sbuf_putc(out, (char)('a' + bench_prng_below(r, 26))); break;
        case '^': bench_sbuf_putc(out, (char)('A' + bench_prng_below(r, 26))); break;
        case '&': bench_sbuf_putc(out, "0123456789abcdef"[bench_prng_below(r, 16)]); break;
        case '\\':
            if (t[1]) t++;
            bench_sbuf_putc(out, *t);
            break;
        default: bench_sbuf_putc(out, *t); break;
        }
    }
}

static int pick_category(ticket_ctx *k) {
    double u = bench_prng_unit(&k->r);
    if (u < 0.6 || (u < 0.8 && k->secondary < 0)) return k->primary;
    if (u < 0.8) return k->secondary;
    return (int)bench_prng_below(&k->r, BENCH_NCATEGORIES);
}

static const bench_gen_term *pick_term(ticket_ctx *k, int c) {
    const bench_gen_term *t = NULL;
    for (int tries = 0; tries < 8; tries++) {
        const bench_index_list *l = &k->g->base[c];
        if (bench_prng_chance(&k->r, 0.3) && k->g->extra[c].n) l = &k->g->extra[c];
        t = &k->g->kw[l->idx[bench_prng_below(&k->r, l->n)]];
        if (t->ascii || !k->ascii_terms_only) break;
    }
    return t;
}

/* Writes a term as a person might type it: lower case mostly, sometimes
 * capitalised or shouting, phrases with odd white space, now and then a
 * plural or a hashtag (which must not or must still match). */
static void render_term(ticket_ctx *k, bench_sbuf *out, const bench_gen_term *t) {
    double u = bench_prng_unit(&k->r);
    int mode = u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : 3; /* lower, Cap, UPPER, Title */
    uint32_t first;
    bench_utf8_decode(t->text, t->len, &first);
    /* In text without spaces, a term of a spaced script gets spaces around
     * it: whether "关于счёт" holds the word "счёт" is a matter of definition
     * (PCRE2 sees no \b between two letters), not something to measure. */
    if (k->lang->spaceless && !bench_is_spaceless(first)) bench_sbuf_putc(out, ' ');
    if (t->ascii && strchr(t->text, ' ') == NULL && bench_prng_chance(&k->r, 0.03))
        bench_sbuf_putc(out, '#');
    int word_start = 1;
    for (size_t i = 0; i < t->len;) {
        uint32_t cp;
        size_t n = bench_utf8_decode(t->text + i, t->len - i, &cp);
        i += n;
        if (cp == ' ') {
            double w = bench_prng_unit(&k->r);
            bench_sbuf_puts(out, w < 0.88   ? " "
                                 : w < 0.92 ? "  "
                                 : w < 0.96 ? "\n"
                                 : w < 0.98 ? "\t"
                                            : " \r\n");
            word_start = 1;
            continue;
        }
        if (mode == 2 || (mode == 1 && i == n) || (mode == 3 && word_start)) cp = bench_upper(cp);
        bench_utf8_encode(out, cp);
        word_start = 0;
    }
    if (t->ascii && strchr(t->text, ' ') == NULL && bench_prng_chance(&k->r, 0.04))
        bench_sbuf_putc(out, 's');
    uint32_t last;
    bench_utf8_decode_last(t->text, t->len, &last);
    if (k->lang->spaceless && !bench_is_spaceless(last)) bench_sbuf_putc(out, ' ');
}

static void render_regex_sample(ticket_ctx *k, bench_sbuf *out, int c) {
    const bench_index_list *l = &k->g->regex[c];
    size_t idx = l->n && bench_prng_chance(&k->r, 0.6) ? l->idx[bench_prng_below(&k->r, l->n)]
                                                        : bench_prng_below(&k->r, k->g->nrx);
    expand_template(&k->r, out, k->g->rx[idx].sample);
}

/* A frame with {T} and {R} slots, filled for category c. */
static void render_frame(ticket_ctx *k, bench_sbuf *out, const char *frame, int c) {
    for (const char *p = frame; *p;) {
        if (p[0] == '{' && (p[1] == 'T' || p[1] == 'R') && p[2] == '}') {
            if (p[1] == 'T')
                render_term(k, out, pick_term(k, c));
            else
                render_regex_sample(k, out, c);
            p += 3;
        } else {
            bench_sbuf_putc(out, *p++);
        }
    }
}

static void render_log_block(ticket_ctx *k, bench_sbuf *out, size_t bytes) {
    size_t start = out->len;
    bench_sbuf_puts(out, "\n\nHere is the log:\n\n");
    while (out->len - start < bytes) {
        expand_template(&k->r, out, pick(&k->r, bench_log_lines));
        bench_sbuf_putc(out, '\n');
    }
}

static const char *pick_sentence(ticket_ctx *k, int *category) {
    double u = bench_prng_unit(&k->r);
    const bench_language *en = &bench_languages[0];
    *category = -1;
    if (u < 0.22) {
        *category = pick_category(k);
        return pick(&k->r, bench_prng_chance(&k->r, 0.8) ? k->lang->term_frames : en->term_frames);
    }
    if (u < 0.30) {
        *category = pick_category(k);
        return pick(&k->r, k->lang->regex_frames);
    }
    if (k->lang != en && bench_prng_chance(&k->r, 0.25)) return pick(&k->r, en->filler);
    return pick(&k->r, k->lang->filler);
}

static void render_sentence(ticket_ctx *k, bench_sbuf *out, const char *prefix) {
    int c;
    const char *frame = pick_sentence(k, &c);
    bench_sbuf_puts(out, prefix);
    if (c >= 0)
        render_frame(k, out, frame, c);
    else
        bench_sbuf_puts(out, frame);
    if (strcmp(k->lang->name, "emoji") == 0 && bench_prng_chance(&k->r, 0.3)) {
        bench_sbuf_putc(out, ' ');
        bench_sbuf_puts(out, pick(&k->r, bench_emoji));
    }
}

/* Log-normal (sigma 1) around a median of about 750 bytes once the last
 * sentence and the sign-off are added; one ticket in 2,000 is a pasted dump
 * of 25 to 50 KB, so that the far tail is always there. */
static size_t body_target(bench_prng *r) {
    double u1 = bench_prng_unit(r), u2 = bench_prng_unit(r);
    if (bench_prng_chance(r, 1.0 / 2000.0))
        return (size_t)(25000 + bench_prng_below(r, BENCH_MAX_BODY - 400 - 25000));
    if (u1 < 1e-300) u1 = 1e-300;
    double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    double len = exp(log(700.0) + 1.0 * z);
    if (len < 60) len = 60;
    if (len > BENCH_MAX_BODY - 400) len = BENCH_MAX_BODY - 400;
    return (size_t)len;
}

/* Popular categories come up more often (about 1/(rank+2)). */
static int pick_primary(bench_prng *r) {
    double total = 0, w[BENCH_NCATEGORIES];
    for (int c = 0; c < BENCH_NCATEGORIES; c++) total += w[c] = 1.0 / (c + 2);
    double u = bench_prng_unit(r) * total;
    for (int c = 0; c < BENCH_NCATEGORIES; c++) {
        if (u < w[c]) return c;
        u -= w[c];
    }
    return BENCH_NCATEGORIES - 1;
}

void bench_ticket_generate(const bench_gen *g, uint64_t seed, size_t i, bench_ticket *t,
                           char **subject_owned, char **body_owned) {
    ticket_ctx k;
    memset(&k, 0, sizeof k);
    k.g = g;
    uint64_t sm = seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(i + 1));
    bench_prng_seed(&k.r, bench_splitmix64(&sm));
    size_t lang = 0;
    if (bench_prng_chance(&k.r, 0.25)) lang = 1 + bench_prng_below(&k.r, bench_language_count - 1);
    k.lang = &bench_languages[lang];
    k.ascii_terms_only = !k.lang->non_ascii;
    k.primary = pick_primary(&k.r);
    k.secondary = bench_prng_chance(&k.r, 0.4) ? (int)bench_prng_below(&k.r, BENCH_NCATEGORIES)
                                               : -1;

    bench_sbuf subject = {0}, body = {0};
    render_frame(&k, &subject, pick(&k.r, k.lang->subject_frames), k.primary);

    size_t target = body_target(&k.r);
    int long_ticket = target > 4000, log_done = 0, quote_done = 0;
    bench_sbuf_puts(&body, pick(&k.r, k.lang->greetings));
    bench_sbuf_puts(&body, "\n\n");
    size_t in_paragraph = 0;
    while (body.len < target) {
        if (long_ticket && !log_done && body.len > target / 5) {
            render_log_block(&k, &body, target / 2);
            log_done = 1;
            continue;
        }
        if (long_ticket && !quote_done && body.len > target * 4 / 5) {
            bench_sbuf_puts(&body, "\n\n-----Original Message-----\n");
            size_t stop = body.len + target / 6;
            while (body.len < stop) {
                render_sentence(&k, &body, "> ");
                bench_sbuf_putc(&body, '\n');
            }
            quote_done = 1;
            continue;
        }
        render_sentence(&k, &body, in_paragraph ? " " : "");
        if (++in_paragraph >= 3 + bench_prng_below(&k.r, 3)) {
            bench_sbuf_puts(&body, "\n\n");
            in_paragraph = 0;
        }
    }
    bench_sbuf_puts(&body, "\n\n");
    bench_sbuf_puts(&body, pick(&k.r, k.lang->signoffs));
    if (body.len > BENCH_MAX_BODY) { /* cut at a character boundary */
        size_t n = BENCH_MAX_BODY;
        while (n > 0 && ((unsigned char)body.ptr[n] & 0xC0) == 0x80) n--;
        body.len = n;
        body.ptr[n] = '\0';
    }
    t->subject = subject.ptr;
    t->subject_len = subject.len;
    t->body = body.ptr;
    t->body_len = body.len;
    t->non_ascii = !bench_is_ascii(subject.ptr, subject.len) || !bench_is_ascii(body.ptr, body.len);
    *subject_owned = subject.ptr;
    *body_owned = body.ptr;
}
