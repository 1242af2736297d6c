namespace FedAspire.Core.Aggregation;

/// <summary>A server-side aggregation rule: combines client parameter vectors into the next global parameter vector.</summary>
/// <remarks>
/// Implementations throw <see cref="ArgumentException"/> naming the client for malformed updates (wrong length, non-finite values,
/// sample count &lt;= 0) and for an empty update list. Stateful strategies (server optimizers) carry their moments between rounds;
/// <see cref="ExportState"/>/<see cref="ImportState"/> move them into and out of checkpoints.
/// </remarks>
public interface IAggregationStrategy
{
    /// <summary>The registry name, e.g. "fedavg" or "fedadam".</summary>
    string Name { get; }

    /// <summary>Aggregates <paramref name="updates"/> against the current <paramref name="global"/> and returns the new global parameters.</summary>
    float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates);

    /// <summary>A copy of the strategy's state (server-optimizer moments); empty when stateless.</summary>
    float[] ExportState();

    /// <summary>Restores state produced by <see cref="ExportState"/> of the same strategy and parameter count.</summary>
    void ImportState(float[] state);
}
