using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedAspire.Aggregator.Apis;
using FedAspire.Aggregator.Registry;
using FedAspire.Aggregator.Remote;
using FedAspire.Core.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FedAspire.Tests.Federation;

/// <summary>The <c>/rounds</c> and <c>/facilities/{facility}/rounds</c> endpoints over a real file registry and HTTP: input validation, paging headers, the operator key.</summary>
[Trait("Area", "Federation")]
public sealed class RoundsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(FileModelRegistry registry, string? operatorKey = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IModelRegistry>(registry);
        builder.Services.Configure<RemoteFacilityOptions>(_ => { });
        builder.Services.Configure<OperatorApiOptions>(o => o.OperatorKeySha256 = operatorKey is null ? null : RemoteFacilityKeys.Hash(operatorKey));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        var app = builder.Build();
        app.MapFederationApi();
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address + "/") });
    }

    private static RoundRecord Round(long id) => new(
        "pumps", id, RoundOutcome.Failed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), 0, 0, [], [], [], [], 0, double.NaN, 0f, null, "quorum not reached");

    [Theory]
    [InlineData("last=-5")]
    [InlineData("last=0")]
    [InlineData("last=100000")]
    [InlineData("before=0")]
    [InlineData("last=abc")]
    public async Task Invalid_page_parameters_answer_400(string query)
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        var (app, http) = await StartAsync(registry);
        await using var _ = app;
        using var __ = http;

        var response = await http.GetAsync($"federations/pumps/rounds?{query}", Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_federation_name_the_registry_refuses_answers_400_with_the_reason()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        var (app, http) = await StartAsync(registry);
        await using var _ = app;
        using var __ = http;

        var response = await http.GetAsync("federations/bad!name/rounds?last=1", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("may only contain", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_and_before_page_the_history_with_a_next_cursor_header_and_a_skipped_count()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        for (int i = 1; i <= 12; i++) await registry.SaveRoundAsync(Round(i), Ct);
        await File.AppendAllTextAsync(registry.HistoryPath("pumps"), "R 99 0000 {torn", Ct);
        var (app, http) = await StartAsync(registry);
        await using var _ = app;
        using var __ = http;

        using var newest = await http.GetAsync("federations/pumps/rounds?last=5", Ct);
        var rounds = await newest.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>(Ct);
        using var older = await http.GetAsync($"federations/pumps/rounds?last=5&before={newest.Headers.GetValues("X-Next-Before").Single()}", Ct);
        var olderRounds = await older.Content.ReadFromJsonAsync<List<System.Text.Json.JsonElement>>(Ct);

        Assert.Equal([8L, 9L, 10L, 11L, 12L], rounds!.Select(r => r.GetProperty("roundId").GetInt64()));
        Assert.Equal("1", newest.Headers.GetValues("X-Skipped-Records").Single());
        Assert.Equal([3L, 4L, 5L, 6L, 7L], olderRounds!.Select(r => r.GetProperty("roundId").GetInt64()));
    }

    [Fact]
    public async Task With_an_operator_key_configured_rounds_status_and_model_need_it()
    {
        using var dir = new TempDirectory();
        using var registry = new FileModelRegistry(dir.Path);
        await registry.SaveRoundAsync(Round(1), Ct);
        var (app, http) = await StartAsync(registry, operatorKey: "s3cret");
        await using var _ = app;
        using var __ = http;

        var anonymous = await http.GetAsync("federations/pumps/rounds?last=1", Ct);
        var model = await http.GetAsync("federations/pumps/model.onnx", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        var wrong = await http.GetAsync("federations/pumps/rounds?last=1", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        var allowed = await http.GetAsync("federations/pumps/rounds?last=1", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, model.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_endpoint_pages_a_facilitys_rounds_like_the_round_history_behind_the_operator_key()
    {
        using var dir = new TempDirectory();
        using var registry = FacilitySeriesTests.Registry(dir.Path, kept: 1000);
        await FacilitySeriesTests.SaveRoundsAsync(registry, [1, 2, 3, 4], "plant-a");
        await FacilitySeriesTests.SaveRoundsAsync(registry, [2, 5], "plant b");
        var (app, http) = await StartAsync(registry, operatorKey: "op-key");
        await using var _ = app;
        using var __ = http;

        using (var anonymous = await http.GetAsync("federations/pumps/facilities/plant-a/rounds", Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "op-key");

        using var page = await http.GetAsync("federations/pumps/facilities/plant-a/rounds?last=2", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var points = await page.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal([3L, 4], points.EnumerateArray().Select(p => p.GetProperty("roundId").GetInt64()));
        Assert.Equal("plant-a", points[0].GetProperty("facility").GetString());
        Assert.Equal(0.5, points[0].GetProperty("f1").GetDouble());
        Assert.Equal("3", Assert.Single(page.Headers.GetValues("X-Next-Before")));
        Assert.Equal("0", Assert.Single(page.Headers.GetValues("X-Skipped-Records")));
        var older = await http.GetFromJsonAsync<JsonElement>("federations/pumps/facilities/plant-a/rounds?before=3", Ct);
        Assert.Equal([1L, 2], older.EnumerateArray().Select(p => p.GetProperty("roundId").GetInt64()));
        var other = await http.GetFromJsonAsync<JsonElement>($"federations/pumps/facilities/{Uri.EscapeDataString("plant b")}/rounds", Ct);
        Assert.Equal([2L, 5], other.EnumerateArray().Select(p => p.GetProperty("roundId").GetInt64()));
        var none = await http.GetFromJsonAsync<JsonElement>("federations/pumps/facilities/nobody/rounds", Ct);
        Assert.Equal(0, none.GetArrayLength());

        foreach (var query in new[] { "last=0", "last=100000", "before=0" })
        {
            using var bad = await http.GetAsync($"federations/pumps/facilities/plant-a/rounds?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using var badName = await http.GetAsync("federations/bad%20name/facilities/plant-a/rounds", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
    }
}
