namespace FedAspire.Core.Data.Partitioning;

/// <summary>Degradations applied to one client's data, in time order, after partitioning.</summary>
/// <param name="SensorFraction">Fraction of sensors the client keeps (1 = all); dropped columns are removed, never reordered.</param>
/// <param name="CalibrationBias">Largest gain error: each kept sensor is scaled by 1 +- U(bias/2, bias) (0.1 gives +-5-10%).</param>
/// <param name="NoiseFraction">Added Gaussian noise with std = fraction x the sensor's std on this client.</param>
/// <param name="DropoutRate">Probability that a value goes missing (NaN).</param>
/// <param name="DelaySteps">Lag, in rows, of the delayed sensors: value[t] = value[t - k], the first k rows become missing.</param>
/// <param name="DelayedSensorFraction">Fraction of the kept sensors that lag by <paramref name="DelaySteps"/> (one subsystem's clock).</param>
public sealed record ClientDegradation(
    double SensorFraction = 1,
    double CalibrationBias = 0,
    double NoiseFraction = 0,
    double DropoutRate = 0,
    int DelaySteps = 0,
    double DelayedSensorFraction = 0.5)
{
    /// <summary>No degradation.</summary>
    public static ClientDegradation None { get; } = new();

    /// <summary>Throws naming the invalid parameter.</summary>
    public void Validate(int client)
    {
        if (!(SensorFraction is > 0 and <= 1)) throw new ArgumentException($"Client {client}: sensor fraction must be in (0, 1], got {SensorFraction}.");
        if (!(CalibrationBias is >= 0 and < 1)) throw new ArgumentException($"Client {client}: calibration bias must be in [0, 1), got {CalibrationBias}.");
        if (!(NoiseFraction >= 0) || !double.IsFinite(NoiseFraction)) throw new ArgumentException($"Client {client}: noise fraction must be >= 0, got {NoiseFraction}.");
        if (!(DropoutRate is >= 0 and < 1)) throw new ArgumentException($"Client {client}: dropout rate must be in [0, 1), got {DropoutRate}.");
        if (DelaySteps < 0) throw new ArgumentException($"Client {client}: delay must be >= 0 steps, got {DelaySteps}.");
        if (!(DelayedSensorFraction is >= 0 and <= 1)) throw new ArgumentException($"Client {client}: delayed sensor fraction must be in [0, 1], got {DelayedSensorFraction}.");
    }
}
