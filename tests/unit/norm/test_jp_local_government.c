/* Tests for src/norm/jp_local_government.c: the geographic-type .jp names
 * JPRS reserves for prefectures and municipalities are recognised, and the
 * same labels under a domain anyone can register are not. */
#include <criterion/criterion.h>

#include "mamoru/norm.h"

Test(jp_local_government, reserved_names)
{
    static const char *const yes[] = {"city.minato.tokyo.jp", "www.city.minato.tokyo.jp",
                                      "pref.hokkaido.jp",     "www.pref.osaka.jp",
                                      "metro.tokyo.jp",       "www.metro.tokyo.jp",
                                      "city.yokohama.jp",     "town.hakone.kanagawa.jp",
                                      "vill.hakuba.nagano.jp"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_expect(mm_jp_local_government(yes[i]), "%s", yes[i]);
}

Test(jp_local_government, lookalikes_and_open_names)
{
    static const char *const no[] = {
        "city.minato.example.jp",       /* example.jp: anyone's */
        "city.minato.tokyo.jp.evil.com", /* not .jp at the end */
        "evil-city.minato.tokyo.jp",    /* not the reserved label */
        "city.nowhere.jp",              /* not a designated city */
        "pref.nowhere.jp",              /* not a prefecture */
        "metro.osaka.jp",               /* metro. is Tokyo's only */
        "minato.tokyo.jp",              /* a municipality's open name */
        "tokyo.jp",
        "jp",
        "city.lg.jp.example.com"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_expect(!mm_jp_local_government(no[i]), "%s", no[i]);
}

Test(jp_local_government, restricted_second_level_names)
{
    static const char *const yes[] = {"go.jp", "lg.jp", "ac.jp", "ed.jp", "or.jp"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_expect(mm_jp_restricted_suffix(yes[i]), "%s", yes[i]);
    static const char *const no[] = {"co.jp", "ne.jp", "jp", "go.jp.example", "xgo.jp", ""};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_expect(!mm_jp_restricted_suffix(no[i]), "%s", no[i]);
}
