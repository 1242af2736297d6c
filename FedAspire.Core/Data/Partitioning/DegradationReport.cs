namespace FedAspire.Core.Data.Partitioning;

/// <summary>The degradations actually applied to one client, with their drawn parameters (for client_metadata.json).</summary>
public sealed record DegradationReport
{
    /// <summary>Requested fraction of sensors kept.</summary>
    public double SensorFraction { get; init; } = 1;

    /// <summary>Sensors removed from this client.</summary>
    public IReadOnlyList<string> DroppedSensors { get; init; } = [];

    /// <summary>Requested largest calibration gain error.</summary>
    public double CalibrationBias { get; init; }

    /// <summary>Drawn gain error per sensor (value x (1 + bias)); empty when no bias.</summary>
    public IReadOnlyDictionary<string, double> CalibrationBiasBySensor { get; init; } = new Dictionary<string, double>();

    /// <summary>Requested noise std as a fraction of each sensor's std.</summary>
    public double NoiseFraction { get; init; }

    /// <summary>Absolute noise std added per sensor; empty when no noise.</summary>
    public IReadOnlyDictionary<string, double> NoiseStdBySensor { get; init; } = new Dictionary<string, double>();

    /// <summary>Requested dropout rate.</summary>
    public double DropoutRate { get; init; }

    /// <summary>Values set missing by dropout.</summary>
    public long DroppedValues { get; init; }

    /// <summary>Lag in rows of the delayed sensors.</summary>
    public int DelaySteps { get; init; }

    /// <summary>Sensors that lag by <see cref="DelaySteps"/>.</summary>
    public IReadOnlyList<string> DelayedSensors { get; init; } = [];
}
