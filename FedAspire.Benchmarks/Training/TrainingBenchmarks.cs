using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FedAspire.Core.Learning;

namespace FedAspire.Benchmarks.Training;

/// <summary>
/// Single-threaded local training and scoring throughput of the three reference autoencoders (Adam, lr 1e-3), per sample.
/// Compare with <c>python3 FedAspire.Benchmarks/peer/torch_training_peer.py</c> (PyTorch, one thread, same models and batches).
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*TrainingBenchmarks*'</c>.
/// Each invocation is one shuffled epoch over <see cref="SamplesPerEpoch"/> samples (no before/after evaluation), so the reported
/// time is per sample; the Samples/s and GFLOP/s columns are derived from it.
/// </remarks>
[Config(typeof(Config))]
public class TrainingBenchmarks
{
    /// <summary>Samples per epoch for every model (a constant because OperationsPerInvoke must be one).</summary>
    public const int SamplesPerEpoch = 16384;

    private LocalTrainer _trainer = null!;
    private SampleSet _data = null!;
    private SplitMix64 _random = null!;
    private float[] _scores = null!;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = TrainingModels.Names[0];

    public static IEnumerable<string> Models => TrainingModels.Names;

    [GlobalSetup]
    public void Setup()
    {
        var (spec, batch) = TrainingModels.Create(Model);
        var random = new Random(42);
        var values = new float[SamplesPerEpoch * spec.InputSize];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        _data = new SampleSet(values, null, spec.InputSize);
        _trainer = new LocalTrainer(Autoencoder.Create(spec, 1), new TrainingOptions(BatchSize: batch, LearningRate: 1e-3f, Optimizer: OptimizerKind.Adam));
        _random = new SplitMix64(7);
        _scores = new float[SamplesPerEpoch];
    }

    /// <summary>One epoch of mini-batch Adam: gather, forward, masked MSE, backward, Adam step, weight repack.</summary>
    [Benchmark(OperationsPerInvoke = SamplesPerEpoch)]
    public int TrainEpoch() => _trainer.TrainEpoch(_data, _random);

    /// <summary>Forward pass and per-sample score (what scoring a stream costs).</summary>
    [Benchmark(OperationsPerInvoke = SamplesPerEpoch)]
    public float Score()
    {
        _trainer.Model.Score(_data, _scores);
        return _scores[0];
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn(gigaflops: false), new ThroughputColumn(gigaflops: true));
            SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithMaxParameterColumnWidth(32);
        }
    }
}
