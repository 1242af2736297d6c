namespace FedAspire.Devices.Scenarios;

/// <summary>One way of splitting the data set into facilities (the data toolkit's <c>Partitioner</c>, or the data set's natural facilities).</summary>
public sealed record ScenarioPartition
{
    /// <summary>Short name used in arm and facility ids, e.g. <c>iid</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>iid</c>, <c>clustering</c>, <c>dirichlet</c>, <c>temporal</c>, <c>hybrid</c> or <c>natural</c> (SKAB's valve1/valve2/other).</summary>
    public string Strategy { get; init; } = "iid";

    /// <summary>Number of clients (facilities).</summary>
    public int Clients { get; init; } = 5;

    /// <summary>Dirichlet concentration for label/cluster skew.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Explicit quantity shares per client (sum 1), or null for equal shares.</summary>
    public IReadOnlyList<double>? Quantity { get; init; }

    /// <summary>Pareto shape for drawn quantity shares (instead of <see cref="Quantity"/>).</summary>
    public double? Pareto { get; init; }

    /// <summary>Rows move between clients in label-pure blocks of at most this many rows.</summary>
    public int Block { get; init; } = 60;
}
