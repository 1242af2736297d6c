using FedAspire.Core.Privacy;

namespace FedAspire.Tests.Privacy;

/// <summary>
/// The accountant against published values. TF Privacy: tensorflow/privacy,
/// tensorflow_privacy/privacy/analysis/rdp_accountant_test.py (TestGaussianMoments). Opacus: pytorch/opacus,
/// opacus/tests/accountants_test.py (AccountingTest.test_rdp_accountant). Each value is cited at its assertion.
/// </summary>
[Trait("Area", "Privacy")]
public sealed class RdpAccountantTests
{
    private const double Tolerance = 1e-3;

    [Fact]
    public void Sampled_gaussian_rdp_at_an_integer_order_matches_tf_privacy()
    {
        // TF Privacy rdp_accountant_test.test_compute_rdp_scalar: compute_rdp(q=0.1, noise_multiplier=2, steps=10, orders=5) = 0.07737.
        Assert.Equal(0.07737, RdpAccountant.ComputeRdp(0.1, 2, 10, 5), Tolerance);
    }

    [Fact]
    public void Sampled_gaussian_rdp_at_fractional_and_integer_orders_matches_tf_privacy()
    {
        // TF Privacy rdp_accountant_test.test_compute_rdp_sequence: compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, inf])
        // = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307, inf]. 1.5 and 2.5 go through the fractional-order series.
        double[] orders = [1.5, 2.5, 5, 50, 100];
        double[] expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
        var rdp = RdpAccountant.ComputeRdp(0.01, 2.5, 50, orders);
        for (int i = 0; i < orders.Length; i++) Assert.Equal(expected[i], rdp[i], Tolerance * Math.Max(1, expected[i]));
        // The small values are also matched to their own published digits (1e-3 absolute would pass zero for them).
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], rdp[i], 1e-6);
        Assert.True(double.IsPositiveInfinity(RdpAccountant.ComputeRdp(0.01, 2.5, 50, double.PositiveInfinity)));
    }

    [Fact]
    public void Without_sampling_the_rdp_is_alpha_over_two_sigma_squared_and_without_data_it_is_zero()
    {
        // TF Privacy rdp_accountant_test.test_compute_rdp_no_sampling: compute_rdp(1, 10, 1, 20) = 0.1; test_compute_rdp_no_data: compute_rdp(0, 10, 1, 20) = 0.
        Assert.Equal(0.1, RdpAccountant.ComputeRdp(1, 10, 1, 20), 1e-12);
        Assert.Equal(0, RdpAccountant.ComputeRdp(0, 10, 1, 20));
    }

    [Fact]
    public void Epsilon_of_dp_sgd_matches_opacus()
    {
        // Opacus accountants_test.test_rdp_accountant: noise_multiplier 1.5, sample_rate 0.04, steps int(90 / 0.04) = 2250,
        // delta 1e-5, the RDPAccountant's default orders -> epsilon 7.32911117143 (the Balle et al. 2020 conversion Opacus uses).
        var rdp = RdpAccountant.ComputeRdp(0.04, 1.5, 2250, RdpAccountant.DefaultOrders);
        var spent = RdpAccountant.GetPrivacySpent(RdpAccountant.DefaultOrders, rdp, 1e-5);
        Assert.Equal(7.32911117143, spent.Epsilon, Tolerance);
    }

    [Fact]
    public void The_rdp_to_dp_conversion_matches_tf_privacy()
    {
        // TF Privacy rdp_accountant_test.test_get_privacy_spent_check_target_delta: constant RDP 1.1 at orders 2..32, delta 1e-5
        // -> epsilon 1.32783806176 at order 32.
        double[] orders = [.. Enumerable.Range(2, 31).Select(o => (double)o)];
        var spent = RdpAccountant.GetPrivacySpent(orders, [.. orders.Select(_ => 1.1)], 1e-5);
        Assert.Equal(1.32783806176, spent.Epsilon, Tolerance);
        Assert.Equal(32, spent.Order);

        // Same test, second part: the Gaussian mechanism without sampling, sigma 4.530877117, orders 1.000 .. 99.999 step 0.001,
        // is exactly (1, 1e-6)-DP.
        double[] fine = [.. Enumerable.Range(1000, 99000).Select(i => 0.001 * i).Where(o => o > 1)];
        var gaussian = RdpAccountant.GetPrivacySpent(fine, RdpAccountant.ComputeRdp(1, 4.530877117, 1, fine), 1e-6);
        Assert.Equal(1, gaussian.Epsilon, Tolerance);
    }

    [Fact]
    public void Epsilon_grows_with_rounds_and_sampling_and_falls_with_noise()
    {
        double Epsilon(double q, double z, long rounds) => RdpAccountant.GetPrivacySpent(RdpAccountant.DefaultOrders,
            RdpAccountant.ComputeRdp(q, z, rounds, RdpAccountant.DefaultOrders), 1e-5).Epsilon;

        double previous = 0;
        foreach (long rounds in new long[] { 1, 2, 5, 10, 50, 200 })
        {
            double eps = Epsilon(0.5, 1.2, rounds);
            Assert.True(eps > previous, $"{rounds} rounds: epsilon {eps} should exceed {previous}");
            previous = eps;
        }
        previous = double.PositiveInfinity;
        foreach (double z in new[] { 0.6, 0.8, 1.0, 2.0, 4.0, 8.0 })
        {
            double eps = Epsilon(1, z, 20);
            Assert.True(eps < previous, $"z {z}: epsilon {eps} should be below {previous}");
            previous = eps;
        }
        Assert.True(Epsilon(0.1, 1, 20) < Epsilon(0.5, 1, 20));
        Assert.True(Epsilon(0.5, 1, 20) < Epsilon(1, 1, 20));
    }

    [Fact]
    public void Local_rounds_cost_what_central_rounds_cost_at_half_the_noise()
    {
        // Local DP answers for any two updates inside the C-ball (sensitivity 2C), central for adding or removing one (C).
        var local = RoundPrivacy.RoundRdp(new PrivacyOptions { Mode = PrivacyOptions.Local, NoiseMultiplier = 2 }, 1);
        var central = RoundPrivacy.RoundRdp(new PrivacyOptions { Mode = PrivacyOptions.Central, NoiseMultiplier = 1 }, 1);
        Assert.Equal(central, local);
    }
}
