/*
 * jp_local_government.c — is a host a Japanese local government's own
 * domain under the geographic-type .jp space?
 *
 * Besides lg.jp, prefectures and municipalities publish on geographic-type
 * names whose first label JPRS reserves for local public bodies:
 * pref.<prefecture>.jp, metro.tokyo.jp, city|town|vill.<municipality>.
 * <prefecture>.jp, and city.<designated city>.jp (city.yokohama.jp). Anyone
 * could register example.jp and make city.x.example.jp under it, so the
 * prefecture (or designated-city) label is checked against the list.
 * Also the second-level names only public bodies can hold (go.jp, lg.jp,
 * ac.jp, ed.jp, or.jp). Pure: no I/O.
 */
#include <string.h>

#include "mamoru/norm.h"

static const char *const prefectures[] = {
    "hokkaido", "aomori",   "iwate",     "miyagi",   "akita",    "yamagata", "fukushima",
    "ibaraki",  "tochigi",  "gunma",     "saitama",  "chiba",    "tokyo",    "kanagawa",
    "niigata",  "toyama",   "ishikawa",  "fukui",    "yamanashi", "nagano",  "gifu",
    "shizuoka", "aichi",    "mie",       "shiga",    "kyoto",    "osaka",    "hyogo",
    "nara",     "wakayama", "tottori",   "shimane",  "okayama",  "hiroshima", "yamaguchi",
    "tokushima", "kagawa",  "ehime",     "kochi",    "fukuoka",  "saga",     "nagasaki",
    "kumamoto", "oita",     "miyazaki",  "kagoshima", "okinawa"};

/* 政令指定都市: city.<name>.jp with no prefecture label */
static const char *const designated[] = {
    "sapporo", "sendai",  "saitama",   "chiba",   "kawasaki", "yokohama", "sagamihara",
    "niigata", "shizuoka", "hamamatsu", "nagoya", "kyoto",    "osaka",    "sakai",
    "kobe",    "okayama", "hiroshima", "kitakyushu", "fukuoka", "kumamoto"};

static bool in(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
            return true;
    return false;
}

bool mm_jp_local_government(const char *host)
{
    /* the labels from the right: jp, then up to three more */
    const char *lab[5];
    size_t len[5], n = 0;
    size_t hl = strlen(host);
    if (hl < 4 || strcmp(host + hl - 3, ".jp") != 0)
        return false;
    size_t end = hl;
    while (n < 5 && end > 0) {
        size_t start = end;
        while (start > 0 && host[start - 1] != '.')
            start--;
        lab[n] = host + start;
        len[n] = end - start;
        n++;
        end = start > 0 ? start - 1 : 0;
        if (start == 0)
            break;
    }
    /* lab[0] = "jp" */
    if (n < 3)
        return false;
    bool pref = in(prefectures, sizeof prefectures / sizeof prefectures[0], lab[1], len[1]);
    /* pref.<prefecture>.jp, metro.tokyo.jp */
    if (pref && ((len[2] == 4 && strncmp(lab[2], "pref", 4) == 0) ||
                 (len[2] == 5 && strncmp(lab[2], "metro", 5) == 0 && len[1] == 5 &&
                  strncmp(lab[1], "tokyo", 5) == 0)))
        return true;
    /* city.<designated city>.jp */
    if (len[2] == 4 && strncmp(lab[2], "city", 4) == 0 &&
        in(designated, sizeof designated / sizeof designated[0], lab[1], len[1]))
        return true;
    /* city|town|vill.<municipality>.<prefecture>.jp */
    if (pref && n >= 4)
        return (len[3] == 4 && (strncmp(lab[3], "city", 4) == 0 || strncmp(lab[3], "town", 4) == 0 ||
                                strncmp(lab[3], "vill", 4) == 0));
    return false;
}

bool mm_jp_restricted_suffix(const char *suffix)
{
    static const char *const r[] = {"go.jp", "lg.jp", "ac.jp", "ed.jp", "or.jp"};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (strcmp(suffix, r[i]) == 0)
            return true;
    return false;
}
