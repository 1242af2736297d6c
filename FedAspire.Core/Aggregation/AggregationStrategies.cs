namespace FedAspire.Core.Aggregation;

/// <summary>The registry of aggregation strategies by name.</summary>
public static class AggregationStrategies
{
    private static readonly string[] AllNames =
        ["fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad", "fedmedian", "trimmed-mean", "krum", "multi-krum", "bulyan"];

    // The spellings accepted before the documented names existed; scenario files and deployments still use them.
    private static readonly Dictionary<string, string> AliasNames = new(StringComparer.Ordinal)
    {
        ["trimmedmean"] = "trimmed-mean",
        ["multikrum"] = "multi-krum",
    };

    /// <summary>Every canonical name <see cref="Create"/> accepts (as documented).</summary>
    public static IReadOnlyList<string> Names => AllNames;

    /// <summary>
    /// Strategies that combine updates only through their weighted mean (the server optimizers post-process it), so one mean can stand
    /// in for the updates: central DP's noisy mean, secure aggregation's unmasked sum. The others need every update on its own.
    /// </summary>
    public static IReadOnlyList<string> MeanBased { get; } = ["fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi", "fedadagrad"];

    /// <summary>Older spellings still accepted, each mapped to its canonical name.</summary>
    public static IReadOnlyDictionary<string, string> Aliases => AliasNames;

    /// <summary>The canonical name for <paramref name="name"/> (case-insensitive, alias or canonical), or null when it names no strategy.</summary>
    public static string? Canonical(string? name)
    {
        var key = (name ?? "").Trim().ToLowerInvariant();
        if (AliasNames.TryGetValue(key, out var canonical)) return canonical;
        return Array.IndexOf(AllNames, key) >= 0 ? key : null;
    }

    /// <summary>The valid names for an error message: the canonical ones, then the aliases.</summary>
    public static string Describe() =>
        $"{string.Join(", ", AllNames)} (aliases: {string.Join(", ", AliasNames.Select(a => $"{a.Key} = {a.Value}"))})";

    /// <summary>Creates the strategy <paramref name="options"/> names (case-insensitive) for vectors of <paramref name="parameterCount"/> floats.</summary>
    public static IAggregationStrategy Create(StrategyOptions options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (parameterCount < 1) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "A model has at least one parameter.");
        return Canonical(options.Name) switch
        {
            "fedavg" => new FedAvg("fedavg"),
            "fedprox" => new FedAvg("fedprox"),
            "fedavgm" => new FedAvgM(parameterCount, options.ServerLearningRate, options.ServerMomentum),
            "fedadam" => new FedAdam(parameterCount, options.ServerLearningRate, options.Beta1, options.Beta2, options.Tau),
            "fedyogi" => new FedYogi(parameterCount, options.ServerLearningRate, options.Beta1, options.Beta2, options.Tau),
            "fedadagrad" => new FedAdagrad(parameterCount, options.ServerLearningRate, options.Beta1, options.Tau),
            "fedmedian" => new FedMedian(),
            "trimmed-mean" => new TrimmedMean(options.TrimCount),
            "krum" => new Krum(options.ByzantineCount, selectCount: 1, "krum"),
            "multi-krum" => new Krum(options.ByzantineCount, options.MultiKrumSelect, "multi-krum"),
            "bulyan" => new Bulyan(options.ByzantineCount),
            _ => throw new ArgumentException($"Unknown aggregation strategy '{options.Name}'. Known: {Describe()}.", nameof(options)),
        };
    }
}
