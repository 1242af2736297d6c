using System.Collections.Frozen;

namespace FedAspire.Core.Onnx;

/// <summary>Keys of the metadata_props FedAspire writes into every exported model (read them via ONNX Runtime's CustomMetadataMap).</summary>
public static class OnnxMetadataKeys
{
    /// <summary>Always "FedAspire".</summary>
    public const string Producer = "producer";

    /// <summary>Federation name.</summary>
    public const string Federation = "federation";

    /// <summary>Global model version, invariant integer.</summary>
    public const string Version = "version";

    /// <summary>Round that produced the version, invariant integer.</summary>
    public const string Round = "round";

    /// <summary>Feature names in input order, a JSON array of strings.</summary>
    public const string FeatureNames = "feature_names";

    /// <summary>Window length (time steps per sample), invariant integer.</summary>
    public const string Window = "window";

    /// <summary>Anomaly threshold on the score output, invariant round-trip float ("NaN" when not calibrated).</summary>
    public const string Threshold = "threshold";

    /// <summary>The model spec as JSON (see <see cref="ModelSpecJson"/>).</summary>
    public const string ModelSpec = "model_spec";

    /// <summary>"local" (score with each device's own statistics, fed to the normalization inputs) or "global" (the stored ones).</summary>
    public const string Normalization = "normalization";

    /// <summary>The false-alarm target the thresholds were calibrated at, invariant round-trip double.</summary>
    public const string FalseAlarmTarget = "false_alarm_target";

    /// <summary>Each participant's calibrated threshold, a JSON object of participant id to number.</summary>
    public const string ParticipantThresholds = "participant_thresholds";

    /// <summary>The keys above; extra metadata may not reuse them.</summary>
    public static IReadOnlySet<string> Reserved { get; } =
        new[] { Producer, Federation, Version, Round, FeatureNames, Window, Threshold, ModelSpec, Normalization, FalseAlarmTarget, ParticipantThresholds }
            .ToFrozenSet(StringComparer.Ordinal);
}
