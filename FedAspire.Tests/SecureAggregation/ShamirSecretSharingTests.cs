using System.Security.Cryptography;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Shamir sharing over GF(2^61 - 1): any t shares rebuild the secret, fewer or altered ones do not.</summary>
[Trait("Area", "SecureAggregation")]
public sealed class ShamirSecretSharingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(6, 10)]
    [InlineData(51, 100)]
    public void Any_t_shares_rebuild_the_secret(int threshold, int holders)
    {
        var random = new Random(threshold * 1_000 + holders);
        var secret = new byte[32];
        random.NextBytes(secret);
        secret[31] = 0xFF;
        int[] xs = [.. Enumerable.Range(1, holders)];
        var shares = ShamirSecretSharing.Split(secret, xs, threshold, b => random.NextBytes(b));

        for (int trial = 0; trial < 5; trial++)
        {
            int[] pick = [.. Enumerable.Range(0, holders).OrderBy(_ => random.Next()).Take(threshold)];
            var rebuilt = new byte[32];
            Assert.True(ShamirSecretSharing.TryReconstruct([.. pick.Select(i => shares[i])], ShamirSecretSharing.LagrangeAtZero([.. pick.Select(i => xs[i])]), rebuilt));
            Assert.Equal(secret, rebuilt);
        }
    }

    [Fact]
    public void Fewer_than_t_shares_or_an_altered_share_do_not_give_the_secret()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        int[] xs = [1, 2, 3, 4, 5];
        var shares = ShamirSecretSharing.Split(secret, xs, 3, RandomNumberGenerator.Fill);
        var rebuilt = new byte[32];

        bool ok = ShamirSecretSharing.TryReconstruct([shares[0], shares[1]], ShamirSecretSharing.LagrangeAtZero([1, 2]), rebuilt);
        Assert.False(ok && rebuilt.AsSpan().SequenceEqual(secret));

        var altered = shares[2].ToArray();
        altered[0] ^= 1;
        ok = ShamirSecretSharing.TryReconstruct([shares[0], shares[1], altered], ShamirSecretSharing.LagrangeAtZero([1, 2, 3]), rebuilt);
        Assert.False(ok && rebuilt.AsSpan().SequenceEqual(secret));
    }

    [Fact]
    public void Field_arithmetic_inverts_and_wraps_at_the_Mersenne_prime()
    {
        const ulong p = (1UL << 61) - 1;
        Assert.Equal(1UL, MersenneField.Multiply(123_456_789, MersenneField.Inverse(123_456_789)));
        Assert.Equal(1UL, MersenneField.Multiply(p - 1, p - 1));
        Assert.Equal(0UL, MersenneField.Add(p - 1, 1));
        Assert.Equal(p - 1, MersenneField.Subtract(0, 1));
    }
}
