using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

/// <summary>
/// A deliberately naive double-precision autoencoder written straight from the PyTorch definitions ([channels, length] views, explicit
/// index arithmetic, no padding tricks) that the optimized float implementation is checked against.
/// </summary>
internal static class ReferenceAutoencoder
{
    /// <summary>Reconstruction of one sample (time-major in and out).</summary>
    public static double[] Forward(ModelSpec spec, double[] w, double[] sample)
    {
        var layout = new ParameterLayout(spec);
        int features = spec.FeatureCount, window = spec.Window;
        double[,] x;
        if (spec.IsConvolutional)
        {
            x = new double[features, window];
            for (int t = 0; t < window; t++)
                for (int f = 0; f < features; f++) x[f, t] = sample[t * features + f];
        }
        else
        {
            x = new double[1, sample.Length];
            for (int i = 0; i < sample.Length; i++) x[0, i] = sample[i];
        }
        foreach (var l in layout.Layers)
        {
            var y = new double[l.OutputChannels, l.OutputLength];
            int k = l.Spec.Kernel, s = l.Spec.Stride, p = l.Spec.Padding;
            switch (l.Spec.Kind)
            {
                case LayerKind.Dense:
                    for (int o = 0; o < l.OutputSize; o++)
                    {
                        double sum = w[l.BiasOffset + o];
                        for (int i = 0; i < l.InputSize; i++) sum += w[l.WeightOffset + o * l.InputSize + i] * x[0, i];
                        y[0, o] = sum;
                    }
                    break;
                case LayerKind.Conv1d:
                    for (int o = 0; o < l.OutputChannels; o++)
                        for (int t = 0; t < l.OutputLength; t++)
                        {
                            double sum = w[l.BiasOffset + o];
                            for (int i = 0; i < l.InputChannels; i++)
                                for (int j = 0; j < k; j++)
                                {
                                    int ti = t * s - p + j;
                                    if (ti >= 0 && ti < l.InputLength) sum += w[l.WeightOffset + (o * l.InputChannels + i) * k + j] * x[i, ti];
                                }
                            y[o, t] = sum;
                        }
                    break;
                case LayerKind.ConvTranspose1d:
                    for (int o = 0; o < l.OutputChannels; o++)
                        for (int t = 0; t < l.OutputLength; t++) y[o, t] = w[l.BiasOffset + o];
                    for (int i = 0; i < l.InputChannels; i++)
                        for (int ti = 0; ti < l.InputLength; ti++)
                            for (int o = 0; o < l.OutputChannels; o++)
                                for (int j = 0; j < k; j++)
                                {
                                    int t = ti * s - p + j;
                                    if (t >= 0 && t < l.OutputLength) y[o, t] += w[l.WeightOffset + (i * l.OutputChannels + o) * k + j] * x[i, ti];
                                }
                    break;
            }
            for (int c = 0; c < l.OutputChannels; c++)
                for (int t = 0; t < l.OutputLength; t++) y[c, t] = Activate(l.Spec.Activation, y[c, t]);
            x = y;
        }
        var r = new double[sample.Length];
        if (spec.IsConvolutional)
        {
            for (int t = 0; t < window; t++)
                for (int f = 0; f < features; f++) r[t * features + f] = x[f, t];
        }
        else
        {
            for (int i = 0; i < r.Length; i++) r[i] = x[0, i];
        }
        return r;
    }

    /// <summary>Mean masked MSE over the samples plus mu/2 ||w - anchor||^2.</summary>
    public static double Loss(ModelSpec spec, double[] w, SampleSet data, double mu = 0, float[]? anchor = null)
    {
        double total = 0;
        int n = data.InputSize;
        for (int s = 0; s < data.Count; s++)
        {
            var z = new double[n];
            double observed = 0, error = 0;
            for (int i = 0; i < n; i++)
            {
                double m = data.Mask is null ? 1 : data.Mask[s * n + i];
                z[i] = m == 0 ? 0 : data.Values[s * n + i];
                observed += m;
            }
            var r = Forward(spec, w, z);
            for (int i = 0; i < n; i++)
            {
                double m = data.Mask is null ? 1 : data.Mask[s * n + i];
                error += m * (r[i] - z[i]) * (r[i] - z[i]);
            }
            total += error / Math.Max(observed, 1);
        }
        double loss = total / data.Count;
        if (mu > 0 && anchor is not null)
        {
            double sq = 0;
            for (int i = 0; i < w.Length; i++) sq += (w[i] - anchor[i]) * (w[i] - anchor[i]);
            loss += 0.5 * mu * sq;
        }
        return loss;
    }

    /// <summary>Central finite differences of <see cref="Loss"/> in double precision.</summary>
    /// <remarks>Only every <paramref name="every"/>-th parameter is differentiated (the others stay 0) to keep wide models fast.</remarks>
    public static double[] NumericGradient(ModelSpec spec, float[] parameters, SampleSet data, double mu = 0, float[]? anchor = null, double step = 1e-6, int every = 1)
    {
        var w = parameters.Select(v => (double)v).ToArray();
        var g = new double[w.Length];
        for (int i = 0; i < w.Length; i += every)
        {
            double keep = w[i];
            w[i] = keep + step;
            double up = Loss(spec, w, data, mu, anchor);
            w[i] = keep - step;
            double down = Loss(spec, w, data, mu, anchor);
            w[i] = keep;
            g[i] = (up - down) / (2 * step);
        }
        return g;
    }

    private static double Activate(Activation a, double v) => a switch
    {
        Activation.Relu => Math.Max(v, 0),
        Activation.Tanh => Math.Tanh(v),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
        _ => v,
    };
}
