using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Data;
using FedAspire.Core.Federation;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Federation;
using FedAspire.Tests.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FedAspire.Tests.Federation;

/// <summary>
/// <c>FedAspire:Federation:*</c> on the live silo host (as <c>Program.cs</c> builds it): strategy knobs change what it publishes,
/// documented names work, bad values stop start-up naming their key, and the docs' settings table lists only real settings.
/// </summary>
[Trait("Area", "Federation")]
public sealed partial class FederationSettingsTests
{
    private static string Root => DatasetLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests must run inside the repository.");

    [Fact]
    public async Task Server_learning_rate_set_in_configuration_changes_the_live_silos_published_model()
    {
        var slow = await FirstPublishedModelAsync(new() { ["FedAspire:Federation:Strategy:Name"] = "fedadam", ["FedAspire:Federation:Strategy:ServerLearningRate"] = "0.001" });
        var fast = await FirstPublishedModelAsync(new() { ["FedAspire:Federation:Strategy"] = "fedadam", ["FedAspire:Federation:Strategy:ServerLearningRate"] = "0.5" });
        Assert.Equal("fedadam", slow.Strategy);
        Assert.Equal("fedadam", fast.Strategy);
        // Same seed, data and initial model, so the clients' first updates are the same: only the server step differs. FedAdam's
        // first step is about eta * sign(delta) per coordinate, so the two models lie about 0.5 apart where the clients moved.
        double apart = fast.Published.Zip(slow.Published, (a, b) => Math.Abs((double)a - b)).Average();
        Assert.InRange(apart, 0.01, 1.0);
    }

    [Theory]
    [InlineData("trimmed-mean", "trimmed-mean")]
    [InlineData("multi-krum", "multi-krum")]
    [InlineData("trimmedmean", "trimmed-mean")]
    [InlineData("MultiKrum", "multi-krum")]
    public void Documented_strategy_names_and_old_spellings_bind_to_the_canonical_strategy(string configured, string expected)
    {
        var options = new FederationOptions().Bind(Config(new() { ["FedAspire:Federation:Strategy"] = configured }));
        Assert.Empty(FederationOptionsValidator.Problems(options, null));
        var definition = options.ToDefinition(["a", "b"], ["f1", "f2"]);
        Assert.Equal(expected, definition.Strategy.Name);
        Assert.Equal(expected, AggregationStrategies.Create(definition.Strategy, 10).Name);
    }

    [Fact]
    public void Every_strategy_knob_binds_from_the_strategy_section()
    {
        var options = new FederationOptions().Bind(Config(new()
        {
            ["FedAspire:Federation:Strategy:Name"] = "multi-krum",
            ["FedAspire:Federation:Strategy:ServerLearningRate"] = "0.02",
            ["FedAspire:Federation:Strategy:ServerMomentum"] = "0.5",
            ["FedAspire:Federation:Strategy:Beta1"] = "0.8",
            ["FedAspire:Federation:Strategy:Beta2"] = "0.95",
            ["FedAspire:Federation:Strategy:Tau"] = "0.01",
            ["FedAspire:Federation:Strategy:TrimCount"] = "2",
            ["FedAspire:Federation:Strategy:ByzantineCount"] = "3",
            ["FedAspire:Federation:Strategy:MultiKrumSelect"] = "4",
        }));
        Assert.Equal(new StrategyOptions("multi-krum", 0.02f, 0.5f, 0.8f, 0.95f, 0.01f, 2, 3, 4), options.ToDefinition(["a"], ["f1"]).Strategy);
    }

    [Theory]
    [InlineData("FedAspire:Federation:Strategy:ServerLearningRate", "-1", "FedAspire:Federation:Strategy:ServerLearningRate: must be positive")]
    [InlineData("FedAspire:Federation:Strategy:Beta2", "1", "FedAspire:Federation:Strategy:Beta2: must be in [0, 1)")]
    [InlineData("FedAspire:Federation:Strategy", "fedfoo", "FedAspire:Federation:Strategy:Name: 'fedfoo' is not a strategy; expected one of fedavg")]
    [InlineData("FedAspire:Federation:Strategy:ServerLearnignRate", "0.1", "FedAspire:Federation:Strategy:ServerLearnignRate: not a strategy setting")]
    [InlineData("FedAspire:Federation:Quorom", "3", "FedAspire:Federation:Quorom: not a setting")]
    [InlineData("FedAspire:Federation:SamplingFraction", "0", "FedAspire:Federation:SamplingFraction: must be in (0, 1]")]
    [InlineData("FedAspire:Federation:Hidden", "16,x", "FedAspire:Federation:Hidden: must list positive layer widths")]
    [InlineData("FedAspire:Federation:Normalization", "median", "FedAspire:Federation:Normalization: must be local or global")]
    [InlineData("FedAspire:Federation:Privacy:Mode", "global", "FedAspire:Federation:Privacy:Mode: must be off, central or local, got 'global'")]
    [InlineData("FedAspire:Federation:Privacy:NoiseMultiplier", "0", "FedAspire:Federation:Privacy:NoiseMultiplier: must be positive and finite")]
    [InlineData("FedAspire:Federation:Privacy:Clip", "-1", "FedAspire:Federation:Privacy:Clip: must be positive and finite")]
    [InlineData("FedAspire:Federation:Privacy:Delta", "1", "FedAspire:Federation:Privacy:Delta: must be in (0, 1)")]
    [InlineData("FedAspire:Federation:Privacy:EpsilonBudget", "-2", "FedAspire:Federation:Privacy:EpsilonBudget: must be >= 0 and finite")]
    [InlineData("FedAspire:Federation:Privacy:OnBudget", "ignore", "FedAspire:Federation:Privacy:OnBudget: must be stop or warn")]
    [InlineData("FedAspire:Federation:Privacy:Epsilon", "3", "FedAspire:Federation:Privacy:Epsilon: not a privacy setting")]
    public async Task A_bad_setting_stops_the_silo_at_start_up_naming_its_key(string key, string value, string expected)
    {
        using var temp = new TempDirectory();
        await using var app = Silo(temp, new() { [key] = value });
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_up_check_program_runs_before_the_host_reports_every_bad_setting_at_once()
    {
        using var temp = new TempDirectory();
        await using var app = Silo(temp, new() { ["FedAspire:Federation:Strategy:Tau"] = "0", ["FedAspire:Federation:Epochs"] = "0" });
        var e = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("FedAspire:Federation:Strategy:Tau: must be positive", e.Message, StringComparison.Ordinal);
        Assert.Contains("FedAspire:Federation:Epochs: must be >= 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FedAspire:Storage:Mode", "Redis", "FedAspire:Storage:Mode: must be File or Memory, got 'Redis'")]
    [InlineData("FedAspire:Data:Source", "bogus", "FedAspire:Data:Source: must be one of sample, synthetic, scenario, got 'bogus'")]
    [InlineData("FedAspire:Data:Source", "scenario", "FedAspire:Data:Scenario: FedAspire:Data:Source is 'scenario' but no scenario file is named")]
    public void Bad_storage_and_data_settings_fail_while_the_silo_is_built_naming_their_key(string key, string value, string expected)
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<OptionsValidationException>(() => Silo(temp, new() { [key] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_pressure_shedding_is_on_by_default_and_its_settings_reach_orleans()
    {
        using var temp = new TempDirectory();
        await using (var defaults = Silo(temp, []))
        {
            var o = defaults.Services.GetRequiredService<IOptions<Orleans.Configuration.GrainCollectionOptions>>().Value;
            Assert.True(o.EnableActivationSheddingOnMemoryPressure);
            Assert.Equal(85, o.MemoryUsageLimitPercentage);
            Assert.Equal(75, o.MemoryUsageTargetPercentage);
        }
        await using var configured = Silo(temp, new()
        {
            ["FedAspire:Silo:ActivationShedding:MemoryLimitPercent"] = "60",
            ["FedAspire:Silo:ActivationShedding:MemoryTargetPercent"] = "40",
            ["FedAspire:Silo:ActivationShedding:PollingSeconds"] = "2",
        });
        var c = configured.Services.GetRequiredService<IOptions<Orleans.Configuration.GrainCollectionOptions>>().Value;
        Assert.Equal(60, c.MemoryUsageLimitPercentage);
        Assert.Equal(40, c.MemoryUsageTargetPercentage);
        Assert.Equal(TimeSpan.FromSeconds(2), c.MemoryUsagePollingPeriod);
    }

    [Theory]
    [InlineData("MemoryLimitPercent", "120", "FedAspire:Silo:ActivationShedding:MemoryLimitPercent: must be in (0, 100]")]
    [InlineData("MemoryTargetPercent", "90", "FedAspire:Silo:ActivationShedding:MemoryTargetPercent: must be in (0, MemoryLimitPercent)")]
    public void A_bad_shedding_setting_fails_while_the_silo_is_built_naming_its_key(string key, string value, string expected)
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<InvalidOperationException>(() => Silo(temp, new() { [$"FedAspire:Silo:ActivationShedding:{key}"] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_does_not_convert_fails_naming_its_key()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new FederationOptions().Bind(Config(new() { ["FedAspire:Federation:Strategy:TrimCount"] = "two" })));
        Assert.Contains("FedAspire:Federation:Strategy:TrimCount", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strategy_shorthand_and_a_different_strategy_name_conflict()
    {
        var config = Config(new() { ["FedAspire:Federation:Strategy"] = "fedavg", ["FedAspire:Federation:Strategy:Name"] = "krum" });
        var problems = FederationOptionsValidator.Problems(new FederationOptions().Bind(config), config);
        Assert.Contains(problems, p => p.StartsWith("FedAspire:Federation:Strategy: 'fedavg' contradicts FedAspire:Federation:Strategy:Name 'krum'", StringComparison.Ordinal));
    }

    [Fact]
    public void Fedprox_without_a_proximal_coefficient_is_refused()
    {
        var problems = FederationOptionsValidator.Problems(new FederationOptions().Bind(Config(new() { ["FedAspire:Federation:Strategy"] = "fedprox" })), null);
        Assert.Contains(problems, p => p.StartsWith("FedAspire:Federation:ProximalMu: strategy fedprox needs ProximalMu > 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Central_privacy_with_a_robust_strategy_is_refused_naming_the_key()
    {
        var options = new FederationOptions().Bind(Config(new() { ["FedAspire:Federation:Strategy"] = "trimmed-mean", ["FedAspire:Federation:Privacy:Mode"] = "central" }));
        Assert.Contains(FederationOptionsValidator.Problems(options, null), p => p.StartsWith("FedAspire:Federation:Privacy:Mode: central needs a mean-based strategy", StringComparison.Ordinal));
    }

    [Fact]
    public void Privacy_settings_bind_into_the_federation_definition()
    {
        var options = new FederationOptions().Bind(Config(new()
        {
            ["FedAspire:Federation:Privacy:Mode"] = "local", ["FedAspire:Federation:Privacy:Clip"] = "0.5", ["FedAspire:Federation:Privacy:NoiseMultiplier"] = "1.2",
            ["FedAspire:Federation:Privacy:EpsilonBudget"] = "8",
        }));
        Assert.Empty(FederationOptionsValidator.Problems(options, null));
        var privacy = options.ToDefinition(["a", "b"], ["f1", "f2"]).Privacy!;
        Assert.Equal(("local", 0.5, 1.2, 8.0, 1e-5), (privacy.Mode, privacy.Clip, privacy.NoiseMultiplier, privacy.EpsilonBudget, privacy.Delta));
        Assert.Null(new FederationOptions().ToDefinition(["a", "b"], ["f1", "f2"]).Privacy);
    }

    /// <summary>Every key of the <c>FedAspire:Federation:*</c> row of docs/federation.md binds to a real property, with the listed default.</summary>
    [Fact]
    public void Every_setting_in_the_docs_table_binds_to_a_real_property_with_its_documented_default()
    {
        var row = File.ReadLines(Path.Combine(Root, "docs", "federation.md")).Single(l => l.StartsWith("| `FedAspire:Federation:*`", StringComparison.Ordinal));
        var listed = DocumentedSetting().Matches(row).Select(m => (Key: m.Groups["key"].Value, Default: m.Groups["default"].Value)).ToList();
        Assert.True(listed.Count >= 30, $"expected the row to list every setting, found {listed.Count}");
        var defaults = new FederationOptions();
        foreach (var (key, documentedDefault) in listed)
        {
            var path = key.Split(':');
            object owner = defaults;
            for (int i = 0; i < path.Length - 1; i++) owner = Property(owner.GetType(), path[i], key).GetValue(owner)!;
            var property = Property(owner.GetType(), path[^1], key);
            var current = property.GetValue(owner);
            Assert.True(DocumentedDefaultMatches(documentedDefault, current), $"{key}: the docs say the default is '{documentedDefault}', the code has '{current}'");

            // Binding a different value under the documented key must reach the property.
            string changed = property.PropertyType.IsEnum ? Enum.GetNames(property.PropertyType).First(n => n != current!.ToString())
                : property.PropertyType == typeof(bool) ? (!(bool)current!).ToString()
                : property.PropertyType == typeof(string) ? (key == "Strategy:Name" ? "fedyogi" : key == "Normalization" ? "global" : "x" + current)
                : Convert.ToString(Convert.ChangeType(Convert.ToDouble(current, CultureInfo.InvariantCulture) + 1, property.PropertyType, CultureInfo.InvariantCulture),
                    CultureInfo.InvariantCulture)!;
            object bound = new FederationOptions().Bind(Config(new() { [$"{FederationOptions.Section}:{key}"] = changed }));
            for (int i = 0; i < path.Length - 1; i++) bound = Property(bound.GetType(), path[i], key).GetValue(bound)!;
            Assert.Equal(changed, Convert.ToString(property.GetValue(bound), CultureInfo.InvariantCulture));
        }
        // And the other way round: every setting the code has is in the docs.
        var documented = listed.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        var settable = FederationOptionsValidator.SettableProperties(typeof(FederationOptions))
            .Where(p => p is not (nameof(FederationOptions.Strategy) or nameof(FederationOptions.Privacy) or nameof(FederationOptions.SecureAggregation) or nameof(FederationOptions.Buffered)))
            .Concat(FederationOptionsValidator.SettableProperties(typeof(StrategyOptions)).Select(p => "Strategy:" + p))
            .Concat(FederationOptionsValidator.SettableProperties(typeof(Core.Privacy.PrivacyOptions)).Select(p => "Privacy:" + p))
            .Concat(FederationOptionsValidator.SettableProperties(typeof(SecureAggregationSettings)).Select(p => "SecureAggregation:" + p))
            .Concat(FederationOptionsValidator.SettableProperties(typeof(BufferedAsyncOptions)).Select(p => "Buffered:" + p));
        var undocumented = settable.Where(k => !documented.Contains(k)).ToList();
        Assert.True(undocumented.Count == 0, $"settings missing from docs/federation.md: {string.Join(", ", undocumented)}");
    }

    private static PropertyInfo Property(Type type, string name, string key) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { SetMethod.IsPublic: true } p ? p
            : throw new Xunit.Sdk.XunitException($"docs/federation.md lists FedAspire:Federation:{key}, but {type.Name} has no settable property '{name}'");

    private static bool DocumentedDefaultMatches(string documented, object? actual)
    {
        var first = documented.Split([';', ','], 2)[0].Trim().Trim('"');
        if (first.Length == 0) return false;
        return actual switch
        {
            string s => string.Equals(s, first, StringComparison.Ordinal) || documented.Trim().Trim('"') == s,
            bool b => string.Equals(b ? "true" : "false", first, StringComparison.OrdinalIgnoreCase),
            Enum e => string.Equals(e.ToString(), first, StringComparison.OrdinalIgnoreCase),
            // Float defaults (0.9f) are not exact doubles: compare to six digits.
            _ => double.TryParse(first.Split(' ')[0].Replace("10^9", "1e9", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                 && Math.Abs(d - Convert.ToDouble(actual, CultureInfo.InvariantCulture)) <= 1e-6 * Math.Max(1, Math.Abs(d)),
        };
    }

    // `Key` (default ...): the first parenthesis after each backticked key.
    [GeneratedRegex(@"`(?<key>[A-Z][A-Za-z0-9]*(?::[A-Z][A-Za-z0-9]*)?)` \((?<default>[^()]*(?:\([^()]*\)[^()]*)*)\)")]
    private static partial Regex DocumentedSetting();

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static WebApplication Silo(TempDirectory temp, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var values = new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = TopologyProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = TopologyProcesses.FreePort().ToString(CultureInfo.InvariantCulture),
            ["FedAspire:Storage:Mode"] = "Memory",
            ["FedAspire:Registry:Path"] = temp.Sub("registry"),
            ["FedAspire:Data:Source"] = "synthetic",
            ["FedAspire:Simulator:Facilities"] = "2",
            ["FedAspire:Ingestion:Enabled"] = "false",
            ["FedAspire:Federation:CentralEvaluation"] = "false",
            ["FedAspire:Federation:RoundIntervalSeconds"] = "3600",
            ["FedAspire:Federation:Hidden"] = "6,3,6",
            ["FedAspire:Federation:Window"] = "2",
        };
        foreach (var (k, v) in settings) values[k] = v;
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddFederationSilo();
        return builder.Build();
    }

    private static async Task<(float[] Published, string Strategy)> FirstPublishedModelAsync(Dictionary<string, string?> settings)
    {
        using var temp = new TempDirectory();
        await using var app = Silo(temp, settings);
        var cancel = TestContext.Current.CancellationToken;
        await app.StartAsync(cancel);
        try
        {
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var registry = app.Services.GetRequiredService<IModelRegistry>();
            var aggregator = grains.GetGrain<IAggregatorGrain>("pumps");
            // The embedded runner configures and starts the default federation from the options once the host is up.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await aggregator.GetStatusAsync()).Running)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the embedded runner did not start the federation");
                await Task.Delay(100, cancel);
            }
            var round = await aggregator.RunRoundAsync();
            Assert.True(round.Version > 0, $"round failed: {round.FailureReason}");
            var published = (await registry.GetLatestAsync("pumps", cancel))!.Parameters;
            return (published, (await aggregator.GetStatusAsync()).Strategy);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await app.StopAsync(stop.Token); }
            catch (OperationCanceledException) { /* shutting down anyway */ }
        }
    }

}
