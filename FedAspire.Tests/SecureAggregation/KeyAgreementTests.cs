using System.Security.Cryptography;
using System.Text;
using FedAspire.Core.SecureAggregation;
using NSec.Cryptography;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>X25519 key agreement: both ends derive the same key, it is libsodium's X25519 with HKDF-SHA256, and unusable public keys are refused by name.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class KeyAgreementTests
{
    private const string Context = "fedaspire-secagg-mask|round|facility-000|facility-001";

    [Fact]
    public void Two_participants_agree_on_the_same_key_and_another_context_or_peer_gives_another()
    {
        byte[] alice = Seed(1), bob = Seed(2), carol = Seed(3);
        byte[] alicePublic = KeyAgreement.PublicKey(alice), bobPublic = KeyAgreement.PublicKey(bob), carolPublic = KeyAgreement.PublicKey(carol);

        byte[] atAlice = KeyAgreement.DeriveKey(alice, bobPublic, Context, "facility-001", "mask");
        byte[] atBob = KeyAgreement.DeriveKey(bob, alicePublic, Context, "facility-000", "mask");

        Assert.Equal(32, alicePublic.Length);
        Assert.Equal(atAlice, atBob);
        Assert.NotEqual(atAlice, KeyAgreement.DeriveKey(alice, bobPublic, Context + "x", "facility-001", "mask"));
        Assert.NotEqual(atAlice, KeyAgreement.DeriveKey(alice, carolPublic, Context, "facility-002", "mask"));
        Assert.Equal(KeyAgreement.DeriveKey(alice, carolPublic, Context, "facility-002", "mask"), KeyAgreement.DeriveKey(carol, alicePublic, Context, "facility-000", "mask"));
    }

    [Fact]
    public void The_derived_key_is_HKDF_SHA256_of_NSec_s_X25519_secret()
    {
        // The agreement calls libsodium directly (no guarded allocation per secret): it must be exactly NSec's Agree + HkdfSha256.
        byte[] mine = Seed(4), theirs = Seed(5);
        var x25519 = KeyAgreementAlgorithm.X25519;
        using var key = Key.Import(x25519, mine, KeyBlobFormat.RawPrivateKey);
        using var peer = Key.Import(x25519, theirs, KeyBlobFormat.RawPrivateKey);
        using var shared = x25519.Agree(key, peer.PublicKey)!;
        byte[] expected = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(shared, [], Encoding.UTF8.GetBytes(Context), 32);

        Assert.Equal(key.PublicKey.Export(KeyBlobFormat.RawPublicKey), KeyAgreement.PublicKey(mine));
        Assert.Equal(expected, KeyAgreement.DeriveKey(mine, KeyAgreement.PublicKey(theirs), Context, "peer", "mask"));
    }

    [Fact]
    public void The_X25519_function_matches_the_RFC_7748_test_vector()
    {
        // RFC 7748 section 6.1: Alice's private key, Bob's public key and the secret they share.
        byte[] alice = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] alicePublic = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] shared = Convert.FromHexString("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

        Assert.Equal(alicePublic, KeyAgreement.PublicKey(alice));
        Assert.Equal(HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, [], Encoding.UTF8.GetBytes(Context)),
            KeyAgreement.DeriveKey(alice, bobPublic, Context, "bob", "mask"));
    }

    [Theory]
    [InlineData(0, "is missing")]
    [InlineData(31, "is 31 bytes; an X25519 public key is 32")]
    [InlineData(33, "is 33 bytes; an X25519 public key is 32")]
    [InlineData(91, "is 91 bytes; an X25519 public key is 32")] // a P-256 SubjectPublicKeyInfo, as advertised before X25519
    public void A_public_key_of_the_wrong_length_is_refused_by_name(int length, string problem)
    {
        byte[]? key = length == 0 ? null : new byte[length];

        var checkedKey = Assert.Throws<SecureAggregationException>(() => KeyAgreement.CheckPublicKey(key, "facility-007", "mask"));
        var agreed = Assert.Throws<SecureAggregationException>(() => KeyAgreement.DeriveKey(Seed(6), key, Context, "facility-007", "cipher"));

        Assert.Equal($"The mask public key advertised by facility-007 {problem}.", checkedKey.Message);
        Assert.Equal($"The cipher public key advertised by facility-007 {problem}.", agreed.Message);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // 0
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // 1, order 4 with 0 and p - 1
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // p - 1
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")] // order 8
    [InlineData("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157")] // order 8
    public void A_low_order_public_key_is_refused_by_name(string hex)
    {
        byte[] key = Convert.FromHexString(hex);

        var checkedKey = Assert.Throws<SecureAggregationException>(() => KeyAgreement.CheckPublicKey(key, "facility-007", "mask"));
        var agreed = Assert.Throws<SecureAggregationException>(() => KeyAgreement.DeriveKey(Seed(7), key, Context, "facility-007", "mask"));

        const string Expected = "The mask public key advertised by facility-007 is a low-order point: every secret agreed with it is the same known value.";
        Assert.Equal(Expected, checkedKey.Message);
        Assert.Equal(Expected, agreed.Message);
    }

    [Theory]
    [InlineData("its top bit is set")]
    [InlineData("its coordinate is 2^255 - 19 or more")]
    public void A_second_spelling_of_a_key_is_refused_by_name(string problem)
    {
        byte[] key = problem.Contains("top bit", StringComparison.Ordinal)
            ? KeyAgreement.PublicKey(Seed(8))
            : Convert.FromHexString("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // p + 2, the same point as 2
        if (problem.Contains("top bit", StringComparison.Ordinal)) key[31] |= 0x80;

        var e = Assert.Throws<SecureAggregationException>(() => KeyAgreement.CheckPublicKey(key, "facility-007", "cipher"));

        Assert.Equal($"The cipher public key advertised by facility-007 is not a canonical X25519 key ({problem}).", e.Message);
    }

    [Fact]
    public void Every_key_a_participant_advertises_passes_the_check()
    {
        for (int i = 0; i < 50; i++) KeyAgreement.CheckPublicKey(KeyAgreement.PublicKey(Seed(100 + i)), "facility-000", "mask");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(91)]
    public void The_server_refuses_an_advertised_key_of_the_wrong_length_naming_the_participant_and_the_round_goes_on_without_it(int length)
    {
        using var server = new SecureAggregationServer(new SecureAggregationOptions(3), "round", 10);
        using var good = new SecureAggregationClient("facility-001", new SecureAggregationOptions(3), SecureAggregationClient.SeedFor(9, "facility-001"));
        var advertised = good.AdvertiseKeys("round");

        var e = Assert.Throws<SecureAggregationException>(() => server.Receive(advertised with { ParticipantId = "facility-002", MaskPublicKey = new byte[length] }));
        server.Receive(advertised);

        Assert.Equal($"The mask public key advertised by facility-002 is {length} bytes; an X25519 public key is 32.", e.Message);
    }

    [Fact]
    public void A_participant_refuses_a_roster_whose_neighbour_key_is_of_low_order_naming_the_neighbour()
    {
        // Only a server that skipped its own check could send this; the participant still names the key instead of masking with it.
        var e = Assert.Throws<SecureAggregationException>(() => SecureAggregationRound.Run(Updates(4, 10, seed: 37), new SecureAggregationOptions(3), "low-order", seed: 37,
            participantInbox: (to, m) => m is ShareKeysRequest r && to == "facility-000"
                ? r with { Roster = [.. r.Roster.Select(k => k.ParticipantId == "facility-003" ? k with { CipherPublicKey = new byte[32] } : k)] }
                : m));
        Assert.Equal("The cipher public key advertised by facility-003 is a low-order point: every secret agreed with it is the same known value.", e.Message);
    }

    private static byte[] Seed(int i) => SHA256.HashData(BitConverter.GetBytes(i));
}
