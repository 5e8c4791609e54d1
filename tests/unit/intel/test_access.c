/* Tests for src/intel/access.c: every cell of the role × kind × action
 * matrix against a copy written here independently (by names, not enum
 * order), so changing one cell in access.c fails a test; and the
 * visibility rules for each distribution. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/intel.h"

/* Columns by kind name; each cell lists the allowed actions as letters in
 * the order R(eport) L(ookup) E(xport/list) U(pdate) H(ashes), '-' = no. */
static const char *kinds[12] = {
    "phone", "url",   "domain",      "ip",       "bank_account",   "crypto_address",
    "card",  "email", "sns_account", "identity", "postal_address", "business"};

/* clang-format off */
static const struct {
    const char *role;
    const char *cells; /* 12 cells of 5 letters, one space apart */
} expected[] = {
    /*                    phone url   dom.  ip    bank  cryp. card  email sns   iden. post. busi. */
    {"police",           "RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH"},
    {"bank",             "RL--H RLE-H RLE-H RL--H RLEUH RLE-H RLEUH RL--H ----- RL--H RL--H RL--H"},
    {"carrier",          "RLEUH RLE-H RLE-H RLEUH ----- ----- ----- RLE-H RL--H RL--H RL--H RL--H"},
    {"platform",         "RL--H RLE-H RLE-H RL--H RL--H RL--H ----- RL--H RLEUH RL--H ----- RL--H"},
    {"exchange",         "RL--H RL--H RL--H RL--H RL--H RLEUH ----- RL--H ----- RL--H RL--H RL--H"},
    {"merchant",         "RL--H RL--H RL--H RL--H ----- ----- RL--H RL--H ----- ----- RL--H -----"},
    {"retailer",         "RL--H RL--H RL--H ----- ----- ----- ----- ----- RL--H ----- ----- RL--H"},
    {"delivery",         "RL--H RL--H RL--H ----- ----- ----- ----- ----- ----- ----- RL-UH RL--H"},
    {"filtering_vendor", "----- RLE-H RLE-H RLE-H ----- ----- ----- ----- ----- ----- ----- -----"},
    {"analyst",          "RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH RLEUH"},
};
/* clang-format on */

static const struct {
    const char *name;
    char letter;
} actions[] = {{"report", 'R'}, {"lookup", 'L'}, {"list", 'E'}, {"update", 'U'}, {"hashes", 'H'}};

static mm_action action_by_name(const char *name)
{
    for (int a = 0; a < MM_ACT__COUNT; a++)
        if (strcmp(mm_action_name((mm_action)a), name) == 0)
            return (mm_action)a;
    cr_assert_fail("no action %s", name);
    return MM_ACT__COUNT;
}

Test(intel_access, every_cell_matches_the_expected_matrix)
{
    cr_assert_eq(sizeof expected / sizeof expected[0], MM_ROLE__COUNT);
    int checked = 0;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        mm_role role;
        cr_assert_eq(mm_role_parse(expected[i].role, &role, NULL), MM_OK);
        for (int c = 0; c < 12; c++) {
            mm_kind kind;
            cr_assert_eq(mm_kind_parse(kinds[c], &kind, NULL), MM_OK);
            const char *cell = expected[i].cells + 6 * c;
            cr_assert(strlen(expected[i].cells) == 71 && (c == 11 || cell[5] == ' '));
            for (int a = 0; a < 5; a++) {
                bool want = cell[a] == actions[a].letter;
                cr_assert(want || cell[a] == '-', "bad cell %s", cell);
                bool got = mm_access_allowed(role, kind, action_by_name(actions[a].name));
                cr_assert_eq(got, want, "%s may %s %s: expected %d", expected[i].role,
                             actions[a].name, kinds[c], want);
                checked++;
            }
        }
    }
    cr_assert_eq(checked, MM_ROLE__COUNT * MM_KIND__COUNT * MM_ACT__COUNT);
}

Test(intel_access, hashes_follow_lookup_and_out_of_range_is_refused)
{
    for (int r = 0; r < MM_ROLE__COUNT; r++)
        for (int k = 0; k < MM_KIND__COUNT; k++)
            cr_assert_eq(mm_access_allowed(r, k, MM_ACT_HASHES),
                         mm_access_allowed(r, k, MM_ACT_LOOKUP));
    cr_assert_not(mm_access_allowed(MM_ROLE__COUNT, MM_KIND_PHONE, MM_ACT_LOOKUP));
    cr_assert_not(mm_access_allowed(MM_ROLE_POLICE, MM_KIND__COUNT, MM_ACT_LOOKUP));
    cr_assert_not(mm_access_allowed(MM_ROLE_POLICE, MM_KIND_PHONE, MM_ACT__COUNT));
    cr_assert_not(mm_access_allowed((mm_role)-1, MM_KIND_PHONE, MM_ACT_LOOKUP));
}

/* Visibility by distribution, for an organisation (id 7) that did not
 * report the indicator (reporter 9). */
Test(intel_access, visibility_by_distribution)
{
    static const struct {
        mm_role role;
        mm_kind kind;
        mm_distribution dist;
        bool want;
    } cases[] = {
        {MM_ROLE_FILTERING_VENDOR, MM_KIND_URL, MM_DIST_PUBLIC, true},
        {MM_ROLE_RETAILER, MM_KIND_CARD, MM_DIST_PUBLIC, true},
        {MM_ROLE_FILTERING_VENDOR, MM_KIND_URL, MM_DIST_MEMBERS, false},
        {MM_ROLE_RETAILER, MM_KIND_CARD, MM_DIST_MEMBERS, true},
        {MM_ROLE_ANALYST, MM_KIND_IDENTITY, MM_DIST_MEMBERS, true},
        /* sector: the member roles that may report the kind */
        {MM_ROLE_BANK, MM_KIND_BANK_ACCOUNT, MM_DIST_SECTOR, true},
        {MM_ROLE_CARRIER, MM_KIND_BANK_ACCOUNT, MM_DIST_SECTOR, false},
        {MM_ROLE_CARRIER, MM_KIND_PHONE, MM_DIST_SECTOR, true},
        {MM_ROLE_RETAILER, MM_KIND_CARD, MM_DIST_SECTOR, false},
        {MM_ROLE_MERCHANT, MM_KIND_CARD, MM_DIST_SECTOR, true},
        {MM_ROLE_FILTERING_VENDOR, MM_KIND_URL, MM_DIST_SECTOR, false},
        {MM_ROLE_POLICE, MM_KIND_SNS_ACCOUNT, MM_DIST_SECTOR, true},
        {MM_ROLE_ANALYST, MM_KIND_CARD, MM_DIST_SECTOR, true},
        /* police only */
        {MM_ROLE_POLICE, MM_KIND_PHONE, MM_DIST_POLICE, true},
        {MM_ROLE_ANALYST, MM_KIND_PHONE, MM_DIST_POLICE, false},
        {MM_ROLE_BANK, MM_KIND_BANK_ACCOUNT, MM_DIST_POLICE, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(mm_access_visible(cases[i].role, 7, cases[i].kind, cases[i].dist, 9),
                     cases[i].want, "case %zu: %s %s %s", i, mm_role_name(cases[i].role),
                     mm_kind_name(cases[i].kind), mm_distribution_name(cases[i].dist));
}

Test(intel_access, reporter_always_sees_its_own_indicator)
{
    for (int r = 0; r < MM_ROLE__COUNT; r++)
        for (int d = 0; d < MM_DIST__COUNT; d++)
            cr_assert(mm_access_visible(r, 42, MM_KIND_BANK_ACCOUNT, d, 42));
    /* id 0 means "no organisation" and never matches */
    cr_assert_not(mm_access_visible(MM_ROLE_BANK, 0, MM_KIND_PHONE, MM_DIST_POLICE, 0));
    cr_assert_not(mm_access_visible(MM_ROLE_BANK, 1, MM_KIND_PHONE, MM_DIST__COUNT, 2));
}

/* Distributions are nested: whoever sees a narrower one sees the wider. */
Test(intel_access, distributions_are_nested)
{
    for (int r = 0; r < MM_ROLE__COUNT; r++)
        for (int k = 0; k < MM_KIND__COUNT; k++)
            for (int d = 1; d < MM_DIST__COUNT; d++)
                if (mm_access_visible(r, 1, k, d, 2))
                    cr_assert(mm_access_visible(r, 1, k, d - 1, 2), "%s %s %s", mm_role_name(r),
                              mm_kind_name(k), mm_distribution_name(d));
}
