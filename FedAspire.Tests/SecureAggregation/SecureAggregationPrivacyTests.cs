using FedAspire.Core.Aggregation;
using FedAspire.Core.SecureAggregation;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Everything the server receives in a round, checked for any participant's update in the clear.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class SecureAggregationPrivacyTests
{
    [Fact]
    public void No_message_the_server_receives_holds_or_correlates_with_an_unmasked_update()
    {
        const int n = 12, length = 2_000;
        var updates = Updates(n, length, seed: 21);
        var options = new SecureAggregationOptions(7);
        var inbox = new List<object>();
        var result = SecureAggregationRound.Run(updates, options, "privacy", seed: 21,
            new SecureAggregationDropouts(BeforeMaskedInput: Ids("facility-003"), AfterMaskedInput: Ids("facility-008")),
            serverInbox: m => { inbox.Add(m); return m; });
        Assert.InRange(MaxError(result.Mean, ExactMean(updates.Where(u => u.ClientId != "facility-003"))), double.NegativeInfinity, result.ErrorBound);

        var quantizer = new FixedPointQuantizer(options, n);
        var plain = updates.ToDictionary(u => u.ClientId, u => Quantized(quantizer, u));
        Assert.Equal(4 * n - 1 - 1 - 1, inbox.Count);

        foreach (var masked in inbox.OfType<MaskedInputMessage>())
        {
            // Against every participant's plain update, not just the sender's: a masked vector is uniform noise to the server.
            foreach (var (id, q) in plain)
            {
                int equal = 0;
                for (int i = 0; i < q.Length; i++) if (q[i] == masked.MaskedVector[i]) equal++;
                Assert.True(equal <= 1, $"{masked.ParticipantId}'s masked input shares {equal} coordinates with {id}'s quantized update.");
                double r = Correlation(masked.MaskedVector, q);
                Assert.True(Math.Abs(r) < 5 / Math.Sqrt(length), $"{masked.ParticipantId}'s masked input correlates with {id}'s update: r = {r}.");
            }
        }

        // No byte string the server holds contains eight bytes of any update, as floats or quantized.
        var blobs = inbox.SelectMany(Blobs).ToList();
        Assert.NotEmpty(blobs);
        foreach (var u in updates)
        {
            foreach (var needle in Needles(u, plain[u.ClientId]))
            {
                Assert.DoesNotContain(blobs, b => b.AsSpan().IndexOf(needle) >= 0);
            }
        }

        // The server never gets both secrets of one participant: self-mask shares only of contributors, mask-key shares only of the dropped.
        var responses = inbox.OfType<UnmaskingResponse>().ToList();
        var selfOwners = responses.SelectMany(r => r.SelfMaskShares).Select(s => s.Owner).ToHashSet();
        var keyOwners = responses.SelectMany(r => r.MaskKeyShares).Select(s => s.Owner).ToHashSet();
        Assert.Empty(selfOwners.Intersect(keyOwners));
        Assert.Equal(["facility-003"], keyOwners);
        Assert.Equal(result.Contributors.ToHashSet(), selfOwners);
    }

    private static uint[] Quantized(FixedPointQuantizer quantizer, ClientUpdate u)
    {
        var q = new uint[u.Parameters.Length + 1];
        quantizer.Quantize(u.Parameters, u.SampleCount, q);
        return q;
    }

    private static double Correlation(uint[] masked, uint[] plain)
    {
        int n = plain.Length - 1;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += (int)masked[i]; my += (int)plain[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double x = (int)masked[i] - mx, y = (int)plain[i] - my;
            sxy += x * y; sxx += x * x; syy += y * y;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static IEnumerable<byte[]> Needles(ClientUpdate u, uint[] quantized)
    {
        for (int i = 0; i < 4; i++)
        {
            yield return System.Runtime.InteropServices.MemoryMarshal.AsBytes(u.Parameters.AsSpan(i, 2)).ToArray();
            yield return System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantized.AsSpan(i, 2)).ToArray();
        }
    }

    private static IEnumerable<byte[]> Blobs(object message) => message switch
    {
        AdvertiseKeysMessage m => [m.CipherPublicKey, m.MaskPublicKey],
        ShareKeysMessage m => [m.SelfMaskCommitment, .. m.Shares.Select(s => s.Ciphertext)],
        MaskedInputMessage m => [System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.MaskedVector.AsSpan()).ToArray()],
        UnmaskingResponse m => [.. m.SelfMaskShares.Select(s => s.Share), .. m.MaskKeyShares.Select(s => s.Share)],
        _ => throw new InvalidOperationException($"The server received an unexpected {message.GetType().Name}."),
    };
}
