/*
 * card.c — payment card numbers (PANs): strip the spaces and dashes people
 * type, accept full-width digits, check the length and the Luhn digit, and
 * name the brand from the IIN ranges.
 *
 * Why so careful with messages: a PAN is personal data that mamoru only
 * stores as a keyed hash, so no error message may echo it. Messages name at
 * most the last four digits, the same part a receipt shows. Pure: no I/O.
 */
#include <string.h>

#include "mamoru/norm.h"

/* Decode one UTF-8 code point; returns its length, or 0 when malformed. */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    int len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Spaces and dash look-alikes (ASCII, full-width, typographic). */
static bool is_separator(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '-' || cp == 0x00A0 || cp == 0x3000 ||
           (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30FC || cp == 0xFF0D ||
           cp == 0xFF70;
}

/* Luhn (ISO/IEC 7812-1 annex B) over n ASCII digits. */
static bool luhn_ok(const char *d, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(d[n - 1 - i] - '0');
        if (i % 2 == 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return sum % 10 == 0;
}

/* Value of the first k digits. */
static int prefix(const char *d, int k)
{
    int v = 0;
    for (int i = 0; i < k; i++)
        v = v * 10 + (d[i] - '0');
    return v;
}

/* Brand from the issuer identification number ranges. Ranges overlap only
 * where a more specific one is tested first (65 Discover vs 62 UnionPay are
 * disjoint; 2221–2720 Mastercard vs nothing else starting with 2). */
static const char *brand_of(const char *d)
{
    int p2 = prefix(d, 2), p3 = prefix(d, 3), p4 = prefix(d, 4);
    if (d[0] == '4')
        return "visa";
    if (p2 == 34 || p2 == 37)
        return "amex";
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
        return "mastercard";
    if (p4 >= 3528 && p4 <= 3589)
        return "jcb";
    if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39)
        return "diners";
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649))
        return "discover";
    if (p2 == 62)
        return "unionpay";
    return "unknown";
}

mm_status mm_norm_card(const char *in, mm_card *out, mm_error *err)
{
    char d[20];
    size_t n = 0, total = 0;
    memset(out, 0, sizeof *out);
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "card", "no card number given");
    const unsigned char *p = (const unsigned char *)in;
    size_t pos = 0; /* character position, for messages */
    while (*p) {
        unsigned cp;
        int l = utf8_next(p, &cp);
        pos++;
        if (l == 0)
            return mm_error_set(err, MM_EINVAL, "card", "card number is not valid UTF-8 (byte %zu)",
                                (size_t)(p - (const unsigned char *)in));
        int dg = cp >= '0' && cp <= '9'         ? (int)(cp - '0')
                 : cp >= 0xFF10 && cp <= 0xFF19 ? (int)(cp - 0xFF10)
                                                : -1;
        if (dg >= 0) {
            if (n < sizeof d - 1)
                d[n++] = (char)('0' + dg);
            total++;
        } else if (!is_separator(cp)) {
            /* Name the character only when it cannot be part of the PAN. */
            return mm_error_set(err, MM_EINVAL, "card",
                                "card number contains an unexpected character at position %zu "
                                "(only digits, spaces and dashes are allowed)",
                                pos);
        }
        p += l;
    }
    d[n] = '\0';
    const char *last4 = n >= 4 ? d + n - 4 : d;
    if (total < 12 || total > 19) {
        if (total > 19 || n < 8)
            return mm_error_set(err, MM_EINVAL, "card",
                                "card number has %zu digits; card numbers have 12 to 19", total);
        return mm_error_set(err, MM_EINVAL, "card",
                            "card number ending %s has %zu digits; card numbers have 12 to 19",
                            last4, total);
    }
    if (!luhn_ok(d, n))
        return mm_error_set(err, MM_EINVAL, "card", "card number ending %s fails the Luhn check",
                            last4);
    memcpy(out->digits, d, n + 1);
    memcpy(out->last4, last4, 5);
    out->brand = brand_of(d);
    return MM_OK;
}
