using FedAspire.Devices.Commands;

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

        Assert.Equal(0, await CliCommands.TryRunAsync(["generate", "--rows", "3000", "--seed", "4", "--failure-days", "0.7", "--recovery-hours", "3", "--prefailure-hours", "4", "--out", csv], CancellationToken.None));
        Assert.Equal(0, await CliCommands.TryRunAsync(["partition", "--input", csv, "--format", "pump", "--realistic", "--block", "20", "--out", part], CancellationToken.None));
        Assert.Equal(0, await CliCommands.TryRunAsync(["heterogeneity", "--partition", part, "--sensors-plotted", "2"], CancellationToken.None));

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
    }

    [Fact]
    public async Task Typos_and_bad_values_are_reported_not_ignored()
    {
        Assert.Equal(2, await CliCommands.TryRunAsync(["generate", "--rows", "10", "--sed", "4"], CancellationToken.None));
        Assert.Equal(2, await CliCommands.TryRunAsync(["partition", "--strategy", "random"], CancellationToken.None));
        Assert.Equal(2, await CliCommands.TryRunAsync(["heterogeneity", "--partition", Path.Combine(TestData.TempDirectory(), "nothing")], CancellationToken.None));
    }
}
