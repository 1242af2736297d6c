using BenchmarkDotNet.Attributes;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Simulation;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// Decoding schema v1 as the Kafka consumer does (JSON → validated <see cref="TelemetryRecord"/>): <see cref="Records"/> messages of
/// 1,000 simulated pumps (52 sensors, missing values left out) per operation; the reported time is per record.
/// </summary>
[MemoryDiagnoser]
public class TelemetryCodecBenchmarks
{
    /// <summary>Messages per benchmark operation.</summary>
    public const int Records = 10_000;

    private byte[][] _payloads = null!;

    /// <summary>Encodes the pump sample's first records.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (tables, _) = ReplayTables.Load(null);
        var replay = new TelemetryReplay(tables, devices: 1000, facilities: 4, DateTimeOffset.UnixEpoch);
        _payloads = new byte[Records][];
        for (int i = 0; i < Records; i++) _payloads[i] = TelemetryCodec.Encode(replay.Next());
    }

    /// <summary>Decodes and validates every message; returns the number of sensor values read so nothing is optimized away.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public int Decode()
    {
        int values = 0;
        foreach (var payload in _payloads)
        {
            if (!TelemetryCodec.TryDecode(payload, TelemetryValidator.Default, out var record, out var rejection))
                throw new InvalidOperationException(rejection!.Message);
            values += record!.Count;
        }
        return values;
    }
}
