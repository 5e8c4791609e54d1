/* Tests for the rule false positives and the warning-wrapped miss fixed on
 * 2026-11-27 (msgrules): each genuine notice below fired a co-occurrence
 * rule (a same-day delivery time read as a deadline, a refund paid into the
 * account on file, a late fee or bill paid at the counter or already paid,
 * a dormant account paused and resumed by post), and the fraud that wraps a
 * card-collection visit or a mobile call-back in warning words had its
 * rules switched off. Each case is paired with the fraud that must still
 * fire, so a fix that merely deletes a rule fails. Texts are written for
 * these tests (fictitious names and numbers). Rules only: the classifier
 * is detached so the rules are what is judged. */
#include "msg_fixture.h"

typedef struct fx {
    mm_screen_ctx ctx;
    mm_arena *a;
} fx;

static void fx_open(fx *f)
{
    msg_ctx_load(&f->ctx);
    mm_message_model_set_classifier((mm_message_model *)f->ctx.message, NULL, 0, NULL);
    f->a = mm_arena_new(0);
}

static void fx_close(fx *f)
{
    mm_arena_free(f->a);
    mm_screen_ctx_unload(&f->ctx);
}

/* genuine: allowed and the named rule silent; fraud: the rule fires */
static void pair(fx *f, const char *code, const char *genuine, const char *fraud)
{
    msg_expect_pair(&f->ctx, f->a, "sms", code, genuine, fraud);
}

Test(message_rule_fp, same_day_delivery_time_is_not_a_deadline)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_DELIVERY_LURE",
         "【こもれび運輸】冷凍便のお荷物を本日中にお届けします。ご不在の際は不在票をお入れします"
         "ので、記載の営業所へお電話ください。",
         "【こもれび運輸】お荷物をお届けできませんでした。本日中にご連絡ください。保管期限を過ぎ"
         "ると返送されます。");
    fx_close(&f);
}

Test(message_rule_fp, refund_paid_into_the_account_on_file)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ATM_REFUND",
         "【みずほし会計事務所】還付申告が受理されました。還付金は5月上旬にご登録の口座に振り込"
         "まれます。ご不明な点はお電話ください。",
         "【○○区役所】医療費の還付金があります。手続きについて担当からお電話いたしますので、お"
         "電話ください。");
    fx_close(&f);
}

Test(message_rule_fp, paid_at_the_counter_or_already_paid)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_BILL",
         "【ビデオのつばさ】貸出中のDVDの返却期限を2日過ぎています。延滞料金はご返却時に店頭で"
         "お支払いください。",
         "【ビデオのつばさ】延滞料金が未払いです。本日中にお支払いがない場合、法的手続きに移りま"
         "す。03-5521-7781");
    pair(&f, "TEXT_CARRIER_BILLING",
         "【みなと光】未払い料金のご入金を確認しました。回線停止を解除いたしました。ご迷惑をおか"
         "けしました。",
         "【みなと光】未払い料金があります。本日中にお支払いがない場合、回線を停止します。");
    /* the counter next to a remote way to pay is still a way to pay a fraudster */
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "【みなと光】料金未納のため回線を停止します。店頭でのお支払いの"
                                  "ほか、こちらからもお支払いいただけます "
                                  "https://minato-hikari-pay.example");
    cr_expect_not_null(msg_find(&v, "TEXT_CARRIER_BILLING"));
    fx_close(&f);
}

Test(message_rule_fp, voucher_exchanged_at_the_counter)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PRIZE_LURE",
         "【ひまわり商店会】プレミアム商品券の抽選に当選しました。引換券を郵送しましたので、引き換"
         "え時に代金をお支払いください。",
         "【シネマつばさ】会員抽選に当選しました。受取には手数料2,000円が必要です。Amazonギフト"
         "カードでお支払いください。");
    fx_close(&f);
}

Test(message_rule_fp, dormant_account_paused)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【かもめ証券】1年以上ログインがないため、セキュリティ上の理由でお取引を停止しました。再"
         "開は窓口または郵送でお手続きください。",
         "【かもめ証券】不正なログインを検知したため、お取引を制限しました。至急ログインして本人"
         "確認をしてください。");
    fx_close(&f);
}

Test(message_rule_fp, warning_words_do_not_cancel_a_concrete_ask)
{
    fx f;
    fx_open(&f);
    static const char *const fraud[] = {
        "【○○市役所】特殊詐欺被害防止のため、お手持ちのキャッシュカードを新しいものに交換します。"
        "本日、職員がご自宅に伺いますので、カードをご用意ください。",
        "【○○県警】特殊詐欺の被害防止のため、警察官がキャッシュカードを受け取りにご自宅へ伺いま"
        "す。暗証番号を紙に書いてご用意ください。",
        "【あおば銀行】不正利用防止のお知らせです。お客様の口座で不審な取引がありました。至急 "
        "090-7781-2290 の担当者までお電話ください。",
    };
    for (size_t i = 0; i < sizeof fraud / sizeof fraud[0]; i++) {
        mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL, fraud[i]);
        cr_expect_geq(v.score, 60, "score %d: %s", v.score, fraud[i]);
    }
    /* the warnings themselves: the ask quoted, or denied */
    static const char *const fine[] = {
        "【○○県警】「キャッシュカードを預かりに伺います」という電話は詐欺です。ご注意ください。",
        "【○○県警】警察官がご自宅に伺い、キャッシュカードを預かることはありません。ご注意くださ"
        "い。",
        "【あおば銀行】不審な電話にご注意ください。当行の行員が 090 で始まる携帯電話からご連絡す"
        "ることはありません。",
        "【ガスのひので】定期保安点検のため、係員がお伺いします。点検は無料です。",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL, fine[i]);
        cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d: %s", v.score, fine[i]);
    }
    fx_close(&f);
}

Test(message_rule_fp, online_is_not_line)
{
    /* "オンライン" contains "ライン" (LINE in kana): it is not a messenger
     * channel, so it must not cancel the offline exemption */
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "【かもめ証券】一定期間ログインがないため、セキュリティ上の理由で"
                                  "オンライン取引を停止しました。再開は郵送でお手続きください。");
    cr_expect_null(msg_find(&v, "TEXT_ACCOUNT_SUSPENSION"), "score %d", v.score);
    fx_close(&f);
}

Test(message_rule_fp, an_office_is_not_a_refund)
{
    /* 市役所 / 年金事務所 alone is most of a city's genuine mail: with a
     * deadline or a number to call it is not the 還付金 手口; with an ATM
     * it is */
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ATM_REFUND",
         "【ひので区役所】児童手当の現況届を期限までにご提出ください。ご不明な点は子育て支援課まで"
         "ご連絡ください。",
         "年金事務所です。未払いの年金があります。お近くのATMで受け取り手続きができます。");
    mm_verdict v = msg_screen_sms(
        &f.ctx, f.a, NULL, "【ひので市役所】粗大ごみの収集申込は本日中に受付を締め切ります。");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

Test(message_rule_fp, tax_paid_with_the_mailed_slip)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_TAX_DEMAND",
         "【ひので市役所】固定資産税の滞納があります。納付がない場合、差押えを行うことがあります。"
         "お手元の納付書で金融機関の窓口にてお納めください。",
         "【ひので市役所】固定資産税の滞納があります。本日中に納付がない場合、差押えを行います。"
         "03-5521-0091 までお電話ください。");
    fx_close(&f);
}

Test(message_rule_fp, resumed_and_thanked_is_settled)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARRIER_BILLING",
         "【みなと光】未払い料金のお支払いをいただき、誠にありがとうございました。回線のご利用を再"
         "開しました。",
         "【みなと光】未払い料金のお支払いが確認できません。回線を停止します。お支払いはこちら "
         "https://minato-hikari.example.net/pay");
    fx_close(&f);
}

Test(message_rule_fp, the_senders_own_page_or_counter)
{
    /* a bill that sends the reader to its own account page, its counter
     * or its reception desk gives a fraudster nothing; the same words with
     * a link are a lure */
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARRIER_BILLING",
         "【みなと光】ご利用料金のお支払いが確認できませんでした。期日までにお支払いがない場合、ご"
         "利用を停止することがあります。詳細はマイページでご確認ください。",
         "【みなと光】ご利用料金のお支払いが確認できませんでした。期日までにお支払いがない場合、ご"
         "利用を停止します。詳細はこちら https://minato-hikari-mypage.example.net/");
    pair(
        &f, "TEXT_FAKE_BILL",
        "【ことり音楽教室】入会金・登録料のお支払いは初回レッスン時に受付でお願いします。",
        "【ことり音楽教室】登録料が未払いです。本日中にお支払いがない場合、法的手続きに移ります。");
    pair(&f, "TEXT_FAKE_BILL",
         "【さくらフィットネス】退会手続きは店頭で承ります。ご不明な点はご連絡ください。",
         "【さくらフィットネス】退会手続きが完了していないため延滞料金が発生しています。至急ご連絡"
         "ください。");
    fx_close(&f);
}

/* 2026-11-27 (session 4): rules that fired on genuine text written to probe
 * them — a warning reporting the fraudster's words 「…」という電話, a city
 * tax notice paid by the mailed slip with the office's landline, a chat
 * with a teacher about a seminar, a famous investor's book, a family
 * errand with the cash card — each paired with the fraud that must fire. */
Test(message_rule_fp, reported_speech_is_a_warning_not_a_demand)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【ひので警察署】管内で警察官を名乗る者から「あなたの口座が犯罪に使われている。資産を調"
         "べるので現金を用意して」という電話が相次いでいます。すぐに切って110番してください。",
         "ひので警察署です。あなたの口座が犯罪に使われている。資産を調べるので現金を用意して、"
         "担当者の指示に従ってください。");
    fx_close(&f);
}

Test(message_rule_fp, scripted_answers_are_not_reported_speech)
{
    fx f;
    fx_open(&f);
    /* the fraudster scripts the victim's words: the quote stays his */
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "捜査の都合上、このことは誰にも言わないでください。銀行員に理由を"
                                  "聞かれたら「家族への送金」と答えてください。");
    cr_expect_neq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

Test(message_rule_fp, office_landline_with_the_mailed_slip)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_BILL",
         "【ひので市役所】住民税の納期限を過ぎても納付が確認できません。滞納が続くと延滞金が発生"
         "します。納付書で最寄りのコンビニか金融機関でお支払いください。市税課 03-1234-5678",
         "【ひので市役所】住民税の納期限を過ぎても納付が確認できません。滞納が続くと延滞金が発生"
         "します。納付書で最寄りのコンビニか金融機関でお支払いください。担当 090-1234-5678");
    fx_close(&f);
}

Test(message_rule_fp, a_teacher_is_not_a_sensei_without_a_lead)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "先生、投資の勉強会の資料ありがとうございました。来月の新NISAセミナーも参加します。",
         "先生が投資の勉強会で急騰銘柄を無料で教えています。参加はLINEでどうぞ。");
    fx_close(&f);
}

Test(message_rule_fp, talking_about_a_famous_investor)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_CELEBRITY",
         "ひろゆきさんの投資本読んだけど面白かった。インデックス投資が一番らしい。",
         "ひろゆきさんが投資のコツを無料で教えるLINEグループを作りました。参加はこちらから。");
    fx_close(&f);
}

Test(message_rule_fp, a_family_errand_with_the_cash_card)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "おばあちゃんの家に行って通帳とキャッシュカードを預かってきた。施設の支払いは私がやるこ"
         "とになったから。",
         "銀行協会の者です。キャッシュカードを預かります。お支払いの手続きが必要なので暗証番号も"
         "お知らせください。");
    fx_close(&f);
}

Test(message_rule_fp, english_prize_collected_at_the_counter)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PRIZE_LURE",
         "Congratulations! You've won the lottery at our store. Please come to the service counter "
         "with your receipt to claim your prize. Aeon Mall",
         "Congratulations! You've won the lottery. Please call 090-1234-5678 today to claim your "
         "prize.");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard.tsv (session 4, a development set): a
 * police bulletin narrating the envelope trick, a city's mailed tax
 * reminder with its landline, a broker's margin call, a lottery paid back
 * as points, a bank app's questionnaire, a colleague's flea-market income.
 * Each fraud twin keeps the ask the genuine one lacks. */
Test(message_rule_fp, a_bulletin_narrating_the_envelope_trick)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARD_COLLECTION",
         "【ひので県警 防犯情報】市内でキャッシュカードのすり替え被害が発生しました。犯人は「金融庁"
         "の職員」を名乗り自宅を訪れ、カードを封筒に入れさせてすり替えます。カードを他人に渡さない"
         "でください。",
         "金融庁の職員です。不正利用の確認のため、キャッシュカードを封筒に入れてお待ちください。こ"
         "れから職員がご自宅に伺います。");
    fx_close(&f);
}

Test(message_rule_fp, mailed_tax_reminder_with_the_office_landline)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_BILL",
         "【ひので市】固定資産税の督促状を送付しました。第2期分が納期限までに確認できませんでした。"
         "督促状に記載の期日までにお支払いください。延滞金が加算される場合があります。お問い合わせ"
         "は税務課 045-540-2256",
         "【ひので市】固定資産税の滞納が確認できませんでした。本日中にお支払いがない場合、延滞金が"
         "加算されます。お問い合わせは担当 090-5540-2256");
    fx_close(&f);
}

Test(message_rule_fp, a_margin_call_is_not_a_withdrawal_fee)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "【ひので証券】追加保証金(追証)発生のお知らせ。信用取引の委託保証金率が維持率を下回りまし"
         "た。12月1日 正午までにご入金または建玉の決済をお願いいたします。",
         "お客様の口座には現在1,250万円の利益があります。出金手続きには保証金として150万円のご入金"
         "が必要です。");
    fx_close(&f);
}

Test(message_rule_fp, a_prize_paid_back_as_points)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PRIZE_LURE",
         "【ひのでペイ】ジャンボ当選!お支払い金額の全額(1,280円)がポイントで戻ってきます。付与予定"
         "日：12月28日",
         "【ひのでペイ】ジャンボ当選!賞金10万円の受け取りには手数料3,000円のお支払いが必要です。"
         "090-1234-5678 までお電話ください。");
    fx_close(&f);
}

Test(message_rule_fp, a_bank_app_questionnaire)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_ACCOUNT_SUSPENSION",
        "[ひので銀行アプリ] 犯罪収益移転防止法に基づき、お客さまの取引目的・ご職業の確認をお願いし"
        "ております。アプリのメニュー「お客さま情報の確認」から回答ください。回答期限：2026年12月31"
        "日。期限までにご回答がない場合、一部のお取引を制限させていただく場合がございます。",
        "[ひので銀行] お客さまの取引目的の確認が必要です。期限までにご回答がない場合、お取引を制限"
        "します。回答はこちら https://hinode-bank.kakunin.example/");
    fx_close(&f);
}

Test(message_rule_fp, a_months_flea_market_income)
{
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "メルカリで不用品売るの副業になるかな笑 今月だけで3万くらい売れ"
                                  "た。");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    v = msg_screen_sms(&f.ctx, f.a, NULL,
                       "スマホだけで3万！誰でもできる副業です。詳しくはLINEで。");
    cr_expect_not_null(msg_find(&v, "TEXT_SIDE_JOB"));
    fx_close(&f);
}

/* Fraud from the same set that nothing caught before (session 4). */
Test(message_rule_fp, immigration_call_and_account_buying)
{
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "Immigration Bureau: Your visa status is under investigation due "
                                  "to a criminal report. Call +81-50-6621-0110 immediately or you "
                                  "will be deported.");
    cr_expect_not_null(msg_find(&v, "TEXT_POLICE_IMPERSONATION"));
    cr_expect_not_null(msg_find(&v, "PHONE_POLICE_SPOOF"), "a 050 number ending in 0110");
    v = msg_screen_sms(&f.ctx, f.a, NULL,
                       "Part-time job: sell your unused bank account for 30,000 yen. Leaving "
                       "Japan? We buy accounts and SIM cards. LINE: acc_buy_jp");
    cr_expect_not_null(msg_find(&v, "TEXT_RECRUITMENT"));
    /* a police station's own landline ending in 0110 is not a spoof */
    v = msg_screen_sms(&f.ctx, f.a, NULL,
                       "ひので警察署です。落とし物が届いています。会計課 03-1234-0110");
    cr_expect_null(msg_find(&v, "PHONE_POLICE_SPOOF"));
    fx_close(&f);
}

/* A help desk may ask for a remote-control app; the scam adds money or the
 * victim's own online banking (session 4). */
Test(message_rule_fp, remote_control_app_with_the_victims_banking)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_REMOTE_CONTROL",
         "Hinode IT help desk: before tomorrow's session please install TeamViewer on your office "
         "PC. Our engineer will connect at 10:00 to update the printer driver.",
         "Your airline refund is ready. Install AnyDesk so our agent can process it on your phone, "
         "then log in to your bank while he watches.");
    fx_close(&f);
}

/* Session 4 catches from the training supplements' misses: a code the
 * reader received asked back, a task that needs a deposit, a job paid for
 * first, gift-card codes asked for in English. Each next to the genuine
 * text that shares its words. */
Test(message_rule_fp, a_received_code_asked_back)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CODE_REQUEST",
         "【ひので銀行】確認コード 482913 をアプリに入力してください。このコードは誰にも教えないで"
         "ください。",
         "【ひので銀行】不審な送金を止めるための確認コードを送信しました。届いた6桁のコードをこの"
         "メッセージに返信してください。");
    fx_close(&f);
}

Test(message_rule_fp, a_task_that_needs_a_deposit)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_TASK_SCAM", "今週のタスクは資料作成とレビューです。締め切りは金曜日です。",
         "連続タスクが発生しました。残り2件を完了するには追加で12万円の入金が必要です。完了すれ"
         "ばこれまでの入金分と報酬をまとめて出金できます。");
    fx_close(&f);
}

Test(message_rule_fp, a_job_paid_for_first)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_JOB_PREPAY",
         "テニスサークルの合宿の参加費1万円は事前にお振込みください。振込先は部長までお問い合わせ"
         "ください。",
         "【在宅スタッフ採用】採用が決定しました。業務用のパソコン代5万円を先にお振込みください。"
         "入金確認後に機材と研修資料を発送します。");
    fx_close(&f);
}

Test(message_rule_fp, gift_card_codes_asked_in_english)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_EMONEY_DEMAND",
         "Happy birthday! I sent you an Amazon gift card by e-mail, enjoy it.",
         "Hi, are you at your desk? I need a favour for a client. Please buy 5 Amazon gift cards "
         "of 10,000 yen each and send me the claim codes. Keep it between us for now.");
    fx_close(&f);
}

/* A link on the claimed organisation's own name (みなみ銀行 → minami-bank.…)
 * is its guide page unless pressure comes with it; a fraudster who
 * registered the name still has to push (session 4). */
Test(message_rule_fp, own_named_link_without_pressure)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_ACCOUNT_SUSPENSION",
        "【みなみ銀行】インターネットバンキングの取引パスワードの有効期限が近づいています。次回ロ"
        "グイン時に変更画面が表示されます。ご利用ガイド https://www.minami-bank.example/ib/guide",
        "【みなみ銀行】お客様の口座を一時停止しました。本日中に再開手続きをしない場合、口座は凍結さ"
        "れます。 https://www.minami-bank.example/ib/restart");
    pair(&f, "TEXT_TAX_DEMAND",
         "【ひので市】令和7年度の市県民税の税額決定通知書を発送しました。税額の内訳は市のホームペー"
         "ジをご覧ください。 https://www.city.hinode.example/zei/",
         "【ひので市】市県民税が未納です。本日中に納付がない場合、財産を差し押さえます。 "
         "https://www.city.hinode.example/zei/pay");
    fx_close(&f);
}

/* The carrier's customs notice asks for duty too; the romance scam's
 * parcel is a present from the suitor (session 4). */
Test(message_rule_fp, a_present_held_at_customs)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ROMANCE_MONEY",
         "【ひので郵便】国際小包が税関で止まっています。関税 2,300円はお届けの際に配達員へ現金でお"
         "支払いください。",
         "あなたに送ったプレゼントが税関で止まっています。関税の20万円を払えば届くそうです。会いた"
         "いから、立て替えてもらえますか？");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard2.tsv (session 4, chats and app messages, a
 * development set): person-to-person sales, codes and PINs asked in DMs,
 * a fake renewal charge with a call-back, "Hi Mum" on a new number, an
 * app's own notice that offers no channel. */
Test(message_rule_fp, person_to_person_sales)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_MARKETPLACE",
         "チケット1枚余ったから定価で譲るよ！当日会場で会ったときに払ってくれればいいから。",
         "【譲】12/20 東京ドーム公演 アリーナ連番 定価でお譲りします。お支払いはPayPay送金か銀行"
         "振込の先払いのみ、入金確認後に分配します。公式リセールは使えないのでDMで！");
    pair(&f, "TEXT_MARKETPLACE",
         "購入ありがとうございます！メルカリの取引画面で発送通知をお送りしますので、受け取り評価を"
         "お願いします。",
         "購入希望です！ただメルカリの手数料がもったいないので、直接取引にしませんか？PayPayで1,000"
         "円安く払います。LINE IDは kaitori_2580 です");
    pair(&f, "TEXT_MARKETPLACE", "Hi, is the bike still available? I can pick it up on Saturday.",
         "Hi, is the bike still available? I'll pay now through courier service. They will send "
         "you a link to receive the payment, just enter your card details there.");
    fx_close(&f);
}

Test(message_rule_fp, pin_and_code_asked_in_a_dm)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PIN_REQUEST",
         "キャッシュカードの暗証番号を忘れたので、銀行の窓口で再設定してきた。",
         "代金は先に振り込みますので、こちらのフォームに振込先口座とキャッシュカードの暗証番号を入"
         "力してください。");
    pair(&f, "TEXT_CODE_REQUEST", "Your Instagram code is 482913. Don't share it with anyone.",
         "Hey it's me, I lost my phone. Instagram will text you a 6-digit code to help me get back "
         "in, can you send it here?");
    fx_close(&f);
}

Test(message_rule_fp, renewal_charge_with_a_call_back)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_INVOICE",
         "Norton: your subscription was automatically renewed for 6,980 yen. If you did not "
         "authorise this, manage your subscription in your Norton account.",
         "Norton Subscription Renewal: 49,800 yen has been charged to your card for auto-renewal. "
         "If you did not authorise this, call our refund department at +1-888-555-0142 within 24 "
         "hours.");
    fx_close(&f);
}

Test(message_rule_fp, new_number_and_money)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_NEW_NUMBER_MONEY",
         "父です。携帯を変えたので、この番号を登録しておいてください。",
         "Mum it's me, this is my new number, my phone broke. Can you pay a bill for me urgently "
         "today? I can't log in to my bank.");
    fx_close(&f);
}

/* An app's own notice in a brand's name with no channel reads like an SMS:
 * the classifier alone does not flag it; a chat with a person stays open. */
Test(message_rule_fp, app_notice_without_a_channel)
{
    fx f;
    msg_ctx_load(&f.ctx);
    f.a = mm_arena_new(0);
    mm_message m = {.channel = "app",
                    .text = "【PayPay】返金がありました。セブン-イレブン 税込 540円 取引番号 "
                            "04123456789012345678"};
    m.text_len = strlen(m.text);
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(&f.ctx, &m, f.a, &v, &e), MM_OK);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard3.tsv (session 4, small organisations'
 * notices and their imitations, a development set): a wallet transfer to
 * an ID, a fee first before money due, a refund through a messenger, the
 * account that "has changed", a PIN to send; genuine twins first. */
Test(message_rule_fp, small_organisations_and_their_imitations)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_WALLET_TRANSFER",
         "【あおば自動車学校】教習料金の分割2回目(55,000円)のお引落しが確認できませんでした。12/5ま"
         "でに受付でお支払いください。",
         "あおば自動車学校です。教習料金の分割2回目(55,000円)が未納となっております。本日中にPayPay"
         "で下記IDへ送金いただければ、卒業検定のご予約が可能です。PayPay ID:aoba-ds-keiri");
    pair(&f, "TEXT_ADVANCE_FEE",
         "Deposit refund - Green Heights Management. Your security deposit balance of JPY 86,500 "
         "will be transferred to the bank account you gave on the move-out form by 15 December.",
         "Deposit refund - Green Heights Management. Your security deposit balance of JPY 86,500 "
         "is ready to be refunded. A transfer handling fee of JPY 5,500 must be paid first to our "
         "settlement account.");
    pair(
        &f, "TEXT_ADVANCE_FEE",
        "【工房きつね堂】二重決済分の返金手続きが完了しました。ご利用のカード会社経由で返金されます"
        "。",
        "【工房きつね堂】お客様のご注文で二重決済が発生しておりました。返金のお手続きはLINE公式 "
        "@kitsunedo-henkin を友だち追加のうえ、担当者へご連絡ください。");
    pair(
        &f, "TEXT_ACCOUNT_CHANGE",
        "【グリーンハイツ管理センター】12月分家賃の口座振替日は12月27日です。残高のご確認をお願いし"
        "ます。",
        "【グリーンハイツ管理センター】12月分家賃のお振込先が変更となりました。今月より下記口座へお"
        "振込みください。ひので信用金庫 駅前支店 普通 1190374 ｶﾄｳ ﾀｸﾔ");
    pair(&f, "TEXT_PIN_REQUEST", "暗証番号は誰にも教えないでください。ひので市 子育て支援課",
         "ひので市 子育て支援課です。児童手当の振込先口座が確認できず、お振込みが止まっています。本"
         "日中にこのアカウントへキャッシュカードの表面の写真と暗証番号をお送りください。");
    fx_close(&f);
}

/* English forms from the English small-organisation set (session 4). */
Test(message_rule_fp, english_small_organisation_lures)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARD_COLLECTION",
         "Hokuriku Regional Bank: your new cash card will be sent by registered mail. Never tell "
         "anyone your PIN.",
         "Hokuriku Regional Bank: your cash card has been skimmed. Our staff will visit your home "
         "today to collect the card; please write your PIN on a piece of paper and put it in the "
         "envelope with the card.");
    pair(
        &f, "TEXT_PERSONAL_PAYEE",
        "Aozora Cable: your cancellation is complete. The early-termination fee of JPY 38,500 will "
        "be charged to your registered card.",
        "Aozora Cable: to finalise your cancellation, an early-termination fee of JPY 38,500 must "
        "be paid by bank transfer to our collections officer, account holder Yamamoto Kenji, "
        "Rinkai Bank 4410927.");
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "Notice of change in fees: from 1 May, the yen withdrawal fee at Sakura Crypto goes down "
         "from JPY 550 to JPY 330. No action needed.",
         "Your withdrawal has been frozen by the risk control department due to an abnormal IP. To "
         "unfreeze it, pay a verification deposit of 30% of your balance.");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard4.tsv (session 4, frequent traffic and new
 * fraud styles, a development set). */
Test(message_rule_fp, qr_codes_shops_and_recovery)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_QR_LURE",
         "【ひのでカード】ご利用ありがとうございます。店頭のQRコード決済にもご利用いただけます。",
         "【ひのでカード】重要：ご利用確認のお願い。お客様のカードに不審な利用がありました。下記の"
         "QRコードをスマートフォンで読み取ってください。確認が取れない場合、本日中にカードを停止し"
         "ます。");
    pair(
        &f, "TEXT_PERSONAL_PAYEE",
        "【ひので商店】ご注文ありがとうございます。代金は下記口座へお振込みください。ひので信用金庫"
        " 本店 普通 1234567 カ)ヒノデシヨウテン",
        "【公式セール】ご注文ありがとうございます。お支払いは銀行振込のみとなります。振込先：ひので"
        "信用金庫 駅前支店 普通 4419123 ｻﾄｳ ｹﾝｼﾞ");
    pair(&f, "TEXT_RECOVERY_SCAM",
         "【消費者センター】「被害金を取り戻します」という業者からの連絡にご注意ください。",
         "弁護士法人ひのでの調査部です。SNS投資詐欺の被害金を取り戻します。ただし追跡費用として保"
         "証金 3万円 が必要です。LINE：@higai-kaifuku");
    pair(
        &f, "TEXT_ROMANCE_MONEY",
        "Hi honey, I sent a package to your Tokyo address with some winter clothes. Japan Post "
        "says "
        "you might have to pay a little customs fee when it arrives, just pay the mailman and I'll "
        "reimburse you.",
        "Hi honey, I sent you a present but it is held at customs. The customs fee is 200,000 yen, "
        "please transfer it to the agent's account today so it can be released.");
    fx_close(&f);
}

/* 【緊急】 tags the notice and names nobody: the claim is the next bracket,
 * so a junk-prefixed look-alike of that name is an imitation (a peer-kit
 * phishing mail slipped through when 緊急 was read as the claimed name). */
Test(message_rule_fp, notice_tag_is_not_the_claimed_name)
{
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "【緊急】【あおば銀行】お客様の口座のご利用を停止しました。ログイ"
                                  "ンして解除 http://mnigdv8ho-aoba-bank.test/auth");
    cr_expect_not_null(msg_find(&v, "LINK_IMITATES_CLAIM"));
    fx_close(&f);
}

/* Paid in cryptocurrency (session 5): nobody genuine bills, fines or
 * charges a fee in USDT; an exchange telling its customer about their own
 * deposit is no demand. */
Test(message_rule_fp, a_fee_paid_in_crypto)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CRYPTO_PAYMENT",
         "Kumo Coin Exchange: your deposit of 120 USDT has arrived in your wallet. No action is "
         "needed.",
         "Hoshino Legal Office: your refund of JPY 480,000 is ready. To release it, first pay the "
         "processing fee of USD 250 in USDT to the wallet below.");
    pair(&f, "TEXT_CRYPTO_PAYMENT", "ビットコインで支払いできるお店が近所にできたよ。",
         "【ひので税務署】未納の税金があります。本日中に暗号資産で納付してください。");
    fx_close(&f);
}

/* From the development sets (session 5): a router's settings page on the
 * reader's own network is no link to anyone; a prize posted to the
 * entrant's address and a ticket paid by the method chosen when applying
 * ask nothing a fraudster could use. */
Test(message_rule_fp, lan_pages_posted_prizes_and_chosen_payment)
{
    fx f;
    fx_open(&f);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "Your internet is now active. You can change the Wi-Fi password "
                                  "on the settings page at http://192.168.1.1 at any time.");
    cr_expect_null(msg_find(&v, "URL_IP_HOST"));
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    v = msg_screen_sms(&f.ctx, f.a, NULL,
                       "Your account is locked. Verify now at http://203.0.113.7/login today.");
    cr_expect_not_null(msg_find(&v, "URL_IP_HOST"));
    pair(
        &f, "TEXT_PRIZE_LURE",
        "You won our photo contest! The prize (a JPY 5,000 voucher) will be posted to the address "
        "you entered; there's nothing to pay or send us.",
        "You won our photo contest! To receive the prize (a JPY 50,000 voucher), pay the JPY 1,500 "
        "delivery fee today by card.");
    pair(
        &f, "TEXT_PRIZE_LURE",
        "Ticket Pia: Lottery result. Congratulations, your application was successful. Please "
        "complete payment by December 2, 23:59 using the method you selected.",
        "Ticket Pia: Lottery result. Congratulations, you won two tickets. Please complete payment "
        "by December 2, 23:59 by calling 090-4412-7789.");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard5.tsv (session 5, a development set): a code
 * named before it arrives and asked for after, a wallet's recovery phrase
 * typed into a chat, a stranger teaching a trading method at a fixed weekly
 * return; and notices settled in the app or the member page. */
Test(message_rule_fp, codes_phrases_and_in_app_settlement)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_CODE_REQUEST",
        "認証番号のSMSが届いたら、アプリの画面に入力してください。番号は誰にも伝えないでください。",
        "最近スマホ変えたんだけど、あなたの電話番号に認証番号のSMSが届くから、届いたら4桁の数字だ"
        "け教えてもらえる？");
    pair(
        &f, "TEXT_PIN_REQUEST",
        "ウォレットを作成しました。リカバリーフレーズは紙に書いて安全な場所に保管してください。",
        "ウォレット同期エラーのため出金が停止されています。復旧するにはリカバリーフレーズ（12単語）"
        "をこのチャットに入力してください。");
    pair(&f, "TEXT_ROMANCE_INVESTMENT",
         "My sister runs a cooking class; she can teach you how to make ramen this weekend.",
         "Hi, I found your profile on a language exchange app. I work at a crypto fund and I can "
         "teach you a trading method with 20% weekly returns.");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "[Hinode Mobile] Your December plan fee could not be charged to your card. Please update "
         "your payment method in my Hinode Mobile by Dec 10 to avoid suspension.",
         "[Hinode Mobile] Your December plan fee could not be charged to your card. Please update "
         "your payment method at https://hinode-mobile-billing.example/login by Dec 10 to avoid "
         "suspension.");
    pair(
        &f, "TEXT_ACCOUNT_SUSPENSION",
        "【ひので証券】本人確認書類の有効期限が切れています。お取引を継続いただくため、アプリの「お"
        "客さま情報」から本人確認書類を再提出してください。期限までにご提出がない場合、お取引を制"
        "限します。",
        "【ひので証券】本人確認書類の有効期限が切れています。お取引を継続いただくため、こちらから本"
        "人確認書類を再提出してください https://hinode-kyc-check.example 期限までにご提出がない場"
        "合、お取引を制限します。");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard5.tsv (session 5): a ward's tax notice that
 * mailed the slip and links to the ward's own geographic-type domain; a
 * company's name (株式会社) is no talk of shares; secrets sent in the chat
 * itself; a code named in one sentence and asked for in the next; a refund
 * "received" by scanning the sender's QR code. */
Test(message_rule_fp, wards_companies_and_secrets_in_the_chat)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_FAKE_BILL",
        "【港区】特別区民税の納付書を郵送いたしました。納期限を過ぎた場合、延滞金がかかることがあり"
        "ます。口座振替の申込書は https://www.city.minato.tokyo.jp/ からダウンロードできます。",
        "【港区】特別区民税が未納です。本日中にお支払いがない場合、延滞金がかかります。お支払いは "
        "https://minato-zei-pay.example/ から。");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "株式会社ひので商事 人事部です。事務アシスタント職の面接のご案内です。日時：12月4日 14:00",
         "株式投資の先生のアシスタントです。毎日おすすめ銘柄を配信しています。LINEグループへどうぞ"
         "。");
    pair(&f, "TEXT_PIN_REQUEST",
         "パスワードやコードをこのチャットでお知らせいただくことはありません。",
         "出金エラーの件、調査のため、二段階認証アプリに表示されている6桁のコードと、ログインパスワ"
         "ードをこのチャットでお知らせください。");
    pair(&f, "TEXT_CODE_REQUEST", "新しいスマホの設定ができたよ。認証コードは自分で入力した。",
         "今Apple Payの設定で困ってて、あなたのスマホに届く認証コードで入れるみたいなの。届いたら教"
         "えてね");
    pair(&f, "TEXT_QR_LURE",
         "Hi, this is the seller. You can scan the QR code on the box to register "
         "the warranty.",
         "Hi, this is the seller. I received double payment from you. I'll refund the extra 12,000 "
         "yen right away. Please scan this QR code in your PayPay app to receive it.");
    fx_close(&f);
}

/* A tax reminder whose only channel is the city's own site asks nothing a
 * fraudster could collect (@own_channels); the same words routed to a
 * phone number are the fictitious bill's call centre, landline or not.
 * 配信停止 (a mail's unsubscribe line) is no threat. */
Test(message_rule_fp, a_tax_reminder_on_the_citys_own_site)
{
    fx f;
    fx_open(&f);
#define TAX_REMINDER(CHANNEL)                                                                                                                \
    "【ひので市】市県民税(第3期)の納期限が近づいています "                                                           \
    "ひので市税務課です。令和8年度市民税・県民"                                                                          \
    "税(普通徴収)第3期の納期限は12月1日(月)です。口座振替の方は前日までに残高をご確認ください。納" \
    "付書のほか、スマートフォン決済アプリやクレジットカードでも納付できます(" CHANNEL ")。"                                                 \
    "納期限を過ぎると延滞金がかかり、差し押さえの対象となる場合があります。"
    pair(&f, "TEXT_TAX_DEMAND", TAX_REMINDER("https://www.city.hinode.lg.jp/zeimu/nofu.html"),
         TAX_REMINDER("03-5530-4419"));
#undef TAX_REMINDER
    fx_close(&f);
}

Test(message_rule_fp, unsubscribe_is_no_threat)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_TAX_DEMAND",
         "【ひので市】市県民税(第3期)の納期限が近づいています ひので市税務課です。スマートフォン"
         "決済アプリやクレジットカードでも納付できます。配信停止はマイページから。",
         "【ひので市】市県民税(第3期)の納期限が近づいています ひので市税務課です。スマートフォン"
         "決済アプリやクレジットカードでも納付できます。期限を過ぎると行政サービスを停止します。");
    fx_close(&f);
}

/* A newsletter's unsubscribe footer on its mail-delivery service is no
 * link off the sender (session 5, ja_dev_hard3); the same footer on a
 * domain of its own is. */
Test(message_rule_fp, a_mail_services_unsubscribe_footer)
{
    fx f;
    fx_open(&f);
#define DELETION(FOOTER)                                                                                                                     \
    "【こもれび堂】会員アカウントは最終ログインから2年が経過するため、12月31日をもって会員情報と" \
    "ポ"                                                                                                                                    \
    "イントを削除いたします。継続をご希望の場合は期限までに一度ログインしてください。 "              \
    "https://komorebido.example/mypage/ 配信停止: " FOOTER
    pair(&f, "TEXT_LOGIN_LINK",
         DELETION("https://komorebido.us12.list-manage.com/unsubscribe?u=8f2a&id=1c9"),
         DELETION("https://members-kanri.example/unsubscribe?u=8f2a&id=1c9"));
#undef DELETION
    fx_close(&f);
}

/* Fraud the earlier sets held that no rule caught (session 5): the
 * delivery address "could not be found", a payment "decided" with a claim
 * procedure, a share that "never loses" behind a LINE invite, an insider
 * group invite on line.me itself, a cloud storage "full" until the card is
 * confirmed, a prize fee paid in gift cards and a gift card's number to be
 * read out on the phone. Each beside the genuine text it must leave alone. */
Test(message_rule_fp, mechanisms_the_older_sets_missed)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_DELIVERY_LURE",
        "【ヤマト運輸】お届け先が確認できなかったため、お荷物を営業所で保管しています。"
        "https://www.kuronekoyamato.co.jp/",
        "ひので運輸です。ご注文品の配送先が見つかりませんでした。お手数ですが再度ご登録をお願いしま"
        "す https://hinode-redeliver.example/");
    pair(
        &f, "TEXT_BENEFIT_LURE",
        "【ひので市】児童手当の追加支給が決定しました。手続きは不要です。ご登録の口座に12月10日に振"
        "り込まれます。",
        "【こども支援庁】児童手当の追加支給が決定しました。受給手続きは下記から "
        "https://kodomo-teate.example");
    pair(
        &f, "TEXT_INVESTMENT_GUARANTEE", "元日銀職員の講演会に行ってきた。株の話が面白かったよ。",
        "今だけ！元日銀職員が教える「絶対に損しない株」無料配信中。お友だち登録で限定情報をお届けし"
        "ます https://lin.ee/kabu77");
    pair(
        &f, "TEXT_INVESTMENT_GROUP",
        "Our book club has a LINE group for announcements: https://line.me/ti/g2/bookclub-hinode",
        "Hi, I'm an analyst at Kita Securities. We have a private LINE group where our team shares "
        "insider stock picks. Join here: https://line.me/ti/g2/kitapro-vip");
    pair(
        &f, "TEXT_INVESTMENT_GROUP",
        "3年2組PTAのLINEグループを作りました。参加はこちらから https://line.me/ti/g/AbCdEf",
        "講師が厳選した銘柄を毎日無料でお届けする「特別会員LINEグループ」をご用意しました。的中率は"
        "92%です。参加はこちらから https://line.me/ti/g/AbCdEf");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "Your Tsuki Cloud storage is almost full. You can manage your plan in the app.",
         "Your Tsuki Cloud storage is full and 2,341 photos will be deleted tomorrow. Get 50 GB "
         "free "
         "by confirming your card: https://tsuki-cloud-free.example/claim");
    pair(
        &f, "TEXT_EMONEY_DEMAND", "誕生日にもらったギフトカードの番号を教えてくれてありがとう！",
        "未払いの利用料金があります。本日中にコンビニで電子マネーを購入し、その番号をお電話でお伝え"
        "ください。");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "【ひだまり商店街】抽選で旅行券が当たりました。商店街事務所でお受け取りください。",
         "【ひだまり商店街】抽選で旅行券が当たりました。受取には手数料3,000円が必要です。Amazonギフ"
         "トカードでお支払いください。");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard6.tsv (session 5, the long tail): each
 * scheme's mechanism beside the genuine text that shares its words. */
Test(message_rule_fp, long_tail_schemes)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SAFE_ACCOUNT", "ご預金は預金保険制度で保護されています。ひので銀行",
         "【ひので銀行 "
         "不正利用対策室】お取引を保留しております。資金を保全するため、安全口座へ資金を"
         "移してください。専用窓口: 050-3821-7710(24時間)");
    pair(
        &f, "TEXT_INHERITANCE",
        "Dear Mr Tanaka, as the executor of your late father's will, we enclose the inheritance "
        "documents. Please visit our office in Kyoto with your ID.",
        "Dear Beneficiary, I am Barrister James Okoro, attorney to the late Mr. Hiroshi Tanaka who "
        "died without a will and shares your surname. Reply with your full name and phone number.");
    pair(
        &f, "TEXT_DONATION_SCAM",
        "日本赤十字社です。能登地方豪雨の義援金を受け付けています。https://www.jrc.or.jp/",
        "【緊急募金】能登地方豪雨の被災者支援。1口1,000円から。PayPay送金先: 090-8821-0455(支援団体"
        "ひまわり基金)");
    pair(
        &f, "TEXT_SEXTORTION", "Your webcam driver was updated. No action is needed.",
        "Hello. I hacked your device months ago and recorded you through your webcam. Send $950 in "
        "Bitcoin or the video goes to all your contacts.");
    pair(
        &f, "TEXT_WRONG_NUMBER", "ごめん、間違えました！今のは妹に送るつもりだった",
        "すみません、佐藤さんの携帯ですか? あ、間違えちゃいました。私は香港で資産運用の仕事をしてい"
        "ます。よかったらLINEでお友達になりませんか");
    pair(&f, "TEXT_RENTAL_PREPAY",
         "ご内見のご予約ありがとうございます。12月3日14時に現地でお待ちしております。ひので不動産",
         "先日お問い合わせの物件は、オーナーが海外在住のため内見はできませんが、申込金50,"
         "000円をお振込"
         "みいただければ最優先で確保いたします。");
    pair(&f, "TEXT_JOB_PREPAY", "面接の交通費は当日お支払いします。履歴書をご持参ください。",
         "書類選考通過のご連絡です。面接官への推薦状作成費と面接対策講座の受講料として "
         "45,000円をご入"
         "金ください。");
    pair(
        &f, "TEXT_POLICE_IMPERSONATION",
        "入学金は本学指定の口座へ、同封の振込依頼書により金融機関窓口からお振込みください。",
        "警察です。あなたの口座が犯罪に使われました。捜査のため、指定の口座へ全額を振り込んでくださ"
        "い。");
    pair(
        &f, "TEXT_ROMANCE_MONEY",
        "お姉ちゃん、敷金が5万足りない。来月必ず返すから貸してもらえないかな? "
        "振込先はいつもの楽天銀"
        "行の私の口座で大丈夫。電話でも話したけど、よろしくね。",
        "あなたのことを本当に愛しています。でも今、海外の口座が凍結されていて、解除するのに50万円必"
        "要なんです。必ず返すので、助けてくれませんか。");
    pair(&f, "TEXT_BENEFIT_LURE",
         "【さくら内科クリニック】明日10:30のご予約を承っております。マイナ保険証をお持ちください。"
         "変更は03-5412-7781までお電話ください。",
         "マイナ保険証の申請で7,500円分のポイントがもらえます。本日中に下記までお電話ください。"
         "03-5412-7781");
    fx_close(&f);
}

/* From tests/corpus/ja_dev_hard7.tsv (session 5, conversations): a friend
 * asking whether a DM is a scam, a marketplace deal paid inside the app, a
 * code "sent to your number by mistake", an "overpayment" to send back, a
 * stranger's persona with a parcel stuck at customs, a recorded video call,
 * a fake support account's frozen withdrawal. */
Test(message_rule_fp, conversations)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_PRIZE_LURE",
        "ねえ プレゼント企画の当選DM来たんだけど本物？ 個人情報をフォームで送れって書いてある",
        "【公式】プレゼント企画の当選者に選ばれました！賞品発送のため、こちらのフォームに個人情報を"
        "入力してください https://present-form.example");
    pair(&f, "TEXT_CODE_REQUEST", "LINEの認証コードがSMSで届いたから、自分で入力しておいたよ",
         "ごめん間違えてあなたの電話番号でLINEの認証コード送っちゃった "
         "6桁の番号SMSで届いてない？転送"
         "してくれる？");
    pair(
        &f, "TEXT_OVERPAYMENT", "差額は後日こちらから返金いたします。ご迷惑をおかけしました。",
        "遠方なので配送でお願いしたいです。手数料が上乗せされた金額を振り込みますので、差額をこちら"
        "の口座へお返しください。");
    pair(&f, "TEXT_ROMANCE_MONEY",
         "My sister is a UN doctor in Yemen. She is coming home next month.",
         "Hi dear, I'm a UN doctor in Yemen. I want to come to Japan and start a life with you. My "
         "package with gold is stuck at customs, can you help pay the clearance fee 180,000 yen?");
    pair(
        &f, "TEXT_SEXTORTION", "昨日のビデオ通話、録画したの見返したら面白かった笑",
        "ビデオ通話の映像 全部録画してるよ フォロワーと職場にばらまかれたくなかったら 今日中に10万 "
        "PayPayに送金して");
    pair(
        &f, "TEXT_ACCOUNT_SUSPENSION",
        "Binance: your withdrawal is processing and will arrive within 24 hours.",
        "Hi, Binance Support here. We saw your complaint about a frozen withdrawal. Please contact "
        "our agent on Telegram @binance_help_desk_jp to unlock it.");
    fx_close(&f);
}

/* 副業 on its own is a topic: a friend who got work through a real
 * platform names a wage and no way to reach a recruiter; the lure gives
 * that way (LINE, a link, "reply"), or asks a joining fee (session 6). */
Test(message_rule_fp, a_side_job_without_a_recruiter)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SIDE_JOB",
         "前に話してた副業、クラウドソーシングで案件取れたよ！1件8000円だって。確定申告めんどい",
         "在宅でできる副業のご案内です。1件8000円、詳細はLINEで→ https://lin.ee/abcd1234");
    pair(&f, "TEXT_SIDE_JOB", "副業OKの職場に転職したいな",
         "副業モニター募集！レビューを書くと報酬がもらえます。まずは登録料5,000円が必要ですが"
         "すぐに回収できます。");
    fx_close(&f);
}

/* Calls transcribed to text (ja_dev_hard8, session 6): the mechanism of
 * each script, paired with the genuine call it imitates. */
Test(message_rule_fp, call_scripts)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ASSET_PROBE",
         "もしもし 警察署の 生活安全課です 最近 ご自宅に 現金を 置いておくよう すすめる 電話が "
         "多いので ご注意 ください",
         "もしもし 区役所の 福祉課です 防犯の アンケートで ご自宅に 現金は いくらぐらい 置いて "
         "いらっしゃいますか");
    pair(&f, "TEXT_SETTLEMENT_DEMAND",
         "もしもし 弁護士の 山田です 先日の 交通事故の 件 保険会社同士で 示談が 成立しましたので "
         "書類を 郵送します",
         "ばあちゃん 俺だけど 痴漢だって 言われて 警察に いるんだ 示談金 今日中に 百万 用意 "
         "できない かな");
    pair(&f, "TEXT_UNLISTED_SHARES",
         "証券会社の 担当の 佐藤です ご注文の 社債の 利払い日の ご案内で お電話しました",
         "先日 お送りした 社債の パンフレットの 件です その 社債を 買いたいという 別の お客様が "
         "いらっしゃいまして 代わりに 購入して いただけませんか");
    pair(&f, "TEXT_IVR_PRESS", "ご予約の 確認です 変更される 場合は 1 を 押して ください",
         "こちら 携帯会社 です ご利用 料金が 未納です 本日 中に 確認が できない 場合 強制 解約 "
         "と なります 詳しくは 1 を 押して ください");
    fx_close(&f);
}

/* Wallet drainers (session 6): connecting a wallet to the lure's page is the
 * mechanism; an exchange's own notice about its app asks nothing of it. */
Test(message_rule_fp, wallet_drainer)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_WALLET_DRAIN",
         "bitFlyerアプリのウォレット画面が新しくなりました。残高の確認方法は変わりません。",
         "【エアドロップ】対象ウォレットに500USDT相当のトークンを配布中。本日中にウォレットを接続し"
         "て受け取ってください https://claim-drop.example");
    pair(&f, "TEXT_WALLET_DRAIN", "Our hardware wallet ships with a printed guide in English.",
         "You are eligible for the airdrop. Connect your wallet to claim your tokens before "
         "midnight: https://uniswap-claim.example");
    fx_close(&f);
}

/* Written against the rules (session 6): a fee that is free is no fee to
 * pay, and what someone was told, reported without brackets ("…って言われ
 * たから断った"), is not said to the reader — unless it is the reader's own
 * situation told back to them, as a recovery scammer does. */
Test(message_rule_fp, free_fees_and_unbracketed_reports)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "出金手数料が無料になりました。アプリからいつでも日本円を出金できます。",
         "出金するには手数料として利益の20%を先にお支払いください。");
    pair(&f, "TEXT_SIDE_JOB", "在宅ワークの求人に応募したら、初期費用3万円って言われたから断った",
         "在宅ワークのお仕事です。開始には初期費用3万円が必要です。");
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "出金するのに税金を先に納めないといけないって言われたんだね。"
                                  "大丈夫、払えばすぐ全額出金できるよ");
    cr_expect_not_null(msg_find(&v, "TEXT_INVESTMENT_WITHDRAWAL"), "score %d", v.score);
    fx_close(&f);
}

/* A carrier's unpaid-bill notice that sends the reader to its own portal by
 * name gives no channel: "お支払い" alone is no way to pay a fraudster
 * (session 6, written against the rules). */
Test(message_rule_fp, carrier_bill_without_a_channel)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARRIER_BILLING",
         "【au】ご利用料金のお支払いが確認できません。詳しくはMy auをご確認ください。",
         "【au】ご利用料金のお支払いが確認できません。本日中に下記よりお支払いください "
         "https://au-pay-billing.example");
    fx_close(&f);
}

/* Fraud written against the rules (session 6): the オレオレ opener without
 * money yet, and an AI trading tool offered to a stranger. */
Test(message_rule_fp, opener_and_trading_tool)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_NEW_NUMBER", "スマホ壊れて番号変わった！新しいのはこれ、登録よろしく",
         "母さん、俺だけど、スマホ壊れて番号変わった。ちょっと相談したいことあるから後で電話する");
    pair(&f, "TEXT_INVESTMENT_APP", "会社の同期がAIの研究をしていて、論文が賞を取ったらしい",
         "突然すみません、紹介で連絡しました。今月だけ特別に、AIが自動で売買するツールを無料で使"
         "えます。興味あれば返信ください");
    fx_close(&f);
}

/* More fraud written against the rules (session 6): 15 long-tail lures,
 * 9 caught before; each mechanism paired with its genuine look-alike. */
Test(message_rule_fp, long_tail_written_against_the_rules)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_EXTORTION",
         "娘さんを保育園でお預かりしています。お迎えは18時までにお願いします。",
         "娘さんを預かっている。警察に言えば分かるな。今日中に300万用意しろ。");
    pair(&f, "TEXT_BAIT_LINK", "この写真、あなたが去年撮ったやつだよね？すごく綺麗！",
         "この写真あなたですか？笑 https://photo-view.example/img?id=38");
    pair(&f, "TEXT_ADVANCE_FEE",
         "住宅ローンのご融資が実行されました。ご指定の口座をご確認ください。（みなと銀行）",
         "審査なし・ブラックOK！即日50万円融資します。保証料3万円を先にお振込みいただければすぐ"
         "にご融資可能です。");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "Your Facebook page settings were updated. You can review them in Meta Business Suite.",
         "Meta Support: Your Facebook page will be permanently disabled for policy violations. "
         "Submit an appeal here: meta-business-help.example");
    fx_close(&f);
}

/* Shopping, ads and posts (ja_dev_hard11, session 6): fake shops that take
 * only transfers, subscription traps, strangers' prepaid sales; and the
 * genuine notices that tripped rules on the first run. */
Test(message_rule_fp, shops_and_subscriptions)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_SHOP",
         "【楽天市場 〇〇ショップ】ご注文ありがとうございます。お支払い方法：クレジットカード。商品"
         "は3営業日以内に発送します。",
         "ご注文ありがとう御座いました。下記の口座へ3日以内にお振込ください。振込先 三井住友銀行 梅"
         "田支店 普通 7730512 名義 グエン ヴァン ミン。クレジットカードは現在ご利用頂けません。");
    pair(&f, "TEXT_SUBSCRIPTION_TRAP",
         "【定期便】次回のお届けは12月5日です。お休み・解約はマイページからいつでも手続きできます"
         "。",
         "【初回980円】話題の美容液がお試し価格で！本商品は定期購入となり、2回目以降は14,800円。解"
         "約はお電話のみ（平日10時～11時）。");
    pair(&f, "TEXT_MARKETPLACE",
         "メルカリで出品してるポケカ、アプリ内で購入してもらえれば今日発送できます！",
         "インスタで見てDMしました！ポケモンカードの未開封BOX、1箱8,000円で出せます。支払いは先に"
         "全額、PayPayか銀行振込で。");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "【Amazon.co.jp】コンビニ・ATM・ネットバンキング・電子マネー払いのお支払い番号のお知らせ。"
         "お支払い期限：12月1日。期限までにお支払いがない場合、ご注文はキャンセルされます。",
         "【Amazon】未払い料金があります。本日中にコンビニで電子マネーを購入し、番号をこちらに送っ"
         "てください。");
    pair(&f, "TEXT_INVESTMENT_GUARANTEE",
         "【SBI証券】新NISAでつみたて投資を始めよう。投資信託は元本保証ではなく、損失を被ることが"
         "あります。",
         "この銘柄は元本保証で必ず儲かります。株の投資グループで一緒にやりましょう");
    fx_close(&f);
}

/* Business mail, paper letters and short SMS (ja_dev_hard10, session 6). */
Test(message_rule_fp, business_mail_and_letters)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_SUPPORT_SCAM",
        "情報システム部です。出張中に「情報システム部」を名乗る電話で、リモートサポートのためのソフ"
        "トのインストールを求められても応じないでください。",
        "【警告】お使いのパソコンがウイルスに感染しています。リモートサポートを行いますので至急 "
        "050-1234-5678 までお電話ください。");
    pair(&f, "TEXT_FAKE_BILL",
         "令和8年度 市民税・県民税 納税通知書 第3期 納付額 18,400円 金融機関、コンビニエンススト"
         "アで納付できます。納期限を過ぎると延滞金がかかる場合があります。",
         "【重要】未納の延滞金があります。本日中にご連絡がない場合、法的手続きに移行します。03-12"
         "34-5678");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "経理部です。来月から給与の振込口座を変更される方は、人事部に書面で届け出てください。",
         "先ほどお送りした請求書について、振込先の記載に誤りがございました。正しくは下記口座となり"
         "ます。みなと銀行 本店 普通 1234567 カ）ホクトシザイ");
    fx_close(&f);
}

/* A Latin SMS that delivers a login code holds no channel but the code:
 * the classifier alone must not flag it (it did at 61). */
Test(message_rule_fp, delivered_code_is_no_channel)
{
    fx f;
    msg_ctx_load(&f.ctx);
    f.a = mm_arena_new(0);
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL, "Your Rakuten Securities login code: 918273");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    v = msg_screen_sms(
        &f.ctx, f.a, NULL,
        "WINNER!! Your claim code is 4521. Call 09061701461 now to claim your prize");
    cr_expect_neq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

/* Genuine texts written against this session's new rules: a small shop
 * that takes transfers (and cards), a settlement already agreed and paid
 * to the reader. */
Test(message_rule_fp, new_rules_genuine_side)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_SHOP",
         "銀行振込のみ対応しております（手数料はお客様ご負担）。クレジットカードもご利用いただけま"
         "す。",
         "【在庫処分】iPhone 新品未開封 39,800円。個人間取引のためお振込のみ。お問い合わせは "
         "080-4417-2093 まで（ショートメールのみ）");
    pair(&f, "TEXT_SETTLEMENT_DEMAND",
         "弁護士の先生に相談して、相手方と示談が成立しました。示談金は来月振り込まれます。",
         "息子さんが事故を起こしました。示談金として本日中に80万円をご用意ください。");
    fx_close(&f);
}

/* English fraud aimed at residents, written against the rules (session 6,
 * 15 texts: 13 caught before, 15 now): an immigration "officer" wanting a
 * fee by transfer; a soldier's savings box held at customs for a fee. */
Test(message_rule_fp, residents_english_fee_and_customs)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "Quick q: for the kids' soccer club, is the monthly fee still 2,500 yen by bank transfer?",
         "I'm the immigration officer handling your visa renewal. There is a problem; pay the "
         "35,000 yen processing fee by bank transfer today.");
    pair(&f, "TEXT_ROMANCE_MONEY", "My cousin is an army doctor; he sent me photos from his base.",
         "Hello dear, I am a US army doctor in Syria. I want to send you my savings box but "
         "customs needs 300,000 yen clearance fee.");
    fx_close(&f);
}

/* What someone asked, reported without brackets ("…って聞かれた"), is not
 * said to the reader (session 6). */
Test(message_rule_fp, asked_without_brackets)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "職場の人に、株の投資グループ入ってる？って聞かれたけど入ってないよ",
         "株の投資グループに無料でご招待します。LINEで銘柄を配信中 https://lin.ee/abc");
    fx_close(&f);
}

/* Mechanisms from ja_dev_hard12 (session 7): a cash card asked for by post
 * with its PIN; the consumer centre named as the caller's own office
 * (not a warning) with a fee before a refund; a remote-support call whose
 * app is spelled as a link; a job that must be bought into first; a paper
 * fine paid with its slip at a bank window; an IP address reported in a
 * sign-in alert. Each with a genuine text on the same words. */
Test(message_rule_fp, dev12_card_by_post_refund_fee_remote_call)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARD_COLLECTION",
         "新しいキャッシュカードを簡易書留でお送りします。届きましたら裏面にご署名ください。",
         "【採用決定】在宅事務スタッフとして採用が決まりました。給与振込口座の登録のため、"
         "キャッシュカードを簡易書留で当社へ郵送してください(暗証番号も同封)。");
    pair(&f, "TEXT_ADVANCE_FEE",
         "消費生活センターの相談員です。先日のご相談の件、事業者から返金に応じるとの回答があり"
         "ました。",
         "もしもし、消費生活センターの者です。以前あなたが被害に遭われた投資詐欺の返金が決まり"
         "ました。返金を受けるには、手数料として先に18万円を指定の口座にお振込みください。");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "You can connect to the office PC with the company VPN; IT will never ask for your "
         "password.",
         "This is Microsoft Technical Support. Our server has detected that your computer is "
         "sending viruses. Go to anydesk dot com, download it and I will connect remotely. The "
         "licence fee is 39,800 yen, payable with Google Play cards.");
    pair(&f, "TEXT_JOB_PREPAY",
         "レビューを書くだけでポイントがもらえるキャンペーン実施中!公式アプリから。",
         "アプリの商品レビューを書くだけのお仕事。最初に「お仕事パック」を2万9千円で買う必要が"
         "あるけど、すぐ取り返せるよ。登録は担当のLINE @review-work-jp から!");
    fx_close(&f);
}

Test(message_rule_fp, dev12_paper_fine_and_reported_ip)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "交通反則告知書 反則金仮納付書 反則金額 7,000円。告知を受けた日の翌日から起算して7日"
         "以内に、この納付書で銀行または郵便局の窓口で仮納付してください。期限内に仮納付しなかった"
         "場合は、通告書と納付書を郵送します。",
         "警視庁捜査二課の田中です。あなたに逮捕状が出ています。このことは誰にも話さないで"
         "ください。");
    mm_verdict v =
        msg_screen_sms(&f.ctx, f.a, NULL,
                       "Microsoft アカウントのセキュリティ通知 国/地域: ベトナム IP アドレス: "
                       "203.0.113.45 心当たりがない場合は https://account.live.com/activity "
                       "で確認してください。");
    cr_expect_null(msg_find(&v, "URL_IP_HOST"));
    fx_close(&f);
}

/* A firm denying what fraud promises ("元本保証…の商品はご案内しておりません")
 * and a licensed collector sending the reader to the ministry's list to
 * check it (ja_dev_hard12, session 7). */
Test(message_rule_fp, dev12_firm_denial_and_licensed_collector)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_GUARANTEE",
         "投資セミナーのご案内。当セミナーでは元本保証や利回りをお約束する商品はご案内して"
         "おりません。お申込みは当支店代表番号まで。",
         "元本保証で月利10%をお約束します。LINEで詳しくご案内します https://lin.ee/x1");
    pair(&f, "TEXT_FAKE_BILL",
         "当社は法務大臣の許可を受けた債権回収会社です。株式会社ジャックスより債権の譲渡を受け"
         "ました。今後のお支払いは当社にお願いいたします。法務省ホームページの「債権回収会社一覧」"
         "で当社の許可をご確認いただけます。",
         "【民事訴訟管理センター】未納料金 214,560円について訴訟を提起しました。本日中に "
         "03-5555-0123 までご連絡ください。");
    /* "逮捕された" is news; "逮捕されたくなければ" is the threat */
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "口座を売った大学生が逮捕されたって警察のニュースで見た。怖いね。",
         "警察です。あなたの口座が犯罪に使われています。逮捕されたくなければ今日中に連絡して"
         "ください。");
    fx_close(&f);
}

/* Someone sent to pick up the money (受け子), from texts written against
 * the rules (session 7): office and family talk about picking things up
 * stays allowed. */
Test(message_rule_fp, cash_pickup_needs_the_money)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARD_COLLECTION", "お母さん、明日私が荷物を取りに行くね。",
         "ばあちゃん、俺。会社のお金なくしちゃって、今日中に200万いるんだ。同僚が取りに行く"
         "から渡してくれる?");
    pair(&f, "TEXT_SETTLEMENT_DEMAND",
         "書類は同僚が取りに行きますので、受付に預けておいてください。",
         "息子の友達の佐藤です。息子さんが事故を起こして、示談金が今日必要です。私が代わりに"
         "受け取りに伺います。");
    fx_close(&f);
}

/* English texts written against the rules (session 7): deportation is a
 * threat; "your card has been temporarily suspended" is an account claim
 * (an English PSA reporting "my account was suspended" stays allowed). */
Test(message_rule_fp, english_deportation_and_card_suspended)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "The Immigration Services Agency website lists the documents for a visa renewal.",
         "This is the Japan Immigration Services Agency. Your residence card has been flagged. "
         "To avoid deportation, transfer the 80,000 yen guarantee deposit to the account below "
         "today.");
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL,
                                  "PSA: got an SMS saying my Amazon account was suspended and to "
                                  "verify at some weird link. It's fake, ignore it.");
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    v = msg_screen_sms(&f.ctx, f.a, NULL,
                       "Dear customer, your Rakuten card has been temporarily suspended. Please "
                       "call our security team at 050-5555-0123 to restore access.");
    cr_expect_neq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

/* Mechanisms from ja_dev_hard13 (session 8), each with a genuine text on
 * the same words: the オレオレ story told with a voice "changed by a cold",
 * lost company money and a go-between; an invoice's account "corrected"
 * with no number and no call to check; the boss's private group for one
 * transfer; a celebrity's "manager"; a fee before a flat may be viewed. */
Test(message_rule_fp, dev13_kin_trouble_and_account_change)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_KIN_TROUBLE",
         "お母さん、風邪ひいて声が変だから今日は電話やめとくね。週末そっちに帰るよ。",
         "じいちゃん、俺だけど。喉やられて声おかしいんだ。仕事の鞄をタクシーに置き忘れて、"
         "今日中に150万いるんだ。あとで上司から電話がいくから。");
    pair(&f, "TEXT_KIN_TROUBLE", "Mom, it's me. I passed the exam! I'll call you tonight.",
         "Grandpa, it's me. I got into a car accident and need cash for the other driver today. "
         "Please don't tell Dad. My lawyer will call you soon.");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "【重要】振込先口座変更のお知らせ。取引銀行の統合に伴い、4月お支払い分より振込先口座が"
         "変更となります。詳細は郵送する書面(社印押印)をご確認ください。",
         "いつもお世話になっております。請求書の振込先に誤りがございました。正しい口座は添付の"
         "とおりです。今回のお支払いから、こちらへお振込みをお願いいたします。");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "Our bank details have changed. The new details are on the letter we posted; please call "
         "your account manager to confirm them before paying.",
         "Our banking details have changed. Please pay this month's invoice to the new account "
         "below and confirm by email only, as our phone lines are being upgraded.");
    fx_close(&f);
}

Test(message_rule_fp, dev13_boss_group_celebrity_and_viewing_fee)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CEO_FRAUD", "お疲れさまです。忘年会用のLINEグループを作ってもらえますか?",
         "お疲れさまです、部長の森です。経理の方と私だけのLINEグループを作ってください。"
         "至急お願いしたい振込があります。");
    pair(&f, "TEXT_CELEB_CONTACT",
         "アイドルグループの運営スタッフです。握手会の整理券は公式サイトでご確認ください。",
         "突然失礼します。女優・白石あおいのマネージャーです。本人があなたと個人的にお話し"
         "したいそうです。");
    pair(&f, "TEXT_RENTAL_PREPAY",
         "内見のご予約ありがとうございます。当日は現地でお待ちしております。",
         "大家です。人気物件なので、内見の予約には先に手付金2万円をお願いしています。");
    pair(&f, "TEXT_PRIZE_LURE",
         "キャンペーンにご当選されました!当選者の方には公式アカウントからDMでご連絡します。",
         "おめでとうございます!キャンペーンに当選しました。受け取りは公式アカウント "
         "@present_desk_jp にDMしてください。");
    fx_close(&f);
}

/* From texts written against the rules (session 8): a settlement the
 * "lawyer" will call about; a task job advanced from the Nth task; a
 * renewal "to avoid losing your website" through a link. */
Test(message_rule_fp, settlement_go_between_task_advance_renewal_link)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SETTLEMENT_DEMAND",
         "じいちゃん、事故って言っても自転車で転んだだけだから大丈夫。弁護士さんに相談するほど"
         "じゃないよ。",
         "もしもし、おじいちゃん?俺だよ。事故起こしちゃって、相手の人が示談にしてくれるって。"
         "弁護士さんから電話いくから言う通りにして。");
    pair(&f, "TEXT_TASK_SCAM", "アンケートのお仕事です。3件目からは報酬が1件50円に上がります。",
         "レビューのお仕事です。最初の3件は無料、4件目からは商品代金を立て替えていただき、後で"
         "報酬と一緒にお返しします。");
    pair(&f, "TEXT_URGENT_LINK",
         "Your domain example-shop.jp expires on 15 January. You can renew it from your account "
         "page at any time.",
         "Your domain example-shop.jp expires today. Renew now to avoid losing your website and "
         "email: domain-renewal-jp.example/pay");
    fx_close(&f);
}

/* A child asking to buy a card with their own pocket money, and a
 * management association's arrears paid into the account of the
 * contract papers (ja_dev_hard10 / 12 genuine flags, session 8). */
Test(message_rule_fp, own_purchase_and_contract_account_arrears)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_EMONEY_DEMAND", "パパ、Apple Gift Card 2,000円分買っていい?お小遣いで払うから",
         "【サポートセンター】未納料金があります。Apple Gift Cardを2万円分購入して、"
         "お支払いください。本日中にご対応ください。");
    pair(&f, "TEXT_TAX_DEMAND",
         "管理費等滞納のお知らせ 管理費 3か月分 計48,000円が未納です。12月20日までに管理組合口座"
         "(重要事項説明書記載の口座)へお振込みください。お支払いがない場合は法的手続きを検討"
         "します。",
         "【税務署】所得税の滞納があります。本日中に下記口座へ納付がない場合、財産を差し押さえ"
         "ます。みずほ銀行 本店 普通 7654321 ヤマダ タロウ");
    fx_close(&f);
}

/* Rule gaps behind fraud only the classifier flagged (ja_dev_hard11/13,
 * session 8): the app's fees "too high" so pay directly; a double payment
 * whose difference is wanted back; a deposit "to start" the next task;
 * the president's new LINE. */
Test(message_rule_fp, fee_excuse_overpayment_task_start_boss_new_line)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_MARKETPLACE", "メルカリは手数料が高いけど、匿名配送が便利だから使ってるよ。",
         "購入希望です。ラクマだと手数料が高いので、直接お振込でお願いできますか?先にお振込み"
         "します。");
    pair(&f, "TEXT_OVERPAYMENT",
         "先日は二重に請求してしまい申し訳ありません。差額の5,000円はご登録のカードに返金しま"
         "した。",
         "すみません、間違えて2回分振り込んでしまいました。差額の12,000円をこちらに返して"
         "いただけますか?");
    pair(&f, "TEXT_TASK_SCAM", "研修お疲れさまでした。次のタスクは来週月曜から開始です。",
         "研修タスク完了です!次のプレミアムタスクの開始には一時的に2万円の入金が必要です。");
    pair(&f, "TEXT_CEO_FRAUD", "社長の佐々木です。来週の全体会議は10時からです。",
         "社長の佐々木です。新しいLINEを作りました。今日の件はこちらで連絡します。");
    fx_close(&f);
}

/* Home-visit sales and the home life of older people (ja_dev_hard14,
 * session 8), each with an honest text on the same words. */
Test(message_rule_fp, dev14_home_visit_sales)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "ガスメーターの定期点検のお知らせ。係員が各戸を訪問します。点検は無料で、費用はかかり"
         "ません。係員は社員証を携帯しています。",
         "水道局指定の業者です。各家庭を回って給水管の無料点検をしています。不具合があればその"
         "場で交換し、工事代は当日現金でお願いします。");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "買取契約書 本契約は訪問購入にあたり、書面を受け取った日から8日間はクーリング・オフが"
         "できます。",
         "本日は査定ありがとうございました。出張買取のためクーリングオフの対象外となりますので"
         "ご了承ください。");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "先日ご注文いただいた健康食品を発送しました。お支払いは同封の振込用紙でお願いします。",
         "健康食品をお送りしました。代金19,800円をお支払いください。お申込みに心当たりがない"
         "場合も、返品には事務手数料が必要です。");
    pair(&f, "TEXT_SPIRITUAL_SALE", "初詣で開運のお守りを買ったよ。運気が上がるといいな。",
         "結婚運が悪いのは家の気が淀んでいるからです。清めの印鑑を本日中にご予約いただければ"
         "22万円でお譲りします。");
    fx_close(&f);
}

/* A bank's ATM limit for older customers "to protect your savings" is no
 * police demand; a grandchild's warning to call the old number is no
 * new-number opener; a survey asking the pension bank and balance is. */
Test(message_rule_fp, dev14_bank_notice_family_warning_survey)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "高齢のお客さまの大切なご預金を守るため、ATMでのお振込みを制限しております。解除は"
         "窓口へお越しください。",
         "警察です。あなたの口座が犯罪に使われています。預金を全額引き出して、指定の口座に"
         "移してください。");
    pair(&f, "TEXT_NEW_NUMBER",
         "おじいちゃん、携帯を機種変更したけど番号はそのままだよ。新しい番号からお金の話が来たら、"
         "私の前の番号にかけて確認してね",
         "おじいちゃん、俺だけど。携帯変えたから新しい番号登録しといて。");
    pair(&f, "TEXT_ASSET_PROBE", "年金の振込口座の変更は、年金事務所の窓口で手続きできます。",
         "市役所の福祉課の方から参りました。年金を受け取っている銀行と、通帳の残高がだいたい"
         "いくらあるか教えていただけますか。");
    fx_close(&f);
}

/* Rule gaps behind more classifier-only fraud (session 8): a friend who
 * "can't call now" asks for an advance; "Hi Mum" from a new number; a
 * short virus alert with a number; a code "we sent" asked back. */
Test(message_rule_fp, hijacked_friend_hi_mum_virus_alert_code)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_HIJACKED_FRIEND", "今電話できないからLINEで!ランチ代は私が立て替えておくね",
         "ごめん、今電話できなくて。PayPayで3万円だけ立て替えてもらえる?明日返すから");
    pair(&f, "TEXT_NEW_NUMBER", "Hi Mum, I'm home late tonight, save me some dinner!",
         "Hi Mum, lost my phone. This is my new number, message me on WhatsApp.");
    pair(&f, "TEXT_SUPPORT_SCAM", "ウイルス対策ソフトの更新が完了しました。再起動は不要です。",
         "ウイルス検出!PCがロックされました。至急 050-5810-3371 へお電話ください");
    pair(&f, "TEXT_CODE_REQUEST", "【銀行】認証コード 482913 誰にも教えないでください。",
         "資産保護のため、先ほどSMSで送信した6桁のコードを担当者のLINEへお送りください。");
    fx_close(&f);
}

/* More rule gaps behind classifier-only fraud (session 8): gold trading
 * "for our future", a wrong number turned to gold, "I rarely check this
 * app", a tax "paid first" before the withdrawal, a free inspection under
 * a borrowed authority or a fear of damage. */
Test(message_rule_fp, romance_gold_app_excuse_tax_first_inspection_fear)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ROMANCE_INVESTMENT", "私たちの未来のために、来年は一緒に貯金を頑張ろうね。",
         "あなたと出会えて幸せです。私たちの未来のために、叔父が教えてくれる金取引を一緒に始め"
         "ませんか?");
    pair(&f, "TEXT_ROMANCE_MOVE", "このアプリはあまり見ないので、返信が遅れたらごめんなさい。",
         "素敵なプロフィールですね。ここはあまり見ないので、よかったらLINEでお話ししませんか?");
    pair(&f, "TEXT_ADVANCE_FEE",
         "出金申請を受け付けました。通常1〜2営業日でご登録の銀行口座に着金します。",
         "出金申請を受け付けましたが、利益に対する所得税20%を先にお支払いください。入金後すぐに"
         "全額出金されます。");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "ガスの法定点検のお知らせ。係員が各戸を訪問します。点検は無料です。",
         "シロアリ無料点検キャンペーン実施中!お宅の床下に被害の可能性があります。点検予約は "
         "050-5538-1177 まで");
    fx_close(&f);
}

/* Young people's channels (ja_dev_hard15, session 8), each with an honest
 * text on the same words: a police warning quoting the slang; an
 * "accidental report"; a PDF that makes money; a student loan to buy in;
 * points bought before a paid date; the carrying job. */
Test(message_rule_fp, dev15_young_peoples_channels)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECRUITMENT",
         "【県警】「ホワイト案件」「高額バイト 即日」「身分証の写真だけ送って」――こうした募集は"
         "闇バイトです。迷ったら#9110へ。",
         "前に話した運びの件、明日駅で。相手から紙袋受け取って、指定のロッカーに入れるだけ。"
         "終わったら3万渡す。スマホはこっちで用意する");
    pair(&f, "TEXT_FALSE_REPORT", "ごめん、さっきの投稿間違えて消しちゃった!もう一回上げるね",
         "ごめん、間違えて君のアカウント通報しちゃった。このままだとBANされるから、スタッフに"
         "フレ申請して解除してもらって!");
    pair(&f, "TEXT_INFO_PRODUCT", "大学の講義で、効率的に勉強する方法をPDFにまとめたよ!",
         "大学生でも月30万稼げた方法、PDFにまとめました。今だけ4,980円! 購入はこちら→ "
         "note-pdf-kasegu.test/guide");
    pair(&f, "TEXT_LOAN_TO_BUY_IN", "学生ローンを使っても大丈夫か、親と相談してから決めるね",
         "紹介した人が登録すると報酬が入る仕組み。最初に商品セットを買う必要あるけど、学生ローン"
         "組めば大丈夫!");
    pair(&f, "TEXT_SUGAR_DATE_POINTS",
         "ポイント10倍デーだから、ドラッグストアでポイント分買っておいた",
         "お手当は会った日に5万でどうかな?先にこのサイトに会員登録してポイント1万円分買って"
         "ほしいの");
    fx_close(&f);
}

/* ja_dev_hard15 part 2 (session 8): a PTA warning that quotes the ads; a
 * nude photo threatened to the school group for bitcoin; "we met on the
 * app" is no settlement in an app; an agency's lesson fees; a bank
 * account opened to sell. */
Test(message_rule_fp, dev15_warning_sextortion_app_agency_account_sale)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECRUITMENT",
         "保護者の皆様へ:SNSで「荷物を運ぶだけ」「口座を貸すだけ」で高額報酬という誘いが"
         "中学生にも届いています。",
         "荷物を運ぶだけで高額報酬!即日払い。詳しくはテレグラムで @hakobu_job");
    pair(&f, "TEXT_SEXTORTION", "修学旅行の写真、クラスのグループに貼っておいたよ!",
         "これあなたの裸の画像だよね?ビットコインを送らないと学校のグループに貼るから。");
    pair(&f, "TEXT_ROMANCE_MONEY", "We met on the app last year and we're getting married in May!",
         "I know we only met on the app but I feel something for you. I'm stuck at customs in "
         "Narita and they need a clearance fee. I'll repay you.");
    pair(&f, "TEXT_SIDE_JOB", "芸能事務所のスカウトです。レッスン料や登録料は一切いただきません。",
         "芸能事務所のスカウトです!オーディションに推薦したいです。宣材写真の撮影費とレッスン料で"
         "12万円かかります。");
    fx_close(&f);
}

/* Short lures (ja_dev_hard16, session 8): an extra benefit "register your
 * account" through a link; a refund "received" by an operation in PayPay;
 * a parcel forwarder; "your iPhone has 3 viruses". */
Test(message_rule_fp, dev16_short_lures)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_BENEFIT_LURE",
         "児童手当の臨時支給は、登録済みの口座に自動で振り込まれます。手続きは不要です。",
         "こども家庭庁:児童手当の追加支給。口座登録を kodomo-teate.go.jp.apply.test");
    pair(&f, "TEXT_ATM_REFUND", "返品を受け付けました。返金はご利用のPayPay残高に自動で戻ります。",
         "ショッピング事務局:返金のためPayPayで受取操作をお願いします。コード 118-440 を入力");
    pair(&f, "TEXT_RECRUITMENT", "I'll receive the parcel and forward it to Grandma next week.",
         "Easy job: receive a parcel and forward it. 30,000 yen each. Telegram @jp_quickjob");
    pair(&f, "TEXT_SUPPORT_SCAM", "Your iPhone is up to date. No threats were found.",
         "Your iPhone has 3 viruses! Install the cleaner now: ios-clean.example");
    fx_close(&f);
}

/* Session 9 (ja_dev_hard17): the result of a lottery the reader entered
 * asks for payment by a deadline and is no prize lure; a boss "in a
 * meeting, can't talk" who wants a wire kept between us; the grandson who
 * guaranteed a friend's debt; a marketplace's own "direct deals are
 * forbidden"; a free course that funnels to a LINE account. */
Test(message_rule_fp, dev17_entries_bosses_and_free_courses)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PRIZE_LURE",
         "【はなまるチケット】ご応募いただいた「冬の星空コンサート」の抽選結果は当選です。お支払い"
         "期限:12月3日 23:00。お支払いはコンビニ店頭で。期限を過ぎると当選は無効になります。",
         "【はなまるチケット】おめでとうございます!抽選で当選しました。賞品の発送手数料500円を本"
         "日中にお支払いください。");
    pair(&f, "TEXT_CEO_FRAUD",
         "Hi Aiko, I'm in a meeting with the auditors until 3 and can't talk. The invoice for the "
         "cleaning company can wait until tomorrow; I'll approve it in the system.",
         "Hi Aiko, I'm in a meeting with the auditors and can't talk. Please process a wire of JPY "
         "2,400,000 to our new partner today. Keep this between us until the deal is announced.");
    pair(&f, "TEXT_KIN_TROUBLE",
         "おばあちゃん、僕だよ。風邪ひいたけどもう治ったよ。週末に遊びに行くね。",
         "おばあちゃん、僕だよ。実は友達の借金の保証人になってて、今日中に100万返さないといけない"
         "んだ。お父さんには言わないで。");
    pair(&f, "TEXT_MARKETPLACE",
         "【つくるマーケット】出品サービスに購入リクエストが届きました。トークルームでご確認くださ"
         "い。"
         "アプリ外での直接取引・決済は規約で禁止されています。",
         "【つくるマーケット】購入ありがとうございます。手数料が高いので、アプリ外で直接お振込みく"
         "ださい。口座はLINEでお送りします。");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "新NISAの無料セミナーを12月5日に本店で開催します。お申込みは窓口またはお電話で承ります。",
         "新NISAだけでは足りません。AI自動売買の無料オンライン講座、LINE登録で非公開銘柄リストを"
         "プレゼント lin.ee/Xq8dkP2");
    fx_close(&f);
}

/* Session 9 (ja_dev_hard17, second pass): a registrar's notice names the
 * customer's domain, which is no link; an enrolment fee under a written
 * contract with a cooling-off right; a storage fee paid on a look-alike
 * page; "send your card number here" in a support chat. */
Test(message_rule_fp, dev17_domains_contracts_and_chats)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "Hoshizora DNS: Your domain hinata-studio.com will auto-renew on 15 Dec for USD 10.44 "
         "using the payment method on file. No action is needed.",
         "Hoshizora DNS: your account is suspended because your payment failed. Restore it at "
         "hoshizora-dns-billing.example/login");
    pair(
        &f, "TEXT_FAKE_BILL",
        "【ひだまり結婚相談所】ご入会時の費用は入会金・登録料合計165,"
        "000円です。お支払いは契約書面の"
        "交付後、当社口座へのお振込で承ります。受け取った日から8日間はクーリング・オフが可能です。",
        "【ひだまり結婚相談所】未払いの登録料165,000円がございます。本日中にお振込みがない場合、"
        "法的措置に移行します。");
    pair(&f, "TEXT_DELIVERY_FEE",
         "Lost & Found: we have your wallet. You can collect it at the airport counter with your "
         "ID; there is no fee.",
         "Lost & Found: we have your wallet. Pay the storage fee of JPY 3,300 at "
         "lostfound-desk.example/claim within 24 hours.");
    pair(&f, "TEXT_CREDENTIAL_REQUEST",
         "Card support: never send your card number or photos of your card in this chat.",
         "Card support: your balance can be refunded. Send a photo of both sides of your card and "
         "your credit card number here.");
    fx_close(&f);
}

/* Session 9 (ja_dev_hard18): genuine demands that name the tax office's
 * own ways to pay, rent into the account the contract names, a code read
 * out to a caller, a held withdrawal "released" by a deposit, "due to a
 * bank change please pay today to …", a remote-control session whose
 * number goes to "our staff". */
Test(message_rule_fp, dev18_real_demands_and_their_imitations)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_TAX_DEMAND",
         "【国税の滞納について】所得税 215,300円が未納です。10日以内に納付がない場合は財産の差押え"
         "を執行します。納付はダイレクト納付・コンビニ納付・金融機関窓口で。○○税務署 徴収担当",
         "【国税の滞納について】所得税 215,300円が未納です。本日中に納付がない場合は財産の差押えを"
         "執行します。納付は担当者が指定する口座へ。");
    pair(&f, "TEXT_FAKE_BILL",
         "管理部より家賃滞納のご連絡。11月分賃料 72,000円のご入金が確認できません。11月30日までに"
         "契約書記載の指定口座へお振込みください。",
         "家賃滞納のご連絡。11月分賃料 72,000円が未納です。本日中に下記口座へお振込みがない場合、"
         "法的措置をとります。");
    pair(&f, "TEXT_CODE_REQUEST",
         "Your Hoshi Pay verification code is 551 092. Never read it out to anyone, not even our "
         "staff.",
         "Your Hoshi Pay verification code is 551 092. Our agent will call you shortly; please "
         "read it out to them so we can cancel the transfer.");
    pair(
        &f, "TEXT_ACCOUNT_CHANGE",
        "Hikari School Accounts: the Kyoto trip fee of JPY 85,000 is due on 10 December. Please "
        "pay by the usual school account transfer.",
        "Hikari School Accounts: the Kyoto trip fee of JPY 85,000 is overdue. Due to a bank change "
        "please pay today to the account below, or your child will lose their place.");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "【ほしぞら取引所】本人確認が完了しました。お取引をお楽しみください。",
         "【ほしぞら取引所】資産が凍結されています。解除するには画面共有アプリ AnyDesk "
         "をインストール"
         "し、表示される9桁の番号を担当者にお伝えください。");
    fx_close(&f);
}

/* Session 9 (ja_dev_hard19): services sold to foreign residents — an
 * underground remittance into a staff member's changing account, a visa
 * "guaranteed" by an insider at 入管 — next to a licensed remittance
 * notice and the immigration office's own reminder. */
Test(message_rule_fp, dev19_remittance_and_visa_fixers)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_UNDERGROUND_REMIT",
         "Hoshi Remit: your transfer of 70,000 JPY to the Philippines is complete. Track it in the "
         "app. We will never ask you to pay into a personal account.",
         "Cheap remittance to PH, better rate than Wise and no fee! Transfer yen to our staff "
         "account (the name changes weekly, ask first) and send the screenshot on LINE.");
    pair(&f, "TEXT_VISA_FIXER",
         "在留期間の更新申請は、期限の3か月前から地方出入国在留管理局(入管)で受け付けています。",
         "Visa processing 100% approved: spouse visa, permanent visa. We have an insider at "
         "immigration. Fee 40 man, downpayment 10 man.");
    fx_close(&f);
}

/* Session 9: a couple splitting a shared cost is no romance money ask. */
Test(message_rule_fp, couples_split_costs)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ROMANCE_INVESTMENT",
         "Babe, I booked our Hokkaido flights, 54k total. Pay me your half whenever, PayPay is "
         "fine.",
         "Babe, I love you so much. Please send me 540,000 yen today for the customs fee so I can "
         "come to you.");
    fx_close(&f);
}

/* Session 9 (ja_dev_hard20): a wallet drainer's "airdrop, connect your
 * wallet and sign"; a seed phrase asked in a private chat; "reply with the
 * code we just sent you". */
Test(message_rule_fp, dev20_wallets_and_codes)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PRIZE_LURE",
         "Ledger Live update 2.81 is available. Never connect your wallet to a site sent in a DM.",
         "You are eligible for the $HOSHI airdrop. Claim now by connecting your wallet and signing "
         "the message: claim-hoshi.example");
    pair(&f, "TEXT_PIN_REQUEST",
         "Wallet tip: nobody from support will ever ask for your secret recovery phrase.",
         "Wallet Support: please share your secret recovery phrase in this private chat so our "
         "engineer can sync your wallet.");
    pair(&f, "TEXT_CODE_REQUEST", "Your Hoshi Pay code is 482913. Do not share it with anyone.",
         "Hoshi Pay: unusual activity. Reply with the 6-digit code we just sent you to keep your "
         "account active.");
    fx_close(&f);
}

/* Session 9: 入管 named by a support centre that offers advice on LINE is
 * no authority making contact; an "immigration" call about a cancelled
 * visa, a deportation and a fine is. */
Test(message_rule_fp, immigration_named_is_not_impersonated)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "入管の手続きで困ったら、外国人支援センターのLINEで相談できます(無料・多言語)。",
         "Imigracao do Japao: Seu visto foi cancelado por irregularidade. Para evitar deportacao "
         "ligue hoje para +81 50 7732 1184 e pague a multa administrativa.");
    fx_close(&f);
}

/* Session 9: a "technical department" call that says hackers are in your
 * bank and sends you to a remote-control app. */
Test(message_rule_fp, support_call_scare_with_remote_app)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_REMOTE_CONTROL",
        "IT desk: your laptop update is done. If hackers ever contact you, hang up and call us.",
        "Caller: hackers are accessing your bank. Please install AnyDesk and give me the number on "
        "the screen so our engineer can clean it.");
    fx_close(&f);
}

/* Session 10: English warnings quote the lure in ASCII or curly single
 * quotes ('scan a QR code to receive money', "tell us the code") — inside
 * quotes the ask is the warning's example, not its request; an apostrophe
 * (don't, it's) opens no quotation. "Never share verification codes" is a
 * never-marker however the codes are described. */
Test(message_rule_fp, english_warnings_quote_the_lure)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_QR_LURE",
        "Consumer centre warning: scammers ask you to 'scan a QR code to receive money'. Receiving "
        "money never requires you to scan anything.",
        "Don't worry, it's easy. I received double payment from you and will refund the extra "
        "12,000 yen: scan this QR code in your PayPay app to receive it.");
    pair(
        &f, "TEXT_CODE_REQUEST",
        "Beware: messages that say \"tell us the 6-digit code we sent you\" are fraud. Never share "
        "verification codes with anyone.",
        "Hi it's Amazon support. Tell us the 6-digit code we sent you so we can cancel the order.");
    pair(
        &f, "TEXT_CODE_REQUEST",
        "Beware of messages saying ‘tell us the 6-digit code we sent you’. Banks never ask for it.",
        "It's your bank's security team: tell us the 6-digit code we sent you, it's urgent.");
    fx_close(&f);
}

/* Session 10: UPS is a brand (data/brands.tsv): import duties paid on
 * ups.com or to the driver are the carrier's own routes; the same notice
 * sending the reader to another domain is the lure. */
Test(message_rule_fp, carrier_duties_on_the_carriers_own_site)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_DELIVERY_LURE",
        "UPS: Your package from Germany is on hold. Import duties of JPY 6,740 are due. You can "
        "pay "
        "at ups.com with your tracking number, or pay the driver.",
        "UPS: Your package from Germany is on hold. Import duties of JPY 6,740 are due. Pay within "
        "24 hours at ups-jp-duty.top or the package is returned.");
    fx_close(&f);
}

/* Session 10 (ja_dev_hard21): the オレオレ call in regional speech — a
 * parent addressed as かーちゃん, "番号変わった" without a particle (but
 * not the parent's question "番号変わった?"); the ATM "refund" whose
 * buttons are a transfer; a dialect warning ("それ詐欺よ。ATM行ったら
 * いかんよ"); a utility's reminder whose only route is the mailed
 * postcard; cash-card photos sent to a messenger; a shop's proceeds
 * "received" through a log-in link. */
Test(message_rule_fp, regional_calls_and_shop_owners)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_NEW_NUMBER",
        "お母さん?翔太だけど。 母: あれ、番号変わった? 翔太: いや、いつもの番号だよ。",
        "おばあちゃん、おれ、ゆうき。携帯こわれたけん番号変わったっちゃん。この番号登録しといて。");
    pair(&f, "TEXT_KIN_TROUBLE", "かーちゃん、わん、たかし。元気にしとる? 正月は帰るさ。",
         "かーちゃん、わん、たかし。会社のお金、落としちゃってさ。上司が取りに行くから封筒に入れと"
         "いて。とーちゃんには言わんでよ。");
    pair(
        &f, "TEXT_ATM_REFUND",
        "娘「それ詐欺よ。絶対ATM行ったらいかんよ」 父「行っとらん。区役所の還付金がどうとか言いよっ"
        "た」",
        "還付金の受け取りですね。機械の前に着いたら「お振込」を押してください。次に受付番号を入力し"
        "ま"
        "す。");
    pair(&f, "TEXT_TAX_DEMAND",
         "こちらは中部電力ミライズです。お送りしている督促状の期日までにお支払いがない場合、送電を"
         "停止"
         "させていただく場合がございます。ハガキ記載の番号までお問い合わせください。",
         "こちらは電力会社です。督促状の期日までにお支払いがない場合、送電を停止します。本日中に "
         "050-0000-1234 までお問い合わせください。");
    pair(&f, "TEXT_CREDENTIAL_REQUEST",
         "キャッシュカードの写真をLINEで送るよう求められたら詐欺です。",
         "作家登録の審査のため、身分証とキャッシュカードの写真をLINE(ID: zakka-owner77)にお送りくだ"
         "さい。");
    fx_close(&f);
}

/* Session 10: exchanges are brands (Kraken, Coinbase, bitbank, SBI VC
 * Trade), and a withdrawal hold is a lure only with a way to collect: a
 * fee or a payment, an account, a wallet, a messenger or a link off the
 * exchange's domains. A crypto amount alone is what the exchange's own
 * security hold names too. */
Test(message_rule_fp, exchange_withdrawal_holds)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_INVESTMENT_WITHDRAWAL",
        "Kraken: Withdrawal on hold. Your withdrawal of 2.1 ETH to a new address is on hold for 48 "
        "hours because the address was added less than 24 hours ago. If you did not make this "
        "change, lock your account from the Kraken app or support.kraken.com.",
        "Kraken: Withdrawal on hold. Your withdrawal of 2.1 ETH is on hold. Contact our agent on "
        "Telegram @kraken_release_desk to release it.");
    fx_close(&f);
}

/* Session 10 (ja_dev_hard22): a completed withdrawal's fee line is no fee
 * demanded; "when you send crypto" (an exchange's travel-rule notice) is
 * no instruction to send it; a grandchild's new number written in kana. */
Test(message_rule_fp, exchange_receipts_and_kana_grandchildren)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "【Coincheck】日本円の出金が完了しました 出金額：150,000円 出金手数料：407円 "
         "出金先：○○銀行 "
         "普通 ****321",
         "【Coincheck】出金が保留されています。出金手数料を先にお支払いください。振込先：みらい銀行"
         " 普"
         "通 4829173");
    pair(&f, "TEXT_CRYPTO_PAYMENT",
         "【bitFlyer】暗号資産を送付する際には、受取人の氏名の入力が必要です。入力内容に不備がある"
         "場合、"
         "送付が保留されることがあります。",
         "【bitFlyer】口座に不備があります。本日中に暗号資産を送付してください。送付先はサポートが"
         "お伝"
         "えします。");
    pair(&f, "TEXT_NEW_NUMBER_MONEY", "おばあちゃん、ぼくだよ。らいしゅう あそびに いくね。",
         "おばあちゃん、ぼくだよ。けいたいを なくして、あたらしい ばんごうに なった。ぺいぺいで "
         "2まんえ"
         "ん おくってくれる？");
    fx_close(&f);
}

/* Session 10 (ja_dev_hard23, the strict operating point): a city's
 * seizure warning mailed by post with the counter as the route; a
 * collection that forbids checking with the school it names; the
 * domain-slamming "search engine submission" invoice. */
Test(message_rule_fp, genuine_pressure_and_its_imitations)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_TAX_DEMAND",
         "○○市 "
         "収納課です。市税の滞納について、未だ納付が確認できておりません。本日、差押予告書を普通郵"
         "便でお送りいたしました。期限までに納付がない場合、差押えを執行いたします。納税相談は収納"
         "課窓口へお越しください"
         "。",
         "○○市 "
         "収納課です。市税の滞納について、未だ納付が確認できておりません。本日中に納付がない場合"
         "、差押えを執行いたします。至急 050-3123-1234 までお電話ください。");
    pair(&f, "TEXT_SECRET_PAYMENT",
         "【○○中学校 PTA会計】修学旅行積立金の追加徴収について。12月5日までに学校でお渡しする封筒"
         "でお納めください。ご不明な点は学校までお問い合わせください。",
         "【○○中学校 PTA会計】修学旅行積立金の追加徴収について。12月5日までに下記口座へお振込みくだ"
         "さい。ゆうちょ銀行 〇九八店 普通 2219034 ヤマモト カナ。※学校へのお問い合わせはご遠慮くだ"
         "さい。");
    pair(
        &f, "TEXT_FAKE_BILL",
        "Your domain sakura-design.jp renews on Nov 30. The renewal fee will be charged to your "
        "card "
        "on file; manage it in your registrar's control panel.",
        "Your domain sakura-design.jp will be removed from Search Engines. Your payment for search "
        "engine submission is due by Nov 30.");
    fx_close(&f);
}

/* A number with an unassigned range written in a message cannot be called
 * back: weak evidence alone (made-up numbers fill examples and forms). */
Test(message_rule_fp, unassigned_number_alone_does_not_warn)
{
    fx f;
    fx_open(&f);
    mm_message m = {.channel = "sms",
                    .text =
                        "Hi, this is Haruka from Shibuya Dental. Your appointment is tomorrow at "
                        "3pm. Reply C to confirm or call 03-0000-5561 to reschedule."};
    m.text_len = strlen(m.text);
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(&f.ctx, &m, f.a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_not_null(msg_find(&v, "PHONE_SPOOFED"));
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d", v.score);
    fx_close(&f);
}

/* Session 10: "pay with the mailed slip" (お支払いは払込票) and "log in to
 * (the service) and check" with no link given send the reader by their
 * own way; the same notices with a link to follow are the lure. */
Test(message_rule_fp, the_slip_and_the_readers_own_login)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARRIER_BILLING",
         "【Y!"
         "mobile】料金未払いによる利用停止のお知らせ。お支払いは払込票（コンビニ払い）でお願いいた"
         "します。強制解約となる前にお手続きください。",
         "【Y!"
         "mobile】料金未払いによる利用停止のお知らせ。強制解約となる前にこちらからお手続きください"
         "。 https://ymobile-pay.top/");
    pair(
        &f, "TEXT_FAKE_BILL",
        "【日本学生支援機構】奨学金の返還が2か月延滞しています。延滞金額と振込先は、スカラネット・"
        "パー"
        "ソナルにログインしてご確認ください。",
        "【日本学生支援機構】奨学金の返還が2か月延滞しています。延滞金は本日中に 090-3123-4567 へお"
        "電話のうえお支払いください。");
    fx_close(&f);
}

/* Session 11 (ja_dev_hard24): the cover story for the bank, the listing
 * form whose return is the order, the caller who texts a log-in link, the
 * app kept out of the stores — and the genuine texts that share their
 * words (a bank asking for honest answers, terms of service "deemed
 * agreed", a caller sending documents, an in-house app). */
Test(message_rule_fp, business_fraud_mechanisms)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_COVER_STORY",
         "【さくら銀行】高額のお引き出しの際、窓口で使いみちをお聞きすることがあります。ご理解の"
         "うえ、正直にお答えください。",
         "明日までに300万円を下ろして振り込んでほしい。銀行で理由を聞かれたら「リフォーム代」と"
         "答えてね。");
    pair(&f, "TEXT_LISTING_INVOICE",
         "【ことのはクラウド】利用規約を12月1日に改定します。改定後も本サービスをご利用いただいた"
         "場合、新しい規約に同意したものとみなします。",
         "同封の掲載確認書にご署名のうえご返送ください。ご返送いただいた時点で年間掲載（月額19,"
         "800円）にご同意いただいたものとみなします。");
    pair(&f, "TEXT_CALL_LINK",
         "先ほどお電話でご案内した見積書は、今から送るメールのリンクからダウンロードできます。",
         "法人営業部です。不正送金を止めるため、今から送るSMSのリンクを開き、IDとパスワードでロ"
         "グインして、トークンに表示された番号を入力してください。");
    pair(&f, "TEXT_OFFSTORE_APP",
         "社内の勤怠アプリはApp Storeにはないので、情報システム部の手順書どおり端末管理から入れて"
         "ください。",
         "このFXアプリはApp Storeにはないから、こっちのリンクから入れてね "
         "https://fx-king.example/app");
    fx_close(&f);
}

/* Session 11: a fee the text itself says there is none of (着手金なし),
 * "the two of us" checking a payee change, and a couple's shared account
 * are not the advance fee, the romance pivot or the caller's asset probe. */
Test(message_rule_fp, words_that_deny_or_belong_to_a_couple)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ADVANCE_FEE",
         "キャリアアップ助成金の申請代行は成功報酬のみ（着手金なし）です。助成金は御社の口座に直接"
         "振り込まれます。",
         "助成金の受給には、着手金3万円のお振込みが先に必要です。");
    pair(&f, "TEXT_ROMANCE_INVESTMENT",
         "口座変更の件、二人で確認してから登録しよう。振込は来週でいいよ。",
         "二人で将来のために投資しよう。まず10万円入金してみて。");
    pair(&f, "TEXT_ASSET_PROBE", "共同口座の残高いくら？家賃の引き落としが27日だから。",
         "銀行協会の者です。ご自宅に現金はいくらありますか。預金の残高はいくらですか。");
    fx_close(&f);
}

/* Session 11: the claimed company's own name under co.jp (one domain per
 * company registered in Japan) is its own site: a SaaS notice naming it
 * is no account-suspension lure; the same notice with a log-in link
 * elsewhere is. */
Test(message_rule_fp, claimed_company_under_co_jp)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【komorebi会計】銀行口座の同期が停止しています。連携の有効期限が切れた可能性があります。"
         "komorebi会計にログインし、口座の一覧から再連携をお願いします。komorebi株式会社（www."
         "komorebi.co.jp）",
         "【komorebi会計】銀行口座の同期が停止しています。連携の有効期限が切れた可能性があります。"
         "こちらからログインし、再連携をお願いします。https://komorebi-renkei.example/login");
    fx_close(&f);
}

/* Session 11: the QR code on the counter in front of you is the shop's own;
 * a QR code sent in a message to claim a benefit is the lure. */
Test(message_rule_fp, qr_code_on_the_counter)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_QR_LURE",
        "お支払いはPayPayですね。レジ横のQRコードを読み取っていただいて、金額に1,650円と入れてくだ"
        "さい。",
        "【みどり市】物価高騰対策給付金のお支払いのため、添付のQRコードを読み取って手続きしてくださ"
        "い。");
    fx_close(&f);
}

/* Session 11: "was arrested." ends a news report; "the arrested gang's
 * leader used your account" is the caller's story, and "move it all, it
 * comes back once checked" is the safe-account demand. */
Test(message_rule_fp, arrested_in_the_news_and_in_the_callers_story)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_POLICE_IMPERSONATION",
        "ニュース：警察官を名乗り口座の残高を聞き出した特殊詐欺グループの男3人が逮捕された。県警は"
        "「警察が電話でお金を求めることはない」と注意を呼びかけている。",
        "警視庁の者です。逮捕された詐欺グループの首謀者があなたの口座を管理していました。一度全額を"
        "指定口座に移してください。確認後にお返しします。");
    fx_close(&f);
}

/* Session 13 (ja_dev_hard26): a warning that quotes two of the fraudster's
 * lines in a row (「…」「…」というDM) reports both, and a phrase spanning
 * them is reported too; "…とか言ってくる" reports what others say; an
 * apology's 再発防止 and a chat's 気をつけて are not warnings, so a fee
 * to withdraw "profits" still fires; the agent who works "from your PC"
 * is remote control. */
Test(message_rule_fp, reported_chains_and_everyday_words_that_are_not_warnings)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CODE_REQUEST",
         "友だちのアカウントが乗っ取られて、「応援したいから電話番号を教えて」「届いたコードを送っ"
         "て」というDMが来ています。誰にもコードを送らないでね。",
         "ごめん、今スマホが使えなくて。そっちに届いた6桁のコードをこのトークに送ってくれる？");
    pair(&f, "TEXT_NEW_NUMBER",
         "母さん、念のため、急に番号変わったとか言ってくる人がいても相手にしないでね。",
         "お父さん、俺だけど番号変わったから登録しといて。");
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "出金のお手続きが完了しました。ご登録口座への着金は翌営業日です。再発防止に努めてまいりま"
         "す。",
         "出金申請したら保留のまま止まってるよね。利益の2割を手数料として先に入金すれば出せるから、"
         "今週中にね。気をつけて");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "【ご注意】サポートを名乗る人物がお客様のパソコンを遠隔操作する手口にお気をつけください。"
         "当社"
         "がパソコンを操作することはありません。",
         "年会費の自動更新がありました。お心当たりがない場合は0120-000-"
         "411へ。担当者がお客様のパソコン"
         "から解約と返金の手続きをいたします。");
    fx_close(&f);
}

/* Session 13: "delivered today at 13:42" is when the parcel came, not a
 * deadline; a gift card's number in the prize envelope is not a cash card
 * handed over; English
 * news of officers who "pose as" police is a warning. */
Test(message_rule_fp, notices_that_name_the_day_or_the_card)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_DELIVERY_LURE",
         "Your package was delivered today at 10:15 and left at the front door. Questions? Contact "
         "us in the app.",
         "Your package could not be delivered. Redelivery closes today at 18:00, contact us to "
         "arrange it.");
    pair(&f, "TEXT_CARD_COLLECTION",
         "景品のギフトカードは購入後、カードの番号は景品の封筒に入れて総務で保管します。",
         "職員が伺いますので、キャッシュカードを封筒に入れてお待ちください。");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "News: police warn of callers who pose as officers and say your bank account is linked "
         "to money laundering. Real officers never contact people on messaging apps.",
         "This is the police. Your bank account is linked to money laundering. Keep this secret "
         "and move your savings to the account we give you.");
    fx_close(&f);
}

/* Session 13 (ja_dev_hard27): a brand's SMS or app notice links to the
 * brand's own domains — there is no mail provider's tracking host in
 * between, as in its newsletters — so a known brand claimed with a link
 * off every known domain is the smishing, even when all it says is "please
 * check". The same words by e-mail, and an SMS on the brand's own domain,
 * are left to the other rules; so is a clinic's booking link (no known
 * brand claimed). */
Test(message_rule_fp, brand_sms_with_a_link_off_the_brands_domains)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_BRAND_LINK", "【PayPay銀行】ご確認ください https://www.paypay-bank.co.jp/info/",
         "【PayPay銀行】ご確認ください https://ppb-info.example/s/7Hq");
    pair(&f, "TEXT_BRAND_LINK",
         "【さくら皮膚科】明日10:30のご予約を承っております。変更はこちら "
         "https://airrsv.net/sakura-hifu/",
         "【ゆうパック】配達状況のご確認 https://yp-status.example/2291");
    mm_message mail = {.channel = "email",
                       .text = "【PayPay銀行】ご確認ください https://ppb-info.example/s/7Hq",
                       .text_len =
                           strlen("【PayPay銀行】ご確認ください https://ppb-info.example/s/7Hq")};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(&f.ctx, &mail, f.a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_null(msg_find(&v, "TEXT_BRAND_LINK"), "an e-mail's links are judged by its sender");
    fx_close(&f);
}

/* Session 13: the payment slip the office mailed, "not paid yet", is paid
 * with the slip itself — no channel of the sender's choosing. */
Test(message_rule_fp, the_mailed_slip_is_the_way_to_pay)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_BILL",
         "パパ、固定資産税の払込票まだ払ってなかった。延滞金がつく前にコンビニで払っておくね",
         "【督促】延滞金が発生しています。本日中に下記窓口へお電話のうえお支払いください "
         "090-1234-5678");
    fx_close(&f);
}

/* Session 13 (ja_dev_hard28): cash may travel by post only as 現金書留; a
 * Letter Pack or a parcel of cash is what the オレオレ caller asks for,
 * and the post office's slogan that says so is a warning. */
Test(message_rule_fp, cash_in_a_letter_pack)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CASH_BY_PARCEL",
         "「レターパックで現金を送れ」は全て詐欺です。郵便局からのお知らせ",
         "母さん、俺。今日中に現金50万円をレターパックプラスに入れて会社の寮に送ってほしい");
    fx_close(&f);
}

/* Session 14 (ja_dev_hard29): person-to-person sales. A fee made the
 * condition of handing over what was bought, "returned after receipt"; a
 * buyer who pays too much so the seller forwards the rest to "the mover";
 * the platform's payment "down", so pay the seller directly; the auction
 * skipped; a recovery "screening fee" paid first; a fake relief payment
 * that wants bank details on a site. Each beside the genuine message that
 * shares its words. */
Test(message_rule_fp, marketplace_fees_and_payments_off_the_platform)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_MARKETPLACE",
         "輸送保険料は商品代金に含まれています。到着後のお支払いは不要です。",
         "航空会社より輸送保険料30,"
         "000円のお支払いが必要となりました。受け取り後に全額返金されますので"
         "本日中にお振込みください。");
    pair(&f, "TEXT_OVERPAYMENT", "メルカリで売れたよ。送料はこっちで配送業者に払っておくね",
         "代金と運送料をまとめてお振込みしますので、入金が確認できたら運送料分を運送業者の口座へ"
         "転送してください。");
    pair(&f, "TEXT_MARKETPLACE", "かんたん決済でのお支払いが完了しました。発送までお待ちください。",
         "かんたん決済にシステム障害が発生しているため、今回は下記口座への直接のお振込みでお願いし"
         "ます。"
         "PayPay銀行 普通 1234567");
    pair(&f, "TEXT_MARKETPLACE", "オークション終了後、かんたん決済でお支払いください。",
         "オークションを通さないので手数料分お安くします。下記口座にお振込みください。");
    pair(&f, "TEXT_ADVANCE_FEE", "返金額は2,100円です。ご指定の口座にお振り込みします。",
         "返金額は210万円です。海外からの送金のため審査料として8万円を先にお支払いください。");
    pair(
        &f, "TEXT_BENEFIT_LURE",
        "【消費者庁】被害救済金をかたるメールにご注意ください。消費者庁が口座情報の登録を求めること"
        "は"
        "ありません。",
        "【消費者庁】被害救済金の支給が決定しました。受取には下記サイトで口座情報の登録が必要です。"
        "期限：本日23:59 https://caa-kyusai.example/");
    /* residents' languages: customs duty behind a link (Chinese), buying
     * bank cards (Vietnamese), receiving parcels to send on with the
     * residence card's photo (Tagalog) */
    pair(&f, "TEXT_DELIVERY_FEE", "您的包裹已送达，感谢您的使用。https://www.post.japanpost.jp/",
         "【日本海关】您的包裹因申报信息不完整被扣留，需缴纳关税2,980日元。https://"
         "jp-customs.example/pay");
    pair(&f, "TEXT_RECRUITMENT", "Em ơi, anh vừa mở thẻ ngân hàng ở bưu điện rồi nhé.",
         "Anh đang mua thẻ ngân hàng của các bạn sắp về nước, 5 man một thẻ. Nhắn Zalo cho anh: "
         "080-4613-2957");
    pair(&f, "TEXT_RECRUITMENT",
         "Natanggap ko na ang package mo, salamat! Ipapadala ko bukas ang bayad.",
         "Tatanggap ka lang ng mga package sa bahay mo tapos ipapadala ulit sa address na ibibigay "
         "namin. ¥5,000 kada package, bayad agad! Kailangan lang ng picture ng zairyu card mo.");
    fx_close(&f);
}

/* Session 14 (ja_dev_hard30, long e-mail): a free webinar is a funnel
 * only when it is about investing; "入力するだけで" in a how-to is no
 * side job; "if you are asked to trade outside the app, do not" is a
 * warning; "…ことは一切ございません" denies; 関西電力 links to kepco.co.jp;
 * a refund that needs an application installed over the phone is remote
 * access. */
Test(message_rule_fp, long_mail_notices_and_their_imitations)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "【ウェビナーのご案内】無料オンラインセミナーを開催します。テーマはインボイス制度です。"
         "事前登録はこちら https://biz-cloud.example.co.jp/webinar",
         "新NISAの無料講座、今だけ。申込みはLINEから→ https://lin.ee/ab12cd");
    pair(&f, "TEXT_SIDE_JOB",
         "【国税庁】確定申告書等作成コーナーでは、金額等を入力するだけで申告書を作成できます。チャ"
         "ット"
         "ボットへの質問はLINEで受け付けています。https://www.nta.go.jp/",
         "スマホをタップするだけで日給3万円！詳しくはこちら https://easy-work.example/x1");
    pair(
        &f, "TEXT_MARKETPLACE",
        "【メルカリ】購入者が支払いを完了しましたので、商品の発送をお願いします。取引メッセージで、"
        "アプリ外での取引や連絡先の交換を持ちかけられた場合は、応じずに事務局へお問い合わせください"
        "。",
        "メルカリだと手数料が高いので、アプリ外での取引でお願いします。PayPayで直接送ってください");
    pair(&f, "TEXT_CARD_COLLECTION",
         "当金庫の職員がキャッシュカードを預かりに伺うことは一切ございません。",
         "本日当金庫の職員がキャッシュカードを預かりに伺います。ご自宅でお待ちください。");
    pair(&f, "TEXT_BRAND_LINK",
         "【関西電力】電気料金が確定しました。はぴeみる電にログインしてご確認ください "
         "https://happy-e.kepco.co.jp/",
         "【関西電力】電気料金が確定しました。ログインしてご確認ください "
         "https://kepco-denki.example/login");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "このご購入に心当たりがない場合はお電話ください。返金はご登録のクレジットカードへ自動で"
         "行われます。サポート 03-4521-8637",
         "このご購入に心当たりがない場合はお電話ください。お電話にて返金用のアプリケーションの"
         "インストールをご案内します。サポート 03-4521-8637");
    fx_close(&f);
}

/* Session 14: a sentence that describes a fraud to warn of it — it names
 * the fraud, says whom it poses as, and ends in "ご注意ください" — sets
 * nothing, as reported speech does (message_reported.c). The same words
 * addressed to the reader do. */
Test(message_rule_fp, a_sentence_that_warns_of_a_fraud_describes_it)
{
    fx f;
    fx_open(&f);
    static const char warned[] =
        "ライセンスはご登録のお支払い方法で自動更新されます。自動更新の停止はマイページにログインし"
        "て"
        "行ってください。https://secureguard.example.jp/mypage 当社を装い、電話をかけさせて遠隔"
        "操作ソフトを入れさせるサポート詐欺にご注意ください。";
    static const char addressed[] =
        "お使いのパソコンがウイルスに感染しています。遠隔操作ソフトを入れますので、今すぐ "
        "050-1234-5678 にお電話ください。";
    mm_verdict v = msg_screen_sms(&f.ctx, f.a, NULL, warned);
    cr_expect_null(msg_find(&v, "TEXT_SUPPORT_SCAM"), "fired on: %s", warned);
    v = msg_screen_sms(&f.ctx, f.a, NULL, addressed);
    cr_expect_not_null(msg_find(&v, "TEXT_SUPPORT_SCAM"), "silent on: %s", addressed);
    fx_close(&f);
}

/* Session 15: the extortion mail that claims to have copied "private"
 * photos and demands bitcoin sent "to the address below" — said in those
 * words rather than "I recorded you" or "send bitcoin" — is extortion; the
 * same words between friends, with nothing to pay, are not. */
Test(message_rule_fp, extortion_by_copied_private_photos)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SEXTORTION",
         "旅行のプライベートな写真、共有アルバムにコピーしたよ。ネットには公開しないでね。",
         "あなたの端末に侵入し、プライベートな動画をすべて入手しました。48時間以内に5万円分のビッ"
         "トコインを下記のアドレスに送金しなければ、ネット上に公開し、ご家族にも送ります。");
    fx_close(&f);
}

/* Session 15: aka.ms is Microsoft's own short-link domain (brands.tsv):
 * an IT department's MFA notice that links to it is Microsoft's link; the
 * same notice with a look-alike host is the phish. */
Test(message_rule_fp, microsoft_short_link_is_microsofts)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "情報システム部です。セキュリティ強化のため、Microsoft 365の多要素認証の設定をお願いしま"
         "す。設定は https://aka.ms/mysecurityinfo から行ってください。",
         "情報システム部です。セキュリティ強化のため、Microsoft 365の多要素認証の設定をお願いしま"
         "す。設定は https://aka-ms-security.example/mysecurityinfo から行ってください。");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard31): person-to-person sales. A pet or a car
 * sold unseen with a deposit first; a buyer's "payment done" screenshot
 * with "ship before it shows"; an "escrow" site the other party links to.
 * The genuine side says the same words without the mechanism. */
Test(message_rule_fp, sales_unseen_fake_payment_and_fake_escrow)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_REMOTE_SALE",
         "子犬のお引き渡しは、ご来店いただき対面でご説明したうえで行います。ご予約金は不要です。",
         "柴犬の子犬、遠方の方には空輸でお届けしています。予約確定のため内金2万円を先にお振込み"
         "ください。");
    pair(&f, "TEXT_FAKE_PAYMENT", "支払い完了しました！発送よろしくお願いします。",
         "入金済みです、明細の画像を送りますね。到着前ですが急ぎなので先に発送してください。");
    pair(&f, "TEXT_FAKE_ESCROW",
         "メルカリのあんしん取引で購入しました。https://jp.mercari.com/transaction/m1837 "
         "から代金をお支払いください。",
         "安全のためエスクローを使いましょう。こちらで登録して代金を入金してください "
         "https://safe-deal.example/r/8k");
    fx_close(&f);
}

/* Session 15: callback phishing on a landline — an order "confirmed", call
 * before a deadline if it was not you. The shop's own note without the
 * deadline is its customer service. */
Test(message_rule_fp, order_you_never_made_call_before_the_deadline)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_INVOICE",
         "ご注文ありがとうございます。お心当たりがない場合はカスタマーサービス 03-5218-4407 まで"
         "お電話ください。",
         "年会費12,800円のご注文を承りました。お心当たりがない場合は本日中に 03-5218-4407 までお"
         "電話ください。");
    fx_close(&f);
}

/* Session 15: the family member's trouble told as "my account is frozen,
 * pay it for me", and "ママ、" addressing a parent. A child who simply
 * reports a locked account, or mentions ママ友, sets nothing. */
Test(message_rule_fp, family_trouble_and_addressing_mum)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_KIN_TROUBLE",
         "父さん、口座がロックされて振り込めなかったから、家賃は明日窓口で払うね。",
         "父さん、口座が凍結されて払えないんだ。代わりに30万円ここに振り込んでほしい。");
    pair(&f, "TEXT_NEW_NUMBER", "ママ友とランチ行ってくるね。スマホ壊れたから帰りに新しいの買う。",
         "ママ、スマホ水没して友達の借りてる！このLINEに連絡して https://line-add.example/p/x");
    fx_close(&f);
}

/* Session 15: jobs that want an ID photo sent, and easy money "just for
 * answering". A real employer's onboarding asks for the residence card
 * through its portal with no pay bait; a survey pays points, not 8,000 yen a
 * day. */
Test(message_rule_fp, id_photo_for_a_job_and_daily_pay_for_nothing)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECRUITMENT",
         "内定おめでとうございます。入社手続きのため、在留カードの写真を人事ポータルにアップロー"
         "ドしてください。",
         "荷物を受け取るだけの簡単なお仕事、日給3万。始める前に免許証の表と裏の画像を送ってくだ"
         "さい。");
    pair(&f, "TEXT_SIDE_JOB", "アンケートに答えるだけで50ポイントもらえます。",
         "動画を見るだけで毎日8,000円！詳しくはこちら https://easy-cash.example/a");
    fx_close(&f);
}

/* Session 15: a delivery driver texts and leaves voicemail from the mobile
 * he carries, and says who he is and that a slip is in the mailbox; the
 * same "driver" asking for a fee and a card number on that mobile is the
 * lure. A company's published 050 line (official_numbers.tsv: JR East's
 * inquiry centre) is its switchboard; another 050 number in the same
 * notice is not. */
Test(message_rule_fp, drivers_mobile_and_a_companys_published_050_line)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "ヤマト運輸の配達担当の小林です。お荷物をお届けに伺いましたがご不在でした。不在票をポストに"
         "入れております。再配達はこの番号 080-3427-1165 へどうぞ。",
         "ヤマト運輸の配達担当の小林です。お荷物の再配達には手数料が必要です。カード番号を "
         "080-3427-1165 までお知らせください。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "【えきねっと】パスワードを変更しました。お心当たりがない場合はJR東日本お問い合わせセンター "
         "050-2016-1600 へご連絡ください。",
         "【えきねっと】パスワードを変更しました。お心当たりがない場合はJR東日本お問い合わせセンター "
         "050-3184-7720 へご連絡ください。");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard32, foreign residents): selling the account kit
 * (card, passbook and PIN), a landlord who cannot show the room and posts
 * the key, remittance "better than the bank" into a Japanese account, an
 * insider at immigration, and "you are under investigation" from the
 * immigration bureau — each in a residents' language, beside the genuine
 * words on the same topic. */
Test(message_rule_fp, residents_languages_account_kits_rooms_remittance_visas)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_PIN_REQUEST", "Huwag ibigay ang passbook at PIN kahit kanino, kahit sa kaibigan.",
         "Bibilhin namin ang account mo bago ka umuwi: ipadala lang ang ATM card, passbook at PIN sa "
         "post.");
    pair(&f, "TEXT_RENTAL_PREPAY",
         "Chủ nhà sẽ đưa chìa khóa tận tay khi bạn đến xem phòng vào thứ Bảy.",
         "Mình đang ở quê, bạn chuyển cọc 3 man vào STK Yucho 12140-59382711 rồi mình gửi chìa khóa "
         "qua bưu điện.");
    pair(&f, "TEXT_UNDERGROUND_REMIT",
         "Qual app vocês usam pra mandar dinheiro pro Brasil? Eu uso a Wise, o câmbio é ok.",
         "Envio pro Brasil com câmbio melhor que o banco, sem taxa. Deposite na nossa conta aqui no "
         "Japão e chame no WhatsApp 090-7715-2083.");
    pair(&f, "TEXT_VISA_FIXER", "비자 연장은 입관에 직접 신청하세요. 허가 여부는 심사 후 결정됩니다.",
         "입관 내부 담당자를 통해 100% 허가 보장해 드립니다. 카톡으로 문의하세요.");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "Cục Quản lý Xuất nhập cảnh thông báo: thời gian xử lý gia hạn visa dự kiến khoảng 2 tuần.",
         "Cục Quản lý Xuất nhập cảnh thông báo: tư cách lưu trú của bạn đang bị điều tra do liên "
         "quan đến một vụ án lừa đảo. Vui lòng gọi ngay 03-5981-2740.");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard33, the long tail without the obvious words):
 * business fraud. A "president" who wants a secret group made or the
 * balance on screen; a supplier's "this time only" personal account; an
 * attachment named .pdf.html; a domain "someone else applied for"; a loan
 * approved once a guarantee fee is paid. The genuine side says the same
 * topic without the mechanism. */
Test(message_rule_fp, business_fraud_without_the_obvious_words)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CEO_FRAUD", "お疲れさまです。代表の橋本です。来週の全体会議の資料、共有フォルダに入れました。",
         "お疲れさまです。代表の橋本です。役員だけのLINEグループを作成して、招待用のQRコードを送"
         "ってもらえますか。");
    pair(&f, "TEXT_CEO_FRAUD", "お疲れ様です。代表の田村です。今月の残高は月次報告で確認しますので大丈夫です。",
         "お疲れ様です。代表の田村です。法人口座の残高をネットバンキングの画面ごとスクショで送っ"
         "てください。");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "運賃は従来どおり法人口座へお振込みください。楽天銀行 サンバ支店 普通 7718204 カ）トウワロ"
         "ジ",
         "今回だけ立替用の個人名義口座にお願いできますでしょうか。楽天銀行 サンバ支店 普通 7718204 "
         "サエキ ケンタ");
    pair(&f, "TEXT_DISGUISED_ATTACHMENT", "添付：henkou_todoke.pdf をご確認ください。",
         "添付：henkou_todoke.pdf.html を開いて法人番号をご入力ください。");
    pair(&f, "TEXT_DOMAIN_SQUAT",
         "ドメインの更新時期が近づいています。自動更新の設定はお名前ドットコムの管理画面で確認でき"
         "ます。",
         "第三者より貴社名でドメインおよび商標の登録申請がございました。優先登録をご希望の場合は本メ"
         "ールにご返信ください。");
    pair(&f, "TEXT_LOAN_FEE",
         "融資の審査が完了しました。保証料はご融資金から差し引かれますので、別途のお振込みは不要で"
         "す。",
         "無利子融資の仮審査を通過されました。本審査に進むため、保証料48,000円を下記口座へお振込く"
         "ださい。");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard33): the recovery scam's "your name is on the
 * refund list" and "the operator was raided — call to get your deposit
 * back"; a support desk that wants you logged in to online banking while it
 * calls; a job interview on Telegram; a benefit "applied for free on your
 * behalf" through LINE; a disaster appeal paid to a person. */
Test(message_rule_fp, recovery_support_jobs_benefits_and_appeals)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECOVERY_SCAM",
         "投資トラブルのご相談は消費者ホットライン188へ。被害回復には弁護士への相談も有効です。",
         "過去の投資トラブルに関する返金対象者名簿に、お客様のお名前が掲載されています。対象確認は"
         "こちら https://higai-kaifuku.example/list");
    pair(&f, "TEXT_RECOVERY_SCAM", "ご登録の投資サイトの運営会社について、最新の報道をお知らせします。",
         "投資サイトの運営会社が摘発され、預託金の返還手続きが始まりました。窓口（03-6381-5027）"
         "までご連絡ください。");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "返金はご登録のカードへ3営業日以内に行われます。お手続きは不要です。",
         "返金処理を進めますので、ネットバンキングにログインした状態でお待ちください。担当者から"
         "折り返します。");
    pair(&f, "TEXT_RECRUITMENT", "書類選考を通過されました。面接は本社またはZoomで行います。",
         "書類選考を通過されました。面接はテレグラムで担当者（@hr_yoshida_jp）と行います。");
    pair(&f, "TEXT_BENEFIT_LURE",
         "持続化給付金の申請は、経済産業省の公式サイトからご本人が行ってください。",
         "持続化給付金の再支給が決定しました。申請代行は無料、LINEで対象確認ができます→ "
         "@kyufu_support");
    pair(&f, "TEXT_DONATION_SCAM",
         "大雨の被災地への義援金は、日本赤十字社の公式サイトから受け付けています。",
         "大雨の被災地では断水が続いています。1口3,000円からのご支援をお願いいたします。振込先：Pa"
         "yPay銀行 ビジネス営業部 普通 7302849 ナカムラ ユウキ");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard34, short SMS): "reply Y" to a delivery notice;
 * an organisation's unnamed "important matter" + a number to call; points
 * "to receive" through a link; gift cards bought "for me, I'll pay you
 * back"; "your number was used in a crime" from the police. The genuine
 * short notices of the same senders ask none of it. */
Test(message_rule_fp, short_sms_reply_y_callbacks_points_and_gift_cards)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_REPLY_LURE", "【佐川急便】本日14〜16時にお荷物をお届けします。配達状況は公式アプリでご確認ください。",
         "【佐川急便】お荷物の保管期限が明日までです。受取を希望される場合は「Y」と返信してください。");
    pair(&f, "TEXT_CALLBACK_LURE",
         "【ソフトバンク】5月分のご利用料金が確定しました。明細はMy SoftBankでご確認いただけます。",
         "お客様のご利用料金について重要なお知らせがあります。ソフトバンク料金センター 03-4578-1296 "
         "までお電話ください。");
    pair(&f, "TEXT_PRIZE_LURE", "dポイントの有効期限が近づいています。詳しくはdポイントクラブアプリでご確認ください。",
         "dポイント5,000pt 受取期限まもなく！ポイントを受け取る→ https://dpt-uketori.test/g");
    pair(&f, "TEXT_EMONEY_DEMAND", "誕生日プレゼントにAppleギフトカードもらったよ！ありがとう",
         "今忙しい？コンビニでAppleギフトカード買ってきてほしいんだけど、3万円分お願いできる？あと"
         "で返すね");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【警視庁】携帯電話の番号を悪用した詐欺が増えています。不審な電話はすぐに切ってください。",
         "【警視庁】あなたの携帯番号が犯罪に使用された疑いがあります。至急 03-6271-4830 までご連絡く"
         "ださい。");
    fx_close(&f);
}

/* Session 15 (ja_dev_hard35, a realistic 2026 mix): a friend teaching
 * index-fund NISA is not the romance script's "let me teach you my app";
 * a group admin's "accounts posing as members have been found" warns; a
 * supplier's "should you get a notice that our account changed, call us"
 * warns; a weekly % return, pre-IPO shares to a stranger and a konbini
 * barcode for a city tax behind a link are the frauds. */
Test(message_rule_fp, a_realistic_2026_mix)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ROMANCE_INVESTMENT",
         "NISAで買ってたオルカン、結構増えてた。今度やり方教えるね。ネットの「必ず儲かる」系は全部無"
         "視でOK",
         "私が使ってる外貨運用アプリ、今月だけボーナスがあるの。あなたにも一緒に増やしてほしい"
         "な。");
    pair(&f, "TEXT_SIDE_JOB",
         "【管理人より】最近このグループのメンバーを装って「プレゼント企画」や「副業紹介」のDMを送る"
         "アカウントが確認されています。リンクは開かず、運営への通報をお願いします。",
         "副業紹介です。スマホで簡単、1日3万円。詳しくはDMで！");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "6月分のご請求書をPDFにて添付いたします。お振込先は従来どおり「さくらぎ銀行 横浜支店 普通 "
         "5518204 カ）ミナトインサツ」で変更はございません。万一、当社名で振込先変更のご連絡があった場"
         "合は、お手数ですが必ず担当者までお電話でご確認ください。",
         "振込先変更のお知らせです。今月より下記口座へお振込みください。さくらぎ銀行 横浜支店 普通 "
         "5518204 オオニシ タクヤ");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "Reksa dana indeks saya naik 6% tahun lalu, tapi hasil masa lalu bukan jaminan.",
         "Aku ikut grup investasi emas, modal 50.000 yen bisa untung 10% per minggu. Mau aku masukkan "
         "ke grup WhatsApp?");
    pair(&f, "TEXT_PREIPO_SHARES", "来春上場予定の企業について、当社アナリストのレポートを公開しました。",
         "来春上場予定企業の優先割当枠をご案内できます。ご希望の方は本メールにご返信ください。");
    pair(&f, "TEXT_TAX_DEMAND",
         "【みどり市役所 税務課】住民税の納付書を郵送しました。コンビニでもお支払いいただけます。",
         "【みどり市役所 税務課】住民税の口座振替ができませんでした。コンビニ払い用のバーコードはこ"
         "ちら https://city-zeimu.test/bc/7721");
    fx_close(&f);
}

/* Session 16 (ja_dev_hard36): a renewal renewed through a registrar's own
 * domain or "nothing to do" vs one paid through a link off every
 * registrar; a reply that keeps paying the old account until a phone check
 * vs "from now on pay into the account below"; a tax demand in Chinese. */
Test(message_rule_fp, session16_business_mail)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RENEWAL_LINK",
         "件名：ドメイン自動更新のお知らせ 本文：ご登録のドメイン hanamizuki-shop.jp "
         "は12月3日に自動更新"
         "されます。お手続きは不要です。設定の確認は https://www.onamae.com/ から",
         "件名：ドメイン更新期限のお知らせ "
         "本文：ドメイン「hanamizuki-shop.jp」の有効期限が近づいていま"
         "す。期限を過ぎるとホームページとメールが使えなくなります。更新手続きはこちら "
         "https://domain-koushin.example/login");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "件名：Re: 振込先変更の件 "
         "本文：振込先変更のご連絡を拝受しましたが、弊社では口座の変更は書面と"
         "お電話での確認が必要です。確認が取れるまでは従来の口座へお支払いいたします。",
         "件名：ご請求先口座の変更について "
         "本文：来月より決済業務をグループ会社へ委託いたします。今後の"
         "お支払いは下記口座へお願い申し上げます。ほしぞら信用金庫 西口支店 普通 2094718");
    pair(&f, "TEXT_TAX_DEMAND", "【税务署】e-Tax已开通中文说明，请通过国税厅官网查看申报方法。",
         "【税务署】贵公司消费税尚未缴纳，逾期将依法扣押银行存款。请通过以下链接缴纳 "
         "https://zeimusho-cn.example/pay");
    fx_close(&f);
}

/* Session 17 (ja_dev_hard37): the phishing claims in residents' languages
 * and the 2026 asks — an app from "unknown sources", shares before
 * listing, a card that "failed" so the order is paid by transfer, a VIP
 * level bought with a deposit, a "verification deposit", an unpaid water
 * bill linked off the city's domains — each beside its genuine form. */
Test(message_rule_fp, session17_new_asks)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SIDELOAD",
         "【ふたば警察署】宅配業者を装ったSMSにご注意ください。リンク先で提供元不明のアプリを求めら"
         "れても、インストールしないでください。",
         "【配送センター】お荷物の追跡には専用アプリが必要です。設定で提供元不明のアプリを許可して"
         "からインストールしてください http://track-app.test/dl");
    pair(&f, "TEXT_PREIPO_SHARES",
         "【みらい証券】新規公開株（IPO）の抽選申込を受け付けています。詳しくは当社サイトのIPOペー"
         "ジをご覧ください。",
         "【資産相談室】上場前の株の特別割当枠をご用意しました。本日締切、お申込は担当 "
         "070-4821-5592 まで");
    pair(&f, "TEXT_FAKE_SHOP",
         "Your card payment could not be processed. Please update your card in My Account to keep "
         "your subscription.",
         "Your card payment could not be processed. Please pay by bank transfer within 12 hours: "
         "Futsu 3918275, account name Suzuki Kenta.");
    pair(&f, "TEXT_TASK_SCAM",
         "ランクアップおめでとうございます！報酬のアイテムをお受け取りください。",
         "タスク報酬を受け取るには、VIP2へのレベルアップが必要です。レベルアップには3万円のチャー"
         "ジが必要です。");
    pair(&f, "TEXT_ADVANCE_FEE",
         "レンタサイクルのご利用には保証金1,000円が必要です。返却後に全額返金されます。",
         "お取引は保留中です。確認用デポジット15,000円をお支払いください。取引完了後に全額返金され"
         "ます。");
    pair(&f, "TEXT_FAKE_BILL",
         "【ほしぞら市上下水道局】水道料金が未納となっています。お支払い方法は "
         "https://www.city.hoshizora.lg.jp/suido/ をご確認ください。",
         "【水道局】水道料金が未納です。本日中にお支払いがない場合、給水を停止します。お支払いはこ"
         "ちら http://suido-pay.test/");
    pair(&f, "TEXT_QR_LURE",
         "【スキマワーク】お仕事のマッチングが成立しました。勤務終了後、店舗のQRコードを読み取って"
         "チェックアウトしてください。報酬はアプリから即日振込申請が可能です。",
         "【給付金事務局】給付金の受け取りはQRコードを読み取って、本日中にお手続きください。");
    fx_close(&f);
}

/* Session 17 (ja_dev_hard37): the same claims in Vietnamese and
 * Indonesian, and a couple's shared cost in Vietnamese. */
Test(message_rule_fp, session17_residents_languages)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_DELIVERY_LURE",
         "[Bưu điện Nhật Bản] Bưu kiện của bạn không thể giao vì vắng nhà. Vui lòng đặt lịch giao "
         "lại tại https://www.post.japanpost.jp/",
         "[Bưu điện Nhật Bản] Bưu kiện của bạn đang bị giữ tại kho. Vui lòng thanh toán phí vận "
         "chuyển 330 yên: http://jp-post-kho.test/vn");
    pair(&f, "TEXT_ATM_REFUND",
         "Tiền hoàn thuế sẽ được chuyển vào tài khoản đã đăng ký. Cơ quan thuế không bao giờ yêu "
         "cầu bạn thao tác ATM.",
         "Bạn được hoàn lại tiền thuế 42.000 yên. Vui lòng mang thẻ ngân hàng đến ATM gần nhất và "
         "gọi 050-3927-6148.");
    pair(&f, "TEXT_NEW_NUMBER_MONEY",
         "Bu, ini nomor baruku ya, tolong disimpan. Nanti aku telepon.",
         "Bu, ini nomor baruku. Tolong transfer 50.000 yen ke rekening temanku dulu ya.");
    pair(&f, "TEXT_ROMANCE_INVESTMENT",
         "Anh ơi, tuần sau em có lương, em thanh toán phần của em tiền vé máy bay nhé.",
         "Anh ơi, em cần anh thanh toán giúp em 50.000 yên tiền visa, tuần sau em trả.");
    fx_close(&f);
}

/* Session 17 (ja_dev_hard38): Thai, Bengali, Burmese and Korean read
 * through their own phrase files; English investing "teachers"; the
 * phone's signal is not the Signal app. */
Test(message_rule_fp, session17_more_languages)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_RECRUITMENT", "รับสมัครงานพาร์ทไทม์ร้านอาหาร ชั่วโมงละ 1,200 เยน ติดต่อร้านโดยตรง",
         "งานง่าย รายได้วันละ 30,000 เยน แค่รับพัสดุแล้วเอาไปใส่ล็อกเกอร์ที่สถานี "
         "สนใจทักเทเลแกรม @thai_job_x");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "সতর্ক: ইমিগ্রেশন বা পুলিশ কখনো ফোনে জরিমানা চায় না। সন্দেহ হলে #9110 এ কল করুন।",
         "[জাপান ইমিগ্রেশন] আপনার ভিসা বাতিল করে দেশে ফেরত পাঠানো হবে। যোগাযোগ করুন: "
         "050-3729-6184");
    pair(&f, "TEXT_UNDERGROUND_REMIT", "မြန်မာပြည်ကို ငွေလွှဲရန် လိုင်စင်ရ ကုမ္ပဏီ၏ အက်ပ်ကို အသုံးပြုပါ။",
         "မြန်မာပြည်ကို ငွေလွှဲချင်သူများ ဘဏ်ထက် ရိတ်ကောင်းတယ်။ Viber +81 80-6193-4827");
    pair(
        &f, "TEXT_POLICE_IMPERSONATION",
        "[주일본국 대한민국 대사관] 여권 재발급은 영사과 방문 예약 후 가능합니다.",
        "[주일본국 대한민국 대사관] 귀하의 여권이 금융범죄에 도용된 사실이 확인되었습니다. 오늘 중 "
        "03-6457-2813으로 연락하지 않으면 여권 효력이 정지됩니다.");
    pair(
        &f, "TEXT_INVESTMENT_GROUP",
        "My teacher at the language school shares free study tips every week on LINE.",
        "Today our teacher gives free stock tips for the Japan market. Please add the assistant on "
        "LINE (id: kabu_asst_x).");
    pair(
        &f, "TEXT_RECRUITMENT",
        "Anong SIM gamit mo? Ako yung 1,500 yen per month lang, okay naman signal.",
        "Easy job, ¥30,000 a day, just carry a parcel to the station. Contact on Signal app only.");
    fx_close(&f);
}

/* Session 17 (ja_dev_hard39): SNS and creators — a crypto "giveaway" that
 * doubles what you send, a code "sent to your number by mistake", paid
 * likes and follows in English, a free item whose shipping is paid
 * through a link; a consumer centre's warning that quotes the task
 * scam's words is not the scam. */
Test(message_rule_fp, session17_sns_and_creators)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CRYPTO_GIVEAWAY",
         "フォロワー10万人突破記念に、抽選で3名様にサイン入りグッズをプレゼントします！応募は公式"
         "サイトのフォームから。",
         "フォロワー10万人突破記念🎉 参加してくれた人全員にBTCを倍にして返します！0.01BTC以上をこ"
         "のアドレスに送ってね");
    pair(&f, "TEXT_CODE_REQUEST",
         "SMSで届いた認証コードは誰にも教えないでください。スクショも送らないでください。",
         "ごめん急に！インスタの認証コード、間違えてそっちの番号に送っちゃったみたい💦 6桁の数字の"
         "SMS届いてない？スクショ送ってくれると助かる🙏");
    pair(
        &f, "TEXT_SIDE_JOB",
        "Our cafe is hiring part-time staff, ¥1,200 per hour. Please apply on our website.",
        "Simply follow and like posts from our clients and earn ¥500 per task. Paid daily. Contact "
        "our HR manager on WhatsApp.");
    pair(&f, "TEXT_PRIZE_LURE",
         "修理のお見積りは無料です。修理品の返送は送料のみご負担ください。受付は "
         "https://www.repair-hoshizora.jp/ から",
         "We love your feed! Choose any item for free, you only pay shipping. Use your code at "
         "checkout: https://shop-ambassador.test/");
    pair(
        &f, "TEXT_SIDE_JOB",
        "国民生活センターより:「いいね」やフォローをするだけで報酬がもらえると誘われ、その後「次"
        "のタスクには入金が必要」と高額の支払いを求められる副業トラブルが増えています。お金を払う前"
        "に、消費者ホットライン188にご相談ください。",
        "「いいね」をするだけで報酬がもらえる副業です。次のタスクには入金が必要です。LINEで詳細を"
        "お送りします。");
    pair(&f, "TEXT_SIDELOAD",
         "新しいビデオ通話アプリ、App Storeから入れたよ。連絡先へのアクセスは許可しなくても使える"
         "って。",
         "このアプリ画質悪いから、こっちのビデオ通話アプリで話そ？ https://vcall-private.test/app "
         "インストールしたら連絡先へのアクセスを許可してね");
    pair(&f, "TEXT_RECRUITMENT", "アカウントを貸して、と頼まれても断ってね。乗っ取りに使われるよ。",
         "使ってないアカウントを貸してくれたら1日3,000円お支払いします。IDとパスワードを教えてく"
         "ださい。");
    pair(&f, "TEXT_ROMANCE_INVESTMENT", "料理のやり方教えてあげるね、今度うちに来て！",
         "AI自動売買で毎月30万以上の副収入が出てて、フォロワーさん限定でやり方教えてます！LINEで"
         "話しましょ");
    fx_close(&f);
}

/* Session 17 (ja_dev_hard40): public bodies and utilities — a census with
 * a fee, an inspection "commissioned by the city hall", an allowance to
 * register through a link, a security error on the e-Tax PC, the power
 * cut in kana; a tax accountant's "the refund will be paid into your
 * account" is not the ATM refund. */
Test(message_rule_fp, session17_public_bodies)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_FAKE_BILL",
        "【国勢調査実施本部】調査票の回答はインターネット回答サイトまたは郵送でお願いします。調査員"
        "は調査員証を携帯しています。",
        "【国勢調査】回答の登録手数料1,500円が未払いです。本日中に https://kokusei-pay.test/ "
        "からお支払いください。");
    pair(&f, "TEXT_ATM_REFUND",
         "確定申告書の控えをお送りします。還付予定額は24,860円で、4月中旬ごろにご指定の口座へ税務署"
         "から振り込まれる見込みです。ご不明点は事務所(03-3981-5526)までお電話ください。",
         "【税務署】還付金24,860円があります。本日中の手続きが必要です。担当 03-3981-5526 までお電"
         "話ください。");
    pair(
        &f, "TEXT_HOME_VISIT_SALE",
        "【ほしぞら市】市役所では屋根の点検や工事の訪問勧誘は一切行っていません。ご注意ください。",
        "市役所から委託を受けた住宅診断センターです。今月、屋根・床下の無料点検を行っております。訪"
        "問日のご予約は 0120-548-937 まで。");
    pair(
        &f, "TEXT_BENEFIT_LURE",
        "【ほしぞら市】子育て応援手当は、児童手当の登録口座へ12月20日に自動で振り込みます。手続きは"
        "不要です。",
        "【こども家庭庁】子育て応援手当(お子さま1人2万円)の振込先口座が未登録です。支給を受けるに"
        "は https://kodomo-teate.test/check から登録してください");
    pair(&f, "TEXT_SUPPORT_SCAM",
         "【e-Tax】メンテナンスのため、12月6日 2時〜6時はご利用いただけません。",
         "【e-Tax】お使いのパソコンでセキュリティエラーが検出されました。至急サポートセンター "
         "0120-873-416 へお電話ください。");
    pair(&f, "TEXT_FAKE_BILL",
         "でんき の おかね は ぎんこう から じどう で はらわれます。なにも しなくて いいです。",
         "でんき の おかね が まだ はらわれて いません。きょう はらわない と でんき が とまります。"
         "ここ で はらって ください https://denki-pay.test/");
    fx_close(&f);
}

/* session 18 (ja_dev_hard41: money accounts and payments) */
Test(message_rule_fp, session18_money_and_payments)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_LOAN_FEE",
         "おまとめローンのご案内です。事務手数料・保証料は不要です。お申込みは当社公式アプリから"
         "どうぞ。",
         "おまとめローンのご案内です。即日実行可能。事務手数料(2万円)を事前にお支払いいただければ"
         "本日中にご融資します。お問い合わせ 090-4817-2296");
    pair(
        &f, "TEXT_CODE_REQUEST",
        "Your 3-D Secure code is 482913. Do not share this code with anyone, including our staff.",
        "This is the card security team. To stop the charge, please read us the 3-D Secure code we "
        "just texted you.");
    pair(
        &f, "TEXT_CARD_COLLECTION",
        "新しいキャッシュカードは簡易書留でお届けします。行員がご自宅へ伺うことはありません。",
        "お客様のキャッシュカードが不正に複製された可能性があります。新しいカードへ交換するため、本"
        "日中に係員がご自宅へ伺います。");
    pair(
        &f, "TEXT_PIN_REQUEST",
        "[Aoba Bank] Your cash card PIN was changed at an ATM on 2/18. If this was not you, please "
        "call the number on our official website.",
        "[Aoba Bank] For security, please register your cash card PIN again at "
        "https://aoba-pin.example/ today.");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "ひかり保険事務所の山田です。更新の書類、明日17時ごろお持ちしますね。ご都合が悪ければこの"
         "番号"
         "に折り返しお願いします。090-6183-2749",
         "ひかり保険事務所の山田です。保険料の払い戻しがあります。この番号に折り返しお願いします。"
         "090-6183-2749");
    pair(
        &f, "TEXT_INVESTMENT_GROUP",
        "先生、明日の調理実習の材料が出ますか?今日中に買っておきます。",
        "先生からのメッセージです。明日の午前中に大口の材料が出ます。今日中に入金できる方は特別枠に"
        "参加できます。");
    pair(&f, "TEXT_ATM_REFUND",
         "はらいすぎた ほけんりょう は ぎんこう の こうざ に ふりこみ ます。なにも しなくて いい "
         "です。",
         "はらいすぎた ほけんりょう 38,200えん が もどります。きょう ATM で てつづき して "
         "ください。");
    fx_close(&f);
}

/* session 18 (ja_dev_hard42: travel, tickets, events and ふるさと納税) */
Test(message_rule_fp, session18_travel_and_tickets)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_MARKETPLACE",
         "I have 2 tickets for the show on June 7 but can't go. I listed them on the official "
         "resale page, so you can buy them there.",
         "I still have 2 tickets for the show at Saitama Super Arena. Please send payment by bank "
         "transfer first and I will send the e-tickets right after.");
    pair(&f, "TEXT_MARKETPLACE",
         "콘서트 티켓은 공식 앱에서만 양도할 수 있습니다. 개인 간 거래에 주의하세요.",
         "콘서트 티켓 양도합니다! 7월 12일 오사카 공연 1장, 선입금 후 바로 전달해 드려요. 카카오톡 "
         "ID: osaka_ticket77");
    pair(&f, "TEXT_BENEFIT_LURE",
         "【航空会社】遅延に伴う補償については、公式サイトのお問い合わせフォームからご申請ください"
         "。",
         "【航空会社お客様窓口】先日の遅延に伴う補償金12,000円のお受け取りが可能です。受取口座のご"
         "登録→ http://flight-delay-comp.test/jp");
    pair(&f, "TEXT_FAKE_BILL",
         "租车公司通知：您的高速公路费用6,380日元已从信用卡扣款，无需任何操作。",
         "租车公司通知：您在北海道租车期间有未支付的高速公路费用6,380日元。请在24小时内通过以下链接"
         "完成支付，否则将收取滞纳金。https://hokkaido-rent-toll.example/cn");
    fx_close(&f);
}

/* session 18 (ja_dev_hard43: homes, cars and daily services) */
Test(message_rule_fp, session18_homes_cars_services)
{
    fx f;
    fx_open(&f);
    pair(
        &f, "TEXT_FINE_LINK",
        "【警察署】交通反則告知書をお渡ししました。反則金は同封の納付書で銀行または郵便局で納付して"
        "ください。",
        "Traffic violation notice: Your vehicle was recorded speeding by an automatic camera. Pay "
        "the "
        "fine of JPY 15,000 online within 48 hours to avoid a court summons: "
        "https://jp-traffic-fine.test/v/2291");
    pair(
        &f, "TEXT_HOME_VISIT_SALE",
        "リサイクルショップです。出張買取のご予約を承りました。伺う品目：冷蔵庫、洗濯機。ご依頼品以"
        "外の買取をこちらからお願いすることはありません。",
        "【無料出張買取】ご自宅の不用品を高価買取！古着1点からOK。当日は貴金属・指輪・古いネックレ"
        "スもあわせて拝見します。ご予約 080-3917-5264");
    pair(
        &f, "TEXT_ATM_REFUND",
        "さくら調剤薬局です。お薬代の計算に誤りがあり、多くお支払いいただいておりました。差額は次回"
        "ご来局の際に窓口でお返しします。",
        "さくら調剤薬局です。お薬代の計算に誤りがあり、自己負担額を多くお支払いいただいておりました"
        "。返金はキャッシュカードがあればATMで受け取れます。本日中に 06-6948-2175 までご連絡くださ"
        "い。");
    pair(
        &f, "TEXT_ROMANCE_INVESTMENT",
        "ジモティーで冷蔵庫を出品している者です。お支払いは現地で現金3000円でお願いします。エレベー"
        "ターないので2人で来てもらえると助かります。",
        "2人で暮らす家のために、少しずつ貯めようね。今月の分、この口座にお支払いしておいてくれる?");
    pair(
        &f, "TEXT_MARKETPLACE",
        "【フリマアプリ】ダイニングテーブルが購入されました。取引メッセージで外部サイトへの誘導や、"
        "アプリ外での支払いを求められた場合は事務局までご報告ください。",
        "購入ありがとうございます!"
        "アプリ外での支払いだと手数料がかからないので、こちらの口座へお振込"
        "みください。");
    fx_close(&f);
}

/* session 19 (ja_dev_hard44–46: work and small businesses, older people
 * and their families, young people and students) */
Test(message_rule_fp, session19_work_elders_students)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CARD_COLLECTION",
         "お母さん、銀行の人が家にカードを取りに来るって電話があったの"
         "？銀行員や警察がカードを取りに来ることは絶対ないから、玄関は"
         "開けないでね。すぐ行くから。",
         "金融庁 不正対策室です。お客様のキャッシュカードが不正に複製さ"
         "れた恐れがあります。本日職員がご自宅で新しいカードとお取り替"
         "えします。それまで今のカードと暗証番号を書いた紙を封筒に入れ"
         "、開けずに保管してください。");
    pair(&f, "TEXT_NEW_NUMBER",
         "留守電：父さん、俺。風邪ひいて声ガラガラだけど熱は下がったよ"
         "。正月は予定通り帰るね。",
         "父さん、俺だけど喉やられて声が変なんだ。しばらくLINEで話そう。"
         "新しいIDはtaku-0412だから追加して。");
    pair(&f, "TEXT_COVER_STORY",
         "銀行の窓口で何に使うか聞かれたら、正直に答えて大丈夫だよ。振"
         "込は私が一緒に行ってやるから心配しないで。",
         "お金は会社の後輩が取りに行くから、玄関で封筒ごと渡してくれれ"
         "ばいい。銀行で何に使うか聞かれたら、孫の学費って言っといて。");
    pair(&f, "TEXT_RECRUITMENT",
         "【採用のご連絡】入社初日に身分証と、給与振込先の口座がわかる"
         "通帳のコピーをお持ちください。雇用契約書はその場でご説明しま"
         "す。",
         "一次選考通過です。面接の前に本人確認として、身分証の写真、顔"
         "写真、給与振込用キャッシュカードの表面の写真を本日中にこちら"
         "のフォームから送ってください。");
    pair(&f, "TEXT_RECRUITMENT",
         "【警察署より】闇バイトを辞めたいと言うと「家族のところに行く"
         "」と脅されることがありますが、必ず警察が守ります。すぐ相談し"
         "てください。",
         "身分証も実家の住所ももらってるよね。今さら辞めるとか無理だか"
         "ら。明日9時に駅の改札で荷物受け取って。来なかったら家族のとこ"
         "行くよ");
    pair(&f, "TEXT_AGE_CHECK_CARD",
         "Matching app notice: age verification is done in the app by photographing your ID. "
         "We never ask for a credit card on an outside site.",
         "Hi! I'm a student in Kyoto too. Let's video chat on my friend's safe site — just "
         "register with your card to prove you're over 18, it's only a ¥1 check: "
         "https://kyoto-safe-chat.test/join");
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "出金に「保証金」や「税金の前払い」が必要と言われる投資詐欺が"
         "増えていますのでご注意ください。",
         "出金申請を受け付けましたが、信用スコア不足のため保留中です。"
         "保証金50,000円のお振込みで出金できます。本日中にご対応がない場"
         "合は口座が凍結されますのでご注意ください。");
    pair(&f, "TEXT_BRAND_LINK",
         "【ランサーズ】報酬のお支払い手続きが完了しました。明細はマイ"
         "ページからご確認ください。https://www.lancers.jp/",
         "【docomo】ご利用料金が高額になっております。お支払い手続きをお"
         "願いします。https://docomo-ryokin.example/");
    pair(&f, "TEXT_PIN_REQUEST",
         "にほんご きょうしつ：しらない ひと に カード や あんしょうばん"
         "ごう を おしえません。みんな で れんしゅう しましょう。",
         "内定おめでとうございます。社会保険の手続きのため、マイナポー"
         "タルの暗証番号（数字4桁）を本メールへの返信でお知らせください"
         "。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "ヤマト運輸 担当の石井です。お荷物のお届けで伺いましたがご不在"
         "でした。夕方もう一度伺います。ご都合が悪ければこの番号へ 080-2"
         "714-6358",
         "ヤマト運輸です。お荷物の配送料が未払いのため保管中です。本日"
         "中に 080-2714-6358 へお電話のうえ、カードでお支払いください。");
    pair(&f, "TEXT_CODE_REQUEST",
         "グッズ交換、私から先に発送しますね📦 追跡番号送ります。届いた"
         "らそちらも送ってもらえれば大丈夫です！",
         "さっき6桁の認証コードがSMSで届いたと思うんだけど、届いたらその"
         "まま送ってくれる？");
    pair(&f, "TEXT_SEXTORTION",
         "【注意】「あなたのカメラをハッキングした」と脅して仮想通貨を"
         "要求するメールが届いています。支払わず、無視してください。",
         "私はあなたのデバイスをハッキングし、カメラから映像を取得しま"
         "した。48時間以内に10万円分のビットコインを送金してください。誰"
         "かに話せば映像は連絡先の全員に送信されます。");
    pair(&f, "TEXT_LOAN_TO_BUY_IN",
         "先輩に投資の勉強会に誘われたけど、借金してまでやるものじゃな"
         "いって親に言われたからやめた。",
         "大学の先輩です！自動売買ツールを後輩価格20万で譲ってるよ。お金"
         "ない人には消費者金融で借りる方法も教えるから大丈夫！");
    pair(&f, "TEXT_MARKETPLACE",
         "I have two spare tickets for Saturday. Face value, we can meet at the venue and you "
         "pay me in cash there.",
         "Hi! I have 2 tickets for the Tokyo Dome show. 26,000 yen for both. Please pay by "
         "bank transfer first and I'll send the e-tickets after I confirm.");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "[IT Help Desk] A phishing email titled \"verify your account\" is going around. It "
         "links to a fake login page. Do not click it; change your password through the "
         "official portal.",
         "[Student Portal] Your account will be suspended in 24 hours. Verify your account and"
         " log in to keep access: please click the button in this message.");
    pair(&f, "TEXT_SECRET_PAYMENT",
         "霊園の見学予約ありがとうございます。ご契約はご家族でよくご相"
         "談のうえ、後日で結構です。",
         "永代供養墓の新区画、残りわずかです。今月中に申込金50万円のお振"
         "込みで確定します。ご家族へのご相談は契約後で結構です。");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "警察官を名乗り「口座の残高画面を撮影して送って」と求める電話"
         "に注意してください。警察がそのような依頼をすることはありませ"
         "ん。",
         "確認のため、口座の残高と定期預金の画面をすべて撮影して送って"
         "ください。通話を切ったり誰かに相談したりすると捜査妨害になり"
         "ます。");
    fx_close(&f);
}

/* session 19 (ja_dev_hard47–49: shopping, phones and IT support,
 * disasters and donations) */
Test(message_rule_fp, session19_shopping_phones_disasters)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_REMOTE_CONTROL",
         "パソコン教室のお知らせ：来週はネットバンキングの安全な使い方"
         "を一緒に練習します。ノートパソコンをお持ちください。",
         "返金の手続きに入ります。インターネットバンキングにログインし"
         "て、その画面のままマウスには触らないでお待ちください。金額の"
         "入力はこちらで行います。");
    pair(&f, "TEXT_CRYPTO_PAYMENT",
         "Donations for the earthquake relief can be made through the Red Cross's official "
         "site or at post offices. We never ask for crypto or gift cards.",
         "URGENT: help the families in the war zone. Banks are too slow, so we accept "
         "donations only in USDT to reach them directly. Reply with the amount after you send "
         "it.");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "町内会より：台風のあとの屋根の点検は、自分で業者を選んで見積"
         "りを取りましょう。「近所で工事をしているので」と来る業者には"
         "注意してください。",
         "【台風被害 無料点検】近所で工事をしているので今週に限り無料で"
         "屋根を点検します。瓦のズレは放置すると雨漏りの原因に！ご予約"
         "は 080-5162-8843 まで");
    pair(&f, "TEXT_MARKETPLACE",
         "We sell generators at our store in Sendai; card and cash on delivery accepted, and "
         "orders can be cancelled until shipping.",
         "Generator 3kW in stock, JPY 158,000. We ship today to the flooded areas. Payment in "
         "advance by bank transfer only, no cancellation. DM me for the account details.");
    pair(&f, "TEXT_DONATION_SCAM",
         "【ふるさとチョイス災害支援】寄附のお申し込みが完了しました。"
         "寄附先：岩手県宮古市 金額：10,000円 受領証明書は自治体から郵送さ"
         "れます。 https://www.furusato-tax.jp/",
         "【災害支援のお願い】被災地の子どもたちへの寄付を受け付けてい"
         "ます。下記の個人口座へお振込みください。ゆうちょ銀行 〇一八店"
         " 普通 5820417 サトウ ミキ");
    pair(&f, "TEXT_REFUND_LINK",
         "【ひかり電力】台風による停電のお詫びとして、電気料金の一部を"
         "次回のご請求から差し引かせていただきます。お手続きは不要です"
         "。",
         "【電力会社公式】台風による停電のお詫びとして、電気料金3か月分"
         "をご返金いたします。返金申請フォーム→ https://denki-henkin.test/form お"
         "早めにお手続きください。");
    pair(&f, "TEXT_IVR_PRESS",
         "lol I got a robot call today saying \"press 1 or your line will be stopped\". Hung up,"
         " it's a super common scam right now.",
         "This is an automated message from your phone carrier. Your line will be stopped in "
         "two hours because of unpaid charges. Press 1 to speak to an operator.");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "NTT西日本の故障受付で承りました件です。明日9時〜12時の間に担当"
         "者が伺います。訪問前に090-5318-4062からお電話いたします。",
         "NTT西日本です。お客様の回線に不正利用の疑いがあるため、本日中"
         "に回線を停止します。至急担当 090-5318-4062 までお電話ください。");
    pair(&f, "TEXT_FAKE_SHOP",
         "【こもれび雑貨店】ご注文ありがとうございます。お支払いはクレ"
         "ジットカード、コンビニ払い、代金引換からお選びいただけます。",
         "【ご注文確認】お支払い方法：銀行振込 振込先：三井住友銀行 本町"
         "支店 普通 4628153 名義 リ ケイシン ※クレジットカード決済はただい"
         "まシステムメンテナンス中のためご利用いただけません。");
    pair(&f, "TEXT_SUBSCRIPTION_TRAP",
         "【定期コースのご案内】2回目を発送しました。解約・休止はマイペ"
         "ージからいつでも、またはお電話（9:00〜18:00）でも承ります。",
         "【定期コースのご案内】お試しセットのお申し込みありがとうござ"
         "いました。2回目を本日発送しました。解約をご希望の場合は、お電"
         "話（平日10:00〜11:00）にてご連絡ください。");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "先日ご注文いただいた海産物セット、ご家族様がお受け取りになり"
         "ました。代金はお届け時にお支払い済みです。ありがとうございま"
         "した。",
         "先日、海産物セットをお送りした北海道ほたて屋です。ご家族様が"
         "お受け取りになりましたが、代金18,000円のお振込みがまだ確認でき"
         "ておりません。");
    pair(&f, "TEXT_RECRUITMENT",
         "Warning from the International Association: messages offering 'relief money for "
         "foreigners' ask for a photo of your residence card and your bank card. These are "
         "scams. The city never asks for this by LINE or Telegram.",
         "Relief money for foreigners: 50,000 yen. Send a photo of your residence card on "
         "Telegram @relief_jp to apply today.");
    fx_close(&f);
}

/* session 19 (ja_dev_hard50–52: investment and recovery, hijacked
 * accounts, health and insurance) */
Test(message_rule_fp, session19_hijacked_accounts_health)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CODE_REQUEST",
         "さっき届いた6桁のコードは無視して！登録のとき間違えてあなたの"
         "番号入れちゃった。自分の番号でやり直したから大丈夫、ごめんね",
         "【至急】さっきそっちに認証番号のSMS行かなかった？俺が間違えて"
         "お前の番号入れちゃったやつだから、教えてもらえると助かる。4桁"
         "のやつね");
    pair(&f, "TEXT_VOTE_LOGIN",
         "ゼミのビジネスコンテスト、一般投票が始まったよ。大学の公式サ"
         "イトのページからログインなしで投票できるので、よかったら応援"
         "してね",
         "Xのイラストコンテストに作品出したよ！Xのアカウントでログインし"
         "てハート押すと1票になるので、応援お願い🎨 https://x-art-contest.test/"
         "login");
    pair(&f, "TEXT_BAIT_LINK",
         "この前の文化祭の動画、クラスのアルバムにあげといたよ。みんな"
         "でアプリから見てね",
         "この動画に映ってるの、お前だよな？もう3000人くらい見てるっぽい"
         "。ログインしないと見られないけど早く確認した方がいい https://cli"
         "p-viewer-login.example/s/r7Tq");
    pair(&f, "TEXT_DEVICE_LINK",
         "To use WhatsApp on your laptop, open Settings > Linked devices on your own phone and"
         " scan the code shown on your laptop screen.",
         "Can you scan this QR with your WhatsApp? My phone died and I need someone to open "
         "the web version for me. Just scan it and press \"Link a device\" please");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "Steamのセール、自分のカード登録できたから欲しかったゲーム買えた"
         "！今度一緒にやろう",
         "ねえ、Steamのウォレットカード5000円のやつ2枚買ってくれない？自分"
         "のカード登録できなくて😭 コードの写真くれたら明日学校で現金渡"
         "す");
    pair(&f, "TEXT_OVERPAYMENT",
         "さっきの割り勘、2回送っちゃったみたい。アプリの履歴で確認でき"
         "たら1回分返してね、急がないよ",
         "さっきの割り勘、まちがえてあなたに2回送っちゃった💦 1回分だけ"
         "返してもらえる？アプリの履歴に出るまで時間かかるみたいだから"
         "、先に送ってくれると助かる！");
    pair(&f, "TEXT_ATM_REFUND",
         "Your medical expense refund will be transferred to your registered bank account in "
         "June. You do not need to do anything.",
         "Hi, this is Ms. Yamada from the city office. Your hospital fee refund (31,000 yen) "
         "is ready. Please go to a convenience store ATM with your bank card and call me at "
         "080-6172-3408 when you arrive.");
    pair(&f, "TEXT_ATM_REFUND",
         "しやくしょ から：びょういん で はらった おかね は、あなた の ぎ"
         "んこう の こうざ に ふりこみます。てがみ を まって ください。",
         "【しやくしょ】びょういん で はらった おかね が もどります(23,500"
         "えん)。きょう ATM で てつづき を します。ATM に ついたら でんわ し"
         "て ください 070-3864-1592");
    pair(&f, "TEXT_UNLISTED_SHARES",
         "老人ホームの入居契約、母と一緒に説明を聞いてきた。入居一時金"
         "は契約のあとで施設の口座に振り込むんだって",
         "ひだまり介護ホールディングスの者です。お母様宛てのパンフレッ"
         "トの老人ホーム入居権の件で、弊社の関係者に名義をお貸しいただ"
         "けないでしょうか。お礼は必ずいたします。");
    pair(&f, "TEXT_FAKE_BILL",
         "さくら内科です。未払いの診療費が1,200円ございます。次回ご来院の"
         "際に窓口でお支払いください。",
         "未払いの診療費についてのご連絡です。期日までにご入金が確認で"
         "きない場合、法的措置を取らせて頂きます。医療債権管理センター"
         " 03-6381-4972");
    pair(&f, "TEXT_ADVANCE_FEE",
         "【かいごほけん】かいごほけん の おかね の おしらせ は、てがみ "
         "で とどきます。てすうりょう は かかりません。",
         "【かいごほけん】あなた は 50,000えん もらえます。さき に てすうり"
         "ょう 2,000えん を はらって ください。ここ から→ https://kaigo-kyufu.ex"
         "ample/easy");
    pair(&f, "TEXT_RECOVERY_SCAM",
         "べんごしかい の おしらせ：とうし さぎ の ひがい は、まず けいさ"
         "つ と しょうひせいかつセンター に そうだん して ください。",
         "とうし さぎで おかねを とられた かたへ。わたしたちが おかねを "
         "とりもどす おてつだいを します。さいしょに てすうりょう 3まんえ"
         "ん が ひつようです。LINE ID: torimodosu_help");
    pair(&f, "TEXT_RECOVERY_SCAM",
         "ご相談の件、被害届を受理しました。捜査の状況は担当から書面で"
         "お知らせします。警察が返金の手続きを電話で求めることはありま"
         "せん。",
         "【警察庁 特殊詐欺対策室】あなたの投資被害について、犯人グルー"
         "プの口座から資金を押収しました。返還手続きのため下記までご連"
         "絡ください。担当 小島 03-6481-9257");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "証券会社のロボアドバイザーの説明会、公式アプリから申し込める"
         "みたい。手数料も書いてあったよ",
         "【AI自動売買QuantEdge】昨日の会員平均利益率+4.8%。無料体験枠は残り"
         "3名です。参加希望の方はLINE ID「@qedge_jp」へ「体験希望」とお送りく"
         "ださい。");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "【家族】叔父さんがSNSの投資グループで500万振り込んじゃったらし"
         "い。今は警察と弁護士に相談中。知らない人から「取り戻せます」"
         "って連絡が来ても無視するように伝えておいて",
         "【限定】SNSで話題の投資グループに今だけ無料で参加できます！毎"
         "日の推奨銘柄を配信中。LINEで「参加」と送ってください");
    pair(&f, "TEXT_BENEFIT_LURE",
         "Subject: Refund processed. Hi Maria, your refund of JPY 18,400 for the cancelled "
         "reservation has been processed to your Visa ending 2281. It may take up to 10 "
         "business days to appear.",
         "【金融庁】SNS型投資詐欺被害者救済給付金（上限100万円）の申請受"
         "付を開始しました。申請期限12月20日。https://fsa-kyusai.example/");
    pair(&f, "TEXT_UNLISTED_SHARES",
         "新規公開株(IPO)の抽選申込を受け付けました。抽選結果は証券会社の"
         "公式アプリでお知らせします。",
         "上場準備中の医療系ベンチャー企業の未公開株を、限られた方にの"
         "みご案内しております。ご希望の方は担当の中西までお電話くださ"
         "い。なお、ご家族を含め第三者へのご相談はお控えください。");
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "您的提现已到账，请在App内查看明细。如有疑问请通过官方App内的客"
         "服联系。",
         "您的提现申请已通过初审，但系统检测到账户存在异常交易记录，需"
         "缴纳20%风险保证金后方可到账。请在24小时内联系在线客服：Telegram @"
         "jpx_kefu_88");
    fx_close(&f);
}

/* session 19 (ja_dev_hard53–54: foreign residents' languages, land and
 * inheritance) */
Test(message_rule_fp, session19_residents_land)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_LAND_FEE",
         "相続した那須の土地、売るなら地元の不動産屋さんに査定してもら"
         "おうか。仲介手数料は売れたときだけだって",
         "【土地売却のご相談】お父様がご購入の北海道の原野について、道"
         "外の法人様から買取希望が届いております。売却前提の現況測量費"
         "用として事前に198,000円が必要です。");
    pair(&f, "TEXT_LAND_FEE",
         "ご無沙汰しております。那須の別荘地の管理組合です。今年の総会"
         "資料を郵送しましたので、ご確認ください。",
         "ご無沙汰しております。以前ご購入いただいた日本土地開発の者で"
         "す。昭和の頃に分譲した那須の区画について、一括買い上げのお話"
         "が来ております。折り返しお電話ください。0287-63-9014");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "詐欺被害を防ぐため、警察官が電話やLINEで口座の凍結をお知らせす"
         "ることはありません。",
         "大阪府警捜査二課の者です。あなたの口座も凍結の対象になる可能"
         "性があります。凍結を防ぐため、今すぐ担当捜査員のLINE（ID: fukei-s"
         "ousa2）に連絡してください。家族にも話さないでください。");
    pair(&f, "TEXT_SECRET_PAYMENT",
         "【送金アプリ】認証コード 507318 を入力してください。このコードは"
         "誰にも教えないでください。有効期限10分。",
         "この送金のことは誰にも言わないでね。今日中にこの口座に振り込"
         "んでくれたら助かる");
    pair(&f, "TEXT_PIN_REQUEST",
         "Thông tin từ nhóm hỗ trợ người Việt: cảnh sát Nhật không gọi điện "
         "yêu cầu chuyển tiền, không hỏi mật khẩu ngân hàng. Nếu bị gọi như v"
         "ậy hãy cúp máy và gọi 110.",
         "Em ơi, gửi mật khẩu ngân hàng và thẻ ATM cho anh qua Zalo nhé, anh rút tiền giúp em.");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "Reminder from Hikari Care: your residence card expires on 30 June; apply at the "
         "immigration bureau. If someone calls saying your visa will be cancelled and asks for"
         " money, please tell us immediately.",
         "This is the immigration bureau. Your visa will be cancelled today. Keep this secret "
         "and call 03-6412-8870 now.");
    pair(&f, "TEXT_PRIZE_LURE",
         "商店街の福引で当たりました！5000円の商品券、さっきお店でもらっ"
         "てきたよ",
         "【ブラジル食品マーケット 創業祭】おめでとうございます！抽選で"
         "5万円分のお買い物券が当たりました🎁 受け取りには送料550円のお"
         "支払いが必要です。");
    pair(&f, "TEXT_SIDE_JOB",
         "Lowongan kerja di pabrik makanan Ibaraki, tanpa biaya. Wawancara di kantor kami di "
         "Mito, bawa 在留カード asli.",
         "Lowongan kerja di pabrik makanan Ibaraki. Kirim foto 在留カード depan belakang ke FB ini."
         " Ongkos pendaftaran 15.000 yen, transfer dulu ya.");
    pair(&f, "TEXT_REMOTE_SALE",
         "신오쿠보 원룸 계약은 부동산 사무소에서 방을 보고 나서 진행합니다"
         ". 초기비용은 계약 후 회사 계좌로 입금합니다.",
         "[신오쿠보 원룸 양도] 월 5만엔에 넘겨드려요. 제가 한국에 있어서 집"
         "은 못 보여드리는데 사진 보시면 돼요. 먼저 입금하시는 분께 드립니"
         "다. 보증금 10만엔");
    fx_close(&f);
}

/* Chinese warning words that are also Japanese (違法行為) count as a
 * warning only where Chinese grammar frames them (是/屬於 違法行為): a
 * Japanese "penalty" demand that calls name-lending illegal is the fraud. */
Test(message_rule_fp, japanese_accusation_is_no_chinese_warning)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SETTLEMENT_DEMAND",
         "【ひばり市消費生活センター】「名義を貸してほしい」という依頼は違法行為にあたる場合があり"
         "ます。違約金を求める電話があっても支払わず、ご相談ください。",
         "名義をお貸しいただいた件ですが、名義貸しは違法行為にあたり、このままではお客様も罪に問わ"
         "れます。解決するには、買取会社へ違約金300万円をお支払いいただくしかありません。");
    fx_close(&f);
}

/* Session 20 (ja_dev_hard55–56): "I recorded you … I send it to your
 * company — if you don't want that, pay" in Japanese and English; a benefit
 * "applied for here →" on a site off the state's domains; "enter the card
 * number, expiry and security code"; a seller's "cancel and pay by bank
 * transfer"; a driver's customs duty paid at the door; money the city pays
 * into "the designated account"; "自動では停止されません" as a denial; "the
 * app's messages cost points — Telegram is free"; "a card for the age
 * check". Each pair failed on the commit before. */
Test(message_rule_fp, dating_schools_and_sextortion)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SEXTORTION",
         "旅行の写真、家族に送っておいたよ!嫌なら消すから言ってね。ホテル代は来週精算しよう",
         "ビデオ通話の画面はカメラを通じて全部記録しました。その映像とあなたの連絡先リストは手元に"
         "あります。今日中に15万円を下記の口座に振り込んでください。");
    pair(&f, "TEXT_SEXTORTION",
         "あの動画、会社の忘年会のやつ、人事部に送っといたよ。嫌なら言ってね",
         "あの夜の動画、会社の人事部に送るよ。嫌なら今夜までに20万円、下のビットコインアドレスに"
         "送れ。");
    pair(&f, "TEXT_SEXTORTION",
         "I saved the recording of the webinar,"
         " I'll send it to the whole team later.",
         "I recorded everything from our video "
         "call. Pay 900 USD in BTC within 12 hours "
         "or the video goes to all of your followers.");
    pair(&f, "TEXT_BENEFIT_LURE",
         "【青葉市】子育て応援給付金(3万円)の申請受付を開始しました。申請は市ホー"
         "ムページから https://www.city.aoba.lg.jp/kosodate/"
         "kyufu",
         "【文部科学省】高校生等奨学給付金の申請受付を開始しました。対象世帯には最大14万円を給付"
         "します。申請は3/31まで→ https://mext-kyufu.example/ap"
         "ply");
    pair(&f, "TEXT_CREDENTIAL_REQUEST",
         "【みどりカード】セキュリティコードはカード裏面の3桁の番号です。当社が電話やメー"
         "ルでお尋ねすることはありません。",
         "卒業アルバムの追加注文は本日が最終日です。下記の注文サイトから、カード番号・有効期限・セ"
         "キュリティコードをご入力ください。 https://album-order."
         "example/school/4711");
    pair(&f, "TEXT_MARKETPLACE",
         "Thanks for buying the school bag! The "
         "app shows your payment, so I will ship "
         "it today by Yamato.",
         "Thanks for buying the school bag. The "
         "app payment has an error, so please "
         "cancel and pay by bank transfer to my "
         "account. Contact me on LINE: bag_sell77");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "ヤマト運輸の佐藤です。海外からのお荷物、関税と消費税で1,200円を配達時に現金でお願い"
         "します。本日13時頃に伺います。ご不在の場合は 080-5291-4638 "
         "にご連絡ください",
         "ヤマト運輸の佐藤です。海外からのお荷物、関税1,200円を先に下記口座へお振込みください"
         "。確認後に伺います。ご不明な点は 080-5291-4638 まで");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【若葉台小】就学援助の認定結果を郵送しました。認定されたご家庭の学用品費は、"
         "学期ごとに指定の口座へ市から振り込まれます。手続きは不要です。",
         "捜査のため、あなたの預金を一時的に指定の口座へ移してください。振込後に返還します。");
    pair(&f, "TEXT_FAKE_BILL",
         "退会手続きが完了しました。なお、App Store経由の定期購入は自動では停止されません"
         "。端末の設定から解約されているかご確認ください。",
         "退会手続きが完了していないため、月額料金39,800円が未払いです。本日中にご連絡がない"
         "場合、法的手続きに移行します。03-5928-4471");
    pair(&f, "TEXT_ROMANCE_MOVE",
         "このアプリ、ポイントの無料期間がけっこう長いね。また週末にメッセージするね",
         "アプリのメッセージ1通ごとにポイント消費するのもったいなくない？テレグラムなら無料で写真"
         "も送れるよ〜 @mio_kyoto27 で検索してね");
    pair(&f, "TEXT_AGE_CHECK_CARD",
         "Tinder: to get the blue check, verify "
         "your photo inside the app. We never "
         "ask for a card to verify your age by "
         "text.",
         "Hi it's Emma from the app! Before we "
         "meet can you verify you're real here?"
         " https://date-safe-verify.example/e/88 "
         "it asks for a card for the age check "
         "but it's free");
    fx_close(&f);
}

/* Session 20 (ja_dev_hard57–58): a withdrawal "under review" until a
 * deposit is paid; a sale's proceeds "sent to your wallet" are no prize;
 * "秘密鍵は必要ありません" denies the ask; English "payment method" only
 * when it is to be updated or was declined; a card code "shown as used"
 * and "buy one more of the same amount"; a water bill's stop of supply
 * paid from the message (not by the mailed slip); a parcel "at the store"
 * in kana; a friend's "やめときな"; English "to receive it, pay". Each pair
 * failed on the commit before. */
Test(message_rule_fp, crypto_and_convenience_stores)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "【みどり暗号資産取引所】出金申請を受け付けました。ただいま審査中です。完了までの状況は公"
         "式アプリの履歴でご確認ください。",
         "【オンラインカスタマーサービス】お客様の出金は「マネロン審査」中です。審査保証金として残"
         "高の30%(1,027,500円)を入金いただければ、審査が即日完了し全額を出金できます"
         "。");
    pair(&f, "TEXT_PRIZE_LURE",
         "Congratulations! Your item \"Harbor Lights "
         "#12\" sold for 0.065 ETH. After the marketpla"
         "ce fee, 0.0601 ETH has been sent to "
         "your wallet. See your activity page.",
         "Congratulations! You won 0.5 ETH in "
         "our holder airdrop. Pay the 0.01 ETH "
         "gas fee to receive it today.");
    pair(&f, "TEXT_CREDENTIAL_REQUEST",
         "【みどり取引所】手続きにウォレットの秘密鍵は必要ありません。ご不明な点はこのメー"
         "ルに返信でご質問ください。",
         "【みどり取引所】本人確認のため、ウォレットの秘密鍵を24時間以内にこのチャットに返信して"
         "ください。");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "Order confirmation. Payment method: "
         "convenience store. Payment number 73108-2264"
         "9, amount ¥6,990. If we do not receive "
         "payment by the deadline, your order "
         "will be cancelled. https://shop-aoba."
         "example/order",
         "Your payment method was declined and "
         "your account will be suspended. Update "
         "your payment method within 24 hours: "
         "https://acct-verify.example/billing");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "コンビニでギフトカード買ったけど、番号が使用済みって出た。レシート持ってお店に聞いてみる"
         "ね",
         "送っていただいたカード番号を確認したところ「使用済み」と表示されました。"
         "お手数ですが別のコンビニで同じ金額のカードを購入し、再度番号をお送りください。");
    pair(&f, "TEXT_FAKE_BILL",
         "【青葉市水道局】水道料金2か月分が未納です。このままでは給水停止となります。"
         "お手元の納付書で金融機関またはコンビニにてお支払いください。",
         "水道局料金センターです。水道料金2か月分(8,730円)が未納のため、明日より給水を停止"
         "します。停止を避けるにはコンビニで下記番号にてお支払いください。受付番号 "
         "3309-2817");
    pair(&f, "TEXT_DELIVERY_LURE",
         "にもつ が とどいて います。あした の ごご に もう いちど もって "
         "いきます。ヤマト の たなか",
         "にもつ が コンビニ に とどいて います。うけとる まえ に りょうきん "
         "380えん を はらって ください。 https://nimotsu-konbini."
         "example/");
    pair(&f, "TEXT_INVESTMENT_GROUP",
         "その「LINEの投資グループ」って、先生役の人がいて必ず儲かるって言うやつでしょ?"
         "それ絶対やめときな。",
         "LINEの投資グループに招待します。先生が必ず儲かる銘柄を毎日教えてくれます。"
         "参加はこちら https://kabu-sensei.example/line");
    pair(&f, "TEXT_ADVANCE_FEE",
         "Support payment for foreign residents: "
         "the city pays ¥50,000 into your registered "
         "bank account in June. No fee and no "
         "action needed.",
         "Foreign residents support payment ¥50,"
         "000: you are eligible. To receive it,"
         " pay the ¥1,000 registration fee at "
         "a convenience store. Get your payment "
         "number here: https://gaikokujin-kyufu."
         "test/en");
    fx_close(&f);
}

/* Session 20 (ja_dev_hard59–60): a loan for those no licensed lender may
 * lend to ("ブラックOK", "審査なし") through a messenger; a loan's money
 * "frozen" until an unlocking fee is paid ("…が発生しますのでご注意くださ
 * い" is its threat, not a warning); English "this is the president" + a
 * private LINE group; English "remit to our Hong Kong account instead";
 * "the mailbox is over its quota, new mail is held". Each pair failed on
 * the commit before. */
Test(message_rule_fp, companies_and_loans)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ILLEGAL_LOAN",
         "【みどりファイナンス】ご融資のお申し込みありがとうございます。審査結果はマイペー"
         "ジでご確認ください。 https://www.midori-finance."
         "co.jp/mypage",
         "他社で断られた方、ブラックOK!債務整理中でもご相談ください。審査は最短5分、"
         "LINEだけで完結します。LINE ID:@okane-soudan7 "
         "まで「融資希望」と送信");
    pair(&f, "TEXT_LOAN_FEE",
         "【みどりファイナンス】ご融資金は本日、ご登録の口座へお振込みしました。手数料はかかりませ"
         "ん。ご返済日はマイページでご確認ください。",
         "ご融資金の送金処理をしたところ、口座番号の入力ミスにより送金が凍結されました。"
         "解除手数料29,800円をご入金いただければすぐに送金できます。本日中にご対応いただけな"
         "い場合、違約金が発生しますのでご注意ください。");
    pair(&f, "TEXT_CEO_FRAUD",
         "This is the president's office: the "
         "all-hands meeting moves to 3 pm. Please "
         "put it in the team calendar.",
         "This is the president. Please make a "
         "new LINE group with only you and me,"
         " and send me the invite link. It is "
         "confidential, do not tell other staff.");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "Dear Accounts Payable team, invoice "
         "INV-88213 is attached. Please pay to "
         "our usual account as always. Thank you.",
         "Dear Accounts Payable team, our Japanese "
         "bank account is temporarily frozen. "
         "Please remit invoice INV-88213 to our "
         "Hong Kong account instead, immediately.");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【情報システム部】メールボックスの容量が80%を超えました。不要なメールを削除してくださ"
         "い。",
         "【要対応】Microsoft 365 メールボックスの容量超過 新着メー"
         "ル23通が保留されています。アカウントの確認を行うと容量が追加されます。"
         " https://m365-storage-upgrade.example/verify");
    fx_close(&f);
}

/* Session 20 (ja_dev_hard61): Easy Japanese written in kana with spaces
 * reads like the kanji it stands for — a present held at customs for a
 * "tax", a gift card named in kana and "reply with the card's number", an
 * embassy and "the police are investigating you", a paid site's fee with a
 * lawsuit. Each pair failed on the commit before. */
Test(message_rule_fp, easy_japanese_in_kana)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_ROMANCE_MONEY",
         "マリア、 きょう は プレゼント を かいに いったよ。 こんど あう "
         "とき に わたすね。 ぜいかん の しごと は たいへん だね",
         "マリア、 きょう プレゼント を おくった けど くうこう の ぜいかん "
         "で とまって いる。 「ぜいきん 98,000円 を はらって」 と いわれた。"
         " きみ が この こうざ に ふりこんで ください");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "グーグル プレイ カード を かいました。 レシート を もって います。"
         " つかいかた を おしえて ください",
         "しゃちょう の たかはし です。 グーグル プレイ カード 5まん円 ぶん "
         "を かって ください。 かったら カード の ばんごう を この メール "
         "に へんしん して ください");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "たいしかん から の おしらせ: パスポート の こうしん は まどぐち "
         "で できます。 よやく は ホームページ から",
         "ちゅうごく たいしかん です。 くに の けいさつ が あなた を しらべて "
         "います。 きょう 中 に 03-4582-7106 に でんわ して ください");
    pair(&f, "TEXT_FAKE_BILL",
         "【わかば し】 ゆうりょう の ごみぶくろ の りょうきん は スーパー"
         " で かいます。 しやくしょ に はらう ひつよう は ありません",
         "【べんごし じむしょ】 あなた の ゆうりょう サイト の りょうきん "
         "185,000円 が まだ です。 あした まで に はらわない と、 "
         "さいばん を はじめます");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard62–64): public offices (an unpaid premium or
 * licence fee, "your phone is being used for fraud", a refund applied for
 * with a fee, "your details are on a fraudsters' list"), creators and
 * fans (moved off the app to a link, a go-between site, a scout's or an
 * ambassador's purchase first) and links written with spaces ("h t t p s
 * : / / host . test / x", "host [.] example/x"); and the genuine side: a
 * lottery application's receipt, "お支払いは一切不要", Google Play the
 * store, "は一言も書いてなかった", "支払いは納付書…", an office that asks to
 * be verified on its own site, an English driver's note, a friend's "絶対
 * 送っちゃだめ", English "please ignore any e-mail offering …". Each pair
 * failed on the commit before. */
Test(message_rule_fp, offices_creators_and_spaced_links)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_DELIVERY_LURE",
         "【ヤマト運輸】お荷物をお届けにあがりましたが、ご不在のため持ち帰"
         "りました。再配達はヤマト運輸の公式アプリからお申し込みください。",
         "【ヤマト運輸】お荷物をお届けにあがりましたが、ご不在のため持ち帰"
         "りました。再配達の手続き→ h t t p s : / / yamato-saihaitatsu . "
         "test / r8Kq");
    pair(&f, "LINK_IMITATES_CLAIM", "【ミドリカード】ご利用明細を公式アプリに掲載しました。",
         "【ミドリカード】ご利用を一時停止しています。解除手続き→ midori-"
         "cd [.] example/unlock");
    pair(&f, "TEXT_FAKE_BILL",
         "【NHK】受信料のお支払い状況のご確認。同封の払込用紙で金融機関ま"
         "たはコンビニでお支払いください。",
         "【NHK】受信料の未払いが3ヶ月分あります。本日中にお支払いください"
         "→ nhk-haraikomi . test / pay 期限を過ぎると割増金が発生します");
    pair(&f, "TEXT_RECRUITMENT", "ホワイト案件って書いてあるバイト、怪しいからやめときな",
         "ホワイト案件です！書類を運ぶだけで日給5万、怪しい仕事じゃないで"
         "す。テレグラムで連絡して");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "警察署からのお知らせ：キャッシュカードが詐欺に悪用される被害が増"
         "えています。",
         "大阪府警 捜査二課です。お持ちのスマホが詐欺事件に使用されていま"
         "す。至急 06-6945-2218 に折り返しご連絡ください。");
    pair(&f, "TEXT_FAKE_BILL",
         "【日本年金機構】国民年金保険料の納付のお願い。同封の納付書で金融"
         "機関またはコンビニでお支払いください。",
         "日本年金機構です。国民年金保険料が3か月未納のため、財産の差押え"
         "を開始します。本日17時までに0800-919-5128へご連絡ください。");
    pair(&f, "TEXT_ADVANCE_FEE",
         "【みどり通販】返品を受け付けました。返金手続きは3営業日以内に完"
         "了します。",
         "【国民生活センター】過去の契約トラブルの返金対象に該当しました。"
         "返金申請（事務手数料4,400円）はこちら https://kokumin-henkin.exa"
         "mple/apply");
    pair(&f, "TEXT_RECOVERY_SCAM",
         "消費生活センターより：「あなたの個人情報が詐欺業者のリストに登録"
         "されています」という電話にご注意ください。",
         "個人情報保護センターです。お客様の電話番号が悪質業者の名簿に掲載"
         "されています。削除は本日中に 03-5219-6631 へお電話ください。");
    pair(&f, "TEXT_ROMANCE_MOVE", "運営に見られちゃうとか気にしなくていいよ、このままここで話そう",
         "ここだと運営に見られちゃうから、こっちで話そ？ https://talk-room"
         ".example/j/ak2");
    pair(&f, "TEXT_FAKE_ESCROW", "チケットは公式リセールで買ったよ。仲介サイトは使ってない",
         "チケット譲ります！支払いはこの仲介サイトで。公演日まで運営が代金"
         "を預かってくれます https://ticket-hold.example/d/551");
    pair(&f, "TEXT_JOB_PREPAY",
         "モデル事務所のスカウトです。所属に費用はかかりません。面談は事務"
         "所で行います。",
         "モデル事務所スカウトです。所属には宣材写真の撮影費用38,000円のお"
         "支払いが必要です。詳細→ https://model-scout.example/e");
    pair(&f, "TEXT_PRIZE_LURE",
         "【ローソンチケット】抽選申込受付完了のお知らせ。当選の場合のお支"
         "払いは、お申込み時に選択された方法となります。",
         "【ローソンチケット】抽選の結果、当選しました！お支払いは本日中に"
         "こちらから https://lawson-ticket-pay.example/");
    pair(&f, "TEXT_PRIZE_LURE",
         "【当選のお知らせ】抽選の結果、お米5kgに当選されました。お手続き"
         "や送料のお支払いは一切不要です。",
         "【当選のお知らせ】抽選の結果、お米5kgに当選されました。送料550円"
         "のお支払いをお願いします。 https://okome-present.example/");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "お支払い方法に問題がありました。Google Playアプリの［お支払いと"
         "定期購入］から更新しないと、特典が停止されます。",
         "未納料金があります。Google Playカードを3万円分購入し、裏面の番号"
         "を送ってください。払わないと利用を停止します。");
    pair(&f, "TEXT_ATM_REFUND",
         "市役所から還付の通知が来た。ATMに行けとかは一言も書いてなかった"
         "よ",
         "市役所保険年金課です。医療費の還付金があります。本日中に近くのAT"
         "Mへ行き、着いたらお電話ください。");
    pair(&f, "TEXT_TAX_DEMAND",
         "住民税を滞納すると差し押さえもあるって。支払いは納付書か市の公式"
         "サイトからだよ",
         "【市税事務所】住民税の滞納により給与を差し押さえます。本日中にお"
         "支払いください https://shizei-pay.example/");
    pair(&f, "TEXT_TAX_DEMAND",
         "自動車税を滞納したら給料差し押さえってSMSが来たけど、SMSのリンク"
         "はまず偽物だよ。無視でOK",
         "【自動車税事務所】自動車税の滞納により給料を差し押さえます。本日"
         "中に納付してください https://jidoushazei.example/");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "市役所 国保年金課です。書類に不備がありました。国保コールセンタ"
         "ー 050-3184-7720 までお電話ください（番号は市公式ホームページで"
         "もご確認いただけます）。",
         "市役所 国保年金課です。書類に不備がありました。担当 050-3184-772"
         "0 までお電話ください。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "Hi, this is Ken from Yamato. I have your parcel, I'll come "
         "around 6pm. Call me if you're out 080-2291-7735",
         "This is Yamato. Your parcel is on hold. Call 080-2291-7735 to "
         "confirm your address.");
    pair(&f, "TEXT_EMONEY_DEMAND", "Apple gift card wo moratta! arigatou, daiji ni tsukau ne",
         "Mibarai ga arimasu. Apple gift card 3man en kounyuu shite, code "
         "wo kono bangou ni henshin shite kudasai.");
    pair(&f, "TEXT_RECRUITMENT",
         "Signalで来たバイトの話、あれ闇バイトだよ。身分証とか絶対送っちゃ"
         "だめ！",
         "高額バイト！荷物を受け取るだけで日給5万、シグナルで連絡を。身分"
         "証の写真も送ってね");
    pair(&f, "TEXT_PRIZE_LURE",
         "Hi Ana, here is how to claim your Lump-sum Withdrawal Payment "
         "after you leave Japan: the form is on the Japan Pension Service "
         "website. There is no application fee. Please ignore any e-mail "
         "offering to speed up the payment for money.",
         "Claim your pension refund now! Pay the processing fee of 3,000 "
         "yen at https://pension-claim.example/");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard65–67): spiritual sales (bad luck read from a
 * seal, a blessed object through a link; "it will not go to waste" is the
 * fraudster's promise, not a genuine "we never …"), English to residents
 * and tourists (a parcel-forwarding job, a holding fee before the viewing,
 * a finance persona's compliment, a hotel card "not authenticated", a job
 * fee first in kana) and collectibles (a deep discount paid by transfer
 * only, an item "held for you", a go-between centre, "outside the app",
 * "another 60,000 yen, refunded on arrival", "10 % a month", a gift card's
 * number asked under a borrowed "防止のため"); and the genuine side: a
 * ticket's QR code in the e-mail, a delivery box's PIN on the slip, a
 * driver's "佐川の配達の者です", a lottery sale on a brand's own store, a
 * brand's warning naming its official site. Each pair failed on the
 * commit before. */
Test(message_rule_fp, spiritual_sales_residents_and_collectibles)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_SPIRITUAL_SALE",
         "【日本印相協会】印鑑の正しい保管方法についてのコラムを公開しまし"
         "た https://inso-column.example/",
         "鑑定の結果、現在お使いの実印は凶相です。このままでは金運が大きく"
         "損なわれます。開運印鑑セットのお申込みはこちら https://kaiun-ink"
         "an.example/order");
    pair(&f, "TEXT_FAKE_SHOP",
         "【カモメ雑貨】冬のセール 最大50%OFF！お支払いはクレジットカード"
         "・代引きがご利用いただけます https://kamome-zakka.example/sale",
         "【アウトドア倉庫】在庫処分 最大80%OFF！お支払いは銀行振込のみと"
         "なります https://outdoor-souko.example/sale");
    pair(&f, "TEXT_FAKE_SHOP",
         "【ホビーショップ】ご予約の限定フィギュアを確保しました。お支払い"
         "は店頭でお願いします。",
         "【予約確保のお知らせ】限定フィギュアをお客様分1体確保しました。2"
         "4時間以内に決済をお願いします→ https://figure-hold.example/p/2");
    pair(&f, "TEXT_FAKE_ESCROW", "この前のカードの取引、仲介業者を使ったから安心だったよ",
         "取引はホビー仲介センター経由でお願いします。入金案内のメールの口"
         "座に振り込んでください。窓口 050-3184-7720");
    pair(&f, "TEXT_MARKETPLACE",
         "アプリ内でのお取引ありがとうございました！売上の振込申請はアプリ"
         "からできます",
         "ご購入ありがとうございます。同じ商品をもう1点持っています。アプ"
         "リ外なら2個まとめて定価でお譲りできます。振込先をお送りするので"
         "メールアドレスを教えてください");
    pair(&f, "TEXT_MARKETPLACE", "追加の6万円、昨日振り込んでおいたよ。車検代ありがとう",
         "お振込ありがとうございました！航空会社から保険が必要と言われ、追"
         "加の6万円を今日中に送ってください。到着後に全額返金されます");
    pair(&f, "TEXT_INVESTMENT_GUARANTEE", "毎月1割ずつ貯金が増えてる！家計簿アプリのおかげ",
         "叔父の会社で限定スニーカーの転売投資をやってるよ。最初に10万円預"
         "けたら毎月1割ずつ利益が出る。LINE教えるね ID: sneaker_uncle");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "【県警】占い師を名乗る人物から電子マネーを購入してカード番号を送"
         "ってしまう被害が発生しています。番号を他人に教えてはいけません。",
         "不正注文防止のための取引確認です。Appleギフトカード2万円分をご購"
         "入のうえ、カード裏面の番号をこのメールにご返信ください。");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "Google Playギフトコードを友達にもらった。アプリで入力したら使え"
         "たよ",
         "儀式の供物代として、Google Playギフトコード3万円分をご用意いただ"
         "き、コード番号をこのチャットに打ち込んでください。無駄になること"
         "はありません。");
    pair(&f, "TEXT_JOB_PREPAY",
         "しごと あります。じきゅう 1,200えん。めんせつ は しやくしょ の "
         "となり の じむしょ で します。",
         "しごと あります。じきゅう 1,400えん。とうろくりょう 20,000えん "
         "を さきに はらって ください。LINE ID: job-jp-viet");
    pair(&f, "TEXT_RECRUITMENT",
         "Can you receive some packages for me while I'm away? Just leave "
         "them at the door, thanks!",
         "Earn ¥30,000 a week from home! Receive some parcels at your "
         "apartment and resend them to the address we give you. DM my "
         "boss on Telegram @parcel_boss_jp");
    pair(&f, "TEXT_RENTAL_PREPAY",
         "Hi, the room in Hakata is still available. You can view it on "
         "Saturday at our office; a holding deposit is only needed after "
         "the viewing if you decide.",
         "Hi, the room in Hakata is still available. The first person who "
         "pays the ¥50,000 holding fee gets it. After payment I'll send "
         "the address for the viewing. PayPay ID: hakata_owner");
    pair(&f, "TEXT_ROMANCE_PERSONA",
         "Hi! I work in finance at a bank in Osaka. Nice meeting you at "
         "the language exchange, see you next week.",
         "Hi dear, I saw your photo from the language exchange, you have "
         "a lovely smile. I work in finance and like helping friends grow "
         "their savings. Chat on LINE? my id is emma_yk_1990");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【京都駅前ホテル】ご予約ありがとうございます。クレジットカードの"
         "認証は完了しています。",
         "【予約確認】京都駅前ホテルのクレジットカード認証が完了していませ"
         "ん。本日中に再認証いただけない場合、ご予約は自動キャンセルとなり"
         "ます https://kyoto-hotel-rsv.example/card");
    pair(&f, "TEXT_PIN_REQUEST",
         "e5489: Your reservation is complete. Please collect your ticket "
         "at a ticket machine using the QR code in this e-mail or the "
         "card used for payment.",
         "Your account is locked. Send the verification code in this chat "
         "to unlock it.");
    pair(&f, "TEXT_PIN_REQUEST",
         "ヤマト運輸です。宅配ボックス3番にお荷物を入れました。暗証番号は"
         "不在票に書いてあります。",
         "【ミドリ銀行】キャッシュカードを回収します。暗証番号を紙に書いて"
         "同封してください。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "佐川の配達の者です、今マンションの下にいます。部屋番号あってます"
         "か？ 080-2943-6175",
         "佐川急便です。お荷物の住所に不備があります。080-2943-6175 までご"
         "連絡ください。");
    pair(&f, "TEXT_BRAND_LINK",
         "【マイニンテンドーストア】抽選販売にお申し込みいただきありがとう"
         "ございました。抽選の結果、ご当選となりました。ログインのうえ購入"
         "手続きをお願いします https://store-jp.nintendo.com/",
         "【マイニンテンドーストア】抽選販売にお申し込みいただきありがとう"
         "ございました。抽選の結果、ご当選となりました。ログインのうえ購入"
         "手続きをお願いします https://nintendo-store-lottery.example/");
    pair(&f, "TEXT_BRAND_LINK",
         "【ONE PIECEカードゲーム】偽の販売サイトにご注意ください。公式サ"
         "イトは https://www.onepiece-cardgame.com/ です。",
         "【ONE PIECEカードゲーム公式ストア】新弾BOXを定価販売。ご予約はこ"
         "ちら https://onepiece-card-store.example/");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard68–70): roads and cars (a car park's "left
 * without paying" and a penalty, a traffic fine paid through a link, a
 * hit-and-run "vehicle", a refund account to register, a car already with
 * a "shipping agent", points expiring today, NEXCO as a brand), AI-era
 * fraud (AI-made nude images and USDT, a verification deposit, a job's
 * tool fee first, a scholarship course, a remote-control app asked under
 * a borrowed warning, a promised dividend) and land (a solar project's
 * survey fee first); and the genuine side: a neighbour's room number, a
 * code's "tell no one, bank staff included", a driver signing with his
 * name, a rebate deducted automatically on ETC's own site. Each pair
 * failed on the commit before. */
Test(message_rule_fp, roads_ai_era_and_towns)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_BILL",
         "【タイムズ】ご利用ありがとうございました。精算が完了しました。領"
         "収書はアプリからご確認いただけます。",
         "【パーキング管理センター】中央区第3パーキングにて未精算のまま出"
         "庫された記録があります。違約金（30,000円）発生前にこちらから精算"
         "してください https://park-seisan.example/m/44");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "オービス光った気がする…反則金っていくらだろ。警察から通知来たら"
         "銀行で払うしかないね",
         "【静岡県警察】交通違反のお知らせ：自動速度取締機による記録があり"
         "ます。記録画像の確認と納付はこちら https://orbis-ihan.example/v/"
         "592");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "神奈川県警察より：ひき逃げ事件の目撃情報を募集しています。お心当"
         "たりの方は最寄りの警察署へ。",
         "神奈川県警察 交通捜査課です。あなたの車両がひき逃げ事件の関係車"
         "両として照会されています。至急 045-682-4193 までご連絡ください。");
    pair(&f, "TEXT_REFUND_LINK",
         "【みどり損保】保険料の過払い分は、ご契約の口座へ自動的に返金いた"
         "します。お手続きは不要です。",
         "【損害保険会社】自動車保険の等級再計算により保険料の過払い（12,3"
         "40円）が判明しました。返金先口座のご登録をお願いします。https://"
         "songai-henkin.example/acct");
    pair(&f, "TEXT_REMOTE_SALE",
         "I'm selling my Toyota Aqua. You can see it at my garage in "
         "Osaka on Sunday and pay after the test drive.",
         "I have been transferred to Singapore, so the car is already "
         "with a shipping agent in Osaka. Please pay the refundable "
         "deposit of JPY 80,000 to the agent and they will deliver the "
         "car to your home.");
    pair(&f, "TEXT_PRIZE_LURE",
         "JR EAST: Your JRE POINT will expire today. Check your balance "
         "in the JRE POINT app.",
         "JR EAST: Your 3,000 JRE POINT will expire today. Exchange them "
         "for Suica credit now: https://jre-point-exchange.example/en");
    pair(&f, "TEXT_BRAND_LINK",
         "【NEXCO東日本】高速道路のご利用ありがとうございます。ETC利用明細"
         "は https://www.e-nexco.co.jp/ からご確認ください。",
         "【NEXCO東日本】高速道路ご利用料金のお支払いが確認できておりませ"
         "ん。本日中にお手続きがない場合、割増金が加算されます。お支払い:h"
         "ttps://nexco-e-ryokin.example/pay/8kR2x");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "302号室の田村です。朝早くにすみません、車を少し前に動かしてもら"
         "えますか？090-6245-3817",
         "みどり市役所 収納課です。税の還付がありますので至急 090-6245-381"
         "7 までお電話ください。");
    pair(&f, "TEXT_SEXTORTION", "AIで作った画像って本物と見分けつかないよね、気をつけよう",
         "お前の配信のキャプチャからAIで裸の画像つくった。学校のグループに"
         "送る準備できてる。止めたかったら今夜までに2万円分のUSDT送れ。");
    pair(&f, "TEXT_ADVANCE_FEE",
         "【AIボイスチェンジャー】ご利用ありがとうございます。認証は無料で"
         "す。",
         "【AIボイスチェンジャーPro】音声生成機能のご利用前に認証デポジッ"
         "ト3,000円のお支払いをお願いします。認証後7日以内に全額返還します"
         "。お支払いは PayPay ID「aivoice-verify」宛てに。");
    pair(&f, "TEXT_JOB_PREPAY", "AI画像販売のプロジェクト、作業手順のマニュアルは無料でもらえたよ",
         "【AI画像販売プロジェクト】まずは作業ツール39,800円のお支払いをお"
         "願いします。お支払い確認後、担当講師からLINEで作業手順をお送りし"
         "ます。");
    pair(&f, "TEXT_INFO_PRODUCT", "AI副業の講座、市の公民館で無料でやってるらしいよ",
         "AIスキル診断の結果、特待生に選ばれました。AI副業アカデミーの講座"
         "を特待生価格で受講できます。本日中に申込金5万円をご入金ください"
         "。");
    pair(&f, "TEXT_REMOTE_CONTROL",
         "AnyDeskなどの遠隔操作アプリをインストールさせる手口にご注意くだ"
         "さい。",
         "【Google セキュリティ】お客様のアカウントへの不正アクセスを検知"
         "しました。被害を防ぐため、画面共有アプリ「AnyDesk」をインストー"
         "ルして担当者の確認を受けてください。");
    pair(&f, "TEXT_INVESTMENT_GUARANTEE", "和牛の株主優待、今年も届いた！配当は業績次第だって",
         "黒毛和牛オーナー制度 1口50万円から、年8%の配当をお約束します。元"
         "本割れの心配はありません。説明はLINEで→ ID：wagyu-owner88");
    pair(&f, "TEXT_SECRET_PAYMENT",
         "【みどり銀行】認証コード：719304 このコードは振込の承認に使用し"
         "ます。銀行員を含め、誰にも教えないでください。",
         "今日中にこの口座へ50万円を振り込んでください。このことは誰にも言"
         "わないでください。");
    pair(&f, "TEXT_LAND_FEE",
         "うちの山林、太陽光の会社が買いたいって。まずは市役所で相談してみ"
         "る",
         "【太陽光用地取得のご案内】ご所有の土地がメガソーラー事業の候補地"
         "に選ばれました。事前の境界測量費 49,500円 のご入金確認後、契約手"
         "続きへ進みます。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "ヤマト運輸 今井です。本日14〜16時にお届け予定です。ご不在ならこ"
         "ちらの携帯 090-7325-1846 にお電話ください。",
         "ヤマト運輸です。お荷物の住所に不備があります。090-7325-1846 へお"
         "電話ください。");
    pair(&f, "TEXT_BENEFIT_LURE",
         "【ETCマイレージサービス】還元額が確定しました。還元額は次回以降"
         "の通行料金から自動的に差し引かれます。ログインは https://www.smi"
         "le-etc.jp/ から。",
         "【ETCマイレージサービス】還元額が確定しました。本日中にログイン"
         "して受け取り手続きをしてください https://etc-mileage-kangen.exam"
         "ple/");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard71–73): a one-time password asked for during
 * the "bank's" call; goods sent cash on delivery with a charge for
 * refusing them (TEXT_COD_TRAP); Chinese and Korean residents' frauds (a
 * "police officer" who wants the app's log-in and SMS code, review tasks
 * paid in advance, a teacher's assistant and a VIP group, gift cards
 * scratched and photographed, a withdrawal held for a deposit, "put in
 * first, get more back", a room "I cannot show, I am in Korea"); English
 * "your renewal fee is unpaid", "the owner lives abroad"; and the
 * genuine side: a WeChat code's "tell no one, even 'the police'", a
 * friend's story of a task scam, a driver signing "佐川の配達の田中です".
 * Each pair failed on the commit before. */
Test(message_rule_fp, takeovers_residents_languages_and_care)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_CODE_REQUEST",
         "【PayPay銀行】ワンタイムパスワードは誰にも教えないでください。当"
         "行の担当者がお尋ねすることはありません。",
         "【PayPay銀行】不正振込を止めるため、まもなく担当者からお電話しま"
         "す。通話中に表示されるワンタイムパスワードを担当者へお伝えくださ"
         "い。");
    pair(&f, "TEXT_COD_TRAP",
         "ご注文の黒酢にんにく粒、代金引換29,800円で明日発送いたします。定"
         "期コースはマイページからいつでも解約できます。",
         "お電話でのご注文ありがとうございました。黒酢にんにく粒 定期コー"
         "ス3か月分を代金引換29,800円にて明日発送いたします。途中解約には"
         "違約金がかかります。");
    pair(&f, "TEXT_COD_TRAP",
         "ご注文の補聴器、本日着払いで発送しました。お受け取りの際に配達員"
         "へお支払いください。",
         "先日はお電話でのご注文ありがとうございました。磁気治療マットレス"
         "を本日着払いで発送しました。受取拒否の場合は返送料と事務手数料33"
         ",000円が発生しますのでご注意ください。");
    pair(&f, "TEXT_POLICE_IMPERSONATION", "刘警官说他们只处理报案，不会要求我们发密码。",
         "刘警官：为了保护你的资金，把你日本银行APP的登录ID、密码和短信验"
         "证码都发给我，我们远程帮你冻结。");
    pair(&f, "TEXT_TASK_SCAM",
         "你也收到那种“点赞一单300日元”的兼职吗？我朋友做了，后来让她先"
         "垫付5万，结果钱全没了。",
         "在日台灣人找兼職嗎？幫網購賣家做好評，每單佣金¥800。商品錢先由你"
         "墊付，30分鐘內連本帶利退還。");
    pair(&f, "TEXT_INVESTMENT_GROUP", "陳老師的助理昨天帶我們參觀了大學的實驗室，很有意思！",
         "嗨～我是陳老師的助理 Amy。老師在群裡免費分享日股、台股的短線標的"
         "，上週三檔全部漲停！VIP群還有名額，先加我的LINE：@chen-invest-tw");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "亲爱的，生日快乐！我给你买了Apple Gift Card，已经用在你的账号上"
         "了",
         "亲爱的，我的银行卡在国外刷不了，你能帮我买两张 Apple Gift Card "
         "各5万日元吗？刮开背面拍照发我就好，我到日本第一时间还你");
    pair(&f, "TEXT_POLICE_IMPERSONATION",
         "【腾讯科技】您的微信验证码为693027，10分钟内有效。请勿将验证码告"
         "知他人，包括自称客服、警察的人员。",
         "我是上海公安的刘警官，你的护照涉嫌洗钱。加我微信 sh_police_liu "
         "配合调查。");
    pair(&f, "TEXT_TASK_SCAM", "팀장님 오늘 미션 정산 감사합니다! 다음 주에도 참여할게요",
         "팀장 서연: 지금 VIP 단체미션 자리가 하나 비었는데요, 선입금 30만"
         "원 넣으시면 1시간 안에 39만원으로 돌려드려요.");
    pair(&f, "TEXT_INVESTMENT_WITHDRAWAL",
         "출금 신청이 완료되었습니다. 영업일 기준 1~2일 내 입금됩니다.",
         "고객센터: 회원님 출금 신청이 보류되었습니다. 계좌 보증금(원금의 "
         "30%) 납부 후 출금이 가능합니다. 보증금은 오늘 안에 입금해주세요.");
    pair(&f, "TEXT_RECRUITMENT", "서류 정리 알바 구합니다. 시급 1,200엔, 면접은 사무실에서 합니다.",
         "일본 현지 고액 단기알바. 서류 운반만 하면 1일 10만엔. 재류카드 "
         "앞뒤 사진이랑 여권 사진 먼저 시그널로 보내주세요.");
    pair(&f, "TEXT_RENTAL_PREPAY", "신오쿠보 쉐어하우스 방 하나 남았어요. 이번 주말에 보러 오세요!",
         "신오쿠보 쉐어하우스 방 하나 남았어요. 제가 지금 한국에 있어서 내"
         "부는 못 보여드리는데 계약금 5만엔 먼저 보내주시면 바로 빼드릴게"
         "요.");
    pair(&f, "TEXT_EMONEY_DEMAND", "오빠 생일 선물로 기프트카드 샀어! 카톡 선물함 확인해봐",
         "오빠 나 공항인데 벌금 15만엔 내야 한대ㅠㅠ 편의점에서 구글 플레"
         "이 카드 1만엔짜리 15장 사서 번호 보내줄 수 있어?");
    pair(&f, "TEXT_FAKE_BILL",
         "JAPAN IMMIGRATION: Your application was received. Please come "
         "to the regional bureau with your passport on the date shown.",
         "JAPAN IMMIGRATION: Your residence card renewal fee (JPY 3,800) "
         "is unpaid. Your status will expire in 48 hrs. Pay now: "
         "http://zairyu-fee.example/p");
    pair(&f, "TEXT_RENTAL_PREPAY",
         "Hello! The Kyoto guesthouse still has rooms for your dates. You "
         "can pay at check-in.",
         "Hello! The Kyoto guesthouse has rooms for your dates. Because "
         "the owner lives abroad, the full amount must be paid in advance "
         "to hold the room: https://kyoto-stay.example/book/3318 After "
         "payment we will send the address.");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "佐川の配達の田中です。ご注文の荷物、あと20分くらいで伺います。09"
         "0-7183-4426",
         "佐川急便です。お届け先の住所が不明です。090-7183-4426 までご連絡"
         "ください。");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard74–76): a fee named with its amount is a job
 * prepayment, "参加費なしで" and a fee collected in cash at the venue are
 * not; a driver's "I will call from this number"; a diploma fee "unpaid"
 * through a link; an app's payment "error" sending the buyer to a link;
 * a Windows licence "expired, call the desk"; サガワ in half-width kana.
 * Each pair failed on the commit before. */
Test(message_rule_fp, students_translated_and_short_messages)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_JOB_PREPAY",
         "インターン行ってきた！参加費なしで交通費5,000円も出たし、来年の"
         "本選考で優遇あるかも",
         "【インターン選考通過】参加費5,000円を本日中に下記口座へお振込み"
         "ください。ご入金確認後に詳細をお送りします。");
    pair(&f, "TEXT_JOB_PREPAY",
         "新歓BBQ、参加費1,000円で当日現金集金です！選考とかないので気軽に"
         "来てね",
         "【選考結果】内定おめでとうございます。研修費30,000円を入社前に下"
         "記口座へお振込みください。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "佐川急便です。ご注文の家具、本日14時〜16時にお届けします。到着の"
         "10分前にこの番号からお電話します。 070-2418-9936",
         "佐川急便です。お荷物の住所に不備があるためお届けできません。070-"
         "2418-9936 までご連絡ください。");
    pair(&f, "TEXT_FAKE_BILL",
         "学位記発行手数料はかかりません。卒業式当日に学部窓口でお受け取り"
         "ください。",
         "件名：学位記発行手数料 未納のお知らせ 卒業予定者各位 15,400円の"
         "納入が確認できておりません。3月10日までに下記URLよりお支払いくだ"
         "さい https://gakuiki-fee.example/pay");
    pair(&f, "TEXT_MARKETPLACE",
         "メルカリの決済がエラーになったので、アプリを再起動してもう一度購"
         "入してみます",
         "ご購入ありがとうございました。メルカリの決済システムは現在エラー"
         "ですので、この下のリンクから支払いを完了してください。 https://m"
         "erpay-checkout.example/pay/8831");
    pair(&f, "TEXT_SUPPORT_SCAM", "Windowsのライセンス、会社の情報システム部が更新してくれたよ",
         "Windowsのライセンスが失効しました。更新窓口 03-4578-2619 までお"
         "電話を");
    pair(&f, "TEXT_DELIVERY_LURE", "ｻｶﾞﾜ:お荷物のお届け日時のご指定は佐川急便の公式サイトから",
         "ｻｶﾞﾜ:ご不在のため持ち帰りました。お届け日のご指定は https://"
         "sgw-jp.example/r");
    fx_close(&f);
}

/* Session 21 (ja_dev_hard77–79): an account "opening fee" before a job, a
 * racehorse share's "30 % a year", "cancel the deal, my own shop is
 * cheaper", 出前館 as a brand whose look-alike portal asks for a log-in.
 * Each pair failed on the commit before. */
Test(message_rule_fp, clinics_gambling_and_gig_work)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_JOB_PREPAY",
         "ランサーズでレビュー作業の案件を受けたよ。1件500円、口座開設料と"
         "かは無料だった",
         "ランサーズ案件のご紹介：1件500円のレビュー作業。作業用アカウント"
         "の開設料2,000円をお支払いいただくと、すぐに作業を開始できます。h"
         "ttps://lancer-side.example/s");
    pair(&f, "TEXT_INVESTMENT_GUARANTEE", "一口馬主の配当、今年は出走手当くらいだった笑",
         "馬主権の共同購入で配当年率30%。G1出走予定馬の一口オーナー募集、"
         "残り4口です。投資のお申込みはこちら http://umanushi-share.exampl"
         "e/join");
    pair(&f, "TEXT_MARKETPLACE", "ご購入ありがとうございます！アプリ内で発送手続きを進めますね",
         "ご購入ありがとうございます！アプリだと手数料で赤字なので、一度取"
         "引キャンセルしてもらえますか？こちらの自社ショップなら同じ商品が"
         "安いです https://hifu-shop.example/item/22");
    pair(&f, "TEXT_BRAND_LINK",
         "【出前館】加盟店様：今月のご利用明細を管理画面に掲載しました。 h"
         "ttps://www.demae-can.com/",
         "【出前館】加盟店様：管理画面の移行のため、本日中にログインしてく"
         "ださい。 https://demaecan-shop-portal.example/migrate");
    fx_close(&f);
}

/* Session 22 (ja_dev_hard80–82): a price cut to half or less read from two
 * prices, "名義 タナカ ユウキ" as a person's account, "the card you
 * registered is invalid", any fee "unpaid" through a link, a person's goods
 * or tickets paid first, the kiosk that reads your ticket's QR code, a
 * driver's own note, "transfer 1,000 yen and get 1,300 back", payment in
 * crypto only, a gift number "pasted into this chat", a quoted code request,
 * a payout account "changed — if it wasn't you", and a city's name in a
 * domain that is not the city's. Each pair failed on the commit before. */
Test(message_rule_fp, sports_families_and_small_business_sites)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_FAKE_SHOP",
         "定価69,800円のベビーカー、リサイクルショップで19,8"
         "00円だったよ",
         "【在庫一掃SALE】ベビーカー 定価69,800円→19,8"
         "00円 お支払いは銀行振込のみ https://baby-s"
         "ale.example/b");
    pair(&f, "TEXT_PERSONAL_PAYEE",
         "ご注文ありがとうございます。お振込先：三井住友銀行 江坂支店"
         " 普通 6193027 名義 カ）オリジンゴルフ",
         "ご注文ありがとうございます。お振込先：三井住友銀行 江坂支店"
         " 普通 6193027 名義 タナカ ユウキ");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【蔵王ロッジ】ご予約ありがとうございます。ご登録のカードで決"
         "済が完了しました。",
         "【蔵王ロッジ】ご登録のカードが無効と判定されました。24時間"
         "以内に再登録がない場合、ご予約を取り消します https:/"
         "/zao-rsv.example/card");
    pair(&f, "TEXT_FAKE_BILL",
         "【みちのくウルトラ】参加費のお支払いを確認しました。当日は受"
         "付で計測チップをお受け取りください。",
         "計測チップのレンタル料（1,100円）が未払いのため、エント"
         "リーが保留になっています。3日以内にお支払いください。 ht"
         "tps://chip-pay.example/p");
    pair(&f, "TEXT_MARKETPLACE",
         "ゴルフクラブ譲ります。引き取りに来られる方、現金でお願いしま"
         "す",
         "ゴルフクラブ一式譲ります。発送のみ、先にお振込みをお願いして"
         "います。 ゆうちょ銀行 二三八店 普通 4093718 オオ"
         "タ マサヒロ");
    pair(&f, "TEXT_MARKETPLACE", "開幕戦のチケット、公式アプリで2枚買えたよ",
         "開幕戦 ダイヤモンドシート 2枚 連番で譲ります。PayPa"
         "yで先にご送金いただける方優先です。PayPay ID: t"
         "icket_yuzu2026");
    pair(&f, "TEXT_MARKETPLACE",
         "I bought 2 tickets for the ope"
         "ning game on the official site",
         "Selling 2 tickets for the open"
         "ing game, 18,000 yen. Please s"
         "end the money first by PayPay "
         "(ID: skystars_tix)");
    pair(&f, "TEXT_DELIVERY_LURE",
         "日本郵便 配達担当の石井です。ゆうパックのお届けでお伺いしま"
         "したが不在票を入れています。本日中の再配達は私の携帯までご連"
         "絡ください。090-4817-2296",
         "日本郵便です。お荷物をお届けできませんでした。本日中にご連絡"
         "ください。090-4817-2296");
    pair(&f, "TEXT_QR_LURE",
         "【白樺高原スキー場】リフト券ご購入完了。当日は発券機で本メー"
         "ルのQRコードを読み取ってICカードを発券してください。雪不"
         "足の場合は自動で返金します。",
         "【白樺高原スキー場】リフト券の決済に失敗しました。本日中にこ"
         "ちらのQRコードを読み取ってお支払いください。");
    pair(&f, "TEXT_TASK_SCAM", "立て替えてくれた1,000円、今日振り込むね",
         "まずは練習として、私の指定する口座に1,000円振り込んでも"
         "らえたら、1,300円にして返金します。");
    pair(&f, "TEXT_FAKE_SHOP", "ビットコインの値動き、最近すごいね",
         "Googleクチコミ代行 ★5 10件 15,000円。お支"
         "払いはBTC・USDTのみ対応。ご注文はTelegram @"
         "meo_review_jp まで");
    pair(&f, "TEXT_EMONEY_DEMAND",
         "Amazonギフトカードをもらったので、アプリでコードを登録"
         "しました",
         "残金の24,000円はAmazonギフトカードでお願いします"
         "。購入したらギフト番号をこのトークに貼ってください。");
    pair(&f, "TEXT_CODE_REQUEST",
         "Metaサポートを名乗るアカウントから「スマホに届く6桁のコ"
         "ードを送って」ってDM来ました。送ってないです！",
         "スマホに6桁の番号が届きます。それを送ってください");
    pair(&f, "TEXT_ACCOUNT_CHANGE",
         "【STORES】ストアの振込先口座が変更されました。この変更"
         "にお心当たりがない場合は、至急管理画面からパスワードを変更し"
         "てください。",
         "【みのり農園】弊社の振込先口座が変更になりました。至急、新し"
         "い口座へお振込みください。");
    pair(&f, "TEXT_BRAND_LINK",
         "【さいたま市こども家庭課】児童手当は登録口座に自動で振り込ま"
         "れます。手続きは不要です。",
         "【さいたま市こども家庭課】児童手当が受取口座の登録不備により"
         "振込保留となっています。3月7日までに再登録がない場合、支給"
         "が取り消されます。登録はこちら https://kodomo"
         "-teate-saitama.example/reg");
    fx_close(&f);
}

/* Session 22 (ja_dev_hard83–85): the big power companies and streaming
 * and job services as brands, pay "held" unless you log in, an account
 * number asked with its PIN, a sign-in alert with a 050 number, a renewal
 * "cancelled by calling", subscription accounts sold by strangers, "a
 * coupon was won", "the fee could not be debited", a repair paid by 40 %
 * of the insurance money, the president's secret errand, refunds
 * "recovered for you", a contractor asking to visit, English "expires at
 * midnight tomorrow" and "a Microsoft 365 sign-in is needed". Each pair
 * failed on the commit before. */
Test(message_rule_fp, energy_subscriptions_and_employees)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_BRAND_LINK",
         "【北陸電力】今月の電気料金のお知らせです。ご利用明細は ht"
         "tps://www.rikuden.co.jp/ でご確認く"
         "ださい。",
         "【北陸電力】電気料金のお支払い期限を過ぎております。明日午前"
         "中に供給停止の作業を予定しています。ご入金の確認はこちら h"
         "ttps://rikuden-shiharai.exampl"
         "e/ck");
    pair(&f, "TEXT_LOGIN_LINK",
         "冬季賞与の支給明細が確定しました。社員ポータルでご確認くださ"
         "い。",
         "冬季賞与の支給明細が確定しました。期限内にログインしてご確認"
         "いただけない場合、支給が一時保留されます。 https://"
         "bonus-meisai.example/login");
    pair(&f, "TEXT_PIN_REQUEST",
         "年末調整の書類は紙で人事部に提出してください。マイナンバーの"
         "記入欄があります。",
         "年末調整はオンラインで提出してください。マイナンバー、口座番"
         "号と暗証番号の入力が必要です。 https://nenmat"
         "su.example/f");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "【ご注意】あなたのApple IDで新しいMacBookから"
         "のログインがありました。ご本人の場合は対応は不要です。",
         "【ご注意】あなたのApple IDで新しいMacBookから"
         "のログインがありました。ご本人でない場合は至急 050-63"
         "82-1947 へご連絡ください。");
    pair(&f, "TEXT_FAKE_INVOICE",
         "【Google Play】YouTube Premium(年"
         "額)¥12,800のお支払いが完了しました。解約はGoogl"
         "e Playの定期購入から行えます。",
         "【Google Play】YouTube Premium(年"
         "額)¥12,800のお支払いが完了しました。取り消しはGoo"
         "gleサポート 03-6824-1097 へお電話ください");
    pair(&f, "TEXT_MARKETPLACE", "Netflixのファミリープラン、家族みんなで見てるよ",
         "ABEMA・Lemino・Hulu 見放題アカウント販売中 "
         "公式より最大90%OFF 購入はLINE公式 @sub-ou"
         "tlet から");
    pair(&f, "TEXT_PRIZE_LURE",
         "YouTubeプレミアムの6か月無料クーポン、友達からもらっ"
         "た",
         "YouTubeプレミアム6か月無料クーポンが当たりました 下"
         "のURLからGoogleアカウントでログインして受け取ってね"
         " https://ytp-coupon.test/get");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION",
         "【ABEMAプレミアム】ご利用料金の引き落としが出来ませんで"
         "した。アプリの設定からお支払い方法をご確認ください。",
         "【ABEMAプレミアム】ご利用料金の引き落としが出来ませんで"
         "した。ご利用継続にはカード情報の再入力をお願い致します ab"
         "ema-premium.example/card");
    pair(&f, "TEXT_INSURANCE_AGENT",
         "先月の強風で瓦が傷んだので、火災保険の申請を保険会社にしまし"
         "た",
         "火災保険で屋根修理が0円に！保険金確定後、40%を手数料とし"
         "て頂戴します。ご予約 0120-593-184");
    pair(&f, "TEXT_CEO_FRAUD",
         "山口さん 社長の河合です。明日の会議資料、よろしくお願いしま"
         "す。",
         "山口さん 社長の河合です。内密に進めている案件について協力を"
         "お願いしたいです。他の社員には口外しないでください。返信して"
         "、いま対応可能か教えてください。");
    pair(&f, "TEXT_RECOVERY_SCAM",
         "サブスクの不当な自動更新について消費生活センターに相談しまし"
         "た",
         "【消費者サポートセンター】サブスクリプションの不当な自動更新"
         "料金の返金を代行しています。本日中に 0120-947-31"
         "8 へお電話ください。");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "補助金の書類に印鑑をいただきたいので、明日18時ごろお伺いし"
         "てもよろしいでしょうか。ミヤコ住設 佐野 080-4175-"
         "3962",
         "補助金の申請に不備がありました。至急 080-4175-39"
         "62 までお電話ください。");
    pair(&f, "TEXT_LOGIN_LINK",
         "Your employee perks wallet bal"
         "ance is JPY 20,000. See the in"
         "tranet for details.",
         "Your perks wallet expires at m"
         "idnight tomorrow. Sign in with"
         " your work e-mail and password"
         ": https://perks-redeem.example"
         "/jp");
    pair(&f, "TEXT_LOGIN_LINK", "人事評価シートは社内ポータルに掲載しました。",
         "人事評価シートはクラウドに格納しています。閲覧にはMicro"
         "soft 365のサインインが必要です。 https://s"
         "harepoint-hyouka.example/doc 本"
         "日中にご確認ください");
    fx_close(&f);
}

/* Session 22 (ja_dev_hard86–88): government-only domains abroad
 * (esta.cbp.dhs.gov) are official, "a mistake in your application" and
 * "refused boarding" through a link, a fee "2,500円が未納", couriers'
 * own notes, rescued animals' bills paid to a person, a
 * public warning that quotes a romance scam, "we never offer payment
 * outside the platform", the visiting buyer who wants the gold "ready
 * too", a fee paid before the buy-back price, "your payout account is
 * unverified". Each pair failed on the commit before. */
Test(message_rule_fp, travel_donations_and_buy_back)
{
    fx f;
    fx_open(&f);
    pair(&f, "TEXT_BRAND_LINK",
         "【JAL】米国へご渡航のお客様へ。ESTAは米国政府公式サイ"
         "ト(https://esta.cbp.dhs.gov/)でご"
         "自身で申請いただけます。",
         "【JAL】ESTAの申請が必要です。本日中にこちらから申請し"
         "てください https://esta-jal.example"
         "/apply");
    pair(&f, "TEXT_PROBLEM_LINK", "ESTAの申請内容を確認しました。問題はありません。",
         "ESTA申請内容に記載ミスが見つかりました。修正されない場合"
         "、搭乗を拒否される可能性があります。修正はこちら https"
         "://esta-fix.test/a");
    pair(&f, "TEXT_FAKE_BILL",
         "パスポート更新のご予約を承りました。手数料は窓口でお支払いく"
         "ださい。",
         "パスポート更新のご予約を承りました。予約手数料2,500円が"
         "未納です。本日中にお支払いが無い場合、予約は取り消しとなりま"
         "す。 https://passport-yoyaku.exa"
         "mple/fee");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "空港宅配の佐藤です。スーツケース2個、本日14時～16時にお"
         "届け予定です。ご不在の場合は090-5372-8841までお"
         "電話ください。",
         "空港宅配便です。お荷物の住所に不備があります。至急090-5"
         "372-8841までお電話ください。");
    pair(&f, "TEXT_DONATION_SCAM", "保護犬の譲渡会、今週末にやります！",
         "多頭飼育崩壊の現場から42匹を保護しました。フード代・医療費"
         "がもう限界です。三井住友銀行 難波支店 普通 6194052"
         " ハヤシ マイ");
    pair(&f, "TEXT_ROMANCE_MONEY",
         "【防犯アプリ】特殊詐欺注意報：区内で「病気の子どもの手術費」"
         "を名目に、個人口座への振込を求めるSNSのメッセージが相次い"
         "でいます。",
         "病気の子どもの手術費が足りないの。あなたしか頼れない。10万"
         "円振り込んでくれる？");
    pair(&f, "TEXT_MARKETPLACE",
         "ご連絡ありがとうございます！そのアカウントは私たちではありま"
         "せん。私たちはプラットフォーム外での支払いや割引のご案内は一"
         "切していないので、振り込まずに通報していただけると助かります"
         "。",
         "プラットフォーム外での支払いなら手数料分お安くできます。こち"
         "らに振り込んでください");
    pair(&f, "TEXT_HOME_VISIT_SALE",
         "明日14時頃、ご不要のお洋服・バッグの無料査定にお伺いします"
         "。",
         "明日14時頃、お洋服の無料査定にお伺いします。使わなくなった"
         "指輪やネックレス、金歯なども一緒にご用意いただくと査定額が上"
         "がります。");
    pair(&f, "TEXT_ADVANCE_FEE",
         "お送りいただいたiPhone 14の査定が完了しました。買取"
         "代金52,000円をお振込みしました。",
         "お送りいただいたiPhone 14はSIMロック解除が必要で"
         "した。解除手数料8,800円のお支払い確認後、買取代金52,"
         "000円をお振込みします。");
    pair(&f, "TEXT_ACCOUNT_SUSPENSION", "【フリマ事務局】売上金をご登録の口座へ振り込みました。",
         "【フリマ事務局】お客様の売上金受取口座が未認証のため保留中で"
         "す。48時間以内に口座認証を完了してください https:/"
         "/furima-uriage.example/v");
    pair(&f, "TEXT_ORG_PERSONAL_PHONE",
         "佐川の山口です。宅配買取キットのお届けに伺いましたがご不在で"
         "した。時間変更はこの番号にお電話ください 090-5518-"
         "2734",
         "佐川急便です。お荷物の住所に不備があります。至急090-55"
         "18-2734までお電話ください");
    fx_close(&f);
}
