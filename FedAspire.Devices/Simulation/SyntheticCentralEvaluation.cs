using FedAspire.Aggregator.Evaluation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;

namespace FedAspire.Devices.Simulation;

/// <summary>
/// A server-side evaluation set for the embedded run: the labelled held-out rows of a synthetic facility drawn with a seed
/// no participant uses, so centralized and federated evaluation can be compared.
/// </summary>
public sealed class SyntheticCentralEvaluation(int seed, int rows = 400) : ICentralEvaluationData
{
    private readonly SyntheticPumpPlant _plant = new(facilities: 1, seed: unchecked(seed + 104729), trainRows: 1, heldOutRows: rows);

    /// <inheritdoc />
    public async Task<CentralEvaluationSet?> LoadAsync(string federation, ModelSpec spec, int stride, CancellationToken cancellationToken)
    {
        var partition = await _plant.LoadAsync(_plant.FacilityIds[0], cancellationToken);
        if (partition is null) return null;
        var windows = LocalWindows.Create(partition.HeldOutRows, partition.Features, spec, stride, partition.HeldOutAnomalous);
        return windows.Count == 0 ? null : new CentralEvaluationSet(windows.Raw, windows.Mask, windows.Labels!);
    }
}
