/*
 * email.c — e-mail addresses to one canonical "local@ascii-domain" form.
 *
 * Fraud reports carry addresses as people paste them: with a display name
 * ("Sagawa <info@sagawa-exp.example>"), as "mailto:" links, upper-case, with
 * an IDN domain. The canonical form lower-cases the local part too: RFC 5321
 * says it is case-sensitive, but every large provider treats it as
 * case-insensitive, and a fraud list that missed "Info@" because "info@"
 * was listed would be worse than a rare false merge. Provider-specific
 * folding (dots and "+tag" at Gmail) is not applied: it is not universal.
 * Local parts are the RFC 5322 dot-atom set; quoted strings, SMTPUTF8
 * (non-ASCII) local parts and address literals are refused with a message
 * saying so. The domain goes through mm_norm_domain (IDNA, PSL). Pure.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mamoru/norm.h"

#define EMAIL_MAX_INPUT 1024
#define EMAIL_MAX_LOCAL 64
#define EMAIL_MAX_ADDRESS 254 /* RFC 5321 path limit minus the angle brackets */
#define QUOTE_MAX 60

/* Printable, truncated copy of s for messages (see url.c for the rules). */
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

/* RFC 5322 atext. */
static int is_atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#define FAIL(...) mm_error_set(err, MM_EINVAL, "email", __VA_ARGS__)

mm_status mm_norm_email(const char *in, mm_arena *a, mm_email *out, mm_error *err)
{
    char q[QUOTE_MAX * 4 + 8];
    if (in == NULL)
        return FAIL("no e-mail address given");
    if (a == NULL || out == NULL)
        return FAIL("no arena or output for '%s'", quote(in, q, sizeof q));
    memset(out, 0, sizeof *out);
    size_t n = strnlen(in, EMAIL_MAX_INPUT + 1);
    if (n > EMAIL_MAX_INPUT)
        return FAIL("'%s' is longer than %d bytes", quote(in, q, sizeof q), EMAIL_MAX_INPUT);
        /* the quoted input for error messages is made only on failure (Q) */
#define Q quote(in, q, sizeof q)

    /* "Display Name <addr>": keep what is inside the last <...> */
    const char *s = in;
    while (n > 0 && is_space(*s))
        s++, n--;
    while (n > 0 && is_space(s[n - 1]))
        n--;
    const char *lt = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '<')
            lt = s + i;
    if (lt != NULL || (n > 0 && s[n - 1] == '>')) {
        if (lt == NULL || s[n - 1] != '>')
            return FAIL("'%s' has unbalanced '<' '>'", Q);
        n = (size_t)(s + n - 1 - (lt + 1));
        s = lt + 1;
        while (n > 0 && is_space(*s))
            s++, n--;
        while (n > 0 && is_space(s[n - 1]))
            n--;
    }
    char *addr = mm_arena_strndup(a, s, n);
    if (addr == NULL)
        return mm_error_set(err, MM_ENOMEM, "email", "out of memory");

    /* "mailto:addr?subject=..." — drop the scheme and headers, decode %XX */
    if (strncasecmp(addr, "mailto:", 7) == 0) {
        addr += 7;
        addr[strcspn(addr, "?")] = '\0';
        char *o = addr;
        for (char *p = addr; *p;) {
            int hi, lo;
            if (p[0] == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
                *o++ = (char)(hi << 4 | lo);
                p += 3;
            } else {
                *o++ = *p++;
            }
        }
        *o = '\0';
    }
    if (addr[0] == '\0')
        return FAIL("'%s' is empty", Q);
    if (addr[0] == '"')
        return FAIL("'%s' has a quoted local part, which is not supported", Q);

    char *at = strchr(addr, '@');
    if (at == NULL)
        return FAIL("'%s' has no '@'", Q);
    if (strchr(at + 1, '@') != NULL)
        return FAIL("'%s' has more than one '@'", Q);
    *at = '\0';
    char *local = addr, *dom = at + 1;
    size_t ll = strlen(local);
    if (ll == 0)
        return FAIL("'%s' has an empty local part", Q);
    if (ll > EMAIL_MAX_LOCAL)
        return FAIL("'%s' has a local part longer than %d characters", Q, EMAIL_MAX_LOCAL);
    for (size_t i = 0; i < ll; i++) {
        unsigned char c = (unsigned char)local[i];
        if (c >= 0x80)
            return FAIL("'%s' has a non-ASCII local part, which is not supported", Q);
        if (c == '.') {
            if (i == 0 || i + 1 == ll || local[i + 1] == '.')
                return FAIL("'%s' has a '.' at the start or end of the local part, or two "
                            "in a row",
                            Q);
        } else if (!is_atext(c)) {
            return FAIL("'%s' has the character '%c' in its local part", Q,
                        c >= 0x20 && c < 0x7f ? c : '?');
        } else if (c >= 'A' && c <= 'Z') {
            local[i] = (char)(c - 'A' + 'a');
        }
    }
    if (dom[0] == '[')
        return FAIL("'%s' has an address literal domain, which is not supported", Q);

    mm_domain d;
    mm_error derr = {0};
    mm_status st = mm_norm_domain(dom, a, &d, &derr);
    if (st != MM_OK)
        return mm_error_set(err, st, "email", "'%s': domain %s", Q, derr.message);
    if (strchr(d.ascii, '.') == NULL)
        return FAIL("'%s' has the single-label domain '%s'", Q, d.ascii);

    out->local = local;
    out->domain = d.ascii;
    /* a domain that is itself a public suffix is its own organisation */
    out->registrable = d.registrable ? d.registrable : d.ascii;
    size_t dl = strlen(d.ascii);
    char *canon = mm_arena_alloc(a, ll + 1 + dl + 1); /* local@domain, no printf */
    if (canon == NULL)
        return mm_error_set(err, MM_ENOMEM, "email", "out of memory");
    memcpy(canon, local, ll);
    canon[ll] = '@';
    memcpy(canon + ll + 1, d.ascii, dl + 1);
    out->canonical = canon;
    if (ll + 1 + dl > EMAIL_MAX_ADDRESS)
        return FAIL("'%s' is longer than %d characters", Q, EMAIL_MAX_ADDRESS);
    return MM_OK;
#undef Q
}
