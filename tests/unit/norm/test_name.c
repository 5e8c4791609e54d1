/* Tests for src/norm/name.c: person and company names, including the
 * Zengin account-holder forms (ｶ)…, …(ｶ, ﾄﾞ)…) from the domain pack. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct io_case {
    const char *in;
    const char *want;
} io_case;

static const io_case person_cases[] = {
    {"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"},
    {"やまだ たろう 様", "ヤマダタロウ"},
    {"ヤマダ　タロウ", "ヤマダタロウ"},
    {"山田\u3000太郎様", "山田太郎"},
    {"山田太郎さん", "山田太郎"},
    {"山田太郎さま", "山田太郎"},
    {"山田 はなこ 殿", "山田ハナコ"},
    {"  Taro   Yamada ", "TARO YAMADA"},
    {"ＴＡＲＯ　ＹＡＭＡＤＡ", "TARO YAMADA"},
    {"ｷｮｳｺ", "キヨウコ"},
    {"きょうこ", "キヨウコ"},
    {"佐藤きょうこ", "佐藤キョウコ"},
    {"ｻﾄｰ", "サトー"},
    {"サト-", "サトー"},
    {"ハッサン", "ハツサン"},
    {"ﾔﾏ\u200bﾀﾞ", "ヤマダ"},
    {"様", "様"},
};

Test(norm_name, person_table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof person_cases / sizeof person_cases[0]; i++) {
        char *out = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_norm_person_name(person_cases[i].in, a, &out, &e), MM_OK, "case %zu: %s", i,
                     e.message);
        cr_expect_str_eq(out, person_cases[i].want, "case %zu '%s'", i, person_cases[i].in);
    }
    mm_arena_free(a);
}

static const io_case company_cases[] = {
    {"株式会社テスト", "カ)テスト"},
    {"テスト株式会社", "カ)テスト"},
    {"テスト(株)", "カ)テスト"},
    {"テスト（株）", "カ)テスト"},
    {"㈱テスト", "カ)テスト"},
    {"（株）テスト", "カ)テスト"},
    {"ｶ)ﾃｽﾄ", "カ)テスト"},
    {"カ）テスト", "カ)テスト"},
    {"カ) テスト", "カ)テスト"},
    {"(ｶ)ﾃｽﾄ", "カ)テスト"},
    {"ﾃｽﾄ(ｶ", "カ)テスト"},
    {"ﾃｽﾄ(ｶ)", "カ)テスト"},
    {"株式会社 テスト 御中", "カ)テスト"},
    {"有限会社テスト", "ユ)テスト"},
    {"(有)テスト", "ユ)テスト"},
    {"㈲テスト", "ユ)テスト"},
    {"ﾕ)ﾃｽﾄ", "ユ)テスト"},
    {"合同会社テスト", "ド)テスト"},
    {"(同)テスト", "ド)テスト"},
    {"ﾄﾞ)ﾃｽﾄ", "ド)テスト"},
    {"ド）テスト", "ド)テスト"},
    {"合資会社テスト", "シ)テスト"},
    {"合名会社テスト", "メ)テスト"},
    {"ｶ)ｴｲﾁｹｰﾄﾚｰﾃﾞｲﾝｸﾞ", "カ)エイチケートレーデイング"},
    {"ｶ)ｷｭｳﾖ", "カ)キユウヨ"},
    {"株式会社きゅうよ", "カ)キユウヨ"},
    {"株式会社 霞ヶ関商事", "カ)霞ヶ関商事"},
    {"テスト(エイ)", "テスト(エイ)"},
    {"Test Co., Ltd.", "TEST CO., LTD."},
    {"株式会社ABC", "カ)ABC"},
};

Test(norm_name, company_table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof company_cases / sizeof company_cases[0]; i++) {
        char *out = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_norm_company_name(company_cases[i].in, a, &out, &e), MM_OK, "case %zu: %s",
                     i, e.message);
        cr_expect_str_eq(out, company_cases[i].want, "case %zu '%s'", i, company_cases[i].in);
    }
    mm_arena_free(a);
}

typedef struct err_case {
    const char *in;
    const char *want_in_message;
} err_case;

static const err_case person_errors[] = {
    {"", "''"},
    {"   \u200b ", "is empty"},
    {"ab\xc0\x80", "offset 2"},
};

static const err_case company_errors[] = {
    {"株式会社", "'株式会社'"},
    {"(株)", "'(株)'"},
    {"", "''"},
    {"ｶ)\xed\xa0\x80", "offset 4"},
};

Test(norm_name, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof person_errors / sizeof person_errors[0]; i++) {
        char *out;
        mm_error e = {0};
        cr_expect_eq(mm_norm_person_name(person_errors[i].in, a, &out, &e), MM_EINVAL, "%zu", i);
        cr_expect_str_eq(e.field, "name");
        cr_expect_not_null(strstr(e.message, person_errors[i].want_in_message), "%s", e.message);
    }
    for (size_t i = 0; i < sizeof company_errors / sizeof company_errors[0]; i++) {
        char *out;
        mm_error e = {0};
        cr_expect_eq(mm_norm_company_name(company_errors[i].in, a, &out, &e), MM_EINVAL, "%zu", i);
        cr_expect_str_eq(e.field, "company");
        cr_expect_not_null(strstr(e.message, company_errors[i].want_in_message), "%s", e.message);
    }
    char *out;
    mm_error e = {0};
    cr_expect_eq(mm_norm_person_name(NULL, a, &out, &e), MM_EINVAL);
    cr_expect_eq(mm_norm_company_name(NULL, a, &out, &e), MM_EINVAL);
    mm_arena_free(a);
}
