namespace FedAspire.Core.Federation;

/// <summary>Readings of one device that share a feature list, stored by column; the unit a device grain ingests.</summary>
/// <remarks>
/// Columnar so a batch is five objects whatever its size: a grain call serializes three primitive arrays instead of one object
/// and one value array per reading, and the grain copies rows out of one block.
/// </remarks>
/// <param name="DeviceId">Device id (the device grain key; the Kafka key).</param>
/// <param name="FacilityId">Facility the device belongs to; the device registers there on first telemetry.</param>
/// <param name="Features">Sensor names F, in the order of every row of <paramref name="Values"/>.</param>
/// <param name="Sequences">Sequence number of each reading [n]; readings may come in any order, the device keeps them time-ordered.</param>
/// <param name="TimestampTicks">UTC ticks of each reading's timestamp [n].</param>
/// <param name="Values">Row-major values [n × F]; NaN = not measured.</param>
[GenerateSerializer, Immutable]
public sealed record TelemetryBatch(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string FacilityId,
    [property: Id(2)] string[] Features,
    [property: Id(3)] long[] Sequences,
    [property: Id(4)] long[] TimestampTicks,
    [property: Id(5)] float[] Values)
{
    /// <summary>A batch from per-reading values (tests, experiments); every reading must carry one value per feature.</summary>
    public TelemetryBatch(string deviceId, string facilityId, IReadOnlyList<string> features, IReadOnlyList<TelemetryReading> readings)
        : this(deviceId, facilityId, [.. features], SequencesOf(readings), TicksOf(readings), BlockOf(features, readings))
    {
    }

    /// <summary>Number of readings n.</summary>
    public int Count => Sequences.Length;

    /// <summary>Whether the columns agree: n timestamps and n × F values for n sequence numbers (a grain rejects a batch that does not).</summary>
    public bool IsWellFormed =>
        Features is not null && Sequences is not null && TimestampTicks is not null && Values is not null
        && TimestampTicks.Length == Sequences.Length && (long)Sequences.Length * Features.Length == Values.Length;

    /// <summary>The values of reading <paramref name="index"/> (length F).</summary>
    public ReadOnlySpan<float> Row(int index) => Values.AsSpan(index * Features.Length, Features.Length);

    /// <summary>The timestamp of reading <paramref name="index"/> (UTC).</summary>
    public DateTimeOffset Timestamp(int index) => new(TimestampTicks[index], TimeSpan.Zero);

    private static long[] SequencesOf(IReadOnlyList<TelemetryReading> readings)
    {
        var sequences = new long[readings.Count];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = readings[i].Sequence;
        return sequences;
    }

    private static long[] TicksOf(IReadOnlyList<TelemetryReading> readings)
    {
        var ticks = new long[readings.Count];
        for (int i = 0; i < ticks.Length; i++) ticks[i] = readings[i].Timestamp.UtcTicks;
        return ticks;
    }

    private static float[] BlockOf(IReadOnlyList<string> features, IReadOnlyList<TelemetryReading> readings)
    {
        int width = features.Count;
        var block = new float[readings.Count * width];
        for (int i = 0; i < readings.Count; i++)
        {
            var values = readings[i].Values;
            if (values is null || values.Length != width)
                throw new ArgumentException($"Reading #{i} (seq {readings[i].Sequence}) has {values?.Length ?? 0} values for {width} features.", nameof(readings));
            values.CopyTo(block, i * width);
        }
        return block;
    }
}
