using FedAspire.Core.Federation;

namespace FedAspire.Devices.Federation;

/// <summary>
/// The live side of buffered asynchronous aggregation: one facility's loop that checks out the current version, trains on it with
/// its facility grain and reports, then pauses and goes again, so each facility contributes at its own pace and the aggregator
/// steps every K reports.
/// </summary>
public static partial class BufferedParticipation
{
    /// <summary>Runs <paramref name="participant"/>'s loop until <paramref name="cancellationToken"/> stops it; a failed turn is logged and retried after the pause.</summary>
    public static async Task RunAsync(IGrainFactory grains, IAggregatorGrain aggregator, string participant, TimeSpan pause, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(aggregator);
        var facility = grains.GetGrain<IFacilityGrain>(participant);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var instruction = await aggregator.CheckOutAsync(participant);
                var update = await facility.TrainAsync(instruction, cancellationToken);
                var report = await aggregator.ReportAsync(update with { ParticipantId = participant });
                if (report.Rejection is { } rejection) LogRejected(logger, participant, rejection.Reason, rejection.Detail);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogTurnFailed(logger, e, participant);
            }
            try
            {
                await Task.Delay(pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Buffered federation: {Participant}'s update was rejected ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string participant, RejectionReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffered federation: {Participant}'s turn failed; it tries again after its pause")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string participant);
}
