using System.Text;
using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

public sealed class DeadLetterCodecTests
{
    [Fact]
    public void The_envelope_keeps_reason_message_time_and_the_exact_bytes()
    {
        byte[] payload = [0xff, 0x00, (byte)'{', 0x80];
        var letter = new DeadLetter("pump-1", payload, new TelemetryRejection(TelemetryRejectionReason.NonFiniteValue, "values.flow: NaN"),
            DateTimeOffset.FromUnixTimeMilliseconds(1_732_358_400_123));

        var back = DeadLetterCodec.Decode("pump-1", DeadLetterCodec.Encode(letter));

        Assert.Equal(letter.Payload, back.Payload);
        Assert.Equal(letter.Rejection, back.Rejection);
        Assert.Equal(letter.At, back.At);
        Assert.Equal("pump-1", back.Key);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"v\":2,\"reason\":\"MalformedJson\",\"message\":\"m\",\"rejectedAt\":1,\"payload\":\"\"}", "envelope version 2")]
    [InlineData("{\"v\":1,\"reason\":\"Nope\",\"message\":\"m\",\"rejectedAt\":1,\"payload\":\"\"}", "unknown reason 'Nope'")]
    [InlineData("{\"v\":1,\"reason\":\"MalformedJson\",\"rejectedAt\":1,\"payload\":\"\"}", "field 'message' is missing")]
    [InlineData("{\"v\":1,\"reason\":\"MalformedJson\",\"message\":\"m\",\"rejectedAt\":1,\"payload\":\"%%\"}", "dead letter:")]
    [InlineData("{broken", "dead letter:")]
    public void Bad_envelopes_are_refused_saying_what_is_wrong(string value, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => DeadLetterCodec.Decode(null, Encoding.UTF8.GetBytes(value)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
