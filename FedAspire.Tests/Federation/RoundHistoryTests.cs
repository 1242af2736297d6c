using System.Text;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;

namespace FedAspire.Tests.Federation;

/// <summary>The framed round history and version publishing of the file registry: torn and corrupt records, paging, once-only versions and rounds, epochs.</summary>
[Trait("Area", "Federation")]
public sealed class RoundHistoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RoundRecord Round(long id) => new(
        "pumps", id, RoundOutcome.Completed, DateTimeOffset.UnixEpoch.AddSeconds(id), TimeSpan.FromSeconds(1), id - 1, id,
        ["f1", "f2"], [new ParticipantContribution("f1", 10, 1f, 0.5f, TimeSpan.FromMilliseconds(30))], [], [], 10, 0.5, 0.7f, null, null);

    private static GlobalModelVersion Version(long version, float value) => new(
        "pumps", version, version, DateTimeOffset.UnixEpoch, ModelSpec.DenseAutoencoder(["a", "b"], [1]), [value, 2, 3, 4, 5, 6, 7],
        new FeatureNormalization([1f, 2f], [3f, 4f]), 0.5f, "fedavg", ["f1"], 10, 0.1, null, [1, 2, 3, (byte)version]);

    [Fact]
    public async Task A_torn_record_in_the_middle_is_skipped_and_counted_forever_and_later_appends_stay_readable()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        await registry.SaveRoundAsync(Round(1), Ct);
        // A crash mid-append: the start of a record without its end or newline.
        var torn = RoundHistoryFile.Frame(Round(2));
        await File.AppendAllBytesAsync(registry.HistoryPath("pumps"), torn.AsMemory(0, torn.Length / 2), Ct);
        var atTheEnd = await registry.ReadRoundsAsync("pumps", 10, cancellationToken: Ct);
        Assert.Equal([1L], atTheEnd.Rounds.Select(r => r.RoundId));
        Assert.Equal(1, atTheEnd.Skipped);

        await registry.SaveRoundAsync(Round(2), Ct);
        await registry.SaveRoundAsync(Round(3), Ct);

        using var reopened = new FileModelRegistry(dir.Path);
        var page = await reopened.ReadRoundsAsync("pumps", 10, cancellationToken: Ct);
        Assert.Equal([1L, 2L, 3L], page.Rounds.Select(r => r.RoundId));
        Assert.Equal(1, page.Skipped);
        Assert.Equal([1L, 2L, 3L], (await reopened.ListRoundsAsync("pumps", Ct)).Select(r => r.RoundId));
        Assert.Equal(2, reopened.SkippedRecords);
    }

    [Fact]
    public async Task A_corrupted_byte_inside_a_record_fails_its_checksum_and_only_that_record_is_skipped()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        for (int i = 1; i <= 3; i++) await registry.SaveRoundAsync(Round(i), Ct);
        var path = registry.HistoryPath("pumps");
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        int second = Array.IndexOf(bytes, (byte)'\n') + 1;
        // "samples":10 -> "samples":90 in round 2: still valid JSON, so only the checksum can catch it.
        int at = Encoding.UTF8.GetString(bytes, second, bytes.Length - second).IndexOf("\"samples\":10", StringComparison.Ordinal) + second + 10;
        bytes[at] = (byte)'9';
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var page = await registry.ReadRoundsAsync("pumps", 10, cancellationToken: Ct);

        Assert.Equal([1L, 3L], page.Rounds.Select(r => r.RoundId));
        Assert.Equal(1, page.Skipped);
    }

    [Fact]
    public async Task Pages_walk_the_history_backwards_with_a_before_cursor_to_its_start()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        for (int i = 1; i <= 250; i++) await registry.SaveRoundAsync(Round(i), Ct);

        var newest = await registry.ReadRoundsAsync("pumps", 100, cancellationToken: Ct);
        var older = await registry.ReadRoundsAsync("pumps", 100, newest.NextBefore, Ct);
        var oldest = await registry.ReadRoundsAsync("pumps", 100, older.NextBefore, Ct);
        var middle = await registry.ReadRoundsAsync("pumps", 3, 77, Ct);

        Assert.Equal(Enumerable.Range(151, 100).Select(i => (long)i), newest.Rounds.Select(r => r.RoundId));
        Assert.Equal(151, newest.NextBefore);
        Assert.Equal(Enumerable.Range(51, 100).Select(i => (long)i), older.Rounds.Select(r => r.RoundId));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), oldest.Rounds.Select(r => r.RoundId));
        Assert.Null(oldest.NextBefore);
        Assert.Equal([74L, 75L, 76L], middle.Rounds.Select(r => r.RoundId));
    }

    [Fact]
    public async Task A_round_id_is_recorded_once_and_unframed_lines_of_older_registries_are_still_read()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        Directory.CreateDirectory(Path.Combine(dir.Path, "pumps"));
        await File.WriteAllTextAsync(registry.HistoryPath("pumps"),
            System.Text.Json.JsonSerializer.Serialize(Round(1), FileModelRegistry.JsonOptions) + "\n", Ct);

        await registry.SaveRoundAsync(Round(2), Ct);
        await registry.SaveRoundAsync(Round(2) with { Outcome = RoundOutcome.Failed }, Ct);
        await registry.SaveRoundAsync(Round(1), Ct);

        var rounds = await registry.ListRoundsAsync("pumps", Ct);
        Assert.Equal([1L, 2L], rounds.Select(r => r.RoundId));
        Assert.Equal(RoundOutcome.Completed, rounds[1].Outcome);
    }

    [Fact]
    public async Task A_version_number_is_published_once_the_same_payload_again_is_a_no_op_and_a_different_one_is_refused()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        await registry.SaveVersionAsync(Version(1, 1f), Ct);
        await registry.SaveVersionAsync(Version(1, 1f) with { CreatedAt = DateTimeOffset.UnixEpoch.AddDays(1) }, Ct);

        var e = await Assert.ThrowsAsync<VersionConflictException>(() => registry.SaveVersionAsync(Version(1, 9f), Ct));

        Assert.Contains("version 1 is already published", e.Message);
        var stored = await registry.GetVersionAsync("pumps", 1, Ct);
        Assert.Equal(1f, stored!.Parameters[0]);
        Assert.Equal(VersionFingerprint.Of(Version(1, 1f)), stored.Fingerprint);
        Assert.Equal(await registry.GetEpochAsync("pumps", Ct), stored.Epoch);
    }

    [Fact]
    public async Task The_epoch_survives_a_reopened_registry_and_a_registry_started_over_gets_a_new_one()
    {
        using var dir = new TempDirectory();
        string first;
        using (var registry = new FileModelRegistry(dir.Sub("r")))
        {
            await registry.SaveVersionAsync(Version(1, 1f), Ct);
            first = await registry.GetEpochAsync("pumps", Ct);
        }
        using (var reopened = new FileModelRegistry(dir.Sub("r")))
            Assert.Equal(first, await reopened.GetEpochAsync("pumps", Ct));

        Directory.Delete(dir.Sub("r"), recursive: true);
        using var fresh = new FileModelRegistry(dir.Sub("r"));
        await fresh.SaveVersionAsync(Version(1, 1f), Ct);

        Assert.NotEqual(first, (await fresh.GetLatestAsync("pumps", Ct))!.Epoch);
    }
}
