namespace FedAspire.Core.Aggregation;

/// <summary>The registry of aggregation strategies by name.</summary>
public static class AggregationStrategies
{
    private static readonly string[] AllNames =
        ["fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad", "fedmedian", "trimmedmean", "krum", "multikrum"];

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names => AllNames;

    /// <summary>Creates the strategy <paramref name="options"/> names (case-insensitive) for vectors of <paramref name="parameterCount"/> floats.</summary>
    public static IAggregationStrategy Create(StrategyOptions options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (parameterCount < 1) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "A model has at least one parameter.");
        return (options.Name ?? "").Trim().ToLowerInvariant() switch
        {
            "fedavg" => new FedAvg("fedavg"),
            "fedprox" => new FedAvg("fedprox"),
            "fedavgm" => new FedAvgM(parameterCount, options.ServerLearningRate, options.ServerMomentum),
            "fedadam" => new FedAdam(parameterCount, options.ServerLearningRate, options.Beta1, options.Beta2, options.Tau),
            "fedyogi" => new FedYogi(parameterCount, options.ServerLearningRate, options.Beta1, options.Beta2, options.Tau),
            "fedadagrad" => new FedAdagrad(parameterCount, options.ServerLearningRate, options.Beta1, options.Tau),
            "fedmedian" => new FedMedian(),
            "trimmedmean" => new TrimmedMean(options.TrimCount),
            "krum" => new Krum(options.ByzantineCount, selectCount: 1, "krum"),
            "multikrum" => new Krum(options.ByzantineCount, options.MultiKrumSelect, "multikrum"),
            _ => throw new ArgumentException(
                $"Unknown aggregation strategy '{options.Name}'. Known: {string.Join(", ", AllNames)}.", nameof(options)),
        };
    }
}
