using System.Globalization;
using System.Reflection;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Privacy;
using Microsoft.Extensions.Options;

namespace FedAspire.Devices.Federation;

/// <summary>
/// Checks <see cref="FederationOptions"/> at start-up: every failure names its full configuration key, so a bad value stops
/// the silo before the first round with the key to fix rather than failing a round later (or, for a typo, doing nothing).
/// </summary>
public sealed class FederationOptionsValidator(IConfiguration config) : IValidateOptions<FederationOptions>
{
    private const string S = FederationOptions.Section;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options, config);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every invalid or unknown setting as "key: problem" (empty when the options are usable).</summary>
    public static IReadOnlyList<string> Problems(FederationOptions o, IConfiguration? config)
    {
        ArgumentNullException.ThrowIfNull(o);
        var f = new List<string>();
        void Check(bool ok, string key, string problem)
        {
            if (!ok) f.Add($"{S}:{key}: {problem}");
        }
        string Got(object value) => string.Create(CultureInfo.InvariantCulture, $"got {value}.");

        if (config is not null) f.AddRange(UnknownKeys(config));
        Check(!string.IsNullOrWhiteSpace(o.Name) && o.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            nameof(o.Name), $"must be non-empty and use only letters, digits, '-', '_' and '.', got '{o.Name}'.");
        Check(o.RoundIntervalSeconds > 0 && double.IsFinite(o.RoundIntervalSeconds), nameof(o.RoundIntervalSeconds), "must be positive and finite, " + Got(o.RoundIntervalSeconds));
        Check(o.DeadlineSeconds > 0 && double.IsFinite(o.DeadlineSeconds), nameof(o.DeadlineSeconds), "must be positive and finite, " + Got(o.DeadlineSeconds));
        Check(o.SamplingFraction > 0 && o.SamplingFraction <= 1, nameof(o.SamplingFraction), "must be in (0, 1], " + Got(o.SamplingFraction));
        Check(o.MinParticipants >= 1, nameof(o.MinParticipants), "must be >= 1, " + Got(o.MinParticipants));
        Check(o.Quorum >= 1, nameof(o.Quorum), "must be >= 1, " + Got(o.Quorum));
        Check(o.NormBound >= 0 && float.IsFinite(o.NormBound), nameof(o.NormBound), "must be >= 0 and finite (0 = off), " + Got(o.NormBound));
        Check(o.Epochs >= 1, nameof(o.Epochs), "must be >= 1, " + Got(o.Epochs));
        Check(o.BatchSize >= 1, nameof(o.BatchSize), "must be >= 1, " + Got(o.BatchSize));
        Check(o.LearningRate > 0 && float.IsFinite(o.LearningRate), nameof(o.LearningRate), "must be positive and finite, " + Got(o.LearningRate));
        Check(o.ProximalMu >= 0 && float.IsFinite(o.ProximalMu), nameof(o.ProximalMu), "must be >= 0 and finite, " + Got(o.ProximalMu));
        Check(o.Window >= 1, nameof(o.Window), "must be >= 1, " + Got(o.Window));
        Check(o.WindowStride >= 1, nameof(o.WindowStride), "must be >= 1, " + Got(o.WindowStride));
        var widths = (o.Hidden ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Check(widths.Length > 0 && widths.All(h => int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0),
            nameof(o.Hidden), $"must list positive layer widths separated by commas, got '{o.Hidden}'.");
        Check(o.Normalization is { } n && (n.Equals("local", StringComparison.OrdinalIgnoreCase) || n.Equals("global", StringComparison.OrdinalIgnoreCase)),
            nameof(o.Normalization), $"must be local or global, got '{o.Normalization}'.");
        Check(o.DriftHorizon >= 0 && o.DriftHorizon <= 10, nameof(o.DriftHorizon), "must be in [0, 10] (a share of the training rows; 0 = off), " + Got(o.DriftHorizon));
        Check(o.FalseAlarmTarget > 0 && o.FalseAlarmTarget < 1, nameof(o.FalseAlarmTarget), "must be in (0, 1), " + Got(o.FalseAlarmTarget));
        Check(o.CalibrationFraction > 0 && o.CalibrationFraction < 1, nameof(o.CalibrationFraction), "must be in (0, 1), " + Got(o.CalibrationFraction));
        Check(o.ClaimMaxCount >= 1, nameof(o.ClaimMaxCount), "must be >= 1, " + Got(o.ClaimMaxCount));
        Check(o.ClaimGrowthFactor >= 1 && double.IsFinite(o.ClaimGrowthFactor), nameof(o.ClaimGrowthFactor), "must be finite and >= 1, " + Got(o.ClaimGrowthFactor));
        Check(o.ClaimMaxShare > 0 && o.ClaimMaxShare <= 1, nameof(o.ClaimMaxShare), "must be in (0, 1], " + Got(o.ClaimMaxShare));

        var strategy = o.Strategy ?? new StrategyOptions();
        foreach (var (property, problem) in strategy.Problems())
            f.Add($"{S}:{nameof(o.Strategy)}:{property}: {problem}");
        // FedProx is FedAvg plus the client-side proximal term: without it the run would silently be FedAvg.
        Check(AggregationStrategies.Canonical(strategy.Name) != "fedprox" || o.ProximalMu > 0, nameof(o.ProximalMu),
            "strategy fedprox needs ProximalMu > 0 (the client-side proximal coefficient), " + Got(o.ProximalMu));
        if (config?.GetSection($"{S}:{nameof(o.Strategy)}") is { Value: { Length: > 0 } shorthand } section
            && section[nameof(StrategyOptions.Name)] is { } named
            && AggregationStrategies.Canonical(shorthand) != AggregationStrategies.Canonical(named))
            f.Add($"{S}:{nameof(o.Strategy)}: '{shorthand}' contradicts {S}:{nameof(o.Strategy)}:{nameof(StrategyOptions.Name)} '{named}'; set one of them.");
        foreach (var (property, problem) in (o.Buffered ?? new BufferedAsyncOptions()).Problems())
            f.Add($"{S}:{nameof(o.Buffered)}:{property}: {problem}");
        Check(!o.Asynchronous || o.Privacy is not { Enabled: true }, nameof(o.Asynchronous),
            "buffered asynchronous aggregation does not run with differential privacy (its accountant counts rounds); turn one of them off.");
        var privacy = o.Privacy ?? new PrivacyOptions();
        foreach (var (property, problem) in privacy.Problems())
            f.Add($"{S}:{nameof(o.Privacy)}:{property}: {problem}");
        // The noisy clipped mean stands in for the updates only where the strategy averages them.
        Check(!privacy.IsCentral || DifferentialPrivacy.CentralStrategies.Contains(AggregationStrategies.Canonical(strategy.Name)), $"{nameof(o.Privacy)}:{nameof(PrivacyOptions.Mode)}",
            $"central needs a mean-based strategy ({string.Join(", ", DifferentialPrivacy.CentralStrategies)}), the strategy is '{strategy.Name}'; robust strategies need the individual updates central DP hides behind one noisy mean.");
        var secure = o.SecureAggregation ?? new SecureAggregationSettings();
        foreach (var (property, problem) in secure.Problems())
            f.Add($"{S}:{nameof(o.SecureAggregation)}:{property}: {problem}");
        foreach (var (setting, problem) in secure.Conflicts(strategy.Name, o.NormBound, privacy))
            f.Add($"{S}:{setting}: {problem}");
        Check(!o.Asynchronous || !secure.Enabled, nameof(o.Asynchronous),
            "buffered asynchronous aggregation has no round for secure aggregation to mask; turn one of them off.");
        return f;
    }

    /// <summary>Keys under the section that bind to nothing (a typo would otherwise leave the default in force, unnoticed).</summary>
    private static IEnumerable<string> UnknownKeys(IConfiguration config)
    {
        var strategyKeys = SettableProperties(typeof(StrategyOptions));
        var privacyKeys = SettableProperties(typeof(PrivacyOptions));
        var secureKeys = SettableProperties(typeof(SecureAggregationSettings));
        var bufferedKeys = SettableProperties(typeof(BufferedAsyncOptions));
        foreach (var child in config.GetSection(S).GetChildren())
        {
            if (!SettableProperties(typeof(FederationOptions)).Contains(child.Key))
                yield return $"{child.Path}: not a setting; known: {string.Join(", ", SettableProperties(typeof(FederationOptions)).Order(StringComparer.Ordinal))}.";
            else if (child.Key.Equals(nameof(FederationOptions.Strategy), StringComparison.OrdinalIgnoreCase))
                foreach (var knob in child.GetChildren().Where(k => !strategyKeys.Contains(k.Key)))
                    yield return $"{knob.Path}: not a strategy setting; known: {string.Join(", ", strategyKeys.Order(StringComparer.Ordinal))}.";
            else if (child.Key.Equals(nameof(FederationOptions.Buffered), StringComparison.OrdinalIgnoreCase))
                foreach (var knob in child.GetChildren().Where(k => !bufferedKeys.Contains(k.Key)))
                    yield return $"{knob.Path}: not a buffered aggregation setting; known: {string.Join(", ", bufferedKeys.Order(StringComparer.Ordinal))}.";
            else if (child.Key.Equals(nameof(FederationOptions.Privacy), StringComparison.OrdinalIgnoreCase))
                foreach (var knob in child.GetChildren().Where(k => !privacyKeys.Contains(k.Key)))
                    yield return $"{knob.Path}: not a privacy setting; known: {string.Join(", ", privacyKeys.Order(StringComparer.Ordinal))}.";
            else if (child.Key.Equals(nameof(FederationOptions.SecureAggregation), StringComparison.OrdinalIgnoreCase))
                foreach (var knob in child.GetChildren().Where(k => !secureKeys.Contains(k.Key)))
                    yield return $"{knob.Path}: not a secure-aggregation setting; known: {string.Join(", ", secureKeys.Order(StringComparer.Ordinal))}.";
        }
    }

    /// <summary>The names the configuration binder can set on <paramref name="type"/> (case-insensitive, as the binder matches them).</summary>
    internal static HashSet<string> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
