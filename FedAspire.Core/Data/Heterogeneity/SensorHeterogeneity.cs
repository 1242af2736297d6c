namespace FedAspire.Core.Data.Heterogeneity;

/// <summary>Pairwise distances of one sensor between clients (NaN where either client lacks the sensor).</summary>
/// <param name="Sensor">Sensor name.</param>
/// <param name="Wasserstein1">W1 on standardized values, [client i][client j].</param>
/// <param name="KsStatistic">Two-sample KS statistic D.</param>
/// <param name="KsPValue">Asymptotic KS p-value.</param>
/// <param name="MeanWasserstein1">Mean W1 over client pairs that share the sensor.</param>
/// <param name="MeanKsStatistic">Mean KS statistic over those pairs.</param>
public sealed record SensorHeterogeneity(string Sensor, double[][] Wasserstein1, double[][] KsStatistic, double[][] KsPValue, double MeanWasserstein1, double MeanKsStatistic);
