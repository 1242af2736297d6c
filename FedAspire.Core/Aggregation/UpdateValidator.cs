using System.Numerics.Tensors;

namespace FedAspire.Core.Aggregation;

/// <summary>Screens one client update before aggregation: shape, sample count, finite values and the L2 norm of (update - global).</summary>
/// <remarks>
/// Returns a verdict instead of throwing so the aggregator can count rejections by reason; round-id and deadline checks are the caller's.
/// The norm bound limits how far one client can pull the model in one round (a cheap defence against scaled or exploding updates).
/// </remarks>
public sealed class UpdateValidator
{
    /// <summary>Creates a validator for vectors of <paramref name="parameterCount"/> floats; <paramref name="maxUpdateNorm"/> infinite = no norm bound.</summary>
    public UpdateValidator(int parameterCount, double maxUpdateNorm = double.PositiveInfinity)
    {
        if (parameterCount < 1) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "A model has at least one parameter.");
        if (!(maxUpdateNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxUpdateNorm), maxUpdateNorm, "The update norm bound must be positive.");
        ParameterCount = parameterCount;
        MaxUpdateNorm = maxUpdateNorm;
    }

    /// <summary>Expected parameter vector length.</summary>
    public int ParameterCount { get; }

    /// <summary>Largest accepted ||update - global||_2.</summary>
    public double MaxUpdateNorm { get; }

    /// <summary>Checks <paramref name="update"/> against the current <paramref name="global"/> parameters.</summary>
    public UpdateValidationResult Validate(ReadOnlySpan<float> global, ClientUpdate? update)
    {
        if (global.Length != ParameterCount)
            throw new ArgumentException($"The validator expects a global vector of {ParameterCount} parameters; got {global.Length}.", nameof(global));
        if (update is null) return UpdateValidationResult.Reject("update is null");
        if (string.IsNullOrEmpty(update.ClientId)) return UpdateValidationResult.Reject("update has no client id");
        string who = $"client '{update.ClientId}'";
        if (update.Parameters is null) return UpdateValidationResult.Reject($"{who}: no parameter vector");
        if (update.Parameters.Length != ParameterCount)
            return UpdateValidationResult.Reject($"{who}: {update.Parameters.Length} parameters, expected {ParameterCount}");
        if (update.SampleCount <= 0) return UpdateValidationResult.Reject($"{who}: sample count {update.SampleCount} is not positive");
        if (!TensorPrimitives.IsFiniteAll<float>(update.Parameters))
            return UpdateValidationResult.Reject($"{who}: non-finite parameter at index {AggregationInput.FirstNonFinite(update.Parameters)}");
        if (!double.IsPositiveInfinity(MaxUpdateNorm))
        {
            double norm = UpdateNorm(global, update.Parameters);
            if (!(norm <= MaxUpdateNorm))
                return UpdateValidationResult.Reject($"{who}: update norm {norm:G6} exceeds the bound {MaxUpdateNorm:G6}");
        }
        return UpdateValidationResult.Accept;
    }

    /// <summary>||update - global||_2, accumulated in double (a float sum of squares can overflow for wild updates).</summary>
    public static double UpdateNorm(ReadOnlySpan<float> global, ReadOnlySpan<float> update)
    {
        if (global.Length != update.Length) throw new ArgumentException($"Vector lengths differ: {global.Length} vs {update.Length}.", nameof(update));
        double sum = 0;
        for (int i = 0; i < update.Length; i++)
        {
            double d = (double)update[i] - global[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
