using FedAspire.Core.Data;
using FedAspire.Devices.Facilities;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class PumpSampleFacilitiesTests
{
    [Fact]
    public async Task The_committed_sample_is_cut_into_facilities_and_a_server_block_with_labelled_held_out_rows()
    {
        var path = PumpSampleFacilities.Locate(null);
        Assert.NotNull(path);
        Assert.Equal(Path.Combine(DatasetLocator.FindRepositoryRoot()!, PumpSampleFacilities.SamplePath), path);

        var data = PumpSampleFacilities.Load(path, facilities: 4);
        var partitions = new List<FacilityPartition>();
        foreach (var id in data.FacilityIds) partitions.Add((await data.LoadAsync(id, TestContext.Current.CancellationToken))!);

        Assert.Equal(["facility-01", "facility-02", "facility-03", "facility-04"], data.FacilityIds);
        Assert.DoesNotContain("sensor_15", data.Features); // never measured in the sample
        Assert.Equal(51, data.Features.Count);
        int block = 10_080 / 5;
        // Training keeps NORMAL rows only: a block's rows are at least training + held-out, and most of its 70 % share trains.
        Assert.All(partitions, p => Assert.InRange(p.TrainCount + p.HeldOutCount, block / 2, block));
        Assert.All(partitions, p => Assert.True(p.TrainCount > block / 2, $"{p.TrainCount} training rows of {block}"));
        Assert.All(partitions, p => Assert.InRange(p.HeldOutCount, block * 3 / 10 - 120, block * 3 / 10 + 120));
        Assert.Contains(partitions.Append(data.ServerPartition), p => p.HeldOutAnomalous.Contains(true));
        Assert.Equal(0, data.ServerPartition.TrainCount);
        Assert.Equal(block, data.ServerPartition.HeldOutCount);
        Assert.Null(await data.LoadAsync("facility-09", TestContext.Current.CancellationToken));
    }
}
