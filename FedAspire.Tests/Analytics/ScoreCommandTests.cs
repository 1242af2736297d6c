using System.Globalization;
using FedAspire.Analytics.Commands;
using FedAspire.Analytics.Scoring;
using FedAspire.Tests.Onnx;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fedaspire-score-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scores_a_csv_through_ml_net_and_reports_detection_metrics()
    {
        var spec = AnalyticsModels.Bearing();
        var parameters = AnalyticsModels.Parameters(spec, seed: 4);
        var model = Path.Combine(_dir, "m.onnx");
        await File.WriteAllBytesAsync(model, AnalyticsModels.Export(spec, parameters, 3, threshold: 0.5f), TestContext.Current.CancellationToken);
        var random = new Random(9);
        var lines = new List<string> { "datetime;" + string.Join(';', AnalyticsModels.BearingFeatures) + ";anomaly" };
        var raw = new List<float>();
        var mask = new List<float>();
        for (int row = 0; row < 40; row++)
        {
            var cells = new string[8];
            for (int f = 0; f < 8; f++)
            {
                bool missing = (row + f) % 7 == 0;
                float v = (float)Math.Round(random.NextDouble() * (row % 5 == 0 ? 12 : 1), 3);
                cells[f] = missing ? "" : v.ToString(CultureInfo.InvariantCulture);
                raw.Add(missing ? 0 : v);
                mask.Add(missing ? 0 : 1);
            }
            lines.Add($"2026-11-23 12:00:{row:D2};{string.Join(';', cells)};{(row % 5 == 0 ? "1.0" : "0.0")}");
        }
        var input = Path.Combine(_dir, "x.csv");
        var output = Path.Combine(_dir, "out", "scores.csv");
        await File.WriteAllLinesAsync(input, lines, TestContext.Current.CancellationToken);
        using var log = new StringWriter();

        int exit = await ScoreCommand.RunAsync(ScoreCommandOptions.Parse(["--model", model, "--input", input, "--output", output, "--label-column", "anomaly"]), log);

        Assert.Equal(0, exit);
        var rows = (await File.ReadAllLinesAsync(output, TestContext.Current.CancellationToken)).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(40, rows.Length);
        var scores = rows.Select(r => float.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        var expected = new ReferenceAutoencoder(spec, parameters, AnalyticsModels.Normalization(8)).Run(raw.ToArray(), mask.ToArray(), 40).Scores;
        ParityTolerance.AssertClose(expected, scores, _ => 1, ParityTolerance.AbsoluteScore, "score");
        Assert.All(rows, r => Assert.Equal(float.Parse(r[1], CultureInfo.InvariantCulture) > 0.5f ? "1" : "0", r[2]));

        var summary = ScoreCommand.Metrics(scores, rows.Select(r => r[3] == "1").ToArray(), 0.5f);
        Assert.Equal(8, summary.TruePositives + summary.FalseNegatives);
        Assert.Contains("metrics: precision", log.ToString(), StringComparison.Ordinal);
        var metrics = await File.ReadAllTextAsync(Path.ChangeExtension(output, ".metrics.json"), TestContext.Current.CancellationToken);
        Assert.Contains($"\"truePositives\":{summary.TruePositives}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_leave_out_rows_without_a_score()
    {
        var s = ScoreCommand.Metrics([float.NaN, 0.9f, 0.8f, 0.1f, 0.2f, 0.7f], [true, true, false, false, true, true], 0.5f);

        Assert.Equal((2, 1, 1, 1), (s.TruePositives, s.FalsePositives, s.TrueNegatives, s.FalseNegatives));
        Assert.Equal(1.0 / 3, s.MissedAlarmRate, 12);
    }

    [Fact]
    public async Task The_verbs_exit_2_on_bad_input_and_leave_host_overrides_to_the_service()
    {
        Assert.Equal(2, await AnalyticsCommands.TryRunAsync(["score", "--input", "x"]));
        Assert.Equal(2, await AnalyticsCommands.TryRunAsync(["score", "--model", Path.Combine(_dir, "missing.onnx"), "--input", "x", "--output", "o", "--threshold", "abc"]));
        Assert.Equal(2, await AnalyticsCommands.TryRunAsync(["frobnicate"]));
        Assert.Null(await AnalyticsCommands.TryRunAsync(["FedAspire:Analytics:PollInterval=00:00:01"]));
        Assert.Null(await AnalyticsCommands.TryRunAsync(["--urls", "http://127.0.0.1:0"]));
    }

    [Fact]
    public void Bad_options_and_inputs_say_what_is_wrong()
    {
        Assert.Contains("--model", Assert.Throws<UsageException>(() => ScoreCommandOptions.Parse(["--input", "x"])).Message, StringComparison.Ordinal);
        Assert.Contains("--bogus", Assert.Throws<UsageException>(() => ScoreCommandOptions.Parse(["--model", "m", "--input", "x", "--output", "o", "--bogus", "1"])).Message, StringComparison.Ordinal);

        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(csv, ["a,b", "1,2", "3,oops"]);
        var bad = Assert.Throws<UsageException>(() => SensorCsv.Read(csv, ["a", "b"], null, null));
        Assert.Contains(":3: column 'b' holds 'oops'", bad.Message, StringComparison.Ordinal);
        Assert.Contains("none of the model's features", Assert.Throws<UsageException>(() => SensorCsv.Read(csv, ["x"], null, null)).Message, StringComparison.Ordinal);
    }
}
