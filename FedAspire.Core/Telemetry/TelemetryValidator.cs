using System.Numerics;
using System.Runtime.CompilerServices;

namespace FedAspire.Core.Telemetry;

/// <summary>
/// Checks a decoded record against the limits and, when given, the known sensor names; returns a rejection instead of throwing,
/// so a poison record is counted and dead-lettered rather than crashing a consumer or a grain.
/// </summary>
public sealed class TelemetryValidator
{
    private const int CheckedNameSlots = 64;

    private readonly HashSet<string>? _knownSensors;
    private readonly string[]?[] _checkedNames = new string[CheckedNameSlots][];

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
        if (record.Sequence < 0)
            return new(TelemetryRejectionReason.InvalidSequence, $"Device '{record.DeviceId}': seq {record.Sequence} is negative; sequence numbers count readings from 0.");
        if (record.Features is null || record.Values is null)
            return new(TelemetryRejectionReason.MissingField, $"Device '{record.DeviceId}' seq {record.Sequence}: field 'values' is missing.");
        if (record.Features.Length != record.Values.Length)
            return new(TelemetryRejectionReason.MalformedJson, $"Device '{record.DeviceId}' seq {record.Sequence}: {record.Features.Length} sensor names but {record.Values.Length} values.");
        if (record.Features.Length > Limits.MaxValues)
            return new(TelemetryRejectionReason.TooManyValues, $"Device '{record.DeviceId}' seq {record.Sequence}: {record.Features.Length} values, the limit is {Limits.MaxValues}.");

        if (!NamesChecked(record.Features) && CheckNames(record) is { } badName) return badName;
        var values = record.Values.AsSpan();
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                return new(TelemetryRejectionReason.NonFiniteValue, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{record.Features[i]}' = {values[i]} is not a finite float.");
        return null;
    }

    private TelemetryRejection? CheckNames(TelemetryRecord record)
    {
        var names = record.Features;
        for (int i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrEmpty(names[i]))
                return new(TelemetryRejectionReason.InvalidSensorName, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor #{i} has an empty name.");
            if (_knownSensors is not null && !_knownSensors.Contains(names[i]))
                return new(TelemetryRejectionReason.UnknownSensor, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{names[i]}' is not a known feature.");
        }
        int repeated = FirstRepeated(names);
        if (repeated >= 0)
            return new(TelemetryRejectionReason.InvalidSensorName, $"Device '{record.DeviceId}' seq {record.Sequence}: sensor '{names[repeated]}' appears twice.");
        Remember(names);
        return null;
    }

    // Producers reuse one name array for many records (records are immutable): a small direct-mapped cache of arrays whose names
    // passed, keyed by reference, so names are checked once per array and values once per record. Races only cost a re-check.
    private bool NamesChecked(string[] names) => ReferenceEquals(_checkedNames[Slot(names)], names);

    private void Remember(string[] names) => _checkedNames[Slot(names)] = names;

    private static int Slot(string[] names) => RuntimeHelpers.GetHashCode(names) & (CheckedNameSlots - 1);

    /// <summary>The index of the first name that repeats an earlier one, or -1; names must be non-null.</summary>
    internal static int FirstRepeated(ReadOnlySpan<string> names)
    {
        if (names.Length <= 16)
        {
            for (int i = 1; i < names.Length; i++)
                for (int j = 0; j < i; j++)
                    if (string.Equals(names[j], names[i], StringComparison.Ordinal)) return i;
            return -1;
        }
        // Open addressing in a table at most half full: about one string comparison per name instead of n²/2.
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)names.Length * 2);
        Span<int> table = size <= 1024 ? stackalloc int[size] : new int[size];
        table.Clear();
        for (int i = 0; i < names.Length; i++)
        {
            int slot = names[i].GetHashCode() & (size - 1);
            while (table[slot] != 0)
            {
                if (string.Equals(names[table[slot] - 1], names[i], StringComparison.Ordinal)) return i;
                slot = (slot + 1) & (size - 1);
            }
            table[slot] = i + 1;
        }
        return -1;
    }
}
