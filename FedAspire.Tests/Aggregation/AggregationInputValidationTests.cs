using FedAspire.Core.Aggregation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class AggregationInputValidationTests
{
    public static TheoryData<string> Names() => new(AggregationStrategies.Names);

    private static IAggregationStrategy Create(string name) => AggregationStrategies.Create(new StrategyOptions(name, trimCount: 1), 3);

    private static List<ClientUpdate> Good() =>
        [Update("a", 1, 1f, 2f, 3f), Update("b", 2, 1f, 2f, 3f), Update("c", 3, 1f, 2f, 3f), Update("d", 4, 1f, 2f, 3f)];

    [Theory, MemberData(nameof(Names))]
    public void Empty_update_list_is_rejected(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Create(name).Aggregate(new float[3], []));
        Assert.Contains("empty", e.Message);
    }

    [Theory, MemberData(nameof(Names))]
    public void Length_mismatch_names_the_client(string name)
    {
        var updates = Good();
        updates[2] = Update("pump-7", 3, 1f, 2f);
        var e = Assert.Throws<ArgumentException>(() => Create(name).Aggregate(new float[3], updates));
        Assert.Contains("pump-7", e.Message);
    }

    [Theory, MemberData(nameof(Names))]
    public void Non_finite_value_names_the_client(string name)
    {
        var updates = Good();
        updates[1] = Update("pump-9", 2, 1f, float.NaN, 3f);
        var e = Assert.Throws<ArgumentException>(() => Create(name).Aggregate(new float[3], updates));
        Assert.Contains("pump-9", e.Message);
        Assert.Contains("index 1", e.Message);
    }

    [Theory, MemberData(nameof(Names))]
    public void Infinite_value_names_the_client(string name)
    {
        var updates = Good();
        updates[3] = Update("pump-3", 2, float.PositiveInfinity, 2f, 3f);
        var e = Assert.Throws<ArgumentException>(() => Create(name).Aggregate(new float[3], updates));
        Assert.Contains("pump-3", e.Message);
    }

    [Theory, MemberData(nameof(Names))]
    public void Non_positive_sample_count_names_the_client(string name)
    {
        var updates = Good();
        updates[0] = Update("pump-1", 0, 1f, 2f, 3f);
        var e = Assert.Throws<ArgumentException>(() => Create(name).Aggregate(new float[3], updates));
        Assert.Contains("pump-1", e.Message);
        Assert.Contains("sample count", e.Message);
    }

    [Fact]
    public void Unknown_strategy_lists_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => AggregationStrategies.Create(new StrategyOptions("fedfoo"), 3));
        Assert.Contains("fedfoo", e.Message);
        Assert.Contains("multi-krum", e.Message);
        Assert.Contains("trimmed-mean", e.Message);
        Assert.Contains("multikrum = multi-krum", e.Message);
    }

    [Theory]
    [InlineData("trimmedmean", "trimmed-mean")]
    [InlineData("multikrum", "multi-krum")]
    [InlineData(" Trimmed-Mean ", "trimmed-mean")]
    [InlineData("MULTI-KRUM", "multi-krum")]
    public void Documented_names_and_their_old_spellings_create_the_same_strategy(string name, string canonical)
    {
        Assert.Equal(canonical, AggregationStrategies.Canonical(name));
        Assert.Equal(canonical, AggregationStrategies.Create(new StrategyOptions(name), 3).Name);
        Assert.Equal(canonical, new StrategyOptions(name).Canonicalized().Name);
    }

    [Fact]
    public void The_summary_names_the_knobs_the_strategy_reads()
    {
        Assert.Equal("fedadam (serverLearningRate 0.05, beta1 0.9, beta2 0.99, tau 0.001)", new StrategyOptions("FedAdam", serverLearningRate: 0.05f).Summary());
        Assert.Equal("multi-krum (byzantineCount 2, multiKrumSelect 0)", new StrategyOptions("multikrum", byzantineCount: 2).Summary());
        Assert.Equal("fedavg", new StrategyOptions().Summary());
    }

    [Theory, MemberData(nameof(Names))]
    public void Every_registered_name_creates_a_strategy_with_that_name(string name)
    {
        // Good() holds four updates; Bulyan needs 4f + 3 of them, so it runs with f = 0 here.
        var strategy = AggregationStrategies.Create(new StrategyOptions(name.ToUpperInvariant(), byzantineCount: name == "bulyan" ? 0 : 1), 3);
        Assert.Equal(name, strategy.Name);
        var result = strategy.Aggregate([1f, 2f, 3f], Good());
        Assert.Equal(3, result.Length);
    }

    [Fact]
    public void Trimmed_mean_needs_more_updates_than_it_trims()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrimmedMean(2).Aggregate(new float[3], Good()));
        Assert.Contains("more than 4", e.Message);
    }
}
