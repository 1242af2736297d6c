namespace FedAspire.Devices.Scenarios;

/// <summary>
/// A poisoning attack in an experiment: the first <see cref="Attackers"/> participants (id order) lie in every round. <c>scale</c>
/// sends global + factor x its honest change, <c>sign-flip</c> global - factor x its change, <c>random</c> a random change of factor x
/// its honest change's norm, <c>label-flip</c> trains honestly on data whose anomalies are labelled normal (its held-out anomalous
/// rows join its training rows).
/// </summary>
public sealed record ScenarioPoisoning
{
    /// <summary>Every attack.</summary>
    public static IReadOnlyList<string> Attacks { get; } = ["scale", "sign-flip", "random", "label-flip"];

    /// <summary>One of <see cref="Attacks"/>.</summary>
    public string Attack { get; init; } = "";

    /// <summary>How many participants attack (the first ones in id order, in every partition).</summary>
    public int Attackers { get; init; } = 1;

    /// <summary>Strength of the update attacks (ignored by <c>label-flip</c>).</summary>
    public double Factor { get; init; } = 10;
}
