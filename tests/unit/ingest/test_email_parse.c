/* Tests for mm_email_parse (src/ingest/email_parse.c, email_mime.c): a
 * table of real-shaped messages — the charsets and transfer encodings
 * Japanese mail arrives in, multipart shapes, broken structure — with the
 * decoded headers, text and links each must give; then the error cases
 * and the limits. Encoded bytes come from Python's codecs (iso-2022-jp,
 * cp932, euc-jp, base64, quopri); addresses use reserved domains. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/email.h"

typedef struct msg_case {
    const char *name;
    const char *raw;
    const char *from;         /* canonical, NULL = expect NULL */
    const char *display_name; /* NULL = expect NULL */
    const char *subject;      /* NULL = expect NULL */
    const char *text_has[3];  /* substrings the text must contain */
    const char *text_not;     /* a substring it must not contain, or NULL */
    size_t nlinks;
    const char *link0_href, *link0_text;
    unsigned flags_set;   /* flags that must be set */
    unsigned flags_clear; /* flags that must not be set */
    size_t nattachments;
} msg_case;

static const msg_case cases[] = {
    {"ISO-2022-JP subject, display name and body (7bit)",
     "Received: from mta1.sakura-takuhai.test by mx.example\r\n"
     "From: =?ISO-2022-JP?B?GyRCJEQkUCRhMT9NIhsoQg==?= <info@tsubame-unyu.example>\r\n"
     "To: user@recipient.test\r\n"
     "Subject: =?ISO-2022-JP?B?GyRCIVo9RU1XIVskKjJZSiokTiQqRk8kMSRLJEQkJCRGGyhC?=\r\n"
     "MIME-Version: 1.0\r\n"
     "Content-Type: text/plain; charset=\"ISO-2022-JP\"\r\n"
     "Content-Transfer-Encoding: 7bit\r\n"
     "\r\n"
     "\x1B$B:4F#MM\x1B(B\r\n"
     "\x1B$B$*2YJ*$r$*FO$1$K$\"$,$j$^$7$?$,IT:_$N$?$a;}$A5\"$j$^$7$?!#\x1B(B\r\n"
     "https://tsubame-unyu.example/redelivery\r\n",
     "info@tsubame-unyu.example",
     "つばめ運輸",
     "【重要】お荷物のお届けについて",
     {"佐藤様\nお荷物をお届けにあがりましたが不在のため持ち帰りました。",
      "https://tsubame-unyu.example/redelivery"},
     "\r",
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_HTML_ONLY | MM_EMAIL_F_DECODE_ERRORS | MM_EMAIL_F_BAD_FROM,
     0},
    {"CP50220 extensions in ISO-2022-JP",
     "From: shop@kotobuki-tsuhan.example\r\n"
     "Subject: test\r\n"
     "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
     "\r\n"
     "\x1B$B-!-j\x1B(B \x1B$By!\x1B(I1\x1B(B\r\n",
     "shop@kotobuki-tsuhan.example",
     NULL,
     "test",
     {"①㈱ 纊ｱ"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_DECODE_ERRORS,
     0},
    {"Shift_JIS body in base64",
     "From: \"Hikari Bank\" <notice@hikari-bank.example>\r\n"
     "Subject: =?UTF-8?B?44CQ6YeN6KaB44CR?= =?UTF-8?B?44GC44Gq44Gf44Gu44Ki44Kr44Km44Oz44OI?=\r\n"
     "Content-Type: text/plain; charset=Shift_JIS\r\n"
     "Content-Transfer-Encoding: base64\r\n"
     "\r\n"
     "gXmC0IKpguiL4o1zgXqM+43AgsyXmJdwgvCQp4zAgrWC3IK1gr2BQg0KlnuQbIptlEaC8IKoiuiC\r\n"
     "ooK1gtyCt4FGaHR0cHM6Ly9oaWthcmktYmFuay1zZWN1cmUudGVzdC9sb2dpbg0K\r\n",
     "notice@hikari-bank.example",
     "Hikari Bank",
     "【重要】あなたのアカウント",
     {"【ひかり銀行】口座の利用を制限しました。\n本人確認をお願いします：",
      "https://hikari-bank-secure.test/login"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_DECODE_ERRORS,
     0},
    {"EUC-JP in quoted-printable",
     "From: info@kokuzei-madoguchi.test\r\n"
     "Subject: =?EUC-JP?B?tNTJ1bbi?=\r\n"
     "Content-Type: text/plain; charset=EUC-JP\r\n"
     "Content-Transfer-Encoding: quoted-printable\r\n"
     "\r\n"
     "=B4=D4=C9=D5=B6=E2=A4=CE=A4=AA=BC=F5=A4=B1=BC=E8=A4=EA=BC=EA=C2=B3=A4=AD=A4=\r\n"
     "=CB=A4=C4=A4=A4=A4=C6\r\n"
     "=B4=FC=B8=C2=A1=A72025=C7=AF4=B7=EE10=C6=FC\r\n",
     "info@kokuzei-madoguchi.test",
     NULL,
     "還付金",
     {"還付金のお受け取り手続きについて\n期限：2025年4月10日"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"multipart/alternative: plain text kept, HTML link text shows another domain",
     "From: Aoba Bank <security@aoba-bank.example>\r\n"
     "Subject: account notice\r\n"
     "MIME-Version: 1.0\r\n"
     "Content-Type: multipart/alternative; boundary=\"==alt==\"\r\n"
     "\r\n"
     "This is a multi-part message in MIME format.\r\n"
     "--==alt==\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "Content-Transfer-Encoding: 8bit\r\n"
     "\r\n"
     "ログインはこちら\r\n"
     "--==alt==\r\n"
     "Content-Type: text/html; charset=utf-8\r\n"
     "Content-Transfer-Encoding: base64\r\n"
     "\r\n"
     "PGh0bWw+PGJvZHk+PHA+44Ot44Kw44Kk44Oz44Gv44GT44Gh44KJOiA8YSBocmVmPSJodHRwczovL2Fv\r\n"
     "YmEtYmFuay5leGFtcGxlLnZlcmlmeS1ucmdleW4udGVzdC9sb2dpbiI+aHR0cHM6Ly93d3cuYW9iYS1i\r\n"
     "YW5rLmV4YW1wbGUvPC9hPjwvcD48L2JvZHk+PC9odG1sPg==\r\n"
     "--==alt==--\r\n"
     "epilogue text that is not shown\r\n",
     "security@aoba-bank.example",
     "Aoba Bank",
     "account notice",
     {"ログインはこちら"},
     "epilogue",
     1,
     "https://aoba-bank.example.verify-nrgeyn.test/login",
     "https://www.aoba-bank.example/",
     0,
     MM_EMAIL_F_HTML_ONLY | MM_EMAIL_F_BAD_BOUNDARY,
     0},
    {"HTML only: script and style dropped, entities decoded, blocks on lines",
     "From: <noreply@mirai-mall.example>\r\n"
     "Subject: =?utf-8?q?=E3=81=94=E6=B3=A8=E6=96=87?=\r\n"
     "Content-Type: text/html\r\n"
     "\r\n"
     "<html><head><meta charset=\"utf-8\"><title>Mirai</title><style>p{color:red}</style>"
     "<script>var x='<p>no</p>';</script></head>\r\n<body><p>Dear&nbsp;&#20304;&#x85E4; &amp; co,"
     "</p><div>Order&#12288;123</div><p>see <a href='https://mirai-mall.example/o?a=1&amp;b=2'>"
     "<b>your order</b></a></p></body></html>",
     "noreply@mirai-mall.example",
     NULL,
     "ご注文",
     {"Dear 佐藤 & co,\nOrder\u3000123\nsee your order"},
     "color",
     1,
     "https://mirai-mall.example/o?a=1&b=2",
     "your order",
     MM_EMAIL_F_HTML_ONLY,
     0,
     0},
    {"nested multipart/mixed: attachments skipped and named",
     "From: billing@nex-card.example\r\n"
     "Subject: invoice\r\n"
     "Content-Type: multipart/mixed; boundary=outer\r\n"
     "\r\n"
     "--outer\r\n"
     "Content-Type: multipart/alternative; boundary=inner\r\n"
     "\r\n"
     "--inner\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "Content-Transfer-Encoding: base64\r\n"
     "\r\n"
     "44GK5pSv5omV44GE44Gv44GT44Gh44KJ\r\n"
     "--inner\r\n"
     "Content-Type: text/html; charset=utf-8\r\n"
     "\r\n"
     "<p>HTML twin <a href=\"https://nex-card.example/pay\">pay</a></p>\r\n"
     "--inner--\r\n"
     "--outer\r\n"
     "Content-Type: application/pdf; name=\"a.pdf\"\r\n"
     "Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82.pdf\r\n"
     "Content-Transfer-Encoding: base64\r\n"
     "\r\n"
     "JVBERi0xLjQgZmFrZQ==\r\n"
     "--outer\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "Content-Disposition: attachment; filename=\"notes.txt\"\r\n"
     "\r\n"
     "attached text is not read\r\n"
     "--outer--\r\n",
     "billing@nex-card.example",
     NULL,
     "invoice",
     {"お支払いはこちら"},
     "HTML twin",
     1,
     "https://nex-card.example/pay",
     "pay",
     0,
     MM_EMAIL_F_HTML_ONLY | MM_EMAIL_F_BAD_BOUNDARY,
     2},
    {"RFC 2047 words split across folded lines, and a character split across words",
     "From: =?UTF-8?B?44GC?=\r\n =?UTF-8?B?44GE?= <a@b.example>\r\n"
     "Subject: =?UTF-8?B?44CQ6YeN6KaB44CR44GK5a6i5qeY44Gu44Ki?=\r\n"
     "\t=?UTF-8?B?44Kr44Km44Oz44OI44KS5YGc5q2i44GX44G+44GX44Gf?=\r\n"
     " =?UTF-8?B?44GC4w==?=\r\n"
     "  =?UTF-8?B?gYTjgYbjgYjjgYo=?=\r\n"
     "\r\n"
     "body\r\n",
     "a@b.example",
     "あい",
     "【重要】お客様のアカウントを停止しましたあいうえお",
     {"body"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"broken boundary: no closing delimiter, last part read to the end",
     "From: x@y.example\r\n"
     "Subject: s\r\n"
     "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
     "\r\n"
     "--b1\r\n"
     "Content-Type: text/plain\r\n"
     "\r\n"
     "first part\r\n"
     "--b1\r\n"
     "\r\n"
     "second part, never closed\r\n",
     "x@y.example",
     NULL,
     "s",
     {"first part\n\nsecond part, never closed"},
     "--b1",
     0,
     NULL,
     NULL,
     MM_EMAIL_F_BAD_BOUNDARY,
     0,
     0},
    {"multipart without a boundary parameter: boundary guessed from the body",
     "From: x@y.example\r\n"
     "Content-Type: multipart/mixed\r\n"
     "\r\n"
     "--zzz\r\n"
     "Content-Type: text/plain\r\n"
     "\r\n"
     "guessed\r\n"
     "--zzz--\r\n",
     "x@y.example",
     NULL,
     NULL,
     {"guessed"},
     "zzz",
     0,
     NULL,
     NULL,
     MM_EMAIL_F_BAD_BOUNDARY,
     0,
     0},
    {"missing charset: 8-bit UTF-8 sniffed",
     "From: x@y.example\r\n"
     "Subject: =?UTF-8?B?44GC?=\r\n"
     "Content-Type: text/plain\r\n"
     "\r\n"
     "料金が未払いです。\r\n",
     "x@y.example",
     NULL,
     "あ",
     {"料金が未払いです。"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_BAD_CHARSET | MM_EMAIL_F_DECODE_ERRORS,
     0},
    {"missing charset, no Content-Type at all: Shift_JIS sniffed, bare LF",
     "From: x@y.example\n"
     "Subject: sjis\n"
     "\n"
     "\x83\x65\x83\x58\x83\x67\n",
     "x@y.example",
     NULL,
     "sjis",
     {"テスト"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"8bit UTF-8 with raw UTF-8 headers (RFC 6532)",
     "From: \"ソラモバイル\" <billing@sora-mobile.example>\n"
     "Subject: 【ソラモバイル】ご利用料金のお支払い確認ができません\n"
     "Content-Type: text/plain; charset=UTF-8\n"
     "Content-Transfer-Encoding: 8bit\n"
     "\n"
     "ご利用料金（3,300円）のお支払いが確認できておりません。\n",
     "billing@sora-mobile.example",
     "ソラモバイル",
     "【ソラモバイル】ご利用料金のお支払い確認ができません",
     {"ご利用料金（3,300円）のお支払いが確認できておりません。"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"forwarded message/rfc822 is read",
     "From: user@home-net.test\r\n"
     "Subject: Fwd: suspicious\r\n"
     "Content-Type: multipart/mixed; boundary=f\r\n"
     "\r\n"
     "--f\r\n"
     "Content-Type: text/plain\r\n"
     "\r\n"
     "is this real?\r\n"
     "--f\r\n"
     "Content-Type: message/rfc822\r\n"
     "Content-Disposition: attachment\r\n"
     "\r\n"
     "From: fake@bank-login.test\r\n"
     "Subject: verify\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "\r\n"
     "暗証番号を入力してください\r\n"
     "--f--\r\n",
     "user@home-net.test",
     NULL,
     "Fwd: suspicious",
     {"is this real?", "暗証番号を入力してください"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"From as addr-spec with a comment name; invalid From flagged elsewhere",
     "From: support@bank.example (Bank Support)\r\n"
     "\r\n"
     "x\r\n",
     "support@bank.example",
     "Bank Support",
     NULL,
     {"x"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_BAD_FROM,
     0},
    {"quoted display name with escapes and an address inside it",
     "From: \"security@bank.example \\\"Support\\\"\" <x@evil.test>, other@z.example\r\n"
     "\r\n"
     "x\r\n",
     "x@evil.test",
     "security@bank.example \"Support\"",
     NULL,
     {"x"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"invalid From address flagged, text still read",
     "From: not an address\r\n"
     "\r\n"
     "still read\r\n",
     NULL,
     NULL,
     NULL,
     {"still read"},
     NULL,
     0,
     NULL,
     NULL,
     MM_EMAIL_F_BAD_FROM,
     0,
     0},
    {"a header line without a colon ends the header block",
     "From: x@y.example\r\n"
     "this line is body\r\n"
     "Subject: not a header\r\n",
     "x@y.example",
     NULL,
     NULL,
     {"this line is body\nSubject: not a header"},
     NULL,
     0,
     NULL,
     NULL,
     MM_EMAIL_F_BAD_HEADER,
     0,
     0},
    {"mbox From_ line and a BOM are skipped",
     "\xEF\xBB\xBF"
     "From sender@x Mon Jan  1 00:00:00 2025\n"
     "From: a@b.example\n"
     "\n"
     "hi\n",
     "a@b.example",
     NULL,
     NULL,
     {"hi"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"hidden HTML (display:none) is not text; its links are not either",
     "From: a@b.example\r\n"
     "Content-Type: text/html; charset=utf-8\r\n"
     "\r\n"
     "<div style=\"display: none; max-height:0\">benign words <a href=\"https://x.test/\">"
     "x</a></div><p>visible</p><span hidden>h2</span><p style=\"font-size:0.9em\">small</p>",
     "a@b.example",
     NULL,
     NULL,
     {"visible", "small"},
     "benign",
     0,
     NULL,
     NULL,
     MM_EMAIL_F_HIDDEN_HTML | MM_EMAIL_F_HTML_ONLY,
     0,
     0},
    {"alternative whose plain part is a decoy: the HTML text the reader sees is used",
     "From: a@b.example\r\n"
     "Content-Type: multipart/alternative; boundary=d\r\n"
     "\r\n"
     "--d\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "\r\n"
     "Please view this message in HTML.\r\n"
     "--d\r\n"
     "Content-Type: text/html; charset=utf-8\r\n"
     "\r\n"
     "<p>お客様のアカウントは一時的に停止されています。24時間以内に下記のリンクから本人確認を"
     "完了してください。確認が取れない場合、アカウントは永久に停止されます。ご不便をおかけしますが"
     "ご協力をお願いいたします。</p><p><a href=\"https://verify.test/\">確認する</a></p>\r\n"
     "--d--\r\n",
     "a@b.example",
     NULL,
     NULL,
     {"アカウントは一時的に停止されています"},
     "view this message",
     1,
     "https://verify.test/",
     "確認する",
     MM_EMAIL_F_PLAIN_DECOY,
     MM_EMAIL_F_HTML_ONLY,
     0},
    {"alternative with a plain part as long as the HTML one: plain kept",
     "From: a@b.example\r\n"
     "Content-Type: multipart/alternative; boundary=d\r\n"
     "\r\n"
     "--d\r\n"
     "Content-Type: text/plain; charset=utf-8\r\n"
     "\r\n"
     "PLAIN: your parcel arrives tomorrow.\r\n"
     "--d\r\n"
     "Content-Type: text/html; charset=utf-8\r\n"
     "\r\n"
     "<p>HTML: your parcel arrives tomorrow.</p>\r\n"
     "--d--\r\n",
     "a@b.example",
     NULL,
     NULL,
     {"PLAIN: your parcel"},
     "HTML:",
     0,
     NULL,
     NULL,
     0,
     MM_EMAIL_F_PLAIN_DECOY,
     0},
    {"format=flowed with delsp=yes: wrapped lines joined, URL whole again",
     "From: a@b.example\r\n"
     "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n"
     "\r\n"
     "お荷物の再配達は \r\n"
     "こちら: https://sakura-takuhai.example/re \r\n"
     "delivery?id=1\r\n"
     " >not a quote, stuffed\r\n"
     "-- \r\n"
     "signature\r\n",
     "a@b.example",
     NULL,
     NULL,
     {"お荷物の再配達はこちら: https://sakura-takuhai.example/redelivery?id=1\n>not a quote",
      "\n-- \nsignature"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"format=flowed without delsp: the space stays",
     "From: a@b.example\r\n"
     "Content-Type: text/plain; format=flowed\r\n"
     "\r\n"
     "one two \r\n"
     "three\r\n",
     "a@b.example",
     NULL,
     NULL,
     {"one two three"},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     0},
    {"unknown transfer encoding and unknown type",
     "From: a@b.example\r\n"
     "Content-Type: image/png\r\n"
     "Content-Transfer-Encoding: x-weird\r\n"
     "\r\n"
     "\x89PNG\r\n",
     "a@b.example",
     NULL,
     NULL,
     {NULL},
     NULL,
     0,
     NULL,
     NULL,
     0,
     0,
     1},
};

Test(email_parse, table)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const msg_case *c = &cases[i];
        mm_arena *a = mm_arena_new(0);
        mm_email_msg m;
        mm_error err = {0};
        mm_status st = mm_email_parse(c->raw, strlen(c->raw), a, &m, &err);
        cr_assert_eq(st, MM_OK, "%s: %s", c->name, err.message);
#define STR_EQ(got, want, what)                                                                    \
    do {                                                                                           \
        if ((want) == NULL)                                                                        \
            cr_expect_null((got), "%s: %s should be NULL, is '%s'", c->name, what, (got));         \
        else                                                                                       \
            cr_expect((got) && strcmp((got), (want)) == 0, "%s: %s '%s', want '%s'", c->name,      \
                      what, (got) ? (got) : "(null)", (want));                                     \
    } while (0)
        STR_EQ(m.from, c->from, "from");
        STR_EQ(m.display_name, c->display_name, "display name");
        STR_EQ(m.subject, c->subject, "subject");
        for (int k = 0; k < 3 && c->text_has[k]; k++)
            cr_expect(strstr(m.text, c->text_has[k]) != NULL, "%s: text lacks '%s':\n%s", c->name,
                      c->text_has[k], m.text);
        if (c->text_not)
            cr_expect(strstr(m.text, c->text_not) == NULL, "%s: text has '%s':\n%s", c->name,
                      c->text_not, m.text);
        cr_expect_eq(strlen(m.text), m.text_len, "%s: text_len", c->name);
        mm_error ve;
        cr_expect_eq(mm_utf8_validate(m.text, m.text_len, &ve), MM_OK, "%s: text not UTF-8",
                     c->name);
        cr_expect_eq(m.nlinks, c->nlinks, "%s: %zu links, want %zu", c->name, m.nlinks, c->nlinks);
        if (c->nlinks && m.nlinks) {
            STR_EQ(m.links[0].href, c->link0_href, "link href");
            STR_EQ(m.links[0].text, c->link0_text, "link text");
        }
        cr_expect_eq(m.flags & c->flags_set, c->flags_set, "%s: flags %x lack %x", c->name, m.flags,
                     c->flags_set);
        cr_expect_eq(m.flags & c->flags_clear, 0, "%s: flags %x have %x", c->name, m.flags,
                     m.flags & c->flags_clear);
        cr_expect_eq(m.nattachments, c->nattachments, "%s: %zu attachments", c->name,
                     m.nattachments);
#undef STR_EQ
        mm_arena_free(a);
    }
}

/* Headers: unfolding, duplicates, Authentication-Results joined, Received
 * counted, Reply-To and Return-Path addresses. */
Test(email_parse, headers)
{
    static const char raw[] = "Return-Path: <bounce@mail.bank-login.test>\r\n"
                              "Received: from a by b; Mon, 1 Jan 2025 00:00:00 +0900\r\n"
                              "Received: from c\r\n\tby d; Mon, 1 Jan 2025 00:00:01 +0900\r\n"
                              "Received: from e by f\r\n"
                              "Authentication-Results: mx.recipient.test;\r\n"
                              "\tspf=fail smtp.mailfrom=bank.example;\r\n"
                              "\tdmarc=fail header.from=bank.example\r\n"
                              "Authentication-Results: other.test; dkim=none\r\n"
                              "From: Bank <info@bank.example>\r\n"
                              "From: Other <other@evil.test>\r\n"
                              "Reply-To: \"Help\" <help@evil.test>\r\n"
                              "Subject: first\r\n"
                              "Subject: second\r\n"
                              "Message-ID: <abc@bank.example>\r\n"
                              "X-Long: a\r\n b\r\n  c\r\n"
                              "\r\n"
                              "body";
    mm_arena *a = mm_arena_new(0);
    mm_email_msg m;
    mm_error err;
    cr_assert_eq(mm_email_parse(raw, sizeof raw - 1, a, &m, &err), MM_OK, "%s", err.message);
    cr_expect_eq(m.received, 3);
    cr_expect_str_eq(m.auth_results,
                     "mx.recipient.test;\tspf=fail smtp.mailfrom=bank.example;"
                     "\tdmarc=fail header.from=bank.example\nother.test; dkim=none");
    cr_expect_str_eq(m.from, "info@bank.example");
    cr_expect_str_eq(m.from_domain, "bank.example");
    cr_expect_str_eq(m.subject, "first");
    cr_expect(m.flags & MM_EMAIL_F_DUP_FROM);
    cr_expect(m.flags & MM_EMAIL_F_DUP_SUBJECT);
    cr_expect_str_eq(m.reply_to, "help@evil.test");
    cr_expect_str_eq(m.return_path, "bounce@mail.bank-login.test");
    cr_expect_str_eq(m.message_id, "<abc@bank.example>");
    cr_assert_eq(m.nheaders, 13);
    cr_expect_str_eq(m.headers[12].name, "X-Long");
    cr_expect_str_eq(m.headers[12].value, "a b  c");
    cr_expect_str_eq(m.text, "body");
    mm_message msg;
    mm_email_to_message(&m, &msg);
    cr_expect_str_eq(msg.channel, "email");
    cr_expect_str_eq(msg.sender, "info@bank.example");
    cr_expect_str_eq(msg.display_name, "Bank");
    cr_expect_str_eq(msg.subject, "first");
    cr_expect_eq(msg.text, m.text);
    cr_expect_eq(msg.auth_results, m.auth_results);
    mm_arena_free(a);
}

typedef struct bad_case {
    const char *raw;
    size_t len; /* 0 = strlen */
    mm_status code;
    const char *message_part;
} bad_case;

static const bad_case bad_cases[] = {
    {"", 0, MM_EINVAL, "empty message"},
    {"hello world, this is not mail\r\n", 0, MM_EINVAL,
     "line 1 is not a header field ('hello world"},
    {"\r\nbody only\r\n", 0, MM_EINVAL, "not an RFC 5322 message"},
    {": no name\r\n\r\n", 0, MM_EINVAL, "not an RFC 5322 message"},
    {"\x01\x02"
     "binary\r\n",
     0, MM_EINVAL, "('\\x01\\x02binary')"},
    {"From sender only the mbox line\n", 0, MM_EINVAL, "not an RFC 5322"},
};

Test(email_parse, errors_name_the_input)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        mm_arena *a = mm_arena_new(0);
        mm_email_msg m;
        mm_error err = {0};
        mm_status st = mm_email_parse(c->raw, c->len ? c->len : strlen(c->raw), a, &m, &err);
        cr_expect_eq(st, c->code, "case %zu: status %d", i, st);
        cr_expect_str_eq(err.field, "message", "case %zu", i);
        cr_expect(strstr(err.message, c->message_part) != NULL, "case %zu: '%s' lacks '%s'", i,
                  err.message, c->message_part);
        cr_expect_str_eq(m.text, "", "case %zu: text is \"\" on error", i);
        mm_arena_free(a);
    }
}

Test(email_parse, oversize_is_a_limit_error)
{
    size_t n = MM_EMAIL_MAX_BYTES + 1;
    char *raw = malloc(n);
    cr_assert_not_null(raw);
    memset(raw, 'a', n);
    memcpy(raw, "From: a@b.example\r\n\r\n", 21);
    mm_arena *a = mm_arena_new(0);
    mm_email_msg m;
    mm_error err;
    cr_expect_eq(mm_email_parse(raw, n, a, &m, &err), MM_ELIMIT);
    cr_expect_str_eq(err.field, "message");
    cr_expect(strstr(err.message, "10485760") != NULL, "%s", err.message);
    /* at the limit it parses */
    cr_expect_eq(mm_email_parse(raw, n - 1, a, &m, &err), MM_OK, "%s", err.message);
    cr_expect_eq(m.text_len, MM_EMAIL_MAX_TEXT);
    cr_expect(m.flags & MM_EMAIL_F_TRUNCATED);
    mm_arena_free(a);
    free(raw);
}

/* 40 nested multiparts: the walk stops at the depth limit. */
Test(email_parse, nesting_depth_limit)
{
    mm_buf b = {0};
    mm_buf_puts(&b, "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
    for (int d = 0; d < 40; d++)
        mm_buf_printf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", d, d + 1);
    mm_buf_puts(&b, "--b40\r\nContent-Type: text/plain\r\n\r\ndeep text\r\n");
    mm_arena *a = mm_arena_new(0);
    mm_email_msg m;
    mm_error err;
    cr_assert_eq(mm_email_parse(b.data, b.len, a, &m, &err), MM_OK, "%s", err.message);
    cr_expect(m.flags & MM_EMAIL_F_TRUNCATED);
    cr_expect_leq(m.nparts, MM_EMAIL_MAX_DEPTH + 1);
    cr_expect(strstr(m.text, "deep text") == NULL);
    mm_arena_free(a);
    mm_buf_free(&b);
}

/* 300 parts: the first 255 are read, the rest skipped. */
Test(email_parse, parts_limit)
{
    mm_buf b = {0};
    mm_buf_puts(&b, "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n");
    for (int k = 0; k < 300; k++)
        mm_buf_printf(&b, "--p\r\nContent-Type: text/plain\r\n\r\npart%03d\r\n", k);
    mm_buf_puts(&b, "--p--\r\n");
    mm_arena *a = mm_arena_new(0);
    mm_email_msg m;
    mm_error err;
    cr_assert_eq(mm_email_parse(b.data, b.len, a, &m, &err), MM_OK, "%s", err.message);
    cr_expect_eq(m.nparts, MM_EMAIL_MAX_PARTS);
    cr_expect(m.flags & MM_EMAIL_F_TRUNCATED);
    cr_expect(strstr(m.text, "part000") != NULL);
    cr_expect(strstr(m.text, "part254") != NULL);
    cr_expect(strstr(m.text, "part255") == NULL);
    mm_arena_free(a);
    mm_buf_free(&b);
}

/* The peer-benchmark corpus (when present): every message parses, has a
 * subject and a From, decodes without replacement characters, and every
 * HTML lure whose link text was made to show the brand's own site is
 * caught by the link check while no genuine mail is. */
Test(email_parse, peer_corpus)
{
    /* $MAMORU_PEER_CORPUS, the kit's default place, or bench_spam_peers.sh's */
    const char *dirs[] = {getenv("MAMORU_PEER_CORPUS"), "/tmp/peer-bench/corpus",
                          "/tmp/mamoru-peer-bench/corpus"};
    const char *dir = NULL;
    char path[512];
    FILE *f = NULL;
    for (size_t k = 0; k < 3 && f == NULL; k++) {
        if (dirs[k] == NULL)
            continue;
        dir = dirs[k];
        snprintf(path, sizeof path, "%s/index.tsv", dir);
        f = fopen(path, "r");
    }
    if (f == NULL)
        cr_skip_test("no peer corpus (python3 ../shared/peers/spam-filters/gen_corpus.py "
                     "/tmp/peer-bench/corpus)");
    char line[2048];
    size_t n = 0, ham_mismatch = 0, phish_mismatch = 0, phish_html = 0;
    mm_arena *a = mm_arena_new(0);
    while (fgets(line, sizeof line, f)) {
        char id[16], label[16], fam[32], cs[32], cte[32];
        int html;
        if (sscanf(line, "%15s\t%15s\t%31s\t%31s\t%31s\t%d", id, label, fam, cs, cte, &html) != 6)
            continue;
        snprintf(path, sizeof path, "%s/mail/%s.eml", dir, id);
        FILE *e = fopen(path, "rb");
        if (e == NULL)
            continue;
        static char raw[8192];
        size_t len = fread(raw, 1, sizeof raw, e);
        fclose(e);
        mm_email_msg m;
        mm_error err;
        mm_arena_reset(a);
        cr_assert_eq(mm_email_parse(raw, len, a, &m, &err), MM_OK, "%s: %s", id, err.message);
        cr_expect_not_null(m.subject, "%s", id);
        cr_expect_not_null(m.from, "%s", id);
        cr_expect(m.text_len > 100, "%s: text %zu bytes", id, m.text_len);
        cr_expect(strstr(m.text, "\xEF\xBF\xBD") == NULL, "%s: replacement character", id);
        cr_expect_eq(m.flags, 0, "%s: flags %x", id, m.flags);
        bool mism = false;
        for (size_t k = 0; k < m.nlinks; k++)
            mism |= mm_email_link_mismatch(&m.links[k], a, NULL, NULL);
        bool phish = strcmp(label, "phish") == 0;
        ham_mismatch += !phish && mism;
        phish_mismatch += phish && mism;
        phish_html += phish && html;
        n++;
    }
    fclose(f);
    mm_arena_free(a);
    cr_expect_geq(n, 1000);
    cr_expect_eq(ham_mismatch, 0, "%zu genuine mails flagged", ham_mismatch);
    /* the generator makes ~70% of HTML lures show the brand's site */
    cr_expect_geq(phish_mismatch * 100, phish_html * 55, "%zu of %zu HTML lures", phish_mismatch,
                  phish_html);
}
