using System.Text.Json;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Data.Partitioning;

namespace FedAspire.Devices.Scenarios;

/// <summary>Reads and validates scenario files (JSON, camelCase; unknown properties are errors so a typo never goes unnoticed).</summary>
public static class ScenarioFile
{
    /// <summary>Data sets a scenario may name.</summary>
    public static IReadOnlyList<string> Datasets { get; } = ["pump-sample", "skab", "ims-bearing8", "csv", "scale"];

    /// <summary>Baselines a scenario may name.</summary>
    public static IReadOnlyList<string> BaselineNames { get; } = ["centralized-ae", "pca", "zscore", "iforest"];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads <paramref name="path"/> and validates it; throws <see cref="ScenarioException"/> naming the file and the problem.</summary>
    public static ExperimentScenario Load(string path)
    {
        if (!File.Exists(path)) throw new ScenarioException($"Scenario file '{path}' does not exist.");
        ExperimentScenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<ExperimentScenario>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{path}: not a valid scenario ({e.Message})", e);
        }
        if (scenario is null) throw new ScenarioException($"{path}: the file holds no scenario.");
        Validate(scenario, path);
        return scenario;
    }

    /// <summary>Throws <see cref="ScenarioException"/> for the first invalid setting.</summary>
    public static void Validate(ExperimentScenario s, string source)
    {
        ArgumentNullException.ThrowIfNull(s);
        void Fail(string what) => throw new ScenarioException($"{source}: {what}");
        if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            Fail($"name '{s.Name}' must be non-empty and use only letters, digits, '-', '_' and '.'.");
        if (!Datasets.Contains(s.Dataset)) Fail($"unknown dataset '{s.Dataset}' (expected one of {string.Join(", ", Datasets)}).");
        if (s.Rounds < 1) Fail($"rounds must be >= 1, got {s.Rounds}.");
        if (!(s.FalseAlarmTarget > 0 && s.FalseAlarmTarget < 1)) Fail($"falseAlarmTarget must be in (0, 1), got {s.FalseAlarmTarget}.");
        if (!(s.DriftHorizon >= 0 && s.DriftHorizon <= 10)) Fail($"driftHorizon must be in [0, 10] (a share of the training rows; 0 = off), got {s.DriftHorizon}.");
        if (s.Normalization is not ("local" or "global")) Fail($"normalization must be local or global, got '{s.Normalization}'.");
        if (!(s.TestErrorQuantile > 0 && s.TestErrorQuantile < 1)) Fail($"testErrorQuantile must be in (0, 1), got {s.TestErrorQuantile}.");
        if (s.WindowStride < 1) Fail($"windowStride must be >= 1, got {s.WindowStride}.");
        if (s.PcaRank < 0) Fail($"pcaRank must be >= 0, got {s.PcaRank}.");
        if (s.Dataset == "scale")
        {
            var scale = s.Scale ?? new ScenarioScale();
            if (scale.Devices < 1 || scale.Facilities < 1 || scale.ReadingsPerDevice < 1 || scale.Features < 2 || scale.IngestConcurrency < 1)
                Fail($"scale needs devices, facilities, readingsPerDevice, ingestConcurrency >= 1 and features >= 2, got {scale}.");
            if (scale.Silos is < 1 or > ScenarioScale.MaxSilos)
                Fail($"scale.silos must be between 1 and {ScenarioScale.MaxSilos} silo processes (leave it out for the one silo inside the lab), got {scale.Silos}.");
        }
        else
        {
            if (s.Scale?.Silos is not null) Fail("scale.silos (a multi-silo run) applies only to the scale data set.");
            if (!(s.TrainFraction > 0 && s.TrainFraction < 1)) Fail($"trainFraction must be in (0, 1), got {s.TrainFraction}.");
            if (!(s.CalibrationFraction >= 0 && s.CalibrationFraction < 1)) Fail($"calibrationFraction must be in [0, 1), got {s.CalibrationFraction}.");
            if (s.Partitions.Count == 0) Fail("no partitions: list at least one, e.g. { \"name\": \"iid\", \"strategy\": \"iid\", \"clients\": 5 }.");
            foreach (var p in s.Partitions)
            {
                if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                    Fail($"partition name '{p.Name}' must be non-empty and use only letters, digits, '-' and '_'.");
                if (p.Strategy != "natural" && !Enum.TryParse<PartitionStrategy>(p.Strategy, ignoreCase: true, out _))
                    Fail($"partition '{p.Name}': unknown strategy '{p.Strategy}' (expected natural, {string.Join(", ", Enum.GetNames<PartitionStrategy>().Select(n => n.ToLowerInvariant()))}).");
                if (p.Strategy == "natural" && s.Dataset is not ("skab" or "csv")) Fail($"partition '{p.Name}': 'natural' facilities exist only for skab and csv.");
                if (s.Dataset == "csv" && p.Strategy != "natural")
                    Fail($"partition '{p.Name}': csv data keeps its own facilities and devices; use strategy 'natural', got '{p.Strategy}'.");
                if (p.Clients < 1) Fail($"partition '{p.Name}': clients must be >= 1, got {p.Clients}.");
                if (!(p.Alpha > 0)) Fail($"partition '{p.Name}': alpha must be > 0, got {p.Alpha}.");
                if (p.Block < 1) Fail($"partition '{p.Name}': block must be >= 1, got {p.Block}.");
                if (p.Quantity is { } q && (q.Count != p.Clients || q.Any(x => !(x > 0)) || Math.Abs(q.Sum() - 1) > 1e-6))
                    Fail($"partition '{p.Name}': quantity must hold {p.Clients} positive shares summing to 1.");
            }
            if (s.Partitions.Select(p => p.Name).Distinct().Count() != s.Partitions.Count) Fail("partition names must be unique.");
        }
        if (s.Dataset == "csv") ScenarioCsvValidation.Validate(s, Fail);
        else if (s.Csv is not null) Fail("the csv section applies only to dataset csv.");
        if (s.Strategies.Count == 0) Fail("no strategies: list at least one, e.g. { \"name\": \"fedavg\" }.");
        foreach (var st in s.Strategies)
        {
            if (AggregationStrategies.Canonical(st.Name) is null)
                Fail($"unknown strategy '{st.Name}' (expected one of {AggregationStrategies.Describe()}).");
            if (AggregationStrategies.Canonical(st.Name) == "fedprox" && !(st.Mu > 0)) Fail($"strategy fedprox needs mu > 0, got {st.Mu}.");
            if (!(st.Mu >= 0) || !float.IsFinite(st.Mu)) Fail($"strategy '{st.Name}': mu must be >= 0 and finite, got {st.Mu}.");
            if (st.Problems() is [var (property, problem), ..])
                Fail($"strategy '{st.Name}': {JsonNamingPolicy.CamelCase.ConvertName(property)} {problem}");
            // Bulyan refuses a round with fewer than 4f + 3 updates; say so here rather than in the first round of the arm.
            if (AggregationStrategies.Canonical(st.Name) == "bulyan" && s.Dataset != "scale")
                foreach (var p in s.Partitions.Where(p => p.Strategy != "natural" && p.Clients < Bulyan.MinimumUpdates(st.ByzantineCount)))
                    Fail($"strategy '{ArmLabel(st)}': bulyan with byzantineCount {st.ByzantineCount} needs n >= 4f + 3 = {Bulyan.MinimumUpdates(st.ByzantineCount)} facilities; partition '{p.Name}' has {p.Clients}.");
            var privacy = st.Privacy ?? s.Privacy;
            string where = st.Privacy is null ? "privacy" : $"strategy '{ArmLabel(st)}': privacy";
            if (privacy?.Problems() is [var (key, issue), ..])
                Fail($"{where}.{JsonNamingPolicy.CamelCase.ConvertName(key)} {issue}");
            if (privacy is { IsCentral: true } && !Core.Privacy.DifferentialPrivacy.CentralStrategies.Contains(AggregationStrategies.Canonical(st.Name)))
                Fail($"{where}.mode central needs a mean-based strategy ({string.Join(", ", Core.Privacy.DifferentialPrivacy.CentralStrategies)}), got '{st.Name}'.");
            ValidateMode(st, privacy, Fail);
        }
        if (s.Poisoning is { } attack)
        {
            if (!ScenarioPoisoning.Attacks.Contains(attack.Attack))
                Fail($"poisoning.attack must be one of {string.Join(", ", ScenarioPoisoning.Attacks)}, got '{attack.Attack}'.");
            if (attack.Attackers < 1) Fail($"poisoning.attackers must be >= 1, got {attack.Attackers}.");
            if (!(attack.Factor > 0) || !double.IsFinite(attack.Factor)) Fail($"poisoning.factor must be positive and finite, got {attack.Factor}.");
            if (s.Dataset == "scale") Fail("poisoning needs facility data; the scale data set has none.");
        }
        if (s.Strategies.Select(ArmLabel).Distinct().Count() != s.Strategies.Count) Fail("two strategies have the same label; give them distinct 'label's.");
        foreach (var b in s.Baselines)
            if (!BaselineNames.Contains(b)) Fail($"unknown baseline '{b}' (expected {string.Join(", ", BaselineNames)}).");
        if (s.Model.Kind is not ("dense" or "conv")) Fail($"model.kind must be dense or conv, got '{s.Model.Kind}'.");
        if (s.Model.Window < 1) Fail($"model.window must be >= 1, got {s.Model.Window}.");
        if ((s.Model.Kind == "dense" ? s.Model.Hidden : s.Model.Channels).Any(h => h < 1) || (s.Model.Kind == "dense" ? s.Model.Hidden : s.Model.Channels).Count == 0)
            Fail("model.hidden (dense) or model.channels (conv) must list positive widths.");
        if (!Enum.TryParse<Core.Learning.Activation>(s.Model.Activation, ignoreCase: true, out _)) Fail($"model.activation '{s.Model.Activation}' is not relu, tanh, sigmoid or identity.");
        if (s.Training.Epochs < 1 || s.Training.BatchSize < 1 || !(s.Training.LearningRate > 0) || !float.IsFinite(s.Training.LearningRate))
            Fail($"training needs epochs >= 1, batchSize >= 1 and a positive learningRate, got {s.Training}.");
        if (s.SkabProtocol is { } sp)
        {
            if (s.Dataset != "skab") Fail("skabProtocol applies only to dataset skab.");
            if (sp.Window != s.Model.Window) Fail($"skabProtocol.window ({sp.Window}) must equal model.window ({s.Model.Window}): the protocol scores the model's windows.");
            if (sp.Window < 1 || sp.Window > Core.Data.Readers.SkabDataset.TrainLength)
                Fail($"skabProtocol.window must be in 1..{Core.Data.Readers.SkabDataset.TrainLength} (windows must fit in a file's training rows), got {sp.Window}.");
            if (!(sp.Quantile > 0 && sp.Quantile < 1)) Fail($"skabProtocol.quantile must be in (0, 1), got {sp.Quantile}.");
            if (!(sp.Factor > 0) || !double.IsFinite(sp.Factor)) Fail($"skabProtocol.factor must be positive and finite, got {sp.Factor}.");
        }
        if (s.Training.Optimizer is not ("adam" or "sgd")) Fail($"training.optimizer must be adam or sgd, got '{s.Training.Optimizer}'.");
    }

    // A FedBuff arm: the mode, its server options and its simulated speeds.
    private static void ValidateMode(ScenarioStrategy st, Core.Privacy.PrivacyOptions? privacy, Action<string> fail)
    {
        if (st.Mode is not (null or "sync" or "fedbuff")) fail($"strategy '{ArmLabel(st)}': mode must be sync or fedbuff, got '{st.Mode}'.");
        if (st.FedBuff is not null && !st.IsFedBuff) fail($"strategy '{ArmLabel(st)}': a fedbuff section needs \"mode\": \"fedbuff\".");
        if (!st.IsFedBuff) return;
        var f = st.FedBuffOrDefault;
        string where = $"strategy '{ArmLabel(st)}': fedbuff";
        if (f.Staleness is not ("constant" or "polynomial" or "hinge")) fail($"{where}.staleness must be constant, polynomial or hinge, got '{f.Staleness}'.");
        if (f.ToOptions().Problems() is [var (property, problem), ..]) fail($"{where}.{JsonNamingPolicy.CamelCase.ConvertName(property)} {problem}");
        if (!(f.SpeedSpread >= 0 && f.SpeedSpread <= 5)) fail($"{where}.speedSpread must be in [0, 5], got {f.SpeedSpread}.");
        if (!(f.Jitter >= 0 && f.Jitter <= 5)) fail($"{where}.jitter must be in [0, 5], got {f.Jitter}.");
        if (f.Budget is not ("updates" or "time")) fail($"{where}.budget must be updates or time, got '{f.Budget}'.");
        if (privacy is { Enabled: true }) fail($"{where} does not run with differential privacy (its accounting counts synchronous rounds).");
    }

    /// <summary>The arm label of a strategy: its label, else the name plus its distinguishing option.</summary>
    public static string ArmLabel(ScenarioStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!string.IsNullOrWhiteSpace(strategy.Label)) return strategy.Label;
        if (strategy.IsFedBuff) return FormattableString.Invariant($"fedbuff-k{strategy.FedBuffOrDefault.BufferSize}");
        // Arms that differ only in their noise get distinct labels.
        string dp = strategy.Privacy is { Enabled: true } p ? FormattableString.Invariant($"-dp-{p.Mode.ToLowerInvariant()}-z{p.NoiseMultiplier:0.####}") : "";
        return AggregationStrategies.Canonical(strategy.Name) switch
        {
            "fedprox" => FormattableString.Invariant($"fedprox-mu{strategy.Mu:0.####}"),
            "fedadam" or "fedyogi" or "fedadagrad" or "fedavgm" => FormattableString.Invariant($"{strategy.Name}-lr{strategy.ServerLearningRate:0.####}"),
            _ => strategy.Name,
        } + dp;
    }
}
