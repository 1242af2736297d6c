using Orleans.Concurrency;

namespace FedAspire.Core.Federation;

/// <summary>
/// The server of one federation (key: federation name): runs rounds on a timer or on demand, aggregates with the federation's
/// strategy, checkpoints model and strategy state, and publishes every version to the model registry with its ONNX export.
/// </summary>
public interface IAggregatorGrain : IGrainWithStringKey
{
    /// <summary>Sets (or updates) the definition. A new spec resets the model; the same spec keeps the checkpoint.</summary>
    Task ConfigureAsync(FederationDefinition definition);

    /// <summary>Starts timed rounds (one every <see cref="RoundSchedule.Interval"/>); survives deactivation and restarts.</summary>
    Task StartAsync();

    /// <summary>Stops timed rounds; the model and history stay.</summary>
    Task StopAsync();

    /// <summary>Runs one round now and returns its record (completed or failed); a buffered federation has no rounds and throws.</summary>
    Task<RoundRecord> RunRoundAsync();

    /// <summary>
    /// Buffered asynchronous aggregation: the instruction <paramref name="participantId"/> trains from now, i.e. the current version
    /// under a fresh job id (its <see cref="RoundInstruction.RoundId"/>), which the update must carry back to <see cref="ReportAsync"/>.
    /// </summary>
    Task<RoundInstruction> CheckOutAsync(string participantId);

    /// <summary>
    /// Buffered asynchronous aggregation: takes an update trained from a checked-out instruction, weighted by its staleness, into the
    /// buffer; every K accepted updates the aggregator applies the buffer, calibrates, evaluates and publishes a version (its record is
    /// in the answer).
    /// </summary>
    Task<BufferedReport> ReportAsync(ParticipantUpdate update);

    /// <summary>
    /// Pauses (<paramref name="paused"/> true) or resumes a participant: a paused one is not sampled for training until resumed.
    /// Persisted with the checkpoint. Throws <see cref="ArgumentException"/> for an id that is not a participant.
    /// </summary>
    Task<FederationStatus> SetPausedAsync(string participantId, bool paused);

    /// <summary>The participant ids of the definition, in its order (empty when not configured); answers while a round is running.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetParticipantsAsync();

    /// <summary>Status snapshot; answers while a round is running.</summary>
    [AlwaysInterleave]
    Task<FederationStatus> GetStatusAsync();
}
