/*
 * crypto.c — crypto-asset addresses that victims are told to send to:
 * Bitcoin (base58check P2PKH/P2SH, BIP-173 bech32 and BIP-350 bech32m),
 * Ethereum (EIP-55 mixed-case checksum) and TRON (base58check, version 0x41).
 *
 * Every checksum is verified so that a typo never becomes a second indicator
 * for the same wallet, and each address gets one canonical spelling:
 * lower-case bech32, EIP-55 for Ethereum, base58 as is. Double SHA-256 comes
 * from OpenSSL; Keccak-256 is written out here because OpenSSL 3.0 only has
 * SHA3-256, which pads differently (0x06 instead of Keccak's 0x01).
 * Testnet and regtest addresses (tb1…, bcrt1…, m/n/2…) are refused: they
 * carry no value, so a report naming one is a mistake worth flagging.
 * Pure: no I/O, no globals.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "mamoru/norm.h"

#define FIELD "crypto_address"

/* ---- Keccak-256 (the pre-standard SHA-3 used by Ethereum) --------------- */

static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
static const unsigned char keccak_rot[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                             27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
static const unsigned char keccak_pi[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                            15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

static uint64_t rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> (64 - n));
}

/* The Keccak-f[1600] permutation: 24 rounds of theta, rho+pi, chi, iota. */
static void keccak_f(uint64_t st[25])
{
    for (int round = 0; round < 24; round++) {
        uint64_t bc[5], t;
        for (int i = 0; i < 5; i++)
            bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        for (int i = 0; i < 5; i++) {
            t = bc[(i + 4) % 5] ^ rotl64(bc[(i + 1) % 5], 1);
            for (int j = 0; j < 25; j += 5)
                st[j + i] ^= t;
        }
        t = st[1];
        for (int i = 0; i < 24; i++) {
            int j = keccak_pi[i];
            uint64_t tmp = st[j];
            st[j] = rotl64(t, keccak_rot[i]);
            t = tmp;
        }
        for (int j = 0; j < 25; j += 5) {
            for (int i = 0; i < 5; i++)
                bc[i] = st[j + i];
            for (int i = 0; i < 5; i++)
                st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        st[0] ^= keccak_rc[round];
    }
}

/* Keccak-256: rate 136 bytes, domain padding 0x01 … 0x80. */
static void keccak256(const unsigned char *in, size_t len, unsigned char out[32])
{
    enum { RATE = 136 };
    uint64_t st[25] = {0};
    unsigned char block[RATE];
    for (;;) {
        size_t take = len < RATE ? len : RATE;
        memset(block, 0, RATE);
        memcpy(block, in, take);
        if (take < RATE) {
            block[take] ^= 0x01;
            block[RATE - 1] ^= 0x80;
        }
        for (int i = 0; i < RATE / 8; i++) {
            uint64_t lane = 0;
            for (int b = 7; b >= 0; b--)
                lane = (lane << 8) | block[i * 8 + b];
            st[i] ^= lane;
        }
        keccak_f(st);
        if (take < RATE)
            break;
        in += take, len -= take;
    }
    for (int i = 0; i < 32; i++)
        out[i] = (unsigned char)(st[i / 8] >> (8 * (i % 8)));
}

/* ---- base58check ------------------------------------------------------- */

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Decode s (n chars) into exactly 25 bytes. Returns false when a character
 * is outside the alphabet, the value needs a different length, or the
 * leading '1's do not match the leading zero bytes (non-canonical). */
static bool base58_decode25(const char *s, size_t n, unsigned char out[25], size_t *bad_at)
{
    memset(out, 0, 25);
    *bad_at = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        const char *p = strchr(b58_alphabet, s[i]);
        if (p == NULL || s[i] == '\0') {
            *bad_at = i;
            return false;
        }
        unsigned carry = (unsigned)(p - b58_alphabet);
        for (int j = 24; j >= 0; j--) {
            carry += 58u * out[j];
            out[j] = (unsigned char)carry;
            carry >>= 8;
        }
        if (carry != 0)
            return false;
    }
    size_t ones = 0, zeros = 0;
    while (ones < n && s[ones] == '1')
        ones++;
    while (zeros < 25 && out[zeros] == 0)
        zeros++;
    /* a 25-byte payload has leading zero bytes exactly where the text has '1's */
    return zeros == ones;
}

static bool sha256d_check(const unsigned char b[25])
{
    unsigned char h1[EVP_MAX_MD_SIZE], h2[EVP_MAX_MD_SIZE];
    unsigned l1 = 0, l2 = 0;
    if (EVP_Digest(b, 21, h1, &l1, EVP_sha256(), NULL) != 1 ||
        EVP_Digest(h1, l1, h2, &l2, EVP_sha256(), NULL) != 1)
        return false;
    return memcmp(h2, b + 21, 4) == 0;
}

/* ---- bech32 / bech32m (BIP-173, BIP-350) -------------------------------- */

static const char b32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
#define BECH32_CONST 1u
#define BECH32M_CONST 0x2bc830a3u

static uint32_t bech32_polymod_step(uint32_t pre)
{
    uint32_t b = pre >> 25;
    return ((pre & 0x1FFFFFF) << 5) ^ (-((b >> 0) & 1) & 0x3b6a57b2UL) ^
           (-((b >> 1) & 1) & 0x26508e6dUL) ^ (-((b >> 2) & 1) & 0x1ea119faUL) ^
           (-((b >> 3) & 1) & 0x3d4233ddUL) ^ (-((b >> 4) & 1) & 0x2a1462b3UL);
}

/* ---- the normaliser ------------------------------------------------------ */

static mm_status bad(mm_error *err, const char *in, const char *why)
{
    return mm_error_set(err, MM_EINVAL, FIELD, "'%.120s' %s", in, why);
}

static mm_status norm_bech32(const char *in, const char *s, size_t n, mm_crypto *out, mm_error *err)
{
    char low[96];
    unsigned char data[96] = {0};
    bool has_lower = false, has_upper = false;
    if (n > 90)
        return bad(err, in, "is longer than the 90 characters a bech32 address may have");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 33 || c > 126)
            return bad(err, in, "contains a character not allowed in bech32");
        has_lower |= islower(c) != 0;
        has_upper |= isupper(c) != 0;
        low[i] = (char)tolower(c);
    }
    low[n] = '\0';
    if (has_lower && has_upper)
        return bad(err, in, "mixes upper and lower case, which bech32 forbids");
    const char *sep = strrchr(low, '1');
    size_t hrp_len = sep ? (size_t)(sep - low) : 0;
    if (sep == NULL || hrp_len < 1 || hrp_len + 7 > n)
        return bad(err, in, "has no bech32 separator or a too-short checksum");
    if (hrp_len != 2 || strncmp(low, "bc", 2) != 0)
        return bad(err, in,
                   strncmp(low, "tb1", 3) == 0 || strncmp(low, "bcrt1", 5) == 0
                       ? "is a Bitcoin testnet/regtest address; only mainnet (bc1…) is accepted"
                       : "does not have the Bitcoin mainnet prefix bc1");
    uint32_t chk = 1;
    for (size_t i = 0; i < hrp_len; i++)
        chk = bech32_polymod_step(chk) ^ ((unsigned char)low[i] >> 5);
    chk = bech32_polymod_step(chk);
    for (size_t i = 0; i < hrp_len; i++)
        chk = bech32_polymod_step(chk) ^ ((unsigned char)low[i] & 0x1f);
    size_t nd = n - hrp_len - 1;
    for (size_t i = 0; i < nd; i++) {
        const char *p = strchr(b32_charset, low[hrp_len + 1 + i]);
        if (p == NULL)
            return bad(err, in, "contains a character outside the bech32 alphabet");
        data[i] = (unsigned char)(p - b32_charset);
        chk = bech32_polymod_step(chk) ^ data[i];
    }
    bool is_m;
    if (chk == BECH32_CONST)
        is_m = false;
    else if (chk == BECH32M_CONST)
        is_m = true;
    else
        return bad(err, in, "fails the bech32/bech32m checksum");
    nd -= 6; /* drop the checksum */
    if (nd < 1)
        return bad(err, in, "has no witness version");
    unsigned ver = data[0];
    if (ver > 16)
        return bad(err, in, "has a witness version above 16");
    /* regroup 5-bit words into bytes; leftover bits must be < 5 and zero */
    unsigned char prog[64];
    size_t plen = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 1; i < nd; i++) {
        acc = (acc << 5) | data[i];
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            if (plen >= sizeof prog)
                return bad(err, in, "has a witness program longer than 40 bytes");
            prog[plen++] = (unsigned char)(acc >> bits);
        }
    }
    if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
        return bad(err, in, "has invalid padding in its witness program");
    if (plen < 2 || plen > 40)
        return bad(err, in, "has a witness program length outside 2..40 bytes");
    if (ver == 0 && plen != 20 && plen != 32)
        return bad(err, in, "is a version 0 witness program that is neither 20 nor 32 bytes");
    if (ver == 0 && is_m)
        return bad(err, in,
                   "is a version 0 witness program with a bech32m checksum "
                   "(v0 must use bech32)");
    if (ver != 0 && !is_m)
        return bad(err, in,
                   "is a version 1+ witness program with a bech32 checksum "
                   "(BIP-350 requires bech32m)");
    out->chain = MM_CHAIN_BTC;
    out->format = ver == 0 ? "bech32" : "bech32m";
    snprintf(out->canonical, sizeof out->canonical, "btc:%s", low);
    return MM_OK;
}

static mm_status norm_base58(const char *in, const char *s, size_t n, mm_crypto *out, mm_error *err)
{
    unsigned char b[25];
    size_t bad_at;
    if (n < 25 || n > 35)
        return bad(err, in, "has the wrong length for a base58check address (25-35 characters)");
    if (!base58_decode25(s, n, b, &bad_at)) {
        if (bad_at != (size_t)-1)
            return mm_error_set(err, MM_EINVAL, FIELD,
                                "'%.120s' contains '%c', which is not in the base58 alphabet", in,
                                s[bad_at]);
        return bad(err, in, "does not decode to a 25-byte base58check address");
    }
    if (!sha256d_check(b))
        return bad(err, in, "fails the base58check checksum");
    switch (b[0]) {
    case 0x00:
        out->chain = MM_CHAIN_BTC;
        out->format = "p2pkh";
        break;
    case 0x05:
        out->chain = MM_CHAIN_BTC;
        out->format = "p2sh";
        break;
    case 0x41:
        out->chain = MM_CHAIN_TRON;
        out->format = "base58check";
        break;
    case 0x6f:
    case 0xc4: return bad(err, in, "is a Bitcoin testnet address; only mainnet is accepted");
    default:
        return mm_error_set(err, MM_EINVAL, FIELD,
                            "'%.120s' has base58check version 0x%02x, which is not Bitcoin "
                            "(0x00, 0x05) or TRON (0x41)",
                            in, b[0]);
    }
    snprintf(out->canonical, sizeof out->canonical, "%s:%.*s",
             out->chain == MM_CHAIN_TRON ? "tron" : "btc", (int)n, s);
    return MM_OK;
}

static mm_status norm_eth(const char *in, const char *s, size_t n, mm_crypto *out, mm_error *err)
{
    char lowhex[41];
    bool has_lower = false, has_upper = false;
    if (n != 42)
        return bad(err, in, "is not 0x followed by 40 hex digits");
    for (size_t i = 0; i < 40; i++) {
        unsigned char c = (unsigned char)s[2 + i];
        if (!isxdigit(c))
            return bad(err, in, "is not 0x followed by 40 hex digits");
        has_lower |= islower(c) != 0;
        has_upper |= isupper(c) != 0;
        lowhex[i] = (char)tolower(c);
    }
    lowhex[40] = '\0';
    unsigned char h[32];
    keccak256((const unsigned char *)lowhex, 40, h);
    char sum[41];
    for (int i = 0; i < 40; i++) {
        int nib = (h[i / 2] >> (i % 2 ? 0 : 4)) & 0xF;
        sum[i] = isalpha((unsigned char)lowhex[i]) && nib >= 8
                     ? (char)toupper((unsigned char)lowhex[i])
                     : lowhex[i];
    }
    sum[40] = '\0';
    if (has_lower && has_upper && memcmp(sum, s + 2, 40) != 0)
        return mm_error_set(err, MM_EINVAL, FIELD,
                            "'%.120s' fails the EIP-55 mixed-case checksum (expected 0x%s)", in,
                            sum);
    out->chain = MM_CHAIN_ETH;
    out->format = "eip55";
    snprintf(out->canonical, sizeof out->canonical, "eth:0x%s", sum);
    return MM_OK;
}

static const struct {
    const char *prefix;
    mm_chain chain;
} chain_prefixes[] = {
    {"btc:", MM_CHAIN_BTC},      {"bitcoin:", MM_CHAIN_BTC}, {"eth:", MM_CHAIN_ETH},
    {"ethereum:", MM_CHAIN_ETH}, {"tron:", MM_CHAIN_TRON},   {"trx:", MM_CHAIN_TRON},
};

mm_status mm_norm_crypto(const char *in, mm_crypto *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, FIELD, "no address given");
    const char *s = in;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    int want = -1;
    for (size_t i = 0; i < sizeof chain_prefixes / sizeof *chain_prefixes; i++) {
        size_t pl = strlen(chain_prefixes[i].prefix);
        if (n > pl && strncasecmp(s, chain_prefixes[i].prefix, pl) == 0) {
            want = (int)chain_prefixes[i].chain;
            s += pl, n -= pl;
            break;
        }
    }
    if (n == 0)
        return bad(err, in, "contains no address");
    if (n > 120)
        return mm_error_set(err, MM_EINVAL, FIELD, "address is %zu characters long; too long", n);

    mm_status st;
    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        st = norm_eth(in, s, n, out, err);
    else if (n >= 3 && (strncasecmp(s, "bc1", 3) == 0 || strncasecmp(s, "tb1", 3) == 0 ||
                        (n >= 5 && strncasecmp(s, "bcrt1", 5) == 0)))
        st = norm_bech32(in, s, n, out, err);
    else if (strchr("13Tmn2", s[0]) != NULL)
        st = norm_base58(in, s, n, out, err);
    else
        return bad(err, in,
                   "is not a recognised Bitcoin (1…, 3…, bc1…), Ethereum (0x…) or TRON (T…) "
                   "address");
    if (st != MM_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    if (want >= 0 && (mm_chain)want != out->chain) {
        mm_error_set(err, MM_EINVAL, FIELD, "'%.120s' is a %s address, not %s", in,
                     mm_chain_name(out->chain), mm_chain_name((mm_chain)want));
        memset(out, 0, sizeof *out);
        return MM_EINVAL;
    }
    return MM_OK;
}

const char *mm_chain_name(mm_chain c)
{
    switch (c) {
    case MM_CHAIN_BTC: return "btc";
    case MM_CHAIN_ETH: return "eth";
    case MM_CHAIN_TRON: return "tron";
    }
    return "unknown";
}
