/* Tests for mm_screen_post (src/screen/post.c): crime-recruitment posts in
 * their disguises (spaces, emoji between letters, full/half width, kana and
 * romaji variants, UD, タタキ, Telegram/Signal) get category recruitment,
 * the auto-reply warning and a confidence; genuine job ads, news and police
 * warnings that quote the slang stay allowed. */
#include "msg_fixture.h"

typedef struct pcase {
    const char *text;
    bool recruit;
    const char *span; /* bytes the TEXT_RECRUITMENT span must cover, or NULL */
} pcase;

/* Written for these tests (the corpus has its own). */
static const pcase cases[] = {
    {"闇 バ イ ト 募集。日給8万、即日即金。連絡はテレグラムで", true, NULL},
    {"闇🔥バ🔥イ🔥ト じゃないです 簡単なお仕事 DMください", true, NULL},
    {"ＵＤ急募 報酬即日 詳細はシグナル", true, "ＵＤ"},
    {"U・D案件あります。1件10万。tgで", true, NULL},
    {"ﾎﾜｲﾄ案件!! 荷物受け取るだけで日給5万 テレグラム@easy_money_jp", true, "ﾎﾜｲﾄ案件"},
    {"ほわいと案件 高収入 誰でもOK 詳しくはDMで", true, NULL},
    {"タタキのメンバー募集。報酬は山分け、1人100万以上。テレで連絡", true, NULL},
    {"yami baito boshu. nikkyu 5man. telegram de renraku", true, NULL},
    {"口座レンタルで月5万の副収入。使ってない口座ありませんか？", true, "口座レンタル"},
    {"即日💰即金💰 書類を運ぶだけの簡単なお仕事 身分証の写真を送れる方", true, NULL},
    {"荷物を運ぶだけ、誰でもできる 月50万 詳しくはLINE追加で", true, NULL},
    /* session 13: no slang — a large pay for a task reduced to "just …" or
     * told later; account buying in Vietnamese; slang words spelled out */
    {"手伝ってくれる人募集 1回4万 指定された家に行って書類を預かるだけ", true, NULL},
    {"外回りスタッフ 日当6万 会社名と仕事の内容は採用後にお伝えします", true, NULL},
    {"Thu mua tài khoản ngân hàng trước khi về nước, giá cao. Liên hệ inbox", true, NULL},
    {"受け出しできる人 今日動ける人優先 テレで連絡", true, NULL},
    /* session 15: collecting at elderly people's homes, the family's
     * contact details, lending your name, a phone contracted and sent on */
    {"お年寄りのお宅で書類を受け取るだけ 1件2万 当日現金", true, NULL},
    {"時給1万円〜 単発OK 内容は面談後 応募には緊急連絡先（ご家族）の入力が必須です", true, NULL},
    {"名義だけ貸してもらえれば月5万 口座の手続きは全部こっちで #副業", true, NULL},
    {"スマホを新しく契約して端末を送ってもらうだけで3万円お渡しします", true, NULL},
    /* session 16: the role named, not the slang — a phone or SIM handed
     * over, money passed on, "not an ordinary job", pay in old numerals,
     * a courier's run in Chinese and in English */
    {"格安SIMを2回線契約してそのまま渡してくれる人 謝礼あり DMまで", true, "契約"},
    {"口座に入ってきたお金をUSDTに変えて送るだけ 10%があなたの報酬", true, NULL},
    {"普通のバイトじゃないけど1日10万 覚悟ある人だけDM", true, NULL},
    {"報酬 壱日 参萬 作業は「受け取り」のみ DMへ", true, NULL},
    {"招人 去指定地点拿一个包裹，送到车站 一单3万日元 加飞机 @paotui_osaka", true, NULL},
    {"Need someone in Osaka to pick up and drop off envelopes, ¥30,000 per run. Telegram "
     "@env_osaka",
     true, NULL},
    /* must stay allowed */
    /* session 13: universal design, a film, news and a warning quoting the slang */
    {"タクシー運転手募集 UDタクシー導入 ㈱みどり交通 月給保障28万円 詳しくはDMで", false, NULL},
    {"運び屋が主人公の映画、静かだけど良かった", false, NULL},
    {"「高額案件」「テレで連絡」という投稿に応じた男を詐欺の疑いで逮捕 ", false, NULL},
    {"ATMで現金を引き出した出し子の男に懲役2年の判決", false, NULL},
    {"【アルバイト募集】カフェスタッフ 時給1,150円 未経験歓迎 応募は店頭まで", false, NULL},
    {"闇バイトに注意！「高額」「即日即金」は犯罪の入口です。困ったら #9110 へ", false, NULL},
    {"闇バイトで逮捕された大学生のニュース、他人事じゃないね", false, NULL},
    {"今日の夕飯はカツオのタタキ。薬味たっぷりで美味しかった", false, NULL},
    {"Telegramのチャンネルで技術ブログの更新情報を流しています", false, NULL},
    {"引っ越しの手伝い募集！日当1万円+お昼ご飯付き。友達限定です", false, NULL},
    {"家事代行スタッフ募集 月給20万円以上 未経験OK 応募はLINEから", false, NULL},
    /* session 15: a parent and a school explaining the slang */
    {"子どもに「即日即金って闇バイト？」と聞かれたので、普通の日払いバイトとの違い（会社名・雇用契"
     "約"
     "）を説明した",
     false, NULL},
    {"今日のHRで「運ぶだけ」「身分証の写真」ってワードが出たら全部アウトと教わった", false, NULL},
    {"介護スタッフ募集 お年寄りのお宅を訪問し生活のお手伝い 時給1,400円 ㈱ひだまりケア", false,
     NULL},
    /* session 16: a phone shop, a warning and news naming the price per line
     * or account, moving help, a call centre */
    {"中古スマホ買取 ㈱モバイルリンク 契約中の端末は解約後にお持ちください 古物商許可あり", false,
     NULL},
    {"SIMを契約して他人に渡すと犯罪です。「1回線2万」などの募集に応じないで", false, NULL},
    {"【ニュース】口座を売った疑いで大学生2人を逮捕 1口座3万円で買い取られていた", false, NULL},
    {"引越しの荷物を受け取って新居まで運ぶのを手伝ってくれる人いない？お礼は焼肉で🙏", false, NULL},
    {"コールセンタースタッフ 時給1,300円 かかってくる電話の受付 研修あり ㈱ノースコール", false,
     NULL},
};

Test(screen_post, table)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const pcase *x = &cases[c];
        mm_verdict v;
        mm_error e = {0};
        cr_assert_eq(mm_screen_post(&ctx, x->text, strlen(x->text), a, &v, &e), MM_OK, "%s",
                     e.message);
        if (x->recruit) {
            cr_expect_neq(v.action, MM_VERDICT_ALLOW, "case %zu '%s': allowed (score %d)", c,
                          x->text, v.score);
            cr_expect_str_eq(v.category, "recruitment", "case %zu '%s'", c, x->text);
            cr_expect(v.warning_ja && strstr(v.warning_ja, "闇バイト"),
                      "case %zu: no recruitment auto-reply", c);
            if (x->span) {
                bool covered = false;
                for (size_t i = 0; i < v.nreasons; i++)
                    covered |= msg_span_has(x->text, v.reasons[i].span_start, v.reasons[i].span_end,
                                            x->span);
                cr_expect(covered, "case %zu: no reason span covers '%s'", c, x->span);
            }
        } else {
            cr_expect_eq(v.action, MM_VERDICT_ALLOW, "case %zu '%s': %s score %d (%s)", c, x->text,
                         mm_verdict_action_name(v.action), v.score,
                         v.nreasons ? v.reasons[0].code : "-");
        }
        mm_arena_reset(a);
    }
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

Test(screen_post, bad_utf8_is_refused)
{
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_error e = {0};
    cr_expect_eq(mm_screen_post(&ctx, "\xe9\x97", 2, a, &v, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "text");
    cr_expect_eq(mm_screen_post(&ctx, NULL, 3, a, &v, &e), MM_EINVAL);
    mm_arena_free(a);
}

/* The platform's own DM is a private chat, not an anonymous app (session
 * 6): a concrete job with an ordinary day rate and "DMください" warns; the
 * 闇バイト shape — high pay for a vague task moved to Telegram — blocks. */
Test(screen_post, dm_warns_anonymous_app_blocks)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_error e = {0};
    const char *dm = "ライブの物販スタッフ、日給1万2千円、簡単なお仕事です！DMください";
    cr_assert_eq(mm_screen_post(&ctx, dm, strlen(dm), a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_eq(v.action, MM_VERDICT_WARN, "score %d", v.score);
    const char *tg = "簡単なお仕事、日給5万円。詳細はテレグラムで @easy_job_tokyo";
    cr_assert_eq(mm_screen_post(&ctx, tg, strlen(tg), a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_eq(v.action, MM_VERDICT_BLOCK, "score %d", v.score);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

/* A job that must be paid into before it pays out is a task scam whatever
 * the fee is called (session 16): orders the worker pays for and gets back
 * "with a commission"; a gym's joining fee is no job. */
Test(screen_post, pay_first_jobs_are_side_job_scams)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_error e = {0};
    const char *task =
        "ネットショップの注文を代わりに購入するだけ 立替えた代金は手数料付きで返金します "
        "1件1,000円";
    cr_assert_eq(mm_screen_post(&ctx, task, strlen(task), a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_neq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    cr_expect_str_eq(v.category, "side_job");
    const char *gym = "ジム会員募集 入会金5,000円 月会費8,800円 体験はDMで";
    cr_assert_eq(mm_screen_post(&ctx, gym, strlen(gym), a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d (%s)", v.score,
                 v.nreasons ? v.reasons[0].code : "-");
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}
