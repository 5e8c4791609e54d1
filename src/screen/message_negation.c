/*
 * message_negation.c — phrases the text itself denies.
 *
 * Genuine notices name the fraudster's actions to deny them: "ATMで還付の
 * 手続きはできません", "元本保証じゃないから", "当行がパスワードをお尋ねする
 * ことはありません", "暗証番号を入力しないでください". A phrase list cannot
 * tell these from the demand, but Japanese marks the denial at the end of
 * the clause: a contrastive は (or じゃ / では) before a negative predicate,
 * or a prohibition (…ないでください). A fraudster's statement of a problem
 * uses が ("お支払いが確認できません") and its threats are conditionals
 * ("ない場合", "ないと"), so neither is read as a denial here.
 * Phrases between the start of the clause and such a denial set nothing,
 * except secrecy ("誰にも言わないで" is the fraudster's own prohibition)
 * and the markers of genuine notices and warnings.
 * Pure: no I/O.
 */
#include <string.h>

#include "screen/message_internal.h"

/* Negative predicates after は / じゃ / では (original, un-normalised text). */
static const char *const after_topic[] = {
    "ありません", "ございません", "できません", "出来ません", "いたしません", "致しません",
    "しません", "されません", "かかりません", "いりません", "要りません", "ない", "できない",
    "必要ありません", "必要ございません", "必要ない", "しない", "いらない", "不要",
    "一切ありません", "一切ございません", "一切いたしません", "一切致しません", "一切不要",
    /* "ATMに行けとかは一言も書いてない" */
    "一言も",
    /* a firm's "…の商品はご案内しておりません" */
    "ご案内しておりません", "ご案内していません", "取り扱っておりません", "取り扱っていません",
    "お勧めしておりません", "行っておりません", "お願いしておりません", "お願いしていません",
    "お受けしておりません", "受け付けておりません"};
static const char *const standalone[] = {"じゃない",         "ではない",       "ではありません",
                                         "ではございません", "ないでください", "ないで下さい",
                                         "ではなく",         "じゃなく"};

/* Is the negative predicate at i a conditional ("ない場合", "ないと")? */
static bool conditional(const char *t, size_t len, size_t i)
{
    return msg_starts(t, len, i, "場合") || msg_starts(t, len, i, "と") ||
           msg_starts(t, len, i, "限り") || msg_starts(t, len, i, "ければ") ||
           msg_starts(t, len, i, "方") || msg_starts(t, len, i, "まま");
}

/* What stands at byte i: EV_END a clause end, EV_DENIAL a denial, EV_NONE
 * neither (EV_UNKNOWN: not worked out yet). Depends on i alone. */
enum { EV_UNKNOWN = 0, EV_NONE, EV_END, EV_DENIAL };

static int event_at(const char *t, size_t len, size_t i)
{
    /* every clause end, denial and topic particle starts with one of
     * these bytes (kana and 。 with 0xE3, ！？ with 0xEF): skip the rest */
    unsigned char c = (unsigned char)t[i];
    if (c != 0xE3 && c != 0xEF && c != '\n' && c != '!' && c != '?')
        return EV_NONE;
    if (msg_clause_end(t, len, i))
        return EV_END;
    /* every denial and topic particle starts with じ, で, な or は
     * (E3 81 98 / A7 / AA / AF): most kana and kanji stop here */
    if (c != 0xE3 || i + 3 > len || (unsigned char)t[i + 1] != 0x81)
        return EV_NONE;
    unsigned char c2 = (unsigned char)t[i + 2];
    if (c2 != 0x98 && c2 != 0xA7 && c2 != 0xAA && c2 != 0xAF)
        return EV_NONE;
    for (size_t k = 0; k < sizeof standalone / sizeof standalone[0]; k++)
        if (msg_starts(t, len, i, standalone[k]) && !conditional(t, len, i + strlen(standalone[k])))
            return EV_DENIAL;
    const char *topic[] = {"は", "じゃ", "では"};
    for (size_t k = 0; k < 3; k++) {
        if (!msg_starts(t, len, i, topic[k]))
            continue;
        size_t j = i + strlen(topic[k]);
        for (size_t n = 0; n < sizeof after_topic / sizeof after_topic[0]; n++)
            if (msg_starts(t, len, j, after_topic[n]) &&
                !conditional(t, len, j + strlen(after_topic[n])))
                return EV_DENIAL;
    }
    return EV_NONE;
}

/* What the last look-ahead found: no clause end or denial in [from, at),
 * and at is one (event = its kind) or the end of what was looked at
 * (event = EV_NONE). Hits come mostly in text order and many share a
 * clause, so the next look-ahead often starts inside the last one's. */
typedef struct ahead {
    size_t from, at;
    int event;
} ahead;

/* The look-ahead itself over [start, lim), remembered in *last. */
static size_t denial_scan(const char *t, size_t len, size_t from, size_t start, size_t lim,
                          uint8_t *memo, size_t memo_len, ahead *last)
{
    /* character by character: a continuation byte is EV_NONE */
    for (size_t i = start; i < lim; i += msg_char_step(t, len, i)) {
        int ev;
        if (i < memo_len) {
            if (memo[i] == EV_UNKNOWN)
                memo[i] = (uint8_t)event_at(t, len, i);
            ev = memo[i];
        } else {
            ev = event_at(t, len, i);
        }
        if (ev == EV_END || ev == EV_DENIAL) {
            *last = (ahead){from, i, ev};
            return ev == EV_DENIAL ? i : 0;
        }
    }
    *last = (ahead){from, lim > from ? lim : from, EV_NONE};
    return 0;
}

/* Byte offset of a denial that ends the clause after position from, or 0.
 * The hits of one message look ahead over the same bytes again and again,
 * so what stands at each byte is kept in memo (memo_len bytes, zeroed;
 * bytes past it are worked out each time). */
static size_t denial_after(const char *t, size_t len, size_t from, uint8_t *memo, size_t memo_len,
                           ahead *last)
{
    size_t start = from, lim = len < from + 90 ? len : from + 90;
    if (last->event != EV_UNKNOWN && last->from <= from && from <= last->at) {
        if (last->event != EV_NONE) /* the same event: it lies within from + 90 */
            return last->event == EV_DENIAL ? last->at : 0;
        start = last->at; /* nothing in [from, last->at) */
    }
    return denial_scan(t, len, from, start, lim, memo, memo_len, last);
}

/* Does t contain the UTF-8 word w (two or three characters)? memchr for
 * the last byte of its first character, which is rarer in Japanese text
 * than the lead bytes E3 / E4, then a compare. */
static bool contains(const char *t, size_t len, const char *w)
{
    size_t l = strlen(w);
    if (len < l)
        return false;
    const char *end = t + len - l + 3; /* candidates for w[2] */
    for (const char *p = memchr(t + 2, w[2], (size_t)(end - (t + 2))); p;
         p = p + 1 < end ? memchr(p + 1, w[2], (size_t)(end - (p + 1))) : NULL)
        if (memcmp(p - 2, w, l) == 0)
            return true;
    return false;
}

/* Does t contain ない, ません, 不要, (では|じゃ)なく or 一言も (the words every denial ends
 * with, or starts with: "とかは一言も書いてなかった")?
 * (A byte loop testing each position cost ~1.1k instructions a message.) */
static bool may_deny(const char *t, size_t len)
{
    return contains(t, len, "ない") || contains(t, len, "ません") || contains(t, len, "不要") ||
           contains(t, len, "はなく") || contains(t, len, "ゃなく") || contains(t, len, "一言も");
}

/* Is the phrase ending at i denied by the word right after it ("着手金なし",
 * "手数料無料", "送料0円": the thing named is exactly what is not asked;
 * "自動では停止されません": what is said not to happen)? */
static bool denied_next(const char *t, size_t len, size_t i)
{
    static const char *const none[] = {"なし", "無し", "ナシ", "無料", "ゼロ", "0円", "０円"};
    static const char *const not_done[] = {"されません", "されない"};
    for (size_t k = 0; k < sizeof not_done / sizeof not_done[0]; k++)
        if (msg_starts(t, len, i, not_done[k]) && !conditional(t, len, i + strlen(not_done[k])))
            return true;
    if (msg_starts(t, len, i, "は") || msg_starts(t, len, i, "も"))
        i += 3;
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++)
        if (msg_starts(t, len, i, none[k]))
            return true;
    return false;
}

size_t msg_drop_denied_hits(const mm_message_model *m, msg_hit *h, size_t n, const char *orig,
                            size_t len)
{
    if (n == 0)
        return n;
    /* cheap test first: most messages deny nothing (one pass; three memmem
     * calls cost ~1k instructions a message); a hit denied by the next word
     * is checked hit by hit */
    bool clause_denials = may_deny(orig, len);
    int keep[3] = {m->sig_secrecy, m->sig_warn, m->sig_never}; /* as msg_rules_resolve found */
    uint8_t memo[8192];
    size_t memo_len = !clause_denials ? 0 : len < sizeof memo ? len : sizeof memo;
    memset(memo, EV_UNKNOWN, memo_len);
    ahead last = {0, 0, EV_UNKNOWN};
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool denied = false;
        if (h[i].id < m->nphrases) {
            int sig = m->phrases[h[i].id].signal;
            denied =
                sig != keep[0] && sig != keep[1] && sig != keep[2] && h[i].to <= len &&
                (denied_next(orig, len, h[i].to) ||
                 (clause_denials && denial_after(orig, len, h[i].to, memo, memo_len, &last) != 0));
        }
        if (!denied)
            h[k++] = h[i];
    }
    return k;
}
