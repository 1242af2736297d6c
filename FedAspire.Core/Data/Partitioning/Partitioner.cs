using System.Globalization;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Core.Data.Partitioning;

/// <summary>
/// Splits one sensor table into federated clients. Rows move in label-pure contiguous blocks, every input row lands in
/// exactly one client, each client keeps its rows in input (time) order, sensors keep their names (subsets drop columns,
/// never reorder), and quantity skew never duplicates rows. Degradations are applied per client in time order.
/// </summary>
public static class Partitioner
{
    /// <summary>Partitions <paramref name="table"/>; <paramref name="source"/> describes the input for the metadata.</summary>
    public static PartitionResult Partition(SensorTable table, PartitionOptions options, string source = "", IProgress<string>? progress = null)
    {
        options.Validate();
        if (table.RowCount < options.Clients)
            throw new ArgumentException($"{table.RowCount} rows cannot make {options.Clients} non-empty clients.", nameof(table));
        var rng = new SeededRandom(options.Seed);
        var notes = new List<string>();
        int k = options.Clients;
        double[]? targets = TargetFractions(options, rng);

        progress?.Report($"assigning {table.RowCount:N0} rows to {k} clients ({options.Strategy.ToString().ToLowerInvariant()})");
        int[] clientOfRow = options.Strategy switch
        {
            PartitionStrategy.Temporal => AssignTemporal(table.RowCount, targets!),
            _ => AssignBlocks(table, options, targets, rng, notes, progress),
        };

        var rowsOf = new List<int>[k];
        for (int i = 0; i < k; i++) rowsOf[i] = [];
        for (int r = 0; r < clientOfRow.Length; r++) rowsOf[clientOfRow[r]].Add(r);
        if (!table.IsTimeOrdered())
        {
            notes.Add("the input's timestamps are not ascending; each client's rows are ordered by timestamp (stable).");
            foreach (var rows in rowsOf) rows.Sort((a, b) => table.Timestamps[a] != table.Timestamps[b] ? table.Timestamps[a].CompareTo(table.Timestamps[b]) : a.CompareTo(b));
        }

        var clients = new ClientPartition[k];
        var reports = new DegradationReport[k];
        for (int i = 0; i < k; i++)
        {
            progress?.Report($"client_{i}: {rowsOf[i].Count:N0} rows, applying degradations");
            var rows = rowsOf[i].ToArray();
            var (degraded, report) = Degrade(table.SelectRows(rows), options.DegradationFor(i), rng);
            clients[i] = new ClientPartition($"client_{i}", degraded, rows);
            reports[i] = report;
        }

        var map = FederationFeatureMap.Union(clients.Select(c => c.Table));
        var metadata = BuildMetadata(table, options, source, targets, notes, clients, reports, map);
        return new PartitionResult(clients, map, metadata);
    }

    /// <summary>Target shares: explicit fractions, Pareto draws, or equal (null for clustering, whose sizes come from the clusters).</summary>
    private static double[]? TargetFractions(PartitionOptions o, SeededRandom rng)
    {
        if (o.Strategy == PartitionStrategy.Clustering) return null;
        double[] q = o.QuantityFractions is { } given ? given.ToArray()
            : o.ParetoShape is { } shape ? Enumerable.Range(0, o.Clients).Select(_ => rng.NextPareto(shape)).ToArray()
            : Enumerable.Repeat(1.0, o.Clients).ToArray();
        double sum = q.Sum();
        for (int i = 0; i < q.Length; i++) q[i] /= sum;
        return q;
    }

    private static int[] AssignTemporal(int rows, double[] targets)
    {
        var client = new int[rows];
        double cum = 0;
        int start = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            cum += targets[i];
            int end = i == targets.Length - 1 ? rows : (int)Math.Round(cum * rows);
            // Every period gets at least one row and leaves one for each later client.
            end = Math.Clamp(end, start + 1, rows - (targets.Length - 1 - i));
            client.AsSpan(start, end - start).Fill(i);
            start = end;
        }
        return client;
    }

    /// <summary>Label-pure blocks of at most <paramref name="maxLength"/> rows: (start, length, label).</summary>
    internal static List<(int Start, int Length, int Label)> Blocks(SensorTable table, int maxLength)
    {
        var blocks = new List<(int, int, int)>();
        int start = 0;
        for (int r = 1; r <= table.RowCount; r++)
        {
            bool labelChange = r < table.RowCount && table.Labels is not null && table.Labels[r] != table.Labels[r - 1];
            if (r == table.RowCount || labelChange || r - start == maxLength)
            {
                blocks.Add((start, r - start, table.Labels?[start] ?? 0));
                start = r;
            }
        }
        return blocks;
    }

    private static int[] AssignBlocks(SensorTable table, PartitionOptions o, double[]? targets, SeededRandom rng, List<string> notes, IProgress<string>? progress)
    {
        int k = o.Clients;
        var blocks = Blocks(table, o.BlockLength);
        var blockClient = new int[blocks.Count];
        int labelCount = table.LabelScheme?.Names.Count ?? 1;
        int[]? cluster = null;
        if (o.Strategy is PartitionStrategy.Clustering or PartitionStrategy.Hybrid)
        {
            progress?.Report($"k-means (k={k}) over {blocks.Count:N0} blocks of standardized operating signals");
            cluster = ClusterBlocks(table, blocks, o, k, rng, notes);
        }

        switch (o.Strategy)
        {
            case PartitionStrategy.Iid:
                SplitByShares(Enumerable.Range(0, blocks.Count).ToArray(), blocks, targets!, blockClient, rng);
                break;
            case PartitionStrategy.Clustering:
                cluster!.CopyTo(blockClient, 0);
                break;
            case PartitionStrategy.Dirichlet:
                for (int label = 0; label < labelCount; label++)
                {
                    var cell = Enumerable.Range(0, blocks.Count).Where(b => blocks[b].Label == label).ToArray();
                    if (cell.Length > 0) SplitByShares(cell, blocks, Weighted(rng.NextDirichlet(o.Alpha, k), targets!), blockClient, rng);
                }
                break;
            case PartitionStrategy.Hybrid:
                for (int c = 0; c < k; c++)
                    for (int label = 0; label < labelCount; label++)
                    {
                        var cell = Enumerable.Range(0, blocks.Count).Where(b => cluster![b] == c && blocks[b].Label == label).ToArray();
                        if (cell.Length > 0) SplitByShares(cell, blocks, Weighted(rng.NextDirichlet(o.Alpha, k), targets!), blockClient, rng);
                    }
                RebalanceToShares(blockClient, blocks, cluster!, targets!, o.BlockLength, notes);
                break;
        }
        EnsureNonEmpty(blockClient, blocks, k, notes);

        var clientOfRow = new int[table.RowCount];
        for (int b = 0; b < blocks.Count; b++) clientOfRow.AsSpan(blocks[b].Start, blocks[b].Length).Fill(blockClient[b]);
        return clientOfRow;
    }

    private static double[] Weighted(double[] dirichlet, double[] targets)
    {
        var p = new double[dirichlet.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = dirichlet[i] * targets[i];
        if (sum <= 0) return targets;
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>Shuffles the blocks and cuts the sequence at the cumulative row shares, so each client gets about its share of rows.</summary>
    private static void SplitByShares(int[] cell, List<(int Start, int Length, int Label)> blocks, double[] shares, int[] blockClient, SeededRandom rng)
    {
        rng.Shuffle(cell.AsSpan());
        long total = 0;
        foreach (var b in cell) total += blocks[b].Length;
        var bounds = new double[shares.Length];
        double cum = 0;
        for (int i = 0; i < shares.Length; i++) bounds[i] = (cum += shares[i]) * total;
        long at = 0;
        int client = 0;
        foreach (var b in cell)
        {
            // A block goes to the client whose share contains the block's midpoint.
            double mid = at + blocks[b].Length / 2.0;
            while (client < shares.Length - 1 && mid >= bounds[client]) client++;
            blockClient[b] = client;
            at += blocks[b].Length;
        }
    }

    /// <summary>
    /// Hybrid cells follow the shares only in expectation (few cells, Dirichlet noise), so whole blocks move from the client
    /// most over its share to the one most under it until every client is within one block of its target. The moved block is
    /// taken from the (cluster, label) cell in which the receiver already holds the most rows, which keeps the skew structure.
    /// </summary>
    private static void RebalanceToShares(int[] blockClient, List<(int Start, int Length, int Label)> blocks, int[] cluster, double[] shares, int blockLength, List<string> notes)
    {
        int k = shares.Length;
        long total = 0;
        foreach (var b in blocks) total += b.Length;
        var rows = new long[k];
        for (int b = 0; b < blocks.Count; b++) rows[blockClient[b]] += blocks[b].Length;
        int labels = 0;
        foreach (var b in blocks) labels = Math.Max(labels, b.Label + 1);
        int cells = k * labels;
        var cellRows = new long[k, cells];
        for (int b = 0; b < blocks.Count; b++) cellRows[blockClient[b], cluster[b] * labels + blocks[b].Label] += blocks[b].Length;
        int moves = 0;
        long movedRows = 0;
        for (int guard = 0; guard < blocks.Count; guard++)
        {
            int donor = 0, receiver = 0;
            double surplus = double.MinValue, deficit = double.MinValue;
            for (int c = 0; c < k; c++)
            {
                double diff = rows[c] - shares[c] * total;
                if (diff > surplus) { surplus = diff; donor = c; }
                if (-diff > deficit) { deficit = -diff; receiver = c; }
            }
            if (surplus <= blockLength || deficit <= blockLength / 2.0 || donor == receiver) break;
            int best = -1;
            long bestCell = -1;
            for (int b = blocks.Count - 1; b >= 0; b--)
            {
                if (blockClient[b] != donor || blocks[b].Length > surplus) continue;
                long held = cellRows[receiver, cluster[b] * labels + blocks[b].Label];
                if (held > bestCell) { bestCell = held; best = b; }
            }
            if (best < 0) break;
            int cell = cluster[best] * labels + blocks[best].Label;
            cellRows[donor, cell] -= blocks[best].Length;
            cellRows[receiver, cell] += blocks[best].Length;
            rows[donor] -= blocks[best].Length;
            rows[receiver] += blocks[best].Length;
            blockClient[best] = receiver;
            moves++;
            movedRows += blocks[best].Length;
        }
        if (moves > 0)
            notes.Add($"hybrid: moved {moves} blocks ({movedRows} rows) between clients to meet the quantity shares, taking blocks from the (cluster, label) cells the receiving client already held most of.");
    }

    private static void EnsureNonEmpty(int[] blockClient, List<(int Start, int Length, int Label)> blocks, int k, List<string> notes)
    {
        for (int c = 0; c < k; c++)
        {
            if (blockClient.Contains(c)) continue;
            var rows = new long[k];
            var count = new int[k];
            for (int b = 0; b < blockClient.Length; b++) { rows[blockClient[b]] += blocks[b].Length; count[blockClient[b]]++; }
            int donor = Array.IndexOf(rows, rows.Max());
            if (count[donor] < 2) throw new ArgumentException($"Too few blocks ({blocks.Count}) to give each of {k} clients data; lower the block length or the client count.");
            int last = Array.LastIndexOf(blockClient, donor);
            blockClient[last] = c;
            notes.Add($"client_{c} received no block from the strategy; it was given the last block of client_{donor} ({blocks[last].Length} rows).");
        }
    }

    private static int[] ClusterBlocks(SensorTable table, List<(int Start, int Length, int Label)> blocks, PartitionOptions o, int k, SeededRandom rng, List<string> notes)
    {
        var sensors = o.ClusterSensors?.ToArray()
            ?? table.SensorNames.Where(n => SensorTable.CountMissing(table.Column(n)) < table.RowCount / 2).ToArray();
        if (sensors.Length == 0) throw new ArgumentException("No operating signal to cluster on (every sensor is at least half missing).", nameof(table));
        notes.Add($"clusters computed on block means of {sensors.Length} standardized sensors ({string.Join(", ", sensors.Take(6))}{(sensors.Length > 6 ? ", ..." : "")}); missing values count as the mean.");
        int d = sensors.Length;
        var points = new float[blocks.Count * d];
        for (int s = 0; s < d; s++)
        {
            var x = table.Column(sensors[s]);
            var (mean, std) = MeanStd(x);
            for (int b = 0; b < blocks.Count; b++)
            {
                double sum = 0;
                int n = 0;
                var span = x.AsSpan(blocks[b].Start, blocks[b].Length);
                foreach (var v in span) if (!float.IsNaN(v)) { sum += v; n++; }
                points[b * d + s] = n == 0 ? 0f : (float)((sum / n - mean) / std);
            }
        }
        if (blocks.Count < k) throw new ArgumentException($"{blocks.Count} blocks cannot form {k} clusters; lower the block length.", nameof(o));
        return KMeans.Cluster(points, d, k, rng);
    }

    /// <summary>Mean and std (std 1 when constant or empty) over the non-missing values.</summary>
    internal static (double Mean, double Std) MeanStd(ReadOnlySpan<float> x)
    {
        double sum = 0, sumSq = 0;
        int n = 0;
        foreach (var v in x) if (!float.IsNaN(v)) { sum += v; sumSq += (double)v * v; n++; }
        if (n == 0) return (0, 1);
        double mean = sum / n;
        double var = Math.Max(0, sumSq / n - mean * mean);
        double std = Math.Sqrt(var);
        return (mean, std > 1e-12 ? std : 1);
    }

    /// <summary>Applies the client's degradations in time order: sensor subset, delay, calibration bias, noise, dropout.</summary>
    private static (SensorTable Table, DegradationReport Report) Degrade(SensorTable client, ClientDegradation d, SeededRandom rng)
    {
        var present = client.SensorNames.ToArray();
        int keepCount = Math.Max(1, (int)Math.Round(d.SensorFraction * present.Length));
        string[] dropped = [];
        if (keepCount < present.Length)
        {
            var order = Enumerable.Range(0, present.Length).ToArray();
            rng.Shuffle(order.AsSpan());
            var keep = order.Take(keepCount).ToHashSet();
            dropped = present.Where((_, i) => !keep.Contains(i)).ToArray();
            client = client.SelectSensors(present.Where((_, i) => keep.Contains(i)));
        }
        var cols = Enumerable.Range(0, client.SensorCount).Select(c => (float[])client.Column(c).Clone()).ToArray();
        int rows = client.RowCount;

        var delayed = new List<string>();
        if (d.DelaySteps > 0 && d.DelayedSensorFraction > 0)
        {
            int count = Math.Max(1, (int)Math.Round(d.DelayedSensorFraction * cols.Length));
            var order = Enumerable.Range(0, cols.Length).ToArray();
            rng.Shuffle(order.AsSpan());
            var chosen = order.Take(count).Order().ToArray();
            foreach (var c in chosen)
            {
                // value[t] = value[t - k] along the client's own time order.
                int lag = Math.Min(d.DelaySteps, rows);
                var col = cols[c];
                if (rows > lag) col.AsSpan(0, rows - lag).CopyTo(col.AsSpan(lag));
                col.AsSpan(0, lag).Fill(float.NaN);
                delayed.Add(client.SensorNames[c]);
            }
        }

        var bias = new Dictionary<string, double>();
        if (d.CalibrationBias > 0)
            for (int c = 0; c < cols.Length; c++)
            {
                double b = rng.Uniform(d.CalibrationBias / 2, d.CalibrationBias) * (rng.NextDouble() < 0.5 ? -1 : 1);
                bias[client.SensorNames[c]] = Math.Round(b, 6);
                float factor = (float)(1 + Math.Round(b, 6));
                var col = cols[c];
                for (int r = 0; r < col.Length; r++) col[r] *= factor;
            }

        var noise = new Dictionary<string, double>();
        if (d.NoiseFraction > 0)
            for (int c = 0; c < cols.Length; c++)
            {
                var col = cols[c];
                var (_, std) = MeanStd(col);
                double sd = d.NoiseFraction * std;
                noise[client.SensorNames[c]] = Math.Round(sd, 6);
                for (int r = 0; r < col.Length; r++)
                    if (!float.IsNaN(col[r])) col[r] = (float)(col[r] + sd * rng.NextNormal());
            }

        long droppedValues = 0;
        if (d.DropoutRate > 0)
            foreach (var col in cols)
                for (int r = 0; r < col.Length; r++)
                    if (rng.NextDouble() < d.DropoutRate && !float.IsNaN(col[r])) { col[r] = float.NaN; droppedValues++; }

        var report = new DegradationReport
        {
            SensorFraction = d.SensorFraction,
            DroppedSensors = dropped,
            CalibrationBias = d.CalibrationBias,
            CalibrationBiasBySensor = bias,
            NoiseFraction = d.NoiseFraction,
            NoiseStdBySensor = noise,
            DropoutRate = d.DropoutRate,
            DroppedValues = droppedValues,
            DelaySteps = delayed.Count > 0 ? d.DelaySteps : 0,
            DelayedSensors = delayed,
        };
        return (client.WithColumns(cols), report);
    }

    private static PartitionMetadata BuildMetadata(SensorTable table, PartitionOptions o, string source, double[]? targets, List<string> notes,
        ClientPartition[] clients, DegradationReport[] reports, FederationFeatureMap map)
    {
        var inv = CultureInfo.InvariantCulture;
        var parameters = new Dictionary<string, string>
        {
            ["clients"] = o.Clients.ToString(inv),
            ["alpha"] = o.Strategy is PartitionStrategy.Dirichlet or PartitionStrategy.Hybrid ? o.Alpha.ToString("R", inv) : "n/a",
            ["quantity"] = o.QuantityFractions is { } q ? string.Join("/", q.Select(x => x.ToString("R", inv)))
                : o.ParetoShape is { } p ? $"pareto(shape={p.ToString("R", inv)})" : o.Strategy == PartitionStrategy.Clustering ? "from clusters" : "equal",
            ["blockLength"] = o.Strategy == PartitionStrategy.Temporal ? "n/a (contiguous periods)" : o.BlockLength.ToString(inv),
            ["clusterSensors"] = o.ClusterSensors is { } cs ? string.Join(",", cs) : "default (sensors with under 50% missing)",
        };
        int assigned = clients.Sum(c => c.Table.RowCount);
        var scheme = table.LabelScheme;
        var clientMeta = clients.Select((c, i) =>
        {
            var t = c.Table;
            var counts = t.LabelCounts();
            var dist = new Dictionary<string, long>();
            if (scheme is not null) for (int l = 0; l < counts.Length; l++) dist[scheme.Names[l]] = counts[l];
            return new ClientMetadata
            {
                Name = c.Name,
                File = c.Name + ".csv",
                Samples = t.RowCount,
                Fraction = Math.Round((double)t.RowCount / assigned, 6),
                TargetFraction = targets is null ? null : Math.Round(targets[i], 6),
                FirstTimestamp = t.RowCount > 0 ? CellParser.FormatTimestamp(t.Timestamps[0]) : "",
                LastTimestamp = t.RowCount > 0 ? CellParser.FormatTimestamp(t.Timestamps[^1]) : "",
                Sensors = t.SensorNames,
                PresenceMask = map.PresenceMask(t).Select(b => b ? 1 : 0).ToArray(),
                LabelDistribution = dist,
                MissingRate = Math.Round(t.MissingRate(), 6),
                Degradations = reports[i],
            };
        }).ToArray();
        return new PartitionMetadata
        {
            Seed = o.Seed,
            Strategy = o.Strategy.ToString().ToLowerInvariant(),
            Parameters = parameters,
            Source = source,
            InputRows = table.RowCount,
            AssignedRows = assigned,
            UnassignedRows = table.RowCount - assigned,
            LabelColumn = scheme?.ColumnName ?? "",
            LabelNames = scheme?.Names ?? [],
            AnomalousLabels = scheme?.Anomalous ?? [],
            FederationFeatures = map.Features,
            Notes = notes,
            Clients = clientMeta,
        };
    }
}
