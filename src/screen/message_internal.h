/*
 * message_internal.h — what the message, post and call detectors share and
 * nobody else sees: the compiled message model (phrase families in one
 * Vectorscan database, brands, official numbers, TLD and shortener lists,
 * the n-gram classifier and the co-occurrence rules resolved to bit masks),
 * the per-message "facts" the rules read, and the extraction results.
 *
 * Why a bit mask of signals: every 手口 is a co-occurrence of a few things
 * the fraudster must say (a claim, a threat, an action, a channel). Phrases
 * and extracted indicators each set one signal; a rule is "all of these and
 * at least k of those and none of these", which costs a few AND/POPCNT per
 * rule and keeps the rules in C readable next to the data files.
 */
#ifndef MAMORU_SCREEN_MESSAGE_INTERNAL_H
#define MAMORU_SCREEN_MESSAGE_INTERNAL_H

#include <hs/hs.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mamoru/norm.h"
#include "mamoru/screen_message.h"

#define MSG_MAX_SIGNALS 256 /* four 64-bit words of msg_mask */
#define MSG_SCRATCH_POOL 16
#define MSG_MAX_HITS 512

/* Synthetic signals set by extraction and sender checks (names start '@'). */
#define MSG_SYNTHETIC_SIGNALS                                                                      \
    "@link", "@shortener", "@phone", "@intl_phone", "@account", "@crypto", "@sns_id",              \
        "@brand_claim", "@sender_mismatch", "@sender_mobile", "@sender_intl", "@ip_link",          \
        "@email_addr", "@personal_phone", "@foreign_link", "@own_channels", "@brand_off_link"

/* Their indices in that order (mm_message_model.sig_ix). */
enum {
    SIG_LINK = 0,
    SIG_SHORTENER,
    SIG_PHONE,
    SIG_INTL_PHONE,
    SIG_ACCOUNT,
    SIG_CRYPTO,
    SIG_SNS_ID,
    SIG_BRAND_CLAIM,
    SIG_SENDER_MISMATCH,
    SIG_SENDER_MOBILE,
    SIG_SENDER_INTL,
    SIG_IP_LINK,
    SIG_EMAIL_ADDR,
    SIG_PERSONAL_PHONE, /* a mobile or 050 IP-phone number in the text */
    SIG_FOREIGN_LINK,   /* a link neither official nor on the claimed name's / sender's domain */
    SIG_OWN_CHANNELS,   /* every channel is official or the sender's own (message.c) */
    SIG_BRAND_OFF_LINK, /* not an e-mail: a known brand claimed, a link off every known domain */
    SIG__SYNTH
};

typedef struct msg_phrase {
    uint16_t family; /* index into families */
    uint8_t signal;  /* index into signals */
    int8_t weight;   /* standalone weight 0..100 (0: only a signal for the rules) */
    char *source;    /* pattern as written in the file */
    char *note;
} msg_phrase;

typedef struct msg_brand {
    char *name;
    char **domains; /* registrable domains; "label.*" = any public suffix */
    size_t ndomains;
} msg_brand;

/* Brand domains sorted for lookup (message_brand_index.c). */
typedef struct msg_brand_key {
    const char *key; /* points into msg_brand.domains */
    size_t len;      /* "label.*": the length of "label." */
    int brand;
} msg_brand_key;

typedef struct msg_brand_index {
    msg_brand_key *exact, *prefix;
    size_t nexact, nprefix;
    size_t nbrands; /* brands indexed; a stale index is not used */
} msg_brand_index;

typedef struct msg_official {
    char *e164; /* "+81…" or a short number "110", "#9110" */
    char *name; /* who owns it */
    char *kind; /* police, ministry, public, company */
} msg_official;

/* A set of signals: a 256-bit mask (MSG_MAX_SIGNALS). */
#define MSG_MASK_WORDS 4
/* Rules in message_rules.c's table, at most (its index is a bit set). */
#define MSG_RULE_WORDS 4
#define MSG_MAX_RULES (MSG_RULE_WORDS * 64)
typedef struct msg_mask {
    uint64_t w[MSG_MASK_WORDS];
} msg_mask;

static inline void msg_mask_set(msg_mask *m, int i)
{
    m->w[i >> 6] |= 1ull << (i & 63);
}
static inline void msg_mask_clear(msg_mask *m, int i)
{
    m->w[i >> 6] &= ~(1ull << (i & 63));
}
static inline bool msg_mask_has(const msg_mask *m, int i)
{
    return (m->w[i >> 6] >> (i & 63)) & 1;
}
/* Does a contain all of b? */
static inline bool msg_mask_all(const msg_mask *a, const msg_mask *b)
{
    uint64_t miss = 0;
    for (int w = 0; w < MSG_MASK_WORDS; w++)
        miss |= b->w[w] & ~a->w[w];
    return miss == 0;
}
static inline int msg_mask_common(const msg_mask *a, const msg_mask *b)
{
    int n = 0;
    for (int w = 0; w < MSG_MASK_WORDS; w++)
        n += __builtin_popcountll(a->w[w] & b->w[w]);
    return n;
}
/* Do a and b share a signal? */
static inline bool msg_mask_meets(const msg_mask *a, const msg_mask *b)
{
    uint64_t any = 0;
    for (int w = 0; w < MSG_MASK_WORDS; w++)
        any |= a->w[w] & b->w[w];
    return any != 0;
}
static inline bool msg_mask_empty(const msg_mask *a)
{
    uint64_t any = 0;
    for (int w = 0; w < MSG_MASK_WORDS; w++)
        any |= a->w[w];
    return any == 0;
}

/* The step from byte i (< len) of a byte loop that stops only at ASCII
 * and lead bytes: 3 over a three-byte character (kana, kanji, CJK
 * punctuation: most of a Japanese text), whose two continuation bytes
 * (80..BF) start nothing; else 1. Safe on any bytes. */
static inline size_t msg_char_step(const char *text, size_t len, size_t i)
{
    const unsigned char *t = (const unsigned char *)text;
    return t[i] >= 0xE0 && i + 2 < len && (t[i + 1] & 0xC0) == 0x80 && (t[i + 2] & 0xC0) == 0x80
               ? 3
               : 1;
}

/* Does s start at byte i of t (len bytes)? */
static inline bool msg_starts(const char *t, size_t len, size_t i, const char *s)
{
    size_t l = strlen(s);
    return i + l <= len && memcmp(t + i, s, l) == 0;
}

/* Does a clause end at byte i of t (len bytes): 。！？!? or a line break?
 * (message_negation.c looks ahead to one, message_reported.c back.) */
static inline bool msg_clause_end(const char *t, size_t len, size_t i)
{
    return t[i] == '\n' || t[i] == '!' || t[i] == '?' || msg_starts(t, len, i, "。") ||
           msg_starts(t, len, i, "！") || msg_starts(t, len, i, "？");
}

/* The quotation mark at byte i of t (len bytes): 1 「, 2 『, 3 “ opening,
 * -1 」, -2 』, -3 ” closing, 0 none. Warnings quote the lure they warn
 * about (message.c, message_reported.c). */
static inline int msg_quote_mark(const char *t, size_t len, size_t i)
{
    if (i + 3 > len || (unsigned char)t[i + 1] != 0x80)
        return 0;
    unsigned char a = (unsigned char)t[i], c = (unsigned char)t[i + 2];
    if (a == 0xE3)
        return c == 0x8C ? 1 : c == 0x8E ? 2 : c == 0x8D ? -1 : c == 0x8F ? -2 : 0;
    if (a == 0xE2)
        return c == 0x9C ? 3 : c == 0x9D ? -3 : 0;
    return 0;
}

/* A co-occurrence rule after resolution (message_rules.c). */
typedef struct msg_rule_r {
    const char *code, *category, *detail;
    int weight;
    msg_mask all, any, none;
    int min_any;
    int channel; /* 0 any, 1 message only, 2 post only */
} msg_rule_r;

/* The text classifier (message_classifier.c). */
typedef struct msg_classifier {
    uint32_t bits;
    float bias;
    float scale;      /* weight = q * scale */
    int16_t *weights; /* 1 << bits */
    float threshold;  /* probability at which TEXT_CLASSIFIER starts */
} msg_classifier;

struct mm_message_model {
    char **families;
    size_t nfamilies;
    char *signals[MSG_MAX_SIGNALS];
    size_t nsignals;
    msg_phrase *phrases;
    size_t nphrases, cap_phrases;
    /* brand keywords compiled into the same database: id >= nphrases */
    uint16_t *kw_brand; /* brand index per keyword pattern */
    char **kw_source;
    size_t nkw, cap_kw;
    msg_brand *brands;
    size_t nbrands;
    msg_brand_index brand_ix; /* built by mm_message_model_add_brands */
    msg_official *officials;
    size_t nofficials;
    char **tlds; /* sorted */
    size_t ntlds;
    char **shorteners; /* sorted */
    size_t nshorteners;
    char **bank_names; /* "name\tcode" pairs, longest name first */
    size_t nbank_names;
    struct msg_branches *branches; /* callburst: Zengin branch names (message_branch.c), owned */
    msg_classifier *cls;
    msg_rule_r *rules;
    size_t nrules;
    /* message_rules.c: rules (as bits of their index) keyed by one signal
     * their `all` needs, and those needing none: a message visits only the
     * rules its signals can fire */
    uint64_t rule_keyed[MSG_MAX_SIGNALS][MSG_RULE_WORDS], rule_unkeyed[MSG_RULE_WORDS];
    /* every phrase and brand keyword, scanned without start-of-match
     * tracking (message_model.c); a hit's start is then read backwards: a
     * literal's from its normalised length (lit_len), a regular
     * expression's by its reversed form (rev_mid[id], or rev_end[id] when
     * the match ends at the end of the text; message_reverse.c) */
    hs_database_t *db;
    uint16_t *lit_len;
    hs_database_t **rev_mid, **rev_end;
    hs_scratch_t *proto;
    _Atomic(hs_scratch_t *) pool[MSG_SCRATCH_POOL];
    bool compiled;
    int sig_warn;    /* index of "warn_marker", -1 when absent */
    int sig_reply;   /* "act_reply" (answer this message: a channel), -1 when absent */
    int sig_chat;    /* "chat_app" (move to a messenger: a channel), -1 when absent */
    int sig_secrecy; /* "secrecy" and "never_marker" (kept through denials), -1 absent */
    int sig_never;
    /* indices of the synthetic signals, in MSG_SYNTHETIC_SIGNALS order */
    uint8_t sig_ix[SIG__SYNTH];
    /* message_rules.c: the genuine sender's offline way to settle
     * (pay_offline, inactivity) counts only without a remote channel */
    msg_mask offline_mask, remote_mask;
    int sig_visit;  /* "visit_collect" (message.c: an ask a warning does not cancel), -1 absent */
    int sig_code;   /* "code_demand" (a received code asked back: the same), -1 absent */
    int sig_qr;     /* "qr_link" (a QR code to scan: the same), -1 absent */
    int sig_threat_caution; /* "threat_caution" ("…停止されますのでご注意ください"), -1 absent */
    int sig_reassure;    /* "reassurance" ("無駄になることはありません"), -1 absent */
    int sig_deep_discount; /* "deep_discount" (also set by message_price.c), -1 absent */
    int sig_emoney_code; /* "emoney_code" (a gift card's number asked: an ask), -1 absent */
    int sig_remote; /* "remote_app": counts inside a link too (anydesk dot com), -1 absent */
    int sig_inactivity; /* "inactivity" (kept next to a link: message_rules.c), -1 absent */
    int sig_no_reply;   /* "no_reply" ("please do not reply": act_reply is no channel) */
    int sig_code_sent;  /* "code_sent" ("your login code: 918273": a code delivered, not asked) */
};

/* One phrase / keyword match in normalised-text bytes. */
typedef struct msg_hit {
    uint32_t id;
    uint32_t from, to;
} msg_hit;

/* The organisation a message claims to be (【…】, "…です", display name),
 * romanised for aligning its links with it (message_claim.c). */
typedef struct msg_claim {
    char name[6][32]; /* romanised kana / Latin runs, canonical spelling, >= 4 letters */
    char skel[6][16]; /* consonant skeleton of a katakana name (loanwords), or "" */
    size_t nname;
    char word[24][16]; /* what its organisation-type parts are spelt as (bank, kyubin) */
    size_t nword;
    bool opaque;        /* part of the claim (kanji) could not be romanised */
    bool public_body;   /* a city hall or prefecture's office: its sites are on lg.jp */
    char lword[12][20]; /* capitalised words an English text names itself by (lower case) */
    size_t nlword;
} msg_claim;

/* Fill c from the text's opening claim and an e-mail display name. */
void msg_claim_parse(msg_claim *c, const char *text, size_t len, const char *display_name);

/* 1: the link's registrable label is the claimed name (aligned); -1: the
 * name is glued to other words or sits in a subdomain (imitation); 0: no
 * claim, unrelated, or a local government's claim (its own sites are on
 * government domains, official before any claim is read). */
int msg_claim_link(const msg_claim *c, const char *host, const char *registrable);

/* Is registrable a mail-delivery service's (list-manage.com, sendgrid.net…)? */
bool msg_mail_service(const char *registrable);

/* message_script.c: a text in a language the classifier was not trained on
 * (Korean, Nepali, Thai, Vietnamese, Chinese): no kana, and their letters */
bool msg_outside_classifier_languages(const char *text, size_t len);

/* message_price.c: a list price (定価, 通常価格, regular price) next to a
 * selling price of at most 55 % of it, in normalised text; [*from, *to)
 * is the list price and its word. */
bool msg_deep_price_cut(const char *text, size_t len, size_t *from, size_t *to);

/* message_claim_latin.c: the capitalised words an English text names its
 * sender by ("Kumo Tea Shop:", "this is …", a sign-off), and whether a
 * registrable domain is made of them (1), carries one glued to decoration
 * (-1) or neither (0). msg_claim_link falls back on it; msg_claim_parse
 * leaves the words empty (message.c fills them for e-mail). */
void msg_claim_parse_latin(msg_claim *c, const char *text, size_t len);
int msg_claim_latin_link(const msg_claim *c, const char *registrable);

/* Does a hyphen-separated token of label read as a fraudster's decoration
 * (secure, login, verify, …), alone or glued to the front or back? */
bool msg_claim_decorated(const char *label);

/* Everything the rules read about one message. */
typedef struct msg_facts {
    msg_mask mask;                      /* signals present */
    uint32_t sig_from[MSG_MAX_SIGNALS]; /* first span of each signal, ORIGINAL text bytes */
    uint32_t sig_to[MSG_MAX_SIGNALS];
    int best_phrase_weight[64];              /* per family (≤ 64 families) */
    int best_phrase[64];                     /* phrase index, -1 none */
    uint32_t phrase_from[64], phrase_to[64]; /* its span (original bytes) */
    int brand;                               /* brand claimed in the text, -1 none */
    uint32_t brand_from, brand_to;
    /* e-mail: registrable domain of the From address, when links on it can
     * count as the sender's own (message_sender.c, msg_sender_registrable);
     * NULL for other channels and when DMARC fails */
    const char *sender_reg;
    bool sender_imitated; /* LINK_IMITATES_SENDER already given */
    bool aligned_link;    /* a link on the sender's own domain was seen */
    bool official_link;   /* a link on an official domain (brand, go.jp, local government) */
    msg_claim claim;      /* the organisation the text claims to be */
    int foreign_links;    /* links neither official nor aligned (sender or claim) */
    bool claim_imitated;  /* LINK_IMITATES_CLAIM already given */
    /* the URL detector's reasons for links already judged in this message:
     * an HTML mail's hrefs repeat the URLs of its text (message.c) */
    struct {
        const char *value;
        const mm_reason *reasons;
        size_t n;
    } url_seen[8];
    size_t nurl_seen;
    /* msg->sender as an e-mail address, normalised once for the alignment
     * and the sender checks: 0 not yet, 1 sender_em holds it, -1 not one */
    int sender_em_state;
    mm_email sender_em;
} msg_facts;

/* Scan normalised text t (len bytes) and its de-symbolised variant with the
 * model's database; hits are appended to *hits (arena array, ≤ MSG_MAX_HITS,
 * offsets already mapped to ORIGINAL bytes through the maps), in the order
 * of their ends, ties by pattern id. */
mm_status msg_scan(const mm_message_model *m, const mm_text *t, mm_arena *a, msg_hit **hits,
                   size_t *nhits, mm_error *err);

/* Scan text with one of the literal databases below, in a scratch from
 * the model's pool (sized for them) or, when m has none (not compiled, or
 * no phrases), one of db's own. False when it could not scan (db NULL, out
 * of memory): the caller then assumes every word may be there. */
bool msg_scan_literals(const mm_message_model *m, const hs_database_t *db, const char *text,
                       size_t len, match_event_handler cb, void *ctx);

/* A literal database of words (ids: their indexes; case as written, for
 * the case-folded text), or NULL when out of memory. For the small fixed
 * word lists below, compiled once per process. */
hs_database_t *msg_literal_db_new(const char *const *words, size_t n);

/* The anchor words msg_extract looks for first (platform names, account
 * anchors) as one literal database (message_extract.c), compiled once per
 * process; NULL when out of memory. */
const hs_database_t *msg_trigger_db(void);
/* The reported-speech cues msg_drop_reported_hits looks for first
 * (message_reported.c), likewise. */
const hs_database_t *msg_cue_db(void);

/* The reference msg_scan answers to (tests, debugging): every pattern in
 * one database WITH start-of-match tracking (tens of MB, tens of seconds to
 * compile), built by msg_tracked_db_new (free with hs_free_database), and a
 * scan of t and its variant with it, in the caller's scratch for db, that
 * keeps each pattern's first match as Vectorscan reports it. */
mm_status msg_tracked_db_new(const mm_message_model *m, hs_database_t **db, mm_error *err);
mm_status msg_scan_tracked(const mm_message_model *m, const hs_database_t *db, hs_scratch_t *s,
                           const mm_text *t, mm_arena *a, msg_hit **hits, size_t *nhits,
                           mm_error *err);

/* A phrase's regular expression read backwards (message_reverse.c): run
 * anchored over the text reversed character by character from just after
 * a match's end (a sentinel character first when the match ends the
 * text), its longest match reaches the match's leftmost start. mid is the
 * form for matches that end inside the text, at_end for those that end
 * with it (it differs only when the expression has a final '$'; NULL when
 * it has none); mid is NULL when no match can end inside the text. Heap
 * strings: msg_reversed_free. */
typedef struct msg_reversed {
    char *mid, *at_end;
    bool ends_at_end; /* the expression has a '$' */
} msg_reversed;

mm_status msg_regex_reverse(const char *expr, msg_reversed *out, mm_error *err);
void msg_reversed_free(msg_reversed *r);

/* Drop phrase hits that the clause itself denies ("…はできません",
 * "…じゃない", "…しないでください"; message_negation.c). Compacts hits in
 * place (orig: the text the hits' offsets index), returns the new count. */
size_t msg_drop_denied_hits(const mm_message_model *m, msg_hit *h, size_t n, const char *orig,
                            size_t len);

/* Drop phrase hits inside a quotation reported with と / という / って
 * (「…」という電話: a warning quoting the fraudster; message_reported.c).
 * Compacts hits in place, returns the new count. */
size_t msg_drop_reported_hits(const mm_message_model *m, msg_hit *h, size_t n, const char *orig,
                              size_t len);

/* Set facts from hits (signals, per-family best phrase, claimed brand). */
void msg_facts_from_hits(const mm_message_model *m, const msg_hit *hits, size_t n, const char *orig,
                         size_t len, msg_facts *f);
void msg_fact_set(msg_facts *f, int signal, uint32_t from, uint32_t to);

/* Evaluate the co-occurrence rules (channel 1 message, 2 post) and the
 * standalone phrase weights into reasons. */
mm_status msg_rules_apply(const mm_message_model *m, const msg_facts *f, int channel, mm_arena *a,
                          mm_verdict *v);

/* Resolve the static rule table against the model's signal names. */
mm_status msg_rules_resolve(mm_message_model *m, mm_error *err);

/* Classifier probability over normalised text (model must have one). */
double msg_classify(const msg_classifier *c, const char *t, size_t len);
/* msg_classify without the vector path (tests hold the two to the same result). */
double msg_classify_scalar(const msg_classifier *c, const char *t, size_t len);
mm_status msg_classifier_parse(const void *buf, size_t len, msg_classifier **out, mm_error *err);
void msg_classifier_free(msg_classifier *c);

/* Brand helpers (message_sender.c). */
bool msg_brand_owns(const msg_brand *b, const char *registrable);
int msg_brand_of_domain(const mm_message_model *m, const char *registrable);
bool msg_brand_index_build(mm_message_model *m);
void msg_brand_index_free(msg_brand_index *x);
int msg_brand_index_lookup(const msg_brand_index *x, const char *registrable);
bool msg_is_shortener(const mm_message_model *m, const char *host);
bool msg_known_tld(const mm_message_model *m, const char *tld, size_t len);
/* The official number (data/official_numbers.tsv) equal to e164 or to raw
 * (a short number as dialled; NULL: none), or NULL. */
const msg_official *msg_official_number(const mm_message_model *m, const char *e164,
                                        const char *raw);
int msg_signal_index(const mm_message_model *m, const char *name);

/* Registrable domain of an e-mail's From that links may be aligned with
 * (NULL: not e-mail, no valid From, or DMARC fails for it). Keeps the
 * normalised From in f for msg_sender_check. */
const char *msg_sender_registrable(const mm_message *msg, msg_facts *f, mm_arena *a);

/* Is a link on registrable domain reg the sender's own (aligned)? */
bool msg_link_aligned(const msg_facts *f, const char *reg);

/* Does an unaligned link's host carry the sender domain's distinctive
 * name (aoba-bank.example mail linking to aoba-bank.example.verify-x.test
 * or aoba-secure.test)? Adds LINK_IMITATES_SENDER once per message. */
mm_status msg_link_imitation(const mm_message_model *m, msg_facts *f, const mm_extracted *x,
                             mm_arena *a, mm_verdict *v);

/* Does every way to act the message offers lead back to its sender: it
 * has links, all on the sender's own (aligned) domain, and no other link,
 * number, account, address or messenger id? Such a message cannot route
 * the reader to a fraudster, so the text classifier alone must not flag
 * it (message_rules.c). */
bool msg_only_own_channels(const mm_message_model *m, const msg_facts *f);

/* Is the only way to act the message offers offline — the counter, the
 * mailed slip, by post, or already settled (pay_offline / inactivity) —
 * with no link, number, account, gift card or messenger? The fraudster
 * cannot be paid there, so the classifier alone must not flag it. */
bool msg_only_offline(const mm_message_model *m, const msg_facts *f);

/* Does a Japanese SMS or e-mail offer no way to act at all: no link off
 * the official domains, number, account, address, messenger id, no "reply"
 * or "add me on LINE"? A lure must route the reader somewhere; without one
 * the text classifier alone must not flag it (message_rules.c). Latin-
 * script text always answers false (its channels are not all parsed). */
bool msg_no_channel(const mm_message_model *m, const msg_facts *f, const char *channel,
                    const char *text, size_t len);

/* Sender checks: adds reasons to v and signals to f. */
mm_status msg_sender_check(const mm_screen_ctx *ctx, const mm_message *msg, msg_facts *f,
                           mm_arena *a, mm_verdict *v);

/* Look up extracted items and add *_LISTED reasons and signals. */
mm_status msg_lookup_extracted(const mm_screen_ctx *ctx, const mm_extracted *x, size_t n,
                               msg_facts *f, mm_arena *a, mm_verdict *v);

/* Extraction on an already normalised text (nt) of the original text. */
mm_status msg_extract(const mm_message_model *m, const mm_text *nt, const char *orig, size_t len,
                      mm_arena *a, mm_extracted **out, size_t *n, mm_error *err);

/* Weight of a snapshot hit by status and confidence. */
int msg_hit_weight(const mm_hit *h);

/* ---- branch names (message_branch.c) ----------------------------------- */
typedef struct msg_branches msg_branches;
void msg_branches_free(msg_branches *b);
/* The Zengin code of the branch of bank4 named in the normalised text[0..len)
 * ("渋谷支店", "本店営業部"), nearest the end; false when none or when the
 * model has no branch list. */
bool msg_branch_by_name(const mm_message_model *m, const char *bank4, const char *text, size_t len,
                        char branch3[4]);

#endif
