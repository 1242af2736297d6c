namespace FedAspire.Core.Data.Heterogeneity;

/// <summary>Computes a <see cref="HeterogeneityReport"/> for a set of client tables (all values, no subsampling).</summary>
public static class HeterogeneityAnalyzer
{
    /// <summary>
    /// Analyzes the clients. Sensors are matched by name; each sensor is standardized with the mean and std pooled over all
    /// clients that have it, so shifts between clients stay visible. <paramref name="progress"/> receives one line per stage.
    /// </summary>
    public static HeterogeneityReport Analyze(IReadOnlyList<string> names, IReadOnlyList<SensorTable> clients, IProgress<string>? progress = null)
    {
        if (names.Count != clients.Count) throw new ArgumentException($"{names.Count} names for {clients.Count} clients.", nameof(names));
        if (clients.Count < 2) throw new ArgumentException("Heterogeneity needs at least two clients.", nameof(clients));
        int k = clients.Count;

        // Labels: union of names in order of first appearance.
        var labels = new List<string>();
        foreach (var c in clients)
            if (c.LabelScheme is { } s)
                foreach (var n in s.Names)
                    if (!labels.Contains(n)) labels.Add(n);
        var labelCounts = new double[k][];
        var summaries = new ClientSummary[k];
        long total = clients.Sum(c => (long)c.RowCount);
        for (int i = 0; i < k; i++)
        {
            labelCounts[i] = new double[labels.Count];
            var counts = clients[i].LabelCounts();
            var byName = new Dictionary<string, long>();
            foreach (var l in labels) byName[l] = 0;
            for (int code = 0; code < counts.Length; code++)
            {
                var n = clients[i].LabelScheme!.Names[code];
                labelCounts[i][labels.IndexOf(n)] += counts[code];
                byName[n] += counts[code];
            }
            summaries[i] = new ClientSummary(names[i], clients[i].RowCount, total == 0 ? 0 : (double)clients[i].RowCount / total,
                clients[i].SensorCount, clients[i].MissingRate(), byName);
        }
        var js = Matrix(k, (i, j) => labels.Count == 0 ? double.NaN : DistributionDistance.JensenShannon(labelCounts[i], labelCounts[j]));

        var sensorNames = FederationFeatureMap.Union(clients).Features;
        progress?.Report($"standardizing and sorting {sensorNames.Count} sensors x {k} clients");
        var sensorResults = new SensorHeterogeneity[sensorNames.Count];
        int done = 0;
        Parallel.For(0, sensorNames.Count, s =>
        {
            var name = sensorNames[s];
            var sorted = new float[k][];
            double sum = 0, sumSq = 0;
            long n = 0;
            for (int i = 0; i < k; i++)
            {
                int col = clients[i].IndexOf(name);
                if (col < 0) continue;
                foreach (var v in clients[i].Column(col)) if (!float.IsNaN(v)) { sum += v; sumSq += (double)v * v; n++; }
            }
            double mean = n > 0 ? sum / n : 0;
            double std = n > 1 ? Math.Sqrt(Math.Max(0, sumSq / n - mean * mean)) : 0;
            if (!(std > 1e-12)) std = 1;
            for (int i = 0; i < k; i++)
            {
                int col = clients[i].IndexOf(name);
                if (col < 0) continue;
                var values = DistributionDistance.SortedFinite(clients[i].Column(col));
                for (int r = 0; r < values.Length; r++) values[r] = (float)((values[r] - mean) / std);
                sorted[i] = values;
            }
            var w1 = Matrix(k, (i, j) => sorted[i] is null || sorted[j] is null ? double.NaN : DistributionDistance.Wasserstein1Sorted(sorted[i], sorted[j]));
            var ksD = new double[k][];
            var ksP = new double[k][];
            for (int i = 0; i < k; i++) { ksD[i] = new double[k]; ksP[i] = new double[k]; }
            for (int i = 0; i < k; i++)
                for (int j = i; j < k; j++)
                {
                    var (d, p) = sorted[i] is null || sorted[j] is null ? (double.NaN, double.NaN) : DistributionDistance.KolmogorovSmirnovSorted(sorted[i], sorted[j]);
                    ksD[i][j] = ksD[j][i] = d;
                    ksP[i][j] = ksP[j][i] = p;
                }
            sensorResults[s] = new SensorHeterogeneity(name, w1, ksD, ksP, MeanOffDiagonal(w1), MeanOffDiagonal(ksD));
            int now = Interlocked.Increment(ref done);
            if (progress is not null && (now % 10 == 0 || now == sensorNames.Count)) progress.Report($"pairwise metrics: {now}/{sensorNames.Count} sensors");
        });

        var shared = new int[k][];
        var meanW1 = new double[k][];
        var meanKs = new double[k][];
        var rejected = new double[k][];
        for (int i = 0; i < k; i++) { shared[i] = new int[k]; meanW1[i] = new double[k]; meanKs[i] = new double[k]; rejected[i] = new double[k]; }
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double w = 0, d = 0;
                int n = 0, rej = 0;
                foreach (var s in sensorResults)
                {
                    if (double.IsNaN(s.Wasserstein1[i][j])) continue;
                    w += s.Wasserstein1[i][j];
                    d += s.KsStatistic[i][j];
                    if (s.KsPValue[i][j] < 0.05) rej++;
                    n++;
                }
                shared[i][j] = n;
                meanW1[i][j] = n > 0 ? w / n : double.NaN;
                meanKs[i][j] = n > 0 ? d / n : double.NaN;
                rejected[i][j] = n > 0 ? (double)rej / n : double.NaN;
            }

        var sizes = clients.Select(c => (double)c.RowCount).ToArray();
        double avg = sizes.Average();
        double cv = avg > 0 ? Math.Sqrt(sizes.Sum(x => (x - avg) * (x - avg)) / sizes.Length) / avg : double.NaN;
        return new HeterogeneityReport
        {
            Clients = names.ToArray(),
            Summaries = summaries,
            Labels = labels,
            LabelJensenShannon = js,
            MeanWasserstein1 = meanW1,
            MeanKsStatistic = meanKs,
            KsRejectedShare = rejected,
            SharedSensors = shared,
            Sensors = sensorResults,
            QuantityRatio = sizes.Min() > 0 ? sizes.Max() / sizes.Min() : double.PositiveInfinity,
            QuantityCoefficientOfVariation = cv,
            Method =
            [
                "label divergence: Jensen-Shannon with log base 2 (0 = identical label mix, 1 = disjoint labels)",
                "sensor values standardized per sensor with the mean and std pooled over every client that has the sensor; missing values left out",
                "Wasserstein-1: exact, from the sorted empirical distributions (no binning)",
                "Kolmogorov-Smirnov: exact two-sample statistic D; p-value from the asymptotic Kolmogorov distribution Q(sqrt(nm/(n+m)) D) (scipy.stats.kstwobign.sf)",
                "all rows used (no subsampling); pairs that do not share a sensor are left out of its averages",
            ],
        };
    }

    private static double[][] Matrix(int k, Func<int, int, double> f)
    {
        var m = new double[k][];
        for (int i = 0; i < k; i++) m[i] = new double[k];
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++) m[i][j] = m[j][i] = f(i, j);
        return m;
    }

    private static double MeanOffDiagonal(double[][] m)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < m.Length; i++)
            for (int j = i + 1; j < m.Length; j++)
                if (!double.IsNaN(m[i][j])) { sum += m[i][j]; n++; }
        return n > 0 ? sum / n : double.NaN;
    }
}
