/*
 * message.c — mm_screen_message: one SMS, e-mail body, DM or app message in,
 * one verdict out.
 *
 * The steps, each adding reasons with spans in the original text:
 *   1. normalise once (mm_norm_text, with a map back to the input);
 *   2. extract what the fraudster hands over and look each item up in the
 *      snapshot (URL expressions, host and registrable domain, phone, account,
 *      crypto address, messenger id, e-mail address);
 *   3. scan once with the phrase database → signals and phrase reasons;
 *   4. sender checks (brand claimed by a mobile or foreign number, e-mail
 *      domain not the brand's, DMARC/SPF/DKIM, link text vs href);
 *   5. the co-occurrence rules, then the n-gram classifier;
 *   6. noisy-OR scoring and the warning text of the winning category.
 * An e-mail subject is screened with the body (prefixed to it); reasons that
 * rest on the subject get an empty span, since spans index msg->text.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screen/message_internal.h"

/* The URL detector (issue 3) is optional at build time: until it exists,
 * URLs get the exact snapshot lookups below only. */
#if __has_include("mamoru/screen_url.h")
#include "mamoru/screen_url.h"
#define HAVE_URL_DETECTOR 1
#endif

int msg_hit_weight(const mm_hit *h)
{
    switch (h->status) {
    case MM_IND_CONFIRMED:
    case MM_IND_ACTIONED: return 90;
    case MM_IND_REPORTED: return 55 + (h->confidence > 100 ? 100 : h->confidence) / 5;
    default: return 0;
    }
}

static const char *hit_category(const mm_screen_ctx *ctx, const mm_hit *h)
{
    const char *c = mm_snapshot_category_name(ctx->snap, h->category);
    return c && c[0] ? c : "phishing";
}

static mm_status add_hit(const mm_screen_ctx *ctx, const char *code, const mm_hit *h,
                         const char *value, uint32_t s, uint32_t e, mm_arena *a, mm_verdict *v)
{
    int w = msg_hit_weight(h);
    if (w <= 0)
        return MM_OK;
    mm_reason r = {
        .code = code,
        .category = hit_category(ctx, h),
        .detail = mm_arena_printf(a, "%s is listed (%s)", value, mm_ind_status_name(h->status)),
        .weight = w,
        .span_start = s,
        .span_end = e,
        .indicator_id = h->id};
    return mm_verdict_add(v, a, &r);
}

static bool lookup(const mm_screen_ctx *ctx, mm_kind k, const char *value, mm_hit *h)
{
    return ctx->snap && value && mm_snapshot_lookup(ctx->snap, k, value, strlen(value), h);
}

/* "scheme://rest" in the arena (mm_arena_printf's result without vsnprintf,
 * which costs more than the lookup it feeds); NULL when out of memory. */
static char *scheme_join(mm_arena *a, const char *scheme, const char *rest)
{
    size_t sl = strlen(scheme), rl = strlen(rest);
    char *s = mm_arena_alloc(a, sl + 3 + rl + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, scheme, sl);
    memcpy(s + sl, "://", 3);
    memcpy(s + sl + 3, rest, rl + 1);
    return s;
}

/* The first listed "http(s)://" + expression of u, trying u's own scheme
 * before the other one, as two exact lookups per expression would. A
 * listed URL is under its own host, so the snapshot's URL-host filter
 * skips every expression of a host no listed URL is under (most hosts: no
 * probe at all), and one expression probe finds both schemes. */
static bool listed_expression(const mm_snapshot *snap, const mm_url *u, char **ex, size_t n,
                              mm_hit *h)
{
    unsigned own = strcmp(u->scheme, "https") == 0 ? 0 : 1; /* probe bit: 0 https, 1 http */
    const char *host = NULL;
    size_t hl = 0;
    bool maybe = false;
    for (size_t i = 0; i < n; i++) {
        size_t l = strcspn(ex[i], "/"); /* expressions are host-major: "host/path" */
        if (host == NULL || l != hl || memcmp(ex[i], host, l) != 0) {
            mm_snapshot_probe hp;
            host = ex[i], hl = l;
            mm_snapshot_probe_start(snap, MM_KIND_DOMAIN, host, hl, &hp);
            maybe = mm_snapshot_probe_url_host(snap, &hp);
        }
        if (!maybe)
            continue;
        mm_snapshot_probe p;
        mm_hit two[2];
        mm_snapshot_probe_expression(snap, ex[i], strlen(ex[i]), &p);
        unsigned f = mm_snapshot_probe_finish(snap, &p, two);
        if (f & (1u << own)) {
            *h = two[own];
            return true;
        }
        if (f & (1u << (own ^ 1))) {
            *h = two[own ^ 1];
            return true;
        }
    }
    return false;
}

/* Could a listed http(s) URL be under host or a parent of it (the hosts
 * of all of a URL's expressions)? Asks the snapshot's URL-host filter
 * before any expression is built; false = certainly not. */
static bool url_host_maybe(const mm_snapshot *snap, const char *host)
{
    for (const char *p = host; p != NULL && *p;) {
        mm_snapshot_probe hp;
        mm_snapshot_probe_start(snap, MM_KIND_DOMAIN, p, strlen(p), &hp);
        if (mm_snapshot_probe_url_host(snap, &hp))
            return true;
        p = strchr(p, '.');
        p = p ? p + 1 : NULL;
    }
    return false;
}

/* URL: exact canonical, then every host-suffix × path-prefix expression
 * (with either scheme), then the host and its registrable domain. */
static mm_status lookup_url(const mm_screen_ctx *ctx, const mm_extracted *x, mm_arena *a,
                            mm_verdict *v, bool *hit)
{
    mm_hit h;
    *hit = false;
    if (ctx->snap == NULL)
        return MM_OK;
    if (lookup(ctx, MM_KIND_URL, x->value, &h)) {
        *hit = true;
        return add_hit(ctx, "URL_LISTED", &h, x->value, x->start, x->end, a, v);
    }
    mm_url u;
    if (mm_norm_url(x->value, a, &u, NULL) == MM_OK) {
        bool http = strcmp(u.scheme, "http") == 0 || strcmp(u.scheme, "https") == 0;
        char **ex = NULL;
        size_t n = http && !url_host_maybe(ctx->snap, u.host) ? 0 : mm_url_expressions(&u, a, &ex);
        if (http) {
            if (listed_expression(ctx->snap, &u, ex, n, &h)) {
                *hit = true;
                return add_hit(ctx, "URL_LISTED", &h, x->value, x->start, x->end, a, v);
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                char *full = scheme_join(a, u.scheme, ex[i]);
                char *alt = scheme_join(a, "https", ex[i]);
                if (lookup(ctx, MM_KIND_URL, full, &h) || lookup(ctx, MM_KIND_URL, alt, &h)) {
                    *hit = true;
                    return add_hit(ctx, "URL_LISTED", &h, x->value, x->start, x->end, a, v);
                }
            }
        }
    }
    if (x->host && lookup(ctx, MM_KIND_DOMAIN, x->host, &h)) {
        *hit = true;
        return add_hit(ctx, "DOMAIN_LISTED", &h, x->host, x->start, x->end, a, v);
    }
    if (x->registrable && (!x->host || strcmp(x->registrable, x->host) != 0) &&
        lookup(ctx, MM_KIND_DOMAIN, x->registrable, &h)) {
        *hit = true;
        return add_hit(ctx, "DOMAIN_LISTED", &h, x->registrable, x->start, x->end, a, v);
    }
    if (x->flags & MM_EXTRACT_IP_HOST && lookup(ctx, MM_KIND_IP, x->host, &h)) {
        *hit = true;
        return add_hit(ctx, "IP_LISTED", &h, x->host, x->start, x->end, a, v);
    }
    return MM_OK;
}

/* Most a URL_RISK_MODEL reason weighs inside a message: below the warn
 * threshold, so it lifts other evidence (noisy-OR) but never flags alone. */
#define URL_MODEL_IN_MESSAGE 35

/* Top-level and second-level domains only governments can register
 * (.gov is the US government's, gov.uk the UK's, go.kr Korea's, gc.ca
 * Canada's, europa.eu the EU's): an embassy's or an airline's notice
 * sends travellers there (esta.cbp.dhs.gov), no fraudster can. */
static bool foreign_government_host(const char *host)
{
    static const char *const gov[] = {".gov",    ".mil",    ".gov.uk",   ".gov.au",
                                      ".go.kr",  ".gc.ca",  ".gov.sg",   ".gov.tw",
                                      ".gov.hk", ".gov.cn", ".europa.eu"};
    size_t l = strlen(host);
    for (size_t i = 0; i < sizeof gov / sizeof gov[0]; i++) {
        size_t g = strlen(gov[i]);
        if (l > g && strcasecmp(host + l - g, gov[i]) == 0)
            return true;
    }
    return false;
}

/* Is this URL on a known brand's own domain? Such links are not "@link". */
static bool official_link(const mm_message_model *m, const mm_extracted *x)
{
    if (x->host) {
        /* go.jp and lg.jp are registered only to ministries, agencies and
         * local governments, ac.jp / ed.jp to schools and universities and
         * or.jp to registered non-profit bodies (JPRS rules: one per
         * organisation, on proof of registration): no fraudster can hold
         * one */
        size_t l = strlen(x->host);
        if (l > 6 && x->host[l - 6] == '.' && mm_jp_restricted_suffix(x->host + l - 5))
            return true;
        if (mm_jp_local_government(x->host) || foreign_government_host(x->host))
            return true;
    }
    return m && x->registrable && msg_brand_of_domain(m, x->registrable) >= 0;
}

/* Is the registrable domain under co.jp? */
static bool jp_company_domain(const char *registrable)
{
    size_t l = strlen(registrable);
    return l > 6 && strcmp(registrable + l - 6, ".co.jp") == 0;
}

/* A mail-delivery service's unsubscribe or preferences link
 * (kitsunedo.us12.list-manage.com/unsubscribe?…) is the footer every
 * newsletter must carry; it leads to the service's own page, where a
 * fraudster can put nothing. */
static bool esp_unsubscribe(const mm_extracted *x)
{
    if (x->registrable == NULL || !msg_mail_service(x->registrable) || x->value == NULL)
        return false;
    return strstr(x->value, "unsubscribe") || strstr(x->value, "optout") ||
           strstr(x->value, "opt-out") || strstr(x->value, "/profile");
}

/* An organisation ships its app through an app store; a message that
 * links straight to an .apk is installing the sender's malware. */
static bool apk_link(const char *url)
{
    size_t n = strcspn(url, "?#");
    return n > 4 && strncasecmp(url + n - 4, ".apk", 4) == 0;
}

static mm_status add_reason(mm_verdict *v, mm_arena *a, const char *code, const char *cat, int w,
                            const char *detail, uint32_t s, uint32_t e)
{
    mm_reason r = {.code = code,
                   .category = cat,
                   .detail = detail,
                   .weight = w,
                   .span_start = s,
                   .span_end = e};
    return mm_verdict_add(v, a, &r);
}

#ifdef HAVE_URL_DETECTOR
/* The URL detector's reasons for url (false when it could not judge it).
 * A link met again in the same message (an HTML mail's href repeating its
 * text's URL) reuses the first answer: mm_screen_url depends on nothing
 * but the context and the URL. */
static bool judge_url(const mm_screen_ctx *ctx, msg_facts *f, const char *url, mm_arena *a,
                      const mm_reason **reasons, size_t *n)
{
    for (size_t i = 0; i < f->nurl_seen; i++)
        if (strcmp(f->url_seen[i].value, url) == 0) {
            *reasons = f->url_seen[i].reasons;
            *n = f->url_seen[i].n;
            return true;
        }
    /* the blocklist was asked above (lookup_url) and the detector's own
     * *_LISTED reasons are skipped: it need not look the URL up again,
     * and nothing else it says depends on the snapshot */
    mm_screen_ctx uctx = *ctx;
    uctx.snap = NULL;
    mm_verdict uv;
    mm_verdict_init(&uv);
    if (mm_screen_url(&uctx, url, a, &uv, NULL) != MM_OK)
        return false;
    *reasons = uv.reasons;
    *n = uv.nreasons;
    if (f->nurl_seen < sizeof f->url_seen / sizeof f->url_seen[0]) {
        f->url_seen[f->nurl_seen].value = url;
        f->url_seen[f->nurl_seen].reasons = uv.reasons;
        f->url_seen[f->nurl_seen++].n = uv.nreasons;
    }
    return true;
}
#endif

static bool messenger_link(const mm_extracted *xs, size_t nx);

mm_status msg_lookup_extracted(const mm_screen_ctx *ctx, const mm_extracted *xs, size_t n,
                               msg_facts *f, mm_arena *a, mm_verdict *v)
{
    const mm_message_model *m = ctx->message;
    mm_status st = MM_OK;
    mm_hit h;
    /* Derived reasons repeat little information: a few of each code, and
     * the URL detector for the first few links only (it is the costly part). */
    int obf = 0, ip = 0, shortener = 0, spoof = 0, urls_judged = 0;
    /* the spelling model's guess counts once: a domain named twice (a
     * renewal notice about the reader's own site) is not two findings */
    bool model_said = false;
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        const mm_extracted *x = &xs[i];
        int sig = -1;
        switch (x->kind) {
        case MM_KIND_URL: {
            bool hit = false;
            st = lookup_url(ctx, x, a, v, &hit);
            /* on the sender's own registrable domain (e-mail From, not
             * failing DMARC): the sender's link, not a lure — only what
             * says the domain itself imitates a brand is kept below */
            bool aligned = msg_link_aligned(f, x->registrable);
            bool official = official_link(m, x) || aligned || esp_unsubscribe(x);
            f->official_link |= official;
            /* no sender domain to align with (SMS, a gateway's mail): a
             * link on the domain of the name the text claims is that
             * organisation's own; the name glued to other words is not
             * (message_claim.c). It stays @link: the text rules still
             * judge what the reader is asked to do through it. */
            int claim = official || (x->flags & MM_EXTRACT_IP_HOST)
                            ? 0
                            : msg_claim_link(&f->claim, x->host, x->registrable);
            /* a brand of brands.tsv has its domains listed: its name spelt
             * out in another domain (マイナポータル → mynaportal-jp.test)
             * is an imitation's, unless under co.jp (one per company) */
            if (claim > 0 && f->brand >= 0 && !jp_company_domain(x->registrable))
                claim = 0;
            /* co.jp is one domain per company registered in Japan (JPRS):
             * the claimed name itself under co.jp (freee → freee.co.jp) is
             * that company's own site, not a page a fraudster could hold */
            if (claim > 0 && x->registrable && jp_company_domain(x->registrable)) {
                official = true;
                f->official_link = true;
            }
            bool own = aligned || claim > 0;
            f->aligned_link |= own;
            if (!official && !own) {
                f->foreign_links++;
                if (m)
                    msg_fact_set(f, m->sig_ix[SIG_FOREIGN_LINK], x->start, x->end);
            }
            /* the text claims a named organisation but links to a domain
             * unrelated to that name: like a known brand's claim with a
             * link off its domains (@brand_claim) — unless the mail comes
             * from a domain of that name, whose links are its choice */
            if (claim == 0 && !official && !own && f->claim.nname && m &&
                (f->sender_reg == NULL ||
                 msg_claim_link(&f->claim, f->sender_reg, f->sender_reg) <= 0))
                msg_fact_set(f, m->sig_ix[SIG_BRAND_CLAIM], 0, 0);
            if (st == MM_OK && !official && !hit)
                st = msg_link_imitation(m, f, x, a, v);
            if (st == MM_OK && claim < 0 && !hit && !f->claim_imitated) {
                f->claim_imitated = true;
                st = add_reason(v, a, "LINK_IMITATES_CLAIM", "phishing", 60,
                                mm_arena_printf(a,
                                                "link to %s carries the name the message "
                                                "claims to be from but is not that name's domain",
                                                x->host),
                                x->start, x->end);
            }
            if (!official)
                sig = SIG_LINK;
            /* a messenger invite (a LINE group, t.me) moves the reader to a
             * chat, official domain or not: the words inside it were dropped
             * with the link's other words */
            if (m && m->sig_chat >= 0 && messenger_link(x, 1))
                msg_fact_set(f, m->sig_chat, x->start, x->end);
            if (x->flags & MM_EXTRACT_SHORTENER && m)
                msg_fact_set(f, m->sig_ix[SIG_SHORTENER], x->start, x->end);
            if (x->flags & MM_EXTRACT_IP_HOST && m)
                msg_fact_set(f, m->sig_ix[SIG_IP_LINK], x->start, x->end);
            if (st == MM_OK && (x->flags & MM_EXTRACT_OBFUSCATED) && !official && obf++ < 3)
                st = add_reason(v, a, "URL_OBFUSCATED", "phishing", 35,
                                mm_arena_printf(a, "link written in disguise: %s", x->value),
                                x->start, x->end);
            if (st == MM_OK && (x->flags & MM_EXTRACT_IP_HOST) && ip++ < 3)
                st = add_reason(v, a, "URL_IP_HOST", "phishing", 35,
                                mm_arena_printf(a, "link to a bare IP address: %s", x->value),
                                x->start, x->end);
            if (st == MM_OK && !official && apk_link(x->value))
                st = add_reason(v, a, "URL_APP_PACKAGE", "phishing", 70,
                                mm_arena_printf(a,
                                                "link downloads an Android app package outside "
                                                "an app store: %s",
                                                x->value),
                                x->start, x->end);
            if (st == MM_OK && (x->flags & MM_EXTRACT_SHORTENER) && shortener++ < 3)
                st = add_reason(
                    v, a, "URL_SHORTENER", NULL, 10,
                    mm_arena_printf(a, "shortened link hides its destination: %s", x->value),
                    x->start, x->end);
                /* The URL detector, when it is loaded, judges the link itself. */
#ifdef HAVE_URL_DETECTOR
            if (st == MM_OK && ctx->url && !hit && (!official || aligned) && urls_judged++ < 8) {
                const mm_reason *ur;
                size_t nur;
                if (judge_url(ctx, f, x->value, a, &ur, &nur))
                    for (size_t k = 0; k < nur && st == MM_OK; k++) {
                        mm_reason r = ur[k];
                        if (strstr(r.code, "_LISTED"))
                            continue; /* looked up above */
                        /* the unknown-URL statistics judge strangers; an
                         * aligned link is the sender's (lookalike and brand
                         * checks still judge the domain itself) */
                        if (aligned && (strcmp(r.code, "URL_RISK_MODEL") == 0 ||
                                        strcmp(r.code, "URL_RISKY_TLD") == 0))
                            continue;
                        /* on the claimed name's domain: the spelling model
                         * has nothing to add (the TLD check stays) */
                        if (claim > 0 && strcmp(r.code, "URL_RISK_MODEL") == 0)
                            continue;
                        /* In a message the risk model's guess from a link's
                         * spelling corroborates what the text and the sender
                         * say; alone it must not flag: most genuine notices
                         * link to small sites the model has never seen
                         * (tests/corpus/ja_benign_links.tsv: 22 of 40 flagged
                         * before this). Look-alike and brand checks keep
                         * their weight. */
                        if (strcmp(r.code, "URL_RISK_MODEL") == 0) {
                            if (model_said)
                                continue;
                            model_said = true;
                            if (r.weight > URL_MODEL_IN_MESSAGE)
                                r.weight = URL_MODEL_IN_MESSAGE;
                        }
                        r.span_start = x->start;
                        r.span_end = x->end;
                        st = mm_verdict_add(v, a, &r);
                    }
            }
#else
            (void)hit;
#endif
            break;
        }
        case MM_KIND_PHONE:
            sig = x->phone_class == MM_PHONE_INTERNATIONAL || x->phone_class == MM_PHONE_INVALID
                      ? SIG_INTL_PHONE
                      : SIG_PHONE;
            if (m)
                msg_fact_set(f, m->sig_ix[SIG_PHONE], x->start, x->end);
            /* a company's published 050 line (official_numbers.tsv) is
             * its switchboard, not a person's phone */
            if (m && (x->phone_class == MM_PHONE_MOBILE || x->phone_class == MM_PHONE_IP_PHONE) &&
                msg_official_number(m, x->value, NULL) == NULL)
                msg_fact_set(f, m->sig_ix[SIG_PERSONAL_PHONE], x->start, x->end);
            if (lookup(ctx, MM_KIND_PHONE, x->value, &h))
                st = add_hit(ctx, "PHONE_LISTED", &h, x->value, x->start, x->end, a, v);
            /* a police station's line is a landline: a foreign, mobile or
             * 050 number ending in 0110 imitates one */
            if (st == MM_OK && x->ends_0110 &&
                (strncmp(x->value, "+81", 3) != 0 || x->phone_class == MM_PHONE_MOBILE ||
                 x->phone_class == MM_PHONE_IP_PHONE) &&
                spoof++ < 3)
                st = add_reason(v, a, "PHONE_POLICE_SPOOF", "police_impersonation", 80,
                                mm_arena_printf(a,
                                                "%s: a foreign, mobile or 050 number ending "
                                                "in 0110 imitates a police station line",
                                                x->value),
                                x->start, x->end);
            /* in a message's text an unassigned number cannot be called
             * back: a typo or a made-up number, no channel to a fraudster
             * (unlike a spoofed caller id, call.c) — weak evidence alone */
            else if (st == MM_OK && x->phone_class == MM_PHONE_INVALID && spoof++ < 3)
                st =
                    add_reason(v, a, "PHONE_SPOOFED", NULL, 30,
                               mm_arena_printf(a, "%s: unassigned country code or range", x->value),
                               x->start, x->end);
            break;
        case MM_KIND_BANK_ACCOUNT:
            sig = SIG_ACCOUNT;
            if (!(x->flags & MM_EXTRACT_PARTIAL) && lookup(ctx, MM_KIND_BANK_ACCOUNT, x->value, &h))
                st = add_hit(ctx, "ACCOUNT_LISTED", &h, x->value, x->start, x->end, a, v);
            break;
        case MM_KIND_CRYPTO_ADDRESS:
            sig = SIG_CRYPTO;
            if (lookup(ctx, MM_KIND_CRYPTO_ADDRESS, x->value, &h))
                st = add_hit(ctx, "CRYPTO_LISTED", &h, x->value, x->start, x->end, a, v);
            break;
        case MM_KIND_SNS_ACCOUNT:
            sig = SIG_SNS_ID;
            if (lookup(ctx, MM_KIND_SNS_ACCOUNT, x->value, &h))
                st = add_hit(ctx, "SNS_LISTED", &h, x->value, x->start, x->end, a, v);
            break;
        case MM_KIND_EMAIL:
            sig = SIG_EMAIL_ADDR;
            if (lookup(ctx, MM_KIND_EMAIL, x->value, &h))
                st = add_hit(ctx, "EMAIL_LISTED", &h, x->value, x->start, x->end, a, v);
            else if (x->host && lookup(ctx, MM_KIND_DOMAIN, x->host, &h))
                st = add_hit(ctx, "DOMAIN_LISTED", &h, x->host, x->start, x->end, a, v);
            break;
        default: break;
        }
        if (sig >= 0 && m)
            msg_fact_set(f, m->sig_ix[sig], x->start, x->end);
    }
    return st;
}

/* Is a brand keyword at [from, to) of the original a claim to BE the brand:
 * inside 【】 / [] / 「」, at the very start, or followed by "です", "より",
 * "から", "カスタマー…", "support", "security", …? */
static bool claims_brand(const char *t, size_t len, uint32_t from, uint32_t to)
{
    size_t lo = from > 60 ? from - 60 : 0;
    for (size_t i = from; i > lo; i--) {
        const char *p = t + i - 1;
        if (*p == ']' || (i >= 3 && memcmp(t + i - 3, "】", 3) == 0) ||
            (i >= 3 && memcmp(t + i - 3, "」", 3) == 0))
            break;
        if (*p == '[' ||
            (i >= 3 && (memcmp(t + i - 3, "【", 3) == 0 || memcmp(t + i - 3, "「", 3) == 0 ||
                        memcmp(t + i - 3, "［", 3) == 0)))
            return true;
    }
    size_t lead = 0;
    while (lead < len && (t[lead] == ' ' || t[lead] == '\n' || t[lead] == '\r'))
        lead++;
    if (from <= lead + 2)
        return true;
    static const char *const after[] = {
        "です",     "より",      "から",         "カスタマー",     "サポート",
        "公式",     "センター",  "事務局",       "配送センター",   "配送係",
        "窓口",     "運営",      "料金センター", "お客様センター", " customer",
        " support", " security", " team",        " notice",        " alert",
        ":",        "："};
    for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
        size_t l = strlen(after[k]);
        if (to + l <= len && strncasecmp(t + to, after[k], l) == 0)
            return true;
    }
    return false;
}

void msg_facts_from_hits(const mm_message_model *m, const msg_hit *hits, size_t n, const char *orig,
                         size_t len, msg_facts *f)
{
    for (size_t i = 0; i < n; i++) {
        const msg_hit *h = &hits[i];
        if (h->id < m->nphrases) {
            const msg_phrase *p = &m->phrases[h->id];
            msg_fact_set(f, p->signal, h->from, h->to);
            if (p->family < 64 && p->weight > f->best_phrase_weight[p->family]) {
                f->best_phrase_weight[p->family] = p->weight;
                f->best_phrase[p->family] = (int)h->id;
                f->phrase_from[p->family] = h->from;
                f->phrase_to[p->family] = h->to;
            }
        } else if (f->brand < 0 && h->id - m->nphrases < m->nkw &&
                   claims_brand(orig, len, h->from, h->to)) {
            f->brand = m->kw_brand[h->id - m->nphrases];
            f->brand_from = h->from;
            f->brand_to = h->to;
            msg_fact_set(f, m->sig_ix[SIG_BRAND_CLAIM], h->from, h->to);
        }
    }
}

/* Phrase and brand hits inside a link ("…/member/login", "verify-…",
 * "amazon-…") are the link's spelling, which the URL detector and the
 * alignment judge; the rules read what the text itself says. A
 * remote-control app's name stays: a link to it ("anydesk dot com") is
 * the ask to install it. Compacts hits in place, returns the new count. */
static size_t drop_hits_in_links(const mm_message_model *m, msg_hit *h, size_t n,
                                 const mm_extracted *xs, size_t nx)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool app = m->sig_remote >= 0 && h[i].id < m->nphrases &&
                   m->phrases[h[i].id].signal == m->sig_remote;
        bool inside = false;
        for (size_t j = 0; j < nx && !inside && !app; j++)
            inside = xs[j].kind == MM_KIND_URL && h[i].from >= xs[j].start &&
                     h[i].from < xs[j].end; /* its end may map past a dropped \r */
        if (!inside)
            h[k++] = h[i];
    }
    return k;
}

/* An English word inside the opening 【…】 tag is part of the sender's
 * name — 【こもれびPay】, 【au PAY】, 【LINE Pay】 — not a request to pay;
 * like a phrase inside a link, it sets nothing. Brand keywords stay (the
 * tag is how a brand is claimed), and so do Japanese phrases (【至急】,
 * 【重要】 are the sender's words). Compacts hits in place. */
static size_t drop_words_in_name_tag(const mm_message_model *m, msg_hit *h, size_t n, const char *t,
                                     size_t len)
{
    size_t i = 0;
    while (i < len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t'))
        i++;
    if (i + 3 > len || memcmp(t + i, "\xE3\x80\x90", 3) != 0) /* 【 */
        return n;
    size_t from = i + 3, to = from;
    while (to + 3 <= len && to < from + 96 && memcmp(t + to, "\xE3\x80\x91", 3) != 0) /* 】 */
        to++;
    if (to + 3 > len || to >= from + 96)
        return n;
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        bool ascii = h[j].id < m->nphrases && h[j].from >= from && h[j].to <= to;
        for (uint32_t b = h[j].from; ascii && b < h[j].to; b++)
            ascii = (unsigned char)t[b] < 0x80;
        if (!ascii)
            h[k++] = h[j];
    }
    return k;
}

/* Is hit i a marker of signal `marker` lying inside a hit of signal
 * `inside`? */
static bool marker_inside(const mm_message_model *m, const msg_hit *h, size_t n, size_t i,
                          int marker, int inside)
{
    if (marker < 0 || inside < 0 || h[i].id >= m->nphrases || m->phrases[h[i].id].signal != marker)
        return false;
    for (size_t j = 0; j < n; j++)
        if (h[j].id < m->nphrases && m->phrases[h[j].id].signal == inside &&
            h[j].from <= h[i].from && h[i].to <= h[j].to)
            return true;
    return false;
}

/* The fraudster's own words that borrow a genuine notice's markers:
 * "ご注意ください" after what will happen to the reader ("凍結されますので
 * ご注意ください", "捜査妨害になりますので…") is a threat, not a warning
 * about fraud; "ことはありません" after what the reader fears ("無駄になる
 * ことはありません", "損することはありません") is a promise, not a genuine
 * "we never …". The warn_marker hits inside a threat_caution hit and the
 * never_marker hits inside a reassurance hit are dropped. */
static size_t drop_borrowed_markers(const mm_message_model *m, msg_hit *h, size_t n)
{
    if (m->sig_threat_caution < 0 && m->sig_reassure < 0)
        return n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!marker_inside(m, h, n, i, m->sig_warn, m->sig_threat_caution) &&
            !marker_inside(m, h, n, i, m->sig_never, m->sig_reassure))
            h[k++] = h[i];
    return k;
}

static void facts_init(msg_facts *f)
{
    memset(f, 0, sizeof *f);
    f->brand = -1;
    for (int i = 0; i < 64; i++)
        f->best_phrase[i] = -1;
}

/* TEXT_CLASSIFIER from the model's probability. */
static mm_status add_classifier(const mm_message_model *m, const mm_text *nt, bool warned,
                                mm_arena *a, mm_verdict *v)
{
    if (m == NULL || m->cls == NULL)
        return MM_OK;
    double p = msg_classify(m->cls, nt->text, nt->len);
    double t = m->cls->threshold;
    if (p < t)
        return MM_OK;
    /* The threshold was calibrated on benign training messages (`mamoru
     * train --fpr`), so at the threshold the classifier alone warns (40); it
     * rises to 65 at certainty, so with any rule it holds. */
    int w = (int)(40.0 + 25.0 * (p - t) / (1.0 - t + 1e-9) + 0.5);
    /* a text that warns about fraud (防犯メール, ニュース) quotes fraud words,
     * and a notice whose every link is the sender's own reads like the
     * notices fraud imitates: the classifier alone must not flag either */
    if (warned && w > 30)
        w = 30;
    mm_reason r = {.code = "TEXT_CLASSIFIER",
                   .detail = mm_arena_printf(a, "text classifier: p(fraud) = %.3f", p),
                   .weight = w};
    return mm_verdict_add(v, a, &r);
}

/* A link into a messenger — a LINE friend or group invite (lin.ee,
 * line.me), Telegram, WhatsApp, Signal, Messenger, Discord — opens a chat
 * with whoever made it. LINE's domains are a brand's own (official, not
 * @link), and a group invite is no profile id, so without this an SMS
 * "月50万円 詳しくはこちら https://lin.ee/…" counted as offering no
 * channel and the classifier was capped on it. */
static bool messenger_link(const mm_extracted *xs, size_t nx)
{
    static const char *const hosts[] = {"lin.ee",     "line.me",      "t.me",      "telegram.me",
                                        "wa.me",      "whatsapp.com", "signal.me", "m.me",
                                        "discord.gg", "discord.com"};
    for (size_t i = 0; i < nx; i++) {
        if (xs[i].kind != MM_KIND_URL || xs[i].host == NULL)
            continue;
        size_t hl = strlen(xs[i].host);
        for (size_t k = 0; k < sizeof hosts / sizeof hosts[0]; k++) {
            size_t l = strlen(hosts[k]);
            if (hl >= l && strcasecmp(xs[i].host + hl - l, hosts[k]) == 0 &&
                (hl == l || xs[i].host[hl - l - 1] == '.'))
                return true;
        }
    }
    return false;
}

/* A byte of a word: an ASCII letter or digit, or any byte of a non-ASCII
 * character. */
static bool word_byte(unsigned char c)
{
    return c >= 0x80 || isalnum(c);
}

/* An ASCII or single curly quotation mark at byte i: "…" toggles
 * (straight double quotes are not apostrophes); a single quote opens after
 * a space, a bracket or the start and before a word ('scan this code'),
 * and closes after a non-space and before no word — the apostrophe of
 * "don't" or "Tom's" is between two word bytes, so it does neither; ‘…’
 * likewise. 1 opens, -1 closes. */
static int ascii_quote_mark(const char *t, size_t len, size_t i, bool open)
{
    if (t[i] == '"')
        return open ? -1 : 1;
    if (msg_starts(t, len, i, "\u2018")) /* ‘ is never an apostrophe */
        return open ? 0 : 1;
    if (msg_starts(t, len, i, "\u2019")) /* ’ closes before no word */
        return open && !(i + 3 < len && word_byte((unsigned char)t[i + 3])) ? -1 : 0;
    if (t[i] != '\'')
        return 0;
    bool before = i > 0 && !isspace((unsigned char)t[i - 1]) && t[i - 1] != '(' &&
                  t[i - 1] != '[' && t[i - 1] != ':';
    bool after = i + 1 < len && word_byte((unsigned char)t[i + 1]);
    if (!open)
        return !before && after ? 1 : 0;
    return before && !after ? -1 : 0;
}

/* Is byte p of t inside a quotation (「…」, 『…』, “…”, "…", '…')? Warnings
 * quote the lure they warn about, in English too. */
static bool quoted_at(const char *t, size_t len, uint32_t p)
{
    int depth = 0;
    bool ascii = false; /* inside an ASCII quotation */
    for (size_t i = 0; i < len && i < p; i++) {
        int q = msg_quote_mark(t, len, i);
        depth += q > 0;
        depth -= depth > 0 && q < 0;
        int aq = ascii_quote_mark(t, len, i, ascii);
        if (aq != 0)
            ascii = aq > 0;
    }
    return depth > 0 || ascii;
}

/* Does the text itself, outside quotations, hand over a channel only a
 * fraudster needs — a link off the official, sender's and claimed
 * domains, a messenger invite, a mobile / 050 / foreign number, an
 * account, a crypto address, a messenger id? A warning about fraud
 * (防犯メール) quotes such channels 「…」 or gives none; a lure that
 * borrows a warning's words ("不正利用防止のため", "ご注意ください") and
 * then links to its own page is not a warning. */
static bool lure_channel_unquoted(const mm_message_model *m, const msg_facts *f,
                                  const mm_extracted *xs, size_t nx, const char *t, size_t len)
{
    for (size_t i = 0; i < nx; i++) {
        const mm_extracted *x = &xs[i];
        if (quoted_at(t, len, x->start))
            continue;
        switch (x->kind) {
        case MM_KIND_URL:
            if (messenger_link(x, 1))
                return true;
            if (official_link(m, x) || msg_link_aligned(f, x->registrable) ||
                ((x->flags & MM_EXTRACT_IP_HOST) == 0 &&
                 msg_claim_link(&f->claim, x->host, x->registrable) > 0))
                continue;
            return true;
        case MM_KIND_PHONE:
            /* an unassigned number (03-0000-…) reaches nobody: no channel */
            if (x->phone_class == MM_PHONE_GEOGRAPHIC || x->phone_class == MM_PHONE_TOLL_FREE ||
                x->phone_class == MM_PHONE_NAVI_DIAL || x->phone_class == MM_PHONE_INVALID)
                continue;
            return true;
        case MM_KIND_BANK_ACCOUNT:
        case MM_KIND_CRYPTO_ADDRESS:
        case MM_KIND_SNS_ACCOUNT: return true;
        default: continue;
        }
    }
    return false;
}

/* Does the phrase going on at byte i (up to 40 characters, to the next
 * 、 or clause end) end in a polite request (…てください, 下さい)? A
 * warning's own requests (ご注意ください, ご相談ください, 無視してください)
 * ask nothing of the kind. */
static bool polite_request_follows(const char *t, size_t len, size_t i)
{
    static const char *const warning_verbs[] = {"注意", "相談", "無視して", "通報", "気をつけて"};
    size_t from = i;
    for (size_t n = 0;
         i < len && n < 40 && !msg_clause_end(t, len, i) && !msg_starts(t, len, i, "、");
         i += msg_char_step(t, len, i), n++) {
        if (!msg_starts(t, len, i, "ください") && !msg_starts(t, len, i, "下さい"))
            continue;
        for (size_t k = 0; k < sizeof warning_verbs / sizeof warning_verbs[0]; k++) {
            size_t l = strlen(warning_verbs[k]);
            if (i >= from + l && memcmp(t + i - l, warning_verbs[k], l) == 0)
                return false;
        }
        return true;
    }
    return false;
}

/* The fraud that borrows a warning's words ("特殊詐欺被害防止のため、職員が
 * キャッシュカードをお預かりに伺います", "不正利用防止のため 090-… へ折り返し")
 * still makes its ask: someone comes for the card, passbook or cash
 * (visit_collect), a code the reader received is asked back (code_demand),
 * a gift card's number or a remote-control app is asked for in a phrase
 * that ends in ください ("不正注文防止のため…裏面の番号をご返信ください"),
 * or the reader is to act through a channel off the
 * organisation (lure_channel_unquoted: a mobile / 050 number, a link off
 * its domains, an account, a messenger). A
 * genuine warning names such asks only inside quotes 「…」 or denies them
 * (…ことはありません, which sets never_marker and keeps the rules off). So
 * an unquoted ask of either kind lifts the warning marker for the rules. */
static bool ask_unquoted(const mm_message_model *m, const msg_facts *f, const char *t, size_t len)
{
    int asks[3] = {m->sig_visit, m->sig_code, m->sig_qr};
    for (int k = 0; k < 3; k++)
        if (asks[k] >= 0 && msg_mask_has(&f->mask, asks[k]) &&
            !quoted_at(t, len, f->sig_from[asks[k]]))
            return true;
    /* a warning tells the gift-card and the remote-control stories too
     * ("カード番号を送ってしまう被害が…", "AnyDesk などを入れさせる手口"):
     * the number or the app is asked only where its phrase ends in
     * ください */
    int polite[2] = {m->sig_emoney_code, m->sig_remote};
    for (int k = 0; k < 2; k++)
        if (polite[k] >= 0 && msg_mask_has(&f->mask, polite[k]) &&
            !quoted_at(t, len, f->sig_from[polite[k]]) &&
            polite_request_follows(t, len, f->sig_to[polite[k]]))
            return true;
    return false;
}

/* In a warning, a link quoted 「…」 is the lure it warns about: the URL
 * risk model's guess at its spelling (capped at 35) says nothing about
 * the warning, and with the capped classifier (30) it summed over the warn
 * line. Listings and look-alike checks of the link stay. */
static void drop_quoted_url_guesses(mm_verdict *v, const char *t, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < v->nreasons; i++) {
        const mm_reason *r = &v->reasons[i];
        if (strcmp(r->code, "URL_RISK_MODEL") == 0 && r->span_end > r->span_start &&
            quoted_at(t, len, r->span_start))
            continue;
        v->reasons[k++] = *r;
    }
    v->nreasons = k;
}

/* A number an organisation publishes — a landline (0 + area code), a
 * free-dial 0120/0800 or a 0570 navi-dial — is answered by a switchboard
 * someone had to rent and register; a lure that routes the reader only
 * there must also say why to call (an unpaid bill, a refund, a crime),
 * and the rules read that. So a Japanese SMS or mail whose only channel
 * is such numbers is treated like one with no channel at all: the
 * classifier alone cannot flag it (genuine notices print their
 * switchboard: "ご不明点は 03-… まで"). Mobile, 050, international,
 * premium and M2M numbers keep the classifier. */
static bool only_published_numbers(const mm_message_model *m, const msg_facts *f,
                                   const mm_extracted *xs, size_t nx, const char *channel,
                                   const char *text, size_t len)
{
    if (m == NULL || !msg_mask_has(&f->mask, m->sig_ix[SIG_PHONE]))
        return false;
    for (size_t i = 0; i < nx; i++)
        if (xs[i].kind == MM_KIND_PHONE && xs[i].phone_class != MM_PHONE_GEOGRAPHIC &&
            xs[i].phone_class != MM_PHONE_TOLL_FREE && xs[i].phone_class != MM_PHONE_NAVI_DIAL)
            return false;
    msg_facts g = *f;
    msg_mask_clear(&g.mask, m->sig_ix[SIG_PHONE]);
    return msg_no_channel(m, &g, channel, text, len) || msg_only_own_channels(m, &g);
}

/* Every channel the text gives is a link on an official domain (brands,
 * go.jp, local governments) or on the claimed name's own: nothing a
 * fraudster could receive money or answers on. Bills, tax and account
 * notices that route the reader only there cannot collect anything
 * (@own_channels); rules about the police, PINs or codes do not read it.
 * Any phone number keeps it off: the fictitious bill's call centre rents
 * landlines, 0570 and 0120 numbers too. */
static bool own_channels_only(const mm_message_model *m, const msg_facts *f)
{
    /* the links and numbers msg_only_own_channels reads, and no messenger */
    return msg_only_own_channels(m, f) &&
           !(m->sig_chat >= 0 && msg_mask_has(&f->mask, m->sig_chat));
}

/* A link judged phishing by the URL detector, or a brand mismatch, says
 * "phishing"; the text rules say which 手口 (delivery_lure, tax, …), and
 * that is what the warning should speak about. So when the heaviest reason
 * is generic phishing, the heaviest 手口-specific text rule names the
 * category instead. */
static void prefer_modus_operandi(mm_verdict *v)
{
    if (strcmp(v->category, "phishing") != 0)
        return;
    const mm_reason *best = NULL;
    for (size_t i = 0; i < v->nreasons; i++) {
        const mm_reason *r = &v->reasons[i];
        if (r->category && strncmp(r->code, "TEXT_", 5) == 0 &&
            strcmp(r->category, "phishing") != 0 && (best == NULL || r->weight > best->weight))
            best = r;
    }
    if (best && best->weight >= 40)
        v->category = best->category;
}

static bool valid_channel(const char *c)
{
    return strcmp(c, "sms") == 0 || strcmp(c, "email") == 0 || strcmp(c, "sns_dm") == 0 ||
           strcmp(c, "app") == 0;
}

mm_status mm_screen_message(const mm_screen_ctx *ctx, const mm_message *msg, mm_arena *a,
                            mm_verdict *out, mm_error *err)
{
    mm_verdict_init(out);
    if (msg == NULL)
        return mm_error_set(err, MM_EINVAL, "message", "no message given");
    if (msg->channel && !valid_channel(msg->channel))
        return mm_error_set(err, MM_EINVAL, "channel",
                            "'%.60s' is not a channel (sms, email, sns_dm, app)", msg->channel);
    if (msg->text == NULL && msg->text_len > 0)
        return mm_error_set(err, MM_EINVAL, "text", "NULL text with length %zu", msg->text_len);
    const char *text = msg->text ? msg->text : "";
    size_t len = msg->text_len;
    mm_status st = mm_utf8_validate(text, len, err);
    if (st != MM_OK)
        return st;
    /* subject + "\n" + text: one normalisation, one scan */
    size_t off = 0;
    const char *buf = text;
    if (msg->subject && msg->subject[0]) {
        size_t sl = strlen(msg->subject);
        if ((st = mm_utf8_validate(msg->subject, sl, err)) != MM_OK) {
            err->field[0] = 0;
            snprintf(err->field, sizeof err->field, "subject");
            return st;
        }
        char *b = mm_arena_alloc(a, sl + 1 + len + 1);
        if (b == NULL)
            return mm_error_set(err, MM_ENOMEM, "text", "out of memory");
        memcpy(b, msg->subject, sl);
        b[sl] = '\n';
        memcpy(b + sl + 1, text, len);
        b[sl + 1 + len] = 0;
        buf = b;
        off = sl + 1;
        len += off;
    }
    mm_text nt;
    /* text and subject were validated above */
    if ((st = mm_norm_text_valid(buf, len, a, &nt, err)) != MM_OK)
        return st;
    const mm_message_model *m = ctx->message;
    msg_facts f;
    facts_init(&f);
    f.sender_reg = msg_sender_registrable(msg, &f, a);
    msg_claim_parse(&f.claim, buf, len, msg->display_name);
    /* an English notice's sender in capitalised words: e-mail only — an
     * SMS spammer's link on its own name is still the spam */
    if (msg->channel && strcmp(msg->channel, "email") == 0)
        msg_claim_parse_latin(&f.claim, buf, len);
    mm_extracted *xs;
    size_t nx;
    if ((st = msg_extract(m, &nt, buf, len, a, &xs, &nx, err)) != MM_OK)
        return st;
    /* the phrases first: the links are judged knowing the brand claimed */
    if (m) {
        msg_hit *hits;
        size_t nh;
        if ((st = msg_scan(m, &nt, a, &hits, &nh, err)) != MM_OK)
            return st;
        nh = drop_hits_in_links(m, hits, nh, xs, nx);
        nh = drop_words_in_name_tag(m, hits, nh, buf, len);
        nh = drop_borrowed_markers(m, hits, nh);
        nh = msg_drop_denied_hits(m, hits, nh, buf, len);
        nh = msg_drop_reported_hits(m, hits, nh, buf, len);
        msg_facts_from_hits(m, hits, nh, buf, len, &f);
        /* a price cut to half or less, written as two prices */
        size_t pf, pt;
        if (m->sig_deep_discount >= 0 && msg_deep_price_cut(nt.text, nt.len, &pf, &pt))
            msg_fact_set(&f, m->sig_deep_discount, nt.offmap[pf], nt.offmap[pt]);
    }
    if ((st = msg_lookup_extracted(ctx, xs, nx, &f, a, out)) != MM_OK)
        goto oom;
    if ((st = msg_sender_check(ctx, msg, &f, a, out)) != MM_OK)
        goto oom;
    bool warned = m && m->sig_warn >= 0 && msg_mask_has(&f.mask, m->sig_warn);
    const char *chan = msg->channel ? msg->channel : "sms";
    bool lure = warned && lure_channel_unquoted(m, &f, xs, nx, buf, len);
    bool warning = warned && !lure;
    /* a warning's words do not cancel a concrete ask made outside quotes */
    if (lure || (warned && ask_unquoted(m, &f, buf, len)))
        msg_mask_clear(&f.mask, m->sig_warn);
    if (m && own_channels_only(m, &f))
        msg_fact_set(&f, m->sig_ix[SIG_OWN_CHANNELS], 0, 0);
    /* A brand's SMS, app notice or DM links to the brand's own domains:
     * there is no mail provider's tracking host in between, as there is in
     * its newsletters. Claimed in the brand's name (【ヤマト運輸】, "PayPay
     *銀行:") with a link off every known domain is the smishing itself,
     * whatever the words around it say (ご確認ください is enough). */
    if (m && f.brand >= 0 && f.foreign_links > 0 && strcmp(chan, "email") != 0)
        msg_fact_set(&f, m->sig_ix[SIG_BRAND_OFF_LINK], f.brand_from, f.brand_to);
    if (m && (st = msg_rules_apply(m, &f, 1, a, out)) != MM_OK)
        goto oom;
    if (warning)
        drop_quoted_url_guesses(out, buf, len);
    bool cap = warning || msg_outside_classifier_languages(buf, len) ||
               (!messenger_link(xs, nx) &&
                (msg_only_own_channels(m, &f) || msg_no_channel(m, &f, chan, buf, len) ||
                 msg_only_offline(m, &f) || only_published_numbers(m, &f, xs, nx, chan, buf, len)));
    if ((st = add_classifier(m, &nt, cap, a, out)) != MM_OK)
        goto oom;
    /* spans index msg->text: shift, and empty those on the subject */
    if (off)
        for (size_t i = 0; i < out->nreasons; i++) {
            mm_reason *r = &out->reasons[i];
            if (r->span_end == 0)
                continue;
            if (r->span_start < off) {
                r->span_start = r->span_end = 0;
            } else {
                r->span_start -= (uint32_t)off;
                r->span_end -= (uint32_t)off;
            }
        }
    mm_verdict_finish(out, &ctx->thresholds);
    prefer_modus_operandi(out);
    if (out->action != MM_VERDICT_ALLOW && strcmp(out->category, "none") == 0)
        out->category = "suspicious";
    mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
oom:
    return mm_error_set(err, MM_ENOMEM, "text", "out of memory");
}

mm_status mm_message_classify(const mm_message_model *m, const char *text, size_t len, mm_arena *a,
                              double *p, mm_error *err)
{
    if (m == NULL || m->cls == NULL)
        return mm_error_set(err, MM_ENOTFOUND, "message_model", "no classifier loaded");
    mm_text nt;
    mm_status st = mm_norm_text(text, len, a, &nt, err);
    if (st != MM_OK)
        return st;
    *p = msg_classify(m->cls, nt.text, nt.len);
    return MM_OK;
}
