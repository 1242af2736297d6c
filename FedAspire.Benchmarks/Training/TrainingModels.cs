using FedAspire.Core.Learning;

namespace FedAspire.Benchmarks.Training;

/// <summary>The benchmarked models (the same three as peer/torch_training_peer.py), by name.</summary>
public static class TrainingModels
{
    /// <summary>Model names accepted by <see cref="Create"/>.</summary>
    public static readonly string[] Names = ["dense-8-16-4-16-8", "dense-52-64-32-16-32-64-52", "conv-8x32-16-8"];

    /// <summary>The spec and mini-batch size of a named benchmark model.</summary>
    public static (ModelSpec Spec, int BatchSize) Create(string name)
    {
        static string[] Features(int n) => Enumerable.Range(0, n).Select(i => $"s{i}").ToArray();
        return name switch
        {
            "dense-8-16-4-16-8" => (ModelSpec.DenseAutoencoder(Features(8), [16, 4, 16]), 128),
            "dense-52-64-32-16-32-64-52" => (ModelSpec.DenseAutoencoder(Features(52), [64, 32, 16, 32, 64]), 64),
            "conv-8x32-16-8" => (ModelSpec.ConvAutoencoder(Features(8), 32, [16, 8]), 64),
            _ => throw new ArgumentException($"Unknown benchmark model '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
