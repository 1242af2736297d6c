namespace FedAspire.Core.Data.Heterogeneity;

/// <summary>Size, label mix and missingness of one client.</summary>
/// <param name="Name">Client name.</param>
/// <param name="Samples">Rows.</param>
/// <param name="Fraction">Share of all clients' rows.</param>
/// <param name="Sensors">Sensors present.</param>
/// <param name="MissingRate">Missing fraction over the client's sensors.</param>
/// <param name="LabelCounts">Rows per label name (federation label order).</param>
public sealed record ClientSummary(string Name, int Samples, double Fraction, int Sensors, double MissingRate, IReadOnlyDictionary<string, long> LabelCounts);
