using FedAspire.Lab.Experiments;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FedAspire.Tests.Experiments;

/// <summary>The PCA baseline's residual score: near zero on the fitted subspace, large off it, whatever the sample's size.</summary>
[Trait("Area", "Federation")]
public sealed class PcaSubspaceTests
{
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void Residual_score_separates_off_subspace_samples()
    {
        // Training data on the line t * (1, 2, -1) plus tiny noise, in 3 dimensions.
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            float t = (float)(random.NextDouble() * 4 - 2);
            return new Row { Features = [t + Noise(random), 2 * t + Noise(random), -t + Noise(random)] };
        }).ToArray();
        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
        var model = ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options { Rank = 1, Seed = 1 })
            .Fit(ml.Data.LoadFromEnumerable(rows, schema));
        var subspace = PcaSubspace.From(model.Model, 3);
        Assert.Equal(1, subspace.Rank);
        // A far point on the line (large but normal), and a small point off the line.
        var scores = subspace.Score([20f, 40f, -20f, 1f, -1f, 1f]);
        Assert.True(scores[0] < 0.01f, $"on-subspace score {scores[0]}");
        Assert.True(scores[1] > 0.5f, $"off-subspace score {scores[1]}");
    }

    private static float Noise(Random random) => (float)((random.NextDouble() - 0.5) * 0.01);
}
