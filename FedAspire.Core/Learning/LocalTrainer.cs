using System.Numerics.Tensors;
using FedAspire.Core.Learning.Network;
using FedAspire.Core.Learning.Optimizers;

namespace FedAspire.Core.Learning;

/// <summary>
/// Mini-batch training of an <see cref="Autoencoder"/> in place: seeded shuffles, masked reconstruction MSE, SGD/Adam, optional FedProx.
/// </summary>
/// <remarks>
/// Single-threaded by design (a federation runs many trainers side by side). Optimizer state is allocated once per trainer and persists
/// across <see cref="Train"/> calls on the same trainer, so create a new trainer per federated round for a fresh local optimizer; batch
/// buffers are borrowed from a per-thread cache for the duration of a call (many tiny trainers, one per device, would otherwise each pin
/// their own). With the same model parameters, options and data, results are bit-identical on the same machine.
/// </remarks>
public sealed unsafe class LocalTrainer
{
    private readonly ParameterOptimizer _optimizer;
    private readonly float[] _gradient;
    private readonly float[] _proximal;
    private int[] _order = [];

    /// <summary>Prepares to train <paramref name="model"/>'s parameters with <paramref name="options"/>.</summary>
    public LocalTrainer(Autoencoder model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs < 1) throw new ArgumentException($"Epochs must be >= 1, got {options.Epochs}.", nameof(options));
        if (options.BatchSize < 1) throw new ArgumentException($"BatchSize must be >= 1, got {options.BatchSize}.", nameof(options));
        if (!(options.LearningRate > 0f) || !float.IsFinite(options.LearningRate))
            throw new ArgumentException($"LearningRate must be a positive finite number, got {options.LearningRate}.", nameof(options));
        if (!(options.Momentum >= 0f && options.Momentum < 1f))
            throw new ArgumentException($"Momentum must be in [0, 1), got {options.Momentum}.", nameof(options));
        if (!(options.ProximalMu >= 0f) || !float.IsFinite(options.ProximalMu))
            throw new ArgumentException($"ProximalMu must be a finite number >= 0, got {options.ProximalMu}.", nameof(options));
        Model = model;
        Options = options;
        _optimizer = ParameterOptimizer.Create(options, model.Layout.ParameterCount);
        _gradient = new float[model.Layout.ParameterCount];
        _proximal = new float[model.Layout.ParameterCount];
    }

    /// <summary>The model whose parameters are trained in place.</summary>
    public Autoencoder Model { get; }

    /// <summary>The training configuration.</summary>
    public TrainingOptions Options { get; }

    /// <summary>
    /// Runs <see cref="TrainingOptions.Epochs"/> epochs over <paramref name="data"/>. With ProximalMu &gt; 0 the FedProx anchor is
    /// <paramref name="globalParameters"/> (the parameters at the start of this call when null).
    /// </summary>
    /// <exception cref="ArgumentException">Empty or mis-shaped data, a mis-sized or non-finite anchor, or non-finite model parameters.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (a parameter became NaN or infinite); lower the learning rate.</exception>
    public TrainingResult Train(SampleSet data, float[]? globalParameters = null, CancellationToken cancellationToken = default)
    {
        var network = Prepare(data, globalParameters, out var anchor);
        try
        {
            float initialLoss = (float)(Autoencoder.SumOfScores(network, data) / data.Count);
            int steps = 0;
            var random = new SplitMix64(Options.Seed);
            for (int epoch = 0; epoch < Options.Epochs; epoch++)
            {
                steps += RunEpoch(network, data, anchor, random, cancellationToken);
                CheckDiverged(epoch);
            }
            float finalLoss = (float)(Autoencoder.SumOfScores(network, data) / data.Count);
            return new TrainingResult(data.Count, steps, initialLoss, finalLoss);
        }
        finally
        {
            ThreadNetworkCache.Return(network);
        }
    }

    /// <summary>One shuffled epoch without the before/after evaluation <see cref="Train"/> adds (what the benchmarks time).</summary>
    internal int TrainEpoch(SampleSet data, SplitMix64 random)
    {
        var network = Prepare(data, null, out var anchor);
        try
        {
            return RunEpoch(network, data, anchor, random, CancellationToken.None);
        }
        finally
        {
            ThreadNetworkCache.Return(network);
        }
    }

    /// <summary>
    /// The loss of the whole <paramref name="data"/> as one batch (mean score + mu/2 ||w - anchor||^2) and its gradient with respect to
    /// <paramref name="model"/>'s parameters, written into <paramref name="gradient"/>. The reference the gradient-check tests compare with.
    /// </summary>
    internal static float ComputeGradient(Autoencoder model, SampleSet data, ReadOnlySpan<float> anchor, float proximalMu, Span<float> gradient)
    {
        if (gradient.Length != model.Layout.ParameterCount)
            throw new ArgumentException($"gradient holds {gradient.Length} values, the model {model.Layout.ParameterCount}.", nameof(gradient));
        var network = new BatchNetwork(model.Layout, data.Count);
        network.LoadParameters(model.Parameters);
        network.LoadBatch(data, 0, data.Count);
        network.Forward();
        double loss = network.OutputGradient() / data.Count;
        fixed (float* w = model.Parameters, g = gradient) network.Backward(w, g);
        if (proximalMu > 0f)
        {
            var difference = new float[gradient.Length];
            TensorPrimitives.Subtract(model.Parameters, anchor, difference);
            loss += 0.5 * proximalMu * TensorPrimitives.Dot(difference, difference);
            TensorPrimitives.MultiplyAdd(difference, proximalMu, gradient, gradient);
        }
        return (float)loss;
    }

    private BatchNetwork Prepare(SampleSet data, float[]? globalParameters, out float[]? anchor)
    {
        ArgumentNullException.ThrowIfNull(data);
        var spec = Model.Spec;
        if (data.InputSize != spec.InputSize)
            throw new ArgumentException($"Samples have {data.InputSize} values but the model reads {spec.InputSize} (window {spec.Window} x {spec.FeatureCount} features).", nameof(data));
        if (data.Count == 0) throw new ArgumentException("The sample set is empty; there is nothing to train on.", nameof(data));
        Autoencoder.EnsureFinite(Model.Parameters, Model.Layout, "model");
        anchor = null;
        if (Options.ProximalMu > 0f)
        {
            if (globalParameters is not null)
            {
                if (globalParameters.Length != Model.Layout.ParameterCount)
                    throw new ArgumentException($"globalParameters holds {globalParameters.Length} values, the model {Model.Layout.ParameterCount}.", nameof(globalParameters));
                Autoencoder.EnsureFinite(globalParameters, Model.Layout, nameof(globalParameters));
            }
            anchor = globalParameters ?? (float[])Model.Parameters.Clone();
        }

        if (_order.Length != data.Count) _order = new int[data.Count];
        var network = ThreadNetworkCache.Rent(Model.Layout, Math.Min(Options.BatchSize, data.Count));
        network.LoadParameters(Model.Parameters);
        return network;
    }

    private int RunEpoch(BatchNetwork network, SampleSet data, float[]? anchor, SplitMix64 random, CancellationToken cancellationToken)
    {
        var order = _order.AsSpan();
        for (int i = 0; i < order.Length; i++) order[i] = i;
        random.Shuffle(order);
        var parameters = Model.Parameters.AsSpan();
        var gradient = _gradient.AsSpan();
        int steps = 0, batchSize = Options.BatchSize;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            network.LoadBatch(data, order.Slice(start, Math.Min(batchSize, order.Length - start)));
            // The next batch's rows arrive while this one computes.
            int next = start + batchSize;
            if (next < order.Length) network.Prefetch(data, order.Slice(next, Math.Min(batchSize, order.Length - next)));
            network.Forward();
            network.OutputGradient();
            fixed (float* w = parameters, g = _gradient) network.Backward(w, g);
            if (anchor is not null)
            {
                // FedProx: d/dw mu/2 ||w - w_global||^2 = mu (w - w_global)
                TensorPrimitives.Subtract(parameters, anchor, _proximal);
                TensorPrimitives.MultiplyAdd(_proximal, Options.ProximalMu, gradient, gradient);
            }
            _optimizer.Step(parameters, gradient);
            network.LoadParameters(parameters);
            steps++;
        }
        return steps;
    }

    private void CheckDiverged(int epoch)
    {
        for (int i = 0; i < Model.Parameters.Length; i++)
        {
            if (float.IsFinite(Model.Parameters[i])) continue;
            throw new InvalidOperationException(
                $"Training diverged in epoch {epoch}: parameter {i} became {Model.Parameters[i]}. Lower the learning rate (now {Options.LearningRate}) or check the normalization.");
        }
    }
}
