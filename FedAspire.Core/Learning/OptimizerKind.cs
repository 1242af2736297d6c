namespace FedAspire.Core.Learning;

/// <summary>The local optimizer a <see cref="LocalTrainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with (PyTorch-style, undampened) momentum.</summary>
    Sgd = 0,
    /// <summary>Adam with bias correction (beta1 0.9, beta2 0.999, eps 1e-8).</summary>
    Adam = 1,
}
