/*
 * message_rules.c — the 手口 as co-occurrence rules over signals.
 *
 * A fraud message works only if it says a few things together: a claim
 * (your parcel is held, your line will stop, you are a suspect), a reason
 * to hurry or fear, and a channel through which the victim acts (a link, a
 * number to call, an account, a gift-card code, an anonymous messenger).
 * Single words are weak — genuine notices say "再配達" and "お支払い" too —
 * so each rule here names the signals that must co-occur; the phrases
 * that set the signals live in data/phrases/NAME.tsv, one file per family,
 * and signals set by extraction start with '@' (@link is a link that is
 * not on a known brand's own domain, @phone a phone number, ...).
 *
 * Rules are resolved against the model's signal names once, at compile
 * time: a rule naming a signal that no data file defines is an error, so
 * data and rules cannot drift apart silently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "screen/message_internal.h"

typedef struct msg_rule {
    const char *code;
    const char *category;
    int weight;
    const char *all; /* space-separated signals, every one required */
    const char *any; /* at least min_any of these (min_any 0: ignored) */
    int min_any;
    const char *none; /* none of these may be present */
    int channel;      /* 0 messages and posts, 1 messages only, 2 posts only */
    const char *detail;
} msg_rule;

#define CLICK_OR_PAY "@link @shortener act_pay act_click act_login act_call @phone"

static const msg_rule rules[] = {
    /* delivery (不在通知・送料不足) */
    /* a genuine notice says "delivered / on its way / see here" with a link too:
     * it is a lure when the link is where the reader must act — log in, enter
     * details, pay, or fix a problem under a deadline or threat — or when it
     * claims a known carrier (@brand_claim) whose domains the link is not on */
    {"TEXT_DELIVERY_LURE", "delivery_lure", 65, "delivery_claim @link",
     "act_login act_pay cred_demand urgency threat problem delivery_fee @brand_claim "
     "@sender_mismatch",
     1, "", 1, "delivery problem + a link where you must log in, pay or hurry"},
    {"TEXT_DELIVERY_LURE", "delivery_lure", 65, "delivery_claim @shortener", "", 0, "", 1,
     "delivery problem + a shortened link"},
    /* a fee paid on the sender's own site (a forwarder's invoice, customs
     * duty on the carrier's page) is the genuine form of this */
    {"TEXT_DELIVERY_FEE", "delivery_lure", 60, "delivery_fee", "@link @shortener", 1,
     "@own_channels", 1, "shipping fee or customs duty to pay through a link"},
    {"TEXT_DELIVERY_FEE", "delivery_lure", 55, "delivery_fee act_pay", "urgency threat @account", 1,
     "never_marker", 1, "shipping fee or customs duty to pay, under pressure"},
    {"TEXT_DELIVERY_LURE", "delivery_lure", 40, "delivery_claim urgency threat", "", 0,
     "never_marker @own_channels", 1, "delivery problem with a deadline"},
    /* "本日中にお届けします" is an arrival time, not a deadline on the reader */
    {"TEXT_DELIVERY_LURE", "delivery_lure", 40, "delivery_claim urgency act_call", "", 0,
     "never_marker delivery_eta driver_note", 1, "delivery problem with a deadline"},
    /* mobile carrier billing / point expiry / IVR */
    {"TEXT_CARRIER_BILLING", "carrier_billing", 65, "carrier_claim",
     "@link @shortener @account @sns_id @email_addr chat_app act_login act_call act_reply @phone",
     1, "never_marker pay_offline", 1,
     "unpaid bill or line suspension + a way to pay or log in (a channel: 'お支払いください' alone "
     "sends the reader to the carrier)"},
    {"TEXT_IVR_PRESS", "carrier_billing", 75, "ivr_press",
     "carrier_claim threat police_claim tax_claim tax_word bill_claim urgency", 1, "warn_marker", 1,
     "automated call: 'press 1' after a threat"},
    {"TEXT_CARRIER_BILLING", "carrier_billing", 45, "carrier_claim threat", "", 0,
     "never_marker pay_offline @own_channels", 1, "line suspension threat"},
    /* tax and benefits */
    {"TEXT_TAX_DEMAND", "tax", 65, "tax_claim", "@foreign_link @shortener", 1,
     "never_marker warn_marker", 1, "tax notice with a link (the tax agency sends none)"},
    /* a city's own site (ひので市 → city.hinode.…) links its tax pages; on
     * the claimed name's domain the lure still needs pressure or payment */
    {"TEXT_TAX_DEMAND", "tax", 65, "tax_claim @link", "threat urgency act_pay act_login", 1,
     "never_marker pay_offline", 1, "tax notice with a link, under pressure or to pay"},
    /* a tax only named (住民税, 納税) is how employers and donation
     * portals write too, with their own links: the lure still needs
     * pressure, a payment or a log-in, and says nothing protective */
    {"TEXT_TAX_DEMAND", "tax", 60, "tax_word @link", "threat urgency act_pay act_login", 1,
     "never_marker pay_offline warn_marker", 1, "a tax named + a link, under pressure or to pay"},
    {"TEXT_TAX_DEMAND", "tax", 60, "tax_word threat", "act_pay urgency @phone act_call", 1,
     "never_marker pay_offline warn_marker @own_channels known_payee", 1,
     "a tax named + seizure or legal threat + a way to pay or call"},
    {"TEXT_TAX_DEMAND", "tax", 60, "tax_claim threat", "act_pay urgency @phone act_call", 1,
     "never_marker pay_offline @own_channels known_payee", 1,
     "unpaid tax + seizure or legal threat"},
    /* as for deliveries: a genuine notice links to details too; the lure
     * makes the reader act through the link (apply, log in, enter, pay) */
    {"TEXT_BENEFIT_LURE", "benefit", 60, "benefit_claim @link",
     "act_login act_pay cred_demand urgency threat act_click @brand_claim @sender_mismatch", 1,
     "never_marker", 1, "benefit or points to receive through a link"},
    /* a benefit "applied for on your behalf" through a messenger or a
     * number: the state pays on its own forms (session 15) */
    {"TEXT_BENEFIT_LURE", "benefit", 60, "benefit_claim apply_agent",
     "chat_app @sns_id @link @phone", 1, "warn_marker", 1,
     "a benefit applied for 'on your behalf' through a messenger, link or number"},
    {"TEXT_BENEFIT_LURE", "benefit", 60, "benefit_claim @shortener", "", 0, "", 1,
     "benefit or points to receive through a shortened link"},
    /* an authority's relief money or benefit applied for through a link
     * off its domains (金融庁 "victim relief"; session 19) */
    {"TEXT_BENEFIT_LURE", "benefit", 60, "benefit_claim police_claim @foreign_link", "", 0,
     "never_marker warn_marker refund_auto pay_offline", 1,
     "an authority's benefit applied for through a link off its domains"},
    /* a refund already paid into the account on file asks nothing */
    {"TEXT_BENEFIT_LURE", "benefit", 45, "benefit_claim", "urgency act_call act_login", 1,
     "never_marker warn_marker refund_auto pay_offline", 1,
     "benefit or points with a deadline, a call or a log-in"},
    /* account suspension / security check */
    {"TEXT_ACCOUNT_SUSPENSION", "account_suspension", 65, "account_claim",
     "@foreign_link @shortener", 1, "", 1, "account problem + a link to fix it"},
    /* a link on the claimed organisation's own name (みなみ銀行 →
     * minami-bank.…) may be its guide page ("パスワードの有効期限が近づいて
     * います … ご利用ガイド"); a fraudster who registered the name still
     * needs the pressure; a dormant account closed for the reader's own
     * inactivity (on its own domain: @link, not @foreign_link) does not */
    {"TEXT_ACCOUNT_SUSPENSION", "account_suspension", 65, "account_claim @link",
     "threat urgency cred_demand", 1, "inactivity", 1,
     "account problem + a link to fix it, under pressure"},
    /* a pause for the reader's own inactivity, resumed by post or at the
     * counter, asks nothing a fraudster could use */
    {"TEXT_ACCOUNT_SUSPENSION", "account_suspension", 60, "account_claim", "rec_app chat_app", 1,
     "never_marker warn_marker", 1, "account problem + 'contact support' on a messenger"},
    {"TEXT_ACCOUNT_SUSPENSION", "account_suspension", 50, "account_claim",
     "act_login act_click threat urgency", 2,
     "never_marker warn_marker pay_offline inactivity @own_channels", 1,
     "account problem + a demand to log in or verify, with pressure"},
    /* police / prosecutor impersonation */
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 70, "police_claim police_accuse", "", 0,
     "warn_marker never_marker", 1, "police + 'your account / number was used in a crime'"},
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 85, "police_claim police_demand", "", 0,
     "warn_marker never_marker", 1, "police + a demand for money or a transfer"},
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 80, "police_accuse police_demand", "", 0,
     "warn_marker never_marker", 1, "crime accusation + a demand for money"},
    /* a support centre or a residents' group offering advice on LINE names
     * the authority without speaking for it (consult_offer) */
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 65, "police_claim",
     "secrecy chat_app threat", 1, "warn_marker never_marker pay_offline consult_offer", 1,
     "police + secrecy, a messenger or a threat"},
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 80, "police_claim fee_transfer", "", 0,
     "warn_marker never_marker", 1, "an authority's fee or fine to be paid by transfer"},
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 80, "police_claim cred_demand", "", 0,
     "warn_marker never_marker", 1, "an authority asking for passwords or PINs"},
    /* a traffic fine is paid at a bank with the paper slip, and the police
     * send no links to pay it or to answer through (session 21) */
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 70, "traffic_fine @foreign_link",
     "act_pay urgency threat", 1, "warn_marker never_marker", 1,
     "a traffic fine or violation answered through a link off the police's domains"},
    /* not money paid into the reader's own account ("指定の口座へ市から振り
     * 込まれます": refund_auto; session 20) */
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 70, "police_demand",
     "act_pay @crypto @account secrecy threat", 1, "warn_marker never_marker refund_auto", 1,
     "'prove your innocence' / move your money"},
    {"TEXT_POLICE_IMPERSONATION", "police_impersonation", 55, "police_accuse",
     "secrecy chat_app act_call @phone urgency", 1, "warn_marker never_marker", 1,
     "crime accusation + a channel or secrecy"},
    /* SNS investment */
    {"TEXT_INVESTMENT_GROUP", "investment", 70, "invest_claim invest_group",
     "chat_app @link @shortener @sns_id invest_guarantee act_pay urgency invest_app", 1,
     "warn_marker never_marker", 0, "investment tips in a (LINE) group"},
    {"TEXT_INVESTMENT_GROUP", "investment", 60, "invest_claim invest_persona", "", 0,
     "warn_marker never_marker", 0, "investment tips from a 'sensei' or his 'assistant'"},
    /* 先生 is also every teacher and doctor ("先生、勉強会の資料ありがとう"):
     * alone it is the 手口 when it leads somewhere — a group, a messenger,
     * a link or id, an app, a promise or a payment */
    {"TEXT_INVESTMENT_GROUP", "investment", 60, "invest_claim invest_sensei",
     "chat_app @link @shortener @sns_id invest_guarantee act_pay act_reply urgency invest_app", 1,
     "warn_marker never_marker", 0, "investment tips from a 'sensei' or his 'assistant'"},
    /* an "AI" that trades for you, joined through a messenger or a link off
     * any broker (session 19) */
    {"TEXT_INVESTMENT_GROUP", "investment", 60, "invest_ai", "chat_app @sns_id @foreign_link", 1,
     "warn_marker never_marker", 0, "an 'AI' that trades for you, joined by a messenger or a link"},
    {"TEXT_INVESTMENT_APP", "investment", 60, "invest_persona invest_app", "", 0,
     "warn_marker never_marker", 0, "a 'sensei's assistant' sends you to a special trading app"},
    {"TEXT_INVESTMENT_APP", "investment", 55, "invest_claim invest_app",
     "romance_teach act_pay @link invest_guarantee invest_group act_reply", 1,
     "warn_marker never_marker", 0, "investing through an app or site someone points you to"},
    /* people talk about famous investors' books and shows too: the name
     * is borrowed when it invites — a group, a promise, a messenger, a
     * link or id, an app, an assistant */
    {"TEXT_INVESTMENT_CELEBRITY", "investment", 75, "invest_celeb",
     "invest_group invest_guarantee chat_app @link @shortener @sns_id act_reply invest_app "
     "invest_persona invest_sensei",
     1, "warn_marker", 0, "famous investor's name + investment invitation"},
    {"TEXT_INVESTMENT_WITHDRAWAL", "investment", 75, "invest_withdraw",
     "act_pay @account invest_fee @crypto", 1, "warn_marker never_marker fee_free", 1,
     "a fee or tax must be paid before withdrawing profits"},
    {"TEXT_INVESTMENT_WITHDRAWAL", "investment", 75, "invest_withdraw",
     "chat_app @sns_id @foreign_link @shortener", 1, "warn_marker never_marker fee_free", 1,
     "a withdrawal problem taken to a messenger or an outside link"},
    {"TEXT_INVESTMENT_GUARANTEE", "investment", 60, "invest_claim invest_guarantee", "", 0,
     "warn_marker never_marker", 0, "guaranteed investment returns"},
    {"TEXT_INVESTMENT_PAYMENT", "investment", 60, "invest_claim @account", "act_pay urgency", 1,
     "warn_marker", 1, "deposit for an investment to a given account"},
    {"TEXT_INVESTMENT_GROUP", "investment", 50, "invest_group", "chat_app @link @sns_id", 1,
     "warn_marker", 0, "invitation to an investment group on a messenger"},
    /* a first message from a persona the scripts use (oil rig, army doctor,
     * UN, Hong Kong finance) with instant affection: no ask yet */
    {"TEXT_ROMANCE_PERSONA", "romance", 50, "romance_persona romance_affection", "", 0,
     "warn_marker never_marker", 1, "a stranger's persona from the romance scripts + affection"},
    /* a celebrity's "manager" who moves you to a private app or chat */
    {"TEXT_CELEB_CONTACT", "romance", 60, "celeb_contact",
     "private_talk rec_app chat_app act_login @sns_id @link", 1, "warn_marker never_marker", 1,
     "a celebrity's 'manager' invites you to talk in private"},
    /* romance → investment */
    {"TEXT_ROMANCE_INVESTMENT", "romance", 75, "romance_future",
     "invest_claim invest_app invest_guarantee act_pay romance_money", 1, "", 1,
     "'for our future' + investing or money"},
    /* "this app deletes our messages — come to Kakao / LINE" (session 15) */
    {"TEXT_ROMANCE_MOVE", "romance", 55, "app_excuse", "chat_app @sns_id @link", 1, "warn_marker",
     1, "'the app's moderation is strict' + another messenger, an id or a link"},
    {"TEXT_ROMANCE_MOVE", "romance", 50, "romance_move",
     "romance_persona invest_claim @sns_id sidejob_claim sidejob_word app_excuse", 1, "warn_marker",
     1, "moving the chat off the app + a persona, investing or an id"},
    {"TEXT_ROMANCE_INVESTMENT", "romance", 60, "romance_affection",
     "invest_claim romance_money act_pay", 1, "warn_marker pay_offline shared_cost", 1,
     "affection + investing or money"},
    {"TEXT_ROMANCE_INVESTMENT", "romance", 60, "romance_teach invest_claim", "", 0,
     "warn_marker mainstream_invest", 1, "someone offers to teach you their way of investing"},
    {"TEXT_ROMANCE_MONEY", "romance", 70, "gift_customs",
     "gift_sent romance_affection romance_future romance_persona romance_move", 1,
     "warn_marker pay_offline", 1,
     "a present from someone met online is 'held at customs' until you pay"},
    /* a friend's hijacked LINE: "I can't call now — can you advance me 5万
     * on PayPay?" (LINE乗っ取り) */
    {"TEXT_HIJACKED_FRIEND", "romance", 60, "loan_request no_call", "", 0,
     "warn_marker never_marker known_payee", 1, "'I can't talk now' + 'can you advance me money?'"},
    {"TEXT_ROMANCE_MONEY", "romance", 65, "romance_money loan_request", "", 0,
     "warn_marker known_payee", 1, "an emergency + 'lend me the money'"},
    {"TEXT_ROMANCE_MONEY", "romance", 70, "romance_money",
     "romance_persona romance_future romance_move romance_affection act_pay", 1,
     "known_payee warn_marker", 1, "someone met online asks for money"},
    /* ATM refund (還付金) */
    {"TEXT_ATM_REFUND", "refund", 85, "refund_claim", "atm_action atm_word", 1,
     "warn_marker never_marker", 1, "refund + go to an ATM"},
    {"TEXT_ATM_REFUND", "refund", 85, "refund_office", "atm_action atm_word", 1,
     "warn_marker never_marker", 1, "a pension office or city hall sends you to an ATM"},
    {"TEXT_ATM_REFUND", "refund", 50, "refund_claim urgency", "", 0, "warn_marker never_marker", 1,
     "refund with a same-day deadline"},
    /* a refund paid into the account on file by itself needs no call:
     * "ご不明点はお電話ください" is then a question line, not the 手口 */
    {"TEXT_ATM_REFUND", "refund", 50, "refund_claim act_call", "", 0,
     "warn_marker never_marker refund_auto", 1, "refund with a call-back"},
    {"TEXT_ATM_REFUND", "refund", 60, "atm_action", "act_call urgency", 1,
     "warn_marker never_marker pay_offline", 1, "taken to an ATM while on the phone"},
    /* a visit to collect the cash card, passbook or cash (預貯金詐欺): no
     * genuine bank, police or city hall comes for them */
    {"TEXT_CARD_COLLECTION", "police_impersonation", 80, "visit_collect", "", 0,
     "never_marker warn_marker", 1,
     "someone will come to collect your cash card, passbook or cash"},
    /* a home visit (a hearing test, an inspection) for which the passbook
     * and the cash card are to be ready: nothing done at home needs them
     * (session 19) */
    {"TEXT_CARD_COLLECTION", "elderly_transfer", 70, "home_visit prep_cards", "", 0,
     "never_marker warn_marker", 1,
     "a home visit for which your passbook and cash card are to be ready"},
    /* someone sent to pick up what a relative, a settlement or the
     * "police" needs (受け子): "同僚が取りに行くから" is also office talk,
     * so the money or the caller's story must be there too */
    {"TEXT_CARD_COLLECTION", "elderly_transfer", 75, "cash_pickup",
     "settlement_money loan_request police_claim", 1, "never_marker warn_marker", 1,
     "someone sent to pick up the money a relative or the 'police' needs"},
    /* calls: sounding out cash at home (アポ電), a relative's trouble
     * settled today in cash, unlisted shares or bonds sold with a second
     * "buyer" or a name-lending accusation (劇場型) */
    /* the pretext is often 防犯 (a crime-prevention survey): warning words
     * do not cancel the question itself */
    {"TEXT_ASSET_PROBE", "elderly_transfer", 70, "asset_probe", "", 0, "never_marker shared_cost",
     1, "a caller asks how much cash you keep at home or which bank you use"},
    {"TEXT_SETTLEMENT_DEMAND", "elderly_transfer", 75, "settlement_money",
     "urgency secrecy police_claim cash_pickup handler_call police_accuse", 1,
     "warn_marker never_marker", 1,
     "a relative's trouble, or an accusation, to be settled today with money"},
    {"TEXT_UNLISTED_SHARES", "investment", 70, "unlisted_offer secrecy", "", 0,
     "warn_marker never_marker", 1,
     "unlisted shares offered 'to a few', to be kept from the family"},
    {"TEXT_UNLISTED_SHARES", "investment", 70, "unlisted_offer buyer_proxy", "", 0,
     "warn_marker never_marker", 1,
     "unlisted shares or bonds + another buyer, 'once it lists' or name lending"},
    /* gift-card / e-money payment */
    {"TEXT_EMONEY_DEMAND", "emoney_demand", 85, "emoney_card emoney_code", "", 0,
     "warn_marker never_marker", 1, "buy gift cards / e-money and hand over the code"},
    {"TEXT_EMONEY_DEMAND", "emoney_demand", 60, "emoney_card act_pay",
     "urgency threat emoney_buy act_reply money_due benefit_claim prize_claim fee_first", 1,
     "warn_marker never_marker own_purchase", 1, "payment by gift card or e-money"},
    {"TEXT_EMONEY_DEMAND", "emoney_demand", 70, "emoney_card act_pay",
     "tax_claim tax_word carrier_claim bill_claim police_claim support_claim refund_claim "
     "refund_office",
     1, "warn_marker never_marker", 1, "an authority or company asking to be paid in e-money"},
    /* fictitious bills */
    {"TEXT_FAKE_BILL", "fake_bill", 70, "bill_claim", "act_call @phone act_pay threat urgency", 1,
     "never_marker warn_marker pay_offline @own_channels known_payee", 1,
     "unpaid fees you never incurred + legal threat or call"},
    /* any fee "unpaid" (a race's chip rental, a diploma's issue), paid
     * through a link off the sender's own domains (session 22) */
    {"TEXT_FAKE_BILL", "fake_bill", 65, "fee_unpaid @link", "act_pay threat urgency", 1,
     "never_marker warn_marker pay_offline @own_channels known_payee", 1,
     "a fee said to be unpaid, paid through a link off the sender's domains"},
    /* a roof repair "free with your fire insurance", its fee a share of
     * the claim (保険金の40%): the consumer centres' 住宅修理サービス
     * trouble — the claim may be false, the fee is owed either way
     * (session 22) */
    {"TEXT_INSURANCE_AGENT", "other", 60, "insurance_cut", "act_call @phone chat_app @sns_id @link",
     1, "warn_marker never_marker", 1,
     "a repair paid by your insurance claim, with a share of the claim as the fee"},
    /* a census or survey that wants a fee, an account or a card (session 17) */
    {"TEXT_FAKE_BILL", "fake_bill", 65, "survey_fee", "@link @phone act_pay act_call", 1,
     "never_marker warn_marker", 1, "a census or survey asking for a fee, an account or a card"},
    /* a water bureau's arrears are paid by its mailed slip: "supply stops
     * tomorrow, pay at the store with this number" is the fake (session 20) */
    {"TEXT_FAKE_BILL", "fake_bill", 65, "water_unpaid threat act_pay", "", 0,
     "never_marker warn_marker pay_offline @own_channels", 1,
     "an unpaid water bill, a stop of supply and a way to pay from a message"},
    /* a water bureau links only to its local government's domain */
    {"TEXT_FAKE_BILL", "fake_bill", 65, "water_unpaid @link", "act_pay threat urgency act_click", 1,
     "never_marker warn_marker", 1,
     "an unpaid water bill paid through a link off the city's domains"},
    /* support scam */
    {"TEXT_SUPPORT_SCAM", "support_scam", 75, "support_claim", "act_call @phone @link", 1,
     "warn_marker never_marker", 1, "virus / security alert + a number to call"},
    /* a remote-control app + money or the victim's own banking: the agent
     * "helps" while the transfer is made (refund, bank and support scams) */
    {"TEXT_REMOTE_CONTROL", "support_scam", 75, "remote_app",
     "act_pay bank_access refund_claim cred_demand emoney_card money_due account_claim "
     "support_claim not_you code_demand invest_withdraw",
     1, "warn_marker never_marker", 1,
     "install a remote-control app + a payment or your online banking"},
    /* person-to-person sales (marketplace.tsv): leaving the platform or
     * paying a stranger first, or entering a card to "receive" money */
    {"TEXT_MARKETPLACE", "marketplace", 65, "ticket_sale",
     "off_platform prepay_only emoney_card deposit_first", 1, "warn_marker never_marker", 0,
     "tickets from a stranger, paid first outside the platform or by gift card"},
    {"TEXT_MARKETPLACE", "marketplace", 65, "off_platform",
     "act_pay emoney_card prepay_only chat_app @sns_id @account", 1, "warn_marker never_marker", 0,
     "a sale moved off the platform to be paid directly"},
    /* the platform's "office" writing from a messenger or a link of its own */
    {"TEXT_MARKETPLACE", "marketplace", 65, "platform_staff",
     "chat_app @sns_id @foreign_link cred_demand", 1, "warn_marker never_marker", 0,
     "the flea-market app's 'staff' on a messenger or another site"},
    {"TEXT_MARKETPLACE", "marketplace", 65, "receive_card", "", 0, "warn_marker never_marker", 0,
     "enter your card or bank details to 'receive' a payment"},
    /* a pet sold without the face-to-face explanation the law requires,
     * flown to the buyer, or a car sold without a viewing: the deposit
     * paid first is all there is (session 15) */
    {"TEXT_REMOTE_SALE", "marketplace", 65, "remote_sale deposit_first", "", 0,
     "warn_marker never_marker", 0, "a pet or car sold unseen, with a deposit paid first"},
    /* a buyer's "payment done" screenshot, and the goods asked for before
     * the platform shows the money (or the "overpaid" difference back) */
    {"TEXT_FAKE_PAYMENT", "marketplace", 65, "paid_screenshot", "ship_first overpay_return", 1,
     "warn_marker never_marker", 0, "a 'payment done' screenshot + ship first or refund the extra"},
    /* an "escrow" or "safe trade" site the other party links to: the site
     * is theirs, and it takes the money or the bank details */
    {"TEXT_FAKE_ESCROW", "marketplace", 65, "escrow_offsite @link",
     "act_pay cred_demand act_login act_reply", 1, "never_marker", 0,
     "an 'escrow' or 'safe trade' site the other party links to"},
    /* ... or a "go-between centre" whose number or account the other party
     * gives (session 21) */
    {"TEXT_FAKE_ESCROW", "marketplace", 65, "escrow_offsite act_pay", "@phone @account @email_addr",
     1, "never_marker warn_marker", 0,
     "an 'escrow' or 'go-between' the other party names, paid first"},
    /* a person's goods (golf clubs, a console) "shipped only", paid first
     * into an account or wallet: nothing was seen (session 22) */
    {"TEXT_MARKETPLACE", "marketplace", 60, "private_sale deposit_first",
     "@account personal_payee wallet_transfer @sns_id", 1, "warn_marker never_marker", 0,
     "a person's goods sold unseen, paid first into an account or wallet"},
    /* reviews, followers or goods paid only in cryptocurrency, ordered on
     * a messenger (session 22) */
    {"TEXT_FAKE_SHOP", "marketplace", 65, "crypto_only", "shop_order @sns_id chat_app rec_app", 1,
     "warn_marker never_marker", 0,
     "goods or a service paid only in cryptocurrency, ordered on a messenger"},
    /* a share of a streaming or app subscription sold by a stranger
     * (against every service's terms): paid by gift card or transfer, the
     * "account" never comes or is taken back (session 22) */
    {"TEXT_MARKETPLACE", "marketplace", 60, "account_resale",
     "emoney_card wallet_transfer act_pay chat_app @sns_id deposit_first deep_discount", 1,
     "warn_marker never_marker", 0, "a subscription account sold by a stranger, paid first"},
    /* a stranger who found you (DM) and wants the full price first */
    {"TEXT_MARKETPLACE", "marketplace", 60, "prepay_only",
     "chat_app @sns_id wallet_transfer @account", 1, "warn_marker never_marker", 0,
     "a stranger's sale by DM, paid in full first"},
    /* fake shops: cards and cash on delivery "unavailable", transfer only */
    {"TEXT_FAKE_SHOP", "marketplace", 65, "card_unavailable",
     "@account personal_payee shop_order @phone @link act_pay", 1, "warn_marker never_marker", 0,
     "a shop whose cards and cash on delivery are 'unavailable for now': transfer only"},
    /* "your card failed — pay by bank transfer within 12 hours" (session 17) */
    {"TEXT_FAKE_SHOP", "marketplace", 65, "card_failed pay_by_transfer",
     "personal_payee urgency @phone", 1, "warn_marker never_marker", 0,
     "the card 'failed', so pay by bank transfer, in a hurry or to a person"},
    /* many small shops take transfers only: with a person's account or a
     * mobile to text it is the fake shop's */
    {"TEXT_FAKE_SHOP", "marketplace", 60, "transfer_only", "personal_payee @phone", 1,
     "warn_marker never_marker", 0, "transfer only, to a person's account or a mobile number"},
    /* a deep discount paid by transfer only, or a scarce item "held for
     * you" paid through a link off every shop the text names (session 21) */
    {"TEXT_FAKE_SHOP", "marketplace", 60, "deep_discount transfer_only @link", "", 0,
     "warn_marker never_marker", 0, "a deep discount through a link, paid by bank transfer only"},
    {"TEXT_FAKE_SHOP", "marketplace", 60, "reserve_hold @foreign_link", "act_pay urgency", 1,
     "warn_marker never_marker", 0,
     "a scarce item 'held for you' until you pay through a link off the shop's domains"},
    /* subscription traps: a trial that becomes a fixed course, cancellable
     * only by phone */
    {"TEXT_SUBSCRIPTION_TRAP", "fake_bill", 60, "sub_trial sub_cancel_phone", "", 0,
     "warn_marker never_marker", 0,
     "a trial price that becomes a fixed course cancellable only by phone"},
    /* goods "ordered by phone" sent cash on delivery, with a charge for
     * refusing them or for cancelling the course: unordered goods may be
     * kept or thrown away unpaid (特定商取引法 art. 59; session 21) */
    {"TEXT_COD_TRAP", "fake_bill", 60, "cod_trap", "shop_order act_pay sub_trial", 1,
     "warn_marker never_marker", 1,
     "goods sent cash on delivery with a charge for refusing them or cancelling"},
    {"TEXT_MARKETPLACE", "marketplace", 60, "extra_fee refund_promise", "", 0,
     "warn_marker never_marker", 0, "an extra deposit 'returned in full later'"},
    {"TEXT_PIN_REQUEST", "phishing", 75, "pin_demand", "", 0, "warn_marker never_marker pin_notice",
     1, "asks for your cash card's PIN or your wallet's recovery phrase"},
    /* callback phishing on a landline: an order or renewal "confirmed",
     * call this number within the day if it was not you (session 15) */
    {"TEXT_FAKE_INVOICE", "support_scam", 65, "not_you act_call @phone urgency",
     "renewal_charge shop_order", 1, "warn_marker never_marker", 1,
     "an order or renewal you never made + call this number before a deadline"},
    /* "reply Y to have it redelivered": the reply proves the number is
     * read, and the link comes next (session 15) */
    {"TEXT_REPLY_LURE", "phishing", 60, "reply_y",
     "delivery_claim carrier_claim account_claim prize_claim refund_claim threat @brand_claim", 1,
     "warn_marker never_marker", 1, "'reply Y' to a delivery, account or prize notice"},
    /* an organisation's "important matter" with nothing said but a number
     * to call (session 15) */
    {"TEXT_CALLBACK_LURE", "phishing", 55, "vague_matter act_call @phone",
     "@brand_claim org_claim delivery_claim carrier_claim police_claim", 1,
     "warn_marker never_marker", 1,
     "an organisation's unnamed 'important matter' + call this number"},
    /* points "to receive" before a deadline, through a link off the
     * brand's domains */
    {"TEXT_PRIZE_LURE", "prize", 60, "point_receive @link", "", 0, "warn_marker never_marker", 1,
     "points to 'receive' through a link before a deadline"},
    /* "buy Apple gift cards at the konbini for me, I'll pay you back": the
     * hijacked friend's LINE */
    {"TEXT_EMONEY_DEMAND", "emoney_demand", 65, "emoney_card emoney_buy loan_request", "", 0,
     "warn_marker never_marker", 1, "'buy gift cards for me, I'll pay you back'"},
    /* a charge you never made + a number to call if it was not you */
    {"TEXT_FAKE_INVOICE", "support_scam", 65, "renewal_charge not_you",
     "@personal_phone @intl_phone", 1, "warn_marker never_marker", 1,
     "a renewal charge + 'call this number if it was not you'"},
    /* a subscription "renewed" whose cancelling is a call to a number in
     * the message: app stores and services cancel in the account's
     * settings, the callback line is the refund scam's (session 22) */
    {"TEXT_FAKE_INVOICE", "support_scam", 65, "renewal_charge cancel_by_phone @phone", "", 0,
     "warn_marker never_marker", 1, "a subscription renewal to be cancelled by calling a number"},
    /* an organisation paid by a personal wallet transfer to an ID */
    {"TEXT_WALLET_TRANSFER", "fake_bill", 70, "wallet_transfer",
     "@brand_claim org_claim delivery_claim carrier_claim tax_claim tax_word bill_claim "
     "benefit_claim "
     "refund_claim refund_office account_claim police_claim",
     1, "warn_marker never_marker", 1,
     "an organisation asks to be paid by a personal PayPay-style transfer to an ID"},
    /* an organisation, a fee or money due paid in cryptocurrency */
    {"TEXT_CRYPTO_PAYMENT", "fake_bill", 70, "crypto_pay",
     "org_claim @brand_claim tax_claim tax_word bill_claim police_claim police_demand fee_first "
     "money_due "
     "recovery_claim refund_claim delivery_claim carrier_claim account_claim support_claim "
     "invest_withdraw sextortion_claim donation_claim inheritance_claim",
     1, "warn_marker never_marker", 1, "a bill, fine, tax or fee to be paid in cryptocurrency"},
    /* a wallet drainer: connecting the wallet to the page signs its funds
     * away, whatever the page promises */
    {"TEXT_WALLET_DRAIN", "investment", 70, "wallet_connect",
     "@link @shortener @foreign_link urgency prize_claim money_due", 1, "warn_marker never_marker",
     1, "connect your crypto wallet to a link to 'claim' or 'validate'"},
    /* a fee first, then the money due to you (refund, deposit, prize), or
     * the fee itself "refunded in full afterwards" */
    {"TEXT_ADVANCE_FEE", "refund", 70, "fee_first",
     "money_due refund_claim prize_claim benefit_claim invest_withdraw refund_promise", 1,
     "warn_marker never_marker", 1, "a fee to pay first before money due to you is paid"},
    /* a refund "applied for" through a link off the organisation: a real
     * one goes back by the way it was paid or through its own site
     * (session 19) */
    {"TEXT_REFUND_LINK", "refund", 60, "money_due @foreign_link", "act_login urgency cred_demand",
     1, "warn_marker never_marker refund_auto", 1,
     "money due to you, claimed through a link off the organisation"},
    /* a refund handled through a messenger */
    {"TEXT_ADVANCE_FEE", "refund", 65, "money_due", "chat_app @sns_id rec_app", 1,
     "warn_marker never_marker", 1, "a refund to be claimed through a messenger"},
    /* cash may travel by post only as 現金書留: a Letter Pack or a parcel
     * of cash is what the オレオレ caller asks for (session 13) */
    {"TEXT_CASH_BY_PARCEL", "elderly_transfer", 75, "cash_parcel", "", 0,
     "warn_marker never_marker", 1, "cash to be sent in a Letter Pack or a parcel"},
    /* a buyer who "overpaid" and wants the difference sent back */
    {"TEXT_OVERPAYMENT", "marketplace", 65, "overpay_return", "", 0, "warn_marker never_marker", 0,
     "'I paid too much — send the difference back'"},
    /* "move your money to a safe account": no bank, police or agency does */
    {"TEXT_SAFE_ACCOUNT", "police_impersonation", 80, "safe_account", "", 0,
     "warn_marker never_marker", 1, "move your money to a 'safe account'"},
    /* an inheritance or unclaimed funds from a stranger, for a fee or details */
    {"TEXT_INHERITANCE", "refund", 65, "inheritance_claim",
     "fee_first act_pay act_reply cred_demand @email_addr @phone @intl_phone money_due", 1,
     "warn_marker never_marker", 1, "an inheritance or unclaimed funds from a stranger"},
    /* a donation appeal paid to a person, a wallet, in crypto or off the
     * claimed organisation's domains */
    {"TEXT_DONATION_SCAM", "fake_bill", 60, "donation_claim",
     "wallet_transfer @personal_phone crypto_pay @crypto @foreign_link personal_payee emoney_card "
     "@sns_id",
     1, "warn_marker never_marker shop_order", 1,
     "a donation to a person, a wallet, crypto or a site off the charity's domains"},
    /* "send any amount of crypto and get it back doubled": a celebrity's or a
     * big account's "giveaway" — no one doubles money sent to them (session 17) */
    {"TEXT_CRYPTO_GIVEAWAY", "investment", 80, "crypto_doubling",
     "invest_claim crypto_pay @crypto urgency @link", 1, "warn_marker never_marker", 0,
     "send crypto and 'get it back doubled'"},
    /* a card "to prove your age" on a site a match or a stranger links
     * to: the card is what the site is for (session 19) */
    {"TEXT_AGE_CHECK_CARD", "phishing", 60, "age_card @foreign_link", "", 0,
     "warn_marker never_marker", 1, "a card 'to prove your age' on a site someone links you to"},
    /* land bought decades ago, now "wanted by a buyer", or a boundary "in
     * dispute": a survey, registration or advertising fee first is the
     * whole of it (原野商法, second wave; session 19) */
    {"TEXT_LAND_FEE", "fake_bill", 70, "land_buyer land_fee", "", 0, "warn_marker never_marker", 1,
     "a buyer for your land or a boundary dispute, with a survey or registration fee first"},
    {"TEXT_LAND_FEE", "fake_bill", 60, "land_buyer land_old", "act_call @phone @link", 1,
     "warn_marker never_marker", 1,
     "a buyer for land bought decades ago, through a call-back or a link"},
    /* "I recorded you; pay or your contacts get the video" */
    {"TEXT_SEXTORTION", "support_scam", 80, "sextortion_claim",
     "crypto_pay @crypto act_pay emoney_card threat", 1, "warn_marker never_marker", 1,
     "'I recorded you' + pay (often in bitcoin) or it is sent to your contacts"},
    /* a wrong-number opener that turns into an introduction */
    {"TEXT_WRONG_NUMBER", "investment", 60, "wrong_number",
     "invest_claim romance_persona romance_move chat_app @sns_id", 1, "warn_marker never_marker", 0,
     "'sorry, wrong number' turned into investing or a move to a messenger"},
    /* home-visit sales (ja_dev_hard14): a free inspection whose repair is
     * paid on the spot, a visiting buyer with "no cooling-off", goods never
     * ordered billed, a blessed object against bad luck */
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 60, "inspect_visit onsite_pay", "", 0,
     "warn_marker never_marker fee_free", 1,
     "a free inspection at the door, the repair paid on the spot"},
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 70, "inspect_visit onsite_pay authority_borrowed", "", 0,
     "warn_marker never_marker", 1,
     "an inspection 'for the city / the maker / the law', the repair paid on the spot"},
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 60, "inspect_visit", "authority_borrowed damage_fear", 1,
     "warn_marker never_marker fee_free", 1,
     "a 'free inspection' under a borrowed authority or a fear of damage"},
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 65, "no_cooling_off", "", 0, "warn_marker never_marker",
     1, "a visiting buyer says cooling-off does not apply (it always does)"},
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 60, "unordered_bill", "act_pay bill_claim", 1,
     "warn_marker never_marker", 1, "goods never ordered, billed, returnable only for a fee"},
    /* 押し買い: invited for old clothes, the buyer asks for the jewellery
     * too (session 18) */
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 60, "jewel_push buy_visit", "", 0,
     "warn_marker never_marker", 1,
     "a buyer invited for old clothes who asks to see the jewellery too"},
    /* a traffic fine is paid at a bank or post office with the paper slip
     * the police hand over, never through a link (session 18) */
    {"TEXT_FINE_LINK", "police_impersonation", 70, "traffic_fine @link", "", 0,
     "warn_marker never_marker", 1, "a traffic fine to be paid through a link"},
    {"TEXT_HOME_VISIT_SALE", "fake_bill", 60, "visit_buy alone_ok", "", 0,
     "warn_marker never_marker", 1, "a buyer coming round who prefers you alone (押し買い)"},
    {"TEXT_SPIRITUAL_SALE", "fake_bill", 60, "spirit_claim spirit_goods",
     "act_pay @account urgency @link", 1, "warn_marker never_marker", 1,
     "bad luck explained + a blessed object or ritual to pay for"},
    /* young people's channels (ja_dev_hard15): an "accidental report" only a
     * "staff" id can undo; a course or PDF that makes money, paid for; a
     * loan taken to buy in; points bought on a site before a paid date */
    {"TEXT_FALSE_REPORT", "account_suspension", 60, "false_report",
     "@sns_id chat_app act_reply threat act_login", 1, "warn_marker never_marker", 1,
     "'I reported your account by mistake — ask this staff member to undo it'"},
    {"TEXT_INFO_PRODUCT", "side_job", 60, "info_product",
     "act_pay @link @shortener refund_promise invest_guarantee", 1, "warn_marker never_marker", 0,
     "a method that 'makes money', sold as a course or a PDF"},
    {"TEXT_LOAN_TO_BUY_IN", "side_job", 65, "loan_push",
     "invest_claim sidejob_claim sidejob_word mlm_claim job_prepay info_product", 1,
     "warn_marker never_marker", 0, "'take a student loan' to buy into a scheme"},
    {"TEXT_SUGAR_DATE_POINTS", "romance", 65, "sugar_date", "points_buy fee_first", 1,
     "warn_marker never_marker", 1, "a paid date that first needs points bought on a site"},
    /* a rental you may not view, paid first */
    {"TEXT_RENTAL_PREPAY", "fake_bill", 65, "no_viewing",
     "act_pay @account fee_first personal_payee", 1, "warn_marker never_marker", 1,
     "a rental you cannot view, paid for first"},
    {"TEXT_RENTAL_PREPAY", "fake_bill", 60, "viewing_fee", "", 0, "warn_marker never_marker", 1,
     "a fee before you may view the flat"},
    /* the account to pay into has changed */
    {"TEXT_ACCOUNT_CHANGE", "fake_bill", 65, "account_change", "@account personal_payee", 1,
     "warn_marker never_marker verify_first", 1,
     "'the account to pay into has changed' + a new account"},
    /* "the account in our invoice was wrong, the correct one is attached":
     * without the number, still a payment redirected */
    /* ... not a platform's "your payout account was changed — if it
     * wasn't you, …" (not_you: the reader's own account, session 22) */
    {"TEXT_ACCOUNT_CHANGE", "fake_bill", 55, "account_change act_pay",
     "act_click urgency no_callback threat secrecy", 1,
     "warn_marker never_marker known_payee verify_first not_you", 1,
     "'the account to pay into has changed' + pay there"},
    /* the boss who wants a private group (or "are you at your desk?") for
     * one urgent, confidential transfer (CEO fraud) */
    {"TEXT_CEO_FRAUD", "fake_bill", 65, "private_group", "act_pay @account", 1,
     "warn_marker never_marker", 1, "'make a group with just us' + a transfer"},
    /* the "president" who wants a secret group made, or the balance of the
     * company account on screen: the transfer comes next (session 15) */
    {"TEXT_CEO_FRAUD", "fake_bill", 60, "boss_claim private_group", "", 0,
     "warn_marker never_marker", 1, "'this is the president; make a group for us'"},
    /* the opener: "this is the president — a confidential matter, tell no
     * one, reply if you are free now" (session 22) */
    {"TEXT_CEO_FRAUD", "fake_bill", 60, "boss_claim secrecy", "act_reply urgency chat_app", 1,
     "warn_marker never_marker", 1, "the 'president' with a secret errand, asking for a reply"},
    {"TEXT_CEO_FRAUD", "fake_bill", 65, "boss_claim balance_shot", "", 0,
     "warn_marker never_marker", 1, "'this is the president; send a screenshot of the balance'"},
    /* an attachment named .pdf.html: a page dressed as a document, where
     * the form asks for what the mail wants */
    {"TEXT_DISGUISED_ATTACHMENT", "phishing", 70, "double_ext", "", 0, "", 1,
     "an attachment named like a document but opening as a page or a program"},
    /* a domain or trademark "someone else applied for": the offer to
     * register first is the sale (session 15) */
    {"TEXT_DOMAIN_SQUAT", "fake_bill", 60, "domain_squat", "act_reply act_pay act_call @link", 1,
     "warn_marker never_marker", 1,
     "'a third party applied for your name as a domain' — register it first with us"},
    /* 未公開株詐欺: pre-IPO shares "allocated" to a stranger (session 15) */
    {"TEXT_PREIPO_SHARES", "investment", 60, "preipo",
     "act_pay @account act_reply act_call @phone @link", 1, "warn_marker never_marker", 1,
     "pre-IPO shares offered to a stranger"},
    /* 融資保証金詐欺: no lender asks for its fee before the loan */
    {"TEXT_LOAN_FEE", "fake_bill", 70, "loan_ctx", "guarantee_pay fee_first", 1,
     "warn_marker never_marker", 1, "a loan approved once a guarantee fee is paid in"},
    /* ヤミ金 / 個人間融資: a loan offered where no licensed lender may
     * lend or advertise, through a messenger, a link, a number, or for an
     * ID photo or a fee first (session 20) */
    {"TEXT_ILLEGAL_LOAN", "fake_bill", 65, "loan_unlicensed",
     "chat_app @sns_id @link @shortener @phone act_reply dm_ask cred_demand rec_id fee_first "
     "act_pay loan_ctx money_due",
     1, "warn_marker never_marker", 1,
     "a loan for those no licensed lender would lend to, or against a pension, passbook or salary"},
    /* "stay logged in to your online banking while we call you back" */
    {"TEXT_REMOTE_CONTROL", "support_scam", 70, "banking_open", "", 0, "warn_marker never_marker",
     1, "'log in to your online banking and wait for our call'"},
    /* 受け子: collecting documents or goods at elderly people's homes, or
     * a recruiter who wants the family's contact details (the hold he
     * keeps on the recruit) with big or vague pay (session 15) */
    {"TEXT_RECRUITMENT", "recruitment", 80, "elder_target pickup_task", "", 0, "warn_marker", 0,
     "collecting documents or goods at elderly people's homes"},
    {"TEXT_RECRUITMENT", "recruitment", 75, "family_contact", "rec_pay rec_bigpay rec_vague", 1,
     "warn_marker", 0, "a job that wants your family's contact details, with big or vague pay"},
    {"TEXT_RECRUITMENT", "recruitment", 70, "pickup_task rec_pay", "rec_app rec_vague rec_bigpay",
     1, "warn_marker", 0, "collecting documents from people for big pay, through an app"},
    /* The roles a ring hires for, named by what the recruit must do
     * rather than by the slang (session 16): an account, phone or SIM
     * handed over, someone else's card at an ATM, money passed on; a thing
     * carried from one person to another; calls from a lent phone; "not an
     * ordinary job". Paid, or answered on a messenger. */
    {"TEXT_RECRUITMENT", "recruitment", 75, "mule_role",
     "rec_pay rec_bigpay rec_app chat_app @sns_id @link", 1, "warn_marker never_marker", 0,
     "an account, phone or card handed over, or money passed on, for pay"},
    {"TEXT_RECRUITMENT", "recruitment", 70, "courier_task", "rec_bigpay rec_app @sns_id rec_id", 1,
     "warn_marker never_marker", 0,
     "carrying a thing from one person to another, for large pay or through an anonymous app"},
    {"TEXT_RECRUITMENT", "recruitment", 65, "courier_task rec_pay",
     "chat_app @link rec_vague rec_task", 1, "warn_marker never_marker", 2,
     "a post: carrying a thing from one person to another, paid per run, answered by DM"},
    {"TEXT_RECRUITMENT", "recruitment", 70, "call_task", "rec_app @sns_id rec_bigpay", 1,
     "warn_marker never_marker", 0,
     "calls made from a phone the recruiter lends, through an anonymous app"},
    {"TEXT_RECRUITMENT", "recruitment", 70, "rec_bigpay rec_app", "", 0, "warn_marker never_marker",
     0, "a large day's or run's pay + an anonymous app"},
    {"TEXT_RECRUITMENT", "recruitment", 75, "crime_admission",
     "rec_pay rec_bigpay rec_app chat_app @sns_id", 1, "warn_marker never_marker", 0,
     "'not an ordinary job, but you won't be caught', for pay"},
    /* a post that wants the code texted to your phone: the account it
     * opens is the ring's */
    {"TEXT_CODE_REQUEST", "side_job", 65, "code_demand rec_pay", "", 0, "warn_marker never_marker",
     2, "a paid 'job' that wants the code sent to your phone"},
    /* a job interview held on Telegram or Signal */
    {"TEXT_RECRUITMENT", "recruitment", 65, "interview_app", "", 0, "warn_marker", 0,
     "a job interview on an anonymous messenger"},
    {"TEXT_CEO_FRAUD", "fake_bill", 60, "boss_claim new_line", "", 0, "warn_marker never_marker", 1,
     "'this is the president; I made a new LINE'"},
    {"TEXT_CEO_FRAUD", "fake_bill", 65, "boss_errand secrecy", "act_pay @account", 1,
     "warn_marker never_marker", 1, "'are you at your desk?' + a confidential payment"},
    /* the story to tell the bank when it asks why ("答えてください『継続
     * 取引先への支払い』", "if the bank asks, say it's for your son"):
     * only someone who wants the bank's check to fail writes the answer */
    {"TEXT_COVER_STORY", NULL, 75, "cover_story",
     "act_pay atm_action atm_word @account cash_pickup police_demand account_change", 1,
     "warn_marker never_marker", 1, "tells you what to answer when the bank asks"},
    {"TEXT_COVER_STORY", NULL, 75, "bank_question say_this",
     "act_pay atm_action atm_word @account cash_pickup police_demand account_change", 1,
     "warn_marker never_marker", 1, "tells you what to answer when the bank asks"},
    /* a listing or registration "confirmation" whose return is the contract
     * (同封の確認書を返送した時点で有料掲載に同意, クーリングオフ適用外) */
    {"TEXT_LISTING_INVOICE", "fake_bill", 60, "consent_trap", "", 0, "warn_marker never_marker", 1,
     "returning or signing a form counts as ordering a paid listing"},
    {"TEXT_LISTING_INVOICE", "fake_bill", 60, "form_return consent_deemed", "", 0,
     "warn_marker never_marker", 1,
     "returning or signing a form counts as ordering a paid listing"},
    /* an organisation's fee or bill paid into a named person's account */
    {"TEXT_PERSONAL_PAYEE", "fake_bill", 60, "personal_payee act_pay",
     "org_claim @brand_claim shop_order bill_claim tax_claim tax_word carrier_claim delivery_claim "
     "prepay_only account_change",
     1, "warn_marker never_marker org_payee", 1,
     "a company's fee to be paid into a person's account"},
    /* "if this wasn't you" + a link off the claimed name, under a deadline */
    {"TEXT_NOT_YOU_LINK", "phishing", 55, "not_you @foreign_link urgency", "", 0, "never_marker", 1,
     "'if this wasn't you' + act through a link, under a deadline"},
    /* "log in with your account to vote for my friend": the vote page is
     * the log-in page (session 19) */
    {"TEXT_VOTE_LOGIN", "phishing", 60, "vote_login @foreign_link", "", 0,
     "warn_marker never_marker", 1,
     "a contest vote that needs your account's log-in, off its site"},
    /* "scan this QR with your WhatsApp and press Link a device": the
     * reader's account opens on the sender's device (session 19) */
    {"TEXT_DEVICE_LINK", "phishing", 70, "device_link qr_link", "", 0, "warn_marker never_marker",
     1, "a QR code to scan that links your messenger account to someone else's device"},
    /* a QR code to scan: a link the text does not show */
    {"TEXT_QR_LURE", "phishing", 65, "qr_link",
     "account_claim delivery_claim refund_claim benefit_claim carrier_claim tax_claim tax_word "
     "money_due "
     "cred_demand threat urgency act_pay",
     1, "warn_marker never_marker qr_in_person", 1,
     "scan a QR code to fix, pay or receive something"},
    /* an app from a link, on a phone told to trust "unknown sources": the
     * malware of delivery and carrier smishing (session 17) */
    {"TEXT_SIDELOAD", "phishing", 75, "sideload", "@link @shortener", 1, "warn_marker never_marker",
     1, "install an app from a link, allowing unknown sources"},
    /* "we will recover your lost money" — for a fee, or through a messenger */
    {"TEXT_RECOVERY_SCAM", "investment", 70, "recovery_claim",
     "act_pay invest_fee extra_fee fee_first chat_app @link @sns_id money_due crypto_pay rec_id", 1,
     "warn_marker never_marker", 1, "'we will get your lost money back' + a fee or a channel"},
    {"TEXT_RECOVERY_SCAM", "investment", 65, "recovery_claim act_call @phone", "", 0,
     "warn_marker never_marker", 1, "'your lost money is being returned' + call this number"},
    /* a relative on a new number who needs money (オレオレ / "Hi Mum") */
    /* 虚偽誘拐: a relative "held" until money is paid */
    {"TEXT_EXTORTION", "elderly_transfer", 80, "hostage_claim",
     "urgency act_pay secrecy threat @phone @account", 1, "warn_marker never_marker", 1,
     "'we are holding your relative' + money, a deadline or 'no police'"},
    /* "is this you in the photo?" + a link: the link is the lure */
    {"TEXT_BAIT_LINK", "phishing", 55, "media_bait", "@link @shortener @foreign_link", 1,
     "warn_marker never_marker", 1, "'is this you in this video?' + a link"},
    /* the オレオレ opener: "it's me, my phone is new" to a parent — the
     * money comes in the next call; the police advice is to call the old
     * number back */
    {"TEXT_NEW_NUMBER", "elderly_transfer", 45, "new_number kin_voice", "", 0,
     "warn_marker never_marker", 1, "'it's me, my number changed' to a parent or grandparent"},
    /* "my phone drowned — write to me on this other LINE": the money
     * comes once the parent has moved there (session 15) */
    {"TEXT_NEW_NUMBER", "elderly_transfer", 55, "new_number kin_voice", "chat_app @link @sns_id", 1,
     "warn_marker never_marker", 1, "'it's me, my phone is new' + another LINE, link or id"},
    /* "my throat is bad, call me from / write to me on this one": the
     * voice that will not be recognised, and the new line it comes from
     * (session 19) */
    {"TEXT_NEW_NUMBER", "elderly_transfer", 55, "voice_excuse", "new_number chat_app @sns_id", 1,
     "warn_marker never_marker", 1, "'my voice is off' + a new number or another messenger"},
    {"TEXT_NEW_NUMBER_MONEY", "elderly_transfer", 70, "new_number",
     "act_pay loan_request emoney_card romance_money", 1, "warn_marker never_marker", 1,
     "'my phone is new / broken' + a request for money"},
    /* the rest of the オレオレ story: "it's me" + lost company money, an
     * accident or a sum needed, with hurry, secrecy, a go-between who
     * will call or come, or a voice "changed by a cold" (voice_excuse:
     * alone, a real child's "風邪で声が変" is no opener) */
    {"TEXT_KIN_TROUBLE", "elderly_transfer", 70, "kin_voice kin_trouble",
     "loan_request settlement_money urgency secrecy handler_call cash_pickup new_number "
     "voice_excuse",
     1, "warn_marker never_marker", 1,
     "'it's me' + lost money or an accident + money, hurry or secrecy"},
    {"TEXT_KIN_TROUBLE", "elderly_transfer", 70, "kin_voice loan_request",
     "secrecy handler_call cash_pickup new_number voice_excuse", 1,
     "warn_marker never_marker known_payee", 1,
     "'it's me' + a sum needed + secrecy, a go-between or a new voice"},
    /* services sold to foreign residents (session 9): remittance "cheaper
     * than the bank" into a person's account whose name keeps changing
     * (地下銀行; its ads say "no fee", so no never-marker clears it), and
     * visa approval "guaranteed" by an insider at 入管 */
    {"TEXT_UNDERGROUND_REMIT", "support_scam", 70, "remit_underground",
     "@account personal_payee act_pay chat_app @sns_id", 1, "warn_marker", 1,
     "remittance 'at a better rate than the bank' through a person's account"},
    {"TEXT_VISA_FIXER", "support_scam", 65, "visa_fixer", "", 0, "warn_marker never_marker", 1,
     "visa approval 'guaranteed' through an insider at immigration"},
    /* prize lure; not the result of a draw the reader entered (ticket and
     * IPO lotteries ask for payment by a deadline too) */
    {"TEXT_PRIZE_LURE", "prize", 60, "prize_claim",
     "act_call @phone @shortener act_pay act_reply act_login cred_demand urgency dm_ask", 1,
     "never_marker pay_offline warn_marker refund_auto fee_free entry_applied", 1,
     "you have won + call, reply, pay or enter details"},
    /* "choose any item for free, you only pay shipping" through a link: the
     * fake collaboration or giveaway (session 17) */
    {"TEXT_PRIZE_LURE", "prize", 60, "free_pay_shipping @link", "", 0,
     "never_marker warn_marker entry_applied", 1,
     "a 'free' item whose shipping is paid through a link"},
    {"TEXT_PRIZE_LURE", "prize", 60, "prize_claim @link", "act_click @brand_claim @sender_mismatch",
     1, "never_marker warn_marker refund_auto fee_free entry_applied", 1,
     "you have won + click a link"},
    /* side jobs (副業) */
    {"TEXT_SIDE_JOB", "side_job", 60, "sidejob_claim", "chat_app @link @sns_id rec_pay", 1,
     "warn_marker", 0, "easy side income + moving to a messenger"},
    {"TEXT_SIDE_JOB", "side_job", 60, "sidejob_word", "chat_app @link @sns_id act_reply", 1,
     "warn_marker", 0, "a side job + a way to contact the recruiter"},
    {"TEXT_SIDE_JOB", "side_job", 65, "job_fee", "sidejob_claim sidejob_word rec_id", 1,
     "warn_marker fee_free", 0, "easy side income that first needs a fee"},
    /* task scams and jobs paid for first: the deposit or fee is the mechanism */
    {"TEXT_TASK_SCAM", "side_job", 65, "task_fee", "", 0, "warn_marker never_marker", 0,
     "a deposit before the next 'task' can be done or paid"},
    {"TEXT_TASK_SCAM", "side_job", 65, "tier_fee",
     "rec_pay sidejob_claim sidejob_word job_ctx refund_promise task_fee", 1,
     "warn_marker never_marker", 0, "a 'VIP level' to be bought before the task pay is released"},
    /* a fee collected in cash at the venue (a club's BBQ) is no prepayment */
    {"TEXT_JOB_PREPAY", "side_job", 65, "job_prepay", "job_ctx sidejob_claim sidejob_word rec_pay",
     1, "warn_marker never_marker pay_offline", 0,
     "a job that must be paid for first (equipment, training, registration)"},
    /* crime recruitment (闇バイト) */
    {"TEXT_RECRUITMENT", "recruitment", 85, "rec_slang",
     "rec_pay rec_app rec_task chat_app @sns_id", 1, "warn_marker", 0,
     "crime-recruitment slang + pay, a task or an anonymous app"},
    {"TEXT_RECRUITMENT", "recruitment", 85, "rec_pay rec_app rec_task", "", 0, "warn_marker", 0,
     "high pay + anonymous app + vague task"},
    {"TEXT_RECRUITMENT", "recruitment", 75, "rec_id", "rec_pay rec_slang rec_app", 1, "warn_marker",
     0, "a 'job' that first wants a photo of your ID"},
    /* an ID, a selfie with it or the bank card photographed before any
     * interview: what opens and empties accounts in the applicant's name
     * (an employer takes account details on a form after hiring; session
     * 19) */
    {"TEXT_RECRUITMENT", "recruitment", 75, "rec_id card_photo", "", 0, "warn_marker never_marker",
     0, "a 'job' that first wants your ID and a photo of your bank card"},
    /* the recruit who wants out is told the ring has the ID and the
     * family's address */
    {"TEXT_RECRUITMENT", "recruitment", 80, "quit_threat", "rec_id courier_task rec_task", 1,
     "warn_marker never_marker", 0,
     "'you can't quit now, we have your ID and your family's address'"},
    {"TEXT_RECRUITMENT", "recruitment", 65, "rec_pay rec_app", "", 0, "warn_marker", 0,
     "high pay + anonymous app (Telegram / Signal)"},
    /* 日給 / 未経験歓迎 / a link to the employer's site are every job ad's:
     * the move to a messenger or an id is what the 闇バイト needs */
    {"TEXT_RECRUITMENT", "recruitment", 60, "rec_pay rec_task", "chat_app @sns_id", 1,
     "warn_marker", 0, "high pay + vague task + contact by messenger"},
    {"TEXT_RECRUITMENT", "recruitment", 50, "rec_app rec_task", "chat_app @sns_id", 1,
     "warn_marker", 0, "vague task + anonymous app"},
    /* A post is answered on the platform itself: its reply or DM is the
     * channel. A job ad names the company, the work and a wage; the
     * recruiter offers a day's or a run's large pay for a task reduced to
     * "just receive / carry / watch" or told only later (session 13). */
    {"TEXT_RECRUITMENT", "recruitment", 60, "rec_bigpay rec_vague", "", 0, "warn_marker", 2,
     "a post: a large day's or job's pay for a task that is 'just …' or told later"},
    /* An organisation's call-back line is a landline, 0120 / 0800 or 0570
     * number; fraud call centres run on prepaid mobiles and 050 IP phones,
     * which anyone can get in minutes. An organisation claimed + a number of
     * that kind to call is the mechanism, whatever the wording. */
    {"TEXT_ORG_PERSONAL_PHONE", NULL, 60, "@personal_phone",
     "@brand_claim police_claim tax_claim tax_word carrier_claim refund_claim refund_office "
     "benefit_claim "
     "bill_claim "
     "support_claim account_claim delivery_claim org_claim login_alert",
     1, "warn_marker never_marker colleague_voice driver_note visit_note", 1,
     "an organisation's message that gives a mobile or 050 IP-phone number to call"},
    /* a delivery driver calls and texts from the mobile he carries, and
     * says so ("配達担当の小林です", "不在票を入れました"); on that mobile
     * he takes no fee, card or log-in (session 15) */
    {"TEXT_ORG_PERSONAL_PHONE", NULL, 60, "@personal_phone driver_note", "cred_demand @link", 1,
     "warn_marker never_marker", 1, "a 'driver' whose mobile number comes with a card or a link"},
    /* ... or with a fee to be paid from afar: customs duty on a parcel
     * from abroad is paid to him at the door (session 20) */
    {"TEXT_ORG_PERSONAL_PHONE", NULL, 60, "@personal_phone driver_note delivery_fee",
     "act_pay @account emoney_card crypto_pay", 1, "warn_marker never_marker", 1,
     "a 'driver' whose mobile number comes with a fee to pay"},
    /* a domain, certificate or server "about to lapse", renewed through a
     * link off every registrar's domain (session 16) */
    {"TEXT_RENEWAL_LINK", "phishing", 60, "renewal_due @foreign_link",
     "threat urgency act_pay act_login", 1, "warn_marker never_marker", 1,
     "a domain or certificate renewal paid through a link off the registrars' domains"},
    /* generic phishing: pressure + a link that is not the brand's, nor on
     * the claimed organisation's own name */
    {"TEXT_URGENT_LINK", "phishing", 50, "@foreign_link urgency threat", "", 0, "never_marker", 1,
     "deadline + threat + link"},
    {"TEXT_LOGIN_LINK", "phishing", 50, "@foreign_link act_login", "urgency threat", 1,
     "never_marker", 1, "log in / verify through a link, under pressure"},
    {"TEXT_BRAND_LINK", "phishing", 55, "@brand_claim @link", "act_login act_pay threat urgency", 1,
     "never_marker", 1, "message in a brand's name linking outside the brand's domains"},
    {"TEXT_BRAND_LINK", "phishing", 55, "@brand_off_link", "", 0, "never_marker warn_marker", 1,
     "a text in a known brand's name whose link is off the brand's domains"},
    {"TEXT_SHORT_LINK", "phishing", 40, "@shortener", "act_login act_pay threat urgency", 1,
     "never_marker", 1, "shortened link + a demand or pressure"},
    {"TEXT_SECRET_PAYMENT", NULL, 50, "secrecy act_pay", "", 0, "warn_marker never_marker", 1,
     "pay and tell nobody"},
    {"TEXT_PROBLEM_LINK", "phishing", 50, "@foreign_link problem", "urgency threat act_login", 1,
     "never_marker", 1, "a problem to fix through a link, under pressure"},
    /* a caller who texts a link and has you log in and read out the
     * token (法人口座 voice phishing): no bank sends the log-in link */
    {"TEXT_CALL_LINK", "phishing", 75, "link_coming", "token_code code_demand cred_demand", 1,
     "never_marker warn_marker", 1, "a caller sends a link and asks for the password or token"},
    {"TEXT_CALL_LINK", "phishing", 60, "link_coming act_login", "", 0, "never_marker warn_marker",
     1, "a caller sends a link to log in through"},
    /* a trading or wallet app installed from a link because "it is not on
     * the App Store": the stores' review is what it avoids */
    {"TEXT_OFFSTORE_APP", "investment", 65, "offstore_app",
     "invest_claim invest_app @link @shortener act_pay", 1, "never_marker warn_marker", 1,
     "an app not in the app stores, installed from a link"},
    /* the code a bank or platform just sent the reader, asked back: account
     * take-over (LINE 乗っ取り) and "stop the payment" calls; nobody genuine
     * needs it, so no channel is required */
    {"TEXT_CODE_REQUEST", "phishing", 70, "code_demand", "", 0, "never_marker", 1,
     "asks for the code you just received (SMS / app one-time code)"},
    {"TEXT_CREDENTIAL_REQUEST", "phishing", 60, "cred_demand",
     "act_call @phone @link act_reply @sns_id chat_app", 1, "never_marker warn_marker", 1,
     "asks you to hand over a password or PIN"},
};

#define NRULES (sizeof rules / sizeof rules[0])
_Static_assert(NRULES <= MSG_MAX_RULES, "more rules than the candidate index holds");

/* Ways a fraudster can be reached or paid from afar. A notice that settles
 * at the counter, by the mailed slip or by post (pay_offline), or pauses a
 * dormant account (inactivity), is genuine only when it gives none of
 * these: "店頭でお支払い" next to a gift-card demand or a link is still a lure.
 * A landline, 0120 or 0570 number is the office's own switchboard (市税課
 * 03-…) and does not count; a mobile or 050 number (@personal_phone) does. */
#define REMOTE_CHANNELS                                                                            \
    "@link @shortener @personal_phone @intl_phone @account @crypto @sns_id @ip_link @email_addr "  \
    "chat_app "                                                                                    \
    "act_reply emoney_card emoney_code atm_action wallet_transfer qr_link"

/* Mask of the space-separated signal names in s; MM_EINVAL naming the
 * first unknown one. */
static mm_status mask_of(const mm_message_model *m, const char *s, msg_mask *out, int *count,
                         const char *code, mm_error *err)
{
    memset(out, 0, sizeof *out);
    *count = 0;
    while (s && *s) {
        while (*s == ' ')
            s++;
        const char *e = strchr(s, ' ');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0)
            break;
        char name[48];
        if (n >= sizeof name)
            return mm_error_set(err, MM_EINVAL, "rules", "%s: signal name too long", code);
        memcpy(name, s, n);
        name[n] = 0;
        int ix = msg_signal_index(m, name);
        if (ix < 0)
            return mm_error_set(err, MM_EINVAL, "rules",
                                "%s uses signal '%s' that no data/phrases file defines", code,
                                name);
        msg_mask_set(out, ix);
        (*count)++;
        s += n;
    }
    return MM_OK;
}

mm_status msg_rules_resolve(mm_message_model *m, mm_error *err)
{
    m->sig_visit = -1;
    m->sig_code = -1;
    m->sig_qr = -1;
    m->sig_threat_caution = -1;
    m->sig_reassure = -1;
    m->sig_deep_discount = -1;
    m->sig_emoney_code = -1;
    m->sig_remote = -1;
    m->sig_inactivity = -1;
    m->sig_no_reply = -1;
    m->sig_code_sent = -1;
    /* Without phrase files (tests of extraction alone) there are no rules. */
    if (m->nphrases == 0)
        return MM_OK;
    msg_rule_r *r = calloc(NRULES, sizeof *r);
    if (r == NULL)
        return mm_error_set(err, MM_ENOMEM, "rules", "out of memory");
    for (size_t i = 0; i < NRULES; i++) {
        int c;
        mm_status st = mask_of(m, rules[i].all, &r[i].all, &c, rules[i].code, err);
        if (st == MM_OK)
            st = mask_of(m, rules[i].any, &r[i].any, &c, rules[i].code, err);
        if (st == MM_OK)
            st = mask_of(m, rules[i].none, &r[i].none, &c, rules[i].code, err);
        if (st != MM_OK) {
            free(r);
            return st;
        }
        r[i].code = rules[i].code;
        r[i].category = rules[i].category;
        r[i].detail = rules[i].detail;
        r[i].weight = rules[i].weight;
        r[i].min_any = rules[i].any[0] ? (rules[i].min_any ? rules[i].min_any : 1) : 0;
        r[i].channel = rules[i].channel;
    }
    int c;
    mm_status st = mask_of(m, "pay_offline inactivity", &m->offline_mask, &c, "offline", err);
    if (st == MM_OK)
        st = mask_of(m, REMOTE_CHANNELS, &m->remote_mask, &c, "remote", err);
    if (st != MM_OK) {
        free(r);
        return st;
    }
    /* each rule under the highest signal its `all` needs (synthetic
     * signals such as @link come first and are common; phrase signals
     * are rarer), or with the rules every message visits */
    memset(m->rule_keyed, 0, sizeof m->rule_keyed);
    memset(m->rule_unkeyed, 0, sizeof m->rule_unkeyed);
    for (size_t i = 0; i < NRULES; i++) {
        int key = -1;
        for (int b = MSG_MAX_SIGNALS - 1; b >= 0 && key < 0; b--)
            if (msg_mask_has(&r[i].all, b))
                key = b;
        uint64_t *set = key >= 0 ? m->rule_keyed[key] : m->rule_unkeyed;
        set[i >> 6] |= UINT64_C(1) << (i & 63);
    }
    free(m->rules);
    m->rules = r;
    m->sig_warn = msg_signal_index(m, "warn_marker");
    m->sig_reply = msg_signal_index(m, "act_reply");
    m->sig_visit = msg_signal_index(m, "visit_collect");
    m->sig_code = msg_signal_index(m, "code_demand");
    m->sig_qr = msg_signal_index(m, "qr_link");
    m->sig_threat_caution = msg_signal_index(m, "threat_caution");
    m->sig_reassure = msg_signal_index(m, "reassurance");
    m->sig_deep_discount = msg_signal_index(m, "deep_discount");
    m->sig_emoney_code = msg_signal_index(m, "emoney_code");
    m->sig_remote = msg_signal_index(m, "remote_app");
    m->sig_inactivity = msg_signal_index(m, "inactivity");
    m->sig_no_reply = msg_signal_index(m, "no_reply");
    m->sig_code_sent = msg_signal_index(m, "code_sent");
    m->sig_chat = msg_signal_index(m, "chat_app");
    m->sig_secrecy = msg_signal_index(m, "secrecy");
    m->sig_never = msg_signal_index(m, "never_marker");
    m->nrules = NRULES;
    return MM_OK;
}

bool msg_only_own_channels(const mm_message_model *m, const msg_facts *f)
{
    if (m == NULL || !(f->aligned_link || f->official_link) || f->foreign_links > 0)
        return false;
    /* @link alone is not counted: a link on the claimed name's domain keeps
     * it (foreign_links counts the others) */
    static const int other[] = {SIG_SHORTENER, SIG_PHONE,  SIG_INTL_PHONE, SIG_ACCOUNT,
                                SIG_CRYPTO,    SIG_SNS_ID, SIG_IP_LINK,    SIG_EMAIL_ADDR};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (msg_mask_has(&f->mask, m->sig_ix[other[i]]))
            return false;
    return true;
}

bool msg_only_offline(const mm_message_model *m, const msg_facts *f)
{
    return m != NULL && msg_mask_common(&f->mask, &m->offline_mask) &&
           !msg_mask_common(&f->mask, &m->remote_mask);
}

/* Channel extraction knows Japanese numbering, addresses and messenger
 * habits; in a text mostly in Latin letters a channel hides in forms it
 * does not parse ("call 0844 861 85 85", "text the password MIX to 85069",
 * "send an envelope to PO Box 113"). Each of them is a number: a run of
 * five or more digits (spaces, hyphens and brackets between groups) or a
 * PO box. A run that an identifier word just before names — an order,
 * tracking, invoice or booking number, a card ending — is no channel. */
static bool latin_text(const char *t, size_t len)
{
    /* bytes >= 0x80 counted eight at a time (high bits summed by a
     * multiply): a byte loop cost ~1k instructions a message */
    size_t high = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, sizeof w);
        w = (w >> 7) & UINT64_C(0x0101010101010101);
        high += (size_t)((w * UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < len; i++)
        high += (unsigned char)t[i] >= 0x80;
    size_t ascii = len - high;
    return ascii * 10 >= len * 8;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Do the bytes just before a digit run name it an identifier? */
static bool identifier_before(const char *t, size_t at)
{
    static const char *const words[] = {
        "order",       "tracking",     "track",   "slip",     "invoice",  "ref",
        "no.",         "no:",          "number",  "ending",   "shipment", "booking",
        "reservation", "confirmation", "receipt", "ticket",   "id",       "code",
        "account",     "member",       "policy",  "contract", "customer", "#"};
    size_t from = at > 24 ? at - 24 : 0;
    char low[25];
    size_t n = 0;
    for (size_t i = from; i < at; i++)
        low[n++] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] + 32 : t[i]);
    low[n] = 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strstr(low, words[k]))
            return true;
    return false;
}

/* A word that makes a reply the channel ("text WIN", "txt STOP", "reply
 * YES"), a link written out of reach ("www", "click", "download") or a PO
 * box, at t[i] and starting a word. A call needs a number, which the digit
 * runs below judge. */
static bool channel_word(const char *t, size_t len, size_t i)
{
    static const char *const words[] = {"po box", "text ", "txt",     "reply",
                                        "www",    "click", "download"};
    if (i > 0 && ((t[i - 1] | 32) >= 'a' && (t[i - 1] | 32) <= 'z'))
        return false;
    /* "please do not reply", "no-reply" */
    if ((i >= 4 && strncasecmp(t + i - 4, "not ", 4) == 0) ||
        (i >= 3 && strncasecmp(t + i - 3, "no-", 3) == 0) ||
        (i >= 4 && strncasecmp(t + i - 4, "n't ", 4) == 0))
        return false;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        if (i + n <= len && strncasecmp(t + i, words[k], n) == 0)
            return true;
    }
    return false;
}

static bool hidden_number(const char *t, size_t len)
{
    for (size_t i = 0; i < len;) {
        if (!is_digit(t[i])) {
            if (channel_word(t, len, i))
                return true;
            i++;
            continue;
        }
        size_t start = i, digits = 0;
        while (i < len) {
            if (is_digit(t[i])) {
                digits++;
                i++;
            } else if (i + 1 < len && strchr(" -()", t[i]) && is_digit(t[i + 1])) {
                i++;
            } else {
                break;
            }
        }
        /* ten digits from 0 but not 050-090: a Japanese landline, free-dial
         * or navi-dial number, which extraction parses and classes itself */
        bool published = digits == 10 && t[start] == '0' &&
                         !(t[start + 1] >= '5' && t[start + 1] <= '9' && t[start + 2] == '0');
        if (digits >= 5 && !published && !identifier_before(t, start))
            return true;
    }
    return false;
}

bool msg_no_channel(const mm_message_model *m, const msg_facts *f, const char *channel,
                    const char *text, size_t len)
{
    /* in a DM or an app chat with a person the conversation itself is the
     * channel; an app's own notice in an organisation's name (【PayPay】,
     * "Amazon.co.jp:", opening with the brand) is read like an SMS, and as
     * it cannot hide a premium short code, in Latin letters too */
    bool app = channel && strcmp(channel, "app") == 0;
    if (m == NULL ||
        (channel && !app && strcmp(channel, "sms") != 0 && strcmp(channel, "email") != 0))
        return false;
    bool notice = f->claim.nname > 0 || (f->brand >= 0 && f->brand_from < 16);
    bool mail = channel && strcmp(channel, "email") == 0;
    /* a code delivered ("your login code: 918273") is what a Latin SMS
     * holds besides its channel: judged like a mail, its digits labelled */
    bool code = m->sig_code_sent >= 0 && msg_mask_has(&f->mask, m->sig_code_sent);
    if (app ? !notice : latin_text(text, len) && (!(mail || code) || hidden_number(text, len)))
        return false;
    static const int ch[] = {SIG_LINK,   SIG_SHORTENER, SIG_PHONE,   SIG_INTL_PHONE, SIG_ACCOUNT,
                             SIG_CRYPTO, SIG_SNS_ID,    SIG_IP_LINK, SIG_EMAIL_ADDR};
    for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++)
        if (msg_mask_has(&f->mask, m->sig_ix[ch[i]]))
            return false;
    bool no_reply = m->sig_no_reply >= 0 && msg_mask_has(&f->mask, m->sig_no_reply);
    return !(m->sig_reply >= 0 && msg_mask_has(&f->mask, m->sig_reply) && !no_reply) &&
           !(m->sig_chat >= 0 && msg_mask_has(&f->mask, m->sig_chat));
}

/* The span a rule rests on: the first required signal that has one. */
static void rule_span(const msg_facts *f, const msg_mask *mask, uint32_t *s, uint32_t *e)
{
    *s = *e = 0;
    for (int i = 0; i < MSG_MAX_SIGNALS; i++)
        if (msg_mask_has(mask, i) && f->sig_to[i] > f->sig_from[i]) {
            *s = f->sig_from[i];
            *e = f->sig_to[i];
            return;
        }
}

mm_status msg_rules_apply(const mm_message_model *m, const msg_facts *f, int channel, mm_arena *a,
                          mm_verdict *v)
{
    /* One reason per code: the heaviest rule of that code that fires. */
    int best[64];
    size_t nbest = 0;
    msg_mask mk = f->mask;
    if (msg_mask_common(&mk, &m->remote_mask)) {
        for (int w = 0; w < MSG_MASK_WORDS; w++)
            mk.w[w] &= ~m->offline_mask.w[w];
        /* a link does not undo the reason given — the reader's own long
         * inactivity — only a settlement at the counter or by post */
        if (m->sig_inactivity >= 0 && msg_mask_has(&f->mask, m->sig_inactivity))
            msg_mask_set(&mk, m->sig_inactivity);
    }
    /* the rules this message's signals can fire, in table order (the
     * order decides which rule of a code is kept on equal weights) */
    uint64_t cand[MSG_RULE_WORDS];
    memcpy(cand, m->rule_unkeyed, sizeof cand);
    for (int w = 0; w < MSG_MASK_WORDS; w++)
        for (uint64_t bits = mk.w[w]; bits; bits &= bits - 1) {
            int b = w * 64 + __builtin_ctzll(bits);
            for (int k = 0; k < MSG_RULE_WORDS; k++)
                cand[k] |= m->rule_keyed[b][k];
        }
    for (size_t cw = 0; cw < MSG_RULE_WORDS; cw++)
        for (uint64_t cbits = cand[cw]; cbits; cbits &= cbits - 1) {
            size_t i = cw * 64 + (size_t)__builtin_ctzll(cbits);
            const msg_rule_r *r = &m->rules[i];
            if (channel == 2 ? r->channel == 1 : r->channel == 2)
                continue;
            if (!msg_mask_all(&mk, &r->all) || msg_mask_meets(&mk, &r->none))
                continue;
            if (r->min_any && msg_mask_common(&mk, &r->any) < r->min_any)
                continue;
            size_t k = 0;
            while (k < nbest && strcmp(m->rules[best[k]].code, r->code) != 0)
                k++;
            if (k == nbest && nbest < 64)
                best[nbest++] = (int)i;
            else if (k < nbest && m->rules[best[k]].weight < r->weight)
                best[k] = (int)i;
        }
    for (size_t k = 0; k < nbest; k++) {
        const msg_rule_r *r = &m->rules[best[k]];
        mm_reason rs = {
            .code = r->code, .category = r->category, .detail = r->detail, .weight = r->weight};
        rule_span(f, msg_mask_empty(&r->all) ? &r->any : &r->all, &rs.span_start, &rs.span_end);
        if (mm_verdict_add(v, a, &rs) != MM_OK)
            return MM_ENOMEM;
    }
    /* Standalone phrases: one reason per family, its heaviest phrase. A
     * message that warns about fraud (注意喚起) quotes the words too. */
    bool warned = m->sig_warn >= 0 && msg_mask_has(&f->mask, m->sig_warn);
    for (size_t fam = 0; fam < m->nfamilies && fam < 64 && !warned; fam++) {
        int p = f->best_phrase[fam];
        if (p < 0 || f->best_phrase_weight[fam] <= 0)
            continue;
        const msg_phrase *ph = &m->phrases[p];
        if (channel == 2 && strcmp(m->families[fam], "recruitment") != 0 &&
            strcmp(m->families[fam], "side_job") != 0)
            continue;
        const char *cat = strcmp(m->families[fam], "common") == 0 ? NULL : m->families[fam];
        mm_reason rs = {.code = "TEXT_PHRASE",
                        .category = cat,
                        .detail = ph->note[0] ? ph->note : ph->source,
                        .weight = ph->weight,
                        .span_start = f->phrase_from[fam],
                        .span_end = f->phrase_to[fam]};
        if (mm_verdict_add(v, a, &rs) != MM_OK)
            return MM_ENOMEM;
    }
    return MM_OK;
}
