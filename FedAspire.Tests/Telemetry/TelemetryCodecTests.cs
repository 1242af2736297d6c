using System.Text;
using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class TelemetryCodecTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static TelemetryRecord Sample() =>
        new("pump-07", "plant-a", T0.AddMilliseconds(123), 42, ["Pressure", "Temperature", "Current"], [0.98f, 71.25f, -3.5e-7f]);

    private static TelemetryRejection? Decode(string json, TelemetryValidator? validator = null)
    {
        bool ok = TelemetryCodec.TryDecode(Encoding.UTF8.GetBytes(json), validator ?? TelemetryValidator.Default, out var record, out var rejection);
        Assert.Equal(ok, record is not null);
        Assert.Equal(ok, rejection is null);
        return rejection;
    }

    [Fact]
    public void A_negative_sequence_number_is_rejected_with_its_reason()
    {
        var json = Encoding.UTF8.GetString(TelemetryCodec.Encode(Sample() with { Sequence = 7 })).Replace("\"seq\":7", "\"seq\":-5", StringComparison.Ordinal);

        var rejection = Decode(json);

        Assert.Equal(TelemetryRejectionReason.InvalidSequence, rejection?.Reason);
        Assert.Contains("seq -5 is negative", rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_trip_keeps_every_field_bit_exact()
    {
        var original = Sample();
        var bytes = TelemetryCodec.Encode(original);

        Assert.True(TelemetryCodec.TryDecode(bytes, TelemetryValidator.Default, out var decoded, out var rejection), rejection?.ToString());
        Assert.Equal(original.DeviceId, decoded!.DeviceId);
        Assert.Equal(original.FacilityId, decoded.FacilityId);
        Assert.Equal(original.Timestamp, decoded.Timestamp);
        Assert.Equal(original.Sequence, decoded.Sequence);
        Assert.Equal(original.Features, decoded.Features);
        Assert.Equal(original.Values, decoded.Values);
    }

    [Fact]
    public void Encoding_is_compact_v1_json_with_a_version_field()
    {
        var json = Encoding.UTF8.GetString(TelemetryCodec.Encode(Sample()));

        Assert.StartsWith("{\"v\":1,\"device\":\"pump-07\",\"facility\":\"plant-a\",", json, StringComparison.Ordinal);
        Assert.DoesNotContain(' ', json);
        Assert.Contains("\"seq\":42", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_values_are_missing_sensors_not_errors()
    {
        Assert.True(TelemetryCodec.TryDecode("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":1.5,"b":null}}"""u8,
            TelemetryValidator.Default, out var record, out _));
        Assert.Equal(["a"], record!.Features);
        Assert.Null(record.ValueOf("b"));
    }

    [Fact]
    public void Messages_with_the_same_observed_sensors_share_one_name_array_and_keep_their_own_values()
    {
        static TelemetryRecord Read(string values)
        {
            Assert.True(TelemetryCodec.TryDecode(Encoding.UTF8.GetBytes("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":""" + values + "}"),
                TelemetryValidator.Default, out var record, out var rejection), rejection?.Message);
            return record!;
        }

        var first = Read("""{"a":1,"b":2}""");
        var second = Read("""{"a":3,"x":null,"b":4}""");
        var third = Read("""{"a":5,"c":6}""");
        var fourth = Read("""{"a":7}""");

        Assert.Same(first.Features, second.Features);
        Assert.Equal([1f, 2f], first.Values);
        Assert.Equal([3f, 4f], second.Values);
        Assert.Equal(["a", "c"], third.Features);
        Assert.Equal([5f, 6f], third.Values);
        Assert.Equal(["a"], fourth.Features);
        Assert.Equal(["a", "b"], first.Features);
    }

    [Theory]
    [InlineData("not json", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d",""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":"yesterday","seq":1,"values":{}}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("null", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"device":"d","facility":"f","ts":1,"seq":1,"values":{}}""", TelemetryRejectionReason.UnsupportedVersion)]
    [InlineData("""{"v":2,"device":"d","facility":"f","ts":1,"seq":1,"values":{}}""", TelemetryRejectionReason.UnsupportedVersion)]
    [InlineData("""{"v":1,"facility":"f","ts":1,"seq":1,"values":{}}""", TelemetryRejectionReason.MissingField)]
    [InlineData("""{"v":1,"device":"","facility":"f","ts":1,"seq":1,"values":{}}""", TelemetryRejectionReason.MissingField)]
    [InlineData("""{"v":1,"device":"d","facility":"f","seq":1,"values":{}}""", TelemetryRejectionReason.MissingField)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"values":{}}""", TelemetryRejectionReason.MissingField)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1}""", TelemetryRejectionReason.MissingField)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{},"extra":true}""", TelemetryRejectionReason.UnknownField)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":"NaN"}}""", TelemetryRejectionReason.NonFiniteValue)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":"-Infinity"}}""", TelemetryRejectionReason.NonFiniteValue)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":1e300}}""", TelemetryRejectionReason.NonFiniteValue)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":99999999999999999,"seq":1,"values":{}}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":true}}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":"1.5"}}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":{"b":1}}}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":[1,2]}""", TelemetryRejectionReason.MalformedJson)]
    [InlineData("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":1,"a":2}}""", TelemetryRejectionReason.InvalidSensorName)]
    public void Bad_messages_are_rejected_with_the_right_reason(string json, TelemetryRejectionReason reason)
    {
        var rejection = Decode(json);

        Assert.NotNull(rejection);
        Assert.Equal(reason, rejection.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
    }

    [Fact]
    public void Rejection_messages_name_the_offending_sensor_and_field()
    {
        Assert.Contains("'a'", Decode("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":"Infinity"}}""")!.Message, StringComparison.Ordinal);
        Assert.Contains("'extra'", Decode("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{},"extra":1}""")!.Message, StringComparison.Ordinal);
        Assert.Contains("'facility'", Decode("""{"v":1,"device":"d","ts":1,"seq":1,"values":{}}""")!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_sensors_are_rejected_only_against_a_feature_list()
    {
        const string json = """{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"Pressure":1,"Humidity":2}}""";

        Assert.Null(Decode(json));
        var rejection = Decode(json, new TelemetryValidator(knownSensors: ["Pressure", "Temperature"]));
        Assert.Equal(TelemetryRejectionReason.UnknownSensor, rejection!.Reason);
        Assert.Contains("Humidity", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_payloads_and_too_many_values_are_rejected_before_use()
    {
        var limits = new TelemetryLimits(MaxPayloadBytes: 200, MaxValues: 3);
        var validator = new TelemetryValidator(limits);
        var big = Encoding.UTF8.GetBytes($$$"""{"v":1,"device":"{{{new string('d', 300)}}}","facility":"f","ts":1,"seq":1,"values":{}}""");

        Assert.False(TelemetryCodec.TryDecode(big, validator, out _, out var oversized));
        Assert.Equal(TelemetryRejectionReason.Oversized, oversized!.Reason);
        Assert.Equal(TelemetryRejectionReason.TooManyValues,
            Decode("""{"v":1,"device":"d","facility":"f","ts":1,"seq":1,"values":{"a":1,"b":2,"c":3,"e":4}}""", validator)!.Reason);
    }

    [Fact]
    public void Validator_rejects_records_built_in_process_with_non_finite_or_duplicate_sensors()
    {
        var nan = new TelemetryRecord("d", "f", T0, 1, ["a"], [float.NaN]);
        var twice = new TelemetryRecord("d", "f", T0, 1, ["a", "a"], [1f, 2f]);
        var mismatched = new TelemetryRecord("d", "f", T0, 1, ["a", "b"], [1f]);

        Assert.Equal(TelemetryRejectionReason.NonFiniteValue, TelemetryValidator.Default.Validate(nan)!.Reason);
        Assert.Equal(TelemetryRejectionReason.InvalidSensorName, TelemetryValidator.Default.Validate(twice)!.Reason);
        Assert.Equal(TelemetryRejectionReason.MalformedJson, TelemetryValidator.Default.Validate(mismatched)!.Reason);
        Assert.Null(TelemetryValidator.Default.Validate(Sample()));
    }
}
