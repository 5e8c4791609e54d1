/*
 * url_screen.c — mm_screen_url: parse a URL once, then run the detector's
 * concerns over it in a fixed order (blocklist, structure, look-alike, risk
 * model) and finish the verdict.
 *
 * Why a separate orchestration file: each concern (url_lookup.c,
 * url_structure.c, url_lookalike.c, url_model.c) only adds reasons, so this
 * is the one place that decides what runs when — in particular that a
 * brand's own domains get no look-alike and no model reason, which is what
 * keeps the false-positive rate on real brand traffic at zero.
 */
#include <string.h>

#include "screen/url_internal.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Percent-decode and lower-case ASCII of s into dst (the canonical form
 * escapes only bytes that are never part of a keyword, so one pass is
 * enough); returns the length. */
static size_t decode_lower(const char *s, char *dst)
{
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        int h, l;
        if (s[i] == '%' && (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
            dst[o++] = (char)(h << 4 | l);
            i += 3;
            continue;
        }
        char c = s[i++];
        dst[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    dst[o] = '\0';
    return o;
}

mm_status url_parts_parse(const char *url, mm_arena *a, url_parts *p, mm_error *err)
{
    memset(p, 0, sizeof *p);
    mm_status st = mm_norm_url(url, a, &p->u, err);
    if (st != MM_OK)
        return st;
    p->host = p->u.host;
    p->host_len = strlen(p->host);
    p->idn = strstr(p->host, "xn--") != NULL;
    if (!p->u.host_is_ip) {
        mm_domain d;
        if (mm_norm_domain(p->host, a, &d, NULL) == MM_OK && d.registrable != NULL) {
            p->reg = d.registrable;
            p->reg_len = strlen(d.registrable);
            p->suffix = d.suffix;
            const char *dot = strchr(p->reg, '.');
            p->label = p->reg;
            p->label_len = dot ? (size_t)(dot - p->reg) : p->reg_len;
            p->sub_len = p->host_len > p->reg_len ? p->host_len - p->reg_len - 1 : 0;
        }
    }
    size_t pl = strlen(p->u.path), ql = p->u.query ? strlen(p->u.query) : 0;
    p->pathq = mm_arena_alloc(a, pl + ql + 2);
    if (p->pathq == NULL)
        return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
    p->pathq_len = decode_lower(p->u.path, p->pathq);
    if (p->u.query) {
        p->pathq[p->pathq_len++] = '?';
        p->pathq_len += decode_lower(p->u.query, p->pathq + p->pathq_len);
    }
    return MM_OK;
}

/* Everything of mm_screen_url after the blocklist lookups (whose reasons are
 * already in out): structure, look-alike and model reasons, then finish. */
static mm_status screen_rest(const mm_screen_ctx *ctx, const url_parts *p, mm_arena *a,
                             mm_verdict *out, mm_error *err)
{
    const mm_url_model *m = ctx->url;
    if (m) {
        int own = url_own_brand(m, p);
        mm_status st = url_structure_reasons(m, p, a, out);
        if (st == MM_OK && own < 0)
            st = url_lookalike_reasons(m, p, a, out);
        /* a URL whose registrable domain is a brand's own gets no model
         * reason: the model judges the shape of throw-away hosts, and a
         * brand's real links (info.<brand>/member/login/…) are not that.
         * A host under a platform the brand runs but anyone can publish on
         * (a public-suffix bucket such as x.s3.amazonaws.com) has its own
         * registrable domain and is scored. */
        if (st == MM_OK && !url_own_registrable(m, p))
            st = url_model_reasons(m, p, a, out);
        if (st != MM_OK)
            return mm_error_set(err, st, "url", "out of memory");
    }
    const mm_thresholds *t = &ctx->thresholds;
    mm_verdict_finish(out, t->warn || t->hold || t->block ? t : NULL); /* zeroed ctx: defaults */
    mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
}

mm_status mm_screen_url(const mm_screen_ctx *ctx, const char *url, mm_arena *a, mm_verdict *out,
                        mm_error *err)
{
    mm_verdict_init(out);
    if (ctx == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "url", "no screening context or arena");
    url_parts p;
    mm_status st = url_parts_parse(url, a, &p, err);
    if (st != MM_OK)
        return st;
    if (ctx->snap && mm_url_lookup(ctx->snap, &p.u, a, out) < 0)
        return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
    return screen_rest(ctx, &p, a, out, err);
}

mm_status mm_screen_url_batch(const mm_screen_ctx *ctx, const char *const *urls, size_t n,
                              mm_arena *a, mm_verdict *out, mm_status *st, mm_error *err)
{
    /* err[i] of a NULL entry holds the caller's own error for that line */
    mm_error scratch;
#define ERR_OF(i) (err && urls[i] ? &err[i] : &scratch)
    for (size_t i = 0; i < n; i++) {
        mm_verdict_init(&out[i]);
        st[i] = urls[i] ? MM_OK : MM_EINVAL;
        mm_error_clear(ERR_OF(i));
    }
    if (ctx == NULL || a == NULL) {
        for (size_t i = 0; i < n; i++)
            st[i] = mm_error_set(ERR_OF(i), MM_EINVAL, "url", "no screening context or arena");
        return MM_EINVAL;
    }
    /* parse all; the parsed URLs that go to the lookup are packed in u[]
     * (which[k] = their index in urls), as mm_url_lookup_batch wants them */
    url_parts *p = n ? mm_arena_alloc(a, n * sizeof *p) : NULL;
    mm_url *u = n ? mm_arena_alloc(a, n * sizeof *u) : NULL;
    size_t *which = n ? mm_arena_alloc(a, n * sizeof *which) : NULL;
    int *hits = n ? mm_arena_alloc(a, n * sizeof *hits) : NULL;
    if (n && (p == NULL || u == NULL || which == NULL || hits == NULL)) {
        for (size_t i = 0; i < n; i++)
            st[i] = mm_error_set(ERR_OF(i), MM_ENOMEM, "url", "out of memory");
        return MM_ENOMEM;
    }
    size_t nu = 0;
    for (size_t i = 0; i < n; i++) {
        if (urls[i] == NULL || (st[i] = url_parts_parse(urls[i], a, &p[i], ERR_OF(i))) != MM_OK)
            continue;
        which[nu] = i;
        u[nu++] = p[i].u;
    }
    mm_verdict *lv = NULL; /* the lookup's verdicts, packed like u */
    if (ctx->snap && nu) {
        lv = mm_arena_alloc(a, nu * sizeof *lv);
        int bst = MM_ENOMEM;
        if (lv) {
            for (size_t k = 0; k < nu; k++)
                mm_verdict_init(&lv[k]);
            bst = mm_url_lookup_batch(ctx->snap, u, nu, a, lv, hits);
        }
        for (size_t k = 0; k < nu; k++)
            if (bst != MM_OK || hits[k] < 0)
                hits[k] = MM_ENOMEM;
    }
    for (size_t k = 0; k < nu; k++) {
        size_t i = which[k];
        mm_error *e = ERR_OF(i);
        if (lv) {
            if (hits[k] < 0) {
                st[i] = mm_error_set(e, MM_ENOMEM, "url", "out of memory");
                continue;
            }
            out[i] = lv[k];
        }
        st[i] = screen_rest(ctx, &p[i], a, &out[i], e);
    }
    return MM_OK;
#undef ERR_OF
}
