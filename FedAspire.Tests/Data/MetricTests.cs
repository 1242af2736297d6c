using FedAspire.Core.Data;
using FedAspire.Core.Data.Heterogeneity;

namespace FedAspire.Tests.Data;

[Trait("Area", "Data")]
public sealed class MetricTests
{
    // Hand-computed: M = (0.75, 0.25); JS = 1/2 [0.5 log2(0.5/0.75) + 0.5 log2(0.5/0.25)] + 1/2 [1 log2(1/0.75)] = 0.311278...
    [Fact]
    public void Jensen_shannon_known_answers_by_hand()
    {
        Assert.Equal(0, DistributionDistance.JensenShannon([3, 1], [6, 2]), 12);
        Assert.Equal(1, DistributionDistance.JensenShannon([1, 0], [0, 1]), 12);
        double expected = 0.5 * (0.5 * Math.Log2(0.5 / 0.75) + 0.5 * Math.Log2(2)) + 0.5 * Math.Log2(1 / 0.75);
        Assert.Equal(expected, DistributionDistance.JensenShannon([1, 1], [1, 0]), 12);
        Assert.Equal(0.3112781244591328, expected, 12);
    }

    // Reference values: /usr/bin/python3 with SciPy 1.10.1,
    // scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2 (SciPy returns the distance, the square root of the divergence).
    [Fact]
    public void Jensen_shannon_matches_scipy()
    {
        Assert.Equal(0.14809958995549363, DistributionDistance.JensenShannon([0.9, 0.07, 0.03], [0.5, 0.3, 0.2]), 12);
        Assert.Equal(0.08698260971481918, DistributionDistance.JensenShannon([205836, 14477, 7], [1000, 500, 0]), 12);
    }

    [Fact]
    public void Wasserstein_and_ks_known_answers_by_hand()
    {
        // F_a - F_b is 1/2 on [1, 2) and 0 elsewhere.
        Assert.Equal(0.5, DistributionDistance.Wasserstein1([0f, 1f], [0f, 2f]), 12);
        // A shift by c moves every quantile by c.
        Assert.Equal(3, DistributionDistance.Wasserstein1([1f, 2f, 3f], [4f, 5f, 6f]), 12);
        Assert.Equal(1, DistributionDistance.KolmogorovSmirnov([1f, 2f, 3f], [4f, 5f, 6f]).Statistic, 12);
        // Ties: after 1 both CDFs are 1/2 and 1/3, after 2 they are 1 and 2/3.
        Assert.Equal(1.0 / 3, DistributionDistance.KolmogorovSmirnov([1f, 2f], [1f, 2f, 3f]).Statistic, 12);
        Assert.Equal(0, DistributionDistance.Wasserstein1([1f, float.NaN, 2f], [2f, 1f]), 12);
        Assert.True(double.IsNaN(DistributionDistance.Wasserstein1([], [1f])));
    }

    private static readonly float[] A = [0.1f, 0.5f, 0.5f, 1.2f, 2.0f, 3.3f, -0.4f, 0.9f];
    private static readonly float[] B = [0.3f, 0.3f, 1.1f, 2.5f, -1.0f, 0.0f, 4.1f];

    // Reference values: /usr/bin/python3, SciPy 1.10.1, with the arrays cast to float32 and back to float64 as C# reads them:
    //   scipy.stats.wasserstein_distance(a, b); r = scipy.stats.ks_2samp(a, b, method='asymp');
    //   en = n*m/(n+m); scipy.stats.kstwobign.sf(sqrt(en) * r.statistic).
    // FedAspire's p-value is the Kolmogorov limit kstwobign (what ks_2samp 'asymp' used before SciPy 1.5); SciPy 1.10's
    // ks_2samp(method='asymp') itself uses kstwo.sf(D, round(en)), which gives 0.7019601207830073 here and 0.0001756 below.
    [Fact]
    public void Small_samples_match_scipy()
    {
        Assert.Equal(0.46607141822044346, DistributionDistance.Wasserstein1(A, B), 6);
        var (d, p) = DistributionDistance.KolmogorovSmirnov(A, B);
        Assert.Equal(0.3214285714285714, d, 12);
        Assert.Equal(0.835231725069061, p, 9);
    }

    [Fact]
    public void Larger_samples_match_scipy()
    {
        var x = Parse(ScipyX);
        var y = Parse(ScipyY);
        Assert.Equal(200, x.Length);
        Assert.Equal(150, y.Length);
        Assert.Equal(0.4000500040212258, DistributionDistance.Wasserstein1(x, y), 6);
        var (d, p) = DistributionDistance.KolmogorovSmirnov(x, y);
        Assert.Equal(0.22999999999999993, d, 12);
        Assert.Equal(0.00023046207377261922, p, 9);
    }

    // scipy.stats.kstwobign.sf(lambda), SciPy 1.10.1.
    [Theory]
    [InlineData(0.3, 0.9999906941986655)]
    [InlineData(0.5, 0.9639452436648751)]
    [InlineData(0.8, 0.5441424115741981)]
    [InlineData(1.0, 0.26999967167735456)]
    [InlineData(1.36, 0.049485876755377876)]
    [InlineData(2.0, 0.0006709252557796953)]
    [InlineData(3.0, 3.045995948942526e-08)]
    public void Kolmogorov_survival_matches_scipy_kstwobign(double lambda, double expected)
    {
        Assert.Equal(expected, DistributionDistance.KolmogorovSurvival(lambda), 12);
    }

    [Fact]
    public void Analyzer_sees_no_difference_between_identical_clients_and_a_shift_otherwise()
    {
        var same = Table(0, 1, 500, seed: 1);
        var copy = Table(0, 1, 500, seed: 1);
        var shifted = Table(2, 1, 500, seed: 2);
        var report = HeterogeneityAnalyzer.Analyze(["a", "b", "c"], [same, copy, shifted]);

        Assert.Equal(0, report.MeanWasserstein1[0][1], 12);
        Assert.Equal(0, report.MeanKsStatistic[0][1], 12);
        Assert.True(report.MeanWasserstein1[0][2] > 0.5, $"W1 {report.MeanWasserstein1[0][2]}");
        Assert.True(report.KsRejectedShare[0][2] == 1);
        Assert.Equal(report.MeanWasserstein1[0][2], report.MeanWasserstein1[2][0]);
        Assert.Equal(1, report.SharedSensors[0][2]);
        Assert.Equal(1.0, report.QuantityRatio);
        Assert.Equal(0, report.LabelJensenShannon[0][1], 12);
    }

    [Fact]
    public void Analyzer_leaves_out_sensors_a_pair_does_not_share()
    {
        var full = Table(0, 1, 200, seed: 4);
        var partial = full.SelectSensors([]);
        var report = HeterogeneityAnalyzer.Analyze(["full", "none"], [full, partial]);

        Assert.Equal(0, report.SharedSensors[0][1]);
        Assert.True(double.IsNaN(report.MeanWasserstein1[0][1]));
    }

    private static SensorTable Table(double mean, double std, int rows, int seed)
    {
        var rng = new SeededRandom(seed);
        var x = new float[rows];
        for (int i = 0; i < rows; i++) x[i] = (float)(mean + std * rng.NextNormal());
        return new SensorTable(Enumerable.Range(0, rows).Select(i => (long)i * TimeSpan.TicksPerMinute).ToArray(), ["s"], [x],
            new int[rows], LabelScheme.Binary("anomaly"));
    }

    private static float[] Parse(string s) => s.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // numpy.random.default_rng(7): x = round(normal(0, 1, 200), 3), y = round(normal(0.3, 1.2, 150), 3).
    private const string ScipyX = "0.001,0.299,-0.274,-0.891,-0.455,-0.992,0.060,1.340,-0.492,-0.620,0.490,0.357,0.105,-0.930,-0.029,0.695,-1.344,-0.458,-1.901,-1.290,-1.842,-0.235,-1.267,0.271,0.157,-0.187,-2.517,-0.539,-0.049,0.113,-1.530,-0.478,-0.979,-0.809,1.061,-0.808,-0.033,0.884,-0.584,-0.112,0.110,0.064,-1.225,0.076,1.359,-1.547,0.859,0.119,-0.641,2.000,0.762,-1.199,0.075,0.577,-0.189,0.683,-0.067,0.667,1.439,-0.676,0.203,-0.463,0.127,-1.187,-0.579,-0.196,0.899,1.145,-1.324,-0.795,0.647,-1.992,-0.463,-0.097,1.257,0.689,-0.327,-0.369,-0.250,1.524,-0.428,-0.304,0.353,-0.121,-0.197,-1.114,-0.012,-0.444,1.166,0.653,-0.024,0.668,-0.340,1.052,-0.005,0.583,-1.291,0.347,-1.688,-2.035,-0.304,-0.900,0.164,2.245,-0.832,-0.624,0.205,0.493,-0.176,-0.206,0.702,0.520,-1.034,-0.079,0.035,-1.054,0.260,-0.858,0.972,0.193,0.089,-0.591,-0.119,-1.998,-1.131,0.363,-2.129,0.847,-1.746,0.757,-0.845,0.779,0.131,-1.537,1.249,1.442,-0.066,-0.274,-0.160,-0.975,1.099,-0.543,-0.051,-0.793,-0.626,-1.278,1.257,-0.154,0.966,0.013,-0.694,-0.327,-0.560,0.008,-0.375,-0.300,-1.379,-0.807,1.654,-0.671,-1.054,0.337,1.407,-1.454,-0.209,-0.632,-1.761,0.735,-0.023,0.071,-0.752,0.455,-0.539,-0.143,-1.108,-1.216,1.336,-0.507,0.292,-0.034,-0.441,-0.508,0.630,-0.302,-0.151,0.022,1.177,0.681,0.383,-0.564,-1.382,0.950,0.966,-0.141,0.542,0.781,0.831,0.921,-0.456,1.515";
    private const string ScipyY = "-1.196,1.334,0.893,1.348,2.555,2.081,-1.074,-1.726,1.280,-0.918,0.285,1.308,-1.673,-2.232,0.611,0.353,0.005,0.346,-0.733,-1.516,0.100,-0.866,-1.672,0.907,0.226,0.788,-0.887,-0.490,-0.899,-0.764,0.534,-0.640,0.727,0.708,2.730,-1.371,1.365,0.193,0.283,-1.440,-0.252,1.192,0.201,0.397,-0.049,1.685,0.274,-2.340,-0.530,-2.063,-3.602,-0.336,1.900,0.357,-1.107,-0.829,1.657,0.489,0.358,0.236,0.346,1.266,0.963,0.559,-0.951,0.913,-0.521,1.613,-1.225,0.135,0.291,-1.290,2.366,2.052,-0.256,1.226,0.754,-2.836,0.600,0.226,0.400,-0.992,-0.023,0.086,1.726,0.701,0.293,2.135,-0.366,-0.167,-1.880,2.183,1.457,1.400,1.103,0.432,0.559,-0.002,0.056,0.365,2.114,0.967,0.230,-0.395,-0.462,2.223,0.908,0.381,-0.115,-1.031,0.220,1.348,-0.171,0.027,0.035,0.432,-1.612,0.018,-0.725,1.362,-0.625,0.992,2.129,-0.076,-0.422,0.530,0.298,-0.892,0.853,2.719,-0.010,0.057,-0.954,0.683,-1.196,-1.028,1.836,-0.787,1.598,2.129,0.611,0.964,2.643,0.064,-0.412,-1.324,0.350,2.075,1.452,-0.831";
}
