using FedAspire.Core.Aggregation;
using static FedAspire.Tests.Aggregation.AggregationTestData;

namespace FedAspire.Tests.Aggregation;

[Trait("Area", "Learning")]
public sealed class ServerOptimizerTests
{
    // Shared case: global g = [0, 1], one client w = [2, 0.5], so avg = w and delta = avg - g = [2, -0.5].
    private static readonly float[] Global = [0f, 1f];
    private static ClientUpdate[] Client => [Update("a", 5, 2f, 0.5f)];

    [Fact]
    public void FedAvgM_applies_momentum_to_the_pseudo_gradient()
    {
        var strategy = new FedAvgM(2, serverLearningRate: 1f, serverMomentum: 0.5f);
        // Round 1: g=[1,1], avg=[3,-1]; pseudo-gradient = g - avg = [-2, 2]; v = [-2, 2]; w = g - v = [3, -1].
        AllClose([3f, -1f], strategy.Aggregate([1f, 1f], [Update("a", 1, 3f, -1f)]), 1e-6);
        // Round 2: g=[3,-1], avg=[4,-1]; pseudo-gradient = [-1, 0]; v = 0.5*[-2,2] + [-1,0] = [-2, 1]; w = [3,-1] - [-2,1] = [5, -2].
        AllClose([5f, -2f], strategy.Aggregate([3f, -1f], [Update("a", 1, 4f, -1f)]), 1e-6);
    }

    [Fact]
    public void FedAvgM_without_momentum_and_unit_rate_is_fedavg()
    {
        var updates = Random(4, 50, seed: 2);
        var global = Random(1, 50, seed: 9)[0].Parameters;
        AllClose(new FedAvg().Aggregate(global, updates), new FedAvgM(50, 1f, 0f).Aggregate(global, updates), 1e-6);
    }

    [Fact]
    public void FedAdam_first_two_steps_match_a_hand_computation()
    {
        var strategy = new FedAdam(2, serverLearningRate: 0.1f, beta1: 0.9f, beta2: 0.99f, tau: 0.1f);
        // m = 0.1*[2,-0.5] = [0.2,-0.05]; v = 0.01*[4,0.25] = [0.04,0.0025]; sqrt v + tau = [0.3, 0.15];
        // w = [0,1] + 0.1*[0.2/0.3, -0.05/0.15] = [0.0666667, 0.9666667]
        AllClose([0.0666667f, 0.9666667f], strategy.Aggregate(Global, Client), 1e-6);
        // Same delta again: m = 0.9m + 0.1 delta = [0.38,-0.095]; v = 0.99v + 0.01 delta^2 = [0.0796, 0.004975];
        // w = [0,1] + 0.1*[0.38/(0.2821347+0.1), -0.095/(0.0705337+0.1)] = [0.0994414, 0.9442925]
        AllClose([0.0994414f, 0.9442925f], strategy.Aggregate(Global, Client), 1e-6);
    }

    [Fact]
    public void FedYogi_first_step_equals_adam_and_second_step_moves_v_additively()
    {
        var strategy = new FedYogi(2, serverLearningRate: 0.1f, beta1: 0.9f, beta2: 0.99f, tau: 0.1f);
        // From v = 0, sign(v - delta^2) = -1, so v = 0.01 delta^2 exactly as Adam: w = [0.0666667, 0.9666667].
        AllClose([0.0666667f, 0.9666667f], strategy.Aggregate(Global, Client), 1e-6);
        // v = [0.04,0.0025] + 0.01*[4,0.25] = [0.08, 0.005]; m = [0.38,-0.095];
        // w = [0,1] + 0.1*[0.38/(0.2828427+0.1), -0.095/(0.0707107+0.1)] = [0.0992575, 0.9443503]
        AllClose([0.0992575f, 0.9443503f], strategy.Aggregate(Global, Client), 1e-6);
    }

    [Fact]
    public void FedAdagrad_first_step_matches_a_hand_computation()
    {
        var strategy = new FedAdagrad(2, serverLearningRate: 0.1f, beta1: 0f, tau: 0.1f);
        // m = delta = [2,-0.5]; v = delta^2 = [4, 0.25]; w = [0,1] + 0.1*[2/2.1, -0.5/0.6] = [0.0952381, 0.9166667]
        AllClose([0.0952381f, 0.9166667f], strategy.Aggregate(Global, Client), 1e-6);
        // v accumulates: [8, 0.5]; m = delta; w = [0,1] + 0.1*[2/(2.8284271+0.1), -0.5/(0.7071068+0.1)] = [0.0682960, 0.9380503]
        AllClose([0.0682960f, 0.9380503f], strategy.Aggregate(Global, Client), 1e-6);
    }

    [Theory]
    [InlineData("fedavgm")]
    [InlineData("fedadam")]
    [InlineData("fedyogi")]
    [InlineData("fedadagrad")]
    public void Exported_state_resumes_bit_identically(string name)
    {
        const int length = 200;
        var options = new StrategyOptions(name, serverLearningRate: 0.05f);
        var original = AggregationStrategies.Create(options, length);
        var global = new float[length];
        for (int round = 0; round < 3; round++) global = original.Aggregate(global, Random(4, length, seed: round));

        var state = original.ExportState();
        Assert.NotEmpty(state);
        Assert.Contains(state, x => x != 0f);
        var resumed = AggregationStrategies.Create(options, length);
        resumed.ImportState(state);

        var next = Random(4, length, seed: 99);
        Assert.Equal(original.Aggregate(global, next), resumed.Aggregate(global, next));
        Assert.Equal(original.ExportState(), resumed.ExportState());
    }

    [Fact]
    public void Import_rejects_state_of_the_wrong_size()
    {
        var strategy = new FedAdam(10);
        var e = Assert.Throws<ArgumentException>(() => strategy.ImportState(new float[10]));
        Assert.Contains("20", e.Message);
    }

    [Fact]
    public void Stateless_strategies_export_empty_state()
    {
        Assert.Empty(new FedAvg().ExportState());
        Assert.Empty(new FedMedian().ExportState());
        Assert.Empty(new Krum().ExportState());
        Assert.Throws<ArgumentException>(() => new FedAvg().ImportState([1f]));
    }

    [Fact]
    public void Server_optimizer_rejects_a_global_vector_of_another_size()
    {
        var e = Assert.Throws<ArgumentException>(() => new FedYogi(3).Aggregate(Global, Client));
        Assert.Contains("3 parameters", e.Message);
    }
}
