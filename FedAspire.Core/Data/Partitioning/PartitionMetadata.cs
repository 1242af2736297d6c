namespace FedAspire.Core.Data.Partitioning;

/// <summary>Everything needed to reproduce and audit a partition; written as client_metadata.json.</summary>
public sealed record PartitionMetadata
{
    /// <summary>Seed of the operation.</summary>
    public required int Seed { get; init; }

    /// <summary>Strategy name (lower case).</summary>
    public required string Strategy { get; init; }

    /// <summary>The options as given (after defaults).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Description of the input (file and format).</summary>
    public required string Source { get; init; }

    /// <summary>Rows of the input.</summary>
    public required int InputRows { get; init; }

    /// <summary>Rows assigned to some client (each exactly once).</summary>
    public required int AssignedRows { get; init; }

    /// <summary>Rows assigned to no client.</summary>
    public required int UnassignedRows { get; init; }

    /// <summary>Rows that appear in more than one client or twice in one: always 0, oversampling is not done.</summary>
    public int DuplicatedRows { get; init; }

    /// <summary>How quantity skew is reached.</summary>
    public string Oversampling { get; init; } = "disallowed: quantity skew redistributes existing rows and never duplicates any";

    /// <summary>Label column name, or empty when unlabelled.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>Label texts in code order.</summary>
    public required IReadOnlyList<string> LabelNames { get; init; }

    /// <summary>Per label: counts as anomalous for evaluation.</summary>
    public required IReadOnlyList<bool> AnomalousLabels { get; init; }

    /// <summary>The federation's feature list (union of client sensors in original order).</summary>
    public required IReadOnlyList<string> FederationFeatures { get; init; }

    /// <summary>Adjustments made and anything a reader should know (e.g. an empty client given a block).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Per-client details.</summary>
    public required IReadOnlyList<ClientMetadata> Clients { get; init; }
}
