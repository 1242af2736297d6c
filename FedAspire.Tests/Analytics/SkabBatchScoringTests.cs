using FedAspire.Analytics.Commands;
using FedAspire.Core.Data;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Analytics;

/// <summary>
/// The batch-scoring verb on real pump data with SKAB's protocol: the first 400 rows of every valve1 experiment train the model
/// (normal operation), the remaining rows of all 16 experiments are scored against their labels.
/// </summary>
[Trait("Area", "Topology")]
public sealed class SkabBatchScoringTests : IDisposable
{
    private static readonly string[] Features =
        ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS"];

    private readonly string _dir = Directory.CreateTempSubdirectory("fedaspire-skab-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string? SkabRoot()
    {
        var skab = Path.Combine(DatasetLocator.DatasetsRoot(Environment.GetEnvironmentVariable("FEDASPIRE_DATASETS")), "skab");
        return Directory.Exists(skab) ? skab : null;
    }

    [Fact]
    public async Task A_model_trained_on_the_first_rows_of_each_valve_experiment_ranks_anomalies_above_normal_readings()
    {
        if (SkabRoot() is not { } skab) { Assert.Skip("SKAB dataset not found (set FEDASPIRE_DATASETS or place it at ../shared/datasets/skab)."); return; }
        const int trainingRows = 400;
        var train = new List<string>();
        var test = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(skab, "valve1"), "*.csv").Order(StringComparer.Ordinal))
        {
            var lines = (await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)).Where(l => l.Trim().Length > 0).ToArray();
            if (train.Count == 0) { train.Add(lines[0]); test.Add(lines[0]); }
            train.AddRange(lines.Skip(1).Take(trainingRows));
            test.AddRange(lines.Skip(1 + trainingRows));
        }
        var trainPath = Path.Combine(_dir, "train.csv");
        var testPath = Path.Combine(_dir, "test.csv");
        await File.WriteAllLinesAsync(trainPath, train, TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(testPath, test, TestContext.Current.CancellationToken);
        var normal = SensorCsv.Read(trainPath, Features, null, null);
        var statistics = new NormalizationStatistics(Features.Length);
        statistics.Observe(normal.Values, normal.Mask);
        var normalization = statistics.ToNormalization();
        var spec = ModelSpec.DenseAutoencoder(Features, [16, 4, 16], Activation.Tanh);
        var model = Autoencoder.Create(spec, seed: 1);
        var training = SampleSet.FromRaw(normal.Values, normal.Mask, spec.InputSize, normalization);
        new LocalTrainer(model, new TrainingOptions(Epochs: 20, BatchSize: 64, LearningRate: 3e-3f, Seed: 1)).Train(training, cancellationToken: TestContext.Current.CancellationToken);
        var trainingScores = new float[training.Count];
        model.Score(training, trainingScores);
        float threshold = AnomalyThreshold.Quantile(trainingScores, 0.99);
        var modelPath = Path.Combine(_dir, "pumps.onnx");
        OnnxExporter.ExportToFile(spec, model.Parameters, normalization, new OnnxExportMetadata("pumps", 1, 1, threshold), modelPath);
        var output = Path.Combine(_dir, "valve1.scores.csv");
        using var log = new StringWriter();

        int exit = await ScoreCommand.RunAsync(ScoreCommandOptions.Parse(
            ["--model", modelPath, "--input", testPath, "--output", output, "--label-column", "anomaly"]), log);

        Assert.Equal(0, exit);
        TestContext.Current.SendDiagnosticMessage(log.ToString());
        var metricsJson = await File.ReadAllTextAsync(Path.ChangeExtension(output, ".metrics.json"), TestContext.Current.CancellationToken);
        using var metrics = System.Text.Json.JsonDocument.Parse(metricsJson);
        Assert.True(metrics.RootElement.GetProperty("rocAuc").GetDouble() > 0.5, metricsJson);
    }
}
