using FedAspire.Core.Claims;

namespace FedAspire.Tests.Claims;

/// <summary>The arithmetic of bounded claims: per-claim maximum, growth over history, registered size and the share cap.</summary>
[Trait("Area", "Claims")]
public sealed class CountBoundsTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    [InlineData(1_000_000_001L)]
    [InlineData(1_000_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void Non_positive_and_over_limit_claims_are_rejected_with_the_reason(long claimed)
    {
        var credit = CountBounds.Credit(claimed, null, null, ClaimLimits.Default, "sample count");
        Assert.True(credit.Rejected);
        Assert.Equal(0, credit.Credited);
        Assert.Contains(claimed > 0 ? "exceeds the limit of 1000000000" : "is not positive", credit.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_is_credited_at_most_its_registered_size_and_growth_over_what_it_was_credited_before()
    {
        Assert.Equal(500, CountBounds.Credit(500, null, null, ClaimLimits.Default).Credited);
        Assert.Equal(800, CountBounds.Credit(900_000_000, declared: 800, previous: null, ClaimLimits.Default).Credited);
        Assert.Equal(2_000, CountBounds.Credit(900_000_000, declared: null, previous: 1_000, ClaimLimits.Default).Credited);
        Assert.Equal(1_500, CountBounds.Credit(900_000_000, declared: 1_500, previous: 1_000, ClaimLimits.Default).Credited);
        Assert.Equal(30_000, CountBounds.Credit(900_000_000, null, 1_000, ClaimLimits.Default with { GrowthFactor = 30 }).Credited);
        // An honest participant that stays put or shrinks is credited its claim.
        Assert.Equal(700, CountBounds.Credit(700, declared: 800, previous: 1_000, ClaimLimits.Default).Credited);
    }

    [Theory]
    [InlineData(0.5, new long[] { 1_000, 1_200, 900_000_000 })]
    [InlineData(0.5, new long[] { 1, 1, 100 })]
    [InlineData(0.3, new long[] { 10, 20, 30, 40, 1_000_000 })]
    [InlineData(0.5, new long[] { 5, 1_000_000, 1_000_000_000 })]
    [InlineData(0.25, new long[] { 3, 1_000_000_000 })]
    public void No_participant_keeps_more_than_the_share_cap_and_the_smaller_ones_keep_their_counts(double cap, long[] counts)
    {
        var capped = CountBounds.CapShares(counts, cap);
        double total = capped.Sum(c => (double)c);
        double effective = Math.Max(cap, 1.0 / counts.Length);
        Assert.All(capped, c => Assert.True(c / total <= effective + 1e-12, $"share {c / total} above {effective}"));
        Assert.All(capped.Zip(counts), p => Assert.True(p.First >= 1 && p.First <= p.Second));
        Assert.Equal(counts[0], capped[0]);
        Assert.True(capped[^1] < counts[^1], "the outsized claim is cut");
    }

    [Fact]
    public void Honest_counts_within_the_cap_are_unchanged()
    {
        long[] counts = [1_000, 1_200, 900];
        Assert.Equal(counts, CountBounds.CapShares(counts, 0.5));
        Assert.Equal(counts, CountBounds.CapShares(counts, 1));
    }
}
