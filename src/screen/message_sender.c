/*
 * message_sender.c — who sent the message, and does that fit who it claims
 * to be?
 *
 * A brand's own SMS comes from its registered sender, not from a private
 * mobile or a foreign number; its e-mail comes from one of its registrable
 * domains (data/brands.tsv) and passes DMARC there. Fraud has to claim the
 * brand (【佐川急便】, a display name "Amazon.co.jp") but cannot send from
 * the brand's infrastructure — so the claim plus the wrong origin is strong
 * evidence regardless of wording. Links whose visible text names one
 * domain while the href goes elsewhere are the HTML form of the same lie.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "screen/message_internal.h"

bool msg_brand_owns(const msg_brand *b, const char *registrable)
{
    if (registrable == NULL)
        return false;
    for (size_t i = 0; i < b->ndomains; i++) {
        const char *d = b->domains[i];
        size_t l = strlen(d);
        if (l > 2 && d[l - 1] == '*' && d[l - 2] == '.') {
            if (strncmp(registrable, d, l - 1) == 0)
                return true; /* "amazon.*" */
        } else if (strcmp(registrable, d) == 0) {
            return true;
        }
    }
    return false;
}

int msg_brand_of_domain(const mm_message_model *m, const char *registrable)
{
    if (m && registrable && m->brand_ix.nbrands == m->nbrands && m->nbrands > 0)
        return msg_brand_index_lookup(&m->brand_ix, registrable);
    for (size_t i = 0; m && i < m->nbrands; i++)
        if (msg_brand_owns(&m->brands[i], registrable))
            return (int)i;
    return -1;
}

/* ---- Authentication-Results ------------------------------------------------- */

typedef enum auth_res { AUTH_ABSENT = 0, AUTH_PASS, AUTH_FAIL, AUTH_SOFTFAIL, AUTH_OTHER } auth_res;

/* The result of method ("dmarc", "spf", "dkim") in the header value(s):
 * any pass wins (several DKIM signatures), else fail, else the rest. */
static auth_res auth_result(const char *ar, const char *method)
{
    auth_res best = AUTH_ABSENT;
    size_t ml = strlen(method);
    for (const char *p = ar; (p = strcasestr(p, method)) != NULL; p += ml) {
        if (p > ar && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '-'))
            continue;
        const char *q = p + ml;
        while (*q == ' ')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ')
            q++;
        auth_res r = strncasecmp(q, "pass", 4) == 0       ? AUTH_PASS
                     : strncasecmp(q, "softfail", 8) == 0 ? AUTH_SOFTFAIL
                     : strncasecmp(q, "fail", 4) == 0     ? AUTH_FAIL
                                                          : AUTH_OTHER;
        if (r == AUTH_PASS)
            return AUTH_PASS;
        if (best == AUTH_ABSENT || (r == AUTH_FAIL && best != AUTH_FAIL) ||
            (r == AUTH_SOFTFAIL && best == AUTH_OTHER))
            best = r;
    }
    return best;
}

/* ---- alignment of links with the sender ------------------------------------ */

/* msg->sender normalised as an e-mail address (kept in f: the alignment
 * and the sender checks both need it), or NULL when it is not one. */
static const mm_email *sender_email(const mm_message *msg, msg_facts *f, mm_arena *a)
{
    if (f->sender_em_state == 0)
        f->sender_em_state =
            msg->sender && mm_norm_email(msg->sender, a, &f->sender_em, NULL) == MM_OK ? 1 : -1;
    return f->sender_em_state > 0 ? &f->sender_em : NULL;
}

const char *msg_sender_registrable(const mm_message *msg, msg_facts *f, mm_arena *a)
{
    if (msg->channel == NULL || strcmp(msg->channel, "email") != 0 || msg->sender == NULL)
        return NULL;
    const mm_email *e = sender_email(msg, f, a);
    if (e == NULL || e->registrable == NULL)
        return NULL;
    mm_email em = *e;
    /* a From that fails DMARC is forged: nothing can be aligned with it */
    if (msg->auth_results && auth_result(msg->auth_results, "dmarc") == AUTH_FAIL)
        return NULL;
    return em.registrable;
}

bool msg_link_aligned(const msg_facts *f, const char *reg)
{
    return f->sender_reg && reg && strcmp(f->sender_reg, reg) == 0;
}

/* Words any organisation puts in a domain name ("mail", "secure", "bank"):
 * sharing one says nothing about who owns a domain. What is left of a
 * sender's domain name ("aoba", "hayabusa", "kyubin") is its name. */
static bool generic_token(const char *t, size_t n)
{
    static const char *const g[] = {
        "mail",    "email",   "info",     "news",    "notice",  "notify",  "secure",  "security",
        "login",   "signin",  "account",  "accounts", "support", "service", "services", "center",
        "centre",  "online",  "official", "verify",  "update",  "help",    "member",  "members",
        "customer", "bank",   "card",     "cards",   "credit",  "pay",     "payment", "shop",
        "store",   "mobile",  "home",     "group",   "global",  "japan",   "corp",    "post",
        "auth",    "portal",  "apps",     "cloud",   "system",  "direct",  "express", "market",
        "finance", "net",     "web",      "www",     "smtp",    "example", "test",    "check",
        "safe",    "confirm", "station",  "office",  "contact", "reply",   "noreply", "server"};
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
        if (strlen(g[i]) == n && strncasecmp(t, g[i], n) == 0)
            return true;
    return false;
}

mm_status msg_link_imitation(const mm_message_model *m, msg_facts *f, const mm_extracted *x,
                             mm_arena *a, mm_verdict *v)
{
    if (f->sender_imitated || f->sender_reg == NULL || x->host == NULL || x->registrable == NULL ||
        msg_link_aligned(f, x->registrable) || (x->flags & MM_EXTRACT_IP_HOST))
        return MM_OK;
    /* a known brand's own domains are checked against the brand list */
    if (m && msg_brand_of_domain(m, x->registrable) >= 0 &&
        msg_brand_of_domain(m, x->registrable) == msg_brand_of_domain(m, f->sender_reg))
        return MM_OK;
    const char *s = f->sender_reg;
    const char *end = strchr(s, '.'); /* the name left of the public suffix */
    if (end == NULL)
        return MM_OK;
    for (const char *p = s; p < end;) {
        const char *q = p;
        while (q < end && *q != '-' && *q != '_')
            q++;
        size_t n = (size_t)(q - p);
        if (n >= 4 && !generic_token(p, n)) {
            char *tok = mm_arena_strndup(a, p, n);
            if (tok && strcasestr(x->host, tok)) {
                f->sender_imitated = true;
                mm_reason r = {.code = "LINK_IMITATES_SENDER",
                               .category = "phishing",
                               .detail = mm_arena_printf(a,
                                                         "link to %s carries the name of the "
                                                         "sender's domain %s but is not on it",
                                                         x->host, f->sender_reg),
                               .weight = 60,
                               .span_start = x->start,
                               .span_end = x->end};
                return mm_verdict_add(v, a, &r);
            }
        }
        p = q < end ? q + 1 : q;
    }
    return MM_OK;
}

/* ---- helpers ------------------------------------------------------------ */

static mm_status add(mm_verdict *v, mm_arena *a, const char *code, const char *cat, int w,
                     const char *detail, const char *brand, uint32_t s, uint32_t e)
{
    mm_reason r = {.code = code,
                   .category = cat,
                   .detail = detail,
                   .weight = w,
                   .span_start = s,
                   .span_end = e,
                   .brand = brand};
    return mm_verdict_add(v, a, &r);
}

/* First brand named in s (a display name, a link text), or -1. */
static int brand_in(const mm_message_model *m, const char *s, mm_arena *a)
{
    if (m == NULL || s == NULL || s[0] == 0)
        return -1;
    mm_text t;
    if (mm_norm_text(s, strlen(s), a, &t, NULL) != MM_OK)
        return -1;
    msg_hit *hits;
    size_t n;
    if (msg_scan(m, &t, a, &hits, &n, NULL) != MM_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (hits[i].id >= m->nphrases && hits[i].id - m->nphrases < m->nkw)
            return m->kw_brand[hits[i].id - m->nphrases];
    return -1;
}

/* Registrable domain shown in a link's visible text, or NULL. */
static const char *shown_domain(const char *text, mm_arena *a)
{
    if (text == NULL)
        return NULL;
    char *t;
    if (mm_norm_nfkc(text, strlen(text), a, &t, NULL) != MM_OK)
        return NULL;
    for (char *p = t; *p; p++) {
        if (!isalnum((unsigned char)*p))
            continue;
        char *q = p;
        while (isalnum((unsigned char)*q) || *q == '-' || *q == '.' || *q == ':' || *q == '/')
            q++;
        size_t n = (size_t)(q - p);
        char *tok = mm_arena_strndup(a, p, n);
        p = q - 1;
        if (tok == NULL || strchr(tok, '.') == NULL)
            continue;
        const char *h = strstr(tok, "://") ? strstr(tok, "://") + 3 : tok;
        char *host = mm_arena_strdup(a, h);
        char *slash = host ? strpbrk(host, "/:") : NULL;
        if (slash)
            *slash = 0;
        size_t hl = host ? strlen(host) : 0;
        while (hl && host[hl - 1] == '.')
            host[--hl] = 0;
        const char *dot = host ? strrchr(host, '.') : NULL;
        if (dot == NULL || !isalpha((unsigned char)dot[1]) || strlen(dot + 1) < 2)
            continue;
        mm_domain d;
        if (mm_norm_domain(host, a, &d, NULL) == MM_OK && d.registrable)
            return d.registrable;
    }
    return NULL;
}

static bool looks_like_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (!strchr("+-() .", *p))
            return false;
    }
    return digits >= 3;
}

/* ---- the checks -------------------------------------------------------------- */

static mm_status check_sms(const mm_screen_ctx *ctx, const mm_message *msg, msg_facts *f,
                           mm_arena *a, mm_verdict *v)
{
    const mm_message_model *m = ctx->message;
    if (msg->sender == NULL || !looks_like_phone(msg->sender))
        return MM_OK;
    mm_phone ph;
    if (mm_norm_phone(msg->sender, &ph, NULL) != MM_OK)
        return MM_OK;
    mm_status st = MM_OK;
    mm_hit h;
    if (ctx->snap && mm_snapshot_lookup(ctx->snap, MM_KIND_PHONE, ph.e164, strlen(ph.e164), &h)) {
        int w = msg_hit_weight(&h);
        if (w > 0) {
            const char *cat = mm_snapshot_category_name(ctx->snap, h.category);
            mm_reason r = {.code = "SENDER_LISTED",
                           .category = cat && cat[0] ? cat : NULL,
                           .detail = mm_arena_printf(a, "sender %s is listed", ph.e164),
                           .weight = w,
                           .indicator_id = h.id};
            st = mm_verdict_add(v, a, &r);
        }
    }
    bool intl = ph.cls == MM_PHONE_INTERNATIONAL || ph.cls == MM_PHONE_INVALID;
    bool personal = ph.cls == MM_PHONE_MOBILE || ph.cls == MM_PHONE_IP_PHONE;
    if (m) {
        if (intl)
            msg_fact_set(f, m->sig_ix[SIG_SENDER_INTL], 0, 0);
        if (personal)
            msg_fact_set(f, m->sig_ix[SIG_SENDER_MOBILE], 0, 0);
    }
    /* A person's SMS that only mentions a brand ("メルカリで買った本、明日
     * 届くって") is no claim to be it: the text must speak in the brand's
     * name (【Amazon】, "…です", the claim parser's organisation) or give
     * a way to act (a link, a number, an account, an id, a reply asked). */
    if (st == MM_OK && m && f->brand >= 0 && (intl || personal) &&
        (f->claim.nname > 0 || !msg_no_channel(m, f, "sms", msg->text, msg->text_len))) {
        const char *b = m->brands[f->brand].name;
        msg_fact_set(f, m->sig_ix[SIG_SENDER_MISMATCH], f->brand_from, f->brand_to);
        st = add(v, a, "SENDER_BRAND_MISMATCH", "phishing", intl ? 50 : 45,
                 mm_arena_printf(a, "claims to be %s but was sent from a %s number %s", b,
                                 intl ? "foreign" : mm_phone_class_name(ph.cls), ph.e164),
                 b, f->brand_from, f->brand_to);
    }
    return st;
}

static mm_status check_email(const mm_screen_ctx *ctx, const mm_message *msg, msg_facts *f,
                             mm_arena *a, mm_verdict *v)
{
    const mm_message_model *m = ctx->message;
    mm_status st = MM_OK;
    const char *from_reg = NULL, *from_dom = NULL;
    const mm_email *fe = sender_email(msg, f, a);
    mm_email em;
    if (fe != NULL) {
        em = *fe;
        from_reg = em.registrable ? em.registrable : em.domain;
        from_dom = em.domain;
        mm_hit h;
        if (ctx->snap &&
            (mm_snapshot_lookup(ctx->snap, MM_KIND_EMAIL, em.canonical, strlen(em.canonical), &h) ||
             mm_snapshot_lookup(ctx->snap, MM_KIND_DOMAIN, em.domain, strlen(em.domain), &h) ||
             (from_reg &&
              mm_snapshot_lookup(ctx->snap, MM_KIND_DOMAIN, from_reg, strlen(from_reg), &h)))) {
            int w = msg_hit_weight(&h);
            const char *cat = mm_snapshot_category_name(ctx->snap, h.category);
            mm_reason r = {.code = "SENDER_LISTED",
                           .category = cat && cat[0] ? cat : "phishing",
                           .detail = mm_arena_printf(a, "sender %s is listed", em.canonical),
                           .weight = w,
                           .indicator_id = h.id};
            if (w > 0)
                st = mm_verdict_add(v, a, &r);
        }
    }
    /* display name (or, weaker, a bracketed claim in the text) vs domain */
    int dn = brand_in(m, msg->display_name, a);
    int claimed = dn >= 0 ? dn : f->brand;
    if (st == MM_OK && m && claimed >= 0 && from_reg &&
        !msg_brand_owns(&m->brands[claimed], from_reg)) {
        const char *b = m->brands[claimed].name;
        msg_fact_set(f, m->sig_ix[SIG_SENDER_MISMATCH], dn >= 0 ? 0 : f->brand_from,
                     dn >= 0 ? 0 : f->brand_to);
        if (dn >= 0)
            msg_fact_set(f, m->sig_ix[SIG_BRAND_CLAIM], 0, 0);
        st = add(v, a, "SENDER_BRAND_MISMATCH", "phishing", dn >= 0 ? 55 : 40,
                 mm_arena_printf(a, "%s claims to be %s but comes from %s",
                                 dn >= 0 ? "display name" : "text", b, from_dom),
                 b, dn >= 0 ? 0 : f->brand_from, dn >= 0 ? 0 : f->brand_to);
    }
    /* sender authentication, for mail that says it is from a brand's domain */
    if (st == MM_OK && msg->auth_results && msg->auth_results[0]) {
        auth_res dmarc = auth_result(msg->auth_results, "dmarc");
        auth_res spf = auth_result(msg->auth_results, "spf");
        auth_res dkim = auth_result(msg->auth_results, "dkim");
        int fb = from_reg ? msg_brand_of_domain(m, from_reg) : -1;
        const char *b = fb >= 0 ? m->brands[fb].name : NULL;
        if (dmarc == AUTH_FAIL)
            st = add(v, a, "AUTH_DMARC_FAIL", fb >= 0 ? "phishing" : NULL, fb >= 0 ? 75 : 20,
                     mm_arena_printf(a, "DMARC fails for %s%s%s", from_dom ? from_dom : "?",
                                     b ? ", a domain of " : "", b ? b : ""),
                     b, 0, 0);
        else if (dmarc != AUTH_PASS && (spf == AUTH_FAIL || spf == AUTH_SOFTFAIL) &&
                 dkim != AUTH_PASS)
            st = add(v, a, "AUTH_SPF_FAIL", fb >= 0 ? "phishing" : NULL, fb >= 0 ? 55 : 15,
                     mm_arena_printf(a, "SPF %s and no valid DKIM for %s",
                                     spf == AUTH_FAIL ? "fails" : "soft-fails",
                                     from_dom ? from_dom : "?"),
                     b, 0, 0);
    }
    return st;
}

/* HTML links: visible domain vs href, and the hrefs as extracted URLs. */
static mm_status check_links(const mm_screen_ctx *ctx, const mm_message *msg, msg_facts *f,
                             mm_arena *a, mm_verdict *v)
{
    if (msg->links == NULL || msg->nlinks == 0)
        return MM_OK;
    const mm_message_model *m = ctx->message;
    mm_extracted *xs = mm_arena_calloc(a, msg->nlinks, sizeof *xs);
    if (xs == NULL)
        return MM_ENOMEM;
    size_t nx = 0;
    mm_status st = MM_OK;
    int mismatches = 0;
    for (size_t i = 0; i < msg->nlinks && st == MM_OK; i++) {
        const mm_link *l = &msg->links[i];
        mm_url u;
        if (l->href == NULL || mm_norm_url(l->href, a, &u, NULL) != MM_OK || u.host == NULL)
            continue;
        if (strcmp(u.scheme, "http") != 0 && strcmp(u.scheme, "https") != 0)
            continue;
        mm_extracted *x = &xs[nx++];
        x->kind = MM_KIND_URL;
        x->value = u.canonical;
        x->host = u.host;
        mm_domain d;
        if (u.host_is_ip)
            x->flags |= MM_EXTRACT_IP_HOST;
        else if (mm_norm_domain(u.host, a, &d, NULL) == MM_OK)
            x->registrable = d.registrable ? d.registrable : d.ascii;
        if (msg_is_shortener(m, u.host))
            x->flags |= MM_EXTRACT_SHORTENER;
        const char *shown = shown_domain(l->text, a);
        if (shown && x->registrable && strcmp(shown, x->registrable) != 0 && mismatches < 3) {
            mismatches++;
            int b = msg_brand_of_domain(m, shown);
            st = add(v, a, "LINK_TEXT_MISMATCH", "phishing", b >= 0 ? 65 : 50,
                     mm_arena_printf(a, "link shows %s but goes to %s", shown, x->registrable),
                     b >= 0 ? m->brands[b].name : NULL, 0, 0);
        }
    }
    if (st == MM_OK)
        st = msg_lookup_extracted(ctx, xs, nx, f, a, v);
    return st;
}

mm_status msg_sender_check(const mm_screen_ctx *ctx, const mm_message *msg, msg_facts *f,
                           mm_arena *a, mm_verdict *v)
{
    const char *ch = msg->channel ? msg->channel : "sms";
    mm_status st = MM_OK;
    if (strcmp(ch, "sms") == 0) {
        st = check_sms(ctx, msg, f, a, v);
    } else if (strcmp(ch, "email") == 0) {
        st = check_email(ctx, msg, f, a, v);
    } else if (msg->sender && msg->sender[0] && ctx->snap) {
        /* SNS / app: the sender is a platform account id */
        char *canon;
        mm_hit h;
        if (mm_norm_sns_account(msg->sender, a, &canon, NULL) == MM_OK &&
            mm_snapshot_lookup(ctx->snap, MM_KIND_SNS_ACCOUNT, canon, strlen(canon), &h)) {
            const char *cat = mm_snapshot_category_name(ctx->snap, h.category);
            mm_reason r = {.code = "SENDER_LISTED",
                           .category = cat && cat[0] ? cat : NULL,
                           .detail = mm_arena_printf(a, "sender %s is listed", canon),
                           .weight = msg_hit_weight(&h),
                           .indicator_id = h.id};
            if (r.weight > 0)
                st = mm_verdict_add(v, a, &r);
        }
    }
    if (st == MM_OK)
        st = check_links(ctx, msg, f, a, v);
    return st;
}
