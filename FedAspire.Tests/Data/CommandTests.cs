using FedAspire.Core.Data;
using FedAspire.Lab.Commands;
using FedAspire.Devices.Simulation;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class CommandTests
{
    [Fact]
    public async Task Generate_partition_and_heterogeneity_verbs_write_their_outputs()
    {
        var dir = TestData.TempDirectory();
        var csv = Path.Combine(dir, "plant.csv");
        var part = Path.Combine(dir, "partition");

        Assert.Equal(0, await CliCommands.RunAsync(["generate", "--rows", "3000", "--seed", "4", "--failure-days", "0.7", "--recovery-hours", "3", "--prefailure-hours", "4", "--out", csv], CancellationToken.None));
        Assert.Equal(0, await CliCommands.RunAsync(["partition", "--input", csv, "--format", "pump", "--realistic", "--block", "20", "--out", part], CancellationToken.None));
        Assert.Equal(0, await CliCommands.RunAsync(["heterogeneity", "--partition", part, "--sensors-plotted", "2"], CancellationToken.None));

        Assert.Equal(5, Directory.GetFiles(part, "client_*.csv").Length);
        Assert.True(File.Exists(Path.Combine(part, "client_metadata.json")));
        Assert.True(File.Exists(Path.Combine(part, "heterogeneity.json")));
        var pngs = Directory.GetFiles(part, "*.png");
        Assert.Equal(7, pngs.Length);
        Assert.All(pngs, p => Assert.True(new FileInfo(p).Length > 5_000, p));
        var report = File.ReadAllText(Path.Combine(part, "report.md"));
        Assert.Contains("![", report, StringComparison.Ordinal);
        Assert.Contains("heatmap_label_js.png", report, StringComparison.Ordinal);
        Assert.Contains("Jensen-Shannon", report, StringComparison.Ordinal);

        // A client CSV keeps the pump schema under any name: without --format the header decides, so its labels survive.
        var input = new InputTableOptions();
        var read = new System.CommandLine.Command("read");
        input.AddTo(read);
        var (client, source) = input.Load(read.Parse(["--input", Path.Combine(part, "client_1.csv")]));
        Assert.Contains("pump schema", source, StringComparison.Ordinal);
        Assert.NotNull(client.Labels);
    }

    [Fact]
    public async Task Unlabelled_generic_csv_partitions_and_reports_without_label_figures()
    {
        var dir = TestData.TempDirectory();
        var csv = Path.Combine(dir, "motes.csv");
        var lines = new List<string> { "time,temp,humidity" };
        for (int i = 0; i < 600; i++)
            lines.Add($"2004-03-01 {i / 60:00}:{i % 60:00}:00,{20 + i % 7 + (i > 300 ? 5 : 0)},{(i % 13 == 0 ? "" : (40 + i % 11).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        File.WriteAllLines(csv, lines);
        var part = Path.Combine(dir, "partition");

        Assert.Equal(0, await CliCommands.RunAsync(["partition", "--input", csv, "--format", "csv", "--timestamp-column", "time", "--strategy", "temporal", "--clients", "3", "--out", part], CancellationToken.None));
        Assert.Equal(0, await CliCommands.RunAsync(["heterogeneity", "--partition", part, "--out", Path.Combine(dir, "report")], CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(dir, "report", "label_mix.png")));
        Assert.True(File.Exists(Path.Combine(dir, "report", "heatmap_wasserstein1.png")));
        Assert.Contains("temporal", File.ReadAllText(Path.Combine(dir, "report", "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Heatmaps_draw_pairs_without_shared_sensors_as_not_available()
    {
        var path = Path.Combine(TestData.TempDirectory(), "h.png");
        FedAspire.Lab.Reports.HeterogeneityPlots.Heatmap(["a", "b", "c"], [[0, double.NaN, 0.5], [double.NaN, 0, 0.2], [0.5, 0.2, 0]], "test", path);
        Assert.True(new FileInfo(path).Length > 5_000);
    }

    [Fact]
    public async Task Typos_and_bad_values_are_reported_not_ignored()
    {
        Assert.Equal(2, await CliCommands.RunAsync(["generate", "--rows", "10", "--sed", "4"], CancellationToken.None));
        Assert.Equal(2, await CliCommands.RunAsync(["partition", "--strategy", "random"], CancellationToken.None));
        Assert.Equal(2, await CliCommands.RunAsync(["heterogeneity", "--partition", Path.Combine(TestData.TempDirectory(), "nothing")], CancellationToken.None));
    }

    [Theory]
    [InlineData("generate --sed 4", "--sed")]
    [InlineData("generate --rows many", "many")]
    [InlineData("generate --variant motes --out x --rows 10", "--rows does not apply to --variant")]
    [InlineData("generate --variant nope --out x", "nope")]
    [InlineData("partition --quantity 0.5,x", "--quantity: 'x' is not a number")]
    [InlineData("experiment --out x", "--scenario")]
    [InlineData("simulate --kafka a:1 --out b", "either --kafka or --out")]
    [InlineData("remote-facility --facility f --federation-url ftp://x --api-key k", "not an http(s) URL")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task Bad_input_exits_2_with_one_line_naming_what_is_wrong(string line, string expected)
    {
        var (code, error) = await CliRun.CapturingErrorsAsync(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generate --sed 4", "--seed")]
    [InlineData("partiton --out x", "partition")]
    [InlineData("experiment --scenaro x", "--scenario")]
    public async Task A_typo_gets_the_option_or_verb_it_meant(string line, string meant)
    {
        var (code, error) = await CliRun.CapturingErrorsAsync(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains("Did you mean", error, StringComparison.Ordinal);
        Assert.Contains(meant, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirected_progress_is_plain_lines_and_the_steps_result_comes_back()
    {
        var (result, output) = await CliRun.CapturingOutputAsync(() => CliProgress.Run("step", p =>
        {
            ((IProgress<double>)p).Report(0.25);
            ((IProgress<string>)p).Report("halfway");
            ((IProgress<double>)p).Report(0.5);
            return 7;
        }));
        Assert.Equal(7, result);
        Assert.Equal(["  step: 20%", "  step: halfway", "  step: 50%"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Help_exits_0_and_the_silo_points_a_verb_to_the_lab()
    {
        Assert.Equal(0, (await CliRun.CapturingErrorsAsync("help")).Code);
        Assert.Equal(0, (await CliRun.CapturingErrorsAsync()).Code);
        Assert.Equal(0, (await CliRun.CapturingErrorsAsync("partition", "--help")).Code);
        // A configuration override is not a verb of the lab (the silo, FedAspire.Devices, takes those).
        Assert.Equal(2, (await CliRun.CapturingErrorsAsync("FedAspire:Federation:Rounds=3")).Code);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("1e300")]
    public async Task Simulate_exits_2_on_a_non_finite_cell_and_names_its_file_line_and_column(string cell)
    {
        // The committed sample's header and first two rows, with sensor_00 (column 2) of the second row replaced.
        var lines = File.ReadLines(Path.Combine(TestData.RepositoryRoot, "data", "pump-plant-sample.csv")).Take(3).ToArray();
        var fields = lines[2].Split(',');
        fields[1] = cell;
        lines[2] = string.Join(',', fields);
        var csv = Path.Combine(TestData.TempDirectory(), "bad.csv");
        await File.WriteAllLinesAsync(csv, lines, TestContext.Current.CancellationToken);

        Assert.Equal(2, await CliCommands.RunAsync(["simulate", "--source", csv, "--records", "1"], CancellationToken.None));
        var e = Assert.Throws<DataFormatException>(() => ReplayTables.Load(csv));
        Assert.Equal((3L, 2), (e.Line, e.Column));
        Assert.Contains(csv, e.Message, StringComparison.Ordinal);
    }
}
