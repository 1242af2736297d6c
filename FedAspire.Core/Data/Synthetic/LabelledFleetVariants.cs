namespace FedAspire.Core.Data.Synthetic;

/// <summary>The synthetic labelled fleet variants by name, each at its default size.</summary>
public static class LabelledFleetVariants
{
    /// <summary>Synthetic variant names (the IMS conversion is not synthetic and needs its file).</summary>
    public static IReadOnlyList<string> Synthetic { get; } = ["motes", "machine-temperature", "plant-units", "plant-drift"];

    /// <summary>Generates the named synthetic variant with <paramref name="seed"/>; throws for an unknown name.</summary>
    public static LabelledFleet Generate(string variant, int seed) => variant switch
    {
        "motes" => MoteFleet.Generate(new MoteFleetOptions { Seed = seed }),
        "machine-temperature" => MachineTemperatureFleet.Generate(new MachineTemperatureOptions { Seed = seed }),
        "plant-units" => PlantUnitsFleet.Generate(new PlantUnitsOptions { Seed = seed }),
        "plant-drift" => PlantDriftFleet.Generate(new PlantDriftOptions { Seed = seed }),
        _ => throw new ArgumentException($"Unknown variant '{variant}'; known: {string.Join(", ", Synthetic)}.", nameof(variant)),
    };
}
