namespace FedAspire.Core.Data.Partitioning;

/// <summary>One client's entry in client_metadata.json.</summary>
public sealed record ClientMetadata
{
    /// <summary>Client name, e.g. <c>client_0</c>.</summary>
    public required string Name { get; init; }

    /// <summary>CSV file name inside the partition folder.</summary>
    public required string File { get; init; }

    /// <summary>Rows of this client.</summary>
    public required int Samples { get; init; }

    /// <summary>Share of all assigned rows.</summary>
    public required double Fraction { get; init; }

    /// <summary>Requested share (quantity skew target), if any.</summary>
    public double? TargetFraction { get; init; }

    /// <summary>First timestamp (yyyy-MM-dd HH:mm:ss), empty when the client has no rows.</summary>
    public required string FirstTimestamp { get; init; }

    /// <summary>Last timestamp.</summary>
    public required string LastTimestamp { get; init; }

    /// <summary>Sensors present, in the original column order.</summary>
    public required IReadOnlyList<string> Sensors { get; init; }

    /// <summary>Per federation feature: 1 when the client has that sensor, else 0.</summary>
    public required IReadOnlyList<int> PresenceMask { get; init; }

    /// <summary>Rows per label text.</summary>
    public required IReadOnlyDictionary<string, long> LabelDistribution { get; init; }

    /// <summary>Fraction of missing values over the client's sensors (after degradations).</summary>
    public required double MissingRate { get; init; }

    /// <summary>Degradations applied.</summary>
    public required DegradationReport Degradations { get; init; }
}
