using FedAspire.Aggregator.Rounds;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class UpdateScreeningTests
{
    private static readonly float[] Global = [0f, 0f, 0f, 0f];

    private static UpdateRejection? Screen(ParticipantUpdate update, double normBound = 10) =>
        UpdateScreening.Screen(update, "f1", roundId: 5, Global, new UpdateValidator(Global.Length, normBound));

    private static ParticipantUpdate Update(long round = 5, float[]? parameters = null, long samples = 10) =>
        new("f1", round, parameters ?? [1f, 1f, 1f, 1f], samples, 1f, 0.5f);

    [Fact]
    public void A_well_formed_update_for_the_current_round_is_accepted() => Assert.Null(Screen(Update()));

    [Fact]
    public void An_update_for_another_round_is_rejected_as_wrong_round()
    {
        var rejection = Screen(Update(round: 4));
        Assert.Equal(RejectionReason.WrongRound, rejection?.Reason);
        Assert.Contains("round 4", rejection!.Detail);
    }

    [Theory]
    [InlineData(RejectionReason.WrongLength)]
    [InlineData(RejectionReason.NonFinite)]
    [InlineData(RejectionReason.NoSamples)]
    [InlineData(RejectionReason.NormAboveBound)]
    public void Malformed_updates_are_rejected_with_their_reason(RejectionReason expected)
    {
        var update = expected switch
        {
            RejectionReason.WrongLength => Update(parameters: [1f, 2f]),
            RejectionReason.NonFinite => Update(parameters: [1f, float.NaN, 0f, 0f]),
            RejectionReason.NoSamples => Update(samples: 0),
            _ => Update(parameters: [30f, 0f, 0f, 0f]),
        };

        var rejection = Screen(update);

        Assert.Equal(expected, rejection?.Reason);
        Assert.False(string.IsNullOrEmpty(rejection!.Detail));
    }
}
