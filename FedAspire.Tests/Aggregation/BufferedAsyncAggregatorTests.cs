using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class BufferedAsyncAggregatorTests
{
    private static readonly BufferedAsyncOptions FedBuff = new() { BufferSize = 2, ServerLearningRate = 0.5f };

    [Fact]
    public void Three_arrivals_with_K_2_step_as_computed_by_hand()
    {
        var agg = new BufferedAsyncAggregator(FedBuff, 2);
        float[] w = [0f, 0f];

        // Version 0: a and b trained from version 0 (tau 0, s 1). Mean delta ([2,4] + [4,0]) / 2 = [3,2]; w = 0 + 0.5 [3,2] = [1.5, 1].
        Assert.False(agg.Offer("a", [2f, 4f], 10, 0).BufferFull);
        Assert.True(agg.Offer("b", [4f, 0f], 30, 0).BufferFull);
        var first = agg.Step(w, w);
        AllClose([1.5f, 1f], w, 1e-6);
        Assert.Equal(new BufferedStep(1, 2, 40, 0, 0), first);

        // Version 1: c still trained from version 0 (tau 1, s = 1/sqrt 2), d from version 1 (tau 0).
        // Mean (s [sqrt2 * 2, 0] + [0, 2]) / 2 = [1, 1]; w = [1.5, 1] + 0.5 [1, 1] = [2, 1.5].
        var c = agg.Offer("c", [MathF.Sqrt(2) * 2f, 0f], 5, 0);
        Assert.Equal(1, c.Staleness);
        Assert.Equal(1 / Math.Sqrt(2), c.Weight, 12);
        Assert.True(agg.Offer("d", [0f, 2f], 5, 1).BufferFull);
        var second = agg.Step(w, w);
        AllClose([2f, 1.5f], w, 1e-6);
        Assert.Equal(2, second.Version);
        Assert.Equal(0.5, second.MeanStaleness);
        Assert.Equal(1, second.MaxStaleness);
        Assert.Equal(0, agg.Count);
    }

    [Fact]
    public void Sample_weighting_divides_by_the_total_count_not_the_discounted_one()
    {
        // c = n: (1 * 10 * [1] + s(1) * 30 * [2]) / 40 with s(1) = 1/2 (polynomial a = 1) = (10 + 30) / 40 = 1; eta 1.
        var agg = new BufferedAsyncAggregator(new BufferedAsyncOptions { BufferSize = 2, StalenessExponent = 1, SampleWeighted = true }, 1, version: 1);
        agg.Offer("a", [1f], 10, 1);
        agg.Offer("b", [2f], 30, 0);
        var w = new float[1];
        agg.Step([3f], w);
        Assert.Equal(4f, w[0], 1e-6f);
    }

    [Theory]
    [InlineData(StalenessKind.Constant, 0, 1.0)]
    [InlineData(StalenessKind.Constant, 9, 1.0)]
    [InlineData(StalenessKind.Polynomial, 0, 1.0)]
    [InlineData(StalenessKind.Polynomial, 3, 0.5)]   // 1 / sqrt(4)
    [InlineData(StalenessKind.Hinge, 4, 1.0)]        // at the knee b = 4
    [InlineData(StalenessKind.Hinge, 8, 1.0 / 3)]    // 1 / (0.5 (8 - 4) + 1)
    public void Staleness_functions(StalenessKind kind, long tau, double expected) =>
        Assert.Equal(expected, new BufferedAsyncOptions { Staleness = kind }.Weight(tau), 12);

    [Fact]
    public void Updates_beyond_the_staleness_bound_or_from_the_future_are_rejected_and_counted()
    {
        var agg = new BufferedAsyncAggregator(FedBuff with { MaxStaleness = 2 }, 2, version: 5);
        var stale = agg.Offer("slow", [1f, 1f], 1, 2);
        Assert.False(stale.Accepted);
        Assert.Equal(RejectionReason.Stale, stale.Reason);
        Assert.Equal(3, stale.Staleness);
        Assert.Contains("slow", stale.Message);
        Assert.Equal(RejectionReason.Stale, agg.Offer("ahead", [1f, 1f], 1, 6).Reason);
        Assert.True(agg.Offer("edge", [1f, 1f], 1, 3).Accepted);   // tau = 2 = the bound
        Assert.Equal(2, agg.RejectedFor(RejectionReason.Stale));
        Assert.Equal(1, agg.Count);
    }

    [Fact]
    public void Wrong_length_non_finite_and_empty_updates_are_rejected_with_their_reason()
    {
        var agg = new BufferedAsyncAggregator(FedBuff, 3);
        Assert.Equal(RejectionReason.WrongLength, agg.Offer("short", [1f, 2f], 1, 0).Reason);
        var nan = agg.Offer("nan", [1f, float.NaN, 0f], 1, 0);
        Assert.Equal(RejectionReason.NonFinite, nan.Reason);
        Assert.Contains("index 1", nan.Message);
        Assert.Equal(RejectionReason.NonFinite, agg.Offer("inf", [float.PositiveInfinity, 0f, 0f], 1, 0).Reason);
        Assert.Equal(RejectionReason.NoSamples, agg.Offer("empty", [1f, 1f, 1f], 0, 0).Reason);
        Assert.Equal(RejectionReason.WrongLength, agg.OfferTrained("long", [1f, 2f, 3f, 4f], [0f, 0f, 0f], 1, 0).Reason);
        Assert.Equal(5, agg.Rejected);
        Assert.Equal(0, agg.Count);
        Assert.Throws<InvalidOperationException>(() => agg.Step(new float[3], new float[3]));
    }

    [Fact]
    public void Trained_parameters_are_taken_against_their_base()
    {
        var direct = new BufferedAsyncAggregator(FedBuff, 2);
        var trained = new BufferedAsyncAggregator(FedBuff, 2);
        direct.Offer("a", [1f, -1f], 1, 0);
        trained.OfferTrained("a", [3f, 1f], [2f, 2f], 1, 0);
        float[] x = [0f, 0f], y = [0f, 0f];
        direct.Step(x, x);
        trained.Step(y, y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void The_same_arrivals_in_the_same_order_give_bit_identical_models()
    {
        static float[] Run()
        {
            var updates = Random(12, 10_001, seed: 7);
            var agg = new BufferedAsyncAggregator(new BufferedAsyncOptions { BufferSize = 4, ServerLearningRate = 0.8f, SampleWeighted = true }, 10_001);
            var w = new float[10_001];
            for (int k = 0; k < updates.Count; k++)
                if (agg.Offer(updates[k].ClientId, updates[k].Parameters, updates[k].SampleCount, Math.Max(0, agg.Version - k % 3)).BufferFull) agg.Step(w, w);
            return w;
        }
        var first = Run();
        Assert.Contains(first, v => v != 0);
        Assert.Equal(first, Run());
    }

    [Fact]
    public void With_K_equal_to_the_clients_no_staleness_and_eta_1_a_step_is_fedavg()
    {
        var updates = Random(5, 257, seed: 3);
        var global = Random(1, 257, seed: 9)[0].Parameters;
        var agg = new BufferedAsyncAggregator(new BufferedAsyncOptions { BufferSize = 5, SampleWeighted = true }, 257);
        foreach (var u in updates) agg.OfferTrained(u.ClientId, u.Parameters, global, u.SampleCount, 0);
        var w = new float[257];
        agg.Step(global, w);
        AllClose(new FedAvg().Aggregate(global, updates), w, 1e-4);
    }

    [Fact]
    public void Invalid_options_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new BufferedAsyncAggregator(new BufferedAsyncOptions { BufferSize = 0 }, 2));
        Assert.Contains("BufferSize", e.Message);
        Assert.Contains(new BufferedAsyncOptions { ServerLearningRate = float.NaN }.Problems(), p => p.Property == "ServerLearningRate");
        Assert.Contains(new BufferedAsyncOptions { MaxStaleness = -1 }.Problems(), p => p.Property == "MaxStaleness");
    }
}
