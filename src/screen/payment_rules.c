/*
 * payment_rules.c — parsing the reviewed rules file (data/payment_rules.tsv)
 * and the exchange deposit accounts (data/exchange_accounts.tsv) into the
 * opaque mm_payment_rules the payment screen reads.
 *
 * Every threshold is data: the C code knows only each rule's code and which
 * parameters it takes, so a reviewer changes a number without a release,
 * and a typo ("min_ammount") is refused with its line rather than silently
 * leaving a rule at a default. A rule absent from the file is off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "screen/payment_internal.h"

static const char *const param_names[P__COUNT] = {
    [P_MIN_AGE] = "min_age",
    [P_MIN_AMOUNT] = "min_amount",
    [P_WINDOW] = "window",
    [P_MIN_COUNT] = "min_count",
    [P_MIN_SENDERS] = "min_senders",
    [P_PASS_PCT] = "pass_pct",
    [P_MAX_DWELL] = "max_dwell",
    [P_YOUNG_DAYS] = "young_days",
    [P_REPORTED_WEIGHT] = "reported_weight",
};

#define B(p) (1u << (p))

/* Code and parameters per rule: allowed (all required except those in opt). */
static const struct {
    const char *code;
    unsigned params;
    unsigned optional;
} defs[R__COUNT] = {
    [R_ACCOUNT_FROZEN] = {"ACCOUNT_FROZEN", 0, 0},
    [R_ACCOUNT_LISTED] = {"ACCOUNT_LISTED", B(P_REPORTED_WEIGHT), B(P_REPORTED_WEIGHT)},
    [R_PAYER_LISTED] = {"PAYER_LISTED", 0, 0},
    [R_PAYEE_NAME_MISMATCH] = {"PAYEE_NAME_MISMATCH", 0, 0},
    [R_ELDERLY_LARGE_TRANSFER] = {"ELDERLY_LARGE_TRANSFER", B(P_MIN_AGE) | B(P_MIN_AMOUNT), 0},
    [R_ELDERLY_NEW_PAYEE] = {"ELDERLY_NEW_PAYEE", B(P_MIN_AGE) | B(P_MIN_AMOUNT), 0},
    [R_FIRST_PAYEE_LARGE] = {"FIRST_PAYEE_LARGE", B(P_MIN_AMOUNT), 0},
    [R_IB_NEW_DEVICE_LARGE] = {"IB_NEW_DEVICE_LARGE", B(P_WINDOW) | B(P_MIN_AMOUNT), 0},
    [R_IB_LIMIT_RAISED_LARGE] = {"IB_LIMIT_RAISED_LARGE", B(P_WINDOW) | B(P_MIN_AMOUNT), 0},
    [R_EXCHANGE_NAME_MISMATCH] = {"EXCHANGE_NAME_MISMATCH", 0, 0},
    [R_EXCHANGE_DEPOSIT_ELDERLY] = {"EXCHANGE_DEPOSIT_ELDERLY", B(P_MIN_AGE) | B(P_MIN_AMOUNT), 0},
    [R_CRYPTO_FIRST_SEND_LARGE] = {"CRYPTO_FIRST_SEND_LARGE", B(P_MIN_AMOUNT), 0},
    [R_ATM_ON_PHONE_CALL] = {"ATM_ON_PHONE_CALL", 0, 0},
    [R_ATM_REPEATED_LIMIT] = {"ATM_REPEATED_LIMIT", B(P_WINDOW) | B(P_MIN_COUNT) | B(P_MIN_AMOUNT),
                              0},
    [R_EMONEY_HIGH_VALUE] = {"EMONEY_HIGH_VALUE", B(P_MIN_AMOUNT), 0},
    [R_EMONEY_BULK] = {"EMONEY_BULK", B(P_WINDOW) | B(P_MIN_COUNT) | B(P_MIN_AMOUNT), 0},
    [R_EMONEY_ELDERLY] = {"EMONEY_ELDERLY", B(P_MIN_AGE) | B(P_MIN_AMOUNT), 0},
    [R_MULE_PASS_THROUGH] = {"MULE_PASS_THROUGH",
                             B(P_WINDOW) | B(P_MIN_SENDERS) | B(P_MIN_AMOUNT) | B(P_PASS_PCT) |
                                 B(P_MAX_DWELL),
                             0},
    [R_MULE_YOUNG_ACCOUNT] = {"MULE_YOUNG_ACCOUNT", B(P_YOUNG_DAYS), 0},
    [R_PAYEE_MULE_PATTERN] = {"PAYEE_MULE_PATTERN",
                              B(P_WINDOW) | B(P_MIN_SENDERS) | B(P_MIN_AMOUNT) | B(P_PASS_PCT) |
                                  B(P_MAX_DWELL),
                              0},
    [R_PAYEE_VELOCITY] = {"PAYEE_VELOCITY",
                          B(P_WINDOW) | B(P_MIN_COUNT) | B(P_MIN_AMOUNT) | B(P_YOUNG_DAYS),
                          B(P_YOUNG_DAYS)},
    [R_AMOUNT_VELOCITY] = {"AMOUNT_VELOCITY", B(P_WINDOW) | B(P_MIN_COUNT) | B(P_MIN_AMOUNT), 0},
    [R_FOREIGN_REMITTANCE] = {"FOREIGN_REMITTANCE", B(P_MIN_AMOUNT), 0},
};

const char *pay_rule_code(enum pay_rule r)
{
    return (unsigned)r < R__COUNT ? defs[r].code : "UNKNOWN";
}

uint64_t pay_key(const char *s)
{
    uint64_t k = XXH3_64bits(s, strlen(s));
    return k ? k : 1;
}

uint64_t pay_key_ns(char ns, const char *s)
{
    uint64_t k = XXH3_64bits_withSeed(s, strlen(s), (uint64_t)(unsigned char)ns);
    return k ? k : 1;
}

/* Split line (modified in place) at tabs into at most max fields. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static mm_status parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return MM_EINVAL;
    long long v = strtoll(s, &end, 10);
    if (*end || v < lo || v > hi)
        return MM_EINVAL;
    *out = v;
    return MM_OK;
}

static mm_status parse_params(char *s, pay_rule_def *r, unsigned allowed, long line, mm_error *err)
{
    for (int i = 0; i < P__COUNT; i++)
        r->p[i] = -1;
    if (strcmp(s, "-") == 0 || s[0] == '\0')
        return MM_OK;
    char *save = NULL;
    for (char *kv = strtok_r(s, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (eq == NULL)
            return mm_error_set(err, MM_EINVAL, "params", "line %ld: '%.40s' is not name=value",
                                line, kv);
        *eq = '\0';
        int which = -1;
        for (int i = 0; i < P__COUNT; i++)
            if (strcmp(kv, param_names[i]) == 0)
                which = i;
        if (which < 0 || !(allowed & B(which)))
            return mm_error_set(err, MM_EINVAL, "params", "line %ld: %s takes no parameter '%.40s'",
                                line, r->code, kv);
        int64_t hi = which == P_PASS_PCT || which == P_REPORTED_WEIGHT ? 100
                     : which == P_MIN_AGE                              ? 150
                     : which == P_MIN_COUNT || which == P_MIN_SENDERS  ? PAY_RING
                                                                       : INT64_C(1) << 40;
        if (parse_int(eq + 1, which == P_MIN_COUNT || which == P_MIN_SENDERS ? 1 : 0, hi,
                      &r->p[which]) != MM_OK)
            return mm_error_set(err, MM_EINVAL, "params",
                                "line %ld: %s=%.40s is not an integer in 0..%lld", line, kv, eq + 1,
                                (long long)hi);
    }
    return MM_OK;
}

static int cmp_ex(const void *a, const void *b)
{
    uint64_t x = ((const pay_exchange *)a)->key, y = ((const pay_exchange *)b)->key;
    return x < y ? -1 : x > y;
}

/* Copy the text into one block: strings point into it. */
static char *dup_block(const char *a, size_t al, const char *b, size_t bl)
{
    char *s = malloc(al + bl + 2);
    if (s == NULL)
        return NULL;
    if (al)
        memcpy(s, a, al);
    s[al] = '\0';
    if (bl)
        memcpy(s + al + 1, b, bl);
    s[al + 1 + bl] = '\0';
    return s;
}

static mm_status parse_rules(mm_payment_rules *r, char *text, mm_error *err)
{
    long line = 0;
    char *save = NULL;
    bool seen[R__COUNT] = {false};
    /* strtok_r skips empty lines, so count newlines by hand */
    char *p = text;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        size_t len = strlen(l);
        if (len && l[len - 1] == '\r')
            l[--len] = '\0';
        if (len == 0 || l[0] == '#')
            continue;
        char *f[8];
        int n = split_tabs(l, f, 8);
        if (n != 7)
            return mm_error_set(err, MM_EINVAL, "payment_rules",
                                "line %ld: %d columns, expected 7 (code, weight, params, category, "
                                "audience, ja, en)",
                                line, n);
        int which = -1;
        for (int i = 0; i < R__COUNT; i++)
            if (strcmp(f[0], defs[i].code) == 0)
                which = i;
        if (which < 0)
            return mm_error_set(err, MM_EINVAL, "code", "line %ld: unknown rule code '%.40s'", line,
                                f[0]);
        if (seen[which])
            return mm_error_set(err, MM_EINVAL, "code", "line %ld: rule %s given twice", line,
                                f[0]);
        seen[which] = true;
        pay_rule_def *d = &r->r[which];
        d->code = defs[which].code;
        int64_t w;
        if (parse_int(f[1], 0, 100, &w) != MM_OK)
            return mm_error_set(err, MM_EINVAL, "weight", "line %ld: weight '%.20s' is not 0..100",
                                line, f[1]);
        d->weight = (int)w;
        mm_status st = parse_params(f[2], d, defs[which].params, line, err);
        if (st != MM_OK)
            return st;
        unsigned required = defs[which].params & ~defs[which].optional;
        for (int i = 0; i < P__COUNT; i++)
            if ((required & B(i)) && d->p[i] < 0)
                return mm_error_set(err, MM_EINVAL, "params", "line %ld: %s needs %s=", line,
                                    d->code, param_names[i]);
        if (strcmp(f[4], "clerk") != 0 && strcmp(f[4], "customer") != 0)
            return mm_error_set(err, MM_EINVAL, "audience",
                                "line %ld: audience '%.20s' is not clerk or customer", line, f[4]);
        if (f[5][0] == '\0' || f[6][0] == '\0')
            return mm_error_set(err, MM_EINVAL, "text",
                                "line %ld: %s needs a Japanese and an "
                                "English text",
                                line, d->code);
        d->category = strcmp(f[3], "-") == 0 ? NULL : f[3];
        d->audience = f[4];
        d->ja = f[5];
        d->en = f[6];
        d->on = true;
    }
    (void)save;
    return MM_OK;
}

static mm_status parse_exchanges(mm_payment_rules *r, char *text, mm_error *err)
{
    size_t cap = 0;
    long line = 0;
    char *p = text;
    mm_arena *a = mm_arena_new(0);
    if (a == NULL)
        return mm_error_set(err, MM_ENOMEM, "exchange_accounts", "out of memory");
    mm_status st = MM_OK;
    while (p && *p && st == MM_OK) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        size_t len = strlen(l);
        if (len && l[len - 1] == '\r')
            l[--len] = '\0';
        if (len == 0 || l[0] == '#')
            continue;
        char *f[4];
        int n = split_tabs(l, f, 4);
        if (n != 3) {
            st = mm_error_set(err, MM_EINVAL, "exchange_accounts",
                              "line %ld: %d columns, expected 3 (account, exchange, holder)", line,
                              n);
            break;
        }
        const char *canon;
        mm_kind kind;
        mm_error e;
        mm_arena_reset(a);
        if (mm_norm_account(f[0], NULL, a, &canon, &kind, &e) != MM_OK ||
            kind != MM_KIND_BANK_ACCOUNT) {
            st = mm_error_set(err, MM_EINVAL, "account", "line %ld: '%.40s' is not a bank account",
                              line, f[0]);
            break;
        }
        if (r->nex == cap) {
            cap = cap ? cap * 2 : 16;
            pay_exchange *nx = realloc(r->ex, cap * sizeof *nx);
            if (nx == NULL) {
                st = mm_error_set(err, MM_ENOMEM, "exchange_accounts", "out of memory");
                break;
            }
            r->ex = nx;
        }
        r->ex[r->nex++] = (pay_exchange){.key = pay_key(canon), .name = f[1], .holder = f[2]};
    }
    mm_arena_free(a);
    if (st == MM_OK && r->nex)
        qsort(r->ex, r->nex, sizeof *r->ex, cmp_ex);
    return st;
}

mm_status mm_payment_rules_parse(const char *rules_tsv, size_t rules_len, const char *exch_tsv,
                                 size_t exch_len, mm_payment_rules **out, mm_error *err)
{
    *out = NULL;
    mm_payment_rules *r = calloc(1, sizeof *r);
    if (r == NULL)
        return mm_error_set(err, MM_ENOMEM, "payment_rules", "out of memory");
    r->strings = dup_block(rules_tsv ? rules_tsv : "", rules_tsv ? rules_len : 0,
                           exch_tsv ? exch_tsv : "", exch_tsv ? exch_len : 0);
    if (r->strings == NULL) {
        free(r);
        return mm_error_set(err, MM_ENOMEM, "payment_rules", "out of memory");
    }
    mm_status st = parse_rules(r, r->strings, err);
    if (st == MM_OK && exch_tsv)
        st = parse_exchanges(r, r->strings + rules_len + 1, err);
    if (st != MM_OK) {
        mm_payment_rules_free(r);
        return st;
    }
    *out = r;
    return MM_OK;
}

void mm_payment_rules_free(mm_payment_rules *r)
{
    if (r == NULL)
        return;
    free(r->ex);
    free(r->strings);
    free(r);
}

size_t mm_payment_rules_count(const mm_payment_rules *r)
{
    size_t n = 0;
    for (int i = 0; r && i < R__COUNT; i++)
        n += r->r[i].on;
    return n;
}

size_t mm_payment_rules_exchanges(const mm_payment_rules *r)
{
    return r ? r->nex : 0;
}

const char *mm_payment_rules_exchange(const mm_payment_rules *r, const char *account)
{
    if (r == NULL || r->nex == 0 || account == NULL)
        return NULL;
    pay_exchange k = {.key = pay_key(account)};
    const pay_exchange *e = bsearch(&k, r->ex, r->nex, sizeof *r->ex, cmp_ex);
    return e ? e->name : NULL;
}
