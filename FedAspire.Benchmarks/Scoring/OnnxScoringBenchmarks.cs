using FedAspire.Scoring;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Telemetry;

namespace FedAspire.Benchmarks.Scoring;

/// <summary>
/// ONNX Runtime scoring throughput of the bearing autoencoder (8-16-4-16-8) on one core (one intra-op thread): batch 1 vs 1024.
/// Each operation scores <see cref="Records"/> records, so BenchmarkDotNet's time per operation is the time per record
/// and records/s per core = 1 / Mean. <c>MapAndScore</c> adds mapping named telemetry records into the batch (the streaming path).
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet releases the session in [GlobalCleanup].")]
public class OnnxScoringBenchmarks
{
    /// <summary>Records per benchmark operation.</summary>
    public const int Records = 16_384;

    private static readonly string[] Features = ["b1x", "b1y", "b2x", "b2y", "b3x", "b3y", "b4x", "b4y"];

    private OnnxScorer _scorer = null!;
    private ScoringBatch _batch = null!;
    private FeatureMapper _mapper = null!;
    private TelemetryRecord[] _records = null!;

    /// <summary>Samples per ONNX Runtime run.</summary>
    [Params(1, 1024)]
    public int BatchSize { get; set; }

    /// <summary>Exports a seeded bearing model and fills the buffers with readings.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spec = ModelSpec.DenseAutoencoder(Features, [16, 4, 16], Activation.Tanh);
        var random = new Random(42);
        var parameters = new float[new ParameterLayout(spec).ParameterCount];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5);
        var onnx = OnnxExporter.Export(spec, parameters, FeatureNormalization.Identity(Features.Length), new OnnxExportMetadata("bearings", 1, 1, 1f));
        _scorer = new OnnxScorer(onnx, intraOpThreads: 1);
        _batch = _scorer.CreateBatch(BatchSize);
        for (int i = 0; i < _batch.Values.Length; i++) _batch.Values[i] = (float)random.NextDouble();
        _batch.Mask.AsSpan().Fill(1f);
        _mapper = new FeatureMapper(Features);
        _records = new TelemetryRecord[Records];
        for (int r = 0; r < Records; r++)
        {
            var values = new float[Features.Length];
            for (int f = 0; f < values.Length; f++) values[f] = (float)random.NextDouble();
            _records[r] = new TelemetryRecord($"bearing-{r % 4}", "ims", DateTimeOffset.UnixEpoch.AddSeconds(r), r, Features, values);
        }
    }

    /// <summary>Releases the ONNX session.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _batch.Dispose();
        _scorer.Dispose();
    }

    /// <summary>Scores pre-filled buffers: ONNX Runtime cost per record.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public float Score()
    {
        for (int done = 0; done < Records; done += BatchSize) _scorer.Score(_batch, Math.Min(BatchSize, Records - done));
        return _batch.Scores[0];
    }

    /// <summary>Maps named records into the batch, then scores: the streaming worker's cost per record.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public float MapAndScore()
    {
        int count = 0;
        for (int r = 0; r < Records; r++)
        {
            _mapper.Map(_records[r], _batch.ValuesOf(count), _batch.MaskOf(count));
            if (++count == BatchSize)
            {
                _scorer.Score(_batch, count);
                count = 0;
            }
        }
        if (count > 0) _scorer.Score(_batch, count);
        return _batch.Scores[0];
    }
}
