/*
 * email_links.c — links whose visible text shows one site while the href
 * goes to another ("https://www.bank.example/" displayed, href to
 * bank-login.test): the reader checks the text, the browser follows the
 * href, and no honest sender needs the two to disagree.
 *
 * Sites are compared by registrable domain (eTLD+1 via mm_norm_url /
 * mm_norm_domain), so an honest click-tracking host of the same company
 * (click.bank.example) does not count, and neither does visible text that
 * names no site ("こちら", "詳しくはこちら", a file name). The check is
 * pure; the reason it adds goes into the message verdict next to the
 * message screener's own.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mamoru/email.h"
#include "mamoru/norm.h"

/* Last labels that are file extensions far more often than domains. */
static const char *const FILE_EXT[] = {"pdf",  "html", "htm", "php", "asp",  "aspx", "jsp",  "jpg",
                                       "jpeg", "png",  "gif", "doc", "docx", "xls",  "xlsx", "ppt",
                                       "pptx", "txt",  "csv", "exe", "js",   "css",  "cgi",  NULL};

static bool host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c >= 0x80;
}

/* Find the first token in text that names a site: a URL with a scheme,
 * a "www." name, or a bare domain whose last label is alphabetic and not
 * a file extension. Returns an arena copy of the token or NULL. */
static char *site_token(const char *text, mm_arena *a)
{
    /* a URL anywhere (also right after Japanese brackets: "（https://…）") */
    for (const char *u = text; (u = strcasestr(u, "http")) != NULL; u += 4) {
        size_t sl = strncasecmp(u, "https://", 8) == 0  ? 8
                    : strncasecmp(u, "http://", 7) == 0 ? 7
                                                        : 0;
        if (sl == 0)
            continue;
        size_t n = sl;
        while (u[n] > 0x20 && (unsigned char)u[n] < 0x7F && !strchr("\"'<>()[]{}", u[n]))
            n++;
        while (n > sl && strchr(".,;:!?", u[n - 1]))
            n--;
        if (n > sl)
            return mm_arena_strndup(a, u, n);
    }
    const char *p = text;
    static const char SEP[] = " \t()[]<>\"'";
    while (*p) {
        while (*p && strchr(SEP, *p))
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && !strchr(SEP, *p))
            p++;
        size_t n = (size_t)(p - s);
        /* trim sentence punctuation */
        while (n > 0 && strchr(".,;:!?", s[n - 1]))
            n--;
        if (n < 4)
            continue;
        if (memchr(s, '@', n)) /* an e-mail address is not a site claim */
            continue;
        if (memmem(s, n, "://", 3)) /* another scheme (http ones were found above) */
            continue;
        /* full-width brackets and punctuation around a bare domain */
        static const char *const FW[] = {"（", "）", "「", "」", "『", "』", "【",
                                         "】", "＜", "＞", "、", "。", NULL};
        for (bool again = true; again && n >= 3;) {
            again = false;
            for (const char *const *w = FW; *w; w++) {
                if (n >= 3 && memcmp(s, *w, 3) == 0)
                    s += 3, n -= 3, again = true;
                if (n >= 3 && memcmp(s + n - 3, *w, 3) == 0)
                    n -= 3, again = true;
            }
        }
        if (n < 4)
            continue;
        /* host part: up to '/', must be host characters with a dot */
        size_t hl = 0;
        while (hl < n && s[hl] != '/' && s[hl] != '?' && s[hl] != '#')
            hl++;
        bool ok = hl > 3 && memchr(s, '.', hl) != NULL;
        for (size_t k = 0; ok && k < hl; k++)
            ok = host_char((unsigned char)s[k]);
        if (!ok || s[0] == '.' || s[hl - 1] == '.')
            continue;
        const char *last = s + hl;
        while (last > s && last[-1] != '.')
            last--;
        size_t ll = (size_t)(s + hl - last);
        bool alpha = ll >= 2;
        for (size_t k = 0; alpha && k < ll; k++)
            alpha = ((last[k] | 0x20) >= 'a' && (last[k] | 0x20) <= 'z') ||
                    (unsigned char)last[k] >= 0x80;
        if (!alpha)
            continue;
        bool www = hl > 4 && strncasecmp(s, "www.", 4) == 0;
        bool ext = false;
        for (const char *const *e = FILE_EXT; *e && !www; e++)
            if (strlen(*e) == ll && strncasecmp(last, *e, ll) == 0)
                ext = true;
        if (ext)
            continue;
        return mm_arena_strndup(a, s, n);
    }
    return NULL;
}

/* Registrable domain of a URL-ish string (or its host when it is an IP
 * or has no registrable part); NULL when it is not a web URL. */
static const char *site_of(const char *u, mm_arena *a)
{
    mm_url url;
    mm_error e;
    if (mm_norm_url(u, a, &url, &e) != MM_OK)
        return NULL;
    if (strcmp(url.scheme, "http") != 0 && strcmp(url.scheme, "https") != 0)
        return NULL;
    if (url.host_is_ip)
        return url.host;
    mm_domain d;
    if (mm_norm_domain(url.host, a, &d, &e) != MM_OK)
        return NULL;
    return d.registrable ? d.registrable : d.ascii;
}

bool mm_email_link_mismatch(const mm_link *l, mm_arena *a, const char **shown, const char **actual)
{
    if (l == NULL || l->href == NULL || l->text == NULL)
        return false;
    /* only web links: mailto:, tel:, #anchors and cid: are not followed to a site */
    const char *h = l->href;
    const char *colon = strchr(h, ':');
    if (colon == NULL || !((colon - h == 4 && strncasecmp(h, "http", 4) == 0) ||
                           (colon - h == 5 && strncasecmp(h, "https", 5) == 0)))
        return false;
    char *tok = site_token(l->text, a);
    if (tok == NULL)
        return false;
    const char *s = site_of(tok, a);
    const char *t = site_of(h, a);
    if (s == NULL || t == NULL || strcmp(s, t) == 0)
        return false;
    if (shown)
        *shown = s;
    if (actual)
        *actual = t;
    return true;
}

mm_status mm_email_add_link_reasons(const mm_email_msg *m, mm_arena *a, mm_verdict *v)
{
    const char *seen_s[5], *seen_t[5];
    size_t nseen = 0;
    for (size_t i = 0; i < m->nlinks && nseen < 5; i++) {
        const char *s, *t;
        if (!mm_email_link_mismatch(&m->links[i], a, &s, &t))
            continue;
        bool dup = false;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = strcmp(seen_s[k], s) == 0 && strcmp(seen_t[k], t) == 0;
        /* the message screener may have flagged the same link already
         * (LINK_TEXT_MISMATCH): one piece of evidence must count once */
        for (size_t k = 0; k < v->nreasons && !dup; k++) {
            const mm_reason *r = &v->reasons[k];
            dup = r->code && r->detail &&
                  (strcmp(r->code, "LINK_TEXT_MISMATCH") == 0 ||
                   strcmp(r->code, "EMAIL_LINK_MISMATCH") == 0) &&
                  strstr(r->detail, s) != NULL && strstr(r->detail, t) != NULL;
        }
        if (dup)
            continue;
        seen_s[nseen] = s;
        seen_t[nseen++] = t;
        mm_reason r = {
            .code = "EMAIL_LINK_MISMATCH",
            .category = "phishing",
            .detail = mm_arena_printf(a, "link text shows %s but the link goes to %s", s, t),
            .weight = MM_EMAIL_LINK_MISMATCH_WEIGHT,
        };
        if (r.detail == NULL)
            return MM_ENOMEM;
        mm_status st = mm_verdict_add(v, a, &r);
        if (st != MM_OK)
            return st;
    }
    return MM_OK;
}
