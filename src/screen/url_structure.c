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
    if (st == MM_OK && p->idn)
        st = add(v, a, "URL_PUNYCODE", 15,
                 mm_arena_printf(a, "internationalised (punycode) host %s", p->host));
    return st;
}
