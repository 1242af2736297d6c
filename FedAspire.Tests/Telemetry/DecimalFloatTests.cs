using System.Globalization;
using System.Text;
using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class DecimalFloatTests
{
    private static float Reference(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0.98")]
    [InlineData("71.25")]
    [InlineData("-3.5E-07")]
    [InlineData("-0")]
    [InlineData("16777216")]
    [InlineData("1e10")]
    [InlineData("0.0000001")]
    [InlineData("12345.678")]
    public void Typical_sensor_numbers_parse_exactly_as_float_Parse(string text)
    {
        Assert.True(DecimalFloat.TryParseExact(Encoding.UTF8.GetBytes(text), out float value));
        Assert.Equal(BitConverter.SingleToInt32Bits(Reference(text)), BitConverter.SingleToInt32Bits(value));
    }

    [Theory]
    [InlineData("16777217")]
    [InlineData("1e11")]
    [InlineData("1e-11")]
    [InlineData("1e300")]
    [InlineData("123456789012345678901")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData("")]
    [InlineData("-")]
    public void Numbers_outside_the_exact_path_are_left_to_the_general_parser(string text) =>
        Assert.False(DecimalFloat.TryParseExact(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Every_accepted_random_number_matches_float_Parse_bit_for_bit()
    {
        var random = new Random(11);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++)
        {
            // Shortest round-trip strings of random floats (what Utf8JsonWriter sends) and random short decimals.
            string text = n % 2 == 0
                ? BitConverter.Int32BitsToSingle(random.Next()).ToString("R", CultureInfo.InvariantCulture)
                : (random.Next(-99_999_999, 99_999_999) * Math.Pow(10, random.Next(-12, 4))).ToString("G7", CultureInfo.InvariantCulture);
            if (!DecimalFloat.TryParseExact(Encoding.UTF8.GetBytes(text), out float value)) continue;
            accepted++;
            Assert.True(BitConverter.SingleToInt32Bits(Reference(text)) == BitConverter.SingleToInt32Bits(value), $"'{text}': {value:R} != {Reference(text):R}");
        }
        Assert.True(accepted > 50_000, $"only {accepted} numbers took the exact path");
    }
}
