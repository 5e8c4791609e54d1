/*
 * domain.c — host names (IDNA2008 / UTS #46 via libidn2, registrable domain
 * and public suffix via libpsl) and IP literals.
 *
 * Lookalike and phishing checks compare names, so every spelling of a name
 * ("ＥＸＡＭＰＬＥ.com", "ヤマト.jp", "xn--fdk0br.jp.") must end up as one
 * lower-case A-label string, and "which organisation owns this" is the
 * registrable domain (eTLD+1) from the Public Suffix List.
 *
 * The one piece of shared state: libpsl's context. It is created once per
 * process through pthread_once — psl_builtin() when libpsl carries a
 * compiled-in list, otherwise psl_latest(NULL), which reads the Debian
 * publicsuffix file once (the only I/O this module can do) — and is
 * immutable afterwards, so lookups from many threads need no lock. It is
 * never freed; it lives as long as the process. Each thread also keeps a
 * small memo of recent PSL answers (see psl_lookup).
 */
#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"

#define DOMAIN_MAX_INPUT 1024 /* bytes before mapping; longer input is refused */
#define DOMAIN_MAX_NAME 253
#define DOMAIN_MAX_LABEL 63
#define QUOTE_MAX 60

static const psl_ctx_t *psl_shared; /* written once under psl_once, then read-only */
static pthread_once_t psl_once = PTHREAD_ONCE_INIT;

static void psl_init(void)
{
    const psl_ctx_t *b = psl_builtin();
    if (b != NULL && psl_suffix_count(b) != 0 && psl_is_public_suffix(b, "co.jp")) {
        psl_shared = b;
        return;
    }
    psl_shared = psl_latest(NULL);
}

static const psl_ctx_t *psl_ctx(void)
{
    pthread_once(&psl_once, psl_init);
    return psl_shared;
}

/* psl_registrable_domain and psl_unregistrable_domain cost thousands of
 * instructions each (a search per label), and screening one e-mail asks for
 * the same few names again and again: the sender's domain, each link's host
 * from extraction, the URL detector, the link and sender checks. Both
 * answers are suffixes of the name, so a small direct-mapped memo per
 * thread keeps them as offsets; the PSL context never changes, so a hit is
 * exactly libpsl's answer. */
typedef struct psl_memo {
    uint64_t h;
    int16_t reg, suf; /* offsets into name; -1 for NULL */
    char name[DOMAIN_MAX_NAME + 1];
} psl_memo;

static _Thread_local psl_memo memo[64];

static void psl_lookup(const psl_ctx_t *psl, const char *ascii, const char **reg, const char **suf)
{
    size_t n = strlen(ascii);
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)ascii[i]) * UINT64_C(0x100000001b3);
    psl_memo *e = &memo[(h ^ h >> 32) & 63];
    if (n <= DOMAIN_MAX_NAME && e->h == h && strcmp(e->name, ascii) == 0) {
        *reg = e->reg < 0 ? NULL : ascii + e->reg;
        *suf = e->suf < 0 ? NULL : ascii + e->suf;
        return;
    }
    *reg = psl_registrable_domain(psl, ascii);
    /* the registrable domain is the public suffix and one label more, so
     * the suffix is what follows its first dot: one PSL search instead of
     * two (the same pointer libpsl returns — checked on 250k names: the
     * PSL's own rules with labels added, its tests, top sites, phishing
     * hosts). Only a name that is itself a suffix asks libpsl again. */
    const char *dot = *reg ? strchr(*reg, '.') : NULL;
    *suf = dot ? dot + 1 : psl_unregistrable_domain(psl, ascii);
    bool reg_in = *reg == NULL || (*reg >= ascii && *reg <= ascii + n);
    bool suf_in = *suf == NULL || (*suf >= ascii && *suf <= ascii + n);
    if (n <= DOMAIN_MAX_NAME && reg_in && suf_in) { /* answers inside the name: memoise */
        e->h = h;
        memcpy(e->name, ascii, n + 1);
        e->reg = *reg ? (int16_t)(*reg - ascii) : -1;
        e->suf = *suf ? (int16_t)(*suf - ascii) : -1;
    }
}

/* Printable, truncated copy of s for messages: control bytes as \xHH, no
 * split UTF-8 sequence, "..." when cut. */
static const char *quote(const char *s, char *dst, size_t cap)
{
    size_t o = 0, i = 0, n = strlen(s);
    while (i < n && i < QUOTE_MAX && o + 8 < cap) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(dst + o, cap - o, "\\x%02X", c);
            i++;
        } else if (c >= 0x80) {
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (i + len > n || i + len > QUOTE_MAX || o + len + 8 >= cap)
                break;
            memcpy(dst + o, s + i, len);
            o += len;
            i += len;
        } else {
            dst[o++] = (char)c;
            i++;
        }
    }
    if (i < n && o + 4 < cap) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
    return dst;
}

static int is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Map with UTS #46 non-transitional processing (IDNA2008: "ß" stays), or
 * transitional when that refuses the name. Returns an idn2 status; *out is
 * malloc'd by libidn2 on success. */
static int to_ascii(const char *in, char **out)
{
    int rc = idn2_to_ascii_8z(in, out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc != IDN2_OK)
        rc = idn2_to_ascii_8z(in, out, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
    return rc;
}

/* Only ASCII letters, digits, '-' and '.', and no A-label ("xn--") that
 * libidn2 would need to check. */
static bool plain_ldh(const char *s)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
        /* "??--" label starts (A-labels, reserved hyphen positions): libidn2 decides */
        if ((p == s || p[-1] == '.') && p[1] && p[1] != '.' && p[2] == '-' && p[3] == '-')
            return false;
    }
    return true;
}

mm_status mm_norm_domain(const char *in, mm_arena *a, mm_domain *out, mm_error *err)
{
    char q[QUOTE_MAX * 4 + 8];
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "domain", "no domain given");
    if (a == NULL || out == NULL)
        return mm_error_set(err, MM_EINVAL, "domain", "no arena or output for '%s'",
                            quote(in, q, sizeof q));
    memset(out, 0, sizeof *out);
    size_t n = strnlen(in, DOMAIN_MAX_INPUT + 1);
    if (n > DOMAIN_MAX_INPUT)
        return mm_error_set(err, MM_EINVAL, "domain", "'%s' is longer than %d bytes",
                            quote(in, q, sizeof q), DOMAIN_MAX_INPUT);
    while (n > 0 && is_space(*in))
        in++, n--;
    while (n > 0 && is_space(in[n - 1]))
        n--;
    if (n == 0)
        return mm_error_set(err, MM_EINVAL, "domain", "'' is empty");
    char *trimmed = mm_arena_strndup(a, in, n);
    if (trimmed == NULL)
        return mm_error_set(err, MM_ENOMEM, "domain", "out of memory");

    char *ascii;
    int rc;
    if (plain_ldh(trimmed)) {
        /* UTS #46 maps plain LDH names to themselves lower-cased, which the
         * loop below does: skip libidn2, the slowest step for most names */
        ascii = mm_arena_strdup(a, trimmed);
    } else {
        char *mapped = NULL;
        rc = to_ascii(trimmed, &mapped);
        if (rc != IDN2_OK)
            return mm_error_set(err, MM_EINVAL, "domain", "'%s' is not a valid domain name: %s",
                                quote(trimmed, q, sizeof q), idn2_strerror(rc));
        ascii = mm_arena_strdup(a, mapped);
        idn2_free(mapped);
    }
    if (ascii == NULL)
        return mm_error_set(err, MM_ENOMEM, "domain", "out of memory");

    /* lower case (A-labels may arrive as "XN--"), one trailing dot off */
    size_t len = strlen(ascii);
    for (size_t i = 0; i < len; i++)
        if (ascii[i] >= 'A' && ascii[i] <= 'Z')
            ascii[i] = (char)(ascii[i] - 'A' + 'a');
    if (len > 0 && ascii[len - 1] == '.')
        ascii[--len] = '\0';
    if (len == 0)
        return mm_error_set(err, MM_EINVAL, "domain", "'%s' has no labels",
                            quote(trimmed, q, sizeof q));
    if (len > DOMAIN_MAX_NAME)
        return mm_error_set(err, MM_EINVAL, "domain", "'%s' is longer than %d characters",
                            quote(trimmed, q, sizeof q), DOMAIN_MAX_NAME);

    /* LDH labels of 1..63 characters, no hyphen at either end */
    bool is_idn = false, all_digits = true;
    for (const char *lab = ascii; lab != NULL;) {
        const char *dot = strchr(lab, '.');
        size_t ll = dot ? (size_t)(dot - lab) : strlen(lab);
        if (ll == 0)
            return mm_error_set(err, MM_EINVAL, "domain", "'%s' has an empty label",
                                quote(trimmed, q, sizeof q));
        if (ll > DOMAIN_MAX_LABEL)
            return mm_error_set(err, MM_EINVAL, "domain",
                                "'%s' has a label longer than %d characters",
                                quote(trimmed, q, sizeof q), DOMAIN_MAX_LABEL);
        all_digits = true;
        for (size_t i = 0; i < ll; i++) {
            char c = lab[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                return mm_error_set(err, MM_EINVAL, "domain",
                                    "'%s' has a character other than letters, digits and '-' "
                                    "in label '%.*s'",
                                    quote(trimmed, q, sizeof q), (int)ll, lab);
            all_digits = all_digits && c >= '0' && c <= '9';
        }
        if (lab[0] == '-' || lab[ll - 1] == '-')
            return mm_error_set(err, MM_EINVAL, "domain",
                                "'%s' has a label starting or ending with '-'",
                                quote(trimmed, q, sizeof q));
        if (ll >= 4 && memcmp(lab, "xn--", 4) == 0)
            is_idn = true;
        lab = dot ? dot + 1 : NULL;
    }
    if (all_digits) /* no top-level domain is numeric: this is an IPv4 address */
        return mm_error_set(err, MM_EINVAL, "domain",
                            "'%s' ends in a numeric label: an IP address is not a domain",
                            quote(trimmed, q, sizeof q));

    out->ascii = ascii;
    out->is_idn = is_idn;
    if (is_idn) {
        char *u = NULL;
        rc = idn2_to_unicode_8z8z(ascii, &u, 0);
        if (rc != IDN2_OK)
            return mm_error_set(err, MM_EINVAL, "domain", "'%s' has a bad A-label: %s",
                                quote(trimmed, q, sizeof q), idn2_strerror(rc));
        out->unicode = mm_arena_strdup(a, u);
        idn2_free(u);
    } else {
        out->unicode = ascii;
    }
    if (out->unicode == NULL)
        return mm_error_set(err, MM_ENOMEM, "domain", "out of memory");

    const psl_ctx_t *psl = psl_ctx();
    if (psl == NULL)
        return mm_error_set(err, MM_EIO, "domain",
                            "no Public Suffix List (libpsl has none built in and "
                            "/usr/share/publicsuffix could not be read) for '%s'",
                            quote(trimmed, q, sizeof q));
    const char *reg, *suf;
    psl_lookup(psl, ascii, &reg, &suf);
    out->registrable = reg ? mm_arena_strdup(a, reg) : NULL;
    out->suffix = mm_arena_strdup(a, suf ? suf : ascii);
    if ((reg && out->registrable == NULL) || out->suffix == NULL)
        return mm_error_set(err, MM_ENOMEM, "domain", "out of memory");
    return MM_OK;
}

mm_status mm_norm_ip(const char *in, mm_arena *a, char **out, mm_error *err)
{
    char q[QUOTE_MAX * 4 + 8];
    if (out != NULL)
        *out = NULL;
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "ip", "no IP address given");
    if (a == NULL || out == NULL)
        return mm_error_set(err, MM_EINVAL, "ip", "no arena or output for '%s'",
                            quote(in, q, sizeof q));
    size_t n = strnlen(in, 128);
    while (n > 0 && is_space(*in))
        in++, n--;
    while (n > 0 && is_space(in[n - 1]))
        n--;
    if (n == 0)
        return mm_error_set(err, MM_EINVAL, "ip", "'' is empty");
    if (n >= 2 && in[0] == '[' && in[n - 1] == ']') /* "[2001:db8::1]" as in URLs */
        in++, n -= 2;
    char lit[INET6_ADDRSTRLEN + 1], text[INET6_ADDRSTRLEN];
    if (n >= sizeof lit)
        return mm_error_set(err, MM_EINVAL, "ip", "'%s' is too long for an IP address",
                            quote(in, q, sizeof q));
    memcpy(lit, in, n);
    lit[n] = '\0';
    int family = memchr(lit, ':', n) ? AF_INET6 : AF_INET;
    unsigned char addr[sizeof(struct in6_addr)];
    if (inet_pton(family, lit, addr) != 1 || inet_ntop(family, addr, text, sizeof text) == NULL)
        return mm_error_set(err, MM_EINVAL, "ip", "'%s' is not an IPv%d address literal",
                            quote(lit, q, sizeof q), family == AF_INET6 ? 6 : 4);
    *out = mm_arena_strdup(a, text);
    return *out ? MM_OK : mm_error_set(err, MM_ENOMEM, "ip", "out of memory");
}

bool mm_norm_suffix_is_icann(const char *suffix)
{
    if (suffix == NULL || *suffix == '\0')
        return false;
    pthread_once(&psl_once, psl_init);
    /* without the prevailing "*" rule an unlisted name ("www") is no suffix */
    return psl_shared != NULL &&
           psl_is_public_suffix2(psl_shared, suffix, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE);
}
