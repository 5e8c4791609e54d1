/*
 * message_claim.c — whose name does a message claim, and is its link on a
 * domain of that name?
 *
 * An SMS (or a mail relayed through a gateway) has no sender domain to align
 * its links with, but it still claims an organisation: 【はやぶさ急便】,
 * "こもれび銀行です", a display name. A genuine organisation links to its own
 * domain, whose name is its own name romanised (hayabusa-kyubin.example,
 * komorebi-bank.example); a fraudster cannot register that name on every
 * TLD it needs and so glues the name to decoration (secure-komorebi-bank,
 * my-himawari-card, yamanami-shinkin-secure) or hangs it under a domain of
 * its own (komorebi-bank.example.verify-x.test). So:
 *   aligned    the link's registrable label is made only of the claimed
 *              name's romanised kana, the words its organisation-type
 *              suffix translates to (銀行 → bank, ginko) and jp/hd/group;
 *   imitation  the label or a subdomain carries the romanised name but is
 *              not made of it alone.
 * Names written only in kanji cannot be romanised without a dictionary and
 * decide nothing (nor do loanwords in katakana whose English spelling
 * differs: ネクスト ≠ next); brands.tsv still knows the big brands' domains.
 * Pure: no I/O, no allocation (fixed buffers in msg_claim).
 */
#include <string.h>

#include "screen/message_internal.h"

/* Katakana (U+30A1..U+30F6) → Hepburn; index = code point - 0x30A1.
 * Small vowels and small ya/yu/yo are handled by combine() below. */
static const char *const kana[] = {
    "a",  "a",  "i",  "i",  "u",  "u",  "e",  "e",  "o",  "o",  /* ァアィイゥウェエォオ */
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",  /* カ..ゴ */
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", /* サ..ゾ */
    "ta", "da", "chi", "ji", "",   "tsu", "zu", "te", "de", "to", "do", /* タダチヂッツヅテデトド */
    "na", "ni", "nu", "ne", "no",                                 /* ナ..ノ */
    "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
    "ma", "mi", "mu", "me", "mo",                                 /* マ..モ */
    "ya", "ya", "yu", "yu", "yo", "yo",                           /* ャヤュユョヨ */
    "ra", "ri", "ru", "re", "ro",                                 /* ラ..ロ */
    "wa", "wa", "i",  "e",  "o",  "n",  "vu", "ka", "ke"};        /* ヮワヰヱヲンヴヵヶ */

/* Organisation-type words of a claim and how a domain name spells them. */
static const struct {
    const char *ja, *words;
} org_words[] = {
    {"銀行", "bank ginko ginkou"},
    {"信用金庫", "shinkin shinkinbank"},
    {"信金", "shinkin"},
    {"信託", "trust shintaku"},
    {"信用組合", "shinkumi"},
    {"証券", "sec securities shoken"},
    {"カード", "card"},
    {"クレジット", "credit"},
    {"マーケット", "market"},
    {"ファイナンス", "finance"},
    {"トラベル", "travel"},
    {"エクスプレス", "express"},
    {"マート", "mart"},
    {"ライフ", "life"},
    {"エナジー", "energy"},
    {"テレコム", "telecom"},
    {"運輸", "unyu transport"},
    {"物流", "logi logistics butsuryu"},
    {"急便", "kyubin express exp"},
    {"便", "bin"},
    {"運送", "unso"},
    {"通販", "tsuhan shop store"},
    {"モール", "mall"},
    {"ストア", "store"},
    {"ショップ", "shop"},
    {"市場", "ichiba market"},
    {"生命", "life seimei"},
    {"保険", "hoken insurance"},
    {"電力", "denryoku power denki energy"},
    {"電気", "denki electric"},
    {"ガス", "gas"},
    {"水道", "suido"},
    {"モバイル", "mobile"},
    {"ネット", "net"},
    {"ペイ", "pay"},
    {"郵便", "post yubin"},
    {"交通", "kotsu"},
    {"鉄道", "railway tetsudo"},
    {"航空", "air airlines koku"},
    {"商事", "shoji"},
    {"不動産", "fudosan realestate"},
    {"ホールディングス", "hd holdings"},
    {"グループ", "group"},
    {"市", "city"},
    {"町", "town"},
    {"県", "pref"},
};

/* Words any organisation's own domain may add to its name. */
static const char *const neutral = "jp hd group";

/* Spelling variants of the same sounds (Hepburn, kunrei, English habits)
 * reduced to one form; applied to both sides of a comparison. The first
 * rule (in this order) that matches the raw bytes at p applies:
 *   tsu→tu shi→si chi→ti sh→sy ch→ty ji→zi j→zy fu→hu ou→o oo→o oh→o
 *   uu→u aa→a ii→i ee→e mb→nb mp→np nn→n
 * ("oh" only before a consonant or at the end: ohta, not oha). Written as a
 * switch on the first letter: this runs for every claimed name and link
 * label, and a table walk with strlen/strncmp per letter cost ~10% of an
 * e-mail's screening. Returns the replacement and sets *used to the bytes
 * it replaces, or NULL when no rule applies. */
static const char *canon_rule(const char *p, size_t *used)
{
    char a = p[1], b = a ? p[2] : 0;
    *used = 2;
    switch (p[0]) {
    case 't':
        if (a == 's' && b == 'u')
            return *used = 3, "tu";
        return NULL;
    case 's':
        if (a == 'h')
            return b == 'i' ? (*used = 3, "si") : "sy";
        return NULL;
    case 'c':
        if (a == 'h')
            return b == 'i' ? (*used = 3, "ti") : "ty";
        return NULL;
    case 'j':
        if (a == 'i')
            return "zi";
        return *used = 1, "zy";
    case 'f': return a == 'u' ? "hu" : NULL;
    case 'o':
        if (a == 'u' || a == 'o')
            return "o";
        if (a == 'h' && !(b && strchr("aiueoy", b)))
            return "o";
        return NULL;
    case 'u': return a == 'u' ? "u" : NULL;
    case 'a': return a == 'a' ? "a" : NULL;
    case 'i': return a == 'i' ? "i" : NULL;
    case 'e': return a == 'e' ? "e" : NULL;
    case 'm': return a == 'b' ? "nb" : a == 'p' ? "np" : NULL;
    case 'n': return a == 'n' ? "n" : NULL;
    default: return NULL;
    }
}

static void canon(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *p = in; *p && o + 1 < cap;) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!(c >= 'a' && c <= 'z')) {
            p++;
            continue;
        }
        size_t l;
        const char *to = canon_rule(p, &l);
        if (to == NULL) {
            out[o++] = c;
            p++;
            continue;
        }
        size_t tl = to[1] ? 2 : 1;
        if (o + tl + 1 >= cap)
            break; /* full (this looped forever when a two-letter
                      replacement no longer fit: 【シシシ…シ】) */
        memcpy(out + o, to, tl);
        o += tl;
        p += l;
    }
    /* the reductions can leave a doubled vowel ("ou" after "o") */
    out[o] = 0;
}

static uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    uint32_t cp;
    int n;
    if (c < 0x80) {
        cp = c;
        n = 1;
    } else if ((c & 0xE0) == 0xC0) {
        cp = c & 0x1F;
        n = 2;
    } else if ((c & 0xF0) == 0xE0) {
        cp = c & 0x0F;
        n = 3;
    } else {
        cp = c & 0x07;
        n = 4;
    }
    if (*i + (size_t)n > len) {
        *i = len;
        return 0;
    }
    for (int k = 1; k < n; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + (size_t)k] & 0x3F);
    *i += (size_t)n;
    return cp;
}

/* An English letter as the katakana sound it is written with: l as r, c
 * and q as k, v as b, f as h, j and z as s (ズ is the plural s of ランサーズ,
 * lancers). */
static char katakana_sound(char ch)
{
    return ch == 'c' || ch == 'q'   ? 'k'
           : ch == 'l'              ? 'r'
           : ch == 'v'              ? 'b'
           : ch == 'f'              ? 'h'
           : ch == 'j' || ch == 'z' ? 's'
                                    : ch;
}

/* Consonant skeleton, for katakana loanwords whose domain keeps the
 * English spelling (ネクスト "nekusuto" / next → nkst; ランサーズ / lancers
 * → rns; ミライ stays exact): English letters folded to the sounds
 * katakana has, vowels dropped, a soft c (ce, ci) read as s, an r after
 * a vowel that no vowel follows left out, as katakana lengthens the vowel
 * instead (サー for "cer"), and the silent g of "sign" and "light". */
static void skeleton(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 3 < cap; i++) {
        char ch = in[i], nx = i + 1 < n ? in[i + 1] : 0;
        const char *r = NULL;
        char one[2] = {0, 0};
        if (strchr("aeiouyw-", ch))
            continue;
        if (ch == 'r' && i > 0 && strchr("aeiou", in[i - 1]) && !strchr("aeiouy", nx ? nx : 'x'))
            continue;
        /* English silent letters katakana leaves out: sign サイン, light
         * ライト (romaji never puts g before n or h) */
        if (ch == 'g' && nx == 'n')
            continue;
        if (ch == 'g' && nx == 'h') {
            i++;
            continue;
        }
        if (ch == 'x')
            r = "ks";
        else if ((ch == 's' || ch == 'c' || ch == 't' || ch == 'p') && nx == 'h') {
            one[0] = ch == 'p' ? 'f' : ch == 'c' ? 't' : 's';
            i++;
        } else if (ch == 't' && nx == 's') {
            one[0] = 't';
            i++;
        } else if (ch == 'c' && nx == 'k') {
            one[0] = 'k';
            i++;
        } else if (ch == 'c' && (nx == 'e' || nx == 'i' || nx == 'y')) {
            one[0] = 's';
        } else {
            one[0] = katakana_sound(ch);
        }
        if (r == NULL)
            r = one;
        for (const char *q = r; *q; q++)
            if (o == 0 || out[o - 1] != *q)
                out[o++] = *q;
    }
    out[o] = 0;
}

static void add_name(msg_claim *c, const char *romaji, bool katakana)
{
    /* kana words of a notice's tag that name no organisation */
    static const char *const stop[] = {"osirase", "goanai", "onegai", "gorenraku", "kakunin",
                                       "kinkyu", "zyuyo"};
    char cn[sizeof c->name[0]];
    canon(romaji, cn, sizeof cn);
    if (strlen(cn) < 4 || c->nname >= sizeof c->name / sizeof c->name[0])
        return;
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strcmp(cn, stop[i]) == 0)
            return;
    for (size_t i = 0; i < c->nname; i++)
        if (strcmp(c->name[i], cn) == 0)
            return;
    c->skel[c->nname][0] = 0;
    if (katakana) {
        skeleton(romaji, strlen(romaji), c->skel[c->nname], sizeof c->skel[0]);
        if (strlen(c->skel[c->nname]) < 3)
            c->skel[c->nname][0] = 0;
    }
    memcpy(c->name[c->nname++], cn, sizeof cn);
}

static void add_word(msg_claim *c, const char *w, size_t n)
{
    char tmp[24], cn[sizeof c->word[0]];
    if (n >= sizeof tmp || c->nword >= sizeof c->word / sizeof c->word[0])
        return;
    memcpy(tmp, w, n);
    tmp[n] = 0;
    canon(tmp, cn, sizeof cn);
    if (cn[0])
        memcpy(c->word[c->nword++], cn, sizeof cn);
}

static void add_words(msg_claim *c, const char *list)
{
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        add_word(c, p, n);
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* Romanise one claimed name (UTF-8, already cut out of the text). */
static void parse_name(msg_claim *c, const char *s, size_t len)
{
    char run[64];
    size_t rl = 0;
    char ascii[32];
    size_t al = 0;
    bool sokuon = false, katakana = false;
    size_t nk = 0; /* kana in the current run */
    /* the low 12 bits (last two bytes) of the words' first characters: a
     * character not among them starts no word, and most do not (the word
     * loop below cost ~1.3k instructions a claimed message) */
    size_t nw = sizeof org_words / sizeof org_words[0];
    uint64_t first[64] = {0};
    for (size_t k = 0; k < nw; k++) {
        unsigned b = ((unsigned char)org_words[k].ja[1] & 0x3Fu) << 6 |
                     ((unsigned char)org_words[k].ja[2] & 0x3Fu);
        first[b >> 6] |= UINT64_C(1) << (b & 63);
    }
    for (size_t i = 0; i <= len;) {
        /* an organisation-type word (カード, 銀行) ends the name before it */
        size_t k = nw;
        if (i + 3 <= len) {
            unsigned b = ((unsigned char)s[i + 1] & 0x3Fu) << 6 | ((unsigned char)s[i + 2] & 0x3Fu);
            if ((first[b >> 6] >> (b & 63)) & 1)
                k = 0;
        }
        for (; k < nw; k++) {
            /* every word is at least one 3-byte character: its first
             * character decides most candidates without strlen/memcmp */
            const char *w = org_words[k].ja;
            if (i + 3 > len || w[0] != s[i] || w[1] != s[i + 1] || w[2] != s[i + 2])
                continue;
            size_t wl = strlen(w);
            if (i + wl <= len && memcmp(s + i, w, wl) == 0)
                break;
        }
        size_t at = i;
        uint32_t cp;
        if (k < nw) {
            add_words(c, org_words[k].words);
            i += strlen(org_words[k].ja);
            cp = 0x3000; /* ends the runs below like a space */
        } else {
            cp = i < len ? utf8_next(s, len, &i) : 0;
        }
        if (i == at)
            i++; /* the terminating pass */
        if (cp >= 0x30A1 && cp <= 0x30FC)
            katakana = true; /* written in katakana: perhaps a loanword */
        if (cp >= 0x3041 && cp <= 0x3096)
            cp += 0x60; /* hiragana → katakana */
        if (cp >= 0xFF21 && cp <= 0xFF3A)
            cp = cp - 0xFF21 + 'a'; /* full-width letters */
        else if (cp >= 0xFF41 && cp <= 0xFF5A)
            cp = cp - 0xFF41 + 'a';
        bool is_kana = (cp >= 0x30A1 && cp <= 0x30F6) || cp == 0x30FC;
        bool is_ascii = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                        (cp >= '0' && cp <= '9');
        if (!is_kana && rl) {
            run[rl] = 0;
            if (nk >= 3) /* two kana (らせ of お知らせ) name nothing */
                add_name(c, run, katakana);
            rl = 0;
            nk = 0;
            sokuon = false;
            katakana = false;
        }
        if (!is_ascii && al) {
            ascii[al] = 0;
            add_name(c, ascii, false);
            al = 0;
        }
        if (is_ascii) {
            if (al + 1 < sizeof ascii)
                ascii[al++] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
            continue;
        }
        if (!is_kana) {
            if (cp >= 0x3400 && cp < 0xA000)
                c->opaque = true; /* kanji we cannot romanise */
            continue;
        }
        if (cp == 0x30FC) /* ー: the long vowel is dropped by canon anyway */
            continue;
        if (cp == 0x30C3) { /* ッ doubles the next consonant */
            sokuon = true;
            continue;
        }
        nk++;
        const char *r = kana[cp - 0x30A1];
        bool small_y = cp == 0x30E3 || cp == 0x30E5 || cp == 0x30E7;
        bool small_v = cp == 0x30A1 || cp == 0x30A3 || cp == 0x30A5 || cp == 0x30A7 ||
                       cp == 0x30A9;
        if ((small_y || small_v) && rl > 0 && strchr("aiueo", run[rl - 1])) {
            /* キャ → kya, シャ → sha, チャ → cha, ジャ → ja, ファ → fa */
            bool drop_i = small_y && run[rl - 1] == 'i' && rl >= 2 &&
                          (run[rl - 2] == 'h' || run[rl - 2] == 'j');
            rl--; /* the vowel of the previous mora */
            if (drop_i) {
                r = r + 1; /* "ya" → "a" after sh/ch/j */
            }
        }
        size_t l = strlen(r);
        if (sokuon && l && rl + 1 < sizeof run && !strchr("aiueon", r[0]))
            run[rl++] = r[0] == 'c' ? 't' : r[0];
        sokuon = false;
        if (rl + l < sizeof run) {
            memcpy(run + rl, r, l);
            rl += l;
        }
    }
}

/* 【緊急】, 【重要】 … tag the notice, they name nobody: a claim parsed from
 * them made every link "of that name" (kanji that cannot be romanised let
 * any label through). */
static bool notice_tag(const char *t, size_t n)
{
    static const char *const tags[] = {"緊急", "重要", "至急", "要確認", "お知らせ", "ご案内",
                                       "注意", "再送", "速報", "警告", "最終通告", "最終通知",
                                       "重要なお知らせ", "緊急連絡", "ご確認ください"};
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
        if (strlen(tags[k]) == n && memcmp(t, tags[k], n) == 0)
            return true;
    return false;
}

/* Bytes of the first bracketed claim (【…】, ［…］, […]) near the start,
 * notice tags skipped. */
static bool bracket(const char *t, size_t len, size_t *from, size_t *to)
{
    size_t lim = len < 48 ? len : 48;
    for (size_t i = 0; i < lim; i += msg_char_step(t, len, i)) {
        const char *close = NULL;
        size_t ol = 0;
        unsigned char b = (unsigned char)t[i]; /* 【 E3, ［ EF, [ */
        if (b != 0xE3 && b != 0xEF && b != '[')
            continue;
        if (i + 3 <= len && memcmp(t + i, "【", 3) == 0) {
            close = "】";
            ol = 3;
        } else if (i + 3 <= len && memcmp(t + i, "［", 3) == 0) {
            close = "］";
            ol = 3;
        } else if (t[i] == '[') {
            close = "]";
            ol = 1;
        }
        if (close == NULL)
            continue;
        size_t cl = strlen(close);
        size_t j = i + ol;
        while (j + cl <= len && j < i + ol + 60 && memcmp(t + j, close, cl) != 0)
            j++;
        if (j + cl > len || j >= i + ol + 60)
            return false;
        if (notice_tag(t + i + ol, j - i - ol)) { /* look for the next bracket */
            i = j + cl - 1;
            lim = len < j + cl + 48 ? len : j + cl + 48;
            continue;
        }
        *from = i + ol;
        *to = j;
        return j > i + ol;
    }
    return false;
}

/* Does a claimed name read as a local government's office (さいたま市こども
 * 家庭課, 横浜市健康福祉局, 〇〇町役場, 神奈川県税事務所)? */
static bool public_body_name(const char *s, size_t n)
{
    static const char *const whole[] = {"役所", "役場", "県庁", "都庁", "府庁", "道庁"};
    static const char *const place[] = {"市", "区", "県", "都"};
    static const char *const office[] = {"課", "局", "室", "係", "事務所"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (memmem(s, n, whole[i], strlen(whole[i])))
            return true;
    for (size_t i = 0; i < sizeof place / sizeof place[0]; i++) {
        const char *p = memmem(s, n, place[i], 3);
        /* not the name's first character (市川, 区民): a place before it */
        if (p == NULL || p == s)
            continue;
        for (size_t k = 0; k < sizeof office / sizeof office[0]; k++)
            if (memmem(p + 3, n - (size_t)(p + 3 - s), office[k], strlen(office[k])))
                return true;
    }
    return false;
}

void msg_claim_parse(msg_claim *c, const char *text, size_t len, const char *display_name)
{
    memset(c, 0, sizeof *c);
    size_t f, t;
    if (bracket(text, len, &f, &t)) {
        parse_name(c, text + f, t - f);
        c->public_body = public_body_name(text + f, t - f);
    }
    /* "こもれび銀行です。" / "○○運輸より" opening the message */
    size_t lead = 0;
    while (lead < len && (text[lead] == ' ' || text[lead] == '\n'))
        lead++;
    static const char *const ends[] = {"です", "より", "から"};
    for (size_t i = lead; i < len && i < lead + 45; i += msg_char_step(text, len, i)) {
        if (text[i] == '\n')
            break;
        if ((unsigned char)text[i] != 0xE3) /* 。、です より から all start E3 */
            continue;
        if (i + 3 <= len && (memcmp(text + i, "。", 3) == 0 || memcmp(text + i, "、", 3) == 0))
            break;
        bool hit = false;
        for (size_t k = 0; k < 3 && !hit; k++)
            hit = i + 6 <= len && memcmp(text + i, ends[k], 6) == 0;
        if (hit && i > lead) {
            parse_name(c, text + lead, i - lead);
            c->public_body |= public_body_name(text + lead, i - lead);
            break;
        }
    }
    if (display_name && display_name[0])
        parse_name(c, display_name, strlen(display_name));
    if (c->nname)
        add_words(c, neutral);
}

/* Can s be cut entirely into the claim's names and words? */
static bool segment(const msg_claim *c, const char *s, bool *named)
{
    size_t n = strlen(s);
    /* reach[i]: 0 unreachable, 1 reachable without a name, 2 with one */
    unsigned char reach[128] = {0};
    if (n >= sizeof reach)
        return false;
    reach[0] = 1;
    for (size_t i = 0; i < n; i++) {
        if (!reach[i])
            continue;
        for (size_t k = 0; k < c->nname; k++) {
            size_t l = strlen(c->name[k]);
            if (i + l <= n && strncmp(s + i, c->name[k], l) == 0)
                reach[i + l] = 2;
        }
        for (size_t k = 0; k < c->nword; k++) {
            size_t l = strlen(c->word[k]);
            if (l && i + l <= n && strncmp(s + i, c->word[k], l) == 0 && reach[i + l] < reach[i])
                reach[i + l] = reach[i];
        }
    }
    *named = reach[n] == 2;
    return reach[n] != 0;
}

/* Words fraudsters glue to a name to make a domain of their own; no
 * organisation's own domain needs them. */
static bool decoration(const char *t, size_t n)
{
    static const char *const d[] = {"secure", "security", "login", "signin", "verify",
                                    "verification", "account", "support", "update", "confirm",
                                    "auth", "member", "members", "online", "official", "portal",
                                    "service", "center", "check", "safe", "help", "my", "id",
                                    "user", "info", "web", "app", "sys", "system", "alert",
                                    "notice", "kakunin", "ninsho", "ninsyo", "honnin", "redelivery",
                                    "redeliver", "saihaitatsu", "unlock", "recovery", "reset",
                                    "renew", "refund", "henkin", "kanpu"};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (strlen(d[i]) == n && strncmp(t, d[i], n) == 0)
            return true;
    return false;
}

/* Does a hyphen-separated token of the label, outside the claimed name,
 * read as decoration (also glued: mysecure, loginhimawari)? */
static bool decorated(const msg_claim *c, const char *label)
{
    for (const char *p = label; *p;) {
        const char *q = p;
        while (*q && *q != '-')
            q++;
        size_t n = (size_t)(q - p);
        if (decoration(p, n))
            return true;
        /* a name glued to a decoration inside one token */
        for (size_t k = 0; k < c->nname; k++) {
            size_t l = strlen(c->name[k]);
            if (n > l && strncmp(p, c->name[k], l) == 0 && decoration(p + l, n - l))
                return true;
            if (n > l && strncmp(p + n - l, c->name[k], l) == 0 && decoration(p, n - l))
                return true;
        }
        p = *q ? q + 1 : q;
    }
    return false;
}

static bool has_name(const msg_claim *c, const char *s)
{
    for (size_t k = 0; k < c->nname; k++)
        if (strstr(s, c->name[k]))
            return true;
    return false;
}

/* vowels and the glide y: ユ is "yu" and "u" in uniqlo */
static bool vowel(char ch)
{
    return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u' || ch == 'y';
}

/* Spell a host part (labels split on '-' and '.') for comparison with the
 * claim: tokens spelt like a katakana name in English (next for ネクスト;
 * a leading vowel or y may differ: eplus for イープラス, uniqlo for ユニクロ)
 * become that name; the rest keeps its letters.
 * out keeps the separators. */
static void respell(const msg_claim *c, const char *in, size_t len, char *out, size_t cap)
{
    size_t so = 0;
    for (size_t i = 0; i < len && so + 1 < cap;) {
        size_t j = i;
        while (j < len && in[j] != '-' && in[j] != '.')
            j++;
        size_t n = j - i;
        char sk[32];
        skeleton(in + i, n, sk, sizeof sk);
        const char *as = NULL;
        for (size_t k = 0; k < c->nname && !decoration(in + i, n); k++)
            if (c->skel[k][0] && strcmp(sk, c->skel[k]) == 0 &&
                (katakana_sound(in[i]) == katakana_sound(c->name[k][0]) ||
                 (vowel(in[i]) && vowel(c->name[k][0]))))
                as = c->name[k];
        size_t al = as ? strlen(as) : n;
        if (so + al + 2 >= cap)
            break;
        memcpy(out + so, as ? as : in + i, al);
        so += al;
        if (j < len)
            out[so++] = in[j];
        i = j < len ? j + 1 : j;
    }
    out[so] = 0;
}

/* Mail-delivery services put each sender's name in a subdomain of their
 * own domain for list and tracking links (kitsunedo.us12.list-manage.com):
 * that is how the service works, not an imitation. Their links still
 * count as links off the claimed name's domain. */
bool msg_mail_service(const char *registrable)
{
    static const char *const esp[] = {"list-manage.com", "mailchimp.com", "mcusercontent.com",
                                      "sendgrid.net",    "rs6.net",       "exacttarget.com",
                                      "hubspotlinks.com", "cmail19.com",  "cmail20.com"};
    for (size_t i = 0; i < sizeof esp / sizeof esp[0]; i++)
        if (strcasecmp(registrable, esp[i]) == 0)
            return true;
    return false;
}

/* The claimed name + a site word as the whole label of a .jp domain
 * (ニトリ → nitori-net.jp, ヤマダ → yamada-web.jp): .jp and co.jp are
 * registered only with a Japanese address or company, and a shop's own
 * web store is spelt so; elsewhere the same shape is a look-alike. */
static bool jp_site_of_name(const msg_claim *c, const char *lc, const char *registrable)
{
    size_t rl = strlen(registrable), n = strlen(lc);
    if (rl < 4 || strcmp(registrable + rl - 3, ".jp") != 0)
        return false;
    static const char *const site[] = {"net", "web", "online", "shop", "store"};
    for (size_t k = 0; k < c->nname; k++) {
        size_t l = strlen(c->name[k]);
        if (l >= n || strncmp(lc, c->name[k], l) != 0)
            continue;
        for (size_t w = 0; w < sizeof site / sizeof site[0]; w++)
            if (strcmp(lc + l, site[w]) == 0)
                return true;
    }
    return false;
}

int msg_claim_link(const msg_claim *c, const char *host, const char *registrable)
{
    if (host == NULL || registrable == NULL || msg_mail_service(registrable))
        return 0;
    /* a city hall's or prefecture's own sites are on lg.jp or city.….jp
     * (official before any claim is read); another domain with the
     * city's name in it is not its own (kodomo-teate-saitama.…) */
    if (c->public_body)
        return 0;
    if (c->nname == 0)
        return msg_claim_latin_link(c, registrable);
    const char *dot = strchr(registrable, '.');
    size_t ll = dot ? (size_t)(dot - registrable) : strlen(registrable);
    char label[160], lc[160];
    if (ll == 0 || ll >= 96)
        return 0;
    respell(c, registrable, ll, label, sizeof label);
    canon(label, lc, sizeof lc);
    bool named = false;
    if (has_name(c, lc)) {
        if ((segment(c, lc, &named) && named) || jp_site_of_name(c, lc, registrable))
            return 1;
        /* the name glued to decoration (secure-, -login) is the tell; when
         * part of the claim could not be romanised (宅配便 → takuhai) the
         * other words may be that part, so then only decoration decides */
        if (!c->opaque || decorated(c, label))
            return -1;
        return 1;
    }
    /* the name in a subdomain of a domain that does not carry it */
    size_t hl = strlen(host), rl = strlen(registrable);
    if (hl > rl + 1) {
        char sub[160], sc[160];
        size_t sl = hl - rl - 1;
        if (sl >= 120)
            sl = 120;
        respell(c, host, sl, sub, sizeof sub);
        canon(sub, sc, sizeof sc);
        if (has_name(c, sc))
            return -1;
    }
    return msg_claim_latin_link(c, registrable);
}

bool msg_claim_decorated(const char *label)
{
    for (const char *p = label; *p;) {
        const char *q = p;
        while (*q && *q != '-')
            q++;
        size_t n = (size_t)(q - p);
        if (decoration(p, n))
            return true;
        /* glued: mysecure…, …login (decorations of four letters or more) */
        for (size_t l = 4; l < n; l++)
            if (decoration(p, l) || decoration(p + n - l, l))
                return true;
        p = *q ? q + 1 : q;
    }
    return false;
}
