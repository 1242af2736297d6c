using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class FeatureMapperTests
{
    [Fact]
    public void Maps_by_name_into_feature_order_with_a_presence_mask()
    {
        var mapper = new FeatureMapper(["Pressure", "Temperature", "Current", "Voltage"]);
        var record = new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 1, ["Voltage", "Pressure", "Humidity"], [230f, 1.5f, 40f]);
        var values = new float[4];
        var mask = new float[4];

        int observed = mapper.Map(record, values, mask);

        Assert.Equal(2, observed);
        Assert.Equal([1.5f, 0f, 0f, 230f], values);
        Assert.Equal([1f, 0f, 0f, 1f], mask);
    }

    [Fact]
    public void Previous_contents_are_cleared_and_non_finite_values_count_as_missing()
    {
        var mapper = new FeatureMapper(["a", "b"]);
        float[] values = [9f, 9f], mask = [1f, 1f];

        int observed = mapper.Map(new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 1, ["b"], [float.PositiveInfinity]), values, mask);

        Assert.Equal(0, observed);
        Assert.Equal([0f, 0f], values);
        Assert.Equal([0f, 0f], mask);
    }

    [Fact]
    public void Bad_feature_lists_and_buffers_fail_with_clear_messages()
    {
        var duplicate = Assert.Throws<ArgumentException>(() => new FeatureMapper(["a", "b", "a"]));
        Assert.Contains("'a' appears twice", duplicate.Message, StringComparison.Ordinal);

        var mapper = new FeatureMapper(["a", "b"]);
        var record = new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 1, ["a"], [1f]);
        var wrong = Assert.Throws<ArgumentException>(() => mapper.Map(record, new float[3], new float[2]));
        Assert.Contains("length 2", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_sharing_or_changing_their_sensor_array_map_correctly()
    {
        var mapper = new FeatureMapper(["a", "b", "c"]);
        string[] shared = ["c", "a"];
        var values = new float[3];
        var mask = new float[3];

        mapper.Map(new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 1, shared, [3f, 1f]), values, mask);
        Assert.Equal([1f, 0f, 3f], values);
        mapper.Map(new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 2, shared, [30f, 10f]), values, mask);
        Assert.Equal([10f, 0f, 30f], values);
        mapper.Map(new TelemetryRecord("d", "f", DateTimeOffset.UnixEpoch, 3, ["b", "x"], [2f, 9f]), values, mask);
        Assert.Equal([0f, 2f, 0f], values);
        Assert.Equal([0f, 1f, 0f], mask);
    }
}
