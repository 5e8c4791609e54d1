/*
 * message_script.c — is a text written in a language the n-gram
 * classifier never saw?
 *
 * The classifier (message_classifier.c) is trained on Japanese and English
 * messages. On Korean, Nepali, Bengali, Sinhala, Thai, Burmese, Vietnamese
 * or Chinese text its n-grams are mostly unseen, and the few it knows (an
 * amount, "PayPay", a brand) make its probability noise: a Vietnamese
 * split-the-bill chat scored 51. The rules read such texts through their
 * own phrase files (data/phrases/lang_*.tsv), so there the classifier
 * alone must not flag.
 * Portuguese, Tagalog and Indonesian are written in plain Latin letters
 * and stay with the classifier, as English-like text.
 */
#include <stddef.h>
#include <stdint.h>

#include "screen/message_internal.h"

/* letters only Vietnamese uses among Latin scripts: ă đ ơ ư (either case)
 * and the stacked-diacritic block U+1EA0–U+1EF9 */
static int vietnamese_letter(uint32_t cp)
{
    return cp == 0x0102 || cp == 0x0103 || cp == 0x0110 || cp == 0x0111 || cp == 0x01A0 ||
           cp == 0x01A1 || cp == 0x01AF || cp == 0x01B0 || (cp >= 0x1EA0 && cp <= 0x1EF9);
}

/* Han characters Chinese writes and Japanese does not: pronouns and
 * particles (您 你 们 們 这 這 吗 嗎 么 麼 吧 呢 啊) and simplified or
 * traditional forms whose Japanese form differs (请 说 对 为 过 个 给 时 让
 * 账 户 转 钱 银 还 发 问 东 车 门 见 间 关 开 话 买 卖 汇 锅, 說 對 戶 裡 轉
 * 錢 發 關 賣 匯). A Japanese text without kana — a kanji-only phishing
 * heading — has none of them; sorted for the binary search. */
static int chinese_only(uint32_t cp)
{
    static const uint16_t cps[] = {
        0x4E1C, 0x4E2A, 0x4E3A, 0x4E48, 0x4E70, 0x4EEC, 0x4F60, 0x5011, 0x5173, 0x532F,
        0x5356, 0x53D1, 0x5417, 0x5427, 0x5462, 0x554A, 0x55CE, 0x5BF9, 0x5C0D, 0x5F00,
        0x60A8, 0x6236, 0x6237, 0x65F6, 0x6C47, 0x767C, 0x7ED9, 0x88E1, 0x89C1, 0x8AAA,
        0x8BA9, 0x8BDD, 0x8BF4, 0x8BF7, 0x8CE3, 0x8D26, 0x8F49, 0x8F66, 0x8F6C, 0x8FC7,
        0x8FD8, 0x8FD9, 0x9019, 0x9322, 0x94B1, 0x94F6, 0x9505, 0x95DC, 0x95E8, 0x95EE,
        0x95F4, 0x9EBC,
    };
    size_t lo = 0, hi = sizeof cps / sizeof cps[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cps[mid] == cp)
            return 1;
        if (cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

bool msg_outside_classifier_languages(const char *text, size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t foreign = 0, chinese = 0;
    for (size_t i = 0; i < len;) {
        if (t[i] < 0x80) {
            i++;
            continue;
        }
        int32_t c;
        i += mm_utf8_get(t, i, &c); /* the caller validated the text */
        uint32_t cp = (uint32_t)c;
        if ((cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0xFF66 && cp <= 0xFF9F))
            return false; /* kana: Japanese */
        if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
            (cp >= 0x0900 && cp <= 0x09FF) || (cp >= 0x0D80 && cp <= 0x0DFF) ||
            (cp >= 0x0E00 && cp <= 0x0E7F) || (cp >= 0x1000 && cp <= 0x109F) ||
            vietnamese_letter(cp))
            foreign++;
        else if (chinese_only(cp))
            chinese++;
    }
    return foreign >= 2 || chinese >= 2;
}
