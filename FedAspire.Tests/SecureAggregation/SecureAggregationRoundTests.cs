using FedAspire.Core.Aggregation;
using FedAspire.Core.SecureAggregation;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>A secure round equals plain sample-weighted FedAvg within the stated quantization bound, with dropouts up to n - t, and fails cleanly beyond.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class SecureAggregationRoundTests
{
    [Theory]
    [InlineData(3, 2, null, 1)]
    [InlineData(10, 6, null, 2)]
    [InlineData(25, 13, null, 3)]
    [InlineData(40, 7, 10, 4)]
    public void The_secure_mean_equals_FedAvg_within_the_quantization_bound(int n, int threshold, int? neighbours, int seed)
    {
        var updates = Updates(n, 300, seed);
        var options = new SecureAggregationOptions(threshold, Neighbours: neighbours);

        var result = SecureAggregationRound.Run(updates, options, $"round-{seed}", seed);

        var quantizer = new FixedPointQuantizer(options, n);
        long weight = updates.Sum(u => u.SampleCount);
        Assert.Equal(weight, result.TotalWeight);
        Assert.Equal(quantizer.MeanErrorBound(n, weight), result.ErrorBound);
        Assert.InRange(result.ErrorBound, 1e-9, 1e-4);
        Assert.InRange(MaxError(result.Mean, ExactMean(updates)), double.NegativeInfinity, result.ErrorBound);
        var fedAvg = new FedAvg().Aggregate(new float[300], updates);
        for (int i = 0; i < fedAvg.Length; i++) Assert.InRange(Math.Abs(result.Mean[i] - fedAvg[i]), 0, result.ErrorBound + 1e-6);
        Assert.Equal(n, result.Contributors.Length);
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public void A_pump_sized_update_of_7000_parameters_aggregates_within_the_bound()
    {
        var updates = Updates(12, 7_000, seed: 5, spread: 3f);
        var result = SecureAggregationRound.Run(updates, new SecureAggregationOptions(7), "pump", seed: 5);
        Assert.InRange(MaxError(result.Mean, ExactMean(updates)), double.NegativeInfinity, result.ErrorBound);
    }

    [Fact]
    public void Dropouts_up_to_n_minus_t_before_and_after_the_masked_input_still_give_FedAvg_of_the_contributors()
    {
        var updates = Updates(10, 200, seed: 11);
        var options = new SecureAggregationOptions(Threshold: 6);
        var before = Ids("facility-002");
        var after = Ids("facility-004", "facility-009");

        var result = SecureAggregationRound.Run(updates, options, "dropouts", seed: 11,
            new SecureAggregationDropouts(BeforeSharing: Ids("facility-005"), BeforeMaskedInput: before, AfterMaskedInput: after));

        // Whoever sent a masked input is in the mean, including those gone before unmasking; the others are not.
        var contributors = updates.Where(u => u.ClientId != "facility-005" && !before.Contains(u.ClientId)).ToList();
        Assert.Equal(contributors.Select(u => u.ClientId), result.Contributors);
        Assert.Equal(before.Order(StringComparer.Ordinal), result.Dropped);
        Assert.Equal(6, result.Responders.Length);
        Assert.Equal(contributors.Sum(u => u.SampleCount), result.TotalWeight);
        Assert.InRange(MaxError(result.Mean, ExactMean(contributors)), double.NegativeInfinity, result.ErrorBound);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 0)]
    [InlineData(2, 2)]
    public void Exactly_n_minus_t_dropouts_complete(int beforeInput, int afterInput)
    {
        var updates = Updates(10, 50, seed: 3);
        var ids = updates.Select(u => u.ClientId).ToArray();
        var result = SecureAggregationRound.Run(updates, new SecureAggregationOptions(6), "edge", seed: 3,
            new SecureAggregationDropouts(BeforeMaskedInput: Ids(ids[..beforeInput]), AfterMaskedInput: Ids(ids[beforeInput..(beforeInput + afterInput)])));
        var contributors = updates.Skip(beforeInput).ToList();
        Assert.InRange(MaxError(result.Mean, ExactMean(contributors)), double.NegativeInfinity, result.ErrorBound);
    }

    [Fact]
    public void One_dropout_after_the_masked_input_beyond_n_minus_t_fails_naming_how_many_remained_and_the_threshold()
    {
        var updates = Updates(10, 50, seed: 4);
        var gone = Ids(updates.Take(5).Select(u => u.ClientId).ToArray());
        var e = Assert.Throws<SecureAggregationException>(() => SecureAggregationRound.Run(updates, new SecureAggregationOptions(6), "beyond", seed: 4,
            new SecureAggregationDropouts(AfterMaskedInput: gone)));
        Assert.Equal("Only 5 of 10 participants answered the unmasking step; secure aggregation needs the threshold of 6.", e.Message);
    }

    [Fact]
    public void Dropouts_before_the_masked_input_beyond_n_minus_t_fail_before_anyone_is_unmasked()
    {
        var updates = Updates(10, 50, seed: 6);
        var revealed = 0;
        var e = Assert.Throws<SecureAggregationException>(() => SecureAggregationRound.Run(updates, new SecureAggregationOptions(6), "beyond-input", seed: 6,
            new SecureAggregationDropouts(BeforeMaskedInput: Ids(updates.Take(5).Select(u => u.ClientId).ToArray())),
            serverInbox: m => { if (m is UnmaskingResponse) revealed++; return m; }));
        Assert.Equal("Only 5 of 10 participants sent their masked input; secure aggregation needs the threshold of 6.", e.Message);
        Assert.Equal(0, revealed);
    }

    [Fact]
    public void With_SecAgg_plus_neighbourhoods_a_participant_whose_neighbourhood_falls_below_t_fails_by_name()
    {
        var updates = Updates(30, 40, seed: 8);
        var options = new SecureAggregationOptions(Threshold: 4, Neighbours: 4);
        var graph = new NeighbourGraph(30, 4, "ring");
        // Three of facility-000's four neighbours leave after the input: its neighbourhood of 5 keeps 2 < 4.
        var gone = Ids([.. graph.NeighboursOf(0).Take(3).Select(j => updates[j].ClientId)]);
        var e = Assert.Throws<SecureAggregationException>(() => SecureAggregationRound.Run(updates, options, "ring", seed: 8, new SecureAggregationDropouts(AfterMaskedInput: gone)));
        Assert.Contains("neighbourhood answered the unmasking step (27 of 30 in all); secure aggregation needs the threshold of 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seeded_round_is_reproducible_and_the_mean_does_not_depend_on_the_masks()
    {
        var updates = Updates(8, 100, seed: 9);
        var options = new SecureAggregationOptions(5);
        var dropouts = new SecureAggregationDropouts(BeforeMaskedInput: Ids("facility-001"), AfterMaskedInput: Ids("facility-006"));
        List<uint[]> Masked(int seed, out SecureAggregationResult result)
        {
            var seen = new List<uint[]>();
            result = SecureAggregationRound.Run(updates, options, "same-round", seed, dropouts, m => { if (m is MaskedInputMessage x) seen.Add(x.MaskedVector); return m; });
            return seen;
        }

        var first = Masked(1, out var a);
        var again = Masked(1, out var b);
        var other = Masked(2, out var c);

        Assert.Equal(first, again);
        Assert.Equal(a.Mean, b.Mean);
        Assert.NotEqual(first[0], other[0]);
        // Masks cancel exactly modulo 2^32, so other masks give the bit-identical mean.
        Assert.Equal(a.Mean, c.Mean);
    }

    [Fact]
    public void Parameters_outside_the_clip_range_are_clipped_and_weights_above_the_limit_are_refused()
    {
        var updates = Updates(4, 3, seed: 2);
        updates[0].Parameters[0] = 1e6f;
        var options = new SecureAggregationOptions(3, ClipRange: 2f, MaxWeight: 5_000);
        var result = SecureAggregationRound.Run(updates, options, "clip", seed: 2);
        var clipped = updates.Select(u => u with { Parameters = [.. u.Parameters.Select(x => Math.Clamp(x, -2f, 2f))] });
        Assert.InRange(MaxError(result.Mean, ExactMean(clipped)), double.NegativeInfinity, result.ErrorBound);

        var heavy = updates.Select((u, k) => k == 1 ? u with { SampleCount = 5_001 } : u).ToList();
        Assert.Throws<ArgumentOutOfRangeException>(() => SecureAggregationRound.Run(heavy, options, "heavy", seed: 2));
    }

    [Fact]
    public void Options_that_could_overflow_or_leak_are_refused_at_the_roster()
    {
        Assert.Contains("threshold", Assert.Throws<SecureAggregationException>(() => new SecureAggregationOptions(5).Validate(10)).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("overflow", Assert.Throws<SecureAggregationException>(() => new SecureAggregationOptions(600, MaxWeight: 10_000_000).Validate(1_000)).Message, StringComparison.Ordinal);
        Assert.Contains("at least 3", Assert.Throws<SecureAggregationException>(() => new SecureAggregationOptions(2).Validate(2)).Message, StringComparison.Ordinal);
    }
}
