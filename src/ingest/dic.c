/*
 * dic.c — the Deposit Insurance Corporation's frozen-account notices
 * (振り込め詐欺救済法 公告) in the record layout of their site, as TSV with
 * a header line or as JSONL with the same names (docs/payments.md).
 *
 * The site has no bulk download, so the file is whatever a member's
 * scraper wrote: the parser accepts the site's own writings — Japanese
 * notice labels (債権消滅手続開始, 犯罪利用預金口座等でない, …), 普通預金 /
 * 当座預金, full-width digits, ★-marked amounts with commas, Reiwa dates
 * (令和7年5月1日) — and ゆうちょ 記号-番号 accounts. A bad line is reported
 * with its number and column and skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest_payment.h"

static const struct {
    const char *name;
    mm_dic_notice n;
} notices[] = {
    {"start", MM_DIC_START},
    {"extinguished", MM_DIC_EXTINGUISHED},
    {"payment", MM_DIC_PAYMENT},
    {"rights", MM_DIC_RIGHTS},
    {"not_crime", MM_DIC_NOT_CRIME},
    {"債権消滅手続開始", MM_DIC_START},
    {"債権消滅手続の開始", MM_DIC_START},
    {"消滅", MM_DIC_EXTINGUISHED},
    {"債権消滅", MM_DIC_EXTINGUISHED},
    {"被害回復分配金支払手続開始", MM_DIC_PAYMENT},
    {"支払手続開始", MM_DIC_PAYMENT},
    {"支払手続終了", MM_DIC_PAYMENT},
    {"権利行使の届出等", MM_DIC_RIGHTS},
    {"権利行使の届出", MM_DIC_RIGHTS},
    {"犯罪利用預金口座等でない", MM_DIC_NOT_CRIME},
};

const char *mm_dic_notice_name(mm_dic_notice n)
{
    static const char *const names[MM_DIC__COUNT] = {"start", "extinguished", "payment", "rights",
                                                     "not_crime"};
    return (unsigned)n < MM_DIC__COUNT ? names[n] : NULL;
}

mm_status mm_dic_notice_parse(const char *s, mm_dic_notice *out, mm_error *err)
{
    for (size_t i = 0; s && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(s, notices[i].name) == 0) {
            *out = notices[i].n;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "notice",
                        "'%.60s' is not a notice kind (start/債権消滅手続開始, extinguished/消滅, "
                        "payment, rights/権利行使の届出等, not_crime/犯罪利用預金口座等でない)",
                        s ? s : "");
}

bool mm_dic_notice_retracts(mm_dic_notice n)
{
    return n == MM_DIC_RIGHTS || n == MM_DIC_NOT_CRIME;
}

/* ---- small converters ---------------------------------------------------------- */

/* Copy s with full-width digits (U+FF10–FF19) made ASCII, and ★ / ☆,
 * commas, spaces and the trailing "円" removed when strip is set. */
static char *ascii(const char *s, mm_arena *a, bool strip)
{
    size_t n = strlen(s);
    char *o = mm_arena_alloc(a, n + 1);
    if (o == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (u[0] == 0xEF && i + 2 < n && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            o[k++] = (char)('0' + u[2] - 0x90);
            i += 3;
        } else if (strip && i + 2 < n + 0 &&
                   (memcmp(u, "\xE2\x98\x85", 3) == 0 || memcmp(u, "\xE2\x98\x86", 3) == 0 ||
                    memcmp(u, "\xE5\x86\x86", 3) == 0 || memcmp(u, "\xEF\xBC\x8C", 3) == 0)) {
            i += 3; /* ★ ☆ 円 ， */
        } else if (strip && (u[0] == ',' || u[0] == ' ')) {
            i++;
        } else {
            o[k++] = s[i++];
        }
    }
    o[k] = '\0';
    return o;
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int64_t civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return (era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468) * 86400;
}

/* "2025-05-01", "2025/5/1", "2025年5月1日", "令和7年5月1日"; with month_only
 * also "2024-10", "2024年10月", "令和6年10月". 00:00 JST → unix seconds. */
static bool parse_date(const char *in, mm_arena *a, bool month_only, int64_t *out)
{
    const char *s = ascii(in, a, true);
    if (s == NULL)
        return false;
    int base = 0;
    if (strncmp(s, "令和", 6) == 0) {
        base = 2018;
        s += 6;
    } else if (strncmp(s, "R", 1) == 0 && s[1] >= '0' && s[1] <= '9') {
        base = 2018;
        s += 1;
    }
    int v[3] = {0, 0, 1}, nv = 0;
    if (base && strncmp(s, "元年", 6) == 0) { /* 令和元年 = 2019 */
        v[nv++] = 1;
        s += 6;
    }
    while (*s && nv < 3) {
        if (*s < '0' || *s > '9')
            return false;
        int x = 0;
        while (*s >= '0' && *s <= '9')
            x = x * 10 + (*s++ - '0');
        v[nv++] = x;
        if (*s == '-' || *s == '/' || *s == '.')
            s++;
        else if (strncmp(s, "年", 3) == 0 || strncmp(s, "月", 3) == 0 || strncmp(s, "日", 3) == 0)
            s += 3;
        else if (strncmp(s, "元", 3) == 0)
            return false;
    }
    if (*s || nv < (month_only ? 2 : 3))
        return false;
    int y = v[0] + base;
    if (y < 2000 || y > 2100 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return false;
    *out = civil(y, v[1], v[2]) - 9 * 3600;
    return true;
}

static int acct_type(const char *s)
{
    if (strcmp(s, "1") == 0 || strncmp(s, "普通", 6) == 0)
        return 1;
    if (strcmp(s, "2") == 0 || strncmp(s, "当座", 6) == 0)
        return 2;
    if (strcmp(s, "4") == 0 || strncmp(s, "貯蓄", 6) == 0)
        return 4;
    if (strcmp(s, "9") == 0 || strncmp(s, "その他", 9) == 0)
        return 9;
    return 0;
}

/* ---- columns ---------------------------------------------------------------------- */

enum col {
    C_RECORD_NO,
    C_NOTICE,
    C_BANK_CODE,
    C_BANK_NAME,
    C_BRANCH_CODE,
    C_BRANCH_NAME,
    C_ACCOUNT_TYPE,
    C_ACCOUNT_NUMBER,
    C_HOLDER,
    C_AMOUNT,
    C_SUSPENDED,
    C_PUBLISHED,
    C_TRANSFER_MONTH,
    C_UPSTREAM,
    C__COUNT
};
static const char *const col_names[C__COUNT] = {
    "record_no",   "notice",       "bank_code",      "bank_name", "branch_code",
    "branch_name", "account_type", "account_number", "holder",    "amount",
    "suspended",   "published",    "transfer_month", "upstream"};
static const unsigned required = 1u << C_RECORD_NO | 1u << C_NOTICE | 1u << C_BANK_CODE |
                                 1u << C_ACCOUNT_NUMBER | 1u << C_HOLDER;

typedef struct parser {
    mm_arena *a;
    const mm_zengin *codes;
    mm_dic_record *rec;
    size_t n, cap;
    mm_dic_issue *iss;
    size_t ni, icap;
    bool oom;
} parser;

static void issue(parser *p, long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void issue(parser *p, long line, const char *field, const char *fmt, ...)
{
    if (p->ni == p->icap) {
        size_t nc = p->icap ? p->icap * 2 : 16;
        mm_dic_issue *x = mm_arena_alloc(p->a, nc * sizeof *x);
        if (x == NULL) {
            p->oom = true;
            return;
        }
        if (p->ni)
            memcpy(x, p->iss, p->ni * sizeof *x);
        p->iss = x;
        p->icap = nc;
    }
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->iss[p->ni++] =
        (mm_dic_issue){.line = line, .field = field, .message = mm_arena_strdup(p->a, msg)};
}

/* Build one record from column values (NULL = absent). */
static void record(parser *p, long line, const char *const *v)
{
    mm_dic_record r = {.line = line};
    mm_error e;
    for (int c = 0; c < C__COUNT; c++)
        if ((required >> c & 1u) && (v[c] == NULL || v[c][0] == '\0')) {
            issue(p, line, col_names[c], "%s is missing", col_names[c]);
            return;
        }
    r.record_no = mm_arena_strdup(p->a, v[C_RECORD_NO]);
    if (mm_dic_notice_parse(v[C_NOTICE], &r.notice, &e) != MM_OK) {
        issue(p, line, "notice", "%s", e.message);
        return;
    }
    const char *bank = ascii(v[C_BANK_CODE], p->a, true);
    const char *num = ascii(v[C_ACCOUNT_NUMBER], p->a, true);
    const char *branch = v[C_BRANCH_CODE] ? ascii(v[C_BRANCH_CODE], p->a, true) : NULL;
    if (bank == NULL || num == NULL) {
        p->oom = true;
        return;
    }
    if (strlen(bank) != 4 || !all_digits(bank)) {
        issue(p, line, "bank_code", "bank_code '%.20s' is not 4 digits", v[C_BANK_CODE]);
        return;
    }
    char *acct;
    bool yucho_symbol = strcmp(bank, "9900") == 0 && strchr(num, '-') != NULL;
    if (yucho_symbol) {
        acct = mm_arena_printf(p->a, "%s", num); /* 記号-番号: the normaliser converts */
    } else {
        int t = v[C_ACCOUNT_TYPE] ? acct_type(ascii(v[C_ACCOUNT_TYPE], p->a, true)) : 1;
        if (t == 0) {
            issue(p, line, "account_type",
                  "account_type '%.30s' is not 普通預金, 当座預金, 貯蓄預金, その他 or 1/2/4/9",
                  v[C_ACCOUNT_TYPE]);
            return;
        }
        if (branch == NULL || strlen(branch) != 3 || !all_digits(branch)) {
            issue(p, line, "branch_code", "branch_code '%.20s' is not 3 digits",
                  v[C_BRANCH_CODE] ? v[C_BRANCH_CODE] : "");
            return;
        }
        if (!all_digits(num) || strlen(num) > 8) {
            issue(p, line, "account_number", "account_number '%.20s' is not up to 8 digits",
                  v[C_ACCOUNT_NUMBER]);
            return;
        }
        acct = mm_arena_printf(p->a, "%s-%s-%d-%s", bank, branch, t, num);
    }
    mm_kind kind;
    if (acct == NULL || mm_norm_account(acct, p->codes, p->a, &r.account, &kind, &e) != MM_OK ||
        kind != MM_KIND_BANK_ACCOUNT) {
        issue(p, line, "account_number", "account %.40s: %s", acct ? acct : "?", e.message);
        return;
    }
    if (mm_norm_holder(v[C_HOLDER], p->a, &r.holder, &e) != MM_OK) {
        issue(p, line, "holder", "%s", e.message);
        return;
    }
    r.bank_name = v[C_BANK_NAME] ? mm_arena_strdup(p->a, v[C_BANK_NAME]) : NULL;
    r.branch_name = v[C_BRANCH_NAME] ? mm_arena_strdup(p->a, v[C_BRANCH_NAME]) : NULL;
    if (v[C_AMOUNT] && v[C_AMOUNT][0]) {
        const char *am = ascii(v[C_AMOUNT], p->a, true);
        if (am == NULL || !all_digits(am) || strlen(am) > 15) {
            issue(p, line, "amount", "amount '%.30s' is not a yen amount", v[C_AMOUNT]);
            return;
        }
        r.amount = strtoll(am, NULL, 10);
    }
    static const struct {
        enum col c;
        bool month;
    } dates[] = {{C_SUSPENDED, false}, {C_PUBLISHED, false}, {C_TRANSFER_MONTH, true}};
    int64_t *dst[] = {&r.suspended, &r.published, &r.transfer_month};
    for (int i = 0; i < 3; i++) {
        const char *d = v[dates[i].c];
        if (d && d[0] && !parse_date(d, p->a, dates[i].month, dst[i])) {
            issue(p, line, col_names[dates[i].c],
                  "%s '%.40s' is not a date (2025-05-01, 2025/5/1, 令和7年5月1日%s)",
                  col_names[dates[i].c], d, dates[i].month ? ", 2024-10, 2024年10月" : "");
            return;
        }
    }
    if (v[C_UPSTREAM] && v[C_UPSTREAM][0]) {
        char *up = mm_arena_strdup(p->a, v[C_UPSTREAM]);
        char *save = NULL;
        for (char *t = up ? strtok_r(up, ";|", &save) : NULL; t; t = strtok_r(NULL, ";|", &save)) {
            while (*t == ' ')
                t++;
            if (*t == '\0')
                continue;
            if (r.nupstream == MM_DIC_MAX_UPSTREAM) {
                issue(p, line, "upstream", "more than %d upstream accounts", MM_DIC_MAX_UPSTREAM);
                return;
            }
            const char *c;
            if (mm_norm_account(t, p->codes, p->a, &c, &kind, &e) != MM_OK ||
                kind != MM_KIND_BANK_ACCOUNT) {
                issue(p, line, "upstream", "upstream account '%.40s': %s", t, e.message);
                return;
            }
            r.upstream[r.nupstream++] = c;
        }
    }
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 32;
        mm_dic_record *x = mm_arena_alloc(p->a, nc * sizeof *x);
        if (x == NULL) {
            p->oom = true;
            return;
        }
        if (p->n)
            memcpy(x, p->rec, p->n * sizeof *x);
        p->rec = x;
        p->cap = nc;
    }
    p->rec[p->n++] = r;
}

static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *q = line; *q && n < max; q++)
        if (*q == '\t') {
            *q = '\0';
            f[n++] = q + 1;
        }
    return n;
}

mm_status mm_dic_parse(const char *buf, size_t len, const mm_zengin *codes, mm_arena *a,
                       mm_dic_record **out, size_t *n, mm_dic_issue **issues, size_t *nissues,
                       mm_error *err)
{
    *out = NULL;
    *n = 0;
    *issues = NULL;
    *nissues = 0;
    parser p = {.a = a, .codes = codes};
    char *text = mm_arena_strndup(a, buf, len);
    if (text == NULL)
        return mm_error_set(err, MM_ENOMEM, "file", "out of memory");
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3; /* UTF-8 BOM */
    int map[C__COUNT + 8];
    int ncols = -1; /* TSV header not seen yet; 0 = JSONL */
    long line = 0;
    for (char *s = text; s && *s && !p.oom;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *l = s;
        s = nl ? nl + 1 : NULL;
        size_t ll = strlen(l);
        if (ll && l[ll - 1] == '\r')
            l[--ll] = '\0';
        if (ll == 0 || l[0] == '#')
            continue;
        const char *v[C__COUNT] = {0};
        if (ncols < 0 && l[0] == '{')
            ncols = 0;
        if (ncols == 0) {
            json_error_t je;
            json_t *o = json_loadb(l, ll, 0, &je);
            if (!json_is_object(o)) {
                issue(&p, line, "line", "not a JSON object: %s", o ? "" : je.text);
                json_decref(o);
                continue;
            }
            const char *k;
            json_t *jv;
            bool bad = false;
            json_object_foreach(o, k, jv)
            {
                int c = -1;
                for (int i = 0; i < C__COUNT; i++)
                    if (strcmp(k, col_names[i]) == 0)
                        c = i;
                if (c < 0) {
                    issue(&p, line, "line", "unknown field '%.40s'", k);
                    bad = true;
                    break;
                }
                if (json_is_string(jv)) {
                    v[c] = mm_arena_strdup(a, json_string_value(jv));
                } else if (json_is_integer(jv)) {
                    v[c] = mm_arena_printf(a, "%lld", (long long)json_integer_value(jv));
                } else if (json_is_array(jv) && c == C_UPSTREAM) {
                    mm_buf b = {0};
                    size_t i;
                    json_t *x;
                    json_array_foreach(jv, i, x)
                    {
                        if (json_is_string(x)) {
                            if (b.len)
                                mm_buf_putc(&b, ';');
                            mm_buf_puts(&b, json_string_value(x));
                        }
                    }
                    v[c] = mm_arena_strdup(a, b.data ? b.data : "");
                    mm_buf_free(&b);
                } else if (!json_is_null(jv)) {
                    issue(&p, line, col_names[c], "%s: expected a string", col_names[c]);
                    bad = true;
                    break;
                }
            }
            json_decref(o);
            if (!bad)
                record(&p, line, v);
            continue;
        }
        char *f[C__COUNT + 8];
        int nf = split_tabs(l, f, C__COUNT + 8);
        if (ncols < 0) {
            unsigned seen = 0;
            for (int i = 0; i < nf; i++) {
                map[i] = -1;
                for (int c = 0; c < C__COUNT; c++)
                    if (strcmp(f[i], col_names[c]) == 0)
                        map[i] = c;
                if (map[i] < 0)
                    return mm_error_set(err, MM_EINVAL, "header",
                                        "line %ld: unknown column '%.40s' (see docs/payments.md)",
                                        line, f[i]);
                seen |= 1u << map[i];
            }
            for (int c = 0; c < C__COUNT; c++)
                if ((required >> c & 1u) && !(seen >> c & 1u))
                    return mm_error_set(err, MM_EINVAL, "header",
                                        "line %ld: required column '%s' is missing", line,
                                        col_names[c]);
            ncols = nf;
            continue;
        }
        if (nf != ncols) {
            issue(&p, line, "line", "%d columns, the header has %d", nf, ncols);
            continue;
        }
        for (int i = 0; i < nf; i++)
            v[map[i]] = f[i][0] ? f[i] : NULL;
        record(&p, line, v);
    }
    if (p.oom)
        return mm_error_set(err, MM_ENOMEM, "file", "out of memory");
    if (ncols < 0)
        return mm_error_set(err, MM_EINVAL, "header", "no header line and no JSON records");
    *out = p.rec;
    *n = p.n;
    *issues = p.iss;
    *nissues = p.ni;
    return MM_OK;
}
