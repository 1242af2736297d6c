using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FedAspire.Core.Learning;
using FedAspire.Core.Learning.Network;
using FedAspire.Core.Learning.Optimizers;

namespace FedAspire.Benchmarks.Training;

/// <summary>
/// Where one <see cref="TrainingBenchmarks.TrainEpoch"/> step's time goes, phase by phase, per sample: gather (with the next batch
/// prefetched, as the trainer does), forward, loss gradient, backward, Adam and the weight repack.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project FedAspire.Benchmarks -- --filter '*TrainingPhaseBenchmarks*' --job short</c>.
/// Each phase repeats on one loaded batch (gather walks a shuffled epoch), so the phases sum to a little less than a TrainEpoch sample.
/// </remarks>
[Config(typeof(Config))]
public unsafe class TrainingPhaseBenchmarks
{
    /// <summary>Samples per batch, the same for every model here (OperationsPerInvoke must be a constant).</summary>
    public const int Batch = 64;

    private BatchNetwork _network = null!;
    private ParameterOptimizer _optimizer = null!;
    private SampleSet _data = null!;
    private PinnedBuffer _parameters = null!, _gradient = null!;
    private int[] _order = null!;
    private int _next;

    [ParamsSource(nameof(Models))]
    public string Model { get; set; } = TrainingModels.Names[1];

    /// <summary>The benchmark models trained with batches of <see cref="Batch"/>.</summary>
    public static IEnumerable<string> Models => TrainingModels.Names.Where(name => TrainingModels.Create(name).BatchSize == Batch);

    [GlobalSetup]
    public void Setup()
    {
        var (spec, batch) = TrainingModels.Create(Model);
        var random = new Random(42);
        var values = new float[TrainingBenchmarks.SamplesPerEpoch * spec.InputSize];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        _data = new SampleSet(values, null, spec.InputSize);
        var model = Autoencoder.Create(spec, 1);
        _parameters = new PinnedBuffer(model.Parameters.Length);
        model.Parameters.CopyTo(_parameters.Span);
        _gradient = new PinnedBuffer(model.Parameters.Length);
        _optimizer = ParameterOptimizer.Create(new TrainingOptions(BatchSize: batch), model.Parameters.Length);
        _order = Enumerable.Range(0, TrainingBenchmarks.SamplesPerEpoch).ToArray();
        new SplitMix64(7).Shuffle(_order);
        _network = new BatchNetwork(model.Layout, batch);
        _network.LoadParameters(_parameters.Span);
        _network.LoadBatch(_data, _order.AsSpan(0, batch));
        _network.Forward();
        _network.OutputGradient();
        _network.Backward(_parameters.Pointer, _gradient.Pointer);
    }

    /// <summary>Copies the next shuffled batch in and prefetches the one after.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Gather()
    {
        _network.LoadBatch(_data, _order.AsSpan(_next, Batch));
        _next = (_next + Batch) % (_order.Length - 2 * Batch);
        _network.Prefetch(_data, _order.AsSpan(_next, Batch));
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Forward() => _network.Forward();

    [Benchmark(OperationsPerInvoke = Batch)]
    public double Loss() => _network.OutputGradient();

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Backward() => _network.Backward(_parameters.Pointer, _gradient.Pointer);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Adam() => _optimizer.Step(_parameters.Span, _gradient.Span);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Pack() => _network.LoadParameters(_parameters.Span);

    private sealed class Config : ManualConfig
    {
        public Config() => SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithMaxParameterColumnWidth(32);
    }
}
