/*
 * phone.c — turn the many ways a phone number is written in Japan into E.164
 * plus a service class (mobile, 050 IP phone, 0120 toll-free, 0570 navi dial,
 * unassigned country code …), the facts call screening scores on.
 *
 * Why hand-written and standalone: the input set is small and specific
 * (full-width digits and dashes, "+81 (0)", outbound carrier prefixes such as
 * 0033-010-, 184/186 caller-ID prefixes) and the classification follows the
 * Japanese numbering table, so a tiny UTF-8 scanner and two tables (ITU
 * country codes, JP geographic area prefixes — both as carried by
 * libphonenumber, and tested against its metadata) are clearer than pulling
 * a full text normaliser in. Pure: no I/O, no globals.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mamoru/norm.h"

#define MAX_DIGITS 40

/* Digits extracted from the input, and whether a leading '+' was present. */
typedef struct scan {
    char d[MAX_DIGITS + 1];
    int n;
    bool plus;
} scan;

/* Copy at most ~60 bytes of in into buf, cut at a UTF-8 boundary, so error
 * messages can quote the offending value without overflowing. */
static const char *quote(const char *in, char *buf, size_t cap)
{
    size_t len = strlen(in), max = cap > 4 ? cap - 4 : 0;
    if (max > 60)
        max = 60;
    if (len <= max) {
        memcpy(buf, in, len + 1);
        return buf;
    }
    size_t cut = max;
    while (cut > 0 && ((unsigned char)in[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(buf, in, cut);
    memcpy(buf + cut, "...", 4);
    return buf;
}

/* Decode one UTF-8 code point at s (NUL-terminated). Returns its length in
 * bytes, or 0 when the bytes are not valid UTF-8. */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    unsigned min;
    if ((c & 0xE0) == 0xC0) {
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

/* Characters people put between digits: spaces, dots, slashes, parentheses
 * and every dash or long-vowel look-alike, ASCII and full-width. */
static const unsigned short separators[] = {
    ' ',    '\t',   '\r',   '\n',   '-',    '.',
    '/',    '(',    ')',    '[',    ']',    0x00A0, /* no-break space */
    0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, /* hyphens and dashes */
    0x2212,                                         /* minus sign */
    0x2500, 0x2501,                                 /* box-drawing lines typed as dashes */
    0x3000,                                         /* ideographic space */
    0x30FC,                                         /* ー katakana long vowel */
    0xFE63, 0xFF0D,                                 /* small / full-width hyphen-minus */
    0xFF08, 0xFF09, 0xFF0E, 0xFF0F, 0xFF3B, 0xFF3D, /* （ ） ． ／ ［ ］ */
    0xFF70,                                         /* ｰ half-width long vowel */
};

static bool is_separator(unsigned cp)
{
    for (size_t i = 0; i < sizeof separators / sizeof *separators; i++)
        if (separators[i] == cp)
            return true;
    return false;
}

static int digit_of(unsigned cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

static bool is_letter(unsigned cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Number-display categories shown instead of a number (japan.md §1 (6)).
 * They are facts about a call, not numbers, so they are refused by name. */
static const char *const display_words[] = {"非通知", "公衆電話", "表示圏外", "通知不可能"};

/* Pull digits and a leading '+' out of the text; reject anything else. */
static mm_status scan_input(const char *in, scan *sc, mm_error *err)
{
    char q[80];
    const unsigned char *p = (const unsigned char *)in;
    memset(sc, 0, sizeof *sc);

    for (size_t i = 0; i < sizeof display_words / sizeof *display_words; i++)
        if (strstr(in, display_words[i]) != NULL)
            return mm_error_set(err, MM_EINVAL, "phone",
                                "'%s' is a number-display category (%s), not a phone number",
                                quote(in, q, sizeof q), display_words[i]);

    /* Leading white space, then an optional tel: URI scheme. */
    for (;;) {
        unsigned cp;
        int l = utf8_next(p, &cp);
        if (l == 0 || !(cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0x00A0))
            break;
        p += l;
    }
    if (strncasecmp((const char *)p, "tel:", 4) == 0)
        p += 4;

    while (*p) {
        unsigned cp;
        int l = utf8_next(p, &cp);
        if (l == 0)
            return mm_error_set(err, MM_EINVAL, "phone", "'%s' is not valid UTF-8 (byte %zu)",
                                quote(in, q, sizeof q), (size_t)(p - (const unsigned char *)in));
        int dg = digit_of(cp);
        if (dg >= 0) {
            if (sc->n >= MAX_DIGITS)
                return mm_error_set(err, MM_EINVAL, "phone", "'%s' has too many digits",
                                    quote(in, q, sizeof q));
            sc->d[sc->n++] = (char)('0' + dg);
        } else if (cp == '+' || cp == 0xFF0B) {
            if (sc->n > 0 || sc->plus)
                return mm_error_set(err, MM_EINVAL, "phone",
                                    "'%s': '+' may only appear once, before the country code",
                                    quote(in, q, sizeof q));
            sc->plus = true;
        } else if ((cp == '(' || cp == 0xFF08) && sc->plus && sc->n > 0) {
            /* "+44 (0)20 …", "+81-(0)90-…": the bracketed trunk 0 is dropped. */
            const unsigned char *r = p + l;
            unsigned c2, c3;
            int l2 = utf8_next(r, &c2);
            int l3 = l2 ? utf8_next(r + l2, &c3) : 0;
            if (l2 && l3 && digit_of(c2) == 0 && (c3 == ')' || c3 == 0xFF09)) {
                p = r + l2 + l3;
                continue;
            }
        } else if (cp == '#' || cp == '*' || cp == 0xFF03 || cp == 0xFF0A) {
            return mm_error_set(err, MM_EINVAL, "phone",
                                "'%s' is a service short code, not an E.164 phone number",
                                quote(in, q, sizeof q));
        } else if (is_letter(cp)) {
            return mm_error_set(err, MM_EINVAL, "phone",
                                "'%s' contains letters; a phone number has only digits, '+' "
                                "and separators (extensions are not accepted)",
                                quote(in, q, sizeof q));
        } else if (!is_separator(cp)) {
            return mm_error_set(
                err, MM_EINVAL, "phone", "'%s' contains an unexpected character U+%04X at byte %zu",
                quote(in, q, sizeof q), cp, (size_t)(p - (const unsigned char *)in));
        }
        p += l;
    }
    if (sc->n == 0)
        return mm_error_set(err, MM_EINVAL, "phone", "'%s' contains no digits",
                            quote(in, q, sizeof q));
    return MM_OK;
}

/* ---- country codes ------------------------------------------------------
 * ITU-T E.164 assigned country codes, the set libphonenumber carries (the
 * test checks every code against its metadata). Codes form a prefix code:
 * 1 and 7 are one digit, the listed two-digit codes are complete, and every
 * other number is read as a three-digit code. Spare codes such as +801…+807,
 * +89x, +295 (formerly San Marino) or +384 are therefore "unassigned". */
static const short cc2[] = {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46,
                            47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63,
                            64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98};
static const short cc3[] = {
    211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233,
    234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252,
    253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297,
    298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376,
    377, 378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505,
    506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675,
    676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808, 850,
    852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965, 966,
    967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998};

static bool in_list(const short *list, size_t n, int v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (list[mid] == v)
            return true;
        if (list[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Read the country code at the start of d (n >= 3 digits). Sets *len to its
 * digit count and returns it; *assigned tells whether ITU assigned it. An
 * unassigned code is reported as its first three digits. */
static int cc_parse(const char *d, int *len, bool *assigned)
{
    *assigned = true;
    if (d[0] == '1' || d[0] == '7') {
        *len = 1;
        return d[0] - '0';
    }
    int two = (d[0] - '0') * 10 + (d[1] - '0');
    if (in_list(cc2, sizeof cc2 / sizeof *cc2, two)) {
        *len = 2;
        return two;
    }
    int three = two * 10 + (d[2] - '0');
    *len = 3;
    *assigned = in_list(cc3, sizeof cc3 / sizeof *cc3, three);
    return three;
}

/* ---- Japanese national numbers ----------------------------------------
 * Geographic numbers are 0 + 9 digits; which area prefixes exist is decided
 * by the first three digits after the 0. The table gives, for the first two
 * digits, the allowed third digits ("*" = any); it is libphonenumber's JP
 * fixedLine pattern written out, and the test replays that pattern. */
static const char *const geo3[100] = {
    [11] = "235678",    [12] = "3456",      [13] = "3456789",   [14] = "23456",
    [15] = "2345678",   [16] = "234567",    [17] = "23456789",  [18] = "2345678",
    [19] = "123456789", [22] = "*",         [23] = "*",         [24] = "*",
    [25] = "*",         [26] = "*",         [27] = "*",         [28] = "*",
    [29] = "*",         [31] = "*",         [32] = "*",         [33] = "*",
    [34] = "*",         [35] = "*",         [36] = "*",         [37] = "*",
    [38] = "*",         [39] = "*",         [42] = "*",         [43] = "*",
    [44] = "*",         [45] = "*",         [46] = "02345678",  [47] = "*",
    [48] = "*",         [49] = "23459",     [52] = "*",         [53] = "*",
    [54] = "*",         [55] = "*",         [56] = "123456789", [57] = "2345678",
    [58] = "*",         [59] = "*",         [61] = "*",         [62] = "*",
    [63] = "*",         [64] = "*",         [65] = "*",         [66] = "*",
    [67] = "*",         [68] = "*",         [69] = "*",         [72] = "*",
    [73] = "456789",    [74] = "023456789", [75] = "*",         [76] = "*",
    [77] = "*",         [78] = "*",         [79] = "*",         [82] = "*",
    [83] = "23456789",  [84] = "56789",     [85] = "123456789", [86] = "*",
    [87] = "*",         [88] = "03456789",  [89] = "*",         [92] = "*",
    [93] = "*",         [94] = "*",         [95] = "*",         [96] = "123456789",
    [97] = "123456789", [98] = "*",         [99] = "123456789",
};

static bool geo_assigned(const char *nsn)
{
    const char *allowed = geo3[(nsn[0] - '0') * 10 + (nsn[1] - '0')];
    if (allowed == NULL)
        return false;
    return allowed[0] == '*' || strchr(allowed, nsn[2]) != NULL;
}

static mm_status jp_length_error(const char *in, const char *what, const char *want, int got,
                                 mm_error *err)
{
    char q[80];
    return mm_error_set(err, MM_EINVAL, "phone",
                        "'%s': Japanese %s numbers have %s digits including the leading 0, "
                        "this one has %d",
                        quote(in, q, sizeof q), what, want, got);
}

/* Classify a Japanese national number nat ("0…", n digits) and fill out. */
static mm_status jp_number(const char *in, const char *nat, int n, mm_phone *out, mm_error *err)
{
    char q[80];
    mm_phone_class cls;
    if (nat[1] == '0')
        return mm_error_set(err, MM_EINVAL, "phone",
                            "'%s': a Japanese national number cannot start with 00",
                            quote(in, q, sizeof q));
    if (n < 10)
        return mm_error_set(err, MM_EINVAL, "phone",
                            "'%s' has too few digits for a Japanese number (%d; at least 10)",
                            quote(in, q, sizeof q), n);
    if (strncmp(nat, "0120", 4) == 0) {
        if (n != 10)
            return jp_length_error(in, "0120 toll-free", "10", n, err);
        cls = MM_PHONE_TOLL_FREE;
    } else if (strncmp(nat, "0800", 4) == 0) {
        if (n != 11)
            return jp_length_error(in, "0800 toll-free", "11", n, err);
        cls = MM_PHONE_TOLL_FREE;
    } else if (strncmp(nat, "0570", 4) == 0) {
        if (n != 10)
            return jp_length_error(in, "0570 navi-dial", "10", n, err);
        cls = MM_PHONE_NAVI_DIAL;
    } else if (strncmp(nat, "0990", 4) == 0) {
        if (n != 10)
            return jp_length_error(in, "0990 premium-rate", "10", n, err);
        cls = MM_PHONE_PREMIUM;
    } else if (strncmp(nat, "020", 3) == 0) {
        if (n != 11 && n != 14)
            return jp_length_error(in, "020 M2M", "11 or 14", n, err);
        cls = MM_PHONE_M2M;
    } else if (strncmp(nat, "050", 3) == 0) {
        if (n != 11)
            return jp_length_error(in, "050 IP-phone", "11", n, err);
        cls = nat[3] == '0' ? MM_PHONE_INVALID : MM_PHONE_IP_PHONE;
    } else if (nat[2] == '0' && nat[1] >= '6' && nat[1] <= '9') {
        /* 060/070/080/090. 0A0-0… is not a mobile block (0800 is handled
         * above); a 10-digit 060 is the former personal-number range. */
        if (n == 10 && nat[1] == '6')
            cls = MM_PHONE_INVALID;
        else if (n != 11)
            return jp_length_error(in, "mobile", "11", n, err);
        else
            cls = nat[3] == '0' ? MM_PHONE_INVALID : MM_PHONE_MOBILE;
    } else {
        if (n != 10)
            return jp_length_error(in, "fixed-line", "10", n, err);
        cls = geo_assigned(nat + 1) ? MM_PHONE_GEOGRAPHIC : MM_PHONE_INVALID;
    }
    out->cls = cls;
    out->country_code = 81;
    memcpy(out->national, nat, (size_t)n);
    out->national[n] = '\0';
    /* "+81" and the digits after the trunk 0 (the checks above keep n at
     * 10, 11 or 14), without snprintf: every SMS sender comes through here */
    if ((size_t)n + 3 > sizeof out->e164)
        n = (int)sizeof out->e164 - 3;
    memcpy(out->e164, "+81", 3);
    memcpy(out->e164 + 3, nat + 1, (size_t)(n - 1));
    out->e164[3 + n - 1] = '\0';
    return MM_OK;
}

/* d = country code + subscriber digits (n of them). */
static mm_status international(const char *in, const char *d, int n, mm_phone *out, mm_error *err)
{
    char q[80];
    char nat[MAX_DIGITS + 2];
    if (n >= 3 && strncmp(d, "810", 3) == 0) {
        /* "+810 90…": the trunk 0 written after the country code. */
        d += 3, n -= 3;
        nat[0] = '0';
        memcpy(nat + 1, d, (size_t)n);
        nat[n + 1] = '\0';
        return jp_number(in, nat, n + 1, out, err);
    }
    if (d[0] == '0')
        return mm_error_set(err, MM_EINVAL, "phone", "'%s': a country code cannot start with 0",
                            quote(in, q, sizeof q));
    if (n > 15)
        return mm_error_set(err, MM_EINVAL, "phone",
                            "'%s' has %d digits; an E.164 number has at most 15",
                            quote(in, q, sizeof q), n);
    if (n < 7)
        return mm_error_set(err, MM_EINVAL, "phone",
                            "'%s' has %d digits; too few for an international number",
                            quote(in, q, sizeof q), n);
    int cclen;
    bool assigned;
    int cc = cc_parse(d, &cclen, &assigned);
    const char *nsn = d + cclen;
    int nsn_len = n - cclen;
    if (cc == 81) {
        nat[0] = '0';
        memcpy(nat + 1, nsn, (size_t)nsn_len);
        nat[nsn_len + 1] = '\0';
        return jp_number(in, nat, nsn_len + 1, out, err);
    }
    mm_phone_class cls = MM_PHONE_INTERNATIONAL;
    if (!assigned) {
        cls = MM_PHONE_INVALID;
    } else if (cc == 1) {
        /* NANP: NPA-NXX-XXXX. Area and exchange codes start with 2-9 and an
         * N11 (211…911) is a service code, never an area code. */
        if (nsn_len != 10)
            return mm_error_set(err, MM_EINVAL, "phone",
                                "'%s': +1 (NANP) numbers have 10 digits after the country code, "
                                "this one has %d",
                                quote(in, q, sizeof q), nsn_len);
        if (nsn[0] < '2' || (nsn[1] == '1' && nsn[2] == '1') || nsn[3] < '2')
            cls = MM_PHONE_INVALID;
    } else if (cc == 800) {
        cls = MM_PHONE_TOLL_FREE;
    } else if (cc == 979) {
        cls = MM_PHONE_PREMIUM;
    }
    out->cls = cls;
    out->country_code = cc;
    out->national[0] = '\0';
    out->e164[0] = '+';
    memcpy(out->e164 + 1, d, (size_t)n);
    out->e164[n + 1] = '\0';
    return MM_OK;
}

/* Outbound-from-Japan prefixes: carrier identification codes and mobile
 * international access codes, each followed by 010 + country code. A
 * carrier code followed by a domestic 0… number is carrier selection. */
static const char *const carrier_codes[] = {"009130", "005345", "0033", "0041",
                                            "0061",   "0038",   "001"};

/* Interpret the scanned digits. */
static mm_status classify(const char *in, scan *sc, mm_phone *out, mm_error *err)
{
    char q[80];
    const char *d = sc->d;
    int n = sc->n;
    if (sc->plus)
        return international(in, d, n, out, err);
    if (d[0] != '0') {
        if ((strncmp(d, "184", 3) == 0 || strncmp(d, "186", 3) == 0) && d[3] == '0') {
            /* 184 / 186: withhold / send caller ID for this call. */
            memmove(sc->d, sc->d + 3, (size_t)(n - 3) + 1);
            sc->n -= 3;
            return classify(in, sc, out, err);
        }
        if (n <= 6)
            return mm_error_set(err, MM_EINVAL, "phone",
                                "'%s' is a short code (110, 119, 188 …), not an E.164 phone "
                                "number",
                                quote(in, q, sizeof q));
        /* Caller-ID displays on fixed handsets drop the '+' of foreign
         * numbers, so bare digits without a trunk 0 are read as E.164. */
        return international(in, d, n, out, err);
    }
    if (strncmp(d, "010", 3) == 0)
        return international(in, d + 3, n - 3, out, err);
    if (d[1] != '0')
        return jp_number(in, d, n, out, err);
    if (strncmp(d, "0081", 4) == 0)
        return international(in, d + 2, n - 2, out, err);
    for (size_t i = 0; i < sizeof carrier_codes / sizeof *carrier_codes; i++) {
        size_t cl = strlen(carrier_codes[i]);
        if (strncmp(d, carrier_codes[i], cl) != 0)
            continue;
        const char *rest = d + cl;
        int rn = n - (int)cl;
        if (rn > 3 && strncmp(rest, "010", 3) == 0)
            return international(in, rest + 3, rn - 3, out, err);
        if (rn > 1 && rest[0] == '0' && rest[1] != '0')
            return jp_number(in, rest, rn, out, err);
    }
    return mm_error_set(err, MM_EINVAL, "phone",
                        "'%s' starts with 00 but is neither 0081…, a carrier prefix followed by "
                        "010 (e.g. 0033-010-…) nor a Japanese number; write foreign numbers "
                        "as +<country code>…",
                        quote(in, q, sizeof q));
}

mm_status mm_norm_phone(const char *in, mm_phone *out, mm_error *err)
{
    scan sc;
    memset(out, 0, sizeof *out);
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "phone", "no phone number given");
    mm_status st = scan_input(in, &sc, err);
    if (st != MM_OK)
        return st;
    st = classify(in, &sc, out, err);
    if (st != MM_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    size_t el = strlen(out->e164);
    out->ends_0110 = el >= 5 && strcmp(out->e164 + el - 4, "0110") == 0;
    return MM_OK;
}

const char *mm_phone_class_name(mm_phone_class c)
{
    switch (c) {
    case MM_PHONE_MOBILE: return "mobile";
    case MM_PHONE_GEOGRAPHIC: return "geographic";
    case MM_PHONE_IP_PHONE: return "ip_phone";
    case MM_PHONE_TOLL_FREE: return "toll_free";
    case MM_PHONE_NAVI_DIAL: return "navi_dial";
    case MM_PHONE_M2M: return "m2m";
    case MM_PHONE_INTERNATIONAL: return "international";
    case MM_PHONE_PREMIUM: return "premium";
    case MM_PHONE_INVALID: return "invalid";
    }
    return "invalid";
}
