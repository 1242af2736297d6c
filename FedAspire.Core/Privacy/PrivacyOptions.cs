using System.Globalization;
using System.Text.Json.Serialization;

namespace FedAspire.Core.Privacy;

/// <summary>Differential privacy of a federation: where the Gaussian noise is added, the clipping norm, the noise and the budget.</summary>
/// <remarks>
/// One type for every place it is set, like <see cref="Aggregation.StrategyOptions"/>: the silo binds it from
/// <c>FedAspire:Federation:Privacy:*</c>, scenario files read it (<c>"privacy": { ... }</c>), the definition carries it to the grains.
/// Init properties so configuration and JSON can set any subset.
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record PrivacyOptions
{
    /// <summary>No clipping, no noise, no accounting.</summary>
    public const string Off = "off";

    /// <summary>The aggregator clips every update and adds the noise once, to the mean (trusted server, DP-FedAvg).</summary>
    public const string Central = "central";

    /// <summary>Each participant clips its own update and adds the noise before sending it (untrusted server).</summary>
    public const string Local = "local";

    /// <summary>Off (default), central or local.</summary>
    [Id(0)] public string Mode { get; init; } = Off;

    /// <summary>C: the largest L2 norm of a participant's update (its change to the global parameters) after clipping.</summary>
    [Id(1)] public double Clip { get; init; } = 1;

    /// <summary>z: the noise standard deviation in units of <see cref="Clip"/> (z·C on a sum, z·C / n on a mean of n).</summary>
    [Id(2)] public double NoiseMultiplier { get; init; } = 1;

    /// <summary>The delta at which epsilon is reported (and the budget is held).</summary>
    [Id(3)] public double Delta { get; init; } = 1e-5;

    /// <summary>Largest cumulative epsilon at <see cref="Delta"/>; 0 = no budget (epsilon is still reported).</summary>
    [Id(4)] public double EpsilonBudget { get; init; }

    /// <summary>What reaching the budget does: <c>stop</c> (no round would exceed it) or <c>warn</c> (rounds go on, each logs a warning).</summary>
    [Id(5)] public string OnBudget { get; init; } = "stop";

    /// <summary>
    /// Seed of the noise (derived per round and participant); 0 (the default) draws the noise from the OS CSPRNG instead, so nobody
    /// who knows the run seed can regenerate and subtract it. Experiments set it for reproducible runs.
    /// </summary>
    [Id(6)] public int NoiseSeed { get; init; }

    /// <summary>True in central or local mode.</summary>
    [JsonIgnore] public bool Enabled => IsCentral || IsLocal;

    /// <summary>True in central mode.</summary>
    [JsonIgnore] public bool IsCentral => string.Equals(Mode, Central, StringComparison.OrdinalIgnoreCase);

    /// <summary>True in local mode.</summary>
    [JsonIgnore] public bool IsLocal => string.Equals(Mode, Local, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when reaching the budget stops the federation (a budget is set and <see cref="OnBudget"/> is stop).</summary>
    [JsonIgnore] public bool StopsAtBudget => EpsilonBudget > 0 && string.Equals(OnBudget, "stop", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every invalid setting as (property name, problem); empty when the options are usable. Checked also when off, so a typo shows at once.</summary>
    public IReadOnlyList<(string Property, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        string Got(double v) => string.Create(CultureInfo.InvariantCulture, $"got {v}.");
        if (!Enabled && !string.Equals(Mode, Off, StringComparison.OrdinalIgnoreCase))
            problems.Add((nameof(Mode), $"must be off, central or local, got '{Mode}'."));
        if (!(Clip > 0) || !double.IsFinite(Clip)) problems.Add((nameof(Clip), "must be positive and finite (the L2 clipping norm C), " + Got(Clip)));
        // z = 0 is no privacy at all (epsilon infinite): say so rather than report it.
        if (!(NoiseMultiplier > 0) || !double.IsFinite(NoiseMultiplier))
            problems.Add((nameof(NoiseMultiplier), "must be positive and finite (noise std = z x clip), " + Got(NoiseMultiplier)));
        if (!(Delta > 0 && Delta < 1)) problems.Add((nameof(Delta), "must be in (0, 1), " + Got(Delta)));
        if (!(EpsilonBudget >= 0) || !double.IsFinite(EpsilonBudget)) problems.Add((nameof(EpsilonBudget), "must be >= 0 and finite (0 = no budget), " + Got(EpsilonBudget)));
        if (!string.Equals(OnBudget, "stop", StringComparison.OrdinalIgnoreCase) && !string.Equals(OnBudget, "warn", StringComparison.OrdinalIgnoreCase))
            problems.Add((nameof(OnBudget), $"must be stop or warn, got '{OnBudget}'."));
        return problems;
    }

    /// <summary>E.g. <c>central (clip 1, z 1.1, delta 1e-05, budget 8 stop)</c>, or <c>off</c>.</summary>
    public string Summary() => !Enabled ? Off : string.Create(CultureInfo.InvariantCulture,
        $"{Mode.ToLowerInvariant()} (clip {Clip}, z {NoiseMultiplier}, delta {Delta}{(EpsilonBudget > 0 ? $", budget {EpsilonBudget} {OnBudget.ToLowerInvariant()}" : "")})");
}
