namespace FedAspire.Core.Federation;

/// <summary>
/// One IoT device: keeps a bounded, time-ordered buffer of its readings, trains the global model on it when its facility
/// asks, and scores its recent windows locally with a global model (edge inference). Key: device id.
/// </summary>
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Adds readings: duplicates (by sequence number) and malformed readings are counted, not stored.</summary>
    Task<IngestResult> IngestAsync(TelemetryBatch batch);

    /// <summary>Trains on the buffered windows; an update with zero samples when the buffer is shorter than a window.</summary>
    Task<ParticipantUpdate> TrainAsync(RoundInstruction instruction);

    /// <summary>Per-feature statistics of the buffered readings mapped into <paramref name="features"/>.</summary>
    Task<NormalizationStatisticsSummary> SummarizeFeaturesAsync(IReadOnlyList<string> features);

    /// <summary>Histogram of buffered-window scores under a candidate model.</summary>
    Task<ScoreHistogramSummary> SummarizeScoresAsync(ScoreSummaryInstruction instruction);

    /// <summary>Scores the most recent <paramref name="windows"/> windows with the ONNX model of <paramref name="instruction"/>.</summary>
    Task<DeviceScores> ScoreRecentAsync(EvaluationInstruction instruction, int windows);
}
