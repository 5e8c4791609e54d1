/* Tests for src/norm/crypto.c with the official vectors: BIP-350's valid and
 * invalid segwit address lists (which supersede BIP-173's for v1+), EIP-55's
 * example addresses, well-known base58check addresses (the genesis coinbase,
 * the Bitcoin wiki examples) and TRON's USDT contract / zero address. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <string.h>

#include "mamoru/norm.h"

static const struct {
    const char *in;
    const char *canonical;
    mm_chain chain;
    const char *format;
} ok_cases[] = {
    /* base58check */
    {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", MM_CHAIN_BTC,
     "p2pkh"},
    {"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", MM_CHAIN_BTC,
     "p2pkh"},
    {"17VZNX1SN5NtKa8UQFxwQbFeFc3iqRYhem", "btc:17VZNX1SN5NtKa8UQFxwQbFeFc3iqRYhem", MM_CHAIN_BTC,
     "p2pkh"},
    {"1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "btc:1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", MM_CHAIN_BTC,
     "p2pkh"},
    {"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", MM_CHAIN_BTC,
     "p2sh"},
    {"btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
     MM_CHAIN_BTC, "p2sh"},
    {"  Bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n", "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
     MM_CHAIN_BTC, "p2pkh"},
    /* BIP-350 valid mainnet addresses */
    {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
     MM_CHAIN_BTC, "bech32"},
    {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
     "btc:bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", MM_CHAIN_BTC,
     "bech32m"},
    {"BC1SW50QGDZ25J", "btc:bc1sw50qgdz25j", MM_CHAIN_BTC, "bech32m"},
    {"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "btc:bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
     MM_CHAIN_BTC, "bech32m"},
    {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
     "btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", MM_CHAIN_BTC, "bech32m"},
    /* EIP-55 examples: canonical is the checksummed form */
    {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     MM_CHAIN_ETH, "eip55"},
    {"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "eth:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
     MM_CHAIN_ETH, "eip55"},
    {"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "eth:0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
     MM_CHAIN_ETH, "eip55"},
    {"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "eth:0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
     MM_CHAIN_ETH, "eip55"},
    {"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     MM_CHAIN_ETH, "eip55"},
    {"0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", "eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     MM_CHAIN_ETH, "eip55"},
    {"eth:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
     "eth:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", MM_CHAIN_ETH, "eip55"},
    /* TRON: USDT (TRC-20) contract and the all-zero address */
    {"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", MM_CHAIN_TRON,
     "base58check"},
    {"tron:T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "tron:T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
     MM_CHAIN_TRON, "base58check"},
};

Test(norm_crypto, valid_vectors)
{
    for (size_t i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
        mm_crypto c;
        mm_error err = {0};
        cr_assert_eq(mm_norm_crypto(ok_cases[i].in, &c, &err), MM_OK, "%s: %s", ok_cases[i].in,
                     err.message);
        cr_expect_str_eq(c.canonical, ok_cases[i].canonical, "%s", ok_cases[i].in);
        cr_expect_eq(c.chain, ok_cases[i].chain, "%s", ok_cases[i].in);
        cr_expect_str_eq(c.format, ok_cases[i].format, "%s", ok_cases[i].in);
        /* canonical form is a fixed point */
        mm_crypto again;
        cr_assert_eq(mm_norm_crypto(c.canonical, &again, &err), MM_OK, "%s", c.canonical);
        cr_expect_str_eq(again.canonical, c.canonical);
    }
}

/* EIP-55's all-caps and all-lower examples: accepted, canonical is the
 * checksummed spelling of the same hex. */
Test(norm_crypto, eip55_single_case_examples)
{
    static const char *const in[] = {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
    };
    for (size_t i = 0; i < 4; i++) {
        mm_crypto c;
        cr_assert_eq(mm_norm_crypto(in[i], &c, NULL), MM_OK, "%s", in[i]);
        cr_expect_str_eq(c.format, "eip55");
        cr_expect_eq(strncasecmp(c.canonical + 4, in[i], 42), 0, "%s → %s", in[i], c.canonical);
        /* the checksummed form must itself verify */
        mm_crypto again;
        cr_assert_eq(mm_norm_crypto(c.canonical, &again, NULL), MM_OK, "%s", c.canonical);
    }
    /* the all-caps examples are all digits or letters whose hash nibble is
     * >= 8, so they are their own checksummed form */
    mm_crypto c;
    cr_assert_eq(mm_norm_crypto(in[0], &c, NULL), MM_OK);
    cr_expect_str_eq(c.canonical, "eth:0x52908400098527886E0F7030069857D2E4169EE7");
    cr_assert_eq(mm_norm_crypto(in[2], &c, NULL), MM_OK);
    cr_expect_str_eq(c.canonical, "eth:0xde709f2102306220921060314715629080e2fb77");
}

/* BIP-350 invalid address list (every one must be refused). */
static const char *const bip350_invalid[] = {
    "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
    "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
    "bc1rw5uspcuh",
    "bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
    "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
    "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
    "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
    "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
    "bc1pw5dgrnzv",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
    "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
    "bc1gmk9yu",
};

Test(norm_crypto, bip350_invalid_addresses)
{
    for (size_t i = 0; i < sizeof bip350_invalid / sizeof *bip350_invalid; i++) {
        mm_crypto c;
        mm_error err = {0};
        cr_expect_eq(mm_norm_crypto(bip350_invalid[i], &c, &err), MM_EINVAL, "%s accepted as %s",
                     bip350_invalid[i], c.canonical);
        cr_expect_str_eq(err.field, "crypto_address");
        cr_expect_str_eq(c.canonical, "");
    }
}

static const struct {
    const char *in;
    const char *msg_part;
} bad_cases[] = {
    /* specific reasons from BIP-350's list */
    {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "requires bech32m"},
    {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "v0 must use bech32"},
    {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum"},
    {"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "neither 20 nor 32"},
    {"bc1pw5dgrnzv", "2..40"},
    {"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "padding"},
    {"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "above 16"},
    {"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "bech32 alphabet"},
    {"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "testnet"},
    {"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "testnet"},
    {"Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixes upper and lower"},
    /* BIP-173's old v1 example, bech32-encoded: invalid since BIP-350 */
    {"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
     "requires bech32m"},
    /* base58check */
    {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "base58check checksum"},
    {"1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", "'0', which is not in the base58 alphabet"},
    {"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLl", "'l'"},
    {"1A1zP1eP5QGefi2DMPTfTL5SLmv7Div", "25-byte"},
    {"11A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "25-byte"},
    {"mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "testnet"},
    {"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T", "checksum"},
    /* EIP-55 */
    {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55"},
    {"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     "expected 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
    {"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "40 hex"},
    {"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd", "40 hex"},
    {"0xg5aeb6053f3e94c9b9a09f33669435e7ef1beae", "40 hex"},
    /* chain prefix must match */
    {"eth:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "is a btc address, not eth"},
    {"tron:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "is a eth address, not tron"},
    {"btc:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "is a tron address, not btc"},
    /* not an address */
    {"", "no address"},
    {"btc:", "not a recognised"},
    {"hello", "not a recognised"},
    {"LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9", "not a recognised"},
};

Test(norm_crypto, errors_name_field_and_reason)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        mm_crypto c;
        mm_error err = {0};
        cr_assert_eq(mm_norm_crypto(bad_cases[i].in, &c, &err), MM_EINVAL, "%s accepted as %s",
                     bad_cases[i].in, c.canonical);
        cr_expect_str_eq(err.field, "crypto_address");
        cr_expect(strstr(err.message, bad_cases[i].msg_part) != NULL, "%s: '%s' lacks '%s'",
                  bad_cases[i].in, err.message, bad_cases[i].msg_part);
        if (bad_cases[i].in[0])
            cr_expect(strstr(err.message, bad_cases[i].in) != NULL, "%s not quoted: %s",
                      bad_cases[i].in, err.message);
    }
    mm_crypto c;
    cr_assert_eq(mm_norm_crypto(NULL, &c, NULL), MM_EINVAL);
}

Test(norm_crypto, single_character_errors_are_caught)
{
    /* Flip each character of valid addresses to another alphabet character:
     * bech32 guarantees detection of any single substitution; base58check's
     * 32-bit checksum misses one in 2^32, so with these fixed inputs none. */
    static const char *const valid[] = {
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    };
    for (size_t v = 0; v < 4; v++) {
        size_t n = strlen(valid[v]);
        size_t start = valid[v][0] == 'b' ? 3 : 1;
        for (size_t i = start; i < n; i++) {
            char buf[100];
            strcpy(buf, valid[v]);
            char orig = buf[i];
            buf[i] = valid[v][0] == 'b' ? (orig == 'q' ? 'p' : 'q') : (orig == 'z' ? 'y' : 'z');
            mm_crypto c;
            cr_expect_eq(mm_norm_crypto(buf, &c, NULL), MM_EINVAL, "%s accepted", buf);
        }
    }
}

Test(norm_crypto, chain_names)
{
    cr_expect_str_eq(mm_chain_name(MM_CHAIN_BTC), "btc");
    cr_expect_str_eq(mm_chain_name(MM_CHAIN_ETH), "eth");
    cr_expect_str_eq(mm_chain_name(MM_CHAIN_TRON), "tron");
    cr_expect_str_eq(mm_chain_name((mm_chain)42), "unknown");
}
