namespace FedAspire.Core.Data.Heterogeneity;

/// <summary>
/// How different the clients are: label Jensen-Shannon divergence (bits, [0, 1]), and per shared sensor Wasserstein-1 and
/// Kolmogorov-Smirnov on values standardized with the pooled mean and std of all clients; matrices are [client i][client j].
/// </summary>
public sealed record HeterogeneityReport
{
    /// <summary>Client names (matrix order).</summary>
    public required IReadOnlyList<string> Clients { get; init; }

    /// <summary>Per-client size, label mix and missingness.</summary>
    public required IReadOnlyList<ClientSummary> Summaries { get; init; }

    /// <summary>Label names used for the label distributions.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Pairwise label JS divergence, base 2.</summary>
    public required double[][] LabelJensenShannon { get; init; }

    /// <summary>Pairwise mean over shared sensors of W1.</summary>
    public required double[][] MeanWasserstein1 { get; init; }

    /// <summary>Pairwise mean over shared sensors of the KS statistic.</summary>
    public required double[][] MeanKsStatistic { get; init; }

    /// <summary>Pairwise share of shared sensors whose KS p-value is below 0.05.</summary>
    public required double[][] KsRejectedShare { get; init; }

    /// <summary>Pairwise number of shared sensors.</summary>
    public required int[][] SharedSensors { get; init; }

    /// <summary>Per-sensor matrices.</summary>
    public required IReadOnlyList<SensorHeterogeneity> Sensors { get; init; }

    /// <summary>Quantity skew: largest client rows / smallest client rows.</summary>
    public required double QuantityRatio { get; init; }

    /// <summary>Quantity skew: coefficient of variation of client sizes.</summary>
    public required double QuantityCoefficientOfVariation { get; init; }

    /// <summary>How the metrics were computed (standardization, p-value method, sampling).</summary>
    public required IReadOnlyList<string> Method { get; init; }
}
