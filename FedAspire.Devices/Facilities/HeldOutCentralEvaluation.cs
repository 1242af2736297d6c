using FedAspire.Aggregator.Evaluation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;

namespace FedAspire.Devices.Facilities;

/// <summary>
/// A server-side evaluation set made of a partition the server owns (no participant trains on it): its labelled held-out
/// rows, windowed for whatever spec the federation uses. Features the partition lacks are missing (mask 0).
/// </summary>
public sealed class HeldOutCentralEvaluation(FacilityPartition partition) : ICentralEvaluationData
{
    /// <inheritdoc />
    public Task<CentralEvaluationSet?> LoadAsync(string federation, ModelSpec spec, int stride, CancellationToken cancellationToken)
    {
        var windows = LocalWindows.HeldOut(partition, spec, stride);
        return Task.FromResult(windows is { Count: > 0, Labels: { } labels } ? new CentralEvaluationSet(windows.Raw, windows.Mask, labels) : null);
    }
}
