/* Tests for src/norm/phone.c: hand-written cases from japan.md §1, then the
 * libphonenumber JP metadata in ../shared/data/libphonenumber-jp replayed
 * against our classes (example numbers, every type pattern over all
 * 4-digit prefixes, carrier and area prefixes, the ITU country-code set). */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct ok_case {
    const char *in;
    const char *e164;
    const char *national;
    int cc;
    mm_phone_class cls;
    bool ends_0110;
} ok_case;

static const ok_case ok_cases[] = {
    /* mobile, every common writing */
    {"090-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"09012345678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"０９０１２３４５６７８", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"０９０－１２３４－５６７８", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"０９０ー１２３４ー５６７８", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"090‐1234‐5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"090–1234—5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"090 1234 5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"（090）1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"090.1234.5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"+81 90 1234 5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"+819012345678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"+81-(0)90-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"＋８１　９０－１２３４－５６７８", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE,
     false},
    {"+810 90 1234 5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"0081-90-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"010-81-90-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"tel:+81-90-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"TEL:090-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"  090-1234-5678  ", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"184-090-1234-5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"186 090 1234 5678", "+819012345678", "09012345678", 81, MM_PHONE_MOBILE, false},
    {"080-1234-5678", "+818012345678", "08012345678", 81, MM_PHONE_MOBILE, false},
    {"070-1234-5678", "+817012345678", "07012345678", 81, MM_PHONE_MOBILE, false},
    {"060-1234-5678", "+816012345678", "06012345678", 81, MM_PHONE_MOBILE, false},
    /* 0A0-0… is not a mobile block; 080-0… is really 0800 toll-free */
    {"080-0123-4567", "+818001234567", "08001234567", 81, MM_PHONE_TOLL_FREE, false},
    {"090-0123-4567", "+819001234567", "09001234567", 81, MM_PHONE_INVALID, false},
    {"070-0123-4567", "+817001234567", "07001234567", 81, MM_PHONE_INVALID, false},
    {"060-123-4567", "+81601234567", "0601234567", 81, MM_PHONE_INVALID, false},
    /* geographic */
    {"03-1234-5678", "+81312345678", "0312345678", 81, MM_PHONE_GEOGRAPHIC, false},
    {"(03)1234-5678", "+81312345678", "0312345678", 81, MM_PHONE_GEOGRAPHIC, false},
    {"03(1234)5678", "+81312345678", "0312345678", 81, MM_PHONE_GEOGRAPHIC, false},
    {"+81 3-1234-5678", "+81312345678", "0312345678", 81, MM_PHONE_GEOGRAPHIC, false},
    {"06-6123-4567", "+81661234567", "0661234567", 81, MM_PHONE_GEOGRAPHIC, false},
    {"011-234-5678", "+81112345678", "0112345678", 81, MM_PHONE_GEOGRAPHIC, false},
    {"011-123-4567", "+81111234567", "0111234567", 81, MM_PHONE_INVALID, false},
    {"0957-22-0110", "+81957220110", "0957220110", 81, MM_PHONE_GEOGRAPHIC, true},
    {"0563-57-0110", "+81563570110", "0563570110", 81, MM_PHONE_GEOGRAPHIC, true},
    {"0033-03-1234-5678", "+81312345678", "0312345678", 81, MM_PHONE_GEOGRAPHIC, false},
    /* unassigned area prefix (0130…) */
    {"0130-12-3456", "+81130123456", "0130123456", 81, MM_PHONE_INVALID, false},
    /* special services */
    {"0120-123-456", "+81120123456", "0120123456", 81, MM_PHONE_TOLL_FREE, false},
    {"0120-210-364", "+81120210364", "0120210364", 81, MM_PHONE_TOLL_FREE, false},
    {"+81 120 123 456", "+81120123456", "0120123456", 81, MM_PHONE_TOLL_FREE, false},
    {"0800-123-4567", "+818001234567", "08001234567", 81, MM_PHONE_TOLL_FREE, false},
    {"050-1234-5678", "+815012345678", "05012345678", 81, MM_PHONE_IP_PHONE, false},
    {"050-0123-4567", "+815001234567", "05001234567", 81, MM_PHONE_INVALID, false},
    {"0570-123-456", "+81570123456", "0570123456", 81, MM_PHONE_NAVI_DIAL, false},
    {"020-1234-5678", "+812012345678", "02012345678", 81, MM_PHONE_M2M, false},
    {"020-1234-5678-901", "+812012345678901", "02012345678901", 81, MM_PHONE_M2M, false},
    {"0990-123-456", "+81990123456", "0990123456", 81, MM_PHONE_PREMIUM, false},
    /* outbound from Japan: [carrier] 010 CC number */
    {"010-1-212-555-0100", "+12125550100", "", 1, MM_PHONE_INTERNATIONAL, false},
    {"001-010-1-212-555-0100", "+12125550100", "", 1, MM_PHONE_INTERNATIONAL, false},
    {"0033-010-44-20-7946-0000", "+442079460000", "", 44, MM_PHONE_INTERNATIONAL, false},
    {"0041-010-82-2-1234-5678", "+82212345678", "", 82, MM_PHONE_INTERNATIONAL, false},
    {"0061-010-60-12-345-6789", "+60123456789", "", 60, MM_PHONE_INTERNATIONAL, false},
    {"0038-010-86-10-1234-5678", "+861012345678", "", 86, MM_PHONE_INTERNATIONAL, false},
    {"009130-010-1-212-555-0100", "+12125550100", "", 1, MM_PHONE_INTERNATIONAL, false},
    {"005345-010-1-212-555-0100", "+12125550100", "", 1, MM_PHONE_INTERNATIONAL, false},
    /* foreign numbers and the 0110 spoofing pattern (japan.md §1) */
    {"+1 212 555 0100", "+12125550100", "", 1, MM_PHONE_INTERNATIONAL, false},
    {"+1-833-555-0110", "+18335550110", "", 1, MM_PHONE_INTERNATIONAL, true},
    {"+1 (811) 555-0110", "+18115550110", "", 1, MM_PHONE_INVALID, true},
    {"+1 (212) 155-0110", "+12121550110", "", 1, MM_PHONE_INVALID, true},
    {"18115550110", "+18115550110", "", 1, MM_PHONE_INVALID, true},
    {"+801 2345 6789 0110", "+801234567890110", "", 801, MM_PHONE_INVALID, true},
    {"+807 1234 0110", "+80712340110", "", 807, MM_PHONE_INVALID, true},
    {"+89 1234 5670 110", "+8912345670110", "", 891, MM_PHONE_INVALID, true},
    {"+295 1234 0110", "+29512340110", "", 295, MM_PHONE_INVALID, true},
    {"+670 7712 0110", "+67077120110", "", 670, MM_PHONE_INTERNATIONAL, true},
    {"+800 1234 5678", "+80012345678", "", 800, MM_PHONE_TOLL_FREE, false},
    {"+808 1234 5678", "+80812345678", "", 808, MM_PHONE_INTERNATIONAL, false},
    {"+979 1234 5678", "+97912345678", "", 979, MM_PHONE_PREMIUM, false},
    {"+44 (0)20 7946 0000", "+442079460000", "", 44, MM_PHONE_INTERNATIONAL, false},
    {"+60 12-345 6789", "+60123456789", "", 60, MM_PHONE_INTERNATIONAL, false},
    {"+7 495 123-45-67", "+74951234567", "", 7, MM_PHONE_INTERNATIONAL, false},
    {"+852 2123 4567", "+85221234567", "", 852, MM_PHONE_INTERNATIONAL, false},
    {"+683 4002", "+6834002", "", 683, MM_PHONE_INTERNATIONAL, false},
};

Test(norm_phone, accepts_common_writings)
{
    for (size_t i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
        const ok_case *c = &ok_cases[i];
        mm_phone p;
        mm_error err = {0};
        mm_status st = mm_norm_phone(c->in, &p, &err);
        cr_assert_eq(st, MM_OK, "%s: %s", c->in, err.message);
        cr_expect_str_eq(p.e164, c->e164, "%s", c->in);
        cr_expect_str_eq(p.national, c->national, "%s", c->in);
        cr_expect_eq(p.country_code, c->cc, "%s: cc %d", c->in, p.country_code);
        cr_expect_eq(p.cls, c->cls, "%s: class %s, want %s", c->in, mm_phone_class_name(p.cls),
                     mm_phone_class_name(c->cls));
        cr_expect_eq(p.ends_0110, c->ends_0110, "%s: ends_0110", c->in);
    }
}

typedef struct bad_case {
    const char *in;
    const char *msg_part;
} bad_case;

static const bad_case bad_cases[] = {
    {"090-1234-567a", "letters"},
    {"090-1234-5678 ext 12", "letters"},
    {"1-800-FLOWERS", "letters"},
    {"０９０－ＡＢＣＤ－５６７８", "letters"},
    {"03-1234-5678 内線12", "unexpected character"},
    {"tel:+81-3-1234-5678;phone-context=x", "unexpected character"},
    {"110", "short code"},
    {"119", "short code"},
    {"188", "short code"},
    {"#9110", "short code"},
    {"090-1234-567", "11 digits"},
    {"090-1234-56789", "11 digits"},
    {"03-1234-567", "too few"},
    {"03-1234-56789", "10 digits"},
    {"0120-123-4567", "10 digits"},
    {"0800-123-456", "11 digits"},
    {"0570-123-4567", "10 digits"},
    {"0990-123-4567", "10 digits"},
    {"050-1234-567", "11 digits"},
    {"020-1234-56789", "11 or 14"},
    {"+1 212 555 010", "10 digits after"},
    {"+1234567890123456", "at most 15"},
    {"+44 1234", "too few"},
    {"+0 123 4567 890", "cannot start with 0"},
    {"+8100 123 4567", "cannot start with 00"},
    {"+810", "too few"},
    {"+81", "too few"},
    {"184", "short code"},
    {"1840", "too few"},
    {"", "no digits"},
    {"---", "no digits"},
    {"非通知", "number-display"},
    {"公衆電話", "number-display"},
    {"0044 20 7946 0000", "starts with 00"},
    {"0066-33-123456", "starts with 00"},
    {"090+1234-5678", "'+'"},
    {"+81 +90", "'+'"},
    {"090\xff"
     "1234",
     "UTF-8"},
    {"0901234567890123456789012345678901234567890123", "too many"},
};

Test(norm_phone, rejects_with_field_and_value)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const bad_case *c = &bad_cases[i];
        mm_phone p;
        mm_error err = {0};
        mm_status st = mm_norm_phone(c->in, &p, &err);
        cr_assert_eq(st, MM_EINVAL, "%s: accepted as %s", c->in, p.e164);
        cr_expect_eq(err.code, MM_EINVAL);
        cr_expect_str_eq(err.field, "phone", "%s", c->in);
        cr_expect(strstr(err.message, c->msg_part) != NULL, "%s: message '%s' lacks '%s'", c->in,
                  err.message, c->msg_part);
        /* the message quotes the input (short inputs in full) */
        if (strlen(c->in) < 40 && strchr(c->in, '\xff') == NULL)
            cr_expect(strstr(err.message, c->in) != NULL, "%s: not quoted in '%s'", c->in,
                      err.message);
        cr_expect_str_eq(p.e164, "", "%s: output not cleared", c->in);
    }
}

Test(norm_phone, long_input_is_quoted_truncated)
{
    char in[400];
    memset(in, '-', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    in[0] = 'x';
    mm_phone p;
    mm_error err;
    cr_assert_eq(mm_norm_phone(in, &p, &err), MM_EINVAL);
    cr_assert(strstr(err.message, "...") != NULL, "%s", err.message);
    cr_assert_eq(mm_norm_phone(NULL, &p, &err), MM_EINVAL);
    cr_assert_eq(mm_norm_phone("abc", &p, NULL), MM_EINVAL);
}

Test(norm_phone, class_names)
{
    static const char *const names[] = {"mobile",        "geographic", "ip_phone",
                                        "toll_free",     "navi_dial",  "m2m",
                                        "international", "premium",    "invalid"};
    for (int c = MM_PHONE_MOBILE; c <= MM_PHONE_INVALID; c++)
        cr_expect_str_eq(mm_phone_class_name((mm_phone_class)c), names[c]);
}

/* ---- libphonenumber metadata ------------------------------------------ */

static char *data_path(const char *rel)
{
    const char *root = getenv("MAMORU_SHARED_DATA");
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", root && *root ? root : "../shared/data", rel);
    return buf;
}

static char *slurp(const char *rel)
{
    FILE *f = fopen(data_path(rel), "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

#define NEED(var, rel)                                                                             \
    char *var = slurp(rel);                                                                        \
    if (var == NULL)                                                                               \
        cr_skip_test("shared data %s not found (set MAMORU_SHARED_DATA)", rel);

/* The JP territory types we map, and the class each must get. A 10-digit
 * 060 "personalNumber" belongs to a former service: we call it invalid. */
static const struct {
    const char *tag;
    mm_phone_class cls;
} jp_types[] = {
    {"fixedLine", MM_PHONE_GEOGRAPHIC},
    {"mobile", MM_PHONE_MOBILE},
    {"pager", MM_PHONE_M2M},
    {"tollFree", MM_PHONE_TOLL_FREE},
    {"premiumRate", MM_PHONE_PREMIUM},
    {"voip", MM_PHONE_IP_PHONE},
    {"uan", MM_PHONE_NAVI_DIAL},
    {"personalNumber", MM_PHONE_INVALID},
};

/* Text of <tag>…</tag> child "child" inside the JP territory, whitespace
 * removed, into buf. */
static bool element_text(const char *xml, const char *tag, const char *child, char *buf, size_t cap)
{
    char open[64], close[64], copen[64], cclose[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    snprintf(copen, sizeof copen, "<%s>", child);
    snprintf(cclose, sizeof cclose, "</%s>", child);
    const char *s = strstr(xml, open);
    const char *e = s ? strstr(s, close) : NULL;
    const char *c = s ? strstr(s, copen) : NULL;
    if (!s || !e || !c || c > e)
        return false;
    c += strlen(copen);
    const char *ce = strstr(c, cclose);
    size_t n = 0;
    for (; c < ce && n + 1 < cap; c++)
        if (*c != ' ' && *c != '\n' && *c != '\r' && *c != '\t')
            buf[n++] = *c;
    buf[n] = '\0';
    return true;
}

Test(norm_phone, libphonenumber_example_numbers)
{
    NEED(xml, "libphonenumber-jp/jp_territory_PhoneNumberMetadata.xml");
    int checked = 0;
    for (size_t i = 0; i < sizeof jp_types / sizeof *jp_types; i++) {
        char ex[64], in[80];
        if (!element_text(xml, jp_types[i].tag, "exampleNumber", ex, sizeof ex))
            continue;
        const char *forms[] = {"+81%s", "0%s", "+81-(0)%s", "0081%s"};
        for (size_t f = 0; f < 4; f++) {
            snprintf(in, sizeof in, forms[f], ex);
            mm_phone p;
            mm_error err;
            cr_assert_eq(mm_norm_phone(in, &p, &err), MM_OK, "%s (%s): %s", in, jp_types[i].tag,
                         err.message);
            cr_expect_eq(p.cls, jp_types[i].cls, "%s (%s) → %s", in, jp_types[i].tag,
                         mm_phone_class_name(p.cls));
            cr_expect_str_eq(p.e164 + 3, ex);
            checked++;
        }
    }
    cr_assert_geq(checked, 28, "only %d example numbers found", checked);
    free(xml);
}

/* libphonenumber's nationalNumberPattern uses (?:…) and \d; POSIX ERE has
 * neither, so rewrite to plain groups and [0-9] and anchor. */
static void compile_pattern(const char *pat, regex_t *re)
{
    char buf[4096];
    size_t n = 0;
    buf[n++] = '^', buf[n++] = '(';
    for (const char *p = pat; *p && n + 8 < sizeof buf; p++) {
        if (p[0] == '(' && p[1] == '?' && p[2] == ':') {
            buf[n++] = '(';
            p += 2;
        } else if (p[0] == '\\' && p[1] == 'd') {
            memcpy(buf + n, "[0-9]", 5);
            n += 5;
            p++;
        } else {
            buf[n++] = *p;
        }
    }
    buf[n++] = ')', buf[n++] = '$', buf[n] = '\0';
    cr_assert_eq(regcomp(re, buf, REG_EXTENDED | REG_NOSUB), 0, "regcomp %s", buf);
}

Test(norm_phone, libphonenumber_type_patterns_over_all_prefixes)
{
    NEED(xml, "libphonenumber-jp/jp_territory_PhoneNumberMetadata.xml");
    enum { NT = sizeof jp_types / sizeof *jp_types };
    regex_t re[NT];
    bool have[NT];
    for (size_t t = 0; t < NT; t++) {
        char pat[4096];
        have[t] = element_text(xml, jp_types[t].tag, "nationalNumberPattern", pat, sizeof pat);
        if (have[t])
            compile_pattern(pat, &re[t]);
    }
    cr_assert(have[0] && have[1], "fixedLine / mobile patterns missing");
    static const char *const fillers[] = {"567890123", "000000000", "999999999"};
    int agreed = 0;
    for (int prefix = 1000; prefix <= 9999; prefix++) {
        if (prefix / 100 == 10)
            continue; /* a leading 010 is the international access code */
        for (int len = 9; len <= 10; len++) {
            for (size_t f = 0; f < 3; f++) {
                char nsn[16], in[20];
                snprintf(nsn, sizeof nsn, "%d%s", prefix, fillers[f]);
                nsn[len] = '\0';
                int want = -1;
                for (size_t t = 0; t < NT && want < 0; t++)
                    if (have[t] && regexec(&re[t], nsn, 0, NULL, 0) == 0)
                        want = (int)t;
                snprintf(in, sizeof in, "0%s", nsn);
                mm_phone p;
                mm_error err;
                mm_status st = mm_norm_phone(in, &p, &err);
                if (want >= 0) {
                    cr_assert_eq(st, MM_OK, "%s is %s in libphonenumber: %s", in,
                                 jp_types[want].tag, err.message);
                    cr_assert_eq(p.cls, jp_types[want].cls, "%s is %s in libphonenumber, got %s",
                                 in, jp_types[want].tag, mm_phone_class_name(p.cls));
                    agreed++;
                } else {
                    cr_assert(st != MM_OK || p.cls == MM_PHONE_INVALID,
                              "%s matches no libphonenumber type but we say %s", in,
                              mm_phone_class_name(p.cls));
                }
            }
        }
    }
    cr_assert_gt(agreed, 10000);
    for (size_t t = 0; t < NT; t++)
        if (have[t])
            regfree(&re[t]);
    free(xml);
}

/* Every prefix in a "81PPP|name" file, padded with digits to len national
 * digits, must get cls. */
static void check_prefix_file(const char *rel, int len, mm_phone_class cls, int min_rows)
{
    NEED(txt, rel);
    int rows = 0;
    for (char *line = strtok(txt, "\n"); line; line = strtok(NULL, "\n")) {
        char *bar = strchr(line, '|');
        if (line[0] == '#' || bar == NULL || strncmp(line, "81", 2) != 0)
            continue;
        *bar = '\0';
        char in[32] = "0";
        strncat(in, line + 2, 20);
        while ((int)strlen(in) < len)
            strcat(in, "5");
        mm_phone p;
        mm_error err;
        cr_assert_eq(mm_norm_phone(in, &p, &err), MM_OK, "%s (%s): %s", in, bar + 1, err.message);
        cr_expect_eq(p.cls, cls, "%s (%s): %s", in, bar + 1, mm_phone_class_name(p.cls));
        rows++;
    }
    cr_assert_geq(rows, min_rows, "%s: only %d rows", rel, rows);
    free(txt);
}

Test(norm_phone, libphonenumber_carrier_prefixes_are_mobile)
{
    check_prefix_file("libphonenumber-jp/carrier_en_81.txt", 11, MM_PHONE_MOBILE, 200);
}

Test(norm_phone, libphonenumber_area_prefixes_are_geographic)
{
    check_prefix_file("libphonenumber-jp/geocoding_ja_81.txt", 10, MM_PHONE_GEOGRAPHIC, 300);
}

Test(norm_phone, country_codes_match_libphonenumber)
{
    NEED(xml, "libphonenumber-jp/PhoneNumberMetadata.xml");
    bool known[1000] = {false};
    int count = 0;
    for (const char *p = xml; (p = strstr(p, "countryCode=\"")) != NULL;) {
        p += strlen("countryCode=\"");
        int cc = atoi(p);
        cr_assert(cc > 0 && cc < 1000);
        count += !known[cc];
        known[cc] = true;
    }
    cr_assert_gt(count, 200);
    /* Country codes are a prefix code: every 3-digit start either begins with
     * exactly one assigned code or is unassigned. */
    for (int three = 200; three <= 999; three++) {
        if (three / 100 == 7)
            continue;
        int want = known[three / 10] ? three / 10 : known[three] ? three : 0;
        char in[32];
        snprintf(in, sizeof in, "+%d%s", three, "2345678");
        mm_phone p;
        mm_error err;
        mm_status st = mm_norm_phone(in, &p, &err);
        if (want == 81)
            continue; /* JP numbering applies */
        cr_assert_eq(st, MM_OK, "%s: %s", in, err.message);
        if (want) {
            cr_expect_eq(p.country_code, want, "%s: cc %d, want %d", in, p.country_code, want);
            cr_expect_neq(p.cls, MM_PHONE_INVALID, "%s: +%d is assigned", in, want);
        } else {
            cr_expect_eq(p.cls, MM_PHONE_INVALID, "%s: +%d… is not assigned", in, three);
            cr_expect_eq(p.country_code, three);
        }
    }
    free(xml);
}
