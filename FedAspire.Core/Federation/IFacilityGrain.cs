namespace FedAspire.Core.Federation;

/// <summary>
/// A facility (pump station, plant site): a client of its federation that trains on its own data and is the edge aggregator
/// of its devices (hierarchical FedAvg), so the federation's aggregator talks to facilities only. Key: facility id. In a secure
/// federation it trains through <see cref="ISecureAggregationParticipant"/> instead, so its update leaves it only masked.
/// </summary>
/// <remarks>
/// The aggregator cancels the round's calls at its deadline (Orleans carries the token to the grain): a queued call is then
/// dropped before it runs, and a running one stops at its next check, so a late participant does not keep working for nothing.
/// </remarks>
public interface IFacilityGrain : ISecureAggregationParticipant
{
    /// <summary>Trains the global model on the facility's data and its devices' buffers; returns one sample-weighted update.</summary>
    Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction, CancellationToken cancellationToken = default);

    /// <summary>Scores the facility's held-out data with the ONNX export and returns loss and detection metrics.</summary>
    Task<ParticipantEvaluation> EvaluateAsync(EvaluationInstruction instruction, CancellationToken cancellationToken = default);

    /// <summary>Mergeable per-feature statistics of the facility's and its devices' raw training data, for global normalization.</summary>
    Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features, CancellationToken cancellationToken = default);

    /// <summary>A histogram of training-window scores under a candidate model, for the federated anomaly threshold.</summary>
    Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a device (dynamic onboarding on its first telemetry). One-way so a device never waits on a training facility; interleaved
    /// so a burst of registrations shares state writes.
    /// </summary>
    [Orleans.Concurrency.OneWay, Orleans.Concurrency.AlwaysInterleave]
    Task RegisterDeviceAsync(string deviceId);

    /// <summary>The devices registered so far.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> GetDevicesAsync();

    /// <summary>How many devices have registered: a waiting caller polls this, and the ids of millions of devices would cross the network.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<int> CountDevicesAsync();
}
