using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class TelemetryValidatorTests
{
    private static readonly string[] Sensors = Enumerable.Range(0, 52).Select(i => $"sensor_{i:D2}").ToArray();

    private static TelemetryRecord Record(string[] names, float[]? values = null) =>
        new("pump-1", "facility-01", DateTimeOffset.UnixEpoch, 1, names, values ?? new float[names.Length]);

    [Theory]
    [InlineData(3, 1)]
    [InlineData(52, 51)]
    [InlineData(200, 17)]
    public void A_repeated_sensor_name_is_refused_with_its_name_in_short_and_long_records(int count, int copyOf)
    {
        var names = Enumerable.Range(0, count).Select(i => $"s{i}").ToArray();
        names[count - 1 == copyOf ? 0 : count - 1] = names[copyOf];
        var rejection = TelemetryValidator.Default.Validate(Record(names));

        Assert.Equal(TelemetryRejectionReason.InvalidSensorName, rejection?.Reason);
        Assert.Contains($"'s{copyOf}' appears twice", rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_name_array_is_checked_once_but_every_records_values_are_checked()
    {
        var validator = new TelemetryValidator(knownSensors: Sensors);
        var good = new float[52];
        var bad = new float[52];
        bad[40] = float.NaN;

        Assert.Null(validator.Validate(Record(Sensors, good)));
        Assert.Null(validator.Validate(Record(Sensors, good)));
        var rejection = validator.Validate(Record(Sensors, bad));
        Assert.Equal(TelemetryRejectionReason.NonFiniteValue, rejection?.Reason);
        Assert.Contains("sensor_40", rejection!.Message, StringComparison.Ordinal);

        // A different array with an unknown name is checked on its own, even after the shared one passed.
        string[] other = [.. Sensors[..51], "sensor_99"];
        Assert.Equal(TelemetryRejectionReason.UnknownSensor, validator.Validate(Record(other))?.Reason);
        Assert.Equal(TelemetryRejectionReason.InvalidSensorName, validator.Validate(Record([.. Sensors[..51], ""]))?.Reason);
    }

    [Fact]
    public void Distinct_names_that_collide_in_the_table_are_not_mistaken_for_repeats()
    {
        // 256 names (the limit) fill the table halfway, so probes collide; none repeats.
        var names = Enumerable.Range(0, 256).Select(i => $"n{i}").ToArray();

        Assert.Equal(-1, TelemetryValidator.FirstRepeated(names));
        Assert.Null(TelemetryValidator.Default.Validate(Record(names)));
    }
}
