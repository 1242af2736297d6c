using FedAspire.Core.SecureAggregation;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Altered shares, keys and server requests are detected and fail the round with a named reason, never a wrong mean.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class SecureAggregationTamperingTests
{
    private static readonly SecureAggregationOptions Options = new(Threshold: 4);

    [Fact]
    public void An_encrypted_share_altered_by_the_server_fails_authentication_at_its_recipient()
    {
        var e = FailingRound(31, "tamper-share",
            participantInbox: (to, m) => m is MaskedInputRequest r && to == "facility-002"
                ? r with { SharesForRecipient = [.. r.SharesForRecipient.Select((s, i) => i == 0 ? s with { Ciphertext = Flip(s.Ciphertext, 5) } : s)] }
                : m);
        Assert.Equal("The share from facility-000 to facility-002 failed authentication: it was altered on the way.", e.Message);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 0x40)]
    [InlineData(7, 0x80)]
    public void A_revealed_self_mask_share_altered_is_detected_by_the_commitment(int offset, int bit)
    {
        var e = FailingRound(32, "tamper-self",
            serverInbox: m => m is UnmaskingResponse r && r.ParticipantId == "facility-001"
                ? r with { SelfMaskShares = [.. r.SelfMaskShares.Select(s => s.Owner == "facility-004" ? s with { Share = Flip(s.Share, offset, (byte)bit) } : s)] }
                : m);
        Assert.Contains("facility-004", e.Message, StringComparison.Ordinal);
        Assert.Contains("altered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revealed_mask_key_share_altered_is_detected_against_the_advertised_key()
    {
        var e = FailingRound(33, "tamper-key",
            serverInbox: m => m is UnmaskingResponse r && r.ParticipantId == "facility-000"
                ? r with { MaskKeyShares = [.. r.MaskKeyShares.Select(s => s with { Share = Flip(s.Share, 2) })] }
                : m,
            dropouts: new SecureAggregationDropouts(BeforeMaskedInput: Ids("facility-005")));
        Assert.Contains("facility-005", e.Message, StringComparison.Ordinal);
        Assert.Contains("mask key", e.Message, StringComparison.Ordinal);
        Assert.Contains("altered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_participant_refuses_to_reveal_both_secrets_of_one_participant()
    {
        var e = FailingRound(34, "both",
            participantInbox: (_, m) => m is UnmaskingRequest r ? r with { Dropped = [r.Contributors[1]] } : m);
        Assert.Contains("both contributor and dropped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roster_with_a_substituted_key_is_refused_by_its_owner()
    {
        var e = FailingRound(35, "swap",
            participantInbox: (_, m) => m is ShareKeysRequest r
                ? r with { Roster = [.. r.Roster.Select((k, i) => i == 2 ? k with { MaskPublicKey = r.Roster[3].MaskPublicKey } : k)] }
                : m);
        Assert.Equal("The roster carries keys for facility-002 that it did not advertise.", e.Message);
    }

    private static SecureAggregationException FailingRound(int seed, string roundId, Func<object, object>? serverInbox = null,
        Func<string, object, object>? participantInbox = null, SecureAggregationDropouts? dropouts = null) =>
        Assert.Throws<SecureAggregationException>(() => SecureAggregationRound.Run(Updates(6, 20, seed), Options, roundId, seed, dropouts, serverInbox, participantInbox));

    private static byte[] Flip(byte[] bytes, int offset, byte bit = 1)
    {
        var copy = bytes.ToArray();
        copy[offset] ^= bit;
        return copy;
    }
}
