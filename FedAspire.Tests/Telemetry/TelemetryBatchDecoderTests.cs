using System.Text;
using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class TelemetryBatchDecoderTests
{
    private static byte[][] Messages(int count, out HashSet<int> poison)
    {
        poison = [];
        var payloads = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            // Every 97th message is poison; sensors vary so name arrays are both shared and not.
            if (i % 97 == 5)
            {
                poison.Add(i);
                payloads[i] = Encoding.UTF8.GetBytes($$$"""{"v":1,"device":"pump-{{{i % 13}}}","facility":"f","ts":1,"seq":{{{i}}},"values":{"a":"NaN"}}""");
                continue;
            }
            string[] names = i % 3 == 0 ? ["a", "b", "c"] : ["a", "c"];
            payloads[i] = TelemetryCodec.Encode(new TelemetryRecord($"pump-{i % 13}", "plant-a", DateTimeOffset.UnixEpoch.AddSeconds(i), i,
                names, names.Select((_, k) => i + k * 0.25f).ToArray()));
        }
        return payloads;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Results_land_at_their_message_index_whatever_the_parallelism(int parallelism)
    {
        const int Count = 5000;
        var payloads = Messages(Count, out var poison);
        var records = new TelemetryRecord?[Count + 10];
        var rejections = new TelemetryRejection?[Count + 10];

        TelemetryBatchDecoder.DecodeAll(payloads, Count, TelemetryValidator.Default, records, rejections, parallelism);

        for (int i = 0; i < Count; i++)
        {
            if (poison.Contains(i))
            {
                Assert.Null(records[i]);
                Assert.Equal(TelemetryRejectionReason.NonFiniteValue, rejections[i]!.Reason);
                Assert.Contains($"seq {i}", rejections[i]!.Message, StringComparison.Ordinal);
                continue;
            }
            Assert.Null(rejections[i]);
            Assert.Equal(i, records[i]!.Sequence);
            Assert.Equal($"pump-{i % 13}", records[i]!.DeviceId);
            Assert.Equal(i + 0.25f, records[i]!.Values[1]);
        }
        Assert.Null(records[Count]);
    }

    [Fact]
    public void A_count_beyond_the_output_arrays_is_refused()
    {
        var payloads = Messages(10, out _);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TelemetryBatchDecoder.DecodeAll(payloads, 10, TelemetryValidator.Default, new TelemetryRecord?[5], new TelemetryRejection?[10], 2));
    }
}
