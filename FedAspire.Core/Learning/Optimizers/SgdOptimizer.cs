using System.Numerics.Tensors;

namespace FedAspire.Core.Learning.Optimizers;

/// <summary>SGD with PyTorch's undampened momentum: v = mu v + g; w -= lr v (plain SGD when mu = 0).</summary>
internal sealed class SgdOptimizer : ParameterOptimizer
{
    private readonly float _learningRate, _momentum;
    private readonly float[] _velocity;

    public SgdOptimizer(int parameterCount, float learningRate, float momentum)
    {
        _learningRate = learningRate;
        _momentum = momentum;
        _velocity = new float[parameterCount];
    }

    public override float[] State => _velocity;

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (_momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(gradient, -_learningRate, parameters, parameters);
            return;
        }
        TensorPrimitives.MultiplyAdd(_velocity, _momentum, gradient, _velocity);
        TensorPrimitives.MultiplyAdd(_velocity, -_learningRate, parameters, parameters);
    }
}
