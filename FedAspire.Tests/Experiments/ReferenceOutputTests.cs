using System.Globalization;
using System.Text;
using System.Text.Json;
using FedAspire.Core.Data;
using FedAspire.Devices.Scenarios;
using FedAspire.Lab.Commands;
using FedAspire.Tests.Federation;

namespace FedAspire.Tests.Experiments;

/// <summary>
/// The standing comparison with the previous code: a seeded experiment's every number (metrics.json: losses, thresholds, per-round
/// and per-participant detection figures of every arm) must equal the reference recorded in the repository. A refactor that means
/// to change nothing fails here if it does; a change that means to move the numbers re-records the reference in the same commit,
/// so the diff shows what moved.
/// </summary>
[Trait("Area", "Federation")]
public sealed class ReferenceOutputTests
{
    /// <summary>Set to 1 to re-record the reference file from this build's output instead of comparing with it.</summary>
    public const string UpdateVariable = "FEDASPIRE_UPDATE_REFERENCE";

    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    private static string ReferencePath => Path.Combine(Root, "FedAspire.Tests", "Experiments", "Reference", "tiny-pump.metrics.txt");

    [Fact]
    public async Task A_seeded_experiment_reproduces_the_recorded_reference_numbers()
    {
        using var temp = new TempDirectory();
        var scenario = ExperimentRunTests.TinyPump();
        ScenarioFile.Validate(scenario, "test");
        await ExperimentCommand.RunAsync(scenario, Root, temp.Path, "test", _ => { }, TestContext.Current.CancellationToken);
        var actual = Flatten(File.ReadAllText(Path.Combine(temp.Path, "metrics.json")));

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ReferencePath)!);
            File.WriteAllText(ReferencePath, Render(actual));
            return;
        }
        Assert.True(File.Exists(ReferencePath), $"No reference at {ReferencePath}; record it with {UpdateVariable}=1.");
        var expected = Parse(File.ReadAllLines(ReferencePath));
        var problems = new List<string>();
        foreach (var key in expected.Keys.Except(actual.Keys, StringComparer.Ordinal)) problems.Add($"{key}: in the reference, missing now");
        foreach (var key in actual.Keys.Except(expected.Keys, StringComparer.Ordinal)) problems.Add($"{key}: new, not in the reference");
        foreach (var (key, e) in expected)
            if (actual.TryGetValue(key, out var a) && !Close(e, a)) problems.Add($"{key}: reference {e}, now {a}");
        Assert.True(problems.Count == 0,
            $"{problems.Count} outputs differ from {ReferencePath} (first 20 below). If the change is intended, re-record with " +
            $"{UpdateVariable}=1 dotnet test FedAspire.Tests -c Release --filter \"FullyQualifiedName~ReferenceOutputTests\" and commit the diff.\n" +
            string.Join('\n', problems.Take(20)));
    }

    [Fact]
    public void The_comparison_tolerates_last_bit_noise_and_nothing_more()
    {
        // Different CPUs take different SIMD paths (a sum of 8 or 16 lanes rounds differently), so the last bits may move; one
        // window crossing a threshold moves a count by one in a thousand. Anything larger is a change.
        Assert.True(Close(0.123456789, 0.123456789 * (1 + 1e-6)));
        Assert.True(Close(1000, 1001));
        Assert.False(Close(0.8123, 0.8163));
        Assert.False(Close(100, 102));
        Assert.False(Close(double.NaN, 0));
        Assert.True(Close(double.NaN, double.NaN));
        Assert.Equal(new Dictionary<string, double> { ["a.b[0]"] = 1.5, ["a.c"] = double.NaN, ["d"] = 1 },
            Flatten("""{"a":{"b":[1.5],"c":null,"s":"text"},"d":true}"""));
    }

    private static bool Close(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) <= 1e-3 * Math.Abs(expected) + 1e-3;

    /// <summary>Every number (null = NaN, booleans as 0/1) of a JSON document by its path; strings are left out (names, notes).</summary>
    private static Dictionary<string, double> Flatten(string json)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement, "", result);
        return result;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, double> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", into);
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray()) Walk(item, $"{path}[{i++}]", into);
                break;
            case JsonValueKind.Number: into[path] = e.GetDouble(); break;
            case JsonValueKind.Null: into[path] = double.NaN; break;
            case JsonValueKind.True: into[path] = 1; break;
            case JsonValueKind.False: into[path] = 0; break;
        }
    }

    private static string Render(Dictionary<string, double> values)
    {
        var text = new StringBuilder("# metrics.json of ExperimentRunTests.TinyPump (seed 5), one number per line; re-record with ")
            .Append(UpdateVariable).Append("=1 (ReferenceOutputTests).\n");
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private static Dictionary<string, double> Parse(IEnumerable<string> lines) =>
        lines.Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
