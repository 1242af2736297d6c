namespace FedAspire.Core.Telemetry;

/// <summary>
/// Checks a decoded record against the limits and, when given, the known sensor names; returns a rejection instead of throwing,
/// so a poison record is counted and dead-lettered rather than crashing a consumer or a grain.
/// </summary>
public sealed class TelemetryValidator
{
    private readonly HashSet<string>? _knownSensors;

    /// <summary>A validator with <paramref name="limits"/> (defaults when null) and an optional closed set of sensor names.</summary>
    public TelemetryValidator(TelemetryLimits? limits = null, IEnumerable<string>? knownSensors = null)
    {
        Limits = limits ?? TelemetryLimits.Default;
        _knownSensors = knownSensors is null ? null : new HashSet<string>(knownSensors, StringComparer.Ordinal);
    }

    /// <summary>A validator with the default limits that accepts any sensor name.</summary>
    public static TelemetryValidator Default { get; } = new();

    /// <summary>The limits applied.</summary>
    public TelemetryLimits Limits { get; }

    /// <summary>Null when <paramref name="record"/> is acceptable, otherwise the first problem found.</summary>
    public TelemetryRejection? Validate(TelemetryRecord record)
    {
        if (string.IsNullOrWhiteSpace(record.DeviceId))
            return new(TelemetryRejectionReason.MissingField, "Field 'device' is missing or empty.");
        if (string.IsNullOrWhiteSpace(record.FacilityId))
            return new(TelemetryRejectionReason.MissingField, $"Device '{record.DeviceId}': field 'facility' is missing or empty.");
        if (record.DeviceId.Length > Limits.MaxIdLength || record.FacilityId.Length > Limits.MaxIdLength)
            return new(TelemetryRejectionReason.Oversized, $"Device or facility id longer than {Limits.MaxIdLength} characters.");
        if (record.Features is null || record.Values is null)
            return new(TelemetryRejectionReason.MissingField, $"Device '{record.DeviceId}' seq {record.Sequence}: field 'values' is missing.");
        if (record.Features.Length != record.Values.Length)
            return new(TelemetryRejectionReason.MalformedJson, $"Device '{record.DeviceId}' seq {record.Sequence}: {record.Features.Length} sensor names but {record.Values.Length} values.");
        if (record.Features.Length > Limits.MaxValues)
            return new(TelemetryRejectionReason.TooManyValues, $"Device '{record.DeviceId}' seq {record.Sequence}: {record.Features.Length} values, the limit is {Limits.MaxValues}.");

        for (int i = 0; i < record.Features.Length; i++)
        {
            var name = record.Features[i];
            if (string.IsNullOrEmpty(name))
                return new(TelemetryRejectionReason.InvalidSensorName, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor #{i} has an empty name.");
            if (!float.IsFinite(record.Values[i]))
                return new(TelemetryRejectionReason.NonFiniteValue, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{name}' = {record.Values[i]} is not a finite float.");
            if (_knownSensors is not null && !_knownSensors.Contains(name))
                return new(TelemetryRejectionReason.UnknownSensor, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{name}' is not a known feature.");
            for (int j = 0; j < i; j++)
                if (string.Equals(record.Features[j], name, StringComparison.Ordinal))
                    return new(TelemetryRejectionReason.InvalidSensorName, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{name}' appears twice.");
        }
        return null;
    }
}
