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

    /// <summary>Secure aggregation step 1: train, keep the update, return the declared count, losses and public keys.</summary>
    SecureTrain,

    /// <summary>Secure aggregation step 2: Shamir shares of the secrets for the neighbours, encrypted to each.</summary>
    ShareKeys,

    /// <summary>Secure aggregation step 3: the kept update, quantized with the credited weight and masked.</summary>
    MaskInput,

    /// <summary>Secure aggregation step 4: the shares that remove the contributors' and dropped participants' masks.</summary>
    Unmask,
}
