using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FedAspire.Lab.Experiments;

/// <summary>The mean and top eigenvectors of a fitted ML.NET PCA; scores a sample by its squared distance to that subspace.</summary>
public sealed class PcaSubspace
{
    private readonly float[] _mean;
    private readonly float[][] _vectors;

    private PcaSubspace(float[] mean, float[][] vectors)
    {
        _mean = mean;
        _vectors = vectors;
    }

    /// <summary>Rank actually fitted.</summary>
    public int Rank => _vectors.Length;

    /// <summary>Reads mean and eigenvectors from <paramref name="model"/> (inputs of width <paramref name="d"/>).</summary>
    public static PcaSubspace From(PcaModelParameters model, int d)
    {
        ArgumentNullException.ThrowIfNull(model);
        VBuffer<float>[] vectors = [];
        model.GetEigenVectors(ref vectors, out int rank);
        VBuffer<float> mean = default;
        model.GetMean(ref mean);
        var m = mean.Length == d ? mean.DenseValues().ToArray() : new float[d];
        return new PcaSubspace(m, vectors.Take(rank).Select(v => v.DenseValues().ToArray()).ToArray());
    }

    /// <summary>Per sample of <paramref name="values"/> ([n, d] row-major): ||r||^2 / d with r = c - sum_j (c . e_j) e_j, c = x - mean.</summary>
    public float[] Score(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int d = _mean.Length, n = values.Length / d;
        var scores = new float[n];
        var residual = new float[d];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Subtract(values.AsSpan(i * d, d), _mean, residual);
            foreach (var e in _vectors)
            {
                float projection = TensorPrimitives.Dot(residual, e);
                TensorPrimitives.MultiplyAdd(e, -projection, residual, residual);
            }
            scores[i] = TensorPrimitives.Dot(residual, residual) / d;
        }
        return scores;
    }
}
