namespace FedAspire.Core.Data.Partitioning;

/// <summary>One client's data after partitioning and degradation.</summary>
/// <param name="Name">Client name.</param>
/// <param name="Table">The client's rows in time order (sensor subset, degradations applied).</param>
/// <param name="SourceRows">Input row index of each client row (ascending).</param>
public sealed record ClientPartition(string Name, SensorTable Table, int[] SourceRows);
