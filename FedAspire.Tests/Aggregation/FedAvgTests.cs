using FedAspire.Core.Aggregation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class FedAvgTests
{
    [Fact]
    public void Weights_clients_by_sample_count()
    {
        // (1*1 + 3*3) / 4 = 2.5 ; (1*2 + 3*6) / 4 = 5
        var result = new FedAvg().Aggregate([0f, 0f], [Update("a", 1, 1f, 2f), Update("b", 3, 3f, 6f)]);
        AllClose([2.5f, 5f], result, 1e-6);
    }

    [Fact]
    public void Identical_models_average_to_the_model()
    {
        var model = new[] { 0.25f, -3.5f, 1e-3f, 7f };
        var updates = new[] { Update("a", 7, model), Update("b", 13, model), Update("c", 1, model) };
        AllClose(model, new FedAvg().Aggregate(new float[4], updates), 1e-6);
    }

    [Fact]
    public void Result_does_not_depend_on_client_order()
    {
        var updates = Random(9, 1000, seed: 3);
        var shuffled = Shuffled(updates, seed: 1);
        Assert.NotEqual(updates.Select(u => u.ClientId), shuffled.Select(u => u.ClientId));
        AllClose(new FedAvg().Aggregate(new float[1000], updates), new FedAvg().Aggregate(new float[1000], shuffled), 1e-6);
    }

    [Fact]
    public void Large_aggregation_matches_a_double_precision_reference_and_is_bit_identical_across_runs()
    {
        // 64 x 100,000 floats crosses the parallel threshold, so the block-parallel path is exercised.
        const int clients = 64, length = 100_000;
        var updates = Random(clients, length, seed: 11);
        double total = updates.Sum(u => (double)u.SampleCount);
        var expected = new float[length];
        for (int i = 0; i < length; i++)
        {
            double sum = 0;
            foreach (var u in updates) sum += u.SampleCount * (double)u.Parameters[i];
            expected[i] = (float)(sum / total);
        }
        var first = new FedAvg().Aggregate(new float[length], updates);
        var second = new FedAvg().Aggregate(new float[length], updates);
        AllClose(expected, first, 1e-5);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 8197)]    // one group of four plus one client; a block boundary and a scalar tail
    [InlineData(7, 16_389)]
    public void Odd_client_counts_and_lengths_match_a_double_precision_reference(int clients, int length)
    {
        var updates = Random(clients, length, seed: clients);
        double total = updates.Sum(u => (double)u.SampleCount);
        var expected = new float[length];
        for (int i = 0; i < length; i++) expected[i] = (float)(updates.Sum(u => u.SampleCount * (double)u.Parameters[i]) / total);
        AllClose(expected, new FedAvg().Aggregate(new float[length], updates), 1e-6);
    }

    [Fact]
    public void Fedprox_is_fedavg_on_the_server()
    {
        var updates = Random(5, 33, seed: 5);
        var fedprox = AggregationStrategies.Create(new StrategyOptions("fedprox"), 33);
        Assert.Equal("fedprox", fedprox.Name);
        Assert.Equal(new FedAvg().Aggregate(new float[33], updates), fedprox.Aggregate(new float[33], updates));
    }
}
