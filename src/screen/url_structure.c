/*
 * url_structure.c — what the shape of a URL says, whoever it imitates:
 * a raw IP host, an unusual port, a free-hosting / dynamic-DNS / shortener
 * host, a TLD over-represented in abuse reports, a punycode host.
 *
 * Why low weights: each of these is common on legitimate sites too (github.io
 * pages, bit.ly links, .xyz start-ups), so none reaches the warn threshold on
 * its own; they add up with each other, with look-alike reasons and with the
 * risk model (which also sees them as features), which is where they help.
 * Suffix classes come from data/url_suffixes.tsv.
 *
 * One structural sign is strong: a public suffix worn inside the subdomain
 * (kyufukin.soumu.go.jp.xcpbss.asia, 1aeno.co.jp.example.com). A reader
 * stops at ".go.jp" or ".co.jp" and takes it for the end of the name; the
 * owner of the real registrable domain on the right chose to put it there.
 * Organisations name their hosts under their own domain, so no genuine
 * link needs it (7.7 % of the JPCERT/CC phishing hosts do).
 */
#include <stdio.h>
#include <string.h>

#include "screen/url_internal.h"

static mm_status add(mm_verdict *v, mm_arena *a, const char *code, int w, const char *detail)
{
    if (detail == NULL)
        return MM_ENOMEM;
    mm_reason r = {.code = code, .category = "phishing", .detail = detail, .weight = w};
    return mm_verdict_add(v, a, &r);
}

/* Would a reader take s (a tail of the subdomain) for the end of a host
 * name? A suffix of several labels ("co.jp", "go.jp", "com.cn"), a
 * two-letter country code, or one of the oldest generic names. A single
 * newer generic name ("plus", "info", "link") is an ordinary word. */
static bool reads_as_suffix(const char *s)
{
    size_t n = strlen(s);
    bool multi = strchr(s, '.') != NULL;
    if (!multi && n != 2 && strcmp(s, "com") != 0 && strcmp(s, "net") != 0 &&
        strcmp(s, "org") != 0 && strcmp(s, "gov") != 0 && strcmp(s, "edu") != 0)
        return false;
    return mm_norm_suffix_is_icann(s);
}

/* The public suffix the subdomain wears, with at least one label before it
 * (the name it dresses up as), longest first, copied into buf; NULL when
 * none. "co.jp-login.example" counts too: a hyphen right after the worn
 * suffix's first part ("amazon.co" + "jp-login") makes "co.jp". */
static const char *worn_suffix(const url_parts *p, char *buf, size_t cap)
{
    if (p->reg == NULL || p->sub_len == 0 || p->sub_len + 1 + p->label_len >= cap)
        return NULL;
    /* a name under no real top-level domain is no host a reader would
     * visit: the extractor's guess across a full stop ("co.uk. Customer").
     * The names RFC 2606 reserves for examples stand in for real ones. */
    const char *tld = strrchr(p->host, '.');
    if (tld == NULL || (!mm_norm_suffix_is_icann(tld + 1) && strcmp(tld, ".test") != 0 &&
                        strcmp(tld, ".example") != 0))
        return NULL;
    size_t n = p->sub_len;
    memcpy(buf, p->host, n);
    buf[n] = '\0';
    const char *last = memrchr(buf, '.', n);
    /* "amazon.co" + "jp-login": the last subdomain label and the label's
     * part before its first hyphen, read as one suffix of two labels ("a
     * hyphen glued to a lone TLD", www.jp-bank.example, is not one) */
    const char *hy = memchr(p->label, '-', p->label_len);
    if (last && hy && hy > p->label) {
        size_t k = (size_t)(hy - p->label);
        buf[n] = '.';
        memcpy(buf + n + 1, p->label, k);
        buf[n + 1 + k] = '\0';
        if (reads_as_suffix(last + 1))
            return last + 1;
        buf[n] = '\0';
    }
    for (const char *d = strchr(buf, '.'); d; d = strchr(d + 1, '.'))
        if (reads_as_suffix(d + 1))
            return d + 1;
    return NULL;
}

mm_status url_structure_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                                mm_verdict *v)
{
    mm_status st = MM_OK;
    if (p->u.host_is_ip)
        st = add(v, a, "URL_IP_HOST", 35,
                 mm_arena_printf(a, "the host is a bare IP address (%s), not a name", p->host));
    int port = p->u.port;
    bool std = port == 0 || (port == 80 && strcmp(p->u.scheme, "http") == 0) ||
               (port == 443 && strcmp(p->u.scheme, "https") == 0);
    if (st == MM_OK && !std)
        st = add(v, a, "URL_UNUSUAL_PORT", 20,
                 mm_arena_printf(a, "non-standard port %d for %s", port, p->u.scheme));
    if (st != MM_OK || p->u.host_is_ip)
        return st;

    const char *which = NULL;
    size_t wl = 0;
    int cls = url_suffix_class_of(m, p->host, p->host_len, &which, &wl);
    if (cls == URL_SFX_FREE_HOSTING)
        st = add(v, a, "URL_FREE_HOSTING", 15,
                 mm_arena_printf(a, "hosted on free hosting '%.*s': no domain owner to "
                                    "contact",
                                 (int)wl, which));
    else if (cls == URL_SFX_DYNDNS)
        st = add(v, a, "URL_DYNAMIC_DNS", 30,
                 mm_arena_printf(a, "dynamic-DNS name under '%.*s'", (int)wl, which));
    else if (cls == URL_SFX_SHORTENER)
        st = add(v, a, "URL_SHORTENER", 15,
                 mm_arena_printf(a, "URL shortener '%.*s' hides the destination", (int)wl,
                                 which));
    const char *tld = strrchr(p->host, '.');
    tld = tld ? tld + 1 : p->host;
    if (st == MM_OK && url_strmap_get(&m->suffix, tld, strlen(tld)) == URL_SFX_RISKY_TLD)
        st = add(v, a, "URL_RISKY_TLD", 15,
                 mm_arena_printf(a, "top-level domain .%s is frequent in abuse reports", tld));
    char buf[260];
    const char *worn = st == MM_OK ? worn_suffix(p, buf, sizeof buf) : NULL;
    if (worn) {
        bool restricted = mm_jp_restricted_suffix(worn);
        int w = restricted ? 70 : strchr(worn, '.') || strlen(worn) == 3 ? 60 : 35;
        st = add(v, a, "URL_SUFFIX_IN_SUBDOMAIN", w,
                 mm_arena_printf(a,
                                 "the host wears '.%s' inside its subdomain, left of the "
                                 "unrelated domain '%.*s'%s",
                                 worn, (int)p->reg_len, p->reg,
                                 restricted ? " (a name only public bodies can register)" : ""));
    }
    if (st == MM_OK && p->idn)
        st = add(v, a, "URL_PUNYCODE", 15,
                 mm_arena_printf(a, "internationalised (punycode) host %s", p->host));
    return st;
}
