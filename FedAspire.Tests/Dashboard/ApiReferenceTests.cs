using System.Net;

namespace FedAspire.Tests.Dashboard;

/// <summary>The silo's OpenAPI document, Scalar's reference of it, and Orleans' grain dashboard behind its setting.</summary>
[Trait("Area", "Dashboard")]
public sealed class ApiReferenceTests(DashboardSilo silo) : IClassFixture<DashboardSilo>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_openapi_document_describes_the_dashboard_actions_and_scalar_serves_it_without_another_origin()
    {
        using var http = silo.Http(null);

        var document = await http.GetStringAsync("openapi/v1.json", Ct);
        using var scalar = await http.GetAsync("scalar", Ct);
        var html = await scalar.Content.ReadAsStringAsync(Ct);

        foreach (var path in new[] { "/federations/{name}/status", "/federations/{name}/rounds/run", "/federations/{name}/facilities",
                     "/federations/{name}/facilities/{facility}/pause", "/federations/{name}/facilities/{facility}/resume", "/federations/{name}/anomalies",
                     "/federations/{name}/facilities/{facility}/rounds" })
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grain_dashboard_is_off_by_default()
    {
        using var http = silo.Http(null);

        using var response = await http.GetAsync("orleans", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_the_setting_the_grain_dashboard_answers_loopback_clients()
    {
        await using var withDashboard = new DashboardSilo(new Dictionary<string, string?> { ["FedAspire:Dashboard:GrainDashboard"] = "true" });
        await withDashboard.InitializeAsync();
        using var http = withDashboard.Http(null);

        using var page = await http.GetAsync("orleans/", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
