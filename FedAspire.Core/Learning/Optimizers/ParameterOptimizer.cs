namespace FedAspire.Core.Learning.Optimizers;

/// <summary>A first-order optimizer over a flat parameter vector; its state is one contiguous float[] in the same order.</summary>
internal abstract class ParameterOptimizer
{
    /// <summary>Creates the optimizer <paramref name="options"/> asks for over <paramref name="parameterCount"/> parameters.</summary>
    public static ParameterOptimizer Create(TrainingOptions options, int parameterCount) => options.Optimizer switch
    {
        OptimizerKind.Sgd => new SgdOptimizer(parameterCount, options.LearningRate, options.Momentum),
        OptimizerKind.Adam => new AdamOptimizer(parameterCount, options.LearningRate),
        _ => throw new ArgumentException($"Unknown optimizer {options.Optimizer}.", nameof(options)),
    };

    /// <summary>Moments or velocities, contiguous.</summary>
    public abstract float[] State { get; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradient"/>.</summary>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradient);
}
