namespace FedAspire.Core.Federation.Remote;

/// <summary>What the aggregator asked a remote facility to do (one per <c>IFacilityGrain</c> call).</summary>
public enum RemoteWorkKind
{
    /// <summary>Per-feature statistics of the training rows (federation initialization).</summary>
    SummarizeFeatures,

    /// <summary>Train the global model locally and return the update.</summary>
    Train,

    /// <summary>Histogram of training-window scores under a candidate model (federated threshold).</summary>
    SummarizeScores,

    /// <summary>Score held-out data with the ONNX export (federated evaluation).</summary>
    Evaluate,
}
