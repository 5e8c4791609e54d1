/*
 * message_price.c — is a price cut to half or less of a list price?
 *
 * A fake shop sells new brand goods far below what any shop can (a 69,800
 * yen pram for 19,800, golf irons at half price) and takes the money by
 * bank transfer: the price is the bait. Phrases catch "最大80%OFF"; the
 * cut written as two prices ("定価83,600円 → 41,800円", "販売価格：41,800円
 * （定価83,600円）") needs arithmetic. The result sets the phrase signal
 * deep_discount (message.c), which the fake-shop rules read together with
 * a transfer-only payment and a link or a person's account; a sale alone
 * flags nothing.
 *
 * Reads the normalised text (half-width digits, 円 and ¥ kept). Pure.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "screen/message_internal.h"

/* A cut to at most this share of the list price (percent) is "deep". */
#define DEEP_CUT_PERCENT 55
/* Below this share it is another amount near the price (a fee). */
#define FLOOR_PERCENT 10
/* How far around the list price (bytes) the selling price may stand:
 * "定価124,300円 → シーズン前特価54,800円" is ~40 bytes apart. */
#define PRICE_WINDOW 60

/* A price starting at s[i]: [¥] digits with commas [万] then 円 or yen
 * (or the ¥ before). Its value in yen, or 0; *end is just after it. */
static uint64_t price_at(const char *s, size_t n, size_t i, size_t *end)
{
    bool yen = false;
    if (i + 2 <= n && memcmp(s + i, "¥", 2) == 0) {
        yen = true;
        i += 2;
    }
    uint64_t v = 0;
    size_t digits = 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] == ',' && digits > 0))) {
        if (s[i] != ',') {
            if (v > UINT64_C(100000000000))
                return 0;
            v = v * 10 + (uint64_t)(s[i] - '0');
            digits++;
        }
        i++;
    }
    if (digits == 0)
        return 0;
    if (i + 3 <= n && memcmp(s + i, "万", 3) == 0) {
        v *= 10000;
        i += 3;
    }
    if (i + 3 <= n && memcmp(s + i, "円", 3) == 0) {
        yen = true;
        i += 3;
    } else if (i + 4 <= n && memcmp(s + i, " yen", 4) == 0) {
        yen = true;
        i += 4;
    }
    *end = i;
    return yen ? v : 0;
}

/* Words after an amount that make it no price: a discount (5,000円引き,
 * 30%オフ) or points given back (500円分, 還元). */
static bool not_a_price(const char *s, size_t n, size_t i)
{
    static const char *const after[] = {"引", "オフ", "off", "分", "還元", "相当", "割"};
    size_t j = i < n && s[i] == ' ' ? i + 1 : i;
    for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
        size_t l = strlen(after[k]);
        if (j + l <= n && memcmp(s + j, after[k], l) == 0)
            return true;
    }
    return false;
}

/* The price in s[from, to) nearest the list price: the first one when it
 * follows (last = false), the last one when it comes before; 0 if none. */
static uint64_t nearest_price(const char *s, size_t n, size_t from, size_t to, bool last)
{
    uint64_t got = 0;
    for (size_t i = from; i < to && i < n;) {
        bool start = (s[i] >= '0' && s[i] <= '9') || (i + 2 <= n && memcmp(s + i, "¥", 2) == 0);
        /* a number's first digit only (not "800" inside "69,800") */
        if (start && i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == ','))
            start = false;
        size_t end = i;
        uint64_t v = start ? price_at(s, n, i, &end) : 0;
        if (v > 0 && !not_a_price(s, n, end)) {
            got = v;
            if (!last)
                return got;
        }
        i = end > i ? end : i + 1;
    }
    return got;
}

bool msg_deep_price_cut(const char *s, size_t n, size_t *from, size_t *to)
{
    /* every list-price word holds 価 or "price": most texts have neither,
     * and two searches cost less than the eight below (~0.3 µs an SMS) */
    if (memmem(s, n, "価", 3) == NULL && memmem(s, n, "price", 5) == NULL)
        return false;
    static const char *const list_word[] = {"定価",         "通常価格",     "希望小売価格",
                                            "参考価格",     "通常販売価格", "regular price",
                                            "retail price", "list price"};
    for (size_t w = 0; w < sizeof list_word / sizeof list_word[0]; w++) {
        size_t wl = strlen(list_word[w]);
        for (const char *p = memmem(s, n, list_word[w], wl); p;
             p = memmem(p + wl, n - (size_t)(p + wl - s), list_word[w], wl)) {
            size_t at = (size_t)(p - s) + wl, end = at;
            /* the list price right after its word (":" or a space between) */
            uint64_t list = 0;
            for (size_t i = at; i < n && i < at + 4 && list == 0; i++)
                list = price_at(s, n, i, &end);
            if (list < 1000)
                continue;
            size_t before = (size_t)(p - s) > PRICE_WINDOW ? (size_t)(p - s) - PRICE_WINDOW : 0;
            uint64_t sell = nearest_price(s, n, end, end + PRICE_WINDOW, false);
            if (sell == 0)
                sell = nearest_price(s, n, before, (size_t)(p - s), true);
            /* under a tenth of the list price is some other amount (送料) */
            if (sell * 100 >= list * FLOOR_PERCENT && sell * 100 <= list * DEEP_CUT_PERCENT) {
                *from = (size_t)(p - s);
                *to = end;
                return true;
            }
        }
    }
    return false;
}
