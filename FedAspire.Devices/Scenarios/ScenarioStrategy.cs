using System.Text.Json.Serialization;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Privacy;

namespace FedAspire.Devices.Scenarios;

/// <summary>
/// One server strategy of a scenario: the silo's own <see cref="StrategyOptions"/> (name and every knob, read flat from the
/// same JSON object) plus what only an experiment arm has, its label and the client-side FedProx coefficient.
/// </summary>
public sealed record ScenarioStrategy : StrategyOptions
{
    /// <summary>Display label and arm id part; default: the name (plus mu or server learning rate when set).</summary>
    [JsonPropertyOrder(1)]
    public string? Label { get; init; }

    /// <summary>FedProx proximal coefficient (client side, so it goes to the arm's training options); required > 0 for <c>fedprox</c>.</summary>
    [JsonPropertyOrder(2)]
    public float Mu { get; init; }

    /// <summary>This arm's differential privacy; null: the scenario's <c>privacy</c> (so one scenario can compare noise levels arm by arm).</summary>
    [JsonPropertyOrder(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PrivacyOptions? Privacy { get; init; }

    /// <summary><c>sync</c> (rounds; the default when absent) or <c>fedbuff</c> (buffered asynchronous aggregation on a simulated clock).</summary>
    [JsonPropertyOrder(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mode { get; init; }

    /// <summary>The FedBuff arm's K, eta_g, staleness and simulated speeds (mode fedbuff; defaults when absent).</summary>
    [JsonPropertyOrder(13), JsonPropertyName("fedbuff"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioFedBuff? FedBuff { get; init; }

    /// <summary>True for a buffered asynchronous (FedBuff) arm.</summary>
    [JsonIgnore]
    public bool IsFedBuff => Mode == "fedbuff";

    /// <summary>The FedBuff settings in force (defaults when the entry has none).</summary>
    [JsonIgnore]
    public ScenarioFedBuff FedBuffOrDefault => FedBuff ?? new ScenarioFedBuff();
}
