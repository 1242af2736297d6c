using FedAspire.Core.Aggregation;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class UpdateValidatorTests
{
    private static readonly float[] Global = [0f, 0f];

    [Fact]
    public void Accepts_a_well_formed_update_within_the_norm_bound()
    {
        // ||[3,4] - 0|| = 5
        var verdict = new UpdateValidator(2, maxUpdateNorm: 5).Validate(Global, new ClientUpdate("a", [3f, 4f], 10));
        Assert.True(verdict.Accepted);
        Assert.Equal("", verdict.Reason);
    }

    [Fact]
    public void Rejects_an_update_beyond_the_norm_bound_with_the_norm()
    {
        var verdict = new UpdateValidator(2, maxUpdateNorm: 4.9).Validate(Global, new ClientUpdate("pump-2", [3f, 4f], 10));
        Assert.False(verdict.Accepted);
        Assert.Contains("pump-2", verdict.Reason);
        Assert.Contains("norm 5", verdict.Reason);
    }

    [Theory]
    [InlineData(3, 1f, 10, "3 parameters")]
    [InlineData(2, float.NaN, 10, "non-finite")]
    [InlineData(2, float.NegativeInfinity, 10, "non-finite")]
    [InlineData(2, 1f, 0, "sample count 0")]
    public void Rejects_malformed_updates_with_a_reason(int length, float value, long samples, string reason)
    {
        var parameters = new float[length];
        parameters[^1] = value;
        var verdict = new UpdateValidator(2).Validate(Global, new ClientUpdate("c1", parameters, samples));
        Assert.False(verdict.Accepted);
        Assert.Contains(reason, verdict.Reason);
        Assert.Contains("c1", verdict.Reason);
    }

    [Fact]
    public void Norm_of_wild_update_does_not_overflow()
    {
        var wild = Enumerable.Repeat(3e38f, 100).ToArray();
        Assert.Equal(3e39, UpdateValidator.UpdateNorm(new float[100], wild), 1e33);
    }
}
