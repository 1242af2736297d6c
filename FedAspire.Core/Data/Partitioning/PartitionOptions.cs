namespace FedAspire.Core.Data.Partitioning;

/// <summary>Parameters of <see cref="Partitioner"/>.</summary>
public sealed record PartitionOptions
{
    /// <summary>Strategy (default: hybrid, the recommended realistic split).</summary>
    public PartitionStrategy Strategy { get; init; } = PartitionStrategy.Hybrid;

    /// <summary>Number of clients.</summary>
    public int Clients { get; init; } = 5;

    /// <summary>Dirichlet concentration for dirichlet and hybrid (0.1 extreme label skew, 10 near-IID).</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Target share of rows per client (normalized); null = equal, unless <see cref="ParetoShape"/> is set.</summary>
    public IReadOnlyList<double>? QuantityFractions { get; init; }

    /// <summary>When set (and no explicit fractions), target shares are Pareto(shape) draws, normalized (1.16 is the 80/20 rule).</summary>
    public double? ParetoShape { get; init; }

    /// <summary>
    /// Rows are assigned in contiguous blocks of at most this many rows that never cross a label change, so windows inside a
    /// client stay meaningful; 1 = row by row. Temporal ignores it (it cuts exact contiguous periods).
    /// </summary>
    public int BlockLength { get; init; } = 60;

    /// <summary>Operating signals for clustering/hybrid; null = every sensor with under half its values missing.</summary>
    public IReadOnlyList<string>? ClusterSensors { get; init; }

    /// <summary>Per-client degradations (one entry per client, or one for all, or null for none).</summary>
    public IReadOnlyList<ClientDegradation>? Degradations { get; init; }

    /// <summary>Seed of the single random source of the operation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Clients < 1) throw new ArgumentException($"Need at least one client, got {Clients}.");
        if (!(Alpha > 0) || !double.IsFinite(Alpha)) throw new ArgumentException($"Alpha must be positive, got {Alpha}.");
        if (BlockLength < 1) throw new ArgumentException($"Block length must be >= 1, got {BlockLength}.");
        if (QuantityFractions is { } q)
        {
            if (q.Count != Clients) throw new ArgumentException($"{q.Count} quantity fractions for {Clients} clients.");
            if (q.Any(x => !(x > 0) || !double.IsFinite(x))) throw new ArgumentException($"Quantity fractions must be positive: {string.Join(", ", q)}.");
            if (Strategy == PartitionStrategy.Clustering)
                throw new ArgumentException("Clustering takes client sizes from the clusters; quantity fractions apply to iid, dirichlet, temporal and hybrid.", nameof(QuantityFractions));
        }
        if (ParetoShape is { } shape && !(shape > 0)) throw new ArgumentException($"Pareto shape must be positive, got {shape}.");
        if (Degradations is { } d)
        {
            if (d.Count != 1 && d.Count != Clients) throw new ArgumentException($"{d.Count} degradation entries for {Clients} clients (give one per client or one for all).");
            for (int i = 0; i < d.Count; i++) d[i].Validate(i);
        }
    }

    /// <summary>The degradation of client <paramref name="client"/>.</summary>
    public ClientDegradation DegradationFor(int client) =>
        Degradations is null ? ClientDegradation.None : Degradations.Count == 1 ? Degradations[0] : Degradations[client];
}
