/* Tests for the arena, buffer, error and kind helpers in src/core. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "mamoru/core.h"

Test(core_arena, many_allocations_are_distinct_and_aligned)
{
    mm_arena *a = mm_arena_new(64);
    cr_assert_not_null(a);
    char *prev = NULL;
    for (int i = 0; i < 1000; i++) {
        char *p = mm_arena_alloc(a, (size_t)(i % 50) + 1);
        cr_assert_not_null(p);
        cr_assert_eq(((uintptr_t)p) % 16, 0);
        memset(p, 'x', (size_t)(i % 50) + 1);
        cr_assert_neq(p, prev);
        prev = p;
    }
    cr_assert_gt(mm_arena_used(a), 1000);
    mm_arena_reset(a);
    cr_assert_eq(mm_arena_used(a), 0);
    char *big = mm_arena_alloc(a, 100000);
    cr_assert_not_null(big);
    memset(big, 1, 100000);
    mm_arena_free(a);
    mm_arena_free(NULL);
}

Test(core_arena, strdup_and_printf)
{
    mm_arena *a = mm_arena_new(0);
    cr_assert_str_eq(mm_arena_strdup(a, "ホワイト"), "ホワイト");
    cr_assert_str_eq(mm_arena_strndup(a, "abcdef", 3), "abc");
    cr_assert_str_eq(mm_arena_printf(a, "%d-%s", 42, "x"), "42-x");
    cr_assert_null(mm_arena_calloc(a, SIZE_MAX / 2, 4));
    mm_arena_free(a);
}

/* Reset keeps standard-size blocks for reuse: after many fill/reset rounds
 * with big and small allocations, strings from one round stay intact and
 * distinct, and printf is right whether or not it fits the current block. */
Test(core_arena, reuse_after_reset_and_printf_at_block_edges)
{
    mm_arena *a = mm_arena_new(64);
    cr_assert_not_null(a);
    for (int round = 0; round < 20; round++) {
        char *s[200];
        for (int i = 0; i < 200; i++) {
            if (i % 37 == 0)
                cr_assert_not_null(mm_arena_alloc(a, 500)); /* own block */
            /* lengths 1..60 bytes: some fit the block's rest, some do not */
            s[i] = mm_arena_printf(a, "%d:%.*s", i, (i * 7 + round) % 55,
                                   "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabc");
            cr_assert_not_null(s[i]);
            cr_assert_eq(((uintptr_t)s[i]) % 16, 0);
        }
        for (int i = 0; i < 200; i++) {
            char want[80];
            snprintf(want, sizeof want, "%d:%.*s", i, (i * 7 + round) % 55,
                     "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabc");
            cr_assert_str_eq(s[i], want, "round %d string %d", round, i);
        }
        cr_assert_gt(mm_arena_used(a), 200 * 16);
        mm_arena_reset(a);
        cr_assert_eq(mm_arena_used(a), 0);
    }
    /* a string longer than a whole block still formats */
    char *long_s = mm_arena_printf(a, "%0200d", 7);
    cr_assert_eq(strlen(long_s), 200);
    cr_assert_eq(long_s[199], '7');
    mm_arena_free(a);
}

Test(core_buf, grows_and_stays_terminated)
{
    mm_buf b = {0};
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(mm_buf_printf(&b, "%d,", i), MM_OK);
    cr_assert_eq(strlen(b.data), b.len);
    cr_assert(strncmp(b.data, "0,1,2,", 6) == 0);
    mm_buf_reset(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    mm_buf_free(&b);
    mm_buf_free(NULL);
}

Test(core_buf, reserve_allocates_once_and_stays_terminated)
{
    mm_buf b = {0};
    cr_assert_eq(mm_buf_reserve(&b, 3000), MM_OK);
    cr_assert_not_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    cr_assert(b.cap >= 3001);
    const char *before = b.data;
    for (int i = 0; i < 300; i++)
        cr_assert_eq(mm_buf_append(&b, "0123456789", 10), MM_OK);
    cr_assert_eq(b.data, before, "appending what was reserved must not reallocate");
    cr_assert_eq(b.len, 3000);
    cr_assert_eq(b.data[3000], '\0');
    cr_assert_eq(mm_buf_reserve(&b, SIZE_MAX), MM_ENOMEM);
    mm_buf_free(&b);
}

Test(core_error, names_field_and_value)
{
    mm_error e;
    cr_assert_eq(mm_error_set(&e, MM_EINVAL, "phone", "'%s' is bad", "abc"), MM_EINVAL);
    cr_assert_str_eq(e.field, "phone");
    cr_assert_str_eq(e.message, "'abc' is bad");
    cr_assert_eq(mm_error_set(NULL, MM_EIO, "x", "y"), MM_EIO);
    cr_assert_str_eq(mm_status_name(MM_ECONFLICT), "conflict");
}

Test(core_kind, round_trip_and_properties)
{
    for (int k = 0; k < MM_KIND__COUNT; k++) {
        mm_kind back;
        cr_assert_eq(mm_kind_parse(mm_kind_name((mm_kind)k), &back, NULL), MM_OK);
        cr_assert_eq((int)back, k);
    }
    mm_error e;
    mm_kind k;
    cr_assert_eq(mm_kind_parse("telephone", &k, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "kind");
    cr_assert(strstr(e.message, "telephone") != NULL);
    cr_assert(mm_kind_is_personal(MM_KIND_CARD));
    cr_assert(!mm_kind_is_personal(MM_KIND_URL));
    cr_assert(mm_kind_is_enumerable(MM_KIND_PHONE));
    cr_assert(!mm_kind_is_enumerable(MM_KIND_DOMAIN));
}
