using FedAspire.Core.Data;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Devices.Facilities;

/// <summary>
/// Facility data described by an experiment scenario file (<c>FedAspire:Data:Source = scenario</c>): any data set experiments
/// read (a CSV folder, SKAB facilities, IMS, the pump sample) becomes the live silo's facilities, with the same reader, the same
/// time splits and the same errors, and facilities keep their names.
/// </summary>
public static class ScenarioFacilities
{
    /// <summary>Loads the scenario at <paramref name="path"/> and serves its first partition's facilities.</summary>
    /// <exception cref="ScenarioException">The scenario is invalid or names no partition.</exception>
    public static InMemoryFacilityDataSource Load(string path)
    {
        var scenario = ScenarioFile.Load(path);
        if (scenario.Dataset == "scale") throw new ScenarioException($"{path}: a scale scenario has no facility data to serve.");
        var root = DatasetLocator.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        var partition = ExperimentDataLoader.Load(scenario, root).FirstOrDefault()
            ?? throw new ScenarioException($"{path}: the scenario names no partition.");
        var clients = partition.Clients.ToDictionary(c => c.Id, c => c.Data, StringComparer.Ordinal);
        return new InMemoryFacilityDataSource(partition.Features, clients,
            $"scenario '{scenario.Name}' ({scenario.Dataset}, partition {partition.Name}: {clients.Count} facilities)");
    }
}
