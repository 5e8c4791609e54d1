/* Tests for mm_call_burst_eval (src/screen/call_burst.c), the pure rule
 * behind CALL_SIGHTING_BURST: thresholds of distinct organisations per
 * window, the window edges, one organisation repeating itself is not a
 * burst, weight rising with organisations and with recency, clock skew. */
#include <criterion/criterion.h>

#include "mamoru/screen_message.h"

#define NOW ((int64_t)1800000000)

/* k sightings from orgs 1..k, the i-th one ago[i] seconds before NOW. */
static mm_call_burst eval_orgs(const int64_t *ago, size_t k)
{
    mm_sighting s[64];
    cr_assert_leq(k, 64);
    for (size_t i = 0; i < k; i++)
        s[i] = (mm_sighting){.at = NOW - ago[i], .org_id = (int64_t)i + 1};
    mm_call_burst b;
    mm_call_burst_eval(s, k, NOW, &b);
    return b;
}

Test(call_burst, short_window_threshold)
{
    int64_t two[] = {60, 1200};
    mm_call_burst b = eval_orgs(two, 2);
    cr_expect_eq(b.weight, 0, "two organisations in an hour are not a burst");
    cr_expect_eq(b.orgs, 2);
    cr_expect_eq(b.reports, 2);
    int64_t three[] = {60, 1200, 3000};
    b = eval_orgs(three, 3);
    cr_expect_gt(b.weight, 0, "three organisations in an hour are a burst");
    cr_expect_eq(b.window_hours, 1);
    cr_expect_eq(b.orgs, MM_BURST_SHORT_ORGS);
    cr_expect_eq(b.reports, 3);
    cr_expect_eq(b.last_seen, NOW - 60);
}

Test(call_burst, short_window_edges)
{
    /* the third report exactly one hour old is outside the window ... */
    int64_t edge[] = {10, 20, MM_BURST_SHORT_WINDOW};
    mm_call_burst b = eval_orgs(edge, 3);
    cr_expect_eq(b.weight, 0, "a report exactly 1 h old is out of the 1 h window");
    cr_expect_eq(b.orgs, 3, "but still in the 24 h figures");
    /* ... one second younger, inside */
    int64_t in[] = {10, 20, MM_BURST_SHORT_WINDOW - 1};
    b = eval_orgs(in, 3);
    cr_expect_gt(b.weight, 0);
    cr_expect_eq(b.window_hours, 1);
}

Test(call_burst, long_window_threshold_and_edges)
{
    /* spread over the day: 4 organisations are not a burst, 5 are */
    int64_t four[] = {7200, 20000, 40000, 80000};
    cr_expect_eq(eval_orgs(four, 4).weight, 0);
    int64_t five[] = {7200, 20000, 40000, 80000, MM_BURST_LONG_WINDOW - 1};
    mm_call_burst b = eval_orgs(five, 5);
    cr_expect_gt(b.weight, 0);
    cr_expect_eq(b.window_hours, 24);
    cr_expect_eq(b.orgs, 5);
    int64_t old[] = {7200, 20000, 40000, 80000, MM_BURST_LONG_WINDOW};
    b = eval_orgs(old, 5);
    cr_expect_eq(b.weight, 0, "a report exactly 24 h old is out of the window");
    cr_expect_eq(b.orgs, 4);
}

Test(call_burst, one_organisation_repeating_is_not_a_burst)
{
    mm_sighting s[200];
    for (int i = 0; i < 200; i++)
        s[i] = (mm_sighting){.at = NOW - i * 10, .org_id = 7};
    mm_call_burst b;
    mm_call_burst_eval(s, 200, NOW, &b);
    cr_expect_eq(b.weight, 0);
    cr_expect_eq(b.orgs, 1);
    cr_expect_gt(b.reports, 100);
    /* two organisations, a hundred reports each: still not a burst */
    for (int i = 0; i < 200; i++)
        s[i].org_id = 1 + i % 2;
    mm_call_burst_eval(s, 200, NOW, &b);
    cr_expect_eq(b.weight, 0);
    cr_expect_eq(b.orgs, 2);
    /* a third organisation once: a burst, and the report count says so */
    s[150].org_id = 3;
    mm_call_burst_eval(s, 200, NOW, &b);
    cr_expect_gt(b.weight, 0);
    cr_expect_eq(b.orgs, 3);
}

Test(call_burst, weight_rises_with_organisations_and_recency)
{
    int64_t ago[12];
    for (int i = 0; i < 12; i++)
        ago[i] = 2000 + i * 10; /* all 33-35 min old: no recency bonus */
    int prev = 0;
    for (size_t k = MM_BURST_SHORT_ORGS; k <= 7; k++) {
        int w = eval_orgs(ago, k).weight;
        cr_expect_gt(w, prev, "%zu organisations: weight %d, not above %d", k, w, prev);
        prev = w;
    }
    /* capped: never certainty on reports alone */
    cr_expect_leq(eval_orgs(ago, 12).weight, 90);
    /* the same three organisations, the newest report 1 min old vs 35 min old */
    int64_t fresh[] = {60, 2000, 2100};
    int64_t stale[] = {2000, 2050, 2100};
    cr_expect_gt(eval_orgs(fresh, 3).weight, eval_orgs(stale, 3).weight);
}

Test(call_burst, clock_skew_and_future_reports)
{
    /* a report slightly ahead of now (clock skew) counts ... */
    int64_t skew[] = {-(MM_BURST_FUTURE_SLACK - 1), 100, 200};
    cr_expect_gt(eval_orgs(skew, 3).weight, 0);
    /* ... one far ahead does not */
    int64_t future[] = {-(MM_BURST_FUTURE_SLACK + 1), 100, 200};
    mm_call_burst b = eval_orgs(future, 3);
    cr_expect_eq(b.weight, 0);
    cr_expect_eq(b.orgs, 2);
}

Test(call_burst, unordered_input_and_empty)
{
    mm_sighting s[] = {
        {NOW - 50, 3}, {NOW - 4000, 1}, {NOW - 10, 1}, {NOW - 3000, 2}, {NOW - 90000, 4}};
    mm_call_burst b;
    mm_call_burst_eval(s, 5, NOW, &b);
    cr_expect_gt(b.weight, 0, "org 1's newest report is 10 s old");
    cr_expect_eq(b.orgs, 3);
    cr_expect_eq(b.reports, 3);
    cr_expect_eq(b.last_seen, NOW - 10);
    mm_call_burst_eval(NULL, 0, NOW, &b);
    cr_expect_eq(b.weight, 0);
    cr_expect_eq(b.reports, 0);
    cr_expect_eq(b.last_seen, 0);
}
