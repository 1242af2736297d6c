using FedAspire.Core.Aggregation;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class ParticipantSamplingTests
{
    private static readonly string[] Clients = Enumerable.Range(0, 50).Select(i => $"device-{i:D3}").ToArray();

    [Fact]
    public void Sample_size_is_the_fraction_with_a_floor()
    {
        var sampling = new ParticipantSampling(0.1, 8);
        Assert.Equal(8, sampling.Select(Clients, round: 1, seed: 7).Count);          // floor(5) < 8
        Assert.Equal(25, new ParticipantSampling(0.5, 2).Select(Clients, 1, 7).Count);
        Assert.Equal(3, sampling.Select(Clients[..3], 1, 7).Count);                  // fewer available than the minimum: all of them
    }

    [Fact]
    public void Selection_is_deterministic_and_independent_of_discovery_order()
    {
        var sampling = new ParticipantSampling(0.2, 1);
        var first = sampling.Select(Clients, round: 4, seed: 42);
        var again = sampling.Select(Clients.Reverse().ToArray(), round: 4, seed: 42);
        Assert.Equal(first, again);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, id => Assert.Contains(id, Clients));
    }

    [Fact]
    public void Different_rounds_sample_different_participants()
    {
        var sampling = new ParticipantSampling(0.2, 1);
        var rounds = Enumerable.Range(1, 5).Select(r => string.Join(",", sampling.Select(Clients, r, seed: 1))).ToArray();
        Assert.Equal(rounds.Length, rounds.Distinct().Count());
    }

    [Fact]
    public void Invalid_fraction_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParticipantSampling(1.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParticipantSampling(0.5, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParticipantSampling(0.5, 1) with { Fraction = -0.1 });
    }
}
