/* Tests for verdict scoring and warning texts (src/screen/verdict.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/screen.h"

Test(screen_verdict, clean_input_is_allowed)
{
    mm_verdict v;
    mm_verdict_init(&v);
    mm_verdict_finish(&v, NULL);
    cr_assert_eq(v.score, 0);
    cr_assert_eq(v.action, MM_VERDICT_ALLOW);
    cr_assert_str_eq(v.category, "none");
}

Test(screen_verdict, evidence_accumulates_noisy_or)
{
    static const struct {
        int w[3];
        int n;
        int score;
        mm_verdict_action action;
    } cases[] = {
        {{30}, 1, 30, MM_VERDICT_ALLOW},
        {{50}, 1, 50, MM_VERDICT_WARN},
        {{50, 50}, 2, 75, MM_VERDICT_HOLD},
        {{50, 50, 50}, 3, 88, MM_VERDICT_BLOCK},
        {{100, 10}, 2, 100, MM_VERDICT_BLOCK},
        {{-5, 150}, 2, 100, MM_VERDICT_BLOCK}, /* weights are clamped */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mm_arena *a = mm_arena_new(0);
        mm_verdict v;
        mm_verdict_init(&v);
        for (int i = 0; i < cases[c].n; i++) {
            mm_reason r = {.code = "TEST", .category = i == 0 ? "phishing" : "refund",
                           .weight = cases[c].w[i]};
            cr_assert_eq(mm_verdict_add(&v, a, &r), MM_OK);
        }
        mm_verdict_finish(&v, NULL);
        cr_assert_eq(v.score, cases[c].score, "case %zu: score %d", c, v.score);
        cr_assert_eq(v.action, cases[c].action, "case %zu", c);
        mm_arena_free(a);
    }
}

Test(screen_verdict, category_of_heaviest_reason_and_many_reasons)
{
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_verdict_init(&v);
    for (int i = 0; i < 100; i++) {
        mm_reason r = {.code = "X", .category = i == 57 ? "investment" : "phishing",
                       .weight = i == 57 ? 90 : 1};
        mm_verdict_add(&v, a, &r);
    }
    mm_verdict_finish(&v, &(mm_thresholds){.warn = 10, .hold = 95, .block = 99});
    cr_assert_eq(v.nreasons, 100);
    cr_assert_str_eq(v.category, "investment");
    cr_assert_eq(v.action, MM_VERDICT_HOLD);
    cr_assert_str_eq(mm_verdict_action_name(v.action), "hold");
    mm_arena_free(a);
}

Test(screen_verdict, warnings_by_category_with_default)
{
    const char tsv[] = "# comment\ndefault\t既定\tdefault\npolice_impersonation\t警察が"
                       "お金を求めることはありません\tPolice never ask for money\n";
    mm_warnings *w = NULL;
    cr_assert_eq(mm_warnings_parse(tsv, strlen(tsv), &w, NULL), MM_OK);
    mm_verdict v;
    mm_verdict_init(&v);
    v.action = MM_VERDICT_BLOCK;
    v.category = "police_impersonation";
    mm_warnings_apply(w, &v);
    cr_assert_str_eq(v.warning_en, "Police never ask for money");
    v.category = "unknown_thing";
    mm_warnings_apply(w, &v);
    cr_assert_str_eq(v.warning_ja, "既定");
    mm_warnings_free(w);

    mm_error e;
    const char bad[] = "default\tonly two\n";
    cr_assert_eq(mm_warnings_parse(bad, strlen(bad), &w, &e), MM_EINVAL);
    cr_assert(strstr(e.message, "line 1") != NULL);
}
