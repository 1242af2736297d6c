using FedAspire.Core.Learning;

namespace FedAspire.Aggregator.Evaluation;

/// <summary>
/// Optional centralized evaluation (Flower's evaluate_fn): a labelled set the server owns. When one is registered, the
/// aggregator scores every new version's ONNX export on it besides the federated evaluation.
/// </summary>
public interface ICentralEvaluationData
{
    /// <summary>Windows for <paramref name="spec"/>, or null when there is no server-side set for <paramref name="federation"/>.</summary>
    Task<CentralEvaluationSet?> LoadAsync(string federation, ModelSpec spec, int stride, CancellationToken cancellationToken);
}
