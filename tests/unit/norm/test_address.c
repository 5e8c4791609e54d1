/* Tests for src/norm/address.c: one form for the many ways a Japanese
 * postal address is written (block numbers, kanji numerals, postcode). */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct io_case {
    const char *in;
    const char *want;
} io_case;

#define KASUMI "東京都千代田区霞が関"

static const io_case cases[] = {
    /* the three writings of one address */
    {KASUMI "二丁目1番2号", KASUMI "2-1-2"},
    {KASUMI "2-1-2", KASUMI "2-1-2"},
    {KASUMI "２丁目１−２", KASUMI "2-1-2"},
    {KASUMI "二丁目一番二号", KASUMI "2-1-2"},
    {KASUMI "2丁目1番地2号", KASUMI "2-1-2"},
    {KASUMI "２－１－２", KASUMI "2-1-2"},
    {KASUMI "2‐1‐2", KASUMI "2-1-2"},
    {KASUMI "2ー1ー2", KASUMI "2-1-2"},
    {"東京都 千代田区 霞が関 2-1-2", KASUMI "2-1-2"},
    /* postcode */
    {"〒100-8926 " KASUMI "2-1-2", "〒1008926 " KASUMI "2-1-2"},
    {"〒１００－８９２６　" KASUMI "二丁目1番2号", "〒1008926 " KASUMI "2-1-2"},
    {"〒 1008926 " KASUMI "2-1-2", "〒1008926 " KASUMI "2-1-2"},
    {"100-8926 " KASUMI "2-1-2", "〒1008926 " KASUMI "2-1-2"},
    /* kanji numerals */
    {"大阪府大阪市北区梅田三丁目二十三番地", "大阪府大阪市北区梅田3-23"},
    {"京都府京都市某町百二番地", "京都府京都市某町102"},
    {"某市某町二〇三番地", "某市某町203"},
    {"某市某町十番地の五", "某市某町10-5"},
    {"某市某町1番地の2", "某市某町1-2"},
    {"某市某町1の2", "某市某町1-2"},
    {"某市某町1番 2号", "某市某町1-2"},
    /* place names with numerals stay as written */
    {"東京都千代田区三番町1-2", "東京都千代田区三番町1-2"},
    {"東京都千代田区一番町10", "東京都千代田区一番町10"},
    {"宮城県仙台市青葉区一番町四丁目1番", "宮城県仙台市青葉区一番町4-1"},
    {"東京都千代田区千代田1-1", "東京都千代田区千代田1-1"},
    {"東京都千代田区九段南一丁目2番1号", "東京都千代田区九段南1-2-1"},
    {"東京都八王子市元本郷町三丁目24番1号", "東京都八王子市元本郷町3-24-1"},
    {"一の橋1-2", "一の橋1-2"},
    /* ヶ / ケ / が are not touched */
    {"東京都千代田区霞ヶ関2-1-2", "東京都千代田区霞ヶ関2-1-2"},
    {"埼玉県某市某ケ丘1-1", "埼玉県某市某ケ丘1-1"},
    /* rooms and buildings */
    {KASUMI "2-1-2 101号室", KASUMI "2-1-2-101号室"},
    {KASUMI "2-1-2 101", KASUMI "2-1-2-101"},
    {KASUMI "2丁目1番2号 中央合同庁舎5号館", KASUMI "2-1-2中央合同庁舎5号館"},
    {"某市某町1番地三田ビル", "某市某町1三田ビル"},
    {"某市某町1番地 三田ビル", "某市某町1三田ビル"},
    /* 大字 / 字 */
    {"某県某郡某村大字上野字中島123番地", "某県某郡某村上野中島123"},
    {"某県某郡某村字中島12", "某県某郡某村中島12"},
};

Test(norm_address, table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_norm_postal_address(cases[i].in, a, &out, &e), MM_OK, "case %zu: %s", i,
                     e.message);
        cr_expect_str_eq(out, cases[i].want, "case %zu '%s'", i, cases[i].in);
    }
    mm_arena_free(a);
}

typedef struct err_case {
    const char *in;
    const char *want_in_message;
} err_case;

static const err_case errors[] = {
    {"", "''"},
    {"  \u3000 ", "has no address"},
    {"〒100-8926", "'〒100-8926' has no address"},
    {"〒12-345 東京都", "'〒12-345 東京都'"},
    {"東京都\xe3\x81", "offset 9"},
    {"\xc0\x80", "offset 0"},
};

Test(norm_address, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        char *out;
        mm_error e = {0};
        cr_expect_eq(mm_norm_postal_address(errors[i].in, a, &out, &e), MM_EINVAL, "case %zu", i);
        cr_expect_str_eq(e.field, "address", "case %zu", i);
        cr_expect_not_null(strstr(e.message, errors[i].want_in_message), "case %zu: %s", i,
                           e.message);
    }
    char *out;
    mm_error e = {0};
    cr_expect_eq(mm_norm_postal_address(NULL, a, &out, &e), MM_EINVAL);
    mm_arena_free(a);
}
