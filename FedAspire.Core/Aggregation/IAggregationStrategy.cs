using FedAspire.Core.Federation;

namespace FedAspire.Core.Aggregation;

/// <summary>
/// A federated strategy, shaped like Flower's: configure and aggregate for fit (<see cref="ConfigureFit"/>, <see cref="Aggregate"/>)
/// and for evaluate (<see cref="ConfigureEvaluate"/>, <see cref="AggregateEvaluate"/>). Most strategies differ only in how they
/// aggregate updates, so the other three have defaults (sampling by <see cref="ParticipantSampling"/>, evaluation by the round's
/// contributors, counts summed); a strategy that samples or merges differently overrides them in its own file.
/// </summary>
/// <remarks>
/// Implementations throw <see cref="ArgumentException"/> naming the client for malformed updates (wrong length, non-finite values,
/// sample count &lt;= 0) and for an empty update list. Stateful strategies (server optimizers) carry their moments between rounds;
/// <see cref="ExportState"/>/<see cref="ImportState"/> move them into and out of checkpoints.
/// </remarks>
public interface IAggregationStrategy
{
    /// <summary>The registry name, e.g. "fedavg" or "fedadam".</summary>
    string Name { get; }

    /// <summary>configure_fit: the participants of <paramref name="available"/> that train in <paramref name="round"/>, sorted by id.</summary>
    IReadOnlyList<string> ConfigureFit(long round, IReadOnlyList<string> available, ParticipantSampling sampling, int seed)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        return sampling.Select(available, checked((int)round), seed);
    }

    /// <summary>aggregate_fit: aggregates <paramref name="updates"/> against the current <paramref name="global"/> and returns the new global parameters.</summary>
    float[] Aggregate(ReadOnlySpan<float> global, IReadOnlyList<ClientUpdate> updates);

    /// <summary>configure_evaluate: the participants that evaluate the version <paramref name="round"/> made; by default those whose updates made it.</summary>
    IReadOnlyList<string> ConfigureEvaluate(long round, IReadOnlyList<string> contributors) => contributors;

    /// <summary>aggregate_evaluate: the federation's evaluation from the participants' (already bounded) ones; by default counts summed, loss weighted by samples.</summary>
    FederatedEvaluation AggregateEvaluate(IReadOnlyList<ParticipantEvaluation> evaluations) => FederatedEvaluation.Merge(evaluations);

    /// <summary>A copy of the strategy's state (server-optimizer moments); empty when stateless.</summary>
    float[] ExportState();

    /// <summary>Restores state produced by <see cref="ExportState"/> of the same strategy and parameter count.</summary>
    void ImportState(float[] state);
}
