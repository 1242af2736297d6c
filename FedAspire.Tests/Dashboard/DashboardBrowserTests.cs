using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace FedAspire.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium (Debian's <c>/usr/bin/chromium</c> through Playwright) against a running silo: the operator
/// key, a round appearing live (in the pooled and in a facility's own chart), the ONNX download, "run round now" with its confirmation, an anomaly from analytics appearing live,
/// remote facilities' key status, pausing a facility, and no request leaving loopback.
/// </summary>
[Trait("Area", "Dashboard")]
public sealed class DashboardBrowserTests(DashboardSilo silo) : IClassFixture<DashboardSilo>
{
    /// <summary>Debian's chromium; <c>FEDASPIRE_CHROMIUM</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("FEDASPIRE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_follows_rounds_and_anomalies_live_downloads_the_model_runs_a_round_and_pauses_a_facility_on_confirmation_and_stays_on_loopback()
    {
        if (!File.Exists(ChromiumPath)) Assert.Skip($"{ChromiumPath} not found (install Debian's chromium; .ci/run does).");
        var aggregator = await silo.ConfigureAsync(DashboardSilo.DefaultFederation);
        await aggregator.RunRoundAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var loopback = new ConcurrentBag<string>();
        var blocked = new ConcurrentBag<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "blob" or "data" || url.IsLoopback) { loopback.Add(route.Request.Url); await route.ContinueAsync(); }
            else { blocked.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();
        var dialogs = new ConcurrentBag<string>();
        bool accept = false;
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            if (Volatile.Read(ref accept)) await dialog.AcceptAsync(); else await dialog.DismissAsync();
        };

        // The operator key is configured: the page asks for it, keeps it for the session and reloads once.
        await page.GotoAsync(new Uri(silo.BaseAddress, "dashboard").ToString());
        await page.Locator("#auth").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.FillAsync("#operator-key", DashboardSilo.OperatorKey);
        await page.ClickAsync("#auth button");
        await page.Locator("body[data-loaded='true']").WaitForAsync();
        await page.Locator("#rounds tr[data-round='1']").WaitForAsync();
        await page.Locator("#live[data-state='live']").WaitForAsync();
        // The first participant's own series is drawn beside the pooled chart: one point after one round.
        var participants = await aggregator.GetParticipantsAsync();
        await page.Locator($"#facility-chart[data-facility='{participants[0]}'][data-points='1']").WaitForAsync();
        Assert.Equal(participants[0], await page.Locator("#facility-pick").InputValueAsync());

        // A round run elsewhere appears without a reload: a value set on the window survives.
        await page.EvaluateAsync("window.__sameDocument = 42");
        var second = await aggregator.RunRoundAsync();
        await page.Locator($"#rounds tr[data-round='{second.RoundId}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        // ...and so does the facility's new point, grown by one from the event stream.
        await page.Locator($"#facility-chart[data-facility='{participants[0]}'][data-points='2']").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator("#facility-latest", new PageLocatorOptions { HasTextString = $"round {second.RoundId}:" }).WaitForAsync();
        Assert.True(await page.Locator("#facility-chart circle[data-series='FAR']").CountAsync() >= 2);
        // Picking the other facility draws its series.
        await page.SelectOptionAsync("#facility-pick", participants[1]);
        await page.Locator($"#facility-chart[data-facility='{participants[1]}'][data-points='2']").WaitForAsync();
        Assert.Equal(42, await page.EvaluateAsync<int>("window.__sameDocument"));
        Assert.Equal($"{second.RoundId} / {second.Version}", await page.Locator("#round-version").TextContentAsync());
        Assert.Equal(2, await page.Locator("#participants tbody tr").CountAsync());
        // Lateness: each participant's response time in its latest contribution, in seconds.
        Assert.Matches(@"^\d+\.\d (s|min)$", await page.Locator("#participants tbody tr >> nth=0 >> td >> nth=5").TextContentAsync());
        Assert.True(await page.Locator("#metrics-chart circle[data-series='F1']").CountAsync() >= 1);

        // The download is the registry's latest ONNX export, byte for byte.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-onnx"));
        var saved = Path.Combine(Path.GetTempPath(), $"fedaspire-dashboard-{Guid.NewGuid():N}.onnx");
        await download.SaveAsAsync(saved);
        var latest = await silo.Registry.GetLatestAsync(DashboardSilo.DefaultFederation, Ct);
        try
        {
            Assert.Equal($"{DashboardSilo.DefaultFederation}-v{latest!.Version}.onnx", download.SuggestedFilename);
            Assert.Equal(latest.Onnx, await File.ReadAllBytesAsync(saved, Ct));
        }
        finally { File.Delete(saved); }

        // "Run round now" asks first: declined, nothing runs; accepted, the round runs and shows.
        await page.ClickAsync("#run-round");
        await page.WaitForTimeoutAsync(1000);
        Assert.Single(dialogs);
        Assert.Equal(second.RoundId, (await aggregator.GetStatusAsync()).Round);
        Volatile.Write(ref accept, true);
        await page.ClickAsync("#run-round");
        var third = second.RoundId + 1;
        await page.Locator($"#rounds tr[data-round='{third}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.Locator("#message", new PageLocatorOptions { HasTextString = $"round {third} completed" }).WaitForAsync();
        await page.Locator("#round-version", new PageLocatorOptions { HasTextString = $"{third} / {latest.Version + 1}" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await page.Locator($"#versions tr[data-version='{latest.Version + 1}']").WaitForAsync();
        Assert.Equal(2, dialogs.Count);
        Assert.All(dialogs, d => Assert.Equal($"Run a round of federation '{DashboardSilo.DefaultFederation}' now?", d));
        Assert.Equal(third, (await aggregator.GetStatusAsync()).Round);
        Assert.Equal(42, await page.EvaluateAsync<int>("window.__sameDocument"));

        // Start and stop timed rounds, each after a confirmation (the hour-long interval runs no round meanwhile).
        await page.ClickAsync("#start-stop");
        await page.Locator("#state", new PageLocatorOptions { HasTextString = "running (timed rounds)" }).WaitForAsync();
        Assert.True((await aggregator.GetStatusAsync()).Running);
        await page.ClickAsync("#start-stop");
        await page.Locator("#state", new PageLocatorOptions { HasTextString = "stopped" }).WaitForAsync();
        Assert.False((await aggregator.GetStatusAsync()).Running);
        Assert.Equal(4, dialogs.Count);

        // Telemetry that raises an anomaly in analytics appears in the feed, with the device's sparkline, without a reload.
        var model = (await silo.Registry.GetLatestAsync(DashboardSilo.DefaultFederation, Ct))!;
        await silo.Analytics.WaitForModelAsync(model.Version, Ct);
        await page.Locator("#anomaly-source", new PageLocatorOptions { HasTextString = "from analytics at" }).WaitForAsync();
        Assert.Equal(0, await page.Locator("#anomalies tr[data-device='pump-live-1']").CountAsync());
        long seq = await silo.Analytics.SendReadingsAsync(model, "pump-live-1", "plant-a", 1, 6, anomalous: false, Ct);
        await silo.Analytics.SendReadingsAsync(model, "pump-live-1", "plant-a", seq, 3, anomalous: true, Ct);
        await page.Locator("#anomalies tr[data-device='pump-live-1']").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator("#sparklines figure[data-device='pump-live-1'] circle[data-anomaly]").First.WaitForAsync();
        Assert.Contains($"v{model.Version}", await page.Locator("#anomalies tr[data-device='pump-live-1']").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(42, await page.EvaluateAsync<int>("window.__sameDocument"));

        // Facilities: the registered remote ones with their key status, never the key.
        await page.Locator($"#facilities tr[data-facility='{DashboardSilo.RemoteFacility}']", new PageLocatorOptions { HasTextString = "key present" }).WaitForAsync();
        await page.Locator($"#facilities tr[data-facility='{DashboardSilo.RevokedFacility}']", new PageLocatorOptions { HasTextString = "key revoked" }).WaitForAsync();
        Assert.DoesNotContain(DashboardSilo.RemoteKey, await page.ContentAsync(), StringComparison.Ordinal);

        // Pause a facility (confirmed), run a round now: it is not among the round's participants; resume it.
        var pausedId = (await aggregator.GetParticipantsAsync())[0];
        await page.ClickAsync($"#facilities tr[data-facility='{pausedId}'] button[data-action='pause']");
        await page.Locator($"#facilities tr.paused[data-facility='{pausedId}']").WaitForAsync();
        Assert.Equal([pausedId], (await aggregator.GetStatusAsync()).Paused);
        await page.ClickAsync("#run-round");
        var fourth = third + 1;
        await page.Locator($"#rounds tr[data-round='{fourth}']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var pausedRound = (await aggregator.GetStatusAsync()).LastRound!;
        Assert.Equal(fourth, pausedRound.RoundId);
        Assert.DoesNotContain(pausedId, pausedRound.Sampled);
        Assert.Equal("1 / 1", await page.Locator($"#rounds tr[data-round='{fourth}'] td").Nth(4).TextContentAsync());
        await page.ClickAsync($"#facilities tr[data-facility='{pausedId}'] button[data-action='resume']");
        await page.Locator($"#facilities tr[data-facility='{pausedId}'] button[data-action='pause']").WaitForAsync();
        Assert.Empty((await aggregator.GetStatusAsync()).Paused!);
        Assert.Equal(7, dialogs.Count);
        Assert.StartsWith($"Pause facility '{pausedId}'?", dialogs.Single(d => d.StartsWith("Pause", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Back to the first facility: the round it sat out while paused added no point to its series.
        await page.SelectOptionAsync("#facility-pick", participants[0]);
        await page.Locator($"#facility-chart[data-facility='{participants[0]}'][data-points='{fourth - 1}']").WaitForAsync();
        Assert.Equal(pausedId, participants[0]);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard.png"), FullPage = true });

        // The interception works (a request elsewhere is caught and aborted), and the page itself made none.
        Assert.Empty(blocked);
        await page.EvaluateAsync("() => fetch('http://example.invalid/probe').catch(() => null)");
        Assert.Equal(["http://example.invalid/probe"], blocked);
        Assert.Contains(loopback, u => u.EndsWith("/dashboard/dashboard.js", StringComparison.Ordinal));
        Assert.Contains(loopback, u => u.Contains("/events?after=", StringComparison.Ordinal));
        // Anomalies are pushed on the event stream: the page read /anomalies once at start, never polled it, and still saw the new one.
        Assert.Single(loopback, u => u.Contains("/anomalies?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scalar_reference_renders_the_federation_api_offline()
    {
        if (!File.Exists(ChromiumPath)) Assert.Skip($"{ChromiumPath} not found (install Debian's chromium; .ci/run does).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        await using var context = await browser.NewContextAsync();
        var blocked = new ConcurrentBag<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "blob" or "data" || url.IsLoopback) await route.ContinueAsync();
            else { blocked.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(silo.BaseAddress, "scalar").ToString());
        // Scalar renders the document's first group (Federation) open; the dashboard group starts collapsed.
        await page.GetByText("/federations/{name}/status").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.GetByText("Dashboard").First.WaitForAsync();

        Assert.Empty(blocked);
    }
}
