/* Tests for src/norm/bank.c: input forms (canonical, positional with kana
 * names, key=value, ゆうちょ 記号-番号 per JP Bank's published conversion),
 * holder-name folding (half-width kana, voicing, small kana, entity markers
 * as in japan.md §2), errors, and the real Zengin code list from
 * ../shared/data/zengin-code (skipped when absent). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"

static mm_arena *arena;

static void setup(void)
{
    arena = mm_arena_new(0);
}

static void teardown(void)
{
    mm_arena_free(arena);
}

static const struct {
    const char *in;
    const char *canonical;
    const char *holder; /* NULL: none */
} ok_cases[] = {
    {"0001-001-1-1234567", "0001-001-1-1234567", NULL},
    {"  0001-001-1-1234567  ", "0001-001-1-1234567", NULL},
    {"０００１－００１－１－１２３４５６７", "0001-001-1-1234567", NULL},
    {"0001 001 普通 1234567 ﾔﾏﾀﾞ ﾀﾛｳ", "0001-001-1-1234567", "ヤマダ タロウ"},
    {"0001　001　普通　1234567　ヤマダ　タロウ", "0001-001-1-1234567", "ヤマダ タロウ"},
    {"0001 001 普通預金 1234567", "0001-001-1-1234567", NULL},
    {"0001 001 普 1234567", "0001-001-1-1234567", NULL},
    {"0001 001 普通1234567 ﾔﾏﾀﾞ", "0001-001-1-1234567", "ヤマダ"},
    {"0001 001 futsu 1234567", "0001-001-1-1234567", NULL},
    {"0001 001 FUTSU 1234567", "0001-001-1-1234567", NULL},
    {"0005 123 当座 7654321 ｶ)ｴｲﾁｹｰﾄﾚｰﾃﾞｲﾝｸﾞ", "0005-123-2-7654321", "カ)エイチケートレーデイング"},
    {"0005 123 当 7654321", "0005-123-2-7654321", NULL},
    {"0005 123 toza 7654321", "0005-123-2-7654321", NULL},
    {"0005 123 貯蓄 7654321", "0005-123-4-7654321", NULL},
    {"0005 123 その他 7654321", "0005-123-9-7654321", NULL},
    {"0001 001 4 1234567", "0001-001-4-1234567", NULL},
    {"0001 001 9 1234567", "0001-001-9-1234567", NULL},
    {"0001-001-1234567", "0001-001-1-1234567", NULL},
    {"0001 001 123", "0001-001-1-0000123", NULL},
    {"0036-251-1-0000001 ﾀﾅｶ ﾀﾛｳ", "0036-251-1-0000001", "タナカ タロウ"},
    {"bank=0001 branch=001 type=当座 number=123 holder=カ）テスト", "0001-001-2-0000123",
     "カ)テスト"},
    {"bank=0001 branch=001 number=123", "0001-001-1-0000123", NULL},
    {"branch=001 bank=0001 type=1 number=1234567 holder=ﾔﾏﾀﾞ ﾀﾛｳ", "0001-001-1-1234567",
     "ヤマダ タロウ"},
    {"BANK=０００９ BRANCH=１００ TYPE=2 NUMBER=７６５４３２１", "0009-100-2-7654321", NULL},
    /* ゆうちょ: 総合口座 (記号 1…): 店番 = 記号[2..3] + 8, 普通, 番号 minus final 1 */
    {"12345-12345671", "9900-238-1-1234567", NULL},
    {"17300-19927651", "9900-738-1-1992765", NULL},
    {"10120-12345671 ﾔﾏﾀﾞ ﾊﾅｺ", "9900-018-1-1234567", "ヤマダ ハナコ"},
    {"ゆうちょ 10120 12345671", "9900-018-1-1234567", NULL},
    {"ゆうちょ銀行 １０１２０－１２３４５６７１", "9900-018-1-1234567", NULL},
    {"12345-1231", "9900-238-1-0000123", NULL},
    /* ゆうちょ 振替口座 (記号 0…): 店番 = 記号[2..3] + 9, 当座, 番号 as is */
    {"00120-3-123456", "9900-019-2-0123456", NULL},
    {"00120-123456", "9900-019-2-0123456", NULL},
};

Test(norm_bank, input_forms, .init = setup, .fini = teardown)
{
    for (size_t i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
        mm_bank_account b;
        mm_error err = {0};
        cr_assert_eq(mm_norm_bank_account(ok_cases[i].in, NULL, arena, &b, &err), MM_OK,
                     "%s: %s (%s)", ok_cases[i].in, err.message, err.field);
        cr_expect_str_eq(b.canonical, ok_cases[i].canonical, "%s", ok_cases[i].in);
        if (ok_cases[i].holder)
            cr_expect(b.holder && strcmp(b.holder, ok_cases[i].holder) == 0,
                      "%s: holder '%s', want '%s'", ok_cases[i].in, b.holder ? b.holder : "(null)",
                      ok_cases[i].holder);
        else
            cr_expect_null(b.holder, "%s: holder '%s'", ok_cases[i].in, b.holder);
        cr_expect_null(b.bank_name);
        /* parts agree with the canonical string */
        char re[32];
        snprintf(re, sizeof re, "%s-%s-%d-%s", b.bank, b.branch, b.type, b.number);
        cr_expect_str_eq(re, b.canonical);
    }
}

/* Holder names: every writing of the same Zengin name folds to one form. */
static const struct {
    const char *in;
    const char *want;
} holders[] = {
    {"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"},
    {"やまだ たろう", "ヤマダ タロウ"},
    {"ヤマダ　　タロウ ", "ヤマダ タロウ"},
    {"ヤマダ・タロウ", "ヤマダ タロウ"},
    {"ﾔﾏﾀﾞ･ﾀﾛｳ", "ヤマダ タロウ"},
    {"yamada taro", "YAMADA TARO"},
    {"ｙａｍａｄａ", "YAMADA"},
    {"キュウヨ", "キユウヨ"},
    {"ｷｭｳﾖ", "キユウヨ"},
    {"きゅうよ", "キユウヨ"},
    {"ｼﾞﾔﾊﾟﾝﾈﾂﾄ", "ジヤパンネツト"},
    {"ジャパンネット", "ジヤパンネツト"},
    {"ｳﾞｨﾚｯｼﾞ", "ヴイレツジ"},
    {"か\xe3\x82\x99", "ガ"}, /* か + combining dakuten */
    {"ハ\xe3\x82\x9a", "パ"}, /* ハ + combining handakuten */
    {"ヵヶ", "カケ"},
    {"ﾀﾛｰ", "タロー"},
    {"タロ－", "タロー"},
    {"タロ-", "タロー"},
    {"ABC-123", "ABC-123"},
    /* entity markers → prefix form */
    {"ｶ)ﾃｽﾄ", "カ)テスト"},
    {"ｶ) ﾃｽﾄ", "カ)テスト"},
    {"カ）テスト", "カ)テスト"},
    {"（株）テスト", "カ)テスト"},
    {"(株)テスト", "カ)テスト"},
    {"㈱テスト", "カ)テスト"},
    {"株式会社テスト", "カ)テスト"},
    {"株式会社 テスト", "カ)テスト"},
    {"テスト株式会社", "カ)テスト"},
    {"テスト(株)", "カ)テスト"},
    {"ﾃｽﾄ(ｶ", "カ)テスト"},
    {"ﾃｽﾄ (ｶ", "カ)テスト"},
    {"ﾕ)ｻﾝﾌﾟﾙ", "ユ)サンプル"},
    {"有限会社サンプル", "ユ)サンプル"},
    {"㈲サンプル", "ユ)サンプル"},
    {"ｻﾝﾌﾟﾙ(ﾕ", "ユ)サンプル"},
    {"ﾄﾞ)ﾃｽﾄ", "ド)テスト"},
    {"ド）テスト", "ド)テスト"},
    {"合同会社テスト", "ド)テスト"},
    {"ﾃｽﾄ(ﾄﾞ", "ド)テスト"},
    {"ｶ)ﾃｽﾄ(ｴｲ", "カ)テスト(エイ"},
    {"ｶ)ﾃｽﾄ(ｴｲ)", "カ)テスト(エイ)"},
};

Test(norm_bank, holder_names_fold, .init = setup, .fini = teardown)
{
    for (size_t i = 0; i < sizeof holders / sizeof *holders; i++) {
        char in[256];
        snprintf(in, sizeof in, "0001-001-1-1234567 %s", holders[i].in);
        mm_bank_account b;
        mm_error err = {0};
        cr_assert_eq(mm_norm_bank_account(in, NULL, arena, &b, &err), MM_OK, "%s: %s", in,
                     err.message);
        cr_expect(b.holder && strcmp(b.holder, holders[i].want) == 0, "'%s' → '%s', want '%s'",
                  holders[i].in, b.holder ? b.holder : "(null)", holders[i].want);
        /* folding is idempotent */
        if (b.holder) {
            char again[256];
            snprintf(again, sizeof again, "0001-001-1-1234567 %s", b.holder);
            mm_bank_account b2;
            cr_assert_eq(mm_norm_bank_account(again, NULL, arena, &b2, &err), MM_OK);
            cr_expect_str_eq(b2.holder, b.holder);
        }
    }
}

static const struct {
    const char *in;
    const char *field;
    const char *msg_part;
} bad_cases[] = {
    {"", "bank_account", "contains no account"},
    {"   ", "bank_account", "contains no account"},
    {"みずほ銀行 001 普通 1234567", "bank", "'みずほ銀行' is not a 4-digit bank code"},
    {"001-001-1-1234567", "bank", "'001' is not a 4-digit"},
    {"00001-001-1-1234567", "bank_account", "unexpected '-1-1234567'"},
    {"0001-01-1-1234567", "branch", "'01' is not a 3-digit branch code"},
    {"0001-0001-1-1234567", "branch", "'0001'"},
    {"0001-001-3-1234567", "type", "'3' is not an account type"},
    {"0001-001-ﾌﾂｳ-1234567", "type", "not an account type"},
    {"0001-001-1-12345678", "number", "'12345678' has 8 digits"},
    {"0001-001", "number", "no account number"},
    {"0001-001-普通", "number", "no account number"},
    {"0001-001-1-1234567-89", "bank_account", "unexpected '-89'"},
    {"0001-001-1-123456a", "bank_account", "unexpected"},
    {"12345-12345670", "number", "must end in 1"},
    {"22345-12345671", "branch", "must start with 0 or 1"},
    {"12345", "number", "has no 番号"},
    {"12345-123456789", "number", "not 1-8 digits"},
    {"bank=0001 branch=001 number=12a", "number", "'12a'"},
    {"bank=0001 number=1", "branch", "branch= is missing"},
    {"bank=0001 branch=001", "number", "number= is missing"},
    {"bank=0001 branch=001 number=1 color=red", "bank_account", "'color=red'"},
    {"bank=0001 branch=001 type=x number=1", "type", "'x'"},
    {"0001\xff-001-1-1", "bank_account", "UTF-8"},
};

Test(norm_bank, holder_growth_and_long_input, .init = setup, .fini = teardown)
{
    /* every '-' after kana becomes 'ー' (1 byte → 3): the output must fit */
    char in[4096] = "0001-001-1-1234567 ｱ";
    size_t n = strlen(in);
    memset(in + n, '-', 3000);
    in[n + 3000] = '\0';
    mm_bank_account b;
    mm_error err = {0};
    cr_assert_eq(mm_norm_bank_account(in, NULL, arena, &b, &err), MM_OK, "%s", err.message);
    cr_assert_eq(strlen(b.holder), 3 + 3000 * 3);
    /* a long bad value is quoted truncated */
    char bad[4096];
    memset(bad, 'x', 3000);
    bad[3000] = '\0';
    cr_assert_eq(mm_norm_bank_account(bad, NULL, arena, &b, &err), MM_EINVAL);
    cr_expect_lt(strlen(err.message), sizeof err.message - 1);
}

Test(norm_bank, errors_name_field_and_value, .init = setup, .fini = teardown)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        mm_bank_account b;
        mm_error err = {0};
        cr_assert_eq(mm_norm_bank_account(bad_cases[i].in, NULL, arena, &b, &err), MM_EINVAL,
                     "%s accepted as %s", bad_cases[i].in, b.canonical);
        cr_expect_str_eq(err.field, bad_cases[i].field, "%s: field %s (%s)", bad_cases[i].in,
                         err.field, err.message);
        cr_expect(strstr(err.message, bad_cases[i].msg_part) != NULL, "%s: '%s' lacks '%s'",
                  bad_cases[i].in, err.message, bad_cases[i].msg_part);
        cr_expect_str_eq(b.canonical, "");
    }
    mm_bank_account b;
    cr_assert_eq(mm_norm_bank_account(NULL, NULL, arena, &b, NULL), MM_EINVAL);
}

/* ---- Zengin code list ------------------------------------------------------- */

static char *slurp(const char *rel, size_t *len)
{
    const char *root = getenv("MAMORU_SHARED_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root && *root ? root : "../shared/data", rel);
    FILE *f = fopen(path, "rb");
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
    *len = (size_t)n;
    return s;
}

static mm_zengin *codes;
static char *banks_txt, *branches_txt;
static size_t banks_len, branches_len;

static void load_codes(void)
{
    setup();
    banks_txt = slurp("zengin-code/banks.tsv", &banks_len);
    branches_txt = slurp("zengin-code/branches_all.tsv", &branches_len);
    if (!banks_txt || !branches_txt)
        return;
    mm_error err = {0};
    cr_assert_eq(mm_zengin_parse(banks_txt, banks_len, branches_txt, branches_len, &codes, &err),
                 MM_OK, "%s: %s", err.field, err.message);
}

static void free_codes(void)
{
    mm_zengin_free(codes);
    codes = NULL;
    free(banks_txt);
    free(branches_txt);
    teardown();
}

#define NEED_CODES()                                                                               \
    if (codes == NULL)                                                                             \
        cr_skip_test("shared data zengin-code/*.tsv not found (set MAMORU_SHARED_DATA)");

Test(norm_bank, zengin_names, .init = load_codes, .fini = free_codes)
{
    NEED_CODES();
    cr_expect_str_eq(mm_zengin_bank_name(codes, "0001"), "みずほ");
    cr_expect_str_eq(mm_zengin_bank_name(codes, "0009"), "三井住友");
    cr_expect_str_eq(mm_zengin_bank_name(codes, "9900"), "ゆうちょ");
    cr_expect_null(mm_zengin_bank_name(codes, "0002"));
    cr_expect_null(mm_zengin_bank_name(codes, "01"));
    cr_expect_null(mm_zengin_bank_name(NULL, "0001"));
    cr_expect_str_eq(mm_zengin_branch_name(codes, "0001", "001"), "東京営業部");
    cr_expect_str_eq(mm_zengin_branch_name(codes, "9900", "238"), "二三八");
    cr_expect_null(mm_zengin_branch_name(codes, "0001", "999"));
    cr_expect_null(mm_zengin_branch_name(codes, "0001", "0010"));
}

Test(norm_bank, every_listed_branch_resolves, .init = load_codes, .fini = free_codes)
{
    NEED_CODES();
    /* walk the TSV independently of the parser and resolve every row */
    size_t rows = 0;
    char *copy = malloc(branches_len + 1);
    memcpy(copy, branches_txt, branches_len + 1);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        char bank[5], branch[4], name[256];
        if (sscanf(line, "%4[0-9]\t%3[0-9]\t%*[^\t]\t%255[^\t]", bank, branch, name) != 3)
            continue;
        char in[64];
        snprintf(in, sizeof in, "%s-%s-1-1", bank, branch);
        mm_bank_account b;
        mm_error err = {0};
        cr_assert_eq(mm_norm_bank_account(in, codes, arena, &b, &err), MM_OK, "%s: %s", in,
                     err.message);
        cr_assert_str_eq(b.branch_name, name, "%s", in);
        cr_assert_not_null(b.bank_name);
        rows++;
        if (rows % 4096 == 0)
            mm_arena_reset(arena);
    }
    free(copy);
    cr_assert_gt(rows, 28000, "only %zu branch rows", rows);
}

Test(norm_bank, codes_are_checked, .init = load_codes, .fini = free_codes)
{
    NEED_CODES();
    mm_bank_account b;
    mm_error err = {0};
    cr_assert_eq(mm_norm_bank_account("12345-12345671 ﾔﾏﾀﾞ", codes, arena, &b, &err), MM_OK, "%s",
                 err.message);
    cr_expect_str_eq(b.canonical, "9900-238-1-1234567");
    cr_expect_str_eq(b.bank_name, "ゆうちょ");
    cr_expect_str_eq(b.branch_name, "二三八");
    cr_expect_str_eq(b.holder, "ヤマダ");

    cr_assert_eq(mm_norm_bank_account("0002-001-1-1234567", codes, arena, &b, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "bank");
    cr_expect(strstr(err.message, "'0002'") != NULL, "%s", err.message);
    cr_expect_str_eq(b.canonical, "");

    cr_assert_eq(mm_norm_bank_account("0001-999-1-1234567", codes, arena, &b, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "branch");
    cr_expect(strstr(err.message, "'999'") != NULL && strstr(err.message, "0001") != NULL, "%s",
              err.message);
}

Test(norm_bank, zengin_parse_errors)
{
    mm_zengin *z = NULL;
    mm_error err = {0};
    const char *banks =
        "bank_code\tname\tkana\thira\troma\n0001\tみずほ\tミズホ\tみずほ\tmizuho\r\n";
    cr_assert_eq(mm_zengin_parse(banks, strlen(banks), NULL, 0, &z, &err), MM_OK, "%s",
                 err.message);
    cr_expect_str_eq(mm_zengin_bank_name(z, "0001"), "みずほ");
    cr_expect_null(mm_zengin_branch_name(z, "0001", "001"));
    mm_zengin_free(z);
    mm_zengin_free(NULL);

    const char *bad = "bank_code\tname\n01\tx\n";
    cr_assert_eq(mm_zengin_parse(bad, strlen(bad), NULL, 0, &z, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "banks_tsv");
    cr_expect(strstr(err.message, "line 2") && strstr(err.message, "'01'"), "%s", err.message);
    cr_expect_null(z);

    const char *br = "0001\t01\tみずほ\t東京\n";
    cr_assert_eq(mm_zengin_parse(banks, strlen(banks), br, strlen(br), &z, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "branches_tsv");
    cr_expect(strstr(err.message, "line 1"), "%s", err.message);

    cr_assert_eq(mm_zengin_parse("", 0, NULL, 0, &z, &err), MM_EINVAL);
    cr_assert_eq(mm_zengin_parse("bank_code\tname\n", 15, NULL, 0, &z, &err), MM_EINVAL);
    cr_expect(strstr(err.message, "no rows"), "%s", err.message);
}
