using FedAspire.Devices.Grains;
using FedAspire.Devices.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace FedAspire.Tests.Federation;

[Trait("Area", "Federation")]
public sealed class FileGrainStorageTests
{
    private static Serializer CreateSerializer() => new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public async Task State_written_by_one_instance_is_read_by_a_new_one_with_its_etag()
    {
        using var dir = new TempDirectory();
        var serializer = CreateSerializer();
        var grain = GrainId.Create("facility", "f1");
        var written = new GrainState<FacilityState>(new FacilityState { Devices = ["d1", "d2"] });
        await new FileGrainStorage("Default", dir.Path, serializer).WriteStateAsync("facility", grain, written);

        var read = new GrainState<FacilityState>(new FacilityState());
        await new FileGrainStorage("Default", dir.Path, serializer).ReadStateAsync("facility", grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(["d1", "d2"], read.State!.Devices);
        Assert.Equal(written.ETag, read.ETag);
        Assert.False(File.Exists(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories).Single() + ".tmp"));
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_clear_removes_the_record()
    {
        using var dir = new TempDirectory();
        var storage = new FileGrainStorage("Default", dir.Path, CreateSerializer());
        var grain = GrainId.Create("facility", "f1");
        var first = new GrainState<FacilityState>(new FacilityState { Devices = ["a"] });
        var second = new GrainState<FacilityState>(new FacilityState { Devices = ["b"] });
        await storage.WriteStateAsync("facility", grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("facility", grain, second));
        await storage.WriteStateAsync("facility", grain, first);
        await storage.ClearStateAsync("facility", grain, first);
        var read = new GrainState<FacilityState>(new FacilityState());
        await storage.ReadStateAsync("facility", grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }
}
